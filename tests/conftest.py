"""Shared fixtures: the tiny fixture vocabulary, the bundled graph, and ../shared data when present."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import pytest
from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

import cxkg

TESTS = Path(__file__).parent
DATA = TESTS / "data"
ROOT = TESTS.parent
SHARED = Path(os.environ.get("CXKG_SHARED", ROOT.parent / "shared"))

#: the store of the bundled fixture (`CXKG_TEST_STORE=oxigraph bash tests/run.sh` runs the whole suite on
#: Oxigraph); the mini fixture, cheap to load, runs on both stores in every run
STORE = os.environ.get("CXKG_TEST_STORE", "memory")
MINI_STORES = (STORE,) if "CXKG_TEST_STORE" in os.environ else ("memory", "oxigraph")

# Tests never touch the user's cache folder.
os.environ.setdefault("CXKG_CACHE_DIR", tempfile.mkdtemp(prefix="cxkg-test-cache-"))


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or a visible skip when the folder is absent (a user's plain clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the project's shared data folder is not beside this clone)")
    return path


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests that use the mini fixture run once per store in MINI_STORES."""
    if "mini" in metafunc.fixturenames:
        metafunc.parametrize("mini", MINI_STORES, indirect=True, scope="session")


@pytest.fixture(scope="session")
def mini(request: pytest.FixtureRequest) -> cxkg.Glossary:
    """The 15-concept fixture vocabulary in tests/data/mini.ttl, on each store (the bundled fixture's store
    when looked up by name)."""
    return cxkg.load(DATA / "mini.ttl", store=getattr(request, "param", STORE))


@pytest.fixture(scope="session")
def bundled() -> cxkg.Glossary:
    """The bundled CX glossary (all of ontology/)."""
    return cxkg.load(store=STORE)


@pytest.fixture(scope="session")
def stw() -> Path:
    return shared_path("vocabularies", "stw", "stw-skos.ttl")


@pytest.fixture(scope="session")
def voc4cat() -> Path:
    return shared_path("vocabularies", "voc4cat", "voc4cat.ttl")


@pytest.fixture(scope="session")
def ykl() -> Path:
    return shared_path("vocabularies", "ykl", "ykl-skos-2021-12-01.ttl")


@functools.cache
def _prepare(text: str, base: str | None, namespaces: frozenset[tuple[str, object]]) -> object:
    return translateQuery(parseQuery(text), base, dict(namespaces))


@pytest.fixture
def prepared_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make rdflib reuse parsed queries, as its own ``prepareQuery`` does (a prepared query is made to be
    run again with other ``initBindings``), so pySHACL runs fast enough to compare engines (for this
    test only; the parse cache lives on)."""
    original = processor.SPARQLProcessor.query

    def query(self, query, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(query, str):
            query = _prepare(query, base, frozenset((initNs or {}).items()))
        return original(self, query, initBindings, initNs, base, DEBUG)

    monkeypatch.setattr(processor.SPARQLProcessor, "query", query)
