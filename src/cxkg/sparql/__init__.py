"""SPARQL over a glossary: the named queries of ``queries/*.rq``, ad-hoc queries, safety and limits.

>>> import cxkg
>>> glossary = cxkg.load()
>>> glossary.run("ancestors", concept="NPS").rows        # doctest: +SKIP
>>> glossary.query("SELECT ?l WHERE { ?c skos:prefLabel ?l }", c=glossary.concept("NPS"))  # doctest: +SKIP

Parameters are typed RDF terms, bound in one VALUES block at the top of the outermost WHERE of
standalone SPARQL 1.1 text (:func:`named_text`, :func:`adhoc_text`), which runs unchanged in any engine.
"""

from __future__ import annotations

from .catalog import TYPES, NamedQuery, Parameter, catalog, named_query, read_query
from .engine import (
    MEMORY_LIMIT,
    ROW_LIMIT,
    TIME_LIMIT,
    Limits,
    adhoc_text,
    limits,
    named_text,
    path_to_root,
    run_named,
    run_sparql,
)
from .results import GRAPH_FORMATS, RESULT_FORMATS, QueryResult

__all__ = ["GRAPH_FORMATS", "MEMORY_LIMIT", "RESULT_FORMATS", "ROW_LIMIT", "TIME_LIMIT", "TYPES", "Limits",
           "NamedQuery", "Parameter", "QueryResult", "adhoc_text", "catalog", "limits", "named_query", "named_text",
           "path_to_root", "read_query", "run_named", "run_sparql"]
