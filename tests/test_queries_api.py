"""The query API: typed parameters, safety (read-only, offline), limits, and the W3C result formats."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS
from rdflib.query import Result

import cxkg
from cxkg import ConceptNotFound, QueryError, QueryParameterError, UnknownResource

DATA = Path(__file__).parent / "data"
EX = "http://example.org/mini/"
HOSTILE = ['"', "'", "}", '" . } ; DROP ALL ; #', "x\n} INSERT DATA { <a:b> <a:c> 1 } #", "<http://evil>",
           "?concept", "\\u0022"]


@pytest.fixture
def fresh() -> cxkg.Glossary:
    """A private copy of mini, for tests that try to change it."""
    return cxkg.load(DATA / "mini.ttl")


def snapshot(glossary: cxkg.Glossary) -> Graph:
    copy = Graph()
    copy += glossary.graph
    return copy


# -- parameters ---------------------------------------------------------------------------------
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_come_back_as_data(fresh, value):
    before = snapshot(fresh)
    echoed = fresh.query("SELECT ?x WHERE { BIND(?v AS ?x) }", v=value)
    assert echoed.rows == ((Literal(value),),)
    found = fresh.run("search", text=value)
    assert found.vars == ("concept", "label", "matched", "field")  # the value ran as a search, not as SPARQL
    assert all(value.lower() in str(row[2]).lower() for row in found.rows)
    assert isomorphic(before, fresh.graph)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_no_concept_and_no_iri(mini, value):
    with pytest.raises((ConceptNotFound, QueryParameterError)):
        mini.run("ancestors", concept=value)
    if value != "<http://evil>":  # a well-formed IRI in angle brackets is simply an IRI: no members
        with pytest.raises(QueryParameterError):
            mini.run("collection", collection=value)
    assert mini.run("collection", collection="<http://evil>").rows == ()


def test_concept_parameters_accept_what_glossary_concept_accepts(mini):
    expected = mini.run("broader", concept="NPS").rows
    for ref in ("nps", "Net Promoter Score", "ex:nps", EX + "nps", f"<{EX}nps>", URIRef(EX + "nps"),
                mini.concept("NPS")):
        assert mini.run("broader", concept=ref).rows == expected


def test_parameters_are_checked_against_the_header(mini):
    with pytest.raises(QueryParameterError, match=r"needs concept; its parameters: concept: concept, lang: lang\?"):
        mini.run("ancestors")
    with pytest.raises(QueryParameterError, match="has no parameter depth, term"):
        mini.run("ancestors", concept="NPS", term="x", depth=2)
    with pytest.raises(QueryParameterError, match="expects integer"):
        mini.run("shared-terms", min="many")
    with pytest.raises(QueryParameterError, match="expects lang"):
        mini.run("leaves", lang="not a tag")
    with pytest.raises(QueryParameterError, match="expects string"):
        mini.run("search", text=3)
    with pytest.raises(ConceptNotFound, match="did you mean"):
        mini.run("ancestors", concept="Net Promoter Scor")


def test_parameter_values_are_typed(mini):
    assert mini.run("shared-terms", min=0).rows == mini.run("shared-terms", min="0").rows != ()
    assert mini.run("collection", collection="ex:collection").rows == mini.run(
        "collection", collection=EX + "collection").rows


def test_unknown_query_names_the_closest_and_all(mini):
    with pytest.raises(UnknownResource, match=r"did you mean 'ancestors'\?.*named queries: ancestors, broader"):
        mini.run("ancestor", concept="NPS")


def test_adhoc_bindings_take_python_values(mini):
    query = "SELECT ?x WHERE { BIND(?v AS ?x) }"
    for value, term in [(3, Literal(3)), (True, Literal(True)), ("x", Literal("x")), (URIRef(EX), URIRef(EX)),
                        (mini.concept("NPS"), URIRef(EX + "nps"))]:
        assert mini.query(query, v=value).rows == ((term,),)
    with pytest.raises(QueryParameterError, match=r"no variable \?w"):
        mini.query(query, w=1)
    with pytest.raises(QueryParameterError, match="cannot bind"):
        mini.query(query, v=object())


def test_glossary_prefixes_are_predeclared_for_adhoc_queries(mini):
    result = mini.query("SELECT ?l WHERE { ex:nps skos:prefLabel ?l }")
    assert result.rows == ((Literal("Net Promoter Score", lang="en"),),)


# -- safety -------------------------------------------------------------------------------------
UPDATES = ["DROP ALL", "CLEAR DEFAULT", "INSERT DATA { <a:b> <a:c> 1 }", "DELETE WHERE { ?s ?p ?o }",
           "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "CREATE GRAPH <a:g>", "LOAD <http://example.org/x.ttl>",
           "# a comment\nPREFIX ex: <http://example.org/>\nINSERT { ex:a ex:b ex:c } WHERE {}",
           'SELECT * WHERE { ?s ?p ?o } ; DROP ALL']


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_and_change_nothing(fresh, update):
    before = snapshot(fresh)
    with pytest.raises(QueryError, match=r"refused|malformed"):
        fresh.query(update)
    assert isomorphic(before, fresh.graph)


def test_update_words_in_strings_and_comments_are_not_updates(mini):
    query = 'SELECT ?x WHERE { BIND("DROP ALL; INSERT DATA { }" AS ?x) } # DELETE WHERE { ?s ?p ?o }'
    assert mini.query(query).rows == ((Literal("DROP ALL; INSERT DATA { }"),),)


def test_updates_run_only_when_allowed(fresh):
    fresh.query("INSERT DATA { <http://example.org/mini/nps> <http://www.w3.org/2004/02/skos/core#note> 'n' }",
                allow_update=True)
    assert (URIRef(EX + "nps"), SKOS.note, Literal("n")) in fresh.graph
    with pytest.raises(QueryError, match="LOAD and SERVICE reach the network"):
        fresh.query("LOAD <http://example.org/x.ttl>", allow_update=True)


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to reach the network fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("the network was reached")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr("rdflib.plugins.sparql.evaluate.urlopen", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } } }",
    "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_remote_access_is_refused_before_running(mini, offline, query):
    with pytest.raises(QueryError, match="refused"):
        mini.query(query)


def test_errors_are_one_line_with_a_position(mini):
    with pytest.raises(QueryError) as caught:
        mini.query("SELECT ?x\nWHERE { ?x skos:prefLabel }")
    assert "line 2, column" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(QueryError, match="invalid SPARQL: Unknown namespace prefix"):
        mini.query("SELECT ?x WHERE { ?x nope:thing ?y }")
    with pytest.raises(QueryError, match="malformed"):
        mini.query("# only a comment")


# -- limits -------------------------------------------------------------------------------------
def test_row_limit_truncates_and_says_so(mini):
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert len(mini.query(everything).rows) == len(mini.graph)
    cut = mini.query(everything, limit=5)
    assert len(cut.rows) == 5 and cut.truncated
    assert not mini.query(everything, limit=0).truncated


def test_time_limit_stops_a_runaway_query(mini):
    start = time.monotonic()
    with pytest.raises(QueryError, match=r"time limit of 0\.05 s"):
        mini.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", limit=0, timeout=0.05)
    assert time.monotonic() - start < 10


# -- results ------------------------------------------------------------------------------------
def test_rows_dicts_and_table(mini):
    result = mini.run("ancestors", concept="churn")
    assert result.type == "SELECT" and result.vars == ("ancestor", "label", "distance")
    assert result.rows[0] == (URIRef(EX + "loyalty"), Literal("Customer loyalty", lang="en"), Literal(1))
    assert result.to_dicts() == [{"ancestor": EX + "loyalty", "label": "Customer loyalty", "distance": 1},
                                 {"ancestor": EX + "metrics", "label": "Metrics", "distance": 2}]
    assert result.to_table()[:2] == [["ancestor", "label", "distance"], [EX + "loyalty", "Customer loyalty", "1"]]
    assert result.to_table(compact=True)[1][0] == "ex:loyalty"


def tricky(mini: cxkg.Glossary) -> cxkg.sparql.QueryResult:
    """A result with a language tag, a datatype, quotes, a tab, a newline, a comma and an unbound value."""
    return mini.query('SELECT ?iri ?text ?number ?none WHERE { VALUES (?iri ?text ?number) '
                      '{ (ex:nps "say \\"hi\\",\\tthen\\nbye"@en 3) } OPTIONAL { ?iri ex:nothing ?none } }')


def test_json_is_w3c_sparql_results(mini):
    document = json.loads(tricky(mini).serialize("json"))
    assert document["head"]["vars"] == ["iri", "text", "number", "none"]
    assert document["results"]["bindings"] == [{
        "iri": {"type": "uri", "value": EX + "nps"},
        "text": {"type": "literal", "value": 'say "hi",\tthen\nbye', "xml:lang": "en"},
        "number": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    assert json.loads(mini.query("ASK { ?s ?p ?o }").serialize("json")) == {"head": {}, "boolean": True}


def test_csv_has_plain_values_and_a_header(mini):
    text = tricky(mini).serialize("csv")
    assert text.startswith("iri,text,number,none\r\n")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["iri", "text", "number", "none"], [EX + "nps", 'say "hi",\tthen\nbye', "3", ""]]


def test_tsv_writes_turtle_terms(mini):
    text = tricky(mini).serialize("tsv")
    assert text.splitlines()[0] == "?iri\t?text\t?number\t?none"
    assert text.splitlines()[1] == (f'<{EX}nps>\t"say \\"hi\\",\\tthen\\nbye"@en\t'
                                    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>\t')
    assert text.count("\n") == 2


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "xml"])
def test_every_format_reads_back_with_an_independent_parser(mini, fmt):
    result = mini.run("labels", concept="NPS")
    parsed = Result.parse(io.StringIO(result.serialize(fmt)), format=fmt)
    assert [tuple(str(v) for v in parsed.vars)] == [result.vars]
    if fmt == "csv":  # CSV keeps no language tags or datatypes
        assert [tuple(map(str, row)) for row in parsed] == [tuple(map(str, row)) for row in result.rows]
    else:
        assert [tuple(row) for row in parsed] == list(result.rows)


def test_xml_is_w3c_sparql_results(mini):
    root = ET.fromstring(tricky(mini).serialize("xml"))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["iri", "text", "number", "none"]
    literal = root.find("r:results/r:result/r:binding[@name='text']/r:literal", ns)
    assert literal is not None and literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.find("r:results/r:result/r:binding[@name='none']", ns) is None


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's JSON-LD parser
def test_construct_and_describe_give_graphs(mini):
    result = mini.query("CONSTRUCT { ?c skos:prefLabel ?l } WHERE { ?c skos:prefLabel ?l ; skos:broader ex:channels }")
    expected = Graph()
    for iri in mini.run("narrower", concept="channels").rows:
        expected.add((iri[0], SKOS.prefLabel, mini.graph.value(iri[0], SKOS.prefLabel)))
    assert result.type == "CONSTRUCT" and isomorphic(result.graph, expected)
    assert isomorphic(Graph().parse(data=result.serialize("turtle"), format="turtle"), expected)
    assert isomorphic(Graph().parse(data=result.serialize("json-ld"), format="json-ld"), expected)
    described = mini.query("DESCRIBE ex:nps")
    assert (URIRef(EX + "nps"), SKOS.prefLabel, Literal("Net Promoter Score", lang="en")) in described.graph
    with pytest.raises(QueryError, match="turtle or json-ld"):
        result.serialize("csv")
    with pytest.raises(QueryError, match="has no form for ASK"):
        mini.query("ASK {}").serialize("csv")


def test_import_cxkg_does_not_load_the_query_engine():
    code = "import sys, cxkg; sys.exit('cxkg.sparql' in sys.modules or 'rdflib.plugins.sparql.parser' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_an_allowed_update_refreshes_the_glossary(fresh):
    assert fresh.concept("nps").definition
    fresh.query("INSERT DATA { <http://example.org/mini/new> a <http://www.w3.org/2004/02/skos/core#Concept> ; "
                "<http://www.w3.org/2004/02/skos/core#prefLabel> 'Brand new term'@en }", allow_update=True)
    assert fresh.concept("brand new term").iri == URIRef(EX + "new")
    fresh.query("DELETE WHERE { <http://example.org/mini/nps> <http://www.w3.org/2004/02/skos/core#definition> ?d }",
                allow_update=True)
    assert fresh.concept("nps").definition is None
