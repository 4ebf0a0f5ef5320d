"""Edition-2 content quality: hierarchy shape and policy, labels, the concepts added from CX practice,
their provenance, and the copy check against the five seed sources (run in the suite, not only at a hook)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

import cxkg
from tests.conftest import shared_path

CX = Namespace("https://w3id.org/cxkg/")
CXCOL = Namespace("https://w3id.org/cxkg/collection/")
SCHEME = CX.scheme


@pytest.fixture(scope="module")
def glossary(bundled: cxkg.Glossary) -> cxkg.Glossary:
    return bundled


@pytest.fixture(scope="module")
def graph(bundled: cxkg.Glossary) -> Graph:
    return bundled.graph


@pytest.fixture(scope="module")
def live(bundled: cxkg.Glossary) -> list[URIRef]:
    return list(bundled.iris)  # type: ignore[arg-type]


def depths(graph: Graph, concepts: list[URIRef]) -> dict[URIRef, int]:
    """Shortest number of skos:broader steps from each concept to a top concept."""
    tops = set(graph.objects(SCHEME, SKOS.hasTopConcept))
    found = {}
    for c in concepts:
        level, frontier = 0, {c}
        while not frontier & tops:
            frontier = {p for f in frontier for p in graph.objects(f, SKOS.broader)}
            level += 1
            assert frontier, f"{c} does not reach a top concept"
        found[c] = level
    return found


def ancestors(graph: Graph, c: URIRef) -> set[URIRef]:
    return set(graph.transitive_objects(c, SKOS.broader)) - {c}


# -- hierarchy --------------------------------------------------------------------------------------

def test_the_hierarchy_is_deep_not_a_flat_list(graph: Graph, live: list[URIRef]) -> None:
    levels = Counter(depths(graph, live).values())
    assert levels[0] == 8
    assert levels[1] <= 0.40 * len(live), levels
    assert levels[3] + levels[4] + levels[5] >= 25, levels


def test_top_concepts_are_real_concepts_with_real_definitions(graph: Graph, live: list[URIRef]) -> None:
    for c in live:
        definition = str(graph.value(c, SKOS.definition))
        assert not definition.lower().startswith(("organising concept", "organizing concept")), c
        assert "sources name" not in definition, c


EXPECTED_PARENTS = [  # review §3.2–3.3 and §3.5: (concept, broader)
    ("customer-journey-analytics", "customer-analytics"), ("multichannel-support", "customer-support"),
    ("service-recovery", "customer-service"), ("customer-support", "customer-service"),
    ("customer-obsession", "customer-centricity"), ("data-privacy", "customer-data-governance"),
    ("customer-journey-optimization", "customer-experience-improvement"),
    ("customer-touchpoint-analysis", "customer-journey-analytics"),
    ("customer-touchpoint-management", "customer-experience-management"),
    ("customer-touchpoint-mapping", "customer-journey-mapping"),
    ("customer-journey-map", "research-and-design-artifact"), ("persona", "research-and-design-artifact"),
    ("service-blueprint", "research-and-design-artifact"), ("empathy-map", "research-and-design-artifact"),
    ("value-proposition", "segmentation-targeting-and-positioning"),
    ("market-segmentation", "segmentation-targeting-and-positioning"),
    ("cross-selling", "customer-growth"), ("upselling", "customer-growth"),
    ("word-of-mouth", "customer-advocacy"), ("emotional-connection", "customer-relationship"),
    ("customer-expectation", "customer-attitude"), ("customer-perception", "customer-attitude"),
    ("customer-onboarding", "customer-success"), ("sentiment-analysis", "customer-analytics"),
    ("behavioral-analysis", "customer-analytics"), ("customer-feedback-loop", "voice-of-the-customer"),
    ("closed-loop-feedback", "customer-feedback-loop"), ("chatbot", "conversational-ai"),
    ("conversational-ai", "ai-in-customer-experience"), ("qualtrics", "customer-experience-platform"),
    ("touchpoint", "customer-journey"), ("minimum-viable-product", "product-development"),
    ("design-thinking", "design-approach"), ("service-design", "design-approach"),
    ("net-promoter-score", "perception-metric"), ("churn-rate", "behavioral-metric"),
    ("customer-lifetime-value", "financial-metric"), ("average-handle-time", "contact-center-metric"),
    ("service-level-agreement", "contact-center-operations"), ("product-quality", "product-and-service-quality"),
    ("service-quality", "product-and-service-quality"), ("ease-of-use", "usability"),
    ("promoter", "customer"), ("detractor", "customer"), ("loyalty-program", "customer-retention"),
    ("interactive-voice-response", "contact-center-software"), ("live-chat", "channel"),
]


@pytest.mark.parametrize(("child", "parent"), EXPECTED_PARENTS, ids=[c for c, _ in EXPECTED_PARENTS])
def test_true_hierarchy_wins(graph: Graph, child: str, parent: str) -> None:
    assert (CX[child], SKOS.broader, CX[parent]) in graph
    assert (CX[parent], SKOS.narrower, CX[child]) in graph
    assert (CX[child], SKOS.related, CX[parent]) not in graph


def test_related_never_repeats_a_hierarchy_path(graph: Graph, live: list[URIRef]) -> None:
    above = {c: ancestors(graph, c) for c in live}
    for s, o in graph.subject_objects(SKOS.related):
        assert o not in above.get(s, set()) and s not in above.get(o, set()), (s, o)


def test_related_never_repeats_a_tool_capability(graph: Graph) -> None:
    for tool in graph.subjects(RDF.type, CX.Tool):
        for capability in graph.objects(tool, CX.providesCapability):
            assert (tool, SKOS.related, capability) not in graph, (tool, capability)


def test_every_metric_sits_in_a_metric_family(graph: Graph) -> None:
    families = set(graph.objects(CX["customer-experience-metrics"], SKOS.narrower))
    for metric in graph.subjects(RDF.type, CX.Metric):
        if metric == CX["customer-centricity-index"]:
            continue  # an assessment of the organisation, not of customers
        assert ancestors(graph, metric) & families - {metric}, metric


# -- merges, splits, deprecation -------------------------------------------------------------------

def test_wrong_merges_are_split(glossary: cxkg.Glossary) -> None:
    assert glossary.concept("Service quality").iri == CX["service-quality"]
    assert glossary.concept("Product quality").iri == CX["product-quality"]
    assert glossary.concept("AI assistant").iri == CX["conversational-ai"]
    assert glossary.concept("Virtual assistant").iri == CX["conversational-ai"]
    assert glossary.concept("Help desk").iri == CX["help-desk"]
    assert glossary.concept("Usability").iri == CX["usability"]


def test_the_lifetime_journey_is_merged_into_the_journey(glossary: cxkg.Glossary, graph: Graph) -> None:
    old = CX["customer-lifetime-journey"]
    assert (old, OWL.deprecated, Literal(True)) in graph
    assert (old, DCTERMS.isReplacedBy, CX["customer-journey"]) in graph
    assert glossary.concept("customer lifetime journey").iri == CX["customer-journey"]


def test_after_call_work_is_a_time(glossary: cxkg.Glossary, graph: Graph) -> None:
    acw = glossary.concept("ACW")
    assert acw.label == "After-call work time"
    assert str(graph.value(acw.iri, SKOS.definition)).startswith("The time")
    assert str(graph.value(acw.iri, CX.unit)) == "seconds"


def test_clv_gives_descriptive_subscription_and_discounted_forms(graph: Graph) -> None:
    formula = str(graph.value(CX["customer-lifetime-value"], CX.formula))
    assert "churn rate" in formula and "discount rate" in formula and "Descriptive" in formula


# -- labels ---------------------------------------------------------------------------------------

PROPER = {"HubSpot Service Hub", "Salesforce Service Cloud", "Zendesk", "Qualtrics", "MoSCoW prioritization",
          "Net Promoter Score", "SERVQUAL", "Kano model", "LTV to CAC ratio", "AI in customer experience",
          "Conversational AI", "A/B testing", "Employee Net Promoter Score",
          "American Customer Satisfaction Index"}
COLLECTIVE = {"analytics", "success", "happiness", "responsiveness", "business", "consistency", "done", "operations"}


def test_generic_preflabels_are_in_sentence_case(graph: Graph, live: list[URIRef]) -> None:
    for c in live:
        label = str(graph.value(c, SKOS.prefLabel))
        if label in PROPER:
            continue
        assert label[0].isupper(), label
        assert all(not w[0].isupper() for w in label.split()[1:]), label


def test_preflabels_are_singular(graph: Graph, live: list[URIRef]) -> None:
    for c in live:
        label = str(graph.value(c, SKOS.prefLabel))
        if label in PROPER:
            continue
        last = label.split()[-1].lower()
        assert not last.endswith("s") or last in COLLECTIVE or last.endswith(("ss", "sis", "us")), last


@pytest.mark.parametrize(("acronym", "slug"), [
    ("EQ", "emotional-intelligence"), ("WOM", "word-of-mouth"), ("CVP", "customer-value-proposition"),
    ("FRT", "customer-response-time"), ("CJA", "customer-journey-analytics"), ("CJM", "customer-journey-mapping"),
    ("KM", "customer-service-knowledge-management"), ("ACW", "after-call-work"), ("IVR", "interactive-voice-response"),
    ("ASA", "average-speed-of-answer"), ("NRR", "net-revenue-retention"), ("GRR", "gross-revenue-retention"),
    ("JTBD", "jobs-to-be-done"), ("KPI", "key-performance-indicator"), ("ZMOT", "zero-moment-of-truth"),
])
def test_added_acronyms(graph: Graph, glossary: cxkg.Glossary, acronym: str, slug: str) -> None:
    assert Literal(acronym, lang="en") in set(graph.objects(CX[slug], CX.acronym))
    assert glossary.concept(acronym).iri == CX[slug]


@pytest.mark.parametrize(("variant", "slug"), [
    ("Helpdesk", "help-desk"), ("Self service", "customer-self-service"),
    ("Referral programme", "customer-referral-program"),
    ("Advocacy programme", "customer-advocacy-program"), ("Loyalty programme", "loyalty-program"),
    ("Journey optimisation", "customer-journey-optimization"), ("Behaviour analysis", "behavioral-analysis"),
    ("Data-driven decision-making", "data-driven-decision-making"), ("Buyers' journey", "buyers-journey"),
    ("After call work", "after-call-work"), ("Contact centre metric", "contact-center-metric"),
    ("Research and design artefact", "research-and-design-artifact"), ("Deflection rate", "containment-rate"),
    ("Customer care", "customer-care"), ("customers leaving", "customer-churn"),
    ("cancel subscription", "customer-churn"), ("Keeping customers", "customer-retention"),
    ("Would you recommend us", "net-promoter-score"), ("Waiting on hold", "hold-time"),
])
def test_variants_and_everyday_words_find_the_concept(glossary: cxkg.Glossary, variant: str, slug: str) -> None:
    assert glossary.concept(variant).iri == CX[slug]


def test_heading_style_variants_are_hidden(graph: Graph) -> None:
    hidden = {"Measuring customer experience": "customer-experience-measurement",
              "Improving customer experience": "customer-experience-improvement",
              "Key elements of customer experience": "customer-experience-element",
              "Listening to feedback": "customer-feedback-loop", "Customer-centric": "customer-centricity",
              "Customer-facing": "customer-facing-role", "Best practices": "customer-experience-practices",
              "Tools and technologies": "customer-experience-tools", "Knowledge management":
              "customer-service-knowledge-management"}
    for label, slug in hidden.items():
        assert (CX[slug], SKOS.hiddenLabel, Literal(label, lang="en")) in graph, label
        assert (CX[slug], SKOS.altLabel, Literal(label, lang="en")) not in graph, label


# -- concepts from CX practice and their provenance ------------------------------------------------

PRACTICE = ["promoter", "passive", "detractor", "channel", "customer-journey-stage", "customer-health-score",
            "closed-loop-feedback", "jobs-to-be-done", "service-design", "service-blueprint", "kano-model",
            "conversational-ai", "customer-experience-maturity", "net-revenue-retention", "gross-revenue-retention",
            "average-speed-of-answer", "abandonment-rate", "resolution-time", "customer-response-time",
            "interactive-voice-response", "containment-rate", "loyalty-program", "escalation", "accessibility",
            "average-order-value", "key-performance-indicator", "lead-generation", "live-chat", "customer"]


@pytest.mark.parametrize("slug", PRACTICE)
def test_practitioner_concepts_are_present_and_defined(graph: Graph, slug: str) -> None:
    c = CX[slug]
    assert (c, RDF.type, SKOS.Concept) in graph and (c, OWL.deprecated, None) not in graph
    assert len(str(graph.value(c, SKOS.definition))) >= 60
    assert (c, SKOS.broader, None) in graph


def test_concepts_beyond_the_seeds_cite_editors_or_a_published_work(graph: Graph, live: list[URIRef]) -> None:
    seeds = set(graph.subjects(CX.sourceFile, None))
    seed_terms = set(graph.objects(CXCOL["seed-terms"], SKOS.member))
    added = [c for c in live if c not in seed_terms]
    assert 60 <= len(added) <= 120
    for c in added:
        cited = set(graph.objects(c, DCTERMS.source))
        assert cited and not cited & seeds, c
    published = {s for c in added for s in graph.objects(c, DCTERMS.source)} - {URIRef(
        "https://w3id.org/cxkg/source/cxkg-editors")}
    assert len(published) >= 8
    for work in published:
        assert graph.value(work, DCTERMS.creator) is not None, work
        assert re.fullmatch(r"(19|20)\d\d", str(graph.value(work, DCTERMS.date))), work
        assert str(graph.value(work, DCTERMS.bibliographicCitation)), work


@pytest.mark.parametrize(("slug", "work"), [
    ("promoter", "reichheld-2003"), ("kano-model", "kano-1984"), ("customer-effort-score", "dixon-2010"),
    ("service-blueprint", "shostack-1984"), ("jobs-to-be-done", "christensen-2016"),
])
def test_well_known_works_are_cited(graph: Graph, slug: str, work: str) -> None:
    assert (CX[slug], DCTERMS.source, URIRef("https://w3id.org/cxkg/source/" + work)) in graph


# -- copy check -------------------------------------------------------------------------------------

RUN = 8


def words(text: str) -> list[str]:
    """Lower-case word tokens, punctuation dropped (apostrophes and hyphens split words)."""
    return re.findall(r"[a-z0-9]+", text.lower())


def test_no_run_of_eight_words_is_copied_from_a_source(graph: Graph) -> None:
    folder = shared_path("sources")
    grams: set[tuple[str, ...]] = set()
    for path in sorted(folder.glob("*.txt")):
        tokens = words(path.read_text(encoding="utf-8"))
        grams.update(tuple(tokens[i:i + RUN]) for i in range(len(tokens) - RUN + 1))
    assert len(grams) > 5000
    copied = []
    for s, p, o in graph:
        if p == DCTERMS.title and (s, RDF.type, DCTERMS.BibliographicResource) in graph:
            continue  # a source's own title is a citation, not copied text
        if isinstance(o, Literal) and o.language == "en" and len(str(o).split()) >= RUN:
            tokens = words(str(o))
            hits = [" ".join(tokens[i:i + RUN]) for i in range(len(tokens) - RUN + 1)
                    if tuple(tokens[i:i + RUN]) in grams]
            if hits:
                copied.append((str(s), str(p), hits[0]))
    assert not copied


def test_experience_type_facets_partition_the_types(graph: Graph) -> None:
    facets = [CXCOL[f"customer-experience-by-{name}"] for name in ("mode-of-contact", "setting", "dimension")]
    members = [set(graph.objects(f, SKOS.member)) for f in facets]
    assert all(members) and sum(len(m) for m in members) == 5
    assert set().union(*members) == set(graph.subjects(RDF.type, CX.ExperienceType))


@pytest.mark.parametrize(("words", "slug"), [
    ("customers leaving", "customer-churn"), ("speak to a manager", "escalation"),
    ("waiting on hold", "hold-time"), ("phone menu", "interactive-voice-response"),
])
def test_everyday_words_lead_search_to_the_concept(glossary: cxkg.Glossary, words: str, slug: str) -> None:
    assert glossary.search(words, 3)[0].iri == CX[slug]
