"""The ASGI application: pages, Linked Data, ``/sparql``, ``/api``, ``/rest/v1`` and static files,
behind security headers and a request size limit. Every handler only calls the public API."""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable, MutableMapping
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import CxkgError
from ..glossary import Glossary
from ..namespaces import BASE
from ..sparql import QueryResult, named_query, run_named, run_sparql
from . import api, pages, skosmos
from .errors import HttpProblem, problem
from .linked_data import by_path, by_uri
from .negotiate import HTML, doc_format
from .sparql_http import endpoint
from .state import Server, html, json_response, server_of, view
from .vocab import Vocabulary

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

#: pages may load scripts, styles and images from this server only; nothing runs inline
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
#: largest request body accepted, in bytes
MAX_BODY = 1_000_000


def default_base(glossary: Glossary) -> str | None:
    """Where IRIs are served from: cxkg's namespace for the bundled graph, else the namespace of the
    first concept scheme (its IRI up to the last ``/``); None when there is no scheme."""
    schemes = glossary.schemes
    if not schemes:
        return None
    iri = str(schemes[0])
    if iri.startswith(BASE):
        return BASE
    return iri.rsplit("/", 1)[0] + "/" if "/" in iri.split("://", 1)[-1] else None


def create_app(glossary: Glossary, *, base: str | None = "auto", vocid: str = "cxkg", timeout: float = 10.0,
               row_limit: int = 10_000, warm: bool = True) -> Guard:
    """The web application serving ``glossary`` read-only.

    ``base`` is the IRI prefix served at ``/`` ("auto": see :func:`default_base`; None: every IRI
    at ``/concept?uri=``). ``timeout`` (seconds) and ``row_limit`` bound every SPARQL query.
    """
    vocab = Vocabulary(glossary, vocid)
    if warm:
        vocab.warm()
        pages.compile_templates()
        # the graph and indexes live as long as the server: keep them out of the cyclic collector's
        # scans, which on a big vocabulary would pause a request for tens of milliseconds
        gc.collect()
        gc.freeze()
    server = Server(vocab, default_base(glossary) if base == "auto" else base, timeout, row_limit)
    routes = [
        Route("/", home),
        Route("/az", az),
        Route("/tree", tree),
        Route("/search", search),
        Route("/collections", lambda r: html(r, "groups.html", pages.collections(view(r)[0]))),
        Route("/sources", lambda r: html(r, "groups.html", pages.sources(view(r)[0]))),
        Route("/validation", validation),
        Route("/query", query_page, methods=["GET", "POST"]),
        Route("/docs", lambda r: html(r, "docs.html", {"title": "API", "api": api.openapi()})),
        Route("/static/{name}", static),
        Route("/sparql", endpoint, methods=["GET", "POST"]),
        Route("/concept", by_uri),
        *api.routes,
        *skosmos.routes,
        Route("/{path:path}", by_path),
    ]
    app = Starlette(routes=routes, exception_handlers={CxkgError: on_error, HTTPException: on_http_error})
    app.state.server = server
    return Guard(app)


class Guard:
    """The ASGI app behind security headers on every response, CORS for GET on the data endpoints,
    and a body size limit; ``app`` is the Starlette application, ``state.server`` its :class:`Server`."""

    def __init__(self, app: Starlette, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body
        self.state = app.state

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body:
            await PlainTextResponse("request body too large", status_code=413)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:
                raise HTTPException(413, "request body too large")
            return message

        cors = scope["method"] in ("GET", "HEAD") and scope["path"].startswith(("/sparql", "/api/", "/rest/"))

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]
                if cors:
                    extra.append((b"access-control-allow-origin", b"*"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, limited_receive, secured_send)


# -- errors: the one place cxkg errors become responses --------------------------------------------
def on_error(request: Request, exc: Exception) -> Response:
    """JSON for the API, plain text for ``/sparql``, an HTML page elsewhere."""
    assert isinstance(exc, CxkgError)
    return _problem_response(request, problem(exc))


def on_http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (unknown method, body too large) in the same shapes."""
    assert isinstance(exc, HTTPException)
    return _problem_response(request, HttpProblem(exc.status_code, exc.detail))


def _problem_response(request: Request, found: HttpProblem) -> Response:
    path = request.url.path
    if path.startswith(("/api/", "/rest/", "/openapi")):
        return json_response(found.to_json(), status=found.status)
    if path.startswith("/sparql"):
        return PlainTextResponse(found.message + "\n", status_code=found.status)
    context = {"title": "Not found" if found.status == 404 else f"Error {found.status}", "message": found.message,
               "suggestions": found.suggestions}
    return html(request, "error.html", context, status=found.status)


# -- pages ------------------------------------------------------------------------------------------
def home(request: Request) -> Response:
    """``/``: the home page; an RDF client is sent to the concept scheme's description."""
    vocab, links = view(request)
    fmt = doc_format(request.query_params.get("format"), request.headers.get("accept"))
    if fmt is not None and fmt is not HTML and vocab.scheme.iri is not None:
        return RedirectResponse(links.document(vocab.scheme.iri, fmt.suffix), 303, headers={"Vary": "Accept"})
    return html(request, "home.html", pages.home(vocab), headers={"Vary": "Accept"})


def az(request: Request) -> Response:
    """``/az?letter=&page=``."""
    vocab, _ = view(request)
    page = request.query_params.get("page", "1")
    return html(request, "az.html", pages.az(vocab, request.query_params.get("letter"),
                                              int(page) if page.isdigit() and int(page) > 0 else 1))


def tree(request: Request) -> Response:
    """``/tree``: two levels at first; deeper levels load when opened."""
    vocab, _ = view(request)
    return html(request, "tree.html", pages.tree(vocab, depth=1))


def search(request: Request) -> Response:
    """``/search?q=``: results with why each matched."""
    vocab, _ = view(request)
    return html(request, "search.html", pages.search(vocab, request.query_params.get("q", "")))


def validation(request: Request) -> Response:
    """``/validation``: the report of the SKOS profile."""
    vocab, _ = view(request)
    return html(request, "validation.html", pages.validation(vocab, server_of(request).validation("skos")))


async def query_page(request: Request) -> Response:
    """``/query``: the SPARQL page; runs a named query (GET) or the editor's text (POST)."""
    form = await request.form() if request.method == "POST" else None
    sparql = str(form.get("query", "")) if form is not None else request.query_params.get("query")
    name = request.query_params.get("name") or None
    return await run_in_threadpool(_query_page, request, name, sparql)


def _query_page(request: Request, name: str | None, sparql: str | None) -> Response:
    server = server_of(request)
    vocab, _ = view(request)
    params = {k: v for k, v in request.query_params.items() if k not in ("name", "run", "pick", "query", "lang")}
    result: QueryResult | None = None
    error: CxkgError | None = None
    downloads: list[tuple[str, str]] = []
    try:
        if sparql:
            result = run_sparql(vocab.glossary, sparql, limit=server.row_limit, timeout=server.timeout)
            downloads = _downloads("/sparql", {"query": sparql}, result)
        elif name and "run" in request.query_params:
            declared = {p.name for p in named_query(name).parameters}
            values = {k: v for k, v in params.items() if v != "" and k in declared}
            if "lang" in declared and vocab.lang != server.vocab.lang:
                values["lang"] = vocab.lang
            result = run_named(vocab.glossary, name, values, limit=server.row_limit, timeout=server.timeout)
            downloads = _downloads(f"/api/queries/{name}", values, result)
    except CxkgError as exc:
        error = exc
    context = pages.query(vocab, name, params, sparql, result, error)
    context["downloads"] = downloads
    status = problem(error).status if error is not None else 200
    return html(request, "query.html", context, status=status)


def _downloads(path: str, params: dict[str, str], result: QueryResult) -> list[tuple[str, str]]:
    formats = (("turtle", "Turtle"), ("json-ld", "JSON-LD"), ("nt", "N-Triples")) if result.graph is not None else (
        (("json", "JSON"), ("xml", "XML")) if result.type == "ASK" else
        (("csv", "CSV"), ("tsv", "TSV"), ("json", "JSON"), ("xml", "XML")))
    return [(f"{path}?{urlencode({**params, 'format': fmt})}", name) for fmt, name in formats]


# -- static files: only the files the package ships, by exact name ---------------------------------
@cache
def _static_files() -> dict[str, tuple[bytes, str]]:
    types = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
    folder = resources.files("cxkg.serve").joinpath("static")
    return {item.name: (item.read_bytes(), types.get("." + item.name.rsplit(".", 1)[-1], "application/octet-stream"))
            for item in folder.iterdir() if item.is_file()}


def static(request: Request) -> Response:
    """``/static/{name}``: a bundled file; any other name (``..``, slashes, encoded) is 404."""
    found = _static_files().get(request.path_params["name"])
    if found is None:
        return PlainTextResponse("not found", status_code=404)
    body, media = found
    return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=3600"})
