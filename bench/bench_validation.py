"""Validation speed: ``python bench/bench_validation.py [--sizes 25,1000,10000,50000] [--budget 120]``.

For synthetic vocabularies (a scheme, a hierarchy with materialised narrower links, related links,
English and German labels, alt labels, definitions, exact matches, and a few defects of each kind)
and for the real vocabularies in ../shared/vocabularies (skipped when absent), it prints:

* parse: a plain ``rdflib.Graph().parse()`` of the file, the baseline;
* fast skos / fast cx: cxkg's fast engine on the parsed graph, and its ratio to the parse;
* pyshacl skos: plain pySHACL (cxkg's reference engine) in a child process stopped after
  ``--budget`` seconds, tried only up to 10,000 concepts. It runs one SPARQL query per focus node
  and shape, re-parsing the query text each time, so only the tiny vocabulary finishes.

Imports (networkx, pySHACL) are warmed up first, so the times are validation only.

The goal: the whole profile at 50,000 concepts costs at most twice the parse.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from cxkg.validation import validate

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CXKG_SHARED", ROOT.parent / "shared")) / "vocabularies"
REAL = {"voc4cat": SHARED / "voc4cat" / "voc4cat.ttl", "ykl": SHARED / "ykl" / "ykl-skos-2021-12-01.ttl",
        "stw": SHARED / "stw" / "stw-skos.ttl"}
PYSHACL_LIMIT = 10_000

PREFIXES = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <http://example.org/bench/> .
@prefix other: <http://example.org/other/> .
"""


def synthetic(n: int, seed: int = 7) -> str:
    """Turtle for a vocabulary of ``n`` concepts: 20 top concepts, about six children per parent."""
    rng = random.Random(seed)
    parent = {i: (None if i < 20 else rng.randrange(max(1, (i - 20) // 6 + 1))) for i in range(n)}
    children: dict[int, list[int]] = {}
    for child, up in parent.items():
        if up is not None:
            children.setdefault(up, []).append(child)
    related = {i: rng.randrange(n) for i in range(n) if rng.random() < 0.15}
    lines = [PREFIXES, "ex:scheme a skos:ConceptScheme ; skos:prefLabel \"Bench\"@en ; "
             "skos:hasTopConcept " + ", ".join(f"ex:c{i}" for i in range(min(n, 20))) + " ."]
    for i in range(n):
        facts = [f"ex:c{i} a skos:Concept", "skos:inScheme ex:scheme", f'skos:prefLabel "Concept {i}"@en']
        if rng.random() < 0.6:
            facts.append(f'skos:prefLabel "Begriff {i}"@de')
        if rng.random() < 0.4:
            facts.append(f'skos:altLabel "Term {i}"@en')
        if rng.random() < 0.7:
            facts.append(f'skos:definition "What concept {i} means, in a sentence or two."@en')
        if parent[i] is None:
            facts.append("skos:topConceptOf ex:scheme")
        else:
            facts.append(f"skos:broader ex:c{parent[i]}")
        if i in children:
            facts.append("skos:narrower " + ", ".join(f"ex:c{c}" for c in children[i]))
        if i in related and related[i] not in (i, parent[i]):
            facts.append(f"skos:related ex:c{related[i]}")
            lines.append(f"ex:c{related[i]} skos:related ex:c{i} .")
        if rng.random() < 0.1:
            facts.append(f"skos:exactMatch other:t{i}")
        lines.append(" ;\n    ".join(facts) + " .")
    lines.append(_defects(n))
    return "\n".join(lines) + "\n"


def _defects(n: int) -> str:
    """A handful of each kind of defect, spread over the vocabulary."""
    picks = [n // 3 + k * 7 for k in range(5)]
    out = []
    for k, i in enumerate(picks):
        out += [f"ex:cycle{k}a a skos:Concept ; skos:inScheme ex:scheme ; skos:prefLabel \"Cycle {k} A\"@en ; "
                f"skos:broader ex:cycle{k}b .",
                f"ex:cycle{k}b a skos:Concept ; skos:inScheme ex:scheme ; skos:prefLabel \"Cycle {k} B\"@en ; "
                f"skos:broader ex:cycle{k}a .",
                f'ex:c{i} skos:prefLable "Typo {k}"@en ; skos:altLabel " padded {k}"@en .',
                f'ex:dup{k} a skos:Concept ; skos:inScheme ex:scheme ; skos:prefLabel "Concept {i}"@en .',
                f"ex:c{i + 1} skos:related ex:c{i + 1} .",
                f"ex:old{k} a skos:Concept ; skos:inScheme ex:scheme ; skos:prefLabel \"Old {k}\"@en ; "
                "owl:deprecated true ."]
    return "\n".join(out)


def timed(func: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def _pyshacl_child(path: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    graph = Graph().parse(path)
    seconds, _ = timed(lambda: validate(graph, "skos", engine="pyshacl"))
    queue.put(seconds)


def pyshacl_seconds(path: Path, parse: float, budget: float) -> float | None:
    """Plain pySHACL's time on ``path``, or None when it does not finish within ``budget`` seconds."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.Process(target=_pyshacl_child, args=(str(path), queue))
    child.start()
    child.join(2 * parse + budget + 5)  # the child parses first; the budget is for validation only
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    seconds: float = queue.get()
    return seconds if seconds <= budget else None


def measure(name: str, path: Path, budget: float, size: int | None = None) -> None:
    """Print one row; ``size`` is the synthetic size asked for (its defects add a few concepts)."""
    parse, graph = timed(lambda: Graph().parse(path))
    assert isinstance(graph, Graph)
    concepts = len(set(graph.subjects(RDF.type, SKOS.Concept)))
    skos, report = timed(lambda: validate(graph, "skos"))
    cx, _ = timed(lambda: validate(graph, "cx"))
    results = len(report.results)  # type: ignore[attr-defined]
    reference = "skipped (> 10k)"
    if (size or concepts) <= PYSHACL_LIMIT:
        seconds = pyshacl_seconds(path, parse, budget)
        reference = f"> {budget:.0f} s" if seconds is None else f"{seconds:8.2f} s {seconds / parse:7.1f}×"
    print(f"{name:<10} {concepts:>7} {len(graph):>8} {parse:8.2f} s  {skos:7.2f} s {skos / parse:5.2f}×  "
          f"{cx:7.2f} s {cx / parse:5.2f}×  {results:>7}   {reference}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25,1000,10000,50000", help="synthetic sizes, comma-separated")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds pySHACL may take")
    args, _ = parser.parse_known_args()  # bench/run.py passes its own arguments through
    validate(Graph().parse(data=synthetic(5), format="turtle"), "cx")  # warm up: imports, shapes
    print(f"{'vocabulary':<10} {'concepts':>7} {'triples':>8} {'parse':>10}  {'fast skos':>15}  "
          f"{'fast cx':>15}  {'results':>7}   pyshacl skos")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",") if s):
            path = Path(folder) / f"synthetic-{size}.ttl"
            path.write_text(synthetic(size), encoding="utf-8")
            measure(f"synth-{size // 1000}k" if size >= 1000 else f"synth-{size}", path, args.budget, size)
    for name, path in REAL.items():
        if path.exists():
            measure(name, path, args.budget)
        else:
            print(f"{name:<10} skipped: {path} not found")


if __name__ == "__main__":
    main()
