"""The judged search queries in tests/data/search_judgements.tsv and their hit@3 / MRR.

Shared by tests/test_search_quality.py and bench/search_quality.py (which prints the figures and
writes them into the README).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cxkg

JUDGEMENTS = Path(__file__).parent / "data" / "search_judgements.tsv"
PREFIXES = {"cx:": "https://w3id.org/cxkg/", "ykl:": "http://urn.fi/URN:NBN:fi:au:ykl:"}


@dataclass(frozen=True)
class Judgement:
    vocabulary: str
    kind: str
    query: str
    expected: frozenset[str]


@dataclass(frozen=True)
class Result:
    judgement: Judgement
    rank: int | None  # 1-based rank of the first expected concept in the top 10, None if absent
    top: tuple[str, ...]


@cache
def loaded(path: Path) -> cxkg.Glossary:
    """A vocabulary loaded once per test process (YKL takes seconds to parse and index)."""
    return cxkg.load(path)


def _expand(curie: str) -> str:
    for prefix, base in PREFIXES.items():
        if curie.startswith(prefix):
            return base + curie[len(prefix):]
    return curie


def judgements() -> list[Judgement]:
    rows = [line.split("\t") for line in JUDGEMENTS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [Judgement(vocabulary, kind, query, frozenset(_expand(c) for c in expected.split()))
            for vocabulary, kind, query, expected in rows]


def evaluate(glossaries: dict[str, cxkg.Glossary]) -> list[Result]:
    """Run every judged query on its vocabulary (skipping vocabularies not given)."""
    results = []
    for judgement in judgements():
        glossary = glossaries.get(judgement.vocabulary)
        if glossary is None:
            continue
        hits = [str(hit.iri) for hit in glossary.search(judgement.query, 10)]
        rank = next((position for position, iri in enumerate(hits, 1) if iri in judgement.expected), None)
        results.append(Result(judgement, rank, tuple(hits[:3])))
    return results


def figures(results: list[Result]) -> dict[str, tuple[int, float, float]]:
    """Per vocabulary and overall ("all"): (queries, hit@3, MRR)."""
    groups: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        groups[result.judgement.vocabulary].append(result)
    groups["all"] = list(results)
    return {name: (len(group), sum(1 for r in group if r.rank and r.rank <= 3) / len(group),
                   sum(1 / r.rank for r in group if r.rank) / len(group)) for name, group in groups.items()}
