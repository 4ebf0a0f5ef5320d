"""Tables to and from files: CSV (one file per table) and XLSX (one workbook, a sheet per table).

A CSV export writes the concepts to ``NAME.csv`` and the other tables beside it as
``NAME.scheme.csv``, ``NAME.resources.csv`` and ``NAME.prefixes.csv``; import reads them back when
they are there. Every cell is text (XLSX cells are written as strings, so ``007`` stays ``007``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

from ..errors import DataLoadError
from .reader import Problem, SheetError
from .tables import SHEETS, Book, Table

#: what each table's CSV file name adds before ``.csv`` (the concepts table is the file itself)
SIDE_FILES = {name: f".{name}.csv" for name in SHEETS if name != "concepts"}
_EPOCH = datetime(2000, 1, 1)


def side_path(path: Path, sheet: str) -> Path:
    """Where the CSV of ``sheet`` lives beside the concepts file ``path``."""
    return path.with_name(path.with_suffix("").name + SIDE_FILES[sheet])


def csv_text(table: Table) -> str:
    """One table as CSV (UTF-8, RFC 4180 quoting, CRLF line ends)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    return buffer.getvalue()


def xlsx_bytes(book: Book) -> bytes:
    """The tables as one XLSX workbook, every cell a string; the same tables give the same bytes."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.creator = "cxkg"
    workbook.properties.created = workbook.properties.modified = _EPOCH
    for name in SHEETS:
        sheet = workbook.create_sheet(name)
        for line in book.get(name, []):
            sheet.append(line)
    raw = io.BytesIO()
    workbook.save(raw)
    stable = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fixed_times(data)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED)
    return stable.getvalue()


def _fixed_times(core: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", core)


def read_book(path: Path) -> Book:
    """The tables in a CSV (with its side files) or an XLSX file."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    book = {"concepts": _read_csv(path, "concepts")}
    for sheet in SIDE_FILES:
        side = side_path(path, sheet)
        if side.is_file():
            book[sheet] = _read_csv(side, sheet)
    return book


def _read_csv(path: Path, sheet: str) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataLoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise DataLoadError(f"{path}: not UTF-8 text (byte {exc.start}); save the sheet as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    table: Table = []
    start = 1
    try:
        for line in reader:
            table.append(line)
            start = reader.line_num + 1
    except csv.Error as exc:
        reason = ("a quoted cell is never closed (the quote opens on this row)"
                  if "unexpected end of data" in str(exc) else f"not CSV: {exc}")
        raise SheetError(str(path), [Problem(sheet, start, 0, "", reason)]) from None
    if not table:
        raise DataLoadError(f"{path}: empty; the first row must name the columns")
    return table


def _read_xlsx(path: Path) -> Book:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except OSError as exc:
        raise DataLoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except Exception as exc:  # zip, XML and openpyxl errors all mean a damaged or foreign file
        raise DataLoadError(f"{path}: not an XLSX workbook ({type(exc).__name__}: {exc})") from None
    book: Book = {}
    problems: list[Problem] = []
    try:
        for name in SHEETS:
            if name not in workbook.sheetnames:
                continue
            table: Table = []
            for number, row in enumerate(workbook[name].iter_rows(), 1):
                line = []
                for index, cell in enumerate(row, 1):
                    if getattr(cell, "data_type", None) == "f":
                        problems.append(Problem(name, number, index, "", "a formula; type the value instead"))
                    line.append(_text(cell.value))
                table.append(line)
            book[name] = table
    except Exception as exc:  # a damaged sheet inside a readable zip
        raise DataLoadError(f"{path}: damaged XLSX workbook ({type(exc).__name__}: {exc})") from None
    finally:
        workbook.close()
    if problems:
        raise SheetError(str(path), problems)
    if "concepts" not in book:
        raise DataLoadError(f"{path}: no sheet named 'concepts' (sheets: {', '.join(workbook.sheetnames)})")
    return book


def _text(value: object) -> str:
    """A cell's value as the text a person typed (numbers without a trailing ``.0``, dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat() if value.time() != datetime.min.time() else value.date().isoformat()
    return str(value)
