"""The validate command: check a vocabulary against a SHACL profile.

Exit codes: 0 conforms (nothing at or above --fail-on), 1 results at or above --fail-on, 2
unreadable data or shapes file (one line: file, line, column), 3 a bug. Unlike other commands, it reads
a file with invalid IRIs when the profile reports them (rule invalid-iri: both bundled profiles do).
"""

from __future__ import annotations

import click

from ..loading import Source
from ..report import FAIL_LEVELS
from ..validation import ENGINES, reports_invalid_iris
from .common import exit_with, file_option, open_glossary, say
from .progress import activity


@click.command()
@click.argument("paths", nargs=-1, metavar="[FILE]...")
@click.option("--profile", metavar="skos|cx|PATH",
              help="Bundled profile or a SHACL file. Default: cx for the bundled graph, skos for your files.")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default=None,
              help="Least severity that fails the check (exit 1).  [default: violation]")
@click.option("--strict", is_flag=True, help="Same as --fail-on warning.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "turtle"]), default="text",
              show_default=True, help="Report format: sarif for code scanning, turtle for the SHACL report graph.")
@click.option("--max-per-rule", type=click.IntRange(0), default=10, show_default=True,
              help="Text format: results listed per rule (the summary counts them all).")
@click.option("--all", "show_all", is_flag=True, help="Text format: list every result.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="fast (default: pySHACL only for the shapes it does not implement) or pyshacl for everything.")
@click.option("--endpoint", metavar="URL", help="Validate a graph pulled from this Graph Store Protocol endpoint.")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="With --endpoint: the named graph (default: the default graph).")
@file_option
def validate(paths: tuple[str, ...], profile: str | None, fail_on: str | None, strict: bool, fmt: str,
             max_per_rule: int, show_all: bool, engine: str | None, endpoint: str | None, graph_iri: str | None,
             files: tuple[str, ...], lang: str) -> None:
    """Validate FILEs (default: the bundled graph, or a graph on an endpoint) against a SHACL profile."""
    sources: tuple[Source, ...] = (*paths, *files)
    if fail_on is not None and strict and fail_on != "warning":
        raise click.UsageError("--strict means --fail-on warning; give one or the other")
    if endpoint is not None and sources:
        raise click.UsageError("give FILEs or --endpoint, not both")
    if endpoint is not None:
        from ..sparql.remote import Endpoint

        sources = (Endpoint(endpoint).get_graph(graph_iri),)
    elif graph_iri is not None:
        raise click.UsageError("--graph needs --endpoint")
    profile = profile or ("skos" if sources else "cx")
    glossary = open_glossary(sources, lang, keep_invalid_iris=reports_invalid_iris(profile))
    with activity("validating", quiet=fmt != "text") as update:
        report = glossary.validate(profile, strict=strict, fail_on=fail_on, engine=engine, lang=lang,
                                   progress=update)
    if fmt == "json":
        click.echo(report.to_json())
    elif fmt == "sarif":
        click.echo(report.to_sarif(sources[0] if len(sources) == 1 and isinstance(sources[0], str) else None))
    elif fmt == "turtle":
        click.echo(report.to_turtle())
    else:
        say(report.to_text(None if show_all else max_per_rule))
    exit_with(0 if report.conforms else 1)
