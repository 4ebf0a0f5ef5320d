"""Hypothesis strategies that mutate small valid RDF documents, and the property every load must keep.

Shared by the bounded fuzz tests (``tests/test_fuzz_parsers.py``) and the long campaign
(``python bench/run.py fuzz``). The property: loading either works or raises a cxkg error (one clear
message), and so does exporting what was loaded; nothing else is raised and nothing runs past
:data:`BOUND` seconds.
"""

from __future__ import annotations

import json
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import strategies as st

import cxkg
from cxkg import CxkgError

#: seconds one load plus exports may take before the run counts as a hang
BOUND = 10
#: the exports tried on whatever loads (the text ones; folders need a path)
EXPORTS = ("turtle", "nt", "xml", "json-ld", "graphml", "openmetadata", "datahub", "neo4j")

EX = "http://example.org/"
SEEDS: dict[str, str] = {
    ".ttl": (f'@prefix ex: <{EX}> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
             'ex:a a skos:Concept ; skos:prefLabel "A"@en , """long\ntext"""@fr ;\n'
             '  skos:broader ex:b ; ex:n 42 , "x"^^<http://www.w3.org/2001/XMLSchema#integer> ;\n'
             '  ex:l ( 1 2 ) ; ex:b [ ex:c _:x ] .\n'),
    ".nt": (f'<{EX}a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
            '<http://www.w3.org/2004/02/skos/core#Concept> .\n'
            f'<{EX}a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A\\u00e9"@en .\n_:b <{EX}p> "1" .\n'),
    ".trig": f'@prefix ex: <{EX}> .\nex:g {{ ex:a ex:p "v" . }}\nex:a ex:q ex:b .\n',
    ".rdf": ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/">]>\n'
             '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
             'xmlns:skos="http://www.w3.org/2004/02/skos/core#">\n'
             '<skos:Concept rdf:about="&ex;a"><skos:prefLabel xml:lang="en">A</skos:prefLabel>'
             '<skos:broader rdf:resource="&ex;b"/></skos:Concept>\n</rdf:RDF>\n'),
    ".jsonld": ('{"@context": {"skos": "http://www.w3.org/2004/02/skos/core#", "ex": "' + EX + '",\n'
                ' "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"}},\n'
                ' "@graph": [{"@id": "ex:a", "@type": "skos:Concept", "prefLabel": {"en": "A"},\n'
                '  "ex:n": [1, true, {"@value": "x", "@type": "ex:t"}], "ex:r": {"@id": "ex:b"}}]}\n'),
}
#: fragments that matter to some parser: delimiters, escapes, odd characters, hostile references
TOKENS = ['<', '>', '"', '"""', "'", '@', '^^', '_:', '[', ']', '(', ')', '{', '}', '.', ';', ',', ':', '#',
          '\\u', '\\uD800', '\\U0010FFFF', '\\', '\n', ' ', '\t', '\x00', '\x1b', '\u202e', '\ufeff', '\ud800',
          '&', '&ex;', '<!ENTITY x "&ex;&ex;&ex;">', '<!ENTITY y SYSTEM "file:///etc/passwd">', '%', 'a b',
          '"@context"', '"@id"', '"@import"', '"file:///dev/zero"', '"http://127.0.0.1:9/c"', '@base <x:y> .',
          'rdf:about', 'xml:lang="12 3"', '@12-!', '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>', '9' * 30,
          '[' * 40, '{' * 40, '(' * 40]


@st.composite
def mutated(draw: st.DrawFn, suffix: str) -> bytes:
    """A seed document of type ``suffix`` after a few random insertions, deletions and duplications."""
    text = SEEDS[suffix]
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "text"]))
        if action == "insert":
            text = text[:position] + draw(st.sampled_from(TOKENS)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)):]
        elif action == "duplicate":
            text = text[:position] + text[position:position + 30] * draw(st.integers(2, 50)) + text[position:]
        else:
            text = text[:position] + draw(st.text(max_size=8)) + text[position:]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):  # now and then a raw byte that is not UTF-8
        spot = draw(st.integers(0, len(data)))
        data = data[:spot] + bytes([draw(st.integers(0x80, 0xFF))]) + data[spot:]
    return data


_SKOS = "http://www.w3.org/2004/02/skos/core#"


def _nt_string(text: str) -> str:
    """``text`` as an N-Triples string: quote, backslash and line breaks escaped, surrogates as ``\\u``."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + "".join(f"\\u{ord(c):04X}" if "\ud800" <= c <= "\udfff" else c for c in body) + '"'


@st.composite
def generated(draw: st.DrawFn, suffix: str) -> bytes:
    """Well-formed syntax around arbitrary content: concepts whose IRIs, labels and language tags are any text."""
    locals_ = st.one_of(st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True), st.text(min_size=1, max_size=12))
    concepts = draw(st.lists(st.tuples(locals_, st.text(max_size=30),
                                       st.from_regex(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})?", fullmatch=True)),
                             min_size=1, max_size=5))
    if suffix == ".jsonld":
        nodes = [{"@id": EX + local, "@type": _SKOS + "Concept",
                  _SKOS + "prefLabel": {"@value": label, "@language": lang},
                  _SKOS + "broader": {"@id": EX + concepts[0][0]}} for local, label, lang in concepts]
        return json.dumps({"@graph": nodes}).encode("utf-8")
    top = _iri(concepts[0][0])
    lines = []
    for local, label, lang in concepts:
        lines += [f"{_iri(local)} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{_SKOS}Concept> .",
                  f"{_iri(local)} <{_SKOS}prefLabel> {_nt_string(label)}@{lang} .",
                  f"{_iri(local)} <{_SKOS}broader> {top} ."]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _iri(local: str) -> str:
    """An N-Triples IRI ending in ``local`` (only ``>`` and backslash encoded: the rest is for the parser to judge)."""
    return "<" + EX + local.replace(">", "%3E").replace("\\", "%5C") + ">"


@st.composite
def any_iris(draw: st.DrawFn) -> bytes:
    """N-Triples linking IRIs of any text (absolute, or without a scheme), and nothing else odd."""
    pieces = st.sampled_from([*"ab:/.#?@%-_~[]{} <\"|^`\t\x01\x7f\u00a0é\ue000\ufffd\U000e0001", "%41", "%z"])
    texts = draw(st.lists(st.lists(pieces | st.characters(), min_size=1, max_size=8).map("".join),
                          min_size=1, max_size=5))
    iris = [_iri(text) if draw(st.booleans()) else "<" + text.replace(">", "%3E").replace("\\", "%5C") + ">"
            for text in texts]
    lines = [f"{iri} <{_SKOS}related> {iris[0]} ." for iri in iris]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


class Hang(Exception):
    """A load or export ran past :data:`BOUND` seconds."""


@contextmanager
def bounded(seconds: int = BOUND) -> Iterator[None]:
    """Raise :class:`Hang` if the block runs longer than ``seconds`` (SIGALRM; main thread only)."""
    def expired(*_: object) -> None:
        raise Hang(f"ran past {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def survives(data: bytes, suffix: str) -> str:
    """Load ``data`` as a ``suffix`` file and export it; ``"ok"`` or ``"refused"``. Anything but a cxkg
    error propagates (a finding)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        with bounded():
            try:
                glossary = cxkg.load(path)
            except CxkgError:
                return "refused"
            for fmt in EXPORTS:
                try:
                    glossary.export(fmt)
                except CxkgError:
                    return "refused"
    return "ok"


def validates(data: bytes, suffix: str) -> str:
    """Load ``data`` as ``cxkg validate`` does (keeping the invalid IRIs rule invalid-iri reports), validate it
    and render every view of the report: ``"reported"`` (some invalid-iri result), ``"ok"`` or ``"refused"``.
    Every IRI kept must be an IRI or reported, and no view may write an invalid IRI as an IRI."""
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    from cxkg.wellformed import iri_error

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        with bounded():
            try:
                glossary = cxkg.load(path, keep_invalid_iris=True, cache=False)
            except CxkgError:
                return "refused"
            report = glossary.validate("skos")
            broken = {str(t) for triple in glossary.graph for t in triple if isinstance(t, URIRef) and iri_error(t)}
            broken |= {str(o.datatype) for o in glossary.graph.objects()
                       if isinstance(o, Literal) and o.datatype is not None and iri_error(o.datatype)}
            reported = {str(r.focus) for r in report.results if r.rule == "invalid-iri"}
            assert broken == reported, (broken, reported)
            report.to_text(None), report.to_json(), report.to_sarif()
            list(ox.parse(report.to_turtle().encode("utf-8"), format=ox.RdfFormat.TURTLE))  # strict: real IRIs only
    return "reported" if reported else "ok"
