"""GraphML (Gephi, yEd, Cytoscape): concepts as nodes, broader and related links as edges."""

from __future__ import annotations

import io

from rdflib.namespace import RDF, SKOS

from ..analytics import to_networkx
from ..glossary import Glossary
from . import Rendered
from .facts import account

_HANDLED = frozenset({SKOS.prefLabel, SKOS.definition, RDF.type, SKOS.broader, SKOS.narrower, SKOS.related})


def graphml(glossary: Glossary) -> Rendered:
    """Nodes carry ``label``, ``definition`` and ``type``; edges carry ``relation`` (broader: child -> parent;
    related: once per pair). Edge ids are unique (``e0``, ``e1``, …), as GraphML readers expect."""
    import networkx as nx

    network = to_networkx(glossary)
    unique = nx.MultiDiGraph()
    unique.add_nodes_from(network.nodes(data=True))
    for number, (u, v, relation) in enumerate(network.edges(data="relation")):
        unique.add_edge(u, v, key=f"e{number}", relation=relation)
    buffer = io.BytesIO()
    nx.write_graphml(unique, buffer, encoding="utf-8", prettyprint=True)
    return Rendered(buffer.getvalue().decode("utf-8"), account(glossary, _HANDLED))
