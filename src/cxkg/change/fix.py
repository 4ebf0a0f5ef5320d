"""Opt-in repairs of common SKOS defects, each answering one validation rule (ids from shapes/*.ttl).

============================  ================================================================
rule                          repair
============================  ================================================================
``el``                        trim whitespace around labels; drop empty labels
``cx-acronym-label``          a prefLabel that is an acronym moves to altLabel (and cx:acronym
                              where the vocabulary uses it); the spelled-out altLabel becomes
                              the prefLabel
``dlv``                       drop an altLabel repeating the prefLabel, a hiddenLabel repeating either
``chr``                       cycles in broader are always reported with their members; with
                              ``break_cycles`` one named edge per cycle is removed
``hr``                        drop a broader link another broader link already implies
``urc``                       add the missing inverse of broader, narrower and related
``mis``                       put a concept in no scheme into the vocabulary's only scheme
``otc``                       make the concepts of a scheme with no broader concept its top concepts
============================  ================================================================
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS
from rdflib.term import Node

from ..errors import UnknownResource
from ..fileio import write_atomically
from ..glossary import Glossary
from ..hierarchy import reach
from ..loading import parse_into
from ..namespaces import CX

Triple = tuple[Node, Node, Node]
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z0-9&+./-]{2,12}$")


@dataclass(frozen=True)
class Repair:
    """One repair: the rule it answers, what it does in words, and the triples it removes and adds."""

    rule: str
    description: str
    remove: tuple[Triple, ...] = ()
    add: tuple[Triple, ...] = ()

    def apply(self, graph: Graph) -> None:
        for triple in self.remove:
            graph.remove(triple)
        for triple in self.add:
            graph.add(triple)


@dataclass(frozen=True)
class Cycle:
    """Concepts that are each other's ancestors; ``broken`` names the removed edge, if one was."""

    members: tuple[URIRef, ...]
    broken: Triple | None = None


def _concepts(graph: Graph) -> set[Node]:
    glossary = Glossary(graph)
    return {s for c in glossary.concept_classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}


def _label(graph: Graph, node: Node) -> str:
    return Glossary(graph).label(node)


def trim_labels(graph: Graph) -> Iterable[Repair]:
    for s, p, o in sorted(((s, prop, o) for prop in LABELS for s, o in graph.subject_objects(prop)), key=str):
        if not isinstance(o, Literal) or (str(o) and str(o) == str(o).strip()):
            continue
        text = str(o).strip()
        if text:
            yield Repair("el", f"trim {_label(graph, s)!r}: {str(o)!r} -> {text!r}", ((s, p, o),),
                         ((s, p, Literal(text, lang=o.language, datatype=o.datatype)),))
        else:
            yield Repair("el", f"drop an empty {p.n3(graph.namespace_manager)} of {_label(graph, s)!r}", ((s, p, o),))


def acronym_labels(graph: Graph) -> Iterable[Repair]:
    uses_cx = (None, CX.acronym, None) in graph
    for concept in sorted(_concepts(graph), key=str):
        for pref in sorted(graph.objects(concept, SKOS.prefLabel), key=str):
            acronyms = {str(a).casefold() for a in graph.objects(concept, CX.acronym)}
            if not isinstance(pref, Literal) or not (_ACRONYM.match(str(pref)) or str(pref).casefold() in acronyms):
                continue
            alts = [a for a in graph.objects(concept, SKOS.altLabel) if isinstance(a, Literal)
                    and a.language == pref.language and " " in str(a).strip()]
            spelled = [a for a in alts if _initials(str(a)) == str(pref).casefold()]
            if not spelled:
                continue
            full = sorted(spelled, key=str)[0]
            add: list[Triple] = [(concept, SKOS.prefLabel, full), (concept, SKOS.altLabel, pref)]
            if uses_cx:
                add.append((concept, CX.acronym, pref))
            yield Repair("cx-acronym-label", f"{str(pref)!r} is an acronym: prefLabel {str(full)!r}, "
                         f"{str(pref)!r} kept as altLabel{' and cx:acronym' if uses_cx else ''}",
                         ((concept, SKOS.prefLabel, pref), (concept, SKOS.altLabel, full)), tuple(add))


def _initials(text: str) -> str:
    return "".join(word[0] for word in re.findall(r"[^\W_]+", text)).casefold()


def repeated_labels(graph: Graph) -> Iterable[Repair]:
    for s, o in sorted(graph.subject_objects(SKOS.altLabel), key=str):
        if (s, SKOS.prefLabel, o) in graph:
            yield Repair("dlv", f"drop altLabel {str(o)!r} of {_label(graph, s)!r}: it is the prefLabel",
                         ((s, SKOS.altLabel, o),))
    for s, o in sorted(graph.subject_objects(SKOS.hiddenLabel), key=str):
        if (s, SKOS.prefLabel, o) in graph or (s, SKOS.altLabel, o) in graph:
            yield Repair("dlv", f"drop hiddenLabel {str(o)!r} of {_label(graph, s)!r}: it is a visible label",
                         ((s, SKOS.hiddenLabel, o),))


def _parents(graph: Graph) -> dict[Node, set[Node]]:
    parents: dict[Node, set[Node]] = defaultdict(set)
    for s, o in graph.subject_objects(SKOS.broader):
        parents[s].add(o)
    for s, o in graph.subject_objects(SKOS.narrower):
        parents[o].add(s)
    return parents


def cycles(graph: Graph) -> list[tuple[URIRef, ...]]:
    """The cycles of the broader hierarchy: strongly connected groups of concepts, members sorted."""
    import networkx as nx

    network = nx.DiGraph()
    for child, parents in _parents(graph).items():
        network.add_edges_from((child, p) for p in parents)
    groups = [tuple(sorted(g, key=str)) for g in nx.strongly_connected_components(network)
              if len(g) > 1 or any(network.has_edge(n, n) for n in g)]
    return sorted(groups, key=lambda g: str(g[0]))


def break_cycles(graph: Graph) -> Iterable[Repair]:
    """One repair per cycle: drop the link from its last member (by IRI) to a parent inside the cycle."""
    for members in cycles(graph):
        child = members[-1]
        parent = sorted((p for p in _parents(graph)[child] if p in members), key=str)[0]
        yield Repair("chr", f"break the cycle {' -> '.join(repr(_label(graph, m)) for m in members)} by "
                     f"removing {_label(graph, child)!r} skos:broader {_label(graph, parent)!r}",
                     ((child, SKOS.broader, parent), (parent, SKOS.narrower, child)))


def redundant_broader(graph: Graph) -> Iterable[Repair]:
    parents = _parents(graph)

    def ancestors(start: Node) -> set[Node]:
        return reach([start], parents)

    for child in sorted(parents, key=str):
        direct = parents[child]
        for parent in sorted(direct, key=str):
            via = sorted((m for m in direct if m != parent and parent in ancestors(m)), key=str)
            if via and parent not in ancestors(parent):  # inside a cycle nothing is redundant
                yield Repair("hr", f"drop {_label(graph, child)!r} skos:broader {_label(graph, parent)!r}: "
                             f"implied through {_label(graph, via[0])!r}",
                             ((child, SKOS.broader, parent), (parent, SKOS.narrower, child)))


def inverses(graph: Graph) -> Iterable[Repair]:
    for prop, inverse in ((SKOS.broader, SKOS.narrower), (SKOS.narrower, SKOS.broader), (SKOS.related, SKOS.related)):
        for s, o in sorted(graph.subject_objects(prop), key=str):
            if (o, inverse, s) not in graph and isinstance(o, URIRef):
                yield Repair("urc", f"add {_label(graph, o)!r} {inverse.n3(graph.namespace_manager)} "
                             f"{_label(graph, s)!r}", add=((o, inverse, s),))


def in_scheme(graph: Graph) -> Iterable[Repair]:
    schemes = sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str)
    if len(schemes) != 1:
        return
    for concept in sorted(_concepts(graph), key=str):
        placed = ((concept, SKOS.inScheme, None) in graph or (concept, SKOS.topConceptOf, None) in graph
                  or (None, SKOS.hasTopConcept, concept) in graph)
        if not placed:
            yield Repair("mis", f"put {_label(graph, concept)!r} in scheme {_label(graph, schemes[0])!r}",
                         add=((concept, SKOS.inScheme, schemes[0]),))


def top_concepts(graph: Graph) -> Iterable[Repair]:
    parents = _parents(graph)
    deprecated = {s for s, o in graph.subject_objects(OWL.deprecated) if str(o) == "true"}
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        if (scheme, SKOS.hasTopConcept, None) in graph or (None, SKOS.topConceptOf, scheme) in graph:
            continue
        for concept in sorted(graph.subjects(SKOS.inScheme, scheme), key=str):
            if not parents.get(concept) and concept not in deprecated:
                yield Repair("otc", f"make {_label(graph, concept)!r} a top concept of {_label(graph, scheme)!r}",
                             add=((scheme, SKOS.hasTopConcept, concept), (concept, SKOS.topConceptOf, scheme)))


#: rule id -> repair, in the order they run (each sees the graph the previous ones left)
RULES: dict[str, Callable[[Graph], Iterable[Repair]]] = {
    "el": trim_labels, "cx-acronym-label": acronym_labels, "dlv": repeated_labels, "chr": break_cycles,
    "hr": redundant_broader, "urc": inverses, "mis": in_scheme, "otc": top_concepts,
}


def repair(graph: Graph, only: Iterable[str] = (), break_cycles: bool = False) -> tuple[list[Repair], list[Cycle]]:
    """Repair ``graph`` in place; return the repairs made and the cycles found (with the edge removed, if any).

    ``only`` limits the repairs to those rule ids; cycles are broken only with ``break_cycles``.
    """
    chosen = list(only) or list(RULES)
    unknown = sorted(set(chosen) - set(RULES))
    if unknown:
        raise UnknownResource(f"no repair for rule {', '.join(unknown)}; rules with repairs: {', '.join(RULES)}")
    found = [Cycle(members) for members in cycles(graph)]
    done: list[Repair] = []
    for rule, make in RULES.items():
        if rule not in chosen or (rule == "chr" and not break_cycles):
            continue
        for fix in list(make(graph)) if rule != "chr" else _one_by_one(graph):
            fix.apply(graph)
            done.append(fix)
    broken = {fix.remove[0][0]: fix.remove[0] for fix in done if fix.rule == "chr"}
    found = [Cycle(c.members, next((broken[m] for m in c.members if m in broken), None)) for c in found]
    return done, found


def _one_by_one(graph: Graph) -> Iterable[Repair]:
    """Break cycles one at a time (breaking one may break or split another)."""
    while True:
        fix = next(iter(break_cycles(graph)), None)
        if fix is None:
            return
        yield fix  # the caller applies it before asking for the next


@dataclass(frozen=True)
class FileFix:
    """One file before and after the repairs, as cxkg's deterministic Turtle."""

    path: Path
    before: str
    after: str

    def unified_diff(self) -> str:
        lines = difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                     f"a/{self.path}", f"b/{self.path}")
        return "".join(lines)


def fix_files(paths: list[Path], only: Iterable[str] = (), break_cycles: bool = False
              ) -> tuple[list[Repair], list[Cycle], list[FileFix]]:
    """Repair the merge of ``paths``; each new triple goes to the file that says most about its subject.

    Returns the repairs, the cycles and, per file, its Turtle before and after (files are not written).
    """
    from ..exporters.rdf import turtle

    graphs = {path: parse_into(Graph(), path) for path in paths}
    merged = Graph()
    for graph in graphs.values():
        merged += graph
        for prefix, namespace in graph.namespaces():
            merged.bind(prefix, namespace, override=False)
    repairs, found = repair(merged, only, break_cycles)
    after = {path: Graph(namespace_manager=graph.namespace_manager) for path, graph in graphs.items()}
    for path, graph in graphs.items():
        for triple in graph:
            if triple in merged:
                after[path].add(triple)
    for triple in merged:
        if not any(triple in graph for graph in after.values()):
            after[_home(triple, graphs)].add(triple)
    files = []
    for path, graph in graphs.items():
        before, now = turtle(Glossary(graph)).payload, turtle(Glossary(after[path])).payload
        assert isinstance(before, str) and isinstance(now, str)
        if before != now:
            files.append(FileFix(path, before, now))
    return repairs, found, files


def _home(triple: Triple, graphs: dict[Path, Graph]) -> Path:
    subject, _, obj = triple
    for node in (subject, obj):
        counts = {path: sum(1 for _ in graph.triples((node, None, None))) for path, graph in graphs.items()}
        best = max(counts, key=lambda p: counts[p])
        if counts[best]:
            return best
    return next(iter(graphs))


def write_fixed(fix: FileFix) -> None:
    """Write the repaired Turtle over the file (atomically), keeping the file's opening comment lines."""
    header = []
    for line in fix.path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        header.append(line)
    write_atomically(fix.path, "".join(header) + ("\n" if header else "") + fix.after)
