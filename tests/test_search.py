"""Label normalisation and ranked search."""

from __future__ import annotations

import doctest

import pytest
from conftest import DATA

import cxkg
import cxkg.search
from cxkg import MatchKind
from cxkg.search import normalise


def test_doctests_of_the_search_module():
    assert doctest.testmod(cxkg.search).failed == 0


@pytest.mark.parametrize(("a", "b"), [("Omni-channel", "omni channel"), ("Touchpoints", "touchpoint"),
                                      ("Buyer's Journey", "buyers journeys"), ("Customer  Success", "customer success"),
                                      ("Companies", "company"), ("Analyses", "analyse")])
def test_normalise_folds_case_space_hyphen_apostrophe_and_plural(a, b):
    assert normalise(a) == normalise(b)


def test_words_ending_in_ss_us_is_keep_their_s():
    assert normalise("success") == "success" and normalise("analysis") == "analysis"
    assert normalise("status") == "status"


@pytest.mark.parametrize(("query", "label", "reason"), [
    ("Net Promoter Score", "Net Promoter Score", MatchKind.EXACT_LABEL),
    ("nps", "Net Promoter Score", MatchKind.ACRONYM),
    ("net promoter", "Net Promoter Score", MatchKind.ALT_LABEL),
    ("chur", "Churn", MatchKind.PREFIX),
    ("promoters", "Net Promoter Score", MatchKind.WORD),
    ("retension", "Retention rate", MatchKind.FUZZY),
    ("omnichanel", "Omnichannel", MatchKind.FUZZY),
    ("detractors", "Net Promoter Score", MatchKind.TEXT),
])
def test_best_hit_and_its_reason(mini, query, label, reason):
    best = mini.search(query)[0]
    assert (best.label, best.reason) == (label, reason)


def test_hits_are_ranked_by_score_then_label(mini):
    hits = mini.search("ch", limit=20)
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert hits[0].reason is MatchKind.PREFIX
    assert all(0 < hit.score <= 100 for hit in hits)


def test_exact_match_outranks_prefix(mini):
    labels = [hit.label for hit in mini.search("churn")]
    assert labels[:2] == ["Churn", "Churn rate"]


def test_limit_and_no_match(mini):
    assert len(mini.search("c", limit=3)) == 3
    assert mini.search("qqqqzz") == []
    assert mini.search("   ") == []


def test_deprecated_concepts_are_not_search_results(mini):
    hits = mini.search("omni", limit=50)
    assert [hit.label for hit in hits][:1] == ["Omnichannel"]
    assert all(not hit.label.endswith("(old)") for hit in hits)


def test_doctests_of_the_text_index():
    import cxkg.textindex

    assert doctest.testmod(cxkg.textindex).failed == 0


def test_a_hit_says_which_label_matched_in_which_field_and_language(mini):
    best = mini.search("customer attrition")[0]
    assert (best.label, best.field, best.matched, best.lang) == ("Churn", "alt", "customer attrition", "en")


def test_a_text_hit_quotes_the_sentence_that_matched():
    hit = cxkg.load(DATA / "multilingual.ttl").search("baletti")[0]
    assert (hit.label, hit.reason, hit.field, hit.lang) == ("Tanssi", MatchKind.TEXT, "definition", "fi")
    assert hit.matched == "Myös baletti ja kansantanssi."


def test_a_query_matching_only_some_words_still_finds_the_best_partial_matches(mini):
    hits = mini.search("promoters of unicorn ponies")
    assert hits and hits[0].label == "Net Promoter Score" and hits[0].reason is MatchKind.TEXT


@pytest.mark.parametrize("query", ["why customers leave", "customers who stop buying", "cancel subscription",
                                   "customer leaves"])
def test_questions_about_leaving_find_churn(bundled, query):
    top = [str(hit.iri) for hit in bundled.search(query, 3)]
    assert {"https://w3id.org/cxkg/customer-churn", "https://w3id.org/cxkg/churn-rate"} & set(top)


def test_ties_go_to_the_better_match_not_the_alphabet(bundled):
    assert str(bundled.search("time on hold")[0].iri) == "https://w3id.org/cxkg/hold-time"


def test_label_matches_keep_priority_over_text_matches(mini):
    hits = mini.search("churn", limit=5)
    assert [hit.reason for hit in hits[:2]] == [MatchKind.EXACT_LABEL, MatchKind.PREFIX]
    assert all(hit.score < hits[1].score for hit in hits[2:])


def test_filters_by_type_branch_and_scheme(mini):
    assert [hit.label for hit in mini.search("customers", types=["Metric"])] == ["Customer Satisfaction Score"]
    assert {hit.label for hit in mini.search("customers", under="Customer loyalty")} == {"Customer loyalty", "Churn"}
    assert mini.search("churn", scheme="Mini vocabulary")
    with pytest.raises(cxkg.UnknownResource, match="Metric"):
        mini.search("churn", types=["Unicorn"])


def test_deprecated_concepts_never_crowd_out_the_limit():
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import OWL, RDF, SKOS

    graph = Graph()
    for number in range(30):
        iri = URIRef(f"http://example.org/c{number}")
        graph.add((iri, RDF.type, SKOS.Concept))
        old = number < 25  # deprecated concepts with shorter labels, so they rank above the active ones
        graph.add((iri, SKOS.prefLabel, Literal(f"Churn {'' if old else 'today '}{number}", lang="en")))
        if old:
            graph.add((iri, OWL.deprecated, Literal(True)))
    hits = cxkg.Glossary(graph).search("churn", limit=5)
    assert len(hits) == 5 and all("today" in hit.label for hit in hits)


def test_lang_restricts_matching_to_that_language():
    glossary = cxkg.load(DATA / "multilingual.ttl")
    assert glossary.search("musik")[0].lang == "sv"
    assert glossary.search("musiikki", lang="sv") == []
    best = glossary.search("elokuvien historia", lang="fi")[0]
    assert (best.label, best.field) == ("Film", "definition")
    assert best.matched == "Liikkuvan kuvan taide ja elokuvien historia."


def test_a_notation_is_searchable_and_names_a_concept():
    glossary = cxkg.load(DATA / "multilingual.ttl")
    best = glossary.search("78")[0]
    assert (best.label, best.reason, best.field) == ("MUSIC", MatchKind.NOTATION, "notation")
    assert glossary.concept("77.3").labels["fi"] == "Tanssi"
