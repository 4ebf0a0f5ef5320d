"""Search speed: index build against a plain rdflib parse, and query latency, on the bundled graph,
YKL and STW (from ../shared when present) and a synthetic vocabulary (100,000 concepts by default).

Run: ``python bench/bench_search.py [--readme]`` (or ``python bench/run.py search``); ``--readme`` writes
the table into README.md. ``CXKG_BENCH_SIZE`` sets the synthetic size. CPU time (``time.process_time``);
parse and build are interleaved, medians of runs.
Goals (issue 12): median query <= 10 ms and p95 <= 30 ms at 100k; build <= 0.3x parse.
"""

from __future__ import annotations

import itertools
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import rdflib

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import WORDS, vocabulary

import cxkg

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("CXKG_SHARED", HERE.parent.parent / "shared")) / "vocabularies"
QUERIES = {
    "bundled": ["nps", "churn", "why customers leave", "customers who stop buying", "cancel subscription",
                "time on hold", "csat survey", "customer satisfaction metrics", "loyalty program", "retension",
                "omnichanel", "jour", "voice of the customer", "how to measure effort", "zzzz"],
    "ykl": ["musiikki", "78", "kirkkohistoria", "suomen historia", "musik", "music", "lasten kirjallisuus",
            "jalkapallo", "fotboll", "muusiikki", "taide", "84.2", "historia", "lintujen", "zzzz"],
    "stw": ["inflation", "V.05.03", "Arbeitsmarkt", "labour market", "unemployment rate", "geldpolitik",
            "monetary policy", "central bank", "infaltion", "tax", "economic growth", "zzzz"],
}


def synthetic_queries() -> list[str]:
    """A mix a user would type over the synthetic vocabulary: words, prefixes, phrases, numbers, typos."""
    words = WORDS[::7]
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)][:8]
    triples = [f"{a} {b} {c}" for a, b, c in zip(words, words[2:], words[4:], strict=False)][:4]
    return [words[0][:1], words[1][:3], words[2][:5], *words[:8], *pairs, *triples,
            "why do customers churn", "how is satisfaction measured", "customer 4711", "12345",
            "retension", "omnichanel", "satisfction survey", "journee", "zzzz", "qqqq xxxx"]


def cpu(func: Callable[[], object]) -> float:
    start = time.process_time()
    func()
    return time.process_time() - start


def build_ratio(path: Path, runs: int) -> tuple[cxkg.Glossary, float, float, float]:
    """Medians of (rdflib parse, label index, full-text index) CPU seconds, interleaved."""
    parses: list[float] = []
    labels: list[float] = []
    texts: list[float] = []
    for _ in range(runs):
        parses.append(cpu(lambda: rdflib.Graph().parse(path)))
        glossary = cxkg.load(path)
        # the label index with the parts built on first search: words and display labels
        labels.append(cpu(lambda: (glossary.index.words, glossary.index.display)))  # noqa: B023 - called at once
        texts.append(cpu(lambda: glossary.index.text_index))  # noqa: B023 - called at once
    return glossary, statistics.median(parses), statistics.median(labels), statistics.median(texts)


def latency(glossary: cxkg.Glossary, queries: list[str]) -> list[float]:
    """Per query, the median CPU milliseconds of 5 runs (after a first run)."""
    glossary.search("warm up")
    timings = []
    for text in queries:
        runs = []
        for _ in range(5):
            start = time.process_time()
            glossary.search(text)
            runs.append((time.process_time() - start) * 1000)
        timings.append(statistics.median(runs))
    return timings


def report(name: str, path: Path, queries: list[str], runs: int) -> str:
    """Print one vocabulary's figures; return them as a Markdown table row."""
    glossary, parse, label, text = build_ratio(path, runs)
    timings = sorted(latency(glossary, queries))
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    median = statistics.median(timings)
    print(f"{name:9} {len(glossary):>7,} concepts  parse {parse:6.2f} s  index {label + text:6.2f} s "
          f"(labels {label:.2f} + text {text:.2f})  ratio {(label + text) / parse:4.2f}  "
          f"query median {median:5.2f} ms  p95 {p95:5.2f} ms  max {timings[-1]:5.2f} ms "
          f"({len(queries)} queries)", flush=True)
    return (f"| {name} | {len(glossary):,} | {parse:.2f} s | {label:.2f} + {text:.2f} s | "
            f"{(label + text) / parse:.2f} | {median:.2f} ms | {p95:.2f} ms |")


def import_time() -> str:
    """``import cxkg`` against ``import rdflib``, CPU of the child process, medians of 7 interleaved runs."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}  # as bench/measure

    def child(module: str) -> float:
        code = f"import time, {module}; print(time.process_time())"
        return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                    env=env).stdout)
    pairs = [(child("rdflib"), child("cxkg")) for _ in range(7)]
    base, ours = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    loaded = subprocess.run([sys.executable, "-c", "import sys, cxkg; print(sorted(m for m in sys.modules if "
                             "m.startswith(('snowballstemmer', 'Stemmer', 'rapidfuzz', 'cxkg.textindex'))))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    line = (f"`import cxkg` {ours * 1000:.0f} ms CPU vs `import rdflib` {base * 1000:.0f} ms: ratio {ours / base:.2f}; "
            f"search modules loaded at import: {'none' if loaded == '[]' else loaded}")
    print(line, flush=True)
    return line


def main(write_readme: bool) -> None:
    rows = [import_time()]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundled.ttl"
        cxkg.load().graph.serialize(path, format="turtle")
        table = [report("bundled", path, QUERIES["bundled"], 5)]
    for name, relative in (("ykl", "ykl/ykl-skos-2021-12-01.ttl"), ("stw", "stw/stw-skos.ttl")):
        if (SHARED / relative).exists():
            table.append(report(name, SHARED / relative, QUERIES[name], 3))
    size = int(os.environ.get("CXKG_BENCH_SIZE", "100000"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.ttl"
        path.write_text(vocabulary(size), encoding="utf-8")
        table.append(report("synthetic", path, synthetic_queries(), 1))
    if write_readme:
        lines = ["| vocabulary | concepts | rdflib parse | index: labels + text | index ÷ parse | "
                 "query median | query p95 |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |", *table, "",
                 rows[0]]
        readme = HERE.parent / "README.md"
        block = "<!-- search-speed:start -->\n" + "\n".join(lines) + "\n<!-- search-speed:end -->"
        text = re.sub(r"<!-- search-speed:start -->.*?<!-- search-speed:end -->", lambda _: block,
                      readme.read_text(encoding="utf-8"), flags=re.S)
        readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main("--readme" in sys.argv[1:])
