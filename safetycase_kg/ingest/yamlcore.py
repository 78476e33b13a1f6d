"""YAML as case files use it: one document, the YAML 1.2 core schema, and nothing that changes meaning unseen.

The case-file reader works on the composed node tree, not on Python objects, so that each value's
type is decided from its tag together with the context term it belongs to. PyYAML composes with
YAML 1.1 rules and accepts every YAML construct, some of which the reader could only drop or
misread without a word: a ``!!python/...`` or ``!!binary`` tag on a value, ``!!set`` or ``!!omap``
on a collection, anchors and aliases (a copy of a node, blank nodes and all), merge keys (``<<``),
keys that are not text, a ``%YAML 1.1`` directive (it asks for 1.1's ``yes``/``no`` booleans and
dates), a second document, and the characters that YAML 1.1 takes for line breaks but YAML 1.2 for
text (NEL, U+2028, U+2029). So this module composes the tree itself from the parser's events,
refusing each of those with its position, and enforces the size limits of ``limits`` on the way,
before a deep or huge document costs memory or recursion.

What is allowed: the core schema's tags on the node kinds they fit (``!!str``, ``!!int``,
``!!float``, ``!!bool``, ``!!null`` on scalars, ``!!map`` and ``!!seq`` on collections, written
with ``!!``, ``!<tag:yaml.org,2002:...>`` or a ``%TAG`` handle that expands to them), the
non-specific tag ``!``, and a ``%YAML 1.2`` directive. Comments, block and flow styles, quoting
and escapes are YAML as usual. JSON is YAML, so JSON case files take the same path.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.errors import InputProblem
from .limits import MAX_DEPTH, MAX_VALUE_CHARS, MAX_YAML_NODES, position, too_deep, value_too_long

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
_CORE = "tag:yaml.org,2002:"

INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
FLOAT_RE = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
CORE_RESOLVERS = [
    (NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    (BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    (INT, re.compile(rf"^(?:{INT_RE.pattern})$"), list("-+0123456789")),
    (FLOAT, re.compile(rf"^(?:{FLOAT_RE.pattern})$"), list("-+.0123456789")),
]

_LoaderBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL_WORDS = frozenset({"~", "null", "Null", "NULL", ""})
_BOOL_WORDS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})
_NUMBER_FIRST = frozenset("-+.0123456789")


class CoreLoader(_LoaderBase):
    """Parser whose only implicit types are the YAML 1.2 core ones (JSON-like),
    so ``no``, ``on``, ``1:20`` or a date stay text unless a term says otherwise."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # same result as the generic resolver with CORE_RESOLVERS, without its
        # per-call dictionary work (it runs once per YAML node)
        if kind is ScalarNode:
            if implicit[0]:
                if value in _NULL_WORDS:
                    return NULL
                if value in _BOOL_WORDS:
                    return BOOL
                if value[0] in _NUMBER_FIRST:
                    if INT_RE.fullmatch(value):
                        return INT
                    if FLOAT_RE.fullmatch(value):
                        return FLOAT
            return STR
        return SEQ if kind is SequenceNode else MAP


_ALLOWED_TAGS = {
    ScalarEvent: frozenset({STR, INT, FLOAT, BOOL, NULL, "!"}),
    MappingStartEvent: frozenset({MAP, "!"}),
    SequenceStartEvent: frozenset({SEQ, "!"}),
}
_KIND_WORDS = {ScalarEvent: "a scalar", MappingStartEvent: "a mapping", SequenceStartEvent: "a sequence"}

# Characters YAML does not allow raw (C0/C1 controls, DEL, surrogates, U+FFFE/U+FFFF), those that
# YAML 1.1 and 1.2 read differently (NEL, LS, PS), and a byte order mark (allowed only at the start).
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_LINE_BREAKS_1_1 = {"\x85": "NEL (U+0085)", "\u2028": "LINE SEPARATOR (U+2028)", "\u2029": "PARAGRAPH SEPARATOR (U+2029)"}
_ESCAPES = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def compose(text: str) -> Node | None:
    """The node tree of a one-document YAML text (None when it holds no document).

    Raises ``InputProblem`` for a syntax error, a refused construct or a limit, with its position.
    """
    _check_characters(text)
    loader = CoreLoader(text)
    try:
        return _compose_events(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise InputProblem(line, column, f"invalid YAML: {message}") from None
    except yaml.YAMLError as exc:
        raise InputProblem(1, 1, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _check_characters(text: str) -> None:
    match = _BAD_CHARACTER.search(text, 1 if text.startswith("\ufeff") else 0)
    if match is None:
        return
    char = match.group()
    where = position(text, match.start())
    if char in _LINE_BREAKS_1_1:
        raise InputProblem(*where, f"the character {_LINE_BREAKS_1_1[char]} is a line break in YAML 1.1 but text in "
                                   f"YAML 1.2; write it as the escape {_ESCAPES[char]} inside double quotes")
    if char == "\ufeff":
        raise InputProblem(*where, "a byte order mark (U+FEFF) inside the document; YAML allows one only at the start")
    raise InputProblem(*where, f"the control character U+{ord(char):04X} is not allowed in YAML; "
                               "write it as an escape (\\x.. or \\u....) inside double quotes")


def _compose_events(loader: Any) -> Node | None:
    """PyYAML's composer, from the same events, with the checks of this module on each event."""
    get_event, resolve = loader.get_event, loader.resolve
    stack: list[list[Any]] = []  # open collections: [node, key waiting for its value]
    root: Node | None = None
    nodes = documents = 0
    while True:
        event = get_event()
        if event is None:
            return root
        kind = type(event)
        if kind is ScalarEvent:
            tag, value = event.tag, event.value
            if tag is not None or event.anchor is not None:
                _check_tag_and_anchor(event, kind)
            if len(value) > MAX_VALUE_CHARS:
                _refuse(event, value_too_long(len(value)))
            if tag is None:
                tag = resolve(ScalarNode, value, event.implicit)
            elif tag == "!":  # the non-specific tag: text, whatever it looks like (PyYAML resolves it as plain)
                tag = STR
            node: Node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
            nodes += 1
            if nodes > MAX_YAML_NODES:
                _refuse(event, _TOO_MANY_NODES)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            tag = event.tag
            if tag is not None or event.anchor is not None:
                _check_tag_and_anchor(event, kind)
            node_class = MappingNode if kind is MappingStartEvent else SequenceNode
            if tag is None or tag == "!":
                tag = resolve(node_class, None, event.implicit)
            stack.append([node_class(tag, [], event.start_mark, None, event.flow_style), None])
            nodes += 1
            if len(stack) > MAX_DEPTH:
                _refuse(event, too_deep("mappings and lists"))
            if nodes > MAX_YAML_NODES:
                _refuse(event, _TOO_MANY_NODES)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            node = stack.pop()[0]
            node.end_mark = event.end_mark
        elif kind is DocumentStartEvent:
            documents += 1
            _check_document(event, documents)
            continue
        elif kind is AliasEvent:
            _refuse(event, f"YAML aliases (*{event.anchor}) are not supported: write the node out, "
                           "or refer to it by its id")
        else:  # stream start and end, document end
            continue
        if not stack:
            root = node
            continue
        top = stack[-1]
        if type(top[0]) is SequenceNode:
            top[0].value.append(node)
        elif top[1] is None:
            _check_key(node)
            top[1] = node
        else:
            top[0].value.append((top[1], node))
            top[1] = None


_TOO_MANY_NODES = f"more than {MAX_YAML_NODES:,} YAML nodes in one file; split it into several files"


def _check_tag_and_anchor(event: Any, kind: type) -> None:
    if event.anchor is not None:
        _refuse(event, f"YAML anchors (&{event.anchor}) are not supported: write each node out, "
                       "or refer to it by its id")
    if event.tag not in _ALLOWED_TAGS[kind]:
        written = "!!" + event.tag[len(_CORE):] if event.tag.startswith(_CORE) else event.tag
        _refuse(event, f"the YAML tag '{written}' is not allowed on {_KIND_WORDS[kind]}: case files use only "
                       "the YAML core schema (!!str, !!int, !!float, !!bool, !!null on values, !!map and !!seq)")


def _check_document(event: DocumentStartEvent, count: int) -> None:
    if count > 1:
        _refuse(event, "a second YAML document ('---') in the file: a case file holds exactly one")
    if event.version is not None and event.version != (1, 2):
        version = ".".join(map(str, event.version))
        _refuse(event, f"the directive %YAML {version} asks for YAML {version} rules, but case files are read "
                       "with YAML 1.2 ones (yes/no and dates are text); remove it or write %YAML 1.2")


def _check_key(node: Node) -> None:
    if not isinstance(node, ScalarNode):
        _refuse(node, "a mapping or list used as a key: keys must be plain text")
    if node.value == "<<" and not node.style:
        _refuse(node, "YAML merge keys ('<<') are not supported: write the keys out")


def _refuse(event_or_node: Any, message: str) -> NoReturn:
    mark = event_or_node.start_mark
    raise InputProblem(mark.line + 1, mark.column + 1, message)
