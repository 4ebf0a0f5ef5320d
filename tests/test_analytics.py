"""Graph analytics with networkx: the network's shape, paths, hubs, cycles, components, depth."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

import cxkg
from cxkg import analytics

DATA = Path(__file__).parent / "data"
EX = "http://example.org/mini/"


@pytest.fixture(scope="module")
def poly() -> cxkg.Glossary:
    return cxkg.load(DATA / "poly.ttl")


def test_the_network_has_concepts_as_nodes_and_each_link_once(mini: cxkg.Glossary) -> None:
    network = mini.to_networkx()
    assert sorted(network.nodes) == [str(i) for i in mini.iris]  # the deprecated concept is left out
    assert network.nodes[EX + "nps"] == {"label": "Net Promoter Score",
                                         "definition": "Share of promoters minus share of detractors.",
                                         "type": "Metric"}
    edges = sorted((u, v, k) for u, v, k in network.edges(keys=True))
    broader = [(u, v) for u, v, k in edges if k == "broader"]
    related = [(u, v) for u, v, k in edges if k == "related"]
    assert broader == sorted((str(c.iri), str(b)) for c in mini for b in c.broader)
    assert (EX + "loyalty", EX + "metrics") in broader  # stated only as broader on the child
    assert related == sorted({tuple(sorted((str(c.iri), str(r)))) for c in mini for r in c.related})
    assert len(related) == 4 and all(u < v for u, v in related)


def test_a_path_names_the_relation_of_each_hop(mini: cxkg.Glossary) -> None:
    hops = analytics.shortest_path(mini, "NPS", "Churn")
    assert hops == [analytics.Hop(URIRef(EX + "nps"), "related", URIRef(EX + "loyalty")),
                    analytics.Hop(URIRef(EX + "loyalty"), "narrower", URIRef(EX + "churn"))]
    up = analytics.shortest_path(mini, "Churn", "Metrics") or []
    assert [h.relation for h in up] in (["broader", "broader"], ["related", "broader"])  # two shortest paths
    assert up == analytics.shortest_path(mini, "Churn", "Metrics")  # ties break the same way every time
    assert analytics.shortest_path(mini, "Churn", "Chatbot") is None


def test_hubs_rank_by_degree_then_betweenness(mini: cxkg.Glossary) -> None:
    found, exact = analytics.hubs(mini, limit=3)
    assert exact
    assert [(h.label, h.degree) for h in found] == [("Metrics", 6), ("Channels", 5), ("Churn rate", 3)]
    assert found[0].betweenness > found[2].betweenness > 0


def test_cycles_are_reported_as_exact_paths(mini: cxkg.Glossary, poly: cxkg.Glossary) -> None:
    assert analytics.cycles(mini) == analytics.Cycles([], complete=True, concepts=0)
    assert analytics.cycles(poly) == analytics.Cycles([[URIRef("http://example.org/poly/cycle-a"),
                                                        URIRef("http://example.org/poly/cycle-b")]], True, 2)


def test_components_are_the_disconnected_clusters_largest_first(mini: cxkg.Glossary) -> None:
    groups = analytics.components(mini)
    assert [len(g) for g in groups] == [8, 6]
    assert URIRef(EX + "metrics") in groups[0] and URIRef(EX + "channels") in groups[1]


def test_depth_and_fan_out(mini: cxkg.Glossary, poly: cxkg.Glossary) -> None:
    stats = analytics.depth_stats(mini)
    assert (stats.roots, stats.leaves, stats.max_depth, stats.unreachable) == (2, 11, 2, 0)
    assert stats.depths == {0: 2, 1: 11, 2: 1}
    assert (stats.fan_out_max, stats.fan_out_median) == (6, 5.0)
    assert [(label, fan) for _, label, fan in stats.widest] == [("Metrics", 6), ("Channels", 5),
                                                                ("Customer loyalty", 1)]
    assert analytics.depth_stats(poly).unreachable == 2


def test_the_bundled_network_is_one_hierarchy_without_cycles(bundled: cxkg.Glossary) -> None:
    if not len(bundled):
        pytest.skip("the bundled ontology/ has no concepts yet")
    assert analytics.cycles(bundled).cycles == []
    stats = analytics.depth_stats(bundled)
    assert stats.unreachable == 0 and stats.roots == len(bundled.top_concepts)
