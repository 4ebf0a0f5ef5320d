"""Queries on a glossary held in an Oxigraph store go to Oxigraph's own engine, with the same answers,
result objects, safety rules and limits as on rdflib's memory store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

import cxkg
from cxkg.errors import QueryError
from cxkg.sparql import catalog
from cxkg.sparql import oxigraph as oxigraph_engine

DATA = Path(__file__).parent / "data"
EX = "http://example.org/mini/"


def on_oxigraph(glossary: cxkg.Glossary) -> cxkg.Glossary:
    graph = Graph(store="Oxigraph")
    for prefix, namespace in glossary.graph.namespaces():
        graph.bind(prefix, namespace, override=True)
    graph += glossary.graph
    return cxkg.Glossary(graph, lang=glossary.lang)


@pytest.fixture(scope="module")
def memory() -> cxkg.Glossary:
    return cxkg.load(DATA / "mini.ttl", DATA / "mini-extras.ttl")


@pytest.fixture(scope="module")
def ox(memory: cxkg.Glossary) -> cxkg.Glossary:
    return on_oxigraph(memory)


def as_sets(result: cxkg.sparql.QueryResult) -> list[tuple[str, ...]]:
    return [tuple("; ".join(sorted(cell.split("; "))) for cell in row) for row in result.to_table()[1:]]


def test_the_query_text_goes_to_oxigraph(ox, memory, monkeypatch):
    assert oxigraph_engine.supports(ox.graph) and not oxigraph_engine.supports(memory.graph)

    def refuse(*args, **kwargs):
        raise AssertionError("rdflib's evaluator was used")

    monkeypatch.setattr("rdflib.plugins.sparql.evaluate.evalQuery", refuse)
    assert ox.run("broader", concept="Kiosk").rows == ((URIRef(EX + "channels"), Literal("Channels", lang="en")),)


@pytest.mark.parametrize("query", catalog(), ids=lambda query: query.name)
def test_named_queries_answer_as_on_the_memory_store(memory, ox, query):
    params = {p.name: p.example for p in query.parameters if p.required}
    params = {"concept": "churn"} if "concept" in params else {"text": "rate"} if "text" in params else params
    expected, answer = memory.run(query.name, **params), ox.run(query.name, **params)
    assert answer.vars == expected.vars
    assert as_sets(answer) == as_sets(expected)


def test_adhoc_forms_limits_and_safety(ox):
    assert ox.query("ASK { ex:nps skos:broader ex:metrics }").ask is True
    built = ox.query("CONSTRUCT { ?c skos:broader ex:metrics } WHERE { ?c skos:broader ex:metrics }")
    assert built.type == "CONSTRUCT" and len(built.graph) == 6 and "skos:broader" in built.serialize("turtle")
    cut = ox.query("SELECT ?c WHERE { ?c a skos:Concept }", limit=3)
    assert len(cut.rows) == 3 and cut.truncated
    assert ox.query("SELECT ?l WHERE { ?c skos:prefLabel ?l }", c=ox.concept("NPS")).rows[0][0].language
    with pytest.raises(QueryError, match="refused: SERVICE"):
        ox.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match=r"time limit of 0\.5 s"):
        ox.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?l", timeout=0.5)


def test_results_serialise_alike(memory, ox):
    for fmt in ("json", "csv", "tsv", "xml"):
        expected = memory.run("broader", concept="Kiosk").serialize(fmt)
        assert ox.run("broader", concept="Kiosk").serialize(fmt) == expected
