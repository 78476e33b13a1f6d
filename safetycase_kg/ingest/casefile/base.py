"""Constants, XSD lexical forms and term constructors shared by the reader and the writer."""

from __future__ import annotations

import calendar
import hashlib
import itertools
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ...core.errors import CaseFileError
from ...core.namespaces import CONTEXT_IRI, GRAPH, ID, SC, VOCAB  # noqa: F401 - CONTEXT_IRI for the other modules
from ..limits import deep_blank_node, too_deep

ONTOLOGY_NS = str(SC)
VOCAB_NS = str(VOCAB)
FILE_GRAPH_NS = str(GRAPH) + "file/"
# Relative IRIs in Turtle/RDF-XML/JSON-LD files resolve like case-file ids, not
# against the file's location, so graphs do not depend on where a checkout lives.
RDF_FILE_BASE = str(ID)
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
    return match is not None and _valid_ymd(*match.groups())


def _is_datetime(text: str) -> bool:
    match = _DATETIME_RE.fullmatch(text)
    return match is not None and _valid_ymd(*match.groups()[:3]) and _valid_hms(*match.groups()[3:])


def _is_time(text: str) -> bool:
    match = _TIME_RE.fullmatch(text)
    return match is not None and _valid_hms(*match.groups())


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


Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class ParsedFile:
    """The triples of one input file, by named graph, plus what is needed to detect changes."""

    path: Path
    sha256: str
    graphs: dict[URIRef, list[Triple]]
    kind: str  # "case" | "library" | "rdf"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


def _locate(text: str, needle: str) -> tuple[int, int]:
    """Line and column of the first occurrence of ``needle`` (for errors found after parsing)."""
    index = text.find(needle)
    if index < 0:
        return 1, 1
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
