"""Linked Data: IRIs answered at their paths, with content negotiation.

A concept IRI names a concept, not a document, so ``GET /net-promoter-score`` answers
``303 See Other`` to the document in the format the client accepts (``/net-promoter-score.html``,
``.ttl``, ``.jsonld``, ``.nt`` or ``.rdf``; ``?format=`` overrides ``Accept``), with ``Vary: Accept``.
Those document URLs are also the file names of ``cxkg site``. A concept of a foreign vocabulary
(an IRI outside the base) is served directly at ``/concept?uri=…``, negotiated the same way, with
``Vary: Accept`` and a ``Content-Location`` naming the format-specific URL.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import URIRef
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..errors import ConceptNotFound
from ..terms import local_name
from . import pages
from .errors import BadRequest, NotAcceptable
from .negotiate import BY_SUFFIX, HTML, DocFormat, describe, doc_format
from .state import server_of, view

_IRI_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def by_path(request: Request) -> Response:
    """``/{path}``: a resource IRI under the base (303 to a document) or one of its documents."""
    server = server_of(request)
    vocab, links = view(request)
    path = request.path_params["path"]
    if server.base is None:
        raise ConceptNotFound(path, vocab.glossary.index.suggest(local_name(path)))
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in BY_SUFFIX and "/" not in suffix:
        iri = URIRef(server.base + stem)
        if vocab.resource(iri) and links.path_of(iri) == "/" + stem:
            return document(request, iri, BY_SUFFIX[suffix])
    iri = URIRef(server.base + path)
    if not vocab.resource(iri):
        raise ConceptNotFound(path, vocab.glossary.index.suggest(local_name(path).replace("-", " ")))
    fmt = _negotiated(request)
    target = links.document(iri, fmt.suffix)
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


def by_uri(request: Request) -> Response:
    """``/concept?uri=IRI[&format=]``: any resource of the vocabulary, negotiated in place."""
    vocab, links = view(request)
    uri = request.query_params.get("uri", "").strip()
    if not uri:
        raise BadRequest("give the IRI of a concept: /concept?uri=IRI")
    iri = URIRef(uri)
    if not vocab.resource(iri):
        raise ConceptNotFound(uri, vocab.glossary.index.suggest(local_name(uri).replace("-", " ")))
    fmt = _negotiated(request)
    response = document(request, iri, fmt)
    response.headers["Vary"] = "Accept"
    response.headers["Content-Location"] = links.document(iri, fmt.suffix)
    return response


def document(request: Request, iri: URIRef, fmt: DocFormat) -> Response:
    """The page or RDF description of ``iri`` in ``fmt``."""
    vocab, links = view(request)
    server = server_of(request)
    if fmt is HTML:
        url = str(request.url.replace(query=None)) if links.path_of(iri) else str(request.url)

        def page() -> str:
            context = pages.concept(vocab, iri, url)
            return pages.render(context["template"], vocab, links, **context)

        return HTMLResponse(server.document((iri, "html", vocab.lang, url), page))
    media = fmt.media_type + ("; charset=utf-8" if fmt.suffix in ("ttl", "nt") else "")
    body = server.document((iri, fmt.suffix), lambda: describe(vocab.glossary.graph, iri, fmt))
    return Response(body, media_type=media, headers={"Link": f'<{quote(iri, safe=_IRI_SAFE)}>; rel="describes"'})


def _negotiated(request: Request) -> DocFormat:
    fmt = doc_format(request.query_params.get("format"), request.headers.get("accept"))
    if fmt is None:
        wanted = request.query_params.get("format") or request.headers.get("accept", "")
        raise NotAcceptable(f"cannot serve {wanted!r}; formats: html, ttl, jsonld, nt, rdf "
                            "(text/html, text/turtle, application/ld+json, application/n-triples, "
                            "application/rdf+xml)")
    return fmt
