"""The REST JSON API under ``/api`` (described in ``openapi.json``): concepts, search, hierarchy,
named queries, validation and export downloads, each a call to the public API."""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache
from importlib import resources
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..export import get_format
from ..model import Concept
from ..sparql import catalog, run_named
from .errors import BadRequest
from .sparql_http import respond
from .state import json_response, server_of, view

#: query-string keys that steer the API rather than naming a named query's parameter
CONTROL = frozenset({"format", "limit"})


@cache
def openapi() -> dict[str, Any]:
    """The OpenAPI description shipped in the package."""
    text = resources.files("cxkg.serve").joinpath("openapi.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _ref(request: Request) -> str:
    ref = request.query_params.get("ref") or request.query_params.get("uri")
    if not ref or not ref.strip():
        raise BadRequest("give the concept: ?ref= (IRI, CURIE, label or acronym) or ?uri=")
    return ref


def _brief(request: Request, concept: Concept) -> dict[str, Any]:
    _, links = view(request)
    return {"uri": str(concept.iri), "label": concept.label, "url": links.concept(concept.iri)}


def concept(request: Request) -> Response:
    """``/api/concept?ref=``: one concept, every field."""
    vocab, links = view(request)
    found = vocab.glossary.concept(_ref(request))
    return json_response({**asdict(found), "url": links.concept(found.iri)})


def search(request: Request) -> Response:
    """``/api/search?q=&limit=``: ranked hits with why each matched."""
    vocab, links = view(request)
    text = request.query_params.get("q", "")
    limit = _int(request.query_params.get("limit"), "limit", 10, 100)
    hits = vocab.glossary.search(text, limit=limit) if text.strip() else []
    return json_response({"query": text, "results": [
        {"uri": str(hit.iri), "label": hit.label, "reason": str(hit.reason), "matched": hit.matched,
         "score": hit.score, "url": links.concept(hit.iri)} for hit in hits]})


def children(request: Request) -> Response:
    """``/api/children?ref=``: the narrower concepts, each with its number of children."""
    vocab, links = view(request)
    iri = vocab.glossary.resolve(_ref(request))
    return json_response({"uri": str(iri), "children": [
        {"uri": str(node.iri), "label": node.label, "url": links.concept(node.iri), "children": node.child_count}
        for node in vocab.children(iri)]})


def ancestors(request: Request) -> Response:
    """``/api/ancestors?ref=``: every concept above."""
    vocab, _ = view(request)
    ref = _ref(request)
    found = vocab.glossary.ancestors(ref)
    return json_response({"uri": str(vocab.glossary.resolve(ref)), "concepts": [_brief(request, c) for c in found]})


def descendants(request: Request) -> Response:
    """``/api/descendants?ref=``: every concept below."""
    vocab, _ = view(request)
    ref = _ref(request)
    found = vocab.glossary.descendants(ref)
    return json_response({"uri": str(vocab.glossary.resolve(ref)), "concepts": [_brief(request, c) for c in found]})


def top_concepts(request: Request) -> Response:
    """``/api/top-concepts``: the roots of the hierarchy."""
    vocab, _ = view(request)
    return json_response({"concepts": [_brief(request, c) for c in vocab.roots]})


def queries(request: Request) -> Response:
    """``/api/queries``: the named queries with their parameters."""
    return json_response({"queries": [
        {"name": q.name, "description": q.description, "returns": list(q.returns),
         "parameters": [asdict(p) for p in q.parameters]} for q in catalog()]})


def run_query(request: Request) -> Response:
    """``/api/queries/{name}?PARAM=…&format=&limit=``: run a named query (W3C results formats)."""
    server = server_of(request)
    vocab, _ = view(request)
    params = {key: value for key, value in request.query_params.items() if key not in CONTROL}
    limit = _int(request.query_params.get("limit"), "limit", server.row_limit, server.row_limit)
    name = request.path_params["name"]
    result = run_named(vocab.glossary, name, params, limit=limit, timeout=server.timeout)
    response = respond(result, request.query_params.get("format"), request.headers.get("accept"))
    if request.query_params.get("format"):
        suffix = request.query_params["format"].lower()
        response.headers["Content-Disposition"] = f'attachment; filename="{request.path_params["name"]}.{suffix}"'
    return response


def validate(request: Request) -> Response:
    """``/api/validate?profile=skos``: the validation report as JSON."""
    server = server_of(request)
    report = server.validation(request.query_params.get("profile", "skos"))
    return Response(report.to_json(), media_type="application/json")


def export(request: Request) -> Response:
    """``/api/export/{format}``: the whole vocabulary as a download."""
    vocab, _ = view(request)
    fmt = get_format(request.path_params["format"])
    if fmt.folder:
        raise BadRequest(f"{fmt.name} writes a folder of files; download one of the single-file formats")
    result = vocab.glossary.export(fmt.name)
    suffix = fmt.suffixes[0] if fmt.suffixes else ".csv"
    media = {"turtle": "text/turtle", "nt": "application/n-triples", "xml": "application/rdf+xml",
             "json-ld": "application/ld+json", "csv": "text/csv", "openmetadata": "text/csv",
             "graphml": "application/xml", "datahub": "application/yaml"}.get(fmt.name, "text/plain")
    return Response(result.text or "", media_type=media + "; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{vocab.vocid}{suffix}"'})


def openapi_json(request: Request) -> Response:
    """``/openapi.json``."""
    return json_response(openapi())


def _int(text: str | None, name: str, default: int, most: int) -> int:
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, not {text!r}") from None
    if not 1 <= value <= most:
        raise BadRequest(f"{name} must be between 1 and {most}")
    return value


routes = [
    Route("/api/concept", concept),
    Route("/api/search", search),
    Route("/api/children", children),
    Route("/api/ancestors", ancestors),
    Route("/api/descendants", descendants),
    Route("/api/top-concepts", top_concepts),
    Route("/api/queries", queries),
    Route("/api/queries/{name}", run_query),
    Route("/api/validate", validate),
    Route("/api/export/{format}", export),
    Route("/openapi.json", openapi_json),
]
