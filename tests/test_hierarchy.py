"""One traversal for every walk: distinct-concept counts, roots, depth, bounded cycles, deep and wide hierarchies."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

import cxkg
from cxkg import analytics
from cxkg.browse import summarise, walk
from cxkg.cli import main
from cxkg.concepts import display_label, is_deprecated
from cxkg.resources import resolve

DATA = Path(__file__).parent / "data"
EX = "http://example.org/h/"
EX_MINI = "http://example.org/mini/"


def vocabulary(links: list[tuple[str, str]], tops: tuple[str, ...] = ("root",), deprecated: tuple[str, ...] = (),
               extra: tuple[str, ...] = ()) -> Graph:
    """Concepts named by their local names, with (child, parent) broader links."""
    graph = Graph()
    scheme = URIRef(EX + "scheme")
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for name in {n for pair in links for n in pair} | set(tops) | set(extra):
        graph.add((URIRef(EX + name), RDF.type, SKOS.Concept))
        graph.add((URIRef(EX + name), SKOS.prefLabel, Literal(name, lang="en")))
    for child, parent in links:
        graph.add((URIRef(EX + child), SKOS.broader, URIRef(EX + parent)))
    for top in tops:
        graph.add((URIRef(EX + top), SKOS.topConceptOf, scheme))
    for name in deprecated:
        graph.add((URIRef(EX + name), OWL.deprecated, Literal(True)))
    return graph


def ladder(rungs: int = 30) -> Graph:
    """root, then ``rungs`` levels of two concepts, each below both concepts of the level above: 2**rungs paths."""
    links = [(f"l1{side}", "root") for side in "ab"]
    links += [(f"l{level}{side}", f"l{level - 1}{up}") for level in range(2, rungs + 1) for side in "ab" for up in "ab"]
    return vocabulary(links)


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "-f", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_ladder_polyhierarchy_counts_concepts_not_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    glossary = cxkg.Glossary(ladder())
    assert len(glossary) == 61
    steps = list(itertools.islice(walk(glossary), 1000))
    assert len(steps) == 1 + 2 + 29 * 4  # each concept once, each second parent once more (was 2**31 paths)
    assert sum(not step.repeated for step in steps) == 61
    assert summarise(glossary).per_top_concept == {"root": 60}
    ladder().serialize(tmp_path / "ladder.ttl", format="turtle")
    code, out, _ = run(capsys, tmp_path / "ladder.ttl", "tree")
    assert code == 0 and len(out.splitlines()) == 119 and out.count("(see above)") == 58
    code, out, _ = run(capsys, tmp_path / "ladder.ttl", "stats", "--json")
    assert code == 0 and json.loads(out)["per_top_concept"] == {"root": 60}


def test_deep_hierarchies_need_no_recursion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    depth = 1500  # past Python's default recursion limit of 1000
    graph = vocabulary([(f"c{n}", f"c{n - 1}" if n > 1 else "root") for n in range(1, depth + 1)])
    graph.serialize(tmp_path / "deep.ttl", format="turtle")
    code, out, err = run(capsys, tmp_path / "deep.ttl", "tree")
    lines = out.splitlines()
    assert (code, err) == (0, "") and len(lines) == depth + 1 and lines[-1] == "  " * depth + f"c{depth}"
    code, out, err = run(capsys, tmp_path / "deep.ttl", "stats", "--json")
    assert (code, err) == (0, "") and json.loads(out)["per_top_concept"] == {"root": depth}
    assert analytics.depth_stats(cxkg.Glossary(graph)).max_depth == depth


def test_mutually_broader_concepts_list_a_bounded_number_of_cycles(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    names = [f"m{n}" for n in range(10)]
    graph = vocabulary([(a, b) for a in names for b in names if a != b], extra=("root",))
    found = analytics.cycles(cxkg.Glossary(graph), limit=50)
    assert (len(found.cycles), found.complete, found.concepts) == (50, False, 10)
    graph.serialize(tmp_path / "knot.ttl", format="turtle")
    code, out, err = run(capsys, tmp_path / "knot.ttl", "graph", "cycles", "--limit", "20")
    assert code == 1 and len(out.splitlines()) == 20
    assert "stopped after 20 cycles" in err and "10 concepts lie on cycles" in err
    code, out, _ = run(capsys, tmp_path / "knot.ttl", "graph", "cycles", "--json")
    listed = json.loads(out)
    assert (len(listed["cycles"]), listed["complete"], listed["concepts_on_cycles"]) == (100, False, 10)
    code, out, _ = run(capsys, tmp_path / "knot.ttl", "tree", "root")
    assert (code, out) == (0, "root\n")


def test_roots_are_the_top_concepts_even_below_a_deprecated_concept() -> None:
    # STW: W.32 is deprecated but keeps its place, so its narrower concepts are no extra roots
    graph = vocabulary([("old", "root"), ("kept", "old"), ("other", "root")], deprecated=("old",))
    glossary = cxkg.Glossary(graph)
    stats = analytics.depth_stats(glossary)
    assert (stats.roots, stats.unreachable, stats.depths) == (1, 0, {0: 1, 1: 1, 2: 1})
    assert [c.label for c in glossary.roots()] == ["root"]
    assert summarise(glossary).per_top_concept == {"root": 2}  # kept and other; the deprecated one is no count
    assert [(s.depth, glossary.label(s.concept)) for s in walk(glossary)] == [(0, "root"), (1, "old"), (2, "kept"),
                                                                              (1, "other")]


def test_without_top_concepts_the_roots_are_the_concepts_without_broader() -> None:
    glossary = cxkg.Glossary(vocabulary([("a", "b"), ("c", "d")], tops=()))
    assert sorted(c.label for c in glossary.roots()) == ["b", "d"]
    assert analytics.depth_stats(glossary).roots == 2


def test_one_test_of_deprecation_and_one_display_label_everywhere() -> None:
    graph = Graph()
    a, b, c, d = (URIRef(EX + n) for n in "abcd")
    graph.add((a, OWL.deprecated, Literal(True)))
    graph.add((b, OWL.deprecated, Literal("true")))
    graph.add((c, OWL.deprecated, Literal(False)))
    assert [is_deprecated(graph, n) for n in (a, b, c, d)] == [True, True, False, False]
    graph.add((a, SKOS.prefLabel, Literal("Eins", lang="de")))
    graph.add((a, SKOS.prefLabel, Literal("One", lang="en")))
    assert display_label(graph, a, "en") == "One" and display_label(graph, a, "de") == "Eins"
    assert display_label(graph, d, "en") == "d" and display_label(graph, Literal("x"), "en") == "x"
    for name in "abcd":
        graph.add((URIRef(EX + name), RDF.type, SKOS.Concept))
    glossary = cxkg.Glossary(graph)
    report = glossary.validate("skos")
    assert glossary.deprecated == {a, b}
    assert {r.label for r in report.results if r.focus == a} == {glossary.label(a)} == {"One"}


def _query_stats(glossary: cxkg.Glossary) -> dict[str, int]:
    return {str(row[0]): int(row[1]) for row in glossary.run("stats").rows}


#: stats query row -> Summary field
SAME_FIGURES = {"concepts": "concepts", "deprecated concepts": "deprecated", "concept schemes": "schemes",
                "top concepts": "top_concepts", "collections": "collections", "broader links": "broader_links",
                "related links": "related_links", "preferred labels": "pref_labels",
                "alternative labels": "alt_labels", "acronyms": "acronyms",
                "concepts with a definition": "definitions", "sources": "sources"}


def planted() -> Graph:
    """Figures that once disagreed: one-way and two-way related, labels on non-concepts, both directions."""
    graph = vocabulary([("a", "root"), ("b", "root"), ("c", "a")], deprecated=("c",))
    root, a, b, c = (URIRef(EX + n) for n in ("root", "a", "b", "c"))
    graph.add((URIRef(EX + "scheme"), SKOS.prefLabel, Literal("Scheme", lang="en")))
    graph.add((a, SKOS.related, b))
    graph.add((b, SKOS.related, a))
    graph.add((c, SKOS.related, root))
    graph.add((b, SKOS.related, b))  # reflexive: no link (and rule rrc reports it)
    graph.add((root, SKOS.narrower, a))
    graph.add((a, SKOS.prefLabel, Literal("A", lang="de")))
    return graph


@pytest.mark.parametrize("source", ["mini.ttl", "poly.ttl", "planted", "bundled"])
def test_stats_and_the_stats_query_give_the_same_figures(source: str) -> None:
    glossary = (cxkg.Glossary(planted()) if source == "planted" else cxkg.load() if source == "bundled"
                else cxkg.load(DATA / source))
    summary = summarise(glossary).as_dict()
    queried = _query_stats(glossary)
    assert {row: summary[name] for row, name in SAME_FIGURES.items()} == {row: queried[row] for row in SAME_FIGURES}
    if source == "planted":
        assert (summary["related_links"], summary["pref_labels"], summary["broader_links"]) == (2, 5, 3)


@pytest.mark.slow
def test_stw_figures_add_up_and_match_oxigraph_running_the_stats_query(stw: Path) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(path=str(stw), format=pyoxigraph.RdfFormat.TURTLE)
    text = resolve("queries", "stats").read_text(encoding="utf-8")
    queried = {solution["statistic"].value: int(solution["value"].value) for solution in store.query(text)}
    glossary = cxkg.load(stw)
    summary = summarise(glossary)
    assert {row: getattr(summary, name) for row, name in SAME_FIGURES.items()} == {row: queried[row]
                                                                                   for row in SAME_FIGURES}
    assert len(summary.per_top_concept) == summary.top_concepts == 7
    assert all(count < summary.concepts for count in summary.per_top_concept.values())
    # every concept in use is a top concept, below one or more of them, or below none
    below_one_or_more = summary.concepts - summary.top_concepts - summary.below_no_top
    assert below_one_or_more <= sum(summary.per_top_concept.values())
    assert sum(summary.per_top_concept.values()) - summary.below_several_tops >= below_one_or_more
    assert analytics.depth_stats(glossary).roots == 7


def test_a_literal_related_value_is_no_missing_inverse_but_a_link_to_no_concept() -> None:
    # YKL states skos:related "see also text"; nothing can state the inverse of a literal
    graph = vocabulary([("a", "root")])
    graph.add((URIRef(EX + "a"), SKOS.related, Literal("see class 12.3", lang="fi")))
    for engine in ("fast", "pyshacl"):
        rules = {r.rule for r in cxkg.Glossary(graph).validate("skos", engine=engine).results
                 if r.value == Literal("see class 12.3", lang="fi")}
        assert rules == {"dr"}, engine


@pytest.mark.parametrize(("args", "check"), [
    (("tree", "Metrics"), lambda d: d[0] == {"depth": 0, "iri": EX_MINI + "metrics", "label": "Metrics",
                                            "repeated": False}),
    (("graph", "path", "NPS", "Churn"), lambda d: [h["relation"] for h in d["hops"]] == ["related", "narrower"]),
    (("graph", "hubs", "-n", "2"), lambda d: [h["label"] for h in d["hubs"]] == ["Metrics", "Channels"]),
    (("graph", "components"), lambda d: [c["size"] for c in d] == [8, 6]),
    (("graph", "depth"), lambda d: (d["roots"], d["max_depth"]) == (2, 2)),
    (("graph", "cycles"), lambda d: d == {"complete": True, "concepts_on_cycles": 0, "cycles": []}),
    (("queries",), lambda d: "stats" in {q["name"] for q in d}),
])
def test_browse_and_graph_commands_print_json(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                              check: Callable[[Any], bool]) -> None:
    code = main([*args, "--json"] if args == ("queries",) else [*args, "--json", "-f", str(DATA / "mini.ttl")])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "") and check(json.loads(out))
