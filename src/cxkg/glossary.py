"""The Glossary facade: one rdflib Graph of SKOS concepts and a few domain methods over it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from .cache import load_cached
from .concepts import concept_classes, concept_iris, deprecated_resources, display_label, is_deprecated
from .errors import AmbiguousConcept, ConceptNotFound, require
from .model import Concept, SearchHit
from .namespaces import CX
from .resources import bundled_files
from .saved_lookup import SavedLookup, label_key, lookup_quads, saved_lookup
from .search import ACRONYM, ALT, HIDDEN, NOTATION, PREF, LabelIndex, no_gc
from .stores import StoreSpec, open_dir, parse_store
from .terms import Text, in_language, preferred_literal, preferred_pair, preferred_text

if TYPE_CHECKING:
    import networkx
    import pyoxigraph as ox

    from .export import ExportResult
    from .hierarchy import Hierarchy
    from .languages import Coverage
    from .loading import Source
    from .report import ValidationReport
    from .sparql import QueryResult
    from .textindex import TextIndex


def load(*sources: Source, format: str | None = None, lang: str = "en", store: str | StoreSpec = "memory",
         cache: bool = True, allow_network: bool = False, keep_invalid_iris: bool = False) -> Glossary:
    """Load a glossary: the bundled CX graph with no argument, else the merge of the given sources.

    Sources are file paths (Turtle, N-Triples, RDF/XML, JSON-LD, …; the format comes from the
    extension unless ``format`` is given; ``-`` is stdin) or rdflib Graphs. ``store`` picks where the
    triples live: ``memory`` (rdflib's), ``oxigraph`` (in memory, Oxigraph's parser and SPARQL engine)
    or ``oxigraph:DIR``, a persistent store: rebuilt from the sources when there are any, else opened
    as it is. Files are read through the cache (see :mod:`cxkg.cache`) unless ``cache`` is false.
    Nothing is fetched from the network unless ``allow_network`` (remote JSON-LD contexts, with a timeout).
    A file holding an invalid IRI is refused (:class:`~cxkg.errors.DataLoadError`), unless
    ``keep_invalid_iris``: meant for validation, it keeps the IRIs rule ``invalid-iri`` reports, in memory.
    """
    require(keep_invalid_iris, bool, "keep_invalid_iris")
    for source in sources:
        require(source, (str, os.PathLike, Graph), "a source")
    require(format, (str, type(None)), "format")
    require(lang, str, "lang")
    from .loading import load_graph  # (here: a glossary opened from a store or the cache parses nothing)

    spec = parse_store(store)
    if spec.path is not None and not sources:
        path = spec.path
        return Glossary(open_dir(path), lang=lang, reopen=lambda: open_dir(path))
    files = list(sources) or bundled_files("ontology")
    if (spec.path is not None or not cache or allow_network
            or not all(isinstance(f, str | os.PathLike) and Path(f).is_file() for f in files)):
        # (only regular files are cached: stdin, FIFOs and devices go to the loader, which reads or refuses them)
        graph = load_graph(files, format, spec, allow_network=allow_network, keep_invalid_iris=keep_invalid_iris,
                           saved=lambda built: Glossary(built, lang=lang)._lookup_quads())
        return Glossary(graph, lang=lang)
    paths = [Path(f) for f in files]  # type: ignore[arg-type]
    # (a graph holding an invalid IRI is never cached: the cache is N-Quads, read back by Oxigraph's parser)
    return Glossary(load_cached(paths, format, spec,
                                lambda: load_graph(paths, format, spec, keep_invalid_iris=keep_invalid_iris)),
                    lang=lang)


#: the label properties a concept is looked up by, per kind of match (in order of preference)
LABELS = {PREF: SKOS.prefLabel, NOTATION: SKOS.notation, ACRONYM: CX.acronym, ALT: SKOS.altLabel,
          HIDDEN: SKOS.hiddenLabel}


class Glossary:
    """A SKOS vocabulary: resolve, search and walk its concepts; ``graph`` is the rdflib Graph."""

    def __init__(self, graph: Graph, lang: str = "en", *, reopen: Callable[[], Graph] | None = None) -> None:
        """Wrap ``graph``; ``reopen``, when given, fetches the graph anew on :meth:`refresh`
        (a persistent store opened read-only sees what was written since)."""
        require(graph, Graph, "graph")
        require(lang, str, "lang")
        self.graph = graph
        self.lang = lang
        self._reopen = reopen
        self._concepts: dict[URIRef, Concept] = {}

    # -- the set of concepts ---------------------------------------------------------------
    @cached_property
    def concept_classes(self) -> frozenset[URIRef]:
        """skos:Concept and every class the graph declares a (transitive) subclass of it."""
        return concept_classes(self.graph)

    @cached_property
    def hierarchy(self) -> Hierarchy:
        """The broader/narrower links between all concepts (deprecated ones included)."""
        from .hierarchy import Hierarchy

        return Hierarchy(self.graph, self._all_iris)

    @cached_property
    def _all_iris(self) -> frozenset[URIRef]:
        return concept_iris(self.graph)

    @cached_property
    def deprecated(self) -> frozenset[URIRef]:
        """IRIs of concepts marked ``owl:deprecated true`` (kept, never deleted: IRIs are forever)."""
        return self._all_iris & deprecated_resources(self.graph)

    @cached_property
    def iris(self) -> tuple[URIRef, ...]:
        """IRIs of the concepts in use (deprecated ones excluded), sorted."""
        return tuple(sorted(self._all_iris - self.deprecated))

    def __len__(self) -> int:
        return len(self.iris)

    def __iter__(self) -> Iterator[Concept]:
        return (self._build(iri) for iri in self.iris)

    def is_concept(self, node: Node) -> bool:
        """Whether ``node`` is a concept (deprecated ones included); asks the graph about this one node
        until the whole concept set is needed, so looking up one concept stays cheap on a big store."""
        if "_all_iris" in self.__dict__:
            return node in self._all_iris
        classes = self.concept_classes
        return isinstance(node, URIRef) and any(t in classes for t in self.graph.objects(node, RDF.type))

    def is_deprecated(self, iri: URIRef) -> bool:
        """Whether the concept ``iri`` is marked ``owl:deprecated true``."""
        if "deprecated" in self.__dict__:
            return iri in self.deprecated
        return is_deprecated(self.graph, iri)

    def __contains__(self, ref: object) -> bool:
        if not isinstance(ref, str):
            return False
        try:
            self.concept(ref)
        except KeyError:
            return False
        return True

    def refresh(self) -> None:
        """Forget what was derived from the graph (concept set, label index, records) after it changed.

        A glossary opened from a persistent store reopens it, so it sees a ``cxkg load`` made since.
        """
        if self._reopen is not None:
            self.graph = self._reopen()
        for name in ("concept_classes", "hierarchy", "_all_iris", "deprecated", "iris", "index",
                     "default_language", "_saved"):
            self.__dict__.pop(name, None)
        self._concepts.clear()

    def __repr__(self) -> str:
        return f"<Glossary: {len(self)} concepts, {len(self.graph)} triples>"

    @property
    def schemes(self) -> list[URIRef]:
        """IRIs of the concept schemes, sorted."""
        return sorted(s for s in self.graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef))

    @property
    def top_concepts(self) -> list[Concept]:
        """Concepts in use declared top concepts of a scheme (either direction), sorted by label."""
        return self._sorted(self.hierarchy.top_concepts - self.deprecated)

    def roots(self) -> list[Concept]:
        """Top concepts in use, or where a vocabulary declares none, the concepts with no broader."""
        return self._sorted(self.hierarchy.roots())

    # -- resolving references --------------------------------------------------------------
    def concept(self, ref: str) -> Concept:
        """The concept named by an IRI, a CURIE, a prefLabel, a notation, an altLabel or an acronym.

        Labels match case-, whitespace-, hyphen- and plural-insensitively. Raises
        :class:`ConceptNotFound` (a ``KeyError``) with the closest labels, or
        :class:`AmbiguousConcept` when a label names several concepts.
        """
        iri = self.resolve(ref)
        return self._build(iri)

    def get(self, ref: str, default: Concept | None = None) -> Concept | None:
        """Like :meth:`concept` but returns ``default`` when nothing or several concepts match."""
        try:
            return self.concept(ref)
        except KeyError:
            return default

    def resolve(self, ref: str | URIRef) -> URIRef:
        """The IRI of the concept ``ref`` names (see :meth:`concept`)."""
        require(ref, str, "a concept reference")
        if isinstance(ref, URIRef) and self.is_concept(ref):
            return ref
        text = str(ref).strip()
        iri = self._as_iri(text)
        if iri is not None:
            return iri
        matches = self._lookup(text)
        active = {iri: kind for iri, kind in matches.items() if not self.is_deprecated(iri)}
        matches = active or matches
        for kinds in ((PREF, NOTATION), (ACRONYM, ALT, HIDDEN)):
            chosen = sorted(iri for iri, kind in matches.items() if kind in kinds)
            if len(chosen) == 1:
                return chosen[0]
            if len(chosen) > 1:
                raise AmbiguousConcept(text, [f"{self.label(i)} <{i}>" for i in chosen])
        raise ConceptNotFound(text, self.index.suggest(text))

    def _as_iri(self, text: str) -> URIRef | None:
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        if "://" in text or text.startswith("urn:"):
            candidate = URIRef(text)
            return candidate if self.is_concept(candidate) else None
        prefix, colon, _ = text.partition(":")
        if colon and " " not in text and prefix.isidentifier():
            try:
                candidate = self.graph.namespace_manager.expand_curie(text)
            except ValueError:
                return None
            if self.is_concept(candidate):
                return candidate
        return None

    # -- labels and search -----------------------------------------------------------------
    def label(self, iri: Node) -> str:
        """The display label of any resource: prefLabel in the glossary's language, else a fallback."""
        return display_label(self.graph, iri, self.lang, self.default_language)

    @cached_property
    def default_language(self) -> str | None:
        """The vocabulary's default language: its scheme's ``dct:language``, else its most used prefLabel tag."""
        from .languages import default_language

        if self._saved is not None:
            return self._saved.default_language
        return default_language(self.graph, self.is_concept)

    @cached_property
    def _saved(self) -> SavedLookup | None:
        return saved_lookup(self.graph)

    def _lookup(self, text: str) -> dict[URIRef, str]:
        """Concepts with a label (or notation) that normalises like ``text``, each with its best kind.

        From the lookups a persistent store saved while the label index is not built (each match
        checked against the concept's current labels), else from the index.
        """
        if self._saved is None or "index" in self.__dict__:
            return self.index.lookup(text)
        key = label_key(text)
        return {iri: kind for iri, kind in self._saved.lookup(key).items() if self.is_concept(iri)
                and any(isinstance(o, Literal) and label_key(o) == key for o in self.graph.objects(iri, LABELS[kind]))}

    def _lookup_quads(self) -> list[ox.Quad]:
        """The quads a persistent store keeps so that opening it later finds a concept by label at once."""
        return lookup_quads(((s, kind, text) for s, kind, text, _ in self._labels()), self.default_language)

    def _labels(self) -> list[tuple[URIRef, str, str, str | None]]:
        """(concept, kind, text, language) for every label and notation of a concept."""
        from .literals import literal_values

        concepts = self._all_iris
        return [(s, kind, text, tag) for kind, prop in LABELS.items()
                for s, text, tag in literal_values(self.graph, prop) if isinstance(s, URIRef) and s in concepts]

    @cached_property
    def index(self) -> LabelIndex:
        """The label index behind :meth:`concept` and :meth:`search`."""
        with no_gc():
            return self._label_index()

    def _label_index(self) -> LabelIndex:
        labels = self._labels()
        return LabelIndex(labels, lambda: self._names(labels), lambda: self._text_index(labels))

    def _names(self, labels: list[tuple[URIRef, str, str, str | None]]) -> dict[URIRef, Text]:
        """Each concept's display label and its language (None where the label is not a prefLabel)."""
        grouped: dict[URIRef, list[Text]] = {}
        for s, kind, text, tag in labels:
            if kind == PREF:
                grouped.setdefault(s, []).append((text, tag))
        names = {iri: label for iri, texts in grouped.items()
                 if (label := preferred_pair(texts, self.lang, self.default_language))}
        for iri in self._all_iris - names.keys():
            names[iri] = (self.label(iri), None)
        return names

    def _text_index(self, labels: list[tuple[URIRef, str, str, str | None]]) -> TextIndex:
        from .literals import literal_values
        from .textindex import TextIndex

        concepts = self._all_iris
        notes = ((SKOS.definition, "definition"), (SKOS.scopeNote, "scopeNote"), (SKOS.example, "example"))
        texts = [(s, field, text, tag) for prop, field in notes for s, text, tag in literal_values(self.graph, prop)
                 if isinstance(s, URIRef) and s in concepts]
        typed = {cls: self.label(cls) for cls in self.concept_classes - {SKOS.Concept}}
        types: list[tuple[URIRef, str, str, str | None]] = [
            (s, "type", name, None) for cls, name in typed.items() for s in self.graph.subjects(RDF.type, cls)
            if isinstance(s, URIRef) and s in concepts]
        return TextIndex([*labels, *texts, *types], self.default_language)

    def language_coverage(self) -> list[Coverage]:
        """Per language, the share of concepts with a prefLabel and with a definition in it, best covered first."""
        from .languages import coverage

        return coverage(self.graph, self.iris)

    def search(self, text: str, limit: int = 10, *, types: Iterable[str] = (), under: str | None = None,
               scheme: str | None = None, lang: str | None = None) -> list[SearchHit]:
        """Ranked matches for ``text``: label, notation, acronym, prefix, words, typos, then full text.

        ``types`` keeps concepts of these classes (``"Metric"``, a CURIE or an IRI), ``under`` those in
        the branch below a concept (itself included), ``scheme`` those in a scheme (IRI, CURIE or title),
        and ``lang`` matches only texts in that language (and untagged ones). Deprecated concepts are
        never returned. Each hit says which field and text matched, and its language.
        """
        from .search_filters import concept_filter

        require(text, str, "search text")
        require(limit, int, "limit")
        accept = concept_filter(self, types=types, under=under, scheme=scheme)
        refusals = 10**9 if types or under or scheme else len(self.deprecated)
        return self.index.search(text, limit, accept=accept, refusals=refusals, lang=lang)

    # -- features in their own modules (imported on first use) -----------------------------
    def query(self, sparql: str, *, limit: int | None = None, timeout: float | None = None,
              memory: int | None = None, allow_update: bool = False, allow_service: bool = False,
              **bindings: Any) -> QueryResult:
        """Run a read-only SPARQL query; keyword arguments are bound as typed values.

        ``limit`` (rows), ``timeout`` (seconds) and ``memory`` (megabytes) default to 10,000, 30 and
        1,024; 0 lifts them. Updates and SERVICE/LOAD are refused unless ``allow_update`` /
        ``allow_service`` is set.
        """
        from .sparql import run_sparql

        return run_sparql(self, sparql, bindings, limit=limit, timeout=timeout, memory=memory,
                          allow_update=allow_update, allow_service=allow_service)

    def run(self, name: str, **params: Any) -> QueryResult:
        """Run a named query from ``queries/`` with checked, typed parameters."""
        from .sparql import run_named

        return run_named(self, name, params)

    def ancestors(self, ref: str) -> list[Concept]:
        """Every concept above ``ref`` in the broader hierarchy."""
        return self._concepts_of_query("ancestors", ref)

    def descendants(self, ref: str) -> list[Concept]:
        """Every concept below ``ref`` in the broader hierarchy."""
        return self._concepts_of_query("descendants", ref)

    def siblings(self, ref: str) -> list[Concept]:
        """Concepts sharing a broader concept with ``ref``."""
        return self._concepts_of_query("siblings", ref)

    def path_to_root(self, ref: str) -> list[Concept]:
        """``ref`` and its broader chain up to a top concept (first broader at each step)."""
        from .sparql import path_to_root

        return [self._build(iri) for iri in path_to_root(self, self.resolve(ref))]

    def validate(self, profile: str | os.PathLike[str] = "skos", **options: Any) -> ValidationReport:
        """Validate against a bundled SHACL profile (``skos``, ``cx``) or a shapes file."""
        from .validation import validate

        return validate(self.graph, profile, **options)

    def export(self, fmt: str, path: str | os.PathLike[str] | None = None, **options: Any) -> ExportResult:
        """Export in ``fmt`` (turtle, json-ld, csv, graphml, …) to ``path``, or return the text."""
        from .export import export

        require(fmt, str, "format")
        require(path, (str, os.PathLike, type(None)), "path")
        return export(self, fmt, path, **options)

    def to_networkx(self) -> networkx.MultiDiGraph:
        """The concept network: nodes are concepts, edges carry their ``relation``."""
        from .analytics import to_networkx

        return to_networkx(self)

    # -- building Concept records ----------------------------------------------------------
    def _concepts_of_query(self, name: str, ref: str) -> list[Concept]:
        rows = self.run(name, concept=ref)
        return self._sorted({row[0] for row in rows.rows if isinstance(row[0], URIRef)})

    def _sorted(self, iris: Iterable[URIRef]) -> list[Concept]:
        return sorted((self._build(i) for i in iris), key=lambda c: (c.label.casefold(), c.iri))

    def _build(self, iri: URIRef) -> Concept:
        cached = self._concepts.get(iri)
        if cached is not None:
            return cached
        graph = self.graph
        acronyms = self._texts(iri, CX.acronym)
        label = preferred_literal(graph.objects(iri, SKOS.prefLabel), self.lang, self.default_language)
        definition = preferred_literal(graph.objects(iri, SKOS.definition), self.lang, self.default_language)
        note = preferred_literal(graph.objects(iri, SKOS.scopeNote), self.lang, self.default_language)
        concept = Concept(
            iri=iri,
            label=self.label(iri),
            alt_labels=tuple(a for a in self._texts(iri, SKOS.altLabel) if a not in acronyms),
            acronyms=acronyms,
            definition=None if definition is None else str(definition),
            scope_note=None if note is None else str(note),
            broader=self._links(self._parents(iri)),
            narrower=self._links(self._children(iri)),
            related=self._links(set(graph.objects(iri, SKOS.related)) | set(graph.subjects(SKOS.related, iri))),
            sources=tuple(sorted(o for o in graph.objects(iri, DCTERMS.source) if isinstance(o, URIRef))),
            collections=self._links(graph.subjects(SKOS.member, iri), concepts_only=False),
            types=tuple(sorted(o for o in graph.objects(iri, RDF.type) if isinstance(o, URIRef))),
            deprecated=self.is_deprecated(iri),
            replaced_by=self._links(graph.objects(iri, DCTERMS.isReplacedBy), concepts_only=False),
            notations=tuple(sorted(str(o) for o in graph.objects(iri, SKOS.notation) if isinstance(o, Literal))),
            label_lang=None if label is None else label.language,
            definition_lang=None if definition is None else definition.language,
            scope_note_lang=None if note is None else note.language,
            labels=_by_language(graph.objects(iri, SKOS.prefLabel), first_only=True),
            alt_labels_by_lang=_by_language([*graph.objects(iri, SKOS.altLabel), *graph.objects(iri, CX.acronym)]),
        )
        self._concepts[iri] = concept
        return concept

    def _parents(self, iri: URIRef) -> Iterable[Node]:
        """The broader concepts of ``iri``, stated either way (read for this concept until the hierarchy is built)."""
        if "hierarchy" in self.__dict__:
            return self.hierarchy.parents.get(iri, ())
        return [*self.graph.objects(iri, SKOS.broader), *self.graph.subjects(SKOS.narrower, iri)]

    def _children(self, iri: URIRef) -> Iterable[Node]:
        """The narrower concepts of ``iri``, stated either way (read for this concept until the hierarchy is built)."""
        if "hierarchy" in self.__dict__:
            return self.hierarchy.children.get(iri, ())
        return [*self.graph.objects(iri, SKOS.narrower), *self.graph.subjects(SKOS.broader, iri)]

    def _links(self, nodes: Iterable[Node], concepts_only: bool = True) -> tuple[URIRef, ...]:
        """Linked IRIs in notation order (classification order, where a vocabulary has notations), then by label."""
        iris = {n for n in nodes if isinstance(n, URIRef) and (not concepts_only or self.is_concept(n))}
        return tuple(sorted(iris, key=self.sort_key))

    def sort_key(self, iri: URIRef) -> tuple[int, str, str, str]:
        """The order concepts are listed in: by notation where they have one (classification order,
        ``78.1`` < ``78.2`` < ``78.89``), after them by label."""
        notations = [str(o) for o in self.graph.objects(iri, SKOS.notation) if isinstance(o, Literal)]
        return (0, min(notations), "", str(iri)) if notations else (1, "", self.label(iri).casefold(), str(iri))

    def _texts(self, iri: Node, prop: URIRef) -> tuple[str, ...]:
        """Values of ``prop`` in the glossary's language or untagged (all languages if none)."""
        return tuple(sorted({str(o) for o in in_language(self.graph.objects(iri, prop), self.lang)}, key=str.casefold))

    def _literal(self, iri: Node, prop: URIRef) -> str | None:
        return self._preferred(self.graph.objects(iri, prop))

    def _preferred(self, nodes: Iterable[Node]) -> str | None:
        return preferred_text(nodes, self.lang, self.default_language)


def _by_language(nodes: Iterable[Node], first_only: bool = False) -> dict[str, Any]:
    """Literal texts per language tag (``""`` for untagged), sorted; only the smallest with ``first_only``."""
    found: dict[str, set[str]] = {}
    for node in nodes:
        if isinstance(node, Literal):
            found.setdefault(node.language or "", set()).add(str(node))
    return {tag: min(texts) if first_only else tuple(sorted(texts, key=str.casefold))
            for tag, texts in sorted(found.items())}

