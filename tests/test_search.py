"""Label normalisation and ranked search."""

from __future__ import annotations

import doctest

import pytest

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
    ("detractors", "Net Promoter Score", MatchKind.DEFINITION),
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
