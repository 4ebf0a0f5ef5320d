"""``cxkg validate`` in-process: exit codes, the three formats, bad input, and a foreign SHACL profile."""

from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
from conftest import DATA, shared_path
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

from cxkg.cli import main

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
