"""The ontology as published documents: an HTML page (pyLODE) and Turtle, JSON-LD and RDF/XML forms.

The server serves these at the ontology IRI (``/ontology``) by content negotiation, and
``safetycase-kg docs`` writes the page. Everything is built from ``ontology/safetycase.ttl`` on
this machine: pyLODE inlines its stylesheet and reads its background ontologies from its own
package, so rendering needs no network and the page loads no external script or style. Results are
cached per version of the file (its modification time and size), so an edited ontology shows up
without a restart and an unchanged one is rendered once. pyLODE runs rdflib's SPARQL engine, whose
parser is not thread-safe, so one page is rendered at a time (``_rendering``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from rdflib import Graph

from ..core.errors import SafetyCaseKGError
from ..core.namespaces import ONTOLOGY_DIR, PREFIXES

ONTOLOGY_FILE = ONTOLOGY_DIR / "safetycase.ttl"

# Accepted names for each serialisation -> (rdflib format, media type).
FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "jsonld": ("json-ld", "application/ld+json"),
    "xml": ("xml", "application/rdf+xml"),
}
ALIASES = {
    "ttl": "ttl", "turtle": "ttl", "text/turtle": "ttl",
    "jsonld": "jsonld", "json-ld": "jsonld", "application/ld+json": "jsonld",
    "xml": "xml", "rdf": "xml", "rdfxml": "xml", "rdf/xml": "xml", "application/rdf+xml": "xml",
}
MEDIA_TYPES = {name: media for name, (_, media) in FORMATS.items()} | {"html": "text/html; charset=utf-8"}


_rendering = threading.Lock()


class OntologyDocError(SafetyCaseKGError):
    """The ontology file cannot be read or rendered; the message names the file."""

    http_status = 500


def ontology_html() -> str:
    """The ontology's HTML documentation (pyLODE OntPub profile), self-contained."""
    with _rendering:
        return _html(*_version())


def ontology_serialized(fmt: str) -> str:
    """The ontology as Turtle (``ttl``), JSON-LD (``jsonld``) or RDF/XML (``xml``); media types accepted too."""
    name = ALIASES.get(fmt.lower().strip())
    if name is None:
        raise ValueError(f"unknown ontology format {fmt!r} (formats: {', '.join(FORMATS)})")
    with _rendering:
        return _serialized(name, *_version())


def media_type(fmt: str) -> str:
    """The media type to serve a form with (``html``, ``ttl``, ``jsonld`` or ``xml``)."""
    return MEDIA_TYPES[ALIASES.get(fmt, fmt)]


def _version() -> tuple[int, int]:
    try:
        stat = ONTOLOGY_FILE.stat()
    except OSError as err:
        raise OntologyDocError(f"{ONTOLOGY_FILE}: cannot read the ontology ({err.strerror})") from None
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=2)
def _graph(mtime_ns: int, size: int) -> Graph:
    try:
        return Graph().parse(ONTOLOGY_FILE, format="turtle")
    except Exception as err:  # rdflib raises many types; all become one error naming the file
        raise OntologyDocError(f"{ONTOLOGY_FILE}: not valid Turtle ({err})") from None


@lru_cache(maxsize=2)
def _html(mtime_ns: int, size: int) -> str:
    graph = Graph() + _graph(mtime_ns, size)  # a copy: pyLODE adds its inferences to the graph it is given
    try:
        with _root_logging_untouched():
            page = _ontpub_class()(graph).make_html()
    except OntologyDocError:
        raise
    except Exception as err:  # pyLODE fails in many ways; all become one error naming the file
        raise OntologyDocError(f"{ONTOLOGY_FILE}: pyLODE could not document it ({type(err).__name__}: {err})") from None
    return _term_anchors(page, _graph(mtime_ns, size))


def _term_anchors(page: str, graph: Graph) -> str:
    """Give every term an anchor named exactly as its local name, so ``/ontology#supportedBy`` lands on it.

    pyLODE lower-cases some anchors (``#supportedby``); term IRIs are fragments of the ontology IRI
    and must dereference to their own section.
    """
    namespace = PREFIXES["sc"]
    names = sorted({str(s)[len(namespace):] for s in graph.subjects() if str(s).startswith(namespace)} - {""})
    for name in names:
        if f'id="{name}"' in page:
            continue
        at = page.find(f'id="{name.lower()}"')
        if at < 0:
            continue
        tag = page.rfind("<", 0, at)
        page = page[:tag] + f'<a id="{name}"></a>' + page[tag:]
    return page


@lru_cache(maxsize=8)
def _serialized(name: str, mtime_ns: int, size: int) -> str:
    if name == "ttl":
        return ONTOLOGY_FILE.read_text(encoding="utf-8")  # the source keeps its comments and grouping
    graph = _graph(mtime_ns, size)
    rdflib_format, _ = FORMATS[name]
    if name == "jsonld":
        return graph.serialize(format=rdflib_format, context=dict(PREFIXES), auto_compact=True)
    return graph.serialize(format=rdflib_format)


@contextmanager
def _root_logging_untouched() -> Iterator[None]:
    """Keep pyLODE from configuring the root logger.

    Importing pyLODE imports its Supermodel profile, which calls ``logging.basicConfig(level=DEBUG)``,
    and pyLODE logs through the root logger, which installs a handler; in the server that would
    change logging for every library. A temporary handler makes both no-ops.
    """
    root = logging.getLogger()
    guard = logging.NullHandler()
    added = not root.handlers
    if added:
        root.addHandler(guard)
    try:
        yield
    finally:
        if added:
            root.removeHandler(guard)


def _ontpub_class():
    """pyLODE's OntPub profile (imported late: the CLI and server start without it)."""
    try:
        from pylode import OntPub
    except ImportError as err:
        raise OntologyDocError(f"pyLODE is not installed or broken ({err}); pip install 'pylode>=3.3,!=3.4.1'") from None
    except FileNotFoundError as err:  # pyLODE 3.4.1 reads its version from a file its wheel lacks
        raise OntologyDocError(f"this pyLODE release cannot start ({err}); install pylode 3.3") from None
    return OntPub


__all__ = ["OntologyDocError", "media_type", "ontology_html", "ontology_serialized"]
