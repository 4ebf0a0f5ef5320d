"""The broader hierarchy, walked one way everywhere: parents, children, ancestors, descendants, depth, roots.

A :class:`Hierarchy` is read once from a graph. Its nodes are the concepts (deprecated ones
included: they keep their place, and a walk passes through them); its links are skos:broader and
the inverse of skos:narrower between two concepts, so a vocabulary stating either direction, or
both, gives the same hierarchy.

Every walk is iterative and visits each concept once: a 100,000-deep chain cannot overflow the
stack, a polyhierarchy costs its links rather than its paths (a "ladder" of 61 concepts has 2**30
paths), and a cycle ends the walk instead of looping.

Definitions used by ``stats``, ``tree`` and ``graph depth`` alike:

* **roots**: the top concepts the vocabulary declares (skos:topConceptOf or skos:hasTopConcept),
  or, when it declares none, the concepts without a broader concept; deprecated ones left out.
* **depth**: the fewest broader links from a concept up to a root (roots are at 0).
* counts are of distinct concepts, deprecated ones left out.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .concepts import concept_iris, deprecated_resources

Links = Mapping[URIRef, frozenset[URIRef]]
N = TypeVar("N")


@dataclass(frozen=True)
class Step:
    """One line of a tree walk: ``concept`` at ``depth``; ``repeated`` when its branch was shown above
    (a second parent in a polyhierarchy, or the concept that closes a cycle) and is not shown again."""

    depth: int
    concept: URIRef
    repeated: bool = False


class Hierarchy:
    """The broader/narrower links between the concepts of one graph."""

    def __init__(self, graph: Graph, concepts: Collection[URIRef] | None = None) -> None:
        self.concepts = frozenset(concept_iris(graph) if concepts is None else concepts)
        retired = deprecated_resources(graph)
        self.deprecated = frozenset(n for n in self.concepts if n in retired)
        parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        children: dict[URIRef, set[URIRef]] = defaultdict(set)
        pairs = [*graph.subject_objects(SKOS.broader), *((c, p) for p, c in graph.subject_objects(SKOS.narrower))]
        for child, parent in pairs:
            if child in self.concepts and parent in self.concepts:
                assert isinstance(child, URIRef) and isinstance(parent, URIRef)
                parents[child].add(parent)
                children[parent].add(child)
        self.parents: Links = {node: frozenset(found) for node, found in parents.items()}
        self.children: Links = {node: frozenset(found) for node, found in children.items()}
        tops = {o for o in graph.objects(None, SKOS.hasTopConcept)} | set(graph.subjects(SKOS.topConceptOf, None))
        self.top_concepts = frozenset(n for n in tops if isinstance(n, URIRef) and n in self.concepts)

    @property
    def active(self) -> frozenset[URIRef]:
        """The concepts in use (not deprecated)."""
        return self.concepts - self.deprecated

    def roots(self) -> frozenset[URIRef]:
        """The declared top concepts, or where there are none the concepts without broader (see module doc)."""
        if self.top_concepts - self.deprecated:
            return self.top_concepts - self.deprecated
        return frozenset(n for n in self.active if n not in self.parents)

    def ancestors(self, node: URIRef) -> frozenset[URIRef]:
        """Every concept above ``node`` (``node`` itself only if it lies on a cycle)."""
        return frozenset(reach([node], self.parents))

    def descendants(self, node: URIRef) -> frozenset[URIRef]:
        """Every concept below ``node`` (``node`` itself only if it lies on a cycle)."""
        return frozenset(reach([node], self.children))

    def depths(self, roots: Iterable[URIRef] | None = None) -> dict[URIRef, int]:
        """Concept -> its depth below ``roots`` (default :meth:`roots`); concepts no root reaches are absent."""
        start = sorted(self.roots() if roots is None else roots)
        depth = dict.fromkeys(start, 0)
        queue = deque(start)
        while queue:
            node = queue.popleft()
            for child in self.children.get(node, ()):
                if child not in depth:
                    depth[child] = depth[node] + 1
                    queue.append(child)
        return depth

    def walk(self, roots: Iterable[URIRef] | None = None, max_depth: int | None = None,
             key: Callable[[URIRef], Any] = str) -> Iterator[Step]:
        """Depth-first :class:`Step` lines under ``roots`` (default :meth:`roots`), children ordered by ``key``.

        Each concept's branch is shown once; where it is met again the step is ``repeated`` and the
        walk does not descend. ``max_depth`` stops the descent at that depth.
        """
        shown: set[URIRef] = set()
        stack: list[tuple[int, URIRef]] = [(0, r) for r in sorted(self.roots() if roots is None else roots,
                                                                 key=key, reverse=True)]
        while stack:
            depth, node = stack.pop()
            if node in shown:
                yield Step(depth, node, repeated=True)
                continue
            yield Step(depth, node)
            if max_depth is not None and depth >= max_depth:
                continue
            shown.add(node)
            stack.extend((depth + 1, child) for child in sorted(self.children.get(node, ()), key=key, reverse=True))


def reach(start: Iterable[N], links: Mapping[N, Collection[N]]) -> set[N]:
    """Every node one or more ``links`` away from ``start`` (breadth-first, each node once)."""
    seen: set[N] = set()
    queue = deque(start)
    while queue:
        for following in links.get(queue.popleft(), ()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return seen


__all__ = ["Hierarchy", "Links", "Step", "reach"]
