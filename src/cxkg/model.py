"""Plain, immutable records that the API returns."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from dataclasses import field as attribute
from enum import StrEnum

from rdflib import URIRef


@dataclass(frozen=True)
class Concept:
    """One SKOS concept; links are IRIs that :class:`cxkg.Glossary` resolves."""

    iri: URIRef
    label: str
    alt_labels: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    definition: str | None = None
    scope_note: str | None = None
    broader: tuple[URIRef, ...] = ()
    narrower: tuple[URIRef, ...] = ()
    related: tuple[URIRef, ...] = ()
    sources: tuple[URIRef, ...] = ()
    collections: tuple[URIRef, ...] = ()
    types: tuple[URIRef, ...] = ()
    deprecated: bool = False
    replaced_by: tuple[URIRef, ...] = ()
    notations: tuple[str, ...] = ()
    #: language tags of ``label``, ``definition`` and ``scope_note`` (None when untagged)
    label_lang: str | None = None
    definition_lang: str | None = None
    scope_note_lang: str | None = None
    #: prefLabel per language tag (``""`` for an untagged one): ``concept.labels["fi"]``
    labels: dict[str, str] = attribute(default_factory=dict, compare=False)
    #: alt labels and acronyms per language tag (``""`` for untagged), each sorted
    alt_labels_by_lang: dict[str, tuple[str, ...]] = attribute(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return self.label


class MatchKind(StrEnum):
    """Why a search hit matched, strongest first."""

    EXACT_LABEL = "exact label"
    NOTATION = "notation"
    ACRONYM = "acronym"
    ALT_LABEL = "alt label"
    PREFIX = "prefix"
    WORD = "word"
    FUZZY = "fuzzy"
    TEXT = "text"


@dataclass(frozen=True, order=True)
class SearchHit:
    """A ranked search result: higher ``score`` is better (0-100).

    ``matched`` is the exact text that matched (the alt label, the sentence of a definition), ``field``
    where it was found (``pref``, ``alt``, ``hidden``, ``acronym``, ``notation``, ``definition``,
    ``scopeNote``, ``example``, ``type``) and ``lang`` its language tag (None when untagged);
    ``label_lang`` is the language of ``label``.
    """

    score: float
    label: str = attribute(compare=False)
    iri: URIRef = attribute(compare=False)
    reason: MatchKind = attribute(compare=False)
    matched: str = attribute(compare=False, default="")
    field: str = attribute(compare=False, default="")
    lang: str | None = attribute(compare=False, default=None)
    label_lang: str | None = attribute(compare=False, default=None)


def to_json(records: Concept | SearchHit | list[SearchHit]) -> str:
    """Records as indented JSON: IRIs as strings, tuples as lists."""
    data = [asdict(r) for r in records] if isinstance(records, list) else asdict(records)
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)
