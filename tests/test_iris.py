"""IRIs are forever: every concept IRI ever published still resolves, live or deprecated with a successor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef

RELEASED = Path(__file__).parent / "data" / "released-iris.txt"


def released() -> list[URIRef]:
    lines = RELEASED.read_text(encoding="utf-8").splitlines()
    return [URIRef(line.strip()) for line in lines if line.strip() and not line.startswith("#")]


def test_no_published_concept_iri_was_removed(bundled):
    iris = released()
    assert len(iris) >= 150
    missing = [iri for iri in iris if iri not in bundled._all_iris]
    assert not missing, f"published IRIs removed from the graph: {missing}"


@pytest.mark.parametrize("which", ["bundled", "mini"])
def test_retired_iris_point_to_a_live_successor(request, which):
    glossary = request.getfixturevalue(which)
    if which == "mini":
        assert glossary.deprecated  # the check below runs on at least one retired IRI
    for iri in glossary.deprecated:
        concept = glossary.concept(iri)
        assert concept.replaced_by, f"{iri} is deprecated without dct:isReplacedBy"
        assert all(successor in glossary.iris for successor in concept.replaced_by)


def test_concept_iris_are_readable_slugs(bundled):
    for iri in bundled.iris:
        assert re.fullmatch(r"https://w3id\.org/cxkg/[a-z0-9]+(-[a-z0-9]+)*", iri), iri
