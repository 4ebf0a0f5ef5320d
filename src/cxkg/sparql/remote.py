"""Remote SPARQL endpoints: queries over the SPARQL 1.1 Protocol, graphs over the Graph Store Protocol.

A remote endpoint is not a store: the query text goes to the server as it is (parameters bound in one
``VALUES`` block first in the outermost ``WHERE``), and the answer comes back as the same
:class:`QueryResult` a local query gives. Credentials come from ``$CXKG_ENDPOINT_TOKEN`` (a bearer
token), ``$CXKG_ENDPOINT_USER`` and ``$CXKG_ENDPOINT_PASSWORD``, or ``~/.netrc``; never from the
command line or the URL. Redirects are not followed (they could carry credentials elsewhere).
"""

from __future__ import annotations

import base64
import io
import netrc
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from rdflib import Graph, URIRef
from rdflib.query import Result

from ..errors import AmbiguousConcept, ConceptNotFound, EndpointError, QueryError
from ..namespaces import PREFIXES, bind_prefixes
from .results import QueryResult

if TYPE_CHECKING:
    from ..glossary import Glossary

#: seconds to wait for a server before giving up, unless told otherwise
TIMEOUT = 30.0
#: queries longer than this (URL-encoded) are POSTed rather than sent in a GET URL
GET_LIMIT = 2000
_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
           "application/n-triples;q=0.8, text/turtle;q=0.7")
_RESULTS = {"application/sparql-results+json": "json", "application/json": "json",
            "application/sparql-results+xml": "xml", "application/xml": "xml"}
_GRAPHS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
           "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


class GraphNotFound(EndpointError):
    """The graph store holds no graph of that name."""

    exit_code = 1


class Endpoint:
    """A SPARQL endpoint (``url`` answers queries) or a graph store (``url`` takes ``?graph=``)."""

    def __init__(self, url: str, timeout: float | None = None) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EndpointError(f"{url!r} is not an http(s) URL of a SPARQL endpoint")
        if parts.username or parts.password:
            raise EndpointError("put credentials in $CXKG_ENDPOINT_USER and $CXKG_ENDPOINT_PASSWORD, "
                                "$CXKG_ENDPOINT_TOKEN or ~/.netrc, not in the URL")
        self.url = url
        self.timeout = TIMEOUT if not timeout or timeout <= 0 else timeout
        self._host = parts.hostname

    def query(self, text: str, *, limit: int = 0, post: bool | None = None) -> QueryResult:
        """Run SPARQL text (GET when short, else POST); ``limit`` caps the rows kept (0: all)."""
        encoded = urllib.parse.urlencode({"query": text})
        if post or (post is None and len(encoded) > GET_LIMIT):
            request = self._request(self.url, "POST", text.encode("utf-8"),
                                    {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _ACCEPT})
        else:
            separator = "&" if urllib.parse.urlsplit(self.url).query else "?"
            request = self._request(self.url + separator + encoded, "GET", None, {"Accept": _ACCEPT})
        kind, body = self._send(request, "query")
        if kind in _GRAPHS:
            return QueryResult("CONSTRUCT", graph=bind_prefixes(Graph().parse(data=body, format=_GRAPHS[kind])))
        if kind not in _RESULTS:
            raise EndpointError(f"{self.url}: answered {kind or 'no content type'}, not SPARQL results")
        try:
            result = Result.parse(io.BytesIO(body), format=_RESULTS[kind])
        except Exception as exc:  # a malformed answer, whatever the parser raises
            raise EndpointError(f"{self.url}: unreadable SPARQL results: {exc}") from None
        if result.type == "ASK":
            return QueryResult("ASK", ask=bool(result.askAnswer))
        names = [str(v) for v in result.vars or ()]
        rows = [tuple(row.get(var) for var in result.vars or ()) for row in result.bindings]
        truncated = 0 < limit < len(rows)
        return QueryResult("SELECT", tuple(names), tuple(rows[:limit] if truncated else rows), truncated=truncated,
                           namespaces=bind_prefixes(Graph()).namespace_manager)

    def get_graph(self, graph: str | None = None) -> Graph:
        """The graph named ``graph`` (None: the default graph) from a Graph Store Protocol endpoint."""
        request = self._request(self._graph_url(graph), "GET", None,
                                {"Accept": "application/n-triples, text/turtle;q=0.9"})
        kind, body = self._send(request, "graph", graph)
        if kind not in _GRAPHS:
            raise EndpointError(f"{self.url}: answered {kind or 'no content type'}, not an RDF graph")
        result = Graph()
        try:
            result.parse(data=body, format=_GRAPHS[kind])
        except Exception as exc:  # any parser error: the server sent something unreadable
            raise EndpointError(f"{self.url}: unreadable graph: {_first_line(str(exc).encode())}") from None
        return bind_prefixes(result)

    def put_graph(self, data: bytes, graph: str | None = None) -> None:
        """Replace the graph ``graph`` (None: the default graph) with N-Triples ``data``, in one request.

        The Graph Store Protocol's PUT replaces the graph as one operation: a server that gets a
        cut-off or malformed body refuses it, and the old graph stays.
        """
        request = self._request(self._graph_url(graph), "PUT", data,
                                {"Content-Type": "application/n-triples; charset=utf-8"})
        self._send(request, "graph", graph)

    def _graph_url(self, graph: str | None) -> str:
        if graph is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", graph):
            raise EndpointError(f"--graph {graph!r} is not an absolute IRI")
        argument = urllib.parse.urlencode({"graph": graph}) if graph else "default"
        return self.url + ("&" if urllib.parse.urlsplit(self.url).query else "?") + argument

    def _request(self, url: str, method: str, data: bytes | None, headers: dict[str, str]) -> urllib.request.Request:
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        auth = credentials(self._host)
        if auth:
            request.add_unredirected_header("Authorization", auth)
        return request

    def _send(self, request: urllib.request.Request, what: str, graph: str | None = None) -> tuple[str, bytes]:
        """Content type and body of the answer; every failure becomes one line."""
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                kind = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
                return kind, response.read()
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc.read())
            if exc.code == 404 and what == "graph":
                raise GraphNotFound(f"{self.url}: no graph {graph or '(default)'} there (HTTP 404)") from None
            if exc.code in (401, 403):
                raise EndpointError(f"{self.url}: refused (HTTP {exc.code}); set $CXKG_ENDPOINT_USER and "
                                    "$CXKG_ENDPOINT_PASSWORD, $CXKG_ENDPOINT_TOKEN or ~/.netrc") from None
            if 300 <= exc.code < 400:
                raise EndpointError(f"{self.url}: redirects to {exc.headers.get('Location')}; use that URL") from None
            error = QueryError if what == "query" and exc.code == 400 else EndpointError
            raise error(f"{self.url}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from None
        except TimeoutError:
            raise EndpointError(f"{self.url}: no answer within {self.timeout:g} s") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise EndpointError(f"{self.url}: cannot reach the endpoint: {getattr(reason, 'strerror', None) or reason}"
                                ) from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def credentials(host: str) -> str | None:
    """The Authorization header for ``host``: a bearer token, user and password from the environment, or netrc."""
    token = os.environ.get("CXKG_ENDPOINT_TOKEN")
    if token:
        return f"Bearer {token}"
    user, password = os.environ.get("CXKG_ENDPOINT_USER"), os.environ.get("CXKG_ENDPOINT_PASSWORD")
    if user is None:
        try:
            found = netrc.netrc().authenticators(host)
        except (OSError, netrc.NetrcParseError):
            found = None
        if found is None:
            return None
        user, _, password = found
    return "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else ""


def remote_text(endpoint: Endpoint, name: str | None = None, sparql: str | None = None,
                params: Mapping[str, Any] | None = None) -> str:
    """The standalone text a named query (or ``.rq`` file) or SPARQL text runs as on ``endpoint``: the same
    text ``--show-sparql`` prints, concept parameters given as labels looked up on the endpoint."""
    from .engine import adhoc_text, named_text

    terms = cast("Glossary", _RemoteTerms(endpoint))
    if sparql is not None:
        return adhoc_text(terms, sparql, params)
    assert name is not None
    return named_text(terms, name, params)


class _RemoteTerms:
    """What parameter binding asks of a glossary, answered by the endpoint."""

    lang = "en"

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.graph = bind_prefixes(Graph())

    def resolve(self, ref: str) -> URIRef:
        text = ref.strip()
        if (text.startswith("<") and text.endswith(">")) or "://" in text or text.startswith("urn:"):
            return URIRef(text.strip("<>"))
        if text.partition(":")[0] in PREFIXES:
            return self.graph.namespace_manager.expand_curie(text)
        lookup = ("SELECT DISTINCT ?c WHERE { ?c skos:prefLabel|skos:altLabel|cx:acronym ?label "
                  "FILTER(LCASE(STR(?label)) = LCASE(?text)) } ORDER BY ?c LIMIT 20")
        rows = self.endpoint.query(remote_text(self.endpoint, sparql=lookup, params={"text": text})).rows
        found = [row[0] for row in rows if isinstance(row[0], URIRef)]
        if not found:
            raise ConceptNotFound(text)
        if len(found) > 1:
            raise AmbiguousConcept(text, [str(iri) for iri in found])
        return found[0]


def publish_graph(endpoint: Endpoint, graph: Graph, name: str | None = None) -> int:
    """Replace the graph ``name`` on ``endpoint`` (a graph store) with ``graph``; the number of triples sent."""
    import pyoxigraph as ox

    from ..oxstore import to_ox

    data = ox.serialize([ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph], format=ox.RdfFormat.N_TRIPLES)
    endpoint.put_graph(data or b"", name)
    return len(graph)
