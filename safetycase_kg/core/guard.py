"""Reading SPARQL from outside before any engine does: what it would reach, and whether it is safe to parse.

Oxigraph fetches remote data for ``SERVICE`` and ``LOAD`` with no switch to turn it off, and its
parser and optimiser recurse: a query nested a few thousand levels deep, or a chain of a few
thousand operators, overflows the stack and kills the process. So every query and update from
outside is scanned here first and refused before it runs when it names a non-allow-listed
endpoint, names graphs the store does not hold, or is larger or deeper than the limits below.

Why a scanner of our own and not a full parser: rdflib's SPARQL parser (pyparsing) is not
thread-safe (concurrent first use corrupts its grammar for good), takes about 50 ms for an ordinary
query and fails with ``RecursionError`` at some 25 levels of nesting. Syntax is Oxigraph's to
judge; the guard only needs to see the tokens exactly as Oxigraph will. SPARQL's tokens are
context-free except one: ``<`` starts an IRI, except where an expression expects an operator
(``?a<?b``), and what looks like an IRI there may hide a string quote, a ``#`` or brackets that
change how everything after it is read. The scanner keeps the one piece of context that decides
it: whether the innermost bracket is an expression (``FILTER(``, ``BIND(``, a function's arguments,
the SELECT clause's ``(expr AS ?v)``, ORDER/GROUP BY and HAVING conditions) and whether the token
before ``<`` ends an operand. Everything else (strings with escapes, comments, prefixed names with
escaped ``#`` or quotes, ``\\u`` escapes inside IRIs) is read as the SPARQL 1.1 grammar reads it.

The scanner keeps no state between calls and builds nothing lazily, so any number of threads may
use it at once; it runs in linear time in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Container, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from .errors import SafetyCaseKGError
from .namespaces import PREFIXES

# Oxigraph 0.5 overflows its stack (and the process dies) above about 1,500 nested brackets, 3,000
# items of a collection, or 6,500 chained operators or UNIONs in a query pattern (measured in a
# server thread); data blocks and templates (INSERT DATA, INSERT {..}, CONSTRUCT {..}, VALUES) are
# read flat and take any size. These limits leave a wide margin and are far above anything a person
# writes (the largest named query has 9 levels and about 300 tokens in its largest group).
MAX_NESTING = 128
MAX_GROUP_TOKENS = 2_000  # tokens directly inside one bracket of a pattern or expression

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


class QueryRefused(SafetyCaseKGError):
    """The query or update is malformed, too large, or uses a feature that is not allowed here."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column

    def details(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column}


@dataclass(frozen=True)
class CheckedQuery:
    """What the server needs to know about a query before running it."""

    form: str  # SELECT, CONSTRUCT, DESCRIBE or ASK
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    services: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)


@dataclass(frozen=True)
class CheckedUpdate:
    """What an update names: endpoints it calls, sources it loads, and the graphs it mentions.

    ``any_graph`` is true when the update can touch graphs it does not name (``GRAPH ?g``,
    ``DROP ALL``, ``CLEAR NAMED`` and the like), so the graphs it changes are known only by running it.
    """

    services: tuple[str, ...] = ()
    loads: tuple[str, ...] = ()
    graphs: tuple[str, ...] = ()
    any_graph: bool = False


# --- tokens ------------------------------------------------------------------------------------------

_PN_CHARS_BASE = "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D" \
                 "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})"
             f"(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?")
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

IRIREF = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|' + _UCHAR + r")*>")
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<comment>#[^\n\r]*)"
    r"|(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*")'
    r"|(?P<var>[?$][" + _PN_CHARS_U + "0-9][" + _PN_CHARS_U + "0-9\u00B7\u0300-\u036F\u203F-\u2040]*)"
    r"|(?P<bnode>_:[" + _PN_CHARS_U + "0-9](?:[" + _PN_CHARS + ".]*[" + _PN_CHARS + "])?)"
    r"|(?P<pname>(?:" + _PN_PREFIX + ")?:(?:" + _PN_LOCAL + ")?)"
    r"|(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<number>(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>\^\^|&&|\|\||!=|<=|>=|<<|>>|[{}()\[\].,;*/|^!=<>+\-?~])"
    r"|(?P<other>[\s\S])"
)

_OPERAND_END = {"var", "iri", "pname", "string", "number", "langtag"}
_LITERAL_WORDS = {"TRUE", "FALSE"}
_PATTERN_PAREN_WORDS = {"A", "VALUES"} | _LITERAL_WORDS  # words a collection or a VALUES list may follow
_CLAUSE_WORDS = {"SELECT": "SELECT", "GROUP": "MODIFIER", "ORDER": "MODIFIER", "HAVING": "MODIFIER",
                 "WHERE": "", "FROM": "", "LIMIT": "", "OFFSET": "", "VALUES": ""}
_TEMPLATE_WORDS = {"DATA", "INSERT", "DELETE", "CONSTRUCT"}
_CLOSERS = {")": "(", "}": "{", "]": "["}


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, bnode, pname, langtag, number, word, punct
    text: str
    start: int


@dataclass
class _Frame:
    opener: str  # "" for the top level, else ( { [
    expression: bool = False
    data: bool = False  # a data block or template: read flat by Oxigraph, so not size-limited
    clause: str = ""  # SELECT while in a SELECT clause, MODIFIER in ORDER BY / GROUP BY / HAVING
    values: bool = False  # after VALUES, until its data block opens
    size: int = 0


@dataclass
class _Scan:
    """The scanner's state: the bracket stack and the last two significant tokens."""

    text: str
    stack: list[_Frame] = field(default_factory=lambda: [_Frame("")])
    prev: Token | None = None
    prev2: Token | None = None

    def refuse(self, message: str, at: int) -> QueryRefused:
        return refusal(self.text, message, at)


def refusal(text: str, message: str, at: int) -> QueryRefused:
    """A refusal located at a character offset of ``text``."""
    line, column = position(text, at)
    return QueryRefused(f"{message} (line {line}, column {column})", line=line, column=column)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a SPARQL query or update, as Oxigraph's parser will see them.

    Raises QueryRefused for text no SPARQL parser accepts at the token level (an unterminated
    string, a stray quote, unbalanced brackets), for nesting deeper than MAX_NESTING and for more
    than MAX_GROUP_TOKENS tokens directly inside one bracket of a pattern or expression.
    """
    scan = _Scan(text)
    pos, end = 0, len(text)
    while pos < end:
        token, pos = _next(scan, pos)
        if token is None:
            continue
        _track(scan, token)
        yield token
    if len(scan.stack) > 1:
        raise scan.refuse(f"SPARQL syntax error: '{scan.stack[-1].opener}' is never closed", end)


def _next(scan: _Scan, pos: int) -> tuple[Token | None, int]:
    text = scan.text
    if text[pos] == "<" and not _operator_expected(scan):
        m = IRIREF.match(text, pos)
        if m:
            return Token("iri", m.group(), pos), m.end()
    m = _TOKEN.match(text, pos)
    assert m is not None  # the last alternative matches any character
    kind = m.lastgroup or "other"
    if kind in ("space", "comment"):
        return None, m.end()
    if kind == "other":
        if m.group() in "'\"":
            raise scan.refuse("SPARQL syntax error: unterminated string", pos)
        raise scan.refuse(f"SPARQL syntax error: unexpected character {m.group()!r}", pos)
    if kind == "word" and m.end() < len(text) and text[m.end()] == ":":
        kind = "pname"  # a prefix that the pname pattern did not take whole (e.g. a bare "ex:")
    return Token(kind, m.group(), pos), m.end()


def _operator_expected(scan: _Scan) -> bool:
    """True where ``<`` is the less-than operator: inside an expression, right after an operand."""
    prev = scan.prev
    if not scan.stack[-1].expression or prev is None:
        return False
    return prev.kind in _OPERAND_END or prev.text == ")" or (prev.kind == "word" and prev.text.upper() in _LITERAL_WORDS)


def _track(scan: _Scan, token: Token) -> None:
    frame, text = scan.stack[-1], token.text
    upper = text.upper() if token.kind == "word" else ""
    frame.size += 1
    if frame.size > MAX_GROUP_TOKENS and not frame.data:
        raise scan.refuse(f"the query is too large: more than {MAX_GROUP_TOKENS} tokens in one group or "
                          "expression (the query engine cannot take chains that long); split it", token.start)
    if text in ("(", "{", "["):
        expression = text == "(" and _paren_is_expression(scan, frame)
        data = frame.data or (text == "{" and _opens_data(scan, frame))
        if text == "{":
            frame.clause, frame.values = ("" if frame.clause == "SELECT" else frame.clause), False
        scan.stack.append(_Frame(text, expression=expression, data=data))
        if len(scan.stack) > MAX_NESTING + 1:
            raise scan.refuse(f"the query is nested too deeply: more than {MAX_NESTING} levels of brackets",
                              token.start)
    elif text in _CLOSERS:
        if frame.opener != _CLOSERS[text]:
            raise scan.refuse(f"SPARQL syntax error: unbalanced '{text}'", token.start)
        scan.stack.pop()
    elif upper in _CLAUSE_WORDS:
        frame.clause = _CLAUSE_WORDS[upper]
        frame.values = upper == "VALUES"
    scan.prev2, scan.prev = scan.prev, token


def _opens_data(scan: _Scan, frame: _Frame) -> bool:
    """Whether a ``{`` opens a data block or a template (INSERT DATA, INSERT/DELETE/CONSTRUCT
    templates, a VALUES block), which Oxigraph reads as a flat list."""
    prev = scan.prev
    if frame.values:
        return True
    return prev is not None and prev.kind == "word" and prev.text.upper() in _TEMPLATE_WORDS


def _paren_is_expression(scan: _Scan, frame: _Frame) -> bool:
    """Whether a ``(`` opens an expression (arguments, a condition) rather than a collection, a
    property-path group or a VALUES list, following where the grammar allows each."""
    if frame.expression or frame.clause in ("SELECT", "MODIFIER"):
        return True
    prev, prev2 = scan.prev, scan.prev2
    if prev is None:
        return False
    if prev.kind == "word":  # FILTER(, BIND(, a built-in function's arguments; not "a (", "VALUES ("
        return prev.text.upper() not in _PATTERN_PAREN_WORDS
    if prev.kind in ("iri", "pname"):  # FILTER <fn>(...): a function call right after FILTER
        return prev2 is not None and prev2.kind == "word" and prev2.text.upper() == "FILTER"
    return False


# --- what a query or update names ----------------------------------------------------------------------

@dataclass
class _Names:
    """Prefixes and base as declared so far, to turn IRI tokens into the IRIs Oxigraph will use."""

    base: str | None
    prefixes: dict[str, str] = field(default_factory=lambda: dict(PREFIXES))

    def iri(self, token: Token) -> str:
        """The IRI a token stands for; a relative IRI is resolved against the base when there is one."""
        if token.kind == "iri":
            value = _unescape_iri(token.text[1:-1])
            return urljoin(self.base, value) if self.base and not _is_absolute(value) else value
        prefix, _, local = token.text.partition(":")
        namespace = self.prefixes.get(prefix)
        if namespace is None:
            return token.text  # Oxigraph refuses an undeclared prefix; nothing to resolve
        return namespace + re.sub(r"\\(.)", r"\1", local)

    def absolute(self, token: Token) -> str | None:
        """The IRI of a token only when it needs no base: SERVICE and LOAD are never resolved."""
        if token.kind == "iri":
            value = _unescape_iri(token.text[1:-1])
            return value if _is_absolute(value) else None
        value = self.iri(token)
        return value if _is_absolute(value) else None


def _unescape_iri(text: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _is_absolute(iri: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", iri) is not None


@dataclass
class _Findings:
    forms: list[str] = field(default_factory=list)
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    any_graph: bool = False


_GRAPH_WORDS = {"GRAPH", "WITH", "INTO", "USING"}


def _read(text: str, base_iri: str | None) -> _Findings:
    """Scan ``text`` once and collect what it names."""
    names, found = _Names(base_iri), _Findings()
    toks = list(tokens(text))
    depth = 0
    for i, tok in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        word = tok.text.upper() if tok.kind == "word" else ""
        if tok.text in ("(", "{", "["):
            depth += 1
        elif tok.text in _CLOSERS:
            depth -= 1
        elif word == "PREFIX" and nxt is not None and nxt.kind == "pname" and i + 2 < len(toks) \
                and toks[i + 2].kind == "iri":
            names.prefixes[nxt.text[:-1]] = names.iri(toks[i + 2])
        elif word == "BASE" and nxt is not None and nxt.kind == "iri":
            names.base = names.iri(nxt)
        elif word in QUERY_FORMS and depth == 0:
            found.forms.append(word)
        elif word in ("SERVICE", "LOAD"):
            target = toks[i + 2] if nxt is not None and nxt.text.upper() == "SILENT" and i + 2 < len(toks) else nxt
            found_list = found.services if word == "SERVICE" else found.loads
            if target is None or target.kind not in ("iri", "pname"):
                raise refusal(text, f"{word} is allowed here only with a written IRI, not a variable", tok.start)
            iri = names.absolute(target)
            if iri is None:
                raise refusal(text, f"{word} needs an absolute IRI here (relative IRIs are not resolved for "
                                    f"{word})", target.start)
            found_list.append(iri)
        elif word == "FROM" and depth == 0 and nxt is not None:
            named = nxt.kind == "word" and nxt.text.upper() == "NAMED"
            target = toks[i + 2] if named and i + 2 < len(toks) else nxt
            if target.kind in ("iri", "pname"):
                (found.from_named if named else found.from_graphs).append(names.iri(target))
        elif word in _GRAPH_WORDS and nxt is not None:
            target = toks[i + 2] if nxt.kind == "word" and nxt.text.upper() in ("NAMED", "GRAPH") \
                and i + 2 < len(toks) else nxt
            if target.kind in ("iri", "pname"):
                found.graphs.append(names.iri(target))
            elif target.kind == "var":
                found.any_graph = True
        elif word in ("ALL", "NAMED") and toks[i - 1].kind == "word" and \
                toks[i - 1].text.upper() in ("DROP", "CLEAR", "SILENT"):
            found.any_graph = True
        elif word in ("ADD", "MOVE", "COPY", "CLEAR", "DROP", "CREATE", "TO"):
            target = toks[i + 2] if nxt is not None and nxt.text.upper() in ("SILENT", "GRAPH") \
                and i + 2 < len(toks) else nxt
            if target is not None and target.kind in ("iri", "pname"):
                found.graphs.append(names.iri(target))
    return found


def inspect_query(text: str, *, allowed_services: Collection[str] = (), local_graphs: Container[str] | None = None,
                  base_iri: str | None = None) -> CheckedQuery:
    """Check a query from outside; refuse SERVICE (unless allow-listed) and FROM of graphs not in the store.

    Oxigraph reads FROM graphs from the store and never fetches them, so FROM is allowed when it
    names a graph in ``local_graphs``; anything else would silently be an empty graph, or a fetch for
    another engine, so it is refused. With ``local_graphs`` None every FROM is refused.
    """
    found = _read(text, base_iri)
    if not found.forms:
        raise QueryRefused("not a SPARQL query: expected SELECT, CONSTRUCT, DESCRIBE or ASK "
                           "(updates go to the update operation)", line=1, column=1)
    for iri in (*found.from_graphs, *found.from_named):
        if local_graphs is None or iri not in local_graphs:
            raise QueryRefused(f"FROM <{iri}> is not allowed: FROM and FROM NAMED may only name graphs in this "
                               "store (this server never fetches data); see default-graph-uri / named-graph-uri")
    _check_services(found.services, allowed_services)
    return CheckedQuery(found.forms[0], tuple(found.from_graphs), tuple(found.from_named), tuple(found.services))


def inspect_update(text: str, *, allowed_sources: Collection[str] = (), base_iri: str | None = None) -> CheckedUpdate:
    """Check an update from outside; refuse LOAD and SERVICE unless their IRI is allow-listed."""
    found = _read(text, base_iri)
    if found.forms:
        raise QueryRefused(f"this is a query ({found.forms[0]}), not an update; send it to the query operation")
    for source in found.loads:
        if source not in allowed_sources:
            raise QueryRefused(f"LOAD <{source}> is not allowed: it would fetch data from a URL that is not on "
                               "the allow-list")
    _check_services(found.services, allowed_sources)
    return CheckedUpdate(tuple(found.services), tuple(found.loads), tuple(dict.fromkeys(found.graphs)),
                         found.any_graph)


def check_services(text: str, *, allowed_services: Collection[str] = ()) -> None:
    """Refuse a query that calls SERVICE on an endpoint outside the allow-list, before it runs.

    The command line allows FROM (its user owns the store) but not calls to arbitrary endpoints:
    a SERVICE clause sends the query's bindings to another organisation's server.
    """
    _check_services(_read(text, None).services, allowed_services)


def check_query(text: str, *, allowed_services: Collection[str] = ()) -> str:
    """The form of a query from outside (SELECT, CONSTRUCT, DESCRIBE, ASK), refusing SERVICE and FROM."""
    return inspect_query(text, allowed_services=allowed_services).form


def check_update(text: str, *, allowed_sources: Collection[str] = ()) -> None:
    """Refuse an update that LOADs or calls SERVICE outside the allow-list."""
    inspect_update(text, allowed_sources=allowed_sources)


def _check_services(services: Collection[str], allowed: Collection[str]) -> None:
    for target in services:
        if target not in allowed:
            listed = ", ".join(sorted(allowed)) or "empty"
            raise QueryRefused(f"SERVICE <{target}> is not on the federation allow-list ({listed}); "
                               "allow it with --allow-service (command line) or service_allowlist (server)")
