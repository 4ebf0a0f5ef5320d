"""Graph-wide equivalents of the SHACL-SPARQL constraints in ``shapes/skos.ttl``, by rule id.

Each function yields exactly the rows its shape's SELECT returns for the given focus nodes; the
shapes file stays the source of names, messages, severities and targets, and the test suite proves
the rows equal pySHACL's on every fixture. Keep the two in step when either changes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Set

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from ..wellformed import ill_typed, reported_iri
from .index import HIERARCHY, HIERARCHY_ENTAILED, Index, Row, Rules

RULES = Rules()

LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
TEXTS = (*LABELS, SKOS.definition, SKOS.scopeNote, SKOS.note, SKOS.example, SKOS.historyNote,
         SKOS.editorialNote, SKOS.changeNote)
LINKS = (SKOS.broader, SKOS.narrower, SKOS.related, SKOS.broaderTransitive, SKOS.narrowerTransitive)
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
SEMANTIC = (SKOS.semanticRelation, *LINKS, SKOS.mappingRelation, *MAPPINGS)
#: the terms SKOS defines: capitalised names are classes, the rest properties
SKOS_NS = str(SKOS)
SKOS_CLASSES = frozenset(SKOS[name] for name in SKOS.__annotations__ if name[0].isupper())
SKOS_PROPERTIES = frozenset(SKOS[name] for name in SKOS.__annotations__ if not name[0].isupper())

PADDED = re.compile(r"^\s|\s$")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


# -- labels ------------------------------------------------------------------------------------
@RULES.check("ipl", "63043b4c9be5b45d")
def inconsistent_pref_labels(index: Index, focus: Set[Node]) -> Iterator[Row]:
    by_language: dict[tuple[Node, str], set[Literal]] = defaultdict(set)
    for s, o in index.pairs(SKOS.prefLabel):
        if s in focus and isinstance(o, Literal):
            by_language[s, o.language or ""].add(o)
    for (s, _), labels in by_language.items():
        if len(labels) > 1:
            yield from ((s, SKOS.prefLabel, label) for label in labels)


@RULES.check("dlv", "d11a74e8ab5d781b")
def disjoint_labels(index: Index, focus: Set[Node]) -> Iterator[Row]:
    graph = index.graph
    for s, o in index.pairs(SKOS.altLabel):
        if s in focus and (s, SKOS.prefLabel, o) in graph:
            yield s, SKOS.altLabel, o
    for s, o in index.pairs(SKOS.hiddenLabel):
        if s in focus and ((s, SKOS.prefLabel, o) in graph or (s, SKOS.altLabel, o) in graph):
            yield s, SKOS.hiddenLabel, o


@RULES.check("ol", "85eae63648ada4ad")
def overlapping_labels(index: Index, focus: Set[Node]) -> Iterator[Row]:
    sharing: dict[tuple[Node, str, str], set[Node]] = defaultdict(set)
    for s, o in index.pairs(SKOS.prefLabel):
        if isinstance(o, Literal) and s not in index.deprecated:
            for scheme in index.schemes.get(s, ()):
                sharing[scheme, o.language or "", str(o).lower()].add(s)
    for group in sharing.values():
        if len(group) > 1:
            yield from ((s, SKOS.prefLabel, other) for s in group & focus for other in group if other != s)


def _language(node: Node | None) -> str:
    return node.language or "" if isinstance(node, Literal) else ""


def _label_texts(index: Index, focus: Set[Node], properties: tuple[Node, ...]) -> Iterator[Row]:
    for prop in properties:
        for s, o in index.pairs(prop):
            if s in focus and isinstance(o, Literal):
                yield s, prop, o


@RULES.check("el", "cfdcdcf4a197535a")
def empty_labels(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return (row for row in _label_texts(index, focus, LABELS) if not str(row[2]) or PADDED.search(str(row[2])))


@RULES.check("ucil", "87ff65dcf11c76ca")
def unprintable_characters(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return (row for row in _label_texts(index, focus, LABELS) if CONTROL.search(str(row[2])))


@RULES.check("oilt", "d488bcd1233d1ddd")
def omitted_language_tags(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return (row for row in _label_texts(index, focus, TEXTS) if not _language(row[2]))


@RULES.check("ml", "ded8a51d5b428a37")
def missing_labels(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return ((s, None, None) for s in focus - index.subjects(SKOS.prefLabel))


@RULES.check("ilc", "dd370b1859e7890d")
def incomplete_language_coverage(index: Index, focus: Set[Node]) -> Iterator[Row]:
    languages: dict[Node, set[str]] = defaultdict(set)
    for s, o in index.pairs(SKOS.prefLabel):
        if isinstance(o, Literal):
            languages[s].add(o.language or "")
    used = {lang for s, langs in languages.items() if s in index.concepts for lang in langs} - {""}
    for s in focus - index.deprecated:
        yield from ((s, None, Literal(lang)) for lang in used - languages.get(s, set()))


# -- schemes and documentation -----------------------------------------------------------------
@RULES.check("mis", "b252b9aaed14b434")
def missing_in_scheme(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return ((s, None, None) for s in focus if s not in index.schemes)


@RULES.check("otc", "ef609321c0472060")
def omitted_top_concepts(index: Index, focus: Set[Node]) -> Iterator[Row]:
    with_top = index.subjects(SKOS.hasTopConcept) | index.objects(SKOS.topConceptOf)
    return ((s, None, None) for s in focus - with_top)


@RULES.check("uc", "9874597a2a95bb88")
def undocumented_concepts(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return ((s, None, None) for s in focus - index.subjects(SKOS.definition) - index.deprecated)


@RULES.check("dwr", "8519f322bba6cf79")
def deprecated_without_replacement(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return ((s, None, None) for s in (index.deprecated & focus) - index.subjects(DCTERMS.isReplacedBy))


@RULES.target("usr")
def undefined_skos_terms(index: Index) -> Set[Node]:
    properties = {p for p in index.graph.predicates(unique=True) if p not in SKOS_PROPERTIES}
    classes = index.objects(RDF.type) - SKOS_CLASSES
    return {term for term in properties | classes if str(term).startswith(SKOS_NS)}


@RULES.check("usr", "850142cc3504e4fd")
def undefined_skos_resources(index: Index, focus: Set[Node]) -> Iterator[Row]:
    for term in focus:
        yield from ((term, None, s) for s in set(index.graph.subjects(term, None)))
        yield from ((term, None, s) for s in set(index.graph.subjects(RDF.type, term)))


# -- semantic relations ------------------------------------------------------------------------
@RULES.check("S37", "ffe4b5c9af2a6646")
def used_as_concept(index: Index, focus: Set[Node]) -> Iterator[Row]:
    if not focus:
        return
    for prop in SEMANTIC:
        for s, o in index.pairs(prop):
            if s in focus:
                yield s, prop, o
            if o in focus:
                yield o, None, s
    yield from ((s, RDF.type, SKOS.Concept) for s in focus if (s, RDF.type, SKOS.Concept) in index.graph)


@RULES.check("dr", "da8f92d686e8f1b4")
def dangling_references(index: Index, focus: Set[Node]) -> Iterator[Row]:
    for prop in LINKS:
        yield from ((s, prop, o) for s, o in index.pairs(prop) if s in focus and o not in index.concepts)


@RULES.check("chr", "f906497b3a933cab")
def cyclic_hierarchical_relations(index: Index, focus: Set[Node]) -> Iterator[Row]:
    import networkx as nx

    hierarchy = nx.DiGraph((s, o) for s, parents in index.parents.items() for o in parents)
    component: dict[Node, int] = {}
    for number, members in enumerate(nx.strongly_connected_components(hierarchy)):
        component.update(dict.fromkeys(members, number))
    # an edge inside one strongly connected component, or a self-loop, lies on a cycle
    return ((s, None, o) for s in focus for o in index.parents.get(s, ()) if component[s] == component[o])


@RULES.check("rc", "61427838d39e05ca")
def relation_clashes(index: Index, focus: Set[Node]) -> Iterator[Row]:
    for prop in (SKOS.related, SKOS.relatedMatch):
        for s, o in index.pairs(prop):
            if s in focus and (o in index.reachable(HIERARCHY_ENTAILED, s)
                               or s in index.reachable(HIERARCHY_ENTAILED, o)):
                yield s, prop, o


@RULES.check("rrc", "e6cf78fcd0cadc29")
def reflexively_related(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return ((s, SKOS.related, o) for s, o in index.pairs(SKOS.related) if s in focus and s == o)


@RULES.check("urc", "cbb1530d6f8b3181")
def unidirectionally_related(index: Index, focus: Set[Node]) -> Iterator[Row]:
    graph = index.graph
    for prop, inverse in ((SKOS.broader, SKOS.narrower), (SKOS.narrower, SKOS.broader),
                          (SKOS.related, SKOS.related)):
        if inverse != prop and not index.pairs(inverse):
            continue  # the vocabulary does not materialise this direction at all
        yield from ((s, prop, o) for s, o in index.pairs(prop)
                    if s in focus and not isinstance(o, Literal) and (o, inverse, s) not in graph)


@RULES.check("hr", "5a19b6625fdeb5e6")
def hierarchical_redundancy(index: Index, focus: Set[Node]) -> Iterator[Row]:
    for s in focus:
        parents = index.parents.get(s, set())
        if len(parents) > 1:
            for parent in parents:
                if any(parent in index.reachable(HIERARCHY, other) for other in parents if other != parent):
                    yield s, None, parent


@RULES.check("oc", "551b1113aedaf202")
def orphan_concepts(index: Index, focus: Set[Node]) -> Iterator[Row]:
    linked: set[Node] = set(index.subjects(SKOS.topConceptOf) | index.objects(SKOS.hasTopConcept))
    for prop in (SKOS.broader, SKOS.narrower, SKOS.related):
        linked.update(index.subjects(prop), index.objects(prop))
    return ((s, None, None) for s in focus - linked - index.deprecated)


@RULES.check("tchbc", "886807c9a34fecc3")
def top_concepts_having_broader(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return ((s, None, o) for s in focus for o in index.parents.get(s, ()))


# -- mapping relations -------------------------------------------------------------------------
@RULES.check("mc", "e5123684f0b7d469")
def mapping_clashes(index: Index, focus: Set[Node]) -> Iterator[Row]:
    import networkx as nx

    exact = nx.Graph(index.pairs(SKOS.exactMatch))
    component: dict[Node, int] = {}
    for number, members in enumerate(nx.connected_components(exact)):
        component.update(dict.fromkeys(members, number))
    for prop in (SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch):
        for s, o in index.pairs(prop):
            if s in focus and s in component and component[s] == component.get(o):
                yield s, prop, o


@RULES.check("mri", "153d7aa9fd474797")
def mapping_relations_misuse(index: Index, focus: Set[Node]) -> Iterator[Row]:
    schemes = index.schemes
    for prop in MAPPINGS:
        for s, o in index.pairs(prop):
            if s in focus and schemes.get(s, set()) & schemes.get(o, set()):
                yield s, prop, o



# -- well-formed terms (the tests live in cxkg.wellformed, shared with the loader) ------------------------
@RULES.target("invalid-iri")
def iris_reported(index: Index) -> Set[Node]:
    return {iri for iri in index.terms.iris if reported_iri(iri)}


@RULES.check("invalid-iri", "3dd54ffddefc24c8")
def invalid_iris(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return ((iri, None, None) for iri in focus if reported_iri(str(iri)))


@RULES.target("ill-typed-literal")
def typed_literal_holders(index: Index) -> Set[Node]:
    return {s for s, _, _ in index.terms.typed_literals}


@RULES.check("ill-typed-literal", "c007a414125aa8d2")
def ill_typed_literals(index: Index, focus: Set[Node]) -> Iterator[Row]:
    return ((s, p, o) for s, p, o in index.terms.typed_literals if s in focus and ill_typed(o))
