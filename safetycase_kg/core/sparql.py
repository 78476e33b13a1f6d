"""SPARQL text helpers: safe parameter substitution and the named-query library in ``queries/``.

Parameters follow the grlc convention: a variable named ``?_name`` in a query is a parameter. Its value
is substituted as a serialised RDF term (escaped by construction), never pasted as raw text, and only
where the query has a variable token (not inside strings, IRIs or comments).

Each ``.rq`` file opens with a comment header::

    # title: Cases by decision boundary
    # description: Every case with its decision, status and model build.
    # param: decision | iri | https://w3id.org/safetycase-kg/vocab/decision-kind/api-launch | The decision kind.

A parameter line is ``name | type | default | description``; type is one of iri, string, date,
integer, decimal, boolean. A default of ``(required)`` makes the parameter required; an empty
default makes it optional: when it is not given the variable ``?_name`` stays unbound, so a query
filters with ``COALESCE(?_name, ?x) = ?x`` to mean "this value, or any when not given". A date
parameter whose default is ``today`` gets the date of the run, so date-dependent queries (stale
evidence, expired cases, the lint checks) judge "now" unless told otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from .errors import SafetyCaseKGError
from .namespaces import PREFIXES, QUERIES_DIR

REQUIRED = "(required)"
TODAY = "today"  # a date parameter's default meaning the date of the run

PARAM_TYPES = {
    "iri": None,
    "string": XSD.string,
    "date": XSD.date,
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "boolean": XSD.boolean,
}

_TOKEN = re.compile(
    r'''(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*)'''
    r'''|(?P<var>[?$][A-Za-z_0-9\u00B7\u00C0-\uFFFF]+)''',
)


class QueryError(SafetyCaseKGError):
    """A named query or its parameters are wrong; the message says how."""


def substitute(query: str, values: Mapping[str, Node]) -> str:
    """Replace each variable ``?name`` / ``$name`` listed in ``values`` by its serialised term."""
    if not values:
        return query
    rendered = {name: _render(term) for name, term in values.items()}

    def repl(m: re.Match[str]) -> str:
        var = m.group("var")
        if var and var[1:] in rendered:
            return rendered[var[1:]]
        return str(m.group(0))

    return _TOKEN.sub(repl, query)


def _render(term: Node) -> str:
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype:
            return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
        return str(ox.Literal(str(term)))
    raise QueryError(f"cannot use {term!r} as a query parameter")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None
    description: str

    def to_term(self, text: str) -> Node:
        """Turn a user's text into a checked RDF term for this parameter."""
        if self.type == "iri":
            iri = expand_curie(text)
            try:
                ox.NamedNode(iri)
            except ValueError as err:
                raise QueryError(f"parameter {self.name}: {text!r} is not an IRI ({err})") from None
            return URIRef(iri)
        if self.type == "date" and text == TODAY:
            text = date.today().isoformat()
        datatype = PARAM_TYPES.get(self.type)
        if self.type not in PARAM_TYPES:
            raise QueryError(f"parameter {self.name}: unknown type {self.type!r}")
        lit = Literal(text, datatype=datatype if self.type != "string" else None)
        if self.type != "string" and lit.ill_typed:
            raise QueryError(f"parameter {self.name}: {text!r} is not a valid {self.type}")
        return lit

    @property
    def required(self) -> bool:
        return self.default == REQUIRED

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "default": None if self.required else self.default,
                "required": self.required, "description": self.description}


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path | None = field(default=None, compare=False)

    def bind(self, given: Mapping[str, str]) -> str:
        """The query text with every parameter substituted from ``given`` or its default."""
        known = {p.name for p in self.parameters}
        unknown = sorted(set(given) - known)
        if unknown:
            raise QueryError(f"query {self.name} has no parameter {', '.join(unknown)}"
                             f" (parameters: {', '.join(sorted(known)) or 'none'})")
        values: dict[str, Node] = {}
        for p in self.parameters:
            text = given.get(p.name, None if p.required else p.default)
            if text is None and p.required:
                raise QueryError(f"query {self.name} needs --param {p.name}=... ({p.description})")
            if text is not None and text != "":
                values["_" + p.name] = p.to_term(text)
        return substitute(self.text, values)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [p.as_dict() for p in self.parameters]}


def expand_curie(text: str) -> str:
    """``sc:Claim`` -> full IRI for the project's prefixes; anything else is returned unchanged."""
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return text


def header_fields(text: str) -> dict[str, str]:
    """The ``# key: value`` lines at the top of a query file, lower-case keys, repeated keys joined
    (``param`` lines excepted: they are parsed by ``parse_named_query``)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").strip().partition(":")
        if sep and key.strip().lower() != "param":
            key = key.strip().lower()
            fields[key] = (fields.get(key, "") + " " + value.strip()).strip()
    return fields


def parse_named_query(path: Path) -> NamedQuery:
    """A query file with its header; parsed once per version of the file (pages and reports ask often)."""
    try:
        stat = path.stat()
    except OSError as err:
        raise QueryError(f"{path}: cannot read the query ({err.strerror})") from None
    return _parse_named_query(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1024)
def _parse_named_query(path: Path, mtime_ns: int, size: int) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params: list[Parameter] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").strip().partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "param":
            parts = [p.strip() for p in value.split("|")]
            if len(parts) != 4:
                raise QueryError(f"{path}:{lineno}: a param line is 'name | type | default | description'")
            name, ptype, default, desc = parts
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{path}:{lineno}: unknown parameter type {ptype!r}")
            params.append(Parameter(name, ptype, default or None, desc))
        elif key in ("title", "description"):
            header[key] = (header.get(key, "") + " " + value).strip()
    if "title" not in header:
        raise QueryError(f"{path}:1: the query header needs a '# title:' line")
    return NamedQuery(path.stem, header["title"], header.get("description", ""), tuple(params), text, path)


def load_library(folder: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query in ``folder``, by name (the file stem)."""
    return {q.name: q for q in map(parse_named_query, sorted(folder.glob("*.rq")))}
