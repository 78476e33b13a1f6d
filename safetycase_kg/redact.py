"""The public view of a store: a derived copy in which withheld items appear only as their notice.

Every public path (SPARQL, named queries, pages, reports, exports, dereferencing) queries this copy
instead of the full store, so redacted content cannot leak through a clever query: it is not there.
Filtering result text instead would miss DESCRIBE, property paths, string functions and the like.

What is withheld is data, not code: ``queries/redaction/withheld.rq`` picks the items (a disclosure
tier other than public, or a redaction notice) and the ontology marks with ``sc:visibleWhenRedacted``
the few properties that stay (tier, notice, evidence type, polarity, evaluation date). ``rdf:type``
always stays, so the argument map still shows that a withheld item exists. Blank nodes reachable only
through a withheld item's hidden properties go too.
"""

from __future__ import annotations

import threading
import weakref

import pyoxigraph as ox
from rdflib.namespace import RDF

from .namespaces import QUERIES_DIR
from .sparql import parse_named_query
from .store import Store, to_ox

REDACTION_QUERIES = QUERIES_DIR / "redaction"
_RDF_TYPE = ox.NamedNode(str(RDF.type))


def withheld_items(store: Store) -> set:
    """The items the public view withholds, as rdflib terms."""
    query = parse_named_query(REDACTION_QUERIES / "withheld.rq").bind({})
    return {row[0] for row in store.query(query)}


def visible_properties(store: Store) -> set:
    """The properties a withheld item keeps in the public view (rdf:type included)."""
    query = parse_named_query(REDACTION_QUERIES / "visible-properties.rq").bind({})
    return {row[0] for row in store.query(query)} | {RDF.type}


def public_view(store: Store) -> Store:
    """A new in-memory store holding the public view of ``store``."""
    withheld = {to_ox(t) for t in withheld_items(store)}
    visible = {to_ox(p) for p in visible_properties(store)}
    hidden_bnodes: set[ox.BlankNode] = set()
    kept: list[ox.Quad] = []
    for quad in ox.parse(store.dump(), format=ox.RdfFormat.N_QUADS):
        if quad.subject in withheld and quad.predicate not in visible:
            if isinstance(quad.object, ox.BlankNode):
                hidden_bnodes.add(quad.object)
            continue
        kept.append(quad)
    while hidden_bnodes:
        reached = {q.object for q in kept if q.subject in hidden_bnodes and isinstance(q.object, ox.BlankNode)}
        kept = [q for q in kept if q.subject not in hidden_bnodes]
        hidden_bnodes = reached
    view = Store(install_system_graphs=False)
    view._ox.extend(kept)
    view.is_public_view = True
    return view


class PublicViews:
    """Caches the public view of each store until the store is written to again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: weakref.WeakKeyDictionary[Store, tuple[int, Store]] = weakref.WeakKeyDictionary()

    def get(self, store: Store) -> Store:
        with self._lock:
            cached = self._cache.get(store)
            if cached and cached[0] == store.generation:
                return cached[1]
            view = public_view(store)
            self._cache[store] = (store.generation, view)
            return view


public_views = PublicViews()

TIERS = ("public", "reviewer")


def view_for(store: Store, tier: str) -> Store:
    """The dataset a tier may read: the public view, or the full store for authorised reviewers."""
    if tier not in TIERS:
        raise ValueError(f"unknown disclosure tier {tier!r}; expected one of {', '.join(TIERS)}")
    if tier == "public":
        return store if getattr(store, "is_public_view", False) else public_views.get(store)
    if getattr(store, "is_public_view", False):
        raise ValueError("the public view cannot give a reviewer's view; pass the full store")
    return store
