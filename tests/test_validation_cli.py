"""``cxkg validate`` in-process: exit codes, the three formats, bad input, and a foreign SHACL profile."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from conftest import DATA, shared_path
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

from cxkg.cli import main
from cxkg.oxstore import triples_from_ox

TURTLE = pyoxigraph.RdfFormat.TURTLE

MINI = str(DATA / "mini.ttl")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_warnings_pass_and_strict_fails(capsys) -> None:
    code, out, _ = run(capsys, MINI)
    assert code == 0
    assert "Customer loyalty" in out and out.rstrip().endswith("(profile skos, engine fast)")
    assert run(capsys, MINI, "--strict")[0] == 1


def test_violations_exit_1_and_file_option_works_like_the_argument(capsys) -> None:
    code, out, _ = run(capsys, "-f", MINI, "--profile", "cx")
    assert code == 1 and out.splitlines()[0].split()[1] == "Violation"


def test_no_file_validates_the_bundled_graph_with_the_cx_profile(capsys) -> None:
    code, out, _ = run(capsys)
    assert code == 0, out
    assert "(profile cx, engine fast)" in out.splitlines()[-1]


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_json_output(capsys, tmp_path: Path, engine: str) -> None:
    tiny = tmp_path / "tiny.ttl"  # one concept: pySHACL runs one query per focus node and shape
    tiny.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    "<http://example.org/a> a skos:Concept ; skos:prefLabel \"A\"@en ; "
                    "skos:related <http://example.org/a> .\n")
    code, out, _ = run(capsys, str(tiny), "--format", "json", "--engine", engine)
    data = json.loads(out)
    assert code == 0 and data["engine"] == engine
    assert data["counts"] == {"Violation": 0, "Warning": 2, "Info": 1}
    assert sorted(r["rule"] for r in data["results"]) == ["mis", "rrc", "uc"]


def test_turtle_output_is_the_shacl_report(capsys) -> None:
    code, out, _ = run(capsys, MINI, "--format", "turtle", "--profile", "cx")
    graph = Graph().parse(data=out, format="turtle")
    assert code == 1 and (None, RDF.type, SH.ValidationReport) in graph
    assert len(set(graph.subjects(RDF.type, SH.ValidationResult))) == 35


@pytest.mark.parametrize(("args", "needle"), [
    ((str(DATA / "shapes" / "garbage.txt"),), "garbage.txt"),
    ((MINI, "--profile", "nope"), "no shapes named 'nope'"),
])
def test_bad_input_exits_2_with_one_line(capsys, args, needle) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_garbage_data_and_shapes_files_name_line_and_column(capsys, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.ttl"
    garbage.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d \"never closed .\n")
    for args in ((str(garbage),), (MINI, "--profile", str(garbage))):
        code, out, err = run(capsys, *args)
        assert (code, out) == (2, "")
        assert err.startswith(f"cxkg: {garbage}:3:") and len(err.strip().splitlines()) == 1


def test_a_vocpub_profile_gives_plain_pyshacl_results(capsys) -> None:
    validator = shared_path("conformance", "vocpub", "validator.ttl")
    example = shared_path("conformance", "vocpub", "examples", "01-invalid.ttl")
    code, out, _ = run(capsys, str(example), "--profile", str(validator), "--format", "turtle")
    _, plain, _ = pyshacl.validate(Graph().parse(example), shacl_graph=Graph().parse(validator))
    assert code == 1
    assert isomorphic(Graph().parse(data=out, format="turtle"), plain)
    assert len(set(plain.subjects(RDF.type, SH.ValidationResult))) == 16


NO_DEFINITION = ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                 "<http://example.org/s> a skos:ConceptScheme ; skos:hasTopConcept <http://example.org/a> .\n"
                 "<http://example.org/a> a skos:Concept ; skos:prefLabel \"A\"@en ; "
                 "skos:topConceptOf <http://example.org/s> ; skos:inScheme <http://example.org/s> .\n")


@pytest.mark.parametrize(("options", "code"), [((), 0), (("--strict",), 0), (("--fail-on", "warning"), 0),
                                               (("--fail-on", "info"), 1), (("--fail-on", "violation"), 0)])
def test_a_missing_definition_is_info_and_fails_only_under_fail_on_info(capsys, tmp_path: Path, options, code) -> None:
    data = tmp_path / "gap.ttl"
    data.write_text(NO_DEFINITION, encoding="utf-8")
    found, out, _ = run(capsys, str(data), *options)
    assert found == code
    assert out.splitlines()[0].split()[:3] == ["1", "Info", "uc"]  # qSKOS "undocumented concepts"


def test_strict_and_another_fail_on_level_are_refused(capsys) -> None:
    code, _, err = run(capsys, MINI, "--strict", "--fail-on", "info")
    assert code == 2 and "--strict means --fail-on warning" in err


def test_text_caps_examples_per_rule_unless_all(capsys) -> None:
    _, capped, _ = run(capsys, MINI, "--max-per-rule", "2")
    _, every, _ = run(capsys, MINI, "--all")
    assert "  … 7 more (--all or --max-per-rule to see them)" in capped.splitlines()
    assert "more (--all" not in every and len(every.splitlines()) > len(capped.splitlines())
    assert capped.splitlines()[-1] == every.splitlines()[-1]  # the totals come last either way


def test_sarif_output_has_rules_levels_messages_and_concept_locations(capsys) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    code, out, _ = run(capsys, MINI, "--profile", "cx", "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, SARIF_SHAPE)
    run_ = log["runs"][0]
    rules = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert code == 1 and log["version"] == "2.1.0" and len(rules) == len(set(rules))
    for result in run_["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
    levels = {result["ruleId"]: result["level"] for result in run_["results"]}
    assert levels["urc"] == "warning" and "error" in levels.values()
    first = run_["results"][0]["locations"][0]
    assert first["logicalLocations"][0]["fullyQualifiedName"].startswith("http://example.org/mini/")
    assert first["physicalLocation"]["artifactLocation"]["uri"] == MINI


#: the parts of the SARIF 2.1.0 schema (OASIS) a code-scanning upload needs, with their required keys
SARIF_SHAPE = {
    "type": "object", "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name", "rules"],
                    "properties": {"name": {"type": "string"}, "rules": {"type": "array", "items": {
                        "type": "object", "required": ["id"],
                        "properties": {"id": {"type": "string"}, "defaultConfiguration": {
                            "type": "object",
                            "properties": {"level": {"enum": ["none", "note", "warning", "error"]}}}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["ruleId", "level", "message", "locations"],
                    "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": 0},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"type": "object", "required": ["text"]},
                        "locations": {"type": "array", "minItems": 1, "items": {"type": "object"}}}}}}}}},
}


# -- invalid IRIs and ill-typed literals: results of their own rules, never a load error -------------
BROKEN = ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
          "<http://example.org/a b> a skos:Concept ; skos:prefLabel \"A\"@en ;\n"
          "    skos:notation \"maybe\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n")


def broken(folder: Path) -> Path:
    path = folder / "broken.ttl"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_invalid_iris_and_ill_typed_literals_in_every_report_format(capsys, tmp_path: Path) -> None:
    path = str(broken(tmp_path))
    code, text, err = run(capsys, path)
    assert (code, err) == (1, "")
    assert [line.split()[:3] for line in text.splitlines()[:2]] == [["1", "Violation", "ill-typed-literal"],
                                                                   ["1", "Violation", "invalid-iri"]]
    assert "  A  <http://example.org/a b>" in text.splitlines()
    code, out, err = run(capsys, path, "--format", "sarif")
    run_ = json.loads(out)["runs"][0]
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in run_["tool"]["driver"]["rules"]}
    assert code == 1 and levels["invalid-iri"] == levels["ill-typed-literal"] == "error"
    focus = {r["ruleId"]: r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in run_["results"]}
    assert focus["invalid-iri"] == "http://example.org/a b"
    code, out, err = run(capsys, path, "--format", "turtle")
    report = Graph()  # read strictly: the report holds the invalid IRI as text, never as an IRI
    report.addN((*triple, report) for triple in triples_from_ox(pyoxigraph.parse(out.encode(), format=TURTLE)))
    any_uri = URIRef("http://www.w3.org/2001/XMLSchema#anyURI")
    assert code == 1 and (None, SH.focusNode, Literal("http://example.org/a b", datatype=any_uri)) in report
    assert "maybe" in {str(value) for value in report.objects(None, SH.value)}  # as written, not "false"


def test_both_engines_report_them_alike(capsys, tmp_path: Path, prepared_queries: None) -> None:
    def results(engine: str) -> list[tuple[str, str, str | None]]:
        code, out, _ = run(capsys, str(broken(tmp_path)), "--engine", engine, "--format", "json")
        assert code == 1
        return sorted((r["rule"], r["focus"], r["value"]) for r in json.loads(out)["results"])

    assert results("fast") == results("pyshacl")


def test_a_profile_without_the_rule_refuses_invalid_iris_with_one_line(capsys, tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                    "<http://example.org/S> a sh:NodeShape ; sh:targetNode <http://example.org/x> .\n")
    code, out, err = run(capsys, str(broken(tmp_path)), "--profile", str(mine))
    assert (code, out) == (2, "") and err.startswith("cxkg: ") and err.count("\n") == 1
    assert "Invalid IRI code point ' '" in err
    importing = tmp_path / "importing.ttl"  # a profile that imports the bundled one has the rule
    importing.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                         "<http://example.org/mine> owl:imports <https://w3id.org/cxkg/shapes/skos> .\n")
    code, out, _ = run(capsys, str(broken(tmp_path)), "--profile", str(importing), "--format", "json")
    assert code == 1 and "invalid-iri" in {r["rule"] for r in json.loads(out)["results"]}


def test_a_persistent_store_is_left_as_it_was(capsys, tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", MINI, "--store", store]) == 0
    filled = capsys.readouterr().out
    code, out, err = run(capsys, "-f", str(broken(tmp_path)), "--store", store, "--format", "json")
    assert code == 1 and "invalid-iri" in {r["rule"] for r in json.loads(out)["results"]}
    assert err == ("cxkg: note: the data holds 1 invalid IRI, which an Oxigraph store cannot hold; "
                   "read into memory instead\n")
    assert main(["stats", "--store", store]) == 0
    assert f"triples: {filled.split(': ')[1].split()[0]}" in capsys.readouterr().out


def test_standard_input_is_read_once_though_loaded_twice(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BROKEN.encode())))
    code, out, _ = run(capsys, "-f", "-", "--store", "oxigraph", "--format", "json")
    assert code == 1 and {"invalid-iri", "ill-typed-literal"} <= {r["rule"] for r in json.loads(out)["results"]}
