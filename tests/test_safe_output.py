"""Exports never destroy what isn't theirs, and write output that is inert in the tools that open it."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

import cxkg
from cxkg import ExportError
from cxkg.cli import main
from cxkg.fileio import STALE_AFTER, write_atomically, write_folder_atomically

EX = "http://example.org/"
NASTY = ["=1+1", "\t=1+1", " @SUM(A1)", "-2+3", "+cmd", "a ]] b | c\nd <script>alert(1)</script>",
         "esc \x1b[31m red \x07 bell \u202e evil", "é" * 200]


def nasty_glossary() -> cxkg.Glossary:
    graph = Graph()
    for number, label in enumerate(NASTY):
        iri = URIRef(f"{EX}c{number}")
        graph.add((iri, RDF.type, SKOS.Concept))
        graph.add((iri, SKOS.prefLabel, Literal(label, lang="en")))
        graph.add((iri, SKOS.definition, Literal(label, lang="en")))
        if number:
            graph.add((iri, SKOS.broader, URIRef(f"{EX}c0")))
    return cxkg.Glossary(graph)


# -- never destroy what isn't yours ---------------------------------------------------------------
def test_dev_null_is_written_through_and_stays_a_device(capsys):
    assert main(["export", "-F", "csv", "-o", os.devnull]) == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert not [p for p in Path(os.devnull).parent.glob("null*") if p.name != "null"]  # nothing beside it


def test_dev_full_fails_cleanly_and_stays_a_device(capsys):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    assert main(["export", "-F", "turtle", "-o", "/dev/full"]) == 2
    assert "No space left" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_nobody_reads_is_refused_not_replaced(tmp_path):
    fifo = tmp_path / "out.ttl"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="no process is reading"):
        write_atomically(fifo, "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(ExportError):
            write_atomically(path, "x")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_symlink_to_stdout_stays_a_symlink(tmp_path):
    link = tmp_path / "out.nt"
    link.symlink_to("/dev/stdout")
    captured = tmp_path / "captured.nt"
    with captured.open("wb") as handle:
        done = subprocess.run([sys.executable, "-m", "cxkg", "export", "-F", "nt", "-o", str(link)],
                              stdout=handle, stderr=subprocess.PIPE, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == "/dev/stdout"
    assert len(captured.read_text().splitlines()) > 1000


def test_a_symlink_to_a_file_keeps_pointing_at_it(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_text("old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_stale_temp_files_are_removed_but_live_ones_kept(tmp_path):
    import fcntl

    target = tmp_path / "out.ttl"
    stale = tmp_path / ".out.ttl.dead.tmp"
    stale.write_text("x" * 1000)
    live = tmp_path / ".out.ttl.alive.tmp"
    live.write_text("y")
    old = time.time() - STALE_AFTER - 10
    for path in (stale, live):
        os.utime(path, (old, old))
    with live.open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        write_atomically(target, "data")
    assert target.read_text() == "data" and not stale.exists() and live.exists()


def test_a_failed_folder_swap_keeps_the_old_folder(tmp_path, monkeypatch):
    target = tmp_path / "notes"
    write_folder_atomically(target, {"a.md": "old"}, ".marker")

    def crash(staging: Path, _: Path) -> None:
        raise OSError(5, "simulated crash")

    monkeypatch.setattr("cxkg.fileio._swap", crash)
    with pytest.raises(ExportError):
        write_folder_atomically(target, {"a.md": "new"}, ".marker")
    assert (target / "a.md").read_text() == "old"
    monkeypatch.undo()
    write_folder_atomically(target, {"b.md": "new"}, ".marker")
    assert sorted(p.name for p in target.iterdir()) == [".marker", "b.md"]
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]  # no staging or backup left behind


# -- safe output ----------------------------------------------------------------------------------
def test_openmetadata_neutralises_formulas():
    text = nasty_glossary().export("openmetadata").text
    assert text is not None
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("\t", "\r") or c.lstrip()[:1] in ("=", "+", "-", "@")]
    assert "'=1+1" in cells and "'\t=1+1" in cells
    names = {row[1] for row in rows[1:]}
    assert all(row[0] == "" or row[0].split(".", 1)[1] in names for row in rows[1:])  # parents still resolve


def test_graphml_is_well_formed_xml_with_control_characters():
    result = nasty_glossary().export("graphml")
    assert result.text is not None
    root = ET.fromstring(result.text.encode())
    assert "\\x1b" in result.text and "\x1b" not in result.text
    assert any("control characters" in line for line in result.dropped)
    assert root.tag.endswith("graphml")


def test_markdown_escapes_links_html_and_shortens_long_names(tmp_path):
    out = tmp_path / "notes"
    nasty_glossary().export("markdown", out)
    names = [p.name for p in out.iterdir() if p.suffix == ".md"]
    assert len(names) == len(NASTY) and all(len(n.encode()) <= 255 for n in names)
    text = "\n".join((out / n).read_text() for n in names)
    assert "<script>" not in text
    for link in __import__("re").findall(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]", text):
        assert (out / f"{link}.md").exists()
    again = tmp_path / "again"
    nasty_glossary().export("markdown", again)
    assert sorted(names) == sorted(p.name for p in again.iterdir() if p.suffix == ".md")  # stable hashes


def test_terminal_output_escapes_control_and_bidi_but_json_is_exact(tmp_path, capsys):
    path = tmp_path / "nasty.ttl"
    path.write_text(nasty_glossary().export("turtle").text or "")
    label = NASTY[6]
    assert main(["show", f"{EX}c6", "-f", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out and "\\x1b" in out
    assert main(["search", "esc red", "-f", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u202e" in out
    assert main(["show", f"{EX}c6", "-f", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["label"] == label


@pytest.mark.parametrize("command", [
    ["stats"], ["tree"], ["graph", "depth"], ["graph", "hubs"], ["graph", "components"], ["query", "leaves"],
    ["query", "search", "-p", "text=esc"], ["show", "esc red blel"], ["diff", "{path}", "{other}"], ["validate"]])
def test_every_human_readable_output_escapes_control_and_bidi(tmp_path, capsys, command):
    path, other = tmp_path / "nasty.ttl", tmp_path / "other.ttl"
    graph = Graph()
    for number, label in enumerate(["esc \x1b[31m root \u202e", "esc \x07 child", "esc \u202e child"]):
        iri = URIRef(f"{EX}c{number}")
        graph += [(iri, RDF.type, SKOS.Concept), (iri, SKOS.prefLabel, Literal(label, lang="en"))]
        if number:
            graph += [(iri, SKOS.broader, URIRef(f"{EX}c0")), (URIRef(f"{EX}c0"), SKOS.related, iri)]
    scheme = URIRef(f"{EX}s")
    graph += [(scheme, RDF.type, SKOS.ConceptScheme), (scheme, SKOS.hasTopConcept, URIRef(f"{EX}c0"))]
    path.write_text(graph.serialize(format="turtle"))
    other.write_text("")
    main([part.format(path=path, other=other) for part in command] + ["-f", str(path)] * (command[0] != "diff"))
    out, err = capsys.readouterr()
    assert "esc" in out + err  # the label was printed (or suggested) ...
    assert not {"\x1b", "\x07", "\u202e"} & set(out + err)  # ... escaped


def test_datahub_of_a_deep_chain_stays_bounded():
    from cxkg.exporters.tools import MAX_DEPTH

    graph = Graph()
    length = 1500  # deeper than the recursion limit and than MAX_DEPTH
    for number in range(length):
        iri = URIRef(f"{EX}n{number}")
        graph.add((iri, RDF.type, SKOS.Concept))
        graph.add((iri, SKOS.prefLabel, Literal(f"node {number}", lang="en")))
        if number:
            graph.add((iri, SKOS.broader, URIRef(f"{EX}n{number - 1}")))
    result = cxkg.Glossary(graph).export("datahub")
    assert result.text is not None and len(result.text) < length * 2000  # linear, not quadratic, in the length
    assert any(f"{length - MAX_DEPTH - 1} concepts below depth {MAX_DEPTH}" in line for line in result.dropped)
