"""Column headers and the terms in cells: what a header such as ``prefLabel@fi`` or
``cx:higherIsBetter^^xsd:boolean`` means, and how IRIs, CURIEs and blank nodes are written.

A header names a property and the kind of value its cells hold:

- ``NAME@LANG``: text in language LANG (``prefLabel@en``, ``altLabel@fi``);
- ``NAME^^TYPE``: typed literals (``cx:higherIsBetter^^xsd:boolean``, ``dct:created^^xsd:date``);
- ``NAME (IRI)`` / ``NAME (text)``: links / plain text, whatever NAME usually holds;
- ``NAME`` alone: links for the properties in :data:`LINKS` (broader, related, mappings, type,
  inScheme, …), plain text for the others;
- ``collections``: the collections that list the row as a ``skos:member``.

NAME is a SKOS term on its own (``prefLabel``, ``broader``), ``type`` for ``rdf:type``, a CURIE
(``dct:source``) or a full IRI in angle brackets. Link cells hold CURIEs, IRIs, ``_:label`` for a
blank node, or (on import) the prefLabel of another row.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ..exporters import Curies
from ..namespaces import CX, PREFIXES

MEMBER = SKOS.member
COLLECTIONS = "collections"
#: properties whose bare header holds links
LINKS = frozenset({
    RDF.type, SKOS.broader, SKOS.narrower, SKOS.related, SKOS.broaderTransitive, SKOS.narrowerTransitive,
    SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch, SKOS.mappingRelation,
    SKOS.semanticRelation, SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept, SKOS.member, SKOS.memberList,
    DCTERMS.source, DCTERMS.isReplacedBy, DCTERMS.replaces, DCTERMS.creator, DCTERMS.publisher,
    DCTERMS.contributor, DCTERMS.license, DCTERMS.conformsTo, DCTERMS.subject, DCTERMS.isPartOf, DCTERMS.hasPart,
    OWL.sameAs, RDFS.seeAlso, RDFS.isDefinedBy, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    CX.measures, CX.providesCapability, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
})
_ORDER = [SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation, RDF.type, SKOS.definition,
          SKOS.scopeNote, SKOS.example, SKOS.note, SKOS.historyNote, SKOS.editorialNote, SKOS.changeNote,
          SKOS.broader, SKOS.narrower, SKOS.related, SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch,
          SKOS.narrowMatch, SKOS.relatedMatch, SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept, MEMBER,
          DCTERMS.source, OWL.deprecated, DCTERMS.isReplacedBy]
_RANK = {p: i for i, p in enumerate(_ORDER)}
_HEADER = re.compile(r"^(?P<name><[^<>\s]+>|[^\s@^<>()]+?)\s*"
                     r"(?:@(?P<lang>[^\s]*)|\^\^(?P<type><[^<>\s]+>|\S+)|\((?P<kind>IRI|text)\))?$")
LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


#: SKOS properties, written without a prefix in headers
SKOS_TERMS = {name: URIRef(str(SKOS) + name) for name in SKOS.__annotations__ if name[0].islower()}


@dataclass(frozen=True, order=True)
class Column:
    """What one column holds: values of ``predicate`` as ``kind`` (iri, text, lang, typed)."""

    predicate: URIRef
    kind: str
    detail: str = ""  # the language tag (lang) or datatype IRI (typed)
    inverse: bool = False

    def term(self, text: str) -> Literal:
        """A literal of this column from its text (not for link columns)."""
        if self.kind == "lang":
            return Literal(text, lang=self.detail)
        if self.kind == "typed":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # rdflib's "Parsing weird boolean": the reader reports it, once
                return Literal(text, datatype=URIRef(self.detail))
        return Literal(text)

    def sort_key(self) -> tuple[int, str, str, str]:
        return (_RANK.get(self.predicate, len(_RANK)), "" if self.predicate in _RANK else str(self.predicate),
                self.kind, self.detail)


def column_of(predicate: URIRef, value: Node, inverse: bool = False) -> Column:
    """The column a value of ``predicate`` goes in."""
    if isinstance(value, Literal):
        if value.language:
            return Column(predicate, "lang", value.language)
        if value.datatype is not None:
            return Column(predicate, "typed", str(value.datatype))
        return Column(predicate, "text")
    return Column(predicate, "iri", inverse=inverse)


class Names:
    """Writes and reads the names in headers and link cells with one set of prefixes."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = dict(prefixes)
        self.curies = Curies(self.prefixes.items())
        self.used: set[str] = set()

    # -- writing ---------------------------------------------------------------------------
    def iri(self, node: Node, blanks: dict[Node, str]) -> str:
        """The cell text of an IRI or blank node: a CURIE, the IRI, or ``<IRI>`` when it reads as a CURIE."""
        if isinstance(node, BNode):
            return blanks[node]
        text = str(node)
        parts = self.curies.split(text)
        if parts is not None and "|" not in parts[1] and not parts[1].startswith("/"):
            self.used.add(parts[0])
            return f"{parts[0]}:{parts[1]}"
        if text.partition(":")[0] in self.prefixes or not _plain_iri(text):
            return f"<{text}>"
        return text

    def header(self, column: Column) -> str:
        """The header text of ``column``."""
        if column.inverse:
            return COLLECTIONS
        predicate = column.predicate
        local = str(predicate)[len(str(SKOS)):]
        if predicate == RDF.type:
            name = "type"
        elif str(predicate).startswith(str(SKOS)) and local in SKOS_TERMS:
            name = local
        else:
            name = self.iri(predicate, {})
            if not name.startswith("<") and ":" not in name:
                name = f"<{name}>"
        if column.kind == "lang":
            return f"{name}@{column.detail}"
        if column.kind == "typed":
            return f"{name}^^{self.iri(URIRef(column.detail), {})}"
        default = "iri" if predicate in LINKS else "lang" if predicate in _LABEL_LIKE else "text"
        if column.kind == default:
            return name
        return f"{name} ({'IRI' if column.kind == 'iri' else 'text'})"

    # -- reading ---------------------------------------------------------------------------
    def parse_header(self, text: str, lang: str) -> Column:
        """The column a header names; bare label and note columns take ``lang``. Raises ``ValueError``."""
        text = text.strip()
        if text == COLLECTIONS:
            return Column(MEMBER, "iri", inverse=True)
        match = _HEADER.match(text)
        if not match:
            raise ValueError(f"cannot read the header {text!r}")
        predicate = self._predicate(match.group("name"))
        if match.group("lang") is not None:
            tag = match.group("lang")
            if not LANGUAGE.match(tag):
                raise ValueError(f"{tag!r} is not a language tag")
            return Column(predicate, "lang", tag)
        if match.group("type"):
            return Column(predicate, "typed", str(self.expand(match.group("type"))))
        kind = match.group("kind")
        if kind:
            return Column(predicate, "iri" if kind == "IRI" else "text")
        if predicate in LINKS:
            return Column(predicate, "iri")
        if predicate in _LABEL_LIKE:
            return Column(predicate, "lang", lang)
        return Column(predicate, "text")

    def _predicate(self, name: str) -> URIRef:
        if name == "type":
            return RDF.type
        if name in SKOS_TERMS:
            return SKOS_TERMS[name]
        return self.expand(name)

    def expand(self, text: str) -> URIRef:
        """The IRI of ``<IRI>``, a CURIE with a known prefix, or an absolute IRI. Raises ``ValueError``."""
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        else:
            prefix, colon, local = text.partition(":")
            if colon and prefix in self.prefixes:
                text = self.prefixes[prefix] + local
            elif IRI.match(text) and not _plain_iri(text):
                raise ValueError(f"{text!r}: unknown prefix {prefix!r} (name it in the prefixes sheet, "
                                 "or write the IRI in <angle brackets>)")
        if not IRI.match(text):
            raise ValueError(f"{text!r} is not an IRI (nor a CURIE with a known prefix)")
        return URIRef(text)


def default_prefixes() -> dict[str, str]:
    """The prefixes a sheet may use without declaring them: rdflib's usual ones and cxkg's."""
    from rdflib import Graph

    found = {prefix: str(namespace) for prefix, namespace in Graph().namespaces()}
    return found | {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _plain_iri(text: str) -> bool:
    """True when ``text`` reads as an IRI without brackets: it has ``://`` or a well-known scheme."""
    return bool(IRI.match(text)) and ("://" in text or text.partition(":")[0].lower() in _SCHEMES)


_SCHEMES = frozenset({"urn", "mailto", "tag", "info", "data", "did", "doi", "file", "tel", "ark"})
_LABEL_LIKE = frozenset({SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.definition, SKOS.scopeNote,
                         SKOS.example, SKOS.note, SKOS.historyNote, SKOS.editorialNote, SKOS.changeNote,
                         CX.acronym, CX.formula, CX.scale})
