"""Validate a graph against a SHACL profile: the bundled ``skos`` and ``cx`` profiles, or any shapes file.

Two engines give the same results (the test suite proves it on every fixture):

* ``fast`` (the default for bundled profiles) evaluates each shape in one graph-wide pass;
* ``pyshacl``, the reference, runs plain pySHACL; a shapes file you give always goes through it.

The ``cx`` profile imports ``skos``, so the bundled graph is checked against both.
"""

from __future__ import annotations

import os

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from ..errors import UnknownResource
from ..report import ValidationReport, ValidationResult, sort_results
from ..terms import local_name, preferred_text
from .profiles import Finding, load_profile

ENGINES = ("fast", "pyshacl")


def validate(graph: Graph, profile: str | os.PathLike[str] = "skos", *, engine: str | None = None,
             strict: bool = False, lang: str = "en") -> ValidationReport:
    """Validate ``graph`` against ``profile`` (``"skos"``, ``"cx"`` or a path to a SHACL file).

    ``engine`` is ``"fast"`` (default) or ``"pyshacl"``; a profile given as a path always uses
    pySHACL. ``strict`` makes warnings fail the report too; labels are taken in ``lang``.
    """
    if engine is not None and engine not in ENGINES:
        raise UnknownResource(f"unknown validation engine {engine!r}; expected one of {', '.join(ENGINES)}")
    loaded = load_profile(profile)
    chosen = (engine or "fast") if loaded.bundled else "pyshacl"
    shacl_graph = None
    if chosen == "fast":
        from .fast import run

        findings = run(graph, loaded.shapes)
    else:
        from .pyshacl_engine import run as run_pyshacl

        findings, shacl_graph = run_pyshacl(graph, loaded.shapes, loaded.name)
    labels = _Labels(graph, lang)
    results = sort_results(labels.result(finding) for finding in findings)
    return ValidationReport(results, loaded.name, chosen, strict, graph.namespace_manager, shacl_graph)


class _Labels:
    """Display labels (prefLabel or rdfs:label in ``lang``, else any language, else the IRI's end)."""

    def __init__(self, graph: Graph, lang: str) -> None:
        self.graph = graph
        self.lang = lang
        self.cache: dict[Node, str | None] = {}

    def label(self, node: Node) -> str | None:
        if node not in self.cache:
            self.cache[node] = None
            for prop in (SKOS.prefLabel, RDFS.label):
                text = preferred_text(self.graph.objects(node, prop), self.lang)
                if text is not None:
                    self.cache[node] = text
                    break
        return self.cache[node]

    def result(self, finding: Finding) -> ValidationResult:
        focus, value = finding.focus, finding.value
        label = self.label(focus) or (str(focus) if isinstance(focus, Literal) else local_name(focus))
        value_label = self.label(value) if isinstance(value, URIRef) and value != focus else None
        shape = finding.shape
        return ValidationResult(focus=focus, label=label, severity=shape.severity, message=finding.message,
                                rule=shape.rule, rule_name=shape.name, shape=shape.node,
                                component=finding.component, path=finding.path, value=value,
                                value_label=value_label)


__all__ = ["ENGINES", "validate"]
