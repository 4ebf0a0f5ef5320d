"""Store backends and the cache: Oxigraph loading, start-up, validation and memory, as ratios to baselines.

(The start-up of `cxkg show nps` from the cache is in bench_core.)

Run: ``python bench/bench_store.py`` (or ``python bench/run.py store``). CPU seconds (user + system),
runs interleaved, median of paired ratios. ``CXKG_BENCH_SIZE`` (default 50000) sets the synthetic
vocabulary; ``CXKG_BENCH_BIG`` (default 200000; 0 skips) the one for peak memory; STW is added when
``../shared`` holds it.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).parent))
from measure import child, paired, report
from synthetic import vocabulary

import cxkg

RUNS = int(os.environ.get("CXKG_BENCH_RUNS", "3"))
PY = sys.executable
STW = Path(__file__).resolve().parents[2] / "shared" / "vocabularies" / "stw" / "stw-skos.ttl"


def cpu_of(action: object) -> float:
    start = time.process_time()
    action()  # type: ignore[operator]
    return time.process_time() - start


def process(*args: str, env: dict[str, str]) -> float:
    return child([PY, *args], env)[0]


def parse_with_oxigraph(path: Path) -> str:
    return f"import pyoxigraph as ox; ox.Store().bulk_load(path={str(path)!r}, format=ox.RdfFormat.TURTLE)"


def vocabulary_figures(name: str, path: Path, concept: str, label: str, env: dict[str, str]) -> None:
    print(f"\n{name}: {path.stat().st_size / 1e6:.1f} MB of Turtle", flush=True)
    a, b, r = paired(lambda: cpu_of(lambda: cxkg.load(path, store="oxigraph", cache=False)),
                     lambda: cpu_of(lambda: ox.Store().bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)), RUNS)
    report("load --store oxigraph ÷ pyoxigraph bulk_load (in process)", a, b, r, 1.5)
    uncached = dict(env, CXKG_CACHE_DIR="")
    for ref in (concept, label):
        a, b, r = paired(lambda ref=ref: process("-m", "cxkg", "show", ref, "-f", str(path), "--store", "oxigraph",
                                                 env=uncached),
                         lambda: process("-c", parse_with_oxigraph(path), env=env), RUNS)
        report(f"show {ref!r} -f FILE --store oxigraph ÷ bulk_load process", a, b, r, 3.0)
    with tempfile.TemporaryDirectory() as folder:
        store = f"oxigraph:{folder}/store"
        child([PY, "-m", "cxkg", "load", str(path), "--store", store], env)
        for ref in (concept, label):
            a, b, r = paired(lambda ref=ref: process("-m", "cxkg", "show", ref, "--store", store, env=env),
                             lambda: process("-c", "import rdflib", env=env), RUNS)
            report(f"show {ref!r} --store oxigraph:DIR ÷ import rdflib", a, b, r, 2.0)
    rdflib_parse = f"import rdflib; rdflib.Graph().parse({str(path)!r})"
    validate = [PY, "-m", "cxkg", "validate", str(path), "--profile", "skos", "--store", "oxigraph"]
    a, b, r = paired(lambda: child(validate, uncached, ok=(0, 1))[0],  # exit 1: it found problems
                     lambda: process("-c", rdflib_parse, env=env), RUNS)
    report("validate --profile skos --store oxigraph ÷ rdflib parse", a, b, r, 1.0)
    a, b, r = paired(lambda: process("-m", "cxkg", "show", concept, "-f", str(path), env=env),
                     lambda: process("-c", rdflib_parse, env=env), RUNS)
    report(f"show {concept!r} -f FILE, memory store, warm cache ÷ rdflib parse", a, b, r)


def peak_memory(size: int, folder: Path, env: dict[str, str]) -> None:
    path = folder / f"s{size}.ttl"
    path.write_text(vocabulary(size), encoding="utf-8")
    print(f"\npeak memory at {size:,} concepts ({path.stat().st_size / 1e6:.0f} MB)", flush=True)
    uncached = dict(env, CXKG_CACHE_DIR="")
    _, rdflib_mb = child([PY, "-c", f"import rdflib; rdflib.Graph().parse({str(path)!r})"], env)
    _, show_mb = child([PY, "-m", "cxkg", "show", "ex:c5", "-f", str(path), "--store", "oxigraph"], uncached)
    report("show -f FILE --store oxigraph ÷ rdflib parse, peak RSS", show_mb, rdflib_mb, show_mb / rdflib_mb, 1.0,
           unit="MB")
    with tempfile.TemporaryDirectory() as store:
        _, load_mb = child([PY, "-m", "cxkg", "load", str(path), "--store", f"oxigraph:{store}/s"], env)
        report("load FILE --store oxigraph:DIR ÷ rdflib parse, peak RSS", load_mb, rdflib_mb, load_mb / rdflib_mb,
               1.0, unit="MB")


def main() -> None:
    size = int(os.environ.get("CXKG_BENCH_SIZE", "50000"))
    big = int(os.environ.get("CXKG_BENCH_BIG", "200000"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = dict(os.environ, CXKG_CACHE_DIR=str(folder / "cache"))
        path = folder / f"s{size}.ttl"
        text = vocabulary(size)
        path.write_text(text, encoding="utf-8")
        label = re.search(r'ex:c5 a skos:Concept.*?skos:prefLabel "([^"]+)"', text, re.DOTALL)
        assert label is not None
        vocabulary_figures(f"synthetic {size:,} concepts", path, "ex:c5", label.group(1), env)
        if STW.exists():
            vocabulary_figures("STW", STW, "http://zbw.eu/stw/descriptor/11182-6", "Unemployment", env)
        if big:
            peak_memory(big, folder, env)


if __name__ == "__main__":
    main()
