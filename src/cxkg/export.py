"""Export a glossary: the format registry, what an export covers, and atomic writes.

>>> sorted(FORMATS)[:3]
['csv', 'datahub', 'graphml']

Lossless formats (turtle, nt, xml, json-ld) re-import to an isomorphic graph. The others say
exactly what they drop or fold, with counts, in :attr:`ExportResult.dropped`, and write the same
lines beside the output (``<output>.dropped.txt``).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ExportError, UnknownResource
from .exporters import Rendered
from .exporters.scope import scoped
from .fileio import write_atomically, write_folder_atomically
from .glossary import Glossary

#: the file a folder export leaves inside, so a later export may replace that folder (and no other)
MARKER = ".cxkg-export"


@dataclass(frozen=True)
class Format:
    """One export format: its exporter (``module:function`` under ``cxkg``) and what it keeps."""

    name: str
    target: str
    suffixes: tuple[str, ...]
    summary: str
    lossy: bool
    options: frozenset[str] = field(default_factory=frozenset)
    folder: bool = False

    def exporter(self) -> Callable[..., Rendered]:
        """The function that renders this format (imported on first use)."""
        module, _, name = self.target.partition(":")
        function: Callable[..., Rendered] = getattr(importlib.import_module(f"cxkg.{module}"), name)
        return function


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("turtle", "exporters.rdf:turtle", (".ttl",), "Turtle, sorted and byte-stable", False),
    Format("nt", "exporters.rdf:ntriples", (".nt",), "N-Triples, lines sorted", False),
    Format("xml", "exporters.rdf:rdfxml", (".rdf", ".owl", ".xml"), "RDF/XML (Protégé)", False),
    Format("json-ld", "exporters.jsonld:jsonld", (".jsonld", ".json"),
           "JSON-LD compacted with cxkg's embedded context (--expanded: expanded form)", False,
           frozenset({"expanded"})),
    Format("csv", "spreadsheet:write_csv", (".csv",),
           "one row per concept, '|'-separated lists; scheme, resources, prefixes in side files", True),
    Format("xlsx", "spreadsheet:write_xlsx", (".xlsx",), "workbook: concepts, scheme, resources, prefixes", True),
    Format("graphml", "exporters.graph:graphml", (".graphml",), "network for Gephi, yEd, Cytoscape", True),
    Format("markdown", "exporters.notes:markdown", (), "a folder of notes for Obsidian / Logseq", True,
           folder=True),
    Format("datahub", "exporters.tools:datahub", (".yml", ".yaml"), "DataHub business glossary YAML", True),
    Format("openmetadata", "exporters.tools:openmetadata", (), "OpenMetadata glossary CSV", True,
           frozenset({"glossary_name"})),
    Format("neo4j", "exporters.neo4j:neo4j", (".cypher", ".cql"), "Cypher script of MERGE statements", True),
    Format("sssom", "exporters.sssom:sssom", (".tsv",), "SSSOM TSV of the mapping links (skos:*Match)", True),
)}
ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "rdf": "xml", "rdfxml": "xml",
           "rdf/xml": "xml", "jsonld": "json-ld", "md": "markdown", "obsidian": "markdown", "cypher": "neo4j"}


@dataclass(frozen=True)
class ExportResult:
    """What an export produced.

    ``path`` is the file or folder written (``None`` when the export was returned as ``text``);
    ``dropped`` lists what the format could not hold, one line each with counts (empty for the
    lossless RDF formats); ``report`` is the ``.dropped.txt`` file written beside ``path``.
    """

    format: str
    path: Path | None
    text: str | None
    dropped: tuple[str, ...]
    report: Path | None
    concepts: int


def get_format(name: str) -> Format:
    """The format called ``name`` (or an alias); an unknown name lists the known ones."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise UnknownResource(f"unknown export format {name!r}; known formats: {', '.join(FORMATS)}")
    return FORMATS[key]


def format_for(path: str | os.PathLike[str]) -> str:
    """The export format a file name implies (``out.ttl`` -> ``turtle``)."""
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix and suffix in fmt.suffixes:
            return fmt.name
    raise UnknownResource(f"cannot tell the export format from {str(path)!r}; give one of: {', '.join(FORMATS)}")


def export(glossary: Glossary, fmt: str, path: str | os.PathLike[str] | None = None, *,
           root: str | None = None, collection: str | None = None, infer: str | None = None,
           **options: Any) -> ExportResult:
    """Export ``glossary`` as ``fmt`` to ``path`` (atomically), or return the text when ``path`` is None.

    ``root`` keeps one branch, ``collection`` one collection; ``infer`` is ``inverses`` or
    ``closure`` (see :func:`cxkg.exporters.scope.scoped`). Format options: ``expanded`` (json-ld),
    ``glossary_name`` (openmetadata). The glossary itself is never changed.
    """
    chosen = get_format(fmt)
    unknown = sorted(set(options) - chosen.options)
    if unknown:
        raise ExportError(f"option {', '.join(unknown)} does not apply to {chosen.name}"
                          + (f" (it takes: {', '.join(sorted(chosen.options))})" if chosen.options else ""))
    if chosen.folder and path is None:
        raise ExportError(f"{chosen.name} writes a folder: give an output path")
    part = scoped(glossary, root=root, collection=collection, infer=infer)
    rendered = chosen.exporter()(part, **options)
    dropped = tuple(rendered.dropped)
    if path is None:
        if not isinstance(rendered.payload, str):
            raise ExportError(f"{chosen.name} is a binary format: give an output file")
        dropped += tuple(rendered.unwritten)
        return ExportResult(chosen.name, None, rendered.payload, dropped, None, len(part))
    target = Path(path)
    if isinstance(rendered.payload, dict):
        write_folder_atomically(target, rendered.payload, MARKER)
    else:
        write_atomically(target, rendered.payload)
    for suffix, text in rendered.siblings.items():
        write_atomically(target.with_name(target.with_suffix("").name + suffix), text)
    report = None
    if chosen.lossy:
        report = target.with_name(target.name + ".dropped.txt")
        lines = dropped or ("nothing dropped",)
        write_atomically(report, f"# what {chosen.name} could not hold, exporting {target.name}\n"
                         + "".join(f"{line}\n" for line in lines))
    return ExportResult(chosen.name, target, None, dropped, report, len(part))

