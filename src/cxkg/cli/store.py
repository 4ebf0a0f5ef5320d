"""Store commands: ``load`` fills a persistent Oxigraph store, ``publish`` puts a glossary on a graph store."""

from __future__ import annotations

import click

from ..errors import StoreError
from .common import chosen_store, file_option, open_glossary, store_option


@click.command()
@click.argument("files", nargs=-1, metavar="[FILE]...")
@store_option
def load(files: tuple[str, ...]) -> None:
    """Load FILEs (default: the bundled graph) into the persistent store given with --store oxigraph:DIR.

    The store is rebuilt from the files and swapped in whole; commands then open it with
    --store oxigraph:DIR in an instant, without parsing anything.
    """
    store = chosen_store()
    if store.path is None:
        raise StoreError(f"cxkg load fills a persistent store: give --store oxigraph:DIR (not {store})")
    glossary = open_glossary(files)
    click.echo(f"{store.path}: {len(glossary.graph)} triples, {len(glossary)} concepts")


@click.command()
@click.option("--endpoint", metavar="URL", required=True,
              help="The Graph Store Protocol endpoint (Oxigraph: http://HOST/store; Fuseki: http://HOST/DATASET/data).")
@click.option("--graph", "graph_iri", metavar="IRI", help="The named graph to replace (default: the default graph).")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=None,
              help="Seconds to wait for the server. [default: 30]")
@file_option
def publish(endpoint: str, graph_iri: str | None, timeout: float | None, files: tuple[str, ...], lang: str) -> None:
    """Replace a graph on a triplestore with the glossary (the bundled one, or -f FILEs), in one request.

    Publishing the same data twice leaves the same graph; a failed upload leaves the old graph.
    """
    from ..sparql.remote import Endpoint, publish_graph

    glossary = open_glossary(files, lang)
    count = publish_graph(Endpoint(endpoint, timeout), glossary.graph, graph_iri)
    click.echo(f"{endpoint}: {graph_iri or 'default graph'} now holds {count} triples")
