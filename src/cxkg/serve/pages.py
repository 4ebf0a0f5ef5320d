"""The one view layer: each page's content from the public API, rendered with the package's Jinja2
templates. The server and ``cxkg site`` both call :func:`render`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from itertools import groupby
from typing import Any

import jinja2
from rdflib import URIRef

from ..errors import CxkgError
from ..report import Severity, ValidationReport
from ..sparql import QueryResult, catalog, named_query
from .concept_view import concept_page, defined_term, neighbourhood, resource_facts
from .links import Links
from .negotiate import DOC_FORMATS
from .vocab import Vocabulary


@cache
def environment() -> jinja2.Environment:
    """Templates from the package, every value HTML-escaped unless a template says otherwise."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("cxkg", "serve/templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.globals["Severity"] = Severity
    env.globals["media_types"] = {f.suffix: f.media_type for f in DOC_FORMATS}
    return env


def compile_templates() -> None:
    """Compile every template now, so no request waits for it."""
    env = environment()
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


def render(template: str, vocab: Vocabulary, links: Links, /, **context: Any) -> str:
    """One page as HTML."""
    return environment().get_template(template).render(vocab=vocab, links=links, scheme=vocab.scheme, **context)


def home(vocab: Vocabulary) -> dict[str, Any]:
    """The home page: scheme facts, counts, top concepts."""
    return {"title": vocab.scheme.title, "roots": vocab.roots, "counts": vocab.counts}


def az(vocab: Vocabulary, letter: str | None, page: int = 1) -> dict[str, Any]:
    """One A–Z page; without a letter, the first letter."""
    letters = list(vocab.letters)
    chosen = letter if letter in vocab.letters else (letters[0] if letters else "A")
    entries, pages = vocab.letter_page(chosen, page)
    return {"title": f"A–Z: {chosen}", "letters": letters, "letter": chosen, "entries": entries,
            "page_number": page, "pages": pages}


def tree(vocab: Vocabulary, depth: int | None) -> dict[str, Any]:
    """The hierarchy page, expanded ``depth`` levels (None: all, within the node budget)."""
    return {"title": "Hierarchy", "nodes": vocab.tree(depth)}


def concept(vocab: Vocabulary, iri: URIRef, url: str) -> dict[str, Any]:
    """A concept page (or, for a scheme, collection or source, a page of its properties)."""
    if not vocab.is_concept(iri):
        return {"title": vocab.label(iri), "iri": iri, "facts": resource_facts(vocab, iri),
                "template": "resource.html"}
    page = concept_page(vocab, iri)
    nodes, width, height = neighbourhood(vocab, page.concept)
    return {"title": page.concept.label, "page": page, "iri": iri, "jsonld": defined_term(vocab, page, url),
            "graph": nodes, "graph_size": (width, height), "template": "concept.html"}


def search(vocab: Vocabulary, text: str, limit: int = 50) -> dict[str, Any]:
    """Search results with why each matched, or suggestions when nothing did."""
    hits = vocab.glossary.search(text, limit=limit) if text.strip() else []
    suggestions = vocab.glossary.index.suggest(text) if text.strip() and not hits else []
    return {"title": f"Search: {text}" if text else "Search", "q": text, "hits": hits,
            "suggestions": suggestions}


def collections(vocab: Vocabulary) -> dict[str, Any]:
    """Every collection with its members."""
    return {"title": "Collections", "groups": vocab.collections, "kind": "collection"}


def sources(vocab: Vocabulary) -> dict[str, Any]:
    """Every cited source with the concepts citing it."""
    return {"title": "Sources", "groups": vocab.sources, "kind": "source"}


def validation(vocab: Vocabulary, report: ValidationReport) -> dict[str, Any]:
    """The validation report: counts first, then results grouped by rule."""
    ordered = sorted(report.results, key=lambda r: (list(Severity).index(r.severity), r.rule, r.label.casefold()))
    groups = [(key, list(results)) for key, results in groupby(ordered, key=lambda r: (r.severity, r.rule,
                                                                                          r.rule_name))]
    return {"title": "Validation", "report": report, "groups": groups}


def query(vocab: Vocabulary, name: str | None, params: Mapping[str, str], sparql: str | None,
          result: QueryResult | None, error: CxkgError | None) -> dict[str, Any]:
    """The SPARQL page: the editor, the named-query picker with the chosen query's fields, a result."""
    chosen = None
    if name:
        try:
            chosen = named_query(name)
        except CxkgError as exc:
            error = error or exc
    table = result.to_table(compact=True) if result is not None and result.graph is None else None
    return {"title": "SPARQL", "queries": catalog(), "chosen": chosen, "params": params,
            "sparql": sparql if sparql is not None else DEFAULT_QUERY, "result": result, "table": table,
            "error": error}


DEFAULT_QUERY = """SELECT ?concept ?label WHERE {
  ?concept a skos:Concept ; skos:prefLabel ?label .
} ORDER BY ?label LIMIT 20"""
