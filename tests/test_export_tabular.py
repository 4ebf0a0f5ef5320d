"""GraphML and Markdown: same concepts, labels and links; losses reported exactly (CSV: test_spreadsheet.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

import cxkg
from cxkg.model import Concept

DATA = Path(__file__).parent / "data"
EX = "http://example.org/mini/"


def essentials(concept: Concept) -> tuple:
    return (concept.iri, concept.label, concept.alt_labels, concept.acronyms, concept.definition,
            concept.broader, concept.narrower, concept.related, concept.sources)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# -- GraphML --------------------------------------------------------------------------------------
def test_graphml_reads_back_with_the_same_concepts_labels_and_links(mini: cxkg.Glossary, tmp_path: Path) -> None:
    import networkx as nx

    result = mini.export("graphml", tmp_path / "mini.graphml")
    network = nx.read_graphml(tmp_path / "mini.graphml", force_multigraph=True)
    assert sorted(network.nodes) == [str(i) for i in mini.iris]
    assert all(network.nodes[str(c.iri)]["label"] == c.label for c in mini)
    assert network.nodes[EX + "nps"]["type"] == "Metric"
    broader = {(u, v) for u, v, r in network.edges(data="relation") if r == "broader"}
    related = {frozenset((u, v)) for u, v, r in network.edges(data="relation") if r == "related"}
    assert broader == {(str(c.iri), str(b)) for c in mini for b in c.broader}
    assert related == {frozenset((str(c.iri), str(r))) for c in mini for r in c.related}
    assert network.number_of_edges() == len(broader) + len(related)
    assert "skos:altLabel: 6 values not carried" in result.dropped
    assert (tmp_path / "mini.graphml.dropped.txt").read_text(encoding="utf-8").count("\n") == 1 + len(result.dropped)


def test_graphml_edge_ids_are_unique(mini: cxkg.Glossary) -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(mini.export("graphml").text or "")
    ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == len(set(ids)) > 10


# -- Markdown -------------------------------------------------------------------------------------
def notes(folder: Path) -> dict[str, tuple[dict, str]]:
    found = {}
    for path in sorted(folder.glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        found[path.stem] = (yaml.safe_load(front), body)
    return found


def test_markdown_writes_one_linked_note_per_concept(mini: cxkg.Glossary, tmp_path: Path) -> None:
    result = mini.export("markdown", tmp_path / "vault")
    found = notes(tmp_path / "vault")
    assert sorted(front["iri"] for front, _ in found.values()) == [str(i) for i in mini.iris]
    front, body = found["Net Promoter Score"]
    assert front["aliases"] == ["NPS", "net promoter"] and front["sources"] == [EX + "src"]
    assert "## Broader\n- [[Metrics]]" in body and "## Related\n- [[Customer loyalty]]" in body
    for _, text in found.values():  # every wiki-link names an existing note
        for link in [part.split("]]")[0].split("|")[0] for part in text.split("[[")[1:]]:
            assert link in found
    assert result.report == tmp_path / "vault.dropped.txt" and result.report.is_file()


def test_markdown_file_names_are_safe_and_distinct(tmp_path: Path) -> None:
    glossary = cxkg.load(DATA / "poly.ttl")
    glossary.export("markdown", tmp_path / "vault")
    names = sorted(p.name for p in (tmp_path / "vault").glob("*.md"))
    assert "Price-Quality- -v2.0.md" in names
    assert "Left.md" in names and "Left (2).md" in names
    _, body = notes(tmp_path / "vault")["Price-Quality- -v2.0"]
    assert body.startswith('\n# Price/Quality: "v2.0"?')
    assert "[[Both]]" in body and "## Broader\n- [[Left" in body


def test_markdown_replaces_its_own_folder_but_never_a_foreign_one(mini: cxkg.Glossary, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    mini.export("markdown", vault)
    (vault / "stale.md").write_text("old", encoding="utf-8")
    mini.export("markdown", vault)
    assert not (vault / "stale.md").exists() and (vault / "Churn.md").is_file()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "diary.md").write_text("keep me", encoding="utf-8")
    with pytest.raises(cxkg.ExportError, match="not empty and was not written by cxkg"):
        mini.export("markdown", foreign)
    assert (foreign / "diary.md").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "vault", "vault.dropped.txt"]
