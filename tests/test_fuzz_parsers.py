"""Fuzzing in the suite: mutated Turtle, N-Triples, TriG, RDF/XML and JSON-LD load cleanly or fail with a cxkg error.

Bounded and derandomised (the same examples on every run); ``python bench/run.py fuzz`` runs the long campaign.
"""

from __future__ import annotations

import pytest
from fuzz_inputs import SEEDS, generated, mutated, survives
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_the_seed_loads(suffix):
    assert survives(SEEDS[suffix].encode(), suffix) == "ok"


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_mutations_load_or_fail_with_a_cxkg_error(suffix):
    outcomes: list[str] = []

    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=mutated(suffix))
    def check(data: bytes) -> None:
        outcomes.append(survives(data, suffix))

    check()
    assert len(outcomes) >= 40 and "refused" in outcomes  # the mutations do reach the error paths


@pytest.mark.parametrize("suffix", [".nt", ".jsonld"])
def test_arbitrary_content_in_valid_syntax_loads_and_exports_or_fails_cleanly(suffix):
    outcomes: list[str] = []

    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=generated(suffix))
    def check(data: bytes) -> None:
        outcomes.append(survives(data, suffix))

    check()
    assert "ok" in outcomes and "refused" in outcomes
