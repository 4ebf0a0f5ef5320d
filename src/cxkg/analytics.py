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


def cycles(glossary: Glossary) -> list[list[URIRef]]:
    """Every cycle in the broader hierarchy, each as the concepts along it (starting from its smallest IRI).

    A cycle ``[a, b]`` means a broader b and b broader a.
    """
    import networkx as nx

    broader = nx.DiGraph()
    for u, v, relation in to_networkx(glossary).edges(data="relation"):
        if relation == BROADER:
            broader.add_edge(u, v)
    found = []
    for cycle in nx.simple_cycles(broader):
        start = cycle.index(min(cycle))
        found.append([URIRef(n) for n in cycle[start:] + cycle[:start]])
    return sorted(found, key=lambda c: (len(c), [str(n) for n in c]))


def components(glossary: Glossary) -> list[list[URIRef]]:
    """Clusters of concepts linked by any relation, largest first; each sorted by IRI."""
    import networkx as nx

    graph = to_networkx(glossary)
    groups = [sorted(URIRef(n) for n in group) for group in nx.weakly_connected_components(graph)]
    return sorted(groups, key=lambda g: (-len(g), str(g[0])))


@dataclass(frozen=True)
class DepthStats:
    """The shape of the hierarchy.

    ``depths`` maps depth (0 = a concept without broader) to how many concepts sit there; a concept
    reached by several paths counts at its shallowest depth. ``unreachable`` concepts sit on a
    broader cycle with no way up to a root. ``fan_out`` figures count narrower concepts of the
    concepts that have any; ``widest`` lists the largest of them.
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
    graph = to_networkx(glossary)
    children: dict[str, list[str]] = {n: [] for n in graph}
    parents: Counter[str] = Counter()
    for u, v, relation in graph.edges(data="relation"):
        if relation == BROADER:
            children[v].append(u)
            parents[u] += 1
    roots = sorted(n for n in graph if not parents[n])
    depth = {n: 0 for n in roots}
    frontier = list(roots)
    while frontier:
        following = []
        for node in frontier:
            for child in children[node]:
                if child not in depth:
                    depth[child] = depth[node] + 1
                    following.append(child)
        frontier = following
    fan = sorted((len(c), n) for n, c in children.items() if c)
    counts = Counter(depth.values())
    top = sorted(fan, key=lambda item: (-item[0], item[1]))[:widest]
    return DepthStats(
        roots=len(roots),
        leaves=sum(1 for c in children.values() if not c),
        max_depth=max(depth.values(), default=0),
        mean_depth=round(statistics.fmean(depth.values()), 3) if depth else 0.0,
        depths=dict(sorted(counts.items())),
        unreachable=graph.number_of_nodes() - len(depth),
        fan_out_mean=round(statistics.fmean(f for f, _ in fan), 3) if fan else 0.0,
        fan_out_median=float(statistics.median(f for f, _ in fan)) if fan else 0.0,
        fan_out_max=fan[-1][0] if fan else 0,
        widest=[(URIRef(n), graph.nodes[n]["label"], f) for f, n in top],
    )


def _undirected(graph: networkx.MultiDiGraph) -> networkx.Graph:
    """The links as a simple undirected graph, built in sorted order so that ties break the same way
    on every run (networkx's own undirected views iterate sets, whose order varies between runs)."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted(tuple(sorted((u, v))) for u, v in graph.edges()))
    return simple
