"""The concept network with networkx: paths, hubs, cycles, clusters and the shape of the hierarchy.

:func:`to_networkx` builds a ``MultiDiGraph`` whose nodes are the concepts in use (IRIs as strings,
carrying ``label``, ``definition`` and ``type``, the local names of
its types other than skos:Concept, or ``Concept``) and whose edges carry a ``relation``:

* ``broader``: once per link, child -> parent, whether the graph states skos:broader or only
  skos:narrower;
* ``related``: once per pair, from the smaller IRI to the larger (skos:related is symmetric, so a
  second, reversed edge would only double-count degrees).

The edge key is the relation, so the same pair can be linked by both relations.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import URIRef

from .terms import local_name

if TYPE_CHECKING:
    import networkx

    from .glossary import Glossary

BROADER, NARROWER, RELATED = "broader", "narrower", "related"
#: above this many concepts, betweenness is estimated from a fixed sample of sources
EXACT_BETWEENNESS_LIMIT = 2000


def to_networkx(glossary: Glossary) -> networkx.MultiDiGraph:
    """The concept network (see the module docstring for its shape)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for concept in glossary:
        types = [local_name(t) for t in concept.types if t not in glossary.concept_classes] or ["Concept"]
        graph.add_node(str(concept.iri), label=concept.label, definition=concept.definition or "",
                       type="; ".join(types))
    for concept in glossary:
        for parent in concept.broader:
            if str(parent) in graph:
                graph.add_edge(str(concept.iri), str(parent), key=BROADER, relation=BROADER)
        for other in concept.related:
            if str(other) in graph and str(concept.iri) < str(other):
                graph.add_edge(str(concept.iri), str(other), key=RELATED, relation=RELATED)
    return graph


@dataclass(frozen=True)
class Hop:
    """One step of a path: from ``source`` to ``target`` over ``relation`` (broader, narrower, related)."""

    source: URIRef
    relation: str
    target: URIRef


def shortest_path(glossary: Glossary, start: str, end: str) -> list[Hop] | None:
    """The fewest hops from ``start`` to ``end`` through broader, narrower and related; ``None`` if none."""
    import networkx as nx

    graph = to_networkx(glossary)
    a, b = str(glossary.resolve(start)), str(glossary.resolve(end))
    try:
        nodes = nx.shortest_path(_undirected(graph), a, b)
    except nx.NetworkXNoPath:
        return None
    hops = []
    for u, v in itertools.pairwise(nodes):
        if graph.has_edge(u, v, BROADER):
            relation = BROADER
        elif graph.has_edge(v, u, BROADER):
            relation = NARROWER
        else:
            relation = RELATED
        hops.append(Hop(URIRef(u), relation, URIRef(v)))
    return hops


@dataclass(frozen=True)
class Hub:
    """A well-connected concept: ``degree`` counts its links; ``betweenness`` is normalised (0-1)."""

    iri: URIRef
    label: str
    degree: int
    betweenness: float


def hubs(glossary: Glossary, limit: int = 10) -> tuple[list[Hub], bool]:
    """The ``limit`` most connected concepts by degree, then betweenness; and whether betweenness is exact.

    Betweenness is computed on the undirected network; above :data:`EXACT_BETWEENNESS_LIMIT`
    concepts it is estimated from that many sampled sources (seeded, so results repeat).
    """
    import networkx as nx

    graph = to_networkx(glossary)
    simple = _undirected(graph)
    exact = simple.number_of_nodes() <= EXACT_BETWEENNESS_LIMIT
    sample = None if exact else EXACT_BETWEENNESS_LIMIT
    betweenness = nx.betweenness_centrality(simple, k=sample, seed=0)
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), -betweenness.get(n, 0.0), n))
    return [Hub(URIRef(n), graph.nodes[n]["label"], graph.degree(n), round(betweenness.get(n, 0.0), 6))
            for n in ranked[:limit]], exact


#: ``graph cycles`` lists at most this many cycles unless told otherwise
CYCLE_LIMIT = 100


@dataclass(frozen=True)
class Cycles:
    """Cycles in the broader hierarchy, each as the concepts along it (from its smallest IRI).

    A cycle ``[a, b]`` means a broader b and b broader a. Listing stops after ``limit`` cycles
    (ten mutually broader concepts already form over a million); ``complete`` says whether every
    cycle is listed. ``concepts`` counts the concepts on some cycle, always exactly.
    """

    cycles: list[list[URIRef]]
    complete: bool
    concepts: int


def cycles(glossary: Glossary, limit: int = CYCLE_LIMIT) -> Cycles:
    """The cycles in the broader hierarchy, at most ``limit`` of them (the first found), shortest first."""
    import networkx as nx

    links = glossary.hierarchy.parents
    broader = nx.DiGraph()
    broader.add_edges_from(sorted((str(child), str(parent)) for child, parents in links.items() for parent in parents))
    cyclic = [group for group in nx.strongly_connected_components(broader)
              if len(group) > 1 or any(broader.has_edge(n, n) for n in group)]
    members = broader.subgraph(sorted(n for group in cyclic for n in group))
    listed = list(itertools.islice(nx.simple_cycles(members), limit + 1))
    found = [[URIRef(n) for n in cycle[cycle.index(min(cycle)):] + cycle[:cycle.index(min(cycle))]]
             for cycle in listed[:limit]]  # each rotated to start at its smallest IRI
    return Cycles(sorted(found, key=lambda c: (len(c), [str(n) for n in c])), len(listed) <= limit,
                  sum(len(group) for group in cyclic))


def components(glossary: Glossary) -> list[list[URIRef]]:
    """Clusters of concepts linked by any relation, largest first; each sorted by IRI."""
    import networkx as nx

    graph = to_networkx(glossary)
    groups = [sorted(URIRef(n) for n in group) for group in nx.weakly_connected_components(graph)]
    return sorted(groups, key=lambda g: (-len(g), str(g[0])))


@dataclass(frozen=True)
class DepthStats:
    """The shape of the hierarchy, over the concepts in use.

    ``roots`` are the top concepts, or where none are declared the concepts without broader (see
    :mod:`cxkg.hierarchy`). ``depths`` maps depth (0 = a root) to how many concepts sit there; a
    concept reached by several paths counts once, at its shallowest depth. ``unreachable`` concepts
    are below no root (on a broader cycle, or without broader yet not a top concept). ``leaves``
    have no narrower concept; ``fan_out`` figures count the narrower concepts of the concepts that
    have any; ``widest`` lists the largest of them.
    """

    roots: int
    leaves: int
    max_depth: int
    mean_depth: float
    depths: dict[int, int]
    unreachable: int
    fan_out_mean: float
    fan_out_median: float
    fan_out_max: int
    widest: list[tuple[URIRef, str, int]]


def depth_stats(glossary: Glossary, widest: int = 5) -> DepthStats:
    """Depth and fan-out statistics of the broader hierarchy."""
    hierarchy = glossary.hierarchy
    active = hierarchy.active
    roots = hierarchy.roots()
    depth = {node: level for node, level in hierarchy.depths(roots).items() if node in active}
    children = {node: len(hierarchy.children.get(node, frozenset()) & active) for node in active}
    fan = sorted((count, str(node)) for node, count in children.items() if count)
    counts = Counter(depth.values())
    top = sorted(fan, key=lambda item: (-item[0], item[1]))[:widest]
    return DepthStats(
        roots=len(roots),
        leaves=sum(1 for count in children.values() if not count),
        max_depth=max(depth.values(), default=0),
        mean_depth=round(statistics.fmean(depth.values()), 3) if depth else 0.0,
        depths=dict(sorted(counts.items())),
        unreachable=len(active) - len(depth),
        fan_out_mean=round(statistics.fmean(f for f, _ in fan), 3) if fan else 0.0,
        fan_out_median=float(statistics.median(f for f, _ in fan)) if fan else 0.0,
        fan_out_max=fan[-1][0] if fan else 0,
        widest=[(URIRef(n), glossary.label(URIRef(n)), f) for f, n in top],
    )


def _undirected(graph: networkx.MultiDiGraph) -> networkx.Graph:
    """The links as a simple undirected graph, built in sorted order so that ties break the same way
    on every run (networkx's own undirected views iterate sets, whose order varies between runs)."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted(tuple(sorted((u, v))) for u, v in graph.edges()))
    return simple
