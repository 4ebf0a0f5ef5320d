"""The glossary as a spreadsheet and back, keeping everything: CSV and XLSX.

Export: :func:`write_csv` and :func:`write_xlsx` (``cxkg export -F csv|xlsx``). Import:
:func:`read_sheet` (``cxkg import``). The layout (sheets, headers, separators, escapes, formula
neutralising) is described in :mod:`cxkg.spreadsheet.columns` and :mod:`cxkg.spreadsheet.cells`;
an export read back gives a graph isomorphic to the one written.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from rdflib import Graph

from ..exporters import Rendered
from ..glossary import Glossary
from .cells import restore
from .columns import default_prefixes
from .files import SIDE_FILES, csv_text, read_book, xlsx_bytes
from .reader import Problem, SheetError, check_options, from_book, slug
from .tables import SHEETS, to_book

__all__ = ["Problem", "SheetError", "read_sheet", "slug", "write_csv", "write_xlsx"]


def write_csv(glossary: Glossary) -> Rendered:
    """The concepts table as CSV; the scheme, resources and prefixes tables as side files."""
    book, dropped, held = to_book(glossary.graph)
    siblings = {SIDE_FILES[name]: csv_text(book[name]) for name in SHEETS if name != "concepts"}
    return Rendered(csv_text(book["concepts"]), _lines(dropped), siblings=siblings,
                    unwritten=_side_losses(book, held) + _unknown_prefixes(book))


def write_xlsx(glossary: Glossary) -> Rendered:
    """One workbook with a sheet per table."""
    book, dropped, _ = to_book(glossary.graph)
    return Rendered(xlsx_bytes(book), _lines(dropped))


def read_sheet(path: str | os.PathLike[str], *, base: str | None = None, scheme: str | None = None,
               lang: str = "en") -> Graph:
    """The graph in a CSV (with its side files) or XLSX spreadsheet.

    ``base`` (or, without it, the namespace of ``scheme`` or of the scheme row) is where IRIs of
    rows without one are minted; ``scheme`` also puts every concept in that scheme; ``lang`` is the
    language of bare label and note columns (``prefLabel`` without ``@``). Raises
    :class:`SheetError` naming every bad cell.
    """
    check_options(base, scheme, lang)
    return from_book(read_book(Path(path)), str(path), base=base, scheme=scheme, lang=lang)


def _lines(dropped: Counter[str]) -> list[str]:
    return [f"{reason}: {count}" for reason, count in sorted(dropped.items())]


def _unknown_prefixes(book: dict[str, list[list[str]]]) -> list[str]:
    """The prefixes a reader of the concepts file alone would not know."""
    known = default_prefixes()
    custom = sorted(p for p, ns in book["prefixes"][1:] if known.get(restore(p)) != restore(ns))
    if not custom:
        return []
    return [f"prefixes table (written only beside an output file): {len(custom)} prefixes a reader does not "
            f"know by default ({', '.join(custom)}); cells using them do not read back without it"]


def _side_losses(book: dict[str, list[list[str]]], held: Counter[str]) -> list[str]:
    """What is lost when only the concepts file can be written (to standard output)."""
    return [f"{name} table (written only beside an output file): {held[name]} triples in {len(book[name]) - 1} rows"
            for name in ("scheme", "resources") if held[name]]
