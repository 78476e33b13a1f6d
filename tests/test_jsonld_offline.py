"""JSON-LD files that stand alone: an export read with the network switched off, by rdflib and by pyld.

Exports and exported cases embed the project context by default (``--context inline``), so a
receiving organisation's JSON-LD 1.1 processor reads them without fetching anything. Here every
socket connection fails, pyld's document loader refuses every URL, and both parsers must still give
exactly the triples of the same export in N-Quads.
"""

from __future__ import annotations

import json
import socket

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Dataset

from safetycase_kg.outputs.exchange import export_dataset
from safetycase_kg.outputs.export import export_case


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("the network is switched off in this test")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    def no_loader(url, options=None):
        raise jsonld.JsonLdError(f"nothing may be fetched, not even {url}", "loading document failed")
    previous = jsonld.get_document_loader()
    jsonld.set_document_loader(no_loader)
    yield
    jsonld.set_document_loader(previous)


DESCRIPTION = ox.NamedNode("https://w3id.org/safetycase-kg/graph/export-description")


DOUBLE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")


def same_double(term):
    """One lexical form per xsd:double value: a JSON-LD processor writes a native number in the canonical form
    (``3.0E26``), an N-Quads writer keeps the lexical form it was given (``3e26``); the value is the same."""
    if isinstance(term, ox.Literal) and term.datatype == DOUBLE:
        return ox.Literal(repr(float(term.value)), datatype=DOUBLE)
    return term


def canonical(nquads: str, *, graphs: bool = True) -> set[str]:
    """The data quads (or, without ``graphs``, triples; the export description left out), after blank-node
    relabelling by Oxigraph's RDFC 1.0, so that two parsers' outputs compare as sets of lines."""
    quads = [ox.Quad(q.subject, q.predicate, same_double(q.object), q.graph_name)
             for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS) if q.graph_name != DESCRIPTION]
    if not graphs:
        quads = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def test_a_public_export_reads_offline_in_rdflib_and_pyld(example_store, offline):
    text = export_dataset(example_store, "public", "jsonld")
    document = json.loads(text)
    assert isinstance(document["@context"], dict)  # inline, not an IRI to fetch
    by_rdflib = Dataset().parse(data=text, format="json-ld")
    assert len(by_rdflib) > 1000
    by_pyld = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert canonical(by_pyld) == canonical(export_dataset(example_store, "public", "nq"))
    assert len(by_rdflib) == len(by_pyld.splitlines())


def test_an_exported_case_reads_offline_in_pyld_as_the_case_graph(example_store, offline):
    document = json.loads(export_case(example_store, "cyber-inability-v2", "jsonld"))
    quads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    case = "https://w3id.org/safetycase-kg/id/cyber-inability-v2"
    in_store = canonical(example_store.dump([case]).decode("utf-8"), graphs=False)
    assert canonical(quads, graphs=False) == in_store


def test_the_url_form_names_the_context_and_nothing_else_changes(example_store):
    by_url = json.loads(export_case(example_store, "cyber-inability-v2", "jsonld", context="url"))
    inline = json.loads(export_case(example_store, "cyber-inability-v2", "jsonld"))
    assert by_url.pop("@context") == "https://w3id.org/safetycase-kg/context.jsonld"
    inline.pop("@context")
    assert by_url == inline
