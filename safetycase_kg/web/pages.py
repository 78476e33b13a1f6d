"""Human-facing pages: the query console, the case browser and linked-data pages.

Every view reads ``context.current_store()``, the dataset of the request's access tier, and calls a core
module (``casepage``, ``linkeddata``, ``argmap``) for the content; templates only lay it out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from markupsafe import Markup, escape
from rdflib import RDF, BNode, URIRef
from rdflib.term import Node
from werkzeug.wrappers import Response as BaseResponse

from ..core.namespaces import CONTEXT_FILE, ID, PREFIXES, SC
from ..core.results import compact
from ..core.sparql import load_library
from ..core.storeapi import GraphStore
from ..outputs.ontodoc import ontology_html, ontology_serialized
from ..outputs.reports.compliance import Report, compliance_report, matrix_report
from ..outputs.reports.render import FORMATS, MATRIX_FORMATS, render
from . import linkeddata as ld
from .casepage import case_list, case_page, short_name
from .context import current_disclosure, current_store
from .resourceview import ontology_terms, resource_view

RDF_XML = "application/rdf+xml"
R = TypeVar("R", bound=BaseResponse)  # a Flask response, or the plain one redirect() gives

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")


def _store() -> GraphStore:
    return current_store()


@bp.app_template_global()
def term(node: Node | None) -> Markup:
    """A term as HTML: an IRI as a link to its page (shown as a CURIE), a literal as escaped text."""
    if node is None:
        return Markup("")
    if isinstance(node, URIRef):
        link = ld.href(str(node))
        text = escape(compact(node))
        return Markup(f'<a href="{escape(link)}">{text}</a>') if link else Markup(f"<span>{text}</span>")
    if isinstance(node, BNode):
        return Markup('<span class="bnode">(blank node)</span>')
    return escape(str(node))


@bp.app_template_global()
def curie(node: Node | None) -> str:
    """A term as plain text: an IRI as a CURIE where a project prefix fits."""
    return "" if node is None else compact(node)


@bp.app_template_global()
def local(node: Node | None) -> str:
    """The last path segment of an IRI (decision-kind/api-launch -> api-launch), for compact cells."""
    return "" if node is None else str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@bp.app_template_filter("iri")
def iri_filter(text: str | None) -> URIRef | None:
    """A string holding an IRI (as lint findings carry them) back to a term the ``term`` helper links."""
    return None if not text else URIRef(text)


@bp.get("/")
def index() -> str:
    return render_template("cases.html", cases=case_list(_store()), title="Safety cases")


@bp.get("/cases")
def cases() -> str:
    return render_template("cases.html", cases=case_list(_store()), title="Safety cases")


@bp.get("/cases/<name>")
def case(name: str) -> str:
    store = _store()
    iri = ld.checked_iri(str(ID) + name)
    if iri is None or (iri, RDF.type, SC.SafetyCase) not in ld.describe(store, iri):
        abort(404)
    return render_template("case.html", page=case_page(store, iri), title=name)


@bp.get("/console")
def console() -> str:
    return render_template("console.html", title="Query console", prefixes=PREFIXES)


@bp.get("/console/queries/<name>.rq")
def query_text(name: str) -> Response:
    """The text of a named query, for the console's editor (the JSON list carries no text)."""
    library = load_library()
    if name not in library:
        abort(404)
    return Response(library[name].text, mimetype="text/plain")


@bp.get("/id/<path:rest>")
@bp.get("/catalog/<path:rest>")
@bp.get("/vocab/<path:rest>")
def resource(rest: str) -> BaseResponse:
    store = _store()
    path = request.path
    mime = ld.negotiate(request.accept_mimetypes, request.args.get("format"))
    if mime is None:
        return _not_acceptable(path)
    iri = ld.public_iri(path)
    if iri is None or not ld.is_known(store, iri):
        return _with_headers(Response(f"no resource {iri}\n", status=404, mimetype="text/plain"), path)
    graph = ld.describe(store, iri)
    if mime != ld.HTML:
        return _with_headers(Response(ld.serialize(graph, ld.rdf_format(mime)), mimetype=mime), path)
    if (iri, RDF.type, SC.SafetyCase) in graph and str(iri).startswith(str(ID)):
        return _with_headers(redirect(f"/cases/{short_name(iri)}", code=303), path)
    view = resource_view(graph, iri, ld.incoming(store, iri))
    return _with_headers(Response(render_template("resource.html", view=view, title=compact(iri), path=path)), path)


@bp.get("/ontology")
def ontology() -> Response:
    """The ontology IRI: pyLODE documentation for browsers; Turtle, JSON-LD, RDF/XML or N-Triples for machines."""
    if request.args.get("format") in ("xml", "rdfxml") or (
            request.accept_mimetypes.best_match(ld.OFFERS + [RDF_XML]) == RDF_XML and not request.args.get("format")):
        return _with_headers(Response(ontology_serialized("xml"), mimetype=RDF_XML), ld.ONTOLOGY_PATH)
    mime = ld.negotiate(request.accept_mimetypes, request.args.get("format"))
    if mime is None:
        return _not_acceptable(ld.ONTOLOGY_PATH)
    if mime != ld.HTML:
        body = ld.serialize(ld.ontology_graph(_store()), ld.rdf_format(mime))
        return _with_headers(Response(body, mimetype=mime), ld.ONTOLOGY_PATH)
    return _with_headers(Response(ontology_html(), mimetype="text/html"), ld.ONTOLOGY_PATH)


@bp.get("/ontology/terms")
def ontology_index() -> Response:
    """A compact index of the ontology's terms, one anchor each."""
    page = render_template("ontology.html", terms=ontology_terms(_store()), title="Ontology terms")
    return Response(page)


# --- compliance reports ---------------------------------------------------------------------------

REPORT_MEDIA_TYPES = {"html": "text/html", "md": "text/markdown", "csv": "text/csv", "json": "application/json",
                      "svg": "image/svg+xml"}


@bp.get("/cases/<name>/compliance")
def compliance(name: str) -> Response:
    """One case against one framework version, built from the request tier's dataset."""
    return _report(lambda store, framework, tier: compliance_report(store, name, framework, tier=tier), FORMATS)


MATRIX_PAGE_CASES = 100  # cases on one page of the HTML matrix unless ?limit= says otherwise


@bp.get("/reports/matrix")
def matrix() -> Response:
    """All cases against one framework version: heat map and gap list. The HTML page shows
    MATRIX_PAGE_CASES cases at a time (?offset=, ?limit=); the other formats hold every case unless
    ?limit= is given, so a download is the whole matrix."""
    return _report(lambda store, framework, tier: matrix_report(store, framework, tier=tier), MATRIX_FORMATS,
                   paged=True)


def _report(build: Callable[[GraphStore, str, str], Report], formats: tuple[str, ...], *,
            paged: bool = False) -> Response:
    framework, fmt = request.args.get("framework"), request.args.get("format", "html")
    if not framework:
        return Response("give ?framework=ID (see `safetycase-kg frameworks`)\n", status=400, mimetype="text/plain")
    if fmt not in formats:
        return Response(f"unknown format {fmt!r}; one of {', '.join(formats)}\n", status=400, mimetype="text/plain")
    offset: int | None = 0
    limit: int | None = None
    if paged:
        try:
            offset = _count_arg("offset", 0, least=0)
            limit = _count_arg("limit", MATRIX_PAGE_CASES if fmt == "html" else None, least=1)
        except ValueError as err:
            return Response(f"{err}\n", status=400, mimetype="text/plain")
    tier = current_disclosure()
    report = build(_store(), framework, tier)
    if limit is not None or offset:
        report = report.page(offset or 0, limit)
    kept_format = fmt if "format" in request.args else None  # a parameter left out stays out of the links

    def page_link(at: int) -> str:
        return url_for("pages.matrix", framework=framework, offset=at, limit=report.limit, format=kept_format)
    body = render(report, fmt, link=lambda iri: ld.href(iri) or iri, page_link=page_link)
    return Response(body, mimetype=REPORT_MEDIA_TYPES[fmt])


def _count_arg(name: str, default: int | None, *, least: int) -> int | None:
    """A whole-number query parameter, ``least`` or more."""
    text = request.args.get(name)
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 9) or int(text) < least:
        raise ValueError(f"?{name}= must be a whole number, {least} or more (got {text[:40]!r})")
    return int(text)


@bp.get("/context.jsonld")
def context() -> Response:
    return send_file(CONTEXT_FILE, mimetype="application/ld+json")


def _with_headers(response: R, path: str) -> R:
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ld.link_header(path)
    return response


def _not_acceptable(path: str) -> Response:
    offered = ", ".join(ld.OFFERS)
    return _with_headers(Response(f"cannot produce any of the requested media types; offered: {offered}\n",
                                  status=406, mimetype="text/plain"), path)

