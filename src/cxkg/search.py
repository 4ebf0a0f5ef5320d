"""Label normalisation, the label index behind concept lookup, and ranked search."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from .model import MatchKind, SearchHit

_SEPARATORS = re.compile(r"[\s\-_/–—.,;:()\[\]{}\"“”!?]+")
_APOSTROPHES = re.compile(r"['’`]")
_WORD = re.compile(r"\w+")

#: label kinds, in the order a lookup prefers them
PREF, ACRONYM, ALT, HIDDEN = "pref", "acronym", "alt", "hidden"
_KIND_REASON = {PREF: MatchKind.EXACT_LABEL, ACRONYM: MatchKind.ACRONYM,
                ALT: MatchKind.ALT_LABEL, HIDDEN: MatchKind.ALT_LABEL}
_SCORE = {MatchKind.EXACT_LABEL: 100.0, MatchKind.ACRONYM: 95.0, MatchKind.ALT_LABEL: 90.0,
          MatchKind.PREFIX: 80.0, MatchKind.WORD: 65.0, MatchKind.FUZZY: 55.0,
          MatchKind.DEFINITION: 40.0}


def singular(word: str) -> str:
    """A crude English singular that is stable for matching: ``touchpoints`` -> ``touchpoint``."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def normalise(text: str) -> str:
    """Case-, whitespace-, hyphen-, apostrophe- and plural-insensitive key of a label.

    >>> normalise("  Omni-Channel  Touchpoints ")
    'omni channel touchpoint'
    >>> normalise("Buyer's Journey") == normalise("buyers journeys")
    True
    """
    text = _APOSTROPHES.sub("", text.casefold())
    return " ".join(singular(word) for word in _SEPARATORS.split(text) if word)


def compact(key: str) -> str:
    """A normalised key without spaces, so ``omni channel`` meets ``omnichannel``."""
    return key.replace(" ", "")


@dataclass
class LabelIndex:
    """Normalised label -> concepts, plus the structures ranked search needs."""

    display: dict[URIRef, str] = field(default_factory=dict)
    exact: dict[str, dict[URIRef, str]] = field(default_factory=lambda: defaultdict(dict))
    keys: list[tuple[str, URIRef, str]] = field(default_factory=list)
    words: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    definition_words: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    _sorted_keys: list[str] = field(default_factory=list)
    _sorted_words: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, labels: Iterable[tuple[URIRef, str, str]], display: dict[URIRef, str],
              definitions: Iterable[tuple[URIRef, str]] = ()) -> LabelIndex:
        """``labels`` are (concept, kind, text) with kind one of pref/acronym/alt/hidden."""
        index = cls(display=dict(display))
        for iri, kind, text in labels:
            key = normalise(text)
            if not key:
                continue
            for variant in {key, compact(key)}:
                index.exact[variant].setdefault(iri, kind)
                if _rank(kind) < _rank(index.exact[variant][iri]):
                    index.exact[variant][iri] = kind
            index.keys.append((key, iri, kind))
            for word in key.split():
                index.words[word].add(iri)
        for iri, text in definitions:
            for word in set(normalise(text).split()):
                index.definition_words[word].add(iri)
        index.keys.sort()
        index._sorted_keys = [key for key, _, _ in index.keys]
        index._sorted_words = sorted(index.words)
        return index

    def lookup(self, text: str) -> dict[URIRef, str]:
        """Concepts whose label normalises like ``text`` (also ignoring spaces), with the label kind."""
        key = normalise(text)
        found = dict(self.exact.get(key, {}))
        for iri, kind in self.exact.get(compact(key), {}).items():
            found.setdefault(iri, kind)
        return found

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """The display labels closest to ``text``, best first."""
        return [self.display[hit.iri] for hit in self.search(text, limit, definitions=False)]

    def search(self, text: str, limit: int = 10, definitions: bool = True) -> list[SearchHit]:
        """Rank concepts for ``text``: exact, acronym, alt label, prefix, word, fuzzy, definition."""
        key = normalise(text)
        if not key or limit <= 0:
            return []
        best: dict[URIRef, SearchHit] = {}

        def offer(iri: URIRef, reason: MatchKind, matched: str, score: float) -> None:
            current = best.get(iri)
            if current is None or score > current.score:
                best[iri] = SearchHit(round(score, 1), self.display.get(iri, str(iri)), iri, reason, matched)

        for iri, kind in self.lookup(text).items():
            reason = _KIND_REASON[kind]
            offer(iri, reason, text, _SCORE[reason])
        self._prefix_matches(key, offer, limit)
        self._word_matches(key, offer)
        if len(best) < limit:
            self._fuzzy_matches(key, offer, limit)
        if definitions and len(best) < limit:
            self._definition_matches(key, offer)
        ranked = sorted(best.values(), key=lambda hit: (-hit.score, hit.label.casefold(), hit.iri))
        return ranked[:limit]

    def _prefix_matches(self, key: str, offer, limit: int) -> None:  # type: ignore[no-untyped-def]
        start = bisect.bisect_left(self._sorted_keys, key)
        for position in range(start, min(start + 20 * limit, len(self.keys))):
            label_key, iri, kind = self.keys[position]
            if not label_key.startswith(key):
                break
            penalty = min(10.0, (len(label_key) - len(key)) / 4)
            bonus = 2.0 if kind == PREF else 0.0
            offer(iri, MatchKind.PREFIX, label_key, _SCORE[MatchKind.PREFIX] - penalty + bonus)

    def _word_matches(self, key: str, offer) -> None:  # type: ignore[no-untyped-def]
        query_words = key.split()
        candidates: set[URIRef] | None = None
        for position, word in enumerate(query_words):
            last = position == len(query_words) - 1
            matches = self._words_with_prefix(word) if last else self.words.get(word, set())
            candidates = set(matches) if candidates is None else candidates & matches
            if not candidates:
                return
        for iri in candidates or ():
            label_words = len(normalise(self.display.get(iri, "")).split()) or 1
            offer(iri, MatchKind.WORD, key, _SCORE[MatchKind.WORD] + 5 * len(query_words) / label_words)

    def _words_with_prefix(self, prefix: str) -> set[URIRef]:
        found: set[URIRef] = set()
        start = bisect.bisect_left(self._sorted_words, prefix)
        for position in range(start, len(self._sorted_words)):
            word = self._sorted_words[position]
            if not word.startswith(prefix):
                break
            found |= self.words[word]
            if len(found) > 5000:  # a one-letter prefix over a huge vocabulary: enough candidates
                break
        return found

    def _fuzzy_matches(self, key: str, offer, limit: int) -> None:  # type: ignore[no-untyped-def]
        from rapidfuzz import fuzz, process

        matches = process.extract(key, self._sorted_keys, scorer=fuzz.WRatio, limit=limit * 3,
                                  score_cutoff=75)
        for matched, score, position in matches:
            _, iri, _ = self.keys[position]
            offer(iri, MatchKind.FUZZY, matched, _SCORE[MatchKind.FUZZY] * score / 100)

    def _definition_matches(self, key: str, offer) -> None:  # type: ignore[no-untyped-def]
        sets = [self.definition_words.get(word, set()) for word in key.split() if len(word) > 2]
        if not sets:
            return
        for iri in set.intersection(*sets):
            offer(iri, MatchKind.DEFINITION, key, _SCORE[MatchKind.DEFINITION])


def _rank(kind: str) -> int:
    return (PREF, ACRONYM, ALT, HIDDEN).index(kind)
