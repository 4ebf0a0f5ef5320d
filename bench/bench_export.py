"""Time every export format on the bundled glossary and on STW (6,244 concepts, 110k triples).

Baseline: parsing the same data with plain rdflib (``Graph().parse``) in the same run; each export
is reported in seconds and as a multiple of that baseline, so figures compare across machines.
Run: ``python bench/bench_export.py [--repeat N]`` (STW is skipped when ../shared is absent).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from rdflib import Graph

import cxkg
from cxkg.export import FORMATS
from cxkg.resources import bundled_files

SHARED = Path(os.environ.get("CXKG_SHARED", Path(__file__).resolve().parents[2] / "shared"))
STW = SHARED / "vocabularies" / "stw" / "stw-skos.ttl"


def best_of(repeat: int, action) -> float:  # type: ignore[no-untyped-def]
    """The fastest of ``repeat`` runs of ``action()``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def parse(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path)
    return graph


def bench(name: str, paths: list[Path], repeat: int) -> None:
    baseline = best_of(repeat, lambda: parse(paths))
    glossary = cxkg.Glossary(parse(paths))
    print(f"\n{name}: {len(glossary)} concepts, {len(glossary.graph)} triples; "
          f"baseline rdflib parse {baseline:.3f} s")
    print(f"  {'format':<13} {'seconds':>8} {'x parse':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            target = Path(folder) / f"out-{fmt}"
            options = {"expanded": False} if fmt == "json-ld" else {}
            seconds = best_of(repeat, lambda f=fmt, t=target, o=options: glossary.export(f, t, **o))
            print(f"  {fmt:<13} {seconds:>8.3f} {seconds / baseline:>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the fastest counts")
    args = parser.parse_args()
    os.environ.setdefault("CXKG_CACHE_DIR", "")
    bench("bundled", bundled_files("ontology"), args.repeat)
    if STW.is_file():
        bench("STW", [STW], max(1, args.repeat // 3))
    else:
        print(f"\nSTW: skipped ({STW} not found)")


if __name__ == "__main__":
    main()
