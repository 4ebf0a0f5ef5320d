"""Each rule of the bundled profiles, one fixture each: the rule fires on its focus nodes and nothing else.

A fixture in tests/data/shapes/ is named after the rule it breaks and says in its header which
profiles to run and which focus nodes to expect (``clean.ttl`` expects nothing from either profile).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, shared_path
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

import cxkg
from cxkg.loading import load_graph
from cxkg.report import Severity
from cxkg.resources import bundled_files
from cxkg.validation import validate

FIXTURES = sorted((DATA / "shapes").glob("*.ttl"))
CASES = [(path, profile) for path in FIXTURES
         for profile in re.search(r"^# profile: (.*)$", path.read_text(), re.M).group(1).split()]


def _expected(path: Path, graph: Graph) -> set[tuple[str, object]]:
    curies = re.search(r"^# focus:(.*)$", path.read_text(), re.M).group(1).split()
    return {(path.stem, graph.namespace_manager.expand_curie(curie)) for curie in curies}


def test_every_rule_has_a_fixture_and_the_cases_are_all_collected() -> None:
    shapes = Graph()
    for path in bundled_files("shapes"):
        shapes.parse(path)
    rules = {str(rule) for rule in shapes.objects(None, DCTERMS.identifier)}
    assert rules == {path.stem for path in FIXTURES} - {"clean"}
    assert len(rules) == 35
    assert len(CASES) == 37  # one case per fixture, two for clean.ttl (both profiles)


@pytest.mark.parametrize(("path", "profile"), CASES, ids=[f"{p.stem}-{prof}" for p, prof in CASES])
def test_fixture_breaks_exactly_its_rule(path: Path, profile: str) -> None:
    graph = load_graph([path], keep_invalid_iris=True)  # as `cxkg validate` reads: invalid-iri.ttl has some
    report = validate(graph, profile)
    assert {(r.rule, r.focus) for r in report.results} == _expected(path, graph)


SKOS_REFERENCE = "conformance/kos-kit-skos-shacl/data"
#: the SKOS Reference's examples of inconsistent data, and the rule that catches each
CAUGHT = {"ex12": "ipl", "ex13": "dlv", "ex14": "dlv", "ex15": "dlv", "ex26": "rc", "ex27": "rc", "ex28": "rc",
          "ex29": "rc", "ex45": "S37", "ex46": "S37", "ex47": "S37", "ex52": "mc", "ex53": "mc", "ex59": "rc",
          "ex60": "rc", "ex61": "rc"}


def _violations(path: Path) -> set[str]:
    report = validate(load_graph([path]), "skos")
    return {r.rule for r in report.results if r.severity is Severity.VIOLATION}


def test_skos_reference_inconsistent_examples_are_all_caught() -> None:
    folder = shared_path(SKOS_REFERENCE, "invalid", "skos-reference")
    caught = {path.stem: _violations(path) for path in sorted(folder.glob("*.ttl"))}
    assert caught == {name: {rule} for name, rule in CAUGHT.items()}


def test_skos_reference_consistent_examples_pass_except_cycles() -> None:
    folder = shared_path(SKOS_REFERENCE, "valid", "skos-reference")
    failing = {path.stem: _violations(path) for path in sorted(folder.glob("*.ttl"))}
    # SKOS tolerates broader cycles (examples 36 and 37); cxkg refuses them on purpose (rule chr)
    assert {name: rules for name, rules in failing.items() if rules} == {"ex36": {"chr"}, "ex37": {"chr"}}
    assert len(failing) == 35


# -- well-formed terms: invalid IRIs and ill-typed literals, as loaded for validation ------------------
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
#: (lexical form, XML Schema datatype, reported by ill-typed-literal: True, False, or "memory" when the
#: Oxigraph store holds it as a valid literal: it reads integer subtypes as xsd:integer, dateTimeStamp as
#: dateTime, and keeps durations in canonical form)
LEXICAL_FORMS: list[tuple[str, str, bool | str]] = [
    ("abc", "integer", True), ("+5", "integer", False), ("1.5", "integer", True), (" 12 ", "integer", True),
    ("1e5", "decimal", True), ("Infinity", "double", False), ("2024-01-01+15:00", "date", True),
    ("300", "byte", "memory"), ("-128", "byte", False), ("-129", "byte", "memory"),
    ("18446744073709551615", "unsignedLong", False), ("18446744073709551616", "unsignedLong", True),
    ("-1", "nonNegativeInteger", "memory"), ("0", "positiveInteger", "memory"), ("1.", "decimal", False),
    ("maybe", "boolean", True), ("TRUE", "boolean", True), ("1", "boolean", False),
    ("INF", "double", False), ("NaN", "float", False), ("1e", "double", True),
    ("2020-13-45", "date", True), ("2021-02-29", "date", True), ("2024-02-29", "date", False),
    ("1900-02-29", "date", True), ("2000-02-29", "date", False), ("2024-04-31", "date", True),
    ("-0044-03-15", "date", False), ("2024-01-01T10:00:00", "date", True),
    ("2024-01-01T24:00:00", "dateTime", False), ("2024-01-01T25:00:00", "dateTime", True),
    ("2024-01-01", "dateTime", True), ("2024-01-01T10:00:00", "dateTimeStamp", "memory"),
    ("2024-01-01T10:00:00Z", "dateTimeStamp", False), ("10:00:00+14:00", "time", False),
    ("2024", "gYear", False), ("24", "gYear", True), ("--02-29", "gMonthDay", False), ("--02-30", "gMonthDay", True),
    ("P1Y2MT3H", "duration", False), ("P", "duration", True), ("P1YT", "duration", "memory"),
    ("P1D", "yearMonthDuration", True), ("PT1M", "dayTimeDuration", False),
    ("zz", "hexBinary", True), ("0aFF", "hexBinary", False), ("aGVsbG8=", "base64Binary", False),
    ("aGVsbG8", "base64Binary", True), ("en-GB", "language", False), ("en GB", "language", True),
    ("anything", "string", False), ("a b", "anyURI", False), ("x", "notAnXsdType", False),
]


def _typed_literals(folder: Path) -> Path:
    path = folder / "typed.ttl"
    lines = [f'<http://example.org/s{number}> <http://example.org/p> "{text}"^^<{XSD_NS}{datatype}> .'
             for number, (text, datatype, _) in enumerate(LEXICAL_FORMS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("store", "engine"), [("memory", "fast"), ("oxigraph", "fast"), ("memory", "pyshacl")])
def test_ill_typed_literals_are_reported_whatever_the_store_and_engine(tmp_path: Path, store: str, engine: str,
                                                                       prepared_queries: None) -> None:
    glossary = cxkg.load(_typed_literals(tmp_path), store=store, cache=False)
    report = glossary.validate("skos", engine=engine)
    found = {(str(r.value), str(r.value.datatype).removeprefix(XSD_NS)) for r in report.results
             if r.rule == "ill-typed-literal" and isinstance(r.value, Literal)}
    assert found == {(text, datatype) for text, datatype, reported in LEXICAL_FORMS
                     if reported is True or reported == store}
    assert all(r.severity is Severity.VIOLATION and r.path == URIRef("http://example.org/p")
               for r in report.results if r.rule == "ill-typed-literal")


@pytest.mark.parametrize("iri", ["http://example.org/a b", "http://example.org/a{b}", "http://example.org/%zz",
                                 "http://example.org/a\x01", "no-scheme", "http://example.org/<a>"])
def test_each_invalid_iri_is_one_result_with_itself_as_focus(iri: str) -> None:
    graph = Graph()
    graph.add((URIRef(iri), RDF.type, SKOS.Concept))
    graph.add((URIRef("http://example.org/c"), SKOS.related, URIRef(iri)))
    graph.add((URIRef("http://example.org/c"), SKOS.notation, Literal("x", datatype=URIRef(iri + "t"))))
    report = validate(graph, "skos")
    found = {(r.focus, r.value, r.severity) for r in report.results if r.rule == "invalid-iri"}
    assert found == {(URIRef(i), URIRef(i), Severity.VIOLATION) for i in (iri, iri + "t")}
    assert not report.conforms


def test_valid_iris_are_not_reported() -> None:
    graph = Graph()
    for iri in ("http://[::1]/x", "urn:isbn:0451450523", "http://example.org/caf%C3%A9?q=1#frag",
                "http://example.org/café", "mailto:a@example.org", "tag:example.org,2024:x"):
        graph.add((URIRef(iri), RDF.type, SKOS.Concept))
    assert [r for r in validate(graph, "skos").results if r.rule == "invalid-iri"] == []


def test_doctests_of_the_wellformed_module() -> None:
    import doctest

    import cxkg.wellformed

    assert doctest.testmod(cxkg.wellformed).attempted == 3 and doctest.testmod(cxkg.wellformed).failed == 0
