"""Fuzzing in the suite: mutated Turtle, N-Triples, TriG, RDF/XML and JSON-LD load cleanly or fail with a cxkg error.

Bounded and derandomised (the same examples on every run); ``python bench/run.py fuzz`` runs the long campaign.
"""

from __future__ import annotations

import pytest
from fuzz_inputs import SEEDS, any_iris, generated, mutated, survives, validates
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.filterwarnings("ignore")


def outcomes(strategy: st.SearchStrategy[bytes], suffix: str, examples: int) -> list[str]:
    """What :func:`survives` said for each of ``examples`` inputs (a finding fails the test instead)."""
    seen: list[str] = []

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=strategy)
    def check(data: bytes) -> None:
        seen.append(survives(data, suffix))

    check()
    return seen


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_the_seed_loads(suffix):
    assert survives(SEEDS[suffix].encode(), suffix) == "ok"


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_mutations_load_or_fail_with_a_cxkg_error(suffix):
    seen = outcomes(mutated(suffix), suffix, 40)
    assert len(seen) >= 40 and "refused" in seen  # the mutations do reach the error paths


@pytest.mark.parametrize("suffix", [".nt", ".jsonld"])
def test_arbitrary_content_in_valid_syntax_loads_and_exports_or_fails_cleanly(suffix):
    seen = outcomes(generated(suffix), suffix, 30)
    assert "ok" in seen and "refused" in seen


@pytest.mark.parametrize("suffix", [".nt", ".rdf"])
def test_validation_keeps_only_the_invalid_iris_it_reports(suffix):
    """Read as `cxkg validate` reads them, IRIs of any text are IRIs, or reported (rule invalid-iri), or refused."""
    seen: list[str] = []

    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=any_iris() if suffix == ".nt" else mutated(suffix))
    def check(data: bytes) -> None:
        seen.append(validates(data, suffix))

    check()
    assert len(seen) >= 30 and ("reported" in seen or suffix == ".rdf")
