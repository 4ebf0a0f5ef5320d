"""A self-contained Cypher script for Neo4j: ``MERGE`` on IRIs, so running it twice changes nothing.

Every node is a ``:Resource`` with a unique ``iri``; concepts are also ``:Concept`` (plus one label
per other type, e.g. ``:Metric``). Concepts carry ``prefLabel``, every ``altLabels`` value and every
``acronyms`` value as lists, ``definition``, ``scopeNote`` and one property per other literal fact.
Relationships: ``BROADER`` (child -> parent, once per link), ``RELATED`` (once per pair), one type
per other IRI-valued property (``SOURCE``, ``IN_SCHEME``, ``EXACT_MATCH``, …) and ``MEMBER`` from
collections.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from ..glossary import Glossary
from ..namespaces import CX
from ..terms import in_language, local_name
from . import Rendered
from .facts import LINKS, account, curies, exported

_BATCH = 500
_FIXED = {SKOS.prefLabel: "prefLabel", SKOS.altLabel: "altLabels", CX.acronym: "acronyms",
          SKOS.definition: "definition", SKOS.scopeNote: "scopeNote"}
_LISTS = {"altLabels", "acronyms"}
_NOT_WRITTEN = {SKOS.narrower, RDF.type}  # narrower is BROADER read backwards; types become labels
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

Value = str | bool | int | list[str]


def neo4j(glossary: Glossary) -> Rendered:
    """The Cypher script (see the module docstring)."""
    graph = glossary.graph
    active = set(glossary.iris)
    keys = _property_keys(glossary)
    multi = _multi_valued(glossary, keys)
    nodes: dict[tuple[str, ...], list[str]] = defaultdict(list)
    edges: dict[str, set[tuple[str, str]]] = defaultdict(set)
    resources: set[URIRef] = set()
    concepts = exported(glossary)
    for concept in concepts.values():
        iri = concept.iri
        props: dict[str, Value] = {}
        for predicate, key in keys.items():
            values = [o for o in graph.objects(iri, predicate) if isinstance(o, Literal)]
            kept = in_language(values, glossary.lang)
            if kept:
                props[key] = _value(kept, key in multi)
        extra = tuple(sorted(local_name(t) for t in concept.types if t != SKOS.Concept))
        nodes[("Concept", *extra)].append(_map({"iri": str(iri), "props": dict(sorted(props.items()))}))
        for parent in concept.broader:
            edges["BROADER"].add((str(iri), str(parent)))
        for other in concept.related:
            low, high = sorted((str(iri), str(other)))
            edges["RELATED"].add((low, high))
        for link, obj in graph.predicate_objects(iri):
            if isinstance(obj, URIRef) and link not in (*_NOT_WRITTEN, SKOS.broader, SKOS.related):
                edges[_relationship(str(link))].add((str(iri), str(obj)))
                if obj not in active:
                    resources.add(obj)
    for collection in {c for concept in concepts.values() for c in concept.collections}:
        resources.add(collection)
        for member in graph.objects(collection, SKOS.member):
            if member in active:
                edges["MEMBER"].add((str(collection), str(member)))
    for resource in sorted(resources):
        types = tuple(sorted(local_name(t) for t in graph.objects(resource, RDF.type) if isinstance(t, URIRef)))
        nodes[types].append(_map({"iri": str(resource), "props": {"label": glossary.label(resource)}}))
    return Rendered(_script(nodes, edges), account(glossary, LINKS | {RDF.type}, bag=True,
                                                    others="; resources keep their IRI, label and types"))


def _property_keys(glossary: Glossary) -> dict[URIRef, str]:
    """Property name per literal-valued predicate: fixed names, else the local name (prefixed on a clash)."""
    shorten = curies(glossary).shorten
    predicates = {p for iri in glossary.iris for p, o in glossary.graph.predicate_objects(iri)
                  if isinstance(o, Literal) and isinstance(p, URIRef) and p not in _FIXED}
    by_local: dict[str, list[URIRef]] = defaultdict(list)
    for predicate in sorted(predicates):  # a set: its order would follow the store
        by_local[local_name(predicate)].append(predicate)
    keys = dict(_FIXED)
    for local, group in by_local.items():
        for predicate in group:
            clash = len(group) > 1 or local in _FIXED.values() or local in ("iri", "label")
            keys[predicate] = shorten(predicate).replace(":", "_") if clash else local
    return keys


def _multi_valued(glossary: Glossary, keys: dict[URIRef, str]) -> set[str]:
    multi = set(_LISTS)
    for predicate, key in keys.items():
        counts: dict[URIRef, int] = defaultdict(int)
        for subject, obj in glossary.graph.subject_objects(predicate):
            if isinstance(obj, Literal) and obj.language in (None, glossary.lang):
                counts[subject] += 1  # type: ignore[index]
        if any(n > 1 for n in counts.values()):
            multi.add(key)
    return multi


def _value(values: list[Literal], as_list: bool) -> Value:
    if as_list:
        return [str(v) for v in values]
    value = values[0]
    if value.datatype == XSD.boolean and str(value) in ("true", "false"):
        return str(value) == "true"
    if value.datatype == XSD.integer and re.fullmatch(r"[+-]?\d{1,15}", str(value)):
        return int(str(value))
    return str(value)


def _script(nodes: dict[tuple[str, ...], list[str]], edges: dict[str, set[tuple[str, str]]]) -> str:
    out = ["// cxkg glossary for Neo4j. Run: cypher-shell -f THIS_FILE (re-running is safe: MERGE on iri).",
           "// With neosemantics instead: CALL n10s.graphconfig.init({handleMultival: 'ARRAY', keepLangTag: true})",
           "// then CALL n10s.rdf.import.fetch('file:///path/glossary.ttl', 'Turtle') on cxkg's Turtle export.",
           "CREATE CONSTRAINT cxkg_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE;", ""]
    for labels in sorted(nodes):
        extra = "".join(f" SET n:{_name(label)}" for label in labels)
        for batch in _batches(sorted(nodes[labels])):
            out.append("UNWIND [\n  " + ",\n  ".join(batch) + "\n] AS row\n"
                       f"MERGE (n:Resource {{iri: row.iri}}) SET n += row.props{extra};")
    for kind in sorted(edges):
        rows = [f"[{json.dumps(a, ensure_ascii=False)}, {json.dumps(b, ensure_ascii=False)}]"
                for a, b in sorted(edges[kind])]
        for batch in _batches(rows):
            out.append("UNWIND [\n  " + ",\n  ".join(batch) + "\n] AS pair\n"
                       "MATCH (a:Resource {iri: pair[0]}) MATCH (b:Resource {iri: pair[1]})\n"
                       f"MERGE (a)-[:{_name(kind)}]->(b);")
    return "\n".join(out) + "\n"


def _batches(rows: list[str]) -> list[list[str]]:
    return [rows[i:i + _BATCH] for i in range(0, len(rows), _BATCH)]


def _map(entries: dict[str, object]) -> str:
    """A Cypher map literal (strings JSON-escaped, which Cypher reads the same way)."""
    parts = []
    for key, value in entries.items():
        text = _map(value) if isinstance(value, dict) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{_name(key)}: {text}")
    return "{" + ", ".join(parts) + "}"


def _name(identifier: str) -> str:
    return identifier if _IDENTIFIER.match(identifier) else "`" + identifier.replace("`", "``") + "`"


def _relationship(predicate: str) -> str:
    """``skos:exactMatch`` -> ``EXACT_MATCH``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", local_name(predicate)).upper()
