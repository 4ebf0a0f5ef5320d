"""The exports read by tools no one here wrote: raptor's rapper, Oxigraph and PyLD (offline)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import cxkg

DATA = Path(__file__).parent / "data"
RAPPER_SYNTAX = {"turtle": "turtle", "nt": "ntriples", "xml": "rdfxml"}
SUFFIX = {"turtle": ".ttl", "nt": ".nt", "xml": ".rdf", "json-ld": ".jsonld"}


@pytest.fixture(scope="module", params=["mini.ttl", "edge.ttl", "bundled"])
def glossary(request: pytest.FixtureRequest) -> cxkg.Glossary:
    if request.param == "bundled":
        loaded = cxkg.load()
        if not len(loaded):
            pytest.skip("the bundled ontology/ has no concepts yet")
        return loaded
    return cxkg.load(DATA / request.param)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml"])
def test_rapper_parses_the_export_with_the_same_triple_count(glossary: cxkg.Glossary, fmt: str,
                                                              tmp_path: Path) -> None:
    if shutil.which("rapper") is None:
        pytest.skip("raptor's rapper is not installed (apt-get install raptor2-utils)")
    path = tmp_path / ("out" + SUFFIX[fmt])
    glossary.export(fmt, path)
    done = subprocess.run(["rapper", "-i", RAPPER_SYNTAX[fmt], "-c", str(path)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    count = re.search(r"returned (\d+) triples", done.stderr)
    assert count is not None and int(count.group(1)) == len(glossary.graph)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json-ld"])
def test_oxigraph_parses_the_export_with_the_same_triple_count(glossary: cxkg.Glossary, fmt: str) -> None:
    import pyoxigraph

    formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
               "xml": pyoxigraph.RdfFormat.RDF_XML, "json-ld": pyoxigraph.RdfFormat.JSON_LD}
    text = glossary.export(fmt).text or ""
    triples = list(pyoxigraph.parse(text.encode("utf-8"), format=formats[fmt]))
    assert len(triples) == len(glossary.graph)


def refuse_network(url: str, options: dict | None = None) -> dict:
    raise AssertionError(f"PyLD tried to fetch {url}: the exported context must be embedded")


@pytest.mark.parametrize("expanded", [False, True])
def test_pyld_turns_the_json_ld_into_rdf_isomorphic_to_ours(expanded: bool) -> None:
    from pyld import jsonld

    # (edge.ttl is left out: PyLD lower-cases language tags such as de-CH, as JSON-LD allows)
    for glossary in (cxkg.load(DATA / "mini.ttl"), cxkg.load()):
        document = json.loads(glossary.export("json-ld", expanded=expanded).text or "")
        nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": refuse_network})
        assert isomorphic(Graph().parse(data=nquads, format="nt"), glossary.graph)
