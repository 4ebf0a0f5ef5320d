"""``cxkg export``, ``cxkg import`` and ``cxkg graph`` in-process, plus one run of the installed command."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import cxkg
from cxkg.cli import main

DATA = Path(__file__).parent / "data"
MINI = str(DATA / "mini.ttl")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_writes_turtle_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "-f", MINI)
    assert code == 0 and not err
    assert isomorphic(Graph().parse(data=out, format="turtle"), cxkg.load(MINI).graph)


def test_export_infers_the_format_from_the_output_and_reports_losses(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path) -> None:
    code, out, err = run(capsys, "export", "-o", str(tmp_path / "mini.csv"), "-f", MINI, "--root", "Metrics")
    assert code == 0 and not out
    assert f"wrote {tmp_path / 'mini.csv'} (csv, 8 concepts)" in err
    assert "cannot hold everything" not in err
    assert (tmp_path / "mini.csv.dropped.txt").read_text(encoding="utf-8").endswith("nothing dropped\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "mini.csv", "mini.csv.dropped.txt", "mini.prefixes.csv", "mini.resources.csv", "mini.scheme.csv"]
    code, out, err = run(capsys, "export", "-F", "csv", "-f", MINI)  # no file: the side tables are lost
    assert code == 0 and out.startswith("iri,prefLabel@en,")
    assert "csv cannot hold everything:" in err and "  - scheme table (written only beside an output file)" in err


def test_export_options_reach_the_exporters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "-F", "json-ld", "--expanded", "-f", MINI, "--collection", "Ratios")
    assert code == 0 and out.lstrip().startswith("[")
    code, out, _ = run(capsys, "export", "-F", "openmetadata", "--glossary-name", "CX", "-f", MINI)
    assert code == 0 and "\r\nCX.Metrics,Churn rate," in out
    code, out, _ = run(capsys, "export", "-F", "nt", "--infer", "closure", "-f", MINI)
    assert code == 0 and "broaderTransitive" in out


@pytest.mark.parametrize(("args", "message"), [
    (("-F", "excel"), "cxkg: unknown export format 'excel'; known formats: turtle, nt, xml, json-ld, csv"),
    (("-o", "/proc/no/such/dir/out.ttl"), "cxkg: /proc/no/such/dir/out.ttl: cannot write"),
    (("-F", "csv", "--expanded"), "cxkg: option expanded does not apply to csv"),
    (("-F", "markdown"), "cxkg: markdown writes a folder: give an output path"),
    (("--root", "Nothing at all"), "cxkg: no concept matches 'Nothing at all'"),
])
def test_export_errors_are_one_line_without_traceback(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                                      message: str) -> None:
    code, out, err = run(capsys, "export", *args, "-f", MINI)
    assert code == (1 if "no concept" in message else 2)
    assert err.startswith(message) and err.count("\n") == 1 and not out


def test_import_turns_a_spreadsheet_into_skos(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_path = tmp_path / "sheet.ttl"
    code, _, err = run(capsys, "import", str(DATA / "sheet.csv"), "-o", str(out_path),
                       "--base", "https://example.org/sheet/", "--scheme", "https://example.org/sheet")
    assert code == 0 and "wrote" in err
    glossary = cxkg.load(out_path)
    assert len(glossary) == 4 and glossary.concept("NPS").label == "Net Promoter Score"
    code, _, err = run(capsys, "import", str(DATA / "sheet.csv"))
    assert code == 2 and err.startswith("cxkg: ")
    assert "concepts row 2: no IRI for 'Metrics': give one, or a base IRI (--base)" in err


def test_graph_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "graph", "path", "NPS", "Churn", "-f", MINI)
    assert code == 0 and out.splitlines() == ["Net Promoter Score", "  --related--> Customer loyalty",
                                              "  --narrower--> Churn"]
    code, _, err = run(capsys, "graph", "path", "Churn", "Chatbot", "-f", MINI)
    assert code == 1 and "no path" in err
    code, out, _ = run(capsys, "graph", "hubs", "-n", "2", "-f", MINI)
    assert code == 0 and out.splitlines()[1].split()[:2] == ["Metrics", "6"]
    code, out, _ = run(capsys, "graph", "cycles", "-f", MINI)
    assert (code, out) == (0, "no cycles in broader\n")
    code, out, _ = run(capsys, "graph", "cycles", "-f", str(DATA / "poly.ttl"))
    assert (code, out) == (1, "Cycle A -> Cycle B -> Cycle A\n")
    code, out, _ = run(capsys, "graph", "components", "-f", MINI)
    assert code == 0 and "components: 2" in out and "8 concepts" in out
    code, out, _ = run(capsys, "graph", "depth", "-f", MINI)
    assert code == 0 and "max depth: 2" in out


@pytest.mark.slow
def test_the_installed_command_exports(tmp_path: Path) -> None:
    command = shutil.which("cxkg", path=str(Path(__file__).resolve().parents[1] / ".venv" / "bin")) \
        or shutil.which("cxkg")
    if command is None:
        pytest.skip("the cxkg command is not installed")
    done = subprocess.run([command, "export", "-F", "datahub", "-o", str(tmp_path / "g.yml"), "-f", MINI],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "g.yml").read_text(encoding="utf-8").count("source_url:") == 14
