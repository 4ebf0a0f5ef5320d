"""What the pages show of a vocabulary: scheme facts, counts, languages, the A–Z index and the tree.

A :class:`Vocabulary` wraps a :class:`cxkg.Glossary` (one per display language, sharing one graph)
and keeps the derived indexes the pages need, built once at start-up. It only reads the graph.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS
from rdflib.term import Node

from ..glossary import Glossary
from ..model import Concept
from ..terms import preferred_text

#: A–Z pages list at most this many concepts each (a letter with more gets several pages)
PAGE_SIZE = 500
#: the static tree and the first server render stop after this many nodes; deeper nodes load lazily
TREE_BUDGET = 20_000


@dataclass(frozen=True)
class TreeNode:
    """One row of the hierarchy: a concept, its children (None: not expanded here) and child count."""

    iri: URIRef
    label: str
    child_count: int
    children: tuple[TreeNode, ...] | None = None
    cycle: bool = False


@dataclass(frozen=True)
class SchemeInfo:
    """The facts the home page shows about the (first) concept scheme."""

    iri: URIRef | None
    title: str
    description: str | None = None
    licence: str | None = None
    version: str | None = None
    modified: str | None = None
    schemes: tuple[URIRef, ...] = field(default_factory=tuple)


def letter_of(label: str) -> str:
    """The A–Z key of a label: its first letter without accents, upper case; ``#`` for anything else.

    >>> letter_of("Évaluation"), letter_of("net"), letter_of("3D printing")
    ('E', 'N', '#')
    """
    for char in unicodedata.normalize("NFKD", label.strip()):
        if unicodedata.combining(char):
            continue
        upper = char.upper()
        return upper if "A" <= upper <= "Z" else "#"
    return "#"


class Vocabulary:
    """A glossary as the web pages see it; ``for_lang`` gives the same vocabulary in another language."""

    def __init__(self, glossary: Glossary, vocid: str = "cxkg") -> None:
        self.glossary = glossary
        self.vocid = vocid
        self._others: dict[str, Vocabulary] = {glossary.lang: self}
        self._lock = threading.Lock()
        self._labels: dict[Node, str] = {}

    @property
    def lang(self) -> str:
        """The display language."""
        return self.glossary.lang

    def for_lang(self, lang: str | None) -> Vocabulary:
        """This vocabulary with labels in ``lang`` (itself for None or an unknown language)."""
        if not lang or lang == self.lang or lang not in self.languages:
            return self
        with self._lock:
            if lang not in self._others:
                other = Vocabulary(Glossary(self.glossary.graph, lang=lang), self.vocid)
                other._others = self._others
                self._others[lang] = other
            return self._others[lang]

    def warm(self) -> None:
        """Build every index now, so the first request is as fast as the rest."""
        index = self.glossary.index
        _ = index.words, index.text_index, index.display, index.display_lang  # else built on first search
        for _ in self.glossary:
            pass
        _ = self.letters, self.scheme, self.counts, self.languages, self.collections, self.sources, self.roots

    def is_concept(self, iri: URIRef) -> bool:
        """Whether ``iri`` is a concept of the vocabulary (deprecated ones included)."""
        return iri in self.concept_set or iri in self.glossary.deprecated

    @cached_property
    def concept_set(self) -> frozenset[URIRef]:
        """The IRIs of the concepts in use, as a set."""
        return frozenset(self.glossary.iris)

    def resource(self, iri: URIRef) -> bool:
        """Whether the graph says anything about ``iri`` (a concept, scheme, collection, source…)."""
        return self.is_concept(iri) or (iri, None, None) in self.glossary.graph

    def label(self, iri: Node) -> str:
        """The display label of any resource (remembered: the graph does not change while served)."""
        found = self._labels.get(iri)
        if found is None:
            found = self._labels[iri] = self.glossary.label(iri)
        return found

    def text(self, iri: URIRef, prop: URIRef) -> str | None:
        """One value of ``prop`` on ``iri`` in the display language (else untagged, else any)."""
        return preferred_text(self.glossary.graph.objects(iri, prop), self.lang)

    def by_label(self, nodes: Iterable[object]) -> tuple[URIRef, ...]:
        """The IRIs among ``nodes``, without repeats, sorted by display label."""
        iris = {node for node in nodes if isinstance(node, URIRef)}
        return tuple(sorted(iris, key=lambda iri: (self.label(iri).casefold(), iri)))

    # -- the scheme and its numbers ------------------------------------------------------------
    @cached_property
    def scheme(self) -> SchemeInfo:
        """Title, description, licence and version of the first concept scheme."""
        schemes = tuple(self.glossary.schemes)
        if not schemes:
            return SchemeInfo(None, "SKOS vocabulary")
        iri, graph = schemes[0], self.glossary.graph
        licence = graph.value(iri, DCTERMS.license) or graph.value(iri, DCTERMS.rights)
        version = graph.value(iri, OWL.versionInfo)
        modified = graph.value(iri, DCTERMS.modified)
        return SchemeInfo(
            iri=iri,
            title=self.text(iri, DCTERMS.title) or self.label(iri),
            description=(self.text(iri, DCTERMS.description) or self.text(iri, SKOS.definition)
                         or self.text(iri, DCTERMS.abstract)),
            licence=str(licence) if licence is not None else None,
            version=str(version) if version is not None else None,
            modified=str(modified) if modified is not None else None,
            schemes=schemes,
        )

    @cached_property
    def counts(self) -> dict[str, int]:
        """Concepts, top concepts, collections, deprecated concepts and triples."""
        return {
            "concepts": len(self.glossary),
            "top concepts": len(self.roots),
            "collections": len(self.collections),
            "deprecated": len(self.glossary.deprecated),
            "triples": len(self.glossary.graph),
        }

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """Language tags of the concepts' preferred labels, the display language first."""
        found = {o.language for o in self.glossary.graph.objects(None, SKOS.prefLabel)
                 if isinstance(o, Literal) and o.language}
        return tuple(sorted(found, key=lambda tag: (tag != self.lang, tag)))

    # -- lists ---------------------------------------------------------------------------------
    @cached_property
    def roots(self) -> tuple[Concept, ...]:
        """Top concepts (or concepts with no broader where none is declared)."""
        return tuple(self.glossary.roots())

    @cached_property
    def letters(self) -> dict[str, list[tuple[str, URIRef]]]:
        """Letter -> (label, IRI) of every concept in use, sorted by label."""
        display = self.glossary.index.display
        entries = sorted(((display.get(iri) or self.label(iri), iri) for iri in self.glossary.iris),
                         key=lambda entry: (entry[0].casefold(), entry[1]))
        grouped: dict[str, list[tuple[str, URIRef]]] = {}
        for label, iri in entries:
            grouped.setdefault(letter_of(label), []).append((label, iri))
        return dict(sorted(grouped.items(), key=lambda item: (item[0] == "#", item[0])))

    def letter_page(self, letter: str, page: int = 1) -> tuple[list[tuple[str, URIRef]], int]:
        """The concepts of one A–Z page and how many pages that letter has."""
        entries = self.letters.get(letter, [])
        pages = max(1, -(-len(entries) // PAGE_SIZE))
        return entries[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], pages

    @cached_property
    def collections(self) -> tuple[tuple[URIRef, str, tuple[URIRef, ...]], ...]:
        """(IRI, label, members sorted by label) of every collection."""
        graph = self.glossary.graph
        iris = {s for s in graph.subjects(RDF.type, SKOS.Collection) if isinstance(s, URIRef)}
        iris |= {s for s in graph.subjects(SKOS.member, None) if isinstance(s, URIRef)}
        found = [(iri, self.label(iri), self.by_label(graph.objects(iri, SKOS.member)))
                 for iri in iris]
        return tuple(sorted(found, key=lambda item: (item[1].casefold(), item[0])))

    @cached_property
    def sources(self) -> tuple[tuple[URIRef, str, tuple[URIRef, ...]], ...]:
        """(IRI, title, concepts citing it) of every source a concept names with dct:source."""
        cited: dict[URIRef, set[URIRef]] = {}
        for concept in self.glossary:
            for source in concept.sources:
                cited.setdefault(source, set()).add(concept.iri)
        found = [(iri, self.label(iri), self.by_label(members))
                 for iri, members in cited.items()]
        return tuple(sorted(found, key=lambda item: (item[1].casefold(), item[0])))

    # -- the hierarchy -------------------------------------------------------------------------
    def children(self, iri: URIRef) -> tuple[TreeNode, ...]:
        """The narrower concepts of ``iri`` as unexpanded tree nodes, sorted by label."""
        concept = self.glossary.concept(iri)
        return tuple(self._node(child) for child in concept.narrower if child not in self.glossary.deprecated)

    def tree(self, depth: int | None = None, budget: int = TREE_BUDGET) -> tuple[TreeNode, ...]:
        """The hierarchy from the roots, expanded ``depth`` levels (None: all) within ``budget`` nodes.

        A concept with several parents appears under each; a cycle is cut where it closes (the
        repeated node is marked ``cycle``); past the budget, nodes are left unexpanded.
        """
        remaining = [budget]

        def expand(iri: URIRef, level: int, path: frozenset[URIRef]) -> TreeNode:
            remaining[0] -= 1
            node = self._node(iri)
            if iri in path:
                return TreeNode(node.iri, node.label, node.child_count, (), cycle=True)
            if (depth is not None and level >= depth) or remaining[0] <= 0 or not node.child_count:
                return node
            kids = [child for child in self.glossary.concept(iri).narrower if child not in self.glossary.deprecated]
            return TreeNode(node.iri, node.label, node.child_count,
                            tuple(expand(child, level + 1, path | {iri}) for child in kids))

        return tuple(expand(root.iri, 0, frozenset()) for root in self.roots)

    def _node(self, iri: URIRef) -> TreeNode:
        concept = self.glossary.concept(iri)
        count = sum(1 for child in concept.narrower if child not in self.glossary.deprecated)
        return TreeNode(iri, concept.label, count)
