"""Parse RDF files of any common format into one rdflib Graph, offline, with positioned errors."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from . import safeparse
from .errors import DataLoadError, InvalidIRI
from .namespaces import bind_prefixes
from .stores import MEMORY, StoreSpec, build, new_graph, oxigraph_of, parse_store

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

#: formats that go straight to Oxigraph's bulk loader when the graph lives on an Oxigraph store
#: (RDF/XML and JSON-LD always take the guarded path in :mod:`cxkg.safeparse`: entities, remote contexts)
BULK_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


def parse_into(graph: Graph, path: str | os.PathLike[str], fmt: str | None = None, *,
               allow_network: bool = False, invalid_iris: set[str] | None = None) -> Graph:
    """Parse one file (``-``: stdin) into ``graph`` safely (see :mod:`cxkg.safeparse`); any failure is one
    :class:`DataLoadError` naming the position. Notes (e.g. named graphs merged) go to the ``cxkg`` logger.

    On an Oxigraph store, Turtle, N-Triples, TriG and N-Quads go to Oxigraph's own bulk loader. With a set
    as ``invalid_iris`` (validation only; an rdflib store), the invalid IRIs the ``invalid-iri`` rule reports
    are kept and collected there instead of refused."""
    data = safeparse.read_input(path)
    if str(path) == "-":
        name, base, fmt = "<stdin>", Path.cwd().as_uri() + "/", fmt or safeparse.sniff_format(data)
    else:
        name, base, fmt = str(path), Path(path).resolve().as_uri(), fmt or guess_format(path)
    store = oxigraph_of(graph)
    if store is not None and fmt in BULK_FORMATS and invalid_iris is None:
        notes = _bulk_load(graph, store, data.removeprefix(safeparse.BOM), fmt, name, base)
    else:
        notes = safeparse.parse_data(graph, data, fmt, name, base, allow_network=allow_network,
                                     invalid_iris=invalid_iris)
    for note in notes:
        logging.getLogger("cxkg").warning("note: %s", note)
    return graph


def _bulk_load(graph: Graph, store: ox.Store, data: bytes, fmt: str, name: str, base: str) -> list[str]:
    """Load ``data`` with Oxigraph's parser into the default graph; quads of named graphs are merged in."""
    format = BULK_FORMATS[fmt]
    try:
        quads = ox.parse(input=data, format=format, base_iri=base, lenient=False)
        first = next(quads, None)  # the prefixes declared before the first triple, without a second parse
        for prefix, namespace in quads.prefixes.items():
            graph.bind(prefix, namespace)  # as rdflib's parsers do: the file's own prefixes win
        if first is None:
            return []
        if format not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            store.bulk_load(input=data, format=format, base_iri=base, to_graph=ox.DefaultGraph())
            return []
        named: set[str] = set()

        def merged() -> Iterator[ox.Quad]:
            for quad in chain([first], quads):
                if not isinstance(quad.graph_name, ox.DefaultGraph):
                    named.add(str(quad.graph_name))
                yield ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())

        store.bulk_extend(merged())
    except SyntaxError as exc:
        raise safeparse.syntax_error(name, exc) from None
    except (ValueError, OSError) as exc:
        raise DataLoadError(f"{name}: {exc}") from None
    return [safeparse.named_graphs_note(name, len(named))] if named else []


def load_graph(sources: Iterable[Source], fmt: str | None = None, store: str | StoreSpec | None = None, *,
               allow_network: bool = False, keep_invalid_iris: bool = False,
               saved: Callable[[Graph], Iterable[ox.Quad]] | None = None) -> Graph:
    """Merge files and Graphs into one new Graph on ``store`` (see :mod:`cxkg.stores`), cxkg's prefixes bound.

    With a persistent ``oxigraph:DIR``, the store in DIR is rebuilt from the sources (swapped in
    whole when complete, with the quads ``saved`` derives from the data) and opened.

    ``keep_invalid_iris`` is for validation: when the files hold IRIs that the ``invalid-iri`` rule reports
    (a space, a brace, no scheme, …), they are read again, leniently, into rdflib's memory store (no
    Oxigraph store can hold them; a persistent one is left as it was), so the validator can report them.
    Any other error is raised as usual.
    """
    spec = parse_store(store)
    sources = list(sources)
    try:
        if spec.path is not None:
            return build(spec.path, lambda graph: _merge(graph, sources, fmt, allow_network), saved)
        return _merge(new_graph(spec), sources, fmt, allow_network)
    except InvalidIRI:
        if not keep_invalid_iris:
            raise
        kept: set[str] = set()
        graph = _merge(Graph(), sources, fmt, allow_network, kept)  # the lenient pass's own error, if any
        if not kept:
            raise  # refused for some other reason after all
        if spec.kind != MEMORY:
            count = f"{len(kept)} invalid IRI{'s' if len(kept) > 1 else ''}"
            logging.getLogger("cxkg").warning("note: the data holds %s, which an Oxigraph store cannot hold; "
                                              "read into memory instead", count)
        return graph


def _merge(graph: Graph, sources: Iterable[Source], fmt: str | None, allow_network: bool,
           invalid_iris: set[str] | None = None) -> Graph:
    for source in sources:
        if isinstance(source, Graph):
            for prefix, namespace in source.namespaces():
                graph.bind(prefix, namespace, override=False)
            graph += source
        else:
            parse_into(graph, source, fmt, allow_network=allow_network, invalid_iris=invalid_iris)
    return bind_prefixes(graph)
