"""A small Flask app over the store: a SPARQL endpoint, the named queries and a case list.

It calls the same core functions as the CLI (``queries``, ``results``, ``guard``); it holds no
logic of its own beyond HTTP. It is served by waitress, a production WSGI server.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from flask import Flask, Response, g, jsonify, request

from . import pages

from .guard import QueryRefused, check_query
from .namespaces import EXAMPLES_DIR
from .queries import QueryError, load_library, run_named
from .results import compact, serialize
from .redact import public_views
from .store import Store, StoreError

MAX_QUERY_BYTES = 64 * 1024


def create_app(store: Store) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_QUERY_BYTES

    @app.before_request
    def choose_view():
        """Pick the dataset this request may see: the public tier gets the redacted copy, never the full store."""
        g.tier = "public"
        g.store = public_views.get(store) if g.tier == "public" else store

    app.register_blueprint(pages.bp)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        if request.method == "POST" and request.mimetype == "application/sparql-query":
            text = request.get_data(as_text=True)
        else:
            text = request.values.get("query", "")
        if not text:
            return _error(400, "missing 'query' parameter")
        try:
            check_query(text)
            result = current_store().query(text)
        except QueryRefused as err:
            return _error(400, str(err))
        except StoreError as err:
            return _error(400, str(err))
        return _respond(result)

    @app.get("/queries")
    def queries():
        return jsonify([q.as_dict() for q in load_library().values()])

    @app.get("/queries/<name>")
    def named(name: str):
        library = load_library()
        if name not in library:
            return _error(404, f"no named query {name!r}")
        try:
            result = run_named(current_store(), library[name], request.args.to_dict())
        except QueryError as err:
            return _error(400, str(err))
        return _respond(result)

    return app


def current_store() -> Store:
    """The store this request may read: the public view for the public tier."""
    return g.store


SELECT_OFFERS = {"application/sparql-results+json": "json", "application/json": "json",
                 "application/sparql-results+xml": "xml", "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_OFFERS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
                "application/rdf+xml": "xml"}


def _respond(result) -> Response:
    """Serialise the result in the best media type the client accepts (406 when none fits)."""
    offers = GRAPH_OFFERS if result.type in ("CONSTRUCT", "DESCRIBE") else SELECT_OFFERS
    mime = request.accept_mimetypes.best_match(list(offers)) if request.accept_mimetypes else next(iter(offers))
    if mime is None:
        return _error(406, f"cannot produce any of the requested media types; offered: {', '.join(offers)}")
    return Response(serialize(result, offers[mime]), mimetype=mime, headers={"Vary": "Accept"})


def _error(status: int, message: str) -> Response:
    return Response(json.dumps({"error": message, "status": status}), status=status, mimetype="application/json")


def serve(store_path: str, host: str, port: int, *, load_examples: bool = True) -> int:
    """Open the store, load the examples into an empty one, and serve with waitress."""
    from waitress import serve as waitress_serve

    from .load import LoadError, load
    store = Store(store_path)
    if load_examples and not store.case_graphs():
        started = time.perf_counter()
        try:
            batch, _ = load(store, [EXAMPLES_DIR], agent="safetycase-kg serve")
        except LoadError as err:
            print("could not load the examples:\n" + str(err), file=sys.stderr)
            return 2
        print(f"loaded {len(batch.graphs)} example graphs in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(f"serving {Path(store_path)} on http://{host}:{port}/ (SPARQL endpoint at /sparql)", file=sys.stderr)
    waitress_serve(create_app(store), host=host, port=port, threads=4)
    return 0
