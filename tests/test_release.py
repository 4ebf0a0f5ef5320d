"""cxkg release: stamps, changelog, refusals; and it works on the repository's own ontology folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

import cxkg
from cxkg.cli import main

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
EX = "http://example.org/mini/"
DAY = Literal("2026-12-01", datatype=XSD.date)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
                   check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ontology").mkdir()
    shutil.copy(DATA / "mini.ttl", tmp_path / "ontology" / "mini.ttl")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_release_stamps_dates_and_prepends_the_changelog(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vocab = repo / "ontology" / "mini.ttl"
    edit(vocab, 'skos:prefLabel "Churn"@en', 'skos:prefLabel "Customer churn"@en')
    comments = [line for line in vocab.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    code, _, err = run(capsys, "release", "0.2.0", "--date", "2026-12-01")
    assert code == 0 and "released 0.2.0 (previous: none" in err
    graph = Graph().parse(vocab)
    scheme, churn = URIRef(EX + "scheme"), URIRef(EX + "churn")
    assert graph.value(scheme, OWL.versionInfo) == Literal("0.2.0") and graph.value(scheme, DCTERMS.modified) == DAY
    assert graph.value(churn, DCTERMS.modified) == DAY
    assert graph.value(URIRef(EX + "nps"), DCTERMS.modified) is None  # unchanged concepts keep their dates
    assert [line for line in vocab.read_text(encoding="utf-8").splitlines() if line.startswith("#")] == comments
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n\n## [0.2.0] - 2026-12-01\n\nChanges since the first version")
    assert "relabelled 'Customer churn'" in changelog
    git(repo, "commit", "-qam", "release 0.2.0")
    edit(vocab, 'skos:prefLabel "Chatbot"@en', 'skos:prefLabel "Chat bot"@en')
    code, _, err = run(capsys, "release", "0.2.0")
    assert code == 1 and err == "cxkg: version 0.2.0 is not greater than the previous release 0.2.0\n"
    code, _, _ = run(capsys, "release", "0.3.0", "--date", "2026-12-02")
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert code == 0 and changelog.index("## [0.3.0]") < changelog.index("## [0.2.0]")
    assert "Changes since 0.2.0" in changelog and "relabelled 'Chat bot'" in changelog
    assert "relabelled 'Customer churn'" not in changelog.split("## [0.2.0]")[0]


def test_release_refuses_bad_versions_and_invalid_data(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vocab = repo / "ontology" / "mini.ttl"
    before = vocab.read_bytes()
    code, _, err = run(capsys, "release", "1.0")
    assert code == 2 and "'1.0' is not a version X.Y.Z" in err
    edit(vocab, 'skos:prefLabel "Churn"@en', 'skos:prefLabel "Churn"@en, "Attrition"@en')  # S14: a Violation
    broken = vocab.read_bytes()
    code, _, err = run(capsys, "release", "0.2.0")
    assert code == 1 and err.startswith("cxkg: validation fails (") and vocab.read_bytes() == broken != before
    assert not (repo / "CHANGELOG.md").exists()


def test_release_works_on_the_repository_ontology(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The data already says 0.2.0 (released in CHANGELOG.md); a copy without that file releases anew."""
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "edition 1")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "release", "0.3.0", "--date", "2026-12-01")
    assert code == 0 and "stamped" in err and "which no release recorded; it now says '0.3.0'" in err
    graph = cxkg.load(*sorted((tmp_path / "ontology").glob("*.ttl"))).graph
    assert graph.value(URIRef("https://w3id.org/cxkg/scheme"), OWL.versionInfo) == Literal("0.3.0")
    assert len(graph) == len(cxkg.load().graph)  # the stamps replace values, nothing else changes
    assert (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8").startswith("# Changelog\n\n## [0.3.0]")
    assert cxkg.Glossary(graph).validate("cx").conforms
