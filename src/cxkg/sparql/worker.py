"""Limits that hold: evaluate a query in a forked worker process that is killed at its deadline.

The worker inherits the loaded graph (fork shares it copy-on-write), caps its own address space
with ``RLIMIT_AS`` and sends the result back as JSON through a pipe, so no code can travel back.
A regular expression that backtracks forever, a cross product or a string that doubles with each
BIND ends at the time or memory limit instead of taking the process with it. Each call has its own
worker, so many threads may query at once.
"""

from __future__ import annotations

import json
import os
import select
import signal
import time
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ..errors import CxkgError, QueryError
from ..oxstore import literal, triples_from_ox
from .results import QueryResult

_MEMORY_EXIT = 70  # the worker's exit status when it ran out of memory


def available() -> bool:
    """Whether queries can run in a worker process (POSIX with fork)."""
    return hasattr(os, "fork")


def run_limited(evaluate: Callable[[], QueryResult], seconds: float, megabytes: int) -> QueryResult:
    """``evaluate()`` in a worker that may run ``seconds`` (0: no end) and grow by ``megabytes`` (0: any)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns
        os.close(read)
        _work(evaluate, write, megabytes)
    os.close(write)
    try:
        data = _read_all(read, seconds)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read)
        _, status = os.waitpid(pid, 0)
    if not data:
        if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) == _MEMORY_EXIT:
            raise QueryError(f"the query ran past its memory limit of {megabytes} MB "
                             "(raise it with --memory or memory=)")
        raise QueryError(f"the query's worker process failed (status {status})")
    return _decode(json.loads(data))


def _work(evaluate: Callable[[], QueryResult], write: int, megabytes: int) -> None:
    code = 0
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)  # an engine that runs out of memory may print a backtrace: not the user's business
        if megabytes:
            import resource

            with open("/proc/self/statm", encoding="ascii") as statm:
                size = os.sysconf("SC_PAGE_SIZE") * int(statm.read().split()[0])
            resource.setrlimit(resource.RLIMIT_AS, (size + megabytes * 2**20, resource.RLIM_INFINITY))
        try:
            payload: dict[str, Any] = {"result": _encode(evaluate())}
        except CxkgError as exc:
            payload = {"error": str(exc)}
        except MemoryError:
            raise
        except RecursionError:
            payload = {"error": "the query is nested too deeply to evaluate"}
        except Exception as exc:  # rdflib and pyoxigraph signal bad queries with many exception types
            payload = {"error": f"the query failed: {type(exc).__name__}: {exc}"}
        view = memoryview(json.dumps(payload).encode("utf-8"))
        while view:
            view = view[os.write(write, view):]
    except MemoryError:
        code = _MEMORY_EXIT
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _read_all(fd: int, seconds: float) -> bytes:
    """Everything the worker writes, or QueryError once ``seconds`` have passed (poll, not select:
    a server may hold more than 1,024 descriptors)."""
    deadline = time.monotonic() + seconds if seconds else None
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP)
    chunks: list[bytes] = []
    while True:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            raise QueryError(f"the query ran past its time limit of {seconds:g} s "
                             "(raise it with --timeout or timeout=)")
        if poller.poll(None if wait is None else max(1, int(wait * 1000))):
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _encode(result: QueryResult) -> dict[str, Any]:
    return {"type": result.type, "vars": result.vars, "ask": result.ask, "truncated": result.truncated,
            "rows": [[_term(term) for term in row] for row in result.rows],
            "graph": None if result.graph is None else result.graph.serialize(format="nt")}


def _term(term: Identifier | None) -> list[str] | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        return ["l", str(term), term.language or "", term.datatype or ""]
    return ["b" if isinstance(term, BNode) else "u", str(term)]


def _decode(payload: dict[str, Any]) -> QueryResult:
    if "error" in payload:
        raise QueryError(payload["error"])
    data = payload["result"]
    graph = None
    if data["graph"] is not None:  # read as the loader reads (ill-typed literals kept as written, no warnings)
        graph = Graph()
        triples = triples_from_ox(ox.parse(data["graph"].encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        graph.addN((*triple, graph) for triple in triples)
    return QueryResult(data["type"], tuple(data["vars"]), tuple(tuple(map(_identifier, row)) for row in data["rows"]),
                       ask=data["ask"], graph=graph, truncated=data["truncated"])


def _identifier(term: list[str] | None) -> Identifier | None:
    if term is None:
        return None
    if term[0] == "l":
        return literal(term[1], term[2] or None, term[3] or None)
    return BNode(term[1]) if term[0] == "b" else URIRef(term[1])
