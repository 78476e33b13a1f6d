"""Named ("canned") queries: listing them and running one by name, file or text.

The CLI and the server both call these functions, so a query behaves the same everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from pathlib import Path

from rdflib.query import Result

from .guard import QueryRefused, check_services
from .results import serialize
from .sparql import NamedQuery, QueryError, load_library, parse_named_query
from .storeapi import GraphStore, StoreError

__all__ = ["QueryError", "list_queries", "resolve", "run_named", "run_query"]


def resolve(name_or_file: str) -> NamedQuery:
    """A named query from the library, or a .rq file given by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return parse_named_query(path)
    library = load_library()
    if name_or_file not in library:
        raise QueryError(f"no named query {name_or_file!r}; 'safetycase-kg query --list' shows them")
    return library[name_or_file]


def list_queries(fmt: str = "table") -> str:
    queries = [q.as_dict() for q in load_library().values()]
    if fmt == "json":
        return json.dumps(queries, indent=2)
    lines = []
    for q in queries:
        params = ", ".join(f"{p['name']}=" + ("<required>" if p["required"] else (p["default"] or "<any>"))
                           for p in q["parameters"])
        lines.append(f"{q['name']}: {q['title']}" + (f"  [{params}]" if params else ""))
    return "\n".join(lines)


def run_named(store: GraphStore, query: NamedQuery, params: Mapping[str, str]) -> Result:
    """Bind the parameters and run the query; returns an rdflib Result."""
    try:
        return store.query(query.bind(params))
    except StoreError as err:
        raise QueryError(f"{query.path or query.name}: {err}") from None


def run_query(store: GraphStore, name_or_file: str | None, sparql: str | None, params: Mapping[str, str],
              fmt: str = "table", *, allowed_services: Collection[str] = ()) -> str:
    """Run a query and serialise its result; SERVICE only to ``allowed_services`` (checked before it runs)."""
    if sparql is not None:
        if params:
            raise QueryError("--param works with named queries and .rq files, not with --sparql")
        text, label = sparql, None
    elif name_or_file is None:
        raise QueryError("name a query, give a .rq file, or give the query text with --sparql")
    else:
        query = resolve(name_or_file)
        text, label = query.bind(params), query.path or query.name
    try:
        check_services(text, allowed_services=allowed_services)
    except QueryRefused as err:
        raise QueryError(f"{label}: {err}" if label else str(err)) from None
    try:
        result = store.query(text)
    except StoreError as err:
        raise QueryError(f"{label}: {err}" if label else str(err)) from None
    try:
        return serialize(result, fmt)
    except ValueError as err:
        raise QueryError(str(err)) from None
