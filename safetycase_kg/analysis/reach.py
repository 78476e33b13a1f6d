"""Which cases a write reaches: what is derived about a case is recomputed only for those.

A case's judgement reads its own graph, the register and template records it cites (followed
through the registers, as validation follows them), the system graphs, and other cases that
mention what it holds (a defeater raised in another case against a shared evidence record). So a
write reaches a case when it

* changes a system graph (the rules themselves may have changed: every case);
* replaces, changes or drops the case's own graph;
* changes a register or template record the case mentions, or one that now or before pointed at
  something the case mentions (records are compared one by one, so a register edit reaches only the
  cases that cite what changed, not every case that cites that register);
* changes another case graph that mentioned something the case mentions when its facts were last
  derived, or that mentions it now.

``Reach`` remembers, per case, the footprint its derived facts were computed from, and answers for a
store generation which cached cases a run of writes reached. When the store's journal no longer
reaches back (``Store.changes_since`` gives None), every case counts as reached.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from ..core.namespaces import SYSTEM_NAMESPACES
from ..core.storeapi import GraphStore


@dataclass(frozen=True)
class Footprint:
    """What a case's derived facts were computed from, beyond the system graphs."""

    nodes: frozenset[str]  # IRIs the case's graph mentions and those of the records it cites
    readers: frozenset[str]  # the other case graphs that mentioned any of them


Record = tuple[str, frozenset[str]]  # (content hash, IRIs its triples point at)


class Reach:
    """Per-store bookkeeping of case footprints and register records (embedded stores only: a store
    without a journal has no ``changes_since``, and nothing derived from it is kept)."""

    def __init__(self, generation: int) -> None:
        # no reference to the store: a Reach is kept in a weak mapping keyed by its store
        self.generation = generation
        self.footprints: dict[URIRef, Footprint] = {}
        self._records: dict[str, dict[str, Record]] | None = None  # shared graph -> record IRI -> Record

    # --- footprints -----------------------------------------------------------------------------------

    def remember(self, store: GraphStore, cases: Iterable[URIRef]) -> None:
        """Compute the footprints of ``cases`` from the store as it is now."""
        cases = list(cases)
        shared = {str(g) for g in [*store.register_graphs(), *store.template_graphs()]}
        records = self._shared_records(store, shared)
        own = {case: _mentions(store, case) for case in cases}
        nodes = {case: frozenset(_cited(mentioned, records)) for case, mentioned in own.items()}
        readers = _readers(store, nodes, shared)
        for case in cases:
            self.footprints[case] = Footprint(nodes[case], frozenset(readers[case]))

    def reached(self, store: GraphStore) -> set[URIRef] | None:
        """The remembered cases that writes since the last call reached (their footprints are forgotten);
        None when all of them were (the journal does not reach back, or a system graph changed)."""
        changes = store.changes_since(self.generation) if hasattr(store, "changes_since") else None
        self.generation = store.generation
        if changes is None or any(c.system for c in changes):
            self.footprints.clear()
            self._records = None
            return None
        graphs = {g.value for c in changes for g in c.graphs}
        if not graphs:
            return set()
        shared = {str(g) for g in [*store.register_graphs(), *store.template_graphs()]}
        touched: set[str] = set()  # IRIs whose facts changed, or that a changed record pointed at
        for graph in graphs & shared | (set(self._records or ()) & graphs):
            touched |= self._changed_records(store, graph)
        mentioned_now = {g: _mentions(store, URIRef(g)) for g in graphs - shared}
        out = set()
        for case, foot in self.footprints.items():
            if (str(case) in graphs or foot.readers & graphs or foot.nodes & touched
                    or any(foot.nodes & now for now in mentioned_now.values())):
                out.add(case)
        for case in out:
            del self.footprints[case]
        return out

    # --- register and template records ----------------------------------------------------------------

    def _shared_records(self, store: GraphStore, shared: set[str]) -> dict[str, Record]:
        if self._records is None:
            self._records = {g: _records(store, g) for g in shared}
        for g in shared - set(self._records):
            self._records[g] = _records(store, g)
        return {iri: rec for g in shared for iri, rec in self._records.get(g, {}).items()}

    def _changed_records(self, store: GraphStore, graph: str) -> set[str]:
        """The records of a shared graph that a write added, changed or removed, with what they point at."""
        if self._records is None:
            return set()
        before = self._records.get(graph, {})
        after = self._records[graph] = _records(store, graph) if store.has_graph(URIRef(graph)) else {}
        out: set[str] = set()
        for iri in before.keys() | after.keys():
            if before.get(iri) != after.get(iri):
                out.add(iri)
                for rec in (before.get(iri), after.get(iri)):
                    if rec is not None:
                        out |= rec[1]
        return out


# --- reading the store ------------------------------------------------------------------------------

def _quads(store: GraphStore, graph: URIRef) -> Iterator[ox.Quad]:
    with store.oxigraph([graph]) as ox_store:
        yield from ox_store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))


def _ours(iri: str) -> bool:
    """IRIs worth following: the project's own terms are only ever described by the system graphs."""
    return not iri.startswith(SYSTEM_NAMESPACES)


def _mentions(store: GraphStore, graph: URIRef) -> frozenset[str]:
    """Every IRI a graph holds, as subject or object (the project's own terms aside)."""
    out: set[str] = set()
    for q in _quads(store, graph):
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode) and _ours(term.value):
                out.add(term.value)
    return frozenset(out)


def _records(store: GraphStore, graph: str) -> dict[str, Record]:
    """Each IRI subject of a shared graph with a hash of its facts (nested unnamed nodes included, so a
    reload that renames blank nodes changes nothing) and the IRIs those facts point at."""
    facts: dict[ox.NamedNode | ox.BlankNode, list[tuple[str, object]]] = defaultdict(list)
    for q in _quads(store, URIRef(graph)):
        if isinstance(q.subject, (ox.NamedNode, ox.BlankNode)):
            facts[q.subject].append((q.predicate.value, q.object))

    def content(node, depth: int, points: set[str]) -> str:
        parts = []
        for p, o in facts.get(node, ()):
            if isinstance(o, ox.BlankNode) and depth < 8:
                parts.append(f"{p} [{content(o, depth + 1, points)}]")
            else:
                if isinstance(o, ox.NamedNode) and _ours(o.value):
                    points.add(o.value)
                parts.append(f"{p} {o}")
        return " ; ".join(sorted(parts))

    out: dict[str, Record] = {}
    for node in facts:
        if isinstance(node, ox.NamedNode):
            points: set[str] = set()
            text = content(node, 0, points)
            out[node.value] = (hashlib.blake2b(text.encode(), digest_size=16).hexdigest(), frozenset(points))
    return out


def _cited(mentioned: frozenset[str], records: Mapping[str, Record]) -> set[str]:
    """The case's IRIs and the records they cite, followed through the records."""
    seen, todo = set(mentioned), list(mentioned)
    while todo:
        rec = records.get(todo.pop())
        if rec is not None:
            for iri in rec[1] - seen:
                seen.add(iri)
                todo.append(iri)
    return seen


def _readers(store: GraphStore, nodes: Mapping[URIRef, frozenset[str]], shared: set[str]) -> dict[URIRef, set[str]]:
    """For each case, the other case graphs (not registers, templates or system graphs) mentioning its nodes."""
    wanted: dict[str, list[URIRef]] = defaultdict(list)
    for case, iris in nodes.items():
        for iri in iris:
            wanted[iri].append(case)
    cases = {str(g) for g in store.case_graphs()} - shared
    holders: dict[str, set[str]] = defaultdict(set)  # IRI -> case graphs mentioning it
    with store.oxigraph([URIRef(g) for g in cases]) as ox_store:
        if len(wanted) > 5_000:  # many cases: one pass over every case graph beats a lookup per IRI
            for g in cases:
                for q in ox_store.quads_for_pattern(None, None, None, ox.NamedNode(g)):
                    for term in (q.subject, q.object):
                        if isinstance(term, ox.NamedNode) and term.value in wanted:
                            holders[term.value].add(g)
        else:
            for iri in wanted:
                node = ox.NamedNode(iri)
                for q in [*ox_store.quads_for_pattern(node, None, None, None),
                          *ox_store.quads_for_pattern(None, None, node, None)]:
                    if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in cases:
                        holders[iri].add(q.graph_name.value)
    out: dict[URIRef, set[str]] = {case: set() for case in nodes}
    for iri, found in holders.items():
        for case in wanted[iri]:
            out[case] |= found - {str(case)}
    return out
