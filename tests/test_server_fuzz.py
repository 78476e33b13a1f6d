"""Property-based tests (Hypothesis) of the SPARQL endpoint and the graph store, against a real server.

Generated queries and updates (``sparql_strategies``), parameter sets, methods, media types, Accept
headers and tokens go to a server started for this module (the concurrency property has a fresh one of
its own). Whatever arrives, the server must:

* never answer 500 or show a traceback; every error is ``{"error": ..., "status": N}`` with N a 4xx
  (or 503 from the documented time limit);
* never change the store when it refuses or fails a write (compared before and after);
* never open a connection for SERVICE, LOAD or FROM to a URL outside the allow-list: a listener on a
  local port stands for the network, its one allow-listed path is never used by the generators, so it
  must see no connection at all;
* answer the same requests the same way whether they arrive one by one or at once;
* still be healthy afterwards.

The budget is fixed (``conftest.py`` registers the Hypothesis profile: bounded examples, no deadline,
derandomised, no shrinking), so the module adds a bounded time to CI; ``HYPOTHESIS_PROFILE=thorough``
runs ten times as many random examples and shrinks a failure to a minimal one.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from live_server import REVIEWER_TOKEN, WRITER_TOKEN, LiveServer, Reply
from sparql_strategies import CASE, FUZZ_GRAPH, Grammar

from safetycase_kg.web.config import default_query_workers

TOKENS = st.sampled_from([None, REVIEWER_TOKEN, WRITER_TOKEN, "not-a-token"])
QUERY_TYPES = ["application/sparql-query", "application/x-www-form-urlencoded"]
ACCEPTS = [None, "*/*", "text/*", "application/*", "application/sparql-results+json", "application/sparql-results+xml",
           "text/csv", "text/tab-separated-values", "text/turtle;q=0.1, application/n-triples", "application/ld+json",
           "image/png", "garbage;;q=x", "*/*;q=0", "application/json, text/csv;q=0.5", "text/html"]
CONTENT_TYPES = [None, "", "text/turtle", "text/turtle; charset=utf-8", "text/turtle; charset=latin-1",
                 "application/n-triples", "application/ld+json", "application/rdf+xml", "application/sparql-query",
                 "application/sparql-query; charset=UTF-16", "application/sparql-update",
                 "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "garbage"]
MAX_URL = 8000  # longer requests go by POST: waitress, not the app, answers over-long request lines
ALLOWED_SERVICE = "/allowed"  # the path on the sink that is allow-listed; generators never use it exactly


class Sink:
    """A listening socket that never answers: every connection attempt waits in its backlog, so counting
    what ``accept`` returns (after the request that might have caused it has been answered) counts them all."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._socket.setblocking(False)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self.seen = 0

    def connections(self) -> int:
        while True:
            try:
                connection, _ = self._socket.accept()
            except BlockingIOError:
                return self.seen
            connection.close()
            self.seen += 1

    def close(self) -> None:
        self._socket.close()


@pytest.fixture(scope="module")
def sink():
    listener = Sink()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, sink):
    """The examples, plus a small graph of our own that generated writes may hit (so a stray write shows)."""
    server = LiveServer(tmp_path_factory.mktemp("fuzz-server"), query_timeout=3, max_rows=200,
                        service_allowlist=[sink.url + ALLOWED_SERVICE])
    seeded = send(server, "PUT", "/data?" + urllib.parse.urlencode({"graph": FUZZ_GRAPH}),
                  body=b"<urn:fuzz:s> <urn:fuzz:p> 'seed' .", content_type="text/turtle", token=WRITER_TOKEN)
    assert seeded.status == 201, seeded.body
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory, sink):
    """A server of its own for the concurrency property: its first requests arrive at once, and whatever
    they break stays with it (a parser broken by a race stays broken) instead of spoiling the others."""
    server = LiveServer(tmp_path_factory.mktemp("fresh-server"), query_timeout=3, max_rows=200)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def grammar(sink):
    return Grammar(sink.url)


FINGERPRINT = """SELECT ?g (COUNT(*) AS ?n) (SUM(COALESCE(STRLEN(STR(?o)), 1)) AS ?length)
WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"""


class Store:
    """The server's store as a reviewer sees it: per graph, the number of triples and the total length of
    their objects (where literals, and so misread text, live).

    Cheap enough to take after every generated write (a full dump costs most of a second); a refused
    write that changed anything would have to keep every graph's size and length to go unnoticed."""

    def __init__(self, server) -> None:
        self.server = server
        self.last = self.fingerprint()

    def fingerprint(self) -> str:
        reply = send(self.server, "POST", "/sparql", body=FINGERPRINT.encode(), token=REVIEWER_TOKEN,
                     content_type="application/sparql-query", accept="text/tab-separated-values")
        assert reply.status == 200, reply.body[:300]
        return reply.text

    def unchanged_unless(self, allowed: bool, what: str) -> None:
        """Assert the store is as it was after the last check, unless this request was allowed to change it."""
        now = self.fingerprint()
        if not allowed:
            assert now == self.last, f"the store changed although {what} was refused, failed or not a write"
        self.last = now


@pytest.fixture(scope="module")
def store(server):
    return Store(server)


def send(server, method: str, path: str, *, body: bytes | None = None, content_type: str | None = None,
         accept: str | None = None, token: str | None = None) -> Reply:
    """One request with exactly these headers (urllib would add a form Content-Type to any body)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (("Content-Type", content_type), ("Accept", accept),
                            ("Authorization", token and f"Bearer {token}"),
                            ("Content-Length", None if body is None else str(len(body)))):
            if value is not None:
                connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return Reply(response.status, response.msg, response.read())
    finally:
        connection.close()


def assert_sound(reply, method: str = "GET") -> None:
    """No 500, no traceback; an error is the JSON error object with its own status, a 4xx (503: time limit)."""
    assert reply.status < 500 or reply.status == 503, (reply.status, reply.body[:500])
    assert b"Traceback" not in reply.body
    if reply.status >= 400 and method != "HEAD":
        assert reply.headers.get("Content-Type") == "application/json", (reply.status, reply.body[:300])
        body = json.loads(reply.body)
        assert set(body) >= {"error", "status"} and body["status"] == reply.status and isinstance(body["error"], str)
        assert "Traceback" not in body["error"]
    if reply.status == 503:
        assert "stopped" in json.loads(reply.body)["error"]


def query_request(server, text: str, how: str, accept: str | None, token: str | None):
    if how == "GET" and len(urllib.parse.quote(text)) < MAX_URL:
        return send(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": text}), accept=accept, token=token)
    if how == "form":
        return send(server, "POST", "/sparql", body=urllib.parse.urlencode({"query": text}).encode(),
                    content_type=QUERY_TYPES[1], accept=accept, token=token)
    return send(server, "POST", "/sparql", body=text.encode("utf-8"), content_type=QUERY_TYPES[0], accept=accept, token=token)


HOW = st.sampled_from(["GET", "form", "direct"])


def sometimes(strategy, one_in: int = 5):
    """``strategy`` in about one example of ``one_in``, else None."""
    return st.integers(1, one_in).flatmap(lambda n: strategy if n == 1 else st.none())


def budget(share: float) -> settings:
    """This test's part of the profile's example budget (``conftest.py``): the profile scales them all."""
    return settings(max_examples=max(3, round(settings.default.max_examples * share)))


# --- the same requests at once and one by one, starting on a fresh server ---------------------------

@budget(0.2)
@given(data=st.data())
def test_requests_at_once_get_the_answers_they_get_one_by_one(fresh_server, grammar, sink, data):
    server = fresh_server
    batch = data.draw(st.lists(st.tuples(grammar.query(), HOW, st.sampled_from(ACCEPTS[:8]),
                                         st.sampled_from([None, REVIEWER_TOKEN])), min_size=4, max_size=8))
    start = threading.Barrier(len(batch))

    def at_once(request):
        start.wait()
        return query_request(server, *request)

    with ThreadPoolExecutor(len(batch)) as pool:
        together = list(pool.map(at_once, batch))
    alone = [query_request(server, *request) for request in batch]
    for _request, a, b in zip(batch, together, alone, strict=True):
        assert_sound(a)
        if 503 not in (a.status, b.status):  # the time limit may strike under load and not alone
            assert (a.status, a.headers.get("X-Result-Rows")) == (b.status, b.headers.get("X-Result-Rows")), \
                f"at once: {a.status} {a.body[:200]!r}; alone: {b.status} {b.body[:200]!r}"
    assert sink.connections() == 0


# --- generated queries ------------------------------------------------------------------------------

@budget(2)
@given(data=st.data())
def test_generated_queries_get_an_answer_or_a_json_4xx(server, grammar, sink, data):
    deep = data.draw(sometimes(grammar.deep()), "deep")
    text = grammar.nest(*deep) if deep else data.draw(grammar.query(), "query")
    reply = query_request(server, text, data.draw(HOW, "how"), data.draw(st.sampled_from(ACCEPTS), "accept"),
                          data.draw(TOKENS, "token"))
    assert_sound(reply)
    assert sink.connections() == 0, "a query reached the network"


# --- generated updates --------------------------------------------------------------------------------

@budget(0.7)
@given(data=st.data())
def test_a_refused_or_failed_update_never_changes_the_store(server, grammar, sink, store, data):
    deep = data.draw(sometimes(grammar.deep()), "deep")
    text = grammar.nest(*deep, update=True) if deep else data.draw(grammar.update(), "update")
    form = data.draw(st.booleans(), "form")
    token = data.draw(st.sampled_from([WRITER_TOKEN, WRITER_TOKEN, REVIEWER_TOKEN, None]), "token")
    body = urllib.parse.urlencode({"update": text}).encode() if form else text.encode("utf-8")
    reply = send(server, "POST", "/sparql", body=body, token=token,
                 content_type="application/x-www-form-urlencoded" if form else "application/sparql-update")
    assert_sound(reply)
    assert sink.connections() == 0, "an update reached the network"
    if token != WRITER_TOKEN:
        assert reply.status in (400, 401, 403), (reply.status, reply.body[:300])
    store.unchanged_unless(token == WRITER_TOKEN and 200 <= reply.status < 300, f"the update {text!r}")


# --- generated parameter sets -----------------------------------------------------------------------

def parameter_sets(grammar):
    small_query = st.sampled_from(["ASK {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "ASK {", "CONSTRUCT WHERE { ?s a sc:SafetyCase }"])
    small_update = st.sampled_from([f"INSERT DATA {{ GRAPH <{FUZZ_GRAPH}> {{ <urn:a> <urn:b> 'c' }} }}", "CLEAR NAMED",
                                    f"DROP GRAPH <{FUZZ_GRAPH}>", "INSERT DATA { <urn:a> <urn:b> 'c' }", "LOAD <urn:x>"])
    graph = st.one_of(st.sampled_from([CASE, "urn:missing", "relative", "not an iri", "", "http://example.org/é",
                                       "http://example.org/%ZZ"]), grammar.remote.map(lambda t: t.strip("<>")))
    value = {"query": st.one_of(small_query, grammar.query()), "update": st.one_of(small_update, grammar.update()),
             "default-graph-uri": graph, "named-graph-uri": graph, "using-graph-uri": graph,
             "using-named-graph-uri": graph, "graph": graph, "default": st.just(""), "Query": small_query,
             "query[]": small_query, "": st.text(max_size=5)}
    names = ["query"] * 4 + ["update"] * 2 + sorted(set(value) - {"query", "update"})  # repeats come often
    pair = st.sampled_from(names).flatmap(lambda name: st.tuples(st.just(name), value[name]))
    return st.lists(pair, max_size=5)


def encode(pairs, how: str) -> str:
    """Parameters as a query string: standard, with '+' for spaces, double-encoded, or Latin-1 bytes."""
    if how == "latin-1":
        return urllib.parse.urlencode(pairs, encoding="latin-1", errors="replace")
    if how == "plus":
        return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote_plus)
    if how == "twice":
        return "&".join(f"{urllib.parse.quote(k, safe='')}={urllib.parse.quote(urllib.parse.quote(v, safe=''), safe='')}"
                        for k, v in pairs)
    return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


@budget(2)
@given(data=st.data())
def test_generated_parameter_sets_are_answered_soundly(server, grammar, sink, store, data):
    pairs = data.draw(parameter_sets(grammar), "parameters")
    method = data.draw(st.sampled_from(["GET", "POST"]), "method")
    in_body = [data.draw(st.booleans()) for _ in pairs] if method == "POST" else [False] * len(pairs)
    how = data.draw(st.sampled_from(["standard", "plus", "twice", "latin-1"]), "encoding")
    content_type = data.draw(st.sampled_from(QUERY_TYPES + ["application/sparql-update", None]), "content type")
    token = data.draw(TOKENS, "token")
    url_part = encode([p for p, b in zip(pairs, in_body, strict=True) if not b], how)
    body = encode([p for p, b in zip(pairs, in_body, strict=True) if b], how).encode("ascii") if method == "POST" else None
    assume(len(url_part) <= MAX_URL)
    reply = send(server, method, "/sparql" + ("?" + url_part if url_part else ""), body=body,
                 content_type=content_type if method == "POST" else None, accept=data.draw(st.sampled_from(ACCEPTS)),
                 token=token)
    assert_sound(reply)
    assert sink.connections() == 0, "a request reached the network"
    names = [name for name, _ in pairs]
    if (content_type == "application/x-www-form-urlencoded" or method == "GET") and \
            names.count("query") + names.count("update") > 1:
        assert 400 <= reply.status < 500, "more than one query/update parameter must be refused"
    if token == WRITER_TOKEN and method == "POST":  # only a writer's POST may write (tiers: test_server_access)
        store.unchanged_unless(200 <= reply.status < 300, f"the request {method} {pairs!r}")


# --- generated methods, media types and Accept headers ----------------------------------------------

PATHS = ["/sparql", "/sparql?query=ASK%7B%7D", f"/data?graph={urllib.parse.quote(FUZZ_GRAPH)}",
         f"/data?graph={urllib.parse.quote(CASE)}", "/data?default", "/data", f"/data?default&graph={FUZZ_GRAPH}",
         "/data?graph=urn%3Amissing", "/queries", "/queries/cases-by-decision", "/queries/no-such-query"]
BODIES = [None, b"", b"<urn:a> <urn:b> 'c' .", b"<urn:a> <urn:b> .", b"ASK {}",
          f"INSERT DATA {{ GRAPH <{FUZZ_GRAPH}> {{ <urn:a> <urn:b> 'c' }} }}".encode(), b'{"@id": "urn:a", "urn:b": "c"}',
          b"\xff\xfe\x00<", b"query=ASK%20%7B%7D", "<urn:a> <urn:b> 'caf\xe9' .".encode("latin-1")]


@budget(3)
@given(data=st.data())
def test_generated_methods_media_types_and_accept_headers_are_answered_soundly(server, sink, store, data):
    method = data.draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "HEAD", "OPTIONS", "PATCH"]), "method")
    path = data.draw(st.sampled_from(PATHS), "path")
    content_type = data.draw(st.sampled_from(CONTENT_TYPES), "content type")
    accept = data.draw(st.sampled_from(ACCEPTS), "accept")
    token = data.draw(st.sampled_from([None, REVIEWER_TOKEN, WRITER_TOKEN, WRITER_TOKEN, "not-a-token"]), "token")
    body = data.draw(st.one_of(st.sampled_from(BODIES), st.binary(max_size=30)), "body")
    reply = send(server, method, path, body=body, content_type=content_type, accept=accept, token=token)
    assert_sound(reply, method)
    assert sink.connections() == 0
    if method == "HEAD":
        get = send(server, "GET", path, accept=accept, token=token)
        assert (reply.status, reply.headers.get("Content-Type")) == (get.status, get.headers.get("Content-Type"))
        assert reply.body == b""
    if token == WRITER_TOKEN and method not in ("GET", "OPTIONS"):  # a writer's other requests may write
        store.unchanged_unless(method in ("POST", "PUT", "DELETE") and 200 <= reply.status < 300, f"{method} {path}")


# --- SERVICE, LOAD and FROM never leave the machine ---------------------------------------------------

@budget(1.3)
@given(data=st.data())
def test_service_load_and_from_outside_the_allow_list_never_reach_the_network(server, grammar, sink, store, data):
    group = data.draw(grammar.group, "group")
    service = data.draw(grammar.service(), "service")
    remote = data.draw(grammar.remote, "remote")
    text = data.draw(st.sampled_from([
        f"SELECT * WHERE {{ {service} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ {service} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {service} }} }} LIMIT 1",
        f"ASK {{ {{ SELECT * WHERE {{ {service} }} LIMIT 1 }} }}",
        f"SELECT * WHERE {{ {group} UNION {{ {service} }} }} LIMIT 1",
        f"SELECT * WHERE {{ GRAPH ?g {{ {service} }} }} LIMIT 1",
        f"SELECT * WHERE {{ BIND(EXISTS {{ {service} }} AS ?b) }}",
        f"SELECT * FROM {remote} WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"SELECT * FROM NAMED {remote} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {service} }}",
        f"DESCRIBE {remote}",
        f"PREFIX rs: <{grammar.sink}/> SELECT * WHERE {{ {service} }}",
        f"update:LOAD {remote}",
        f"update:LOAD SILENT {remote} INTO GRAPH <{FUZZ_GRAPH}>",
        f"update:INSERT {{ GRAPH <{FUZZ_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ {service} }}",
        f"update:INSERT {{ GRAPH <{FUZZ_GRAPH}> {{ <urn:a> <urn:b> ?b }} }} WHERE {{ BIND(EXISTS {{ {service} }} AS ?b) }}",
        f"update:DELETE {{ GRAPH <{FUZZ_GRAPH}> {{ ?s ?p ?o }} }} USING {remote} WHERE {{ ?s ?p ?o }}",
        f"update:ADD {remote} TO <{FUZZ_GRAPH}>",
    ]), "text")
    if text.startswith("update:"):
        reply = send(server, "POST", "/sparql", body=text.removeprefix("update:").encode(),
                     content_type="application/sparql-update", token=WRITER_TOKEN)
    else:
        reply = query_request(server, text, data.draw(HOW, "how"), None, data.draw(TOKENS, "token"))
    assert_sound(reply)
    assert sink.connections() == 0, f"{text!r} reached the network"
    if text.startswith("update:"):
        store.unchanged_unless(200 <= reply.status < 300, f"the update {text!r}")


# --- afterwards ---------------------------------------------------------------------------------------

def test_the_server_is_healthy_after_the_fuzzing(server, sink):
    assert server.process.poll() is None, "the server process died:\n" + server.log()[-3000:]
    for token in (None, REVIEWER_TOKEN, WRITER_TOKEN):
        reply = query_request(server, "SELECT (COUNT(*) AS ?n) WHERE { ?c a sc:SafetyCase }", "GET", None, token)
        assert reply.status == 200 and int(reply.json()["results"]["bindings"][0]["n"]["value"]) > 0
    graph = "/data?" + urllib.parse.urlencode({"graph": FUZZ_GRAPH + "/health"})
    assert send(server, "PUT", graph, body=b"<urn:a> <urn:b> 'c' .", content_type="text/turtle", token=WRITER_TOKEN).status == 201
    assert '<urn:a> <urn:b> "c" .' in send(server, "GET", graph, accept="application/n-triples", token=REVIEWER_TOKEN).text
    assert send(server, "DELETE", graph, token=WRITER_TOKEN).status == 200
    workers = server.children()  # the pool's idle workers, at most query_workers, none a zombie
    pool = default_query_workers()
    assert len(workers) <= pool, f"more processes than the pool of {pool} holds were left behind: {sorted(workers)}"
    assert all(Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z" for pid in workers)
    assert sink.connections() == 0
