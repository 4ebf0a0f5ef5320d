"""The reference engine: plain pySHACL, its results graph read back into findings."""

from __future__ import annotations

import dataclasses

from rdflib import BNode, Graph, URIRef
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import RDF, SH
from rdflib.paths import Path
from rdflib.term import Node

from ..errors import DataLoadError
from ..report import Severity
from ..sparql_parser import PARSING
from .profiles import Finding, shape_info


def run(data: Graph, shapes: Graph, source: str) -> tuple[list[Finding], Graph]:
    """Validate with pySHACL; an invalid shapes graph raises :class:`DataLoadError` naming ``source``."""
    import pyshacl
    from pyparsing import ParseException
    from pyshacl.errors import ReportableRuntimeError

    try:
        # SHACL Advanced Features on (SPARQL targets), no inference, every severity reported
        # pySHACL adds RDFS/OWL axioms to the shapes graph it is given: hand it a copy, never the cached profile
        with PARSING:  # pySHACL parses the shapes' SPARQL with rdflib's parser (see cxkg.sparql_parser)
            _, results, text = pyshacl.validate(data, shacl_graph=_copy(shapes), advanced=True, inference="none",
                                                allow_warnings=False)
    except (ReportableRuntimeError, ParseException) as exc:  # ShapeLoadError, ConstraintLoadError, …
        raise DataLoadError(f"{source}: invalid SHACL: {_first_line(exc)}") from None
    if not isinstance(results, Graph):  # pySHACL returns a ValidationFailure instead of a graph
        raise DataLoadError(f"{source}: invalid SHACL: {_first_line(text)}")
    return [_finding(results, shapes, node) for node in _result_nodes(results)], results


def _copy(shapes: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in shapes.namespaces():
        copy.bind(prefix, namespace)
    copy += shapes
    return copy


def _result_nodes(results: Graph) -> list[BNode]:
    """Top-level results only (nested sh:detail results belong to their parent)."""
    return [node for report in results.subjects(RDF.type, SH.ValidationReport)
            for node in results.objects(report, SH.result) if isinstance(node, BNode)]


def _finding(results: Graph, shapes: Graph, node: BNode) -> Finding:
    shape, focus = results.value(node, SH.sourceShape), results.value(node, SH.focusNode)
    assert shape is not None and focus is not None, "pySHACL results always name shape and focus node"
    info = shape_info(shapes if (shape, None, None) in shapes else results, shape)
    info = dataclasses.replace(info, severity=Severity.from_iri(results.value(node, SH.resultSeverity)))
    path: Node | Path | None = results.value(node, SH.resultPath)
    if isinstance(path, BNode):
        path = parse_shacl_path(results, path)
    component = results.value(node, SH.sourceConstraintComponent)
    messages = sorted(str(m) for m in results.objects(node, SH.resultMessage))
    return Finding(info, focus, path, results.value(node, SH.value),
                   component if isinstance(component, URIRef) else None, messages[0] if messages else "")


def _first_line(error: object) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
