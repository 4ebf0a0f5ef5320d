"""The cxkg namespaces and the prefixes bound on every graph cxkg builds."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/cxkg/"


class CX(DefinedNamespace):
    """Schema terms of the cx: namespace; a misspelt term raises AttributeError."""

    _NS = Namespace(BASE)
    _fail = True

    Metric: URIRef
    Tool: URIRef
    ExperienceType: URIRef
    Practice: URIRef
    acronym: URIRef
    measures: URIRef
    providesCapability: URIRef
    formula: URIRef
    unit: URIRef
    scale: URIRef
    higherIsBetter: URIRef
    sourcesDisagree: URIRef
    sourceFile: URIRef
    scheme: URIRef


CONCEPT = Namespace(BASE)
SOURCE = Namespace(BASE + "source/")
COLLECTION = Namespace(BASE + "collection/")
SCHEMA = Namespace("https://schema.org/")

PREFIXES: dict[str, Namespace] = {
    "cx": CONCEPT,
    "cxsrc": SOURCE,
    "cxcol": COLLECTION,
    "skos": Namespace(str(SKOS)),
    "dct": Namespace(str(DCTERMS)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "schema": SCHEMA,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind cxkg's prefixes on ``graph`` (keeping prefixes it already has) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=False, replace=False)
    return graph
