"""``cxkg import``: a spreadsheet (CSV or XLSX, as ``cxkg export -F csv|xlsx`` writes) to SKOS."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ExportError
from ..export import format_for
from ..glossary import Glossary
from ..spreadsheet import read_sheet
from .export import report


@click.command("import")
@click.argument("source", metavar="FILE.csv|FILE.xlsx")
@click.option("-o", "--output", metavar="PATH", help="Write here (format from the suffix); default: Turtle on stdout.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--base", metavar="IRI",
              help="Mint IRIs for rows without one under IRI (default: the scheme's namespace).")
@click.option("--scheme", metavar="IRI", help="Put every concept in this concept scheme.")
@click.option("--lang", default="en", show_default=True, help="Language of columns named without @LANG.")
def import_(source: str, output: str | None, force: bool, base: str | None, scheme: str | None, lang: str) -> None:
    """Turn a spreadsheet glossary into SKOS; every bad cell is reported, and nothing is written then."""
    if output and Path(output).exists() and not force:
        raise ExportError(f"{output} exists; pass --force to replace it")
    graph = read_sheet(source, base=base, scheme=scheme, lang=lang)
    fmt = format_for(output) if output else "turtle"
    report(Glossary(graph, lang).export(fmt, output))
