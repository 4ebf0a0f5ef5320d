"""Lookups saved inside a persistent store, so opening it answers ``cxkg show LABEL`` in a few index reads.

``cxkg load FILE --store oxigraph:DIR`` writes, in the named graph :data:`LOOKUP_GRAPH`, every
concept's label keys (the normalised, space-free form :meth:`cxkg.search.LabelIndex.lookup` matches
on: ``"Omni-Channel Touchpoints"`` is saved as ``omnichanneltouchpoint``) and the vocabulary's default
language. Queries on the store's default graph never see them. A store filled by another tool has
none, and a glossary on it builds its label index as it does for a file.

The keys are a shortcut, not the truth: the glossary re-reads each concept they name before it
answers, so a label changed since by another writer is not matched by its old key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .search import KINDS, compact, normalise
from .stores import oxigraph_of

#: the named graph holding the saved lookups
LOOKUP_GRAPH = ox.NamedNode("urn:x-cxkg:lookup")
_KEY = {kind: ox.NamedNode(f"urn:x-cxkg:label-key:{kind}") for kind in KINDS}
_KIND = {node.value: kind for kind, node in _KEY.items()}
_DEFAULT_LANGUAGE = ox.NamedNode("urn:x-cxkg:default-language")


def label_key(text: str) -> str:
    """The key a label is saved and looked up under (empty for a label of no letters or digits)."""
    return compact(normalise(text))


def lookup_quads(labels: Iterable[tuple[URIRef, str, str]], default_language: str | None) -> list[ox.Quad]:
    """The quads that save (concept, kind, label text) triples and the default language (``""``: none)."""
    quads = [ox.Quad(LOOKUP_GRAPH, _DEFAULT_LANGUAGE, ox.Literal(default_language or ""), LOOKUP_GRAPH)]
    keys = {(iri, kind, key) for iri, kind, text in labels if (key := label_key(text))}
    quads += [ox.Quad(ox.NamedNode(iri), _KEY[kind], ox.Literal(key), LOOKUP_GRAPH) for iri, kind, key in keys]
    return quads


@dataclass(frozen=True)
class SavedLookup:
    """The lookups saved in one store."""

    store: ox.Store
    default_language: str | None

    def lookup(self, key: str) -> dict[URIRef, str]:
        """Concepts with a label saved under ``key`` (see :func:`label_key`), each with its best kind (as
        ``LabelIndex.lookup``)."""
        found: dict[URIRef, str] = {}
        if not key:
            return found
        for quad in self.store.quads_for_pattern(None, None, ox.Literal(key), LOOKUP_GRAPH):
            kind = _KIND.get(quad.predicate.value)
            if kind is None or not isinstance(quad.subject, ox.NamedNode):
                continue
            iri = URIRef(quad.subject.value)
            known = found.get(iri)
            if known is None or KINDS.index(kind) < KINDS.index(known):
                found[iri] = kind
        return found


def saved_lookup(graph: Graph) -> SavedLookup | None:
    """The lookups saved with ``graph``'s store, or None when it has none (another store, or another tool's)."""
    store = oxigraph_of(graph)
    if store is None:
        return None
    for quad in store.quads_for_pattern(LOOKUP_GRAPH, _DEFAULT_LANGUAGE, None, LOOKUP_GRAPH):
        return SavedLookup(store, getattr(quad.object, "value", "") or None)
    return None
