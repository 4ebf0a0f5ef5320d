"""The OWL layer through owlready2 (a fresh World fed N-Triples) and the HermiT reasoner (Java)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

import cxkg
from cxkg.owl import check_consistency, load_world

DATA = Path(__file__).parent / "data"
SCHEMA = Path(__file__).parent.parent / "ontology" / "cx-schema.ttl"

needs_java = pytest.mark.skipif(shutil.which("java") is None,
                                reason="HermiT needs a Java runtime (apt-get install default-jre-headless)")


def schema() -> Graph:
    if not SCHEMA.is_file():
        pytest.skip("ontology/cx-schema.ttl is not written yet")
    return Graph().parse(SCHEMA)


def test_owlready2_loads_the_owl_layer_without_fetching_imports() -> None:
    graph = schema()
    graph.parse(data="<https://w3id.org/cxkg/schema> <http://www.w3.org/2002/07/owl#imports> "
                     "<http://unreachable.invalid/skos.rdf> .", format="nt")
    world, ontology = load_world(graph)
    classes = {cls.iri for cls in world.classes()}
    assert {"https://w3id.org/cxkg/Metric", "https://w3id.org/cxkg/Tool"} <= classes
    assert ontology.imported_ontologies == []


@pytest.mark.slow
@needs_java
def test_hermit_calls_the_owl_layer_and_the_bundled_graph_consistent() -> None:
    verdict = check_consistency(schema())
    assert verdict.consistent and verdict.unsatisfiable == () and verdict.reason is None
    bundled = cxkg.load()
    if len(bundled):
        assert check_consistency(bundled).consistent


@pytest.mark.slow
@needs_java
def test_hermit_rejects_an_inconsistent_ontology_and_says_why() -> None:
    verdict = check_consistency(Graph().parse(DATA / "inconsistent.ttl"))
    assert not verdict
    assert verdict.reason == ("<http://example.org/owl/nps> is both <http://example.org/owl/Metric> and "
                              "<http://example.org/owl/Tool>, which are disjoint")
