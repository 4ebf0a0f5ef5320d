"""The web server in process: Linked Data and content negotiation, pages, safety, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

import cxkg

pytest.importorskip("starlette")
from conftest import DATA
from serving import Markup, TestClient, client

from cxkg.serve import create_app
from cxkg.serve.vocab import TreeNode, Vocabulary

NPS = "https://w3id.org/cxkg/net-promoter-score"
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
             "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def app_client(bundled: cxkg.Glossary) -> TestClient:
    return client(create_app(bundled))


@pytest.fixture(scope="module")
def mini_client(mini: cxkg.Glossary) -> TestClient:
    """The fixture vocabulary, whose IRIs (http://example.org/mini/…) are served at /concept?uri=."""
    return client(create_app(mini, base=None))


# -- Linked Data ---------------------------------------------------------------------------------
@pytest.mark.parametrize("accept, suffix", [("text/html", "html"), ("text/turtle", "ttl"),
                                            ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
                                            ("application/rdf+xml", "rdf"), ("*/*", "html"),
                                            ("text/turtle;q=0.5, application/rdf+xml;q=0.9", "rdf")])
def test_a_concept_iri_answers_303_to_the_document_the_client_accepts(app_client: TestClient, accept: str,
                                                                       suffix: str) -> None:
    response = app_client.get("/net-promoter-score", headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["location"] == f"/net-promoter-score.{suffix}"
    assert "Accept" in response.headers["vary"]


def test_format_parameter_overrides_accept(app_client: TestClient) -> None:
    response = app_client.get("/net-promoter-score?format=nt", headers={"Accept": "text/html"})
    assert response.headers["location"] == "/net-promoter-score.nt"


@pytest.mark.parametrize("media, rdflib_format", RDF_TYPES.items())
def test_every_rdf_document_parses_and_describes_the_concept(app_client: TestClient, bundled: cxkg.Glossary,
                                                            media: str, rdflib_format: str) -> None:
    response = app_client.get("/net-promoter-score", headers={"Accept": media}, follow_redirects=True)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert isomorphic(graph, bundled.graph.cbd(URIRef(NPS)))


def test_unacceptable_media_type_is_406(app_client: TestClient) -> None:
    assert app_client.get("/net-promoter-score", headers={"Accept": "image/png"}).status_code == 406


def test_foreign_concepts_are_negotiated_in_place_at_concept_uri(mini_client: TestClient) -> None:
    uri = "http://example.org/mini/nps"
    response = mini_client.get("/concept", params={"uri": uri}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert "Accept" in response.headers["vary"]
    assert response.headers["content-location"] == "/concept?uri=http%3A%2F%2Fexample.org%2Fmini%2Fnps&format=ttl"
    assert (URIRef(uri), None, None) in Graph().parse(data=response.text, format="turtle")
    page = mini_client.get("/concept", params={"uri": uri})
    assert "Net Promoter Score" in page.text and page.headers["content-type"].startswith("text/html")


def test_the_scheme_and_home_page_negotiate_too(app_client: TestClient) -> None:
    assert app_client.get("/", headers={"Accept": "text/turtle"}).headers["location"] == "/scheme.ttl"
    assert app_client.get("/scheme.ttl").status_code == 200
    assert "cxkg Customer Experience glossary" in app_client.get("/scheme.html").text


def test_an_unknown_path_is_404_with_suggestions(app_client: TestClient) -> None:
    response = app_client.get("/net-promoter-scor")
    assert response.status_code == 404
    assert "Net Promoter Score" in response.text


# -- pages ---------------------------------------------------------------------------------------
def test_concept_page_shows_every_field_with_languages_and_schema_org(app_client: TestClient,
                                                                     bundled: cxkg.Glossary) -> None:
    page = app_client.get("/net-promoter-score.html").text
    parent = bundled.label(bundled.concept("NPS").broader[0])
    for text in ("Net Promoter Score", "NPS", "Definition", "Scope note", parent, "Customer loyalty",
                 "Sources", "Collections", "higher is better", "<svg"):
        assert text in page
    assert '<span class="lang" title="language">en</span>' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])
    assert data["@type"] == "DefinedTerm" and data["termCode"] == "NPS"
    assert data["inDefinedTermSet"]["@id"] == "https://w3id.org/cxkg/scheme"
    assert '<link rel="canonical" href="https://w3id.org/cxkg/net-promoter-score">' in page


def test_a_deprecated_concept_names_its_replacement(mini_client: TestClient) -> None:
    page = mini_client.get("/concept", params={"uri": "http://example.org/mini/omni-channel"}).text
    assert "Deprecated." in page and "Omnichannel" in page


@pytest.mark.parametrize("path, expected", [
    ("/", "Top concepts"), ("/az?letter=N", "Net Promoter Score"), ("/tree", "Show narrower concepts of"),
    ("/search?q=promter", "Net Promoter Score"), ("/collections", "Collections"), ("/sources", "Sources"),
    ("/validation", "Validation report"), ("/query", "Named queries"), ("/docs", "/rest/v1/{vocid}/search"),
])
def test_every_page_renders(app_client: TestClient, path: str, expected: str) -> None:
    response = app_client.get(path)
    assert response.status_code == 200
    assert expected in response.text


def test_search_page_says_why_each_hit_matched(app_client: TestClient) -> None:
    page = app_client.get("/search", params={"q": "promter"}).text
    assert "matched by fuzzy" in page or "matched by word" in page


def test_az_pages_by_letter_and_tree_survives_a_cycle(tmp_path: Path) -> None:
    cyclic = (DATA / "mini.ttl").read_text() + (
        "\nex:metrics skos:broader ex:nps .\n")  # metrics > nps > metrics
    path = tmp_path / "cycle.ttl"
    path.write_text(cyclic)
    cyclic = cxkg.load(path)
    cyclic_client = client(create_app(cyclic, base=None))
    tree = cyclic_client.get("/tree")
    assert tree.status_code == 200 and "Metrics" in tree.text

    def cycles(nodes: tuple[TreeNode, ...]) -> int:
        return sum(node.cycle + cycles(node.children or ()) for node in nodes)

    assert cycles(Vocabulary(cyclic).tree()) > 0  # the full tree is finite and marks where the cycle closes
    assert "Churn rate" in cyclic_client.get("/az", params={"letter": "C"}).text


def test_the_sparql_page_runs_a_named_query_and_offers_downloads(app_client: TestClient,
                                                                  bundled: cxkg.Glossary) -> None:
    page = app_client.get("/query", params={"name": "ancestors", "concept": "NPS", "run": "1"}).text
    assert all(ancestor.label in page for ancestor in bundled.ancestors("NPS"))
    assert "/api/queries/ancestors?concept=NPS&amp;format=csv" in page
    csv = app_client.get("/api/queries/ancestors", params={"concept": "NPS", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    assert csv.text.splitlines()[0] == "ancestor,label,distance"


def test_the_sparql_page_runs_the_editor_text_and_shows_errors(app_client: TestClient) -> None:
    ok = app_client.post("/query", data={"query": "SELECT ?l WHERE { cx:net-promoter-score skos:prefLabel ?l }"})
    assert "Net Promoter Score" in ok.text
    bad = app_client.post("/query", data={"query": "SELEC nonsense"})
    assert bad.status_code == 400 and "malformed SPARQL" in bad.text


def test_language_switcher_appears_with_several_languages(tmp_path: Path) -> None:
    path = tmp_path / "two.ttl"
    path.write_text((DATA / "mini.ttl").read_text() + '\nex:nps skos:prefLabel "Nettopromoottoriluku"@fi .\n')
    two = client(create_app(cxkg.load(path), base=None))
    assert 'hreflang="fi"' in two.get("/").text
    assert "Nettopromoottoriluku" in two.get("/concept", params={"uri": "http://example.org/mini/nps",
                                                                    "lang": "fi"}).text


# -- safety --------------------------------------------------------------------------------------
HOSTILE = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/evil/> .
ex:s a skos:ConceptScheme ; skos:prefLabel "<script>alert('scheme')</script>"@en ; skos:hasTopConcept ex:a .
ex:a a skos:Concept ; skos:topConceptOf ex:s ;
  skos:prefLabel "<script>alert(1)</script>"@en ;
  skos:altLabel "\\" onmouseover=\\"alert(2)"@en ;
  skos:definition "</script><img src=x onerror=alert(3)>"@en ;
  skos:narrower ex:b .
ex:b a skos:Concept ; skos:prefLabel "<b onmouseover=alert(4)>bold</b>"@en ; skos:broader ex:a .
"""


def test_a_hostile_vocabulary_renders_inert(tmp_path: Path) -> None:
    path = tmp_path / "evil.ttl"
    path.write_text(HOSTILE)
    evil = client(create_app(cxkg.load(path)), follow_redirects=True)
    pages = [evil.get(p) for p in ("/", "/az?letter=%23", "/tree", "/search?q=script", "/a", "/b",
                                      "/query?name=labels&run=1&concept=http://example.org/evil/a")]
    for response in pages:
        assert response.status_code == 200, response.url
        markup = Markup(response.text)
        assert markup.handlers == [], response.url  # no onmouseover=, onerror=… on any element
        for attrs, text in markup.scripts:  # only our script file, and JSON-LD data blocks
            assert attrs.get("src") == "/static/app.js" or attrs.get("type") == "application/ld+json", attrs
            assert "alert" not in text or attrs.get("type") == "application/ld+json"
        assert "<img" not in response.text and "<b " not in response.text
    concept = evil.get("/a").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in concept
    assert "\\u003c/script\\u003e" in concept  # the JSON-LD data block cannot be closed early
    hit = evil.get("/api/search", params={"q": "script"}).json()["results"][0]
    assert hit["label"] == "<script>alert(1)</script>"


def test_security_headers_and_no_path_traversal(app_client: TestClient) -> None:
    page = app_client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert all(attrs.get("src") for attrs, _ in Markup(page.text).scripts)  # no inline script
    assert app_client.get("/static/app.js").status_code == 200
    for path in ("/static/..%2fapp.py", "/static/../app.py", "/static/%2e%2e/serve/app.py", "/static/.",
                 "/static/openapi.json", "/static/"):
        response = app_client.get(path)
        assert response.status_code == 404, path
        assert "def create_app" not in response.text


def test_request_bodies_are_limited(app_client: TestClient) -> None:
    response = app_client.post("/sparql", content=b"x" * 1_100_000,
                               headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_the_server_never_writes_to_the_graph(mini: cxkg.Glossary) -> None:
    before = len(mini.graph)
    server = client(create_app(mini, base=None))
    assert server.post("/sparql", data={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).status_code == 403
    assert server.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).status_code == 403
    assert server.get("/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"}).status_code == 403
    assert len(mini.graph) == before


@pytest.mark.slow
def test_cxkg_serve_starts_on_loopback_and_answers(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    import httpx
    from serving import free_port

    port = free_port()
    command = [sys.executable, "-m", "cxkg", "serve", "-f", str(DATA / "mini.ttl"), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/search?q=nps", timeout=5)
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer is not None and answer.json()["results"][0]["label"] == "Net Promoter Score"
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err.decode()


def test_the_validation_page_groups_results_by_rule_and_links_concepts() -> None:
    page = client(create_app(cxkg.load(DATA / "poly.ttl"), base=None)).get("/validation").text
    assert "Does not conform" in page
    assert page.index("Does not conform") < page.index('<section id="rule-1"')  # the summary comes first
    assert 'href="/concept?uri=http' in page


def test_queries_answer_alike_under_concurrent_requests(bundled: cxkg.Glossary) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    from serving import running

    refs = [str(c.iri) for c in list(bundled)[:16]]
    fresh = [f"SELECT ?l WHERE {{ <{ref}> skos:prefLabel ?l }} LIMIT {n + 1}" for n, ref in enumerate(refs)]

    with running(create_app(bundled)) as url:
        def named(ref: str) -> str:
            return httpx.get(f"{url}/api/queries/ancestors", params={"concept": ref, "format": "csv"}, timeout=60).text

        def adhoc(text: str) -> tuple[int, str]:  # never parsed before: parsing runs concurrently too
            answer = httpx.get(f"{url}/sparql", params={"query": text}, headers={"Accept": "text/csv"}, timeout=60)
            return answer.status_code, answer.text

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(adhoc, fresh))
            concurrent = list(pool.map(named, refs * 2))
        assert [status for status, _ in answers] == [200] * len(fresh)
        assert concurrent == [named(ref) for ref in refs] * 2
