"""Label normalisation, the label index behind concept lookup, and ranked search.

Search ranks in tiers: exact label (100), notation (98), acronym (95), alt or hidden label (90), label
prefix (70-82), every query word in one label (65-71), typo-corrected words (up to 55), and below them
full-text hits (up to 38: BM25 over labels, definitions, scope notes, examples, notations, types; see
:mod:`cxkg.textindex`). Ties go to the better match: the shorter matched label, then the stronger field.
"""

from __future__ import annotations

import bisect
import gc
import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache, cached_property
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from rdflib import URIRef

from .model import MatchKind, SearchHit

if TYPE_CHECKING:
    from .textindex import TextIndex

_SEPARATORS = re.compile(r"[\s\-_/–—.,;:()\[\]{}\"“”!?&+]+")
_APOSTROPHES = re.compile(r"['’`]")

#: label kinds, in the order a lookup prefers them
PREF, NOTATION, ACRONYM, ALT, HIDDEN = "pref", "notation", "acronym", "alt", "hidden"
KINDS = (PREF, NOTATION, ACRONYM, ALT, HIDDEN)
_KIND_REASON = {PREF: MatchKind.EXACT_LABEL, NOTATION: MatchKind.NOTATION, ACRONYM: MatchKind.ACRONYM,
                ALT: MatchKind.ALT_LABEL, HIDDEN: MatchKind.ALT_LABEL}
_SCORE = {MatchKind.EXACT_LABEL: 100.0, MatchKind.NOTATION: 98.0, MatchKind.ACRONYM: 95.0,
          MatchKind.ALT_LABEL: 90.0, MatchKind.PREFIX: 80.0, MatchKind.WORD: 65.0, MatchKind.FUZZY: 55.0,
          MatchKind.TEXT: 38.0}
_CANDIDATE_CAP = 2000  # a short prefix over a huge vocabulary: enough candidates to rank
_FIELD_RANK = {kind: rank for rank, kind in enumerate(
    (*KINDS, "type", "definition", "scopeNote", "example"))}


class Entry(NamedTuple):
    """One label of one concept: its normalised key, the label kind, the text and its language."""

    key: str
    iri: URIRef
    kind: str
    text: str
    lang: str | None


class _Match(NamedTuple):
    score: float
    reason: MatchKind
    text: str
    field: str
    lang: str | None


Accept = Callable[[URIRef], bool]


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
    return " ".join(map(_singular, filter(None, _SEPARATORS.split(_APOSTROPHES.sub("", text.casefold())))))


_singular = cache(singular)  # labels repeat their words; the C-level cache makes normalising a big index cheap


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building an index: it would re-scan the whole graph
    many times over while millions of small objects are made, for nothing (none of them form cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compact(key: str) -> str:
    """A normalised key without spaces, so ``omni channel`` meets ``omnichannel``."""
    return key.replace(" ", "")


def _speaks(tag: str | None, lang: str | None) -> bool:
    return lang is None or tag is None or tag == lang or tag.startswith(lang + "-")


class LabelIndex:
    """Normalised labels -> concepts, and ranked search over them and (through ``full_text``) all texts.

    ``full_text`` builds the :class:`~cxkg.textindex.TextIndex` the first time a search needs it, so
    building this index, which every concept lookup needs, stays cheap.
    """

    def __init__(self, labels: Iterable[tuple[URIRef, str, str, str | None]],
                 names: Callable[[], Mapping[URIRef, tuple[str, str | None]]],
                 full_text: Callable[[], TextIndex] | None = None) -> None:
        """Index (concept, kind, text, language) ``labels``; ``names`` gives each concept's display label and
        its language when search first needs them, and ``full_text`` the full-text index."""
        self._names = names
        self._full_text = full_text
        self._text_index: TextIndex | None = None
        entries = [Entry(key, iri, kind, text, lang) for iri, kind, text, lang in labels if (key := normalise(text))]
        entries.sort(key=itemgetter(0))
        self._entries = entries
        self._keys = [entry[0] for entry in entries]
        # keyed without spaces: a label matches a text whose key is its key, spaces aside ("omni channel" is
        # "omnichannel")
        self.exact: dict[str, list[int]] = defaultdict(list)
        exact = self.exact
        for position, key in enumerate(self._keys):
            exact[compact(key)].append(position)
        self._fuzzy_buckets: dict[str, list[str]] | None = None

    @cached_property
    def words(self) -> dict[str, list[int]]:
        """Each word of a label -> its entries, shortest label first (so capped candidate lists keep the
        best matches); built on the first search, as a lookup by label needs only :attr:`exact`."""
        words: dict[str, list[int]] = defaultdict(list)
        sizes = [key.count(" ") for key in self._keys]
        with no_gc():
            for position in sorted(range(len(self._keys)), key=sizes.__getitem__):
                key = self._keys[position]
                for word in set(key.split()) if sizes[position] else (key,):
                    words[word].append(position)
        return words

    @cached_property
    def _sorted_words(self) -> list[str]:
        return sorted(self.words)

    @cached_property
    def _shown(self) -> Mapping[URIRef, tuple[str, str | None]]:
        with no_gc():
            return self._names()

    @cached_property
    def display(self) -> dict[URIRef, str]:
        """Concept -> the label its search hits show."""
        return {iri: text for iri, (text, _) in self._shown.items()}

    @cached_property
    def display_lang(self) -> dict[URIRef, str | None]:
        """Concept -> the language of its display label."""
        return {iri: tag for iri, (_, tag) in self._shown.items()}

    @property
    def text_index(self) -> TextIndex | None:
        """The full-text index, built on first use (None when the index was made without one)."""
        if self._text_index is None and self._full_text is not None:
            with no_gc():
                self._text_index = self._full_text()
        return self._text_index

    def lookup(self, text: str, lang: str | None = None) -> dict[URIRef, str]:
        """Concepts whose label or notation normalises like ``text`` (also ignoring spaces), with the kind."""
        key = normalise(text)
        found: dict[URIRef, str] = {}
        for position in self.exact.get(compact(key), ()):
            entry = self._entries[position]
            known = found.get(entry.iri)
            if _speaks(entry.lang, lang) and (known is None or KINDS.index(entry.kind) < KINDS.index(known)):
                found[entry.iri] = entry.kind
        return found

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """The display labels closest to ``text``, best first."""
        return [hit.label for hit in self.search(text, limit, full_text=False)]

    def search(self, text: str, limit: int = 10, *, accept: Accept | None = None, refusals: int = 0,
               lang: str | None = None, full_text: bool = True) -> list[SearchHit]:
        """The best ``limit`` concepts for ``text`` among those ``accept`` admits, matching texts in ``lang``.

        ``refusals`` bounds how many candidates ``accept`` may refuse (say, the number of deprecated
        concepts), so that enough candidates are scored to fill ``limit``.
        """
        key = normalise(text)
        if not key or limit <= 0:
            return []
        with no_gc():
            return self._search(text, key, limit, _Found(accept, lang, refusals), full_text)

    def _search(self, text: str, key: str, limit: int, found: _Found, full_text: bool) -> list[SearchHit]:
        for position in self.exact.get(compact(key), ()):
            entry = self._entries[position]
            found.offer(entry, _SCORE[_KIND_REASON[entry.kind]], _KIND_REASON[entry.kind])
        self._prefix(key, found, limit)
        words = _content_words(key.split())
        if found.floor(limit) <= _SCORE[MatchKind.WORD] + 6:
            self._word(words, found, MatchKind.WORD, limit)
        if len(found) < limit:
            self._fuzzy(words, found, limit)
        if full_text and len(found) < limit and self.text_index is not None:
            for hit in self.text_index.search(text, limit + len(found), accept=found.accept, lang=found.lang):
                found.offer_text(hit.iri, _SCORE[MatchKind.TEXT] * hit.score, hit.field, hit.text, hit.lang)
        best = heapq.nsmallest(limit, found.matches.items(), key=lambda item: (
            -round(item[1].score, 3), len(item[1].text), _FIELD_RANK.get(item[1].field, 99),
            self.display.get(item[0], "").casefold(), item[0]))
        return [SearchHit(round(match.score, 1), self.display.get(iri, str(iri)), iri, match.reason, match.text,
                          match.field, match.lang, self.display_lang.get(iri)) for iri, match in best]

    def _prefix(self, key: str, found: _Found, limit: int) -> None:
        """Labels starting with the query; of many, only the shortest are scored (they score best)."""
        keys = self._keys
        start = bisect.bisect_left(keys, key)
        end = bisect.bisect_left(keys, key + "\uffff", start)
        positions: Iterable[int] = range(start, end)
        if end - start > found.cap(limit):
            shortest = heapq.nsmallest(found.cap(limit), zip(map(len, keys[start:end]), positions, strict=True))
            positions = [position for _, position in shortest]
        for position in positions:
            entry = self._entries[position]
            score = _SCORE[MatchKind.PREFIX] - min(10.0, (len(entry.key) - len(key)) / 4)
            found.offer(entry, score + (2.0 if entry.kind == PREF else 0.0), MatchKind.PREFIX)

    def _word(self, query_words: list[str], found: _Found, reason: MatchKind, limit: int,
              weight: float = 1.0) -> None:
        """Labels with every query word (the last one may be a prefix), shortest labels first."""
        if not query_words:
            return
        candidates: set[int] | None = None
        for word in sorted(query_words[:-1], key=lambda w: len(self.words.get(w, ()))):
            matches = self.words.get(word, ())
            candidates = set(matches) if candidates is None else candidates.intersection(matches)
            if not candidates:
                return
        for position in self._with_word_prefix(query_words[-1], candidates, found.cap(limit)):
            entry = self._entries[position]
            share = len(query_words) / (entry.key.count(" ") + 1)
            score = (_SCORE[reason] + 5 * min(1.0, share) + (1.0 if entry.kind == PREF else 0.0)) * weight
            found.offer(entry, score, reason)

    def _with_word_prefix(self, prefix: str, within: set[int] | None, cap: int) -> list[int]:
        """Up to ``cap`` entries with a word starting with ``prefix`` (among ``within``), shortest first."""
        matched: list[int] = []
        start = bisect.bisect_left(self._sorted_words, prefix)
        for word in self._sorted_words[start:]:
            if not word.startswith(prefix) or len(matched) >= cap:
                break
            entries = self.words[word]
            matched.extend(entries[:cap] if within is None else within.intersection(entries))
        return matched

    def _fuzzy(self, query_words: list[str], found: _Found, limit: int) -> None:
        """Correct each unknown query word to its closest vocabulary words, then match words as usual."""
        from rapidfuzz import fuzz, process

        text_index = self.text_index
        options: list[list[tuple[str, float]]] = []
        for word in query_words:
            if word in self.words or len(word) < 4 or (text_index is not None and text_index.knows(word)):
                options.append([(word, 100.0)])
                continue
            close = process.extract(word, self._similar_words(word), scorer=fuzz.ratio, limit=3, score_cutoff=75)
            if not close:
                if len(query_words) == 1:
                    self._fuzzy_whole(word, found)
                return
            options.append([(match, similarity) for match, similarity, _ in close])
        if all(len(choices) == 1 and choices[0][1] == 100.0 for choices in options):
            return
        for choice in _combinations(options):
            similarity = min(score for _, score in choice) / 100
            self._word([word for word, _ in choice], found, MatchKind.FUZZY, limit,
                       similarity * _SCORE[MatchKind.FUZZY] / _SCORE[MatchKind.WORD])

    def _similar_words(self, word: str) -> list[str]:
        """Vocabulary words that could be a typo of ``word``: same first letter, similar length."""
        if self._fuzzy_buckets is None:
            buckets: dict[str, list[str]] = defaultdict(list)
            for known in self._sorted_words:
                if len(known) >= 3 and not known.isdigit():
                    buckets[known[0]].append(known)
            self._fuzzy_buckets = buckets
        return [known for known in self._fuzzy_buckets.get(word[0], ()) if abs(len(known) - len(word)) <= 2]

    def _fuzzy_whole(self, key: str, found: _Found) -> None:
        """Whole-label similarity, for run-together or badly misspelt words (``netpromotor``)."""
        from rapidfuzz import fuzz, process

        target = compact(key)
        start = bisect.bisect_left(self._keys, target[:1])
        end = bisect.bisect_left(self._keys, target[:1] + "\uffff")
        near = [(compact(entry.key), position) for position, entry in enumerate(self._entries[start:end], start)
                if 2 * min(len(entry.key), len(target)) >= 0.7 * (len(entry.key) + len(target))]
        for _, similarity, index in process.extract(target, [text for text, _ in near], scorer=fuzz.ratio,
                                                    limit=5, score_cutoff=70):
            found.offer(self._entries[near[index][1]], _SCORE[MatchKind.FUZZY] * similarity / 100, MatchKind.FUZZY)


class _Found:
    """The best match so far per concept, for the concepts a search admits."""

    def __init__(self, accept: Accept | None, lang: str | None, refusals: int) -> None:
        self.matches: dict[URIRef, _Match] = {}
        self.accept = accept
        self.lang = lang
        self._refusals = refusals
        self._refused: set[URIRef] = set()

    def __len__(self) -> int:
        return len(self.matches)

    def cap(self, limit: int) -> int:
        """How many candidates of one kind to score: a few per wanted hit, plus as many as may be refused."""
        return min(_CANDIDATE_CAP, max(50, 5 * limit) + self._refusals)

    def floor(self, limit: int) -> float:
        """The score a new match must beat to enter the best ``limit`` (0 while there are fewer)."""
        if len(self.matches) < limit:
            return 0.0
        return heapq.nlargest(limit, (match.score for match in self.matches.values()))[-1]

    def offer(self, entry: Entry, score: float, reason: MatchKind) -> None:
        if _speaks(entry.lang, self.lang):
            self._keep(entry.iri, _Match(score, reason, entry.text, entry.kind, entry.lang))

    def offer_text(self, iri: URIRef, score: float, field: str, text: str, lang: str | None) -> None:
        self._keep(iri, _Match(score, MatchKind.TEXT, text, field, lang))

    def _keep(self, iri: URIRef, match: _Match) -> None:
        current = self.matches.get(iri)
        if current is not None:
            if match.score > current.score or (match.score == current.score and len(match.text) < len(current.text)):
                self.matches[iri] = match
            return
        if iri in self._refused:
            return
        if self.accept is not None and not self.accept(iri):
            self._refused.add(iri)
            return
        self.matches[iri] = match


def _content_words(query_words: list[str]) -> list[str]:
    """Query words without stop words (all of them when nothing else is left)."""
    from .textindex import stopwords

    drop = stopwords()
    kept = [word for word in query_words if word not in drop]
    return kept or query_words


def _combinations(options: list[list[tuple[str, float]]]) -> list[list[tuple[str, float]]]:
    """Every way of picking one corrected word per query word (at most 3 ** words, capped)."""
    combos: list[list[tuple[str, float]]] = [[]]
    for choices in options:
        combos = [[*combo, choice] for combo in combos for choice in choices][:27]
    return combos
