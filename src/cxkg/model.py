"""Plain, immutable records that the API returns."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
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

    def __str__(self) -> str:
        return self.label


class MatchKind(StrEnum):
    """Why a search hit matched, strongest first."""

    EXACT_LABEL = "exact label"
    ACRONYM = "acronym"
    ALT_LABEL = "alt label"
    PREFIX = "prefix"
    WORD = "word"
    FUZZY = "fuzzy"
    DEFINITION = "definition text"


@dataclass(frozen=True, order=True)
class SearchHit:
    """A ranked search result: higher ``score`` is better (0-100)."""

    score: float
    label: str = field(compare=False)
    iri: URIRef = field(compare=False)
    reason: MatchKind = field(compare=False)
    matched: str = field(compare=False, default="")


def to_json(records: Concept | SearchHit | list[SearchHit]) -> str:
    """Records as indented JSON: IRIs as strings, tuples as lists."""
    data = [asdict(r) for r in records] if isinstance(records, list) else asdict(records)
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)
