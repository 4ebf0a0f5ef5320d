"""Reading every literal value of one property fast, for the indexes that need tens of thousands of them.

rdflib's API costs several microseconds a triple (its Memory store looks up each triple's graphs, and
an Oxigraph store builds an rdflib term for every value). :func:`literal_values` reads the texts
straight from the store's own index where it can, and through the API otherwise, with the same answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from .oxstore import from_ox, to_ox


def literal_values(graph: Graph, predicate: URIRef) -> Iterator[tuple[Node, str, str | None]]:
    """(subject, text, language) for every literal value of ``predicate`` in ``graph``, on any store."""
    store = graph.store
    inner = getattr(store, "_inner", None)
    if isinstance(inner, ox.Store):
        return _from_oxigraph(inner, graph, predicate)
    index = _memory_index(graph)
    if index is not None:
        return ((s, str(o), o.language) for o, subjects in index.get(predicate, {}).items() if isinstance(o, Literal)
                for s in subjects)
    return ((s, str(o), o.language) for s, o in graph.subject_objects(predicate) if isinstance(o, Literal))


def _memory_index(graph: Graph) -> dict[Any, dict[Any, Any]] | None:
    """rdflib's Memory store index predicate -> object -> subjects, when ``graph`` is all the store holds."""
    store = graph.store
    if type(store) is not Memory:
        return None
    index = getattr(store, "_Memory__pos", None)  # private: should rdflib rename it, the API is used instead
    contexts = list(store.contexts())
    if not isinstance(index, dict) or [c.identifier for c in contexts] not in ([], [graph.identifier]):
        return None
    return index


def _from_oxigraph(store: ox.Store, graph: Graph, predicate: URIRef) -> Iterator[tuple[Node, str, str | None]]:
    iris: dict[str, URIRef] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, to_ox(graph.identifier)):
        value, subject = quad.object, quad.subject
        if isinstance(value, ox.Literal):
            if isinstance(subject, ox.NamedNode):
                node = iris.get(subject.value)
                if node is None:
                    node = iris[subject.value] = URIRef(subject.value)
                yield node, value.value, value.language
            else:
                yield from_ox(subject), value.value, value.language
