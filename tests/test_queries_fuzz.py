"""Fuzzing SPARQL text and parameter values (bounded): every input ends as an answer or one of
cxkg's own errors (exit 0, 1 or 2 in the CLI), never another exception or exit 3."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxkg
from cxkg.cli import main
from cxkg.errors import CxkgError
from cxkg.sparql import catalog

DATA = Path(__file__).parent / "data"
QUERIES = {query.name: query for query in catalog()}
TOKENS = ["{", "}", "(", ")", ".", ";", ",", "?x", "$y", "<http://example.org/a>", "ex:nps", "skos:broader", '"',
          '"""', "'", "#", "\\u0022", "\\U0001F600", "SERVICE <http://127.0.0.1:9/>", "VALUES ?x { 1 }", "UNDEF",
          "OPTIONAL", "FILTER(", "BIND(", " AS ", "GROUP BY", "HAVING", "ORDER BY", "LIMIT 1", "SELECT *", "ASK",
          "CONSTRUCT", "DESCRIBE", "INSERT DATA", "DELETE WHERE", "LOAD", "FROM <file:///etc/passwd>", "REGEX(",
          "*", "+", "/", "^", "|", "!", "a", "1e999", "-0", "\x00", "\u202e", "\ud800"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def glossary() -> cxkg.Glossary:
    return cxkg.load(DATA / "mini.ttl")


def answers_or_refuses(glossary: cxkg.Glossary, text: str, **bindings: object) -> None:
    try:
        glossary.query(text, timeout=10, memory=500, **bindings)
    except CxkgError as error:
        assert str(error) and "\n" not in str(error)


@st.composite
def mutated_queries(draw: st.DrawFn) -> str:
    """A named query's text with a few slices cut and tokens put in."""
    text = QUERIES[draw(st.sampled_from(sorted(QUERIES)))].text
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        text = text[:start] + draw(st.sampled_from(["", *TOKENS])) + text[end:]
    return text


@SETTINGS
@given(text=st.one_of(st.text(max_size=200), mutated_queries(),
                      st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join)))
def test_sparql_text_gets_an_answer_or_a_cxkg_error(glossary, text):
    answers_or_refuses(glossary, text)


@SETTINGS
@given(name=st.sampled_from(["x", "c", "concept", "1bad", "lang"]),
       value=st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none(), st.binary(max_size=8)))
def test_adhoc_bindings_get_an_answer_or_a_cxkg_error(glossary, name, value):
    answers_or_refuses(glossary, "SELECT ?x ?c WHERE { BIND(?c AS ?x) }", **{name: value})


@SETTINGS
@given(name=st.sampled_from(sorted(QUERIES)), key=st.sampled_from(["concept", "lang", "text", "min", "source", "x"]),
       value=st.one_of(st.text(max_size=40), st.sampled_from(["NPS", "ex:nps", "<http://example.org/mini/nps>",
                                                               "en", "pt-BR", "-1", "99999999999999999999", "\\u0022",
                                                               "ex:", "<>", "<a b>", '"', "x" * 300])))
def test_named_query_parameters_get_an_answer_or_a_cxkg_error(glossary, name, key, value):
    try:
        glossary.run(name, **{key: value})
    except CxkgError as error:
        assert str(error) and "\n" not in str(error)


@settings(max_examples=15, deadline=None)
@given(value=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
       name=st.sampled_from(["ancestors", "search", "shared-terms", "labels"]))
def test_cli_param_values_never_exit_3(value, name):
    key = {"search": "text", "shared-terms": "min"}.get(name, "concept")
    code = main(["query", "-f", str(DATA / "mini.ttl"), name, "--param", f"{key}={value}", "--format", "csv"])
    assert code in (0, 1, 2)
