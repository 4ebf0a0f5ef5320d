"""The export command: ``cxkg export``."""

from __future__ import annotations

import click

from ..export import FORMATS, ExportResult, format_for
from .common import file_option, open_glossary
from .progress import activity


@click.command()
@click.option("-F", "--format", "fmt", metavar="FORMAT",
              help=f"One of: {', '.join(FORMATS)}. Default: from the -o suffix, else turtle.")
@click.option("-o", "--output", metavar="PATH", help="Write here (a folder for markdown); default: stdout.")
@click.option("--root", metavar="TERM", help="Export only TERM and everything below it.")
@click.option("--collection", metavar="NAME", help="Export only the members of this collection.")
@click.option("--infer", type=click.Choice(["none", "inverses", "closure"]), default="none", show_default=True,
              help="Add missing inverse links (inverses), and broaderTransitive/narrowerTransitive (closure).")
@click.option("--expanded", is_flag=True, help="json-ld: write the expanded form instead of compacted.")
@click.option("--glossary-name", metavar="NAME",
              help="openmetadata: name of the glossary the CSV is imported into (default: cxkg).")
@file_option
def export(fmt: str | None, output: str | None, root: str | None, collection: str | None, infer: str,
           expanded: bool, glossary_name: str | None, files: tuple[str, ...], lang: str) -> None:
    """Export the glossary; lossy formats report (on stderr and beside the file) what they drop."""
    options: dict[str, object] = {}
    if expanded:
        options["expanded"] = True
    if glossary_name:
        options["glossary_name"] = glossary_name
    chosen = fmt or (format_for(output) if output else "turtle")
    glossary = open_glossary(files, lang)
    with activity(f"exporting {chosen}"):
        result = glossary.export(chosen, output, root=root, collection=collection, infer=infer, **options)
    report(result)


def report(result: ExportResult) -> None:
    """Say what an export wrote (or print it) and what it could not hold."""
    if result.text is not None:
        click.echo(result.text, nl=False)
    else:
        click.echo(f"wrote {result.path} ({result.format}, {result.concepts} concepts)", err=True)
    if result.dropped:
        where = f"; also in {result.report}" if result.report else ""
        click.echo(f"{result.format} cannot hold everything{where}:", err=True)
        for line in result.dropped:
            click.echo(f"  - {line}", err=True)
