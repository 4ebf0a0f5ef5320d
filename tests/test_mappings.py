"""Links out: the glossary's SKOS mappings to the STW Thesaurus for Economics, and their SSSOM export
read back by sssom-py (a tool no one here wrote)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, SKOS

import cxkg

MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
STW = "http://zbw.eu/stw/descriptor/"


@pytest.fixture(scope="module")
def glossary(bundled: cxkg.Glossary) -> cxkg.Glossary:
    return bundled


@pytest.fixture(scope="module")
def mappings(glossary: cxkg.Glossary) -> list[tuple[URIRef, URIRef, URIRef]]:
    return sorted((s, p, o) for p in MATCHES for s, o in glossary.graph.subject_objects(p))  # type: ignore[misc]


def test_mappings_cover_the_cx_concepts_stw_has(mappings: list[tuple[URIRef, URIRef, URIRef]]) -> None:
    kinds = Counter(p for _, p, _ in mappings)
    assert len({s for s, _, _ in mappings}) >= 60
    assert kinds[SKOS.exactMatch] >= 15 and kinds[SKOS.closeMatch] >= 10 and kinds[SKOS.broadMatch] >= 25
    assert all(str(o).startswith(STW) for _, _, o in mappings)


def test_mappings_are_consistent(glossary: cxkg.Glossary, mappings: list[tuple[URIRef, URIRef, URIRef]]) -> None:
    exact = Counter(o for _, p, o in mappings if p == SKOS.exactMatch)
    assert max(exact.values()) == 1, "two concepts claim the same exact match"
    pairs = Counter((s, o) for s, _, o in mappings)
    assert max(pairs.values()) == 1, "a concept maps to one target by two relations"
    for s, _, _ in mappings:
        assert s in glossary.iris and (s, OWL.deprecated, Literal(True)) not in glossary.graph


def test_every_mapping_target_exists_in_stw(stw: Path, mappings: list[tuple[URIRef, URIRef, URIRef]]) -> None:
    import pyoxigraph

    path = stw
    concept = "http://www.w3.org/2004/02/skos/core#Concept"
    known = {q.subject.value for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
             if q.predicate.value.endswith("#type") and q.object.value == concept}
    assert len(known) > 6000
    missing = sorted(str(o) for _, _, o in mappings if str(o) not in known)
    assert not missing


def test_sssom_export_is_read_by_sssom_py(glossary: cxkg.Glossary, tmp_path: Path,
                                          mappings: list[tuple[URIRef, URIRef, URIRef]]) -> None:
    from sssom.parsers import parse_sssom_table

    result = glossary.export("sssom", tmp_path / "cx.sssom.tsv")
    assert result.path is not None and result.dropped
    text = result.path.read_text(encoding="utf-8")
    assert text.startswith("#curie_map:") and "#license: https://creativecommons.org/licenses/by/4.0/" in text
    msdf = parse_sssom_table(result.path)
    frame = msdf.df
    assert len(frame) == len(mappings)
    assert set(frame["predicate_id"]) <= {"skos:exactMatch", "skos:closeMatch", "skos:broadMatch",
                                          "skos:narrowMatch", "skos:relatedMatch"}
    assert msdf.converter.expand("stw:19141-1") == STW + "19141-1"
    assert msdf.metadata["mapping_set_id"] == "https://w3id.org/cxkg/mappings.sssom.tsv"
    row = frame[frame["subject_id"] == "cx:customer-satisfaction"].iloc[0]
    assert row["object_id"] == "stw:24785-4" and row["predicate_id"] == "skos:exactMatch"
    assert row["subject_label"] == "Customer satisfaction"


def test_sssom_export_is_byte_stable_and_follows_the_scope(glossary: cxkg.Glossary) -> None:
    first = glossary.export("sssom").text
    assert first == glossary.export("sssom").text
    seed_only = glossary.export("sssom", collection="cxcol:seed-terms").text or ""
    assert "cx:customer-satisfaction\t" in seed_only and "cx:customer\t" not in seed_only
