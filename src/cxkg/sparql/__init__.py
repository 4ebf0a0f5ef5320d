"""SPARQL over a glossary: the named queries of ``queries/*.rq``, ad-hoc queries, safety and limits.

>>> import cxkg
>>> glossary = cxkg.load()
>>> glossary.run("ancestors", concept="NPS").rows        # doctest: +SKIP
>>> glossary.query("SELECT ?l WHERE { ?c skos:prefLabel ?l }", c=glossary.concept("NPS"))  # doctest: +SKIP

Parameters are bound with rdflib's ``initBindings`` as typed terms, never formatted into query text.
"""

from __future__ import annotations

from .catalog import TYPES, NamedQuery, Parameter, catalog, named_query, read_query
from .engine import ROW_LIMIT, TIME_LIMIT, path_to_root, run_named, run_sparql
from .results import GRAPH_FORMATS, RESULT_FORMATS, QueryResult

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "ROW_LIMIT", "TIME_LIMIT", "TYPES", "NamedQuery", "Parameter",
           "QueryResult", "catalog", "named_query", "path_to_root", "read_query", "run_named", "run_sparql"]
