"""The fast engine gives exactly pySHACL's results, on every fixture and on the SKOS Reference examples.

pySHACL re-parses each SPARQL query for every focus node, which makes it far too slow to run over
all fixtures; the ``prepared_queries`` fixture (conftest.py) caches the parsed query, and one test
shows that the cache changes nothing by comparing with an unpatched run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, shared_path
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

from cxkg.loading import load_graph
from cxkg.report import ValidationReport
from cxkg.validation import validate
from cxkg.validation.fast import run
from cxkg.validation.profiles import load_profile

FIXTURES = [*sorted((DATA / "shapes").glob("*.ttl")), DATA / "mini.ttl"]


def _keys(report: ValidationReport) -> list[tuple[object, ...]]:
    return sorted(((*r.key(), r.component) for r in report.results), key=repr)


def _assert_same(graph: Graph, profile: str = "cx") -> ValidationReport:
    fast = validate(graph, profile, engine="fast")
    reference = validate(graph, profile, engine="pyshacl")
    assert (fast.engine, reference.engine) == ("fast", "pyshacl")
    assert _keys(fast) == _keys(reference)
    return fast


def test_all_fixtures_are_compared() -> None:
    assert len(FIXTURES) == 37


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fast_engine_equals_pyshacl(path: Path, prepared_queries: None) -> None:
    _assert_same(load_graph([path], keep_invalid_iris=True))


def test_fast_engine_equals_pyshacl_on_the_skos_reference_examples(prepared_queries: None) -> None:
    folder = shared_path("conformance", "kos-kit-skos-shacl", "data")
    examples = sorted(folder.glob("*/skos-reference/*.ttl"))
    assert len(examples) == 51
    report = _assert_same(load_graph(examples))  # each file has its own base IRI: no clashes
    assert len(report.results) > 100


def test_prepared_queries_change_nothing(request: pytest.FixtureRequest) -> None:
    graph = load_graph([DATA / "shapes" / "rc.ttl"])
    plain = validate(graph, "cx", engine="pyshacl")  # unpatched pySHACL: slow, so only once
    request.getfixturevalue("prepared_queries")
    assert isomorphic(plain.graph, validate(graph, "cx", engine="pyshacl").graph)
    assert _keys(plain) == _keys(validate(graph, "cx", engine="fast"))


def test_bundled_results_graph_matches_pyshacl_structure(prepared_queries: None) -> None:
    graph = load_graph([DATA / "shapes" / "ol.ttl"])
    fast = validate(graph, "skos").graph
    reference = validate(graph, "skos", engine="pyshacl").graph
    for report in (fast, reference):
        assert (None, RDF.type, SH.ValidationReport) in report
    core = [SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceShape, SH.resultMessage,
            SH.sourceConstraintComponent]
    assert isomorphic(_project(fast, core), _project(reference, core))


def _project(report: Graph, properties: list[URIRef]) -> Graph:
    kept = Graph()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        for prop in properties:
            for value in report.objects(result, prop):
                kept.add((result, prop, value))
    return kept


def test_fast_engine_delegates_what_it_cannot_evaluate_to_pyshacl() -> None:
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:Shape a sh:NodeShape ; sh:targetNode ex:a ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:maxCount 1 ] .
        """, format="turtle")
    data = Graph().parse(data="<http://example.org/a> <http://example.org/p> 1, 2 .", format="turtle")
    findings, delegated = run(data, shapes)
    assert delegated == ["ex:Shape"]
    assert [(f.focus, f.component) for f in findings] == [(URIRef("http://example.org/a"),
                                                           SH.MaxCountConstraintComponent)]


def test_pyshacl_is_not_handed_a_mutated_cached_profile(prepared_queries: None) -> None:
    shapes = load_profile("cx").shapes
    size = len(shapes)
    validate(load_graph([DATA / "mini.ttl"]), "cx", engine="pyshacl")
    assert len(load_profile("cx").shapes) == size
