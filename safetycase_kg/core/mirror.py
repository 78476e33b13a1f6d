"""An in-memory copy of a store on disk, for the queries that read the whole store.

Oxigraph answers the same query four to seven times faster from memory than from its store on disk
(RocksDB): at 1,000 synthetic cases the named queries' median is 23 ms in memory against 128 ms on
disk (``bench/bench_scale.py``). So the server's queries in the tiers that read the whole store run
on a copy held in memory, while every write still goes to the store on disk, which stays the one
record. The copy catches up graph by graph from the store's journal (``Store.changes_since``), as the
public view does, so a write costs the graphs it changed, not a new copy.

A copy costs memory, about 400 bytes a quad, so it is made only for a store of at most ``max_quads``
quads (decided when the copy is first asked for, and again when it has to be made anew); a larger
store is read from disk. The copy is exact: the same quads, blank-node labels kept, and the same graphs
named (an empty graph included), which ``tests/test_public_view_incremental.py`` checks after random
writes.
"""

from __future__ import annotations

import threading
import weakref

import pyoxigraph as ox

from .store import Store
from .storeapi import GraphStore

DEFAULT_MAX_QUADS = 3_000_000
REBUILD_SHARE = 0.5  # when a write replaces more than this share of a copy, copying it all is as cheap


def worth_rebuilding(changed: int, size: int) -> bool:
    """Whether a derived copy of ``size`` quads (this one, the public view) is as cheap to make anew as to
    catch up with writes that replaced ``changed`` quads."""
    return changed > max(REBUILD_SHARE * size, 100_000)


class Mirror:
    """One in-memory copy of one store, kept up to date graph by graph."""

    def __init__(self, store: Store) -> None:
        self.generation = store.generation  # before the copy: a write during it is applied again later, harmlessly
        self.copy = Store.copy_of(store)
        self.copy.copied_from = weakref.ref(store)  # weakly: the copy must not keep its store alive
        self.size = len(self.copy)

    def catch_up(self, store: Store) -> bool:
        """Apply the store's writes since the copy was made; False when only a new copy will do (the journal
        no longer reaches back, or most of the store changed)."""
        changes = store.changes_since(self.generation)
        if changes is None:
            return False
        if not changes:
            return True
        graphs = set().union(*(c.graphs for c in changes))
        with store.oxigraph() as full:
            contents: dict[ox.NamedNode, list[ox.Quad] | None] = {
                g: list(full.quads_for_pattern(None, None, None, g)) if full.contains_named_graph(g) else None
                for g in graphs}
        if worth_rebuilding(sum(len(quads or ()) for quads in contents.values()), self.size):
            return False
        appended = [q for c in changes for q in c.provenance if q.graph_name not in contents]
        self.copy.swap_graphs(contents, appended)
        # the last write applied: one made since is applied by the next call (again, if it was already
        # read here, which changes nothing: each graph is copied afresh from the store)
        self.generation = changes[-1].generation
        return True


class Mirrors:
    """The in-memory copy of each store on disk that is small enough, brought up to date when asked for."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: weakref.WeakKeyDictionary[GraphStore, Mirror | None] = weakref.WeakKeyDictionary()

    def get(self, store: GraphStore, max_quads: int = DEFAULT_MAX_QUADS) -> GraphStore:
        """What to read ``store`` from: its up-to-date copy in memory, or the store itself (in memory already,
        remote, or larger than ``max_quads``)."""
        if not isinstance(store, Store) or store.path is None or store.read_only:
            return store
        with self._lock:
            if store in self._cache:
                mirror = self._cache[store]
                if mirror is None or mirror.catch_up(store):
                    return store if mirror is None else mirror.copy
            mirror = Mirror(store) if len(store) <= max_quads else None
            self._cache[store] = mirror
            return store if mirror is None else mirror.copy


mirrors = Mirrors()
