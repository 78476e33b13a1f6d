"""The largest input the loader and the upload path accept, and the checks that enforce it early.

Every value ends up as one term of an N-Quads line that Oxigraph parses again when the batch is
written, and Oxigraph refuses any single token over 16 MiB. A safety case never needs a megabyte in
one value, so values are capped well below that: at the cap, even a string of characters that
N-Quads writes as ``\\uXXXX`` escapes stays under Oxigraph's limit. Nesting is capped because the
readers (this package's YAML-LD reader, Python's JSON module, rdflib's Turtle and JSON-LD parsers)
recurse once per level, and Oxigraph's RDF/XML parser slows down with the square of the depth;
real case files nest less than ten levels. The node cap bounds the memory one YAML file can take
while it is composed (a few hundred bytes per node: about 200 MB at the cap). Refusing over-large input is an ordinary input error: the file's
position and what is wrong, exit 2, the store unchanged.

The checks here need no RDF parser of their own, so the loader and the HTTP upload path share them;
each raises ``LimitExceeded`` (or ``InputProblem`` for a duplicate JSON key) with a 1-based line and
column, which the caller turns into its own error.
"""

from __future__ import annotations

import json
import re
import xml.parsers.expat
from collections.abc import Hashable, Iterable
from typing import TypeVar

from ..core.errors import InputProblem

S = TypeVar("S", bound=str)  # a text, or a term (rdflib terms are texts), returned as it came

MAX_FILE_BYTES = 64 << 20      # one input file (case file, register, Turtle, N-Quads, ...)
MAX_VALUE_CHARS = 1 << 20      # one literal, IRI, key or blank-node label: 1,048,576 characters
MAX_DEPTH = 64                 # nesting: YAML/JSON collections, Turtle [ ] and ( ), XML elements
MAX_YAML_NODES = 500_000       # scalars, mappings and sequences in one YAML (or JSON) case file


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index; CR, LF and CR LF each end a line, as in YAML."""
    head = text[:index]
    breaks = head.count("\n") + head.count("\r") - head.count("\r\n")
    line_start = max(head.rfind("\n"), head.rfind("\r")) + 1
    return breaks + 1, index - line_start + 1


class LimitExceeded(InputProblem):
    http_status = 413

    """Input beyond one of the limits (the HTTP answer is 413, not 400)."""


def value_too_long(length: int, what: str = "value") -> str:
    article = "an" if what[:1] in "aeiouAEIOU" else "a"
    return (f"{article} {what} of {length:,} characters is longer than the limit of {MAX_VALUE_CHARS:,} "
            "characters per value")


def too_deep(what: str) -> str:
    return f"{what} nested more than {MAX_DEPTH} levels deep; the limit is {MAX_DEPTH}"


# --- JSON (JSON-LD files and uploads): sizes, depth and duplicate keys before the JSON parser ----

_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:]')


def check_json(text: str) -> None:
    """Refuse over-long strings, nesting beyond ``MAX_DEPTH`` and duplicate keys, with their position.

    Python's JSON parser would keep the last of two equal keys without a word and recurse into
    any depth; this scan sees the raw text, so it can say where. Syntax errors are left to the
    parser, which reports them with their own position.
    """
    stack: list[set[str] | None] = []  # per open container: the keys seen (objects) or None (arrays)
    last: re.Match[str] | None = None
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            if len(token) - 2 > MAX_VALUE_CHARS:
                raise LimitExceeded(*position(text, match.start()), value_too_long(len(token) - 2, "string"))
            last = match
        elif token in "{[":
            stack.append(set() if token == "{" else None)
            if len(stack) > MAX_DEPTH:
                raise LimitExceeded(*position(text, match.start()), too_deep("JSON objects and arrays"))
        elif token in "}]":
            if stack:
                stack.pop()
        elif stack and stack[-1] is not None and last is not None:  # ':' after a key
            _check_key(text, last, stack[-1])


def _check_key(text: str, match: re.Match[str], seen: set[str]) -> None:
    try:
        key = json.loads(match.group())
    except ValueError:
        return  # a bad escape: the parser reports it
    if key in seen:
        raise InputProblem(*position(text, match.start()),
                       f"duplicate key {match.group()} in one JSON object (JSON parsers keep only the last one)")
    seen.add(key)


# --- XML (RDF/XML files and uploads): element depth -------------------------------------------------

def check_xml_depth(data: bytes) -> None:
    """Refuse elements nested beyond ``MAX_DEPTH``; malformed XML is left to the RDF/XML parser."""
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def start(_name, _attrs) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise LimitExceeded(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, too_deep("XML elements"))

    def end(_name) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError:
        return


# --- Turtle and TriG: [ ] and ( ) nesting ------------------------------------------------------------

_TURTLE_TOKEN = re.compile(
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""' r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"' r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[\[\]()]",
    re.DOTALL,
)


def check_turtle_depth(text: str) -> None:
    """Refuse blank nodes and lists nested beyond ``MAX_DEPTH`` (rdflib's parser recurses per level).

    Only the quick brackets count: strings, IRIs and comments are skipped whole."""
    if "[" not in text and "(" not in text:
        return
    depth = 0
    for match in _TURTLE_TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "("):
            depth += 1
            if depth > MAX_DEPTH:
                raise LimitExceeded(*position(text, match.start()), too_deep("blank nodes and lists"))
        elif token in ("]", ")"):
            depth -= 1


# --- blank nodes after parsing ------------------------------------------------------------------------

def deep_blank_node(pairs: Iterable[tuple[Hashable, Hashable]]) -> tuple[Hashable, dict] | None:
    """A blank node nested more than ``MAX_DEPTH`` deep, and the parent of each node on its deepest path.

    ``pairs`` are the (subject, object) pairs of a graph's triples in which both are blank nodes:
    nesting written with labels (``_:b1 p _:b2 . _:b2 p _:b3``) counts as much as nesting written
    out, and so does each cell of a list, as the case-file writer nests them. Blank nodes in a
    cycle count as deep when there are more of them than the limit. None when nothing is too deep.
    """
    edges: dict[Hashable, list[Hashable]] = {}
    incoming: dict[Hashable, int] = {}
    for subject, obj in pairs:
        edges.setdefault(subject, []).append(obj)
        incoming[obj] = incoming.get(obj, 0) + 1
    depth = {node: 1 for node in edges if node not in incoming}
    parent: dict[Hashable, Hashable] = {}
    todo, done = list(depth), 0
    while todo:  # longest paths, in topological order (Kahn)
        node = todo.pop()
        done += 1
        for child in edges.get(node, ()):
            if depth[node] + 1 > depth.get(child, 0):
                depth[child], parent[child] = depth[node] + 1, node
                if depth[child] > MAX_DEPTH:
                    return child, parent
            incoming[child] -= 1
            if not incoming[child]:
                todo.append(child)
    left = [node for node in incoming if incoming[node] > 0]
    return (left[0], parent) if len(left) > MAX_DEPTH else None


# --- terms after parsing ---------------------------------------------------------------------------

def first_long_value(values: Iterable[S]) -> S | None:
    """The first value longer than ``MAX_VALUE_CHARS``, if any."""
    for value in values:
        if len(value) > MAX_VALUE_CHARS:
            return value
    return None


def locate_value(text: str, value: str) -> tuple[int, int]:
    """Where a parsed value most likely stands in the source (its start, else a piece of its middle).

    Parsers hand back terms without positions; a long value is found again by its text, which holds
    unless escapes or prefixes rewrote that part of it. Line 1, column 1 when it cannot be found."""
    for piece in (value[:64], value[len(value) // 2:len(value) // 2 + 64]):
        index = text.find(piece) if piece else -1
        if index >= 0:
            return position(text, index)
    return 1, 1
