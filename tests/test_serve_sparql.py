"""The SPARQL 1.1 Protocol endpoint, in process and through clients no one here wrote."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph

import cxkg

pytest.importorskip("starlette")
from serving import TestClient, client, running

from cxkg.serve import create_app

LABEL = "SELECT ?l WHERE { <https://w3id.org/cxkg/net-promoter-score> skos:prefLabel ?l }"
FULL = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + LABEL
CONSTRUCT = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
             "CONSTRUCT { ?c skos:prefLabel ?l } WHERE { ?c skos:prefLabel ?l } LIMIT 5")


@pytest.fixture(scope="module")
def app(bundled: cxkg.Glossary):  # type: ignore[no-untyped-def]
    return create_app(bundled, timeout=5.0, row_limit=100)


@pytest.fixture(scope="module")
def http(app) -> TestClient:  # type: ignore[no-untyped-def]
    return client(app)


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    (None, "application/sparql-results+json"),
])
def test_select_results_follow_accept(http: TestClient, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = http.get("/sparql", params={"query": LABEL}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Net Promoter Score" in response.text
    assert response.headers["access-control-allow-origin"] == "*"


def test_query_by_urlencoded_post_and_direct_post(http: TestClient) -> None:
    form = http.post("/sparql", data={"query": LABEL}, headers={"Accept": "application/sparql-results+json"})
    assert form.json()["results"]["bindings"][0]["l"]["value"] == "Net Promoter Score"
    direct = http.post("/sparql", content=LABEL.encode(), headers={"Content-Type": "application/sparql-query",
                                                                   "Accept": "text/csv"})
    assert list(csv.reader(io.StringIO(direct.text)))[1] == ["Net Promoter Score"]


@pytest.mark.parametrize("accept, parser", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                            ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_construct_results_are_graphs(http: TestClient, accept: str, parser: str) -> None:
    response = http.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith(accept)
    assert len(Graph().parse(data=response.text, format=parser)) == 5


def test_ask_is_json_or_xml(http: TestClient) -> None:
    ask = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "text/csv, */*;q=0.1"})
    assert json.loads(ask.text)["boolean"] is True


@pytest.mark.parametrize("request_kwargs", [
    {"method": "GET", "params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"method": "POST", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"method": "POST", "content": b"DELETE WHERE { ?s ?p ?o }",
     "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "GET", "params": {"query": "LOAD <http://example.org/x.ttl>"}},
    {"method": "GET", "params": {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}},
])
def test_update_load_and_service_are_refused(http: TestClient, request_kwargs: dict) -> None:  # type: ignore[type-arg]
    method = request_kwargs.pop("method")
    response = http.request(method, "/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "refused" in response.text


def test_malformed_queries_and_parameters_are_400(http: TestClient) -> None:
    assert http.get("/sparql", params={"query": "SELEKT"}).status_code == 400
    assert http.get("/sparql", params={"query": LABEL, "limit": "x"}).status_code == 400
    assert http.get("/sparql", params={"query": LABEL, "default-graph-uri": "urn:g"}).status_code == 400


def test_the_row_limit_caps_results(http: TestClient) -> None:
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert len(response.text.strip().splitlines()) == 1 + 100
    assert response.headers["x-truncated"] == "true"


def test_the_time_limit_answers_503(mini: cxkg.Glossary) -> None:
    slow = client(create_app(mini, base=None, timeout=0.2))
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = slow.get("/sparql", params={"query": query})
    assert response.status_code == 503
    assert "time limit" in response.text


def test_get_without_a_query_is_the_service_description(http: TestClient) -> None:
    response = http.get("/sparql")
    graph = Graph().parse(data=response.text, format="turtle")
    assert response.headers["content-type"].startswith("text/turtle")
    assert "SPARQL11Query" in response.text and len(graph) > 5


def test_sparqlwrapper_queries_a_real_server(app) -> None:  # type: ignore[no-untyped-def]
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

    with running(app) as url:
        wrapper = SPARQLWrapper(url + "/sparql")
        wrapper.setQuery(FULL)
        wrapper.setReturnFormat(JSON)
        bindings = wrapper.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
        assert bindings[0]["l"]["value"] == "Net Promoter Score"
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(CSV)
        assert b"Net Promoter Score" in wrapper.query().convert()  # type: ignore[operator]
        wrapper.setQuery(CONSTRUCT)
        wrapper.setReturnFormat(TURTLE)
        assert len(Graph().parse(data=wrapper.query().convert(), format="turtle")) == 5  # type: ignore[arg-type]
        wrapper.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        wrapper.setMethod(POST)
        from urllib.error import HTTPError

        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        with pytest.raises((SPARQLWrapperException, HTTPError)):
            wrapper.query()


def _jena_classpath(tmp: Path) -> str | None:
    """Debian's Jena jars, minus clashing loggers, plus Xerces messages where Debian's relocation expects them."""
    jars = sorted(Path("/usr/share/java").glob("*.jar"))
    core = Path("/usr/share/java/jena-core.jar")
    if shutil.which("java") is None or not core.exists():
        return None
    fix = tmp / "xerces-messages"
    with zipfile.ZipFile(core) as archive:
        for name in archive.namelist():
            prefix = "org/apache/jena/ext/xerces/"
            if name.startswith(prefix) and name.endswith(".properties"):
                target = fix / "xerces" / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    clash = ("log4j-over-slf4j", "slf4j-log4j12", "slf4j-jdk", "slf4j-simple", "slf4j-nop", "jcl-over",
             "logback", "maven3-slf4j")
    return ":".join([str(fix), *(str(j) for j in jars if not any(c in j.name for c in clash))])


@pytest.mark.engine
@pytest.mark.slow
def test_jena_rsparql_queries_a_real_server(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    classpath = _jena_classpath(tmp_path)
    if classpath is None:
        pytest.skip("needs java and Debian's Jena jars (/usr/share/java/jena-core.jar)")
    query = tmp_path / "q.rq"
    query.write_text(FULL)
    with running(app) as url:
        done = subprocess.run(["java", "-cp", classpath, "arq.rsparql", "--service", url + "/sparql",
                               "--query", str(query), "--results", "CSV"],
                              capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["l", "Net", "Promoter", "Score"]
