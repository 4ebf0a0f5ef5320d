"""Tables back to a graph: every cell checked, every problem reported with sheet, row and column.

Rows without an IRI get one minted from their prefLabel under the scheme's namespace (or
``base``): a lower-case hyphenated slug, with ``-2``, ``-3`` … when the slug is taken, so an
existing IRI is never reused. Link cells may name another row by its prefLabel.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from ..errors import DataLoadError
from ..namespaces import bind_prefixes
from .cells import CellError, restore, split
from .columns import IRI, LANGUAGE, Column, Names, default_prefixes
from .tables import Book

MAX_REPORTED = 100


@dataclass(frozen=True)
class Problem:
    """One bad cell: where it is and why."""

    sheet: str
    row: int
    column: int  # 1-based; 0 when the whole row is meant
    header: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.sheet} row {self.row}"
        if self.column:
            where += f", column {letters(self.column)}" + (f" ({self.header})" if self.header else "")
        return f"{where}: {self.reason}"


class SheetError(DataLoadError):
    """A spreadsheet could not be read; ``problems`` lists every bad cell."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.problems = problems
        shown = [f"  {p}" for p in problems[:MAX_REPORTED]]
        if len(problems) > MAX_REPORTED:
            shown.append(f"  … and {len(problems) - MAX_REPORTED} more")
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{source}: {count}, nothing written:\n" + "\n".join(shown))


def letters(number: int) -> str:
    """Spreadsheet column letters: 1 -> ``A``, 28 -> ``AB``."""
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text


@dataclass
class _Row:
    sheet: str
    number: int
    cells: list[str]
    subject: Node | None = None
    labels: list[tuple[str, str]] = field(default_factory=list)  # (language, prefLabel)


@dataclass
class _Sheet:
    name: str
    has_iri: bool
    columns: list[Column | None] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)


def check_options(base: str | None, scheme: str | None, lang: str) -> None:
    """Refuse a base or scheme that is not an absolute IRI, and a language that is not a tag."""
    for name, value in (("--base", base), ("--scheme", scheme)):
        if value is not None and not IRI.match(value):
            raise DataLoadError(f"{name} {value!r} is not an absolute IRI (such as https://example.org/vocab/)")
    if not LANGUAGE.match(lang):
        raise DataLoadError(f"--lang {lang!r} is not a language tag (such as en, fi or pt-BR)")


def from_book(book: Book, source: str, *, base: str | None = None, scheme: str | None = None,
              lang: str = "en") -> Graph:
    """The graph the tables describe; raises :class:`SheetError` listing every problem."""
    check_options(base, scheme, lang)
    problems: list[Problem] = []
    names = Names(_prefixes(book.get("prefixes", []), problems))
    graph = bind_prefixes(Graph())
    for prefix, namespace in names.prefixes.items():
        graph.bind(prefix, namespace, override=True)
    sheets = [_read_sheet(name, book[name], names, lang, problems)
              for name in ("concepts", "scheme", "resources") if book.get(name)]
    blanks: dict[str, BNode] = {}
    taken: set[Node] = set()
    pending: list[tuple[_Row, int]] = []
    for sheet in sheets:
        for row in sheet.rows:
            cell = row.cells[0].strip() if sheet.has_iri and row.cells else ""
            if not cell:
                pending.append((row, 1 if sheet.has_iri else 0))
                continue
            row.subject = _subject(cell, names, blanks, row, problems)
            if row.subject in taken:
                problems.append(Problem(row.sheet, row.number, 1, "iri", f"{cell} has a row already"))
            if row.subject is not None:
                taken.add(row.subject)
    mint_under = base or _namespace(scheme, sheets)
    for row, where in pending:
        label = _mint_label(row, lang)
        if label is None:
            problems.append(Problem(row.sheet, row.number, where, "iri", "no IRI and no prefLabel to mint one from"))
        elif mint_under is None:
            problems.append(Problem(row.sheet, row.number, where, "iri",
                                    f"no IRI for {label!r}: give one, or a base IRI (--base) or scheme to mint it"))
        else:
            row.subject = _mint(mint_under, label, taken)
            taken.add(row.subject)
    by_label: dict[str, list[Node]] = {}
    for sheet in sheets:
        for row in sheet.rows:
            for _, text in row.labels if row.subject is not None else ():
                by_label.setdefault(text.strip().casefold(), []).append(row.subject)  # type: ignore[arg-type]
    implied = {"concepts": SKOS.Concept, "scheme": SKOS.ConceptScheme}
    for sheet in sheets:
        for row in sheet.rows:
            if row.subject is not None:
                _add_row(graph, row, sheet.columns, names, blanks, by_label, problems)
                if sheet.name in implied and (row.subject, RDF.type, None) not in graph:
                    graph.add((row.subject, RDF.type, implied[sheet.name]))  # a row's sheet says what it is
    if problems:
        raise SheetError(source, problems)
    if scheme is not None:
        concepts = [r.subject for s in sheets if s.name == "concepts" for r in s.rows]
        _put_in_scheme(graph, URIRef(scheme), concepts)
    return graph


def _prefixes(table: list[list[str]], problems: list[Problem]) -> dict[str, str]:
    found = default_prefixes()
    for number, line in enumerate(table[1:], 2):
        cells = [restore(c).strip() for c in line] + ["", ""]
        if not any(cells):
            continue
        if not IRI.match(cells[1]) or ":" in cells[0] or " " in cells[0]:
            problems.append(Problem("prefixes", number, 1, "prefix", f"{cells[0]!r} -> {cells[1]!r} is not a "
                                    "prefix and a namespace IRI"))
        else:
            found[cells[0]] = cells[1]
    return found


def _read_sheet(name: str, table: list[list[str]], names: Names, lang: str,
                problems: list[Problem]) -> _Sheet:
    header = [restore(h).strip() for h in table[0]]
    sheet = _Sheet(name, has_iri=header[:1] == ["iri"])
    seen: dict[Column, int] = {}
    for number, text in enumerate(header, 1):
        column: Column | None = None
        if text == "iri":
            if number != 1:
                problems.append(Problem(name, 1, number, text, "iri must be the first column"))
        elif text:
            try:
                column = names.parse_header(text, lang)
            except ValueError as exc:
                problems.append(Problem(name, 1, number, text, str(exc)))
        if column is not None and column in seen:
            problems.append(Problem(name, 1, number, text, f"the same column as {letters(seen[column])}"))
            column = None
        if column is not None:
            seen[column] = number
        sheet.columns.append(column)
    width = len(header)
    for number, line in enumerate(table[1:], 2):
        cells = [restore(c) for c in line]
        if any(c.strip() for c in cells[width:]):
            problems.append(Problem(name, number, width + 1, "", "a value beyond the last column"))
        if any(c.strip() for c in cells):
            row = _Row(name, number, cells[:width])
            for column, text in zip(sheet.columns, row.cells, strict=False):
                if column is not None and column.predicate == SKOS.prefLabel and column.kind != "iri":
                    row.labels += [(column.detail, v) for v in _values(text, row, 0, "", [])]
            sheet.rows.append(row)
    return sheet


def _values(text: str, row: _Row, column: int, header: str, problems: list[Problem]) -> list[str]:
    try:
        return split(text)
    except CellError as exc:
        problems.append(Problem(row.sheet, row.number, column, header, str(exc)))
        return []


def _subject(text: str, names: Names, blanks: dict[str, BNode], row: _Row, problems: list[Problem]) -> Node | None:
    if text.startswith("_:"):
        return blanks.setdefault(text, BNode())
    try:
        return names.expand(text)
    except ValueError as exc:
        problems.append(Problem(row.sheet, row.number, 1, "iri", str(exc)))
        return None


def _add_row(graph: Graph, row: _Row, columns: list[Column | None], names: Names, blanks: dict[str, BNode],
             by_label: dict[str, list[Node]], problems: list[Problem]) -> None:
    subject = row.subject
    assert subject is not None
    for number, (column, text) in enumerate(zip(columns, row.cells, strict=False), 1):
        if column is None or not text.strip():
            continue
        header = names.header(column)
        for value in _values(text, row, number, header, problems):
            if column.kind != "iri":
                literal = column.term(value)
                if literal.ill_typed:
                    problems.append(Problem(row.sheet, row.number, number, header,
                                            f"{value!r} is not a valid {names.iri(URIRef(column.detail), {})}"))
                graph.add((subject, column.predicate, literal))
                continue
            target = _link(value, names, blanks, by_label)
            if not isinstance(target, URIRef | BNode):
                problems.append(Problem(row.sheet, row.number, number, header, str(target)))
            elif column.inverse:
                graph.add((target, column.predicate, subject))
            else:
                graph.add((subject, column.predicate, target))


def _link(value: str, names: Names, blanks: dict[str, BNode], by_label: dict[str, list[Node]]) -> Node | str:
    """The node a link cell value names, or the reason it names none."""
    if value.startswith("_:"):
        return blanks.setdefault(value, BNode())
    matches = by_label.get(value.strip().casefold(), [])
    try:
        iri = names.expand(value)
    except ValueError:
        if len(matches) == 1:
            return matches[0]
        if matches:
            return f"{value!r} is the prefLabel of {len(matches)} rows; use the IRI"
        return f"{value!r} is neither an IRI, a CURIE with a known prefix, nor the prefLabel of a row"
    return iri


def _namespace(scheme: str | None, sheets: list[_Sheet]) -> str | None:
    """Where minted IRIs go: the scheme IRI up to its last ``/`` or ``#``."""
    if scheme is None:
        found = [r.subject for s in sheets if s.name == "scheme" for r in s.rows if isinstance(r.subject, URIRef)]
        if not found:
            return None
        scheme = str(found[0])
    cut = max(scheme.rfind("/"), scheme.rfind("#"))
    return scheme[:cut + 1] if cut > scheme.find("//") + 1 else scheme + "/"


def _mint_label(row: _Row, lang: str) -> str | None:
    """The prefLabel to mint from: in ``lang`` if there is one, else the first."""
    labels = [text for _, text in sorted(row.labels, key=lambda pair: pair[0] != lang) if text.strip()]
    return labels[0] if labels else None


def slug(label: str) -> str:
    """A lower-case, hyphenated ASCII slug: ``"Net Promoter Score (NPS)"`` -> ``net-promoter-score-nps``."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "concept"


def _mint(namespace: str, label: str, taken: set[Node]) -> URIRef:
    stem = slug(label)
    candidates: Iterator[URIRef] = (URIRef(namespace + stem + (f"-{n}" if n > 1 else "")) for n in range(1, 10**6))
    return next(c for c in candidates if c not in taken)


def _put_in_scheme(graph: Graph, scheme: URIRef, concepts: list[Node | None]) -> None:
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for concept in concepts:
        if concept is None:
            continue
        if (concept, SKOS.inScheme, None) not in graph:
            graph.add((concept, SKOS.inScheme, scheme))
        if (concept, SKOS.broader, None) not in graph and (None, SKOS.narrower, concept) not in graph \
                and (concept, SKOS.topConceptOf, None) not in graph:
            graph.add((concept, SKOS.topConceptOf, scheme))
            graph.add((scheme, SKOS.hasTopConcept, concept))
