"""Hostile input files end cleanly: one line, exit 2, no traceback, no network, nothing outside the input's folder."""

from __future__ import annotations

import io
import json
import os
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import cxkg
from cxkg import CxkgError, DataLoadError, InvalidArgument
from cxkg.cli import main
from cxkg.export import FORMATS

EX = "http://example.org/"
TRIPLE = f"<{EX}a> <{EX}p> "


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(capsys: pytest.CaptureFixture[str], path: Path, *command: str) -> str:
    code, _, err = run(capsys, *(command or ("stats",)), "-f", str(path))
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err and err.startswith("cxkg: ")
    return err


@pytest.fixture
def listener() -> Iterator[tuple[str, socket.socket]]:
    """A local port that records connection attempts (none may arrive) and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", sock
    sock.close()


def connections(sock: socket.socket) -> int:
    sock.setblocking(False)
    count = 0
    while True:
        try:
            sock.accept()[0].close()
        except BlockingIOError:
            return count
        count += 1


# -- offline by default ---------------------------------------------------------------------------
def jsonld(path: Path, context: object) -> Path:
    path.write_text(json.dumps({"@context": context, "@id": f"{EX}a", "name": "x"}))
    return path


@pytest.mark.parametrize("shape", ["string", "array", "import"])
def test_remote_contexts_are_not_fetched(tmp_path, capsys, listener, shape):
    url, sock = listener
    context = {"string": f"{url}/c.jsonld", "array": [{"ex": EX}, f"{url}/c.jsonld"],
               "import": {"@import": f"{url}/c.jsonld", "name": f"{EX}name"}}[shape]
    err = one_line_error(capsys, jsonld(tmp_path / "remote.jsonld", context))
    assert "--allow-network" in err
    assert connections(sock) == 0


@pytest.mark.parametrize("reference", ["file:///dev/zero", "file:///etc/passwd", "../outside.jsonld"])
def test_contexts_outside_the_input_folder_are_not_read(tmp_path, capsys, reference):
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "outside.jsonld").write_text(json.dumps({"@context": {"name": f"{EX}name"}}))
    err = one_line_error(capsys, jsonld(folder / "doc.jsonld", reference))
    assert "outside the input's folder" in err


def test_a_context_in_the_same_folder_is_used(tmp_path):
    (tmp_path / "ctx.jsonld").write_text(json.dumps({"@context": {"name": f"{EX}name"}}))
    graph = cxkg.load(jsonld(tmp_path / "doc.jsonld", ["ctx.jsonld", {"ex": EX}])).graph
    assert len(graph) == 1


class _Context(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"@context": {"name": f"{EX}name"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_allow_network_fetches_with_a_timeout(tmp_path, listener, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/c.jsonld"
        graph = cxkg.load(jsonld(tmp_path / "doc.jsonld", url), allow_network=True).graph
        assert len(graph) == 1
        assert main(["stats", "-f", str(tmp_path / "doc.jsonld"), "--allow-network"]) == 0
    finally:
        server.shutdown()
        server.server_close()
    monkeypatch.setattr("cxkg.safeparse.NETWORK_TIMEOUT", 0.3)
    silent, _ = listener  # accepts, never answers
    with pytest.raises(DataLoadError, match="cannot fetch"):
        cxkg.load(jsonld(tmp_path / "slow.jsonld", f"{silent}/c.jsonld"), allow_network=True)


XML_HEAD = '<?xml version="1.0"?>\n'
RDF_OPEN = f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="{EX}">\n'


def rdfxml(path: Path, dtd: str, value: str) -> Path:
    path.write_text(f"{XML_HEAD}<!DOCTYPE rdf:RDF [{dtd}]>\n{RDF_OPEN}"
                    f'<rdf:Description rdf:about="{EX}a"><ex:p>{value}</ex:p></rdf:Description>\n</rdf:RDF>\n')
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_nested_xml_entities_end_fast(tmp_path, capsys, encoding):
    levels = ['<!ENTITY a0 "' + "x" * 50 + '">'] + [f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">'
                                                   for i in range(1, 9)]
    path = rdfxml(tmp_path / "laughs.rdf", "\n".join(levels), "&a8;")
    if encoding != "utf-8":
        path.write_bytes(path.read_text().replace('"1.0"?>', f'"1.0" encoding="{encoding}"?>').encode(encoding))
    assert path.stat().st_size < 1000 * (1 if encoding == "utf-8" else 2)
    assert "entit" in one_line_error(capsys, path)


@pytest.mark.parametrize("dtd", [f'<!ENTITY x SYSTEM "file://{os.devnull}">', '<!ENTITY % p SYSTEM "x.dtd">'])
def test_external_and_parameter_entities_are_refused(tmp_path, capsys, dtd):
    assert "entit" in one_line_error(capsys, rdfxml(tmp_path / "ext.rdf", dtd, "&x;" if "x" in dtd else "v"))


def test_small_internal_entities_still_work(tmp_path):
    graph = cxkg.load(rdfxml(tmp_path / "ok.rdf", '<!ENTITY who "world">', "hello &who;")).graph
    assert {str(o) for o in graph.objects()} == {"hello world"}


# -- hangs and sizes ------------------------------------------------------------------------------
def test_a_fifo_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    assert "not a regular file" in one_line_error(capsys, fifo)


def test_a_megabyte_multiline_literal_parses(tmp_path):
    path = tmp_path / "long.ttl"
    path.write_text(TRIPLE + '"""' + "a line of text\n" * 70_000 + '""" .\n')
    graph = cxkg.load(path).graph
    assert len(next(iter(graph.objects()))) == 15 * 70_000


def test_json_nested_too_deeply_is_refused(tmp_path, capsys):
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id": "x", "' + EX + 'p": ' + "[" * 5000 + "]" * 5000 + "}")
    assert "nested deeper" in one_line_error(capsys, path)


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
def test_named_graphs_are_merged_with_a_note(tmp_path, capsys, suffix):
    path = tmp_path / f"g{suffix}"
    path.write_text(f"<{EX}g> {{ {TRIPLE}<{EX}b> . }}\n" if suffix == ".trig" else f"{TRIPLE}<{EX}b> <{EX}g> .\n")
    code, out, err = run(capsys, "stats", "-f", str(path))
    assert code == 0 and "triples: 1" in out
    assert "1 triple from 1 named graph merged" in err


# -- messages -------------------------------------------------------------------------------------
XSD = "http://www.w3.org/2001/XMLSchema#"
ILL_TYPED = {"abc": "integer", "maybe": "boolean", "2020-13-45": "date", "1.5": "integer", "1e5": "decimal"}


def ill_typed_file(folder: Path) -> Path:
    path = folder / "ill.ttl"
    path.write_text(f"<{EX}a> a <http://www.w3.org/2004/02/skos/core#Concept> .\n" + TRIPLE
                    + " , ".join(f'"{text}"^^<{XSD}{datatype}>' for text, datatype in ILL_TYPED.items()) + " .\n")
    return path


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("command", [("stats",), ("show", f"{EX}a"), ("export", "-F", "turtle"),
                                     ("export", "-F", "json-ld"), ("query", "-e", "CONSTRUCT WHERE { ?s ?p ?o }")])
def test_ill_typed_literals_load_quietly_and_are_kept_as_written(tmp_path, capsys, command, store):
    path = ill_typed_file(tmp_path)
    for _ in range(2):  # parsed, then from the cache
        code, out, err = run(capsys, *command, "-f", str(path), "--store", store)
        assert code == 0 and err == ""
    assert command[0] != "stats" or "triples: 6" in out
    if command[0] in ("export", "query"):  # never rewritten into something else ("maybe" is no "false")
        assert all(text in out for text in ILL_TYPED)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_validate_reports_each_ill_typed_literal_under_its_own_rule(tmp_path, capsys, store):
    code, out, err = run(capsys, "validate", str(ill_typed_file(tmp_path)), "--store", store, "--format", "json")
    report = json.loads(out)
    assert code == 1 and err == "" and not report["conforms"]
    found = {(r["value"], r["severity"], r["path"]) for r in report["results"] if r["rule"] == "ill-typed-literal"}
    assert found == {(text, "Violation", f"<{EX}p>") for text in ILL_TYPED}
    assert {"rule": "ill-typed-literal", "rule_name": "Literal not valid for its datatype (ill-typed)",
            "severity": "Violation", "count": len(ILL_TYPED)} in report["rules"]


@pytest.mark.parametrize(("name", "data", "position"), [
    ("unterminated.ttl", (TRIPLE + '"open .\n' + TRIPLE + '"b" .\n').encode(), ":1:"),
    ("lang.ttl", (TRIPLE + '"x"@12-! .\n').encode(), ":1:51:"),
    ("utf8.ttl", TRIPLE.encode() + b'"x\xff" .\n', ":1:"),
    ("utf8.jsonld", b'{"@id": "\xff"}', ":1:10:"),
    ("neg.ttl", ("@prefix ex: <http://e/> .\n" + "\n" * 90 + "ex:a ex:b ex:c ;\n  ex:g .\n").encode(), ":93:"),
])
def test_error_positions_are_present_and_positive(tmp_path, capsys, name, data, position):
    path = tmp_path / name
    path.write_bytes(data)
    err = one_line_error(capsys, path)
    assert err.startswith(f"cxkg: {path}{position}") and ":-" not in err


def test_a_utf8_bom_is_accepted(tmp_path):
    for name, text in (("bom.ttl", TRIPLE + '"x" .\n'), ("bom.jsonld", json.dumps({"@id": f"{EX}a", f"{EX}p": "x"}))):
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())
        assert len(cxkg.load(path).graph) == 1


def test_dash_reads_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((TRIPLE + '"x" .\n').encode())))
    code, out, _ = run(capsys, "stats", "-f", "-")
    assert code == 0 and "triples: 1" in out


def test_unknown_extension_hint_names_no_missing_option(tmp_path, capsys):
    path = tmp_path / "data.weird"
    path.write_text(TRIPLE + '"x" .\n')
    err = one_line_error(capsys, path)
    assert "format=" not in err and ".ttl" in err


@pytest.mark.parametrize(("name", "text"), [
    ("space.ttl", f'<{EX}a b> <{EX}p> "x" .\n'),
    ("brace.nt", f'<{EX}a{{b}}> <{EX}p> "x" .\n'),
    ("space.rdf", f'{XML_HEAD}{RDF_OPEN}<rdf:Description rdf:about="{EX}a b"><ex:p>x</ex:p>'
                  "</rdf:Description></rdf:RDF>\n"),
    ("space.jsonld", json.dumps({"@id": f"{EX}a b", f"{EX}p": "x"})),
    ("percent.jsonld", json.dumps({"@id": f"{EX}a%zz", f"{EX}p": "x"})),  # RFC 3987, as Oxigraph checks it
    ("surrogate.jsonld", '{"@id": "' + EX + 'a", "' + EX + 'p": "\\ud800"}'),
    ("surrogate.ttl", TRIPLE + '"\\uD800" .\n'),
])
@pytest.mark.parametrize("command", [("stats",), ("show", f"{EX}a"), ("export",), ("tree",),
                                     ("query", "-e", "SELECT * WHERE { ?s ?p ?o }")], ids=lambda c: c[0])
def test_invalid_iris_and_lone_surrogates_exit_2(tmp_path, capsys, name, text, command):
    path = tmp_path / name
    path.write_text(text)
    one_line_error(capsys, path, *command)


@pytest.mark.parametrize(("name", "text"), [
    ("space.jsonld", json.dumps({"@id": f"{EX}a b", f"{EX}p": "x"})),  # rdflib would drop the node unseen
    ("surrogate.ttl", TRIPLE + '"\\uD800" .\n'),
    ("host.nt", f'<http://[::1> <{EX}p> "x" .\n'),  # broken in a way rule invalid-iri does not cover
    ("both.nt", f'<{EX}a b> <{EX}p> "x"@12-! .\n'),  # an invalid IRI does not hide a syntax error
    ("newline.nt", f'<{EX}a b> <{EX}p> "x" .\n<{EX}c> <{EX}p> "two\nlines" .\n'),
])
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_validate_still_refuses_what_it_cannot_report(tmp_path, capsys, name, text, store):
    path = tmp_path / name
    path.write_text(text)
    code, out, err = run(capsys, "validate", str(path), "--store", store)
    assert (code, out) == (2, "") and err.count("\n") == 1 and err.startswith(f"cxkg: {path}")


INVALID_IRIS = [
    ("space.ttl", f'<{EX}a b> <{EX}p> "x" .\n', f"{EX}a b"),
    ("brace.nt", f'<{EX}a{{b}}> <{EX}p> "x" .\n', f"{EX}a{{b}}"),
    ("percent.ttl", f'<{EX}a> <{EX}p> <{EX}b%zz> .\n', f"{EX}b%zz"),
    ("scheme.nt", f'<no-scheme> <{EX}p> "x" .\n', "no-scheme"),
    ("datatype.nt", f'<{EX}a> <{EX}p> "x"^^<{EX}d t> .', f"{EX}d t"),  # (no newline at the end)
    ("space.rdf", f'{XML_HEAD}{RDF_OPEN}<rdf:Description rdf:about="{EX}a b"><ex:p>x</ex:p>'
                  "</rdf:Description></rdf:RDF>\n", f"{EX}a b"),
    ("percent.jsonld", json.dumps({"@id": f"{EX}a", f"{EX}p": {"@id": f"{EX}b%2"}}), f"{EX}b%2"),
]


@pytest.mark.parametrize(("name", "text", "iri"), INVALID_IRIS, ids=[case[0] for case in INVALID_IRIS])
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_validate_reports_an_invalid_iri_under_its_own_rule(tmp_path, capsys, name, text, iri, store):
    path = tmp_path / name
    path.write_text(text)
    code, out, err = run(capsys, "validate", "-f", str(path), "--store", store, "--format", "json")
    found = [(r["focus"], r["severity"]) for r in json.loads(out)["results"] if r["rule"] == "invalid-iri"]
    assert code == 1 and found == [(iri, "Violation")]
    notes = err.splitlines()  # on Oxigraph, one line says why the data is read into memory
    assert notes == ([] if store == "memory" else
                     ["cxkg: note: the data holds 1 invalid IRI, which an Oxigraph store cannot hold; "
                      "read into memory instead"])


def test_exports_refuse_what_no_iri_can_hold():
    from rdflib import Graph, Literal, URIRef

    graph = Graph()
    graph.add((URIRef(f"{EX}a b"), URIRef(f"{EX}p"), Literal("x")))
    for fmt in ("turtle", "nt", "xml"):
        with pytest.raises(cxkg.ExportError, match="IRI"):
            cxkg.Glossary(graph).export(fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_export_writes_a_lone_surrogate(tmp_path, fmt):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    graph = Graph()
    graph.add((URIRef(f"{EX}a"), RDF.type, SKOS.Concept))
    graph.add((URIRef(f"{EX}a"), SKOS.prefLabel, Literal("bad \ud800 label", lang="en")))
    try:
        cxkg.Glossary(graph).export(fmt, tmp_path / "out")
    except cxkg.ExportError:
        return  # refused with one line
    if fmt == "xlsx":  # a zip: it must open
        (tmp_path / "out").rename(tmp_path / "out.xlsx")
        __import__("openpyxl").load_workbook(tmp_path / "out.xlsx")
        return
    for path in [tmp_path / "out", *(tmp_path / "out").rglob("*")]:  # or written without it (sssom), or escaped
        if path.is_file():
            path.read_bytes().decode("utf-8")


# -- the API checks its arguments -----------------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda g: g.concept(None), lambda g: g.concept(3), lambda g: g.resolve(b"nps"), lambda g: g.search(None),
    lambda g: g.search("nps", limit="3"), lambda g: g.export(None), lambda g: g.get(None),
    lambda g: cxkg.Glossary("not a graph"), lambda g: cxkg.load(42), lambda g: cxkg.load(lang=None),
])
def test_wrong_types_raise_cxkgs_own_type_error(call):
    glossary = cxkg.load(Path(__file__).parent / "data" / "mini.ttl")
    with pytest.raises(InvalidArgument) as caught:
        call(glossary)
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, CxkgError)
