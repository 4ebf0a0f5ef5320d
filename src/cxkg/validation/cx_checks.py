"""Graph-wide equivalents of the SHACL-SPARQL constraints in ``shapes/cx.ttl``, by rule id.

As in :mod:`.skos_checks`, each function yields the rows of its shape's SELECT for the given focus
nodes; metadata lives in the shapes file and the test suite proves equality with pySHACL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Set

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS
from rdflib.term import Node

from ..namespaces import CX, SCHEMA
from .index import Index, Row, Rules

RULES = Rules()

#: required scheme metadata: (property reported as path, alternative that also satisfies it)
SCHEME_METADATA = ((DCTERMS.title, SKOS.prefLabel), (DCTERMS.description, SKOS.definition),
                   (DCTERMS.created, DCTERMS.created), (DCTERMS.modified, DCTERMS.modified),
                   (DCTERMS.license, DCTERMS.license), (DCTERMS.creator, DCTERMS.creator),
                   (DCTERMS.publisher, DCTERMS.publisher), (OWL.versionInfo, SCHEMA.version))


def _english(node: Node) -> bool:
    """SPARQL ``LANGMATCHES(LANG(node), "en")``."""
    return isinstance(node, Literal) and (node.language or "").lower().split("-")[0] == "en"


@RULES.check("cx-definition", "f99ae954efc73a27")
def one_english_definition(index: Index, focus: Set[Node]) -> Iterator[Row]:
    english: dict[Node, set[Node]] = defaultdict(set)
    for s, o in index.pairs(SKOS.definition):
        if s in focus and _english(o):
            english[s].add(o)
    for s in focus - index.deprecated:
        definitions = english.get(s, set())
        if not definitions:
            yield s, SKOS.definition, None
        elif len(definitions) > 1:
            yield from ((s, SKOS.definition, d) for d in definitions)


@RULES.check("cx-source", "32660aa07e94fb86")
def sources(index: Index, focus: Set[Node]) -> Iterator[Row]:
    active = focus - index.deprecated
    yield from ((s, DCTERMS.source, None) for s in active - index.subjects(DCTERMS.source))
    yield from ((s, DCTERMS.source, o) for s, o in index.pairs(DCTERMS.source)
                if s in active and not isinstance(o, URIRef))


def _acronyms(index: Index, focus: Set[Node]) -> Iterator[tuple[Node, Node]]:
    return ((s, o) for s, o in index.pairs(CX.acronym) if s in focus)


@RULES.check("cx-acronym-label", "3b555afda13db1d9")
def acronym_not_pref_label(index: Index, focus: Set[Node]) -> Iterator[Row]:
    graph = index.graph
    for s, acronym in _acronyms(index, focus):
        if isinstance(acronym, Literal):
            labels = {str(label).lower() for label in graph.objects(s, SKOS.prefLabel) if isinstance(label, Literal)}
            if str(acronym).lower() in labels:
                yield s, CX.acronym, acronym


@RULES.check("cx-acronym-alt", "bf027d19d0a3c187")
def acronym_as_alt_label(index: Index, focus: Set[Node]) -> Iterator[Row]:
    graph = index.graph
    return ((s, CX.acronym, a) for s, a in _acronyms(index, focus) if (s, SKOS.altLabel, a) not in graph)


@RULES.check("cx-acronym-unique", "82b8106cb6e2e2ad")
def acronym_unique(index: Index, focus: Set[Node]) -> Iterator[Row]:
    naming: dict[str, set[tuple[Node, Node]]] = defaultdict(set)
    for s, acronym in index.pairs(CX.acronym):
        if isinstance(acronym, Literal) and s not in index.deprecated:
            naming[str(acronym).lower()].add((s, acronym))
    for group in naming.values():
        if len({s for s, _ in group}) > 1:
            yield from ((s, CX.acronym, acronym) for s, acronym in group if s in focus)


@RULES.check("cx-member", "1ecd73b649fdd418")
def collection_members(index: Index, focus: Set[Node]) -> Iterator[Row]:
    collections = index.graph.subjects(RDF.type, SKOS.Collection)
    accepted = set(collections) | {c for c in index.concepts if c in index.schemes}
    return ((s, SKOS.member, o) for s, o in index.pairs(SKOS.member) if s in focus and o not in accepted)


@RULES.check("cx-scheme-meta", "dcabef005d2d7d8e")
def scheme_metadata(index: Index, focus: Set[Node]) -> Iterator[Row]:
    for s in focus:
        for prop, alternative in SCHEME_METADATA:
            if s not in index.subjects(prop) and s not in index.subjects(alternative):
                yield s, prop, None
