"""The ontology's published forms: a self-contained HTML page (pyLODE) and three RDF serialisations."""

import json
import re
import socket
from html import unescape

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import ONTOLOGY_DIR, SC
from safetycase_kg.outputs.ontodoc import media_type, ontology_html, ontology_serialized


@pytest.fixture(scope="module")
def html() -> str:
    return ontology_html()


def test_the_page_lists_the_main_classes_with_their_definitions(html):
    ontology = Graph().parse(ONTOLOGY_DIR / "safetycase.ttl")
    text = unescape(html)
    for name in ("SafetyCase", "Claim", "Evidence", "Defeater", "Decision", "Redaction"):
        iri = SC[name]
        assert str(iri) in html, name
        definition = str(ontology.value(iri, SKOS.definition))
        assert definition in text, name
    assert "safetycase-kg ontology" in html


def test_rendering_leaves_the_ontology_unchanged(html):
    """pyLODE adds inferred triples to the graph it renders; the served RDF must not carry them."""
    again = Graph().parse(data=ontology_serialized("xml"), format="xml")
    assert isomorphic(again, Graph().parse(ONTOLOGY_DIR / "safetycase.ttl"))


def test_the_page_loads_nothing_from_the_network(html):
    for tag in re.findall(r"<(?:script|link|img|iframe|style)\b[^>]*>", html, flags=re.IGNORECASE):
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", tag, flags=re.IGNORECASE), tag


def test_rendering_makes_no_network_request(monkeypatch):
    from safetycase_kg.outputs import ontodoc

    def refuse(*args, **kwargs):
        raise AssertionError("network access while rendering the ontology")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    ontodoc._html.cache_clear()
    assert "SafetyCase" in ontology_html()


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("jsonld", "json-ld"), ("xml", "xml"),
                                                ("application/rdf+xml", "xml"), ("text/turtle", "turtle")])
def test_serialisations_hold_the_ontology(fmt, rdflib_format):
    text = ontology_serialized(fmt)
    if rdflib_format == "json-ld":
        assert isinstance(json.loads(text), dict)
    again = Graph().parse(data=text, format=rdflib_format)
    assert isomorphic(again, Graph().parse(ONTOLOGY_DIR / "safetycase.ttl"))


def test_unknown_format_and_media_types():
    with pytest.raises(ValueError, match="unknown ontology format"):
        ontology_serialized("csv")
    assert media_type("jsonld") == "application/ld+json"
    assert media_type("html").startswith("text/html")


def test_cli_docs_writes_the_page(tmp_path):
    out = tmp_path / "ontology.html"
    assert main(["--store", str(tmp_path / "store"), "docs", "-o", str(out)]) == 0
    assert "https://w3id.org/safetycase-kg/ontology#Claim" in out.read_text(encoding="utf-8")
