"""Which cases a write reaches: what is derived about a case is recomputed only for those.

A case's judgement reads its **footprint**: its own graph; the system graphs and the templates; and,
from any other graph, what is said about its **nodes**. Its nodes are the IRIs its graph holds, the
records they cite (followed through the registers), and the subjects of statements, in any graph, that
point at one of its nodes along a property the ontology marks ``sc:bearsOnObject`` (a defeater raised in
another case ``sc:attacks`` a shared evidence record; a recorded change ``sc:affects`` a model build).

A write reaches a case when it changes a system or template graph (every case), the case's own graph,
a statement about one of the case's nodes, or a ``sc:bearsOnObject`` link to one of them. Registers are
kept as records (per IRI subject, a hash of its statements, unnamed nodes nested in, so a reload that
renames blank nodes changes nothing) and compared one by one, since many cases cite one register; a
write to another graph counts as changing every subject the graph held before or holds after it. So a
write to one case reaches the cases that cite or attack what it holds, not every case that shares a
person, an organisation or a model build with it.

``tests/test_derived_incremental.py`` judges cases on a store holding only their footprint and checks
the judgement is the same: a rule reading other graphs some other way would fail it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef

from ..core.namespaces import ONTOLOGY_GRAPH, SC, SYSTEM_GRAPHS, SYSTEM_NAMESPACES
from ..core.storeapi import GraphStore

BEARS_ON_OBJECT = ox.NamedNode(str(SC.bearsOnObject))
_SYSTEM = {str(g) for g in SYSTEM_GRAPHS}


Link = tuple[str, str]  # (subject IRI, object IRI) of a sc:bearsOnObject statement; a blank subject is named by its owner


class Reach:
    """Per-store bookkeeping of the kept cases, the register records and the sc:bearsOnObject links
    (embedded stores only: a store without a journal has no ``changes_since``, and nothing derived from
    it is kept). It holds no reference to the store, which keys it in a weak mapping.

    Nothing is stored per case: ``reached`` starts from the IRIs a write touched and looks back, through
    the links that start at them and the records that lead to them, to the case graphs that mention
    one, so its cost follows the write, not the number of cases kept."""

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.kept: set[URIRef] = set()  # the cases whose derived facts are kept
        self._records: dict[str, dict[str, int]] | None = None  # register -> record IRI -> hash of its statements
        self._links: dict[str, set[Link]] = {}  # data graph -> its sc:bearsOnObject links
        self._bearing: frozenset[str] = frozenset()
        self._templates: set[str] = set()

    def remember(self, store: GraphStore, cases: Iterable[URIRef]) -> None:
        """Keep ``cases``, judged on the store as it is now (it must not have changed since ``reached``).
        Nothing is computed per case: ``reached`` looks from what a write changed back to the cases."""
        self._index(store)
        self.kept.update(cases)

    def nodes(self, store: GraphStore, case: URIRef) -> frozenset[str]:
        """The case's nodes, computed forwards from its graph (what ``reached`` finds backwards from a write;
        the tests judge a case on its footprint, ``footprint_quads``, built from these)."""
        self._index(store)
        shared = {str(g) for g in [*store.register_graphs(), *store.template_graphs()]}
        memo: dict[str, frozenset[str]] = {}
        nodes: set[str] = set()
        for iri in _mentions(store, str(case)):
            nodes |= _cited(store, iri, shared, memo)
        linking = {(subject, target) for found in self._links.values() for subject, target in found}
        return frozenset(nodes | {subject for subject, target in linking if target in nodes})

    def reached(self, store: GraphStore) -> set[URIRef] | None:
        """The kept cases that writes since the last call reached (they are no longer kept); None when all
        of them were (the journal does not reach back, or a system or template graph changed)."""
        changes = store.changes_since(self.generation) if hasattr(store, "changes_since") else None
        self.generation = store.generation
        if changes is None or any(c.system for c in changes):
            self._forget()
            return None
        graphs = {g.value for c in changes for g in c.graphs}
        if not graphs or self._records is None:
            return set()
        templates = {str(g) for g in store.template_graphs()}
        if graphs & (templates | self._templates):  # a template was, or now is, among the graphs written
            self._forget()
            return None
        self._templates = templates
        registers = {str(g) for g in store.register_graphs()}
        before = {s.value for c in changes for s in c.subjects if isinstance(s, ox.NamedNode)}
        touched: set[str] = set()
        for graph in graphs - _SYSTEM:
            touched |= self._changed_links(store, graph)
            if graph in registers or graph in self._records:
                touched |= self._changed_records(store, graph, registers)
            else:
                touched |= before | _subjects(store, graph)
        out = {case for case in self.kept if str(case) in graphs} | self._mentioning(store, touched, registers)
        self.kept -= out
        return out

    def _mentioning(self, store: GraphStore, touched: set[str], registers: set[str]) -> set[URIRef]:
        """The kept cases with a node among ``touched``: backwards from each touched IRI, through the links
        that bear on it and the register and template records that lead to it, to the case graphs that
        mention one of them."""
        targets: dict[str, set[str]] = defaultdict(set)
        for links in self._links.values():
            for subject, target in links:
                targets[subject].add(target)
        start = {iri for iri in touched if _ours(iri)}
        start |= {target for iri in touched for target in targets.get(iri, ())}
        shared = {ox.NamedNode(g) for g in registers | self._templates}
        kept = {str(case) for case in self.kept}
        found: set[URIRef] = set()
        with store.oxigraph() as ox_store:
            seen: set = set()
            todo: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri) for iri in start]
            while todo:  # the records that lead to a touched IRI cite it too
                node = todo.pop()
                if node in seen:
                    continue
                seen.add(node)
                for q in ox_store.quads_for_pattern(None, None, node, None):
                    up = q.subject
                    if q.graph_name in shared and (isinstance(up, ox.BlankNode)
                                                   or (isinstance(up, ox.NamedNode) and _ours(up.value))):
                        todo.append(up)
            for node in seen:
                if isinstance(node, ox.NamedNode):
                    for q in (*ox_store.quads_for_pattern(node, None, None, None),
                              *ox_store.quads_for_pattern(None, None, node, None)):
                        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in kept:
                            found.add(URIRef(q.graph_name.value))
        return found

    def _forget(self) -> None:
        self.kept.clear()
        self._records = None
        self._links = {}

    # --- registers and links ------------------------------------------------------------------------

    def _index(self, store: GraphStore) -> None:
        if self._records is None:
            self._bearing = _bearing(store)
            self._templates = {str(g) for g in store.template_graphs()}
            self._records = {str(g): _records(store, str(g)) for g in store.register_graphs()}
            self._links = _links(store, self._bearing)

    def _changed_records(self, store: GraphStore, graph: str, registers: set[str]) -> set[str]:
        """The records of a register that a write added, changed or removed."""
        assert self._records is not None
        before = self._records.get(graph, {})
        after = _records(store, graph) if graph in registers else {}
        if graph in registers:
            self._records[graph] = after
        else:
            self._records.pop(graph, None)
        return {iri for iri in before.keys() | after.keys() if before.get(iri) != after.get(iri)}

    def _changed_links(self, store: GraphStore, graph: str) -> set[str]:
        """Both ends of the sc:bearsOnObject links a write added to or removed from ``graph``."""
        before = self._links.get(graph, set())
        after = _links(store, self._bearing, graph).get(graph, set()) if store.has_graph(URIRef(graph)) else set()
        self._links[graph] = after
        return {end for link in before ^ after for end in link}


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


def _records(store: GraphStore, graph: str) -> dict[str, int]:
    """Each IRI subject of a graph with a hash of its statements (nested unnamed nodes included, so a reload
    that renames blank nodes changes nothing)."""
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

    return {node.value: hash(content(node, 0)) for node in facts if isinstance(node, ox.NamedNode)}


def _links(store: GraphStore, bearing: frozenset[str], graph: str | None = None) -> dict[str, set[Link]]:
    """The sc:bearsOnObject statements of every data graph (or one), per graph; a blank subject is named by
    the IRI that holds it in that graph (a defeater nested in a case, say)."""
    out: dict[str, set[Link]] = defaultdict(set)
    name = ox.NamedNode(graph) if graph is not None else None
    with store.oxigraph([URIRef(graph)] if graph is not None else None) as ox_store:
        for prop in bearing:
            for q in ox_store.quads_for_pattern(None, ox.NamedNode(prop), None, name):
                if not isinstance(q.graph_name, ox.NamedNode) or q.graph_name.value in _SYSTEM:
                    continue
                owner = _owner(ox_store, q.subject, q.graph_name)
                if owner is not None and isinstance(q.object, ox.NamedNode):
                    out[q.graph_name.value].add((owner, q.object.value))
    return out


def _owner(ox_store: ox.Store, node: object, graph: ox.NamedNode, depth: int = 0) -> str | None:
    if isinstance(node, ox.NamedNode):
        return node.value
    if not isinstance(node, ox.BlankNode) or depth > 8:
        return None
    parent = next(iter(ox_store.quads_for_pattern(None, None, node, graph)), None)
    return _owner(ox_store, parent.subject, graph, depth + 1) if parent is not None else None


def _subjects(store: GraphStore, graph: str) -> set[str]:
    return {q.subject.value for q in _quads(store, graph) if isinstance(q.subject, ox.NamedNode)}


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

