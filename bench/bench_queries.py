"""Time every named query on the bundled graph and on the STW thesaurus (6,244 concepts, 110k triples).

    python bench/bench_queries.py            # or: python bench/run.py queries

Questions about one concept run for a sample of concepts spread over the vocabulary (median and worst
ms); whole-vocabulary queries run a few times (best ms). "first" includes parsing and preparing the
query, which happens once per process. Ratios are against a one-triple lookup
(``?concept skos:prefLabel ?label`` with ``?concept`` bound) timed in the same run. The goal: each
common question answers in at most 50 ms at STW size.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import cxkg
from cxkg.sparql import catalog, run_named, run_sparql

ROOT = Path(__file__).resolve().parents[1]
STW = Path(os.environ.get("CXKG_SHARED", ROOT.parent / "shared")) / "vocabularies" / "stw" / "stw-skos.ttl"
SAMPLE = 40
GOAL_MS = 50.0
COMMON = ("concept", "ancestors", "descendants", "related", "siblings", "labels")
LOOKUP = "SELECT ?label WHERE { ?concept skos:prefLabel ?label }"


def timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = call()
    return (time.perf_counter() - start) * 1000, value


def bench(title: str, glossary: cxkg.Glossary, repeat: int) -> None:
    iris = glossary.iris
    if not iris:
        print(f"\n{title}: no concepts, skipped")
        return
    concepts = list(iris[:: max(1, len(iris) // SAMPLE)])[:SAMPLE]
    first_concept = {"concept": concepts[0]}
    run_sparql(glossary, LOOKUP, first_concept)
    lookup = min(timed(lambda: run_sparql(glossary, LOOKUP, first_concept))[0] for _ in range(50))
    ask = min(timed(lambda: run_sparql(glossary, "ASK {}"))[0] for _ in range(50))
    print(f"\n{title}: {len(glossary)} concepts, {len(glossary.graph)} triples")
    print(f"baseline: one-triple lookup {lookup:.2f} ms, ASK {{}} {ask:.2f} ms")
    print(f"{'query':<15}{'runs':>6}{'first':>9}{'median':>9}{'worst':>9}{'x lookup':>10}{'rows':>7}  goal")
    for query in catalog():
        params: dict[str, object] = {p.name: p.example for p in query.parameters
                                     if p.required and p.type != "concept"}
        per_concept = any(p.type == "concept" for p in query.parameters)
        runs = [{**params, "concept": iri} for iri in concepts] if per_concept else [params] * repeat
        first, _ = timed(lambda: run_named(glossary, query.name, runs[0], timeout=0))  # noqa: B023
        times, rows = [], []
        for values in runs:
            elapsed, result = timed(lambda: run_named(glossary, query.name, values, timeout=0))  # noqa: B023
            times.append(elapsed)
            rows.append(len(result.rows))  # type: ignore[attr-defined]
        median = statistics.median(times) if per_concept else min(times)
        goal = ("ok" if max(times) <= GOAL_MS else "SLOW") if query.name in COMMON else ""
        print(f"{query.name:<15}{len(runs):>6}{first:>9.1f}{median:>9.1f}{max(times):>9.1f}"
              f"{median / lookup:>10.0f}{int(statistics.median(rows)):>7}  {goal}", flush=True)


def main() -> None:
    bench("bundled graph", cxkg.load(), repeat=5)
    if not STW.exists():
        print(f"\nSTW skipped: {STW} is absent")
        return
    elapsed, stw = timed(lambda: cxkg.load(STW))
    print(f"\n(STW parsed in {elapsed / 1000:.1f} s)")
    bench("STW thesaurus", stw, repeat=1)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
