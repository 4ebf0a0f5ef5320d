"""What changed between two versions of a vocabulary, concept by concept.

Both graphs are compared as sets of triples with blank nodes labelled canonically (so a file and
its re-serialisation show no change), then each touched concept is classified:

======================  =====  =============================================================
kind                    level  meaning
======================  =====  =============================================================
added                   minor  a new concept
removed                 major  a concept IRI is gone (breaking: links to it now dangle)
deprecated              minor  ``owl:deprecated true``, with or without ``dct:isReplacedBy``
merged                  minor  deprecated (or removed: major) and folded into one concept that
                               took its label or also replaces other concepts
split                   minor  deprecated and replaced by two or more concepts
undeprecated            minor  ``owl:deprecated`` taken back
relabelled              patch  prefLabel changed in a language; says if the old one is now an altLabel
label-added/-removed    patch  other labels (altLabel, hiddenLabel, acronym, a new prefLabel language)
definition-changed      patch  skos:definition
note-changed            patch  scope, history, editorial, change notes, examples, notes
moved                   minor  broader concepts changed (either direction of broader/narrower)
related-added/-removed  patch  skos:related (reported once per pair)
mapping-added/-removed  patch  exact/close/broad/narrow/relatedMatch
types-changed           minor  rdf:type
metric-changed          patch  cx:measures, unit, formula, scale, higherIsBetter
other-changed           patch  any other property of a concept (not dct:created/modified)
scheme-changed          patch  a property of a concept scheme (top concepts, version, title …)
resource-changed        patch  a property of another resource (collection, source, agent …)
======================  =====  =============================================================

The suggested version bump is the highest level found (none when nothing changed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS
from rdflib.term import Node

from ..exporters.triples import canonical_triples
from ..glossary import Glossary
from ..namespaces import CX
from ..terms import local_name

LEVELS = ("none", "patch", "minor", "major")
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, CX.acronym)
NOTES = (SKOS.scopeNote, SKOS.note, SKOS.example, SKOS.historyNote, SKOS.editorialNote, SKOS.changeNote)
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
METRIC = (CX.measures, CX.unit, CX.formula, CX.scale, CX.higherIsBetter)
_HANDLED = frozenset({*LABELS, *NOTES, *MAPPINGS, *METRIC, SKOS.definition, SKOS.broader, SKOS.narrower,
                      SKOS.related, RDF.type, OWL.deprecated, DCTERMS.isReplacedBy,
                      DCTERMS.created, DCTERMS.modified})  # the dates are the release's bookkeeping
_LEVEL = {"removed": "major", "added": "minor", "deprecated": "minor", "merged": "minor", "split": "minor",
          "undeprecated": "minor", "moved": "minor", "types-changed": "minor"}


@dataclass(frozen=True)
class Change:
    """One change to one concept (or scheme, or other resource)."""

    kind: str
    subject: str
    label: str
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> str:
        """``major`` (breaking), ``minor`` or ``patch``."""
        if self.kind == "merged" and self.detail.get("removed"):
            return "major"
        return _LEVEL.get(self.kind, "patch")

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "level": self.level, "subject": self.subject, "label": self.label,
                **self.detail}


@dataclass(frozen=True)
class Diff:
    """Every change between two graphs, in a stable order."""

    changes: tuple[Change, ...]

    @property
    def bump(self) -> str:
        """The semantic-version part to raise: ``major``, ``minor``, ``patch`` or ``none``."""
        return max((c.level for c in self.changes), key=LEVELS.index, default="none")

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.level == "major")

    def changed_concepts(self) -> set[str]:
        """IRIs of the concepts that were added or changed (not removed)."""
        return {c.subject for c in self.changes if c.kind not in ("removed", "scheme-changed", "resource-changed")}


class _Side:
    """One version: its triples (blank nodes labelled canonically), indexed both ways, and its concepts."""

    def __init__(self, graph: Graph) -> None:
        triples = canonical_triples(graph)
        self.triples = set(triples)
        self.out: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
        self.into: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
        for s, p, o in triples:
            self.out[s][p].add(o)
            if p in _INVERSE:
                self.into[o][p].add(s)
        self.glossary = Glossary(graph)
        self.concepts = {s for c in self.glossary.concept_classes for s in graph.subjects(RDF.type, c)
                         if isinstance(s, URIRef)}
        self.schemes = {s for s in graph.subjects(RDF.type, SKOS.ConceptScheme)} - self.concepts

    def values(self, subject: Node, predicate: URIRef) -> set[Node]:
        found = self.out.get(subject)
        return set(found.get(predicate, ())) if found else set()

    def properties(self, subject: Node) -> dict[Node, set[Node]]:
        return self.out.get(subject) or {}

    def broader(self, concept: Node) -> set[Node]:
        return self.values(concept, SKOS.broader) | self._into(concept, SKOS.narrower)

    def related(self, concept: Node) -> set[Node]:
        return self.values(concept, SKOS.related) | self._into(concept, SKOS.related)

    def _into(self, node: Node, predicate: URIRef) -> set[Node]:
        found = self.into.get(node)
        return set(found.get(predicate, ())) if found else set()

    def label(self, node: Node) -> str:
        return self.glossary.label(node)

    @cached_property
    def by_label(self) -> dict[str, set[Node]]:
        """Concepts by the text of any of their labels."""
        index: dict[str, set[Node]] = defaultdict(set)
        for concept in self.concepts:
            for prop in LABELS:
                for value in self.values(concept, prop):
                    index[str(value)].add(concept)
        return index

    def deprecated(self, concept: Node) -> bool:
        return any(v in (Literal(True), Literal("true")) for v in self.values(concept, OWL.deprecated))


_INVERSE = frozenset({SKOS.narrower, SKOS.related})


def diff(old: Graph, new: Graph) -> Diff:
    """The concept-level changes from ``old`` to ``new``."""
    before, after = _Side(old), _Side(new)
    removed_triples = before.triples - after.triples
    added_triples = after.triples - before.triples
    if not removed_triples and not added_triples:
        return Diff(())
    touched: set[Node] = set()
    for s, _, o in removed_triples | added_triples:
        touched.add(s)
        if isinstance(o, URIRef):
            touched.add(o)
    changes: list[Change] = []
    concepts = sorted((n for n in touched if n in before.concepts or n in after.concepts), key=str)
    for concept in concepts:
        changes += _concept_changes(concept, before, after)
    changes += _pairs(concepts, before, after)
    changes += _merges(changes, before, after)
    for subject in sorted({s for s, _, _ in removed_triples | added_triples} - set(concepts), key=str):
        kind = "scheme-changed" if subject in before.schemes or subject in after.schemes else "resource-changed"
        changes += _property_changes(kind, subject, before, after, None)
    order = {kind: n for n, kind in enumerate(
        ["removed", "added", "deprecated", "merged", "split", "undeprecated", "relabelled", "label-added",
         "label-removed", "definition-changed", "note-changed", "moved", "related-added", "related-removed",
         "mapping-added", "mapping-removed", "types-changed", "metric-changed", "other-changed",
         "scheme-changed", "resource-changed"])}
    return Diff(tuple(sorted(changes, key=lambda c: (order[c.kind], c.subject, str(c.detail)))))


def _concept_changes(concept: Node, before: _Side, after: _Side) -> list[Change]:
    iri = str(concept)
    if concept not in after.concepts:
        return [Change("removed", iri, before.label(concept))]
    label = after.label(concept)
    if concept not in before.concepts:
        return [Change("added", iri, label, {"prefLabel": _texts(after.values(concept, SKOS.prefLabel))})]
    changes: list[Change] = []
    was, now = before.deprecated(concept), after.deprecated(concept)
    if now and not was:
        replaced = sorted(str(r) for r in after.values(concept, DCTERMS.isReplacedBy))
        kind = "split" if len(replaced) > 1 else "deprecated"
        changes.append(Change(kind, iri, label, {"replaced_by": replaced}))
    elif was and not now:
        changes.append(Change("undeprecated", iri, label))
    changes += _labels(concept, label, before, after)
    for prop, kind in [(SKOS.definition, "definition-changed"), *((p, "note-changed") for p in NOTES)]:
        old, new = before.values(concept, prop), after.values(concept, prop)
        if old != new:
            changes.append(Change(kind, iri, label, {"property": _name(prop), "old": _texts(old - new),
                                                     "new": _texts(new - old)}))
    old_parents, new_parents = before.broader(concept), after.broader(concept)
    if old_parents != new_parents:
        changes.append(Change("moved", iri, label, {"old": _iris(old_parents), "new": _iris(new_parents)}))
    for prop in MAPPINGS:
        old, new = before.values(concept, prop), after.values(concept, prop)
        changes += [Change("mapping-added", iri, label, {"property": _name(prop), "target": str(t)}) for t in new - old]
        changes += [Change("mapping-removed", iri, label, {"property": _name(prop), "target": str(t)})
                    for t in old - new]
    old_types, new_types = before.values(concept, RDF.type), after.values(concept, RDF.type)
    if old_types != new_types:
        changes.append(Change("types-changed", iri, label, {"added": _iris(new_types - old_types),
                                                            "removed": _iris(old_types - new_types)}))
    for prop in METRIC:
        old, new = before.values(concept, prop), after.values(concept, prop)
        if old != new:
            changes.append(Change("metric-changed", iri, label, {"property": _name(prop), "old": _texts(old - new),
                                                                 "new": _texts(new - old)}))
    return changes + _property_changes("other-changed", concept, before, after, _HANDLED)


def _labels(concept: Node, label: str, before: _Side, after: _Side) -> list[Change]:
    iri = str(concept)
    changes = []
    alt_now = {(v.language, str(v)) for v in after.values(concept, SKOS.altLabel) if isinstance(v, Literal)}
    for prop in LABELS:
        old = _by_language(before.values(concept, prop))
        new = _by_language(after.values(concept, prop))
        for lang in sorted(old.keys() | new.keys(), key=str):
            gone, came = old.get(lang, set()) - new.get(lang, set()), new.get(lang, set()) - old.get(lang, set())
            if prop == SKOS.prefLabel and gone and came:
                for old_text, new_text in zip(sorted(gone), sorted(came), strict=False):
                    changes.append(Change("relabelled", iri, label, {
                        "language": lang, "old": old_text, "new": new_text,
                        "old_kept_as_altLabel": (lang, old_text) in alt_now}))
                continue
            changes += [Change("label-added", iri, label, {"property": _name(prop), "language": lang, "text": t})
                        for t in sorted(came)]
            changes += [Change("label-removed", iri, label, {"property": _name(prop), "language": lang, "text": t})
                        for t in sorted(gone)]
    return changes


def _pairs(concepts: list[Node], before: _Side, after: _Side) -> list[Change]:
    """skos:related changes, once per pair of concepts."""
    changes = []
    seen: set[frozenset[Node]] = set()
    for concept in concepts:
        old, new = before.related(concept), after.related(concept)
        for other, kind in [*((o, "related-added") for o in new - old), *((o, "related-removed") for o in old - new)]:
            pair = frozenset((concept, other))
            if pair not in seen:
                seen.add(pair)
                side = after if kind == "related-added" else before
                changes.append(Change(kind, str(concept), side.label(concept),
                                      {"other": str(other), "other_label": side.label(other)}))
    return changes


def _merges(changes: list[Change], before: _Side, after: _Side) -> list[Change]:
    """Turn a deprecation (or removal) into a merge when the concept was folded into one other concept:
    its prefLabel moved there, or that concept replaces several."""
    replacing: dict[str, int] = defaultdict(int)
    for change in changes:
        if change.kind == "deprecated" and len(change.detail["replaced_by"]) == 1:
            replacing[change.detail["replaced_by"][0]] += 1
    merged = []
    for change in [c for c in changes if c.kind in ("deprecated", "removed")]:
        concept = URIRef(change.subject)
        old_labels = {str(v) for v in before.values(concept, SKOS.prefLabel)}
        if change.kind == "removed":
            into = sorted({str(c) for text in old_labels for c in after.by_label.get(text, ())})
        else:
            into = change.detail["replaced_by"]
        if len(into) != 1:
            continue
        moved = old_labels & {str(v) for p in LABELS for v in after.values(URIRef(into[0]), p)}
        if moved or replacing[into[0]] > 1:
            changes.remove(change)
            merged.append(Change("merged", change.subject, change.label, {
                "into": into[0], "into_label": after.label(URIRef(into[0])), "labels_moved": sorted(moved),
                "removed": change.kind == "removed"}))
    return merged


def _property_changes(kind: str, subject: Node, before: _Side, after: _Side,
                      handled: frozenset[URIRef] | None) -> list[Change]:
    old: dict[Node, set[Node]] = defaultdict(set)
    new: dict[Node, set[Node]] = defaultdict(set)
    for p, objects in before.properties(subject).items():
        old[p] |= objects
    for p, objects in after.properties(subject).items():
        new[p] |= objects
    label = after.label(subject) if after.properties(subject) else before.label(subject)
    changes = []
    for prop in sorted(old.keys() | new.keys(), key=str):
        if handled is not None and prop in handled:
            continue
        if old[prop] != new[prop]:
            changes.append(Change(kind, str(subject), label, {
                "property": _name(prop), "old": _show(old[prop] - new[prop]), "new": _show(new[prop] - old[prop])}))
    return changes


def _by_language(values: set[Node]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for value in values:
        if isinstance(value, Literal):
            grouped[value.language or ""].add(str(value))
    return grouped


def _texts(values: Iterable[Node]) -> list[str]:
    return sorted(f"{v}@{v.language}" if isinstance(v, Literal) and v.language else str(v) for v in values)


def _iris(values: Iterable[Node]) -> list[str]:
    return sorted(str(v) for v in values)


def _show(values: Iterable[Node]) -> list[str]:
    return sorted(v.n3() if isinstance(v, Literal) else str(v) for v in values)


def _name(prop: Node) -> str:
    text = str(prop)
    for prefix, namespace in (("skos", SKOS), ("cx", CX), ("dct", DCTERMS), ("owl", OWL), ("rdf", RDF)):
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return local_name(prop) if not text.startswith("http") else text
