"""Validation results: :class:`Severity`, :class:`ValidationResult` and :class:`ValidationReport`.

A report offers four views of the same results: ``to_text()`` for people (a summary per rule, then
examples grouped by rule and concept, totals last), ``to_json()`` for programs, ``to_sarif()`` for
code-scanning tools, and ``graph``, the W3C SHACL results graph (``to_turtle()`` writes it).

Data read for validation may hold invalid IRIs (rule ``invalid-iri``): the views show them as text, and
never write one where RDF expects an IRI.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from itertools import groupby
from typing import Any

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, NamespaceManager
from rdflib.paths import Path
from rdflib.term import Node


class Severity(StrEnum):
    """SHACL severities, most severe first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> URIRef:
        """The SHACL IRI, e.g. ``sh:Violation``."""
        return SH[self.value]

    @classmethod
    def from_iri(cls, iri: Node | None) -> Severity:
        """The severity named by a SHACL IRI; SHACL's default (and any custom severity) is Violation."""
        return next((s for s in cls if s.iri == iri), cls.VIOLATION)

    def at_least(self, level: str) -> bool:
        """True when this severity is ``level`` (``violation``, ``warning``, ``info``) or more severe."""
        return _RANK[self] <= _RANK[Severity(level.capitalize())]


#: the values of ``fail_on``, most severe first (ROBOT's ``--fail-on``, voc4cat's ``--fail-at-level``)
FAIL_LEVELS = ("violation", "warning", "info")


@dataclass(frozen=True)
class ValidationResult:
    """One problem: ``focus`` breaks ``rule`` (at ``path``, with ``value`` when the rule names one)."""

    focus: Node
    label: str
    severity: Severity
    message: str
    rule: str
    rule_name: str
    shape: Node
    component: URIRef | None = None
    path: Node | Path | None = None
    value: Node | None = None
    value_label: str | None = None

    def key(self) -> tuple[Node, Node | Path | None, Node | None, Severity, Node, str]:
        """What identifies a result across engines: focus, path, value, severity, shape, message."""
        return (self.focus, self.path, self.value, self.severity, self.shape, self.message)


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a graph against a profile.

    ``conforms`` follows cxkg's policy: no result at or above ``fail_on`` (``violation`` by default;
    ``strict`` means ``warning``). The ``sh:conforms`` flag inside :attr:`graph` follows the SHACL
    specification instead: false as soon as there is any result. ``delegated`` names the rules the
    fast engine handed to pySHACL.
    """

    results: tuple[ValidationResult, ...]
    profile: str
    engine: str
    strict: bool = False
    namespaces: NamespaceManager = field(default_factory=lambda: NamespaceManager(Graph()), repr=False,
                                         compare=False)
    shacl_graph: Graph | None = field(default=None, repr=False, compare=False)
    fail_on: str = ""
    delegated: tuple[str, ...] = ()

    @property
    def failing_level(self) -> str:
        """The least severity that fails the report: ``fail_on``, else ``warning`` if strict, else ``violation``."""
        return self.fail_on or ("warning" if self.strict else "violation")

    @property
    def conforms(self) -> bool:
        """True when nothing at or above the failing severity was found."""
        return not any(r.severity.at_least(self.failing_level) for r in self.results)

    @property
    def counts(self) -> dict[Severity, int]:
        """Number of results per severity (every severity present, zero included)."""
        counted = Counter(r.severity for r in self.results)
        return {severity: counted[severity] for severity in Severity}

    @cached_property
    def graph(self) -> Graph:
        """The SHACL validation report as an RDF graph (``sh:ValidationReport``)."""
        if self.shacl_graph is not None:
            return self.shacl_graph
        graph = Graph()
        for prefix, namespace in self.namespaces.namespaces():
            graph.bind(prefix, namespace)
        graph.bind("sh", SH)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(not self.results)))
        for result in self.results:
            node = BNode()
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.focusNode, result.focus))
            graph.add((node, SH.resultSeverity, result.severity.iri))
            graph.add((node, SH.sourceShape, result.shape))
            graph.add((node, SH.resultMessage, Literal(result.message)))
            if result.component is not None:
                graph.add((node, SH.sourceConstraintComponent, result.component))
            if isinstance(result.path, URIRef):
                graph.add((node, SH.resultPath, result.path))
            if result.value is not None:
                graph.add((node, SH.value, result.value))
        return graph

    def to_turtle(self) -> str:
        """:attr:`graph` as Turtle; an invalid IRI in it (rule ``invalid-iri``) is written as its text, an
        ``xsd:anyURI`` literal (SHACL allows any term as focus node and value), never as an IRI."""
        from .wellformed import iri_error

        graph = self.graph
        broken = {o for o in set(graph.objects()) if isinstance(o, URIRef) and iri_error(o) is not None}
        if broken:
            copy = Graph()
            for prefix, namespace in graph.namespaces():
                copy.bind(prefix, namespace)
            copy += ((s, p, Literal(str(o), datatype=XSD.anyURI) if o in broken else o) for s, p, o in graph)
            graph = copy
        return graph.serialize(format="turtle")

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON: profile, engine, verdict, counts per severity and rule, one object per result."""
        data = {
            "profile": self.profile,
            "engine": self.engine,
            "delegated_to_pyshacl": list(self.delegated),
            "strict": self.failing_level != "violation",
            "fail_on": self.failing_level,
            "conforms": self.conforms,
            "counts": {severity.value: count for severity, count in self.counts.items()},
            "rules": [{"rule": rule, "rule_name": name, "severity": severity.value, "count": count}
                      for severity, rule, name, count in self.per_rule()],
            "results": [self._result_json(r) for r in self.results],
        }
        return json.dumps(data, indent=indent, ensure_ascii=False)

    def to_sarif(self, artifact: str | None = None) -> str:
        """The report as SARIF 2.1.0 (see :mod:`cxkg.sarif`); ``artifact`` names the data file, if any."""
        from .sarif import to_sarif

        return to_sarif(self, artifact)

    def per_rule(self) -> list[tuple[Severity, str, str, int]]:
        """(severity, rule id, rule name, number of results) per rule, most severe first."""
        ordered = sorted(self.results, key=_text_order)
        return [(severity, rule, group[0].rule_name, len(group))
                for (severity, rule), found in groupby(ordered, key=lambda r: (r.severity, r.rule))
                for group in [list(found)]]

    def to_text(self, max_per_rule: int | None = 10) -> str:
        """A summary line per rule (most severe first), then up to ``max_per_rule`` results of each rule
        grouped by concept (``None``: all of them), then the totals."""
        summary = self.per_rule()
        width = max((len(rule) for _, rule, _, _ in summary), default=0)
        lines = [f"{count:>7}  {severity.value:<9}  {rule:<{width}}  {name}" for severity, rule, name, count in summary]
        ordered = sorted(self.results, key=_text_order)
        for (severity, rule), in_rule in groupby(ordered, key=lambda r: (r.severity, r.rule)):
            group = list(in_rule)
            shown = group if max_per_rule is None else group[:max_per_rule]
            lines.append("")
            lines.append(f"{severity.value}  {rule}  {group[0].rule_name}  ({_plural(len(group), 'result')})")
            for _, at_focus in groupby(shown, key=lambda r: r.focus):
                results = list(at_focus)
                lines.append(f"  {results[0].label}  {self._term(results[0].focus)}")
                lines.extend(f"    {self._detail(r)}" for r in results)
            if len(shown) < len(group):
                lines.append(f"  … {len(group) - len(shown)} more (--all or --max-per-rule to see them)")
        if lines:
            lines.append("")
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        """One line: counts by severity and the verdict."""
        counts = ", ".join(_plural(n, s.value.lower()) if s is not Severity.INFO else f"{n} info"
                           for s, n in self.counts.items())
        verdict = "conforms" if self.conforms else "does not conform"
        mode = "" if self.failing_level == "violation" else f", fails on {self.failing_level}"
        engine = self.engine + (f"; pySHACL for {', '.join(self.delegated)}" if self.delegated else "")
        return f"{counts} — {verdict} (profile {self.profile}{mode}, engine {engine})"

    # -- rendering helpers -------------------------------------------------------------------
    def _term(self, node: Node | Path) -> str:
        if isinstance(node, URIRef) and _UNWRITABLE.search(node):  # rule invalid-iri: as text, controls escaped
            return "<" + _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), node) + ">"
        if isinstance(node, (URIRef, Path)):
            return node.n3(self.namespaces)
        if isinstance(node, Literal):
            return node.n3(self.namespaces)
        return f"_:{node}"

    def _detail(self, result: ValidationResult) -> str:
        parts = []
        if result.path is not None:
            parts.append(self._term(result.path))
        if result.value is not None and result.value != result.focus:
            shown = self._term(result.value)
            if result.value_label:
                shown = f"{result.value_label} {shown}"
            parts.append(shown)
        where = " ".join(parts)
        return f"{where}: {result.message}" if where else result.message

    def _result_json(self, result: ValidationResult) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": result.rule,
            "rule_name": result.rule_name,
            "severity": result.severity.value,
            "focus": str(result.focus),
            "label": result.label,
            "path": None if result.path is None else self._term(result.path),
            "value": None if result.value is None else str(result.value),
            "message": result.message,
            "shape": str(result.shape),
        }
        if isinstance(result.value, Literal):
            data["value_lang"] = result.value.language
        if result.value_label:
            data["value_label"] = result.value_label
        return data


def sort_results(results: Iterable[ValidationResult]) -> tuple[ValidationResult, ...]:
    """Results in a stable order: severity, rule, concept label, then the rest."""
    return tuple(sorted(results, key=_text_order))


def _text_order(result: ValidationResult) -> tuple[int, str, str, str, str, str]:
    return (_RANK[result.severity], result.rule, result.label.casefold(), str(result.focus),
            str(result.path or ""), str(result.value or ""))


_RANK = {severity: rank for rank, severity in enumerate(Severity)}
#: what rdflib's ``n3()`` refuses in an IRI (it raises), and control characters a terminal should not get
_UNWRITABLE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f\ud800-\udfff]')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
