"""Serialising query results in the formats analysts and SPARQL clients ask for.

One place for this, so the CLI, the HTTP endpoint and the reports all produce the same bytes.
SELECT and ASK answers in the SPARQL formats (JSON, XML, CSV, TSV) are written by Oxigraph from
``Solutions``: its terms as read from the store, with no rdflib term made on the way (turning a
10,000-row answer into rdflib terms took four times as long as the query). A result that comes
as rdflib terms (a remote endpoint's) is turned into ``Solutions`` first, so both give the same bytes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result, ResultRow
from rdflib.term import Node

from .namespaces import PREFIXES
from .terms import OxTerm, to_ox

GRAPH_FORMATS = {"turtle": "text/turtle", "json-ld": "application/ld+json", "nt": "application/n-triples",
                 "xml": "application/rdf+xml"}


SOLUTION_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}

@dataclass(frozen=True)
class Solutions:
    """A SELECT answer (variables and rows of Oxigraph terms, None where unbound) or an ASK answer."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[OxTerm | ox.Triple | None, ...], ...] = ()
    boolean: bool | None = None

    @classmethod
    def read(cls, raw: ox.QuerySolutions | ox.QueryBoolean, limit: int | None = None) -> Solutions:
        """Read an Oxigraph answer, at most ``limit`` rows of it."""
        if isinstance(raw, ox.QueryBoolean):
            return cls(boolean=bool(raw))
        variables = tuple(v.value for v in raw.variables)
        return cls(variables, tuple(tuple(row) for row in itertools.islice(raw, limit)))

    @classmethod
    def of(cls, result: Result) -> Solutions:
        """An rdflib SELECT or ASK result, as Oxigraph terms."""
        if result.type == "ASK":
            return cls(boolean=bool(result.askAnswer))
        variables = result_vars(result)
        return cls(tuple(str(v) for v in variables),
                   tuple(tuple(None if row.get(v) is None else to_ox(row[v]) for v in variables)
                         for row in result.bindings))

    def first(self, n: int) -> Solutions:
        return Solutions(self.variables, self.rows[:n], self.boolean)

    def write(self, fmt: str) -> bytes:
        """The answer in a SPARQL results format (json, xml, csv, tsv), written by Oxigraph."""
        if fmt not in SOLUTION_FORMATS:
            raise ValueError(f"unknown result format {fmt!r}")
        if self.boolean is not None:
            if fmt == "csv":
                raise ValueError("an ASK answer has no CSV form; use json, xml or tsv")
            parsed = ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if self.boolean else b"false"),
                                            ox.QueryResultsFormat.JSON)
        else:  # Oxigraph builds an answer only by reading one: TSV holds each term exactly (N-Triples
            # syntax, in which Oxigraph escapes tabs and line breaks)
            tsv = "\t".join(f"?{v}" for v in self.variables) + "\n" + "".join(
                "\t".join("" if term is None else str(term) for term in row) + "\n"
                for row in self.rows)
            parsed = ox.parse_query_results(tsv.encode("utf-8"), ox.QueryResultsFormat.TSV)
        return parsed.serialize(format=SOLUTION_FORMATS[fmt]) or b""


def serialize(result: Result, fmt: str) -> str:
    """Render a SELECT/ASK/CONSTRUCT result as text in ``fmt`` (table, json, csv, tsv, xml, turtle)."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph_fmt = {"table": "turtle", "json": "json-ld"}.get(fmt, fmt)
        if graph_fmt not in GRAPH_FORMATS:
            raise ValueError(f"a graph result cannot be written as {fmt}; use turtle, json-ld, nt or xml")
        graph = result_graph(result)
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        return graph.serialize(format=graph_fmt)
    if fmt == "table":
        return to_table(result)
    return Solutions.of(result).write(fmt).decode("utf-8")


def result_rows(result: Result) -> Iterator[ResultRow]:
    """The rows of a SELECT result.

    rdflib types iterating a Result as triples, booleans or rows, whichever kind of query it answers;
    the caller of a SELECT knows which, and says so here once rather than at every index. The rows are
    rdflib's, made as rdflib makes them (a row with nothing bound is left out), except that they share one
    table of column labels: rdflib builds that table again for every row, an eighth of the time of a
    matrix that reads 200,000 rows."""
    if result.type != "SELECT":
        return cast(Iterator[ResultRow], iter(result))
    return _select_rows(result.vars or [], result.bindings)


def _select_rows(variables: list[Variable], bindings: Iterable[Mapping[Variable, Any]]) -> Iterator[ResultRow]:
    return rows_of([str(v) for v in variables], ([binding.get(v) for v in variables] for binding in bindings if binding))


def rows_of(variables: list[str], values: Iterable[Iterable[Any]]) -> Iterator[ResultRow]:
    """Rows as ``result_rows`` makes them, from each row's values in the order of ``variables`` (rows read
    in another process arrive as plain tuples)."""
    labels = {v: i for i, v in enumerate(variables)}
    for vals in values:
        row = tuple.__new__(ResultRow, vals)
        row.labels = labels
        yield row


def result_vars(result: Result) -> list[Variable]:
    """The variables of a SELECT result (rdflib leaves them None for the other kinds)."""
    return result.vars or []


def result_graph(result: Result) -> Graph:
    """The graph of a CONSTRUCT or DESCRIBE result (rdflib leaves it None for the other kinds)."""
    if result.graph is None:
        raise ValueError(f"a {result.type} result holds no graph")
    return result.graph


def compact(node: Node | None) -> str:
    """An IRI as a CURIE where a project prefix fits, a literal as its text."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
        return text
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def short_name(node: Node | None) -> str:
    """How messages name an element: the part of a case-data IRI after ``/id/`` (``cbrn-rsp-deployment-v1/E1``),
    a CURIE for other IRIs, a literal's text, and nothing for a blank node, whose label means nothing to a reader."""
    if node is None or isinstance(node, BNode):
        return ""
    if isinstance(node, URIRef) and str(node).startswith(PREFIXES["id"]):
        return str(node)[len(PREFIXES["id"]):]
    return compact(node)


def to_table(result: Result) -> str:
    if result.type == "ASK":
        return "true" if result.askAnswer else "false"
    names = [str(v) for v in result_vars(result)]
    body = [[compact(row.get(v)) for v in result_vars(result)] for row in result.bindings]
    widths = [max([len(n)] + [min(len(r[i]), 80) for r in body]) for i, n in enumerate(names)]
    def line(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= 80 else c[:77] + "...").ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in body]
    out.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(out)


GATHERED = "\x1f"  # the separator queries give GROUP_CONCAT where a field may hold several values


def gathered(node: Node | None) -> str:
    """Every value a query gathered with ``GATHERED``, sorted and joined by spaces: GROUP_CONCAT's order is
    the store's, so two stores holding the same facts would otherwise print different text."""
    return " ".join(sorted(v for v in ("" if node is None else str(node)).split(GATHERED) if v))


def plain(node: Node | None) -> str | bool | int | float | None:
    """A term as a JSON value: IRIs as CURIEs, numbers as numbers, other literals as their text."""
    if node is None or isinstance(node, (URIRef, BNode)):
        return compact(node) if node is not None else None
    value = node.toPython() if isinstance(node, Literal) else node
    return value if isinstance(value, (bool, int, float)) else str(node)


def truth(node: Node | None) -> bool:
    """A boolean a query computed: true for a literal whose value is true, false for anything else or unbound."""
    return isinstance(node, Literal) and bool(node.toPython())


def to_records(result: Result) -> list[dict[str, str | bool | int | float | None]]:
    """SELECT rows as a list of plain dicts, for JSON output that reads like the case files."""
    return [{str(v): plain(row.get(v)) for v in result_vars(result)} for row in result.bindings]
