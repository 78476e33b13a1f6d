"""Linked data: which public IRIs this server answers for, and what it answers.

Every IRI the project mints lives under ``https://w3id.org/safetycase-kg/``; the w3id redirect sends
``.../id/X`` to this server's ``/id/X``, and likewise ``/catalog/``, ``/vocab/`` and the ontology
document ``/ontology`` (its terms are fragments, ``/ontology#Term``). The mapping between the two
lives here and nowhere else, so pages, the argument map and the console link the same way.

A machine gets a DESCRIBE-like graph (the resource's triples plus their blank-node closure, from the
request's store, so the public tier never sees withheld content); a browser gets an HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, URIRef
from werkzeug.datastructures import MIMEAccept

from ..core.namespaces import PREFIXES, SC
from ..core.results import result_graph
from ..core.storeapi import GraphStore
from . import pagequeries

BASE = "https://w3id.org/safetycase-kg/"
DEREFERENCEABLE = ("id/", "catalog/", "vocab/")
ONTOLOGY_PATH = "/ontology"
CONTEXT_PATH = "/context.jsonld"


@dataclass(frozen=True)
class RdfFormat:
    """A machine format: the ``?format=`` name, its media type and rdflib's serializer name."""

    name: str
    mime: str
    rdflib: str


RDF_FORMATS = (RdfFormat("ttl", "text/turtle", "turtle"), RdfFormat("jsonld", "application/ld+json", "json-ld"),
               RdfFormat("nt", "application/n-triples", "nt"))
HTML = "text/html"
OFFERS = [HTML, "application/xhtml+xml"] + [f.mime for f in RDF_FORMATS]


def local_path(iri: str) -> str | None:
    """The path on this server that serves ``iri``, or None when the project did not mint it."""
    if iri.startswith(str(SC)):
        return ONTOLOGY_PATH + "#" + quote(iri[len(str(SC)):], safe="")
    if iri == str(SC).rstrip("#"):
        return ONTOLOGY_PATH
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE):]
    if rest.startswith(DEREFERENCEABLE) and len(rest.split("/", 1)[1]) > 0:
        return "/" + quote(rest, safe="/:@!$&'()*+,;=-._~")
    if rest == "context.jsonld":
        return CONTEXT_PATH
    return None


def public_iri(path: str) -> URIRef | None:
    """The public IRI a local path (``/id/...``, ``/catalog/...``, ``/vocab/...``) stands for, or
    None when the path cannot be part of an IRI (``/id/a%3Eb``): such a resource cannot exist."""
    return checked_iri(BASE + path.lstrip("/"))


def checked_iri(text: str) -> URIRef | None:
    """``text`` as an IRI when it is a valid one, else None (so a bad request path is a 404, not a 500)."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return None
    return URIRef(text)


def href(iri: str) -> str | None:
    """Where a link to ``iri`` should go: its page here when the project minted it, the IRI itself
    when it is an http(s) IRI elsewhere, and nowhere otherwise (never a javascript: or data: link)."""
    local = local_path(iri)
    if local is not None:
        return local
    return iri if iri.startswith(("http://", "https://")) else None


def negotiate(accept: MIMEAccept, format_name: str | None) -> str | None:
    """The media type to answer with: ``?format=`` wins, then the Accept header (HTML when absent).

    None means nothing acceptable can be produced (406).
    """
    if format_name:
        by_name = {f.name: f.mime for f in RDF_FORMATS} | {"html": HTML}
        return by_name.get(format_name)
    if not accept:
        return HTML
    best = accept.best_match(OFFERS)
    return HTML if best == "application/xhtml+xml" else best


def rdf_format(mime: str) -> RdfFormat:
    return next(f for f in RDF_FORMATS if f.mime == mime)


def link_header(path: str) -> str:
    """``Link`` header values: every alternate format of the resource, and the Turtle description."""
    links = [f'<{path}?format={f.name}>; rel="alternate"; type="{f.mime}"' for f in RDF_FORMATS]
    links.append(f'<{path}?format=html>; rel="alternate"; type="text/html"')
    links.append(f'<{path}?format=ttl>; rel="describedby"; type="text/turtle"')
    return ", ".join(links)


def is_known(store: GraphStore, iri: URIRef) -> bool:
    """Whether any triple mentions ``iri``; the server answers 404 for the rest."""
    return bool(pagequeries.result(store, "resource-known", resource=str(iri)).askAnswer)


def describe(store: GraphStore, iri: URIRef) -> Graph:
    """The resource's triples and their blank-node closure, with the project's prefixes bound."""
    return _bound(result_graph(pagequeries.result(store, "describe", resource=str(iri))))


def ontology_graph(store: GraphStore) -> Graph:
    """The ontology document (ontology and alignments) as served at ``/ontology``."""
    return _bound(result_graph(pagequeries.result(store, "ontology")))


def incoming(store: GraphStore, iri: URIRef) -> list[tuple[URIRef, URIRef]]:
    """(subject, property) of each named resource that links to ``iri``."""
    rows = pagequeries.rows(store, "incoming", resource=str(iri))
    return [(s, p) for r in rows if isinstance(s := r["subject"], URIRef) and isinstance(p := r["property"], URIRef)]


def serialize(graph: Graph, fmt: RdfFormat) -> str:
    if fmt.rdflib == "json-ld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return graph.serialize(format=fmt.rdflib)


def _bound(graph: Graph) -> Graph:
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, replace=True)
    for triple in graph:
        out.add(triple)
    return out
