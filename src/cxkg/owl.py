"""OWL interop with owlready2: load a graph into a fresh ``World`` and ask HermiT whether it is consistent.

owlready2 reads N-Triples and RDF/XML, not Turtle, so the graph is handed over as N-Triples.
``owl:imports`` are left out (loading them would need the network). HermiT runs on Java.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import CxkgError

if TYPE_CHECKING:
    import owlready2

    from .glossary import Glossary

_BASE = "https://w3id.org/cxkg/owl-check/"


@dataclass(frozen=True)
class Consistency:
    """HermiT's verdict: ``consistent``; the ``reason`` when not; classes that can have no member."""

    consistent: bool
    reason: str | None = None
    unsatisfiable: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.consistent


def load_world(source: Graph | Glossary) -> tuple[owlready2.World, owlready2.Ontology]:
    """A fresh owlready2 ``World`` holding ``source`` (a Graph or a Glossary), and its ontology."""
    import owlready2

    graph = source if isinstance(source, Graph) else source.graph
    feed = Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            feed.add(triple)
    world = owlready2.World()
    data = feed.serialize(format="nt", encoding="utf-8")
    try:
        ontology = world.get_ontology(_BASE).load(fileobj=io.BytesIO(data), format="ntriples")
    except Exception as exc:  # owlready2 raises several unrelated types on input it cannot read
        raise CxkgError(f"owlready2 cannot load the graph: {exc}") from None
    return world, ontology


def check_consistency(source: Graph | Glossary) -> Consistency:
    """Run HermiT on ``source``: consistent or not (with a reason), and its unsatisfiable classes."""
    import owlready2

    graph = source if isinstance(source, Graph) else source.graph
    world, ontology = load_world(graph)
    try:
        with ontology:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return Consistency(False, explain(graph))
    except (owlready2.OwlReadyJavaError, OSError) as exc:
        raise CxkgError(f"HermiT could not run (it needs Java on PATH): {str(exc).strip()[:500]}") from None
    unsatisfiable = sorted(str(cls.iri) for cls in world.inconsistent_classes() if hasattr(cls, "iri"))
    return Consistency(True, None, tuple(unsatisfiable))


def explain(graph: Graph) -> str:
    """The likeliest cause of an inconsistency: individuals typed with disjoint classes, if any."""
    superclasses = _superclasses(graph)
    disjoint = _disjoint_pairs(graph)
    clashes = []
    for individual in sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}):
        types = set().union(*(superclasses.get(t, {t}) for t in graph.objects(individual, RDF.type)))
        for a, b in sorted(disjoint, key=str):
            if a in types and b in types:
                clashes.append(f"<{individual}> is both <{a}> and <{b}>, which are disjoint")
    if clashes:
        more = f" (and {len(clashes) - 3} more)" if len(clashes) > 3 else ""
        return "; ".join(clashes[:3]) + more
    return ("HermiT found the ontology inconsistent; no individual sits in two disjoint classes, so check "
            "functional properties, cardinality restrictions and property domains/ranges")


def _superclasses(graph: Graph) -> dict[Any, set[Any]]:
    parents: dict[Any, set[Any]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        parents.setdefault(sub, set()).add(sup)
    closure: dict[Any, set[Any]] = {}
    for start in parents:
        seen, frontier = {start}, [start]
        while frontier:
            for parent in parents.get(frontier.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    frontier.append(parent)
        closure[start] = seen
    return closure


def _disjoint_pairs(graph: Graph) -> set[tuple[Any, Any]]:
    pairs: set[tuple[Any, Any]] = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        pairs.add((min(a, b, key=str), max(a, b, key=str)))
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for head in graph.objects(group, OWL.members):
            members = sorted(graph.items(head), key=str)
            pairs |= {(a, b) for i, a in enumerate(members) for b in members[i + 1:]}
    return pairs
