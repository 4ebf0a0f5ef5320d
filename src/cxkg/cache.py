"""A cache of parsed vocabularies that cannot run code: N-Quads dumps read back by Oxigraph's parser.

An entry is named by the SHA-256 of cxkg's version, the parser versions, and each file's location,
format and content: an edit or an upgrade picks a new entry. The folder (``$CXKG_CACHE_DIR``, default
``~/.cache/cxkg``; empty string: no cache) is created 0700. A folder or entry owned by another user, or
writable by group or others, is never read (nor replaced); a corrupt entry of ours is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.util import from_n3

from .oxstore import to_ox, triples_from_ox
from .stores import PREFIX_GRAPH, StoreSpec, new_graph, oxigraph_of, prefix_quads, saved_prefixes

#: entries kept; older ones (by last use) are deleted
KEEP = 8
#: what the loader makes of a file; raised when that changes within a version (2: ill-typed literals kept as written)
FORMAT = 2
_SUFFIX = ".nq"
DEFAULT = ox.DefaultGraph()
#: literals kept exactly as rdflib holds them, as their Turtle text
EXACT_GRAPH = ox.NamedNode("urn:x-cxkg:exact-literals")


def cache_dir() -> Path | None:
    """The configured cache folder, or None when caching is switched off."""
    configured = os.environ.get("CXKG_CACHE_DIR")
    if configured == "":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cxkg"


def cache_key(paths: Iterable[Path], fmt: str | None) -> str:
    """The entry name for ``paths`` as they are now, parsed by this cxkg."""
    from . import __version__

    key = hashlib.sha256(f"cxkg {__version__} format {FORMAT} rdflib {rdflib.__version__} "
                         f"oxigraph {ox.__version__}\n".encode())
    for path in paths:
        key.update(f"{path.resolve().as_uri()} {fmt}\n".encode())
        with path.open("rb") as handle:
            key.update(hashlib.file_digest(handle, "sha256").digest())
    return key.hexdigest()[:40]


def load_cached(paths: list[Path], fmt: str | None, spec: StoreSpec, parse: Callable[[], Graph]) -> Graph:
    """The graph of ``paths`` from the cache, else ``parse()`` and remember its answer."""
    folder = _trusted_folder()
    if folder is None:
        return parse()
    try:
        entry = folder / (cache_key(paths, fmt) + _SUFFIX)
    except OSError:
        return parse()  # unreadable input: let the parser say so
    data = _read_trusted(entry)
    if data is not None:
        try:
            return _from_dump(data, spec)
        except (SyntaxError, ValueError, KeyError):
            pass  # a corrupt entry of ours: rebuilt below
    graph = parse()
    if data is not None or not entry.exists():
        with contextlib.suppress(OSError, ValueError):  # ValueError: a term Oxigraph cannot hold; not cached
            _write_private(entry, _dump(graph))
            _prune(folder, entry)
    return graph


def _trusted_folder() -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    return folder if stat.S_ISDIR(info.st_mode) and _ours(info) else None


def _ours(info: os.stat_result) -> bool:
    """Owned by the user running cxkg and writable by no one else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_trusted(entry: Path) -> bytes | None:
    """The entry's bytes, if it is a regular file of ours (never following a symlink)."""
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or not _ours(info):
            return None
        return handle.read()


def _from_dump(data: bytes, spec: StoreSpec) -> Graph:
    """The graph a dump holds; a dump with a graph of no known kind raises ValueError (not one of ours)."""
    graph = new_graph(spec)
    store = oxigraph_of(graph)
    side: dict[Any, list[ox.Quad]] = {PREFIX_GRAPH: [], EXACT_GRAPH: []}
    if store is not None:  # straight into Oxigraph, then the side graphs taken out
        store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        for name in list(store.named_graphs()):  # a live iterator would block the removal
            side[name] = list(store.quads_for_pattern(None, None, None, name))  # a KeyError: not a dump of ours
            store.remove_graph(name)
        main: list[Any] = []
    else:  # parsed without a store, which would turn literals into canonical form
        default: list[ox.Quad] = []
        for quad in ox.parse(input=data, format=ox.RdfFormat.N_QUADS):
            (default if quad.graph_name == DEFAULT else side[quad.graph_name]).append(quad)
        main = list(triples_from_ox(default))
    main += [(s, p, from_n3(str(o))) for s, p, o in triples_from_ox(side[EXACT_GRAPH])]
    graph.store.addN((*triple, graph) for triple in main)  # (Graph.addN re-checks every term: these are known good)
    for prefix, namespace in saved_prefixes(side[PREFIX_GRAPH]):
        graph.bind(prefix, URIRef(namespace), override=True, replace=True)
    return graph


def _dump(graph: Graph) -> bytes:
    """The graph as N-Quads, exactly: literals Oxigraph would alter (``"x"^^xsd:string``, language tags
    in capitals) go to :data:`EXACT_GRAPH` as their Turtle text, and the prefixes to their own graph."""
    quads = prefix_quads(graph.namespaces())
    for s, p, o in graph:
        if isinstance(o, Literal) and (o.datatype == XSD.string or (o.language or "").lower() != (o.language or "")):
            quads.append(ox.Quad(to_ox(s), to_ox(p), ox.Literal(o.n3()), EXACT_GRAPH))
        else:
            quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o)))
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def _write_private(entry: Path, data: bytes) -> None:
    """Write atomically, readable by the owner only."""
    fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, entry)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _prune(folder: Path, keep: Path) -> None:
    """Delete our oldest entries beyond :data:`KEEP`, and pickles an older cxkg left."""
    for stale in folder.glob("graph-*.pickle"):
        if _ours(stale.lstat()):
            stale.unlink()
    os.utime(keep)
    entries = sorted((p for p in folder.glob("*" + _SUFFIX) if _ours(p.lstat())),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink()

