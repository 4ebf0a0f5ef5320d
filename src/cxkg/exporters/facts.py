"""What a concept carries beyond the fields a target writes, and an exact account of what a target loses.

Targets that are not RDF (CSV, GraphML, tool formats) write some properties in dedicated fields
(``handled``); some also have a free key/value bag (``bag``) where every other property of a
concept can go. :func:`account` counts, triple by triple, what neither holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import replace
from weakref import WeakKeyDictionary

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from ..glossary import Glossary
from ..model import Concept
from ..terms import in_language
from . import Curies, stable_namespaces

_CURIES: WeakKeyDictionary[Glossary, Curies] = WeakKeyDictionary()
LINKS = frozenset({SKOS.broader, SKOS.narrower, SKOS.related})
SINGLE = frozenset({SKOS.prefLabel, SKOS.definition, SKOS.scopeNote})


def exported(glossary: Glossary) -> dict[URIRef, Concept]:
    """The concepts a non-RDF export writes, by IRI in IRI order: deprecated ones are left out, and
    so are links to them (:func:`account` counts those links)."""
    active = set(glossary.iris)

    def keep(links: tuple[URIRef, ...]) -> tuple[URIRef, ...]:
        return tuple(i for i in links if i in active)

    return {c.iri: replace(c, broader=keep(c.broader), narrower=keep(c.narrower), related=keep(c.related))
            for c in glossary}


def curies(glossary: Glossary) -> Curies:
    """CURIE maker for the glossary's bound prefixes (one per glossary, reused)."""
    if glossary not in _CURIES:
        _CURIES[glossary] = Curies((p, n) for p, n in stable_namespaces(glossary.graph) if p)
    return _CURIES[glossary]


def extra_facts(glossary: Glossary, iri: URIRef, handled: Collection[URIRef]) -> dict[str, list[str]]:
    """``{CURIE of predicate: values}`` for the predicates of ``iri`` not in ``handled``.

    Literals come in the glossary's language (or untagged), IRIs as CURIEs; blank nodes are left out.
    """
    shorten = curies(glossary).shorten
    by_predicate: dict[URIRef, list[Node]] = {}
    for predicate, obj in glossary.graph.predicate_objects(iri):
        if predicate not in handled and isinstance(predicate, URIRef) and predicate != RDF.type:
            by_predicate.setdefault(predicate, []).append(obj)
    facts: dict[str, list[str]] = {}
    for predicate, objects in sorted(by_predicate.items()):
        literals = in_language([o for o in objects if isinstance(o, Literal)], glossary.lang)
        values = [str(v) for v in literals] + sorted(shorten(o) for o in objects if isinstance(o, URIRef))
        if values:
            facts[shorten(predicate)] = values
    return facts


def account(glossary: Glossary, handled: Collection[URIRef], bag: bool = False, others: str = "") -> list[str]:
    """One line per kind of loss, with counts: what ``handled`` fields (and a ``bag``) cannot carry."""
    shorten = curies(glossary).shorten
    active = set(glossary.iris)
    lost: Counter[tuple[str, str]] = Counter()
    for iri in glossary.iris:
        by_predicate: dict[URIRef, list[Node]] = {}
        for predicate, obj in glossary.graph.predicate_objects(iri):
            by_predicate.setdefault(predicate, []).append(obj)  # type: ignore[arg-type]
        for predicate, objects in by_predicate.items():
            name = shorten(predicate)
            if predicate == RDF.type:
                dropped = [o for o in objects if o != SKOS.Concept]  # every concept is one; its subtypes are data
                if RDF.type not in handled and dropped:
                    lost[(name, "values not carried")] += len(dropped)
                continue
            if predicate not in handled and not bag:
                lost[(name, "values not carried")] += len(objects)
                continue
            literals = [o for o in objects if isinstance(o, Literal)]
            kept = in_language(literals, glossary.lang)
            if len(kept) < len(literals):
                lost[(name, f"values in languages other than {glossary.lang!r}")] += len(literals) - len(kept)
            if predicate in SINGLE and predicate in handled and len(kept) > 1:
                lost[(name, "values beyond the first (one per concept is kept)")] += len(kept) - 1
            if predicate in LINKS and predicate in handled:
                outside = [o for o in objects if not isinstance(o, Literal) and o not in active]
                if outside:
                    lost[(name, "links to resources that are not exported concepts")] += len(outside)
            elif predicate not in handled:
                blanks = sum(isinstance(o, BNode) for o in objects)
                if blanks:
                    lost[(name, "values that are blank nodes, not carried")] += blanks
    lines = [f"{name}: {count} {reason if count > 1 else _singular(reason)}"
             for (name, reason), count in sorted(lost.items())]
    if glossary.deprecated:
        lines.append(f"deprecated concepts: {len(glossary.deprecated)} left out")
    outside_triples = [s for s in glossary.graph.subjects() if s not in active]
    if outside_triples:
        resources = len(set(outside_triples))
        lines.append(f"other resources (schemes, collections, sources, schema): {len(outside_triples)} triples "
                     f"about {resources} resources not exported as such{others}")
    return lines


def _singular(reason: str) -> str:
    """``values not carried`` -> ``value not carried`` (the first word of each reason is the plural)."""
    first, _, rest = reason.partition(" ")
    return f"{first.removesuffix('s')} {rest}"
