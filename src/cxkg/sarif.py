"""A validation report as SARIF 2.1.0, the format code-scanning tools read (GitHub, GitLab, VS Code).

One run; the tool's rules are the profile's rule ids (SHACL severity -> SARIF level: Violation ->
``error``, Warning -> ``warning``, Info -> ``note``); each result is located at its concept by IRI
(a logical location) and, when the data came from a file, in that file.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

if TYPE_CHECKING:
    from .report import Severity, ValidationReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def level(severity: Severity) -> str:
    """The SARIF level of a SHACL severity."""
    return {"Violation": "error", "Warning": "warning", "Info": "note"}[severity.value]


def to_sarif(report: ValidationReport, artifact: str | None = None) -> str:
    """``report`` as a SARIF 2.1.0 log; ``artifact`` is the data file's path or URI, if there is one."""
    from . import __version__

    rules: dict[str, dict[str, Any]] = {}
    for severity, rule, name, _ in report.per_rule():
        rules.setdefault(rule, {"id": rule, "name": name, "shortDescription": {"text": name},
                                "defaultConfiguration": {"level": level(severity)}})
    index = {rule: number for number, rule in enumerate(rules)}
    results = []
    for result in report.results:
        location: dict[str, Any] = {"logicalLocations": [{"fullyQualifiedName": str(result.focus),
                                                          "name": result.label, "kind": "object"}]}
        if artifact is not None:
            location["physicalLocation"] = {"artifactLocation": {"uri": artifact}}
        entry: dict[str, Any] = {"ruleId": result.rule, "ruleIndex": index[result.rule],
                                 "level": level(result.severity), "message": {"text": f"{result.label}: "
                                                                                      f"{result.message}"},
                                 "locations": [location]}
        properties = {"focus": str(result.focus), "shape": str(result.shape)}
        if result.path is not None:
            properties["path"] = str(result.path)
        if result.value is not None:
            properties["value"] = str(result.value)
            if isinstance(result.value, URIRef) and result.value_label:
                properties["valueLabel"] = result.value_label
        entry["properties"] = properties
        results.append(entry)
    run = {"tool": {"driver": {"name": "cxkg", "version": __version__, "informationUri": "https://w3id.org/cxkg",
                               "rules": list(rules.values())}},
           "results": results,
           "properties": {"profile": report.profile, "engine": report.engine, "conforms": report.conforms,
                          "failOn": report.failing_level}}
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False)
