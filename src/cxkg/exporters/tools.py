"""Data-catalog glossaries: DataHub business-glossary YAML and OpenMetadata glossary CSV.

Both hold a tree, so the hierarchy is walked depth-first from the concepts without broader and each
concept is placed under the parent it is first reached from (:func:`placement`). DataHub keeps
every broader link anyway (``inherits``); OpenMetadata holds one parent, so the others become
related terms, and the report says how many.
"""

from __future__ import annotations

import csv
import io
import re

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..glossary import Glossary
from ..model import Concept
from ..namespaces import CX
from . import Rendered, spreadsheet_safe, yaml_text
from .facts import account, curies, exported, extra_facts

_HANDLED = frozenset({SKOS.prefLabel, SKOS.altLabel, CX.acronym, SKOS.definition, SKOS.scopeNote, RDF.type,
                      SKOS.broader, SKOS.narrower, SKOS.related, DCTERMS.source})
#: the header of OpenMetadata's glossary CSV (``name*`` is required; the star is part of the header)
OPENMETADATA_HEADER = ("parent", "name*", "displayName", "description", "synonyms", "relatedTerms",
                       "references", "tags", "reviewers", "owner", "glossaryStatus", "color", "iconURL",
                       "extension")


def placement(concepts: dict[URIRef, Concept]) -> tuple[dict[URIRef, URIRef | None], int]:
    """``{concept: parent or None}`` in depth-first order, and how many concepts no root reaches.

    Roots are the concepts without broader; a concept is placed under the parent it is first
    reached from. Concepts no root reaches (broader cycles) become roots themselves.
    """
    placed: dict[URIRef, URIRef | None] = {}

    def visit(iri: URIRef, parent: URIRef | None) -> None:
        stack = [(iri, parent)]
        while stack:
            current, above = stack.pop()
            if current in placed:
                continue
            placed[current] = above
            stack.extend((child, current) for child in reversed(concepts[current].narrower))

    ordered = sorted(concepts.values(), key=lambda c: (c.label.casefold(), c.iri))
    for concept in ordered:
        if not concept.broader:
            visit(concept.iri, None)
    reached = len(placed)
    for concept in ordered:
        if concept.iri not in placed:
            visit(concept.iri, None)
    return placed, len(placed) - reached


#: deepest nesting written to the tree formats; deeper concepts hang under their ancestor at this depth
MAX_DEPTH = 32


def capped(placed: dict[URIRef, URIRef | None]) -> tuple[dict[URIRef, URIRef | None], int]:
    """``placed`` with concepts deeper than :data:`MAX_DEPTH` moved up under their ancestor at that depth
    (so paths and nesting stay bounded on a 100,000-long chain), and how many were moved."""
    depth: dict[URIRef, int] = {}
    anchor: dict[URIRef, URIRef] = {}  # for a concept at MAX_DEPTH or below: its ancestor at MAX_DEPTH
    result: dict[URIRef, URIRef | None] = {}
    moved = 0
    for iri, parent in placed.items():  # parents come before their children
        depth[iri] = 0 if parent is None else depth[parent] + 1
        if depth[iri] == MAX_DEPTH:
            anchor[iri] = iri
        elif parent is not None and parent in anchor:
            anchor[iri] = anchor[parent]
            parent = anchor[parent]
            moved += 1
        result[iri] = parent
    return result, moved


def _depth_note(moved: int) -> list[str]:
    return [f"hierarchy depth: {moved} concepts below depth {MAX_DEPTH} are placed at that depth"] if moved else []


def _names(concepts: dict[URIRef, Concept], placed: dict[URIRef, URIRef | None]) -> dict[URIRef, str]:
    """Names distinct among siblings and from their parent's (a suffix disambiguates repeated labels)."""
    taken: dict[URIRef | None, set[str]] = {}
    names: dict[URIRef, str] = {}
    for iri, parent in placed.items():
        siblings = taken.setdefault(parent, set())
        label = concepts[iri].label.strip()
        name, number = label, 1
        while name.casefold() in siblings:
            number += 1
            name = f"{label} ({number})"
        siblings.add(name.casefold())
        taken.setdefault(iri, set()).add(name.casefold())  # DataHub files a parent's own term among its children
        names[iri] = name
    return names


def _polyhierarchy_note(concepts: dict[URIRef, Concept], kept: str) -> list[str]:
    several = [c for c in concepts.values() if len(c.broader) > 1]
    if not several:
        return []
    extra = sum(len(c.broader) - 1 for c in several)
    have = "1 concept has" if len(several) == 1 else f"{len(several)} concepts have"
    return [f"polyhierarchy: {have} several broader concepts, each placed under one; {kept} "
            f"({extra} link{'s' if extra > 1 else ''})"]


def _stranded_note(stranded: int) -> list[str]:
    if not stranded:
        return []
    return [f"broader cycles: {stranded} concepts are below no top concept; the first of each cycle is placed "
            "at the top"]


# -- DataHub --------------------------------------------------------------------------------------
def datahub(glossary: Glossary) -> Rendered:
    """DataHub business-glossary YAML (``version: "1"``): concepts with narrower concepts become nodes
    (term groups) holding their own term and their children; ``inherits`` lists every broader term,
    ``related_terms`` every related one; labels, acronyms and other facts go in ``custom_properties``.
    """
    concepts = exported(glossary)
    placed, stranded = placement(concepts)
    placed, moved = capped(placed)
    names = _names(concepts, placed)
    ids = _ids(glossary)
    children: dict[URIRef, list[URIRef]] = {}
    for iri, parent in placed.items():
        if parent is not None:
            children.setdefault(parent, []).append(iri)
    has_children = set(children)
    term_path: dict[URIRef, str] = {}
    node_path: dict[URIRef, str] = {}
    for iri, parent in placed.items():
        base = node_path[parent] + "." if parent is not None else ""
        if iri in has_children:
            node_path[iri] = base + names[iri]
            term_path[iri] = node_path[iri] + "." + names[iri]
        else:
            term_path[iri] = base + names[iri]

    def term(concept: Concept) -> dict[str, object]:
        entry: dict[str, object] = {"name": names[concept.iri], "id": ids[concept.iri],
                                    "description": concept.definition or "", "term_source": "EXTERNAL",
                                    "source_ref": "cxkg", "source_url": str(concept.iri)}
        for key, links in (("inherits", concept.broader), ("related_terms", concept.related)):
            if links:
                entry[key] = [term_path[i] for i in links if i in term_path]
        entry["custom_properties"] = _properties(glossary, concept)
        if concept.sources:
            entry["knowledge_links"] = [{"label": glossary.label(s), "url": str(s)} for s in concept.sources]
        return entry

    def node(iri: URIRef) -> dict[str, object]:
        concept = concepts[iri]
        entry: dict[str, object] = {"name": names[iri], "id": ids[iri] + ".group",
                                    "description": concept.definition or ""}
        groups = [node(c) for c in children[iri] if c in has_children]
        if groups:
            entry["nodes"] = groups
        entry["terms"] = [term(concept)] + [term(concepts[c]) for c in children[iri] if c not in has_children]
        return entry

    roots = [iri for iri, parent in placed.items() if parent is None]
    document: dict[str, object] = {"version": "1", "source": "DataHub", "owners": {}}
    if glossary.schemes:
        document["url"] = str(glossary.schemes[0])
    document["nodes"] = [node(r) for r in roots if r in has_children]
    document["terms"] = [term(concepts[r]) for r in roots if r not in has_children]
    text = yaml_text(document)
    notes = _polyhierarchy_note(concepts, "every broader is kept in 'inherits'") + _stranded_note(stranded)
    notes += _depth_note(moved)
    header = "# DataHub business glossary written by cxkg; ingest with a 'datahub-business-glossary' source.\n"
    return Rendered(header + text, notes + account(glossary, _HANDLED, bag=True))


def _ids(glossary: Glossary) -> dict[URIRef, str]:
    """Stable DataHub ids from the IRIs (``ex:nps`` -> ``ex.nps``), so renaming a label keeps the URN."""
    shorten = curies(glossary).shorten
    ids: dict[URIRef, str] = {}
    taken: set[str] = set()
    for iri in glossary.iris:
        text = shorten(iri)
        base = re.sub(r"[^A-Za-z0-9_.-]+", "-", text.split("://")[-1].replace(":", ".")).strip("-.") or "term"
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        ids[iri] = candidate
    return ids


def _properties(glossary: Glossary, concept: Concept) -> dict[str, str]:
    shorten = curies(glossary).shorten
    values = {"iri": str(concept.iri), "altLabels": "; ".join(concept.alt_labels),
              "acronyms": "; ".join(concept.acronyms), "scopeNote": concept.scope_note or "",
              "types": "; ".join(shorten(t) for t in concept.types),
              "collections": "; ".join(glossary.label(c) for c in concept.collections)}
    values.update({key: "; ".join(items) for key, items in extra_facts(glossary, concept.iri, _HANDLED).items()})
    return {key: value for key, value in values.items() if value}


# -- OpenMetadata ---------------------------------------------------------------------------------
def openmetadata(glossary: Glossary, glossary_name: str = "cxkg") -> Rendered:
    """OpenMetadata glossary CSV for importing into an existing glossary named ``glossary_name``.

    Cells a spreadsheet would run as a formula get a leading ``'`` (:func:`spreadsheet_safe`). Types
    (cx:Metric, …) have no column OpenMetadata accepts without server-side set-up (tags and
    extensions must exist first), so the report counts them.

    ``parent`` holds the fully qualified name of one broader term; the other broader links and
    skos:related become ``relatedTerms`` (written on the later of the two rows, so every reference
    points at a term created before it). Scope notes are appended to the description; alt labels
    and acronyms are synonyms; the concept IRI and its sources are references.
    """
    concepts = exported(glossary)
    placed, stranded = placement(concepts)
    placed, moved = capped(placed)
    names = {iri: spreadsheet_safe(name) for iri, name in _names(concepts, placed).items()}
    fqn: dict[URIRef, str] = {}
    order = {iri: n for n, iri in enumerate(placed)}
    for iri, parent in placed.items():
        fqn[iri] = (fqn[parent] if parent is not None else _quote(glossary_name)) + "." + _quote(names[iri])
    pairs: set[tuple[URIRef, URIRef]] = set()
    for concept in concepts.values():
        others = list(concept.related) + [b for b in concept.broader if b != placed[concept.iri]]
        for other in others:
            if other in order:
                first, second = sorted((concept.iri, other), key=order.__getitem__)
                pairs.add((first, second))
    later: dict[URIRef, list[URIRef]] = {}
    for first, second in sorted(pairs, key=lambda p: (order[p[1]], order[p[0]])):
        later.setdefault(second, []).append(first)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(OPENMETADATA_HEADER)
    semicolons = 0
    for iri, parent in placed.items():
        concept = concepts[iri]
        synonyms = [*concept.acronyms, *concept.alt_labels]
        semicolons += sum(";" in s for s in synonyms)
        description = concept.definition or ""
        if concept.scope_note:
            description += ("\n\n" if description else "") + f"*Scope note:* {concept.scope_note}"
        references = [("cxkg", str(iri))] + [(glossary.label(s), str(s)) for s in concept.sources]
        row = [fqn[parent] if parent is not None else "", names[iri], concept.label, description,
               ";".join(s.replace(";", ",") for s in synonyms), ";".join(fqn[o] for o in later.get(iri, [])),
               ";".join(f"{name.replace(';', ',')};{url}" for name, url in references),
               "", "", "", "Approved", "", "", ""]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    notes = _polyhierarchy_note(concepts, "the other broader links are written as relatedTerms")
    notes += _stranded_note(stranded) + _depth_note(moved)
    folded = sum(bool(c.scope_note) for c in concepts.values())
    if folded:
        notes.append(f"skos:scopeNote: {folded} scope notes folded "
                     "into the description")
    if semicolons:
        notes.append(f"synonyms: {semicolons} containing ';' had it replaced by ','")
    notes.append("alt labels and acronyms are both written as synonyms (the distinction is folded)")
    return Rendered(buffer.getvalue(), notes + account(glossary, _HANDLED - {RDF.type}))


def _quote(name: str) -> str:
    """A name as one part of an OpenMetadata fully qualified name (quoted when it contains a dot)."""
    return f'"{name}"' if "." in name else name
