"""Choosing what to show of RDF terms: literals in a preferred language, and an IRI's local name.

Language preference, everywhere cxkg picks one literal to show (labels, definitions, notes):

1. the requested language (``--lang``, ``Glossary.lang``), or a regional variant of it (``en-GB`` for ``en``);
2. the vocabulary's default language (its scheme's ``dct:language``, else its most used prefLabel language);
3. untagged literals;
4. any other language.

Ties go to the smallest text, so the choice is the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal
from rdflib.term import Node


def in_language(values: Iterable[Node], lang: str) -> list[Literal]:
    """The literals in ``lang`` or untagged (all literals if there are none such), sorted by text."""
    literals = [value for value in values if isinstance(value, Literal)]
    preferred = [value for value in literals if value.language in (None, lang)]
    return sorted(preferred or literals, key=str)


#: a literal's text and language tag (None: untagged)
Text = tuple[str, str | None]


def speaks(literal: Literal, lang: str | None) -> bool:
    """Whether ``literal`` is tagged ``lang`` or a regional variant of it (``en-GB`` speaks ``en``)."""
    return _tagged(literal.language, lang)


def _tagged(tag: str | None, lang: str | None) -> bool:
    return bool(tag and lang and (tag == lang or tag.startswith(lang + "-")))


def preferred_pair(texts: Iterable[Text], lang: str, default: str | None = None) -> Text | None:
    """One (text, language) pair in the order of preference above, or None when there is none."""
    pairs = list(texts)
    for candidates in ([p for p in pairs if _tagged(p[1], lang)],
                       [p for p in pairs if default and _tagged(p[1], default)],
                       [p for p in pairs if p[1] is None], pairs):
        if candidates:
            return min(candidates, key=lambda p: (p[0], p[1] or ""))
    return None


def preferred_literal(values: Iterable[Node], lang: str, default: str | None = None) -> Literal | None:
    """One literal in the order of preference above, or None when there is none."""
    literals = {(str(v), v.language): v for v in values if isinstance(v, Literal)}
    chosen = preferred_pair(literals, lang, default)
    return None if chosen is None else literals[chosen]


def preferred_text(values: Iterable[Node], lang: str, default: str | None = None) -> str | None:
    """The text of :func:`preferred_literal`."""
    literal = preferred_literal(values, lang, default)
    return None if literal is None else str(literal)


def local_name(iri: object) -> str:
    """The last segment of an IRI: ``https://w3id.org/cxkg/touchpoint`` -> ``touchpoint``."""
    text = str(iri).rstrip("/#:")
    for separator in ("#", "/", ":"):
        if separator in text:
            return text.rsplit(separator, 1)[-1]
    return text or str(iri)
