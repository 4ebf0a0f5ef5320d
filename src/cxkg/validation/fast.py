"""The fast engine: evaluates SHACL shapes graph-wide, with the same results as pySHACL.

pySHACL runs one SPARQL query per focus node and shape (and re-parses the query each time), so a
vocabulary of n concepts costs n × shapes queries. Here every shape it implements is one pass:

* targets (sh:targetClass, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf) are computed
  from the shapes file; a SPARQL target (sh:target) uses the equivalent registered for the rule;
* a property shape with a plain predicate path gets sh:minCount and sh:pattern evaluated directly;
* a sh:sparql constraint runs the graph-wide equivalent registered under the shape's rule id
  (``dct:identifier``) in :mod:`.skos_checks` / :mod:`.cx_checks`.

Each registered check names the :func:`fingerprint` of the shape it was written for (its SPARQL
and messages). A shape whose fingerprint differs (it was edited, or it is someone else's shape
with the same rule id), or that uses anything else, is *delegated*: it runs on pySHACL alone, and
its results are merged with the rest. So no shape is ever skipped or judged by stale code, and the
test suite fails as soon as a bundled shape and its check drift apart.

Names, messages and severities always come from the shapes file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from . import cx_checks, skos_checks
from .index import Index, Row
from .profiles import Finding, ShapeInfo, shape_info

RULES = skos_checks.RULES | cx_checks.RULES

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
#: the SHACL terms the fast engine understands on each kind of node
COMMON = frozenset({*TARGETS, SH.name, SH.description, SH.message, SH.severity, SH.deactivated})
SPARQL_SHAPE = COMMON | {SH.sparql}
SPARQL_CONSTRAINT = frozenset({SH.select, SH.prefixes})
SPARQL_TARGET = frozenset({SH.select, SH.prefixes})
PROPERTY_SHAPE = COMMON | {SH.path, SH.minCount, SH.pattern, SH.flags}

#: called with (shape number, number of shapes, rule id) before each shape runs
Progress = Callable[[int, int, str], None]


def fingerprint(shapes: Graph, node: Node) -> str:
    """What a registered check stands for: the shape's SELECT texts (constraints and target) and its
    messages, whitespace-normalised, hashed (16 hex digits)."""
    parts = [f"select {text}" for c in shapes.objects(node, SH.sparql) for text in shapes.objects(c, SH.select)]
    parts += [f"target {text}" for t in shapes.objects(node, SH.target) for text in shapes.objects(t, SH.select)]
    parts += [f"message {text}" for text in shapes.objects(node, SH.message)]
    canonical = "\n".join(sorted(" ".join(str(part).split()) for part in parts))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Plan:
    """Which shapes run here (``fast``) and which on pySHACL (``delegated``: shape -> why)."""

    fast: tuple[Node, ...]
    delegated: Mapping[Node, str]


def plan(shapes: Graph) -> Plan:
    """Split the active shapes of ``shapes`` between the fast engine and pySHACL."""
    fast: list[Node] = []
    delegated: dict[Node, str] = {}
    referenced = {o for s, p, o in shapes if str(p).startswith(str(SH)) or p == RDF.first}
    for node in sorted(_shape_nodes(shapes), key=str):
        if (node, SH.deactivated, Literal(True)) in shapes:
            continue
        reason = "referenced by another shape" if node in referenced else _unsupported(shapes, node)
        if reason is None:
            fast.append(node)
        else:
            delegated[node] = reason
    return Plan(tuple(fast), delegated)


def stale_checks(shapes: Graph) -> dict[str, str]:
    """Rule id -> why, for every shape with a registered check that no longer matches it."""
    found = {}
    for node, reason in plan(shapes).delegated.items():
        rule = shape_info(shapes, node).rule
        if rule in RULES.checks and "fingerprint" in reason:
            found[rule] = reason
    return found


def run(data: Graph, shapes: Graph, progress: Progress | None = None) -> tuple[list[Finding], list[str]]:
    """Validate ``data`` against ``shapes``: the findings, and the rule ids that ran on pySHACL."""
    chosen = plan(shapes)
    index = Index(data)
    findings: list[Finding] = []
    total = len(chosen.fast) + (1 if chosen.delegated else 0)
    for number, node in enumerate(chosen.fast, 1):
        info = shape_info(shapes, node)
        if progress is not None:
            progress(number, total, info.rule)
        focus = _focus_nodes(index, shapes, node, info.rule)
        if (node, SH.sparql, None) in shapes:
            findings.extend(_sparql(index, node, info, focus))
        else:
            findings.extend(_property(index, shapes, node, info, focus))
    delegated = sorted({shape_info(shapes, node).rule for node in chosen.delegated})
    if chosen.delegated:
        from .pyshacl_engine import run as run_pyshacl

        if progress is not None:
            progress(total, total, "pySHACL: " + ", ".join(delegated))
        findings.extend(run_pyshacl(data, _only(shapes, chosen.delegated), "shapes")[0])
    return findings, delegated


def _only(shapes: Graph, keep: Mapping[Node, str]) -> Graph:
    """``shapes`` with every shape but ``keep`` deactivated (sh:deactivated true), as a new graph."""
    copy = Graph()
    for prefix, namespace in shapes.namespaces():
        copy.bind(prefix, namespace)
    copy += shapes
    for node in _shape_nodes(shapes) - set(keep):
        copy.add((node, SH.deactivated, Literal(True)))
    return copy


def _shape_nodes(shapes: Graph) -> set[Node]:
    typed = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    return typed | {s for prop in TARGETS for s in shapes.subjects(prop, None)}


def _unsupported(shapes: Graph, node: Node) -> str | None:
    """Why the fast engine cannot evaluate the shape ``node``, or None when it can."""
    info = shape_info(shapes, node)
    if not info.messages:
        return "no sh:message"
    if (node, SH.sparql, None) in shapes:
        constructs = _outside(shapes, node, SPARQL_SHAPE) or next(
            (found for c in shapes.objects(node, SH.sparql) if (found := _outside(shapes, c, SPARQL_CONSTRAINT))), None)
        if constructs:
            return constructs
        if info.rule not in RULES.checks:
            return f"no graph-wide check for rule {info.rule!r}"
        if RULES.fingerprints[info.rule] != fingerprint(shapes, node):
            return (f"fingerprint {fingerprint(shapes, node)} differs from the check's "
                    f"{RULES.fingerprints[info.rule]}: the shape changed")
    else:
        constructs = _outside(shapes, node, PROPERTY_SHAPE)
        if constructs:
            return constructs
        if not isinstance(shapes.value(node, SH.path), URIRef):
            return "not a plain predicate path"
    for target in shapes.objects(node, SH.target):
        if _outside(shapes, target, SPARQL_TARGET | {RDF.type}) or info.rule not in RULES.targets:
            return f"no graph-wide equivalent of the SPARQL target of rule {info.rule!r}"
    return None


def _outside(shapes: Graph, node: Node, allowed: Set[Node]) -> str | None:
    """The SHACL terms ``node`` uses beyond ``allowed``, as text (None if none)."""
    used = {p for p in shapes.predicates(node, None) if str(p).startswith(str(SH))} - allowed
    return "uses " + ", ".join(sorted(map(str, used))) if used else None


def _focus_nodes(index: Index, shapes: Graph, node: Node, rule: str) -> set[Node]:
    focus: set[Node] = set(shapes.objects(node, SH.targetNode))
    for cls in shapes.objects(node, SH.targetClass):
        focus |= index.instances(cls)
    for prop in shapes.objects(node, SH.targetSubjectsOf):
        focus |= index.subjects(prop)
    for prop in shapes.objects(node, SH.targetObjectsOf):
        focus |= index.objects(prop)
    if (node, SH.target, None) in shapes:
        focus |= RULES.targets[rule](index)
    return focus


def _sparql(index: Index, node: Node, info: ShapeInfo, focus: Set[Node]) -> Iterator[Finding]:
    rows: set[Row] = {row for row in RULES.checks[info.rule](index, focus) if row[0] in focus}
    for focus_node, path, value in rows:
        value = focus_node if value is None else value  # SHACL: a node shape's value defaults to $this
        message = _format(info.messages[0], this=focus_node, path=path, value=value)
        yield Finding(info, focus_node, path, value, SH.SPARQLConstraintComponent, message)


def _property(index: Index, shapes: Graph, node: Node, info: ShapeInfo,
              focus: Set[Node]) -> Iterator[Finding]:
    path = shapes.value(node, SH.path)
    message = info.messages[0]
    min_count = shapes.value(node, SH.minCount)
    patterns = [_compile(p, shapes.value(node, SH.flags)) for p in shapes.objects(node, SH.pattern)]
    for focus_node in focus:
        values = set(index.graph.objects(focus_node, path))
        if isinstance(min_count, Literal) and len(values) < int(min_count):
            yield Finding(info, focus_node, path, None, SH.MinCountConstraintComponent, message)
        for pattern in patterns:
            for value in values:
                if isinstance(value, BNode) or not pattern.search(_string(value)):
                    yield Finding(info, focus_node, path, value, SH.PatternConstraintComponent, message)


def _format(template: str, **bound: Node | None) -> str:
    """Fill ``{?var}`` / ``{$var}`` as SHACL-SPARQL messages do."""
    if "{" not in template:
        return template
    for name, node in bound.items():
        if node is not None:
            template = template.replace("{?" + name + "}", str(node)).replace("{$" + name + "}", str(node))
    return template


def _compile(pattern: Node, flags: Node | None) -> re.Pattern[str]:
    options = str(flags or "").lower()
    return re.compile(str(pattern), (re.I if "i" in options else 0) | (re.M if "m" in options else 0))


def _string(node: Node) -> str:
    """The text sh:pattern matches: a literal's lexical form, an IRI's string."""
    if isinstance(node, Literal) and node.value is not None and node.datatype in (None, RDF.langString, XSD.string):
        return str(node.value)
    return str(node)
