"""Choosing what to show of RDF terms: literals in a preferred language, and an IRI's local name."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal
from rdflib.term import Node


def in_language(values: Iterable[Node], lang: str) -> list[Literal]:
    """The literals in ``lang`` or untagged (all literals if there are none such), sorted by text."""
    literals = [value for value in values if isinstance(value, Literal)]
    preferred = [value for value in literals if value.language in (None, lang)]
    return sorted(preferred or literals, key=str)


def preferred_text(values: Iterable[Node], lang: str) -> str | None:
    """One literal's text: in ``lang`` (or a regional variant such as ``en-GB``), else untagged, else any.

    Ties go to the smallest text, so the choice is the same on every run.
    """
    literals = [value for value in values if isinstance(value, Literal)]
    in_lang = [v for v in literals if v.language and (v.language == lang or v.language.startswith(lang + "-"))]
    for candidates in (in_lang, [v for v in literals if v.language is None], literals):
        if candidates:
            return min(str(v) for v in candidates)
    return None


def local_name(iri: object) -> str:
    """The last segment of an IRI: ``https://w3id.org/cxkg/touchpoint`` -> ``touchpoint``."""
    text = str(iri).rstrip("/#:")
    for separator in ("#", "/", ":"):
        if separator in text:
            return text.rsplit(separator, 1)[-1]
    return text or str(iri)
