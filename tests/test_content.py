"""Content tests for the bundled CX glossary (ontology/*.ttl).

They keep the content honest: SKOS integrity (labels, definitions, hierarchy, inverse links),
coverage of the five seed glossaries (a table of source terms that must resolve), merged
variants, metric facts, tools, collections, provenance, scheme metadata and the OWL layer. Edition 2's
hierarchy, labels, added concepts and copy check are in tests/test_content_quality.py.
Nothing here needs ../shared or the network.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

import cxkg

CX = Namespace("https://w3id.org/cxkg/")
CXSRC = "https://w3id.org/cxkg/source/"
CXCOL = "https://w3id.org/cxkg/collection/"
SDO = Namespace("https://schema.org/")
XSD_BOOLEAN = URIRef("http://www.w3.org/2001/XMLSchema#boolean")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
SCHEME = CX.scheme
SCHEMA_ONTOLOGY = URIRef("https://w3id.org/cxkg/schema")
ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"

UNITS = {"percent", "currency", "seconds", "score", "ratio", "count"}
SOURCE_FILES = {"000", "001", "002", "003", "004"}


# -- fixtures and helpers ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def glossary() -> cxkg.Glossary:
    return cxkg.load()


@pytest.fixture(scope="module")
def graph(glossary: cxkg.Glossary) -> Graph:
    return glossary.graph


@pytest.fixture(scope="module")
def concepts(graph: Graph) -> list[URIRef]:
    found = sorted(s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))
    assert found, "no skos:Concept in the bundled graph"
    return found


@pytest.fixture(scope="module")
def live(graph: Graph, concepts: list[URIRef]) -> list[URIRef]:
    """Concepts in use: deprecated ones (kept because IRIs are forever) left out."""
    return [c for c in concepts if (c, OWL.deprecated, Literal(True)) not in graph]


@pytest.fixture(scope="module")
def ancestors(graph: Graph, concepts: list[URIRef]) -> dict[URIRef, set[URIRef]]:
    def up(node: URIRef, seen: set[URIRef]) -> set[URIRef]:
        for parent in graph.objects(node, SKOS.broader):
            if parent not in seen:
                seen.add(parent)
                up(parent, seen)
        return seen
    return {c: up(c, set()) for c in concepts}


def normalised(label: str) -> str:
    """The project's label key: lowercase, hyphens/underscores as spaces, collapsed, no plural s."""
    key = re.sub(r"\s+", " ", re.sub(r"[-_]", " ", label.lower())).strip()
    return key[:-1] if key.endswith("s") else key


def literals(graph: Graph, subject: URIRef, prop: URIRef) -> list[Literal]:
    return [o for o in graph.objects(subject, prop) if isinstance(o, Literal)]


def slug(iri: URIRef) -> str:
    return str(iri).removeprefix(str(CX))


# -- size and shape ------------------------------------------------------------------------------

def test_concept_count_is_in_the_expected_range(concepts: list[URIRef]) -> None:
    assert 230 <= len(concepts) <= 300


def test_concept_iris_are_readable_lowercase_slugs(concepts: list[URIRef]) -> None:
    for c in concepts:
        assert str(c).startswith(str(CX)), c
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug(c)), c


def test_every_concept_has_exactly_one_english_preflabel(graph: Graph, concepts: list[URIRef]) -> None:
    for c in concepts:
        labels = list(graph.objects(c, SKOS.prefLabel))
        assert len(labels) == 1, (c, labels)
        label = labels[0]
        assert isinstance(label, Literal) and label.language == "en", (c, label)
        assert str(label) == str(label).strip() and str(label), (c, label)


def test_every_concept_has_exactly_one_english_definition(graph: Graph, concepts: list[URIRef]) -> None:
    for c in concepts:
        defs = list(graph.objects(c, SKOS.definition))
        assert len(defs) == 1, (c, defs)
        text = defs[0]
        assert isinstance(text, Literal) and text.language == "en", c
        assert str(text) == str(text).strip() and len(str(text)) >= 40, (c, text)


def test_scope_notes_are_single_english_texts(graph: Graph, concepts: list[URIRef]) -> None:
    for c in concepts:
        notes = list(graph.objects(c, SKOS.scopeNote))
        assert len(notes) <= 1, c
        for note in notes:
            assert isinstance(note, Literal) and note.language == "en" and str(note).strip() == str(note)


def test_every_concept_is_in_the_scheme_and_defined_by_it(graph: Graph, concepts: list[URIRef]) -> None:
    for c in concepts:
        assert set(graph.objects(c, SKOS.inScheme)) == {SCHEME}, c
        assert set(graph.objects(c, RDFS.isDefinedBy)) == {SCHEME}, c


def test_every_concept_names_at_least_one_source(graph: Graph, concepts: list[URIRef]) -> None:
    sources = set(graph.subjects(RDF.type, DCTERMS.BibliographicResource))
    for c in concepts:
        cited = set(graph.objects(c, DCTERMS.source))
        assert cited, c
        assert cited <= sources, (c, cited - sources)


def test_text_literals_are_english_and_trimmed(graph: Graph) -> None:
    text_props = {SKOS.prefLabel, SKOS.altLabel, SKOS.definition, SKOS.scopeNote, CX.acronym, CX.formula,
                  CX.scale, DCTERMS.title, DCTERMS.description, RDFS.label, RDFS.comment}
    for s, p, o in graph:
        if p in text_props:
            assert isinstance(o, Literal) and o.language == "en", (s, p, o)
            assert str(o) and str(o) == str(o).strip() and "  " not in str(o), (s, p, o)


# -- hierarchy -------------------------------------------------------------------------------------

def test_top_concepts_are_declared_both_ways(graph: Graph, live: list[URIRef]) -> None:
    has_top = set(graph.objects(SCHEME, SKOS.hasTopConcept))
    top_of = {c for c in live if (c, SKOS.topConceptOf, SCHEME) in graph}
    assert has_top == top_of
    assert 5 <= len(has_top) <= 8
    for top in has_top:
        assert not list(graph.objects(top, SKOS.broader)), top


def test_every_concept_has_a_place_in_the_hierarchy(graph: Graph, concepts: list[URIRef], live: list[URIRef],
                                                    ancestors: dict[URIRef, set[URIRef]]) -> None:
    tops = set(graph.objects(SCHEME, SKOS.hasTopConcept))
    for c in live:
        assert c in tops or ancestors[c] & tops, f"{c} does not reach a top concept"
    for c in set(concepts) - set(live):  # deprecated: outside the live tree, still placed for VocPub 2.3.03
        assert (c, SKOS.topConceptOf, SCHEME) in graph and not ancestors[c], c


def test_broader_targets_are_concepts_of_this_scheme(graph: Graph, concepts: list[URIRef]) -> None:
    known = set(concepts)
    for prop in (SKOS.broader, SKOS.narrower, SKOS.related):
        for s, o in graph.subject_objects(prop):
            assert s in known and o in known, (s, prop, o)


def test_broader_and_narrower_are_exact_inverses(graph: Graph) -> None:
    broader = set(graph.subject_objects(SKOS.broader))
    narrower = {(o, s) for s, o in graph.subject_objects(SKOS.narrower)}
    assert broader == narrower


def test_related_is_symmetric_and_irreflexive(graph: Graph) -> None:
    pairs = set(graph.subject_objects(SKOS.related))
    assert pairs and pairs == {(o, s) for s, o in pairs}
    assert all(s != o for s, o in pairs)


def test_no_broader_cycles(ancestors: dict[URIRef, set[URIRef]]) -> None:
    for c, above in ancestors.items():
        assert c not in above, f"cycle through {c}"


def test_related_never_links_a_concept_to_an_ancestor(graph: Graph, ancestors: dict[URIRef, set[URIRef]]) -> None:
    for s, o in graph.subject_objects(SKOS.related):
        assert o not in ancestors[s], (s, o)


def test_most_concepts_have_associations(graph: Graph, concepts: list[URIRef]) -> None:
    with_related = [c for c in concepts if (c, SKOS.related, None) in graph]
    assert len(with_related) >= 0.9 * len(concepts)


# -- labels and acronyms ---------------------------------------------------------------------------

def test_no_two_concepts_share_a_normalised_label(graph: Graph, live: list[URIRef]) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for c in live:
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, CX.acronym):
            for label in literals(graph, c, prop):
                owners[normalised(str(label))].add(c)
    clashes = {key: sorted(v) for key, v in owners.items() if len(v) > 1}
    assert not clashes


def test_alt_labels_differ_from_the_preflabel(graph: Graph, concepts: list[URIRef]) -> None:
    for c in concepts:
        pref = str(graph.value(c, SKOS.prefLabel)).casefold()
        alts = [str(a).casefold() for a in literals(graph, c, SKOS.altLabel)]
        assert pref not in alts, c
        assert len(alts) == len(set(alts)), c


def test_acronyms_are_also_alt_labels_and_unique(graph: Graph, concepts: list[URIRef]) -> None:
    owners: dict[str, list[URIRef]] = defaultdict(list)
    for c in concepts:
        alts = set(literals(graph, c, SKOS.altLabel))
        pref = str(graph.value(c, SKOS.prefLabel))
        for acronym in literals(graph, c, CX.acronym):
            assert acronym in alts, (c, acronym)
            assert str(acronym) != pref, c
            owners[str(acronym).casefold()].append(c)
    assert owners, "no acronyms at all"
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


@pytest.mark.parametrize(("acronym", "expected"), [
    ("CX", "customer-experience"), ("UX", "user-experience"), ("EX", "employee-experience"),
    ("NPS", "net-promoter-score"), ("CSAT", "customer-satisfaction-score"), ("CES", "customer-effort-score"),
    ("CLV", "customer-lifetime-value"), ("CLTV", "customer-lifetime-value"), ("VoC", "voice-of-the-customer"),
    ("CRM", "customer-relationship-management"), ("CEM", "customer-experience-management"),
    ("CDP", "customer-data-platform"), ("SLA", "service-level-agreement"), ("FCR", "first-contact-resolution"),
    ("AHT", "average-handle-time"), ("ROI", "return-on-investment"), ("COA", "customer-acquisition-cost"),
    ("CAC", "customer-acquisition-cost"), ("USP", "unique-selling-proposition"), ("UCD", "user-centered-design"),
    ("CCI", "customer-centricity-index"), ("MVP", "minimum-viable-product"), ("EI", "emotional-intelligence"),
])
def test_expected_acronyms_are_recorded(graph: Graph, acronym: str, expected: str) -> None:
    assert Literal(acronym, lang="en") in set(graph.objects(CX[expected], CX.acronym))


def test_every_acronym_resolves_to_its_concept(glossary: cxkg.Glossary, graph: Graph) -> None:
    pairs = list(graph.subject_objects(CX.acronym))
    assert len(pairs) >= 20
    for concept, acronym in pairs:
        assert glossary.concept(str(acronym)).iri == concept, acronym


def test_every_label_resolves_to_its_own_concept(glossary: cxkg.Glossary, graph: Graph,
                                                 live: list[URIRef]) -> None:
    for c in live:
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in literals(graph, c, prop):
                assert glossary.concept(str(label)).iri == c, (label, c)


def test_curie_and_iri_resolve(glossary: cxkg.Glossary) -> None:
    assert glossary.concept("cx:net-promoter-score").iri == CX["net-promoter-score"]
    assert glossary.concept(str(CX["customer-journey"])).label == "Customer journey"


def test_unknown_term_raises_concept_not_found(glossary: cxkg.Glossary) -> None:
    with pytest.raises(cxkg.ConceptNotFound):
        glossary.concept("quantum flux capacitor")


# -- coverage of the five sources ----------------------------------------------------------------
# (source file prefix, term as written in that source, expected concept slug). Terms whose heading
# was lost in the scrape, list items and table entries are included; comments mark a few.

SOURCE_TERMS = [
 # 000: section intro, five themed sections, lost heading at the end
 ("000", "Customer Experience", "customer-experience"),
 ("000", "Behavioral Analysis", "behavioral-analysis"),
 ("000", "Buyer's Journey", "buyers-journey"),
 ("000", "Customer Empathy", "customer-empathy"),
 ("000", "Customer Insights", "customer-insight"),
 ("000", "Customer Journey", "customer-journey"),
 ("000", "Customer Persona", "customer-persona"),
 ("000", "Customer Segmentation", "customer-segmentation"),
 ("000", "Market Segmentation", "market-segmentation"),
 ("000", "Pain Points", "pain-point"),
 ("000", "Target Audience", "target-audience"),
 ("000", "User Experience", "user-experience"),
 ("000", "UX", "user-experience"),
 ("000", "User Persona", "user-persona"),
 ("000", "User-Centered Design", "user-centered-design"),
 ("000", "UCD", "user-centered-design"),
 ("000", "Cost of Acquisition", "customer-acquisition-cost"),
 ("000", "COA", "customer-acquisition-cost"),
 ("000", "Customer Acquisition", "customer-acquisition"),
 ("000", "Customer Lifetime Value", "customer-lifetime-value"),
 ("000", "CLV", "customer-lifetime-value"),
 ("000", "Customer Loyalty", "customer-loyalty"),
 ("000", "Customer Retention", "customer-retention"),
 ("000", "Market Differentiation", "market-differentiation"),
 ("000", "Unique Selling Proposition", "unique-selling-proposition"),
 ("000", "USP", "unique-selling-proposition"),
 ("000", "Value Proposition", "value-proposition"),
 ("000", "Customer Effort Score", "customer-effort-score"),
 ("000", "Customer Engagement", "customer-engagement"),
 ("000", "Customer Experience Score", "customer-experience-score"),
 ("000", "Customer Feedback", "customer-feedback"),
 ("000", "Customer Satisfaction", "customer-satisfaction"),
 ("000", "Customer Service", "customer-service"),
 ("000", "Customer Success", "customer-success"),
 ("000", "Customer Support", "customer-support"),
 ("000", "Net Promoter Score", "net-promoter-score"),
 ("000", "Sentiment Analysis", "sentiment-analysis"),
 ("000", "opinion mining", "sentiment-analysis"),
 ("000", "Voice of the Customer", "voice-of-the-customer"),
 ("000", "VoC", "voice-of-the-customer"),
 ("000", "Average Handle Time", "average-handle-time"),
 ("000", "AHT", "average-handle-time"),
 ("000", "talk time", "talk-time"),
 ("000", "hold time", "hold-time"),
 ("000", "after-call work", "after-call-work"),
 ("000", "Churn Rate", "churn-rate"),
 ("000", "Conversion Rate", "conversion-rate"),
 ("000", "First Call Resolution", "first-contact-resolution"),
 ("000", "Retention Rate", "retention-rate"),
 ("000", "Return on Investment", "return-on-investment"),
 ("000", "ROI", "return-on-investment"),
 ("000", "Customer Advocacy", "customer-advocacy"),
 ("000", "Customer Centric Approach", "customer-centricity"),
 ("000", "Customer Centricity", "customer-centricity"),
 ("000", "Customer Experience Management", "customer-experience-management"),
 ("000", "CEM", "customer-experience-management"),
 ("000", "Customer Experience Strategy", "customer-experience-strategy"),
 ("000", "Customer Journey Mapping", "customer-journey-mapping"),
 ("000", "Customer Relationship Management", "customer-relationship-management"),
 ("000", "CRM", "customer-relationship-management"),
 ("000", "Design Thinking", "design-thinking"),
 ("000", "Emotional Connection", "emotional-connection"),
 ("000", "Omnichannel Experience", "omnichannel"),
 ("000", "Omnichannel Marketing", "omnichannel-marketing"),
 ("000", "Personalization", "personalization"),            # heading lost in the scrape
 ("000", "Understanding the Customer", "customer-understanding"),
 # 001: intro, key elements, strategy elements, metrics, tools, best practices, 20 common terms
 ("001", "Customer experience", "customer-experience"),
 ("001", "Quality", "product-and-service-quality"),
 ("001", "Ease of Use", "ease-of-use"),
 ("001", "Customer Service", "customer-service"),
 ("001", "Brand Image", "brand-image"),
 ("001", "Key Elements of Customer Experience", "customer-experience-element"),
 ("001", "Customer Experience Strategy", "customer-experience-strategy"),
 ("001", "Customer Research", "customer-research"),
 ("001", "Journey Mapping", "customer-journey-mapping"),
 ("001", "Customer Feedback", "customer-feedback"),
 ("001", "Continuous Improvement", "continuous-improvement"),
 ("001", "Customer Experience Metrics", "customer-experience-metrics"),
 ("001", "Net Promoter Score", "net-promoter-score"),
 ("001", "NPS", "net-promoter-score"),
 ("001", "CSAT", "customer-satisfaction-score"),
 ("001", "Customer Effort Score", "customer-effort-score"),
 ("001", "CES", "customer-effort-score"),
 ("001", "Churn Rate", "churn-rate"),
 ("001", "Customer Experience Tools", "customer-experience-tools"),
 ("001", "CRM software", "customer-relationship-management"),
 ("001", "Customer Feedback Tools", "customer-feedback-tool"),
 ("001", "Customer Service Software", "customer-service-software"),
 ("001", "Analytics Tools", "analytics-tool"),
 ("001", "surveys", "customer-survey"),
 ("001", "focus groups", "focus-group"),
 ("001", "social media monitoring", "social-listening"),
 ("001", "word-of-mouth", "word-of-mouth"),
 ("001", "Personalization", "personalization"),
 ("001", "Responsiveness", "responsiveness"),
 ("001", "Consistency", "consistency"),
 ("001", "Empathy", "customer-empathy"),
 ("001", "CX", "customer-experience"),
 ("001", "User Experience", "user-experience"),
 ("001", "Customer Journey", "customer-journey"),
 ("001", "Touchpoints", "touchpoint"),
 ("001", "Customer Satisfaction", "customer-satisfaction"),
 ("001", "Customer Retention", "customer-retention"),
 ("001", "Customer Loyalty", "customer-loyalty"),
 ("001", "Customer Acquisition", "customer-acquisition"),
 ("001", "Customer Segmentation", "customer-segmentation"),
 ("001", "Customer Persona", "customer-persona"),
 ("001", "Customer Success", "customer-success"),
 ("001", "Customer Advocacy", "customer-advocacy"),
 ("001", "Customer Empathy", "customer-empathy"),
 ("001", "Customer-Centric", "customer-centricity"),
 ("001", "Customer Lifetime Value", "customer-lifetime-value"),
 ("001", "Customer Churn", "customer-churn"),
 ("001", "Customer Experience Management", "customer-experience-management"),
 ("001", "Best practices", "customer-experience-practices"),
 # 002: alphabetical glossary incl. duplicates, variants and lost headings
 ("002", "Brand Loyalty", "brand-loyalty"),
 ("002", "Cross-selling", "cross-selling"),                  # heading lost
 ("002", "Customer Acquisition", "customer-acquisition"),
 ("002", "Customer Advocacy", "customer-advocacy"),
 ("002", "Customer Advocacy Program", "customer-advocacy-program"),
 ("002", "Customer Analytics", "customer-analytics"),
 ("002", "Customer Behavior", "customer-behavior"),
 ("002", "Customer Centricity", "customer-centricity"),
 ("002", "Customer Centricity Index", "customer-centricity-index"),
 ("002", "CCI", "customer-centricity-index"),
 ("002", "Customer Churn", "customer-churn"),
 ("002", "Customer Churn Rate", "churn-rate"),
 ("002", "Customer Complaint", "customer-complaint"),
 ("002", "Customer Complaints", "customer-complaint"),
 ("002", "Customer Convenience", "customer-convenience"),
 ("002", "Customer Data", "customer-data"),
 ("002", "Customer Data Platform", "customer-data-platform"),
 ("002", "CDP", "customer-data-platform"),
 ("002", "Customer Delight", "customer-delight"),
 ("002", "Customer Education", "customer-education"),
 ("002", "Customer Effort", "customer-effort"),
 ("002", "Customer Effort Score", "customer-effort-score"),
 ("002", "Customer Empathy", "customer-empathy"),
 ("002", "Customer Empowerment", "customer-empowerment"),
 ("002", "Customer Engagement", "customer-engagement"),
 ("002", "Customer Expectations", "customer-expectation"),
 ("002", "Customer Experience", "customer-experience"),
 ("002", "Customer Experience Design", "customer-experience-design"),
 ("002", "Customer Experience Management", "customer-experience-management"),
 ("002", "Customer Experience Metrics", "customer-experience-metrics"),
 ("002", "Customer Experience Platform", "customer-experience-platform"),
 ("002", "Customer Experience Strategy", "customer-experience-strategy"),
 ("002", "Customer Feedback", "customer-feedback"),
 ("002", "Customer Feedback Loop", "customer-feedback-loop"),
 ("002", "Customer Happiness", "customer-happiness"),
 ("002", "Customer Insight", "customer-insight"),
 ("002", "Customer Insights", "customer-insight"),
 ("002", "Customer Intelligence", "customer-intelligence"),
 ("002", "Customer Interaction", "customer-interaction"),
 ("002", "Customer Journey", "customer-journey"),
 ("002", "Customer Journey Analytics", "customer-journey-analytics"),
 ("002", "Customer Journey Mapping", "customer-journey-mapping"),
 ("002", "Customer Journey Optimization", "customer-journey-optimization"),
 ("002", "Customer Lifetime Journey", "customer-journey"),            # merged in edition 2
 ("002", "Customer Lifetime Value", "customer-lifetime-value"),
 ("002", "CLTV", "customer-lifetime-value"),
 ("002", "Customer Loyalty", "customer-loyalty"),
 ("002", "Customer Metrics", "customer-experience-metrics"),
 ("002", "Customer Obsession", "customer-obsession"),
 ("002", "Customer Onboarding", "customer-onboarding"),
 ("002", "Customer Perception", "customer-perception"),
 ("002", "Customer Persona", "customer-persona"),
 ("002", "Customer Privacy", "customer-privacy"),
 ("002", "Customer Referral Program", "customer-referral-program"),
 ("002", "Customer Relationship", "customer-relationship"),
 ("002", "Customer Relationship Management", "customer-relationship-management"),
 ("002", "Customer Response Time", "customer-response-time"),
 ("002", "Customer Retention", "customer-retention"),
 ("002", "Customer Retention Rate", "retention-rate"),
 ("002", "Customer Satisfaction", "customer-satisfaction"),
 ("002", "CSAT", "customer-satisfaction-score"),
 ("002", "Customer Satisfaction Survey", "customer-satisfaction-survey"),
 ("002", "Customer Segmentation", "customer-segmentation"),
 ("002", "Customer Self-Service", "customer-self-service"),
 ("002", "Customer Sentiment Analysis", "customer-sentiment-analysis"),
 ("002", "Customer Service", "customer-service"),
 ("002", "Customer Success", "customer-success"),
 ("002", "Customer Support", "customer-support"),
 ("002", "Customer Touchpoint Analysis", "customer-touchpoint-analysis"),
 ("002", "Customer Touchpoint Management", "customer-touchpoint-management"),
 ("002", "Customer Touchpoint Mapping", "customer-touchpoint-mapping"),
 ("002", "Customer Value Proposition", "customer-value-proposition"),
 ("002", "Customer-centric", "customer-centricity"),          # heading lost
 ("002", "Customer-Centric Culture", "customer-centric-culture"),
 ("002", "Customer-Centric Design", "customer-centric-design"),
 ("002", "Customer-Centric Strategy", "customer-centric-strategy"),
 ("002", "Customer-Centricity", "customer-centricity"),      # heading lost
 ("002", "Customer-facing", "customer-facing-role"),          # heading lost
 ("002", "Customer-Focused Culture", "customer-centric-culture"),
 ("002", "Customer-Focused Metrics", "customer-experience-metrics"),
 ("002", "Data Privacy", "data-privacy"),
 ("002", "Data-Driven Decision Making", "data-driven-decision-making"),
 ("002", "Design Thinking", "design-thinking"),
 ("002", "Emotional Intelligence", "emotional-intelligence"),
 ("002", "EI", "emotional-intelligence"),
 ("002", "Employee Experience", "employee-experience"),
 ("002", "EX", "employee-experience"),
 ("002", "First Call Resolution", "first-contact-resolution"),
 ("002", "First Contact Resolution", "first-contact-resolution"),
 ("002", "FCR", "first-contact-resolution"),
 ("002", "Moments Of Truth", "moment-of-truth"),
 ("002", "Multi-Channel Support", "multichannel-support"),
 ("002", "Net Promoter Score", "net-promoter-score"),
 ("002", "Omni-channel", "omnichannel"),                      # heading lost
 ("002", "Omnichannel", "omnichannel"),                        # heading lost
 ("002", "Persona", "persona"),                                # heading lost
 ("002", "Personalization", "personalization"),              # heading lost
 ("002", "Service Level Agreement", "service-level-agreement"),
 ("002", "SLA", "service-level-agreement"),
 ("002", "Service Recovery", "service-recovery"),
 ("002", "Social Listening", "social-listening"),
 ("002", "Touchpoint", "touchpoint"),                          # heading lost
 ("002", "Touchpoints", "touchpoint"),                         # heading lost
 ("002", "Upselling", "upselling"),                            # heading lost
 ("002", "User Experience", "user-experience"),
 ("002", "Voice Of The Customer", "voice-of-the-customer"),
 ("002", "call centers", "contact-center"),
 # 003
 ("003", "Customer Experience", "customer-experience"),
 ("003", "CX", "customer-experience"),
 ("003", "EX", "employee-experience"),
 ("003", "employee experience", "employee-experience"),
 ("003", "employee engagement", "employee-engagement"),
 ("003", "Customer Segments", "customer-segment"),
 ("003", "Journey Map", "customer-journey-map"),
 ("003", "Customer Service Knowledge Management", "customer-service-knowledge-management"),
 ("003", "AI Customer Experience", "ai-in-customer-experience"),
 ("003", "chatbots", "chatbot"),
 ("003", "Measure Customer Experience", "customer-experience-measurement"),
 ("003", "net promoter score", "net-promoter-score"),
 ("003", "conversion rate", "conversion-rate"),
 ("003", "customer lifetime value", "customer-lifetime-value"),
 ("003", "customer satisfaction", "customer-satisfaction"),
 ("003", "customer acquisition cost", "customer-acquisition-cost"),
 ("003", "Improved Customer Experience", "customer-experience-improvement"),
 ("003", "omnichannel experience", "omnichannel"),
 ("003", "customer experience management program", "customer-experience-management"),
 ("003", "self-service portal", "self-service-portal"),
 ("003", "customer lifecycle", "customer-lifecycle"),         # paragraph without heading
 ("003", "live agent", "customer-service-agent"),
 ("003", "call centers", "contact-center"),
 # 004
 ("004", "Customer Experience", "customer-experience"),
 ("004", "Direct Experience", "direct-experience"),
 ("004", "Indirect Experience", "indirect-experience"),
 ("004", "Digital Experience", "digital-experience"),
 ("004", "Physical Experience", "physical-experience"),
 ("004", "Emotional Experience", "emotional-experience"),
 ("004", "Clear Communication", "clear-communication"),
 ("004", "Fast and Helpful Support", "fast-and-helpful-support"),
 ("004", "Personalization", "personalization"),
 ("004", "Ease of Use", "ease-of-use"),
 ("004", "Listening to Feedback", "customer-feedback-loop"),
 ("004", "Customer-Centric Culture", "customer-centric-culture"),
 ("004", "multichannel assistance", "multichannel-support"),
 ("004", "Measuring Customer Experience", "customer-experience-measurement"),
 ("004", "Net Promoter Score", "net-promoter-score"),
 ("004", "Customer Satisfaction Score", "customer-satisfaction-score"),
 ("004", "Customer Effort Score", "customer-effort-score"),
 ("004", "Churn Rate", "churn-rate"),
 ("004", "Retention Rate", "retention-rate"),
 ("004", "Customer Lifetime Value", "customer-lifetime-value"),
 ("004", "Zendesk", "zendesk"),
 ("004", "Salesforce Service Cloud", "salesforce-service-cloud"),
 ("004", "HubSpot Service Hub", "hubspot-service-hub"),
 ("004", "Qualtrics", "qualtrics"),
 ("004", "knowledge bases", "knowledge-base"),
 ("004", "Customer Service", "customer-service"),
 ("004", "Customer Acquisition Cost", "customer-acquisition-cost"),
 ("004", "CAC", "customer-acquisition-cost"),
 ("004", "Minimum Viable Product", "minimum-viable-product"),
 ("004", "MVP", "minimum-viable-product"),
 ("004", "MoSCoW Prioritization", "moscow-prioritization"),
 ("004", "chatbots", "chatbot"),
 ("004", "help desk ticketing", "customer-service-software"),
]


def test_source_term_table_covers_every_source() -> None:
    assert len(SOURCE_TERMS) >= 60
    assert {prefix for prefix, _, _ in SOURCE_TERMS} == SOURCE_FILES
    for prefix in SOURCE_FILES:
        assert sum(1 for p, _, _ in SOURCE_TERMS if p == prefix) >= 12, prefix


@pytest.mark.parametrize(("source", "term", "expected"), SOURCE_TERMS,
                         ids=[f"{p}-{t}" for p, t, _ in SOURCE_TERMS])
def test_source_term_resolves(glossary: cxkg.Glossary, source: str, term: str, expected: str) -> None:
    assert glossary.concept(term).iri == CX[expected]


def test_concepts_cite_the_sources_their_terms_come_from(graph: Graph) -> None:
    by_file = {str(graph.value(s, CX.sourceFile))[:3]: s for s in graph.subjects(CX.sourceFile, None)}
    missing = sorted({(prefix, slug_) for prefix, _, slug_ in SOURCE_TERMS
                      if (CX[slug_], DCTERMS.source, by_file[prefix]) not in graph})
    assert not missing


VARIANT_GROUPS = [
    ("omni-channel", "omnichannel", "Omnichannel experience", "Omni-Channel"),
    ("touchpoint", "touchpoints", "Touch points", "contact point"),
    ("first call resolution", "first contact resolution", "FCR", "First-Contact Resolution"),
    ("CES", "customer effort score", "Customer Effort Score"),
    ("CSAT", "customer satisfaction score", "CSAT score"),
    ("CLV", "CLTV", "customer lifetime value", "lifetime value"),
    ("churn rate", "customer churn rate"),
    ("retention rate", "customer retention rate"),
    ("customer insight", "customer insights"),
    ("customer complaint", "customer complaints"),
    ("customer centricity", "customer-centricity", "customer-centric", "customer centric approach"),
    ("customer-centric culture", "customer-focused culture"),
    ("customer experience metrics", "customer metrics", "customer-focused metrics", "CX metrics"),
    ("cost of acquisition", "COA", "CAC", "customer acquisition cost"),
    ("multichannel support", "multi-channel support", "multichannel assistance"),
    ("moments of truth", "moment of truth"),
    ("pain points", "pain point"),
    ("journey mapping", "customer journey mapping"),
    ("journey map", "customer journey map"),
    ("VoC", "voice of the customer", "Voice Of The Customer"),
    ("CRM", "customer relationship management", "CRM software"),
    ("sentiment analysis", "opinion mining"),
    ("customer empathy", "empathy"),
    ("personalization", "personalisation"),
    ("user-centered design", "user centred design", "UCD"),
    ("buyer's journey", "buyers journey", "Buyer’s Journey"),
    ("social listening", "social media monitoring"),
    ("customer feedback loop", "listening to feedback"),
    ("call center", "contact centre", "call centres"),
    ("CX", "customer experience"),
    ("EX", "employee experience"),
]


@pytest.mark.parametrize("group", VARIANT_GROUPS, ids=[g[0] for g in VARIANT_GROUPS])
def test_variants_resolve_to_one_concept(glossary: cxkg.Glossary, group: tuple[str, ...]) -> None:
    iris = {glossary.concept(form).iri for form in group}
    assert len(iris) == 1, iris


@pytest.mark.parametrize(("a", "b"), [
    ("customer-churn", "churn-rate"),
    ("customer-service", "customer-success"),
    ("customer-support", "customer-success"),
    ("customer-loyalty", "brand-loyalty"),
    ("customer-segmentation", "market-segmentation"),
    ("customer-journey-mapping", "customer-journey-map"),
    ("customer-journey", "customer-lifecycle"),
    ("multichannel-support", "omnichannel"),
    ("user-centered-design", "customer-centric-design"),
])
def test_close_but_distinct_concepts_stay_separate_and_related(graph: Graph, a: str, b: str) -> None:
    assert CX[a] != CX[b]
    assert (CX[a], SKOS.related, CX[b]) in graph
    assert (CX[a], SKOS.scopeNote, None) in graph or (CX[b], SKOS.scopeNote, None) in graph


@pytest.mark.parametrize(("a", "b"), [
    ("customer-journey", "customer-lifecycle"), ("touchpoint", "customer-journey-mapping"),
    ("customer-journey-map", "touchpoint"), ("customer-journey", "customer-journey-mapping"),
    ("customer-lifetime-value", "churn-rate"), ("customer-success", "customer-churn"),
    ("customer-service-agent", "customer-service"), ("contact-center", "customer-support"),
    ("service-recovery", "customer-satisfaction"), ("customer-journey-map", "pain-point"),
    ("omnichannel", "customer-journey"), ("customer-privacy", "customer-data"), ("data-privacy", "customer-data"),
    ("net-promoter-score", "promoter"), ("net-promoter-score", "detractor"), ("chatbot", "live-chat"),
    ("net-promoter-score", "customer-loyalty"), ("churn-rate", "retention-rate"),
    ("voice-of-the-customer", "customer-feedback"), ("customer-effort-score", "customer-effort"),
    ("customer-satisfaction-score", "customer-satisfaction"), ("customer-experience", "customer-service"),
    ("customer-experience", "employee-experience"), ("customer-lifetime-value", "customer-acquisition-cost"),
])
def test_expected_associations(graph: Graph, a: str, b: str) -> None:
    assert (CX[a], SKOS.related, CX[b]) in graph


def test_disagreements_are_flagged_and_explained(graph: Graph) -> None:
    flagged = set(graph.subjects(CX.sourcesDisagree, Literal(True)))
    # one policy: every concept for which a seed source gives a conflicting or scope-extending sense
    expected = {"customer-experience", "customer-advocacy", "customer-insight", "customer-engagement",
                "customer-retention", "voice-of-the-customer", "customer-support", "customer-lifetime-value",
                "retention-rate", "customer-effort-score", "net-promoter-score", "first-contact-resolution",
                "touchpoint", "customer-loyalty", "customer-churn", "customer-acquisition-cost",
                "behavioral-analysis", "emotional-connection"}
    assert {CX[s] for s in expected} == flagged
    for c in flagged:
        assert str(graph.value(c, SKOS.scopeNote)).startswith(("Sources disagree", "Sources overlap")), c
        assert set(graph.objects(c, DCTERMS.source)), c
    for value in graph.objects(None, CX.sourcesDisagree):
        assert isinstance(value, Literal) and value.datatype == XSD_BOOLEAN


def test_deprecated_concepts_name_a_replacement(graph: Graph) -> None:
    for c in graph.subjects(OWL.deprecated, Literal(True)):
        assert (c, DCTERMS.isReplacedBy, None) in graph, c


# -- typed concepts: metrics, tools, experience types, practices ----------------------------------

def test_typed_concepts_are_also_plain_concepts(graph: Graph) -> None:
    for cls in (CX.Metric, CX.Tool, CX.ExperienceType, CX.Practice):
        members = set(graph.subjects(RDF.type, cls))
        assert members, cls
        for m in members:
            assert (m, RDF.type, SKOS.Concept) in graph, m


def test_every_metric_has_its_facts(graph: Graph, ancestors: dict[URIRef, set[URIRef]]) -> None:
    metrics = set(graph.subjects(RDF.type, CX.Metric))
    assert len(metrics) >= 12
    for m in metrics:
        measured = list(graph.objects(m, CX.measures))
        assert measured and all((x, RDF.type, SKOS.Concept) in graph for x in measured), m
        units = list(graph.objects(m, CX.unit))
        assert len(units) == 1 and str(units[0]) in UNITS and units[0].language is None, (m, units)
        direction = list(graph.objects(m, CX.higherIsBetter))
        assert len(direction) == 1 and direction[0].datatype == XSD_BOOLEAN, m
        formulas = literals(graph, m, CX.formula)
        assert len(formulas) == 1 and formulas[0].language == "en", m
        assert CX["customer-experience-metrics"] in ancestors[m], m


@pytest.mark.parametrize(("metric", "measures", "unit", "higher"), [
    ("net-promoter-score", "customer-loyalty", "score", True),
    ("customer-satisfaction-score", "customer-satisfaction", "percent", True),
    ("customer-effort-score", "customer-effort", "score", True),
    ("churn-rate", "customer-churn", "percent", False),
    ("retention-rate", "customer-retention", "percent", True),
    ("customer-lifetime-value", "customer-relationship", "currency", True),
    ("customer-acquisition-cost", "customer-acquisition", "currency", False),
    ("average-handle-time", "service-efficiency", "seconds", False),
    ("after-call-work", "service-efficiency", "seconds", False),
    ("return-on-investment", "business-value-of-customer-experience", "percent", True),
    ("customer-response-time", "responsiveness", "seconds", False),
    ("net-revenue-retention", "customer-retention", "percent", True),
    ("average-speed-of-answer", "responsiveness", "seconds", False),
    ("abandonment-rate", "responsiveness", "percent", False),
    ("containment-rate", "customer-self-service", "percent", True),
    ("first-contact-resolution", "customer-support", "percent", True),
    ("conversion-rate", "customer-acquisition", "percent", True),
])
def test_metric_facts(graph: Graph, metric: str, measures: str, unit: str, higher: bool) -> None:
    m = CX[metric]
    assert (m, CX.measures, CX[measures]) in graph
    assert str(graph.value(m, CX.unit)) == unit
    assert graph.value(m, CX.higherIsBetter).toPython() is higher


def test_survey_metrics_state_their_scale(graph: Graph) -> None:
    scales = {name: str(graph.value(CX[name], CX.scale)) for name in
              ("net-promoter-score", "customer-satisfaction-score", "customer-effort-score")}
    assert "0–10" in scales["net-promoter-score"]
    assert "1–5" in scales["customer-satisfaction-score"]
    assert "1–7" in scales["customer-effort-score"]
    formula = str(graph.value(CX["net-promoter-score"], CX.formula))
    assert "promoters" in formula and "detractors" in formula


def test_named_tools_are_typed_and_provide_capabilities(graph: Graph, ancestors: dict[URIRef, set[URIRef]]) -> None:
    named = {"zendesk", "qualtrics", "salesforce-service-cloud", "hubspot-service-hub"}
    tools = set(graph.subjects(RDF.type, CX.Tool))
    assert {CX[n] for n in named} <= tools
    for t in tools:
        capabilities = list(graph.objects(t, CX.providesCapability))
        assert capabilities, t
        assert all((c, RDF.type, SKOS.Concept) in graph for c in capabilities), t
        assert CX["customer-experience-tools"] in ancestors[t], t


def test_the_five_experience_types_sit_under_customer_experience(graph: Graph) -> None:
    types = {CX[s] for s in ("direct-experience", "indirect-experience", "digital-experience",
                             "physical-experience", "emotional-experience")}
    assert set(graph.subjects(RDF.type, CX.ExperienceType)) == types
    for t in types:
        assert (t, SKOS.broader, CX["customer-experience"]) in graph
        assert (CX["customer-experience"], SKOS.narrower, t) in graph


def test_branches_hold_what_they_should(ancestors: dict[URIRef, set[URIRef]]) -> None:
    expect = {
        "touchpoint": "customer-journey", "customer-journey-mapping": "customer-experience-practices",
        "moment-of-truth": "touchpoint", "customer-journey-map": "research-and-design-artifact",
        "customer-journey": "customer-experience",
        "customer-relationship-management": "customer-experience-tools",
        "design-thinking": "customer-experience-practices", "personalization": "customer-experience-practices",
        "talk-time": "average-handle-time",
    }
    for child, branch in expect.items():
        assert CX[branch] in ancestors[CX[child]], (child, branch)


# -- collections, sources, scheme ----------------------------------------------------------------

def test_collections_mirror_source_groupings(graph: Graph) -> None:
    editorial = set(graph.subjects(DCTERMS.source, URIRef(CXSRC + "cxkg-editors")))
    collections = set(graph.subjects(RDF.type, SKOS.Collection)) - editorial
    assert len(collections) >= 12
    for col in collections:
        assert str(col).startswith(CXCOL), col
        assert len(literals(graph, col, SKOS.prefLabel)) == 1, col
        assert len(literals(graph, col, SKOS.definition)) == 1, col
        sources = set(graph.objects(col, DCTERMS.source))
        assert len(sources) == 1, col
        members = set(graph.objects(col, SKOS.member))
        assert members, col
        for m in members:
            assert (m, RDF.type, SKOS.Concept) in graph, (col, m)
            assert sources <= set(graph.objects(m, DCTERMS.source)), (col, m)
    labels = [str(graph.value(c, SKOS.prefLabel)).casefold() for c in collections]
    assert len(labels) == len(set(labels))


def test_specific_collections(graph: Graph) -> None:
    types = set(graph.objects(URIRef(CXCOL + "types-of-customer-experience"), SKOS.member))
    assert len(types) == 5
    common = set(graph.objects(URIRef(CXCOL + "common-terms-and-jargon"), SKOS.member))
    assert len(common) == 20
    related = set(graph.objects(URIRef(CXCOL + "related-glossary-terms"), SKOS.member))
    assert related == {CX["customer-acquisition-cost"], CX["minimum-viable-product"], CX["moscow-prioritization"]}


def test_seed_terms_collection_marks_every_seed_concept(graph: Graph, live: list[URIRef]) -> None:
    seeds = set(graph.subjects(CX.sourceFile, None))
    members = set(graph.objects(URIRef(CXCOL + "seed-terms"), SKOS.member))
    assert members == {c for c in live if set(graph.objects(c, DCTERMS.source)) & seeds}
    assert 150 <= len(members) < len(live)


def test_sources_are_described(graph: Graph) -> None:
    sources = set(graph.subjects(CX.sourceFile, None))
    assert len(sources) == 5
    files = set()
    for s in sources:
        assert str(s).startswith(CXSRC), s
        assert len(literals(graph, s, DCTERMS.title)) == 1, s
        assert "scraped as plain text" in str(graph.value(s, DCTERMS.description)), s
        name = graph.value(s, CX.sourceFile)
        assert re.fullmatch(r"00[0-4]_[0-9a-f]{16}\.txt", str(name)), s
        files.add(str(name)[:3])
        assert (None, DCTERMS.source, s) in graph, f"{s} is cited by nothing"
    assert files == SOURCE_FILES


def test_scheme_metadata(graph: Graph) -> None:
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in graph
    assert len(set(graph.subjects(RDF.type, SKOS.ConceptScheme))) == 1
    assert len(literals(graph, SCHEME, SKOS.prefLabel)) == 1
    assert literals(graph, SCHEME, DCTERMS.title) and literals(graph, SCHEME, SKOS.definition)
    assert literals(graph, SCHEME, DCTERMS.description)
    assert graph.value(SCHEME, DCTERMS.created) == Literal("2026-11-23", datatype=XSD_DATE)
    assert graph.value(SCHEME, DCTERMS.modified).datatype == XSD_DATE
    assert str(graph.value(SCHEME, OWL.versionInfo)) == "0.2.0"
    assert graph.value(SCHEME, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert literals(graph, SCHEME, DCTERMS.rights)
    for prop in (DCTERMS.creator, DCTERMS.publisher):
        agent = graph.value(SCHEME, prop)
        assert (agent, RDF.type, SDO.Organization) in graph, prop
        assert str(graph.value(agent, SDO.name)) == "cxkg project"
        assert str(graph.value(agent, SDO.url)) == "https://w3id.org/cxkg"


# -- the OWL layer -----------------------------------------------------------------------------------

def test_schema_terms_are_documented(graph: Graph) -> None:
    assert (SCHEMA_ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert literals(graph, SCHEMA_ONTOLOGY, RDFS.label) and literals(graph, SCHEMA_ONTOLOGY, RDFS.comment)
    assert graph.value(SCHEMA_ONTOLOGY, OWL.versionInfo) is not None
    assert graph.value(SCHEMA_ONTOLOGY, DCTERMS.license) is not None
    classes = {CX.Metric, CX.Tool, CX.ExperienceType, CX.Practice}
    properties = {CX.acronym: OWL.AnnotationProperty, CX.formula: OWL.AnnotationProperty,
                  CX.scale: OWL.AnnotationProperty, CX.measures: OWL.ObjectProperty,
                  CX.providesCapability: OWL.ObjectProperty, CX.unit: OWL.DatatypeProperty,
                  CX.higherIsBetter: OWL.DatatypeProperty, CX.sourcesDisagree: OWL.DatatypeProperty,
                  CX.sourceFile: OWL.DatatypeProperty}
    for cls in classes:
        assert (cls, RDF.type, OWL.Class) in graph and (cls, RDFS.subClassOf, SKOS.Concept) in graph, cls
    for prop, kind in properties.items():
        assert (prop, RDF.type, kind) in graph, prop
    assert (CX.acronym, RDFS.subPropertyOf, SKOS.altLabel) in graph
    for term in classes | set(properties):
        assert literals(graph, term, RDFS.label) and literals(graph, term, RDFS.comment), term
        assert graph.value(term, RDFS.isDefinedBy) == SCHEMA_ONTOLOGY, term
    for prop in properties:
        assert graph.value(prop, RDFS.domain) is not None and graph.value(prop, RDFS.range) is not None, prop
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert not {c for c in concepts if (c, RDF.type, OWL.Class) in graph}, "a concept is punned as a class"


def test_owl_layer_sees_the_data_a_second_unit_breaks_functionality(graph: Graph) -> None:
    """The bundled graph is consistent (tests/test_owl.py); HermiT must also see the content's own facts."""
    if shutil.which("java") is None:
        pytest.skip("HermiT needs a Java runtime; 'java' is not on PATH")
    from cxkg.owl import check_consistency

    broken = Graph()
    for triple in graph:
        broken.add(triple)
    broken.parse(data='<https://w3id.org/cxkg/net-promoter-score> <https://w3id.org/cxkg/unit> "count" .', format="nt")
    assert not check_consistency(broken)
