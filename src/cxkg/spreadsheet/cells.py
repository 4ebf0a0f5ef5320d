r"""How one cell holds several values, and how a cell is kept from running as a formula.

Several values share a cell joined by `` | ``. Inside a value, ``\`` is written ``\\`` and ``|`` is
written ``\|``; characters a spreadsheet cannot keep (carriage return, control characters, lone
surrogates) and whitespace at either end of a value are written ``\uXXXX``; an empty value is
``\e``. Readers trim the spaces around separators, so hand-typed ``a|b`` and ``a | b`` are the same.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a formula
in Excel, LibreOffice or Google Sheets (OWASP "CSV injection"), so the writer puts ``'`` in front
of it, and in front of a cell that starts with ``'`` itself; the reader takes one leading ``'``
away. Spreadsheet programs treat a leading ``'`` the same way, so what people see is the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SEPARATOR = " | "
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_EDGE = re.compile(r"^\s+|\s+$")


class CellError(ValueError):
    """A cell's text does not follow the escaping rules."""


def join(values: Iterable[str]) -> str:
    r"""One cell holding ``values`` (see the module text for the escapes).

    >>> join(["a|b", " c", ""])
    'a\\|b | \\u0020c | \\e'
    """
    return SEPARATOR.join(_escape(value) for value in values)


def split(cell: str) -> list[str]:
    r"""The values of one cell (the inverse of :func:`join`); blank parts are skipped.

    >>> split(r"a\|b |  \u0020c|| \e")
    ['a|b', ' c', '']
    """
    values: list[str] = []
    current: list[str] = []
    kept = False  # the part holds an escape, so it is a value even when it reads as blank
    i = 0
    while i < len(cell):
        char = cell[i]
        if char == "\\":
            code = cell[i + 1:i + 2]
            if code in ("\\", "|"):
                current.append(code)
                i += 2
            elif code == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", cell[i + 2:i + 6]):
                current.append("\x00" + chr(int(cell[i + 2:i + 6], 16)))  # marked: not trimmed
                i += 6
            elif code == "e":
                kept = True
                i += 2
            else:
                raise CellError(f"unknown escape {cell[i:i + 2]!r} (write \\\\ for a backslash)")
            kept = True
            continue
        if char == "|":
            _finish(values, current, kept)
            current, kept = [], False
        else:
            current.append(char)
        i += 1
    _finish(values, current, kept)
    return values


def _finish(values: list[str], parts: list[str], kept: bool) -> None:
    start, end = 0, len(parts)
    while start < end and parts[start].isspace() and len(parts[start]) == 1:
        start += 1
    while end > start and parts[end - 1].isspace() and len(parts[end - 1]) == 1:
        end -= 1
    text = "".join(p[-1] for p in parts[start:end])
    if text or kept:
        values.append(text)


def _escape(value: str) -> str:
    if value == "":
        return "\\e"
    text = value.replace("\\", "\\\\").replace("|", "\\|")
    text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
    return _EDGE.sub(lambda m: "".join(f"\\u{ord(c):04X}" for c in m.group()), text)


def neutralise(cell: str) -> str:
    """``cell`` with ``'`` in front when a spreadsheet would read it as a formula (or it starts with ``'``).

    >>> neutralise("=1+1"), neutralise("plain")
    ("'=1+1", 'plain')
    """
    return "'" + cell if cell.startswith(_TRIGGERS) else cell


def restore(cell: str) -> str:
    """The inverse of :func:`neutralise`: one leading ``'`` is taken away.

    >>> restore("'=1+1")
    '=1+1'
    """
    return cell[1:] if cell.startswith("'") else cell
