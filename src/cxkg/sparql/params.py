"""Query parameters to rdflib terms: checked against a named query's header, or bound ad hoc.

The terms are written into the query's VALUES block as RDF terms (:mod:`.text`), never pasted as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ..errors import QueryParameterError
from ..model import Concept
from .catalog import NamedQuery, Parameter

if TYPE_CHECKING:
    from ..glossary import Glossary

_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")
_VARIABLE = re.compile(r"[A-Za-z_]\w*")
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")
_HINTS = {"concept": "a label, acronym, CURIE or IRI", "iri": "an IRI, <IRI> or CURIE", "string": "a text",
          "lang": "a language tag such as en or pt-BR", "integer": "a whole number",
          "boolean": "true or false"}


def bind_declared(glossary: Glossary, query: NamedQuery, params: Mapping[str, Any]) -> dict[str, Identifier]:
    """Terms for a named query's parameters; unknown, missing or malformed ones raise.

    An omitted optional ``lang`` parameter takes the glossary's language.
    """
    declared = {param.name for param in query.parameters}
    expected = ", ".join(map(str, query.parameters)) or "none"
    extra = sorted(set(params) - declared)
    if extra:
        raise QueryParameterError(f"query {query.name!r} has no parameter {', '.join(extra)}; "
                                  f"its parameters: {expected}")
    missing = [p.name for p in query.parameters if p.required and params.get(p.name) is None]
    if missing:
        raise QueryParameterError(f"query {query.name!r} needs {', '.join(missing)}; its parameters: {expected}")
    terms = {}
    for param in query.parameters:
        value = params.get(param.name)
        value = param.default if value is None else value
        if value is None and param.type == "lang":
            value = glossary.lang
        if value is not None:
            terms[param.name] = typed_term(glossary, param, value, query.name)
    return terms


def typed_term(glossary: Glossary, param: Parameter, value: Any, query: str = "") -> Identifier:
    """The rdflib term ``value`` stands for under ``param``'s declared type."""
    kind, text = param.type, value.strip() if isinstance(value, str) else None
    if kind == "concept" and isinstance(value, Concept):
        return value.iri
    if kind in ("concept", "iri") and isinstance(value, URIRef):
        return value
    if kind == "concept" and text:
        return glossary.resolve(text)
    iri = _expand(glossary.graph, text) if kind == "iri" and text else None
    if iri is not None:
        return iri
    if kind == "string" and isinstance(value, str):
        return Literal(value)
    if kind == "lang" and text is not None and (text == "" or _LANG.fullmatch(text)):
        return Literal(text)
    integral = isinstance(value, int) and not isinstance(value, bool)
    if kind == "integer" and (integral or (text and re.fullmatch(r"[+-]?\d+", text))):
        return Literal(int(value))
    if kind == "boolean" and isinstance(value, bool):
        return Literal(value)
    if kind == "boolean" and text and text.lower() in _TRUE + _FALSE:
        return Literal(text.lower() in _TRUE)
    where = f" of query {query!r}" if query else ""
    raise QueryParameterError(f"parameter {param.name!r}{where} expects {kind} ({_HINTS[kind]}); got {value!r}")


def _expand(graph: Graph, text: str) -> URIRef | None:
    """An IRI from ``<IRI>``, an absolute IRI, or a CURIE whose prefix the graph binds."""
    text = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    if text.partition(":")[0] in dict(graph.namespaces()):
        try:
            return graph.namespace_manager.expand_curie(text)
        except ValueError:
            return None
    return URIRef(text) if _IRI.fullmatch(text) else None


def adhoc_term(sparql: str, name: str, value: Any) -> Identifier:
    """The term for ``?name`` of an ad-hoc query: strings as plain literals, numbers, booleans and
    dates as typed literals, a :class:`Concept` as its IRI, rdflib terms as they are."""
    if not _VARIABLE.fullmatch(name) or not re.search(rf"[?$]{name}(?!\w)", sparql):
        raise QueryParameterError(f"cannot bind {name!r}: the query has no variable ?{name}")
    if isinstance(value, Concept):
        return value.iri
    if isinstance(value, URIRef | Literal | BNode):
        return value
    literal = Literal(value)
    if isinstance(value, str) or literal.datatype is not None:
        return literal
    raise QueryParameterError(f"cannot bind ?{name} to a {type(value).__name__}; pass a str, number, "
                              "bool, date, Concept or rdflib term")
