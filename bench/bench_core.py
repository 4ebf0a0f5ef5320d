"""Core latency: `cxkg show` against `python -c "import rdflib"` (CPU), and search over 50,000 concepts.

Run: ``python bench/bench_core.py`` (or ``python bench/run.py core``). Prints medians and ratios.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from measure import child, paired, report
from synthetic import vocabulary

import cxkg

RUNS = 7


def startup(cache_dir: str) -> None:
    """CPU seconds of whole processes, interleaved, median of paired ratios."""
    env = dict(os.environ, CXKG_CACHE_DIR=cache_dir)
    cold_env = dict(env, CXKG_CACHE_DIR="")
    baseline = [sys.executable, "-c", "import rdflib"]
    show = [sys.executable, "-m", "cxkg", "show", "nps"]
    child(show, env)  # fills the cache
    for name, command, command_env, goal in (("cxkg show nps (warm cache)", show, env, 2.0),
                                             ("cxkg show nps (no cache)", show, cold_env, None)):
        a, b, ratio = paired(lambda c=command, e=command_env: child(c, e)[0], lambda: child(baseline, env)[0], RUNS)
        report(f"{name} ÷ python -c 'import rdflib'", a, b, ratio, goal)


def search(size: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.ttl"
        path.write_text(vocabulary(size), encoding="utf-8")
        start = time.perf_counter()
        glossary = cxkg.load(path, cache=False)
        parse = time.perf_counter() - start
        start = time.perf_counter()
        glossary.index  # noqa: B018 - build the index once, as the first search would
        build = time.perf_counter() - start
    queries = ["c", "cu", "cust", "customer jou", "churn rate 12", "NPS", "retension", "omnichanel",
               "feedback survey", "zzzz"]
    glossary.search("warm up")  # first use also builds the definition index and imports rapidfuzz
    gc.collect()  # the one full collection after a large parse would otherwise land on the first keystroke
    timings = []
    for text in queries:
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            glossary.search(text)
            runs.append((time.perf_counter() - start) * 1000)
        timings.append(statistics.median(runs))
    print(f"\nsearch over {len(glossary):,} concepts: parse {parse:.2f} s, index build {build:.2f} s "
          f"(ratio to parse {build / parse:.2f})")
    for text, ms in zip(queries, timings, strict=True):
        print(f"  {text!r:18} {ms:7.2f} ms")
    print(f"  median {statistics.median(timings):.2f} ms, max {max(timings):.2f} ms "
          f"(a keystroke budget is ~50 ms)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as cache:
        startup(cache)
    search(int(os.environ.get("CXKG_BENCH_SIZE", "50000")))
