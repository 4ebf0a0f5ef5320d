"""What the fast engine's checks share: graph-wide indices built once, and the rule registry.

Each index is one pass over the triples of a few predicates, so a check costs O(triples it reads)
instead of one SPARQL query per focus node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Set
from functools import cached_property
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ..concepts import deprecated_resources
from ..stores import oxigraph_of

#: one result of a check: focus node, result path (or None), value (or None)
Row = tuple[Node, Node | None, Node | None]
#: a check gets the indices and the shape's focus nodes, and yields its rows
Check = Callable[["Index", Set[Node]], Iterable[Row]]
#: computes the focus nodes of a shape's SPARQL-based target (sh:target)
Target = Callable[["Index"], Set[Node]]

#: a walk over the graph: each step is a predicate read forwards (False) or backwards (True)
Steps = tuple[tuple[Node, bool], ...]
#: "in a scheme": skos:inScheme, skos:topConceptOf, or the inverse of skos:hasTopConcept
SCHEME_LINKS: Steps = ((SKOS.inScheme, False), (SKOS.topConceptOf, False), (SKOS.hasTopConcept, True))
#: one step up the hierarchy: skos:broader or the inverse of skos:narrower
HIERARCHY: Steps = ((SKOS.broader, False), (SKOS.narrower, True))
#: one step up the transitive hierarchy as SKOS entails it (S27), mapping relations included
HIERARCHY_ENTAILED: Steps = (*HIERARCHY, (SKOS.broadMatch, False), (SKOS.broaderTransitive, False),
                      (SKOS.narrowMatch, True), (SKOS.narrowerTransitive, True))


class Terms(NamedTuple):
    """What :attr:`Index.terms` finds: every IRI (literal datatypes included; none on an Oxigraph store, which
    holds valid IRIs only), and each triple whose object is a literal of an XML Schema datatype but xsd:string."""

    iris: frozenset[URIRef]
    typed_literals: tuple[tuple[Node, Node, Literal], ...]


_XSD = str(XSD)
_TYPED_LITERALS = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o .
    FILTER (isLiteral(?o) && LANG(?o) = "" && DATATYPE(?o) != <{XSD.string}> && STRSTARTS(STR(DATATYPE(?o)), "{_XSD}"))
}}"""


class Rules:
    """Checks and SPARQL-target equivalents, keyed by the rule id (``dct:identifier``) of a shape.

    Each check is registered with the :func:`~cxkg.validation.fast.fingerprint` of the shape it
    implements; the engine delegates the shape to pySHACL whenever the two differ.
    """

    def __init__(self) -> None:
        self.checks: dict[str, Check] = {}
        self.targets: dict[str, Target] = {}
        self.fingerprints: dict[str, str] = {}

    def check(self, rule: str, fingerprint: str) -> Callable[[Check], Check]:
        """Register the graph-wide equivalent of the ``sh:sparql`` constraint of rule ``rule``, written
        for the shape whose fingerprint is ``fingerprint``."""
        def register(func: Check) -> Check:
            self.checks[rule] = func
            self.fingerprints[rule] = fingerprint
            return func
        return register

    def target(self, rule: str) -> Callable[[Target], Target]:
        """Register the equivalent of the ``sh:SPARQLTarget`` of rule ``rule`` (its SELECT is part of
        the fingerprint given to :meth:`check`)."""
        def register(func: Target) -> Target:
            self.targets[rule] = func
            return func
        return register

    def __or__(self, other: Rules) -> Rules:
        merged = Rules()
        merged.checks = {**self.checks, **other.checks}
        merged.targets = {**self.targets, **other.targets}
        merged.fingerprints = {**self.fingerprints, **other.fingerprints}
        return merged


class Index:
    """Lazily built, cached views of one data graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._pairs: dict[Node, list[tuple[Node, Node]]] = {}
        self._subjects: dict[Node, frozenset[Node]] = {}
        self._objects: dict[Node, frozenset[Node]] = {}
        self._instances: dict[Node, frozenset[Node]] = {}
        self._links: dict[Steps, dict[Node, set[Node]]] = {}
        self._reach: dict[Steps, dict[Node, frozenset[Node]]] = defaultdict(dict)

    def pairs(self, prop: Node) -> list[tuple[Node, Node]]:
        """(subject, object) of every ``prop`` triple."""
        if prop not in self._pairs:
            self._pairs[prop] = list(self.graph.subject_objects(prop))
        return self._pairs[prop]

    def subjects(self, prop: Node) -> frozenset[Node]:
        """Every subject of a ``prop`` triple."""
        if prop not in self._subjects:
            self._subjects[prop] = frozenset(s for s, _ in self.pairs(prop))
        return self._subjects[prop]

    def objects(self, prop: Node) -> frozenset[Node]:
        """Every object of a ``prop`` triple."""
        if prop not in self._objects:
            self._objects[prop] = frozenset(o for _, o in self.pairs(prop))
        return self._objects[prop]

    def instances(self, cls: Node) -> frozenset[Node]:
        """Instances of ``cls`` and of its transitive subclasses (as SHACL's sh:targetClass)."""
        if cls not in self._instances:
            classes = set(self.graph.transitive_subjects(RDFS.subClassOf, cls))
            self._instances[cls] = frozenset(s for c in classes for s in self.graph.subjects(RDF.type, c))
        return self._instances[cls]

    @property
    def concepts(self) -> frozenset[Node]:
        """Resources matching ``rdf:type/rdfs:subClassOf* skos:Concept``."""
        return self.instances(SKOS.Concept)

    @cached_property
    def terms(self) -> Terms:
        """The IRIs and the XML Schema typed literals of the graph, from one pass over its triples.

        An Oxigraph store holds no invalid IRI and reads its typed literals with its own engine, so only
        those triples are turned into rdflib terms."""
        store = oxigraph_of(self.graph)
        if store is not None:
            from ..oxstore import to_ox, triples_from_ox

            found = store.query(_TYPED_LITERALS, default_graph=to_ox(self.graph.identifier))
            return Terms(frozenset(), tuple(triples_from_ox(found)))  # type: ignore[arg-type]
        iris: set[URIRef] = set()
        typed: list[tuple[Node, Node, Literal]] = []
        for s, p, o in self.graph:
            iris.update(term for term in (s, p) if isinstance(term, URIRef))
            if isinstance(o, URIRef):
                iris.add(o)
            elif isinstance(o, Literal) and o.datatype is not None:
                iris.add(o.datatype)
                if o.datatype != XSD.string and o.datatype.startswith(_XSD):
                    typed.append((s, p, o))
        return Terms(frozenset(iris), tuple(typed))

    @cached_property
    def deprecated(self) -> frozenset[Node]:
        """Resources whose ``owl:deprecated`` reads "true" (:func:`cxkg.concepts.is_deprecated`)."""
        return deprecated_resources(self.graph)

    def links(self, steps: Steps) -> dict[Node, set[Node]]:
        """Node -> the nodes one step away, each step a predicate read forwards or (True) backwards."""
        if steps not in self._links:
            found: dict[Node, set[Node]] = defaultdict(set)
            for prop, backwards in steps:
                for s, o in self.pairs(prop):
                    if backwards:
                        found[o].add(s)
                    else:
                        found[s].add(o)
            self._links[steps] = dict(found)
        return self._links[steps]

    @property
    def schemes(self) -> dict[Node, set[Node]]:
        """Resource -> the concept schemes it is in (see :data:`SCHEME_LINKS`)."""
        return self.links(SCHEME_LINKS)

    @property
    def parents(self) -> dict[Node, set[Node]]:
        """Node -> its direct broader concepts (see :data:`HIERARCHY`)."""
        return self.links(HIERARCHY)

    def reachable(self, steps: Steps, start: Node) -> frozenset[Node]:
        """Nodes reachable from ``start`` in one or more ``steps`` (``start`` only if on a cycle)."""
        cache = self._reach[steps]
        if start not in cache:
            edges = self.links(steps)
            seen: set[Node] = set()
            frontier = list(edges.get(start, ()))
            while frontier:
                node = frontier.pop()
                if node not in seen:
                    seen.add(node)
                    frontier.extend(edges.get(node, ()))
            cache[start] = frozenset(seen)
        return cache[start]
