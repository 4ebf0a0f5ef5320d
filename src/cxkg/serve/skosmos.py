"""The most-used paths of Skosmos's REST API v1, so Skosmos clients and widgets work against cxkg.

Responses follow Skosmos's JSON-LD shapes (``@context``, ``uri``, ``results``, ``prefLabel``…); the
vocabulary id is the server's ``vocid`` (``cxkg`` by default).
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import SKOS
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import UnknownResource
from ..terms import local_name
from .errors import BadRequest
from .negotiate import DOC_FORMATS, HTML, choose, describe
from .state import json_response, server_of, view
from .vocab import Vocabulary

CONTEXT = {
    "skos": str(SKOS),
    "isothes": "http://purl.org/iso25964/skos-thes#",
    "onki": "http://schema.onki.fi/onki#",
    "skosmos": "http://purl.org/net/skosmos#",
    "uri": "@id",
    "type": "@type",
}
MEDIA = "application/ld+json"


def _vocab(request: Request) -> Vocabulary:
    vocab, _ = view(request)
    if request.path_params.get("vocid", vocab.vocid) != vocab.vocid:
        raise UnknownResource(f"no vocabulary {request.path_params['vocid']!r}; this server has {vocab.vocid!r}")
    return vocab


def _uri(request: Request, vocab: Vocabulary) -> URIRef:
    uri = request.query_params.get("uri", "").strip()
    if not uri:
        raise BadRequest("give the concept IRI: ?uri=")
    return vocab.glossary.resolve(uri)


def _context(vocab: Vocabulary, **extra: Any) -> dict[str, Any]:
    return {**CONTEXT, **extra, "@language": vocab.lang}


def _has_children(vocab: Vocabulary, iri: URIRef) -> bool:
    return any(child not in vocab.glossary.deprecated for child in vocab.glossary.concept(iri).narrower)


def vocabularies(request: Request) -> Response:
    """``/rest/v1/vocabularies``."""
    vocab, _ = view(request)
    return json_response({"@context": _context(vocab, vocabularies={"@id": "onki:hasVocabulary", "@container": "@list"},
                                               title="dct:title", id="onki:vocabularyIdentifier",
                                               dct="http://purl.org/dc/terms/"),
                          "uri": "", "vocabularies": [{"uri": vocab.vocid, "id": vocab.vocid,
                                                       "title": vocab.scheme.title}]}, media_type=MEDIA)


def vocabulary(request: Request) -> Response:
    """``/rest/v1/{vocid}/``: the vocabulary's id, title, languages and concept schemes."""
    vocab = _vocab(request)
    schemes = [{"uri": str(s), "label": vocab.label(s)} for s in vocab.scheme.schemes]
    return json_response({"@context": _context(vocab, title="dct:title", dct="http://purl.org/dc/terms/"),
                          "uri": "", "id": vocab.vocid, "title": vocab.scheme.title,
                          "defaultLanguage": vocab.lang, "languages": list(vocab.languages),
                          "conceptschemes": schemes}, media_type=MEDIA)


def search(request: Request) -> Response:
    """``/rest/v1/{vocid}/search?query=`` (and ``/rest/v1/search``); ``*`` wildcards are accepted."""
    vocab = _vocab(request)
    text = request.query_params.get("query", "").replace("*", " ").strip()
    if not text:
        raise BadRequest("give a search term: ?query=")
    try:
        most = int(request.query_params.get("maxhits", "100"))
    except ValueError:
        raise BadRequest("maxhits must be a whole number") from None
    results = []
    for hit in vocab.glossary.search(text, limit=max(1, min(most, 1000))):
        row: dict[str, Any] = {"uri": str(hit.iri), "type": ["skos:Concept"], "prefLabel": hit.label,
                               "lang": vocab.lang, "vocab": vocab.vocid, "localname": local_name(hit.iri)}
        if hit.matched and hit.matched != hit.label:
            row["altLabel" if hit.reason != "definition text" else "matchedText"] = hit.matched
        results.append(row)
    context = _context(vocab, results={"@id": "onki:results", "@container": "@list"},
                       prefLabel="skos:prefLabel", altLabel="skos:altLabel", hiddenLabel="skos:hiddenLabel")
    return json_response({"@context": context, "uri": "", "results": results}, media_type=MEDIA)


def data(request: Request) -> Response:
    """``/rest/v1/{vocid}/data?uri=&format=``: RDF of one concept, or of the whole vocabulary."""
    vocab = _vocab(request)
    offers = [f.media_type for f in DOC_FORMATS if f is not HTML]
    media = request.query_params.get("format") or choose(request.headers.get("accept"), offers) or offers[0]
    fmt = next((f for f in DOC_FORMATS if f.media_type == media and f is not HTML), None)
    if fmt is None:
        raise BadRequest(f"format must be one of {', '.join(offers)}")
    if request.query_params.get("uri"):
        text = describe(vocab.glossary.graph, _uri(request, vocab), fmt)
    else:
        text = vocab.glossary.graph.serialize(format=fmt.rdflib or "turtle")
    return Response(text, media_type=fmt.media_type)


def top_concepts(request: Request) -> Response:
    """``/rest/v1/{vocid}/topConcepts``."""
    vocab = _vocab(request)
    scheme = vocab.scheme.iri
    tops = [{"uri": str(c.iri), "label": c.label, "hasChildren": _has_children(vocab, c.iri),
             **({"topConceptOf": str(scheme)} if scheme else {})} for c in vocab.roots]
    context = _context(vocab, topconcepts="skos:hasTopConcept", label="skos:prefLabel",
                       hasChildren="skosmos:hasChildren")
    return json_response({"@context": context, "uri": str(scheme or ""), "topconcepts": tops}, media_type=MEDIA)


def children(request: Request) -> Response:
    """``/rest/v1/{vocid}/children?uri=``."""
    vocab = _vocab(request)
    iri = _uri(request, vocab)
    narrower = [{"uri": str(node.iri), "prefLabel": node.label, "hasChildren": node.child_count > 0}
                for node in vocab.children(iri)]
    context = _context(vocab, prefLabel="skos:prefLabel", narrower="skos:narrower",
                       hasChildren="skosmos:hasChildren")
    return json_response({"@context": context, "uri": str(iri), "narrower": narrower}, media_type=MEDIA)


def broader_transitive(request: Request) -> Response:
    """``/rest/v1/{vocid}/broaderTransitive?uri=``: the concept and everything above it."""
    vocab = _vocab(request)
    iri = _uri(request, vocab)
    glossary = vocab.glossary
    found: dict[str, Any] = {}
    frontier, seen = [iri], {iri}
    while frontier:  # breadth first; a cycle stops where it closes
        current = glossary.concept(frontier.pop(0))
        entry: dict[str, Any] = {"uri": str(current.iri), "prefLabel": current.label}
        if current.broader:
            entry["broader"] = [str(b) for b in current.broader]
        found[str(current.iri)] = entry
        for parent in current.broader:
            if parent not in seen:
                seen.add(parent)
                frontier.append(parent)
    context = _context(vocab, prefLabel="skos:prefLabel",
                       broader={"@id": "skos:broader", "@type": "@id"},
                       broaderTransitive={"@id": "skos:broaderTransitive", "@container": "@index"})
    return json_response({"@context": context, "uri": str(iri), "broaderTransitive": found}, media_type=MEDIA)


def label(request: Request) -> Response:
    """``/rest/v1/{vocid}/label?uri=``."""
    vocab = _vocab(request)
    iri = _uri(request, vocab)
    return json_response({"@context": _context(vocab, prefLabel="skos:prefLabel"), "uri": str(iri),
                          "prefLabel": vocab.label(iri)}, media_type=MEDIA)


def _global_search(request: Request) -> Response:
    vocid = request.query_params.get("vocab")
    if vocid and vocid.split()[0] != server_of(request).vocab.vocid:
        raise UnknownResource(f"no vocabulary {vocid!r}")
    return search(request)


routes = [
    Route("/rest/v1/vocabularies", vocabularies),
    Route("/rest/v1/search", _global_search),
    Route("/rest/v1/{vocid}/", vocabulary),
    Route("/rest/v1/{vocid}/search", search),
    Route("/rest/v1/{vocid}/data", data),
    Route("/rest/v1/{vocid}/topConcepts", top_concepts),
    Route("/rest/v1/{vocid}/children", children),
    Route("/rest/v1/{vocid}/broaderTransitive", broader_transitive),
    Route("/rest/v1/{vocid}/label", label),
]
