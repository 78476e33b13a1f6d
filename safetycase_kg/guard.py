"""Refusing queries that would make the server reach the network or the file system.

Oxigraph (and rdflib) fetch remote data for SERVICE, LOAD and FROM/FROM NAMED <url> with no switch
to turn it off, so every query from outside is parsed first and refused before it runs when it uses
them. The check is on the parsed query, not on its text, so comments and strings cannot hide or fake it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue


class QueryRefused(Exception):
    """The query is malformed or uses a feature that is not allowed here."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column


@dataclass(frozen=True)
class CheckedQuery:
    """What the server needs to know about a parsed query before running it."""

    form: str  # SelectQuery, ConstructQuery, AskQuery, DescribeQuery
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)


def inspect_query(text: str, *, allowed_services: Collection[str] = (),
                  local_graphs: Collection[str] | None = None) -> CheckedQuery:
    """Parse a SPARQL query; refuse SERVICE (unless allow-listed) and FROM / FROM NAMED of other graphs.

    Oxigraph reads FROM graphs from the store and never fetches them, so FROM is allowed when it names a
    graph in ``local_graphs``; anything else would silently be an empty graph, or a fetch for another
    engine, so it is refused. With ``local_graphs`` None every FROM is refused.
    """
    try:
        parsed = parseQuery(text)
    except ParseException as err:
        raise QueryRefused(f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}",
                           line=err.lineno, column=err.col) from None
    prologue, query = parsed[0], parsed[1]
    from_graphs: list[str] = []
    from_named: list[str] = []
    # CompValue.get takes no default, hence the explicit test
    for clause in (query["datasetClause"] if "datasetClause" in query else None) or []:  # noqa: SIM401
        named = "named" in clause
        iri = _iri(clause["named"] if named else clause["default"], prologue)
        if local_graphs is None or iri not in local_graphs:
            raise QueryRefused(f"FROM <{iri}> is not allowed: FROM and FROM NAMED may only name graphs in this "
                               "store (this server never fetches data); see default-graph-uri / named-graph-uri")
        (from_named if named else from_graphs).append(iri)
    _check_services(query, allowed_services)
    return CheckedQuery(query.name, tuple(from_graphs), tuple(from_named))


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
        target = str(service["term"])
        if target not in allowed_services:
            allowed = ", ".join(sorted(allowed_services)) or "empty"
            raise QueryRefused(f"SERVICE <{target}> is not on the federation allow-list ({allowed}); "
                               "allow it with --allow-service (command line) or service_allowlist (server)")


def check_query(text: str, *, allowed_services: Collection[str] = ()) -> str:
    """Parse a SPARQL query and refuse SERVICE (unless allow-listed) and FROM / FROM NAMED.

    Returns the query form (SelectQuery, ConstructQuery, AskQuery, DescribeQuery).
    """
    return inspect_query(text, allowed_services=allowed_services).form


def check_update(text: str, *, allowed_sources: Collection[str] = ()) -> None:
    """Parse a SPARQL update and refuse LOAD (unless its source is allow-listed) and SERVICE (unless allow-listed)."""
    try:
        parsed = parseUpdate(text)
    except ParseException as err:
        raise QueryRefused(f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}",
                           line=err.lineno, column=err.col) from None
    for op in parsed.get("request", []):
        if getattr(op, "name", "") == "Load" and str(op["iri"]) not in allowed_sources:
            raise QueryRefused(f"LOAD <{op['iri']}> is not allowed: it would fetch data from a URL "
                               "that is not on the allow-list")
        for service in _find(op, "ServiceGraphPattern"):
            if str(service["term"]) not in allowed_sources:
                raise QueryRefused(f"SERVICE <{service['term']}> is not on the federation allow-list")


def _iri(term, prologue) -> str:
    """An IRI from the parse tree: a full IRI as is, a prefixed name resolved through the query's PREFIXes."""
    if isinstance(term, CompValue) and term.name == "pname":
        for decl in prologue or []:
            if decl.name == "PrefixDecl" and _str(decl, "prefix") == _str(term, "prefix"):
                return str(decl["iri"]) + _str(term, "localname")
        return f"{_str(term, 'prefix')}:{_str(term, 'localname')}"
    return str(term)


def _str(node: CompValue, key: str) -> str:
    return str(node[key]) if key in node and node[key] is not None else ""


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
