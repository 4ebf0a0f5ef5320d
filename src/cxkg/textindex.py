"""Full-text search: BM25 over every text of a concept, stemmed with Snowball in the text's language.

A concept's texts are *units*: each label, notation and type name, and each sentence of its
definitions, scope notes and examples. A query word scores a concept by its best unit (field weight
times BM25 term saturation, times the word's IDF); a concept's score sums its query words, so a
concept matching some of the words still ranks, below those matching more.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from rdflib import URIRef

#: how much a word found in each field counts (labels above notes)
FIELD_WEIGHTS = {"pref": 3.0, "acronym": 3.0, "notation": 3.0, "alt": 2.5, "hidden": 2.5, "type": 1.5,
                 "definition": 1.0, "scopeNote": 0.8, "example": 0.8}
#: fields long enough to be split into sentences, so a hit can quote the one that matched
SENTENCE_FIELDS = frozenset({"definition", "scopeNote", "example"})
K1, B, B_LABELS = 1.2, 0.75, 0.3  # BM25 saturation, and length normalisation of texts and of labels
POSTING_CAP = 1000  # postings scored per query word, strongest first
EXPANSION_WEIGHT = 0.5  # a synonym from lexicon/synonyms.tsv counts half as much as the word typed

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_IZE = re.compile(r"([iy])z(e|es|ed|ing|ation|ations|er|ers)$")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)|\n+")
_SNOWBALL = {"ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek", "en": "english",
             "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi",
             "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian",
             "nb": "norwegian", "ne": "nepali", "nl": "dutch", "nn": "norwegian", "no": "norwegian",
             "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
             "ta": "tamil", "tr": "turkish", "yi": "yiddish"}


@dataclass(frozen=True)
class TextHit:
    """A concept found by full text: ``score`` 0-1 (share of query words matched, then BM25)."""

    iri: URIRef
    score: float
    field: str
    lang: str | None
    text: str


def _lexicon(name: str) -> Iterator[list[str]]:
    """Rows of a file in ``cxkg/lexicon/``, comments and blank lines skipped."""
    for line in files("cxkg").joinpath("lexicon", name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t") if "\t" in line else line.split(":", 1)


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = defaultdict(set)
    for lang, text in _lexicon("stopwords.txt"):
        words[lang.strip()].update(text.split())
    return {lang: frozenset(found) for lang, found in words.items()}


@cache
def stopwords() -> frozenset[str]:
    """The stop words of every language in ``lexicon/stopwords.txt``."""
    return frozenset().union(*_stopwords().values())


@cache
def _table(name: str) -> dict[tuple[str, str], list[str]]:
    return {(lang, word): other.split() for lang, word, other in _lexicon(name)}


def base_language(tag: str | None) -> str:
    """``en-GB`` -> ``en``; untagged -> ``""``."""
    return (tag or "").split("-")[0].casefold()


class Analyzer:
    """Text -> index terms in one language: words, case folded, spelling variants folded, stop words
    dropped, Snowball-stemmed (unstemmed for a language Snowball does not know)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        name = _SNOWBALL.get(lang)
        if name:
            import snowballstemmer

            self._stem: Callable[[str], str] = snowballstemmer.stemmer(name).stemWord
        else:
            self._stem = str
        self.stopwords = _stopwords().get(lang, frozenset())
        self._variants = {word: other[0] for (tag, word), other in _table("variants.tsv").items() if tag == lang}
        self._cache: dict[str, str] = {}
        self._synonyms: dict[str, list[str]] = defaultdict(list)
        for (tag, word), others in _table("synonyms.tsv").items():
            if tag == lang:
                self._synonyms[self.term(word)].extend(self.term(other) for other in others)

    def term(self, word: str) -> str:
        """The index term of one case-folded word."""
        found = self._cache.get(word)
        if found is None:
            folded = self._variants.get(word, word).replace("’", "'")
            if self.lang == "en":  # US -ize/-yze spellings meet UK -ise/-yse ones before stemming
                folded = _IZE.sub(r"\1s\2", folded)
            found = self._cache[word] = self._stem(folded)
        return found

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text``, stop words dropped."""
        cache, stop = self._cache, self.stopwords
        return [cache[word] if word in cache else self.term(word) for word in words(text) if word not in stop]

    def expansions(self, word: str) -> list[str]:
        """Index terms a query ``word`` also searches (from ``lexicon/synonyms.tsv``, matched by stem)."""
        return self._synonyms.get(self.term(word), [])


def words(text: str) -> list[str]:
    """The case-folded words of ``text``; a hyphenated word gives its parts and the parts run together.

    >>> words("Self-service portals")
    ['self', 'service', 'selfservice', 'portals']
    """
    found: list[str] = _WORD.findall(text.casefold())
    if "-" not in text:
        return found
    split: list[str] = []
    for word in found:
        if "-" in word:
            parts = word.split("-")
            split.extend(parts)
            split.append("".join(parts))
        else:
            split.append(word)
    return split


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (and lines), so a hit can quote the one that matched."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


class TextIndex:
    """BM25 postings per (language, term) over the texts ``(iri, field, text, lang)`` of each concept.

    The texts of one field in one language are one BM25 document (BM25F-like: a word found in five
    alt labels counts more than in one, with saturation). Untagged texts are analysed in
    ``default_lang`` (English when the vocabulary has none). Each posting list is sorted strongest
    first; a query scores at most :data:`POSTING_CAP` postings per word, so a word found in most
    concepts costs no more than a rare one.
    """

    def __init__(self, texts: Iterable[tuple[URIRef, str, str, str | None]], default_lang: str | None = None) -> None:
        self.default = base_language(default_lang) or "en"
        self._analyzers: dict[str, Analyzer] = {}
        self.iris: list[URIRef] = []
        ids: dict[URIRef, int] = {}
        self._texts: dict[int, list[tuple[URIRef, str, str, str | None]]] = defaultdict(list)
        grouped: dict[tuple[int, str, str], list[str]] = defaultdict(list)
        keys: dict[str | None, str] = {}
        for item in texts:
            iri, field, text, lang = item
            cid = ids.get(iri)
            if cid is None:
                cid = ids[iri] = len(self.iris)
                self.iris.append(iri)
            self._texts[cid].append(item)
            key = keys.get(lang)
            if key is None:
                key = keys[lang] = base_language(lang) or self.default
            grouped[cid, field, key].append(text)
        self.size = len(self.iris)
        analyzers = {key: self.analyzer(key) for key in set(keys.values())}
        documents = []
        length: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (cid, field, key), found in grouped.items():
            terms = analyzers[key].terms(found[0] if len(found) == 1 else "\n".join(found))
            if terms:
                distinct = dict.fromkeys(terms, 1)
                documents.append((cid, field, key, distinct if len(distinct) == len(terms) else Counter(terms),
                                  len(terms)))
                sums = length[field]
                sums[0] += len(terms)
                sums[1] += 1
        average = {field: total / count for field, (total, count) in length.items()}
        best: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
        for cid, field, key, counts, size in documents:
            b = B if field in SENTENCE_FIELDS else B_LABELS
            norm = K1 * (1 - b + b * size / average[field])
            weight = FIELD_WEIGHTS.get(field, 1.0) * (K1 + 1)
            for term, tf in counts.items():
                part = weight * tf / (tf + norm)
                posting = best[key, term]
                if part > posting.get(cid, 0.0):
                    posting[cid] = part
        self._weights = best
        self._postings: dict[tuple[str, str], tuple[list[int], list[float]]] = {}
        self.languages = frozenset(key for key, _ in best)

    def __contains__(self, term_key: tuple[str, str]) -> bool:
        """Whether a (language, term) occurs in any text."""
        return term_key in self._weights

    def idf(self, term_key: tuple[str, str]) -> float:
        """The inverse document frequency of a (language, term) that occurs."""
        found = len(self._weights[term_key])
        return math.log(1 + (self.size - found + 0.5) / (found + 0.5))

    def postings(self, term_key: tuple[str, str]) -> tuple[list[int], list[float]]:
        """The concepts a (language, term) occurs in and their BM25 scores, strongest first (ranked on
        first use: most terms are never searched)."""
        found = self._postings.get(term_key)
        if found is None:
            posting, idf = self._weights[term_key], self.idf(term_key)
            ranked = sorted(posting, key=posting.__getitem__, reverse=True)
            found = self._postings[term_key] = (ranked, [idf * posting[cid] for cid in ranked])
        return found

    def analyzer(self, lang: str) -> Analyzer:
        """The analyzer for a base language tag."""
        found = self._analyzers.get(lang)
        if found is None:
            found = self._analyzers[lang] = Analyzer(lang)
        return found

    def knows(self, word: str) -> bool:
        """Whether a case-folded query word (or a synonym of it) occurs in any text, in any language."""
        return any((key, term) in self for key in self.languages
                   for term in (self.analyzer(key).term(word), *self.analyzer(key).expansions(word)))

    def _query(self, text: str, lang: str | None) -> list[list[tuple[tuple[str, str], float]]]:
        """Per query word, the (language, term) keys it searches with their weights."""
        keys = self.languages if lang is None else self.languages & {base_language(lang)}
        typed = words(text)
        meaningful = [word for word in typed if not all(word in self.analyzer(k).stopwords for k in keys)]
        query = []
        for word in meaningful or typed:
            options: dict[tuple[str, str], float] = {}
            for key in keys:
                analyzer = self.analyzer(key)
                options[key, analyzer.term(word)] = 1.0
                for other in analyzer.expansions(word):
                    options.setdefault((key, other), EXPANSION_WEIGHT)
            query.append([(option, weight) for option, weight in options.items() if option in self])
        return query

    def search(self, text: str, limit: int = 10, accept: Callable[[URIRef], bool] | None = None,
               lang: str | None = None) -> list[TextHit]:
        """The best ``limit`` concepts for ``text`` (restricted to texts in ``lang`` and untagged ones).

        Concepts are ranked by the share of the query's words they match (weighted by IDF), then BM25.
        """
        query = self._query(text, lang)
        total: dict[int, float] = {}
        cover: dict[int, float] = {}
        unseen = math.log(1 + (self.size + 0.5) / 0.5)
        importance = [max((self.idf(key) * weight for key, weight in options), default=unseen) for options in query]
        for options, share in zip(query, importance, strict=True):
            word_best: dict[int, float] = {}
            for key, weight in options:
                ids, scores = self.postings(key)
                for cid, score in zip(ids[:POSTING_CAP], scores[:POSTING_CAP], strict=True):
                    score *= weight
                    if score > word_best.get(cid, 0.0):
                        word_best[cid] = score
            for cid, score in word_best.items():
                total[cid] = total.get(cid, 0.0) + score
                cover[cid] = cover.get(cid, 0.0) + share
        if not total:
            return []
        top, whole = max(total.values()), sum(importance)
        final = {cid: 0.7 * cover[cid] / whole + 0.3 * score / top for cid, score in total.items()}
        ranked = heapq.nlargest(limit * 3, final.items(), key=_second)
        if accept is not None:
            ranked = [item for item in ranked if accept(self.iris[item[0]])]
            if len(ranked) < limit:
                ranked = heapq.nlargest(limit, ((c, s) for c, s in final.items() if accept(self.iris[c])), key=_second)
        return [self._explain(cid, score, query) for cid, score in ranked[:limit]]

    def _explain(self, cid: int, score: float, query: list[list[tuple[tuple[str, str], float]]]) -> TextHit:
        """The hit with the unit (label, sentence) that matches most of the query, in the strongest field."""
        def value(unit: tuple[str, str | None, str]) -> tuple[float, float]:
            field, lang, text = unit
            key = base_language(lang) or self.default
            terms = set(self.analyzer(key).terms(text))
            found = sum(max((weight * self.idf(option) for option, weight in options
                             if option[0] == key and option[1] in terms), default=0.0) for options in query)
            return round(found, 6), FIELD_WEIGHTS.get(field, 1.0) / (1 + 0.02 * len(terms))

        units = [(field, lang, part) for _, field, text, lang in self._texts[cid]
                 for part in (sentences(text) if field in SENTENCE_FIELDS else [text])]
        field, lang, text = max(units, key=value)
        return TextHit(self.iris[cid], round(min(score, 1.0), 4), field, lang, text)


def _second(item: tuple[int, float]) -> float:
    return item[1]
