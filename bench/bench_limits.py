"""Peak memory and CPU to load a 1M-triple Turtle file: cxkg's safe loader against plain rdflib, same file, same run;
then the DataHub export of a 100,000-concept broader chain against loading that chain.

Run: ``python bench/run.py limits`` (``CXKG_BENCH_TRIPLES=N``, ``CXKG_BENCH_CHAIN=N`` for other sizes). Each
measurement runs in a fresh process; peak RSS is that process's ``ru_maxrss``. The README's "Limits" section
quotes these figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import vocabulary

TRIPLES = int(os.environ.get("CXKG_BENCH_TRIPLES", "1000000"))
CHAIN = int(os.environ.get("CXKG_BENCH_CHAIN", "100000"))
LOADERS = {
    "cxkg.load": "import cxkg, sys; n = len(cxkg.load(sys.argv[1]).graph)",
    "rdflib Graph().parse": "import rdflib, sys; n = len(rdflib.Graph().parse(sys.argv[1]))",
}
REPORT = ("; import resource; u = resource.getrusage(resource.RUSAGE_SELF); "
          "print(n, u.ru_maxrss, u.ru_utime + u.ru_stime)")


def measure(code: str, path: Path) -> tuple[int, float, float]:
    """(triples, peak RSS in MiB, CPU seconds) of ``code`` run on ``path`` in a fresh process."""
    done = subprocess.run([sys.executable, "-c", code + REPORT, str(path)], capture_output=True, text=True,
                          check=True)
    triples, rss, cpu = done.stdout.split()
    return int(triples), int(rss) / 1024, float(cpu)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.ttl"
        path.write_text(vocabulary(max(TRIPLES // 6, 10)), encoding="utf-8")
        size = path.stat().st_size / 2**20
        print(f"file: {size:.0f} MiB Turtle")
        figures = {}
        for name, code in LOADERS.items():
            figures[name] = measure(code, path)
        report(figures, "rdflib Graph().parse")
        chain = Path(folder) / "chain.nt"
        skos = "http://www.w3.org/2004/02/skos/core#"
        with chain.open("w", encoding="utf-8") as out:
            for i in range(CHAIN):
                out.write(f'<http://e/c{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{skos}Concept> .\n'
                          f'<http://e/c{i}> <{skos}prefLabel> "concept {i}"@en .\n')
                if i:
                    out.write(f"<http://e/c{i}> <{skos}broader> <http://e/c{i - 1}> .\n")
        print(f"a broader chain of {CHAIN:,} concepts:")
        load = "import cxkg, sys; g = cxkg.load(sys.argv[1]); n = len(g)"
        report({"load only": measure(load, chain),
                "load + DataHub export": measure(load + "; n = len(g.export('datahub').text)", chain)}, "load only")


def report(figures: dict[str, tuple[int, float, float]], baseline: str) -> None:
    base = figures[baseline]
    for name, (count, rss, cpu) in figures.items():
        print(f"{name:22} {count:11,}  peak RSS {rss:7.0f} MiB ({rss / base[1]:.2f}x)  "
              f"CPU {cpu:6.1f} s ({cpu / base[2]:.2f}x)")


if __name__ == "__main__":
    main()
