"""SPARQL commands: ``queries`` lists the named queries, ``query`` runs one, a file or a SPARQL text."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Sequence

import click

from ..sparql import GRAPH_FORMATS, RESULT_FORMATS, adhoc_text, catalog, named_text, run_named, run_sparql
from .common import exit_with, file_option, open_glossary, printable

FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
def queries(as_json: bool) -> None:
    """List the named queries: name, what each returns, its parameters (TYPE? optional)."""
    if as_json:
        click.echo(json.dumps([{"name": q.name, "description": q.description, "returns": list(q.returns),
                                "parameters": [dataclasses.asdict(p) for p in q.parameters]} for q in catalog()],
                              indent=2, ensure_ascii=False))
        return
    rows = [[q.name, q.description, ", ".join(map(str, q.parameters))] for q in catalog()]
    _print_table(["name", "description", "parameters"], rows)


@click.command()
@click.argument("target", required=False, metavar="[NAME|FILE.rq]")
@click.option("-e", "--expression", "sparql", metavar="SPARQL", help="Run this SPARQL text instead.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter (repeatable); with -e, bound as a plain string to ?KEY.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="table (default), the W3C results formats json/csv/tsv/xml, or turtle/json-ld "
                   "for CONSTRUCT and DESCRIBE (default turtle).")
@click.option("--limit", type=click.IntRange(0), default=None,
              help="Most rows to return; 0 for all. [default: 10000 with -e or a file, all for named queries]")
@click.option("--timeout", type=click.FloatRange(0), default=None,
              help="Seconds before giving up; 0 for never. [default: 30 with -e or a file, never for named "
                   "queries]")
@click.option("--memory", type=click.IntRange(0), default=None, metavar="MB",
              help="Megabytes the query may use; 0 for any. [default: 1024 with -e or a file, any for named "
                   "queries]")
@click.option("--show-sparql", is_flag=True,
              help="Print the standalone SPARQL text that would run, parameters bound; run nothing.")
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL endpoint (SPARQL 1.1 Protocol) instead; "
              "credentials from $CXKG_ENDPOINT_USER/$CXKG_ENDPOINT_PASSWORD, $CXKG_ENDPOINT_TOKEN or ~/.netrc.")
@file_option
def query(target: str | None, sparql: str | None, params: tuple[str, ...], fmt: str | None,
          limit: int | None, timeout: float | None, memory: int | None, show_sparql: bool,
          endpoint: str | None, files: tuple[str, ...], lang: str) -> None:
    """Run a named query (see `cxkg queries`), a .rq file, or SPARQL text given with -e.

    Queries are read-only: SPARQL Update and SERVICE are refused. ASK prints true or false and
    exits 0 or 1. Parameters are bound in a VALUES block opening the outermost WHERE.
    """
    if (target is None) == (sparql is None):
        raise click.UsageError("give a query NAME or FILE.rq, or SPARQL text with -e (one of them)")
    values = dict(_key_value(item) for item in params)
    if endpoint is not None:
        from ..sparql.remote import Endpoint, remote_text

        remote = Endpoint(endpoint, timeout)
        text = remote_text(remote, target, sparql, values)
        if show_sparql:
            click.echo(text, nl=not text.endswith("\n"))
            return
        result = remote.query(text, limit=(10_000 if sparql is not None else 0) if limit is None else limit)
    else:
        glossary = open_glossary(files, lang)
        if show_sparql:
            text = (adhoc_text(glossary, sparql, values) if sparql is not None
                    else named_text(glossary, str(target), values))
            click.echo(text, nl=not text.endswith("\n"))
            return
        if sparql is not None:
            result = run_sparql(glossary, sparql, values, limit=limit, timeout=timeout, memory=memory)
        else:
            assert target is not None
            result = run_named(glossary, target, values, limit=limit, timeout=timeout, memory=memory)
    if result.type == "ASK" and fmt in (None, "table", "csv", "tsv"):
        click.echo("true" if result.ask else "false")
    elif fmt in (None, "table") and result.graph is None:
        _print_table(*_split(result.to_table(compact=True)))
    else:
        text = result.serialize(fmt or GRAPH_FORMATS[0])
        click.echo(text, nl=not text.endswith("\n"))
    if result.truncated:
        click.echo(f"cxkg: showing the first {len(result.rows)} rows; --limit 0 shows all", err=True)
    if result.type == "ASK" and not result.ask:
        exit_with(1)


def _key_value(item: str) -> tuple[str, str]:
    key, equals, value = item.partition("=")
    if not equals or not key.strip():
        raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--param")
    return key.strip(), value


def _split(table: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    return table[0], table[1:]


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A rich table on a terminal; plain aligned columns when piped."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(*map(printable, header), header_style="bold")
        for row in rows:
            table.add_row(*(Text(printable(cell)) for cell in row))  # Text: a cell's "[red]" is not markup
        Console().print(table)
        return
    header, rows = list(map(printable, header)), [list(map(printable, row)) for row in rows]
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(header)]
    for row in [header, *rows]:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
