"""A graph as four tables: concepts, scheme, resources and prefixes (one row per subject).

Every triple goes in the row of its subject, in the column of its property and kind of value,
except ``skos:member`` links to concepts, which go in the member's ``collections`` column. So the
tables hold the whole graph; the only triples left out are those with an IRI no spreadsheet
reader could take back (spaces, angle brackets …), and the drop report counts them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from ..exporters.triples import canonical_triples
from ..glossary import Glossary
from .cells import join, neutralise
from .columns import IRI, MEMBER, Column, Names, column_of

SHEETS = ("concepts", "scheme", "resources", "prefixes")
Table = list[list[str]]
Book = dict[str, Table]


def to_book(graph: Graph) -> tuple[Book, Counter[str], Counter[str]]:
    """The tables of ``graph`` (a header row and data rows each, cells as written), what was left out,
    and how many triples each table holds."""
    dropped: Counter[str] = Counter()
    classes = Glossary(graph).concept_classes
    concepts = {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme)) - concepts
    valid: dict[Node, bool] = {}
    columns: dict[tuple[Node, str | None, str | None, str], Column] = {}
    rows: dict[Node, dict[Column, list[Node]]] = defaultdict(lambda: defaultdict(list))
    blank: set[Node] = set()
    for s, p, o in canonical_triples(graph):
        if not all(valid[t] if t in valid else valid.setdefault(t, _valid(t)) for t in (s, p, o)):
            dropped["triples with an IRI that is not valid (space, <, >, \", {, }, |, ^, ` or \\ in it)"] += 1
            continue
        if isinstance(o, Literal):
            key = (p, o.language, o.datatype, "literal")
        else:
            if isinstance(o, BNode):
                blank.add(o)
            key = (p, None, None, "inverse" if p == MEMBER and o in concepts else "link")
        column = columns.get(key)
        if column is None:
            column = columns[key] = column_of(p, o, inverse=key[3] == "inverse")  # type: ignore[arg-type]
        if column.inverse:
            rows[o][column].append(s)
        else:
            rows[s][column].append(o)
        if isinstance(s, BNode):
            blank.add(s)
    blanks = {node: f"_:b{n}" for n, node in enumerate(sorted(blank, key=str), 1)}
    names = Names({prefix: str(ns) for prefix, ns in graph.namespaces()})
    members = {
        "concepts": [s for s in rows if s in concepts],
        "scheme": [s for s in rows if s in schemes],
        "resources": [s for s in rows if s not in concepts and s not in schemes],
    }
    book: Book = {name: _table(names, blanks, rows, subjects) for name, subjects in members.items()}
    held = Counter({name: sum(len(v) for s in subjects for v in rows[s].values())
                    for name, subjects in members.items()})
    book["prefixes"] = [["prefix", "namespace"]] + [[neutralise(p), neutralise(names.prefixes[p])]
                                                   for p in sorted(names.used)]
    return book, dropped, held


def _valid(term: Node) -> bool:
    return not isinstance(term, URIRef) or bool(IRI.match(term))


def _table(names: Names, blanks: dict[Node, str], rows: dict[Node, dict[Column, list[Node]]],
           subjects: Iterable[Node]) -> Table:
    text: dict[Node, str] = {}

    def show(node: Node) -> str:
        if node not in text:
            text[node] = names.iri(node, blanks)
        return text[node]

    ids = {s: show(s) for s in subjects}
    order = sorted(ids, key=lambda s: (isinstance(s, BNode), ids[s]))
    columns = sorted({c for s in order for c in rows[s]}, key=Column.sort_key)
    table = [["iri"] + [neutralise(names.header(c)) for c in columns]]
    place = {column: n for n, column in enumerate(columns, 1)}
    for subject in order:
        line = [neutralise(ids[subject])] + [""] * len(columns)
        for column, values in rows[subject].items():
            texts = [str(v) if isinstance(v, Literal) else show(v) for v in values]
            line[place[column]] = neutralise(join(sorted(texts)))
        table.append(line)
    return table

