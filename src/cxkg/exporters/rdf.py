"""Lossless RDF exports: byte-stable Turtle, sorted N-Triples, and flat, sorted RDF/XML.

Blank nodes get canonical labels (:mod:`cxkg.exporters.triples`), so the same graph gives the same
bytes on every run and every machine.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..errors import ExportError
from ..glossary import Glossary
from . import Curies, Rendered, stable_namespaces
from .triples import Triple, index, written_triples

_LOCAL = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?$")
_PREFIX = re.compile(r"^(?:[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\ud800-\udfff]')
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_XML_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*$")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def turtle(glossary: Glossary) -> Rendered:
    """Turtle with used prefixes, subjects, predicates and objects sorted: byte-identical across runs."""
    graph = glossary.graph
    return Rendered(TurtleWriter(written_triples(graph), stable_namespaces(graph)).text())


def ntriples(glossary: Glossary) -> Rendered:
    """N-Triples, one triple a line, lines sorted."""
    lines = sorted(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in written_triples(glossary.graph))
    return Rendered("".join(lines))


def rdfxml(glossary: Glossary) -> Rendered:
    """Flat RDF/XML (opens in Protégé): one ``rdf:Description`` per subject, everything sorted."""
    graph = glossary.graph
    triples = index(written_triples(graph))
    bound = {ns: p for p, ns in sorted(stable_namespaces(graph), reverse=True) if _NCNAME.match(p or "-")
             and not p.lower().startswith("xml")}
    namespaces: dict[str, str] = {str(RDF): "rdf"}
    qnames: dict[Node, str] = {}
    for predicate in sorted({p for values in triples.values() for p in values}, key=str):
        match = _XML_LOCAL.search(str(predicate))
        if match is None:
            raise ExportError(f"RDF/XML cannot express the predicate <{predicate}> (no XML name ends it)")
        namespace = str(predicate)[:match.start()]
        if namespace not in namespaces:
            namespaces[namespace] = bound.get(namespace) or f"ns{len(namespaces)}"
        qnames[predicate] = f"{namespaces[namespace]}:{match.group()}"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"   xmlns:{prefix}={quoteattr(ns)}" for ns, prefix in sorted(namespaces.items(), key=lambda i: i[1])]
    lines[-1] += ">"
    for subject in sorted(triples, key=_subject_key):
        about = f"rdf:nodeID={quoteattr(_node_id(subject))}" if isinstance(subject, BNode) \
            else f"rdf:about={_xml_iri(subject)}"
        lines.append(f"  <rdf:Description {about}>")
        rows = [(qnames[p], o) for p, objects in triples[subject].items() for o in objects]
        rows.sort(key=lambda row: (row[0] != "rdf:type", row[0], _subject_key(row[1]), _xml_text(row[1])))
        for name, obj in rows:
            lines.append(f"    {_xml_property(name, obj)}")
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    return Rendered("\n".join(lines) + "\n")


def _xml_property(name: str, obj: Node) -> str:
    if isinstance(obj, URIRef):
        return f"<{name} rdf:resource={_xml_iri(obj)}/>"
    if isinstance(obj, BNode):
        return f"<{name} rdf:nodeID={quoteattr(_node_id(obj))}/>"
    assert isinstance(obj, Literal)
    if obj.language:
        attribute = f" xml:lang={quoteattr(obj.language)}"
    elif obj.datatype is not None:
        attribute = f" rdf:datatype={_xml_iri(obj.datatype)}"
    else:
        attribute = ""
    return f"<{name}{attribute}>{_xml_text(obj)}</{name}>"


def _xml_iri(iri: Node) -> str:
    """An IRI as an XML attribute value, refused when it holds characters no IRI may hold."""
    return quoteattr(_iri(str(iri))[1:-1])


def _xml_text(node: Node) -> str:
    text = str(node)
    if _XML_INVALID.search(text):
        raise ExportError(f"RDF/XML cannot hold the control characters in {text[:60]!r}")
    return escape(text).replace("\r", "&#13;")


def _node_id(node: BNode) -> str:
    return str(node) if _NCNAME.match(str(node)) else f"b{node}"


class TurtleWriter:
    """A small deterministic Turtle writer: nested ``[ ]`` for blank nodes used once, ``( )`` for lists."""

    def __init__(self, triples: list[Triple], namespaces: Iterable[tuple[str, str]]) -> None:
        self.curies = Curies((p, n) for p, n in namespaces if _PREFIX.match(p))
        self.used: set[str] = set()
        self.subjects = index(triples)
        incoming: dict[Node, int] = defaultdict(int)
        for _, _, o in triples:
            if isinstance(o, BNode):
                incoming[o] += 1
        self.referenced = set(incoming)
        self.inline = {b for b, n in incoming.items() if n == 1 and b in self.subjects}
        self._drop_unreachable_inline()

    def _drop_unreachable_inline(self) -> None:
        """Blank nodes used once but only from a cycle of such nodes are written at top level."""
        reached: set[Node] = set()
        frontier = [s for s in self.subjects if s not in self.inline]
        while frontier:
            for values in self.subjects[frontier.pop()].values():
                for o in values:
                    if o in self.inline and o not in reached:
                        reached.add(o)
                        frontier.append(o)
        self.inline &= reached

    def text(self) -> str:
        """The whole document."""
        roots = sorted((s for s in self.subjects if s not in self.inline), key=_subject_key)
        blocks = [self._block(s) for s in roots]
        prefixes = "".join(f"@prefix {p}: <{self.curies.prefixes[p]}> .\n" for p in sorted(self.used))
        return prefixes + ("\n" if prefixes else "") + "\n".join(blocks)

    def _block(self, subject: Node) -> str:
        head = self.term(subject)
        if head == "[]":  # a blank subject nobody points to: write its properties in brackets
            return "[\n" + self._properties(subject, "    ") + "\n] .\n"
        return head + "\n" + self._properties(subject, "    ") + " .\n"

    def _properties(self, subject: Node, indent: str) -> str:
        rows = []
        predicates = sorted(self.subjects[subject].items(),
                            key=lambda kv: (kv[0] != RDF.type, self._iri(str(kv[0]), record=False)))
        for predicate, objects in predicates:
            name = "a" if predicate == RDF.type else self.term(predicate)
            if len(objects) == 1:
                rows.append(f"{indent}{name} {self._object(objects[0], indent)}")
            else:
                inner = indent + "    "
                rendered = sorted(self._object(o, inner) for o in objects)  # alike blank nodes stay twice
                rows.append(f"{indent}{name}\n" + " ,\n".join(inner + r for r in rendered))
        return " ;\n".join(rows)

    def _object(self, node: Node, indent: str) -> str:
        if isinstance(node, BNode) and node in self.inline:
            items = self._list_items(node)
            if items is not None:
                return "( " + " ".join(self._object(i, indent) for i in items) + " )"
            inner = indent + "    "
            return "[\n" + self._properties(node, inner) + "\n" + indent + "]"
        return self.term(node)

    def _list_items(self, node: BNode) -> list[Node] | None:
        """Items of a well-formed RDF list starting at ``node``, or ``None``."""
        items: list[Node] = []
        current: Node = node
        while current != RDF.nil:
            props = self.subjects.get(current)
            if (not isinstance(current, BNode) or current not in self.inline or props is None
                    or set(props) != {RDF.first, RDF.rest}
                    or len(props[RDF.first]) != 1 or len(props[RDF.rest]) != 1):
                return None
            items.append(props[RDF.first][0])
            current = props[RDF.rest][0]
        return items

    def term(self, node: Node) -> str:
        """One IRI, blank node or literal in Turtle syntax."""
        if isinstance(node, URIRef):
            return self._iri(str(node))
        if isinstance(node, BNode):
            return f"_:{node}" if node in self.referenced else "[]"
        if isinstance(node, Literal):
            return self._literal(node)
        raise ExportError(f"cannot write {node!r} as Turtle")

    def _iri(self, iri: str, record: bool = True) -> str:
        parts = self.curies.split(iri)
        if parts is not None and _LOCAL.match(parts[1]):
            if record:
                self.used.add(parts[0])
            return f"{parts[0]}:{parts[1]}"
        return _iri(iri)

    def _literal(self, literal: Literal) -> str:
        body = _quote(str(literal), long="\n" in str(literal))
        if literal.language:
            return f"{body}@{literal.language}"
        if literal.datatype is not None:
            return f"{body}^^{self._iri(str(literal.datatype))}"
        return body


def _quote(text: str, long: bool = False) -> str:
    """A Turtle / N-Triples string: escaped; ``long`` keeps newlines and tabs inside triple quotes."""
    quote, keep = ('"""', "\n\t") if long else ('"', "")
    return quote + "".join(ch if ch in keep else _ESCAPES.get(ch) or (ch if ch >= " " else f"\\u{ord(ch):04X}")
                           for ch in text) + quote


def _iri(iri: str) -> str:
    bad = _IRI_UNSAFE.search(iri)
    if bad:  # escaping would write a different, still invalid IRI
        raise ExportError(f"cannot write the IRI <{iri[:80]!a}>: IRIs cannot hold {bad.group()!a}")
    return "<" + iri + ">"


def _nt(node: Node) -> str:
    """One term in N-Triples syntax."""
    if isinstance(node, URIRef):
        return _iri(str(node))
    if isinstance(node, BNode):
        return f"_:{node}"
    assert isinstance(node, Literal)
    if node.language:
        return f"{_quote(str(node))}@{node.language}"
    if node.datatype is not None:
        return f"{_quote(str(node))}^^{_iri(str(node.datatype))}"
    return _quote(str(node))


def _subject_key(node: Node) -> tuple[int, str]:
    return (0 if isinstance(node, URIRef) else 1, str(node))

