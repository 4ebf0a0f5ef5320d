"""The languages of a vocabulary: its default language and how well each language covers it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DC, DCTERMS, RDF, SKOS
from rdflib.term import Node

from .terms import local_name

#: ISO 639-2/3 codes (as in lexvo.org IRIs) of languages with a two-letter code commonly used in tags
_TWO_LETTER = {"eng": "en", "fin": "fi", "swe": "sv", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr",
               "spa": "es", "ita": "it", "nld": "nl", "dut": "nl", "por": "pt", "dan": "da", "nor": "no",
               "nob": "nb", "nno": "nn", "est": "et", "rus": "ru", "pol": "pl", "ces": "cs", "hun": "hu",
               "smi": "se", "sme": "se", "jpn": "ja", "zho": "zh", "chi": "zh", "ara": "ar", "tur": "tr"}


_SAMPLE = 5000  # prefLabels counted to find the most used language: plenty, and cheap on a huge vocabulary


def language_code(value: object) -> str | None:
    """A language tag from a literal (``"fi"``) or an IRI (``http://lexvo.org/id/iso639-3/fin``)."""
    text = str(value).strip()
    code = local_name(text) if isinstance(value, URIRef) else text
    code = code.casefold()
    return _TWO_LETTER.get(code, code) or None


def default_language(graph: Graph, is_concept: Callable[[Node], bool]) -> str | None:
    """The vocabulary's default language: the first scheme's ``dct:language``, else the most used prefLabel tag
    (among the first few thousand prefLabels of concepts)."""
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        declared = sorted(str(code) for prop in (DCTERMS.language, DC.language)
                          for value in graph.objects(scheme, prop) if (code := language_code(value)))
        if declared:
            return declared[0]
    from .literals import literal_values

    labels = (tag for s, _, tag in literal_values(graph, SKOS.prefLabel) if is_concept(s))
    tags = Counter(tag for tag in islice(labels, _SAMPLE) if tag)
    if not tags:
        return None
    return min(tags, key=lambda tag: (-tags[tag], tag))


@dataclass(frozen=True)
class Coverage:
    """One language's share of the concepts that have a prefLabel / a definition in it (0-1)."""

    lang: str
    pref_label: float
    definition: float


def coverage(graph: Graph, concepts: Iterable[URIRef]) -> list[Coverage]:
    """Per language tag (``""`` for untagged), the share of ``concepts`` with a prefLabel and a definition in it."""
    concepts = list(concepts)
    shares: dict[str, list[float]] = {}
    for position, prop in enumerate((SKOS.prefLabel, SKOS.definition)):
        counts = Counter(tag for concept in concepts
                         for tag in {value.language or "" for value in graph.objects(concept, prop)
                                     if isinstance(value, Literal)})
        for tag, count in counts.items():
            shares.setdefault(tag, [0.0, 0.0])[position] = count / len(concepts)
    return [Coverage(tag, pref, definition)
            for tag, (pref, definition) in sorted(shares.items(), key=lambda item: (-item[1][0], item[0]))]
