"""Change management on STW (6,244 concepts, 110k triples): ``cxkg diff`` and the spreadsheet round trip.

Goals (issue 13): a diff of two STW versions costs at most 2x parsing both; a spreadsheet round trip
(export, then import) at most 3x one plain parse. The second version has planted changes: 50 concepts
removed, 50 relabelled, 50 deprecated with a replacement, 50 added, 50 moved. CPU time
(``time.process_time``), runs interleaved, the fastest of ``--repeat`` counts.
Run: ``python bench/run.py change`` or ``python bench/bench_change.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

import cxkg
from cxkg.change import diff
from cxkg.spreadsheet import read_sheet

SHARED = Path(os.environ.get("CXKG_SHARED", Path(__file__).resolve().parents[2] / "shared"))
STW = SHARED / "vocabularies" / "stw" / "stw-skos.ttl"


def planted(graph: Graph) -> Graph:
    """A second version of ``graph`` with 250 planted concept-level changes."""
    new = Graph()
    new += graph
    concepts = sorted(s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))
    for n, concept in enumerate(concepts[:250]):
        group = n // 50
        if group == 0:
            new.remove((concept, None, None))
            new.remove((None, None, concept))
        elif group == 1:
            for label in list(new.objects(concept, SKOS.prefLabel)):
                new.remove((concept, SKOS.prefLabel, label))
                new.add((concept, SKOS.prefLabel, Literal(f"{label} (revised)", lang=label.language)))
        elif group == 2:
            new.add((concept, OWL.deprecated, Literal(True)))
            new.add((concept, DCTERMS.isReplacedBy, concepts[-1 - n]))
        elif group == 3:
            added = URIRef(f"{concept}-new")
            new.add((added, RDF.type, SKOS.Concept))
            new.add((added, SKOS.prefLabel, Literal(f"New {n}", lang="en")))
        else:
            new.remove((concept, SKOS.broader, None))
            new.add((concept, SKOS.broader, concepts[-1]))
    return new


def fastest(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """CPU seconds per named action, the fastest of ``repeat`` interleaved rounds."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, action in runs.items():
            start = time.process_time()
            action()
            best[name] = min(best[name], time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="interleaved rounds; the fastest counts")
    args, _ = parser.parse_known_args()
    if not STW.is_file():
        print(f"skipped: {STW} is absent")
        return
    with tempfile.TemporaryDirectory() as folder:
        old_path, new_path = Path(folder) / "old.ttl", Path(folder) / "new.ttl"
        original = Graph().parse(STW)
        original.serialize(old_path, format="turtle")
        planted(original).serialize(new_path, format="turtle")
        sheet = Path(folder) / "stw.csv"
        book = Path(folder) / "stw.xlsx"
        glossary = cxkg.Glossary(original)

        def diff_files() -> object:
            return diff(Graph().parse(old_path), Graph().parse(new_path))

        result = diff(Graph().parse(old_path), Graph().parse(new_path))
        glossary.export("xlsx", book)
        back = read_sheet(book)
        print(f"xlsx round trip of STW gives back the same graph: {diff(original, back).changes == ()} "
              f"({len(back)} of {len(original)} triples)")
        times = fastest({
            "parse one": lambda: Graph().parse(old_path),
            "parse both": lambda: (Graph().parse(old_path), Graph().parse(new_path)),
            "diff (parse both + compare)": diff_files,
            "csv round trip": lambda: (glossary.export("csv", sheet), read_sheet(sheet)),
            "xlsx round trip": lambda: (glossary.export("xlsx", book), read_sheet(book)),
        }, args.repeat)
    counts: dict[str, int] = {}
    for change in result.changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    print(f"STW: {len(original)} triples; planted changes found: {counts}; bump {result.bump}")
    for name, seconds in times.items():
        base = times["parse both"] if name.startswith("diff") else times["parse one"]
        goal = {"diff (parse both + compare)": " (goal <= 2)", "csv round trip": " (goal <= 3)",
                "xlsx round trip": " (goal <= 3)"}.get(name, "")
        print(f"  {name:<28} {seconds:7.2f} s CPU  {seconds / base:5.2f}x{goal}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
