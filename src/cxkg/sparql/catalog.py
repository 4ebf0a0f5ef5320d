"""The named queries: read the comment header of each ``queries/*.rq`` file.

A header is the comment block a query file opens with; its first line names the query (the file
stem) and says what it returns::

    # ancestors — every concept above a concept in the broader hierarchy, nearest first.
    # param concept: concept — the concept (label, acronym, CURIE or IRI), e.g. NPS
    # param lang: lang? — language of the labels (default: the glossary's), e.g. en
    # returns: ancestor, label, distance

``param NAME: TYPE`` is required, ``TYPE?`` optional (left unbound, except that a ``lang`` parameter
defaults to the glossary's language) and ``TYPE = VALUE`` has a default. Other comment lines are notes.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import QueryError, UnknownResource
from ..resources import bundled_files, resolve

#: parameter types: concept (anything Glossary.concept() accepts, bound as its IRI), iri (IRI, <IRI> or
#: CURIE), string, lang (a language tag), integer, boolean
TYPES = ("concept", "iri", "string", "lang", "integer", "boolean")

_FIRST = re.compile(r"#\s*(?P<name>[\w.-]+)\s+[—–-]+\s+(?P<description>.+)")
_PARAM = re.compile(r"#\s*param\s+(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>\w+)(?P<optional>\?)?"
                    r"(?:\s*=\s*(?P<default>\S+))?\s+[—–-]+\s+(?P<description>.+?)"
                    r"(?:,?\s+e\.g\.\s+(?P<example>.+))?")
_RETURNS = re.compile(r"#\s*returns\s*:\s*(?P<vars>.+)")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a named query."""

    name: str
    type: str
    description: str
    required: bool = True
    default: str | None = None
    example: str | None = None

    def __str__(self) -> str:
        suffix = f" = {self.default}" if self.default is not None else "" if self.required else "?"
        return f"{self.name}: {self.type}{suffix}"


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name, what it does and returns, its parameters and its text."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    returns: tuple[str, ...]
    path: Path
    text: str


def read_query(path: str | Path) -> NamedQuery:
    """Read a ``.rq`` file and its header; a file without one has no parameters."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    description, parameters = "", []
    returns: tuple[str, ...] = ()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line.startswith("#"):
            break
        if re.match(r"#\s*param\b", line):
            parameters.append(_parameter(line, f"{path}:{number}"))
        elif match := _RETURNS.fullmatch(line):
            returns = tuple(name.strip().lstrip("?") for name in match["vars"].split(","))
        elif number == 1:
            match = _FIRST.fullmatch(line)
            description = match["description"] if match and match["name"] == path.stem else line.lstrip("# ")
    return NamedQuery(path.stem, description, tuple(parameters), returns, path, text)


def _parameter(line: str, where: str) -> Parameter:
    match = _PARAM.fullmatch(line)
    if match is None:
        raise QueryError(f"{where}: malformed parameter; expected "
                         "'# param NAME: TYPE[?] [= DEFAULT] — DESCRIPTION[, e.g. EXAMPLE]'")
    if match["type"] not in TYPES:
        raise QueryError(f"{where}: unknown parameter type {match['type']!r}; expected one of {', '.join(TYPES)}")
    return Parameter(match["name"], match["type"], match["description"],
                     required=not match["optional"] and match["default"] is None,
                     default=match["default"], example=match["example"])


@cache
def _bundled() -> dict[str, NamedQuery]:
    return {query.name: query for query in map(read_query, bundled_files("queries"))}


def catalog() -> list[NamedQuery]:
    """The bundled named queries, sorted by name."""
    return list(_bundled().values())


def named_query(name: str) -> NamedQuery:
    """A bundled query by name, or a query file by path; an unknown name lists the valid ones."""
    queries = _bundled()
    if name in queries:
        return queries[name]
    try:
        return read_query(resolve("queries", name))
    except UnknownResource:
        close = difflib.get_close_matches(name, list(queries), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ";"
        raise UnknownResource(f"no query named {name!r}{hint} named queries: {', '.join(queries)}") from None
