"""Reading files: every parser failure is one DataLoadError naming file, line and column."""

from __future__ import annotations

import pytest

import cxkg
from cxkg import DataLoadError

CASES = {
    "bad.ttl": ('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n', ":3:"),
    "bad2.ttl": ("@prefix ex: <http://ex/> .\nex:a ex:b ex:c ;\n  ex:g .\n", ":3:"),
    "bad.nt": ("<http://a> <http://b> <http://c> .\n<http://a> <http://b> oops .\n", ":2:23"),
    "bad.rdf": ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                '<rdf:Description rdf:about="x">\n</rdf:RDF>\n', ":4:"),
    "bad.jsonld": ('{"@id": "x",\n "a": [1,}\n', ":2:"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_parse_errors_name_the_position(tmp_path, name):
    text, position = CASES[name]
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(DataLoadError) as caught:
        cxkg.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}{position}") and "\n" not in message
    assert isinstance(caught.value, ValueError)
    assert path.read_text() == text  # inputs are never modified


def test_unreadable_file(tmp_path):
    with pytest.raises(DataLoadError, match="cannot read"):
        cxkg.load(tmp_path / "missing.ttl")
