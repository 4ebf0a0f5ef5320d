"""Browsing commands: show, search, stats, tree."""

from __future__ import annotations

import json

import click
from click.core import ParameterSource
from rdflib import URIRef

from ..browse import source_labels, summarise, walk
from ..model import Concept, to_json
from .common import field, file_option, heading, open_glossary, printable, say


@click.command()
@click.argument("term")
@click.option("--json", "as_json", is_flag=True, help="Print the concept record as JSON.")
@file_option
def show(term: str, as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """Show one concept: TERM is a label, notation, acronym, alt label, CURIE or IRI.

    Labels and notes not in the --lang language carry their language, as in "MUSIK [sv]".
    """
    glossary = open_glossary(files, lang)
    concept = glossary.concept(term)
    if as_json:
        click.echo(to_json(concept))
        return

    def names(iris: tuple[URIRef, ...]) -> str:
        return ", ".join(glossary.label(i) for i in iris) or "—"

    click.echo(numbered(concept, heading(marked(concept.label, concept.label_lang, lang))) + f"  <{concept.iri}>")
    if concept.deprecated:
        click.echo(field("deprecated", "replaced by " + names(concept.replaced_by)))
    by_text = {text: tag for tag, texts in concept.alt_labels_by_lang.items() for text in texts}
    others = [marked(text, tag, "") for tag, text in concept.labels.items() if text != concept.label or
              tag != (concept.label_lang or "")]
    lines = [("labels", "; ".join(others)),
             ("acronyms", ", ".join(marked(a, by_text.get(a), lang) for a in concept.acronyms)),
             ("also", "; ".join(marked(a, by_text.get(a), lang) for a in concept.alt_labels)),
             ("definition", marked(concept.definition or "", concept.definition_lang, lang)),
             ("note", marked(concept.scope_note or "", concept.scope_note_lang, lang)),
             ("broader", names(concept.broader)), ("narrower", names(concept.narrower)),
             ("related", names(concept.related)), ("sources", "; ".join(source_labels(glossary, concept))),
             ("collections", names(concept.collections))]
    for name, value in lines:
        if (value and value != "—") or name in ("broader", "narrower", "related"):
            click.echo(field(name, value))


def numbered(concept: Concept, label: str) -> str:
    """``label`` after the concept's notations, unless the label already starts with them (as STW's do)."""
    notation = " ".join(concept.notations)
    return f"{notation}  {label}" if notation and not concept.label.startswith(notation) else label


def marked(text: str, tag: str | None, lang: str) -> str:
    """``text`` with its language tag appended when it is not ``lang`` (nothing for untagged or empty text),
    escaped for a terminal (:func:`printable`)."""
    if not text or not tag or (lang and (tag == lang or tag.startswith(lang + "-"))):
        return printable(text)
    return printable(f"{text} [{tag}]")


@click.command()
@click.argument("text")
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--type", "types", multiple=True, metavar="TYPE", help="Only concepts of this class, e.g. Metric.")
@click.option("--under", metavar="TERM", help="Only concepts in the branch below TERM (TERM included).")
@click.option("--scheme", metavar="SCHEME", help="Only concepts of this scheme (IRI, CURIE or title).")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@file_option
def search(text: str, limit: int, types: tuple[str, ...], under: str | None, scheme: str | None, as_json: bool,
           files: tuple[str, ...], lang: str) -> None:
    """Ranked search over labels, notations, acronyms, definitions, scope notes and examples.

    Each hit says why it matched and where: the field, the exact text and its language. Given
    explicitly, --lang also restricts matching to texts in that language (and untagged ones).
    """
    explicit = click.get_current_context().get_parameter_source("lang") is not ParameterSource.DEFAULT
    hits = open_glossary(files, lang).search(text, limit, types=types, under=under, scheme=scheme,
                                             lang=lang if explicit else None)
    if as_json:
        click.echo(to_json(hits))
    if not hits:
        click.echo(f"no match for {text!r}", err=True)
        raise click.exceptions.Exit(1)
    if as_json:
        return
    labels = [marked(hit.label, hit.label_lang, lang) for hit in hits]
    width = max(len(label) for label in labels)
    for hit, label in zip(hits, labels, strict=True):
        why = f"{hit.reason.value} · {hit.field}: {marked(hit.matched, hit.lang, lang)}"
        click.echo(f"{hit.score:5.1f}  {label:<{width}}  {click.style(why, dim=True)}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@file_option
def stats(as_json: bool, files: tuple[str, ...], lang: str) -> None:
    """Counts of distinct concepts, links and labels (the same figures as `cxkg query stats`)."""
    glossary = open_glossary(files, lang)
    summary = summarise(glossary)
    languages = glossary.language_coverage()
    if as_json:
        coverage = {share.lang: {"pref_label": share.pref_label, "definition": share.definition} for share in languages}
        click.echo(json.dumps({**summary.as_dict(), "languages": coverage}, indent=2, ensure_ascii=False))
        return
    figures = {name: value for name, value in summary.as_dict().items() if isinstance(value, int)}
    for name, value in figures.items():
        click.echo(field(name.replace("_", " "), str(value)))
    for title, counts in (("concepts below each top concept", summary.per_top_concept),
                          ("concepts per source", summary.concepts_per_source)):
        click.echo(heading(title))
        width = max((len(name) for name in counts), default=0)
        for name, count in counts.items():
            say(f"  {name:<{width}}  {count:>6}")
    click.echo(heading("languages (share of concepts with a prefLabel / a definition in each)"))
    for share in languages:
        click.echo(f"  {share.lang or 'untagged':<8}  prefLabel {share.pref_label:6.1%}  "
                   f"definition {share.definition:6.1%}")


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
    for step, concept in zip(steps, (glossary.concept(step.concept) for step in steps), strict=True):
        label = numbered(concept, marked(concept.label, concept.label_lang, lang))
        click.echo("  " * step.depth + label + (" (see above)" if step.repeated else ""))
