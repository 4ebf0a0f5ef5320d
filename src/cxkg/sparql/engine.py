"""Running SPARQL on a glossary: refuse what is unsafe, bind typed terms in text, enforce limits.

Every query runs as standalone SPARQL 1.1 text (:func:`named_text`, :func:`adhoc_text`): the
default prefixes it uses are declared and its parameters are bound in one VALUES block, so what
``--show-sparql`` prints is exactly what runs. The text goes to the graph's own engine: Oxigraph's
when the glossary lives on an Oxigraph store, rdflib's otherwise. Each call parses its own text,
so no evaluation state is shared between threads.

Queries are read-only and offline: SPARQL Update, SERVICE and LOAD are refused before anything
runs, unless explicitly allowed; FROM / FROM NAMED are always refused (rdflib would fetch the
named graphs). Time and memory limits hold because a limited query runs in a worker process that
is stopped at the limit (:mod:`.worker`).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from pyparsing import ParseException
from rdflib import Graph, URIRef
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query, Update

from ..errors import QueryError
from ..sparql_parser import parse_query, parse_update
from . import oxigraph, worker
from .catalog import NamedQuery, catalog, named_query
from .params import adhoc_term, bind_declared
from .results import QueryResult
from .text import bind, with_prefixes

if TYPE_CHECKING:
    from ..glossary import Glossary

#: default row limit of ad-hoc queries and query files
ROW_LIMIT = 10_000
#: default time limit of ad-hoc queries and query files, in seconds
TIME_LIMIT = 30.0
#: default memory limit of ad-hoc queries and query files: megabytes a query may add to the process
MEMORY_LIMIT = 1024

_local = threading.local()


@dataclass(frozen=True)
class Limits:
    """Most rows, seconds and megabytes a query may take; 0 means no limit."""

    rows: int = 0
    seconds: float = 0
    megabytes: int = 0


def limits(limit: Any = None, timeout: Any = None, memory: Any = None, *, curated: bool = False) -> Limits:
    """Checked limits: None takes the default (none for curated named queries), 0 lifts a limit,
    negative, NaN, infinite or non-numeric values are refused."""
    defaults = Limits() if curated else Limits(ROW_LIMIT, TIME_LIMIT, MEMORY_LIMIT)
    return Limits(_cap("limit", limit, defaults.rows, int), _cap("timeout", timeout, defaults.seconds, float),
                  _cap("memory", memory, defaults.megabytes, int))


def _cap(name: str, value: Any, default: Any, kind: type) -> Any:
    if value is None:
        return default
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or value < 0 or (kind is int and value != int(value)):
        expected = "a whole number" if kind is int else "a number of seconds"
        raise QueryError(f"{name} must be {expected}, 0 or more (0: no limit); got {value!r}")
    return kind(value)


def named_text(glossary: Glossary, name: str, params: Mapping[str, Any] | None = None) -> str:
    """The standalone SPARQL text a named query (or ``.rq`` file) runs as with ``params``."""
    query = named_query(name)
    return _standalone(glossary, query.text, bind_declared(glossary, query, params or {}))


def adhoc_text(glossary: Glossary, sparql: str, bindings: Mapping[str, Any] | None = None) -> str:
    """The standalone SPARQL text of ad-hoc ``sparql`` with ``bindings`` bound as terms."""
    terms = {name: adhoc_term(sparql, name, value) for name, value in (bindings or {}).items()}
    return _standalone(glossary, sparql, terms)


def _standalone(glossary: Glossary, sparql: str, terms: Mapping[str, Any]) -> str:
    return bind(with_prefixes(sparql, glossary.graph.namespaces()), terms)


def run_named(glossary: Glossary, name: str, params: Mapping[str, Any] | None = None, *,
              limit: Any = None, timeout: Any = None, memory: Any = None) -> QueryResult:
    """Run a named query (or a ``.rq`` file) with parameters checked against its header.

    ``limit`` caps the rows (marking the result ``truncated``), ``timeout`` the seconds and
    ``memory`` the megabytes; 0 lifts a cap. By default the bundled queries, which are curated,
    run without caps, and a ``.rq`` file gets the caps of ad-hoc queries (:data:`ROW_LIMIT`,
    :data:`TIME_LIMIT`, :data:`MEMORY_LIMIT`).
    """
    query = named_query(name)
    caps = limits(limit, timeout, memory, curated=_bundled(query))
    kind = _inspect(glossary, query.text, str(query.path), False, False)
    text = _standalone(glossary, query.text, bind_declared(glossary, query, params or {}))
    return _execute(glossary, text, kind, caps)


def run_sparql(glossary: Glossary, sparql: str, bindings: Mapping[str, Any] | None = None, *,
               limit: Any = None, timeout: Any = None, memory: Any = None,
               allow_update: bool = False, allow_service: bool = False) -> QueryResult:
    """Run SPARQL text on ``glossary``; ``bindings`` map variable names to values bound as terms.

    The glossary's prefixes are predeclared. ``limit`` caps the rows (default :data:`ROW_LIMIT`)
    and marks the result ``truncated``; past ``timeout`` seconds (default :data:`TIME_LIMIT`) or
    ``memory`` megabytes (default :data:`MEMORY_LIMIT`) it raises :class:`QueryError`; 0 lifts a
    cap. SPARQL Update runs only with ``allow_update`` (in process, without time or memory caps),
    SERVICE and LOAD only with ``allow_service``; after an update the glossary's caches are refreshed.
    """
    if not isinstance(sparql, str):
        raise QueryError(f"a query is SPARQL text, not {type(sparql).__name__}")
    caps = limits(limit, timeout, memory)
    kind = _inspect(glossary, sparql, "query", allow_update, allow_service)
    text = adhoc_text(glossary, sparql, bindings)
    if kind != "UPDATE":
        return _execute(glossary, text, kind, caps)
    try:
        glossary.graph.update(text)
    except Exception as exc:  # rdflib signals failed updates with many exception types
        raise QueryError(f"the update failed: {type(exc).__name__}: {exc}") from None
    glossary.refresh()
    return QueryResult("UPDATE")


def path_to_root(glossary: Glossary, iri: URIRef) -> list[URIRef]:
    """``iri``, then the first broader concept (by label) at each step, up to a top concept.

    A concept already on the path is never taken again, so a cycle cannot loop.
    """
    tops = {concept.iri for concept in glossary.top_concepts}
    path = [iri]
    while path[-1] not in tops:
        rows = run_named(glossary, "broader", {"concept": path[-1]}).rows
        step = next((row[0] for row in rows if isinstance(row[0], URIRef) and row[0] not in path), None)
        if step is None:
            break
        path.append(step)
    return path


def _bundled(query: NamedQuery) -> bool:
    return any(query.path == bundled.path for bundled in catalog())


def _execute(glossary: Glossary, text: str, kind: str, caps: Limits) -> QueryResult:
    graph = glossary.graph
    # parsed here, never in a worker: a fork copies the parser's lock as another thread may hold it
    query: str | Query = text if oxigraph.supports(graph) else _prepared(text)
    evaluate = partial(_evaluate, graph, query, kind, caps.rows)
    if (caps.seconds or caps.megabytes) and worker.available():
        result = worker.run_limited(evaluate, caps.seconds, caps.megabytes)
    else:
        try:
            result = evaluate()
        except QueryError:
            raise
        except RecursionError:
            raise QueryError("the query is nested too deeply to evaluate") from None
        except Exception as exc:  # rdflib and pyoxigraph signal bad queries with many exception types
            raise QueryError(f"the query failed: {type(exc).__name__}: {exc}") from None
    if result.graph is not None:
        for prefix, namespace in graph.namespaces():
            result.graph.bind(prefix, namespace, override=False)
    return replace(result, namespaces=graph.namespace_manager)


def _evaluate(graph: Graph, query: str | Query, kind: str, limit: int) -> QueryResult:
    """Evaluate the query (text for Oxigraph, rdflib's algebra for rdflib) on the graph's own engine;
    SELECT rows stop at ``limit`` (0: all)."""
    if isinstance(query, str):
        return oxigraph.evaluate(graph, query, kind, limit)
    result = graph.query(query)
    if result.type == "ASK":
        return QueryResult("ASK", ask=bool(result.askAnswer))
    if result.graph is not None:  # CONSTRUCT, DESCRIBE
        return QueryResult(result.type, graph=result.graph)
    names = tuple(map(str, result.vars or ()))
    rows: list[tuple[Any, ...]] = []
    for row in result:
        if 0 < limit <= len(rows):
            return QueryResult("SELECT", names, tuple(rows), truncated=True)
        rows.append(tuple(row))  # type: ignore[arg-type]
    return QueryResult("SELECT", names, tuple(rows))


def _prepared(text: str) -> Query:
    """rdflib's algebra of ``text``, parsed once per thread: rdflib keeps evaluation state on it,
    so threads never share one."""
    cache: dict[str, Query] = _local.__dict__.setdefault("queries", {})
    if text not in cache:
        if len(cache) >= 64:
            del cache[next(iter(cache))]
        cache[text] = parse_query(text)
    return cache[text]


@lru_cache(maxsize=512)
def _kind(sparql: str, where: str, added: int) -> tuple[str, bool, bool, bool]:
    """Parse and translate once per text: (SELECT/ASK/CONSTRUCT/DESCRIBE/UPDATE, SERVICE used,
    LOAD used, FROM used). Only this immutable summary is cached, never rdflib's algebra. ``added``
    counts the PREFIX lines put before the user's text, left out of error positions."""
    try:
        query = parse_query(sparql)
    except ParseException as query_error:
        try:
            update = parse_update(sparql)
        except ParseException as update_error:
            raise QueryError(_syntax(where, max(query_error, update_error, key=lambda e: e.loc), added)) from None
        except Exception as exc:  # rdflib raises plain Exceptions, e.g. for an unknown prefix
            raise QueryError(f"{where}: invalid SPARQL Update: {exc}") from None
        if not isinstance(update, Update) or not update.algebra:  # only comments: not a query
            raise QueryError(_syntax(where, query_error, added)) from None
        operations = ", ".join(dict.fromkeys(operation.name for operation in update.algebra))
        return (f"UPDATE:{operations}", _uses(update.algebra, "ServiceGraphPattern"), _uses(update.algebra, "Load"),
                False)
    except RecursionError:
        raise QueryError(f"{where}: the query is nested too deeply to parse") from None
    except Exception as exc:
        raise QueryError(f"{where}: invalid SPARQL: {exc}") from None
    kind = query.algebra.name.removesuffix("Query").upper()
    return kind, _uses(query.algebra, "ServiceGraphPattern"), False, bool(query.algebra.get("datasetClause"))


def _inspect(glossary: Glossary, sparql: str, where: str, allow_update: bool, allow_service: bool) -> str:
    """The kind of ``sparql`` with the default prefixes (UPDATE for any update), once it is known to be
    safe to run."""
    text = with_prefixes(sparql, glossary.graph.namespaces())
    kind, service, load, dataset = _kind(text, where, text.count("\n") - sparql.count("\n"))
    if kind.startswith("UPDATE") and not allow_update:
        raise QueryError(f"refused: this is a SPARQL Update ({kind[7:]}) and queries are read-only "
                         "(the API runs updates with allow_update=True)")
    if dataset:
        raise QueryError("refused: FROM / FROM NAMED would load other graphs; queries run on the glossary only")
    if kind.startswith("UPDATE") and (service or load) and not allow_service:
        raise QueryError("refused: LOAD and SERVICE reach the network (the API allows them with "
                         "allow_service=True)")
    if service and not allow_service:
        raise QueryError("refused: SERVICE calls a remote endpoint (the API allows it with allow_service=True)")
    return "UPDATE" if kind.startswith("UPDATE") else kind


def _syntax(where: str, error: ParseException, added: int) -> str:
    """One line: where, line and column, and what the parser expected."""
    reason = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)\s*$", "", str(error)).splitlines()[0]
    return f"{where}: malformed SPARQL at line {max(error.lineno - added, 1)}, column {error.col}: {reason[:200]}"


def _uses(node: object, name: str) -> bool:
    """Whether the parsed algebra holds an operation called ``name`` anywhere."""
    if isinstance(node, CompValue):
        return node.name == name or any(_uses(value, name) for value in dict.values(node))
    if isinstance(node, list | tuple):
        return any(_uses(value, name) for value in node)
    return False
