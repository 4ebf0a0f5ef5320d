"""Validation profiles (bundled SHACL shapes by name, or any shapes file), shape metadata, findings.

A profile may ``owl:imports`` a bundled profile by its IRI (``https://w3id.org/cxkg/shapes/skos``);
such imports are read from the bundled files, never from the network. Other imports are left alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, SH
from rdflib.paths import Path
from rdflib.term import Node

from ..loading import parse_into
from ..namespaces import SCHEMA
from ..report import Severity
from ..resources import bundled_files, resolve

#: bundled shapes files are named ``BASE + stem`` (their owl:Ontology IRI)
BASE = "https://w3id.org/cxkg/shapes/"


@dataclass(frozen=True)
class Profile:
    """A loaded profile: its display name, its shapes (imports merged) and whether cxkg ships it."""

    name: str
    shapes: Graph
    bundled: bool


@dataclass(frozen=True)
class ShapeInfo:
    """What a report needs to know about a shape: rule id and name, severity, messages."""

    node: Node
    rule: str
    name: str
    severity: Severity
    messages: tuple[str, ...]


class Finding(NamedTuple):
    """One validation result as an engine produces it, before labels are attached."""

    shape: ShapeInfo
    focus: Node
    path: Node | Path | None
    value: Node | None
    component: URIRef | None
    message: str


def load_profile(profile: str | os.PathLike[str]) -> Profile:
    """The bundled profile ``"skos"`` or ``"cx"``, or the shapes file at a path.

    Raises :class:`~cxkg.errors.UnknownResource` for an unknown name and
    :class:`~cxkg.errors.DataLoadError` (file, line, column) for an unreadable file.
    """
    path = resolve("shapes", os.fspath(profile))
    bundled = path.resolve() in {p.resolve() for p in bundled_files("shapes")}
    stat = path.stat()
    shapes = _parse(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    return Profile(name=path.stem if bundled else str(profile), shapes=shapes, bundled=bundled)


@lru_cache(maxsize=16)
def _parse(path: str, mtime_ns: int, size: int) -> Graph:
    """Parse a shapes file and the bundled profiles it imports (cached while the file is unchanged)."""
    shapes = parse_into(Graph(), path)
    available = {BASE + p.stem: p for p in bundled_files("shapes")}
    loaded = {str(o) for o in shapes.subjects(None, OWL.Ontology)}
    pending = [str(o) for o in shapes.objects(None, OWL.imports)]
    while pending:
        iri = pending.pop()
        if iri in available and iri not in loaded:
            loaded.add(iri)
            imported = parse_into(Graph(), available[iri])
            shapes += imported
            pending.extend(str(o) for o in imported.objects(None, OWL.imports))
    return shapes


def shape_info(shapes: Graph, node: Node) -> ShapeInfo:
    """Rule metadata of a shape, falling back to the node shape that holds a property shape.

    The rule id is ``dct:identifier``, else the shape's (or its holder's) CURIE; the name is
    ``sh:name``, ``schema:name`` or ``rdfs:label``, else the rule id.
    """
    holders = [node, *shapes.subjects(SH.property, node)]
    rule = _first_text(shapes, holders, (DCTERMS.identifier,))
    if rule is None:
        named = next((h for h in holders if not isinstance(h, BNode)), node)
        rule = named.n3(shapes.namespace_manager)
    name = _first_text(shapes, holders, (SH.name, SCHEMA.name, RDFS.label)) or rule
    messages = tuple(sorted(str(m) for m in shapes.objects(node, SH.message) if isinstance(m, Literal)))
    return ShapeInfo(node, rule, name, Severity.from_iri(shapes.value(node, SH.severity)), messages)


def _first_text(shapes: Graph, nodes: list[Node], properties: tuple[Node, ...]) -> str | None:
    for node in nodes:
        for prop in properties:
            texts = sorted(str(v) for v in shapes.objects(node, prop) if isinstance(v, Literal) and str(v))
            if texts:
                return texts[0]
    return None


