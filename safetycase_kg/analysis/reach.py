"""Which cases a write reaches: what is derived about a case is recomputed only for those.

A case's judgement reads its **footprint**: its own graph; the system graphs and the templates; and,
from any other graph, what is said about its **nodes**. Its nodes are the IRIs its graph holds, the
records they cite (followed through the registers), and the subjects of statements, in any graph, that
point at one of its nodes along a property the ontology marks ``sc:bearsOnObject`` (a defeater raised in
another case ``sc:attacks`` a shared evidence record; a recorded change ``sc:affects`` a model build).

Each data graph is kept as records: per IRI subject, a hash of its statements (unnamed nodes nested
in, so a reload that renames blank nodes changes nothing) and the ``sc:bearsOnObject`` links it makes.
A write reaches a case when it changes a system or template graph (every case), the case's own graph,
a record that is one of the case's nodes, or a ``sc:bearsOnObject`` link to one of them. So a write to
one case reaches the cases that cite or attack what it changed, not every case that shares a person,
an organisation or a model build with it.

``tests/test_derived_incremental.py`` judges cases on a store holding only their footprint and checks
the judgement is the same: a rule reading other graphs some other way would fail it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from ..core.namespaces import ONTOLOGY_GRAPH, SC, SYSTEM_GRAPHS, SYSTEM_NAMESPACES
from ..core.storeapi import GraphStore

BEARS_ON_OBJECT = ox.NamedNode(str(SC.bearsOnObject))
_SYSTEM = {str(g) for g in SYSTEM_GRAPHS}


@dataclass(frozen=True)
class Record:
    """One IRI subject of a graph: a hash of what the graph says about it, and its links that bear on their object."""

    content: int
    links: frozenset[tuple[str, str]]  # (property, object IRI) for the sc:bearsOnObject properties


class Reach:
    """Per-store bookkeeping of case nodes and graph records (embedded stores only: a store without a
    journal has no ``changes_since``, and nothing derived from it is kept). It holds no reference to
    the store, which keys it in a weak mapping."""

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.nodes: dict[URIRef, frozenset[str]] = {}  # per remembered case
        self._records: dict[str, dict[str, Record]] | None = None  # data graph -> subject IRI -> Record
        self._links: dict[str, set[str]] = defaultdict(set)  # object IRI -> subjects linking to it (sc:bearsOnObject)
        self._bearing: frozenset[str] = frozenset()
        self._templates: set[str] = set()

    def remember(self, store: GraphStore, cases: Iterable[URIRef]) -> None:
        """Compute the nodes of ``cases`` from the store as it is now (the store must not have changed
        since the last ``reached``)."""
        self._index(store)
        shared = {str(g) for g in [*store.register_graphs(), *store.template_graphs()]}
        links = self._links
        memo: dict[str, frozenset[str]] = {}
        for case in cases:
            nodes: set[str] = set()
            for iri in _mentions(store, str(case)):
                nodes |= _cited(store, iri, shared, memo)
            nodes |= {source for node in list(nodes) for source in links.get(node, ())}
            self.nodes[case] = frozenset(nodes)

    def reached(self, store: GraphStore) -> set[URIRef] | None:
        """The remembered cases that writes since the last call reached (they are forgotten); None when
        all of them were (the journal does not reach back, or a system or template graph changed)."""
        changes = store.changes_since(self.generation) if hasattr(store, "changes_since") else None
        self.generation = store.generation
        templates = {str(g) for g in store.template_graphs()}
        graphs = {g.value for c in changes for g in c.graphs} if changes is not None else set()
        if changes is None or any(c.system for c in changes) or graphs & (templates | set(self._templates)):
            self.nodes.clear()
            self._records = None
            return None
        self._templates = templates
        touched: set[str] = set()
        for graph in graphs - _SYSTEM:
            touched |= self._changed(store, graph)
        out = {case for case, nodes in self.nodes.items() if str(case) in graphs or nodes & touched}
        for case in out:
            del self.nodes[case]
        return out

    # --- records ------------------------------------------------------------------------------------

    def _index(self, store: GraphStore) -> None:
        if self._records is None:
            self._bearing = _bearing(store)
            self._templates = {str(g) for g in store.template_graphs()}
            self._records = {}
            self._links = defaultdict(set)
            for g in _data_graphs(store):
                self._store_records(g, _records(store, g, self._bearing))

    def _store_records(self, graph: str, records: dict[str, Record]) -> None:
        """Keep a graph's records, and the index of links to each object, in step."""
        assert self._records is not None
        for subject, record in self._records.get(graph, {}).items():
            for _, target in record.links:
                self._links[target].discard(subject)
        self._records[graph] = records
        for subject, record in records.items():
            for _, target in record.links:
                self._links[target].add(subject)

    def _changed(self, store: GraphStore, graph: str) -> set[str]:
        """The subjects of ``graph`` whose statements a write changed, and the objects of the links it
        added or removed."""
        if self._records is None:
            return set()
        before = self._records.get(graph, {})
        after = _records(store, graph, self._bearing) if store.has_graph(URIRef(graph)) else {}
        self._store_records(graph, after)
        out: set[str] = set()
        for subject in before.keys() | after.keys():
            old, new = before.get(subject), after.get(subject)
            if old != new:
                out.add(subject)
                out |= {target for _, target in (old.links if old else frozenset()) ^ (new.links if new else frozenset())}
        return out


# --- reading the store ------------------------------------------------------------------------------

def _ours(iri: str) -> bool:
    """IRIs worth following: the project's own terms are only ever described by the system graphs."""
    return not iri.startswith(SYSTEM_NAMESPACES)


def _quads(store: GraphStore, graph: str) -> Iterator[ox.Quad]:
    with store.oxigraph([URIRef(graph)]) as ox_store:
        yield from ox_store.quads_for_pattern(None, None, None, ox.NamedNode(graph))


def _data_graphs(store: GraphStore) -> list[str]:
    return [str(g) for g in store.graph_names() if str(g) not in _SYSTEM]


def _bearing(store: GraphStore) -> frozenset[str]:
    """The properties the ontology marks sc:bearsOnObject."""
    with store.oxigraph([ONTOLOGY_GRAPH]) as ox_store:
        return frozenset(q.subject.value for q in ox_store.quads_for_pattern(None, BEARS_ON_OBJECT, None, None)
                         if isinstance(q.subject, ox.NamedNode) and q.object == ox.Literal(True))


def _mentions(store: GraphStore, graph: str) -> set[str]:
    """Every IRI a graph holds, as subject or object (the project's own terms aside)."""
    return {term.value for q in _quads(store, graph) for term in (q.subject, q.object)
            if isinstance(term, ox.NamedNode) and _ours(term.value)}


def _cited(store: GraphStore, iri: str, shared: set[str], memo: dict[str, frozenset[str]]) -> frozenset[str]:
    """``iri`` and the records of the registers and templates it leads to, followed through them."""
    if iri in memo:
        return memo[iri]
    seen: set[str | ox.BlankNode] = {iri}
    todo: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri)]
    with store.oxigraph([URIRef(g) for g in shared]) as ox_store:
        while todo:
            node = todo.pop()
            for q in ox_store.quads_for_pattern(node, None, None, None):
                if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in shared):
                    continue
                o = q.object
                if isinstance(o, ox.BlankNode) and o not in seen:
                    seen.add(o)
                    todo.append(o)
                elif isinstance(o, ox.NamedNode) and _ours(o.value) and o.value not in seen:
                    seen.add(o.value)
                    todo.append(o)
    memo[iri] = found = frozenset(x for x in seen if isinstance(x, str))
    return found


def _records(store: GraphStore, graph: str, bearing: frozenset[str]) -> dict[str, Record]:
    """Each IRI subject of a graph as a Record."""
    facts: dict[ox.NamedNode | ox.BlankNode, list[tuple[str, object]]] = defaultdict(list)
    for q in _quads(store, graph):
        if isinstance(q.subject, (ox.NamedNode, ox.BlankNode)):
            facts[q.subject].append((q.predicate.value, q.object))

    def content(node: ox.NamedNode | ox.BlankNode, depth: int) -> str:
        parts = []
        for p, o in facts.get(node, ()):
            nested = isinstance(o, ox.BlankNode) and depth < 8
            parts.append(f"{p} [{content(o, depth + 1)}]" if nested else f"{p} {o}")  # type: ignore[arg-type]
        return " ; ".join(sorted(parts))

    return {node.value: Record(hash(content(node, 0)),
                               frozenset((p, o.value) for p, o in facts[node]
                                         if p in bearing and isinstance(o, ox.NamedNode)))
            for node in facts if isinstance(node, ox.NamedNode)}


def footprint_quads(store: GraphStore, case: URIRef, nodes: frozenset[str]) -> list[ox.Quad]:
    """What the case's judgement may read, as quads: its own graph, the system and template graphs, each
    graph's type, and every statement any graph makes about one of ``nodes`` (nested unnamed nodes
    included). A case judged on exactly these must be judged as in the whole store (the tests hold it to that)."""
    keep = _SYSTEM | {str(case)} | {str(g) for g in store.template_graphs()}
    out: list[ox.Quad] = []
    with store.oxigraph() as ox_store:
        out += [q for g in keep for q in ox_store.quads_for_pattern(None, None, None, ox.NamedNode(g))]
        out += [q for g in _data_graphs(store) for q in ox_store.quads_for_pattern(ox.NamedNode(g), None, None, ox.NamedNode(g))]
        todo: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri) for iri in nodes]
        seen: set = set()
        while todo:
            node = todo.pop()
            for q in ox_store.quads_for_pattern(node, None, None, None):
                if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in keep:
                    out.append(q)
                    if isinstance(q.object, ox.BlankNode) and q.object not in seen:
                        seen.add(q.object)
                        todo.append(q.object)
    return out

