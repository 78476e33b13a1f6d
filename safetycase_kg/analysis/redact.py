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

import pyoxigraph as ox
from rdflib.namespace import RDF

from ..core.namespaces import PROVENANCE_GRAPH, QUERIES_DIR, SYSTEM_GRAPHS
from ..core.results import result_graph, result_rows
from ..core.sparql import parse_named_query
from ..core.store import Store
from ..core.storeapi import GraphStore
from ..core.terms import to_ox
from ..core.tiers import PUBLIC, VIEW_TIERS

REDACTION_QUERIES = QUERIES_DIR / "redaction"
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
    # A full copy first (the rules are read from it), keeping the blank-node labels: a load would
    # rename them, and the same resource would carry another label after every rebuild of the view.
    view = Store.from_nquads(store.dump())
    withheld = {to_ox(t) for t in withheld_items(view)}
    visible = {to_ox(p) for p in visible_properties(view)}
    declared = declared_public(view)
    with view.oxigraph() as ox_store:
        graphs = {q.graph_name for item in withheld for q in ox_store.quads_for_pattern(item, None, None)
                  if q.predicate not in visible and q.graph_name not in _SYSTEM}
        hidden = [quad for graph in graphs
                  for quad in withheld_triples(list(ox_store.quads_for_pattern(None, None, None, graph)),
                                               withheld, visible, declared.get(graph, set()))]
    view.remove_quads(hidden)
    _publish_provenance(view)
    view.is_public_view = True
    return view


def _publish_provenance(view: GraphStore) -> None:
    """Replace the provenance graph by its public part (public-provenance.rq), blank-node labels kept."""
    query = parse_named_query(REDACTION_QUERIES / "public-provenance.rq").bind({})
    public = list(result_graph(view.query(query)))
    view.drop_graphs([PROVENANCE_GRAPH])
    view.add_to_graph(PROVENANCE_GRAPH, public)


class PublicViews:
    """Caches the public view of each store until the store is written to again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: weakref.WeakKeyDictionary[GraphStore, tuple[int, GraphStore]] = weakref.WeakKeyDictionary()

    def get(self, store: GraphStore) -> GraphStore:
        with self._lock:
            cached = self._cache.get(store)
            if cached and cached[0] == store.generation:
                return cached[1]
            view = public_view(store)
            self._cache[store] = (store.generation, view)
            return view


public_views = PublicViews()

def view_for(store: GraphStore, tier: str) -> GraphStore:
    """The dataset a tier may read: the public view, or the full store for authorised reviewers."""
    if tier not in VIEW_TIERS:
        raise ValueError(f"unknown disclosure tier {tier!r}; expected one of {', '.join(VIEW_TIERS)}")
    if tier == PUBLIC:
        return store if store.is_public_view else public_views.get(store)
    if store.is_public_view:
        raise ValueError("the public view cannot give a reviewer's view; pass the full store")
    return store
