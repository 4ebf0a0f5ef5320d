"""What a graph says about its resources: which are concepts, which are deprecated, what to call them.

Every module asks these three questions here, so a glossary, a validation report, an export and
the analytics always agree on them.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .terms import local_name, preferred_text

#: where a display label comes from, in order of preference
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title)


def concept_classes(graph: Graph) -> frozenset[URIRef]:
    """skos:Concept and every class the graph declares a (transitive) subclass of it."""
    classes = {SKOS.Concept}
    frontier = [SKOS.Concept]
    while frontier:
        for sub in graph.subjects(RDFS.subClassOf, frontier.pop()):
            if isinstance(sub, URIRef) and sub not in classes:
                classes.add(sub)
                frontier.append(sub)
    return frozenset(classes)


def concept_iris(graph: Graph) -> frozenset[URIRef]:
    """Every IRI typed skos:Concept or a subclass of it (deprecated concepts included)."""
    return frozenset(s for cls in concept_classes(graph) for s in graph.subjects(RDF.type, cls)
                     if isinstance(s, URIRef))


def is_deprecated(graph: Graph, node: Node) -> bool:
    """True when ``node`` has an ``owl:deprecated`` value whose text is ``true``.

    This is the test the SHACL shapes make (``STR(?d) = "true"``): ``true``, ``"true"^^xsd:boolean``
    and the plain string ``"true"`` all count.
    """
    return any(_true(value) for value in graph.objects(node, OWL.deprecated))


def deprecated_resources(graph: Graph) -> frozenset[Node]:
    """Every resource :func:`is_deprecated` holds for, in one pass."""
    return frozenset(s for s, value in graph.subject_objects(OWL.deprecated) if _true(value))


def _true(value: Node) -> bool:
    return isinstance(value, Literal) and str(value) == "true"


def label_of(graph: Graph, node: Node, lang: str) -> str | None:
    """The text a resource is labelled with: skos:prefLabel, else rdfs:label, else dct:title (each in
    ``lang`` as :func:`cxkg.terms.preferred_text` chooses); ``None`` when it has none."""
    for prop in LABEL_PROPERTIES:
        text = preferred_text(graph.objects(node, prop), lang)
        if text:
            return text
    return None


def display_label(graph: Graph, node: Node, lang: str) -> str:
    """What to call any resource: its :func:`label_of`, else a literal's text or an IRI's local name."""
    text = label_of(graph, node, lang)
    if text is not None:
        return text
    return str(node) if isinstance(node, Literal) else local_name(node)


__all__ = ["LABEL_PROPERTIES", "concept_classes", "concept_iris", "deprecated_resources", "display_label",
           "is_deprecated", "label_of"]
