"""The HTTP server: SPARQL 1.1 Protocol at /sparql, Graph Store Protocol at /data, named queries.

Views only translate HTTP into calls to the core modules and their outcomes into status codes:
``access`` picks the tier, ``guard`` refuses what must not run, ``execute`` runs a query within the
limits in a worker process, ``writes`` sends every write through the validated load path, ``redact``
gives the public tier its view. Every error is a JSON object ``{"error": ..., "status": ...}``.
The human pages live in ``pages`` and read ``current_store()`` like everything else.
"""

from __future__ import annotations

import codecs
import json
import logging
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Flask, Response, g, jsonify, request
from flask.typing import ResponseReturnValue
from rdflib import Graph, URIRef
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException

from ..analysis.redact import public_views
from ..analysis.standing import judge_whole_stores_apart
from ..core.errors import SafetyCaseKGError
from ..core.execute import run_limited
from ..core.guard import inspect_query
from ..core.mirror import mirrors
from ..core.namespaces import EXAMPLES_DIR, GRAPH
from ..core.sparql import load_library
from ..core.store import Store
from ..core.storeapi import GraphStore
from ..core.tiers import PUBLIC, REVIEWER
from ..core.worker import WorkerPool, WorkerTimeout
from ..ingest.writes import WriteSummary, apply_update, delete_graph, put_graph
from ..outputs.reports.compliance import resolve_framework
from ..outputs.service import dataset_description, service_description
from . import pages
from .access import WRITER, require, sees_full_store, tier_for
from .config import ServerConfig
from .context import current_disclosure, current_store
from .health import Health
from .warmup import Warmer

access_log = logging.getLogger("safetycase_kg.access")

SELECT_OFFERS = {"application/sparql-results+json": "json", "application/json": "json",
                 "application/sparql-results+xml": "xml", "text/csv": "csv", "text/tab-separated-values": "tsv"}
ASK_OFFERS = {k: v for k, v in SELECT_OFFERS.items() if v != "csv"}  # SPARQL CSV has no boolean form
GRAPH_OFFERS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
                "application/rdf+xml": "xml"}
OFFERS_BY_FORM = {"SELECT": SELECT_OFFERS, "ASK": ASK_OFFERS, "CONSTRUCT": GRAPH_OFFERS, "DESCRIBE": GRAPH_OFFERS}
SPARQL_PARAMETERS = ("query", "update", "default-graph-uri", "named-graph-uri", "using-graph-uri",
                     "using-named-graph-uri")

TRUNCATED_HEADER = "X-Result-Truncated"
ROWS_HEADER = "X-Result-Rows"


class HTTPError(SafetyCaseKGError):
    """A protocol error found by a view, to answer with ``status`` and a JSON body."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.http_status, self.extra = status, extra

    def details(self) -> dict[str, Any]:
        return self.extra


def tier_views(store: GraphStore, config: ServerConfig) -> dict[str, GraphStore]:
    """The dataset each disclosure tier reads: the in-memory copy of the full store when it has one (``core.mirror``),
    and the public view."""
    return {REVIEWER: mirrors.get(store, config.in_memory_max_quads), PUBLIC: public_views.get(store)}


def create_app(store: GraphStore, config: ServerConfig | None = None, health: Health | None = None) -> Flask:
    config = config or ServerConfig()
    health = health or Health(store, config.query_timeout, config.in_memory_max_quads)
    pool = WorkerPool(lambda: tier_views(store, config), size=config.query_workers, memory=config.query_memory_bytes)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes

    @app.before_request
    def choose_view() -> Response | None:
        """Pick the tier from the bearer token and the dataset it may see: the public tier gets the redacted copy."""
        g.start, g.rows, g.tier = time.perf_counter(), None, None
        if request.content_length is not None and request.content_length > config.max_request_bytes:
            return _error(413, f"the request body is larger than {config.max_request_bytes} bytes")
        g.tier = tier_for(request.headers.get("Authorization"), config.tokens)
        # the full store is read from its in-memory copy when it has one (``core.mirror``); writes go to ``store``
        g.store = mirrors.get(store, config.in_memory_max_quads) if sees_full_store(g.tier) else public_views.get(store)
        return None

    @app.after_request
    def log_request(response: Response) -> Response:
        health.record(response.status_code)
        _log(config.log_format, response.status_code)
        return response

    @app.errorhandler(SafetyCaseKGError)
    def refused(err: SafetyCaseKGError) -> Response:
        """Every error the package raises on purpose: its own status, message and details (positions, violations)."""
        return _error(err.http_status, str(err), **err.details())

    @app.errorhandler(HTTPException)
    def werkzeug_error(err: HTTPException) -> Response:
        return _error(err.code or 500, err.description or err.name)

    @app.errorhandler(Exception)
    def unexpected(err: Exception) -> Response:
        app.logger.exception("unexpected error")
        return _error(500, f"internal error: {type(err).__name__}")

    app.register_blueprint(pages.bp)

    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        """For a process manager: 200 while the store reads and query workers start, 503 otherwise."""
        report = health.check()
        return jsonify(report), 200 if report["healthy"] else 503

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        params = _sparql_parameters()
        if request.method in ("GET", "HEAD") and not params:
            return _describe(service_description(current_store(), request.base_url,
                                                 federation=bool(config.service_allowlist)))
        if request.method == "POST" and request.mimetype == "application/sparql-update":
            _refuse_parameters(params, ("query", "update"), "the update is the request body")
            return _update(_body_text(), params)
        if request.method == "POST" and request.mimetype == "application/sparql-query":
            _refuse_parameters(params, ("query", "update"), "the query is the request body")
            text = _body_text()
        else:
            if "update" in params:
                if "query" in params:
                    raise HTTPError(400, "send either 'query' or 'update', not both")
                if request.method != "POST":
                    raise HTTPError(400, "updates must be sent with POST")
                return _update(_single(params, "update"), params)
            text = _single(params, "query")
        if not text.strip():
            raise HTTPError(400, "missing 'query' parameter")
        return _query(text, params.get("default-graph-uri", []), params.get("named-graph-uri", []))

    def _query(text: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> Response:
        checked = inspect_query(text, allowed_services=config.service_allowlist,
                                local_graphs=_LocalGraphs(current_store()), base_iri=request.base_url)
        mime, fmt = _negotiate(OFFERS_BY_FORM[checked.form])
        dataset: dict[str, Any] = {}
        if default_graphs or named_graphs:  # the protocol's dataset replaces the query's FROM clauses
            dataset = {"graphs": _iris(default_graphs), "named_graphs": _iris(named_graphs)}
        elif checked.has_dataset:
            dataset = {"query_dataset": True}
        return _run(text, mime, fmt, base_iri=request.base_url, **dataset)

    def _run(text: str, mime: str, fmt: str, **dataset: Any) -> Response:
        try:
            answer = run_limited(current_store(), text, fmt, max_rows=config.max_rows, timeout=config.query_timeout,
                                 pool=pool, role=current_disclosure(), **dataset)
        except WorkerTimeout:
            raise WorkerTimeout(f"the query ran longer than {config.query_timeout:g} s and was stopped") from None
        g.rows = answer.rows
        headers = {"Vary": "Accept, Authorization", ROWS_HEADER: str(answer.rows)}
        if answer.truncated:
            headers[TRUNCATED_HEADER] = f"true; max-rows={config.max_rows}"
        return Response(answer.body, mimetype=mime, headers=headers)

    def _update(text: str, params: dict[str, list[str]]) -> Response:
        if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
            raise HTTPError(400, "using-graph-uri and using-named-graph-uri are not supported; use GRAPH in the update")
        if not text.strip():
            raise HTTPError(400, "missing update text")
        require(g.tier, WRITER)
        summary = apply_update(store, text, agent=f"http {g.tier}", allowed_sources=config.service_allowlist,
                               base_iri=request.base_url, timeout=config.query_timeout)
        g.rows = len(summary.graphs)
        return jsonify(summary.as_dict())

    @app.get("/.well-known/void")
    def void() -> Response:
        """The VoID/DCAT description of the dataset this request's tier reads."""
        return _describe(dataset_description(current_store(), request.host_url.rstrip("/"), current_disclosure()))

    def _describe(graph: Graph) -> Response:
        mime, fmt = _negotiate(GRAPH_OFFERS)
        return Response(graph.serialize(format=fmt), mimetype=mime, headers={"Vary": "Accept, Authorization"})

    @app.get("/queries")
    def queries() -> Response:
        return jsonify([q.as_dict() for q in load_library().values()])

    @app.get("/queries/<name>")
    def named(name: str) -> Response:
        library = load_library()
        if name not in library:
            raise HTTPError(404, f"no named query {name!r}")
        text = library[name].bind(request.args.to_dict())
        checked = inspect_query(text)
        mime, fmt = _negotiate(OFFERS_BY_FORM[checked.form])
        return _run(text, mime, fmt)

    @app.route("/data", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
    def graph_store() -> ResponseReturnValue:
        if request.method == "POST" and not request.args:
            return _post_new_graph()
        graph = _target_graph()
        if request.method in ("GET", "HEAD"):  # HEAD is GET without the body, never a write
            mime, fmt = _negotiate(GRAPH_OFFERS)
            if graph is None:
                return _run("CONSTRUCT WHERE { ?s ?p ?o }", mime, fmt)
            if not current_store().has_graph(graph):
                raise HTTPError(404, f"no graph <{graph}>")
            return _run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(str(graph))} {{ ?s ?p ?o }} }}",
                        mime, fmt)
        if graph is None:
            raise HTTPError(405, "the default graph is the union of the named graphs and cannot be written; "
                                 "name a graph with ?graph=IRI")
        require(g.tier, WRITER)
        if request.method == "DELETE":
            summary, created = _write(lambda agent: (delete_graph(store, graph, agent=agent), False))
        else:
            summary, created = _write(lambda agent: put_graph(store, graph, _documents(), agent=agent,
                                                              merge=request.method == "POST"))
        return jsonify(summary.as_dict()), 201 if created else 200

    def _post_new_graph() -> Response:
        """POST to the graph store itself: a new graph named here; 201 with the graph's IRI as Location
        (graphs are identified indirectly, so the client reads it back with ?graph=IRI)."""
        require(g.tier, WRITER)
        graph = GRAPH[f"posted/{uuid.uuid4()}"]
        summary, _ = _write(lambda agent: put_graph(store, graph, _documents(), agent=agent))
        response = jsonify(summary.as_dict())
        response.status_code = 201
        response.headers["Location"] = str(graph)
        return response

    def _write(change: Callable[[str], tuple[WriteSummary, bool]]) -> tuple[WriteSummary, bool]:
        summary, created = change(f"http {g.tier}")
        g.rows = sum(summary.graphs.values())
        return summary, created

    return app


class _LocalGraphs:
    """The graph names of a store, as a container the guard can ask without listing them all."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def __contains__(self, iri: object) -> bool:
        try:
            return self._store.has_graph(URIRef(str(iri)))
        except ValueError:
            return False


def _sparql_parameters() -> dict[str, list[str]]:
    """The protocol parameters from the URL and a form body, decoded as strict UTF-8.

    Werkzeug replaces undecodable bytes with U+FFFD; a query or update must arrive exactly as sent,
    so the raw query string and form body are decoded here and bad bytes are a 400.
    """
    pairs = _form_pairs(request.query_string, "the URL's query string")
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        pairs += _form_pairs(request.get_data(), "the form body", _charset())
    params: dict[str, list[str]] = {}
    for name, value in pairs:
        params.setdefault(name, []).append(value)
    return params


def _form_pairs(raw: bytes, where: str, charset: str = "utf-8") -> list[tuple[str, str]]:
    try:
        text = raw.decode("ascii")
        return parse_qsl(text, keep_blank_values=True, encoding=charset, errors="strict")
    except UnicodeDecodeError as err:
        raise HTTPError(400, f"{where} is not valid {charset.upper()} (byte {err.start})") from None
    except ValueError as err:
        raise HTTPError(400, f"cannot read {where}: {err}") from None


def _single(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) > 1:
        raise HTTPError(400, f"the '{name}' parameter is given {len(values)} times; send it once")
    return values[0] if values else ""


def _refuse_parameters(params: dict[str, list[str]], names: Sequence[str], why: str) -> None:
    given = [n for n in names if n in params]
    if given:
        raise HTTPError(400, f"'{given[0]}' may not be a parameter here: {why}")


def _charset() -> str:
    """The request's declared charset, which must be UTF-8 (the SPARQL protocol and the RDF syntaxes
    require it): another one is a 415, never a body read in the wrong encoding."""
    name = request.mimetype_params.get("charset", "utf-8")
    try:
        known = codecs.lookup(name).name
    except LookupError:
        known = None
    if known != "utf-8":
        raise HTTPError(415, f"charset {name!r} is not accepted: send the body in UTF-8 (charset=utf-8)")
    return known


def _body_text() -> str:
    """The request body as text, strictly decoded from UTF-8."""
    charset = _charset()
    try:
        return request.get_data().decode(charset)
    except UnicodeDecodeError as err:
        raise HTTPError(400, f"the request body is not valid UTF-8 (byte {err.start})") from None


def _documents() -> list[tuple[bytes, str]]:
    """An upload's RDF documents with their media types: the body, or each part of a multipart/form-data
    POST. Their declared charset must be UTF-8; the RDF parser checks the bytes."""
    if request.mimetype == "multipart/form-data":
        parts = [(part.read(), part.mimetype) for part in request.files.values()]
        if not parts:
            raise HTTPError(400, "the multipart/form-data body has no file part")
        return parts
    _charset()
    return [(request.get_data(), request.mimetype)]


def _target_graph() -> URIRef | None:
    """The graph a Graph Store request names: ``?graph=IRI`` or ``?default`` (None)."""
    has_graph, has_default = "graph" in request.args, "default" in request.args
    if has_graph == has_default:
        raise HTTPError(400, "name exactly one of ?graph=IRI or ?default")
    return _iris([request.args["graph"]])[0] if has_graph else None


def _iris(values: Sequence[str]) -> list[URIRef]:
    try:
        return [URIRef(ox.NamedNode(v).value) for v in values]
    except ValueError as err:
        raise HTTPError(400, f"not an absolute IRI: {err}") from None


def _negotiate(offers: dict[str, str]) -> tuple[str, str]:
    """The best media type the client accepts among ``offers`` and its serialiser name; 406 when none fits.

    Parameters in Accept (``text/turtle; charset=utf-8``) do not stop a match: every answer is UTF-8.
    """
    accept = MIMEAccept([(value.split(";", 1)[0].strip(), quality) for value, quality in request.accept_mimetypes])
    mime = accept.best_match(list(offers)) if accept else next(iter(offers))
    if mime is None:
        raise HTTPError(406, f"cannot produce any of the requested media types; offered: {', '.join(offers)}")
    return mime, offers[mime]


def _error(status: int, message: str, **extra: object) -> Response:
    body = {"error": message, "status": status, **{k: v for k, v in extra.items() if v not in (None, [])}}
    response = Response(json.dumps(body), status=status, mimetype="application/json")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="safetycase-kg"'
    return response


def _log(log_format: str, status: int) -> None:
    """One line per request: time, method, path, status, tier, duration, rows. Never a header or a token."""
    if log_format == "off":
        return
    record = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "method": request.method,
              "path": request.path, "status": status, "tier": g.get("tier"),
              "duration_ms": round((time.perf_counter() - g.get("start", time.perf_counter())) * 1000, 1),
              "rows": g.get("rows")}
    if log_format == "json":
        access_log.info(json.dumps(record))
    else:
        access_log.info("{time} {method} {path} {status} {tier} {duration_ms}ms rows={rows}".format(**record))


def serve(config: ServerConfig, store: GraphStore | None = None) -> int:
    """Open the store (or use the given one, e.g. a remote endpoint), load the examples into an empty one,
    and serve with waitress."""
    from waitress import serve as waitress_serve

    from ..ingest.load import LoadError, load
    if config.log_format != "off" and not access_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False
    if store is None:
        try:
            store = Store(config.store)
        except OSError as err:
            held = "lock" in str(err).lower()
            print(f"cannot serve {config.store}: " + ("the store is in use by another process (another server?); "
                  "stop it first, or serve another store folder" if held else str(err)), file=sys.stderr)
            return 2
    if config.load_examples and not store.case_graphs():
        started = time.perf_counter()
        try:
            batch, _ = load(store, [EXAMPLES_DIR], agent="safetycase-kg serve")
        except LoadError as err:
            print("could not load the examples:\n" + str(err), file=sys.stderr)
            return 2
        print(f"loaded {len(batch.nquads)} example graphs in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    public_views.max_in_memory = config.in_memory_max_quads  # the public view: in memory up to it, on disk beyond
    health = Health(store, config.query_timeout, config.in_memory_max_quads)
    problems = health.warm()
    if problems:
        print("the store is not ready to serve: " + "; ".join(problems), file=sys.stderr)
        return 2
    for framework in config.warm_matrices:
        try:
            resolve_framework(store, framework)
        except SafetyCaseKGError as err:
            print(f"warm_matrices: {err}", file=sys.stderr)
            return 2
    judge_whole_stores_apart()  # whole-store judgements off the server's threads (analysis/standing.py)
    if config.warm and hasattr(store, "changes_since"):  # a remote store keeps no judgement to warm
        health.warmer = Warmer(lambda: tier_views(store, config), lambda: store.generation,
                               config.warm_matrices).start()
    tiers = ", ".join(f"{tier}: {len(h)} token(s)" for tier, h in config.tokens.items()) or "public only (no tokens)"
    where = store.location
    print(f"serving {where} on http://{config.host}:{config.port}/ (SPARQL endpoint at /sparql; {tiers})",
          file=sys.stderr, flush=True)
    # waitress's own limit is a backstop above the app's, so oversized bodies get the app's JSON 413.
    waitress_serve(create_app(store, config, health), host=config.host, port=config.port, threads=config.threads,
                   max_request_body_size=config.max_request_bytes + 65536, ident="safetycase-kg")
    return 0
