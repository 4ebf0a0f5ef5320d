"""Every named query in queries/: its header, and its exact answer on the fixture vocabulary.

The fixture is tests/data/mini.ttl merged with tests/data/mini-extras.ttl (sources, metric facts, a
disagreement, an orphan, an ordered collection, a subclass-typed concept linked only by skos:narrower).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef

import cxkg
from cxkg.resources import bundled_files
from cxkg.sparql import TYPES, QueryResult, catalog, named_query, path_to_root

DATA = Path(__file__).parent / "data"

EX = "http://example.org/mini/"
SRC3 = EX + "src3"
QUERY_FILES = bundled_files("queries")

#: name -> (parameters, the exact rows: IRIs as ex: CURIEs, lists joined by "; " compared as sets)
EXPECTED: dict[str, tuple[dict[str, object], list[tuple[str, ...]]]] = {
    "ancestors": ({"concept": "churn"}, [("ex:loyalty", "Customer loyalty", "1"), ("ex:metrics", "Metrics", "2")]),
    "broader": ({"concept": "Kiosk"}, [("ex:channels", "Channels")]),
    "by-source": ({"source": "ex:src2"}, [("ex:src2", "Second source", "ex:churn", "Churn"),
                                          ("ex:src2", "Second source", "ex:csat", "Customer Satisfaction Score"),
                                          ("ex:src2", "Second source", "ex:nps", "Net Promoter Score")]),
    "collection": ({}, [("ex:journey-stages", "Journey stages", "ex:omnichannel", "Omnichannel"),
                        ("ex:journey-stages", "Journey stages", "ex:touchpoint", "Touchpoint"),
                        ("ex:collection", "Ratios", "ex:churn-rate", "Churn rate"),
                        ("ex:collection", "Ratios", "ex:retention-rate", "Retention rate")]),
    "concept": ({"concept": "NPS", "lang": "de"},
                [("ex:nps", "Weiterempfehlungsrate", "NPS", "Anteil der Promotoren minus Anteil der Kritiker.", "")]),
    "conflicts": ({}, [("ex:churn", "Churn", "Sources disagree on whether a paused subscription counts as churn.",
                        f"Second source; Test source; {SRC3}")]),
    "definition": ({"concept": "ex:nps"}, [("Share of promoters minus share of detractors.", "en"),
                                           ("Anteil der Promotoren minus Anteil der Kritiker.", "de")]),
    "descendants": ({"concept": "Channels"}, [("ex:chatbot", "Chatbot"), ("ex:ces-event", "Consumer Electronics Show"),
                                              ("ex:kiosk", "Kiosk"), ("ex:live-chat", "Live chat"),
                                              ("ex:omnichannel", "Omnichannel"), ("ex:touchpoint", "Touchpoint")]),
    "labels": ({"concept": "NPS"}, [("Weiterempfehlungsrate", "preferred", "de"),
                                    ("Net Promoter Score", "preferred", "en"), ("NPS", "acronym", "en"),
                                    ("NPS", "alternative", "en"), ("net promoter", "alternative", "en"),
                                    ("net-promoter-score", "hidden", "")]),
    "leaves": ({}, [("ex:chatbot", "Chatbot"), ("ex:churn", "Churn"), ("ex:churn-rate", "Churn rate"),
                    ("ex:ces-event", "Consumer Electronics Show"), ("ex:effort", "Customer Effort Score"),
                    ("ex:csat", "Customer Satisfaction Score"), ("ex:kiosk", "Kiosk"), ("ex:live-chat", "Live chat"),
                    ("ex:nps", "Net Promoter Score"), ("ex:omnichannel", "Omnichannel"),
                    ("ex:retention-rate", "Retention rate"), ("ex:orphan", "Stray term"),
                    ("ex:touchpoint", "Touchpoint")]),
    "metrics": ({}, [("ex:churn-rate", "Churn rate", "", "", "percent", "lower is better", ""),
                     ("ex:csat", "Customer Satisfaction Score", "CSAT", "satisfaction", "percent",
                      "higher is better", ""),
                     ("ex:nps", "Net Promoter Score", "NPS", "Customer loyalty", "points", "higher is better",
                      "% promoters - % detractors")]),
    "narrower": ({"concept": "metrics"}, [("ex:churn-rate", "Churn rate"), ("ex:effort", "Customer Effort Score"),
                                          ("ex:loyalty", "Customer loyalty"),
                                          ("ex:csat", "Customer Satisfaction Score"),
                                          ("ex:nps", "Net Promoter Score"), ("ex:retention-rate", "Retention rate")]),
    "orphans": ({}, [("ex:orphan", "Stray term")]),
    "related": ({"concept": "Churn rate"}, [("ex:churn", "Churn"), ("ex:retention-rate", "Retention rate")]),
    "search": ({"text": "PROMOTER"}, [("ex:nps", "Net Promoter Score", "Net Promoter Score", "preferred label"),
                                      ("ex:nps", "Net Promoter Score", "net promoter", "alternative label"),
                                      ("ex:nps", "Net Promoter Score", "net-promoter-score", "hidden label"),
                                      ("ex:nps", "Net Promoter Score", "Share of promoters minus share of detractors.",
                                       "definition")]),
    "shared-terms": ({}, [("ex:churn", "Churn", "3", f"Second source; Test source; {SRC3}"),
                          ("ex:nps", "Net Promoter Score", "2", "Second source; Test source")]),
    "siblings": ({"concept": "Live chat"}, [("ex:chatbot", "Chatbot", "ex:channels"),
                                            ("ex:ces-event", "Consumer Electronics Show", "ex:channels"),
                                            ("ex:kiosk", "Kiosk", "ex:channels"),
                                            ("ex:omnichannel", "Omnichannel", "ex:channels"),
                                            ("ex:touchpoint", "Touchpoint", "ex:channels")]),
    "single-source": ({}, [("ex:effort", "Customer Effort Score", "ex:src3"),
                           ("ex:csat", "Customer Satisfaction Score", "ex:src2")]),
    "stats": ({}, [("concepts", "16"), ("deprecated concepts", "1"), ("concept schemes", "1"), ("top concepts", "2"),
                   ("collections", "2"), ("broader links", "13"), ("related links", "4"),
                   ("preferred labels", "18"), ("alternative labels", "6"), ("acronyms", "4"),
                   ("concepts with a definition", "14"), ("sources", "3"), ("metrics", "3")]),
    "table": ({}, [("ex:channels", "Channels", "", "", "Means by which customers reach a company.", "", ""),
                   ("ex:chatbot", "Chatbot", "", "", "Software that answers customers in a chat.", "Channels", ""),
                   ("ex:churn", "Churn", "", "customer attrition",
                    "Customers ending their relationship with a company.", "Customer loyalty",
                    f"Second source; Test source; {SRC3}"),
                   ("ex:churn-rate", "Churn rate", "", "", "Share of customers lost in a period.", "Metrics", ""),
                   ("ex:ces-event", "Consumer Electronics Show", "CES", "", "A trade fair.", "Channels", ""),
                   ("ex:effort", "Customer Effort Score", "CES", "", "How easy it was to get something done.",
                    "Metrics", SRC3),
                   ("ex:loyalty", "Customer loyalty", "", "", "Customers' tendency to keep buying.", "Metrics", ""),
                   ("ex:csat", "Customer Satisfaction Score", "CSAT", "", "Average satisfaction rating from a survey.",
                    "Metrics", "Second source"),
                   ("ex:kiosk", "Kiosk", "", "", "", "Channels", ""),
                   ("ex:live-chat", "Live chat", "", "", "Real-time text conversation with an agent.", "Channels", ""),
                   ("ex:metrics", "Metrics", "", "", "Quantities that track how customers fare.", "", ""),
                   ("ex:nps", "Net Promoter Score", "NPS", "net promoter",
                    "Share of promoters minus share of detractors.", "Metrics", "Second source; Test source"),
                   ("ex:omnichannel", "Omnichannel", "", "Omni-channel",
                    "One continuous experience across all channels.", "Channels", ""),
                   ("ex:retention-rate", "Retention rate", "", "", "Share of customers kept over a period.", "Metrics",
                    ""),
                   ("ex:orphan", "Stray term", "", "", "", "", ""),
                   ("ex:touchpoint", "Touchpoint", "", "Touch point", "Any moment where a customer meets the brand.",
                    "Channels", "")]),
    "top-concepts": ({}, [("ex:channels", "Channels", "ex:scheme"), ("ex:metrics", "Metrics", "ex:scheme")]),
}


@pytest.fixture(scope="module")
def extra() -> cxkg.Glossary:
    """mini.ttl plus the facts the query tests need."""
    return cxkg.load(DATA / "mini.ttl", DATA / "mini-extras.ttl")


def table(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows as compact strings; "; "-joined lists sorted, since GROUP_CONCAT has no order."""
    return [tuple("; ".join(sorted(cell.split("; "))) for cell in row) for row in result.to_table(compact=True)[1:]]


def test_every_query_file_has_an_expected_answer():
    assert len(QUERY_FILES) >= 21
    assert sorted(EXPECTED) == sorted(path.stem for path in QUERY_FILES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_gives_its_expected_answer(extra, name):
    params, rows = EXPECTED[name]
    result = extra.run(name, **params)
    assert result.vars == named_query(name).returns
    assert table(result) == [tuple("; ".join(sorted(cell.split("; "))) for cell in row) for row in rows]


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_header_is_complete_and_matches_the_query(path):
    query = named_query(path.stem)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(f"# {path.stem} — "), first
    assert query.description and query.returns
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    for param in query.parameters:
        assert param.type in TYPES and param.example, param
        assert re.search(rf"\?{param.name}\b", body), f"{param.name} is declared but never used"
    concept_params = [p.name for p in query.parameters if p.type == "concept"]
    assert concept_params in ([], ["concept"])  # a concept parameter is always called "concept"
    assert "PREFIX" in body  # self-contained: runs in any SPARQL tool


def test_catalog_lists_every_file_with_its_parameters():
    names = [query.name for query in cxkg.queries()]
    assert names == [path.stem for path in QUERY_FILES]
    ancestors = named_query("ancestors")
    assert [str(p) for p in ancestors.parameters] == ["concept: concept", "lang: lang?"]
    assert ancestors.parameters[0].example == "NPS"
    assert [str(p) for p in named_query("shared-terms").parameters] == ["min: integer = 2", "lang: lang?"]


def test_cxkg_queries_stays_callable_after_the_engine_is_imported(mini):
    mini.run("top-concepts")  # loads cxkg.sparql
    assert cxkg.queries() == catalog()


def test_lang_defaults_to_the_glossary_language(extra):
    german = cxkg.Glossary(extra.graph, lang="de")
    assert german.run("broader", concept="NPS").rows == ((URIRef(EX + "metrics"), None),)  # no German label
    assert table(german.run("concept", concept="NPS"))[0][1] == "Weiterempfehlungsrate"
    assert table(extra.run("concept", concept="NPS"))[0][1] == "Net Promoter Score"


def test_untagged_labels_appear_in_every_language(extra):
    assert ("ex:kiosk", "Kiosk") in table(extra.run("narrower", concept="channels", lang="fr"))


def test_ancestors_of_a_top_concept_is_empty(extra):
    assert extra.run("ancestors", concept="Metrics").rows == ()


def test_convenience_methods_use_the_queries(extra):
    def slugs(concepts):
        return [c.iri.removeprefix(EX) for c in concepts]

    assert slugs(extra.ancestors("churn")) == ["loyalty", "metrics"]
    assert slugs(extra.descendants("customer loyalty")) == ["churn"]
    assert slugs(extra.siblings("chatbot")) == ["ces-event", "kiosk", "live-chat", "omnichannel", "touchpoint"]
    assert slugs(extra.path_to_root("churn")) == ["churn", "loyalty", "metrics"]
    assert slugs(extra.path_to_root("metrics")) == ["metrics"]


def test_path_to_root_survives_a_cycle():
    graph = cxkg.load(DATA / "mini.ttl").graph
    from rdflib.namespace import SKOS

    graph.add((URIRef(EX + "metrics"), SKOS.broader, URIRef(EX + "churn")))  # metrics < churn < loyalty < metrics
    glossary = cxkg.Glossary(graph)
    path = path_to_root(glossary, URIRef(EX + "churn"))
    assert [iri.removeprefix(EX) for iri in path] == ["churn", "loyalty", "metrics"]
    assert {c.iri.removeprefix(EX) for c in glossary.ancestors("churn")} == {"loyalty", "metrics"}


def test_queries_agree_with_the_api_on_a_real_vocabulary(voc4cat):
    glossary = cxkg.load(voc4cat)
    tops = {row[0] for row in glossary.run("top-concepts").rows}
    assert tops == {concept.iri for concept in glossary.top_concepts}
    leaves = {row[0] for row in glossary.run("leaves").rows}
    assert leaves == {concept.iri for concept in glossary if not concept.narrower}
    stats = dict(table(glossary.run("stats")))
    assert int(stats["concepts"]) == len(glossary)
    concept = next(c for c in glossary if c.broader and c.narrower)
    assert {row[0] for row in glossary.run("broader", concept=concept.iri).rows} == set(concept.broader)
    assert {c.iri for c in glossary.descendants(concept.iri)} >= set(concept.narrower)
    assert glossary.run("metrics").rows == () and glossary.run("conflicts").rows == ()  # no cx: terms there


# -- the bundled CX graph: facts that hold however the content grows ----------------------------
@pytest.mark.parametrize("query", catalog(), ids=lambda query: query.name)
def test_every_query_answers_its_header_example_on_the_bundled_graph(bundled, query):
    params = {p.name: p.example for p in query.parameters if p.required or p.type in ("concept", "iri")}
    result = bundled.run(query.name, **params)
    assert result.vars == query.returns
    if query.name == "orphans":  # a healthy glossary has none
        assert result.rows == ()
    else:
        assert result.rows, f"{query.name} with {params} found nothing"


def test_bundled_nps_sits_under_a_top_concept_and_is_a_metric(bundled):
    tops = {concept.iri for concept in bundled.top_concepts}
    assert {row[0] for row in bundled.run("ancestors", concept="NPS").rows} & tops
    assert bundled.path_to_root("NPS")[-1].iri in tops
    metrics = {row["metric"]: row for row in bundled.run("metrics").to_dicts()}
    nps = metrics["https://w3id.org/cxkg/net-promoter-score"]
    assert nps["acronym"] == "NPS" and nps["measures"] and nps["direction"] == "higher is better"


def test_bundled_statistics_agree_with_the_api(bundled):
    stats = dict(table(bundled.run("stats")))
    assert int(stats["concepts"]) == len(bundled)
    assert int(stats["top concepts"]) == len(bundled.top_concepts)
    shared, conflicts = table(bundled.run("shared-terms")), table(bundled.run("conflicts"))
    assert shared and all(int(row[2]) >= 2 for row in shared)
    assert conflicts and all(row[2] for row in conflicts)  # each disagreement is explained
