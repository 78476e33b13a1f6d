"""Plain RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) to triples, nothing fetched."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax import SAXParseException

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF
from rdflib.term import Identifier, Node

from ...core.errors import CaseFileError, InputProblem
from ...core.terms import from_ox_term
from ..limits import (
    MAX_VALUE_CHARS,
    check_json,
    check_turtle_depth,
    check_xml_depth,
    first_long_value,
    locate_value,
    value_too_long,
)
from .base import (
    _RDF_FORMATS,
    CONTEXT_IRI,
    FILE_GRAPH_NS,
    RDF_FILE_BASE,
    SAFETY_CASE,
    ParsedFile,
    Triple,
    _bnode,
    _check_blank_depth,
    _sha256,
)
from .context import Context, _locate
from .yamlio import _read, _utf8

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
        return from_ox_term(node)

    graphs: dict[URIRef, list[Triple]] = {}
    default: list[Triple] = []
    rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.N_QUADS
    try:
        for quad in ox.parse(data, format=rdf_format, base_iri=RDF_FILE_BASE):
            triple = (term(quad.subject), from_ox_term(quad.predicate), term(quad.object))
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
        terms = itertools.chain([name], (term for triple in triples for term in triple if isinstance(term, Identifier)))
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
    elif isinstance(exc, SAXParseException):  # RDF/XML
        line, column, message = exc.getLineNumber() or 1, (exc.getColumnNumber() or 0) + 1, exc.getMessage()
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
        return next(iter(cases))
    return URIRef(FILE_GRAPH_NS + quote(path.stem, safe="-._~"))


