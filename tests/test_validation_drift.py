"""The fast engine cannot drift from the shapes: fingerprints, delegation to pySHACL, random planted defects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from cxkg.cli import main
from cxkg.loading import load_graph
from cxkg.oxstore import literal
from cxkg.report import ValidationReport
from cxkg.resources import resolve
from cxkg.validation import fast, validate
from cxkg.validation.profiles import load_profile

URC_RELATED = """                    FILTER (!isLiteral(?value))
                    FILTER NOT EXISTS { ?value skos:related $this }"""


def _keys(report: ValidationReport) -> list[tuple[object, ...]]:
    return sorted(((*r.key(), r.component) for r in report.results), key=repr)


def _edited_skos(tmp_path: Path, old: str, new: str) -> Path:
    text = resolve("shapes", "skos").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    copy = tmp_path / "skos-edited.ttl"
    copy.write_text(text.replace(old, new), encoding="utf-8")
    return copy


@pytest.mark.parametrize("profile", ["skos", "cx"])
def test_every_bundled_shape_runs_on_a_check_written_for_it(profile: str) -> None:
    shapes = load_profile(profile).shapes
    assert fast.stale_checks(shapes) == {}
    assert fast.plan(shapes).delegated == {}
    assert len(fast.plan(shapes).fast) == {"skos": 26, "cx": 35}[profile]


@pytest.mark.parametrize(("old", "new"), [
    # a change of meaning: related stated one way only is no longer reported
    (URC_RELATED, "                    FILTER (false)"),
    # a change of message only
    ('sh:message "The linked concept does not state the inverse link back." ;',
     'sh:message "The inverse link is missing." ;'),
])
def test_an_edited_shape_is_caught_and_runs_on_pyshacl(tmp_path: Path, old: str, new: str,
                                                       prepared_queries: None) -> None:
    copy = _edited_skos(tmp_path, old, new)
    shapes = load_profile(copy).shapes
    assert set(fast.stale_checks(shapes)) == {"urc"}  # the suite fails on a stale bundled check (test above)
    graph = load_graph([DATA / "shapes" / "urc.ttl"])
    merged = validate(graph, copy, engine="fast")
    assert merged.delegated == ("urc",)
    assert _keys(merged) == _keys(validate(graph, copy, engine="pyshacl"))


UNIQUE_LANG = """
skosh:OneLabelPerLanguage a sh:NodeShape ;
    dct:identifier "one-alt-per-language" ;
    sh:targetClass skos:Concept ;
    sh:property [ sh:path skos:altLabel ; sh:uniqueLang true ; sh:severity sh:Info ] .
"""


def test_an_ordinary_unique_lang_shape_is_evaluated_never_an_internal_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "skos-plus.ttl"
    copy.write_text(resolve("shapes", "skos").read_text(encoding="utf-8") + UNIQUE_LANG, encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    '<http://example.org/a> a skos:Concept ; skos:prefLabel "A"@en ; '
                    'skos:altLabel "B"@en, "C"@en .\n', encoding="utf-8")
    code = main(["validate", str(data), "--profile", str(copy), "--engine", "fast", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["delegated_to_pyshacl"] == ["one-alt-per-language"]
    assert [r["rule"] for r in report["results"] if r["rule"] == "one-alt-per-language"] == ["one-alt-per-language"]
    # the same shape added to the bundled profile itself: fast engine by default, still no exit 3
    profile = load_profile(copy)
    monkeypatch.setattr("cxkg.validation.load_profile",
                        lambda _: type(profile)(name="skos", shapes=profile.shapes, bundled=True))
    code = main(["validate", str(data), "--fail-on", "info"])
    out = capsys.readouterr().out
    assert code == 1 and "one-alt-per-language" in out and "pySHACL for one-alt-per-language" in out


# -- random vocabularies with planted defects: fast == pySHACL on each ---------------------------
EX = "http://example.org/r/"
SCHEMES = [URIRef(EX + "s1"), URIRef(EX + "s2")]
CONCEPTS = [URIRef(EX + f"c{n}") for n in range(6)]
concept = st.sampled_from(CONCEPTS)
text = st.sampled_from(["Alpha", "alpha", " padded", "", "bell\x07", "Beta", "Gamma"])
language = st.sampled_from(["en", "de", None])
#: typed literals as the loader makes them (cxkg.oxstore.literal), well- or ill-typed
typed = st.builds(literal, st.sampled_from(["abc", "12", " 7", "-1", "300", "1.5", "1e5", "maybe", "true", "TRUE",
                                            "2020-13-45", "2024-02-29", "2023-02-29", "2024-04-31T10:00:00", "P1YT",
                                            "--02-30", "0aFF", "inf", "", "en-GB"]),
                  st.none(), st.sampled_from(["http://www.w3.org/2001/XMLSchema#" + name for name in (
                      "integer", "byte", "nonNegativeInteger", "decimal", "double", "boolean", "date", "dateTime",
                      "duration", "gMonthDay", "hexBinary", "language", "string", "anyURI")]))
#: IRIs no IRI parser accepts, and so that the rule invalid-iri reports
broken = st.sampled_from([URIRef(EX + "bad iri"), URIRef(EX + "c{1}"), URIRef(EX + "%zz"), URIRef("no-scheme")])


def _label(draw: st.DrawFn) -> Literal:
    lang = draw(language)
    return Literal(draw(text), lang=lang) if lang else Literal(draw(text))


@st.composite
def vocabularies(draw: st.DrawFn) -> Graph:
    """Up to six concepts in up to two schemes, each defect of the skos profile possibly planted."""
    graph = Graph()
    used = draw(st.lists(concept, min_size=1, max_size=6, unique=True))
    for scheme in SCHEMES:
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for node in used:
        graph.add((node, RDF.type, SKOS.Concept))
        if draw(st.booleans()):
            graph.add((node, SKOS.inScheme, draw(st.sampled_from(SCHEMES))))
        for _ in range(draw(st.integers(0, 2))):
            graph.add((node, SKOS.prefLabel, _label(draw)))
        if draw(st.booleans()):
            graph.add((node, SKOS.definition, Literal("Means something.", lang="en")))
    link = st.sampled_from([SKOS.broader, SKOS.narrower, SKOS.related, SKOS.broadMatch, SKOS.exactMatch,
                            SKOS.relatedMatch, SKOS.closeMatch, SKOS.broaderTransitive])
    for _ in range(draw(st.integers(0, 8))):
        graph.add((draw(st.sampled_from(used)), draw(link), draw(st.sampled_from(used))))
    planted = draw(st.lists(st.sampled_from(range(11)), max_size=4))
    some = draw(st.sampled_from(used))
    for defect in planted:
        if defect == 0:
            graph.add((some, SKOS.altLabel, _label(draw)))
        elif defect == 1:
            graph.add((some, SKOS.hiddenLabel, _label(draw)))
        elif defect == 2:
            graph.add((some, OWL.deprecated, Literal(True)))
        elif defect == 3:
            graph.add((some, SKOS.topConceptOf, SCHEMES[0]))
        elif defect == 4:
            graph.add((some, SKOS.related, Literal("see also", lang="fi")))
        elif defect == 5:
            graph.add((SCHEMES[1], SKOS.broader, some))
        elif defect == 6:
            graph.add((some, URIRef(str(SKOS) + "broaderGeneric"), draw(st.sampled_from(used))))
        elif defect == 7:
            graph.add((BNode(), SKOS.member, some))
        elif defect == 8:
            graph.add((some, SKOS.notation, draw(typed)))
        elif defect == 9:
            graph.add((some, draw(link), draw(broken)))
        else:
            graph.add((draw(broken), RDF.type, SKOS.Concept))
    if draw(st.booleans()):
        graph.add((some, DCTERMS.isReplacedBy, draw(st.sampled_from(used))))
    return graph


@settings(max_examples=12, deadline=None, derandomize=True, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(graph=vocabularies())
def test_fast_engine_equals_pyshacl_on_random_vocabularies_with_planted_defects(prepared_queries: None,
                                                                              graph: Graph) -> None:
    fast_report = validate(graph, "skos", engine="fast")
    assert fast_report.delegated == ()
    assert _keys(fast_report) == _keys(validate(graph, "skos", engine="pyshacl"))


def test_the_random_vocabularies_plant_most_kinds_of_defect() -> None:
    """The generator reaches most rules (so the property test above compares something)."""
    rules: set[str] = set()

    @settings(max_examples=60, deadline=None, derandomize=True, database=None)
    @given(vocabularies())
    def collect(graph: Graph) -> None:
        rules.update(r.rule for r in validate(graph, "skos").results)

    collect()
    assert len(rules) >= 18, sorted(rules)
    assert {"chr", "ipl", "dlv", "el", "ucil", "urc", "usr", "mc", "rc", "S37", "invalid-iri",
            "ill-typed-literal"} <= rules


def test_fingerprints_are_written_next_to_their_checks() -> None:
    """A reader sees each check's fingerprint where the check is defined (and can update it there)."""
    sources = "".join((Path(fast.__file__).parent / name).read_text(encoding="utf-8")
                      for name in ("skos_checks.py", "cx_checks.py"))
    registered = dict(re.findall(r'@RULES\.check\("([^"]+)", "([0-9a-f]{16})"\)', sources))
    assert registered == fast.RULES.fingerprints and len(registered) == 33
