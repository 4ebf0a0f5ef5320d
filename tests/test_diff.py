"""cxkg diff: every change class planted in a copy of the fixture, found under the right class and concept."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

import cxkg
from cxkg.change import diff
from cxkg.change.render import as_kgcl, as_markdown
from cxkg.cli import main
from cxkg.namespaces import CX

DATA = Path(__file__).parent / "data"
EX = Namespace("http://example.org/mini/")
OTHER = Namespace("http://other.org/")


def planted() -> tuple[Graph, Graph]:
    """The fixture, and a copy with one change of every class."""
    old = Graph().parse(DATA / "mini.ttl")
    new = Graph().parse(DATA / "mini.ttl")
    new.add((EX.csat, SKOS.hiddenLabel, Literal("c-sat", lang="en")))  # so csat stays put otherwise
    new.remove((EX.touchpoint, None, None))  # removed
    new.add((EX.journey, RDF.type, SKOS.Concept))  # added
    new.add((EX.journey, SKOS.prefLabel, Literal("Customer journey", lang="en")))
    new.add((EX["live-chat"], OWL.deprecated, Literal(True)))  # deprecated without replacement
    new.add((EX.chatbot, OWL.deprecated, Literal(True)))  # deprecated with replacement
    new.add((EX.chatbot, DCTERMS.isReplacedBy, EX.journey))
    new.add((EX.effort, OWL.deprecated, Literal(True)))  # merged: its label moves to csat
    new.add((EX.effort, DCTERMS.isReplacedBy, EX.csat))
    new.add((EX.csat, SKOS.altLabel, Literal("Customer Effort Score", lang="en")))
    new.add((EX["ces-event"], OWL.deprecated, Literal(True)))  # split
    new.add((EX["ces-event"], DCTERMS.isReplacedBy, EX.channels))
    new.add((EX["ces-event"], DCTERMS.isReplacedBy, EX.omnichannel))
    new.set((EX.nps, SKOS.prefLabel, Literal("Net promoter score", lang="en")))  # relabelled, old label lost
    new.set((EX.churn, SKOS.prefLabel, Literal("Customer churn", lang="en")))  # relabelled, old kept as alt
    new.add((EX.churn, SKOS.altLabel, Literal("Churn", lang="en")))
    new.add((EX.loyalty, SKOS.prefLabel, Literal("Asiakasuskollisuus", lang="fi")))  # label added (fi)
    new.remove((EX.omnichannel, SKOS.altLabel, Literal("Omni-channel", lang="en")))  # label removed
    new.set((EX.metrics, SKOS.definition, Literal("Numbers about customers.", lang="en")))  # definition
    new.add((EX.channels, SKOS.scopeNote, Literal("Digital and physical.", lang="en")))  # note
    new.set((EX["retention-rate"], SKOS.broader, EX.loyalty))  # moved
    new.add((EX.omnichannel, SKOS.related, EX.channels))  # related added
    new.remove((EX["churn-rate"], SKOS.related, EX["retention-rate"]))  # related removed (both directions)
    new.remove((EX["retention-rate"], SKOS.related, EX["churn-rate"]))
    new.add((EX.loyalty, SKOS.exactMatch, OTHER.loyalty))  # mapping added
    new.add((EX["churn-rate"], RDF.type, CX.Metric))  # types changed
    new.add((EX.nps, CX.unit, Literal("points")))  # metric fact
    new.set((EX.scheme, SKOS.prefLabel, Literal("Mini", lang="en")))  # scheme metadata
    return old, new


def by_kind(result: cxkg.change.Diff) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for change in result.changes:
        found.setdefault(change.kind, []).append(change.subject.rsplit("/", 1)[-1])
    return found


def test_every_planted_change_is_found_under_its_class() -> None:
    result = diff(*planted())
    assert by_kind(result) == {
        "removed": ["touchpoint"], "added": ["journey"], "deprecated": ["chatbot", "live-chat"],
        "merged": ["effort"], "split": ["ces-event"], "relabelled": ["churn", "nps"],
        "label-added": ["churn", "csat", "csat", "loyalty"], "label-removed": ["omnichannel"],
        "definition-changed": ["metrics"], "note-changed": ["channels"], "moved": ["retention-rate"],
        "related-added": ["channels"], "related-removed": ["churn-rate"], "mapping-added": ["loyalty"],
        "types-changed": ["churn-rate"], "metric-changed": ["nps"], "scheme-changed": ["scheme"],
    }
    details = {(c.kind, c.subject.rsplit("/", 1)[-1]): c.detail for c in result.changes}
    assert details[("relabelled", "churn")]["old_kept_as_altLabel"] is True
    assert details[("relabelled", "nps")] == {"language": "en", "old": "Net Promoter Score",
                                              "new": "Net promoter score", "old_kept_as_altLabel": False}
    assert details[("deprecated", "chatbot")]["replaced_by"] == [str(EX.journey)]
    assert details[("deprecated", "live-chat")]["replaced_by"] == []
    assert details[("merged", "effort")]["labels_moved"] == ["Customer Effort Score"]
    assert details[("moved", "retention-rate")] == {"old": [str(EX.metrics)], "new": [str(EX.loyalty)]}
    assert details[("label-added", "loyalty")]["language"] == "fi"
    assert result.bump == "major" and [c.subject for c in result.breaking] == [str(EX.touchpoint)]


def test_no_false_changes_between_a_file_and_its_reserialisation(tmp_path: Path) -> None:
    for name in ("mini.ttl", "edge.ttl", "poly.ttl"):
        graph = Graph().parse(DATA / name)
        again = Graph().parse(data=graph.serialize(format="xml"), format="xml")
        assert diff(graph, again).changes == ()
    bundled = cxkg.load().graph
    assert diff(bundled, Graph().parse(data=bundled.serialize(format="nt"), format="nt")).bump == "none"


def test_the_bump_follows_the_highest_level() -> None:
    old = Graph().parse(DATA / "mini.ttl")
    new = Graph().parse(DATA / "mini.ttl")
    new.add((EX.nps, SKOS.altLabel, Literal("promoter score", lang="en")))
    assert diff(old, new).bump == "patch"
    new.add((EX.x, RDF.type, SKOS.Concept))
    assert diff(old, new).bump == "minor"


def test_markdown_json_and_kgcl_outputs() -> None:
    result = diff(*planted())
    markdown = as_markdown(result, "[0.2.0] - 2026-12-01")
    assert markdown.startswith("## [0.2.0] - 2026-12-01\n\n### Breaking\n\n- removed 'Touchpoint'")
    assert "Suggested version bump: **major**." in markdown
    kgcl = as_kgcl(result).splitlines()
    assert f"delete <{EX.touchpoint}>" in kgcl
    assert f"obsolete <{EX.chatbot}> with replacement <{EX.journey}>" in kgcl
    assert f"rename <{EX.nps}> from 'Net Promoter Score'@en to 'Net promoter score'@en" in kgcl
    assert f"create synonym 'Asiakasuskollisuus'@fi for <{EX.loyalty}>" not in kgcl  # a prefLabel, not synonym
    assert f"create edge <{EX.loyalty}> skos:exactMatch <{OTHER.loyalty}>" in kgcl
    assert f"create node <{EX.journey}> 'Customer journey'" in kgcl
    assert any(line.startswith("# no KGCL form: scheme-changed") for line in kgcl)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_diff_of_files_with_fail_on_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = planted()
    old.serialize(tmp_path / "old.ttl", format="turtle")
    new.serialize(tmp_path / "new.ttl", format="turtle")
    code, out, _ = run(capsys, "diff", str(tmp_path / "old.ttl"), str(tmp_path / "new.ttl"), "--format", "json",
                       "--fail-on", "breaking")
    data = json.loads(out)
    assert code == 1 and data["bump"] == "major" and data["breaking"] == 1
    code, out, _ = run(capsys, "diff", str(tmp_path / "old.ttl"), str(tmp_path / "old.ttl"), "--fail-on", "breaking")
    assert code == 0 and out == "no changes; 0 breaking; suggested bump: none\n"


def test_cli_diff_of_git_revisions(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    old, new = planted()
    (tmp_path / "ontology").mkdir()
    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    old.serialize(tmp_path / "ontology" / "v.ttl", format="turtle")
    git("add", ".")
    git("commit", "-qm", "one")
    git("tag", "v0.1.0")
    new.serialize(tmp_path / "ontology" / "v.ttl", format="turtle")
    git("commit", "-qam", "two")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "diff", "v0.1.0..HEAD")
    assert code == 0 and "removed 'Touchpoint'" in out and out.endswith("suggested bump: major\n")
    code, out, _ = run(capsys, "diff", "v0.1.0")  # against the working tree
    assert code == 0 and "removed 'Touchpoint'" in out
    code, _, err = run(capsys, "diff", "no-such-rev")
    assert code == 2 and err.startswith("cxkg: git ls-tree:") and err.count("\n") == 1
