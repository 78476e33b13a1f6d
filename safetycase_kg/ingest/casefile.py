"""Load safety-case files (YAML-LD) into RDF triples, and write triples back as YAML.

A case file is a JSON-LD 1.1 document written in YAML whose ``@context`` is
the project context.  It is not loaded with a generic JSON-LD processor,
because analysts need errors that name file, line and column; a misspelt key
must be an error rather than quietly turning into a vocabulary-relative IRI;
loading must never touch the network; and a thousand files must load in a few
seconds.  So this module converts the composed YAML node tree straight into
rdflib terms, implementing only the JSON-LD features the project context
uses (see ``Context``).  The tests check that the result is isomorphic to
rdflib's own JSON-LD parser on the same documents, with the context inline.

Deliberate differences from JSON-LD, all of which turn a silent surprise into
an error (a document this module accepts gives the same graph as rdflib):

* keys must be terms of the context, the keywords ``@context``/``@id``/
  ``@type``/``@graph`` (or their aliases), or absolute IRIs outside the
  ontology namespace (that escape hatch is what ``dump_case`` uses for
  predicates that have no term); ``@vocab`` is never used for keys or classes;
* ``type`` values must be terms, compact IRIs or absolute IRIs;
* null values, lists inside lists, YAML anchors/aliases, compact IRIs with an
  undefined prefix, and IRIs with spaces are errors;
* YAML is read as YAML 1.2 with the core schema (``yamlcore``, which also
  refuses tags, anchors, merge keys and the other constructs the format does not
  define, and input over the limits of ``limits``), so ``yes``, ``on`` or
  ``2024-01-01`` stay strings unless the term gives a datatype, and values of
  datatyped terms are checked and used with their exact text (rdflib's
  ``Literal`` then normalises some forms, e.g. ``Z`` to ``+00:00``, exactly as
  its JSON-LD parser does);
* a library file's own properties go into its named graph, not the default
  graph, so each file maps to exactly one graph;
* value objects (``{"@value": ..., "@type"|"@language": ...}``) are accepted
  so that every literal can be written back by ``dump_case``.
"""

from __future__ import annotations

import calendar
import difflib
import hashlib
import itertools
import json
import os
import math
import posixpath
import re
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, NoReturn
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import pyoxigraph as ox
import yaml
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD
from rdflib.term import Node
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import yamlcore
from ..core.errors import CaseFileError, InputProblem
from .limits import (MAX_FILE_BYTES, MAX_VALUE_CHARS, check_json, check_turtle_depth, check_xml_depth,
                     deep_blank_node, first_long_value, locate_value, position, too_deep, value_too_long)
from ..core.store import from_ox
from .yamlcore import BOOL, CORE_RESOLVERS, FLOAT, FLOAT_RE, INT, INT_RE, NULL, STR

__all__ = [
    "CONTEXT_IRI",
    "CaseFileError",
    "Context",
    "ContextError",
    "ParsedFile",
    "Term",
    "dump_case",
    "load_context",
    "parse_any",
    "parse_file",
    "parse_rdf_file",
    "to_jsonld",
]

CONTEXT_IRI = "https://w3id.org/safetycase-kg/context.jsonld"
ONTOLOGY_NS = "https://w3id.org/safetycase-kg/ontology#"
VOCAB_NS = "https://w3id.org/safetycase-kg/vocab/"
FILE_GRAPH_NS = "https://w3id.org/safetycase-kg/graph/file/"
# Relative IRIs in Turtle/RDF-XML/JSON-LD files resolve like case-file ids, not
# against the file's location, so graphs do not depend on where a checkout lives.
RDF_FILE_BASE = "https://w3id.org/safetycase-kg/id/"
SAFETY_CASE = URIRef(ONTOLOGY_NS + "SafetyCase")

_CASE_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
_RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}

_GEN_DELIMS = (":", "/", "?", "#", "[", "]", "@")
_ALIASABLE = frozenset({"@id", "@type", "@graph"})
_TERM_DEF_KEYS = frozenset({"@id", "@type", "@container", "@context", "@prefix", "@protected"})
# Schemes whose IRIs have no "//" and so look like compact IRIs; any other
# "x:y" with an undefined prefix x is reported instead of becoming an IRI.
_OPAQUE_SCHEMES = frozenset({"urn", "mailto", "tag", "doi", "did", "data", "info", "tel", "geo"})
_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]*")
_LANG_RE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")

# --------------------------------------------------------------------------
# YAML: YAML 1.2 core schema instead of PyYAML's YAML 1.1 resolvers (see yamlcore)
# --------------------------------------------------------------------------

_STR, _INT, _FLOAT, _BOOL, _NULL = STR, INT, FLOAT, BOOL, NULL
_INT_RE, _FLOAT_RE = INT_RE, FLOAT_RE


class _Dumper(yaml.SafeDumper):
    """Quotes every string that either YAML 1.1 or 1.2 would read as a non-string,
    so the output reads back the same here and in other YAML tools."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader rejects anchors/aliases


for _tag, _regexp, _first in CORE_RESOLVERS:
    _Dumper.add_implicit_resolver(_tag, _regexp, _first)


class _Lexical(str):
    """The lexical form of a datatyped value: read back verbatim, so it may be written unquoted."""


_SIMPLE_LEXICAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9+\-.:]*")


def _represent_lexical(dumper: yaml.SafeDumper, value: _Lexical) -> yaml.ScalarNode:
    text = str(value)
    if _SIMPLE_LEXICAL.fullmatch(text) and text not in ("null", "Null", "NULL"):
        # tag the node as whatever the text resolves to, so the emitter may leave
        # ``2024-01-01`` unquoted; the loader uses the raw text for datatyped terms
        return dumper.represent_scalar(dumper.resolve(ScalarNode, text, (True, False)), text)
    return dumper.represent_str(text)


_Dumper.add_representer(_Lexical, _represent_lexical)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line text as a ``|`` block, the way analysts write descriptions."""
    if "\n" in value.rstrip("\n"):
        return dumper.represent_scalar(_STR, value, style="|")
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_text)


def _compose(data: bytes, path: Path) -> Any:
    """Compose (not construct) the YAML tree, so types are decided later from tag + term."""
    try:
        root = yamlcore.compose(_utf8(data, path))
    except InputProblem as problem:
        raise problem.at(path) from None
    if root is None:
        raise CaseFileError(path, 1, 1, "the file is empty")
    return root


def _utf8(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start].decode("utf-8")
        line, column = position(before, len(before))
        hint = " (it starts with a UTF-16 byte order mark)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise CaseFileError(path, line, column, f"the file is not valid UTF-8{hint}") from None


def _read(path: Path) -> bytes:
    """The bytes of an input file, refusing one over the size limit before reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaseFileError(path, 1, 1, f"the file has {size:,} bytes, more than the limit of "
                                             f"{MAX_FILE_BYTES:,}; split it into several files")
        return path.read_bytes()
    except OSError as exc:
        raise CaseFileError(path, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None


def _yaml_int(text: str) -> int:
    if not _INT_RE.fullmatch(text):
        raise ValueError(text)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _yaml_float(text: str) -> float:
    if not _FLOAT_RE.fullmatch(text):
        raise ValueError(text)
    value = float(text) if "inf" not in text.lower() and "nan" not in text.lower() else math.inf
    if not math.isfinite(value):
        raise ValueError("infinite or NaN numbers cannot be written in JSON-LD")
    return value


def _yaml_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false"):
        raise ValueError(text)
    return lowered == "true"


class _NodeError(Exception):
    """A problem with one YAML node, found where no file name is at hand."""

    def __init__(self, node: Any, message: str) -> None:
        super().__init__(message)
        self.node, self.message = node, message


def _plain_value(node: Any) -> Any:
    """A YAML node as plain JSON data (for inline contexts); keys must be distinct strings, as in JSON."""
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key, value in node.value:
            if key.tag != _STR:
                raise _NodeError(key, f"keys must be strings, got {_kind(key.tag)}")
            if key.value in out:
                raise _NodeError(key, f"duplicate key '{key.value}'")
            out[key.value] = _plain_value(value)
        return out
    if isinstance(node, SequenceNode):
        return [_plain_value(v) for v in node.value]
    converters: dict[str, Callable[[str], Any]] = {
        _INT: _yaml_int,
        _FLOAT: _yaml_float,
        _BOOL: _yaml_bool,
        _NULL: lambda _text: None,
    }
    return converters.get(node.tag, str)(node.value)


# --------------------------------------------------------------------------
# XSD lexical forms
# --------------------------------------------------------------------------

_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_DATE_RE = re.compile(rf"-?(\d{{4,}})-(\d\d)-(\d\d){_TZ}")
_DATETIME_RE = re.compile(rf"-?(\d{{4,}})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?{_TZ}")
_TIME_RE = re.compile(rf"(\d\d):(\d\d):(\d\d)(\.\d+)?{_TZ}")
_DURATION_RE = re.compile(
    r"-?P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?!$)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?"
)
_DECIMAL_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_INTEGER_RE = re.compile(r"[+-]?\d+")
_DOUBLE_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN")


def _valid_ymd(year: str, month: str, day: str) -> bool:
    y, m, d = int(year), int(month), int(day)
    if not 1 <= m <= 12:
        return False
    return 1 <= d <= calendar.monthrange(y if 1 <= y <= 9999 else 2000, m)[1]


def _valid_hms(hour: str, minute: str, second: str, fraction: str | None) -> bool:
    h, m, s = int(hour), int(minute), int(second)
    if h == 24:
        return m == 0 and s == 0 and not (fraction or "").strip(".0")
    return h < 24 and m < 60 and s < 60


def _is_date(text: str) -> bool:
    match = _DATE_RE.fullmatch(text)
    return bool(match) and _valid_ymd(*match.groups())


def _is_datetime(text: str) -> bool:
    match = _DATETIME_RE.fullmatch(text)
    return bool(match) and _valid_ymd(*match.groups()[:3]) and _valid_hms(*match.groups()[3:])


def _is_time(text: str) -> bool:
    match = _TIME_RE.fullmatch(text)
    return bool(match) and _valid_hms(*match.groups())


def _matcher(regexp: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda text: regexp.fullmatch(text) is not None


_X = str(XSD)
_LEXICAL_CHECKS: dict[str, tuple[Callable[[str], bool], str]] = {
    _X + "date": (_is_date, "expected a date like 2024-03-31"),
    _X + "dateTime": (_is_datetime, "expected a date-time like 2024-03-31T14:05:00Z"),
    _X + "time": (_is_time, "expected a time like 14:05:00"),
    _X + "decimal": (_matcher(_DECIMAL_RE), "expected a decimal number like 0.95 (no exponent)"),
    _X + "integer": (_matcher(_INTEGER_RE), "expected a whole number like 42"),
    _X + "nonNegativeInteger": (_matcher(re.compile(r"\+?\d+|-0+")), "expected a whole number >= 0"),
    _X + "positiveInteger": (_matcher(re.compile(r"\+?0*[1-9]\d*")), "expected a whole number >= 1"),
    _X + "double": (_matcher(_DOUBLE_RE), "expected a number like 1.5, 2E-3, INF or NaN"),
    _X + "float": (_matcher(_DOUBLE_RE), "expected a number like 1.5, 2E-3, INF or NaN"),
    _X + "boolean": (_matcher(re.compile(r"true|false|1|0")), "expected true or false"),
    _X + "duration": (_matcher(_DURATION_RE), "expected an ISO 8601 duration like P90D or PT12H"),
    _X + "gYear": (_matcher(re.compile(rf"-?\d{{4,}}{_TZ}")), "expected a year like 2024"),
    _X + "anyURI": (_matcher(re.compile(r"[^\s<>\"{}|\\^`]+")), "expected an IRI without spaces"),
}


def _lexical_problem(text: str, datatype: str) -> str | None:
    """Why ``text`` is not a valid lexical form of ``datatype`` (None if it is or if unchecked)."""
    check = _LEXICAL_CHECKS.get(datatype)
    if check is None or check[0](text):
        return None
    return check[1]


def _short(iri: str) -> str:
    return "xsd:" + iri[len(_X):] if iri.startswith(_X) else iri


_LITERALS: dict[tuple[str, str | None], Literal] = {}
# BNode() calls uuid4() each time; one random prefix per process plus a counter is as
# collision-free across files and much cheaper. The prefix is renewed in each process: worker
# processes forked by the parallel loader would otherwise inherit the same prefix and counter
# and label different blank nodes alike.
_bnode_state: dict = {"pid": None}


def _bnode() -> BNode:
    if _bnode_state["pid"] != os.getpid():
        _bnode_state.update(pid=os.getpid(), prefix=f"cf{uuid.uuid4().hex}n", serial=itertools.count())
    return BNode(f"{_bnode_state['prefix']}{next(_bnode_state['serial'])}")


_URIS: dict[str, URIRef] = {}


def _uri(iri: str) -> URIRef:
    """URIRef() validates its argument on every call; expanded IRIs are already checked."""
    uri = _URIS.get(iri)
    if uri is None:
        if len(_URIS) > 200_000:
            _URIS.clear()
        uri = _URIS[iri] = URIRef(iri)
    return uri


def _literal(text: str, datatype: str | None = None) -> Literal:
    """Literals are immutable and repeat a lot across files (dates, statuses); reuse them."""
    key = (text, datatype)
    lit = _LITERALS.get(key)
    if lit is None:
        if len(_LITERALS) > 200_000:
            _LITERALS.clear()
        lit = _LITERALS[key] = Literal(text, datatype=URIRef(datatype) if datatype else None)
    return lit


# --------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------


class ContextError(ValueError):
    """A context uses a feature outside the supported subset, or is inconsistent."""

    def __init__(self, message: str, term: str | None = None) -> None:
        super().__init__(message)
        self.term = term


@dataclass(frozen=True, eq=False)
class Term:
    """One term definition, pre-expanded so that conversion is only dict lookups.

    ``coerce`` is ``"@id"``, ``"@vocab"``, a datatype IRI, or None (values keep
    their JSON type).  ``scoped`` is the raw property-scoped context, if any.
    """

    name: str
    iri: str
    coerce: str | None = None
    is_list: bool = False
    scoped: Any = None
    prefix: bool = False
    protected: bool = False
    simple: bool = False
    pred: URIRef = field(init=False)
    # a plain ``"sc": "...#"`` definition: usable in compact IRIs, never as a property
    prefix_only: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pred", URIRef(self.iri))
        object.__setattr__(self, "prefix_only", self.simple and self.prefix)

    def same_definition(self, other: Term) -> bool:
        return (self.iri, self.coerce, self.is_list, self.scoped, self.prefix) == (
            other.iri,
            other.coerce,
            other.is_list,
            other.scoped,
            other.prefix,
        )


@dataclass
class _State:
    terms: dict[str, Term]
    aliases: dict[str, str]
    base: str | None
    vocab: str | None
    propagate: bool = True


class Context:
    """An active context restricted to the supported JSON-LD 1.1 subset.

    Supported: ``@version`` 1.1, ``@base`` and ``@vocab`` (absolute IRIs),
    ``@protected``, ``@propagate``; terms defined as a string (IRI, compact
    IRI, another term, or an alias of ``@id``/``@type``/``@graph``) or as an
    object with ``@id``, ``@type`` (``@id``, ``@vocab`` or a datatype),
    ``@container`` (``@set``/``@list``), a property-scoped ``@context`` and
    ``@prefix``/``@protected``.  Anything else is a ``ContextError`` rather
    than being ignored.  Expansion mirrors rdflib's JSON-LD parser.
    """

    def __init__(self, state: _State, parent: Context | None = None, document: Any = None) -> None:
        self.terms = state.terms
        self.aliases = state.aliases
        self.base = state.base
        self.vocab = state.vocab
        self.propagate = state.propagate
        self.parent = parent
        self.document = document if document is not None else (parent.document if parent else None)
        self._scoped: dict[str, Context] = {}
        self._derived: dict[str, Context] = {}
        self._by_iri: dict[str, list[Term]] | None = None
        self._prefixes: list[tuple[str, str]] | None = None
        self._expanded: dict[tuple[str, bool], tuple[str | None, str]] = {}

    # -- construction -------------------------------------------------------

    @classmethod
    def from_document(cls, document: Any) -> Context:
        """Build from the value of a context file's ``@context`` entry."""
        sources = document if isinstance(document, list) else [document]
        empty = Context(_State({}, {}, None, None))
        ctx = _build(empty, sources)
        ctx.parent = None
        ctx.document = document
        ctx._check_scoped(depth=2)
        return ctx

    def derive(self, sources: list[Any]) -> Context:
        """This context extended by inline context objects (cached: files repeat them)."""
        key = json.dumps(sources, sort_keys=True)
        ctx = self._derived.get(key)
        if ctx is None:
            ctx = self._derived[key] = _build(self, sources)
        return ctx

    def scoped(self, term: Term) -> Context:
        """The context for values of ``term``: this one plus its property-scoped context."""
        ctx = self._scoped.get(term.name)
        if ctx is None:
            ctx = self._scoped[term.name] = _build(self, [term.scoped], term.name)
        return ctx

    def _check_scoped(self, depth: int) -> None:
        """Surface errors in scoped contexts when the context is loaded, not mid-file."""
        if depth == 0:
            return
        for term in list(self.terms.values()):
            if term.scoped is not None:
                self.scoped(term)._check_scoped(depth - 1)

    # -- expansion (mirrors rdflib.plugins.shared.jsonld.context) -----------

    def resolve(self, ref: str) -> str:
        return _resolve(self.base, ref)

    def expand_id(self, text: str) -> str:
        """IRI expansion for ids and ``@type: @id`` values: compact IRIs, else relative to @base."""
        prefix, sep, local = text.partition(":")
        if sep and not local.startswith("//"):
            if prefix == "_":
                return text
            term = self.terms.get(prefix)
            if term is not None and term.prefix:
                return term.iri + local
        return self.resolve(text)

    def expand_vocab(self, text: str) -> str | None:
        """IRI expansion for ``@type: @vocab`` values and classes: terms, compact IRIs, @vocab."""
        term = self.terms.get(text)
        if term is not None:
            return term.iri
        if ":" in text:
            return self.expand_id(text)
        return self.vocab + text if self.vocab else None

    def undefined_prefix(self, text: str) -> str | None:
        """The prefix of a compact-looking ``x:y`` whose ``x`` is neither a prefix nor a known scheme."""
        prefix, sep, local = text.partition(":")
        if not sep or local.startswith("//") or prefix == "_":
            return None
        term = self.terms.get(prefix)
        if (term is not None and term.prefix) or prefix.lower() in _OPAQUE_SCHEMES:
            return None
        return prefix

    def expand_value(self, text: str, vocab: bool) -> tuple[str | None, str]:
        """(problem, IRI) for a string used as an IRI; the loader and the writer share it.

        Cached: the same ids and controlled values recur throughout and across files.
        """
        key = (text, vocab)
        result = self._expanded.get(key)
        if result is None:
            if len(self._expanded) > 100_000:
                self._expanded.clear()
            result = self._expanded[key] = self._expand_value(text, vocab)
        return result

    def _expand_value(self, text: str, vocab: bool) -> tuple[str | None, str]:
        if text.startswith("@"):
            return f"'{text}' looks like a JSON-LD keyword and cannot be used as a value", ""
        if vocab:
            if text in self.aliases:
                return f"'{text}' is an alias of {self.aliases[text]}, not a value", ""
            term = self.terms.get(text)
            if term is not None:
                return None, term.iri
        prefix = self.undefined_prefix(text)
        if prefix is not None:
            return (
                f"'{text}' uses the undefined prefix '{prefix}:' "
                "(define it in the context or write the full IRI)",
                "",
            )
        iri = (self.expand_vocab(text) if vocab else None) or self.expand_id(text)
        if not _IRI_RE.fullmatch(iri):
            hint = "; the context has no @base" if self.base is None else ""
            return f"'{text}' does not expand to a valid absolute IRI (got '{iri}'){hint}", ""
        return None, iri

    # -- lookups for messages and for writing --------------------------------

    def key_names(self) -> list[str]:
        return sorted([n for n, t in self.terms.items() if not t.prefix_only] + list(self.aliases))

    def class_names(self) -> list[str]:
        names = [n for n, t in self.terms.items() if n[:1].isupper() and not t.prefix_only]
        return sorted(names) or self.key_names()

    def terms_for(self, iri: str) -> list[Term]:
        """Terms usable as keys for predicate ``iri``, by name."""
        if self._by_iri is None:
            index: dict[str, list[Term]] = {}
            for name in sorted(self.terms):
                term = self.terms[name]
                if not term.prefix_only:
                    index.setdefault(term.iri, []).append(term)
            self._by_iri = index
        return self._by_iri.get(iri, [])

    def prefixes(self) -> list[tuple[str, str]]:
        """(namespace, prefix) pairs, longest namespace first, for compacting IRIs."""
        if self._prefixes is None:
            pairs = [(t.iri, n) for n, t in self.terms.items() if t.prefix]
            self._prefixes = sorted(pairs, key=lambda p: (-len(p[0]), p[1]))
        return self._prefixes

    def keyword(self, keyword: str) -> str:
        """The key to write for a keyword: its first alias if the context has one."""
        aliases = sorted(a for a, k in self.aliases.items() if k == keyword)
        return aliases[0] if aliases else keyword


@lru_cache(maxsize=65536)
def _resolve(base: str | None, ref: str) -> str:
    """Resolve ``ref`` against ``base`` exactly as rdflib's ``norm_url`` does (http bases)."""
    if "://" in ref or urlsplit(ref).scheme or base is None:
        return ref
    parts = urlsplit(urljoin(base, ref))
    path = posixpath.normpath(parts.path)
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    result = urlunsplit(parts[:2] + (path,) + parts[3:])
    if ref.endswith("#") and not result.endswith("#"):
        result += "#"
    return result


def _build(parent: Context, sources: list[Any], scope: str | None = None) -> Context:
    """Process context objects on top of ``parent`` (JSON-LD context processing, subset)."""
    state = _State(dict(parent.terms), dict(parent.aliases), parent.base, parent.vocab)
    for raw in sources:
        if isinstance(raw, str):
            raise ContextError(f"remote context '{raw}' is not allowed (contexts are never fetched)", scope)
        if not isinstance(raw, dict):
            raise ContextError("a context must be a JSON object", scope)
        _apply_settings(state, raw, scope)
        protected = raw.get("@protected", False)
        for name, definition in raw.items():
            if not name.startswith("@"):
                _define(state, raw, name, definition, protected)
    return Context(state, parent=parent)


def _absolute(value: Any, key: str, scope: str | None) -> str:
    if not isinstance(value, str) or not _IRI_RE.fullmatch(value) or "://" not in value:
        raise ContextError(f"{key} must be an absolute IRI, got {value!r}", scope)
    return value


def _apply_settings(state: _State, raw: dict[str, Any], scope: str | None) -> None:
    for key, value in raw.items():
        if not key.startswith("@"):
            continue
        if key == "@version":
            if value != 1.1:
                raise ContextError(f"@version must be 1.1, got {value!r}", scope)
        elif key == "@base":
            state.base = _absolute(value, key, scope).split("#")[0]
        elif key == "@vocab":
            state.vocab = _absolute(value, key, scope)
        elif key in ("@propagate", "@protected"):
            if not isinstance(value, bool):
                raise ContextError(f"{key} must be true or false", scope)
            if key == "@propagate":
                state.propagate = value
        else:
            raise ContextError(f"context keyword '{key}' is not supported by the case-file loader", scope)


def _define(state: _State, raw: dict[str, Any], name: str, definition: Any, protected: bool) -> None:
    if isinstance(definition, str) and definition.startswith("@"):
        _define_alias(state, name, definition)
        return
    if isinstance(definition, str):
        iri = _definition_iri(state, raw, definition, name)
        term = Term(name, iri, prefix=iri.endswith(_GEN_DELIMS), protected=protected, simple=True)
    elif isinstance(definition, dict):
        term = _expanded_term(state, raw, name, definition, protected)
    else:
        raise ContextError(f"term '{name}': the definition must be a string or an object", name)
    old = state.terms.get(name)
    if old is not None and old.protected and not old.same_definition(term):
        raise ContextError(f"term '{name}' is protected and cannot be redefined", name)
    state.terms[name] = term
    state.aliases.pop(name, None)


def _define_alias(state: _State, name: str, keyword: str) -> None:
    if keyword not in _ALIASABLE:
        raise ContextError(f"term '{name}': only @id, @type and @graph may be aliased, not {keyword}", name)
    old = state.terms.get(name)
    if old is not None and old.protected:
        raise ContextError(f"term '{name}' is protected and cannot be redefined", name)
    state.terms.pop(name, None)
    state.aliases[name] = keyword


def _expanded_term(
    state: _State, raw: dict[str, Any], name: str, definition: dict[str, Any], protected: bool
) -> Term:
    unknown = sorted(set(definition) - _TERM_DEF_KEYS)
    if unknown:
        raise ContextError(f"term '{name}': {', '.join(unknown)} not supported by the case-file loader", name)
    iri = _term_iri(state, raw, name, definition.get("@id"))
    scoped = definition.get("@context")
    if scoped is not None and not isinstance(scoped, dict):
        raise ContextError(f"term '{name}': a scoped @context must be an inline object", name)
    prefix = definition.get("@prefix")
    if prefix is not None and not isinstance(prefix, bool):
        raise ContextError(f"term '{name}': @prefix must be true or false", name)
    return Term(
        name,
        iri,
        coerce=_coercion(state, raw, name, definition.get("@type")),
        is_list=_is_list_container(name, definition.get("@container")),
        scoped=scoped,
        prefix=iri.endswith(_GEN_DELIMS) if prefix is None else prefix,
        protected=bool(definition.get("@protected", protected)),
    )


def _term_iri(state: _State, raw: dict[str, Any], name: str, idref: Any) -> str:
    if idref is None:
        if ":" in name:
            return _definition_iri(state, raw, name, name)
        if state.vocab:
            return state.vocab + name
        raise ContextError(f"term '{name}' has no @id and the context has no @vocab", name)
    if not isinstance(idref, str) or idref.startswith("@"):
        raise ContextError(
            f"term '{name}': @id must be an IRI "
            "(write keyword aliases as plain strings, e.g. \"id\": \"@id\")",
            name,
        )
    return _definition_iri(state, raw, idref, name)


def _coercion(state: _State, raw: dict[str, Any], name: str, coerce: Any) -> str | None:
    if coerce is None or coerce in ("@id", "@vocab"):
        return coerce
    if not isinstance(coerce, str) or coerce.startswith("@"):
        message = f"term '{name}': @type {coerce!r} is not supported (use @id, @vocab or a datatype)"
        raise ContextError(message, name)
    return _definition_iri(state, raw, coerce, name)


def _is_list_container(name: str, container: Any) -> bool:
    values = container if isinstance(container, list) else [] if container is None else [container]
    if not set(values) <= {"@set", "@list"} or set(values) == {"@set", "@list"}:
        message = f"term '{name}': @container {container!r} is not supported (use @set or @list)"
        raise ContextError(message, name)
    return "@list" in values


def _raw_id(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if isinstance(value, dict):
        value = value.get("@id")
    return value if isinstance(value, str) else None


def _definition_iri(state: _State, raw: dict[str, Any], value: str, name: str, depth: int = 0) -> str:
    """Expand an IRI inside a term definition, as rdflib's ``_rec_expand`` does."""
    if depth > 16 or value.startswith("@"):
        raise ContextError(f"term '{name}': cannot expand '{value}'", name)
    if ":" in value:
        prefix, local = value.split(":", 1)
        if local.startswith("//"):
            return value
        namespace = _raw_id(raw, prefix)
        if namespace is None and prefix in state.terms:
            namespace = state.terms[prefix].iri
        if namespace is None:
            if prefix.lower() in _OPAQUE_SCHEMES:
                return value
            raise ContextError(f"term '{name}': undefined prefix '{prefix}' in '{value}'", name)
        return _definition_iri(state, raw, namespace, name, depth + 1) + local
    ref = _raw_id(raw, value)
    if ref is not None and ref != value:
        return _definition_iri(state, raw, ref, name, depth + 1)
    if value in state.terms:
        return state.terms[value].iri
    if state.vocab:
        return state.vocab + value
    raise ContextError(f"term '{name}': cannot expand '{value}' (not an IRI, no @vocab)", name)


_CONTEXT_CACHE: dict[tuple[Path, int, int], Context] = {}


def load_context(path: Path) -> Context:
    """Read a context file (``{"@context": ...}``); cached per file version since every file uses it."""
    path = Path(path)
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _CONTEXT_CACHE:
        _CONTEXT_CACHE[key] = _read_context(path)
    return _CONTEXT_CACHE[key]


def _read_context(path: Path) -> Context:
    text = path.read_bytes().decode("utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFileError(path, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None
    if not isinstance(document, dict) or "@context" not in document:
        raise CaseFileError(path, 1, 1, "a context file must be a JSON object with an '@context' entry")
    try:
        return Context.from_document(document["@context"])
    except ContextError as exc:
        line, column = _locate(text, f'"{exc.term}"') if exc.term else (1, 1)
        raise CaseFileError(path, line, column, str(exc)) from None


def _locate(text: str, needle: str) -> tuple[int, int]:
    """Line and column of the first occurrence of ``needle`` (for errors found after parsing)."""
    index = text.find(needle)
    if index < 0:
        return 1, 1
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# --------------------------------------------------------------------------
# YAML-LD -> triples
# --------------------------------------------------------------------------

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class ParsedFile:
    """The triples of one input file, by named graph, plus what is needed to detect changes."""

    path: Path
    sha256: str
    graphs: dict[URIRef, list[Triple]]
    kind: str  # "case" | "library" | "rdf"


class _Fields:
    """The keys of one YAML mapping, classified."""

    __slots__ = ("id", "type", "graph", "context", "props")

    def __init__(self) -> None:
        self.id: Any = None
        self.type: Any = None
        self.graph: Any = None
        self.context: Any = None
        self.props: list[tuple[Any, str, Term, Any]] = []


def _scopes(ctx: Context, term: Term) -> tuple[Context, Context]:
    """(context for the term's values, context for node objects nested under it)."""
    if term.scoped is None:
        return ctx, ctx
    value_ctx = ctx.scoped(term)
    return value_ctx, value_ctx if value_ctx.propagate else ctx


@lru_cache(maxsize=4096)
def _iri_term(iri: str) -> Term:
    """The pseudo-term behind an absolute-IRI key: no coercion, like JSON-LD."""
    return Term(iri, iri)


def _iri_key_problem(key: str, ctx: Context) -> str | None:
    """Why ``key`` (not a term) cannot be used as an absolute-IRI key; shared with the writer."""
    prefix, _, local = key.partition(":")
    if prefix in ctx.terms or prefix in ctx.aliases or prefix == "_":
        hint = _suggest(local, ctx.key_names())
        return f"compact IRI keys like '{key}' are not accepted; use a term of the context{hint}"
    if not local.startswith("//") and prefix.lower() not in _OPAQUE_SCHEMES:
        return f"unknown key '{key}': neither a term of the context nor an absolute IRI"
    if not _IRI_RE.fullmatch(key):
        return f"key '{key}' is not a valid IRI"
    if key.startswith(ONTOLOGY_NS):
        local = key[len(ONTOLOGY_NS):]
        hint = _suggest(local, ctx.key_names())
        return f"'{key}' is in the ontology namespace but has no term in the context{hint}"
    return None


def _suggest(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


_KIND_NAMES = {
    _INT: "a number",
    _FLOAT: "a number",
    _BOOL: "a boolean",
    _NULL: "an empty value",
    _STR: "a string",
}


def _kind(tag: str) -> str:
    return _KIND_NAMES.get(tag, f"a value tagged {tag}")


def _is_value_object(node: MappingNode) -> bool:
    return any(key.value == "@value" for key, _ in node.value)


class _Converter:
    """Walks one composed YAML tree and emits triples; holds the per-file state (blank node labels).
    The tree has no aliases: ``yamlcore`` refuses them, so every node is visited once."""

    def __init__(self, path: Path, known_iris: frozenset[str]) -> None:
        self.path = path
        self.known = known_iris
        self.triples: list[Triple] = []
        self.labels: dict[str, BNode] = {}
        self.lists = False  # whether an RDF list was written (its cells nest blank nodes)

    def fail(self, node: Any, message: str) -> NoReturn:
        mark = node.start_mark
        raise CaseFileError(self.path, mark.line + 1, mark.column + 1, message)

    # -- document level ------------------------------------------------------

    def document(self, root: Any, ctx: Context) -> tuple[str, URIRef]:
        if not isinstance(root, MappingNode):
            self.fail(root, "the top level must be a mapping (a node object with an 'id')")
        for key, value in root.value:
            if key.value == "@context":
                ctx = self.local_context(value, ctx)
        fields = self.scan(root, ctx, top=True)
        if fields.graph is not None:
            return "library", self.library(root, fields, ctx)
        return "case", self.case(root, fields, ctx)

    def local_context(self, node: Any, ctx: Context) -> Context:
        if isinstance(node, ScalarNode) and node.tag == _STR and node.value == CONTEXT_IRI:
            return ctx
        items = node.value if isinstance(node, SequenceNode) else []
        first = items[0] if items else None
        if isinstance(first, ScalarNode) and first.value == CONTEXT_IRI:
            for item in items[1:]:
                ctx = self.inline_context(item, ctx)
            return ctx
        if isinstance(node, ScalarNode) and node.tag == _STR:
            self.fail(
                node,
                f"remote @context '{node.value}' is not allowed; "
                f"use '{CONTEXT_IRI}' (resolved locally, never fetched)",
            )
        self.fail(
            node,
            f"'@context' must be '{CONTEXT_IRI}' or a list starting with it, "
            "followed by inline context objects",
        )

    def inline_context(self, node: Any, ctx: Context) -> Context:
        if not isinstance(node, MappingNode):
            self.fail(
                node,
                "after the project context only inline context objects are allowed "
                "(remote contexts are never fetched)",
            )
        try:
            return ctx.derive([_plain_value(node)])
        except _NodeError as exc:
            self.fail(exc.node, f"invalid inline context: {exc.message}")
        except (ContextError, ValueError) as exc:
            self.fail(node, f"invalid inline context: {exc}")

    def case(self, root: MappingNode, fields: _Fields, ctx: Context) -> URIRef:
        if fields.id is None:
            self.fail(root, "the top-level node needs an 'id': it names the case's graph")
        self.require_iri_id(fields.id)
        return self.node_body(fields, ctx)  # type: ignore[return-value]

    def library(self, root: MappingNode, fields: _Fields, ctx: Context) -> URIRef:
        if fields.id is None:
            self.fail(root, "a library file needs an 'id': it names the graph")
        self.require_iri_id(fields.id)
        for key_node, key, term, value in fields.props:
            self.check_library_property(key_node, key, term, value)
        name = self.node_body(fields, ctx)
        nodes = fields.graph
        if not isinstance(nodes, SequenceNode):
            self.fail(nodes, "'graph' must be a list of nodes")
        for item in nodes.value:
            if not isinstance(item, MappingNode) or _is_value_object(item):
                self.fail(item, "each entry of 'graph' must be a node (a mapping)")
            self.node_object(item, ctx)
        return name  # type: ignore[return-value]

    def require_iri_id(self, node: Any) -> None:
        if isinstance(node, ScalarNode) and node.value.startswith("_:"):
            self.fail(node, "the top-level 'id' must be an IRI, not a blank node label: it names a graph")

    def check_library_property(self, key_node: Any, key: str, term: Term, value: Any) -> None:
        items = value.value if isinstance(value, SequenceNode) else [value]
        literal = term.coerce not in ("@id", "@vocab") and all(
            isinstance(i, ScalarNode) or (isinstance(i, MappingNode) and _is_value_object(i)) for i in items
        )
        if not literal:
            self.fail(
                key_node,
                f"a library file may only have literal properties next to 'graph'; "
                f"move '{key}' onto a node inside 'graph'",
            )

    # -- node objects --------------------------------------------------------

    def scan(self, node: MappingNode, ctx: Context, top: bool = False) -> _Fields:
        fields = _Fields()
        seen: dict[str, Any] = {}
        terms = ctx.terms
        for key_node, value in node.value:
            key = self.key_text(key_node)
            term = terms.get(key)
            if term is None or term.prefix_only:
                role, term = self.classify(key_node, key, ctx)
            slot = key if term is not None else role
            if slot in seen:
                first = seen[slot].start_mark.line + 1
                self.fail(key_node, f"duplicate key '{key}' (already given on line {first})")
            seen[slot] = key_node
            if term is not None:
                fields.props.append((key_node, key, term, value))
            else:
                setattr(fields, role[1:], value)
        if fields.context is not None and not top:
            self.fail(seen["@context"], "'@context' is only allowed at the top of the file")
        if fields.graph is not None and not top:
            self.fail(seen["@graph"], "'graph' is only allowed at the top of a library file")
        return fields

    def key_text(self, key_node: Any) -> str:
        if key_node.tag != _STR or not isinstance(key_node, ScalarNode):
            self.fail(key_node, f"keys must be strings, got {_kind(key_node.tag)}")
        return key_node.value

    def classify(self, key_node: Any, key: str, ctx: Context) -> tuple[str, Term | None]:
        keyword = ctx.aliases.get(key)
        if keyword is not None:
            return keyword, None
        if key.startswith("@"):
            if key in _ALIASABLE or key == "@context":
                return key, None
            self.fail(key_node, f"the keyword '{key}' is not supported in case files")
        term = ctx.terms.get(key)
        if term is not None:
            if term.prefix_only:
                self.fail(key_node, f"'{key}' is a prefix, not a property")
            return "prop", term
        if ":" in key:
            problem = _iri_key_problem(key, ctx)
            if problem:
                self.fail(key_node, problem)
            return "prop", _iri_term(key)
        hint = _suggest(key, ctx.key_names()) or ": not a term of the context"
        self.fail(key_node, f"unknown key '{key}'{hint}")

    def node_object(self, node: MappingNode, ctx: Context) -> Node:
        return self.node_body(self.scan(node, ctx), ctx)

    def node_body(self, fields: _Fields, ctx: Context) -> Node:
        subject = self.subject(fields.id, ctx)
        if fields.type is not None:
            for cls in self.type_values(fields.type, ctx):
                self.triples.append((subject, RDF.type, cls))
        for key_node, key, term, value in fields.props:
            self.property(subject, key_node, key, term, value, ctx)
        return subject

    def subject(self, node: Any, ctx: Context) -> Node:
        if node is None:
            return _bnode()
        text = self.string(node, "an 'id' must be a string")
        if text.startswith("_:"):
            return self.label(node, text)
        return _uri(self.expand(node, text, ctx, vocab=False))

    def type_values(self, node: Any, ctx: Context) -> list[URIRef]:
        classes = []
        for item in self.items(node):
            text = self.string(item, "a 'type' must be a class name")
            term = ctx.terms.get(text)
            if term is not None:
                if term.scoped is not None:
                    self.fail(item, f"'{text}' has a type-scoped context, which case files do not support")
                if term.prefix_only:
                    self.fail(item, f"'{text}' is a prefix, not a class")
                iri = term.iri
            elif ":" in text:
                iri = self.expand(item, text, ctx, vocab=True)
            else:
                hint = _suggest(text, ctx.class_names()) or ": not a term of the context"
                self.fail(item, f"unknown type '{text}'{hint}")
            self.check_controlled(item, iri, text, "type")
            classes.append(_uri(iri))
        return classes

    # -- properties and values ----------------------------------------------

    def property(self, subject: Node, key_node: Any, key: str, term: Term, node: Any, ctx: Context) -> None:
        try:
            value_ctx, node_ctx = _scopes(ctx, term)
        except ContextError as exc:
            self.fail(key_node, f"invalid scoped context of '{key}': {exc}")
        items = self.items(node)
        if term.is_list:
            self.triples.append((subject, term.pred, self.rdf_list(items, key, term, value_ctx, node_ctx)))
            return
        for item in items:
            self.triples.append((subject, term.pred, self.value(item, key, term, value_ctx, node_ctx)))

    def rdf_list(self, items: list[Any], key: str, term: Term, value_ctx: Context, node_ctx: Context) -> Node:
        self.lists = True
        values = [self.value(item, key, term, value_ctx, node_ctx) for item in items]
        head: Node = RDF.nil
        for value in reversed(values):
            cell = _bnode()
            self.triples.append((cell, RDF.first, value))
            self.triples.append((cell, RDF.rest, head))
            head = cell
        return head

    def value(self, node: Any, key: str, term: Term, value_ctx: Context, node_ctx: Context) -> Node:
        if isinstance(node, MappingNode):
            if _is_value_object(node):
                return self.value_object(node, key, value_ctx)
            if term.coerce not in (None, "@id", "@vocab"):
                self.fail(node, f"'{key}' takes a {_short(term.coerce)} value, not a mapping")
            return self.node_object(node, node_ctx)
        if isinstance(node, SequenceNode):
            self.fail(node, f"'{key}' has a list inside a list; write one flat list")
        if node.tag == _NULL:
            self.fail(node, f"'{key}' has no value; write a value or remove the key")
        coerce = term.coerce
        if coerce is None:
            return self.native(node, key)
        if coerce in ("@id", "@vocab"):
            if node.tag != _STR:
                self.fail(node, f"'{key}' takes an IRI or a name, not {_kind(node.tag)} ('{node.value}')")
            return self.reference(node, key, value_ctx, coerce == "@vocab")
        return self.typed(node, node.value, coerce, key)

    def reference(self, node: ScalarNode, key: str, ctx: Context, vocab: bool) -> Node:
        text = node.value
        if text.startswith("_:"):
            return self.label(node, text)
        iri = self.expand(node, text, ctx, vocab)
        self.check_controlled(node, iri, text, key)
        return _uri(iri)

    def typed(self, node: ScalarNode, text: str, datatype: str, key: str) -> Literal:
        problem = _lexical_problem(text, datatype)
        if problem:
            self.fail(node, f"'{text}' is not a valid {_short(datatype)} for '{key}': {problem}")
        return _literal(text, datatype)

    def native(self, node: ScalarNode, key: str) -> Literal:
        """JSON-LD's conversion of native JSON values, done the way rdflib does it."""
        tag, text = node.tag, node.value
        if tag == _STR:
            return _literal(text)
        try:
            if tag == _INT:
                return Literal(_yaml_int(text))
            if tag == _FLOAT:
                return Literal(_yaml_float(text), datatype=XSD.double)
            if tag == _BOOL:
                return Literal(_yaml_bool(text))
        except ValueError as exc:
            detail = str(exc) if "JSON" in str(exc) else f"not {_kind(tag)}"
            self.fail(node, f"invalid value '{text}' for '{key}': {detail}")
        self.fail(node, f"unsupported YAML tag {tag} on the value of '{key}'")

    def value_object(self, node: MappingNode, key: str, ctx: Context) -> Literal:
        parts: dict[str, Any] = {}
        for key_node, value in node.value:
            name = self.key_text(key_node)
            role = ctx.aliases.get(name, name)
            if role not in ("@value", "@type", "@language") or role in parts:
                message = f"a value object may only have '@value' plus '@type' or '@language', not '{name}'"
                self.fail(key_node, message)
            parts[role] = value
        value = parts["@value"]
        if not isinstance(value, ScalarNode) or value.tag == _NULL:
            self.fail(value, "'@value' must be a single non-empty scalar")
        if "@type" in parts and "@language" in parts:
            self.fail(node, "a value object cannot have both '@type' and '@language'")
        if "@language" in parts:
            return self.language_literal(value, parts["@language"])
        if "@type" in parts:
            type_node = parts["@type"]
            type_text = self.string(type_node, "'@type' must be a datatype IRI")
            datatype = self.expand(type_node, type_text, ctx, vocab=True)
            return self.typed(value, value.value, datatype, key)
        return self.native(value, key)

    def language_literal(self, value: ScalarNode, lang_node: Any) -> Literal:
        lang = self.string(lang_node, "'@language' must be a language tag")
        if not _LANG_RE.fullmatch(lang):
            self.fail(lang_node, f"'{lang}' is not a valid language tag")
        if value.tag != _STR:
            self.fail(value, "a value with '@language' must be a string")
        return Literal(value.value, lang=lang)

    # -- helpers ---------------------------------------------------------------

    def expand(self, node: Any, text: str, ctx: Context, vocab: bool) -> str:
        problem, iri = ctx.expand_value(text, vocab)
        if problem:
            self.fail(node, problem)
        if len(iri) > MAX_VALUE_CHARS:  # the text is within the limit, but a prefix can lengthen it
            self.fail(node, value_too_long(len(iri), "IRI"))
        return iri

    def check_controlled(self, node: Any, iri: str, text: str, key: str) -> None:
        if self.known and iri.startswith(VOCAB_NS) and iri not in self.known:
            self.fail(node, _controlled_message(iri, text, key, self.known))

    def label(self, node: Any, text: str) -> BNode:
        if len(text) == 2:
            self.fail(node, "a blank node label needs a name after '_:'")
        bnode = self.labels.get(text)
        if bnode is None:
            bnode = self.labels[text] = _bnode()
        return bnode

    def string(self, node: Any, message: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            self.fail(node, message)
        return node.value

    def items(self, node: Any) -> list[Any]:
        if isinstance(node, SequenceNode):
            return node.value
        return [node]


def _controlled_message(iri: str, text: str, key: str, known: frozenset[str]) -> str:
    namespace = iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]
    locals_ = (k[len(namespace):] for k in known if k.startswith(namespace))
    options = sorted(o for o in locals_ if o and "/" not in o)
    if not options:
        return f"unknown value '{text}' for '{key}': <{iri}> is not in any known vocabulary"
    local = iri[len(namespace):]
    close = difflib.get_close_matches(local, options, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    shown = options if len(options) <= 40 else options[:40] + ["..."]
    return f"unknown value '{text}' for '{key}'{hint}; expected one of: {', '.join(shown)}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_file(path: Path, context: Context, known_iris: frozenset[str] = frozenset()) -> ParsedFile:
    """Load a case or library file (YAML, or JSON in the same shape).

    ``known_iris`` holds the concept IRIs of the controlled vocabularies; an
    IRI under the vocab namespace that is not in it is an error.  An empty set
    disables that check (e.g. before the vocabularies are loaded).
    """
    path = Path(path)
    data = _read(path)
    converter = _Converter(path, known_iris)
    kind, name = converter.document(_compose(data, path), context)
    graphs = {name: list(dict.fromkeys(converter.triples))}
    if converter.labels or converter.lists:  # YAML nesting is limited already; labels and lists can go deeper
        labels = {bnode: label for label, bnode in converter.labels.items()}
        _check_blank_depth(path, data.decode("utf-8"), graphs, labels)
    return ParsedFile(path, _sha256(data), graphs, kind)


def _check_blank_depth(path: Path, text: str, graphs: dict[URIRef, list[Triple]],
                       labels: dict[Node, str] | None = None) -> None:
    """Refuse blank nodes nested more than ``MAX_DEPTH`` deep, whether written nested, chained by labels
    or as the cells of a long list (``limits.deep_blank_node``).

    ``dump_case`` and rdflib's Turtle, JSON-LD and pretty RDF/XML writers recurse once per nested blank
    node, so a chain of thousands would load and then break every export of the graph. The position is
    that of the label of the deepest node or of its nearest labelled ancestor, when the file has one.
    """
    labels = labels or {}
    for triples in graphs.values():
        found = deep_blank_node((s, o) for s, p, o in triples if isinstance(s, BNode) and isinstance(o, BNode))
        if found is not None:
            node, parent = found
            while node not in labels and node in parent:
                node = parent[node]
            where = _locate(text, labels[node]) if node in labels else (1, 1)
            raise CaseFileError(path, *where, too_deep("blank nodes (nested objects without an id, list cells)"))


def parse_any(path: Path, context: Context, known_iris: frozenset[str] = frozenset()) -> ParsedFile:
    """Load any supported file, choosing the reader by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _CASE_SUFFIXES:
        return parse_file(path, context, known_iris)
    if suffix in _RDF_FORMATS:
        return parse_rdf_file(path, context)
    expected = ", ".join(sorted(_CASE_SUFFIXES | set(_RDF_FORMATS)))
    raise CaseFileError(path, 1, 1, f"unsupported file type '{suffix}' (expected one of {expected})")


def to_jsonld(text: str, context: Context, *, inline_context: bool = False, path: Path | None = None) -> Any:
    """A YAML case or library file as the JSON-LD document a generic processor should read.

    Scalars are converted with the loader's rules (values of datatyped terms
    keep their exact text, other scalars follow the YAML 1.2 core schema), so
    the result denotes the same graph as ``parse_file``; ``yaml.safe_load``
    would turn ``2024-01-01`` into a date and a YAML 1.1 ``no`` into false.
    With ``inline_context`` the project context IRI is replaced by the context
    itself, so that a processor never fetches it.  This does not validate:
    use ``parse_file`` for that.
    """
    where = Path(path) if path is not None else Path("<text>")
    root = _compose(text.encode("utf-8"), where)
    if not isinstance(root, MappingNode):
        raise CaseFileError(where, 1, 1, "the top level must be a mapping")
    ctx = context
    for key, value in root.value:
        if key.value == "@context":
            ctx = _Converter(where, frozenset()).local_context(value, context)
    try:
        return _JsonLdWriter(context.document if inline_context else None).node(root, ctx)
    except _NodeError as exc:
        mark = exc.node.start_mark
        raise CaseFileError(where, mark.line + 1, mark.column + 1, exc.message) from None


class _JsonLdWriter:
    """YAML node tree -> JSON data, tracking the active context only to know which terms are datatyped."""

    def __init__(self, inline: Any) -> None:
        self.inline = inline

    def node(self, node: MappingNode, ctx: Context) -> dict[str, Any]:
        if _is_value_object(node):
            parts = {k.value: v for k, v in node.value}
            out = {k: _plain_value(v) for k, v in parts.items() if k != "@value"}
            value = parts["@value"]
            out["@value"] = value.value if "@type" in parts else _plain_value(value)
            return out
        out = {}
        for key_node, value in node.value:
            key = key_node.value
            if key == "@context":
                out[key] = self.context_value(_plain_value(value))
                continue
            term = ctx.terms.get(key)
            node_ctx = _scopes(ctx, term)[1] if term is not None else ctx
            out[key] = self.value(value, term, node_ctx)
        return out

    def value(self, node: Any, term: Term | None, ctx: Context) -> Any:
        if isinstance(node, MappingNode):
            return self.node(node, ctx)
        if isinstance(node, SequenceNode):
            return [self.value(item, term, ctx) for item in node.value]
        if term is not None and term.coerce not in (None, "@id", "@vocab"):
            return node.value
        return _plain_value(node)

    def context_value(self, value: Any) -> Any:
        if self.inline is None:
            return value
        if value == CONTEXT_IRI:
            return self.inline
        return [self.inline, *value[1:]]


# --------------------------------------------------------------------------
# Plain RDF files
# --------------------------------------------------------------------------


def parse_rdf_file(path: Path, context: Context | None = None) -> ParsedFile:
    """Load Turtle, TriG, JSON-LD or RDF/XML with rdflib, N-Triples and N-Quads with Oxigraph.

    Nothing is fetched: a JSON-LD ``@context`` may only be the project context
    IRI (replaced by ``context``, which is then required) or inline objects.
    Triples outside any named graph go to the graph of the single
    ``sc:SafetyCase`` subject, or else to a graph named after the file.
    The limits of ``limits`` hold for every format: file size, value length,
    nesting (checked before the parser recurses), and JSON-LD keys are distinct.
    N-Triples and N-Quads leave nothing for a parser to interpret, and rdflib's
    reader slows down with the square of a line's length, so Oxigraph reads them.
    """
    path = Path(path)
    data = _read(path)
    fmt = _RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CaseFileError(path, 1, 1, f"'{path.suffix}' is not an RDF file suffix")
    text = _utf8(data, path) if fmt != "xml" else data.decode("utf-8", "replace")
    labels: dict[Node, str] = {}
    try:
        if fmt in ("nt", "nquads"):
            graphs = _parse_lines(path, data, fmt, labels)
        else:
            graphs = _graphs_of(_parse_with_rdflib(path, data, text, fmt, context), path)
    except InputProblem as problem:
        raise problem.at(path) from None
    _check_lengths(path, text, graphs)
    _check_blank_depth(path, text, graphs, labels)
    return ParsedFile(path, _sha256(data), graphs, "rdf")


def _parse_with_rdflib(path: Path, data: bytes, text: str, fmt: str, context: Context | None) -> Dataset:
    if fmt == "json-ld":
        check_json(text)
    elif fmt in ("turtle", "trig"):
        check_turtle_depth(text)
    elif fmt == "xml":
        _check_xml(path, data)
        check_xml_depth(data)
    dataset = Dataset()
    try:
        if fmt == "json-ld":
            _parse_jsonld(path, text, context, dataset)
        else:
            dataset.parse(data=data, format=fmt, publicID=RDF_FILE_BASE)
    except CaseFileError:
        raise
    except Exception as exc:  # rdflib raises many types; all become located errors
        raise _rdf_error(path, data, fmt, exc) from exc
    return dataset


def _parse_lines(path: Path, data: bytes, fmt: str, labels: dict[Node, str]) -> dict[URIRef, list[Triple]]:
    """N-Triples or N-Quads read by Oxigraph; each blank node label gets a fresh node, as in rdflib.
    ``labels`` receives each fresh node's label in the file, to locate errors found later."""
    fresh: dict[str, BNode] = {}

    def term(node: Any) -> Node:
        if isinstance(node, ox.BlankNode):
            bnode = fresh.get(node.value)
            if bnode is None:
                bnode = fresh[node.value] = _bnode()
                labels[bnode] = "_:" + node.value
            return bnode
        if isinstance(node, ox.Triple):
            raise CaseFileError(path, *_locate(data.decode("utf-8", "replace"), "<<"),
                                f"invalid {fmt}: RDF-star quoted triples are not supported")
        return from_ox(node)

    graphs: dict[URIRef, list[Triple]] = {}
    default: list[Triple] = []
    rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.N_QUADS
    try:
        for quad in ox.parse(data, format=rdf_format, base_iri=RDF_FILE_BASE):
            triple = (term(quad.subject), from_ox(quad.predicate), term(quad.object))
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs.setdefault(URIRef(quad.graph_name.value), []).append(triple)
            else:
                default.append(triple)
    except SyntaxError as exc:
        raise CaseFileError(path, exc.lineno or 1, exc.offset or 1, f"invalid {fmt}: {exc.msg}") from None
    except MemoryError:  # Oxigraph's parser refuses a token over 16 MiB; the longest line holds it
        raise CaseFileError(path, _longest_line(data), 1, f"a term of more than 16 MiB; the limit is "
                                                          f"{MAX_VALUE_CHARS:,} characters per value") from None
    if default:
        graphs.setdefault(_default_graph_name(default, path), []).extend(default)
    return graphs


def _longest_line(data: bytes) -> int:
    lengths = [len(line) for line in data.split(b"\n")]
    return lengths.index(max(lengths)) + 1


def _check_lengths(path: Path, text: str, graphs: dict[URIRef, list[Triple]]) -> None:
    """Refuse a term over the value limit, found again in the file by its text (parsers give no positions)."""
    for name, triples in graphs.items():
        terms = itertools.chain([name], (term for triple in triples for term in triple))
        long = first_long_value(terms)
        if long is not None:
            what = "literal" if isinstance(long, Literal) else "IRI" if isinstance(long, URIRef) else "term"
            raise CaseFileError(path, *locate_value(text, long), value_too_long(len(long), what))


def _parse_jsonld(path: Path, text: str, context: Context | None, dataset: Dataset) -> None:
    document = _localize(json.loads(text), context, path, text)
    dataset.parse(data=json.dumps(document), format="json-ld", publicID=RDF_FILE_BASE)


def _localize(value: Any, context: Context | None, path: Path, text: str) -> Any:
    """Replace the project context IRI by the local context; refuse anything that would be fetched."""
    if isinstance(value, list):
        return [_localize(v, context, path, text) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "@import":
            message = "@import is not allowed (contexts are never fetched)"
            raise CaseFileError(path, *_locate(text, '"@import"'), message)
        convert = _local_context if key == "@context" else _localize
        out[key] = convert(item, context, path, text)
    return out


def _local_context(value: Any, context: Context | None, path: Path, text: str) -> Any:
    if isinstance(value, list):
        return [_local_context(v, context, path, text) for v in value]
    if not isinstance(value, str):
        return _localize(value, context, path, text)
    where = _locate(text, json.dumps(value))
    if value != CONTEXT_IRI:
        message = f"remote @context '{value}' is not allowed (contexts are never fetched)"
        raise CaseFileError(path, *where, message)
    if context is None:
        raise CaseFileError(path, *where, "this file uses the project context but none was given")
    return context.document


_XML_EXTERNAL = re.compile(
    rb"<!ENTITY\s+%|<!ENTITY\s+\S+\s+(?:SYSTEM|PUBLIC)\b|<!DOCTYPE\s+[^\[>]*\b(?:SYSTEM|PUBLIC)\b"
)


def _check_xml(path: Path, data: bytes) -> None:
    """Refuse external entities and DTDs: they could read local files or reach the network.
    Internal entities (common in OWL files) are left to expat, which limits expansion."""
    match = _XML_EXTERNAL.search(data)
    if match:
        line = data.count(b"\n", 0, match.start()) + 1
        column = match.start() - (data.rfind(b"\n", 0, match.start()) + 1) + 1
        raise CaseFileError(path, line, column, "external entities and DTDs are not allowed in RDF/XML")


def _rdf_error(path: Path, data: bytes, fmt: str, exc: Exception) -> CaseFileError:
    line, column, message = 1, 1, f"{type(exc).__name__}: {exc}"
    if hasattr(exc, "_why") and hasattr(exc, "lines"):  # rdflib's Turtle/TriG BadSyntax
        text, index = getattr(exc, "_str", b""), getattr(exc, "_i", 0)
        line, message = exc.lines + 1, str(exc._why)
        column = index - (text.rfind(b"\n", 0, index) + 1) + 1 if isinstance(text, bytes) else 1
    elif hasattr(exc, "getLineNumber"):  # SAX (RDF/XML)
        line, column, message = exc.getLineNumber(), exc.getColumnNumber() + 1, exc.getMessage()
    elif isinstance(exc, json.JSONDecodeError):
        line, column, message = exc.lineno, exc.colno, exc.msg
    return CaseFileError(path, max(line, 1), max(column, 1), f"invalid {fmt}: {message}")


def _graphs_of(dataset: Dataset, path: Path) -> dict[URIRef, list[Triple]]:
    graphs: dict[URIRef, list[Triple]] = {}
    default: list[Triple] = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if isinstance(g, URIRef) and g != DATASET_DEFAULT_GRAPH_ID:
            graphs.setdefault(g, []).append((s, p, o))
        else:
            default.append((s, p, o))
    if default:
        graphs.setdefault(_default_graph_name(default, path), []).extend(default)
    return graphs


def _default_graph_name(triples: list[Triple], path: Path) -> URIRef:
    cases = {s for s, p, o in triples if p == RDF.type and o == SAFETY_CASE and isinstance(s, URIRef)}
    if len(cases) == 1:
        return next(iter(cases))  # type: ignore[return-value]
    return URIRef(FILE_GRAPH_NS + quote(path.stem, safe="-._~"))


# --------------------------------------------------------------------------
# triples -> YAML
# --------------------------------------------------------------------------


class _Index:
    """Subject -> predicate -> objects for one graph, with the reference counts
    that decide nesting, list syntax and blank node labels."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.props: dict[Node, dict[URIRef, list[Node]]] = {}
        self.refs: Counter[Node] = Counter()
        for s, p, o in dict.fromkeys(triples):
            if isinstance(s, Literal) or not isinstance(p, URIRef):
                raise ValueError(f"not an RDF triple: {(s, p, o)!r}")
            self.props.setdefault(s, {}).setdefault(p, []).append(o)
            if not isinstance(o, Literal):
                self.refs[o] += 1
        self._signatures: dict[Node, str] = {}

    def sort_key(self, node: Node) -> tuple[Any, ...]:
        if isinstance(node, URIRef):
            return (0, str(node))
        if isinstance(node, Literal):
            return (1, str(node), str(node.datatype or ""), node.language or "")
        return (2, self.signature(node))

    def signature(self, node: Node) -> str:
        """A content-based key for blank nodes, so ordering does not depend on random ids.

        The parts are joined as text, not as ``repr`` of the sort keys: a repr escapes the quotes
        and backslashes of the nested signatures again at every level, so its length doubled with
        each level of nesting and a case nested thirty blank nodes deep took minutes to write."""
        if node not in self._signatures:
            self._signatures[node] = "(cycle)"
            parts = sorted(
                f"{p} " + " ".join(map(str, self.sort_key(o)))
                for p, objects in self.props.get(node, {}).items() for o in objects
            )
            self._signatures[node] = "[" + " ".join(parts) + "]"
        return self._signatures[node]

    def objects(self, subject: Node, predicate: URIRef) -> list[Node]:
        return sorted(self.props[subject][predicate], key=self.sort_key)

    def list_items(self, head: Node) -> tuple[list[Node], list[Node]] | None:
        """(items, cells) if ``head`` is a well-formed RDF list used only once, else None."""
        items: list[Node] = []
        cells: list[Node] = []
        node = head
        while node != RDF.nil:
            props = self.props.get(node, {})
            if not isinstance(node, BNode) or self.refs[node] != 1 or node in cells:
                return None
            if props.keys() != {RDF.first, RDF.rest} or len(props[RDF.first]) + len(props[RDF.rest]) != 2:
                return None
            cells.append(node)
            items.append(props[RDF.first][0])
            node = props[RDF.rest][0]
        return items, cells


_KIND_RANK = {"@id": 0, "@vocab": 1, None: 2}
Edge = tuple[Node, URIRef, Node]


class _Writer:
    """Lays out one graph as a tree of node objects, then renders it.

    Layout is breadth-first from the case node, so a node is nested under the
    shallowest referrer (the first in sorted order); what cannot be reached is
    listed under ``graph``.  Every rendered string is checked to expand back
    to the same IRI with the parser's own functions.
    """

    def __init__(self, graph_iri: URIRef, index: _Index, ctx: Context) -> None:
        self.root = graph_iri
        self.ix = index
        self.ctx = ctx
        self.home: dict[Node, Edge] = {}
        self.node_ctx: dict[Node, Context] = {}
        self.lists: dict[Edge, tuple[Term, list[Node]]] = {}
        self.cells: set[Node] = set()
        self.top: list[Node] = []
        self.labels: dict[Node, str] = {}

    # -- layout ----------------------------------------------------------------

    def layout(self) -> None:
        queue: deque[Node] = deque()
        if self.root in self.ix.props:
            self.place_top(self.root, queue)
        for node in sorted(self.ix.props, key=self.top_order):
            if node not in self.node_ctx and node not in self.cells:
                self.place_top(node, queue)

    def top_order(self, node: Node) -> tuple[Any, ...]:
        """Unreferenced nodes first: they start trees that the referenced ones can nest in."""
        return (self.ix.refs[node] > 0, self.ix.sort_key(node))

    def place_top(self, node: Node, queue: deque[Node]) -> None:
        self.top.append(node)
        self.node_ctx[node] = self.ctx
        queue.append(node)
        while queue:
            subject = queue.popleft()
            ctx = self.node_ctx[subject]
            for predicate in sorted(self.ix.props[subject], key=str) if subject in self.ix.props else []:
                for obj in self.ix.objects(subject, predicate):
                    self.plan(subject, predicate, obj, ctx, queue)

    def plan(self, subject: Node, predicate: URIRef, obj: Node, ctx: Context, queue: deque[Node]) -> None:
        if isinstance(obj, Literal) or (predicate == RDF.type and isinstance(obj, URIRef)):
            return
        edge = (subject, predicate, obj)
        listed = self.list_term(predicate, obj, ctx)
        if listed is not None:
            term, items, cells = listed
            self.lists[edge] = (term, items)
            self.cells.update(cells)
            node_ctx = _scopes(ctx, term)[1]
            for item in items:
                self.claim(item, edge, node_ctx, queue)
            return
        term = self.node_term(predicate, ctx)
        if term is not None:
            self.claim(obj, edge, _scopes(ctx, term)[1], queue)

    def claim(self, node: Node, edge: Edge, ctx: Context, queue: deque[Node]) -> None:
        if isinstance(node, Literal) or node == self.root or node in self.node_ctx or node in self.cells:
            return
        if isinstance(node, URIRef) and node not in self.ix.props:
            return  # a plain reference
        self.home[node] = edge
        self.node_ctx[node] = ctx
        queue.append(node)

    def list_term(
        self, predicate: URIRef, obj: Node, ctx: Context
    ) -> tuple[Term, list[Node], list[Node]] | None:
        if obj in self.node_ctx or obj in self.cells:
            return None
        terms = [t for t in ctx.terms_for(str(predicate)) if t.is_list]
        found = self.ix.list_items(obj) if terms else None
        if found is None:
            return None
        items, cells = found
        for term in terms:
            if term.coerce in (None, "@id", "@vocab") or all(isinstance(i, Literal) for i in items):
                return term, items, cells
        return None

    def node_term(self, predicate: URIRef, ctx: Context) -> Term | None:
        """The key under which a node object for ``predicate`` can be nested."""
        terms = [t for t in ctx.terms_for(str(predicate)) if not t.is_list and t.coerce in _KIND_RANK]
        if terms:
            return min(terms, key=lambda t: (_KIND_RANK[t.coerce], t.name))
        if _iri_key_problem(str(predicate), ctx) is None:
            return _iri_term(str(predicate))
        return None

    # -- rendering ---------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        self.layout()
        head: dict[str, Any] = {"@context": CONTEXT_IRI}
        if not self.top:
            return head | {self.ctx.keyword("@id"): self.compact_id(self.root, self.ctx)}
        if self.top == [self.root]:
            return head | self.render_node(self.root)
        head[self.ctx.keyword("@id")] = self.compact_id(self.root, self.ctx)
        nodes = list(self.top)
        if nodes[0] == self.root and self.simple_root():
            body = self.render_node(self.root)
            body.pop(self.ctx.keyword("@id"))
            head.update(body)
            nodes.pop(0)
        head[self.ctx.keyword("@graph")] = [self.render_node(n) for n in nodes]
        return head

    def simple_root(self) -> bool:
        """Can the graph's own node sit next to 'graph' (type and literal properties only)?"""
        for predicate, objects in self.ix.props[self.root].items():
            for obj in objects:
                if predicate == RDF.type and isinstance(obj, URIRef):
                    continue
                if not isinstance(obj, Literal):
                    return False
                if self.best_value(predicate, obj, self.ctx)[0].coerce in ("@id", "@vocab"):
                    return False
        return True

    def render_node(self, node: Node) -> dict[str, Any]:
        ctx = self.node_ctx[node]
        out: dict[str, Any] = {}
        ident = self.node_id(node, ctx)
        if ident is not None:
            out[ctx.keyword("@id")] = ident
        groups: dict[str, list[Any]] = {}
        types: list[str] = []
        for predicate in sorted(self.ix.props.get(node, {}), key=str):
            for obj in self.ix.objects(node, predicate):
                if predicate == RDF.type and isinstance(obj, URIRef):
                    types.append(self.compact_type(obj, ctx))
                    continue
                key, value, is_list = self.render_edge(node, predicate, obj, ctx)
                if is_list and key in groups:
                    raise ValueError(f"two lists under '{key}' on {node} cannot be written")
                groups.setdefault(key, []).extend([value] if not is_list else value)
                if is_list:
                    groups[key] = [value]
        if types:
            out[ctx.keyword("@type")] = types[0] if len(types) == 1 else types
        for key in sorted(groups):
            values = groups[key]
            out[key] = values[0] if len(values) == 1 else values
        return out

    def render_edge(self, subject: Node, predicate: URIRef, obj: Node, ctx: Context) -> tuple[str, Any, bool]:
        edge = (subject, predicate, obj)
        if edge in self.lists:
            term, items = self.lists[edge]
            value_ctx, node_ctx = _scopes(ctx, term)
            rendered = [self.render_item(item, term, value_ctx, node_ctx, edge) for item in items]
            return term.name, rendered, True
        if self.home.get(obj) == edge:
            term = self.node_term(predicate, ctx)
            assert term is not None
            return term.name, self.render_node(obj), False
        term, value = self.best_value(predicate, obj, ctx)
        return term.name, value, False

    def render_item(self, item: Node, term: Term, value_ctx: Context, node_ctx: Context, edge: Edge) -> Any:
        if self.home.get(item) == edge:
            return self.render_node(item)
        value = self.term_value(term, item, value_ctx, node_ctx)
        if value is None:
            raise ValueError(f"cannot write {item!r} in the list '{term.name}'")
        return value

    def best_value(self, predicate: URIRef, obj: Node, ctx: Context) -> tuple[Term, Any]:
        """The key and value that write ``obj`` most compactly: scalars before mappings,
        terms before absolute-IRI keys, then the shortest value."""
        terms = [t for t in ctx.terms_for(str(predicate)) if not t.is_list]
        if _iri_key_problem(str(predicate), ctx) is None:
            terms.append(_iri_term(str(predicate)))
        candidates = []
        for term in terms:
            value_ctx, node_ctx = _scopes(ctx, term)
            value = self.term_value(term, obj, value_ctx, node_ctx)
            if value is not None:
                rank = (isinstance(value, dict), term.name == term.iri, len(str(value)), term.name)
                candidates.append((rank, term, value))
        if not candidates:
            raise ValueError(
                f"cannot write <{predicate}> {obj.n3()}: no term of the context fits "
                "and the predicate is in the ontology namespace"
            )
        return min(candidates, key=lambda c: c[0])[1:]

    def term_value(self, term: Term, obj: Node, value_ctx: Context, node_ctx: Context) -> Any:
        """``obj`` written under ``term`` so that it reads back unchanged, or None if it cannot be."""
        if isinstance(obj, Literal):
            return self.literal_value(term, obj, value_ctx)
        if term.coerce in ("@id", "@vocab"):
            return self.reference(obj, value_ctx, term.coerce == "@vocab")
        if term.coerce is None:
            return {node_ctx.keyword("@id"): self.reference(obj, node_ctx, vocab=False)}
        return None

    def literal_value(self, term: Term, lit: Literal, ctx: Context) -> Any:
        datatype = str(lit.datatype) if lit.datatype else None
        lexical = str(lit)
        if datatype and _lexical_problem(lexical, datatype):
            raise ValueError(f"ill-typed literal {lit.n3()} cannot be written")
        if term.coerce not in (None, "@id", "@vocab") and not lit.language:
            if datatype == term.coerce:
                return _Lexical(lexical)
        elif term.coerce is None and not lit.language:
            native = _native(lit)
            if native is not None:
                return native
        return self.value_object(lit, ctx)

    def value_object(self, lit: Literal, ctx: Context) -> dict[str, Any]:
        if lit.language:
            return {"@value": str(lit), "@language": lit.language}
        if lit.datatype:
            return {"@value": _Lexical(str(lit)), "@type": self.compact_vocab(str(lit.datatype), ctx)}
        return {"@value": str(lit)}

    def reference(self, node: Node, ctx: Context, vocab: bool) -> str:
        if isinstance(node, BNode):
            return self.label(node)
        return self.compact_vocab(str(node), ctx) if vocab else self.compact_id(node, ctx)

    def node_id(self, node: Node, ctx: Context) -> str | None:
        if isinstance(node, URIRef):
            return self.compact_id(node, ctx)
        refs = self.ix.refs[node]
        if refs >= 2 or (refs == 1 and node not in self.home):
            return self.label(node)
        return None

    def label(self, node: Node) -> str:
        if node not in self.labels:
            self.labels[node] = f"_:b{len(self.labels)}"
        return self.labels[node]

    # -- IRI compaction, verified against the loader's expansion ---------------

    def compact_id(self, iri: Node, ctx: Context) -> str:
        full = str(iri)
        candidates = []
        if ctx.base and full.startswith(ctx.base) and len(full) > len(ctx.base):
            candidates.append(full[len(ctx.base):])
        for candidate in candidates + _prefixed(full, ctx) + [full]:
            if not candidate.startswith("_:") and ctx.expand_value(candidate, vocab=False) == (None, full):
                return candidate
        raise ValueError(f"the IRI <{full}> cannot be written so that it reads back unchanged")

    def compact_vocab(self, full: str, ctx: Context, for_type: bool = False) -> str:
        names = (t.name for t in ctx.terms_for(full) if not (for_type and t.scoped is not None))
        candidates = sorted(names, key=lambda n: (len(n), n))
        if not for_type and ctx.vocab and full.startswith(ctx.vocab) and len(full) > len(ctx.vocab):
            candidates.append(full[len(ctx.vocab):])
        for candidate in candidates + _prefixed(full, ctx) + [full]:
            if for_type and candidate not in ctx.terms and ":" not in candidate:
                continue
            if not candidate.startswith("_:") and ctx.expand_value(candidate, vocab=True) == (None, full):
                return candidate
        raise ValueError(f"the IRI <{full}> cannot be written so that it reads back unchanged")

    def compact_type(self, iri: URIRef, ctx: Context) -> str:
        return self.compact_vocab(str(iri), ctx, for_type=True)


def _prefixed(full: str, ctx: Context) -> list[str]:
    """Compact-IRI spellings of ``full``, longest namespace first."""
    return [f"{p}:{full[len(ns):]}" for ns, p in ctx.prefixes() if full.startswith(ns) and full != ns]


def _native(lit: Literal) -> str | int | float | bool | None:
    """The YAML scalar that the loader turns back into exactly ``lit``, if there is one."""
    lexical, datatype = str(lit), lit.datatype
    if datatype is None:
        return lexical
    try:
        if datatype == XSD.integer and Literal(int(lexical)) == lit:
            return int(lexical)
        if datatype == XSD.boolean and lexical in ("true", "false"):
            return lexical == "true"
        if datatype == XSD.double:
            number = float(lexical)
            if math.isfinite(number) and Literal(number, datatype=XSD.double) == lit:
                return number
    except ValueError:
        return None
    return None


def dump_case(graph_iri: URIRef, triples: Iterable[Triple], context: Context) -> str:
    """Write one graph as a YAML case (or library) file that ``parse_file`` reads back
    to an isomorphic graph.

    Keys are terms of ``context`` chosen so that values are as short as
    possible; a predicate without a term is written under its absolute IRI
    (refused if it is in the ontology namespace, where it must have a term);
    literals that no term's coercion fits become value objects.  Output order
    is sorted, so the same graph always gives the same text.  Raises
    ``ValueError`` for graphs that cannot be written (ill-typed literals,
    an ontology predicate whose terms cannot hold the value).
    """
    writer = _Writer(URIRef(graph_iri), _Index(triples), context)
    return yaml.dump(writer.document(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
