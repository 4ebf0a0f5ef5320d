"""What an export covers: the whole graph, one branch or one collection, as stored or with inferences.

A narrowed export is the graph with every concept outside the scope removed, together with every
triple that mentions it; schemes, sources and the schema stay. The source graph is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from ..errors import UnknownResource
from ..glossary import Glossary
from ..hierarchy import reach

INFERENCES = ("inverses", "closure")


def scoped(glossary: Glossary, root: str | None = None, collection: str | None = None,
           infer: str | None = None) -> Glossary:
    """The part of ``glossary`` to export; ``glossary`` itself when nothing narrows or adds to it.

    ``root``: a concept reference; keeps it and all its descendants. ``collection``: a collection's
    IRI, CURIE or label; keeps its members (nested collections included). ``infer``: ``inverses``
    adds missing broader/narrower/related inverses; ``closure`` also adds skos:broaderTransitive
    and skos:narrowerTransitive.
    """
    if infer not in (None, "", "none", *INFERENCES):
        raise UnknownResource(f"unknown inference {infer!r}; expected one of: none, {', '.join(INFERENCES)}")
    if root is None and collection is None and infer in (None, "", "none"):
        return glossary
    concepts = set(glossary.iris) | glossary.deprecated
    keep = set(concepts)
    if root is not None:
        keep &= branch(glossary, root)
    if collection is not None:
        keep &= members(glossary, collection)
    graph = _without(glossary.graph, concepts - keep)
    if infer == "inverses":
        add_inverses(graph)
    elif infer == "closure":
        add_inverses(graph)
        add_closure(graph)
    return Glossary(graph, glossary.lang)


def branch(glossary: Glossary, root: str) -> set[URIRef]:
    """``root`` and every concept below it (through broader or narrower, either direction)."""
    start = glossary.resolve(root)
    return {start, *glossary.hierarchy.descendants(start)}


def collections(glossary: Glossary) -> list[URIRef]:
    """IRIs of the collections in the graph, sorted."""
    graph = glossary.graph
    found = {s for cls in (SKOS.Collection, SKOS.OrderedCollection) for s in graph.subjects(RDF.type, cls)}
    found |= set(graph.subjects(SKOS.member, None))
    return sorted(s for s in found if isinstance(s, URIRef))


def members(glossary: Glossary, ref: str) -> set[URIRef]:
    """Concepts in the collection ``ref`` (IRI, CURIE, label or local name), nested ones included."""
    found = _find_collection(glossary, ref)
    graph = glossary.graph
    concepts = set(glossary.iris) | glossary.deprecated
    result: set[URIRef] = set()
    seen: set[Node] = {found}
    frontier: list[Node] = [found]
    while frontier:
        current = frontier.pop()
        items: list[Node] = list(graph.objects(current, SKOS.member))
        for head in graph.objects(current, SKOS.memberList):
            items.extend(graph.items(head))
        for item in items:
            if item in seen:
                continue
            seen.add(item)
            if isinstance(item, URIRef) and item in concepts:
                result.add(item)
            else:
                frontier.append(item)
    return result


def _find_collection(glossary: Glossary, ref: str) -> URIRef:
    found = collections(glossary)
    text = ref.strip().strip("<>")
    wanted = text.casefold()
    try:
        expanded = str(glossary.graph.namespace_manager.expand_curie(text)) if ":" in text else None
    except ValueError:
        expanded = None
    for iri in found:
        if str(iri) in (text, expanded):
            return iri
    for iri in found:
        names = {str(iri).rstrip("/").rsplit("/", 1)[-1].casefold()}
        names |= {str(o).casefold() for p in (SKOS.prefLabel, RDFS.label, DCTERMS.title)
                  for o in glossary.graph.objects(iri, p)}
        if wanted in names:
            return iri
    listed = ", ".join(glossary.label(i) for i in found) or "none in this graph"
    raise UnknownResource(f"no collection matches {ref!r}; collections: {listed}")


def _without(graph: Graph, drop: set[URIRef]) -> Graph:
    """A copy of ``graph`` minus every triple that mentions a node in ``drop``."""
    result = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace, override=False)
    for triple in graph:
        if triple[0] not in drop and triple[2] not in drop:
            result.add(triple)
    return result


def add_inverses(graph: Graph) -> None:
    """Add the missing skos:narrower, skos:broader and skos:related inverses to ``graph``."""
    for child, parent in _broader_pairs(graph):
        graph.add((child, SKOS.broader, parent))
        graph.add((parent, SKOS.narrower, child))
    for a, b in list(graph.subject_objects(SKOS.related)):
        graph.add((b, SKOS.related, a))


def add_closure(graph: Graph) -> None:
    """Add skos:broaderTransitive / skos:narrowerTransitive for every ancestor of every concept."""
    parents: dict[URIRef, set[URIRef]] = {}
    for child, parent in _broader_pairs(graph):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents.setdefault(child, set()).add(parent)
    links = {child: frozenset(found) for child, found in parents.items()}
    for start in links:
        for ancestor in reach([start], links) - {start}:
            graph.add((start, SKOS.broaderTransitive, ancestor))
            graph.add((ancestor, SKOS.narrowerTransitive, start))


def _broader_pairs(graph: Graph) -> Iterable[tuple[Node, Node]]:
    pairs = set(graph.subject_objects(SKOS.broader))
    pairs |= {(child, parent) for parent, child in graph.subject_objects(SKOS.narrower)}
    return sorted(pairs)
