"""Store backends: the same answers on rdflib's memory store and on Oxigraph, and persistent stores."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import DATA
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from test_loading import CASES

import cxkg
from cxkg import analytics
from cxkg.cli import main
from cxkg.errors import StoreError
from cxkg.export import FORMATS
from cxkg.stores import MEMORY, OXIGRAPH, StoreSpec, oxigraph_of, parse_store

MINI, EXTRAS = DATA / "mini.ttl", DATA / "mini-extras.ttl"
EXPORTS = [name for name, f in FORMATS.items() if not f.folder]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module", params=["mini", "bundled"])
def pair(request: pytest.FixtureRequest) -> tuple[cxkg.Glossary, cxkg.Glossary]:
    """One vocabulary on the memory store and on Oxigraph (mini with its query extras)."""
    sources = (MINI, EXTRAS) if request.param == "mini" else ()
    return cxkg.load(*sources, store="memory"), cxkg.load(*sources, store="oxigraph")


def test_selectors_parse_and_bad_ones_are_refused() -> None:
    assert parse_store(None) == parse_store("memory") == StoreSpec(MEMORY)
    assert parse_store("oxigraph") == StoreSpec(OXIGRAPH)
    assert parse_store("oxigraph:~/v").path == Path("~/v").expanduser()
    for bad in ("sqlite", "oxigraph:", "memory:x", "OXIGRAPH"):
        with pytest.raises(StoreError, match="unknown store"):
            parse_store(bad)


def test_the_oxigraph_store_holds_the_same_triples(pair: tuple[cxkg.Glossary, cxkg.Glossary]) -> None:
    memory, ox = pair
    assert oxigraph_of(memory.graph) is None and oxigraph_of(ox.graph) is not None
    assert len(memory.graph) == len(ox.graph) and isomorphic(memory.graph, ox.graph)
    assert dict(memory.graph.namespaces()) == dict(ox.graph.namespaces())
    assert list(memory) == list(ox) and memory.roots() == ox.roots()


def test_search_validation_exports_and_analytics_are_identical(pair: tuple[cxkg.Glossary, cxkg.Glossary],
                                                               tmp_path: Path) -> None:
    memory, ox = pair
    for text in ("nps", "customer", "loyalty", "promoter score", "xyzzy"):
        assert memory.search(text) == ox.search(text)
    assert json.loads(memory.validate("skos").to_json()) == json.loads(ox.validate("skos").to_json())
    for fmt in EXPORTS:
        files = [tmp_path / f"{store}.{fmt}" for store in ("memory", "oxigraph")]
        memory.export(fmt, files[0])
        ox.export(fmt, files[1])
        assert files[0].read_bytes() == files[1].read_bytes(), fmt
    assert analytics.hubs(memory) == analytics.hubs(ox)
    assert analytics.depth_stats(memory) == analytics.depth_stats(ox)
    assert analytics.components(memory) == analytics.components(ox)


def test_every_named_query_gives_the_same_rows() -> None:
    """On the query fixture (the bundled graph is covered by the conformance matrix of the queries)."""
    memory, ox = cxkg.load(MINI, EXTRAS), cxkg.load(MINI, EXTRAS, store="oxigraph")
    ran = 0
    for query in cxkg.queries():
        params = {p.name: p.example for p in query.parameters if p.required}
        if any(value is None for value in params.values()):
            continue
        try:
            expected = memory.run(query.name, **params)
        except KeyError:  # the header's example concept is not in this vocabulary
            continue
        got = ox.run(query.name, **params)
        assert sorted(map(_as_sets, got.rows)) == sorted(map(_as_sets, expected.rows)), query.name
        ran += 1
    assert ran >= 10


def _as_sets(row: tuple[object, ...]) -> list[str]:
    """A row with each cell as the sorted items of a GROUP_CONCAT list (engines may order them differently)."""
    # an empty GROUP_CONCAT is "" on Oxigraph and unbound on rdflib: both mean no items
    return [f"{type(cell).__name__} {getattr(cell, 'language', '')} {sorted(re.split(r'[;,] ', str(cell)))}"
            if cell not in (None, Literal("")) else "empty" for cell in row]


def test_sparql_text_gives_the_same_answers(pair: tuple[cxkg.Glossary, cxkg.Glossary]) -> None:
    memory, ox = pair
    text = "SELECT ?c ?l WHERE { ?c skos:prefLabel ?l } ORDER BY ?c ?l"
    rows = [sorted(map(repr, g.query(text, limit=0).rows)) for g in (memory, ox)]  # SPARQL leaves the order
    assert rows[0] == rows[1]  # of literals in different languages to the engine
    assert memory.query("ASK { ?c a skos:Concept }").ask is ox.query("ASK { ?c a skos:Concept }").ask is True


@pytest.mark.parametrize("name", sorted(CASES))
def test_parse_errors_name_the_position_on_oxigraph_too(tmp_path: Path, name: str) -> None:
    text, position = CASES[name]
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(cxkg.DataLoadError) as caught:
        cxkg.load(path, store="oxigraph")
    message = str(caught.value)
    line = position.split(":")[1]  # the same line; Oxigraph may point at another column
    assert message.startswith(f"{path}:{line}:")  # RDF/XML takes the guarded rdflib path on both stores
    assert "\n" not in message and "Parser error" not in message


def test_named_graphs_of_trig_are_merged_on_oxigraph(tmp_path: Path) -> None:
    path = tmp_path / "v.trig"
    path.write_text("@prefix ex: <http://ex/> .\nex:a ex:p ex:b .\nex:g { ex:c ex:p ex:d . }\n")
    assert len(cxkg.load(path, store="oxigraph").graph) == 2


def test_a_persistent_store_opens_without_parsing_and_refresh_sees_a_reload(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "store"
    code, out, err = run(capsys, "load", MINI, "--store", f"oxigraph:{folder}")
    assert code == 0 and not err and "14 concepts" in out
    opened = cxkg.load(store=f"oxigraph:{folder}")
    memory = cxkg.load(MINI)
    assert isomorphic(opened.graph, memory.graph) and opened.export("turtle").text == memory.export("turtle").text
    code, out, _ = run(capsys, "show", "nps", "--store", f"oxigraph:{folder}")
    assert code == 0 and out.startswith("Net Promoter Score")
    assert run(capsys, "load", MINI, EXTRAS, "--store", f"oxigraph:{folder}")[0] == 0
    assert "ex:orphan" not in opened
    opened.refresh()
    assert opened.concept("ex:orphan").iri == URIRef("http://example.org/mini/orphan")
    monkeypatch.setattr("cxkg.loading.parse_into", None)  # opening never parses
    assert len(cxkg.load(store=f"oxigraph:{folder}")) == len(opened)


def test_store_errors_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "nps", "--store", "sqlite:x")
    assert code == 2 and "unknown store 'sqlite:x'" in err and "Traceback" not in err
    code, _, err = run(capsys, "show", "nps", "--store", f"oxigraph:{tmp_path / 'none'}")
    assert code == 2 and "no such store folder" in err and err.count("\n") == 1
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    code, _, err = run(capsys, "load", MINI, "--store", f"oxigraph:{mine}")
    assert code == 2 and "not an Oxigraph store" in err and (mine / "notes.txt").read_text() == "keep me"
    code, _, err = run(capsys, "show", "nps", "--store", f"oxigraph:{mine}")
    assert code == 2 and "not an Oxigraph store" in err
    code, _, err = run(capsys, "show", "nps", "--store", f"oxigraph:{mine / 'notes.txt'}")
    assert code == 2 and "not a folder" in err
    code, _, err = run(capsys, "load", MINI, "--store", "oxigraph")
    assert code == 2 and "oxigraph:DIR" in err


def test_the_api_rebuilds_a_persistent_store_from_sources(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    first = cxkg.load(MINI, store=f"oxigraph:{folder}")
    again = cxkg.load(MINI, EXTRAS, store=f"oxigraph:{folder}")
    assert len(again) > len(first) == 14
    graph = Graph().parse(MINI).parse(EXTRAS)
    assert isomorphic(cxkg.load(store=f"oxigraph:{folder}").graph, graph)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folders left


def outcome(glossary: cxkg.Glossary, ref: str) -> object:
    """What resolving ``ref`` gives: the IRI, or the kind of error (with the candidates it names)."""
    try:
        return glossary.resolve(ref)
    except KeyError as exc:
        return type(exc).__name__, sorted(getattr(exc, "candidates", []) or [])


def test_a_persistent_store_finds_every_label_as_the_label_index_does(tmp_path: Path) -> None:
    memory = cxkg.load(MINI, EXTRAS)
    folder = tmp_path / "s"
    cxkg.load(MINI, EXTRAS, store=f"oxigraph:{folder}")
    refs = {str(o) for o in memory.graph.objects() if isinstance(o, Literal)}
    refs |= {r.upper() for r in refs} | {r + "s" for r in refs} | {"no such thing", "", "-"}
    for ref in sorted(refs):
        opened = cxkg.load(store=f"oxigraph:{folder}")  # fresh: answered from the saved lookups
        assert outcome(opened, ref) == outcome(memory, ref), ref
        assert "index" not in opened.__dict__ or isinstance(outcome(memory, ref), tuple)
    assert cxkg.load(store=f"oxigraph:{folder}").default_language == memory.default_language


def test_saved_lookups_never_answer_for_a_label_changed_since(tmp_path: Path) -> None:
    import pyoxigraph as ox

    folder = tmp_path / "s"
    cxkg.load(MINI, store=f"oxigraph:{folder}")
    nps = cxkg.load(MINI).resolve("Net Promoter Score")
    store = ox.Store(str(folder))  # another writer renames the concept behind cxkg's back
    old = ox.Quad(ox.NamedNode(nps), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                  ox.Literal("Net Promoter Score", language="en"))
    store.remove(old)
    store.add(ox.Quad(old.subject, old.predicate, ox.Literal("Promoter Index", language="en")))
    store.flush()
    del store
    opened = cxkg.load(store=f"oxigraph:{folder}")
    with pytest.raises(KeyError):
        opened.resolve("Net Promoter Score")
    assert opened.resolve("Promoter Index") == nps


def test_a_store_filled_by_another_tool_is_looked_up_through_the_index(tmp_path: Path) -> None:
    import pyoxigraph as ox

    folder = tmp_path / "s"
    ox.Store(str(folder)).bulk_load(path=str(MINI), format=ox.RdfFormat.TURTLE)
    opened, memory = cxkg.load(store=f"oxigraph:{folder}"), cxkg.load(MINI)
    assert opened.resolve("net promoter scores") == memory.resolve("net promoter scores")
    assert opened.concept("Net Promoter Score") == memory.concept("Net Promoter Score")


@pytest.mark.parametrize("name", ["mini", "bundled"])
def test_a_concept_read_on_its_own_equals_one_read_with_the_whole_hierarchy(name: str) -> None:
    sources = (MINI, EXTRAS) if name == "mini" else ()
    whole = cxkg.load(*sources)
    assert whole.hierarchy and whole.deprecated is not None  # built first: concepts are read from them
    for store in ("memory", "oxigraph"):
        graph = cxkg.load(*sources, store=store).graph
        for iri in [*whole.iris, *whole.deprecated]:
            alone = cxkg.Glossary(graph)
            assert alone.concept(iri) == whole.concept(iri)
            assert "hierarchy" not in alone.__dict__ and "_all_iris" not in alone.__dict__


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_literal_values_read_from_a_store_index_equal_the_api(store: str) -> None:
    from rdflib import Dataset
    from rdflib.namespace import SKOS

    from cxkg.literals import literal_values

    graph = cxkg.load(MINI, EXTRAS, store=store).graph
    shared = Dataset()  # a store holding other graphs too is read through the API
    named = shared.graph(URIRef("http://example.org/g"))
    named += graph
    shared.graph(URIRef("http://example.org/other")).add((URIRef("http://x"), SKOS.prefLabel, Literal("other")))
    for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.definition, SKOS.notation):
        expected = sorted((s, str(o), o.language) for s, o in graph.subject_objects(prop) if isinstance(o, Literal))
        assert sorted(literal_values(graph, prop)) == expected
        assert sorted(literal_values(named, prop)) == expected
