"""rdflib's SPARQL parser, one thread at a time.

pyparsing, under rdflib's SPARQL grammar, learns how to call each parse action the first time it
runs it, and two threads doing that at once break each other's parse ("<lambda>() missing 1
required positional argument"). Evaluation is safe from many threads; parsing goes through
:data:`PARSING`, which pySHACL's runs (they parse the shapes' SPARQL) hold too. Parsing is quick and
cxkg caches what it parses, so the lock is rarely waited for.
"""

from __future__ import annotations

import threading

from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.sparql import Query, Update

#: held while rdflib parses SPARQL
PARSING = threading.RLock()


def parse_query(text: str) -> Query:
    """rdflib's algebra of the query ``text`` (raises pyparsing's ParseException on bad syntax)."""
    from rdflib.plugins.sparql.parser import parseQuery

    with PARSING:
        return translateQuery(parseQuery(text))


def parse_update(text: str) -> Update:
    """rdflib's algebra of the update ``text`` (raises pyparsing's ParseException on bad syntax)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    with PARSING:
        return translateUpdate(parseUpdate(text))
