"""Property-based tests of the Graph Store upload path, from ``parse_upload`` to the real server.

Bodies start as a real case in each upload format (Turtle, N-Triples, JSON-LD, RDF/XML) and are
damaged: RDF-star, deep nesting, long values, duplicate JSON keys, remote contexts, DTDs and
entities, odd characters and encodings, truncation; media types do not always match the body.
Properties:

* ``parse_upload`` returns N-Quads in the target graph only, every value within the limit, or
  refuses with 400, 413 or 415;
* the server answers a writer's PUT or POST with a JSON status from the protocol, never a 500 or
  a traceback, and after a refusal the store is as it was;
* the same documents saved as files (``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``, and as TriG and
  N-Quads) give the loader's RDF reader a parsed file or a located error, like case files.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from live_server import REVIEWER_TOKEN, WRITER_TOKEN, http
from mutations import assert_inside, assert_writable, encoded, mutated_text
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from safetycase_kg.core.namespaces import CONTEXT_FILE, EXAMPLES_DIR
from safetycase_kg.ingest import casefile as cf
from safetycase_kg.ingest.limits import MAX_VALUE_CHARS
from safetycase_kg.ingest.writes import UPLOAD_FORMATS, WriteRefused, parse_upload


def seed_triples() -> list[tuple]:
    """Forty triples of a real case, blank nodes included, labelled and ordered the same on every run."""
    parsed = cf.parse_file(EXAMPLES_DIR / "cases" / "cyber-inability-v2.yaml", cf.load_context(CONTEXT_FILE))
    case = Graph()
    for triples in parsed.graphs.values():
        for triple in triples:
            case.add(triple)
    return sorted(to_canonical_graph(case), key=lambda t: " ".join(term.n3() for term in t))[:40]


def seeds() -> dict[str, str]:
    """The seed triples in each upload format, written the same way whatever the hash seed of the run."""
    triples = seed_triples()
    nt = "".join(" ".join(term.n3() for term in t) + " .\n" for t in triples)
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    nodes = sorted(json.loads(graph.serialize(format="json-ld")), key=lambda node: node["@id"])
    case = {"@context": cf.CONTEXT_IRI, "id": "fuzz-v1", "type": "SafetyCase", "title": "A case in JSON-LD",
            "claims": [{"id": "fuzz-v1/G0", "type": "Claim", "statement": "It is safe enough."}]}
    return {
        "text/turtle": graph.serialize(format="turtle"),
        "application/n-triples": nt,
        "application/ld+json": json.dumps([case, *nodes], indent=1, sort_keys=True),
        "application/rdf+xml": ox.serialize(list(ox.parse(nt.encode(), format=ox.RdfFormat.N_TRIPLES)),
                                            format=ox.RdfFormat.RDF_XML).decode(),
    }


SEEDS = seeds()

UPLOAD_INSERTS = [
    "<< <http://a.example/s> <http://a.example/p> <http://a.example/o> >>", "<<", ">>",
    "[ <http://a.example/p> " * 70 + "1" + " ]" * 70, "( " * 70 + ")" * 70, "[", "]", "(", ")", '"""', "'''",
    "@prefix x: <http://x.example/> .", "@base <relative/> .", "PREFIX y: <http://y.example/>", "<http://a b>",
    "<>", "_:b1", "_:", '"x"@en', '"x"@not a tag', '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"' + "x" * (MAX_VALUE_CHARS + 1) + '"', "<http://g.example/> { <http://a.example/s> <http://p.example/> 1 }",
    "GRAPH", "\\u0000", "\\U0010FFFF", "\\uD800", "{", "}", '"@context": "http://remote.example/context"',
    '"@context": "https://w3id.org/safetycase-kg/context.jsonld"', '"@import": "x"', '"@id": ', '"@graph": [',
    '"@value": 1, "@type": "http://www.w3.org/2001/XMLSchema#date"', '"@id": "http://dup.example/",',
    "[" * 80 + "]" * 80, '{"a": ' * 80 + "1" + "}" * 80, "<!DOCTYPE r [<!ENTITY e \"e\">]>", "&e;",
    '<!ENTITY x SYSTEM "file:///etc/passwd">', '<?xml version="1.0" encoding="ISO-8859-1"?>',
    "<rdf:Description>" * 40, "</rdf:Description>", "rdf:parseType=\"Literal\"", "rdf:resource=\"\"",
]

A, P, O = "<http://a.example/s>", "<http://a.example/p>", "<http://a.example/o>"
STATEMENTS = {  # whole statements, inserted where a statement may stand, so the rest stays valid
    "turtle": [f"{A} {P} << {A} {P} {O} >> .", f"<< {A} {P} {O} >> {P} 1 .", f'{A} {P} "{"x" * (MAX_VALUE_CHARS + 1)}" .',
               f"{A} {P} " + f"[ {P} " * 70 + "1" + " ]" * 70 + " .", f'{A} {P} "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .',
               f'{A} {P} "x"@en-GB-oed .', f"{A} {P} <relative> .", f"<{'i' * (MAX_VALUE_CHARS + 1)}> {P} 1 ."],
    "json": ['{"@id": "http://a.example/s", "http://a.example/p": ' + "[" * 70 + "1" + "]" * 70 + "},",
             '{"@id": "http://a.example/s", "http://a.example/p": 1, "http://a.example/p": 2},',
             '{"@id": "http://a.example/s", "http://a.example/p": "' + "x" * (MAX_VALUE_CHARS + 1) + '"},',
             '{"@context": "http://remote.example/context", "@id": "http://a.example/s"},',
             '{"@context": {"@import": "http://remote.example/context"}, "@id": "http://a.example/s"},',
             '{"@id": "http://a.example/s", "http://a.example/p": {"@value": "abc", "@type": "http://www.w3.org/2001/XMLSchema#integer"}},'],
    "xml": ['<rdf:Description rdf:about="http://a.example/s" xmlns:sc="https://w3id.org/safetycase-kg/ontology#">'
            + "<sc:statement><rdf:Description>" * 40 + "</rdf:Description></sc:statement>" * 40 + "</rdf:Description>",
            '<rdf:Description rdf:about="http://a.example/s" xmlns:sc="https://w3id.org/safetycase-kg/ontology#">'
            "<sc:statement>" + "x" * (MAX_VALUE_CHARS + 1) + "</sc:statement></rdf:Description>",
            '<rdf:Description rdf:about="http://a.example/s" xmlns:sc="https://w3id.org/safetycase-kg/ontology#">'
            '<sc:statement rdf:parseType="Literal"><b>x</b></sc:statement></rdf:Description>'],
}


@st.composite
def with_statement(draw, media_type: str, text: str) -> str:
    """``text`` with one statement from STATEMENTS where its syntax allows one."""
    lines = text.split("\n")
    if media_type == "application/ld+json":
        kind, places = "json", [1]  # after the opening "[" of the top-level array
    elif media_type == "application/rdf+xml":
        kind, places = "xml", [i for i, line in enumerate(lines) if line.startswith("</rdf:RDF")]
    else:
        kind, places = "turtle", [i + 1 for i, line in enumerate(lines) if line.endswith(" .")] or [len(lines)]
    at = draw(st.sampled_from(places))
    return "\n".join(lines[:at] + [draw(st.sampled_from(STATEMENTS[kind]))] + lines[at:])


MEDIA_TYPES = list(UPLOAD_FORMATS) + ["text/csv", "", "application/json", "application/trig",
                                      "application/n-quads", "text/plain", "TEXT/TURTLE"]


@st.composite
def upload(draw) -> tuple[bytes, str]:
    """(body, media type): a damaged seed, sent with its own media type most of the time."""
    seed_type = draw(st.sampled_from(sorted(SEEDS)))
    text = SEEDS[seed_type]
    if draw(st.booleans()):
        text = draw(with_statement(seed_type, text))
    text = draw(mutated_text(text, UPLOAD_INSERTS, max_edits=2))
    media_type = seed_type if draw(st.integers(0, 3)) else draw(st.sampled_from(MEDIA_TYPES))
    return draw(encoded(text)), media_type


TARGET = URIRef("https://w3id.org/safetycase-kg/id/test/fuzz-upload")


@settings(max_examples=200)
@given(upload())
def test_parse_upload_gives_quads_in_the_target_graph_or_refuses(document):
    body, media_type = document
    try:
        nquads = parse_upload(body, media_type, TARGET)
    except WriteRefused as err:
        assert err.http_status in (400, 413, 415), err
        return
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        assert quad.graph_name == ox.NamedNode(str(TARGET))
        for term in (quad.subject, quad.predicate, quad.object):
            assert not isinstance(term, ox.Triple) and len(term.value) <= MAX_VALUE_CHARS


SUFFIXES = {"text/turtle": [".ttl", ".trig"], "application/n-triples": [".nt", ".nq"],
            "application/ld+json": [".jsonld"], "application/rdf+xml": [".rdf"]}


@settings(max_examples=150)
@given(upload(), st.integers(0, 1))
def test_the_same_documents_as_files_parse_or_fail_with_a_located_error(tmp_path_factory, document, variant):
    body, media_type = document
    suffixes = SUFFIXES.get(media_type, [".ttl"])
    path = tmp_path_factory.mktemp("fuzz") / ("doc" + suffixes[variant % len(suffixes)])
    path.write_bytes(body)
    try:
        parsed = cf.parse_any(path, cf.load_context(CONTEXT_FILE))
    except cf.CaseFileError as err:
        assert err.path == path
        assert_inside(body, err.line, err.column, err.message)
        return
    for name, triples in parsed.graphs.items():
        for term in (name, *(t for triple in triples for t in triple)):
            assert len(term) <= MAX_VALUE_CHARS
    assert_writable(parsed)


ANSWERS = {200, 201, 400, 413, 415, 422}
GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def fingerprint(server, graph: str) -> tuple:
    """Every graph's size (provenance included), and the target graph's triples."""
    counts = http("POST", server.url + "/sparql", data=GRAPHS.encode(), token=REVIEWER_TOKEN,
                  headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert counts.status == 200, counts.text
    rows = [(b["g"]["value"], b["n"]["value"]) for b in counts.json()["results"]["bindings"]]
    content = http("GET", server.url + "/data?" + _query(graph), token=REVIEWER_TOKEN,
                   headers={"Accept": "application/n-triples"})
    return rows, content.status, sorted(content.body.splitlines())


def _query(graph: str) -> str:
    return urlencode({"graph": graph})


SCRATCH = [f"urn:test:fuzz-upload:{slot}" for slot in range(3)]


@pytest.fixture(scope="module")
def server(live_server):
    """The shared server; the graphs the uploads wrote are deleted afterwards."""
    yield live_server
    for graph in SCRATCH:
        http("DELETE", live_server.url + "/data?" + _query(graph), token=WRITER_TOKEN)


@settings(max_examples=20)
@given(upload(), st.sampled_from(["PUT", "POST"]), st.sampled_from(SCRATCH))
def test_the_server_answers_every_upload_and_a_refusal_changes_nothing(server, document, method, graph):
    body, media_type = document
    log_size = len(server.log())
    before = fingerprint(server, graph)
    reply = http(method, server.url + "/data?" + _query(graph), data=body, token=WRITER_TOKEN,
                 headers={"Content-Type": media_type} if media_type else {})
    assert reply.status in ANSWERS, (reply.status, reply.text[:500])
    answer = reply.json()
    assert "Traceback" not in reply.text and isinstance(answer, dict)
    if reply.status >= 400:
        assert fingerprint(server, graph) == before
    assert "Traceback" not in server.log()[log_size:]
