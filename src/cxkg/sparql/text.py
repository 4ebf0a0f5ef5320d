"""Standalone SPARQL text: default prefixes declared, parameters bound in one VALUES block.

The binding convention of ``queries/*.rq``: one ``VALUES`` block, placed first in the outermost
``WHERE``, binds every parameter everywhere the query uses it. :func:`standalone` writes that block
into the text, each value serialised as an RDF term by the SPARQL grammar, so the text runs
unchanged in any SPARQL 1.1 engine (``cxkg query --show-sparql`` prints it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from ..errors import QueryError, QueryParameterError

# what the scanner steps over whole: comments, strings (long and short), IRIs, variables, words
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[^\W\d][\w.-]*(?::[\w.%:-]*)?|:[\w.%:-]*)
  | (?P<open>\{) | (?P<close>\}) | (?P<other>[^\s])
""", re.VERBOSE | re.DOTALL)
_PREFIX_DECL = re.compile(r"PREFIX\s+([^\W\d][\w.-]*)?:", re.IGNORECASE)
_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_UNICODE_SAFE = re.compile(r"\\\\([uU])")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
                          "\f": "\\f"})


def tokens(text: str) -> Iterable[re.Match[str]]:
    """The lexical tokens of SPARQL text, comments and literals kept whole."""
    return _TOKEN.finditer(text)


def with_prefixes(text: str, namespaces: Iterable[tuple[str, URIRef]]) -> str:
    """``text`` with a PREFIX line for each default prefix it uses without declaring it."""
    declared = {match[1] or "" for match in _PREFIX_DECL.finditer(_code(text))}
    used = {token.group("word").partition(":")[0] for token in tokens(text)
            if token.lastgroup == "word" and ":" in token.group("word")}
    lines = [f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in namespaces
             if prefix in used - declared and not _IRI_BAD.search(str(namespace))]
    return "\n".join([*lines, text]) if lines else text


def _code(text: str) -> str:
    """``text`` without comments and string contents (IRIs kept)."""
    return " ".join(token.group() for token in tokens(text) if token.lastgroup not in ("comment", "string"))


def bind(text: str, terms: Mapping[str, Identifier]) -> str:
    """``text`` with ``terms`` bound in a VALUES block opening its outermost WHERE group."""
    if not terms:
        return text
    at = _outer_group(text)
    if at is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group to put their VALUES block in")
    rest = text[at:]
    return text[:at] + "\n  " + values_block(terms) + ("" if rest.startswith(("\n", "\r")) else "\n ") + rest


def values_block(terms: Mapping[str, Identifier]) -> str:
    """``VALUES (?a ?b) { (term term) }`` for one row of bindings."""
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(term_text(name, term) for name, term in terms.items())
    return f"VALUES ({names}) {{ ({values}) }}"


def term_text(name: str, term: Identifier) -> str:
    """One RDF term as the SPARQL grammar writes it in a VALUES block (no blank nodes there)."""
    if isinstance(term, URIRef):
        if _IRI_BAD.search(term) or not _encodable(term):
            raise QueryParameterError(f"cannot bind ?{name}: {str(term)!r} is not a valid IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        if not _encodable(str(term)):
            raise QueryParameterError(f"cannot bind ?{name}: the text holds a lone surrogate")
        quoted = '"' + _UNICODE_SAFE.sub(_spell_u, str(term).translate(_ESCAPES)) + '"'
        if term.language:
            if not _LANG_TAG.fullmatch(term.language):
                raise QueryParameterError(f"cannot bind ?{name}: {term.language!r} is not a language tag")
            return f"{quoted}@{term.language}"
        if term.datatype is None or term.datatype == XSD.string:
            return quoted
        return f"{quoted}^^{term_text(name, term.datatype)}"
    kind = "a blank node" if isinstance(term, BNode) else f"a {type(term).__name__}"
    raise QueryParameterError(f"cannot bind ?{name} to {kind}: VALUES takes IRIs and literals")


def _spell_u(match: re.Match[str]) -> str:
    """An escaped backslash followed by u: the u as a code point escape, so that neither an engine that
    expands ``\\u`` escapes before parsing (as the SPARQL grammar says) nor one that expands them in
    strings reads an escape that the value does not hold."""
    return "\\\\" + ("\\U00000075" if match[1] == "u" else "\\U00000055")


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _outer_group(text: str) -> int | None:
    """The offset just past the ``{`` that opens the outermost WHERE group (None if there is none).

    That is the group after the first ``WHERE`` at nesting depth 0, or, for SELECT and ASK written
    without the keyword, the first ``{`` at depth 0 after the query form.
    """
    depth, form, where = 0, None, False
    for token in tokens(text):
        kind, value = token.lastgroup, token.group()
        if kind == "open":
            if depth == 0 and (where or form in ("SELECT", "ASK")):
                return token.end()
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "other" and value in "()":
            depth += 1 if value == "(" else -1
        elif kind == "word" and depth == 0:
            word = value.upper()
            if word == "WHERE":
                where = True
            elif form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
    return None
