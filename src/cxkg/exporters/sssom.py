"""SSSOM: the glossary's SKOS mapping links as a Simple Standard for Sharing Ontological Mappings TSV.

The file starts with the YAML metadata block (each line behind ``#``: ``curie_map``, ``mapping_set_id``,
``license`` …), then one tab-separated row per mapping, sorted. Only ``skos:exactMatch``,
``closeMatch``, ``broadMatch``, ``narrowMatch`` and ``relatedMatch`` links of exported concepts are
carried; everything else is reported as dropped.
"""

from __future__ import annotations

import csv
import io

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from ..glossary import Glossary
from . import Curies, Rendered, yaml_text
from .facts import account, curies, exported

MAPPING_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "mapping_justification", "object_source")
#: external vocabularies the bundled glossary maps to: namespace -> (prefix, source IRI)
KNOWN_TARGETS = {"http://zbw.eu/stw/descriptor/": ("stw", "http://zbw.eu/stw")}
SEMAPV = "https://w3id.org/semapv/vocab/"
MAPPING_SET_ID = "https://w3id.org/cxkg/mappings.sssom.tsv"


def sssom(glossary: Glossary) -> Rendered:
    """The SSSOM TSV text (metadata block + rows) for the glossary's mapping links."""
    concepts = exported(glossary)
    base = curies(glossary)
    namespaces = dict(base.prefixes)
    for namespace, (prefix, _) in KNOWN_TARGETS.items():
        namespaces.setdefault(prefix, namespace)
    namespaces.setdefault("skos", str(SKOS))
    namespaces["semapv"] = SEMAPV
    shorten = Curies(namespaces.items())
    rows = []
    for iri, concept in concepts.items():
        for predicate in MAPPING_PREDICATES:
            for target in sorted(o for o in glossary.graph.objects(iri, predicate) if isinstance(o, URIRef)):
                rows.append((shorten.shorten(iri), concept.label, shorten.shorten(predicate), shorten.shorten(target),
                             "semapv:ManualMappingCuration", _source_of(str(target))))
    rows.sort()
    used = {value.split(":", 1)[0] for row in rows for value in (row[0], row[2], row[3], row[4])}
    curie_map = {prefix: ns for prefix, ns in sorted(shorten.prefixes.items()) if prefix in used}
    header = yaml_text(_metadata(glossary, curie_map))
    out = io.StringIO()
    out.write("".join(f"#{line}\n" for line in header.splitlines()))
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    handled = frozenset({SKOS.prefLabel, *MAPPING_PREDICATES})
    return Rendered(out.getvalue(), account(glossary, handled, others="; only mapping links are carried"))


def _source_of(target: str) -> str:
    return next((source for namespace, (_, source) in KNOWN_TARGETS.items() if target.startswith(namespace)), "")


def _metadata(glossary: Glossary, curie_map: dict[str, str]) -> dict[str, object]:
    scheme = next(iter(glossary.schemes), None)
    graph = glossary.graph
    title = graph.value(scheme, DCTERMS.title) if scheme is not None else None
    version = graph.value(scheme, OWL.versionInfo) if scheme is not None else None
    modified = graph.value(scheme, DCTERMS.modified) if scheme is not None else None
    licence = graph.value(scheme, DCTERMS.license) if scheme is not None else None
    data: dict[str, object] = {"curie_map": curie_map, "mapping_set_id": MAPPING_SET_ID}
    if title is not None:
        data["mapping_set_title"] = f"Mappings of the {title}"
    if version is not None:
        data["mapping_set_version"] = str(version)
    data["license"] = str(licence) if licence is not None else "https://creativecommons.org/licenses/by/4.0/"
    if scheme is not None:
        data["subject_source"] = str(scheme)
    if modified is not None:
        data["publication_date"] = str(modified)
    data["comment"] = ("Links curated by hand. STW Thesaurus for Economics (ZBW, ODbL 1.0) concept IRIs are "
                       "referenced, not copied.")
    return data
