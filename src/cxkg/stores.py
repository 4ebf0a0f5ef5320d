"""Where a glossary's triples live: one selector string picks the rdflib Store.

``memory`` is rdflib's own in-memory store; ``oxigraph`` an in-memory Oxigraph store (through
oxrdflib: files are bulk-loaded by Oxigraph's parser and SPARQL text runs on Oxigraph's engine);
``oxigraph:DIR`` a persistent Oxigraph store in folder DIR, opened read-only in an instant once
``cxkg load`` (or :func:`cxkg.load` with sources) has filled it.

>>> parse_store("oxigraph:/srv/vocab").path
PosixPath('/srv/vocab')
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .errors import StoreError

MEMORY, OXIGRAPH = "memory", "oxigraph"
#: the selectors :func:`parse_store` accepts
SELECTORS = (MEMORY, OXIGRAPH, f"{OXIGRAPH}:DIR")
#: the named graph where a persistent store keeps the prefixes of its data (SHACL's sh:declare)
PREFIX_GRAPH = ox.NamedNode("urn:x-cxkg:prefixes")
_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class StoreSpec:
    """A parsed store selector: ``kind`` is memory or oxigraph; ``path`` the folder of a persistent store."""

    kind: str = MEMORY
    path: Path | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.path}" if self.path else self.kind


def parse_store(selector: str | StoreSpec | None) -> StoreSpec:
    """The :class:`StoreSpec` of ``memory``, ``oxigraph`` or ``oxigraph:DIR``; else :class:`StoreError`."""
    if isinstance(selector, StoreSpec):
        return selector
    text = (selector or MEMORY).strip()
    kind, colon, rest = text.partition(":")
    if kind == MEMORY and not colon:
        return StoreSpec()
    if kind == OXIGRAPH and not colon:
        return StoreSpec(OXIGRAPH)
    if kind == OXIGRAPH and rest.strip():
        return StoreSpec(OXIGRAPH, Path(rest.strip()).expanduser())
    raise StoreError(f"unknown store {text!r}; choose one of {', '.join(SELECTORS)}")


def new_graph(spec: StoreSpec) -> Graph:
    """An empty Graph on an in-memory store of ``spec``'s kind (a persistent spec is built with :func:`build`)."""
    return Graph() if spec.kind == MEMORY else on_oxigraph(ox.Store())


def on_oxigraph(store: ox.Store) -> Graph:
    """An rdflib Graph over the default graph of a pyoxigraph Store."""
    from .oxstore import OxigraphStore

    return Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)


def oxigraph_of(graph: Graph) -> ox.Store | None:
    """The pyoxigraph Store under ``graph``, or None when it is on another store.

    Code that runs SPARQL text hands it to this store's own engine (``store.query(text)``) and
    turns the answers into rdflib terms with :func:`cxkg.oxstore.from_ox`.
    """
    inner = getattr(graph.store, "_inner", None)  # cxkg's store, or oxrdflib's
    return inner if isinstance(inner, ox.Store) else None


def is_store_dir(path: Path) -> bool:
    """Whether ``path`` holds an Oxigraph (RocksDB) database."""
    return (path / "CURRENT").is_file() and (path / "IDENTITY").is_file()


def open_dir(path: Path) -> Graph:
    """The persistent store in ``path``, opened read-only (so readers never block a ``cxkg load``)."""
    if not path.is_dir():
        problem = "not a folder" if path.exists() else "no such store folder"
        raise StoreError(f"{path}: {problem}; fill a store with `cxkg load FILE --store oxigraph:DIR`")
    if not is_store_dir(path):
        raise StoreError(f"{path}: not an Oxigraph store; fill it with `cxkg load FILE --store oxigraph:{path}`")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the Oxigraph store: {exc}") from None
    graph = on_oxigraph(store)
    for prefix, namespace in saved_prefixes(store.quads_for_pattern(None, None, None, PREFIX_GRAPH)):
        graph.bind(prefix, URIRef(namespace), override=True, replace=True)
    return graph


def saved_prefixes(quads: Iterable[ox.Quad]) -> list[tuple[str, str]]:
    """The (prefix, namespace) pairs :func:`prefix_quads` made, from the quads of :data:`PREFIX_GRAPH`."""
    values: dict[object, dict[str, str]] = {}
    for quad in quads:
        values.setdefault(quad.subject, {})[quad.predicate.value] = getattr(quad.object, "value", "")
    pairs = [(fields.get(_SH + "prefix"), fields.get(_SH + "namespace")) for fields in values.values()]
    return [(prefix, namespace) for prefix, namespace in pairs if prefix is not None and namespace]


def build(path: Path, fill: Callable[[Graph], Graph],
          saved: Callable[[Graph], Iterable[ox.Quad]] | None = None) -> Graph:
    """Fill a new persistent store for ``path``, then swap it in place of the old one; open it read-only.

    ``fill`` loads the data into the Graph it is given (over the new store); ``saved`` gives quads of
    named graphs derived from it, kept beside the data (see :mod:`cxkg.saved_lookup`). Until the swap the old
    store stays whole, and readers that have it open keep reading it until they refresh. Only an
    empty folder or an Oxigraph store is ever replaced.
    """
    if path.exists() and not (path.is_dir() and (is_store_dir(path) or not any(path.iterdir()))):
        raise StoreError(f"{path}: exists and is not an Oxigraph store; choose a new or empty folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new"))
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the store: {exc.strerror or exc}") from None
    try:
        store = ox.Store(str(staging))
        graph = fill(on_oxigraph(store))
        store.extend(prefix_quads(graph.namespaces()))
        if saved is not None:
            store.bulk_extend(saved(graph))
        store.optimize()
        store.flush()
        del graph, store
        _swap(staging, path)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the store: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return open_dir(path)


def prefix_quads(namespaces: Iterable[tuple[str, URIRef]]) -> list[ox.Quad]:
    """The prefixes as quads of :data:`PREFIX_GRAPH` (SHACL's ``sh:declare``), since stores keep none."""
    quads = []
    any_uri = ox.NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")
    for prefix, namespace in namespaces:
        node = ox.BlankNode()
        quads += [ox.Quad(PREFIX_GRAPH, ox.NamedNode(_SH + "declare"), node, PREFIX_GRAPH),
                  ox.Quad(node, ox.NamedNode(_SH + "prefix"), ox.Literal(prefix), PREFIX_GRAPH),
                  ox.Quad(node, ox.NamedNode(_SH + "namespace"), ox.Literal(str(namespace), datatype=any_uri),
                          PREFIX_GRAPH)]
    return quads


def _swap(staging: Path, path: Path) -> None:
    """Put ``staging`` where ``path`` is; the old store (if any) is moved aside first, then deleted."""
    if not path.exists():
        os.replace(staging, path)
        return
    old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old")) / path.name
    os.replace(path, old)
    try:
        os.replace(staging, path)
    except OSError:
        os.replace(old, path)
        raise
    shutil.rmtree(old.parent, ignore_errors=True)
