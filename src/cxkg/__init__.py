"""cxkg — the Customer Experience Knowledge Graph: a curated SKOS glossary you can query and export.

>>> import cxkg
>>> glossary = cxkg.load()                     # the bundled CX graph
>>> glossary.concept("nps").label              # doctest: +SKIP
'Net Promoter Score'
"""

from __future__ import annotations

from typing import Any

from .errors import (
    AmbiguousConcept,
    ConceptNotFound,
    CxkgError,
    DataLoadError,
    ExportError,
    InvalidArgument,
    QueryError,
    QueryParameterError,
    UnknownResource,
)
from .glossary import Glossary, load
from .model import Concept, MatchKind, SearchHit
from .namespaces import CX


def __getattr__(name: str) -> str:
    """``cxkg.__version__``, read from the installed metadata on first use (importlib.metadata is slow)."""
    if name != "__version__":
        raise AttributeError(f"module 'cxkg' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cxkg")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


def queries() -> list[Any]:
    """The named queries bundled with cxkg: name, description and parameters of each."""
    from .sparql import catalog

    return catalog()


__all__ = [
    "CX",
    "AmbiguousConcept",
    "Concept",
    "ConceptNotFound",
    "CxkgError",
    "DataLoadError",
    "ExportError",
    "Glossary",
    "InvalidArgument",
    "MatchKind",
    "QueryError",
    "QueryParameterError",
    "SearchHit",
    "UnknownResource",
    "__version__",
    "load",
    "queries",
]
