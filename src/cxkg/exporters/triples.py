"""A graph's triples with stable blank-node labels, so every writer gives the same bytes on every run.

Blank nodes are labelled by colour refinement: each is hashed from its IRIs, literals and
predicates, then from its neighbours' hashes, until the partition stops splitting. Blank nodes
that stay alike (``ex:a ex:p [ ex:q 1 ], [ ex:q 1 ]``) are interchangeable, so singling out any
one of them and refining again gives the same text. (Only contrived graphs whose alike blank nodes
are not interchangeable could label differently between runs; the output is still the same graph.)
rdflib's ``to_canonical_graph`` is not used: it is slow, and it merges such alike blank nodes.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from rdflib import BNode, Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
Index = dict[Node, dict[Node, list[Node]]]


def canonical_triples(graph: Graph) -> list[Triple]:
    """Every triple of ``graph``, blank nodes relabelled canonically (the graph is not changed)."""
    triples: list[Triple] = list(graph)
    blank = [t for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    if not blank:
        return triples
    labels = _labels(blank)
    return [(labels.get(s, s), p, labels.get(o, o)) for s, p, o in triples]


def written_triples(graph: Graph) -> list[Triple]:
    """:func:`canonical_triples` as the RDF writers put them: ``"x"^^xsd:string`` as ``"x"`` and language
    tags in lower case (the same literals in RDF 1.1), so parsers and stores that differ on these give the
    same bytes."""
    return [(s, p, _normal(o)) for s, p, o in canonical_triples(graph)]


def _normal(node: Node) -> Node:
    if isinstance(node, Literal):
        if node.datatype == XSD.string:
            return Literal(str(node))
        if node.language and node.language != node.language.lower():
            return Literal(str(node), lang=node.language.lower())
    return node


def index(triples: list[Triple]) -> Index:
    """``{subject: {predicate: [objects]}}``."""
    result: Index = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        result[s][p].append(o)
    return result


def _labels(blank: list[Triple]) -> dict[Node, Node]:
    """A label per blank node: refine colours; while two nodes share one, single one of them out."""
    nodes = {n for s, _, o in blank for n in (s, o) if isinstance(n, BNode)}
    colour = _refine(blank, dict.fromkeys(nodes, ""))
    while True:
        groups: dict[str, list[Node]] = defaultdict(list)
        for node, value in colour.items():
            groups[value].append(node)
        tied = sorted(value for value, members in groups.items() if len(members) > 1)
        if not tied:
            return {node: BNode("b" + value[:32]) for node, value in colour.items()}
        colour[groups[tied[0]][0]] = _hash([tied[0], "*"])
        colour = _refine(blank, colour)


def _refine(blank: list[Triple], colour: dict[Node, str]) -> dict[Node, str]:
    """Re-hash each blank node with its neighbours' colours until the partition stops splitting."""
    distinct = len(set(colour.values()))
    while True:
        signature: dict[Node, list[str]] = {n: [c] for n, c in colour.items()}
        for s, p, o in blank:
            if isinstance(s, BNode):
                signature[s].append(f"+{p.n3()} " + (f"_:{colour[o]}" if isinstance(o, BNode) else o.n3()))
            if isinstance(o, BNode):
                signature[o].append(f"-{p.n3()} " + (f"_:{colour[s]}" if isinstance(s, BNode) else s.n3()))
        refined = {n: _hash(sorted(parts)) for n, parts in signature.items()}
        count = len(set(refined.values()))
        if count == distinct:
            return refined
        colour, distinct = refined, count


def _hash(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
