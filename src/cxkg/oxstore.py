"""An rdflib Store over a pyoxigraph Store: the Oxigraph backend of a glossary.

Named and shaped like oxrdflib's ``OxigraphStore`` (``_inner`` is the pyoxigraph Store, and
SPARQL text given to ``Graph.query`` runs on Oxigraph's engine), with three differences that matter
here: plain literals come back without a datatype, exactly as rdflib's parsers make them (oxrdflib
returns ``"x"^^xsd:string``, which rdflib compares and serialises differently); no Graph object is
built per triple read; and importing it does not load rdflib's SPARQL engine (0.13 s of start-up).
"""

from __future__ import annotations

import warnings
from collections.abc import Generator, Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.store import Store
from rdflib.term import Identifier, Node

from .wellformed import ill_typed_text

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_DEFAULT = ox.DefaultGraph()


def from_ox(term: Any) -> Any:
    """The rdflib term for a pyoxigraph term (None stays None); literals as :func:`literal` makes them."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.language, term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return term


def literal(lexical: str, language: str | None = None, datatype: str | None = None) -> Literal:
    """An rdflib Literal: plain literals carry no datatype (``xsd:string`` is dropped).

    rdflib writes a typed literal's lexical form in canonical form ("01"^^xsd:integer -> "1"), and would
    rewrite some ill-typed ones too ("maybe"^^xsd:boolean -> "false", "P1YT"^^xsd:duration -> "P1Y"). An
    ill-typed literal (:func:`cxkg.wellformed.ill_typed_text`) is kept as written instead, with no value, for
    the validator to report (rule ``ill-typed-literal``), and without rdflib's warnings.
    """
    if language:
        return Literal(lexical, lang=language)
    if not datatype or datatype == _XSD_STRING:
        return Literal(lexical)
    if not ill_typed_text(lexical, datatype):
        return Literal(lexical, datatype=URIRef(datatype))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib's "Parsing weird boolean"
        kept = Literal(lexical, datatype=URIRef(datatype), normalize=False)
    kept._value = None  # as rdflib's own ill-typed literals: no value (so its Turtle writer quotes it)
    return kept


def to_ox(term: Any) -> Any:
    """The pyoxigraph term for an rdflib term or Graph (its name); None stays None."""
    if term is None:
        return None
    if isinstance(term, Graph):
        term = term.identifier
    if term == DATASET_DEFAULT_GRAPH_ID:
        return _DEFAULT
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        return ox.Literal(term, language=term.language, datatype=ox.NamedNode(term.datatype) if term.datatype else None)
    raise ValueError(f"Oxigraph cannot hold {term!r}")


def triples_from_ox(quads: Iterable[ox.Quad | ox.Triple],
                    pattern: tuple[Any, Any, Any] = (None, None, None)) -> Iterator[tuple[Node, Node, Node]]:
    """rdflib triples for pyoxigraph quads or triples, reusing one object per distinct IRI.

    The terms ``pattern`` binds (rdflib terms, as given to ``triples``) are reused as they are: only
    the free positions are converted.
    """
    iris: dict[str, URIRef] = {}

    def term(node: Any) -> Any:
        if isinstance(node, ox.NamedNode):
            iri = iris.get(node.value)
            if iri is None:
                iri = iris[node.value] = URIRef(node.value)
            return iri
        return from_ox(node)

    bound_s, bound_p, bound_o = pattern
    for quad in quads:
        yield (bound_s if bound_s is not None else term(quad.subject),
               bound_p if bound_p is not None else term(quad.predicate),
               bound_o if bound_o is not None else term(quad.object))


class OxigraphStore(Store):
    """A context-aware rdflib Store whose triples live in a pyoxigraph Store."""

    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self, configuration: str | None = None, identifier: Identifier | None = None, *,
                 store: ox.Store | None = None) -> None:
        self._inner = store if store is not None else ox.Store()
        self._namespaces: dict[str, URIRef] = {}
        self._prefixes: dict[URIRef, str] = {}
        super().__init__(configuration, identifier)

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        subject, predicate, object_ = map(to_ox, triple)
        self._inner.add(ox.Quad(subject, predicate, object_, to_ox(context) or _DEFAULT))
        super().add(triple, context, quoted)

    def addN(self, quads: Iterable[Any]) -> None:
        self._inner.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g) or _DEFAULT) for s, p, o, g in quads])

    def remove(self, triple: Any, context: Any = None) -> None:
        for quad in list(self._quads(triple, context)):
            self._inner.remove(quad)
        super().remove(triple, context)

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        contexts = (context,)
        return ((triple, iter(contexts)) for triple in triples_from_ox(self._quads(triple_pattern, context),
                                                                         triple_pattern))

    def _quads(self, pattern: Any, context: Any) -> Iterator[ox.Quad]:
        try:
            subject, predicate, object_ = map(to_ox, pattern)
            return iter(self._inner.quads_for_pattern(subject, predicate, object_, to_ox(context)))
        except (TypeError, ValueError):  # a term Oxigraph cannot hold matches nothing
            return iter(())

    def __len__(self, context: Any = None) -> int:
        graph = to_ox(context)
        count = self._inner.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=graph,
                                  use_default_graph_as_union=graph is None)
        return int(next(iter(count))[0].value)  # type: ignore[arg-type]

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        names = ({q.graph_name for q in self._quads(triple, None)} if triple is not None
                 else set(self._inner.named_graphs()))
        for name in names:
            identifier = DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else from_ox(name)
            yield Graph(store=self, identifier=identifier)

    def add_graph(self, graph: Graph) -> None:
        self._inner.add_graph(to_ox(graph))

    def remove_graph(self, graph: Graph) -> None:
        self._inner.remove_graph(to_ox(graph))

    def query(self, query: Any, initNs: Mapping[str, Any], initBindings: Mapping[str, Identifier],
              queryGraph: Any, **kwargs: Any) -> Result:
        """SPARQL text on Oxigraph's engine; anything else (a prepared rdflib query) goes to rdflib's."""
        if not isinstance(query, str) or kwargs:
            raise NotImplementedError("only SPARQL text runs on Oxigraph's engine")
        answer = self._inner.query(
            query, use_default_graph_as_union=queryGraph == "__UNION__",
            default_graph=to_ox(queryGraph) if isinstance(queryGraph, Node) else None,
            prefixes={**self._namespaces, **initNs},
            substitutions={ox.Variable(k): to_ox(v) for k, v in initBindings.items()})
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            result.vars = [Variable(v.value) for v in answer.variables]
            result.bindings = [{var: from_ox(value) for var, value in zip(result.vars, row, strict=True)
                                if value is not None} for row in answer]
        else:
            result = Result("CONSTRUCT")
            result.graph = Graph()
            for triple in triples_from_ox(answer):
                result.graph.add(triple)
        return result

    def update(self, update: Any, initNs: Mapping[str, Any], initBindings: Mapping[str, Identifier],
               queryGraph: Any, **kwargs: Any) -> None:
        """SPARQL Update text on Oxigraph's engine (no bindings)."""
        if not isinstance(update, str) or initBindings or kwargs or queryGraph != DATASET_DEFAULT_GRAPH_ID:
            raise NotImplementedError("only plain SPARQL Update text runs on Oxigraph's engine")
        self._inner.update(update, prefixes={**self._namespaces, **initNs})

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        """Like rdflib's Memory store: without ``override`` an existing binding of either side stays."""
        bound_namespace, bound_prefix = self._namespaces.get(prefix), self._prefixes.get(namespace)
        if override:
            if bound_prefix is not None:
                del self._namespaces[bound_prefix]
            if bound_namespace is not None:
                del self._prefixes[bound_namespace]
            self._prefixes[namespace], self._namespaces[prefix] = prefix, namespace
        else:
            self._prefixes[bound_namespace or namespace] = bound_prefix or prefix
            self._namespaces[bound_prefix or prefix] = bound_namespace or namespace

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespaces.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefixes.get(namespace)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._namespaces.items())
