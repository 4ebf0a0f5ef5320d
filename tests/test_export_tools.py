"""DataHub, OpenMetadata and Neo4j exports: files those tools import, and exact reports of what they lose."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

import cxkg
from cxkg.exporters.tools import OPENMETADATA_HEADER

DATA = Path(__file__).parent / "data"
POLY = "http://example.org/poly/"


@pytest.fixture(scope="module")
def poly() -> cxkg.Glossary:
    return cxkg.load(DATA / "poly.ttl")


# -- DataHub --------------------------------------------------------------------------------------
def datahub_paths(document: dict) -> tuple[dict[str, dict], set[str], list[str]]:
    """Term paths -> term, node paths and ids, the way DataHub's loader derives them (path_vs_id)."""
    terms: dict[str, dict] = {}
    nodes: set[str] = set()
    ids: list[str] = []

    def walk(container: dict, path: list[str]) -> None:
        for term in container.get("terms", []):
            terms[".".join([*path, term["name"]])] = term
            ids.append(term["id"])
        for node in container.get("nodes", []):
            nodes.add(".".join([*path, node["name"]]))
            ids.append(node["id"])
            walk(node, [*path, node["name"]])

    walk(document, [])
    return terms, nodes, ids


@pytest.mark.parametrize("fixture", ["mini.ttl", "poly.ttl"])
def test_datahub_yaml_is_a_glossary_datahub_can_resolve(fixture: str) -> None:
    glossary = cxkg.load(DATA / fixture)
    document = yaml.safe_load(glossary.export("datahub").text or "")
    assert document["version"] == "1" and document["source"] == "DataHub" and "owners" in document
    terms, nodes, ids = datahub_paths(document)
    assert len(ids) == len(set(ids)), "ids must be unique across the glossary"
    assert not set(terms) & nodes, "a term path must not shadow a node path"
    assert sorted(t["source_url"] for t in terms.values()) == sorted(str(i) for i in glossary.iris)
    for term in terms.values():
        assert isinstance(term["description"], str)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in term["custom_properties"].items())
        for path in term.get("inherits", []) + term.get("related_terms", []):
            assert path in terms, f"{path} does not name a term"
        concept = glossary.concept(term["source_url"])
        assert sorted(terms[p]["source_url"] for p in term.get("inherits", [])) == sorted(map(str, concept.broader))
        assert sorted(terms[p]["source_url"] for p in term.get("related_terms", [])) == sorted(
            map(str, concept.related))


def test_datahub_keeps_labels_acronyms_and_notes_as_custom_properties(poly: cxkg.Glossary) -> None:
    document = yaml.safe_load(poly.export("datahub").text or "")
    terms, _, _ = datahub_paths(document)
    both = next(t for t in terms.values() if t["source_url"] == POLY + "both")
    assert both["custom_properties"]["altLabels"] == "semi;colon"
    assert len(both["inherits"]) == 2
    root = next(t for t in terms.values() if t["source_url"] == POLY + "root")
    assert root["custom_properties"]["scopeNote"] == "Everything hangs from here."


def test_datahub_reports_polyhierarchy_cycles_and_other_languages(poly: cxkg.Glossary) -> None:
    dropped = poly.export("datahub").dropped
    assert dropped[0] == ("polyhierarchy: 1 concept has several broader concepts, each placed under one; "
                          "every broader is kept in 'inherits' (1 link)")
    assert ("broader cycles: 2 concepts are below no top concept; the first of each cycle is placed at the top"
            in dropped)
    assert "skos:altLabel: 1 value in languages other than 'en'" in dropped


# -- OpenMetadata ---------------------------------------------------------------------------------
def openmetadata_rows(glossary: cxkg.Glossary, **options: str) -> list[dict[str, str]]:
    text = glossary.export("openmetadata", **options).text or ""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == OPENMETADATA_HEADER
    return list(reader)


def fqn_part(name: str) -> str:
    return f'"{name}"' if "." in name else name


def test_openmetadata_csv_has_the_documented_header_and_parents_before_children(poly: cxkg.Glossary) -> None:
    rows = openmetadata_rows(poly, glossary_name="Customer Experience")
    created: set[str] = set()
    for row in rows:
        assert row["parent"] == "" or row["parent"] in created, f"{row['name*']}: parent not created yet"
        for related in filter(None, row["relatedTerms"].split(";")):
            assert related in created, f"{row['name*']}: related term {related} not created yet"
        created.add((row["parent"] or "Customer Experience") + "." + fqn_part(row["name*"]))
        assert row["glossaryStatus"] == "Approved"
    assert len(rows) == len(poly)


def test_openmetadata_folds_polyhierarchy_into_related_terms_and_says_so(poly: cxkg.Glossary) -> None:
    rows = {row["displayName"] + "|" + row["parent"]: row for row in openmetadata_rows(poly)}
    both = next(row for key, row in rows.items() if key.startswith("Both|"))
    right = next(row for key, row in rows.items() if key.startswith("Right|"))
    assert both["parent"] == "cxkg.Root.Left"  # the first parent reached; the other link sits on the later row
    assert right["relatedTerms"] == "cxkg.Root.Left.Both"
    odd = next(row for key, row in rows.items() if key.startswith("Price/Quality"))
    assert odd["name*"] == 'Price/Quality: "v2.0"?'
    names = [row["name*"] for row in openmetadata_rows(poly) if row["displayName"] == "Left"]
    assert names == ["Left", "Left (2)"]
    assert both["synonyms"] == "semi,colon"
    root = next(row for key, row in rows.items() if key.startswith("Root|"))
    assert root["description"] == "*Scope note:* Everything hangs from here."
    assert root["references"] == f"cxkg;{POLY}root"
    dropped = poly.export("openmetadata").dropped
    assert dropped[0] == ("polyhierarchy: 1 concept has several broader concepts, each placed under one; "
                          "the other broader links are written as relatedTerms (1 link)")
    assert "skos:scopeNote: 1 scope notes folded into the description" in dropped
    assert "synonyms: 1 containing ';' had it replaced by ','" in dropped


# -- Neo4j ----------------------------------------------------------------------------------------
def neo4j_rows(script: str) -> list[dict]:
    """The node maps of the UNWIND lists (Cypher map literals with JSON strings, turned into JSON)."""
    found = []
    for line in script.splitlines():
        if line.startswith("  {iri:"):
            as_json = re.sub(r'([{,]\s*)([A-Za-z_]\w*):', r'\1"\2":', line.strip().rstrip(","))
            found.append(json.loads(as_json))
    return found


def test_neo4j_script_merges_every_concept_with_every_alt_label(mini: cxkg.Glossary) -> None:
    script = mini.export("neo4j").text or ""
    rows = {row["iri"]: row["props"] for row in neo4j_rows(script)}
    assert set(map(str, mini.iris)) <= set(rows)
    assert rows["http://example.org/mini/nps"]["altLabels"] == ["NPS", "net promoter"]
    assert rows["http://example.org/mini/nps"]["acronyms"] == ["NPS"]
    assert rows["http://example.org/mini/nps"]["definition"].startswith("Share of promoters")
    assert "SET n:Concept SET n:Metric;" in script
    assert script.count("MERGE (a)-[:BROADER]->(b)") >= 1 and "MERGE (a)-[:RELATED]->(b)" in script
    statements = [s for s in script.split(";\n") if s.strip() and not s.strip().startswith("//")]
    assert statements and all(s.lstrip("\n").startswith(("UNWIND", "CREATE CONSTRAINT")) for s in statements)
    broader_pairs = script.split("MERGE (a)-[:BROADER]->(b);")[0].rsplit("UNWIND [", 1)[1]
    assert broader_pairs.count('\n  ["') == sum(len(c.broader) for c in mini)


def test_neo4j_escapes_strings_and_reports_only_what_a_property_graph_cannot_hold(poly: cxkg.Glossary) -> None:
    result = poly.export("neo4j")
    rows = {row["iri"]: row["props"] for row in neo4j_rows(result.text or "")}
    assert rows[POLY + "odd"]["prefLabel"] == 'Price/Quality: "v2.0"?'
    assert rows[POLY + "both"]["altLabels"] == ["semi;colon"]
    assert result.dropped[0] == "skos:altLabel: 1 value in languages other than 'en'"
