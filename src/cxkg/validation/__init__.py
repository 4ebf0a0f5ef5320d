"""Validate a graph against a SHACL profile: the bundled ``skos`` and ``cx`` profiles, or any shapes file.

Two engines give the same results (the test suite proves it on every fixture and on random graphs):

* ``fast`` (the default for bundled profiles) evaluates each shape it implements in one graph-wide
  pass and hands every other shape (an edited one, an unknown construct, someone else's rule) to
  pySHACL, merging the results (see :mod:`.fast`);
* ``pyshacl``, the reference (the default for a shapes file you give), runs plain pySHACL.

The ``cx`` profile imports ``skos``, so the bundled graph is checked against both. Both report invalid
IRIs and ill-typed literals (rules ``invalid-iri`` and ``ill-typed-literal``, see :mod:`cxkg.wellformed`):
load the data with ``keep_invalid_iris=True`` when :func:`reports_invalid_iris` says the profile does.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH
from rdflib.term import Node

from ..concepts import display_label, label_of
from ..errors import UnknownResource
from ..report import FAIL_LEVELS, ValidationReport, ValidationResult, sort_results
from .profiles import Finding, load_profile

if TYPE_CHECKING:
    from .fast import Progress

ENGINES = ("fast", "pyshacl")


def validate(graph: Graph, profile: str | os.PathLike[str] = "skos", *, engine: str | None = None,
             strict: bool = False, fail_on: str | None = None, lang: str = "en",
             progress: Progress | None = None) -> ValidationReport:
    """Validate ``graph`` against ``profile`` (``"skos"``, ``"cx"`` or a path to a SHACL file).

    ``engine`` is ``"fast"`` or ``"pyshacl"``; the default is fast for a bundled profile and pySHACL,
    the reference, for a shapes file you give. ``fail_on`` (``violation``, the default,
    ``warning`` or ``info``) is the least severity that makes the report fail; ``strict`` means
    ``warning``. Labels are taken in ``lang``; ``progress`` hears of each rule as it starts.
    """
    if engine is not None and engine not in ENGINES:
        raise UnknownResource(f"unknown validation engine {engine!r}; expected one of {', '.join(ENGINES)}")
    level = fail_on or ("warning" if strict else "violation")
    if level not in FAIL_LEVELS:
        raise UnknownResource(f"unknown severity {fail_on!r} for fail_on; expected one of {', '.join(FAIL_LEVELS)}")
    loaded = load_profile(profile)
    chosen = engine or ("fast" if loaded.bundled else "pyshacl")
    shacl_graph = None
    delegated: tuple[str, ...] = ()
    if chosen == "fast":
        from .fast import run

        findings, rules = run(graph, loaded.shapes, progress)
        delegated = tuple(rules)
    else:
        from .pyshacl_engine import run as run_pyshacl

        if progress is not None:
            progress(1, 1, "pySHACL: every shape")
        findings, shacl_graph = run_pyshacl(graph, loaded.shapes, loaded.name)
    labels = _Labels(graph, lang)
    results = sort_results(labels.result(finding) for finding in findings)
    return ValidationReport(results, loaded.name, chosen, level == "warning", graph.namespace_manager, shacl_graph,
                            fail_on=level, delegated=delegated)


def reports_invalid_iris(profile: str | os.PathLike[str] = "skos") -> bool:
    """Whether ``profile`` has an active ``invalid-iri`` rule (the bundled ones, and any profile importing them),
    so data with invalid IRIs may be loaded for it (``keep_invalid_iris``) instead of refused."""
    shapes = load_profile(profile).shapes
    return any((shape, SH.deactivated, Literal(True)) not in shapes
               for shape in shapes.subjects(DCTERMS.identifier, Literal("invalid-iri")))


class _Labels:
    """Display labels of focus nodes and values (:func:`cxkg.concepts.display_label`), cached."""

    def __init__(self, graph: Graph, lang: str) -> None:
        self.graph = graph
        self.lang = lang
        self.cache: dict[Node, str | None] = {}

    def label(self, node: Node) -> str | None:
        if node not in self.cache:
            self.cache[node] = label_of(self.graph, node, self.lang)
        return self.cache[node]

    def result(self, finding: Finding) -> ValidationResult:
        focus, value = finding.focus, finding.value
        label = self.label(focus) or display_label(self.graph, focus, self.lang)
        value_label = self.label(value) if isinstance(value, URIRef) and value != focus else None
        shape = finding.shape
        return ValidationResult(focus=focus, label=label, severity=shape.severity, message=finding.message,
                                rule=shape.rule, rule_name=shape.name, shape=shape.node,
                                component=finding.component, path=finding.path, value=value,
                                value_label=value_label)


__all__ = ["ENGINES", "reports_invalid_iris", "validate"]
