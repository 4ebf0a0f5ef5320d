"""The RDF description of one resource, written fast: its concise bounded description (its triples,
blank nodes followed) as Turtle, JSON-LD (expanded node objects under a prefix context) or
N-Triples. rdflib's serializers build a namespace trie per graph, which costs more than the
description itself when a site writes thousands of them; RDF/XML still goes through rdflib."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

Triple = tuple[Any, Any, Any]
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def cbd(graph: Graph, iri: URIRef) -> list[Triple]:
    """The triples of ``iri`` and, recursively, of the blank nodes they reach, in a stable order;
    blank nodes are renamed ``b0``, ``b1``… in the order they are reached, so the text does not
    change from one parse of the same file to the next."""
    found: list[Triple] = []
    todo: list[URIRef | BNode] = [iri]
    names: dict[BNode, BNode] = {}

    def named(term: Any) -> Any:
        return names.setdefault(term, BNode(f"b{len(names)}")) if isinstance(term, BNode) else term

    while todo:
        subject = todo.pop(0)
        for s, p, o in sorted(graph.triples((subject, None, None))):
            if isinstance(o, BNode) and o not in names:
                todo.append(o)
            found.append((named(s), p, named(o)))
    return found


def ntriples(triples: Iterable[Triple]) -> str:
    """N-Triples, one line per triple."""
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples)


def turtle(triples: list[Triple], prefixes: Iterable[tuple[str, URIRef]]) -> str:
    """Turtle grouped by subject, with the prefixes the predicates use."""
    used = _prefixes(triples, prefixes)
    lines = [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in sorted(used.items())]
    lines.append("")
    subject = predicate = None
    for s, p, o in triples:
        if s != subject:
            if subject is not None:
                lines[-1] += " ."
            lines.append(s.n3())
            subject, predicate = s, None
        elif p == predicate:
            lines[-1] += f", {o.n3()}"
            continue
        else:
            lines[-1] += " ;"
        predicate = p
        lines.append(f"    {'a' if p == RDF.type else _curie(p, used)} {o.n3()}")
    if subject is not None:
        lines[-1] += " ."
    return "\n".join(lines) + "\n"


def jsonld(triples: list[Triple], prefixes: Iterable[tuple[str, URIRef]]) -> str:
    """JSON-LD: one node object per subject, properties as compact IRIs defined in ``@context``."""
    used = _prefixes(triples, prefixes)
    nodes: dict[Any, dict[str, Any]] = {}
    for s, p, o in triples:
        node = nodes.setdefault(s, {"@id": _id(s)})
        if p == RDF.type and not isinstance(o, Literal):
            node.setdefault("@type", []).append(_id(o))
        else:
            node.setdefault(_curie(p, used, angle=False), []).append(_value(o))
    document = {"@context": dict(sorted(used.items())), "@graph": list(nodes.values())}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _prefixes(triples: list[Triple], prefixes: Iterable[tuple[str, URIRef]]) -> dict[str, str]:
    known = sorted(((str(ns), prefix) for prefix, ns in prefixes if prefix), key=lambda item: -len(item[0]))
    used: dict[str, str] = {}
    for predicate in {p for _, p, _ in triples}:
        text = str(predicate)
        for namespace, prefix in known:
            if text.startswith(namespace) and _LOCAL.fullmatch(text[len(namespace):]) and prefix not in used:
                used[prefix] = namespace
                break
    return used


def _curie(predicate: URIRef, used: dict[str, str], angle: bool = True) -> str:
    text = str(predicate)
    for prefix, namespace in used.items():
        if text.startswith(namespace) and _LOCAL.fullmatch(text[len(namespace):]):
            return f"{prefix}:{text[len(namespace):]}"
    return predicate.n3() if angle else text


def _id(term: Any) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _value(term: Any) -> dict[str, Any]:
    if not isinstance(term, Literal):
        return {"@id": _id(term)}
    value: dict[str, Any] = {"@value": str(term)}
    if term.language:
        value["@language"] = term.language
    elif term.datatype:
        value["@type"] = str(term.datatype)
    return value
