"""Label normalisation, the label index behind concept lookup, and ranked search."""

from __future__ import annotations

import bisect
import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from rdflib import URIRef

from .model import MatchKind, SearchHit

_SEPARATORS = re.compile(r"[\s\-_/–—.,;:()\[\]{}\"“”!?&+]+")
_APOSTROPHES = re.compile(r"['’`]")

#: label kinds, in the order a lookup prefers them
PREF, ACRONYM, ALT, HIDDEN = "pref", "acronym", "alt", "hidden"
_KINDS = (PREF, ACRONYM, ALT, HIDDEN)
_KIND_REASON = {PREF: MatchKind.EXACT_LABEL, ACRONYM: MatchKind.ACRONYM,
                ALT: MatchKind.ALT_LABEL, HIDDEN: MatchKind.ALT_LABEL}
_SCORE = {MatchKind.EXACT_LABEL: 100.0, MatchKind.ACRONYM: 95.0, MatchKind.ALT_LABEL: 90.0,
          MatchKind.PREFIX: 80.0, MatchKind.WORD: 65.0, MatchKind.FUZZY: 55.0,
          MatchKind.DEFINITION: 40.0}
_CANDIDATE_CAP = 2000  # a short prefix over a huge vocabulary: enough candidates to rank

Scores = dict[URIRef, tuple[float, MatchKind, str]]


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


class LabelIndex:
    """Normalised labels -> concepts, and ranked search over them.

    ``definitions`` is called the first time a search falls back to definition text, so building
    the index stays cheap.
    """

    def __init__(self, labels: Iterable[tuple[URIRef, str, str]], display: dict[URIRef, str],
                 definitions: Callable[[], Iterable[tuple[URIRef, str]]] = lambda: ()) -> None:
        self.display = display
        self.exact: dict[str, dict[URIRef, str]] = defaultdict(dict)
        self.words: dict[str, set[URIRef]] = defaultdict(set)
        self._definitions = definitions
        self._definition_words: dict[str, set[URIRef]] | None = None
        entries: list[tuple[str, URIRef, str]] = []
        for iri, kind, text in labels:
            key = normalise(text)
            if not key:
                continue
            for variant in {key, compact(key)}:
                known = self.exact[variant].get(iri)
                if known is None or _KINDS.index(kind) < _KINDS.index(known):
                    self.exact[variant][iri] = kind
            entries.append((key, iri, kind))
            for word in key.split():
                self.words[word].add(iri)
        entries.sort()
        self._entries = entries
        self._keys = [key for key, _, _ in entries]
        self._compact_keys = [compact(key) for key in self._keys]
        self._sorted_words = sorted(self.words)
        self._label_length = {iri: len(normalise(label).split()) or 1 for iri, label in display.items()}

    def lookup(self, text: str) -> dict[URIRef, str]:
        """Concepts whose label normalises like ``text`` (also ignoring spaces), with the label kind."""
        key = normalise(text)
        found = dict(self.exact.get(key, {}))
        for iri, kind in self.exact.get(compact(key), {}).items():
            found.setdefault(iri, kind)
        return found

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """The display labels closest to ``text``, best first."""
        return [hit.label for hit in self.search(text, limit, definitions=False)]

    def search(self, text: str, limit: int = 10, definitions: bool = True) -> list[SearchHit]:
        """Rank concepts for ``text``: exact, acronym, alt label, prefix, word, fuzzy, definition."""
        key = normalise(text)
        if not key or limit <= 0:
            return []
        scores: Scores = {}
        for iri, kind in self.lookup(text).items():
            reason = _KIND_REASON[kind]
            _offer(scores, iri, _SCORE[reason], reason, text)
        self._prefix(key, scores)
        self._word(key.split(), scores, MatchKind.WORD)
        if len(scores) < limit:
            self._fuzzy(key, scores)
        if definitions and len(scores) < limit:
            self._definition(key, scores)
        best = heapq.nsmallest(limit, scores.items(),
                               key=lambda item: (-item[1][0], self.display.get(item[0], "").casefold(), item[0]))
        return [SearchHit(round(score, 1), self.display.get(iri, str(iri)), iri, reason, matched)
                for iri, (score, reason, matched) in best]

    def _prefix(self, key: str, scores: Scores) -> None:
        start = bisect.bisect_left(self._keys, key)
        for label_key, iri, kind in self._entries[start:start + _CANDIDATE_CAP]:
            if not label_key.startswith(key):
                break
            score = _SCORE[MatchKind.PREFIX] - min(10.0, (len(label_key) - len(key)) / 4)
            _offer(scores, iri, score + (2.0 if kind == PREF else 0.0), MatchKind.PREFIX, label_key)

    def _word(self, query_words: list[str], scores: Scores, reason: MatchKind, weight: float = 1.0) -> None:
        """Concepts with every query word in a label (the last one may be a prefix)."""
        candidates: set[URIRef] | None = None
        for position, word in enumerate(query_words):
            last = position == len(query_words) - 1
            matches = self._with_word_prefix(word) if last else self.words.get(word, set())
            candidates = set(matches) if candidates is None else candidates & matches
            if not candidates:
                return
        share = len(query_words)
        for iri in candidates or ():
            score = (_SCORE[reason] + 5 * min(1.0, share / self._label_length.get(iri, 1))) * weight
            _offer(scores, iri, score, reason, " ".join(query_words))

    def _with_word_prefix(self, prefix: str) -> set[URIRef]:
        found: set[URIRef] = set()
        start = bisect.bisect_left(self._sorted_words, prefix)
        for word in self._sorted_words[start:]:
            if not word.startswith(prefix) or len(found) > _CANDIDATE_CAP:
                break
            found |= self.words[word]
        return found

    def _fuzzy(self, key: str, scores: Scores) -> None:
        """Correct each query word to its closest vocabulary words, then match words as usual."""
        from rapidfuzz import fuzz, process

        options: list[list[tuple[str, float]]] = []
        for word in key.split():
            if word in self.words:
                options.append([(word, 100.0)])
                continue
            close = process.extract(word, self._sorted_words, scorer=fuzz.ratio, limit=3, score_cutoff=75)
            if not close:
                self._fuzzy_whole(key, scores)
                return
            options.append([(match, similarity) for match, similarity, _ in close])
        for choice in _combinations(options):
            words = [word for word, _ in choice]
            similarity = min(score for _, score in choice) / 100
            self._word(words, scores, MatchKind.FUZZY, similarity * _SCORE[MatchKind.FUZZY] / _SCORE[MatchKind.WORD])

    def _fuzzy_whole(self, key: str, scores: Scores) -> None:
        """Whole-label similarity, for run-together or badly misspelt words (``netpromotor``)."""
        from rapidfuzz import fuzz, process

        for matched, similarity, position in process.extract(
                compact(key), self._compact_keys, scorer=fuzz.ratio, limit=5, score_cutoff=70):
            _, iri, _ = self._entries[position]
            _offer(scores, iri, _SCORE[MatchKind.FUZZY] * similarity / 100, MatchKind.FUZZY, matched)

    def _definition(self, key: str, scores: Scores) -> None:
        if self._definition_words is None:
            index: dict[str, set[URIRef]] = defaultdict(set)
            for iri, text in self._definitions():
                for word in set(normalise(text).split()):
                    index[word].add(iri)
            self._definition_words = index
        sets = [self._definition_words.get(word, set()) for word in key.split() if len(word) > 2]
        for iri in set.intersection(*sets) if sets else ():
            _offer(scores, iri, _SCORE[MatchKind.DEFINITION], MatchKind.DEFINITION, key)


def _offer(scores: Scores, iri: URIRef, score: float, reason: MatchKind, matched: str) -> None:
    current = scores.get(iri)
    if current is None or score > current[0]:
        scores[iri] = (score, reason, matched)


def _combinations(options: list[list[tuple[str, float]]]) -> list[list[tuple[str, float]]]:
    """Every way of picking one corrected word per query word (at most 3 ** words, capped)."""
    combos: list[list[tuple[str, float]]] = [[]]
    for choices in options:
        combos = [[*combo, choice] for combo in combos for choice in choices][:27]
    return combos
