"""Which concepts a search may return: not deprecated, and of a type, in a branch, in a scheme."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from .errors import UnknownResource
from .search import Accept
from .terms import local_name

if TYPE_CHECKING:
    from .glossary import Glossary


def concept_filter(glossary: Glossary, *, types: Iterable[str] = (), under: str | None = None,
                   scheme: str | None = None) -> Accept:
    """A predicate admitting the active concepts that pass every filter given."""
    deprecated = glossary.deprecated
    allowed: set[URIRef] | None = None
    for members in ([_of_types(glossary, list(types))] if types else []) + \
            ([branch(glossary, glossary.resolve(under))] if under else []) + \
            ([_in_scheme(glossary, scheme)] if scheme else []):
        allowed = members if allowed is None else allowed & members
    if allowed is None:
        return lambda iri: iri not in deprecated
    admitted = allowed - deprecated
    return admitted.__contains__


def branch(glossary: Glossary, root: URIRef) -> set[URIRef]:
    """``root`` and every concept in use below it."""
    return ({root} | glossary.hierarchy.descendants(root)) & set(glossary.iris)


def _named(glossary: Glossary, name: str, candidates: Iterable[URIRef], what: str) -> URIRef:
    """The candidate an IRI, CURIE, local name or label names (case-insensitively)."""
    options = sorted(set(candidates))
    wanted = name.strip().strip("<>").casefold()
    for candidate in options:
        names = {str(candidate), local_name(candidate), glossary.label(candidate),
                 glossary.graph.namespace_manager.normalizeUri(candidate)}
        if wanted in {text.casefold() for text in names}:
            return candidate
    known = ", ".join(sorted({glossary.label(option) for option in options})) or "none"
    raise UnknownResource(f"no {what} {name!r}; this vocabulary has: {known}")


def _of_types(glossary: Glossary, names: list[str]) -> set[URIRef]:
    graph = glossary.graph
    classes = {o for s in glossary.iris for o in graph.objects(s, RDF.type) if isinstance(o, URIRef)}
    wanted = {_named(glossary, name, classes | set(glossary.concept_classes), "concept type") for name in names}
    return {iri for iri in glossary.iris if any((iri, RDF.type, cls) in graph for cls in wanted)}


def _in_scheme(glossary: Glossary, name: str) -> set[URIRef]:
    graph = glossary.graph
    chosen = _named(glossary, name, glossary.schemes, "concept scheme")
    members = {s for s in graph.subjects(SKOS.inScheme, chosen) if isinstance(s, URIRef)}
    members |= {s for s in graph.subjects(SKOS.topConceptOf, chosen) if isinstance(s, URIRef)}
    members |= {o for o in graph.objects(chosen, SKOS.hasTopConcept) if isinstance(o, URIRef)}
    return members
