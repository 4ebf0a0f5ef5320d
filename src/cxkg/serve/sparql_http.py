"""The SPARQL 1.1 Protocol at ``/sparql``: read-only queries by GET, urlencoded POST or direct POST.

Results follow ``Accept`` (or ``?format=``): SPARQL JSON, XML, CSV or TSV for SELECT and ASK;
Turtle, JSON-LD, N-Triples or RDF/XML for CONSTRUCT and DESCRIBE. Update, LOAD and SERVICE are
refused (403); every query runs under the server's time limit (503 past it) and row limit
(``?limit=`` may lower it). GET with no query returns the service description.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..errors import QueryError
from ..sparql import QueryResult, run_sparql
from .errors import BadRequest, NotAcceptable
from .negotiate import choose
from .state import Server, server_of, view

#: media type -> QueryResult format, for SELECT and ASK
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
#: media type -> rdflib serializer, for CONSTRUCT and DESCRIBE
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
#: ``?format=`` names
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "json-ld": "application/ld+json", "jsonld": "application/ld+json",
                "nt": "application/n-triples", "rdf": "application/rdf+xml"}


async def endpoint(request: Request) -> Response:
    """Read the query from the request the way the protocol allows, then answer it."""
    if request.method == "POST":
        sparql, params = await _posted(request)
    else:
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        sparql = _one(params, "query")
        if "update" in params:
            raise _update_refused()
        if sparql is None:
            return service_description(request)
    if not sparql or not sparql.strip():
        raise BadRequest("give a SPARQL query: ?query=… (GET), query=… (form POST) or a "
                         "application/sparql-query body")
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        raise BadRequest("this endpoint has one graph: default-graph-uri and named-graph-uri are not supported")
    server = server_of(request)
    limit = _limit(_one(params, "limit"), server)
    result = await run_in_threadpool(_run, request, sparql, limit, server)
    return respond(result, _one(params, "format"), request.headers.get("accept"))


def _run(request: Request, sparql: str, limit: int, server: Server) -> QueryResult:
    vocab, _ = view(request)
    return run_sparql(vocab.glossary, sparql, limit=limit, timeout=server.timeout)


def respond(result: QueryResult, format_name: str | None, accept: str | None) -> Response:
    """The result in the negotiated format, with the W3C media type."""
    if format_name:
        accept = FORMAT_NAMES.get(format_name.strip().lower(), format_name)
    if result.graph is not None:
        media = choose(accept, list(GRAPH_TYPES)) or ("text/turtle" if _lenient(accept) else None)
        if media is None:
            raise NotAcceptable(f"a {result.type} result is a graph: accept one of {', '.join(GRAPH_TYPES)}")
        text = result.graph.serialize(format=GRAPH_TYPES[media])
        return Response(text, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""))
    offers = [m for m in RESULT_TYPES if not (result.type == "ASK" and RESULT_TYPES[m] in ("csv", "tsv"))]
    media = choose(accept, offers) or ("application/sparql-results+json" if _lenient(accept) else None)
    if media is None:
        raise NotAcceptable(f"cannot write a {result.type} result as {accept!r}; accept one of {', '.join(offers)}")
    headers = {"X-Truncated": "true"} if result.truncated else None
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Response(result.serialize(RESULT_TYPES[media]), media_type=media + charset, headers=headers)


def service_description(request: Request) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    endpoint = str(request.url.replace(query=None))
    formats = " ,\n        ".join(f"<http://www.w3.org/ns/formats/{name}>" for name in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
        "JSON-LD", "N-Triples", "RDF_XML"))
    text = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .

[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
    return Response(text, media_type="text/turtle; charset=utf-8")


async def _posted(request: Request) -> tuple[str | None, dict[str, list[str]]]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = {key: request.query_params.getlist(key) for key in request.query_params}
    body = (await request.body()).decode("utf-8", errors="replace")
    if content_type == "application/sparql-update":
        raise _update_refused()
    if content_type == "application/sparql-query":
        return body, params
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            raise _update_refused()
        return _one(form, "query"), {**params, **form}
    raise BadRequest("POST a query as application/x-www-form-urlencoded (query=…) or application/sparql-query")


def _update_refused() -> QueryError:
    return QueryError("refused: SPARQL Update is not accepted here; this endpoint is read-only")


def _one(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    if not values:
        return None
    if len(values) > 1:
        raise BadRequest(f"give {key} once, not {len(values)} times")
    return values[0]


def _limit(text: str | None, server: Server) -> int:
    if text is None:
        return server.row_limit
    try:
        value = int(text)
    except ValueError:
        raise BadRequest(f"limit must be a whole number, not {text!r}") from None
    if value <= 0:
        raise BadRequest("limit must be at least 1")
    return min(value, server.row_limit)


def _lenient(accept: str | None) -> bool:
    """Whether a client sent no usable preference (no Accept, or only HTML-ish browser defaults)."""
    return not accept or "text/html" in accept or "*/*" in accept
