"""The validation API: profiles, engines, the report's views, errors, and the bundled graph's verdict."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, SKOS

import cxkg
from cxkg import DataLoadError, UnknownResource
from cxkg.loading import load_graph
from cxkg.report import Severity, ValidationReport
from cxkg.resources import resolve
from cxkg.validation import validate

EX = "http://example.org/mini/"


@pytest.fixture(scope="module")
def mini_report() -> ValidationReport:
    return cxkg.load(DATA / "mini.ttl").validate("skos")


def test_warnings_conform_unless_strict(mini) -> None:
    report = mini.validate("skos")
    assert report.counts == {Severity.VIOLATION: 0, Severity.WARNING: 9, Severity.INFO: 0}
    assert report.conforms and report.engine == "fast" and report.profile == "skos"
    strict = mini.validate("skos", strict=True)
    assert not strict.conforms and strict.results == report.results


def test_violations_do_not_conform(mini) -> None:
    report = mini.validate("cx")
    assert not report.conforms
    assert report.counts[Severity.VIOLATION] == 26
    assert {r.rule for r in report.results if r.focus == URIRef(EX + "effort")} == {
        "cx-acronym-alt", "cx-acronym-unique", "cx-source", "urc"}


def test_results_carry_labels_rule_and_shape(mini_report) -> None:
    churn = next(r for r in mini_report.results if r.focus == URIRef(EX + "churn"))
    assert (churn.label, churn.rule, churn.severity) == ("Churn", "urc", Severity.WARNING)
    assert (churn.path, churn.value, churn.value_label) == (SKOS.broader, URIRef(EX + "loyalty"), "Customer loyalty")
    assert churn.shape == URIRef("https://w3id.org/cxkg/shapes/skos#UnidirectionallyRelatedConcepts")
    assert churn.rule_name == "Missing inverse of broader, narrower or related"
    assert churn.message and churn.component == SH.SPARQLConstraintComponent


def test_json_view(mini_report) -> None:
    data = json.loads(mini_report.to_json())
    assert (data["profile"], data["engine"], data["conforms"]) == ("skos", "fast", True)
    assert data["counts"] == {"Violation": 0, "Warning": 9, "Info": 0}
    first = data["results"][0]
    assert set(first) >= {"rule", "rule_name", "severity", "focus", "label", "path", "value", "message", "shape"}
    assert first["path"] == "skos:broader"


def test_text_view_leads_with_a_summary_per_rule_then_groups_by_rule_then_concept(mini_report) -> None:
    lines = mini_report.to_text().splitlines()
    assert lines[0].split() == ["9", "Warning", "urc", "Missing", "inverse", "of", "broader,", "narrower", "or",
                                "related"]
    assert lines[1] == ""
    assert lines[2].startswith("Warning  urc  Missing inverse") and lines[2].endswith("(9 results)")
    assert lines[3] == "  Chatbot  ex:chatbot"
    assert lines[4].startswith("    skos:broader Channels ex:channels: ")
    assert lines[-1].startswith("0 violations, 9 warnings, 0 info — conforms")


def test_text_view_caps_the_examples_per_rule_and_counts_the_rest(mini_report) -> None:
    capped = mini_report.to_text(max_per_rule=3).splitlines()
    assert sum(line.startswith("    ") for line in capped[2:]) == 3  # after the summary line
    assert "  … 6 more (--all or --max-per-rule to see them)" in capped
    full = mini_report.to_text(max_per_rule=None).splitlines()
    assert sum(line.startswith("    ") for line in full[2:]) == 9 and not any("more (--all" in line for line in full)


def test_graph_view_is_a_shacl_report(mini_report) -> None:
    graph = mini_report.graph
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms) == Literal(False)  # SHACL: any result means non-conforming
    assert len(set(graph.objects(report, SH.result))) == len(mini_report.results)
    reparsed = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert len(reparsed) == len(graph)


def test_glossary_validate_is_the_module_function(mini) -> None:
    assert mini.validate("cx").results == validate(mini.graph, "cx").results


def test_a_shapes_file_runs_on_pyshacl_unless_the_fast_engine_is_asked_for(tmp_path: Path) -> None:
    copy = tmp_path / "my-skos.ttl"
    shutil.copy(resolve("shapes", "skos"), copy)
    graph = load_graph([DATA / "shapes" / "rrc.ttl"])
    report = validate(graph, copy)
    assert (report.engine, report.profile) == ("pyshacl", str(copy))
    assert [r.rule for r in report.results] == ["rrc"]
    fast = validate(graph, copy, engine="fast")  # an unchanged copy: every shape matches its check
    assert (fast.engine, fast.delegated, fast.results) == ("fast", (), report.results)
    bundled_by_path = validate(graph, resolve("shapes", "skos"))
    assert (bundled_by_path.engine, bundled_by_path.profile) == ("fast", "skos")


def test_cx_profile_includes_skos() -> None:
    graph = load_graph([DATA / "shapes" / "rrc.ttl"])
    assert [r.rule for r in validate(graph, "cx").results] == ["rrc"]


@pytest.mark.parametrize(("profile", "engine", "error", "text"), [
    ("nope", None, UnknownResource, "bundled: cx, skos"),
    ("skos", "turbo", UnknownResource, "expected one of fast, pyshacl"),
])
def test_bad_options_say_what_is_valid(profile, engine, error, text) -> None:
    with pytest.raises(error, match=text):
        validate(Graph(), profile, engine=engine)


def test_unreadable_or_invalid_shapes_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:path \"open .\n")
    with pytest.raises(DataLoadError, match=r"broken\.ttl:2:\d+"):
        validate(Graph(), broken)
    invalid = tmp_path / "invalid.ttl"
    invalid.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                       "<http://x/S> a sh:NodeShape ; sh:targetNode <http://x/a> ; sh:path <http://x/p> .\n")
    with pytest.raises(DataLoadError, match=r"invalid\.ttl: invalid SHACL"):
        validate(Graph(), invalid)


def test_severity_from_iri() -> None:
    assert Severity.from_iri(SH.Info) is Severity.INFO
    assert Severity.from_iri(URIRef("http://example.org/Custom")) is Severity.VIOLATION


@pytest.mark.parametrize("profile", ["skos", "cx"])
def test_bundled_graph_conforms(bundled, profile) -> None:
    report = bundled.validate(profile)
    assert report.conforms, report.to_text()


def test_validation_imports_stay_lazy() -> None:
    code = ("import sys, cxkg, cxkg.validation; "
            "print(sorted(m for m in ('pyshacl', 'networkx', 'cxkg.validation.fast') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
