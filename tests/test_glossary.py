"""The Glossary API on the fixture vocabulary and on real SKOS vocabularies."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Graph, URIRef

import cxkg
from cxkg import AmbiguousConcept, ConceptNotFound

EX = "http://example.org/mini/"


@pytest.mark.parametrize("ref", ["nps", "NPS", "Net promoter score", "  net   PROMOTER score ", "net-promoter-score",
                                 "Net Promoter Scores", "net promoter", "ex:nps", EX + "nps", f"<{EX}nps>"])
def test_every_kind_of_reference_resolves_to_the_concept(mini, ref):
    assert mini.concept(ref).iri == URIRef(EX + "nps")


@pytest.mark.parametrize(("ref", "slug"), [("omni-channel", "omnichannel"), ("Omni channel", "omnichannel"),
                                           ("touchpoints", "touchpoint"), ("touch-points", "touchpoint"),
                                           ("customer attrition", "churn"), ("csat", "csat")])
def test_variants_hyphens_and_plurals_resolve(mini, ref, slug):
    assert mini.concept(ref).iri == URIRef(EX + slug)


def test_concept_record_is_frozen_and_complete(mini):
    nps = mini.concept("NPS")
    assert nps.label == "Net Promoter Score"
    assert nps.acronyms == ("NPS",)
    assert nps.alt_labels == ("net promoter",)  # acronyms are not repeated as alt labels
    assert nps.definition == "Share of promoters minus share of detractors."
    assert nps.broader == (URIRef(EX + "metrics"),)
    assert nps.related == (URIRef(EX + "loyalty"),)  # stated only on loyalty's side: read both ways
    assert nps.sources == (URIRef(EX + "src"),)
    with pytest.raises(dataclasses.FrozenInstanceError):
        nps.label = "x"  # type: ignore[misc]


def test_narrower_is_read_from_broader_when_not_materialised(mini):
    loyalty = mini.concept("customer loyalty")
    assert URIRef(EX + "churn") in loyalty.narrower
    assert URIRef(EX + "metrics") in loyalty.broader


def test_collections_are_listed_on_members(mini):
    assert mini.concept("churn rate").collections == (URIRef(EX + "collection"),)


def test_unknown_term_raises_key_error_with_suggestions(mini):
    with pytest.raises(ConceptNotFound) as caught:
        mini.concept("net promotor scor")
    assert isinstance(caught.value, KeyError)
    assert "Net Promoter Score" in caught.value.suggestions
    assert "did you mean" in str(caught.value)


def test_shared_acronym_is_an_ambiguity_listing_both(mini):
    with pytest.raises(AmbiguousConcept) as caught:
        mini.concept("CES")
    message = str(caught.value)
    assert "Customer Effort Score" in message and "Consumer Electronics Show" in message


def test_deprecated_concept_keeps_its_iri_and_names_its_replacement(mini):
    old = mini.concept(EX + "omni-channel")
    assert old.deprecated and old.replaced_by == (URIRef(EX + "omnichannel"),)
    assert mini.concept("omni-channel").iri == URIRef(EX + "omnichannel")  # labels go to the live concept
    assert URIRef(EX + "omni-channel") not in mini.iris


def test_len_iteration_schemes_and_top_concepts(mini):
    assert len(mini) == 14
    assert len(list(mini)) == 14 and all(isinstance(c, cxkg.Concept) for c in mini)
    assert mini.schemes == [URIRef(EX + "scheme")]
    assert [c.label for c in mini.top_concepts] == ["Channels", "Metrics"]
    assert "nps" in mini and "no such thing" not in mini
    assert mini.get("no such thing") is None


def test_several_sources_merge_and_graphs_are_accepted(mini, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                     '<http://example.org/x/a> a skos:Concept ; skos:prefLabel "Extra term"@en .\n')
    merged = cxkg.load(mini.graph, extra)
    assert len(merged) == len(mini) + 1
    assert merged.concept("extra term").iri == URIRef("http://example.org/x/a")
    assert len(mini) == 14  # the source glossary is untouched


@pytest.mark.parametrize("fmt", ["nt", "xml", "json-ld"])
def test_any_rdf_format_loads_by_extension(mini, tmp_path, fmt):
    suffix = {"nt": ".nt", "xml": ".rdf", "json-ld": ".jsonld"}[fmt]
    path = tmp_path / f"mini{suffix}"
    mini.graph.serialize(path, format=fmt, encoding="utf-8")
    assert cxkg.load(path).concept("nps").label == "Net Promoter Score"


def test_format_can_be_overridden(mini, tmp_path):
    path = tmp_path / "mini.data"
    mini.graph.serialize(path, format="nt", encoding="utf-8")
    assert len(cxkg.load(path, format="nt")) == 14


def test_subclasses_of_skos_concept_count_as_concepts():
    graph = Graph().parse(format="turtle", data="""
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <http://e/K> rdfs:subClassOf skos:Concept . <http://e/a> a <http://e/K> ; skos:prefLabel "A" .""")
    assert cxkg.Glossary(graph).concept("a").iri == URIRef("http://e/a")


def test_language_choice_picks_labels(tmp_path):
    path = tmp_path / "bi.ttl"
    path.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                    '<http://e/a> a skos:Concept ; skos:prefLabel "Kundenbindung"@de, "Customer loyalty"@en .\n')
    assert cxkg.load(path).concept("kundenbindung").label == "Customer loyalty"
    assert cxkg.load(path, lang="de").concept("customer loyalty").label == "Kundenbindung"


def test_real_vocabulary_voc4cat(voc4cat):
    glossary = cxkg.load(voc4cat)
    assert len(glossary) == 575
    assert len(glossary.top_concepts) == 4
    assert glossary.concept("Pressure Controllers").label == "pressure controller"
    assert glossary.search("catalyst")[0].label == "catalyst"


@pytest.mark.slow
def test_real_vocabulary_stw_multilingual_polyhierarchy(stw):
    glossary = cxkg.load(stw)
    assert len(glossary.top_concepts) == 7
    inflation = glossary.concept("Inflation")
    assert inflation.label == "Inflation"
    assert glossary.concept("Inflation", ).iri == inflation.iri
    assert len(glossary.concept("Inflation rate").broader) >= 1
