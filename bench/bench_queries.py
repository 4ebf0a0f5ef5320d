"""Named queries on the STW thesaurus (6,244 concepts, 110k triples) with the Oxigraph backend.

    python bench/bench_queries.py            # or: python bench/run.py queries

Every named query runs as its standalone text through cxkg on a glossary held in an Oxigraph store,
and, interleaved, as the same text straight on a pyoxigraph Store (the baseline: Oxigraph's own
cost). Questions about one concept run for a sample of concepts (median CPU ms); whole-vocabulary
queries run a few times (median CPU ms). Figures: cxkg ms, the ratio to pyoxigraph, and, for the
questions about one concept, the ratio of rdflib's memory store to the Oxigraph backend. Goals
(issue 9): median <= 20 ms per named query, ``table`` <= 1 s. CPU time via ``time.process_time``.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Graph

import cxkg
from cxkg.sparql import catalog, named_text, run_named

ROOT = Path(__file__).resolve().parents[1]
STW = Path(os.environ.get("CXKG_SHARED", ROOT.parent / "shared")) / "vocabularies" / "stw" / "stw-skos.ttl"
SAMPLE = 15
REPEAT = 3
GOAL_MS, TABLE_GOAL_MS = 20.0, 1000.0


def cpu_ms(call: Callable[[], object]) -> float:
    start = time.process_time()
    call()
    return (time.process_time() - start) * 1000


def on_oxigraph(path: Path) -> cxkg.Glossary:
    """The vocabulary on an Oxigraph store: ``cxkg.load(store="oxigraph")`` where it exists."""
    try:
        return cxkg.load(path, store="oxigraph")  # type: ignore[call-arg]
    except TypeError:
        graph = Graph(store="Oxigraph")
        graph.parse(path, format="ox-turtle")
        return cxkg.Glossary(graph)


def bench(memory: cxkg.Glossary, oxigraph: cxkg.Glossary, store: Any) -> None:
    iris = oxigraph.iris
    concepts = list(iris[:: max(1, len(iris) // SAMPLE)])[:SAMPLE]
    print(f"{'query':<15}{'runs':>5}{'cxkg ms':>9}{'x pyox':>8}{'rdflib x':>10}  goal")
    medians = []
    for query in catalog():
        params: dict[str, object] = {p.name: p.example for p in query.parameters
                                     if p.required and p.type != "concept"}
        per_concept = any(p.type == "concept" for p in query.parameters)
        runs = [{**params, "concept": iri} for iri in concepts] if per_concept else [params] * REPEAT
        run_named(oxigraph, query.name, runs[0])  # warm
        ours, theirs, slower = [], [], []
        for values in runs:
            text = named_text(oxigraph, query.name, values)
            theirs.append(cpu_ms(lambda: list(store.query(text))))  # noqa: B023
            ours.append(cpu_ms(lambda: run_named(oxigraph, query.name, values)))  # noqa: B023
            if per_concept:
                slower.append(cpu_ms(lambda: run_named(memory, query.name, values)))  # noqa: B023
        median = statistics.median(ours)
        medians.append(median)
        goal = TABLE_GOAL_MS if query.name == "table" else GOAL_MS
        rdflib_ratio = f"{statistics.median(slower) / median:>10.1f}" if slower else f"{'':>10}"
        print(f"{query.name:<15}{len(runs):>5}{median:>9.1f}{median / max(statistics.median(theirs), 0.01):>8.2f}"
              f"{rdflib_ratio}  {'ok' if median <= goal else 'SLOW'} (<= {goal:g})", flush=True)
    print(f"median over the named queries: {statistics.median(medians):.1f} ms")


def main() -> None:
    if not STW.exists():
        print(f"STW skipped: {STW} is absent")
        return
    memory = cxkg.load(STW)
    oxigraph = on_oxigraph(STW)
    store = pyoxigraph.Store()
    store.bulk_load(path=str(STW), format=pyoxigraph.RdfFormat.TURTLE)
    print(f"STW: {len(oxigraph)} concepts, {len(store)} triples; rdflib memory store vs Oxigraph backend")
    bench(memory, oxigraph, store)


if __name__ == "__main__":
    main()
