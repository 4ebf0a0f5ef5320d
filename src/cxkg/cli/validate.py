"""The validate command: check a vocabulary against a SHACL profile.

Exit codes: 0 conforms (warnings allowed unless --strict), 1 violations found, 2 unreadable data
or shapes file (one line: file, line, column).
"""

from __future__ import annotations

import click

from ..loading import Source
from ..validation import ENGINES
from .common import exit_with, file_option, open_glossary


@click.command()
@click.argument("paths", nargs=-1, metavar="[FILE]...")
@click.option("--profile", metavar="skos|cx|PATH",
              help="Bundled profile or a SHACL file (run by pySHACL). Default: cx for the bundled graph, "
                   "skos for your files.")
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on violations.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text",
              show_default=True, help="Report format; turtle is the SHACL validation report graph.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="Engine for bundled profiles (default fast; pyshacl is the reference).")
@click.option("--endpoint", metavar="URL", help="Validate a graph pulled from this Graph Store Protocol endpoint.")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="With --endpoint: the named graph (default: the default graph).")
@file_option
def validate(paths: tuple[str, ...], profile: str | None, strict: bool, fmt: str, engine: str | None,
             endpoint: str | None, graph_iri: str | None, files: tuple[str, ...], lang: str) -> None:
    """Validate FILEs (default: the bundled graph, or a graph on an endpoint) against a SHACL profile."""
    sources: tuple[Source, ...] = (*paths, *files)
    if endpoint is not None and sources:
        raise click.UsageError("give FILEs or --endpoint, not both")
    if endpoint is not None:
        from ..sparql.remote import Endpoint

        sources = (Endpoint(endpoint).get_graph(graph_iri),)
    elif graph_iri is not None:
        raise click.UsageError("--graph needs --endpoint")
    glossary = open_glossary(sources, lang)
    report = glossary.validate(profile or ("skos" if sources else "cx"), strict=strict, engine=engine, lang=lang)
    if fmt == "json":
        click.echo(report.to_json())
    elif fmt == "turtle":
        click.echo(report.graph.serialize(format="turtle"))
    else:
        click.echo(report.to_text())
    exit_with(0 if report.conforms else 1)
