"""The fast engine: evaluates cxkg's bundled shapes graph-wide, with the same results as pySHACL.

pySHACL runs one SPARQL query per focus node and shape (and re-parses the query each time), so a
vocabulary of n concepts costs n × shapes queries. Here every shape is one pass over the graph:

* targets (sh:targetClass, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf) are computed
  from the shapes file; a SPARQL target (sh:target) uses the equivalent registered for the rule;
* a property shape with a plain predicate path gets sh:minCount and sh:pattern evaluated directly;
* a sh:sparql constraint runs the graph-wide equivalent registered under the shape's rule id
  (``dct:identifier``) in :mod:`.skos_checks` / :mod:`.cx_checks`.

Names, messages and severities always come from the shapes file. Anything else in a shape is
refused (:class:`NotImplementedError`) rather than silently skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Set

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from . import cx_checks, skos_checks
from .index import Index, Row
from .profiles import Finding, ShapeInfo, shape_info

RULES = skos_checks.RULES | cx_checks.RULES

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
#: the SHACL terms the fast engine understands on each kind of node
COMMON = frozenset({*TARGETS, SH.name, SH.description, SH.message, SH.severity})
SPARQL_SHAPE = COMMON | {SH.sparql}
SPARQL_CONSTRAINT = frozenset({SH.select, SH.prefixes})
PROPERTY_SHAPE = COMMON | {SH.path, SH.minCount, SH.pattern, SH.flags}


def run(data: Graph, shapes: Graph) -> list[Finding]:
    """Validate ``data`` against ``shapes``; raises NotImplementedError on a shape it cannot evaluate."""
    index = Index(data)
    findings: list[Finding] = []
    for node in sorted(_shape_nodes(shapes), key=str):
        info = shape_info(shapes, node)
        focus = _focus_nodes(index, shapes, node, info.rule)
        if (node, SH.sparql, None) in shapes:
            _refuse_unsupported(shapes, node, SPARQL_SHAPE)
            for constraint in shapes.objects(node, SH.sparql):
                _refuse_unsupported(shapes, constraint, SPARQL_CONSTRAINT)
            findings.extend(_sparql(index, node, info, focus))
        else:
            _refuse_unsupported(shapes, node, PROPERTY_SHAPE)
            findings.extend(_property(index, shapes, node, info, focus))
    return findings


def _shape_nodes(shapes: Graph) -> set[Node]:
    typed = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    return typed | {s for prop in TARGETS for s in shapes.subjects(prop, None)}


def _refuse_unsupported(shapes: Graph, node: Node, allowed: Set[Node]) -> None:
    """Fail loudly on SHACL terms the engine would otherwise ignore (a wrong result is worse)."""
    used = {p for p in shapes.predicates(node, None) if str(p).startswith(str(SH))}
    if used - allowed:
        raise NotImplementedError(f"fast engine: {node} uses {', '.join(sorted(map(str, used - allowed)))}")


def _need(registry: Mapping[str, object], rule: str, node: Node, what: str) -> None:
    if rule not in registry:
        raise NotImplementedError(f"fast engine: no graph-wide {what} registered for rule {rule!r} ({node})")


def _focus_nodes(index: Index, shapes: Graph, node: Node, rule: str) -> set[Node]:
    focus: set[Node] = set(shapes.objects(node, SH.targetNode))
    for cls in shapes.objects(node, SH.targetClass):
        focus |= index.instances(cls)
    for prop in shapes.objects(node, SH.targetSubjectsOf):
        focus |= index.subjects(prop)
    for prop in shapes.objects(node, SH.targetObjectsOf):
        focus |= index.objects(prop)
    if (node, SH.target, None) in shapes:
        _need(RULES.targets, rule, node, "SPARQL target")
        focus |= RULES.targets[rule](index)
    return focus


def _sparql(index: Index, node: Node, info: ShapeInfo, focus: Set[Node]) -> Iterator[Finding]:
    _need(RULES.checks, info.rule, node, "check")
    rows: set[Row] = {row for row in RULES.checks[info.rule](index, focus) if row[0] in focus}
    for focus_node, path, value in rows:
        value = focus_node if value is None else value  # SHACL: a node shape's value defaults to $this
        message = _format(_message(info), this=focus_node, path=path, value=value)
        yield Finding(info, focus_node, path, value, SH.SPARQLConstraintComponent, message)


def _property(index: Index, shapes: Graph, node: Node, info: ShapeInfo,
              focus: Set[Node]) -> Iterator[Finding]:
    path = shapes.value(node, SH.path)
    if not isinstance(path, URIRef):
        raise NotImplementedError(f"fast engine: shape {node} needs a predicate path")
    message = _message(info)
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


def _message(info: ShapeInfo) -> str:
    if not info.messages:
        raise NotImplementedError(f"fast engine: shape {info.node} has no sh:message")
    return info.messages[0]


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
