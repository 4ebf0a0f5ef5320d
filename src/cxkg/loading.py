"""Parse RDF files of any common format into one rdflib Graph on a chosen store, offline, with positioned errors."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from xml.sax import SAXParseException

import pyoxigraph as ox
from rdflib import Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import DataLoadError
from .namespaces import bind_prefixes
from .stores import StoreSpec, build, new_graph, oxigraph_of, parse_store

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".n3": "n3",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
}

#: rdflib format names Oxigraph parses itself (N3 formulas stay with rdflib)
OX_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}

Source = str | os.PathLike[str] | Graph


def guess_format(path: str | os.PathLike[str]) -> str:
    """The rdflib parser name for ``path``'s extension (``.ttl`` -> ``turtle``)."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise DataLoadError(f"{path}: cannot tell the RDF format from {suffix or 'no extension'!r} "
                            f"(known: {known}); pass format=")
    return FORMATS[suffix]


def parse_into(graph: Graph, path: str | os.PathLike[str], fmt: str | None = None) -> Graph:
    """Parse one file into ``graph``; any failure becomes a :class:`DataLoadError` naming the position.

    On an Oxigraph store the file goes to Oxigraph's own (bulk) parser; elsewhere to rdflib's.
    """
    path = Path(path)
    fmt = fmt or guess_format(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataLoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    base = path.resolve().as_uri()
    store = oxigraph_of(graph)
    try:
        if store is not None and fmt in OX_FORMATS and not (fmt == "xml" and b"<!ENTITY" in data):
            # (Oxigraph's RDF/XML parser expands entities without bound: those files take rdflib's guarded path)
            _bulk_load(graph, store, data, fmt, base)
        else:
            graph.parse(data=data, format=fmt, publicID=base)
    except Exception as exc:  # parsers raise many unrelated types; all mean "bad input"
        raise DataLoadError(_describe(path, data, exc)) from None
    return graph


def _bulk_load(graph: Graph, store: ox.Store, data: bytes, fmt: str, base: str) -> None:
    """Load ``data`` with Oxigraph's parser into the default graph; quads of named graphs are merged in."""
    format = OX_FORMATS[fmt]
    quads = ox.parse(input=data, format=format, base_iri=base)
    first = next(quads, None)  # the prefixes declared before the first triple, without a second parse
    for prefix, namespace in quads.prefixes.items():
        graph.bind(prefix, namespace)  # as rdflib's parsers do: the file's own prefixes win
    if first is None:
        return
    if format in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        default = ox.DefaultGraph()
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in chain([first], quads))
    else:
        store.bulk_load(input=data, format=format, base_iri=base, to_graph=ox.DefaultGraph())


def _describe(path: Path, data: bytes, exc: Exception) -> str:
    """One line: file, line, column and the parser's reason."""
    line = column = None
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, BadSyntax):
        text, offset = exc._str.decode("utf-8", "replace"), exc._i
        line = (exc.lines or 0) + 1
        column = (offset or 0) - text.rfind("\n", 0, offset)
        reason = exc._why
    elif isinstance(exc, SAXParseException):
        line, column = exc.getLineNumber(), (exc.getColumnNumber() or 0) + 1
        reason = exc.getMessage()
    elif isinstance(exc, json.JSONDecodeError):
        line, column, reason = exc.lineno, exc.colno, exc.msg
    elif isinstance(exc, ParserError):
        match = re.match(r"Invalid line: (.*)", str(exc))
        if match:
            lines = data.decode("utf-8", "replace").splitlines()
            bad = match.group(1).strip()
            line = next((n for n, text in enumerate(lines, 1) if bad and text.strip().endswith(bad)), None)
            column = 1 if line else None
            reason = "invalid N-Triples line"
    elif isinstance(exc, SyntaxError):  # Oxigraph's parsers
        line, column = exc.lineno, exc.offset
        reason = re.sub(r"^Parser error (at line \d+ between columns \d+ and \d+|(at|between) line \d+ column \d+"
                        r"( and line \d+ column \d+)?): ", "", str(exc.msg))
        if "LoadDocumentCallback" in reason:
            reason = "remote JSON-LD contexts are not fetched (cxkg reads files offline)"
    where = f"{path}:{line}:{column}" if line else str(path)
    return f"{where}: {reason}"


def load_graph(sources: Iterable[Source], fmt: str | None = None, store: str | StoreSpec | None = None) -> Graph:
    """Merge files and Graphs into one new Graph on ``store`` (see :mod:`cxkg.stores`), cxkg's prefixes bound.

    With a persistent ``oxigraph:DIR``, the store in DIR is rebuilt from the sources (swapped in
    whole when complete) and opened.
    """
    spec = parse_store(store)
    sources = list(sources)
    if spec.path is not None:
        return build(spec.path, lambda graph: _merge(graph, sources, fmt))
    return _merge(new_graph(spec), sources, fmt)


def _merge(graph: Graph, sources: Iterable[Source], fmt: str | None) -> Graph:
    for source in sources:
        if isinstance(source, Graph):
            for prefix, namespace in source.namespaces():
                graph.bind(prefix, namespace, override=False)
            graph += source
        else:
            parse_into(graph, source, fmt)
    return bind_prefixes(graph)
