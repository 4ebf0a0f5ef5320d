"""Running SPARQL on a glossary: parse once, refuse what is unsafe, bind typed terms, enforce limits.

Queries are read-only and offline: SPARQL Update, SERVICE and LOAD are refused after parsing and
before anything runs, unless explicitly allowed; FROM / FROM NAMED are always refused (rdflib would
fetch the named graphs).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pyparsing import ParseException
from rdflib import Graph, URIRef
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query, Update
from rdflib.term import Identifier

from ..errors import QueryError
from .catalog import named_query
from .params import adhoc_term, bind_declared
from .results import QueryResult

if TYPE_CHECKING:
    from ..glossary import Glossary

#: default row limit of ad-hoc queries
ROW_LIMIT = 10_000
#: default time limit of ad-hoc queries, in seconds
TIME_LIMIT = 30.0


def run_named(glossary: Glossary, name: str, params: Mapping[str, Any] | None = None, *,
              limit: int = 0, timeout: float = 0) -> QueryResult:
    """Run a named query (or a ``.rq`` file) with parameters checked against its header.

    ``limit`` caps the rows and ``timeout`` the seconds (0: no limit, the default: named queries
    are curated, and whole-vocabulary ones take seconds on large vocabularies).
    """
    query = named_query(name)
    prepared = _prepare(query.text, None, str(query.path))
    _check_safety(prepared, allow_update=False, allow_service=False)
    return _execute(glossary.graph, prepared, bind_declared(glossary, query, params or {}), limit, timeout)


def run_sparql(glossary: Glossary, sparql: str, bindings: Mapping[str, Any] | None = None, *,
               limit: int | None = None, timeout: float | None = None,
               allow_update: bool = False, allow_service: bool = False) -> QueryResult:
    """Run SPARQL text on ``glossary``; ``bindings`` map variable names to values bound as terms.

    The glossary's prefixes are predeclared. ``limit`` caps the rows (None: :data:`ROW_LIMIT`,
    0: none) and marks the result ``truncated``; past ``timeout`` seconds (None: :data:`TIME_LIMIT`,
    0: none) it raises :class:`QueryError`. SPARQL Update runs only with ``allow_update``, SERVICE
    and LOAD only with ``allow_service``; after an update the glossary's caches are refreshed.
    """
    prepared = _prepare(sparql, tuple(glossary.graph.namespaces()))
    _check_safety(prepared, allow_update, allow_service)
    terms = {name: adhoc_term(sparql, name, value) for name, value in (bindings or {}).items()}
    result = _execute(glossary.graph, prepared, terms, ROW_LIMIT if limit is None else limit, timeout)
    if isinstance(prepared, Update):
        glossary.refresh()
    return result


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


@lru_cache(maxsize=256)
def _prepare(sparql: str, namespaces: tuple[tuple[str, URIRef], ...] | None,
             where: str = "query") -> Query | Update:
    """Parse and translate once: a Query, or an Update (refused later unless allowed)."""
    init = dict(namespaces) if namespaces else None
    try:
        return translateQuery(parseQuery(sparql), initNs=init)
    except ParseException as query_error:
        try:
            update = translateUpdate(parseUpdate(sparql), initNs=init)
        except ParseException as update_error:
            raise QueryError(_syntax(where, max(query_error, update_error, key=lambda e: e.loc))) from None
        except Exception as exc:  # rdflib raises plain Exceptions, e.g. for an unknown prefix
            raise QueryError(f"{where}: invalid SPARQL Update: {exc}") from None
        if not isinstance(update, Update) or not update.algebra:  # only comments: not a query
            raise QueryError(_syntax(where, query_error)) from None
        return update
    except Exception as exc:
        raise QueryError(f"{where}: invalid SPARQL: {exc}") from None


def _syntax(where: str, error: ParseException) -> str:
    """One line: where, line and column, and what the parser expected."""
    reason = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)\s*$", "", str(error)).splitlines()[0]
    return f"{where}: malformed SPARQL at line {error.lineno}, column {error.col}: {reason[:200]}"


def _check_safety(prepared: Query | Update, allow_update: bool, allow_service: bool) -> None:
    """Refuse updates, remote calls and dataset loading before anything runs."""
    if isinstance(prepared, Update):
        if not allow_update:
            operations = ", ".join(dict.fromkeys(operation.name for operation in prepared.algebra))
            raise QueryError(f"refused: this is a SPARQL Update ({operations}) and queries are read-only "
                             "(the API runs updates with allow_update=True)")
        if not allow_service and (_uses(prepared.algebra, "Load") or _uses(prepared.algebra, "ServiceGraphPattern")):
            raise QueryError("refused: LOAD and SERVICE reach the network (the API allows them with "
                             "allow_service=True)")
        return
    if prepared.algebra.get("datasetClause"):
        raise QueryError("refused: FROM / FROM NAMED would load other graphs; queries run on the glossary only")
    if not allow_service and _uses(prepared.algebra, "ServiceGraphPattern"):
        raise QueryError("refused: SERVICE calls a remote endpoint (the API allows it with allow_service=True)")


def _uses(node: object, name: str) -> bool:
    """Whether the parsed algebra holds an operation called ``name`` anywhere."""
    if isinstance(node, CompValue):
        return node.name == name or any(_uses(value, name) for value in dict.values(node))
    if isinstance(node, list | tuple):
        return any(_uses(value, name) for value in node)
    return False


class _TimedGraph(Graph):
    """The same triples as ``graph``, read against a clock: reading past the deadline raises."""

    def __init__(self, graph: Graph, seconds: float) -> None:
        super().__init__(store=graph.store, identifier=graph.identifier,
                         namespace_manager=graph.namespace_manager)
        self._seconds = seconds
        self._deadline = time.monotonic() + seconds

    def triples(self, triple: Any) -> Iterator[Any]:  # type: ignore[override]
        for count, found in enumerate(super().triples(triple)):
            if not count & 255 and time.monotonic() > self._deadline:
                raise QueryError(f"the query ran past its time limit of {self._seconds:g} s "
                                 "(raise it with --timeout or timeout=)")
            yield found


def _execute(graph: Graph, prepared: Query | Update, bindings: dict[str, Identifier],
             limit: int, timeout: float | None) -> QueryResult:
    seconds = TIME_LIMIT if timeout is None else timeout
    try:
        if isinstance(prepared, Update):
            graph.update(prepared, initBindings=bindings)
            return QueryResult("UPDATE")
        result = (_TimedGraph(graph, seconds) if seconds > 0 else graph).query(prepared, initBindings=bindings)
        if result.type == "ASK":
            return QueryResult("ASK", ask=bool(result.askAnswer))
        if result.graph is not None:  # CONSTRUCT, DESCRIBE
            for prefix, namespace in graph.namespaces():
                result.graph.bind(prefix, namespace, override=False)
            return QueryResult(result.type, graph=result.graph)
        rows: list[tuple[Any, ...]] = []
        for row in result:
            if 0 < limit <= len(rows):
                return QueryResult("SELECT", tuple(map(str, result.vars or ())), tuple(rows), truncated=True,
                                   namespaces=graph.namespace_manager)
            rows.append(tuple(row))  # type: ignore[arg-type]
        return QueryResult("SELECT", tuple(map(str, result.vars or ())), tuple(rows),
                           namespaces=graph.namespace_manager)
    except QueryError:
        raise
    except Exception as exc:  # rdflib signals bad queries with many exception types
        raise QueryError(f"the query failed: {type(exc).__name__}: {exc}") from None
