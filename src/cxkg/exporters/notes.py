"""Markdown notes for Obsidian and Logseq: one note per concept, YAML front matter, ``[[wiki-links]]``."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..glossary import Glossary
from ..model import Concept
from ..namespaces import CX
from . import Rendered, yaml_text
from .facts import account, curies, exported, extra_facts

_HANDLED = frozenset({SKOS.prefLabel, SKOS.altLabel, CX.acronym, SKOS.definition, SKOS.scopeNote, RDF.type,
                      SKOS.broader, SKOS.narrower, SKOS.related, DCTERMS.source})
_UNSAFE = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|#^\[\]]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_MAX_NAME = 100
_MAX_BYTES = 120  # well under the 255-byte limit of common file systems, with room for " (2).md"


def markdown(glossary: Glossary) -> Rendered:
    """``{file name: note}``: one ``.md`` note per concept, linked by ``[[wiki-links]]``."""
    concepts = exported(glossary)
    names = note_names(concepts)
    labels = {iri: f"[[{names[iri]}]]" if names[iri] == c.label else f"[[{names[iri]}|{_alias(c.label)}]]"
              for iri, c in concepts.items()}
    shorten = curies(glossary).shorten
    notes: dict[str, str] = {}
    for concept in concepts.values():
        front: dict[str, object] = {"iri": str(concept.iri)}
        if concept.alt_labels or concept.acronyms:
            front["aliases"] = [*concept.acronyms, *concept.alt_labels]
        if concept.acronyms:
            front["acronyms"] = list(concept.acronyms)
        front["types"] = [shorten(t) for t in concept.types]
        for key, values in (("sources", [str(s) for s in concept.sources]),
                            ("collections", [glossary.label(c) for c in concept.collections])):
            if values:
                front[key] = values
        front.update(extra_facts(glossary, concept.iri, _HANDLED))
        header = yaml_text(front)
        notes[names[concept.iri] + ".md"] = f"---\n{header}---\n\n" + _body(concept, labels)
    return Rendered(notes, account(glossary, _HANDLED, bag=True, others="; collections appear by label"))


def _body(concept: Concept, links: dict[URIRef, str]) -> str:
    lines = [f"# {_text(concept.label)}", ""]
    if concept.definition:
        lines += [_text(concept.definition), ""]
    if concept.scope_note:
        lines += [f"> {_text(concept.scope_note)}", ""]
    for title, iris in (("Broader", concept.broader), ("Narrower", concept.narrower),
                        ("Related", concept.related)):
        if iris:
            lines += [f"## {title}", *(f"- {links[i]}" for i in iris), ""]
    return "\n".join(lines)


def _text(text: str) -> str:
    """Label or note text as inert Markdown: HTML escaped, link and table syntax escaped, on one line.

    >>> _text("a [[b]] | <script>\\nx")
    'a \\\\[\\\\[b\\\\]\\\\] \\\\| &lt;script&gt; x'
    """
    text = html.escape(re.sub(r"\s*[\r\n]+\s*", " ", text), quote=False)
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", text)


def _alias(label: str) -> str:
    """A label as the alias of a ``[[note|alias]]`` link, which ends at the first ``]]`` (no escapes there)."""
    return html.escape(re.sub(r"\s+", " ", label), quote=False).replace("[", "(").replace("]", ")").replace("|", "/")


def note_names(concepts: dict[URIRef, Concept]) -> dict[URIRef, str]:
    """A distinct, file-system-safe note name (no extension) for each concept."""
    taken: set[str] = set()
    names: dict[URIRef, str] = {}
    for concept in sorted(concepts.values(), key=lambda c: (c.label.casefold(), c.iri)):
        base = safe_name(concept.label)
        candidate, number = base, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{base[:_MAX_NAME - 6]} ({number})"
        taken.add(candidate.casefold())
        names[concept.iri] = candidate
    return names


def safe_name(label: str) -> str:
    """``label`` as a file name valid on Windows, macOS and Linux and in wiki-links.

    >>> safe_name('Price/Quality: "Ratio"?')
    'Price-Quality- -Ratio'
    """
    name = _UNSAFE.sub("-", unicodedata.normalize("NFC", label))
    name = re.sub(r"\s+", " ", name).strip(" .-") or "concept"
    if name.split(".")[0].upper() in _RESERVED:
        name += "_"
    name = name[:_MAX_NAME].rstrip(" .")
    if len(name.encode("utf-8")) > _MAX_BYTES:  # file systems count bytes: shorten, keep it unique and stable
        digest = hashlib.sha256(label.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = name.encode("utf-8")[:_MAX_BYTES - 9].decode("utf-8", "ignore").rstrip(" .") + "-" + digest
    return name
