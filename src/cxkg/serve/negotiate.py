"""Content negotiation: the document formats, picking one from ``Accept`` or ``?format=``, and the
RDF description of one resource."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef

from .describe import Triple, cbd, jsonld, ntriples, turtle


@dataclass(frozen=True)
class DocFormat:
    """A document format: URL suffix, media type and rdflib serializer (None for HTML)."""

    suffix: str
    media_type: str
    rdflib: str | None


HTML = DocFormat("html", "text/html", None)
DOC_FORMATS = (
    HTML,
    DocFormat("ttl", "text/turtle", "turtle"),
    DocFormat("jsonld", "application/ld+json", "json-ld"),
    DocFormat("nt", "application/n-triples", "nt"),
    DocFormat("rdf", "application/rdf+xml", "xml"),
)
BY_SUFFIX = {f.suffix: f for f in DOC_FORMATS}
#: names ``?format=`` accepts besides the suffixes
ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "json": "jsonld", "ntriples": "nt", "n-triples": "nt",
           "xml": "rdf", "rdfxml": "rdf", "rdf+xml": "rdf"}
ALIASES.update({f.media_type: f.suffix for f in DOC_FORMATS})


def accepted(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an ``Accept`` header with their q-values, best first (stable for ties)."""
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate((header or "*/*").split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((media.lower(), quality, position))
    ranges.sort(key=lambda item: (-item[1], item[2]))
    return [(media, quality) for media, quality, _ in ranges]


def choose(accept: str | None, offers: list[str]) -> str | None:
    """The offered media type the ``Accept`` header likes best; the first offer wins ties and ``*/*``.

    >>> choose("text/turtle;q=0.9, application/ld+json", ["text/html", "text/turtle", "application/ld+json"])
    'application/ld+json'
    >>> choose("image/png", ["text/html"]) is None
    True
    """
    best: tuple[float, int] | None = None
    chosen = None
    for media, quality in accepted(accept):
        if quality <= 0:
            continue
        for rank, offer in enumerate(offers):
            major = offer.split("/")[0]
            if media in (offer, "*/*", f"{major}/*"):
                score = (quality + (0.001 if media == offer else 0), -rank)
                if best is None or score > best:
                    best, chosen = score, offer
    return chosen


def doc_format(format_param: str | None, accept: str | None) -> DocFormat | None:
    """The document format ``?format=`` names, else the one ``Accept`` prefers; None if none fits."""
    if format_param:
        key = format_param.strip().lower()
        return BY_SUFFIX.get(ALIASES.get(key, key))
    media = choose(accept, [f.media_type for f in DOC_FORMATS])
    return next((f for f in DOC_FORMATS if f.media_type == media), None)


def describe(graph: Graph, iri: URIRef, fmt: DocFormat, triples: list[Triple] | None = None) -> str:
    """The concise bounded description of ``iri`` (its triples, blank nodes followed) in ``fmt``;
    ``triples`` is that description when the caller has it already."""
    triples = cbd(graph, iri) if triples is None else triples
    if fmt.suffix == "ttl":
        return turtle(triples, graph.namespaces())
    if fmt.suffix == "jsonld":
        return jsonld(triples, graph.namespaces())
    if fmt.suffix == "nt":
        return ntriples(triples)
    assert fmt.rdflib is not None
    description = Graph(bind_namespaces="none")
    for triple in triples:
        description.add(triple)
    for prefix, namespace in graph.namespaces():
        description.bind(prefix, namespace, override=False)
    return description.serialize(format=fmt.rdflib)
