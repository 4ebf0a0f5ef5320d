"""Parse untrusted RDF files safely: offline, bounded, with one positioned error line.

* Only regular files (or ``-`` for stdin) are read, up to :data:`MAX_FILE_BYTES`; FIFOs and devices are refused.
* Turtle, N-Triples, N-Quads, TriG and N3 go through Oxigraph's strict parsers: linear time (a 1 MB
  literal parses in a tenth of a second), IRIs and language tags checked, and named graphs merged into
  the one graph with a note.
* RDF/XML: the DTD is checked first; external entities and parameter entities are refused, and
  internal entities may expand to at most :data:`MAX_ENTITY_EXPANSION` characters in all.
* JSON-LD: every ``@context`` and ``@import`` that names a document is resolved here, never by the
  parser. Files in the input's own folder are read; anything else (``file:///dev/zero``, other folders,
  remote URLs) is refused unless ``allow_network`` is set, and then only http(s) is fetched, with a
  timeout and a size cap. Nesting deeper than :data:`MAX_DEPTH` is refused.
* IRIs that are not IRIs (RFC 3987, as Oxigraph checks them: spaces, braces, a bad ``%`` escape, …) and
  lone surrogates are refused whatever the format, so no export can later write them. Only for validation
  (``invalid_iris``), a second, lenient pass keeps the invalid IRIs that the ``invalid-iri`` rule reports
  (see :mod:`cxkg.wellformed`); any other broken IRI is still refused.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from rdflib import BNode, Graph, Literal, URIRef

from .errors import DataLoadError, InvalidIRI
from .wellformed import iri_error, reported_iri

#: the largest input file read (bytes)
MAX_FILE_BYTES = 1 << 30
#: the largest total expansion of XML entities in one RDF/XML file (characters)
MAX_ENTITY_EXPANSION = 1 << 20
#: the deepest JSON nesting accepted in JSON-LD
MAX_DEPTH = 100
#: JSON-LD: at most this many context documents per input, each at most this size (bytes)
MAX_CONTEXTS, MAX_CONTEXT_BYTES = 32, 1 << 20
#: seconds before a remote context fetch (only with ``allow_network``) gives up
NETWORK_TIMEOUT = 10.0

_OXIGRAPH = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG", "n3": "N3"}
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\ud800-\udfff]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: the errors of Oxigraph's IRI parser (oxiri), once the position is cut off
_IRI_ERROR = re.compile(r"(No scheme found in an absolute IRI|Empty schemes are not allowed|Invalid character '.+'"
                        r"( in (scheme|host))?|'\[' bracket must be paired with a closing one in host"
                        r"|Invalid host IP .*|Invalid IRI code point '.+'|Invalid IRI percent encoding '.*'"
                        r"|An IRI path is not allowed to start with //|Trying to resolve dot segments .*)$")
_LANGUAGE_STRINGS = frozenset({"http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
                               "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"})
_POSITION = re.compile(r"^Parser error (?:at line \d+ between columns \d+ and \d+|(?:at|between) line \d+ column \d+"
                       r"(?: and line \d+ column \d+)?): ")
BOM = b"\xef\xbb\xbf"


class _QuietRdflib(logging.Filter):
    """Drop rdflib's per-literal warnings (with tracebacks) for ill-typed literals and odd IRIs.

    The literal keeps its lexical form and the validator reports it; a traceback on stderr helps nobody.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not (message.startswith("Failed to convert Literal") or "does not look like a valid URI" in message)


logging.getLogger("rdflib.term").addFilter(_QuietRdflib())

#: what standard input held, by the stdin object it was read from: a second read gets the same bytes
_stdin: tuple[object, bytes] | None = None


def read_input(path: str | os.PathLike[str]) -> bytes:
    """The bytes of ``path`` (``-`` is stdin, read once): regular files only, at most :data:`MAX_FILE_BYTES`."""
    global _stdin
    if str(path) == "-":
        if _stdin is not None and _stdin[0] is sys.stdin:
            return _stdin[1]
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        _stdin = (sys.stdin, data)
    else:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise DataLoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, socket or device)"
                raise DataLoadError(f"{path}: cannot read: {kind}; use -f - to read standard input")
            try:
                data = handle.read(MAX_FILE_BYTES + 1)
            except OSError as exc:
                raise DataLoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise DataLoadError(f"{path}: larger than the {MAX_FILE_BYTES >> 20} MiB limit on input files")
    return data


def sniff_format(data: bytes) -> str:
    """The likely format of data with no file name (stdin): JSON-LD, RDF/XML, else TriG (which reads
    Turtle and N-Triples too)."""
    head = data.removeprefix(BOM).lstrip()[:1]
    if head in (b"{", b"["):
        return "json-ld"
    xml = re.match(rb"\s*<(\?xml|!DOCTYPE|!--|([A-Za-z_][\w.-]*:)?RDF\b)", data.removeprefix(BOM))
    return "xml" if xml else "trig"


def parse_data(graph: Graph, data: bytes, fmt: str, name: str, base: str, *, allow_network: bool = False,
               invalid_iris: set[str] | None = None) -> list[str]:
    """Parse ``data`` (format ``fmt``) into ``graph``; ``name`` labels errors, ``base`` resolves relative IRIs.

    Returns notes for the user (e.g. named graphs merged). Every failure is one :class:`DataLoadError`.
    With a set as ``invalid_iris`` (validation only), IRIs the ``invalid-iri`` rule reports are kept, and
    added to the set, instead of refused.
    """
    if fmt in _OXIGRAPH:
        return _parse_oxigraph(graph, data.removeprefix(BOM), fmt, name, base, invalid_iris)
    if fmt == "xml":
        _check_dtd(data, name)
        document: bytes | str = data
    elif fmt == "json-ld":
        # (an invalid @id or @type is refused even for validation: rdflib's parser would drop its node unseen)
        document = json.dumps(_inline_contexts(_json(data, name), name, base, allow_network))
    else:
        raise DataLoadError(f"{name}: unsupported RDF format {fmt!r}")
    part = Graph()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rdflib's own deprecation notices
            part.parse(data=document, format=fmt, publicID=base)
    except RecursionError:
        raise DataLoadError(f"{name}: nested too deeply") from None
    except Exception as exc:  # parsers raise many unrelated types; all mean "bad input"
        raise DataLoadError(describe(name, data, exc)) from None
    checked: set[str] = set()
    for triple in part:
        for term in triple:
            if isinstance(term, URIRef):
                _check_iri(term, name, checked, invalid_iris)
            elif isinstance(term, Literal):
                if _SURROGATE.search(term):
                    raise DataLoadError(f"{name}: a literal contains a lone surrogate (not a Unicode character): "
                                        f"{str(term)[:60]!a}")
                if term.datatype is not None:
                    _check_iri(term.datatype, name, checked, invalid_iris)
    for prefix, namespace in part.namespaces():
        if iri_error(namespace) is None:
            graph.bind(prefix, namespace, override=False)
    try:
        graph += part
    except ValueError as exc:  # an IRI kept for validation, on a store that cannot hold it
        raise DataLoadError(f"{name}: {exc}") from None
    return []


def _check_iri(iri: str, name: str, checked: set[str], invalid_iris: set[str] | None) -> None:
    """Refuse ``iri`` unless it is an IRI, or (validation: ``invalid_iris``) one the ``invalid-iri`` rule
    reports; ``checked`` remembers the IRIs seen."""
    if iri in checked:
        return
    problem = iri_error(iri)
    if problem is not None:
        if invalid_iris is not None and reported_iri(iri) and not _SURROGATE.search(iri):
            invalid_iris.add(iri)
        else:
            bad = _BAD_IRI.search(iri)
            reason = f"it contains {bad.group()!a}" if bad else problem
            raise InvalidIRI(f"{name}: invalid IRI <{iri[:80]!a}>: {reason}")
    checked.add(iri)


# -- Oxigraph: Turtle, N-Triples, N-Quads, TriG, N3 ------------------------------------------------------
def _parse_oxigraph(graph: Graph, data: bytes, fmt: str, name: str, base: str,
                    invalid_iris: set[str] | None) -> list[str]:
    """Oxigraph's strict parser. Keeping ``invalid_iris``, a strict pass lists the errors first: if each is
    about an IRI, the data is read again leniently (IRIs, language tags unchecked: they are checked here)."""
    import pyoxigraph as ox

    from .oxstore import from_ox

    lenient = invalid_iris is not None and _only_iri_errors(data, fmt, name, base)
    parser = ox.parse(input=data, format=getattr(ox.RdfFormat, _OXIGRAPH[fmt]), base_iri=base,
                      rename_blank_nodes=True, lenient=lenient)
    languages: set[str] = set()
    iris: dict[str, URIRef] = {}
    blanks: dict[str, BNode] = {}
    checked: set[str] = set()

    def term(node: Any) -> Any:
        if isinstance(node, ox.NamedNode):
            found = iris.get(node.value)
            if found is None:
                if lenient:
                    _check_iri(node.value, name, checked, invalid_iris)
                found = iris[node.value] = URIRef(node.value)
            return found
        if isinstance(node, ox.BlankNode):
            blank = blanks.get(node.value)
            if blank is None:
                blank = blanks[node.value] = BNode()
            return blank
        if isinstance(node, ox.Literal):
            if lenient:
                _check_literal(node, name, checked, invalid_iris, languages)
            return from_ox(node)
        raise DataLoadError(f"{name}: {fmt} feature not supported by cxkg: {node}")

    named: set[str] = set()
    in_named = 0

    def triples() -> Iterator[tuple[Any, Any, Any, Graph]]:
        nonlocal in_named
        for quad in parser:
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                if fmt == "n3":
                    raise DataLoadError(f"{name}: N3 formulae ({{ … }}) are not RDF; cxkg cannot load them")
                named.add(str(quad.graph_name))
                in_named += 1
            yield term(quad.subject), term(quad.predicate), term(quad.object), graph

    try:
        graph.addN(triples())
    except SyntaxError as exc:
        raise syntax_error(name, exc) from None
    except DataLoadError:
        raise
    except (ValueError, OSError) as exc:
        raise DataLoadError(f"{name}: {exc}") from None
    for prefix, namespace in parser.prefixes.items():
        if prefix and iri_error(namespace) is None:
            graph.bind(prefix, namespace, override=False)
    return [named_graphs_note(name, len(named), in_named)] if named else []


def _only_iri_errors(data: bytes, fmt: str, name: str, base: str) -> bool:
    """Whether Oxigraph's strict parser finds errors in ``data`` and each is about an IRI (it reads on past
    each error); any other error is raised, as the strict parser states it."""
    import pyoxigraph as ox

    if not data.endswith((b"\n", b"\r")):
        data += b"\n"  # else a line after an error would end in a spurious "Unexpected end" (N-Triples, N-Quads)
    quads = ox.parse(input=data, format=getattr(ox.RdfFormat, _OXIGRAPH[fmt]), base_iri=base, lenient=False)
    found = False
    while True:
        try:
            next(quads)
        except StopIteration:
            return found
        except SyntaxError as exc:
            error = syntax_error(name, exc)
            if not isinstance(error, InvalidIRI):
                raise error from None
            found = True
        except (ValueError, OSError) as exc:
            raise DataLoadError(f"{name}: {exc}") from None


def _check_literal(node: Any, name: str, checked: set[str], invalid_iris: set[str] | None,
                   languages: set[str]) -> None:
    """What Oxigraph's lenient parser leaves unchecked in a literal: its datatype IRI and language tag."""
    import pyoxigraph as ox

    if node.language:
        if node.language not in languages:
            try:
                ox.Literal("", language=node.language)
            except ValueError as exc:
                raise DataLoadError(f"{name}: invalid language tag {node.language!a}: {exc}") from None
            languages.add(node.language)
    elif node.datatype.value in _LANGUAGE_STRINGS:
        raise DataLoadError(f"{name}: the literal {node.value[:40]!a} has the datatype <{node.datatype.value}> "
                            "but no language tag")
    else:
        _check_iri(node.datatype.value, name, checked, invalid_iris)


def named_graphs_note(name: str, graphs: int, triples: int | None = None) -> str:
    """The note printed when the named graphs of a TriG or N-Quads file are merged into the one graph."""
    what = f"{triples} triple{'s' if triples > 1 else ''} from " if triples else "the triples of "
    return (f"{name}: {what}{graphs} named graph{'s' if graphs > 1 else ''} "
            "merged into the one graph (cxkg keeps no graph names)")


def syntax_error(name: str, exc: SyntaxError) -> DataLoadError:
    """The error for a syntax error of Oxigraph's parsers: :class:`InvalidIRI` when it is about an IRI."""
    kind = InvalidIRI if _IRI_ERROR.match(_POSITION.sub("", str(exc.msg)).strip()) else DataLoadError
    return kind(describe_syntax(name, exc))


def describe_syntax(name: str, exc: SyntaxError) -> str:
    """One line for an error of Oxigraph's parsers: ``name:line:column: reason`` (positions from 1)."""
    line, column = max(exc.lineno or 1, 1), max(exc.offset or 1, 1)
    reason = _POSITION.sub("", str(exc.msg)).strip().splitlines()
    return f"{name}:{line}:{column}: {reason[0] if reason else 'syntax error'}"


# -- RDF/XML: the DTD guard -----------------------------------------------------------------------
class _Done(Exception):
    """Stops the DTD scan once the document's first element starts."""


def _check_dtd(data: bytes, name: str) -> None:
    """Refuse external and parameter entities, and internal ones that expand past the limit."""
    if b"<!ENTITY" not in data:
        if b"\x00" in data[:4] and b"E\x00N\x00T\x00I\x00T\x00Y" in data:  # UTF-16: the size check reads UTF-8
            raise DataLoadError(f"{name}: XML entity declarations are accepted in UTF-8 documents only")
        return
    from xml.parsers import expat

    values: dict[str, str] = {}

    def declared(entity: str, parameter: bool, value: str | None, base: str | None, system: str | None,
                 public: str | None, notation: str | None) -> None:
        if parameter:
            raise DataLoadError(f"{name}: XML parameter entities (%{entity};) are not accepted")
        if value is None:
            raise DataLoadError(f"{name}: XML external entity {entity!r} ({system}) is not read, for safety")
        values[entity] = value

    def first_element(*_: object) -> None:
        raise _Done

    scanner = expat.ParserCreate()
    scanner.EntityDeclHandler = declared
    scanner.StartElementHandler = first_element
    scanner.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        scanner.Parse(data, True)
    except _Done:
        pass
    except expat.ExpatError as exc:
        raise DataLoadError(f"{name}:{exc.lineno}:{exc.offset + 1}: {expat.ErrorString(exc.code)}") from None
    sizes: dict[str, int] = {}

    def size(entity: str, seen: tuple[str, ...]) -> int:
        if entity in seen:
            raise DataLoadError(f"{name}: XML entity {entity!r} refers to itself")
        if entity not in sizes:
            text = values.get(entity, "")
            refs = re.findall(r"&([A-Za-z_:][\w.:-]*);", text)
            total = len(text) + sum(size(r, (*seen, entity)) for r in refs if r in values)
            sizes[entity] = min(total, MAX_ENTITY_EXPANSION + 1)
        return sizes[entity]

    body = data.decode("utf-8", "replace")
    expansion = sum(size(ref, ()) for ref in re.findall(r"&([A-Za-z_:][\w.:-]*);", body) if ref in values)
    if expansion > MAX_ENTITY_EXPANSION:
        raise DataLoadError(f"{name}: XML entities would expand to more than {MAX_ENTITY_EXPANSION} characters "
                            "(an entity-expansion attack?)")


# -- JSON-LD: contexts resolved here, offline unless allowed --------------------------------------
def _json(data: bytes, name: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataLoadError(describe(name, data, exc)) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataLoadError(f"{name}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise DataLoadError(f"{name}: JSON nested deeper than {MAX_DEPTH} levels") from None
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DataLoadError(f"{name}: JSON nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            for key in ("@id", "@type"):
                found = value.get(key)
                for iri in found if isinstance(found, list) else [found]:
                    if isinstance(iri, str) and (bad := _BAD_IRI.search(iri)):
                        raise DataLoadError(f"{name}: invalid IRI {iri[:80]!a} in {key}: it contains "
                                            f"{bad.group()!a}")
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return document


class _Contexts:
    """Loads the context documents one input refers to, under the offline rules."""

    def __init__(self, name: str, folder: Path | None, allow_network: bool) -> None:
        self.name, self.folder, self.allow_network = name, folder, allow_network
        self.loaded = 0

    def fetch(self, reference: str, base: str, chain: tuple[str, ...]) -> tuple[Any, str]:
        """The ``@context`` value of the document ``reference`` names, and that document's URL."""
        url = urljoin(base, reference)
        if url in chain or len(chain) > 8:
            raise DataLoadError(f"{self.name}: JSON-LD contexts include each other in a loop ({url})")
        self.loaded += 1
        if self.loaded > MAX_CONTEXTS:
            raise DataLoadError(f"{self.name}: more than {MAX_CONTEXTS} JSON-LD context documents")
        scheme = urlsplit(url).scheme
        if scheme == "file":
            data = self._local(url)
        elif scheme in ("http", "https") and self.allow_network:
            data = self._remote(url)
        else:
            hint = "; pass --allow-network (API: allow_network=True) to fetch it" if scheme in ("http", "https") \
                else ""
            raise DataLoadError(f"{self.name}: JSON-LD context <{url}> not loaded: cxkg reads no network or "
                                f"files outside the input's folder{hint}")
        document = _json(data, url)
        if not isinstance(document, dict) or "@context" not in document:
            raise DataLoadError(f"{self.name}: <{url}> is not a JSON-LD context document")
        return document["@context"], url

    def _local(self, url: str) -> bytes:
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if self.folder is None or not path.is_relative_to(self.folder):
            raise DataLoadError(f"{self.name}: JSON-LD context <{url}> not loaded: it is outside the input's "
                                "folder")
        data = read_input(path)
        if len(data) > MAX_CONTEXT_BYTES:
            raise DataLoadError(f"{self.name}: JSON-LD context <{url}> is larger than {MAX_CONTEXT_BYTES} bytes")
        return data

    def _remote(self, url: str) -> bytes:
        from urllib.request import Request, urlopen

        request = Request(url, headers={"Accept": "application/ld+json, application/json"})
        try:
            with urlopen(request, timeout=NETWORK_TIMEOUT) as response:
                data: bytes = response.read(MAX_CONTEXT_BYTES + 1)
        except (OSError, ValueError) as exc:
            raise DataLoadError(f"{self.name}: cannot fetch JSON-LD context <{url}>: {exc}") from None
        if len(data) > MAX_CONTEXT_BYTES:
            raise DataLoadError(f"{self.name}: JSON-LD context <{url}> is larger than {MAX_CONTEXT_BYTES} bytes")
        return data


def _inline_contexts(document: Any, name: str, base: str, allow_network: bool) -> Any:
    """``document`` with every referenced context replaced by its content, so the parser fetches nothing."""
    folder = Path(url2pathname(urlsplit(base).path)).resolve().parent if base.startswith("file:") else None
    contexts = _Contexts(name, folder, allow_network)

    def context(value: Any, where: str, chain: tuple[str, ...]) -> Any:
        if isinstance(value, list):
            items: list[Any] = []
            for item in value:
                resolved = context(item, where, chain)
                items.extend(resolved if isinstance(resolved, list) else [resolved])
            return items
        if isinstance(value, str):
            loaded, url = contexts.fetch(value, where, chain)
            return context(loaded, url, (*chain, url))
        if isinstance(value, dict):
            value = {key: walk(item, where, chain) for key, item in value.items()}
            imported = value.pop("@import", None)
            if isinstance(imported, str):
                loaded, url = contexts.fetch(imported, where, chain)
                loaded = context(loaded, url, (*chain, url))
                if not isinstance(loaded, dict):
                    raise DataLoadError(f"{name}: @import <{url}> must name a single context object")
                value = {**loaded, **value}
            elif imported is not None:
                raise DataLoadError(f"{name}: @import must be a string")
        return value

    def walk(value: Any, where: str, chain: tuple[str, ...]) -> Any:
        if isinstance(value, list):
            return [walk(item, where, chain) for item in value]
        if isinstance(value, dict):
            return {key: context(item, where, chain) if key == "@context" else walk(item, where, chain)
                    for key, item in value.items()}
        return value

    return walk(document, base, ())


# -- error messages ---------------------------------------------------------------------------------
def describe(name: str, data: bytes, exc: Exception) -> str:
    """One line: ``name:line:column: reason`` (positions from 1; omitted when the parser gives none)."""
    from xml.sax import SAXParseException

    line = column = None
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, UnicodeDecodeError):
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        reason = f"invalid UTF-8 (byte 0x{data[exc.start]:02x})"
    elif isinstance(exc, SAXParseException):
        line, column = exc.getLineNumber(), (exc.getColumnNumber() or 0) + 1
        reason = exc.getMessage()
    elif isinstance(exc, json.JSONDecodeError):
        line, column, reason = exc.lineno, exc.colno, exc.msg
    where = f"{name}:{max(line, 1)}:{max(column or 1, 1)}" if line else name
    return f"{where}: {reason}"
