"""Refusing queries that would make the server reach the network or the file system.

Oxigraph (and rdflib) fetch remote data for SERVICE, LOAD and FROM/FROM NAMED <url> with no switch
to turn it off, so every query from outside is parsed first and refused before it runs when it uses
them. The check is on the parsed query, not on its text, so comments and strings cannot hide or fake it.
"""

from __future__ import annotations

from collections.abc import Collection

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue


class QueryRefused(Exception):
    """The query is malformed or uses a feature that is not allowed here."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def check_query(text: str, *, allowed_services: Collection[str] = ()) -> str:
    """Parse a SPARQL query and refuse SERVICE (unless allow-listed) and FROM / FROM NAMED.

    Returns the query form (SelectQuery, ConstructQuery, AskQuery, DescribeQuery).
    """
    try:
        parsed = parseQuery(text)
    except ParseException as err:
        raise QueryRefused(f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}",
                           line=err.lineno, column=err.col) from None
    query = parsed[1]
    if "datasetClause" in query and query["datasetClause"]:
        raise QueryRefused("FROM and FROM NAMED are not allowed here; use default-graph-uri / named-graph-uri "
                           "or GRAPH patterns over the graphs in the store")
    _check_services(query, allowed_services)
    return query.name


def check_services(text: str, *, allowed_services: Collection[str] = ()) -> None:
    """Refuse a query that calls SERVICE on an endpoint outside the allow-list, before it runs.

    The command line allows FROM (its user owns the store) but not calls to arbitrary endpoints:
    a SERVICE clause sends the query's bindings to another organisation's server.
    """
    if "service" not in text.lower():
        return  # without the keyword there is no SERVICE clause; spares the parse for most queries
    try:
        parsed = parseQuery(text)
    except ParseException as err:
        raise QueryRefused(f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}",
                           line=err.lineno, column=err.col) from None
    _check_services(parsed[1], allowed_services)


def _check_services(query, allowed_services: Collection[str]) -> None:
    for service in _find(query, "ServiceGraphPattern"):
        target = str(service.get("term"))
        if target not in allowed_services:
            allowed = ", ".join(sorted(allowed_services)) or "empty"
            raise QueryRefused(f"SERVICE <{target}> is not on the federation allow-list ({allowed}); "
                               "allow it with --allow-service URL")


def check_update(text: str) -> None:
    """Parse a SPARQL update and refuse LOAD and SERVICE."""
    try:
        parsed = parseUpdate(text)
    except ParseException as err:
        raise QueryRefused(f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}",
                           line=err.lineno, column=err.col) from None
    for op in parsed.get("request", []):
        if getattr(op, "name", "") == "Load":
            raise QueryRefused("LOAD is not allowed: it would fetch data from a URL")
        if list(_find(op, "ServiceGraphPattern")):
            raise QueryRefused("SERVICE is not allowed in updates")


def _find(node, name: str):
    if isinstance(node, CompValue):
        if node.name == name:
            yield node
        for value in node.values():
            yield from _find(value, name)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _find(item, name)
    elif hasattr(node, "asList") and not isinstance(node, str):
        for item in node:
            yield from _find(item, name)
