"""QueryResult: a query's answer as rdflib terms, Python values, a text table or a W3C results format."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import NamespaceManager
from rdflib.query import Result
from rdflib.term import Identifier

from ..errors import QueryError

#: the W3C SPARQL 1.1 Query Results formats (SELECT and ASK; csv and tsv carry SELECT only)
RESULT_FORMATS = ("json", "csv", "tsv", "xml")
#: the formats of a CONSTRUCT or DESCRIBE result graph
GRAPH_FORMATS = ("turtle", "json-ld")

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


@dataclass(frozen=True)
class QueryResult:
    """What a query returned: ``rows`` (SELECT), ``ask`` (ASK) or ``graph`` (CONSTRUCT, DESCRIBE).

    ``rows`` hold rdflib terms in ``vars`` order, ``None`` where a variable is unbound;
    ``truncated`` is true when the row limit cut them short. ``type`` is SELECT, ASK, CONSTRUCT,
    DESCRIBE or UPDATE.
    """

    type: str
    vars: tuple[str, ...] = ()
    rows: tuple[tuple[Identifier | None, ...], ...] = ()
    ask: bool | None = None
    graph: Graph | None = None
    truncated: bool = False
    namespaces: NamespaceManager | None = field(default=None, repr=False, compare=False)

    def __iter__(self) -> Iterator[tuple[Identifier | None, ...]]:
        return iter(self.rows)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts of Python values: IRIs and blank nodes as str, literals via ``toPython()``."""
        return [dict(zip(self.vars, map(_python, row), strict=True)) for row in self.rows]

    def to_table(self, compact: bool = False) -> list[list[str]]:
        """A header of variable names, then rows of strings ("" where unbound).

        With ``compact``, IRIs under a bound prefix show as CURIEs (``cx:net-promoter-score``).
        """
        show = self._compact if compact else _text
        return [list(self.vars)] + [[show(term) for term in row] for row in self.rows]

    def serialize(self, format: str) -> str:
        """The result as text: json, csv, tsv or xml (W3C SPARQL 1.1 results) for SELECT and ASK;
        turtle or json-ld for the graph of CONSTRUCT and DESCRIBE."""
        if self.graph is not None:
            if format not in GRAPH_FORMATS:
                raise QueryError(f"a {self.type} result is a graph: choose {' or '.join(GRAPH_FORMATS)}, "
                                 f"not {format!r}")
            return self.graph.serialize(format=format)
        if format not in RESULT_FORMATS or self.type == "UPDATE":
            raise QueryError(f"cannot write a {self.type} result as {format!r}; results come as "
                             f"{', '.join(RESULT_FORMATS)}")
        if self.type == "ASK" and format in ("csv", "tsv"):
            raise QueryError(f"the W3C {format} results format has no form for ASK; use json or xml")
        if format == "tsv":
            lines = ["\t".join("?" + name for name in self.vars)]
            lines += ["\t".join(_turtle(term) for term in row) for row in self.rows]
            return "\n".join(lines) + "\n"
        result = Result(self.type)
        result.askAnswer = self.ask
        result.vars = [Variable(name) for name in self.vars]
        result.bindings = [{Variable(name): term for name, term in zip(self.vars, row, strict=True)
                            if term is not None} for row in self.rows]
        text = result.serialize(format=format, encoding="utf-8")
        assert text is not None
        return text.decode("utf-8")

    def _compact(self, term: Identifier | None) -> str:
        if isinstance(term, URIRef) and self.namespaces is not None:
            try:
                return self.namespaces.curie(term, generate=False)
            except (KeyError, ValueError):
                pass
        return _text(term)


def _text(term: Identifier | None) -> str:
    return "" if term is None else str(term)


def _python(term: Identifier | None) -> Any:
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return None if term is None else str(term)


def _turtle(term: Identifier | None) -> str:
    """One RDF term in Turtle syntax, as the W3C TSV results format writes it."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        quoted = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        return f"{quoted}^^<{term.datatype}>" if term.datatype else quoted
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"
