"""Shared fixtures: the tiny fixture vocabulary, the bundled graph, and ../shared data when present."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import cxkg

TESTS = Path(__file__).parent
DATA = TESTS / "data"
ROOT = TESTS.parent
SHARED = Path(os.environ.get("CXKG_SHARED", ROOT.parent / "shared"))

#: the store the shared fixtures live on; `CXKG_TEST_STORE=oxigraph bash tests/run.sh` runs the suite on Oxigraph
STORE = os.environ.get("CXKG_TEST_STORE", "memory")

# Tests never touch the user's cache folder.
os.environ.setdefault("CXKG_CACHE_DIR", tempfile.mkdtemp(prefix="cxkg-test-cache-"))


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or a visible skip when the folder is absent (a user's plain clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the project's shared data folder is not beside this clone)")
    return path


@pytest.fixture(scope="session")
def mini() -> cxkg.Glossary:
    """The 15-concept fixture vocabulary in tests/data/mini.ttl."""
    return cxkg.load(DATA / "mini.ttl", store=STORE)


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
