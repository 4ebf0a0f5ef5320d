"""CSV (both ways), GraphML and Markdown: same concepts, labels and links; losses reported exactly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from rdflib import URIRef

import cxkg
from cxkg.interchange import COLUMNS, join, read_csv, split
from cxkg.model import Concept

DATA = Path(__file__).parent / "data"
EX = "http://example.org/mini/"


def essentials(concept: Concept) -> tuple:
    return (concept.iri, concept.label, concept.alt_labels, concept.acronyms, concept.definition,
            concept.broader, concept.narrower, concept.related, concept.sources)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# -- CSV ------------------------------------------------------------------------------------------
def test_csv_has_one_row_per_concept_with_the_documented_columns(mini: cxkg.Glossary) -> None:
    result = mini.export("csv")
    table = rows(result.text or "")
    assert tuple(table[0]) == COLUMNS
    assert [r["iri"] for r in table] == [str(i) for i in mini.iris]
    nps = next(r for r in table if r["iri"] == EX + "nps")
    assert nps["prefLabel"] == "Net Promoter Score" and nps["acronyms"] == "NPS"
    assert nps["altLabels"] == "net promoter" and nps["broader"] == EX + "metrics"
    assert split(next(r for r in table if r["iri"] == EX + "metrics")["narrower"]) == [
        str(i) for i in mini.concept("Metrics").narrower]


def test_csv_reports_exactly_what_it_drops(mini: cxkg.Glossary) -> None:
    assert list(mini.export("csv").dropped) == [
        "rdf:type: 2 values not carried",
        "skos:inScheme: 14 values not carried",
        "skos:topConceptOf: 2 values not carried",
        "deprecated concepts: 1 left out",
        "other resources (schemes, collections, sources, schema): 15 triples about 4 resources not exported as such",
    ]


@pytest.mark.parametrize("fixture", ["mini.ttl", "poly.ttl"])
def test_csv_round_trips_to_the_same_concepts_labels_and_links(fixture: str, tmp_path: Path) -> None:
    glossary = cxkg.load(DATA / fixture)
    path = tmp_path / "glossary.csv"
    glossary.export("csv", path)
    again = cxkg.Glossary(read_csv(path))
    assert [essentials(c) for c in again] == [essentials(c) for c in glossary]


def test_the_bundled_glossary_round_trips_through_csv(bundled: cxkg.Glossary, tmp_path: Path) -> None:
    if not len(bundled):
        pytest.skip("the bundled ontology/ has no concepts yet")
    bundled.export("csv", tmp_path / "cx.csv")
    again = cxkg.Glossary(read_csv(tmp_path / "cx.csv"))
    assert [essentials(c) for c in again] == [essentials(c) for c in bundled]


def test_list_cells_escape_separators_and_backslashes() -> None:
    values = ["semi;colon", "back\\slash", "plain"]
    assert join(values) == "semi\\;colon; back\\\\slash; plain"
    assert split(join(values)) == values
    assert split(" a ;; b ") == ["a", "b"]


def test_a_spreadsheet_with_labels_for_links_becomes_skos() -> None:
    graph = read_csv(DATA / "sheet.csv", base="https://example.org/sheet/", scheme="https://example.org/sheet")
    glossary = cxkg.Glossary(graph)
    nps = glossary.concept("NPS")
    assert nps.iri == URIRef("https://example.org/sheet/net-promoter-score")
    assert nps.alt_labels == ("net promoter", "recommend score") and nps.acronyms == ("NPS",)
    assert [glossary.label(i) for i in nps.broader] == ["Metrics"]
    assert [glossary.label(i) for i in nps.related] == ["Customer loyalty"]
    assert glossary.concept("Customer loyalty").definition == 'Customers keep buying; they "stick".'
    assert [c.label for c in glossary.top_concepts] == ["Metrics"]
    assert glossary.schemes == [URIRef("https://example.org/sheet")]


@pytest.mark.parametrize(("text", "message"), [
    ("label,definition\nA,x\n", "no 'prefLabel' column"),
    ("prefLabel,colour\nA,red\n", "unknown columns 'colour'"),
    ("prefLabel,broader\nA,Nowhere\n", "sheet.csv:2: broader: no row is labelled 'Nowhere'"),
    ("prefLabel\nA\n", "sheet.csv:2: no iri for 'A'"),
    ("iri,prefLabel\nhttp://e/a,A\nhttp://e/a,B\n", "sheet.csv:3: IRI http://e/a is already used on line 2"),
    ("iri,prefLabel\nnot an iri,A\n", "'not an iri' is not an IRI"),
    ("iri,prefLabel,related\nhttp://e/a,A,Same\nhttp://e/b,Same,\nhttp://e/c,Same,\n", "'Same' names 2 rows"),
])
def test_bad_spreadsheets_are_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(cxkg.DataLoadError, match=message.replace("(", r"\(")):
        read_csv(path, base="http://e/" if "no iri" not in message else None)


def test_a_non_utf8_spreadsheet_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("prefLabel\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(cxkg.DataLoadError, match="not UTF-8"):
        read_csv(path, base="http://e/")


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
