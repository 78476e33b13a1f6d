"""The queries behind the human pages (``queries/pages/``), run by name.

They live in a subfolder so they stay out of the analysts' named-query list (and its exact-result
tests) while keeping the same header format: pages and the argument map read SPARQL from files,
never from strings in Python.
"""

from __future__ import annotations

from functools import cache

from rdflib.query import Result
from rdflib.term import Node

from ..core.namespaces import QUERIES_DIR
from ..core.sparql import NamedQuery, parse_named_query
from ..core.storeapi import GraphStore

PAGE_QUERIES = QUERIES_DIR / "pages"


@cache
def page_query(name: str) -> NamedQuery:
    return parse_named_query(PAGE_QUERIES / f"{name}.rq")


def result(store: GraphStore, name: str, **params: str) -> Result:
    """Run the page query ``name`` with its parameters (IRIs as text) and return the rdflib Result."""
    return store.query(page_query(name).bind(params))


def rows(store: GraphStore, name: str, **params: str) -> list[dict[str, Node | None]]:
    """The SELECT rows of a page query as dicts by variable name (None for unbound)."""
    res = result(store, name, **params)
    names = [str(v) for v in res.vars]
    return [dict(zip(names, row, strict=False)) for row in res]
