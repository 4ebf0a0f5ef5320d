"""GraphML (Gephi, yEd, Cytoscape): concepts as nodes, broader and related links as edges."""

from __future__ import annotations

import io
import re

from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from ..analytics import to_networkx
from ..glossary import Glossary
from . import Rendered
from .facts import account, curies

#: characters XML 1.0 cannot hold, even as character references
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_HANDLED = frozenset({SKOS.prefLabel, SKOS.definition, RDF.type, SKOS.broader, SKOS.narrower, SKOS.related})


def graphml(glossary: Glossary) -> Rendered:
    """Nodes carry ``label``, ``definition``, ``type`` and ``types`` (every rdf:type as a CURIE, e.g.
    ``cx:Metric; skos:Concept``); edges carry ``relation`` (broader: child -> parent; related: once per
    pair). Edge ids are unique (``e0``, ``e1``, …), as GraphML readers expect. Characters XML cannot hold
    (control characters) are written as ``\\xNN`` and counted in the report."""
    import networkx as nx

    network = to_networkx(glossary)
    shorten = curies(glossary).shorten
    escaped = 0
    unique = nx.MultiDiGraph()
    for node, data in network.nodes(data=True):
        data = dict(data, types="; ".join(sorted(shorten(t) for t in glossary.concept(URIRef(node)).types)))
        for key, value in data.items():
            if isinstance(value, str) and _XML_INVALID.search(value):
                escaped += 1
                data[key] = _XML_INVALID.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
        unique.add_node(node, **data)
    for number, (u, v, relation) in enumerate(network.edges(data="relation")):
        unique.add_edge(u, v, key=f"e{number}", relation=relation)
    buffer = io.BytesIO()
    nx.write_graphml(unique, buffer, encoding="utf-8", prettyprint=True)
    notes = [f"control characters: {escaped} values had characters XML cannot hold written as \\xNN"] \
        if escaped else []
    return Rendered(buffer.getvalue().decode("utf-8"), notes + account(glossary, _HANDLED))
