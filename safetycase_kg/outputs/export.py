"""Writing cases back out: one case version as a case file, Turtle or JSON-LD.

A YAML export loads back to an isomorphic graph (a test checks it), so analysts can pull a case
out of the store, edit it and load it again.
"""

from __future__ import annotations

import json

import yaml
from rdflib import Graph, URIRef

from ..core.errors import SafetyCaseKGError
from ..core.namespaces import CONTEXT_FILE, CONTEXT_IRI, ID, PREFIXES
from ..core.sparql import expand_curie
from ..core.storeapi import GraphStore
from ..ingest.casefile import dump_case, load_context

CONTEXT_MODES = ("inline", "url")


class ExportError(SafetyCaseKGError):
    """The case to export cannot be found or written."""

    http_status = 404


def context_value(mode: str = "inline") -> object:
    """The ``@context`` a JSON-LD file carries: the project context itself (``inline``, the default: the
    file then reads offline in any JSON-LD 1.1 processor), or its IRI (``url``: shorter, but a reader
    must be able to fetch, or already hold, https://w3id.org/safetycase-kg/context.jsonld)."""
    if mode == "url":
        return CONTEXT_IRI
    if mode != "inline":
        raise ExportError(f"unknown context mode {mode!r} (modes: {', '.join(CONTEXT_MODES)})")
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def resolve_case(store: GraphStore, text: str) -> URIRef:
    """A case IRI from its full IRI, a CURIE (id:...) or its short name (cyber-inability-v1)."""
    candidates = [expand_curie(text)] if ":" in text else [str(ID[text])]
    for iri in candidates:
        if store.has_graph(URIRef(iri)):
            return URIRef(iri)
    known = ", ".join(str(c).removeprefix(str(ID)) for c in store.case_graphs()) or "none loaded"
    raise ExportError(f"no case {text!r} in the store (cases: {known})")


def export_case(store: GraphStore, case: str, fmt: str = "yaml", *, context: str = "inline") -> str:
    iri = resolve_case(store, case)
    triples = list(store.triples(iri))
    if fmt == "yaml":
        return dump_case(iri, triples, load_context(CONTEXT_FILE))
    graph = Graph(identifier=iri)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for t in triples:
        graph.add(t)
    if fmt == "ttl":
        return graph.serialize(format="turtle")
    if fmt == "jsonld":
        # The YAML case file already is compact JSON-LD under the project context; write it as JSON.
        document = yaml.load(dump_case(iri, triples, load_context(CONTEXT_FILE)), Loader=yaml.BaseLoader)
        document["@context"] = context_value(context)
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    raise ExportError(f"unknown export format {fmt!r}")
