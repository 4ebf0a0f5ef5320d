"""Oxigraph's own SPARQL engine for a glossary whose graph lives on an oxrdflib/pyoxigraph store.

rdflib would evaluate a query over such a store triple by triple through Python; the query text
goes to pyoxigraph instead, and its answer comes back as the same :class:`QueryResult`.
"""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Identifier

from ..oxstore import from_ox
from .results import QueryResult


def _store(graph: Graph) -> Any:
    """The pyoxigraph Store under ``graph``, or None."""
    if type(graph.store).__name__ != "OxigraphStore":
        return None
    return graph.store._inner  # type: ignore[attr-defined]


def supports(graph: Graph) -> bool:
    """Whether ``graph`` is held in a pyoxigraph store that can answer SPARQL itself."""
    return _store(graph) is not None


def evaluate(graph: Graph, text: str, kind: str, limit: int) -> QueryResult:
    """Run query ``text`` (of form ``kind``) on Oxigraph over ``graph``'s triples; SELECT rows stop at
    ``limit`` (0: all)."""
    import pyoxigraph as ox

    if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
        scope: dict[str, Any] = {}
    elif isinstance(graph.identifier, BNode):
        scope = {"default_graph": ox.BlankNode(str(graph.identifier))}
    else:
        scope = {"default_graph": ox.NamedNode(str(graph.identifier))}
    answer = _store(graph).query(text, **scope)
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ASK", ask=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        result = Graph()
        for triple in answer:
            result.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return QueryResult(kind, graph=result)
    names = tuple(variable.value for variable in answer.variables)
    rows: list[tuple[Identifier | None, ...]] = []
    for solution in answer:
        if 0 < limit <= len(rows):
            return QueryResult("SELECT", names, tuple(rows), truncated=True)
        rows.append(tuple(map(from_ox, solution)))  # plain literals without xsd:string, as rdflib
    return QueryResult("SELECT", names, tuple(rows))
