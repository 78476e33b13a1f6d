"""Writes from outside (SPARQL Update, Graph Store uploads) through the same path as ``load --strict``.

Nothing from a request is written to the store directly. A SPARQL update runs on a scratch in-memory
copy of the graphs it can touch; the graphs whose content changed are then handed, as a batch, to
``load.write_batch``, which validates them with the shapes (and the register records they cite) and
writes them in one transaction or not at all. An upload is parsed into its target graph and goes the
same way. So a write over HTTP can never leave a case with a Violation, a refused write leaves the
store exactly as it was, and a write costs what it changes, not what the store holds.

Which graphs an update can touch, it says itself (``guard.inspect_update``): a pattern outside
``GRAPH`` matches the store's default graph, which is empty, so an update reads and writes only the
graphs it names in ``GRAPH``, ``WITH``, ``USING``, ``INTO`` and the graph management operations. Only
those are copied. An update that can reach graphs it does not name (``GRAPH ?g``, ``DROP ALL``,
``CLEAR NAMED``, ...) runs on a copy of the whole dataset instead, which costs time on a large store;
its answer says so (``"copied": "all graphs"``).

What an update may touch: named graphs holding cases, registers or other data. The system graphs
(ontology, vocabularies, shapes, catalog, provenance) are read-only here, and so is the store's
default graph, which holds nothing: queries see the union of the named graphs as their default graph.
A graph that makes statements about the project's own terms is refused with 403 (see ``reserved``).
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pyoxigraph as ox
from rdflib import URIRef

from ..core.errors import InputProblem, SafetyCaseKGError
from ..core.guard import QueryRefused, inspect_update
from ..core.namespaces import CONTEXT_FILE, CONTEXT_IRI, PREFIXES, SYSTEM_GRAPHS
from ..core.storeapi import GraphSource, GraphStore
from ..core.worker import WorkerFailed, WorkerTimeout, call, run_in_worker
from .limits import (
    MAX_DEPTH,
    MAX_VALUE_CHARS,
    LimitExceeded,
    check_json,
    check_turtle_depth,
    check_xml_depth,
    deep_blank_node,
    first_long_value,
    locate_value,
    position,
    value_too_long,
)
from .load import Batch, LoadError, SystemTermsRefused, write_batch

UPLOAD_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}

# One write at a time: each write reads the store, changes a copy and writes back; two at once would
# lose one of them.
_write_lock = threading.Lock()


class WriteRefused(SafetyCaseKGError):
    """The write was refused and nothing was written. ``http_status`` is the status that fits this refusal."""

    def __init__(self, status: int, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.http_status, self.errors = status, errors or []

    def details(self) -> dict[str, Any]:
        return {"violations": self.errors}


@dataclass(frozen=True)
class WriteSummary:
    """What a write changed: the graphs rewritten (emptied graphs are dropped) and their sizes; for an
    update, whether it ran on a copy of the graphs it names or, as it can touch any graph, of all."""

    graphs: dict[str, int]
    copied: str | None = None

    def as_dict(self) -> dict:
        summary = {"changed": len(self.graphs), "graphs": self.graphs}
        return {**summary, "copied": self.copied} if self.copied else summary


def apply_update(store: GraphStore, text: str, *, agent: str, allowed_sources: Collection[str] = (),
                 base_iri: str | None = None, timeout: float | None = None) -> WriteSummary:
    """Run a SPARQL update on a copy, then validate and write the graphs it changed.

    The update itself runs in a worker process (``worker.run_in_worker``) on a scratch copy, like a
    query: a runaway update is stopped at ``timeout`` instead of holding the write lock for ever, and
    whatever the query engine does with the update text happens outside the server process.
    """
    try:
        checked = inspect_update(text, allowed_sources=allowed_sources, base_iri=base_iri)
    except QueryRefused as err:
        raise WriteRefused(400, str(err)) from None
    with _write_lock:
        scope = None if checked.any_graph else [g for g in map(URIRef, checked.graphs) if store.has_graph(g)]
        changed = _run_update(store, text, base_iri, timeout, scope)
        if scope is not None and any(g not in scope and store.has_graph(g) for g in changed):
            # a graph the update changed was not copied (its name was read differently from the
            # engine's): writing it back would lose its other triples, so run on all graphs instead
            scope, changed = None, _run_update(store, text, base_iri, timeout, None)
        summary = _commit(store, changed, f"SPARQL update by {agent}", agent)
        return WriteSummary(summary.graphs, "all graphs" if scope is None else "named graphs")


def _run_update(store: GraphStore, text: str, base_iri: str | None, timeout: float | None,
                scope: list[URIRef] | None) -> dict[URIRef, bytes]:
    """The graphs the update changes, as N-Quads, from a run on a copy of ``scope`` (None: all graphs)."""
    before = store.dump(scope)
    try:
        outcome, value = run_in_worker(call(_changes, before, text, base_iri), timeout)
    except WorkerTimeout:
        raise WriteRefused(503, f"the update ran longer than {timeout:g} s and was stopped; "
                                "nothing was written") from None
    except WorkerFailed as err:
        raise WriteRefused(500, f"the update could not be run ({err}); nothing was written") from None
    if outcome == "error":
        raise WriteRefused(400, str(value))
    return cast(dict[URIRef, bytes], value)


def _changes(before: bytes, text: str, base_iri: str | None) -> tuple[str, str | dict[URIRef, bytes]]:
    """The worker's side of ``apply_update``: the changed graphs as N-Quads, or an error message.

    ``before`` holds the graphs the update can touch; a graph it creates starts empty here as in the
    store, and one it names but does not change is left alone."""
    scratch = ox.Store()
    scratch.extend(ox.parse(before, format=ox.RdfFormat.N_QUADS))  # parse keeps blank-node labels
    try:
        scratch.update(text, prefixes=PREFIXES, base_iri=base_iri)
    except (SyntaxError, ValueError) as err:
        return "error", f"SPARQL update error: {err}"
    except (OSError, RuntimeError) as err:  # e.g. CLEAR GRAPH of a graph that does not exist
        return "error", f"SPARQL update failed: {err}"
    after = scratch.dump(format=ox.RdfFormat.N_QUADS) or b""
    try:
        changed = _changed_graphs(before, after)
    except WriteRefused as err:
        return "error", str(err)
    return "ok", {g: ox.serialize(scratch.quads_for_pattern(None, None, None, ox.NamedNode(str(g))),
                                  format=ox.RdfFormat.N_QUADS) or b"" for g in changed}


def put_graph(store: GraphStore, graph: URIRef, documents: Sequence[tuple[bytes, str]], *, agent: str,
              merge: bool = False) -> tuple[WriteSummary, bool]:
    """Replace (PUT) or add to (POST, ``merge``) one named graph with the union of the ``documents``
    (body, media type); returns the summary and whether the graph is new.

    Several documents are the parts of a ``multipart/form-data`` POST, which the Graph Store
    Protocol merges into the graph like one body.
    """
    data = b"".join(parse_upload(body, media_type, graph) for body, media_type in documents)
    with _write_lock:
        created = not store.has_graph(graph)
        if merge and not created:
            data = store.dump([graph]) + data
        return _commit(store, {graph: data}, f"graph upload by {agent}", agent), created


def delete_graph(store: GraphStore, graph: URIRef, *, agent: str) -> WriteSummary:
    """Drop one named graph, after checking that the rest still validates."""
    with _write_lock:
        if not store.has_graph(graph):
            raise WriteRefused(404, f"no graph <{graph}>")
        return _commit(store, {graph: b""}, f"graph deletion by {agent}", agent)


def parse_upload(body: bytes, media_type: str, graph: URIRef) -> bytes:
    """An uploaded document as N-Quads in ``graph``, with fresh blank nodes; refuses what is unsafe to parse.

    RDF/XML with a DOCTYPE is refused outright: Oxigraph's parser expands internal entities, which is
    how "billion laughs" documents exhaust memory, and RDF never needs a DTD. JSON-LD may use the
    project's context by its IRI (it is read from the checkout); any other remote context is refused
    by the parser, which has no document loader, so nothing is fetched. The loader's limits hold
    (``limits``): a value over the length limit or nesting over the depth limit is refused with 413
    and its position, a JSON object with a key twice with 400, before anything is stored.
    """
    fmt = UPLOAD_FORMATS.get(media_type)
    if fmt is None:
        raise WriteRefused(415, f"cannot read {media_type or 'a body without Content-Type'}; "
                                f"send one of {', '.join(UPLOAD_FORMATS)}")
    try:
        body = _checked(body, fmt)
    except InputProblem as problem:
        raise _refusal(problem, media_type) from None
    target = ox.NamedNode(str(graph))
    fresh: dict[str, ox.BlankNode] = {}

    def term(t):
        if isinstance(t, ox.BlankNode):
            return fresh.setdefault(t.value, ox.BlankNode(uuid.uuid4().hex))
        if isinstance(t, ox.Triple):
            raise WriteRefused(400, f"the {media_type} body holds an RDF-star quoted triple; they are not supported")
        return t

    try:
        quads = [ox.Quad(term(q.subject), q.predicate, term(q.object), target)
                 for q in ox.parse(body, format=fmt, base_iri=str(graph), without_named_graphs=True)]
    except (SyntaxError, ValueError) as err:
        raise WriteRefused(400, f"cannot parse the {media_type} body: {err}") from None
    except MemoryError:  # Oxigraph's parser refuses a token over 16 MiB
        raise WriteRefused(413, f"the {media_type} body holds a term of more than 16 MiB; the limit is "
                                f"{MAX_VALUE_CHARS:,} characters per value") from None
    long = first_long_value(t.value for q in quads for t in (q.subject, q.predicate, q.object)
                            if not isinstance(t, ox.Triple))  # refused above
    if long is not None:
        text = body.decode("utf-8", "replace")
        raise _refusal(LimitExceeded(*locate_value(text, long), value_too_long(len(long), "term")), media_type)
    if deep_blank_node((q.subject, q.object) for q in quads
                       if isinstance(q.subject, ox.BlankNode) and isinstance(q.object, ox.BlankNode)):
        raise WriteRefused(413, f"the {media_type} body nests blank nodes (or list cells) more than {MAX_DEPTH} "
                                f"levels deep; the limit is {MAX_DEPTH}")
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def _checked(body: bytes, fmt: ox.RdfFormat) -> bytes:
    """The body, after the checks its format needs before Oxigraph parses it."""
    if fmt == ox.RdfFormat.RDF_XML:
        check_xml_depth(_refuse_dtd(body))
    elif fmt in (ox.RdfFormat.JSON_LD, ox.RdfFormat.TURTLE):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as err:
            before = body[:err.start].decode("utf-8")
            raise InputProblem(*position(before, len(before)), "the body is not UTF-8") from None
        if fmt == ox.RdfFormat.JSON_LD:
            check_json(text)
            body = _inline_project_context(body)
        else:
            check_turtle_depth(text)
    return body


def _refusal(problem: InputProblem, media_type: str) -> WriteRefused:
    status = 413 if isinstance(problem, LimitExceeded) else 400
    return WriteRefused(status, f"the {media_type} body, line {problem.line}, column {problem.column}: {problem.message}")


def _refuse_dtd(body: bytes) -> bytes:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WriteRefused(400, "RDF/XML must be UTF-8") from None
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise WriteRefused(400, "RDF/XML with a DOCTYPE or ENTITY declaration is refused: entities are not expanded here")
    return body


def _inline_project_context(body: bytes) -> bytes:
    """Replace the project's context IRI by the context itself, so case files in JSON-LD need no fetch."""
    if CONTEXT_IRI.encode() not in body:
        return body
    try:
        doc = json.loads(body)
    except ValueError:
        return body  # the parser reports the syntax error with its position
    local = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]

    def fix(node):
        if isinstance(node, dict):
            return {k: (_swap(v, local) if k == "@context" else fix(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(n) for n in node]
        return node

    return json.dumps(fix(doc)).encode("utf-8")


def _swap(context, local):
    if context == CONTEXT_IRI:
        return local
    if isinstance(context, list):
        return [local if c == CONTEXT_IRI else c for c in context]
    return context


def _changed_graphs(before: bytes, after: bytes) -> set[URIRef]:
    """The graphs with a quad added or removed, from the two dumps (same serializer, same lines)."""
    diff = set(before.splitlines()) ^ set(after.splitlines())
    graphs: set[URIRef] = set()
    for quad in ox.parse(b"\n".join(diff), format=ox.RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise WriteRefused(400, "the update writes to the default graph; put data in a named graph "
                                    "(GRAPH <...> { ... }): the default graph is the union of the named graphs")
        graphs.add(URIRef(quad.graph_name.value))
    return graphs


def _commit(store: GraphStore, new: Mapping[URIRef, bytes], label: str, agent: str) -> WriteSummary:
    """Validate the changed graphs and write them in one transaction (the load path, always strict)."""
    system = sorted(str(g) for g in new if g in SYSTEM_GRAPHS)
    if system:
        raise WriteRefused(403, f"system graphs are read-only over HTTP: {', '.join(system)}")
    if not new:
        return WriteSummary({})
    batch = Batch(files=[label], nquads=dict(new),
                  sources={g: GraphSource(label, "sha256:" + hashlib.sha256(data).hexdigest()) for g, data in new.items()})
    try:
        write_batch(store, batch, strict=True, agent=agent, workers=1)
    except SystemTermsRefused as err:
        raise WriteRefused(403, "refused, store unchanged: data may not describe the project's own terms",
                           err.errors) from None
    except LoadError as err:
        raise WriteRefused(422, "refused, store unchanged: the change would leave a Violation", err.errors) from None
    return WriteSummary({str(g): data.count(b"\n") for g, data in new.items()})
