"""The glossary as a spreadsheet: write CSV, and turn an edited CSV back into SKOS.

One row per concept; columns :data:`COLUMNS`. List cells hold values separated by ``;`` (a ``;`` or
``\\`` inside a value is escaped with ``\\``). Link cells (broader, narrower, related) hold IRIs when
written; when read they may also hold the prefLabel of another row, so people can type names.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from .errors import DataLoadError
from .exporters import Rendered
from .exporters.facts import account, exported
from .glossary import Glossary
from .namespaces import CX, bind_prefixes

COLUMNS = ("iri", "prefLabel", "altLabels", "acronyms", "definition", "broader", "narrower", "related",
           "sources")
_LISTS = frozenset({"altLabels", "acronyms", "broader", "narrower", "related", "sources"})
_LINKS = {"broader": SKOS.broader, "narrower": SKOS.narrower, "related": SKOS.related}
_HANDLED = frozenset({SKOS.prefLabel, SKOS.altLabel, CX.acronym, SKOS.definition, DCTERMS.source,
                      SKOS.broader, SKOS.narrower, SKOS.related})


def join(values: list[str] | tuple[str, ...]) -> str:
    r"""One list cell: values joined by ``; `` with ``\`` and ``;`` escaped.

    >>> join(["a;b", "c"])
    'a\\;b; c'
    """
    return "; ".join(v.replace("\\", "\\\\").replace(";", "\\;") for v in values)


def split(cell: str) -> list[str]:
    r"""The values of one list cell (the inverse of :func:`join`); blanks are skipped.

    >>> split(r"a\;b; c;;")
    ['a;b', 'c']
    """
    values, current = [], []
    chars = iter(cell)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == ";":
            values.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    values.append("".join(current).strip())
    return [v for v in values if v]


def write_csv(glossary: Glossary) -> Rendered:
    """The glossary as CSV text (UTF-8, RFC 4180 quoting), one row per concept in IRI order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for concept in exported(glossary).values():
        writer.writerow([str(concept.iri), concept.label, join(concept.alt_labels), join(concept.acronyms),
                         concept.definition or "", join([str(i) for i in concept.broader]),
                         join([str(i) for i in concept.narrower]), join([str(i) for i in concept.related]),
                         join([str(i) for i in concept.sources])])
    return Rendered(buffer.getvalue(), account(glossary, _HANDLED))


def read_csv(path: str | os.PathLike[str], base: str | None = None, scheme: str | None = None,
             lang: str = "en") -> Graph:
    """A SKOS graph from a CSV with (a subset of) :data:`COLUMNS`; ``prefLabel`` is required.

    Rows without an ``iri`` get ``base`` + a slug of the prefLabel. Link cells may name another row
    by IRI or by prefLabel. With ``scheme``, every concept is put in that scheme and concepts with
    no broader become its top concepts. Acronyms are also written as skos:altLabel.
    """
    rows = _rows(Path(path))
    iris = [_row_iri(path, n, row, base) for n, row in rows]
    first_row: dict[URIRef, int] = {}
    for (number, _), iri in zip(rows, iris, strict=True):
        if iri in first_row:
            raise DataLoadError(f"{path}:{number}: IRI {iri} is already used on line {first_row[iri]}")
        first_row[iri] = number
    by_label: dict[str, list[URIRef]] = {}
    for (_, row), iri in zip(rows, iris, strict=True):
        by_label.setdefault(row["prefLabel"].strip().casefold(), []).append(iri)
    known = set(iris)
    graph = bind_prefixes(Graph())
    scheme_iri = URIRef(scheme) if scheme else None
    if scheme_iri is not None:
        graph.add((scheme_iri, RDF.type, SKOS.ConceptScheme))
    for (number, row), iri in zip(rows, iris, strict=True):
        graph.add((iri, RDF.type, SKOS.Concept))
        graph.add((iri, SKOS.prefLabel, Literal(row["prefLabel"].strip(), lang=lang)))
        for alt in split(row.get("altLabels", "")):
            graph.add((iri, SKOS.altLabel, Literal(alt, lang=lang)))
        for acronym in split(row.get("acronyms", "")):
            graph.add((iri, CX.acronym, Literal(acronym, lang=lang)))
            graph.add((iri, SKOS.altLabel, Literal(acronym, lang=lang)))
        if row.get("definition", "").strip():
            graph.add((iri, SKOS.definition, Literal(row["definition"].strip(), lang=lang)))
        for source in split(row.get("sources", "")):
            graph.add((iri, DCTERMS.source, _as_iri(path, number, "sources", source)))
        for column, prop in _LINKS.items():
            for ref in split(row.get(column, "")):
                graph.add((iri, prop, _link(path, number, column, ref, known, by_label)))
        if scheme_iri is not None:
            graph.add((iri, SKOS.inScheme, scheme_iri))
    if scheme_iri is not None:
        for iri in sorted(iris):
            if (iri, SKOS.broader, None) in graph or (None, SKOS.narrower, iri) in graph:
                continue
            graph.add((iri, SKOS.topConceptOf, scheme_iri))
            graph.add((scheme_iri, SKOS.hasTopConcept, iri))
    return graph


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataLoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise DataLoadError(f"{path}: not UTF-8 text (byte {exc.start}); save the sheet as CSV UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in COLUMNS]
    problems = ["no 'prefLabel' column"] if "prefLabel" not in header else []
    if unknown:
        problems.append(f"unknown columns {', '.join(map(repr, unknown))}")
    if problems:
        raise DataLoadError(f"{path}:1: {'; '.join(problems)}; expected columns: {', '.join(COLUMNS)}")
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if None in row:
                raise DataLoadError(f"{path}:{reader.line_num}: more cells than columns")
            if any((value or "").strip() for value in row.values()):
                rows.append((reader.line_num, {k: v or "" for k, v in row.items()}))
    except csv.Error as exc:
        raise DataLoadError(f"{path}:{reader.line_num}: {exc}") from None
    return rows


def _row_iri(path: str | os.PathLike[str], number: int, row: dict[str, str], base: str | None) -> URIRef:
    label = row["prefLabel"].strip()
    if not label:
        raise DataLoadError(f"{path}:{number}: empty prefLabel")
    if row.get("iri", "").strip():
        return _as_iri(path, number, "iri", row["iri"].strip())
    if not base:
        raise DataLoadError(f"{path}:{number}: no iri for {label!r}; give one, or pass a base IRI (--base)")
    return URIRef(base + slug(label))


def _as_iri(path: str | os.PathLike[str], number: int, column: str, text: str) -> URIRef:
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", text) and not re.search(r"[\s<>\"{}|^`\\]", text):
        return URIRef(text)
    raise DataLoadError(f"{path}:{number}: {column}: {text!r} is not an IRI")


def _link(path: str | os.PathLike[str], number: int, column: str, ref: str, known: set[URIRef],
          by_label: dict[str, list[URIRef]]) -> URIRef:
    matches = by_label.get(ref.casefold(), [])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise DataLoadError(f"{path}:{number}: {column}: {ref!r} names {len(matches)} rows; use the IRI")
    if URIRef(ref) in known or "://" in ref or ref.startswith("urn:"):
        return _as_iri(path, number, column, ref)
    raise DataLoadError(f"{path}:{number}: {column}: no row is labelled {ref!r} (and it is not an IRI)")


def slug(label: str) -> str:
    """A lower-case, hyphenated ASCII slug: ``"Net Promoter Score (NPS)"`` -> ``net-promoter-score-nps``."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "concept"
