"""Parse RDF files of any common format into one rdflib Graph, offline, with positioned errors."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

import rdflib
from rdflib import Graph

from . import safeparse
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
                            f"(known: {known}); give the file one of these extensions")
    return FORMATS[suffix]


def parse_into(graph: Graph, path: str | os.PathLike[str], fmt: str | None = None, *,
               allow_network: bool = False) -> Graph:
    """Parse one file (``-``: stdin) into ``graph`` safely (see :mod:`cxkg.safeparse`); any failure is one
    :class:`DataLoadError` naming the position. Notes (e.g. named graphs merged) go to the ``cxkg`` logger."""
    data = safeparse.read_input(path)
    if str(path) == "-":
        name, base, fmt = "<stdin>", Path.cwd().as_uri() + "/", fmt or safeparse.sniff_format(data)
    else:
        name, base, fmt = str(path), Path(path).resolve().as_uri(), fmt or guess_format(path)
    for note in safeparse.parse_data(graph, data, fmt, name, base, allow_network=allow_network):
        logging.getLogger("cxkg").warning("note: %s", note)
    return graph


def load_graph(sources: Iterable[Source], fmt: str | None = None, *, allow_network: bool = False) -> Graph:
    """Merge files and Graphs into one new Graph with cxkg's prefixes bound."""
    graph = Graph()
    for source in sources:
        if isinstance(source, Graph):
            for prefix, namespace in source.namespaces():
                graph.bind(prefix, namespace, override=False)
            graph += source
        else:
            parse_into(graph, source, fmt, allow_network=allow_network)
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

