"""HTTP details of the protocols against a real server: HEAD, character encodings, repeated parameters,
the base IRI of relative references, and nesting depth.

Each test states what the SPARQL 1.1 Protocol, the Graph Store Protocol or HTTP itself asks for; the
W3C suites (``test_w3c_conformance.py``) check a few of these, these tests check them on every route
and tier, and that a refused request leaves the store as it was.
"""

import urllib.parse

import pytest
from live_server import REVIEWER_TOKEN, WRITER_TOKEN, http

CASE = "https://w3id.org/safetycase-kg/id/cyber-inability-v2"
TEST_GRAPH = "https://w3id.org/safetycase-kg/id/test/http-details"
TIERS = {"public": None, "reviewer": REVIEWER_TOKEN, "writer": WRITER_TOKEN}


def url(server, path, **params):
    return server.url + path + ("?" + urllib.parse.urlencode(params) if params else "")


def graph_url(server, graph=TEST_GRAPH):
    return url(server, "/data", graph=graph)


def ntriples(server, graph=TEST_GRAPH):
    """The graph's triples as a set of N-Triples lines, or None when the graph does not exist."""
    reply = http("GET", graph_url(server, graph), headers={"Accept": "application/n-triples"}, token=REVIEWER_TOKEN)
    return None if reply.status == 404 else set(reply.text.splitlines())


def update(server, body: bytes, content_type="application/sparql-update", token=WRITER_TOKEN, path="/sparql"):
    return http("POST", server.url + path, data=body, headers={"Content-Type": content_type}, token=token)


@pytest.fixture
def no_test_graph(live_server):
    """Our test graph absent before the test and removed afterwards, whatever the test did to it."""
    http("DELETE", graph_url(live_server), token=WRITER_TOKEN)
    assert ntriples(live_server) is None
    yield TEST_GRAPH
    http("DELETE", graph_url(live_server), token=WRITER_TOKEN)


@pytest.fixture
def test_graph(live_server, no_test_graph):
    """A small graph of our own, removed afterwards whatever the test did to it."""
    reply = http("PUT", graph_url(live_server), data=b'<urn:test:s> <urn:test:p> "kept" .',
                 headers={"Content-Type": "text/turtle"}, token=WRITER_TOKEN)
    assert reply.status == 201, reply.text
    return TEST_GRAPH


def assert_json_error(reply, *statuses):
    assert reply.status in statuses, (reply.status, reply.body[:300])
    assert reply.headers["Content-Type"] == "application/json"
    body = reply.json()
    assert body["status"] == reply.status and isinstance(body["error"], str) and body["error"]


# --- HEAD is GET without the body, on every route and for every tier --------------------------------

ROUTES = [
    ("/sparql", {"query": "ASK { ?s ?p ?o }"}),
    ("/sparql", {"query": "SELECT ?x WHERE {"}),
    ("/data", {"graph": CASE}),
    ("/data", {"graph": "urn:test:no-such-graph"}),
    ("/queries", {}),
    ("/queries/cases-by-decision", {}),
    ("/cases", {}),
    ("/console", {}),
    ("/id/cyber-inability-v2", {"format": "ttl"}),
]


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("path,params", ROUTES, ids=lambda v: v if isinstance(v, str) else urllib.parse.urlencode(v))
def test_head_answers_like_get_without_a_body(live_server, path, params, tier):
    target = url(live_server, path, **params)
    headers = {"Accept": "text/turtle" if path == "/data" else "*/*"}
    get = http("GET", target, headers=headers, token=TIERS[tier])
    head = http("HEAD", target, headers=headers, token=TIERS[tier])
    assert (head.status, head.headers.get("Content-Type")) == (get.status, get.headers.get("Content-Type"))
    assert head.body == b""


@pytest.mark.parametrize("content_type", [None, "text/turtle", "application/n-triples"])
def test_head_with_a_writer_token_never_writes(live_server, test_graph, content_type):
    before = ntriples(live_server)
    headers = {"Accept": "text/turtle", **({"Content-Type": content_type} if content_type else {})}
    head = http("HEAD", graph_url(live_server), headers=headers, token=WRITER_TOKEN)
    assert head.status == 200 and head.body == b""
    assert ntriples(live_server) == before == {'<urn:test:s> <urn:test:p> "kept" .'}


# --- request bodies are UTF-8, strictly -------------------------------------------------------------

INSERT = 'INSERT DATA {{ GRAPH <{graph}> {{ <urn:test:s> <urn:test:p> "{value}" }} }}'


@pytest.mark.parametrize("body,content_type", [
    (INSERT.format(graph=TEST_GRAPH, value="bad \udcff byte").encode("utf-8", "surrogateescape"),
     "application/sparql-update"),
    (b"update=" + urllib.parse.quote_from_bytes(
        INSERT.format(graph=TEST_GRAPH, value="bad \udcff byte").encode("utf-8", "surrogateescape")).encode(),
     "application/x-www-form-urlencoded"),
], ids=["direct", "form"])
def test_an_update_that_is_not_utf8_is_refused_and_writes_nothing(live_server, no_test_graph, body, content_type):
    reply = update(live_server, body, content_type)
    assert_json_error(reply, 400)
    assert ntriples(live_server) is None


@pytest.mark.parametrize("charset,encoding", [("ISO-8859-1", "latin-1"), ("windows-1252", "cp1252"),
                                              ("UTF-16", "utf-16")])
def test_an_update_in_another_charset_is_refused_not_misread(live_server, no_test_graph, charset, encoding):
    body = INSERT.format(graph=TEST_GRAPH, value="café").encode(encoding)
    reply = update(live_server, body, f"application/sparql-update; charset={charset}")
    assert_json_error(reply, 400, 415)
    assert "utf-8" in reply.json()["error"].lower()
    assert ntriples(live_server) is None


def test_an_update_declared_utf8_is_read_as_utf8(live_server, test_graph):
    body = INSERT.format(graph=TEST_GRAPH, value="café ✓").encode("utf-8")
    reply = update(live_server, body, "application/sparql-update; charset=UTF-8")
    assert reply.status == 200, reply.text
    assert '<urn:test:s> <urn:test:p> "café ✓" .' in ntriples(live_server)


@pytest.mark.parametrize("content_type", ["application/sparql-query", "application/sparql-query; charset=ISO-8859-1"])
def test_a_query_that_is_not_utf8_is_refused(live_server, content_type):
    body = 'ASK { FILTER("caf\udce9" = "café") }'.encode("utf-8", "surrogateescape")
    assert_json_error(http("POST", live_server.url + "/sparql", data=body, headers={"Content-Type": content_type}), 400, 415)


# --- one query or one update per request ------------------------------------------------------------

def _form(**params):
    return urllib.parse.urlencode(params, doseq=True).encode()


def test_two_query_parameters_are_refused(live_server):
    ask, select = "ASK { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for reply in (
        http("GET", url(live_server, "/sparql") + "?" + _form(query=[ask, select]).decode()),
        http("GET", url(live_server, "/sparql") + "?" + _form(query=[ask, ask]).decode()),
        http("POST", url(live_server, "/sparql"), data=_form(query=[ask, select]), headers=form),
        http("POST", url(live_server, "/sparql", query=ask), data=_form(query=select), headers=form),
    ):
        assert_json_error(reply, 400)


def test_two_update_parameters_are_refused_and_neither_runs(live_server, no_test_graph):
    one = INSERT.format(graph=TEST_GRAPH, value="one")
    two = INSERT.format(graph=TEST_GRAPH, value="two")
    form = "application/x-www-form-urlencoded"
    assert_json_error(update(live_server, _form(update=[one, two]), form), 400)
    assert_json_error(update(live_server, _form(update=two), form, path="/sparql?" + _form(update=one).decode()), 400)
    assert ntriples(live_server) is None


# --- relative IRIs resolve against the endpoint -----------------------------------------------------

def test_a_relative_iri_in_a_query_resolves_against_the_endpoint_url(live_server):
    endpoint = live_server.url + "/sparql"
    reply = http("POST", endpoint, data=b"SELECT ?i WHERE { BIND(<thing> AS ?i) }",
                 headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert reply.status == 200, reply.text
    assert reply.json()["results"]["bindings"][0]["i"]["value"] == urllib.parse.urljoin(endpoint, "thing")
    construct = http("POST", endpoint, data=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
                     headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert construct.status == 200, construct.text
    s, p = (urllib.parse.urljoin(endpoint, x) for x in "sp")
    assert construct.text.strip() == f'<{s}> <{p}> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'


def test_a_base_in_the_query_still_wins(live_server):
    reply = http("GET", url(live_server, "/sparql", query="BASE <http://example.org/b/> SELECT ?i WHERE { BIND(<x> AS ?i) }"),
                 headers={"Accept": "application/sparql-results+json"})
    assert reply.status == 200 and reply.json()["results"]["bindings"][0]["i"]["value"] == "http://example.org/b/x"


def test_a_relative_iri_in_an_update_resolves_against_the_endpoint_url(live_server, test_graph):
    text = f"INSERT DATA {{ GRAPH <{TEST_GRAPH}> {{ <urn:test:s> <urn:test:p> <test> }} }}"
    reply = update(live_server, text.encode())
    assert reply.status == 200, reply.text
    assert f"<urn:test:s> <urn:test:p> <{urllib.parse.urljoin(live_server.url + '/sparql', 'test')}> ." in ntriples(live_server)


# --- nesting depth: a clear 400 for the absurd, an answer for the merely deep -----------------------

DEEP = [
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "ASK { FILTER(" + "(" * 50000 + "1" + ")" * 50000 + ") }",
]


@pytest.mark.parametrize("text", DEEP, ids=["5000-groups", "50000-parentheses"])
def test_a_deeply_nested_query_is_refused_with_400(live_server, text):
    reply = http("POST", live_server.url + "/sparql", data=text.encode(), headers={"Content-Type": "application/sparql-query"})
    assert_json_error(reply, 400)
    assert http("GET", url(live_server, "/sparql", query="ASK {}")).status == 200


@pytest.mark.parametrize("where", [
    "{" * 5000 + "}" * 5000,
    "{ FILTER(" + "(" * 50000 + "true" + ")" * 50000 + ") }",
], ids=["5000-groups", "50000-parentheses"])
def test_a_deeply_nested_update_is_refused_with_400_and_writes_nothing(live_server, no_test_graph, where):
    text = f"INSERT {{ GRAPH <{TEST_GRAPH}> {{ <urn:test:s> <urn:test:p> 1 }} }} WHERE {where}"
    assert_json_error(update(live_server, text.encode()), 400)
    assert ntriples(live_server) is None
    assert http("GET", url(live_server, "/sparql", query="ASK {}")).status == 200


@pytest.mark.parametrize("text", [
    "SELECT * WHERE " + "{" * 50 + "}" * 50,
    "ASK { FILTER(" + "(" * 30 + "1" + ")" * 30 + ") }",
], ids=["50-groups", "30-parentheses"])
def test_a_moderately_nested_query_is_answered(live_server, text):
    reply = http("POST", live_server.url + "/sparql", data=text.encode(), headers={"Content-Type": "application/sparql-query"})
    assert reply.status == 200, reply.text


# --- what fails while running is the client's error, not the server's ------------------------------

@pytest.mark.parametrize("text,message", [
    ("CLEAR GRAPH <https://w3id.org/safetycase-kg/id/test/no-such-graph>", "does not exist"),
    ("DROP GRAPH <https://w3id.org/safetycase-kg/id/test/no-such-graph>", "does not exist"),
    ("MOVE <https://w3id.org/safetycase-kg/id/test/no-such-graph> TO <https://w3id.org/safetycase-kg/id/test/http-details>",
     "does not exist"),
    (f"CREATE GRAPH <{CASE}>", "exists"),
])
def test_an_update_that_fails_while_running_is_a_400_with_the_reason(live_server, no_test_graph, text, message):
    reply = update(live_server, text.encode())
    assert_json_error(reply, 400)
    assert message in reply.json()["error"]
    assert ntriples(live_server) is None


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/a> { SERVICE <http://127.0.0.1:9/b> { ?s ?p ?o } } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/a> { OPTIONAL { SERVICE <http://127.0.0.1:9/b> { ?s ?p ?o } } } }",
], ids=["nested", "nested-in-optional"])
def test_a_nested_service_is_refused_with_400_like_any_other(live_server, text):
    reply = http("GET", url(live_server, "/sparql", query=text))
    assert_json_error(reply, 400)
    assert "SERVICE" in reply.json()["error"]
