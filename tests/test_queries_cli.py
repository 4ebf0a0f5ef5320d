"""`cxkg queries` and `cxkg query`, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from cxkg.cli import main
from cxkg.resources import bundled_names

MINI = str(Path(__file__).parent / "data" / "mini.ttl")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_queries_lists_names_descriptions_and_parameters(capsys):
    code, out, _ = run(capsys, "queries")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["name", "description", "parameters"]
    assert [line.split()[0] for line in lines[1:]] == bundled_names("queries")
    assert any(line.startswith("ancestors ") and line.endswith("concept: concept, lang: lang?") for line in lines)


def test_named_query_on_the_bundled_graph(capsys):
    code, out, err = run(capsys, "query", "ancestors", "--param", "concept=NPS")
    assert code == 0 and err == ""
    assert out.splitlines()[0].split() == ["ancestor", "label", "distance"]
    assert "cx:" in out.splitlines()[1]  # IRIs shown compactly


def test_table_output_is_aligned(capsys):
    code, out, _ = run(capsys, "query", "-f", MINI, "ancestors", "-p", "concept=churn")
    assert code == 0
    assert out.splitlines() == ["ancestor    label             distance",
                                "ex:loyalty  Customer loyalty  1",
                                "ex:metrics  Metrics           2"]


def test_json_is_sparql_results(capsys):
    code, out, _ = run(capsys, "query", "-f", MINI, "broader", "-p", "concept=NPS", "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["head"]["vars"] == ["broader", "label"]
    assert document["results"]["bindings"][0]["broader"] == {"type": "uri", "value": "http://example.org/mini/metrics"}


def test_csv_and_tsv_have_the_variable_header(capsys):
    _, out, _ = run(capsys, "query", "-f", MINI, "broader", "-p", "concept=NPS", "--format", "csv")
    assert out == "broader,label\r\nhttp://example.org/mini/metrics,Metrics\r\n"
    _, out, _ = run(capsys, "query", "-f", MINI, "broader", "-p", "concept=NPS", "--format", "tsv")
    assert out == '?broader\t?label\n<http://example.org/mini/metrics>\t"Metrics"@en\n'


def test_xml_output(capsys):
    code, out, _ = run(capsys, "query", "-f", MINI, "-e", "SELECT ?l WHERE { ex:nps skos:prefLabel ?l }",
                       "--format", "xml")
    assert code == 0 and '<literal xml:lang="en">Net Promoter Score</literal>' in out


@pytest.mark.parametrize(("query", "answer", "code"), [("ASK { ex:nps skos:broader ex:metrics }", "true", 0),
                                                       ("ASK { ex:nps skos:broader ex:channels }", "false", 1)])
def test_ask_prints_and_exits_by_its_answer(capsys, query, answer, code):
    assert run(capsys, "query", "-f", MINI, "-e", query) == (code, answer + "\n", "")
    exit_code, out, _ = run(capsys, "query", "-f", MINI, "-e", query, "--format", "json")
    assert exit_code == code and json.loads(out)["boolean"] is (answer == "true")


def test_construct_defaults_to_turtle_and_offers_json_ld(capsys):
    query = "CONSTRUCT { ?c skos:broader ex:metrics } WHERE { ?c skos:broader ex:metrics }"
    code, out, _ = run(capsys, "query", "-f", MINI, "-e", query)
    turtle = Graph().parse(data=out, format="turtle")
    assert code == 0 and len(turtle) == 6
    code, out, _ = run(capsys, "query", "-f", MINI, "-e", query, "--format", "json-ld")
    assert code == 0 and len(json.loads(out)) == 6
    code, _, err = run(capsys, "query", "-f", MINI, "-e", query, "--format", "csv")
    assert code == 2 and "turtle or json-ld" in err


def test_query_file_with_a_header(capsys, tmp_path):
    path = tmp_path / "labelled.rq"
    path.write_text("# labelled — concepts with a given label.\n# param text: string — the label, e.g. Churn\n"
                    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                    "SELECT ?c WHERE { ?c skos:prefLabel ?l FILTER(STR(?l) = ?text) }\n", encoding="utf-8")
    assert run(capsys, "query", "-f", MINI, str(path), "-p", "text=Churn") == (0, "c\nex:churn\n", "")
    code, _, err = run(capsys, "query", "-f", MINI, str(path))
    assert code == 2 and "needs text" in err


def test_limit_truncates_with_a_warning(capsys):
    code, out, err = run(capsys, "query", "-f", MINI, "-e", "SELECT ?c WHERE { ?c a skos:Concept }", "--limit", "2")
    assert code == 0 and len(out.splitlines()) == 3 and "first 2 rows" in err


def test_adhoc_params_bind_strings(capsys):
    hostile = '" . } ; DROP ALL ; #'
    code, out, _ = run(capsys, "query", "-f", MINI, "-e", "SELECT ?x WHERE { BIND(?v AS ?x) }", "-p", f"v={hostile}",
                       "--format", "csv")
    assert code == 0 and out == 'x\r\n""" . } ; DROP ALL ; #"\r\n'


@pytest.mark.parametrize(("args", "message"), [
    (["query", "ancestorz", "-p", "concept=NPS"], "did you mean 'ancestors'?"),
    (["query", "-e", "SELECT ?x WHERE { ?x ?y }"], "malformed SPARQL at line 1, column"),
    (["query", "-e", "DROP ALL"], "refused: this is a SPARQL Update"),
    (["query", "-e", "INSERT DATA { <a:b> <a:c> 1 }"], "refused"),
    (["query", "-e", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], "refused: SERVICE"),
    (["query", "ancestors"], "needs concept"),
    (["query", "ancestors", "-p", "concept=NPS", "-p", "depth=2"], "has no parameter depth"),
    (["query", "ancestors", "-p", "concept"], "expected KEY=VALUE"),
    (["query"], "give a query NAME or FILE.rq"),
    (["query", "stats", "-e", "ASK {}"], "give a query NAME or FILE.rq"),
])
def test_bad_input_is_one_message_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_unknown_concept_exits_1(capsys):
    code, _, err = run(capsys, "query", "-f", MINI, "ancestors", "-p", "concept=Nothing like it")
    assert code == 1 and "no concept matches" in err


def test_show_sparql_prints_the_standalone_text_and_runs_nothing(capsys, monkeypatch):
    monkeypatch.setattr("cxkg.sparql.engine._execute", lambda *args: pytest.fail("the query ran"))
    code, out, err = run(capsys, "query", "-f", MINI, "broader", "-p", "concept=NPS", "--show-sparql")
    assert code == 0 and err == ""
    assert 'WHERE {\n  VALUES (?concept ?lang) { (<http://example.org/mini/nps> "en") }\n' in out
    assert out.startswith("# broader — ") and "PREFIX skos:" in out
    code, out, _ = run(capsys, "query", "-f", MINI, "-e", "SELECT ?x WHERE { ?x skos:broader ex:metrics }",
                       "-p", 'x=a "quoted" \\ text', "--show-sparql")
    assert code == 0 and out.splitlines()[:2] == ["PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
                                                  "PREFIX ex: <http://example.org/mini/>"]
    assert 'VALUES (?x) { ("a \\"quoted\\" \\\\ text") }' in out


def test_query_files_get_the_default_prefixes_of_e(capsys, tmp_path):
    path = tmp_path / "pasted.rq"
    path.write_text("SELECT ?l WHERE { ex:nps skos:prefLabel ?l FILTER(lang(?l) = 'en') }\n", encoding="utf-8")
    assert run(capsys, "query", "-f", MINI, str(path)) == (0, "l\nNet Promoter Score\n", "")


def test_show_sparql_text_runs_in_pyoxigraph_with_the_same_rows(capsys):
    import pyoxigraph

    _, text, _ = run(capsys, "query", "-f", MINI, "siblings", "-p", "concept=Live chat", "--show-sparql")
    _, csv_out, _ = run(capsys, "query", "-f", MINI, "siblings", "-p", "concept=Live chat", "--format", "csv")
    store = pyoxigraph.Store()
    store.load(path=MINI, format=pyoxigraph.RdfFormat.TURTLE)
    rows = [",".join(term.value if term else "" for term in solution) for solution in store.query(text)]
    assert rows == csv_out.splitlines()[1:]
