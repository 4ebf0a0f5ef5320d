"""Browsing commands: show, search, stats, tree."""

from __future__ import annotations

import json

import click
from rdflib import URIRef

from ..browse import source_labels, summarise, walk
from ..model import to_json
from .common import field, file_option, heading, open_glossary


@click.command()
@click.argument("term")
@click.option("--json", "as_json", is_flag=True, help="Print the concept record as JSON.")
@file_option
def show(term: str, as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """Show one concept: TERM is a label, acronym, alt label, CURIE or IRI."""
    glossary = open_glossary(files, lang)
    concept = glossary.concept(term)
    if as_json:
        click.echo(to_json(concept))
        return

    def names(iris: tuple[URIRef, ...]) -> str:
        return ", ".join(glossary.label(i) for i in iris) or "—"

    click.echo(heading(concept.label) + f"  <{concept.iri}>")
    if concept.deprecated:
        click.echo(field("deprecated", "replaced by " + names(concept.replaced_by)))
    lines = [("acronyms", ", ".join(concept.acronyms)), ("also", "; ".join(concept.alt_labels)),
             ("definition", concept.definition or ""), ("note", concept.scope_note or ""),
             ("broader", names(concept.broader)), ("narrower", names(concept.narrower)),
             ("related", names(concept.related)), ("sources", "; ".join(source_labels(glossary, concept))),
             ("collections", names(concept.collections))]
    for name, value in lines:
        if (value and value != "—") or name in ("broader", "narrower", "related"):
            click.echo(field(name, value))


@click.command()
@click.argument("text")
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@file_option
def search(text: str, limit: int, as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """Ranked search over labels, acronyms and definitions."""
    hits = open_glossary(files, lang).search(text, limit)
    if as_json:
        click.echo(to_json(hits))
    if not hits:
        click.echo(f"no match for {text!r}", err=True)
        raise click.exceptions.Exit(1)
    if as_json:
        return
    width = max(len(hit.label) for hit in hits)
    for hit in hits:
        click.echo(f"{hit.score:5.1f}  {hit.label:<{width}}  {click.style(hit.reason.value, dim=True)}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@file_option
def stats(as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """Counts of distinct concepts, links and labels (the same figures as `cxkg query stats`)."""
    summary = summarise(open_glossary(files, lang))
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
        return
    figures = {name: value for name, value in summary.as_dict().items() if isinstance(value, int)}
    for name, value in figures.items():
        click.echo(field(name.replace("_", " "), str(value)))
    for title, counts in (("concepts below each top concept", summary.per_top_concept),
                          ("concepts per source", summary.concepts_per_source)):
        click.echo(heading(title))
        width = max((len(name) for name in counts), default=0)
        for name, count in counts.items():
            click.echo(f"  {name:<{width}}  {count:>6}")


@click.command()
@click.argument("term", required=False)
@click.option("-d", "--depth", type=click.IntRange(0), default=None, help="Stop at this depth.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per line of the tree.")
@file_option
def tree(term: str | None, depth: int | None, as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """The hierarchy as an indented tree, from TERM or from the top concepts.

    A concept with several broader concepts is shown in full once; elsewhere it is marked (see above).
    """
    glossary = open_glossary(files, lang)
    roots = [glossary.concept(term)] if term else None
    steps = list(walk(glossary, roots, depth))
    if as_json:
        click.echo(json.dumps([{"depth": step.depth, "iri": str(step.concept), "label": glossary.label(step.concept),
                                "repeated": step.repeated} for step in steps], indent=2, ensure_ascii=False))
        return
    for step in steps:
        click.echo("  " * step.depth + glossary.label(step.concept) + (" (see above)" if step.repeated else ""))
