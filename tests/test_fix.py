"""cxkg fix: the diff is shown (exit 1), --write repairs, and validate no longer reports those rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import cxkg
from cxkg.cli import main

DATA = Path(__file__).parent / "data"
FIXED = {"el", "cx-acronym-label", "dlv", "hr", "urc", "mis", "otc"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rules(path: Path, profile: str = "skos") -> set[str]:
    return {r.rule for r in cxkg.load(path).validate(profile).results}


@pytest.fixture()
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "fixable.ttl"
    shutil.copy(DATA / "fixable.ttl", path)
    return path


def test_fix_shows_a_diff_and_changes_nothing_without_write(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = broken.read_bytes()
    code, out, err = run(capsys, "fix", str(broken))
    assert code == 1 and broken.read_bytes() == before
    assert out.startswith(f"--- a/{broken}\n+++ b/{broken}\n@@ ")
    assert '-    skos:prefLabel " Metrics "@en .' in out and '+    skos:prefLabel "Net Promoter Score"@en ;' in out
    assert {line.split(":")[0] for line in err.splitlines()} == FIXED | {"chr"}
    assert "chr: cycle of 2 concepts: http://example.org/fix/a -> http://example.org/fix/b; not broken" in err


def test_after_fix_write_validate_no_longer_reports_those_rules(broken: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert FIXED - {"cx-acronym-label"} <= rules(broken) and "cx-acronym-label" in rules(broken, "cx")
    code, _, err = run(capsys, "fix", str(broken), "--write")
    assert code == 0 and f"wrote {broken}" in err
    assert broken.read_text(encoding="utf-8").startswith("# Defects cxkg fix repairs")
    assert not (rules(broken) | rules(broken, "cx")) & FIXED
    assert "chr" in rules(broken)  # cycles are only reported ...
    code, _, err = run(capsys, "fix", str(broken), "--break-cycles", "--write")
    assert code == 0
    assert "chr: break the cycle 'Cycle A' -> 'Cycle B' by removing 'Cycle B' skos:broader 'Cycle A'" in err
    assert "chr" not in rules(broken)
    code, out, _ = run(capsys, "fix", str(broken))  # nothing left to do
    assert (code, out) == (0, "")


def test_only_limits_the_repairs(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "fix", str(broken), "--only", "urc", "--write")
    assert code == 0 and {line.split(":")[0] for line in err.splitlines()[:-1]} == {"urc", "chr"}
    found = rules(broken)
    assert "urc" not in found and {"el", "dlv", "hr"} <= found
    code, _, err = run(capsys, "fix", str(broken), "--only", "nope")
    assert code == 2 and err.startswith("cxkg: no repair for rule nope; rules with repairs: el, ")


def test_the_bundled_graph_needs_no_repair(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "fix")
    assert (code, out) == (0, "")
