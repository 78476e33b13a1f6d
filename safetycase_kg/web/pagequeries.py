"""The queries behind the human pages (``queries/pages/``), run by name.

They live in a subfolder so they stay out of the analysts' named-query list (and its exact-result
tests) while keeping the same header format: pages and the argument map read SPARQL from files,
never from strings in Python.
"""

from __future__ import annotations

from functools import cache

from rdflib import BNode, URIRef
from rdflib.query import Result
from rdflib.term import Node

from ..core.namespaces import QUERIES_DIR
from ..core.results import result_rows, result_vars
from ..core.sparql import NamedQuery, parse_named_query
from ..core.storeapi import GraphStore

PAGE_QUERIES = QUERIES_DIR / "pages"
Row = dict[str, Node | None]  # a SELECT row by variable name, None where the variable is unbound
Resource = URIRef | BNode  # an element of a case: named, or a blank node of its case file


@cache
def page_query(name: str) -> NamedQuery:
    return parse_named_query(PAGE_QUERIES / f"{name}.rq")


def result(store: GraphStore, name: str, **params: str) -> Result:
    """Run the page query ``name`` with its parameters (IRIs as text) and return the rdflib Result."""
    return store.query(page_query(name).bind(params))


def rows(store: GraphStore, name: str, **params: str) -> list[Row]:
    """The SELECT rows of a page query as dicts by variable name (None for unbound)."""
    return as_rows(result(store, name, **params))


def as_rows(res: Result) -> list[Row]:
    """The rows of any SELECT result as dicts by variable name (None for unbound)."""
    names = [str(v) for v in result_vars(res)]
    return [dict(zip(names, row, strict=False)) for row in result_rows(res)]
