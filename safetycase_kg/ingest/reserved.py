"""The project's own terms are described by the system graphs alone: data graphs may only use them.

What the ontology, the vocabularies and the catalog say about their terms decides how every graph is
read: which properties a withheld item keeps in the public view, which concepts a controlled value
may take, what a clause requires. Those statements are installed from the checkout into the system
graphs, which no load, upload, update or import can write. A data graph that states something about
one of these terms (``sc:summary sc:visibleWhenRedacted true``, a relabelled concept, a clause with a
new requirement) would be read beside them over the union graph, so such a graph is refused whole:
the check runs in ``load.write_batch``, the one write path of files, HTTP writes and imports alike.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import URIRef

from ..core.namespaces import ONTOLOGY_IRI, SYSTEM_NAMESPACES

MAX_LISTED = 10  # subjects named per graph in a refusal; the count says how many more there are

# Oxigraph writes N-Quads one quad per line, subject first, IRIs unescaped: a statement about a
# system term is a line starting with one of these. Any escape sequence sends the graph to the parser.
_LINE_STARTS = tuple(b"<" + ns.encode("ascii") for ns in SYSTEM_NAMESPACES)


def is_system_term(iri: str) -> bool:
    """True for the ontology IRI, its ``#`` terms and version IRIs, and the vocab/ and catalog/ IRIs."""
    if iri == ONTOLOGY_IRI or iri.startswith((ONTOLOGY_IRI + "#", ONTOLOGY_IRI + "/")):
        return True
    return iri.startswith(tuple(ns for ns in SYSTEM_NAMESPACES if ns != ONTOLOGY_IRI))


def system_term_statements(graphs: Mapping[URIRef, bytes], sources: Mapping[URIRef, str]) -> list[str]:
    """One message per data graph that makes statements about a system term (none: the batch may go in).

    ``graphs`` holds each graph's N-Quads as Oxigraph serialises them; ``sources`` names where each
    graph came from (a file, an upload, an import), for the message.
    """
    errors = []
    for graph, data in graphs.items():
        if not _may_hold_system_subject(data):
            continue
        found: dict[str, ox.Quad] = {}
        for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            subject = quad.subject
            if isinstance(subject, ox.NamedNode) and is_system_term(subject.value):
                found.setdefault(subject.value, quad)
        if found:
            errors.append(_message(graph, sources.get(graph, "the batch"), found))
    return errors


def _may_hold_system_subject(data: bytes) -> bool:
    if b"\\u" in data or b"\\U" in data:
        return True
    return data.startswith(_LINE_STARTS) or any(b"\n" + start in data for start in _LINE_STARTS)


def _message(graph: URIRef, source: str, found: Mapping[str, ox.Quad]) -> str:
    listed = [f"<{s}> (e.g. {q.subject} {q.predicate} {q.object} .)" for s, q in list(found.items())[:MAX_LISTED]]
    more = f" and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
    return (f"{source}: graph <{graph}> makes statements about the project's own terms, which only the ontology, "
            f"vocabularies and catalog shipped with safetycase-kg may describe (data may use them, not redefine "
            f"them): {'; '.join(listed)}{more}. Nothing was written.")
