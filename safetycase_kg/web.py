"""A small Flask app over the store: a SPARQL endpoint, the named queries and a case list.

It calls the same core functions as the CLI (``queries``, ``results``, ``guard``); it holds no
logic of its own beyond HTTP. It is served by waitress, a production WSGI server.
"""

from __future__ import annotations

import html
import json
import sys
import time
from pathlib import Path

from flask import Flask, Response, jsonify, request

from .guard import QueryRefused, check_query
from .namespaces import EXAMPLES_DIR
from .queries import QueryError, load_library, run_named
from .results import compact, serialize
from .store import Store, StoreError

MAX_QUERY_BYTES = 64 * 1024

CASES_QUERY = "cases-by-decision"


def create_app(store: Store) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_QUERY_BYTES

    @app.get("/")
    def index():
        rows = []
        library = load_library()
        if CASES_QUERY in library:
            result = run_named(store, library[CASES_QUERY], {})
            for row in result.bindings:
                rows.append("<tr>" + "".join(f"<td>{html.escape(compact(row.get(v)))}</td>" for v in result.vars) + "</tr>")
            header = "".join(f"<th>{html.escape(str(v))}</th>" for v in result.vars)
        else:
            header = ""
        queries = "".join(f"<li><a href='/queries/{q.name}'>{html.escape(q.title)}</a></li>" for q in library.values())
        page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>safetycase-kg</title></head>
<body><h1>safetycase-kg</h1><h2>Cases</h2><table>{header}{''.join(rows)}</table>
<h2>Named queries</h2><ul>{queries}</ul>
<h2>SPARQL</h2><form action="/sparql" method="get"><textarea name="query" rows="8" cols="80">SELECT * WHERE {{ ?s a sc:SafetyCase }}</textarea><br><button>Run</button></form>
</body></html>"""
        return Response(page, mimetype="text/html")

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
            result = store.query(text)
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
            result = run_named(store, library[name], request.args.to_dict())
        except QueryError as err:
            return _error(400, str(err))
        return _respond(result)

    return app


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
