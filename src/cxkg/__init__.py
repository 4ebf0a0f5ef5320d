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

#: the package version (pyproject.toml reads it from here)
__version__ = "0.2.0"


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
