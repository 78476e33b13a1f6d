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
from .results import RESULT_FORMATS, serialize
from .store import Store, StoreError

MAX_QUERY_BYTES = 64 * 1024
ACCEPT_TO_FORMAT = {mime: fmt for fmt, mime in RESULT_FORMATS.items()} | {
    "application/json": "json", "text/turtle": "turtle", "application/ld+json": "json-ld",
    "application/n-triples": "nt", "application/rdf+xml": "xml"}

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
                rows.append("<tr>" + "".join(f"<td>{html.escape(_text(row.get(v)))}</td>" for v in result.vars) + "</tr>")
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


def _respond(result) -> Response:
    fmt = _negotiate(result)
    if fmt is None:
        return _error(406, "cannot produce any of the requested media types")
    body = serialize(result, fmt)
    mime = {"turtle": "text/turtle", "json-ld": "application/ld+json", "nt": "application/n-triples"}.get(fmt)
    if result.type in ("SELECT", "ASK"):
        mime = RESULT_FORMATS[fmt]
    elif fmt == "xml":
        mime = "application/rdf+xml"
    return Response(body, mimetype=mime, headers={"Vary": "Accept"})


def _negotiate(result) -> str | None:
    graph = result.type in ("CONSTRUCT", "DESCRIBE")
    offered = (["turtle", "json-ld", "nt", "xml"] if graph else ["json", "xml", "csv", "tsv"])
    mimes = {f: ("application/sparql-results+json" if f == "json" and not graph else
                 {"turtle": "text/turtle", "json-ld": "application/ld+json", "nt": "application/n-triples",
                  "xml": "application/rdf+xml" if graph else "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}[f]) for f in offered}
    if not request.accept_mimetypes or request.accept_mimetypes.provided is False:
        return offered[0]
    best = request.accept_mimetypes.best_match(list(mimes.values()) + (["application/json"] if not graph else []))
    if best is None:
        return None
    if best == "application/json":
        return "json"
    return next(f for f, m in mimes.items() if m == best)


def _error(status: int, message: str) -> Response:
    return Response(json.dumps({"error": message, "status": status}), status=status, mimetype="application/json")


def _text(node) -> str:
    from .results import compact
    return compact(node)


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
