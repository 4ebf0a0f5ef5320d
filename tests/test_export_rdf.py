"""Lossless RDF exports (turtle, nt, xml, json-ld): round trips, stability, scope and inference."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

import cxkg
from cxkg.export import FORMATS, ExportResult, export, format_for, get_format

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
EX = "http://example.org/mini/"
RDF_FORMATS = [("turtle", "turtle", {}), ("nt", "nt", {}), ("xml", "xml", {}), ("json-ld", "json-ld", {}),
               ("json-ld", "json-ld", {"expanded": True})]


def reparse(result: ExportResult, parser: str) -> Graph:
    assert result.text is not None
    return Graph().parse(data=result.text, format=parser)


@pytest.mark.parametrize("fixture", ["mini.ttl", "edge.ttl"])
@pytest.mark.parametrize(("fmt", "parser", "options"), RDF_FORMATS)
def test_rdf_formats_round_trip_to_an_isomorphic_graph(fixture: str, fmt: str, parser: str, options: dict) -> None:
    glossary = cxkg.load(DATA / fixture)
    result = glossary.export(fmt, **options)
    assert result.dropped == ()
    assert isomorphic(reparse(result, parser), glossary.graph)


@pytest.mark.parametrize(("fmt", "parser", "options"), RDF_FORMATS)
def test_the_bundled_graph_round_trips(bundled: cxkg.Glossary, fmt: str, parser: str, options: dict) -> None:
    if not len(bundled):
        pytest.skip("the bundled ontology/ has no concepts yet")
    assert isomorphic(reparse(bundled.export(fmt, **options), parser), bundled.graph)


def test_a_real_vocabulary_round_trips_through_turtle(voc4cat) -> None:  # type: ignore[no-untyped-def]
    glossary = cxkg.load(voc4cat)
    again = Graph().parse(data=glossary.export("turtle").text, format="turtle")
    assert len(again) == len(glossary.graph) > 7000
    assert isomorphic(again, glossary.graph)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json-ld"])
def test_rdf_exports_are_byte_identical_across_loads(fmt: str) -> None:
    first = cxkg.load(DATA / "edge.ttl").export(fmt).text
    # the same triples parsed in another order (N-Triples, reversed) must give the same bytes
    lines = Graph().parse(DATA / "edge.ttl").serialize(format="nt").splitlines()
    shuffled = Graph().parse(data="\n".join(reversed(lines)), format="nt")
    for prefix, namespace in Graph().parse(DATA / "edge.ttl").namespaces():
        shuffled.bind(prefix, namespace, override=True)
    assert cxkg.Glossary(shuffled).export(fmt).text == first


def test_turtle_sorts_subjects_predicates_objects_and_declares_only_used_prefixes() -> None:
    text = cxkg.load(DATA / "mini.ttl").export("turtle").text
    assert text is not None
    prefixes = re.findall(r"^@prefix (\w+):", text, flags=re.M)
    assert prefixes == sorted(prefixes) and "rdfs" not in prefixes
    subjects = re.findall(r"^(ex:[\w-]+)$", text, flags=re.M)
    assert subjects == sorted(subjects) and len(subjects) == 18
    nps = text.split("\nex:nps\n", 1)[1].split("\n\n", 1)[0]
    assert nps == """\
    a
        cx:Metric ,
        skos:Concept ;
    cx:acronym "NPS"@en ;
    dct:source ex:src ;
    skos:altLabel
        "NPS"@en ,
        "net promoter"@en ;
    skos:broader ex:metrics ;
    skos:definition "Share of promoters minus share of detractors."@en ;
    skos:inScheme ex:scheme ;
    skos:prefLabel "Net Promoter Score"@en ;
    skos:related ex:loyalty ."""


def test_turtle_nests_blank_nodes_and_writes_lists() -> None:
    text = cxkg.load(DATA / "edge.ttl").export("turtle").text
    assert text is not None
    assert "owl:unionOf ( ex:b ex:Other )" in text
    assert "ex:inner [" in text
    assert '"""First line.\nSecond line' in text


def test_ntriples_lines_are_sorted() -> None:
    text = cxkg.load(DATA / "mini.ttl").export("nt").text
    assert text is not None
    lines = text.splitlines()
    assert lines == sorted(lines) and len(lines) == 109


def test_json_ld_reads_as_cxkg_terms_with_language_maps() -> None:
    document = json.loads(cxkg.load(DATA / "mini.ttl").export("json-ld").text or "")
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context and all(document["@context"][key] == value for key, value in context.items())
    nps = next(node for node in document["@graph"] if node["id"] == "ex:nps")
    assert nps["type"] == ["Concept", "Metric"]
    assert nps["prefLabel"] == {"en": "Net Promoter Score"}
    assert nps["altLabel"] == {"en": ["NPS", "net promoter"]}
    assert nps["acronym"] == {"en": "NPS"}
    assert nps["broader"] == "ex:metrics"
    assert nps["definition"] == {"en": "Share of promoters minus share of detractors."}
    assert document["@context"]["ex"] == EX


def test_expanded_json_ld_uses_full_iris_only() -> None:
    document = json.loads(cxkg.load(DATA / "mini.ttl").export("json-ld", expanded=True).text or "")
    assert isinstance(document, list)
    nps = next(node for node in document if node["@id"] == EX + "nps")
    assert nps[str(SKOS.prefLabel)] == [{"@value": "Net Promoter Score", "@language": "en"}]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exporting_never_changes_the_graph(fmt: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    glossary = cxkg.load(DATA / "mini.ttl")
    before = Graph()
    for triple in glossary.graph:
        before.add(triple)
    namespaces = sorted(glossary.graph.namespaces())
    glossary.export(fmt, tmp_path / "out", root=None, infer="closure")
    glossary.export(fmt, tmp_path / "branch", root="Metrics")
    assert isomorphic(before, glossary.graph) and len(before) == len(glossary.graph)
    assert sorted(glossary.graph.namespaces()) == namespaces


def test_a_branch_keeps_the_root_its_descendants_and_the_links_among_them(mini: cxkg.Glossary) -> None:
    graph = reparse(mini.export("turtle", root="Customer loyalty"), "turtle")
    concepts = set(graph.subjects(SKOS.prefLabel, None)) - {URIRef(EX + "scheme"), URIRef(EX + "collection")}
    assert concepts == {URIRef(EX + "loyalty"), URIRef(EX + "churn")}
    assert (URIRef(EX + "churn"), SKOS.broader, URIRef(EX + "loyalty")) in graph
    mentioned = {t for triple in graph for t in triple if str(t).startswith(EX)}
    assert URIRef(EX + "nps") not in mentioned and URIRef(EX + "metrics") not in mentioned
    assert URIRef(EX + "scheme") in mentioned


def test_a_collection_keeps_its_members(mini: cxkg.Glossary) -> None:
    for ref in ("Ratios", "ex:collection", EX + "collection"):
        result = mini.export("csv", collection=ref)
        assert result.concepts == 2
        assert "Churn rate" in (result.text or "") and "Net Promoter" not in (result.text or "")


def test_an_unknown_collection_lists_the_known_ones(mini: cxkg.Glossary) -> None:
    with pytest.raises(cxkg.UnknownResource, match="Ratios"):
        mini.export("csv", collection="nope")


def test_inferring_inverses_and_closure(mini: cxkg.Glossary) -> None:
    stored = reparse(mini.export("nt"), "nt")
    inverses = reparse(mini.export("nt", infer="inverses"), "nt")
    closure = reparse(mini.export("nt", infer="closure"), "nt")
    churn, loyalty, metrics = (URIRef(EX + n) for n in ("churn", "loyalty", "metrics"))
    assert (loyalty, SKOS.narrower, churn) not in stored
    assert (loyalty, SKOS.narrower, churn) in inverses
    effort = URIRef(EX + "effort")  # stated only as "effort broader metrics"
    assert (metrics, SKOS.narrower, effort) not in stored and (metrics, SKOS.narrower, effort) in inverses
    assert (URIRef(EX + "loyalty"), SKOS.related, URIRef(EX + "nps")) in inverses
    assert (URIRef(EX + "nps"), SKOS.related, URIRef(EX + "loyalty")) in inverses
    assert (churn, SKOS.broaderTransitive, metrics) in closure
    assert (metrics, SKOS.narrowerTransitive, churn) in closure
    assert (churn, SKOS.broaderTransitive, metrics) not in inverses
    assert set(stored) <= set(inverses) <= set(closure)


def test_unknown_format_and_misused_options_are_clear_errors(mini: cxkg.Glossary) -> None:
    with pytest.raises(cxkg.UnknownResource, match="known formats: turtle, nt, xml, json-ld, csv"):
        mini.export("excel")
    with pytest.raises(cxkg.ExportError, match="does not apply to csv"):
        mini.export("csv", expanded=True)
    with pytest.raises(cxkg.ExportError, match="writes a folder"):
        mini.export("markdown")
    with pytest.raises(cxkg.UnknownResource, match="unknown inference"):
        mini.export("turtle", infer="everything")


def test_formats_by_name_alias_and_suffix() -> None:
    assert get_format("TTL").name == "turtle" and get_format("jsonld").name == "json-ld"
    assert [format_for(p) for p in ("a.ttl", "b.nt", "c.rdf", "d.jsonld", "e.csv", "f.graphml", "g.yml",
                                    "h.cypher")] == ["turtle", "nt", "xml", "json-ld", "csv", "graphml",
                                                     "datahub", "neo4j"]
    with pytest.raises(cxkg.UnknownResource, match="cannot tell"):
        format_for("notes")


def test_writing_is_atomic_and_unwritable_paths_are_export_errors(mini: cxkg.Glossary, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.ttl"
    result = export(mini, "turtle", target)
    assert result.path == target and result.text is None and result.report is None
    assert target.read_text(encoding="utf-8").startswith("@prefix")
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]  # no temporary file left behind
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(cxkg.ExportError, match="cannot write"):
        export(mini, "turtle", blocker / "out.ttl")
