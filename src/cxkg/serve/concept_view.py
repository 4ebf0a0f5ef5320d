"""Everything a concept page shows: labels with their languages, notes, links, mappings, facts,
the schema.org ``DefinedTerm`` for search engines, and a small neighbourhood graph."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS
from rdflib.term import Node

from ..model import Concept
from ..namespaces import CX
from .vocab import Vocabulary

LABELS = (("Preferred label", SKOS.prefLabel), ("Alternative label", SKOS.altLabel),
          ("Acronym", CX.acronym), ("Hidden label", SKOS.hiddenLabel))
NOTES = (("Definition", SKOS.definition), ("Scope note", SKOS.scopeNote), ("Note", SKOS.note),
         ("Example", SKOS.example), ("History note", SKOS.historyNote), ("Editorial note", SKOS.editorialNote),
         ("Change note", SKOS.changeNote))
MAPPINGS = (("Exact match", SKOS.exactMatch), ("Close match", SKOS.closeMatch), ("Broad match", SKOS.broadMatch),
            ("Narrow match", SKOS.narrowMatch), ("Related match", SKOS.relatedMatch), ("Same as", OWL.sameAs))
#: predicates the page shows in their own sections; every other one goes to "More facts"
SHOWN = frozenset({p for _, p in LABELS + NOTES + MAPPINGS} | {
    SKOS.notation, SKOS.broader, SKOS.narrower, SKOS.related, SKOS.inScheme, SKOS.topConceptOf,
    DCTERMS.source, DCTERMS.isReplacedBy, OWL.deprecated, RDF.type})


@dataclass(frozen=True)
class Value:
    """A value to show: text with its language, or a link (``iri``) with a label."""

    text: str
    lang: str | None = None
    iri: URIRef | None = None
    datatype: str | None = None


@dataclass(frozen=True)
class ConceptPage:
    """The concept page's content; every text is escaped by the template, never here."""

    concept: Concept
    labels: list[tuple[str, list[Value]]]
    notations: list[Value]
    notes: list[tuple[str, list[Value]]]
    hierarchy: list[tuple[str, list[Value]]]
    mappings: list[tuple[str, list[Value]]]
    facts: list[tuple[str, list[Value]]]
    types: list[Value]
    schemes: list[Value]
    replaced_by: list[Value]
    sources: list[Value]
    collections: list[Value]


def concept_page(vocab: Vocabulary, iri: URIRef) -> ConceptPage:
    """Gather the page of the concept ``iri`` (deprecated concepts included)."""
    glossary, graph = vocab.glossary, vocab.glossary.graph
    concept = glossary.concept(iri)

    def values(prop: URIRef) -> list[Value]:
        return [_value(vocab, node) for node in _ordered(vocab, graph.objects(iri, prop))]

    def links(iris: tuple[URIRef, ...]) -> list[Value]:
        return [Value(vocab.label(i), iri=i) for i in iris]

    labels = [(name, found) for name, prop in LABELS if (found := values(prop))]
    notes = [(name, found) for name, prop in NOTES if (found := values(prop))]
    mappings = [(name, found) for name, prop in MAPPINGS if (found := values(prop))]
    hierarchy = [(name, links(found)) for name, found in (
        ("Broader", concept.broader), ("Narrower", concept.narrower), ("Related", concept.related)) if found]
    others = sorted({p for p in graph.predicates(iri, None) if p not in SHOWN and isinstance(p, URIRef)},
                    key=lambda p: vocab.label(p).casefold())
    facts = [(vocab.label(p), values(p)) for p in others]
    return ConceptPage(
        concept=concept, labels=labels, notations=values(SKOS.notation), notes=notes, hierarchy=hierarchy,
        mappings=mappings, facts=facts, types=links(tuple(vocab.by_label(graph.objects(iri, RDF.type)))),
        schemes=links(vocab.by_label([*graph.objects(iri, SKOS.inScheme), *graph.objects(iri, SKOS.topConceptOf)])),
        replaced_by=links(concept.replaced_by), sources=links(concept.sources),
        collections=links(concept.collections),
    )


def resource_facts(vocab: Vocabulary, iri: URIRef) -> list[tuple[str, list[Value]]]:
    """Every property of any resource (a scheme, a collection, a source) with its values."""
    graph = vocab.glossary.graph
    predicates = sorted({p for p in graph.predicates(iri, None) if isinstance(p, URIRef)},
                        key=lambda p: vocab.label(p).casefold())
    return [(vocab.label(p), [_value(vocab, node) for node in _ordered(vocab, graph.objects(iri, p))])
            for p in predicates]


def defined_term(vocab: Vocabulary, page: ConceptPage, url: str) -> str:
    """schema.org ``DefinedTerm`` JSON-LD for the page, safe inside a ``<script>`` data block."""
    concept, scheme = page.concept, vocab.scheme
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "@id": str(concept.iri),
        "name": concept.label,
        "url": url,
    }
    if concept.definition:
        data["description"] = concept.definition
    if concept.acronyms:
        data["termCode"] = concept.acronyms[0]
    if concept.alt_labels or concept.acronyms[1:]:
        data["alternateName"] = [*concept.alt_labels, *concept.acronyms[1:]]
    if scheme.iri is not None:
        data["inDefinedTermSet"] = {"@type": "DefinedTermSet", "@id": str(scheme.iri), "name": scheme.title}
    return script_json(data)


def script_json(data: object) -> str:
    """JSON that cannot close a ``<script>`` element or open a comment, whatever the labels hold."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class GraphNode:
    """A node of the neighbourhood graph at (x, y); ``kind`` is self, broader, narrower or related."""

    iri: URIRef
    label: str
    kind: str
    x: float
    y: float
    anchor: str = "middle"


def neighbourhood(vocab: Vocabulary, concept: Concept, most: int = 6) -> tuple[list[GraphNode], int, int]:
    """The concept in the middle, broader above, narrower below, related on a ring: nodes, width, height."""
    width, height = 720, 360
    centre = GraphNode(concept.iri, concept.label, "self", width / 2, height / 2)
    nodes = [centre]

    def row(iris: tuple[URIRef, ...], kind: str, y: float) -> None:
        shown = iris[:most]
        for index, iri in enumerate(shown):
            x = width * (index + 1) / (len(shown) + 1)
            nodes.append(GraphNode(iri, vocab.label(iri), kind, x, y))

    row(concept.broader, "broader", 40)
    row(concept.narrower, "narrower", height - 40)
    related = concept.related[:most]
    for index, iri in enumerate(related):
        angle = math.pi * (index + 0.5) / max(len(related), 1) - math.pi / 2
        side = 1 if index % 2 == 0 else -1
        x = width / 2 + side * (120 + 40 * math.cos(angle))
        y = height / 2 + 100 * math.sin(angle)
        nodes.append(GraphNode(iri, vocab.label(iri), "related", x, y, "start" if side > 0 else "end"))
    return nodes, width, height


def _ordered(vocab: Vocabulary, nodes: object) -> list[Node]:
    """Values in a stable order: the display language first, then by language and text."""
    found = list(nodes)  # type: ignore[call-overload]
    return sorted(found, key=lambda n: (not isinstance(n, Literal) or n.language not in (vocab.lang, None),
                                        getattr(n, "language", None) or "", str(n).casefold()))


def _value(vocab: Vocabulary, node: Node) -> Value:
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype else None
        return Value(str(node), node.language, datatype=datatype)
    if isinstance(node, URIRef):
        return Value(vocab.label(node), iri=node)
    return Value(str(node))


__all__ = ["ConceptPage", "GraphNode", "Value", "concept_page", "defined_term", "neighbourhood",
           "resource_facts", "script_json"]
