"""JSON-LD: compacted with cxkg's own context (embedded, so no network is needed), or expanded.

Compaction picks a context term (``prefLabel``, ``broader``, …) for a value only when the term's
definition reproduces it exactly (language maps take language-tagged strings, ``@id`` terms take
IRIs, typed terms take their datatype); any other value keeps the compact IRI as key, so nothing
is lost and the document expands back to the same triples.

The context is JSON-LD 1.0 (1.0 and 1.1 processors both read it). Shapes are stable for code that
reads the JSON: ``type`` and every ``@set`` term are always arrays, and so are the values of the
language maps that may repeat (``altLabel``, notes); booleans and integers in their canonical form
are native JSON (``"higherIsBetter": false``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..errors import ExportError
from ..glossary import Glossary
from ..resources import data_dir
from . import Curies, Rendered, stable_namespaces
from .triples import Index, index, written_triples

_GEN_DELIMS = tuple(":/?#[]@")
#: language-map terms holding one value per language; the others' values are always arrays
_SINGLE_LANGUAGE = frozenset({"prefLabel", "definition", "scopeNote", "label", "comment", "title", "description",
                              "formula", "scale"})
_CANONICAL = {str(XSD.boolean): re.compile(r"true|false"), str(XSD.integer): re.compile(r"-?(0|[1-9][0-9]{0,14})")}


@cache
def context() -> dict[str, Any]:
    """cxkg's JSON-LD context (the value of ``@context`` in ``ontology/context.jsonld``)."""
    path = data_dir("ontology") / "context.jsonld"
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as exc:
        raise ExportError(f"{path}: cannot read the JSON-LD context: {exc}") from None
    return loaded


def jsonld(glossary: Glossary, expanded: bool = False) -> Rendered:
    """The graph as JSON-LD: compacted with the embedded cxkg context, or ``expanded``."""
    triples = index(written_triples(glossary.graph))
    namespaces = stable_namespaces(glossary.graph)
    document: Any = _expanded(triples) if expanded else _Compactor(triples, namespaces).document()
    return Rendered(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _expanded(triples: Index) -> list[dict[str, Any]]:
    nodes = []
    for subject in sorted(triples, key=_node_key):
        node: dict[str, Any] = {"@id": _id(subject, str)}
        types = [t for t in triples[subject].get(RDF.type, []) if isinstance(t, URIRef | BNode)]
        if types:
            node["@type"] = sorted(_id(t, str) for t in types)
        values: dict[str, list[Any]] = defaultdict(list)
        for predicate, obj in _pairs(triples, subject):
            if not (predicate == RDF.type and isinstance(obj, URIRef | BNode)):
                values[str(predicate)].append(_value(obj, str, expanded=True))
        for key in sorted(values):
            node[key] = _sorted(values[key])
        nodes.append(node)
    return nodes


class _Compactor:
    """Builds the compacted document for one graph."""

    def __init__(self, triples: Index, namespaces: Iterable[tuple[str, str]]) -> None:
        self.triples = triples
        self.context = dict(context())
        base_prefixes = {k: v for k, v in self.context.items() if isinstance(v, str) and v.endswith(_GEN_DELIMS)
                         and not k.startswith("@")}
        known = set(base_prefixes.values())
        extra = {p: str(ns) for p, ns in namespaces if p and ":" not in p and p not in self.context
                 and str(ns) not in known and str(ns).endswith(_GEN_DELIMS)}
        self.curies = Curies([*base_prefixes.items(), *extra.items()])
        self.extra_prefixes = extra
        self.used_extra: set[str] = set()
        self.properties: dict[str, tuple[str, str]] = {}  # predicate IRI -> (term, kind)
        self.sets = {term for term, definition in self.context.items()
                     if isinstance(definition, dict) and definition.get("@container") == "@set"}
        self.classes: dict[str, str] = {}  # class IRI -> term
        for term, definition in self.context.items():
            if term.startswith("@") or term in base_prefixes:
                continue
            if isinstance(definition, str):
                if not definition.startswith("@"):
                    self.classes[self._expand(definition)] = term
                continue
            iri = self._expand(definition["@id"])
            if definition.get("@container") == "@language":
                kind = "language"
            elif "@type" in definition:
                kind = "id" if definition["@type"] == "@id" else self._expand(definition["@type"])
            else:
                kind = "any"
            self.properties[iri] = (term, kind)

    def _expand(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        namespace = self.context.get(prefix)
        return namespace + local if isinstance(namespace, str) and not local.startswith("//") else curie

    def compact_iri(self, iri: str) -> str:
        """A compact IRI when a prefix fits (and expands back unambiguously), else the IRI."""
        parts = self.curies.split(iri)
        if parts is None or parts[1].startswith("//") or not parts[1]:
            return iri
        if parts[0] in self.extra_prefixes:
            self.used_extra.add(parts[0])
        return f"{parts[0]}:{parts[1]}"

    def document(self) -> dict[str, Any]:
        nodes = [self._node(s) for s in sorted(self.triples, key=_node_key)]
        embedded = dict(self.context)
        for prefix in sorted(self.used_extra):
            embedded[prefix] = self.extra_prefixes[prefix]
        return {"@context": embedded, "@graph": nodes}

    def _node(self, subject: Node) -> dict[str, Any]:
        node: dict[str, Any] = {"id": _id(subject, self.compact_iri)}
        entries: dict[str, list[Any]] = defaultdict(list)
        languages: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for predicate, obj in _pairs(self.triples, subject):
            if predicate == RDF.type and isinstance(obj, URIRef | BNode):
                entries["type"].append(self.classes.get(str(obj)) or _id(obj, self.compact_iri))
                continue
            term, kind = self.properties.get(str(predicate), ("", ""))
            if kind == "language" and isinstance(obj, Literal) and obj.language:
                languages[term][obj.language].append(str(obj))
            elif kind == "id" and isinstance(obj, URIRef | BNode):
                entries[term].append(_id(obj, self.compact_iri))
            elif kind and kind not in ("language", "id", "any") and isinstance(obj, Literal) \
                    and obj.language is None and obj.datatype is not None and str(obj.datatype) == kind:
                entries[term].append(str(obj))
            elif kind == "any":
                entries[term].append(_native(obj, self.compact_iri))
            else:
                entries[self.compact_iri(str(predicate))].append(_value(obj, self.compact_iri))
        for term, by_language in languages.items():
            shape = _one if term in _SINGLE_LANGUAGE else list
            entries[term] = [{lang: shape(sorted(texts)) for lang, texts in sorted(by_language.items())}]
        for key in sorted(entries, key=lambda k: (k != "type", k)):
            values = _sorted(entries[key])
            node[key] = values if key == "type" or key in self.sets else _one(values)
        return node


def _pairs(triples: Index, subject: Node) -> list[tuple[Node, Node]]:
    return [(p, o) for p, objects in triples[subject].items() for o in objects]


def _id(node: Node, compact: Any) -> str:
    return f"_:{node}" if isinstance(node, BNode) else compact(str(node))


def _native(node: Node, compact: Any) -> Any:
    """A literal as a native JSON boolean or integer when that expands back to the same literal."""
    if isinstance(node, Literal) and node.datatype is not None and not node.language:
        pattern = _CANONICAL.get(str(node.datatype))
        if pattern is not None and pattern.fullmatch(str(node)):
            return str(node) == "true" if node.datatype == XSD.boolean else int(str(node))
    return _value(node, compact)


def _value(node: Node, compact: Any, expanded: bool = False) -> Any:
    if isinstance(node, URIRef | BNode):
        return {"@id" if expanded else "id": _id(node, compact)}
    assert isinstance(node, Literal)
    if node.language:
        return {"@value": str(node), "@language": node.language}
    if node.datatype is not None:
        return {"@value": str(node), "@type": compact(str(node.datatype))}
    return {"@value": str(node)} if expanded else str(node)


def _sorted(values: list[Any]) -> list[Any]:
    return sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))


def _one(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _node_key(node: Node) -> tuple[int, str]:
    return (0 if isinstance(node, URIRef) else 1, str(node))
