"""Content figures of the bundled glossary, for the README's marked block.

    python bench/figures.py            # print the block
    python bench/figures.py --write    # rewrite the block between the markers in README.md
    python bench/figures.py --check    # exit 1 when README.md's block is stale

The block is generated, never hand-edited; tests/test_figures.py fails when it is stale.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

import cxkg
from cxkg.namespaces import CX

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"
EDITORS = URIRef("https://w3id.org/cxkg/source/cxkg-editors")
MATCHES = {"exactMatch": SKOS.exactMatch, "closeMatch": SKOS.closeMatch, "broadMatch": SKOS.broadMatch,
           "narrowMatch": SKOS.narrowMatch, "relatedMatch": SKOS.relatedMatch}


def depths(glossary: cxkg.Glossary) -> dict[URIRef, int]:
    """Shortest number of broader steps from each concept in use to a top concept."""
    graph = glossary.graph
    tops = {c.iri for c in glossary.top_concepts}
    found = {}
    for iri in glossary.iris:
        level, frontier = 0, {iri}
        while frontier and not frontier & tops:
            frontier = {p for f in frontier for p in graph.objects(f, SKOS.broader)}
            level += 1
        found[iri] = level
    return found


def figures(glossary: cxkg.Glossary) -> str:
    """The Markdown block (without the markers)."""
    graph = glossary.graph
    live = set(glossary.iris)
    seeds = set(graph.subjects(CX.sourceFile, None))
    from_seeds = {c for c in live if set(graph.objects(c, DCTERMS.source)) & seeds}
    levels = Counter(depths(glossary).values())
    typed = {name: len(set(graph.subjects(RDF.type, CX[name])) & live)
             for name in ("Metric", "Practice", "Tool", "ExperienceType")}
    related = sum(1 for s, o in graph.subject_objects(SKOS.related) if s in live and str(s) < str(o))
    mapped = {name: sum(1 for s in graph.subjects(prop, None) if s in live) for name, prop in MATCHES.items()}
    mapped_concepts = {s for prop in MATCHES.values() for s in graph.subjects(prop, None)} & live
    flagged = sum(1 for c in live if (c, CX.sourcesDisagree, Literal(True)) in graph)
    hidden = sum(1 for s in graph.subjects(SKOS.hiddenLabel, None) if s in live)
    under_top = levels[1]
    rows = [
        ("Concepts in use", f"{len(live)} ({len(from_seeds)} citing the five seed glossaries, "
                            f"{len(live) - len(from_seeds)} citing only published works or the editors)"),
        ("Deprecated concepts (IRIs kept)", str(len(glossary.deprecated))),
        ("Top concepts", str(levels[0])),
        ("Depth distribution (shortest path to a top concept)",
         ", ".join(f"depth {d}: {n}" for d, n in sorted(levels.items()))),
        ("Directly under a top concept", f"{under_top} of {len(live)} ({100 * under_top / len(live):.1f} %)"),
        ("Metrics / practices / tools / experience types",
         f"{typed['Metric']} / {typed['Practice']} / {typed['Tool']} / {typed['ExperienceType']}"),
        ("Related pairs", str(related)),
        ("Acronyms / hidden labels", f"{len(list(graph.subject_objects(CX.acronym)))} / {hidden}"),
        ("Concepts flagged cx:sourcesDisagree", str(flagged)),
        ("Collections", str(len(set(graph.subjects(RDF.type, SKOS.Collection))))),
        ("Concepts mapped to STW 9.06", f"{len(mapped_concepts)} ("
         + ", ".join(f"{n} {name}" for name, n in mapped.items() if n) + ")"),
        ("Cited sources", f"{len(seeds)} seed glossaries, "
                          f"{len(set(graph.subjects(RDF.type, DCTERMS.BibliographicResource)) - seeds - {EDITORS})} "
                          "published works, the editors"),
    ]
    lines = ["| figure | value |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)]
    return "\n".join(lines) + "\n"


def block(text: str) -> str | None:
    """The README's current block between the markers, or None when the markers are missing."""
    if START not in text or END not in text:
        return None
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def main(argv: list[str]) -> int:
    current = figures(cxkg.load())
    if "--write" in argv or "--check" in argv:
        text = README.read_text(encoding="utf-8")
        old = block(text)
        if old is None:
            print(f"README.md has no {START} … {END} block", file=sys.stderr)
            return 2
        if "--check" in argv:
            return 0 if old == current else 1
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        README.write_text(f"{head}{START}\n{current}{END}{tail}", encoding="utf-8")
        return 0
    print(current, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
