"""Exports keep the README's promises: types travel or are counted, bytes are stable, JSON-LD 1.0, OWL 2 DL, VocPub."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shared_path
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS

import cxkg
from cxkg.loading import load_graph
from cxkg.resources import bundled_files

ROOT = Path(__file__).parent.parent
NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"


@pytest.fixture(scope="module")
def bundled() -> cxkg.Glossary:
    return cxkg.load()


def subtype_triples(glossary: cxkg.Glossary) -> set[tuple[str, str]]:
    """(concept, type) for every type of an exported concept other than skos:Concept."""
    return {(str(c.iri), str(t)) for c in glossary for t in c.types if t != SKOS.Concept}


def reported(dropped: tuple[str, ...], name: str) -> int:
    found = [int(m.group(1)) for line in dropped if (m := re.match(rf"{re.escape(name)}: (\d+) ", line))]
    return sum(found)


# -- types travel, or the report counts exactly what is missing -----------------------------------
def test_graphml_carries_every_type(bundled):
    import networkx as nx

    result = bundled.export("graphml")
    network = nx.read_graphml(io.BytesIO((result.text or "").encode()))
    expand = bundled.graph.namespace_manager.expand_curie
    carried = {(node, str(expand(t))) for node, types in network.nodes(data="types") for t in types.split("; ")}
    missing = subtype_triples(bundled) - carried
    assert len(subtype_triples(bundled)) >= 60 and missing == set()
    assert reported(result.dropped, "rdf:type") == len(missing)


def test_neo4j_carries_every_type_as_a_label(bundled):
    result = bundled.export("neo4j")
    carried = set()
    for block in (result.text or "").split(";\n"):
        labels = re.findall(r"SET n:(\w+)", block)
        for iri in re.findall(r'\{iri: "([^"]+)", props', block):
            carried |= {(iri, f"https://w3id.org/cxkg/{label}") for label in labels if label != "Concept"}
    missing = subtype_triples(bundled) - carried
    assert missing == set() and reported(result.dropped, "rdf:type") == 0


def test_openmetadata_reports_the_types_it_cannot_hold(bundled):
    result = bundled.export("openmetadata")
    rows = list(csv.reader(io.StringIO(result.text or "")))
    assert not any("Metric" in cell for row in rows for cell in row)
    assert reported(result.dropped, "rdf:type") == len(subtype_triples(bundled)) > 0


# -- byte-identical whatever the load path or hash seed -------------------------------------------
@pytest.mark.parametrize("fmt", ["turtle", "xml", "neo4j"])
def test_bytes_do_not_depend_on_prefix_bindings(bundled, fmt):
    cold = load_graph(bundled_files("ontology"))
    warm = Graph(bind_namespaces="none")
    warm.bind("dcterms", DCTERMS)  # what an older cache restored: the same prefixes, but dcterms for dct
    for prefix, namespace in cold.namespaces():
        if prefix != "dct":
            warm.bind(prefix, namespace, override=False)
    for triple in cold:
        warm.add(triple)
    text = cxkg.Glossary(warm).export(fmt).text or ""
    assert text == bundled.export(fmt).text
    if fmt == "turtle":
        assert "@prefix dct:" in text and "dcterms:" not in text


def test_neo4j_bytes_do_not_depend_on_the_hash_seed(bundled, tmp_path):
    out = tmp_path / "seeded.cypher"
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"  # another seed than this process's
    subprocess.run([sys.executable, "-m", "cxkg", "export", "-F", "neo4j", "-o", str(out)],
                   env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, timeout=120, check=True)
    assert out.read_text(encoding="utf-8") == bundled.export("neo4j").text


# -- JSON-LD: 1.0 context, native values, stable shapes -------------------------------------------
def test_json_ld_is_1_0_with_native_booleans_and_stable_shapes(bundled):
    document = json.loads(bundled.export("json-ld").text or "")
    assert "@version" not in document["@context"]
    nodes = {node["id"]: node for node in document["@graph"]}
    metrics = [n for n in nodes.values() if "Metric" in n.get("type", [])]
    assert metrics and all(isinstance(n["higherIsBetter"], bool) for n in metrics)
    assert nodes["cx:average-handle-time"]["higherIsBetter"] is False
    for node in nodes.values():
        assert isinstance(node.get("type", []), list)
        for key in ("broader", "related", "source", "inScheme"):
            assert isinstance(node.get(key, []), list)
        assert all(isinstance(v, list) for v in node.get("altLabel", {}).values())


def refuse(url: str, options: dict | None = None) -> dict:
    raise AssertionError(f"tried to fetch {url}")


def test_pyld_in_1_0_mode_reads_it(bundled):
    pyld = pytest.importorskip("pyld.jsonld")
    document = json.loads(bundled.export("json-ld").text or "")
    nquads = pyld.to_rdf(document, {"processingMode": "json-ld-1.0", "documentLoader": refuse,
                                    "format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), bundled.graph)


@pytest.mark.engine
def test_jsonld_js_reads_it_offline(bundled, tmp_path):
    if shutil.which("node") is None or not (NODE_MODULES / "jsonld").is_dir():
        pytest.skip("node or jsonld.js missing (tests/run.sh installs them into .cache/node)")
    path = tmp_path / "cxkg.jsonld"
    bundled.export("json-ld", path)
    script = tmp_path / "read.js"
    script.write_text(f"""
const jsonld = require({json.dumps(str(NODE_MODULES / "jsonld"))});
const fs = require("fs");
const loader = async (url) => {{ throw new Error("refused " + url); }};
(async () => {{
  const doc = JSON.parse(fs.readFileSync({json.dumps(str(path))}, "utf8"));
  const nq = await jsonld.toRDF(doc, {{format: "application/n-quads", documentLoader: loader, safe: true}});
  process.stdout.write(nq);
}})().catch((e) => {{ console.error(e.message); process.exit(1); }});
""")
    done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert isomorphic(Graph().parse(data=done.stdout, format="nt"), bundled.graph)


# -- OWL 2 DL -------------------------------------------------------------------------------------
def test_every_property_and_class_the_graph_uses_is_declared(bundled):
    from rdflib.namespace import OWL, RDFS

    graph = bundled.graph
    declared = {s for kind in (OWL.AnnotationProperty, OWL.ObjectProperty, OWL.DatatypeProperty)
                for s in graph.subjects(RDF.type, kind)}
    builtin = (str(RDF), str(RDFS), str(OWL))
    undeclared = {p for p in graph.predicates() if not str(p).startswith(builtin) and p not in declared}
    assert undeclared == set()
    classes = set(graph.subjects(RDF.type, OWL.Class))
    assert {o for o in graph.objects(None, RDF.type) if not str(o).startswith(builtin)} <= classes


def test_owlready2_exposes_skos_properties(bundled, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path / "cxkg.rdf"
    bundled.export("xml", path)
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    nps = world["https://w3id.org/cxkg/net-promoter-score"]
    assert [str(x) for x in nps.prefLabel] == ["Net Promoter Score"]
    assert nps.broader and nps.definition


OWLAPI_CHECK = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class Check {
    public static void main(String[] args) throws Exception {
        OWLOntology ontology = OWLManager.createOWLOntologyManager()
            .loadOntologyFromOntologyDocument(new File(args[0]));
        System.out.println("axioms " + ontology.getAxiomCount());
        for (OWLProfileViolation v : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
            System.out.println("VIOLATION " + v);
        }
    }
}
"""


@pytest.mark.engine
def test_owl_api_finds_the_rdfxml_owl2_dl(bundled, tmp_path):
    if shutil.which("java") is None or not list(Path("/usr/share/java").glob("owlapi*.jar")):
        pytest.skip("java or the OWL API (Debian libowlapi-java) is not installed")
    path = tmp_path / "cxkg.rdf"
    bundled.export("xml", path)
    source = tmp_path / "Check.java"
    source.write_text(OWLAPI_CHECK)
    done = subprocess.run(["java", "-cp", "/usr/share/java/*", str(source), str(path)], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"axioms \d{4}", done.stdout)
    assert "VIOLATION" not in done.stdout, done.stdout[:2000]


# -- VocPub (voc4cat's profiles) ------------------------------------------------------------------
@pytest.mark.parametrize("profile", ["validator.ttl", "validator.multilang.ttl"])
def test_the_turtle_export_conforms_to_vocpub(bundled, profile):
    import pyshacl
    from rdflib.namespace import XSD

    shapes = Graph().parse(shared_path("conformance", "vocpub", profile))
    for agent in bundled.graph.subjects(RDF.type, URIRef("https://schema.org/Organization")):
        names = list(bundled.graph.objects(agent, URIRef("https://schema.org/name")))
        assert len(names) == 1 and names[0].language is None and names[0].datatype in (None, XSD.string)
    exported = Graph().parse(data=bundled.export("turtle").text, format="turtle")
    conforms, _, text = pyshacl.validate(exported, shacl_graph=shapes)
    assert conforms, text[:2000]
