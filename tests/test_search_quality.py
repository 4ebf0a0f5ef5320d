"""Search quality on judged queries: hit@3 and MRR must stay above floors set from the first honest run."""

from __future__ import annotations

import pytest
from search_judgements import evaluate, figures, judgements, loaded

import cxkg

#: floors from the first run (bundled 0.96 / 0.93, YKL 1.00 / 1.00), less a small margin for content edits
FLOORS = {"bundled": (0.90, 0.85), "ykl": (0.92, 0.90)}


def test_the_judged_set_is_large_and_varied():
    rows = judgements()
    kinds = {row.kind for row in rows}
    assert len(rows) >= 60 and {"question", "phrase", "typo", "acronym", "fi", "sv", "notation"} <= kinds


def test_bundled_queries_meet_their_floors(bundled):
    hit3, mrr = _figures({"bundled": bundled})["bundled"]
    assert hit3 >= FLOORS["bundled"][0] and mrr >= FLOORS["bundled"][1], f"hit@3 {hit3:.2f}, MRR {mrr:.2f}"


@pytest.mark.slow
def test_ykl_queries_in_finnish_and_swedish_meet_their_floors(ykl):
    hit3, mrr = _figures({"ykl": loaded(ykl)})["ykl"]
    assert hit3 >= FLOORS["ykl"][0] and mrr >= FLOORS["ykl"][1], f"hit@3 {hit3:.2f}, MRR {mrr:.2f}"


def _figures(glossaries: dict[str, cxkg.Glossary]) -> dict[str, tuple[float, float]]:
    return {name: (hit3, mrr) for name, (_, hit3, mrr) in figures(evaluate(glossaries)).items()}
