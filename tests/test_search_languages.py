"""Languages shown honestly, notations as terms, and the search and show commands that use them."""

from __future__ import annotations

import json

import pytest
from conftest import DATA
from rdflib import Literal
from search_judgements import loaded

import cxkg
from cxkg.cli import main
from cxkg.languages import language_code
from cxkg.terms import preferred_literal

ML = str(DATA / "multilingual.ttl")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def ml() -> cxkg.Glossary:
    return cxkg.load(ML)


def test_preference_is_requested_then_default_then_untagged_then_any():
    values = [Literal("sv", lang="sv"), Literal("untagged"), Literal("fi", lang="fi"), Literal("en-GB", lang="en-GB")]
    assert str(preferred_literal(values, "en", "fi")) == "en-GB"
    assert str(preferred_literal(values[:3], "en", "fi")) == "fi"
    assert str(preferred_literal(values[:2], "en", "fi")) == "untagged"
    assert str(preferred_literal(values[:1], "en", "fi")) == "sv"
    assert preferred_literal([], "en") is None


def test_default_language_comes_from_the_scheme_else_the_most_used_tag(ml, mini):
    assert ml.default_language == "fi" and mini.default_language == "en"
    assert language_code(Literal("FI")) == "fi"


def test_concept_exposes_labels_per_language_and_the_language_of_each_text(ml):
    music = ml.concept("78")
    assert music.labels == {"en": "MUSIC", "fi": "MUSIIKKI", "sv": "MUSIK"}
    assert (music.label, music.label_lang, music.notations) == ("MUSIC", "en", ("78",))
    assert music.scope_note_lang == "fi"  # no English note: the vocabulary's default language comes next
    assert music.alt_labels_by_lang == {"fi": ("Soittimet",), "sv": ("Musikinstrument",)}
    dance = ml.concept("Dans")
    assert (dance.label, dance.label_lang, dance.definition_lang) == ("Tanssi", "fi", "fi")


def test_show_by_notation_marks_every_text_not_in_the_requested_language(capsys):
    code, out, _ = run(capsys, "show", "-f", ML, "78")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("78  MUSIC  <http://example.org/ml/music>")
    assert "labels: MUSIIKKI [fi]; MUSIK [sv]" in out
    assert "note: Tähän yleisteokset musiikista ja soittimista. [fi]" in out
    assert "also: Musikinstrument [sv]; Soittimet [fi]" in out
    code, out, _ = run(capsys, "show", "-f", ML, "--lang", "fi", "78")
    assert out.startswith("78  MUSIIKKI  <") and "note: Tähän yleisteokset musiikista ja soittimista.\n" in out


def test_tree_shows_notations_in_notation_order(capsys):
    code, out, _ = run(capsys, "tree", "-f", ML)
    assert code == 0
    assert out.splitlines() == ["7  ARTS", "  77.3  Tanssi [fi]", "  77.4  Film", "  78  MUSIC"]


def test_stats_reports_each_languages_coverage(capsys):
    code, out, _ = run(capsys, "stats", "-f", ML)
    assert code == 0
    assert "  fi        prefLabel 100.0%  definition  50.0%" in out  # 2 of 4 concepts have a Finnish definition
    assert "  en        prefLabel  75.0%  definition   0.0%" in out


def test_search_json_says_why_each_hit_matched(capsys):
    code, out, _ = run(capsys, "search", "-f", ML, "elokuvataide", "--json")
    hit = json.loads(out)[0]
    assert code == 0
    assert (hit["label"], hit["reason"], hit["field"], hit["matched"], hit["lang"]) == (
        "Film", "alt label", "alt", "Elokuvataide", "fi")


def test_search_text_output_shows_field_text_and_language_markers(capsys):
    code, out, _ = run(capsys, "search", "-f", ML, "filmkonst")
    assert code == 0 and "alt label · alt: Filmkonst [sv]" in out


def test_an_explicit_lang_restricts_search_and_a_default_one_does_not(capsys):
    assert run(capsys, "search", "-f", ML, "musiikki")[0] == 0
    code, _, err = run(capsys, "search", "-f", ML, "musiikki", "--lang", "sv")
    assert code == 1 and "no match" in err


def test_search_filters_on_the_command_line(capsys):
    code, out, _ = run(capsys, "search", "time", "--type", "Metric", "--under", "Average Handle Time")
    assert code == 0 and "hold time" in out.casefold() and "customer response time" not in out.casefold()
    code, _, err = run(capsys, "search", "time", "--type", "Unicorn")
    assert code == 2 and "no concept type 'Unicorn'" in err and "Metric" in err


@pytest.mark.slow
def test_ykl_by_notation_finnish_and_swedish(ykl):
    ykl_glossary = loaded(ykl)
    assert ykl_glossary.concept("78").labels["fi"] == "MUSIIKKI"
    best = ykl_glossary.search("jalkapallo")[0]
    assert (str(best.iri), best.lang) == ("http://urn.fi/URN:NBN:fi:au:ykl:79.31", "fi")
    assert all(hit.lang in ("sv", None) for hit in ykl_glossary.search("musik", lang="sv"))


@pytest.mark.slow
def test_stw_show_marks_german_alt_labels(capsys, stw):
    code, out, _ = run(capsys, "show", "-f", str(stw), "V.05.03")
    assert code == 0 and out.startswith("V.05.03  Inflation  <")
    assert "[de]" in out and all("[en]" not in line for line in out.splitlines())
