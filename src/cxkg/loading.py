"""Parse RDF files of any common format into one rdflib Graph, offline, with positioned errors."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
from collections.abc import Iterable
from pathlib import Path
from xml.sax import SAXParseException

import rdflib
from rdflib import Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import DataLoadError, ExportError
from .fileio import write_atomically
from .namespaces import bind_prefixes

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
    """Parse one file into ``graph``; any failure becomes a :class:`DataLoadError` naming the position."""
    path = Path(path)
    fmt = fmt or guess_format(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataLoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # parsers raise many unrelated types; all mean "bad input"
        raise DataLoadError(_describe(path, data, exc)) from None
    return graph


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
    where = f"{path}:{line}:{column}" if line else str(path)
    return f"{where}: {reason}"


def load_graph(sources: Iterable[Source], fmt: str | None = None) -> Graph:
    """Merge files and Graphs into one new Graph with cxkg's prefixes bound."""
    graph = Graph()
    for source in sources:
        if isinstance(source, Graph):
            for prefix, namespace in source.namespaces():
                graph.bind(prefix, namespace, override=False)
            graph += source
        else:
            parse_into(graph, source, fmt)
    return bind_prefixes(graph)


def load_cached(paths: list[Path]) -> Graph:
    """Parse ``paths`` into one Graph, reusing a pickle keyed by their contents' size and mtime.

    The cache lives in ``$CXKG_CACHE_DIR`` (default: the user's cache folder); set it to an empty
    string to disable caching. A corrupt or stale cache entry is simply rebuilt.
    """
    cache_dir = _cache_dir()
    if cache_dir is None:
        return load_graph(paths)
    key = hashlib.sha256(rdflib.__version__.encode())
    for path in paths:
        stat = path.stat()
        key.update(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    entry = cache_dir / f"graph-{key.hexdigest()[:32]}.pickle"
    try:
        with entry.open("rb") as handle:
            graph = pickle.load(handle)
        if isinstance(graph, Graph):
            return graph
    except Exception:  # a missing, partial or foreign cache entry: rebuild it
        pass
    graph = load_graph(paths)
    with contextlib.suppress(ExportError, OSError):  # an unwritable cache is not an error
        write_atomically(entry, pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL))
        for stale in cache_dir.glob("graph-*.pickle"):  # entries for files as they used to be
            if stale != entry:
                stale.unlink()
    return graph


def _cache_dir() -> Path | None:
    configured = os.environ.get("CXKG_CACHE_DIR")
    if configured == "":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cxkg"

