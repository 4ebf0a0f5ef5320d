"""The REST JSON API, its OpenAPI description, and the Skosmos REST v1 paths."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

import cxkg

pytest.importorskip("starlette")
from serving import TestClient, client
from starlette.routing import Route

from cxkg.serve import create_app
from cxkg.serve.api import openapi

NPS = "https://w3id.org/cxkg/net-promoter-score"


@pytest.fixture(scope="module")
def http(bundled: cxkg.Glossary) -> TestClient:
    return client(create_app(bundled))


@pytest.fixture(scope="module")
def parent(bundled: cxkg.Glossary) -> str:
    """The broader concept of Net Promoter Score."""
    return str(bundled.concept("NPS").broader[0])


@pytest.mark.parametrize("ref", [NPS, "cx:net-promoter-score", "Net Promoter Score", "nps"])
def test_concept_by_iri_curie_label_or_acronym(http: TestClient, parent: str, ref: str) -> None:
    data = http.get("/api/concept", params={"ref": ref}).json()
    assert data["iri"] == NPS and data["acronyms"] == ["NPS"] and parent in data["broader"]
    assert data["url"] == "/net-promoter-score.html"


def test_search_says_why_each_hit_matched(http: TestClient) -> None:
    hits = http.get("/api/search", params={"q": "promter", "limit": 5}).json()["results"]
    nps = next(hit for hit in hits if hit["uri"] == NPS)
    assert nps["reason"] and nps["matched"] and nps["url"] == "/net-promoter-score.html"


def test_hierarchy_endpoints(http: TestClient, bundled: cxkg.Glossary, parent: str) -> None:
    children = http.get("/api/children", params={"ref": parent}).json()["children"]
    assert NPS in {c["uri"] for c in children} and all("children" in c for c in children)
    above = [c["uri"] for c in http.get("/api/ancestors", params={"ref": "NPS"}).json()["concepts"]]
    assert above == [str(c.iri) for c in bundled.ancestors("NPS")] and parent in above
    below = {c["uri"] for c in http.get("/api/descendants", params={"ref": parent}).json()["concepts"]}
    assert NPS in below
    tops = http.get("/api/top-concepts").json()["concepts"]
    assert {t["uri"] for t in tops} == {str(c.iri) for c in bundled.top_concepts}


def test_named_queries_with_parameters(http: TestClient, parent: str) -> None:
    names = {q["name"] for q in http.get("/api/queries").json()["queries"]}
    assert {"ancestors", "stats", "search"} <= names
    result = http.get("/api/queries/ancestors", params={"concept": "NPS"}).json()
    assert result["results"]["bindings"][0]["ancestor"]["value"] == parent  # nearest first
    tsv = http.get("/api/queries/ancestors", params={"concept": "NPS", "format": "tsv"})
    assert tsv.text.startswith("?ancestor\t?label\t?distance")


@pytest.mark.parametrize("path, params, status", [
    ("/api/concept", {"ref": "promter"}, 404),
    ("/api/concept", {}, 400),
    ("/api/search", {"q": "x", "limit": "many"}, 400),
    ("/api/queries/ancestors", {}, 400),
    ("/api/queries/ancestors", {"concept": "NPS", "bogus": "1"}, 400),
    ("/api/queries/no-such-query", {}, 404),
    ("/api/export/pdf", {}, 404),
    ("/api/export/markdown", {}, 400),
])
def test_errors_map_to_statuses_with_one_clear_message(http: TestClient, path: str, params: dict[str, str],
                                                       status: int) -> None:
    response = http.get(path, params=params)
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status and body["error"] and "Traceback" not in body["error"]


def test_not_found_suggests_the_closest_concepts(http: TestClient) -> None:
    assert "Net Promoter Score" in http.get("/api/concept", params={"ref": "promter"}).json()["suggestions"]


def test_validation_and_export_downloads(http: TestClient, bundled: cxkg.Glossary) -> None:
    report = http.get("/api/validate").json()
    assert report["conforms"] is True and report["profile"] == "skos"
    turtle = http.get("/api/export/turtle")
    assert "attachment" in turtle.headers["content-disposition"]
    assert len(Graph().parse(data=turtle.text, format="turtle")) == len(bundled.graph)
    assert http.get("/api/export/csv").headers["content-type"].startswith("text/csv")


def test_openapi_describes_exactly_the_api_routes(http: TestClient) -> None:
    described = set(openapi()["paths"])
    served = {route.path for route in http.app.app.routes if isinstance(route, Route)}  # type: ignore[attr-defined]
    api = {path for path in served if path.startswith(("/api/", "/rest/", "/sparql", "/concept"))}
    assert described == api
    assert http.get("/openapi.json").json()["openapi"].startswith("3.")


# -- Skosmos REST v1 -------------------------------------------------------------------------------
def test_skosmos_vocabularies_and_search(http: TestClient) -> None:
    vocabularies = http.get("/rest/v1/vocabularies").json()
    assert vocabularies["vocabularies"][0]["id"] == "cxkg" and "@context" in vocabularies
    found = http.get("/rest/v1/cxkg/search", params={"query": "net promoter*", "lang": "en"}).json()
    assert found["results"][0]["uri"] == NPS and found["results"][0]["prefLabel"] == "Net Promoter Score"
    assert found["results"][0]["vocab"] == "cxkg"
    assert http.get("/rest/v1/search", params={"query": "nps", "vocab": "cxkg"}).json()["results"]


def test_skosmos_data_label_children_top_and_broader_transitive(http: TestClient, parent: str) -> None:
    data = http.get("/rest/v1/cxkg/data", params={"uri": NPS, "format": "text/turtle"})
    assert (URIRef(NPS), None, None) in Graph().parse(data=data.text, format="turtle")
    assert http.get("/rest/v1/cxkg/label", params={"uri": NPS}).json()["prefLabel"] == "Net Promoter Score"
    narrower = http.get("/rest/v1/cxkg/children", params={"uri": parent}).json()["narrower"]
    assert any(n["uri"] == NPS and n["hasChildren"] is False for n in narrower)
    tops = http.get("/rest/v1/cxkg/topConcepts").json()
    assert tops["uri"] == "https://w3id.org/cxkg/scheme" and any(t["hasChildren"] for t in tops["topconcepts"])
    chain = http.get("/rest/v1/cxkg/broaderTransitive", params={"uri": NPS}).json()["broaderTransitive"]
    assert chain[NPS]["broader"] == [parent] and parent in chain


def test_skosmos_unknown_vocabulary_and_missing_uri(http: TestClient) -> None:
    assert http.get("/rest/v1/yso/topConcepts").status_code == 404
    assert http.get("/rest/v1/cxkg/children").status_code == 400
