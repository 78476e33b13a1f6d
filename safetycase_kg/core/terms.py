"""The one boundary where RDF terms cross between rdflib and pyoxigraph.

The analysis code reads rdflib terms (results, graphs); the stores and the fast readers hold
Oxigraph terms. Every crossing goes through these two functions, so a literal keeps its language
and datatype (and a plain string stays plain) whichever way it goes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast, overload

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[Node, Node, Node]


@overload
def to_ox(term: URIRef) -> ox.NamedNode: ...
@overload
def to_ox(term: BNode) -> ox.BlankNode: ...
@overload
def to_ox(term: Literal) -> ox.Literal: ...
@overload
def to_ox(term: Node) -> OxTerm: ...
def to_ox(term: Node) -> OxTerm:
    """An rdflib term as an Oxigraph term (a variable or a graph has no Oxigraph form: TypeError)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def from_ox(term: object) -> Identifier | None:
    """An Oxigraph term as an rdflib term; None for no term and for the default graph.

    xsd:string literals come back plain, as rdflib parses them, so terms compare equal across paths.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported term {term!r}")


def to_ox_triple(s: Node, p: Node, o: Node) -> ox.Triple:
    """An rdflib triple as an Oxigraph triple (a literal subject or a non-IRI predicate: TypeError)."""
    return ox.Triple(_subject(s), _predicate(p), to_ox(o))


def to_ox_quad(s: Node, p: Node, o: Node, graph: URIRef) -> ox.Quad:
    """An rdflib triple in a named graph as an Oxigraph quad (TypeError as for ``to_ox_triple``)."""
    return ox.Quad(_subject(s), _predicate(p), to_ox(o), ox.NamedNode(str(graph)))


def to_ox_quads(triples: Iterable[Triple], graph: URIRef) -> list[ox.Quad]:
    """The triples of one graph as Oxigraph quads, as ``to_ox_quad`` makes them, each distinct term converted
    once: a case file repeats its predicates, classes and ids, and parsing a corpus spends a fifth of its
    time here otherwise. (rdflib terms of different kinds are never equal, so one memo serves them all.)"""
    name = ox.NamedNode(str(graph))
    memo: dict[Node, OxTerm] = {}
    quads = []
    for s, p, o in triples:  # checked and converted in to_ox_quad's order, so a refusal is the same one
        try:
            subject = memo[s]
        except KeyError:
            subject = memo[s] = to_ox(s)
        _check_subject(subject, s)
        _check_predicate(p)
        try:
            predicate = memo[p]
        except KeyError:
            predicate = memo[p] = to_ox(p)
        try:
            obj = memo[o]
        except KeyError:
            obj = memo[o] = to_ox(o)
        quads.append(ox.Quad(cast(ox.NamedNode | ox.BlankNode, subject), cast(ox.NamedNode, predicate), obj, name))
    return quads


def from_ox_triple(t: ox.Quad | ox.Triple) -> Triple:
    """The subject, predicate and object of an Oxigraph quad or triple as rdflib terms."""
    return from_ox_term(t.subject), from_ox_term(t.predicate), from_ox_term(t.object)


def _subject(term: Node) -> ox.NamedNode | ox.BlankNode:
    out = to_ox(term)
    _check_subject(out, term)
    return cast(ox.NamedNode | ox.BlankNode, out)


def _predicate(term: Node) -> ox.NamedNode:
    _check_predicate(term)
    return ox.NamedNode(str(term))


def _check_subject(converted: OxTerm, term: Node) -> None:
    if isinstance(converted, ox.Literal):
        raise TypeError(f"a literal cannot be a subject: {term!r}")


def _check_predicate(term: Node) -> None:
    if not isinstance(term, URIRef):
        raise TypeError(f"a predicate must be an IRI: {term!r}")


def from_ox_term(term: object) -> Identifier:
    """An Oxigraph term that must be there (a solution's bound value, a part of a triple) as an rdflib term."""
    out = from_ox(term)
    if out is None:
        raise TypeError(f"not a term of a triple: {term!r}")
    return out
