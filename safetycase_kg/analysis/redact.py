"""The public view of a store: a derived copy in which withheld items appear only as their notice.

Every public path (SPARQL, named queries, pages, reports, exports, dereferencing) queries this copy
instead of the full store, so redacted content cannot leak through a clever query: it is not there.
Filtering result text instead would miss DESCRIBE, property paths, string functions and the like.

What is withheld, and what a withheld item keeps, is stated once, in the ontology's definition of
``sc:visibleWhenRedacted`` (and the README's "Access tiers"); this module implements exactly that:

* The withheld items W are picked by ``queries/redaction/withheld.rq`` over every graph (a
  disclosure tier other than public, or a redaction notice). Data can only add to W.
* The visible properties V are those the ontology marks ``sc:visibleWhenRedacted``, read from the
  ontology's system graph alone (``queries/redaction/visible-properties.rq``), plus ``rdf:type``.
  No data graph can add to V: the system graphs are written only from the checkout, and a data
  graph may not describe the project's terms at all (``reserved``).
* Each data graph G is redacted on its own (``withheld_triples``), so a later change can maintain
  the view graph by graph: a triple of G is *hidden* when its subject is in W and its property is
  not in V. A node is *downstream* when G reaches it from the object of a hidden triple. The
  anchors of G are its other subjects and the items G itself gives the public disclosure tier
  (``queries/redaction/declared-public.rq``); a node is *public in G* when G reaches it from an
  anchor along triples that are not hidden. The view of G is the non-hidden triples whose subject
  is public in G. So a withheld item keeps its type and visible properties; a node, blank or
  named, that G reaches only through hidden triples goes with everything G says about it; a node
  that public content also reaches keeps its own triples. What G publishes depends only on G and
  on W: another graph can withhold more of G, never reveal more.
* System graphs are copied as they are, except the provenance graph, of which only
  ``queries/redaction/public-provenance.rq`` is kept (no file paths, user names or file hashes).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Collection, Iterable, Sequence
from functools import cache

import pyoxigraph as ox
from rdflib.namespace import RDF

from ..core.mirror import DEFAULT_MAX_QUADS, worth_rebuilding
from ..core.namespaces import PREFIXES, PROVENANCE_GRAPH, QUERIES_DIR, SYSTEM_GRAPHS
from ..core.results import result_graph, result_rows
from ..core.sparql import parse_named_query
from ..core.store import Store
from ..core.storeapi import GraphStore
from ..core.terms import to_ox
from ..core.tiers import PUBLIC, VIEW_TIERS

REDACTION_QUERIES = QUERIES_DIR / "redaction"
_PROVENANCE = ox.NamedNode(str(PROVENANCE_GRAPH))
_SYSTEM = frozenset(ox.NamedNode(str(g)) for g in SYSTEM_GRAPHS)


def withheld_items(store: GraphStore) -> set:
    """The items the public view withholds, as rdflib terms."""
    query = parse_named_query(REDACTION_QUERIES / "withheld.rq").bind({})
    return {row[0] for row in result_rows(store.query(query))}


def visible_properties(store: GraphStore) -> set:
    """The properties a withheld item keeps in the public view (rdf:type included), from the ontology graph."""
    query = parse_named_query(REDACTION_QUERIES / "visible-properties.rq").bind({})
    return {row[0] for row in result_rows(store.query(query))} | {RDF.type}


def declared_public(store: GraphStore) -> dict:
    """Per graph (an Oxigraph term), the items that graph itself declares public."""
    query = parse_named_query(REDACTION_QUERIES / "declared-public.rq").bind({})
    declared: dict = {}
    for graph, item in result_rows(store.query(query)):
        declared.setdefault(to_ox(graph), set()).add(to_ox(item))
    return declared


def withheld_triples(triples: Sequence[ox.Triple | ox.Quad], withheld: set, visible: set,
                     declared: Collection = ()) -> list:
    """The triples of one graph that the public view leaves out (see the module docstring).

    ``withheld``, ``visible`` and ``declared`` (the items this graph itself gives the public tier)
    hold Oxigraph terms. Linear in the size of the graph, and needs nothing but the graph and the
    two sets, so a view can be kept up to date graph by graph.
    """
    hidden = [t for t in triples if t.subject in withheld and t.predicate not in visible]
    if not hidden:
        return []
    by_subject: dict = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    downstream = _reach((t.object for t in hidden), by_subject, follow=lambda t: True)
    hidden_set = set(hidden)
    anchors = [s for s in by_subject if s not in downstream or s in declared]
    public = _reach(anchors, by_subject, follow=lambda t: t not in hidden_set)
    return [t for t in triples if t in hidden_set or t.subject not in public]


def _reach(start: Iterable, by_subject: dict, follow) -> set:
    """The nodes reached from ``start`` along the triples ``follow`` accepts (start nodes included)."""
    seen: set = set()
    todo = [n for n in start if not isinstance(n, ox.Literal)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo += [t.object for t in by_subject.get(node, ()) if follow(t) and not isinstance(t.object, ox.Literal)]
    return seen


def public_view(store: GraphStore) -> GraphStore:
    """A new in-memory store holding the public view of ``store``."""
    return PublicView(store).view


class PublicView:
    """The public view of one store, built once and then kept up to date graph by graph.

    The view of a graph G depends only on G, on which of G's subjects are withheld, on the visible
    properties (the ontology) and on what G itself declares public (see the module docstring). So
    after a write (``Store.changes_since``) only these graphs are redacted again: the graphs the
    write touched, and every graph in which an item whose withheld status changed is a subject. An
    item's status can change only if some triple with it as subject changed (every pattern of
    ``withheld.rq`` has the item as subject), so the items to look at again are the subjects the
    touched graphs held before and hold after the write, and the subjects of new provenance. The
    provenance graph only grows, and what the public sees of one load or import comes from that
    write's own record, so ``public-provenance.rq`` runs on the new records alone.

    Nothing changes the view until all of it is computed; the change itself is made while no
    thread is inside Oxigraph and no worker is being forked (``locks``), so every query and every
    forked worker sees the view either before or after the write, never half of it.
    ``tests/test_public_view_incremental.py`` checks it against a full rebuild after random writes.
    """

    def __init__(self, store: GraphStore, max_in_memory: int | None = None) -> None:
        generation = store.generation  # before the copy: a write during it is applied again later, harmlessly
        # a full copy first, blank-node labels kept; the rules are read from it. Beyond ``max_in_memory``
        # quads it is kept on disk (it holds less than the store, so nothing the store's folder does not).
        on_disk = max_in_memory is not None and len(store) > max_in_memory
        view = Store.copy_of(store, on_disk=on_disk)
        self.withheld = {to_ox(t) for t in withheld_items(view)}
        self.visible = {to_ox(p) for p in visible_properties(view)}
        declared = declared_public(view)
        with view.oxigraph() as copied:
            graphs = {q.graph_name for item in self.withheld for q in copied.quads_for_pattern(item, None, None)
                      if q.predicate not in self.visible and q.graph_name not in _SYSTEM}
            hidden = [quad for graph in graphs
                      for quad in withheld_triples(list(copied.quads_for_pattern(None, None, None, graph)),
                                                   self.withheld, self.visible, declared.get(graph, set()))]
        view.remove_quads(hidden)
        _publish_provenance(view)
        view.is_public_view = True
        self.view, self.generation, self.size = view, generation, len(view)

    def catch_up(self, store: GraphStore) -> bool:
        """Apply the store's writes since the view was made; False when only a rebuild will do
        (the journal does not reach back, a system graph changed, or most of the store changed)."""
        changes = store.changes_since(self.generation)
        if changes is None or any(c.system for c in changes):
            return False
        if not changes:
            return True
        graphs = set().union(*(c.graphs for c in changes))
        provenance = [q for c in changes for q in c.provenance]
        candidates = set().union(*(c.subjects for c in changes)) | {q.subject for q in provenance}
        with store.oxigraph() as full:
            new = {g: list(full.quads_for_pattern(None, None, None, g)) for g in graphs}
            if worth_rebuilding(sum(map(len, new.values())), self.size):
                return False
            candidates |= {q.subject for quads in new.values() for q in quads}
            now = _withheld_among(full, candidates)
            gained, lost = now - self.withheld, (self.withheld & candidates) - now
            touched = set(graphs) | {q.graph_name for item in gained | lost
                                     for q in full.quads_for_pattern(item, None, None, None)}
            affected = {g for g in touched if isinstance(g, ox.NamedNode) and g not in _SYSTEM}
            withheld = (self.withheld - lost) | gained
            contents = {g: new[g] if g in new else list(full.quads_for_pattern(None, None, None, g)) for g in affected}
        # as in a rebuild: a graph stays named in the view (empty if all of it is withheld) while the store's
        # graph has quads, and goes when the store's graph is gone
        redacted = {g: _redact_graph(g, quads, withheld, self.visible) if quads else None for g, quads in contents.items()}
        published = _public_provenance(provenance)
        self.view.swap_graphs(redacted, published)
        # the last write applied: one made since is applied by the next call (again, if it was
        # already read here, which changes nothing: each graph is redacted afresh from the store)
        self.withheld, self.generation = withheld, changes[-1].generation
        return True



def _rule(quads: Iterable[ox.Quad], name: str):
    """Evaluate the redaction rule ``name`` on exactly ``quads`` (their union as the default graph)."""
    scratch = ox.Store()
    scratch.extend(quads)
    return scratch.query(_rule_text(name), prefixes=PREFIXES, use_default_graph_as_union=True)


@cache
def _rule_text(name: str) -> str:
    return parse_named_query(REDACTION_QUERIES / name).bind({})


def _withheld_among(full: ox.Store, items: Iterable) -> set:
    """Which of ``items`` are withheld now, from all the triples with one of them as subject."""
    quads = [q for item in items if not isinstance(item, ox.Literal)
             for q in full.quads_for_pattern(item, None, None, None)]
    return {sol["item"] for sol in _rule(quads, "withheld.rq")}


def _redact_graph(graph: ox.NamedNode, quads: list, withheld: set, visible: set) -> list:
    """The public view of one graph's quads."""
    declared = {sol["item"] for sol in _rule(quads, "declared-public.rq") if sol["graph"] == graph}
    hidden = set(withheld_triples(quads, withheld, visible, declared))
    return [q for q in quads if q not in hidden] if hidden else quads


def _public_provenance(quads: Sequence[ox.Quad]) -> list:
    """The public part of newly appended provenance records."""
    if not quads:
        return []
    return [ox.Quad(t.subject, t.predicate, t.object, _PROVENANCE) for t in _rule(quads, "public-provenance.rq")]


def _publish_provenance(view: GraphStore) -> None:
    """Replace the provenance graph by its public part (public-provenance.rq), blank-node labels kept."""
    query = parse_named_query(REDACTION_QUERIES / "public-provenance.rq").bind({})
    public = list(result_graph(view.query(query)))
    view.drop_graphs([PROVENANCE_GRAPH])
    view.add_to_graph(PROVENANCE_GRAPH, public)


class PublicViews:
    """The public view of each store, brought up to date when the store has been written to. A view of a
    store larger than ``max_in_memory`` quads is kept on disk: at 10,000 cases a view in memory is about
    2 GiB, as much again as the reviewer tier's copy (``core.mirror``), and the server's one setting for
    what it holds in memory (``in_memory_max_quads``) sets both."""

    def __init__(self, max_in_memory: int = DEFAULT_MAX_QUADS) -> None:
        self._lock = threading.Lock()
        self._cache: weakref.WeakKeyDictionary[GraphStore, PublicView] = weakref.WeakKeyDictionary()
        self.max_in_memory = max_in_memory

    def get(self, store: GraphStore) -> GraphStore:
        with self._lock:
            cached = self._cache.get(store)
            if cached is None or not cached.catch_up(store):
                cached = self._cache[store] = PublicView(store, self.max_in_memory)
            return cached.view


public_views = PublicViews()

def view_for(store: GraphStore, tier: str) -> GraphStore:
    """The dataset a tier may read: the public view, or the full store for authorised reviewers."""
    if tier not in VIEW_TIERS:
        raise ValueError(f"unknown disclosure tier {tier!r}; expected one of {', '.join(VIEW_TIERS)}")
    if tier == PUBLIC:
        return store if store.is_public_view else public_views.get(store.origin())
    if store.is_public_view:
        raise ValueError("the public view cannot give a reviewer's view; pass the full store")
    return store
