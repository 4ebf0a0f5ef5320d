"""Walking and summarising a glossary: the hierarchy as a tree, and the figures of ``cxkg stats``.

The figures mean the same as the rows of the named query ``stats`` (``queries/stats.rq``), and the
test suite checks that both give the same numbers:

* ``concepts``, ``top_concepts``: concepts in use; ``deprecated``: concepts marked owl:deprecated;
* ``broader_links``: distinct (narrower, broader) pairs, whether stated as skos:broader, as
  skos:narrower or both; ``related_links``: distinct unordered skos:related pairs of two resources (a
  link stated both ways counts once; a concept related to itself is no link);
* ``pref_labels``, ``alt_labels``, ``acronyms``: distinct (concept, label) pairs, all languages,
  deprecated concepts included; ``definitions``: concepts with at least one skos:definition;
* ``per_top_concept``: distinct concepts in use below each top concept. A concept below two top
  concepts counts under both; ``below_several_tops`` says how many such concepts there are and
  ``below_no_top`` how many no top concept reaches, so the figures reconcile with ``concepts``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from .glossary import Glossary
from .hierarchy import Step, reach
from .model import Concept
from .namespaces import CX


def walk(glossary: Glossary, roots: list[Concept] | None = None, max_depth: int | None = None) -> Iterator[Step]:
    """The tree under ``roots`` (default: the glossary's roots), children in label order.

    A concept with several parents is shown in full under the first and as a ``repeated`` step
    under the others, so the walk costs the hierarchy's links, never its paths; cycles end.
    """
    start = None if roots is None else [c.iri for c in roots]
    return glossary.hierarchy.walk(start, max_depth, key=lambda iri: (glossary.label(iri).casefold(), iri))


@dataclass(frozen=True)
class Summary:
    """Counts that describe a glossary at a glance (see the module docstring for each figure)."""

    concepts: int
    deprecated: int
    triples: int
    schemes: int
    top_concepts: int
    collections: int
    broader_links: int
    related_links: int
    pref_labels: int
    alt_labels: int
    acronyms: int
    definitions: int
    sources: int
    per_top_concept: dict[str, int]
    below_several_tops: int
    below_no_top: int
    concepts_per_source: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dictionary."""
        return asdict(self)


def summarise(glossary: Glossary) -> Summary:
    """The figures of :class:`Summary`, each a count of distinct things."""
    graph, hierarchy = glossary.graph, glossary.hierarchy
    active = hierarchy.active
    tops = hierarchy.top_concepts & active
    below = {top: reach([top], hierarchy.children) & active - {top} for top in sorted(tops)}
    placed = Counter(node for nodes in below.values() for node in nodes)
    reached = set(placed) | set(below)
    per_top = {glossary.label(top): len(nodes) for top, nodes in
               sorted(below.items(), key=lambda item: (glossary.label(item[0]).casefold(), item[0]))}
    sources = Counter(glossary.label(source) for concept, source in set(graph.subject_objects(DCTERMS.source))
                      if concept in active and isinstance(source, URIRef))
    related = {frozenset(pair) for pair in graph.subject_objects(SKOS.related) if pair[0] != pair[1]}
    collections = {s for cls in (SKOS.Collection, SKOS.OrderedCollection) for s in graph.subjects(RDF.type, cls)}
    return Summary(
        concepts=len(active),
        deprecated=len(hierarchy.deprecated),
        triples=len(graph),
        schemes=len(set(graph.subjects(RDF.type, SKOS.ConceptScheme))),
        top_concepts=len(tops),
        collections=len(collections | set(graph.subjects(SKOS.member, None))),
        broader_links=len(set(graph.subject_objects(SKOS.broader))
                          | {(lower, upper) for upper, lower in graph.subject_objects(SKOS.narrower)}),
        related_links=len(related),
        pref_labels=_labelled(glossary, SKOS.prefLabel),
        alt_labels=_labelled(glossary, SKOS.altLabel),
        acronyms=_labelled(glossary, CX.acronym),
        definitions=len({s for s in graph.subjects(SKOS.definition, None) if s in hierarchy.concepts}),
        sources=len(set(graph.objects(None, DCTERMS.source))),
        per_top_concept=per_top,
        below_several_tops=sum(1 for count in placed.values() if count > 1),
        below_no_top=len(active - reached),
        concepts_per_source=dict(sorted(sources.items(), key=lambda item: (-item[1], item[0]))),
    )


def _labelled(glossary: Glossary, prop: Node) -> int:
    concepts = glossary.hierarchy.concepts
    return sum(1 for s, _ in set(glossary.graph.subject_objects(prop)) if s in concepts)


def source_labels(glossary: Glossary, concept: Concept) -> list[str]:
    """Titles of a concept's sources."""
    return [glossary.label(source) for source in concept.sources]


__all__ = ["Step", "Summary", "source_labels", "summarise", "walk"]
