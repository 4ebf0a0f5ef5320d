"""Walking and summarising a glossary: the hierarchy as a tree, and counts for ``cxkg stats``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import SKOS

from .glossary import Glossary
from .model import Concept
from .namespaces import CX


def walk(glossary: Glossary, roots: list[Concept] | None = None,
         max_depth: int | None = None) -> Iterator[tuple[int, Concept]]:
    """Depth-first (depth, concept) pairs under ``roots`` (default: the glossary's roots).

    A concept reached twice (polyhierarchy) is listed under each parent; a cycle is cut where it
    closes, so the walk always ends.
    """
    def visit(concept: Concept, depth: int, path: frozenset[URIRef]) -> Iterator[tuple[int, Concept]]:
        yield depth, concept
        if max_depth is not None and depth >= max_depth:
            return
        for child in concept.narrower:
            if child not in path:
                yield from visit(glossary.concept(child), depth + 1, path | {child})

    for root in glossary.roots() if roots is None else roots:
        yield from visit(root, 0, frozenset({root.iri}))


@dataclass(frozen=True)
class Summary:
    """Counts that describe a glossary at a glance."""

    concepts: int
    triples: int
    schemes: int
    collections: int
    deprecated: int
    per_top_concept: dict[str, int]
    relations: dict[str, int]
    sources: dict[str, int]


_RELATIONS = {
    "broader": SKOS.broader, "narrower": SKOS.narrower, "related": SKOS.related,
    "prefLabel": SKOS.prefLabel, "altLabel": SKOS.altLabel, "acronym": CX.acronym,
    "definition": SKOS.definition, "scopeNote": SKOS.scopeNote, "exactMatch": SKOS.exactMatch,
    "closeMatch": SKOS.closeMatch,
}


def summarise(glossary: Glossary) -> Summary:
    """Concepts, triples, concepts under each top concept, relation counts and concepts per source."""
    graph = glossary.graph
    per_top = {top.label: sum(1 for _ in walk(glossary, [top])) - 1 for top in glossary.top_concepts}
    sources = Counter(glossary.label(source) for concept in glossary for source in concept.sources)
    return Summary(
        concepts=len(glossary),
        triples=len(graph),
        schemes=len(glossary.schemes),
        collections=len(set(graph.subjects(SKOS.member, None))),
        deprecated=len(glossary.deprecated),
        per_top_concept=per_top,
        relations={name: sum(1 for _ in graph.triples((None, prop, None))) for name, prop in _RELATIONS.items()},
        sources=dict(sources.most_common()),
    )


def source_labels(glossary: Glossary, concept: Concept) -> list[str]:
    """Titles of a concept's sources."""
    return [glossary.label(source) for source in concept.sources]


__all__ = ["Summary", "source_labels", "summarise", "walk"]
