"""The server's limits, against a real server: time limit, row cap, request size, SERVICE/LOAD/FROM, uploads.

A small HTTP server stands in for the outside world: every request it receives is recorded, so a test
can show that a refused SERVICE, LOAD or remote JSON-LD context never left the server, and that an
allow-listed SERVICE does reach it (so the refusals are not an accident of a broken network path).
"""

import json
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from live_server import REVIEWER_TOKEN, WRITER_TOKEN, LiveServer
from live_server import http as request
from servers import RecordingSink

TIMEOUT = 2
MAX_ROWS = 10
MAX_BYTES = 8192
CASE = "https://w3id.org/safetycase-kg/id/cyber-inability-v2"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def recording():
    sink = RecordingSink()
    yield sink
    sink.close()


@pytest.fixture(scope="module")
def sink(recording):
    return recording.url


@pytest.fixture(scope="module")
def limited(tmp_path_factory, sink):
    server = LiveServer(tmp_path_factory.mktemp("limited-server"), query_timeout=TIMEOUT, max_rows=MAX_ROWS,
                        max_request_bytes=MAX_BYTES, service_allowlist=[sink + "/allowed"])
    yield server
    server.stop()


def sparql(server, query, accept="application/sparql-results+json", **kw):
    return request("GET", server.url + "/sparql?" + urllib.parse.urlencode({"query": query}),
                   headers={"Accept": accept}, **kw)


def update(server, text, token=WRITER_TOKEN):
    return request("POST", server.url + "/sparql", data=text.encode(), token=token,
                   headers={"Content-Type": "application/sparql-update"})


def fingerprint(server, graph):
    """Size and a checksum of a graph, as aggregates: the row cap would cut off a plain read of the graph."""
    query = f"""SELECT (COUNT(*) AS ?n) (SUM(STRLEN(STR(?p)) + STRLEN(STR(?o))) AS ?len) (SAMPLE(?c) AS ?top)
                WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o OPTIONAL {{ <{graph}> sc:topClaim ?c }} }} }}"""
    row = sparql(server, query, token=WRITER_TOKEN).json()["results"]["bindings"][0]
    return {k: v["value"] for k, v in row.items()}


# --- time limit ------------------------------------------------------------------------------------

def test_a_runaway_query_is_killed_at_the_time_limit_and_its_worker_is_gone(limited):
    seen: set[int] = set()
    done = threading.Event()

    def watch():
        while not done.is_set():
            seen.update(limited.children())
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.monotonic()
    reply = sparql(limited, RUNAWAY)
    elapsed = time.monotonic() - started
    done.set()
    watcher.join()
    assert reply.status == 503 and "stopped" in reply.json()["error"]
    assert TIMEOUT <= elapsed < TIMEOUT + 5
    assert seen, "the query should have run in a worker process"
    assert not limited.children()
    assert not any(Path(f"/proc/{pid}").exists() for pid in seen)
    assert sparql(limited, "ASK { ?s ?p ?o }").json()["boolean"] is True  # the server still answers


def test_a_quick_query_is_not_affected_by_the_time_limit(limited):
    reply = sparql(limited, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert reply.status == 200 and int(reply.json()["results"]["bindings"][0]["n"]["value"]) > 1000


# --- memory budget ---------------------------------------------------------------------------------

# Every pair of triples, sorted: the sort holds them all (about 270 million rows on the examples).
HUNGRY = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?q ?y } ORDER BY ?a ?b LIMIT 1"
PLAIN = ("SELECT ?c WHERE { ?c a sc:SafetyCase } ORDER BY ?c",
         "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
         "ASK { ?s sc:hasClaim ?c }")


@pytest.fixture(scope="module")
def frugal(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("frugal-server"), query_memory=64, query_timeout=120,
                        log_format="off")
    yield server
    server.stop()


def test_queries_past_the_memory_budget_get_503_while_the_others_are_answered(frugal):
    tokens = (None, REVIEWER_TOKEN)  # the public view and the full store
    alone = {(q, t): sparql(frugal, q, token=t).text for q in PLAIN for t in tokens}
    jobs = [(q, t) for _ in range(3) for q in (HUNGRY, *PLAIN) for t in tokens]
    with ThreadPoolExecutor(8) as clients:
        replies = list(clients.map(lambda job: sparql(frugal, job[0], token=job[1]), jobs))
    for (query, token), reply in zip(jobs, replies, strict=True):
        if query == HUNGRY:
            assert reply.status == 503, reply.text
            assert reply.json()["error"] == "the query needed more than 64 MiB of memory and was stopped"
        else:
            assert reply.status == 200 and reply.text == alone[query, token]
    assert request("GET", frugal.url + "/healthz").json()["healthy"] is True
    assert len(frugal.children()) <= 4  # the workers that ran out were reaped, not left behind
    assert sparql(frugal, PLAIN[0]).text == alone[PLAIN[0], None]


# --- row cap ---------------------------------------------------------------------------------------

def test_rows_beyond_the_cap_are_cut_off_and_flagged_in_a_header(limited):
    reply = sparql(limited, "SELECT * WHERE { ?s ?p ?o }")
    assert reply.status == 200 and len(reply.json()["results"]["bindings"]) == MAX_ROWS
    assert reply.headers["X-Result-Truncated"] == f"true; max-rows={MAX_ROWS}"
    assert reply.headers["X-Result-Rows"] == str(MAX_ROWS)
    graph = sparql(limited, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert len(graph.text.splitlines()) == MAX_ROWS and graph.headers["X-Result-Truncated"]


def test_a_result_within_the_cap_is_not_flagged(limited):
    reply = sparql(limited, "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "text/csv")
    assert len(reply.text.splitlines()) == 6 and reply.headers["X-Result-Rows"] == "5"
    assert "X-Result-Truncated" not in reply.headers


# --- request size ----------------------------------------------------------------------------------

def test_large_requests_get_413_json(limited):
    padding = "# " + "x" * MAX_BYTES + "\n"
    for reply in (
        request("POST", limited.url + "/sparql", data=(padding + "ASK {}").encode(),
                headers={"Content-Type": "application/sparql-query"}),
        request("POST", limited.url + "/sparql", data=urllib.parse.urlencode({"query": padding + "ASK {}"}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"}),
        request("PUT", limited.url + "/data?graph=urn:test:big", data=padding.encode(),
                headers={"Content-Type": "text/turtle"}, token=WRITER_TOKEN),
    ):
        assert reply.status == 413 and reply.json()["status"] == 413
    small = request("POST", limited.url + "/sparql", data=b"ASK {}", headers={"Content-Type": "application/sparql-query"})
    assert small.status == 200


# --- no network or file access from queries --------------------------------------------------------

def test_an_allow_listed_service_is_reached(limited, sink, recording):
    reply = sparql(limited, f"SELECT ?s WHERE {{ SERVICE <{sink}/allowed> {{ ?s ?p ?o }} }}")
    assert reply.status == 200, reply.text
    assert [b["s"]["value"] for b in reply.json()["results"]["bindings"]] == ["urn:remote:answer"]
    assert any(hit.startswith("/allowed") for hit in recording.hits)


@pytest.mark.parametrize("target", ["/other", "/allowed/but-not-this", "file:///etc/passwd"])
def test_service_load_and_from_outside_the_allow_list_are_refused_before_running(limited, sink, recording, target):
    iri = target if target.startswith("file:") else sink + target
    recording.hits.clear()
    service = sparql(limited, f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}")
    silent = sparql(limited, f"SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{iri}> {{ ?s ?p ?o }} }} }}")
    load = update(limited, f"LOAD <{iri}> INTO GRAPH <https://w3id.org/safetycase-kg/id/test/loaded>")
    from_ = sparql(limited, f"SELECT * FROM <{iri}> WHERE {{ ?s ?p ?o }}")
    for reply in (service, silent, load, from_):
        assert reply.status == 400 and reply.json()["status"] == 400
    assert "SERVICE" in service.json()["error"] and "LOAD" in load.json()["error"] and "FROM" in from_.json()["error"]
    time.sleep(0.2)
    assert recording.hits == []


# --- uploads ---------------------------------------------------------------------------------------

RDF_XML = """<?xml version="1.0"?>
{doctype}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>{value}</ex:p></rdf:Description>
</rdf:RDF>"""


@pytest.mark.parametrize("doctype,value", [
    ('<!DOCTYPE rdf:RDF [<!ENTITY e "expanded">]>', "&e;"),
    ('<!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', "&b;"),
    ('<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/hostname">]>', "&x;"),
    ('<!doctype rdf:RDF>', "plain"),
])
def test_rdf_xml_with_a_doctype_or_entities_is_refused(limited, doctype, value):
    graph = "https://w3id.org/safetycase-kg/id/test/xml-entities"
    url = limited.url + "/data?" + urllib.parse.urlencode({"graph": graph})
    reply = request("PUT", url, data=RDF_XML.format(doctype=doctype, value=value).encode(),
                    headers={"Content-Type": "application/rdf+xml"}, token=WRITER_TOKEN)
    assert reply.status == 400 and "DOCTYPE" in reply.json()["error"]
    assert request("GET", url).status == 404


def test_rdf_xml_without_a_doctype_is_accepted(limited):
    url = limited.url + "/data?graph=https://w3id.org/safetycase-kg/id/test/xml-plain"
    reply = request("PUT", url, data=RDF_XML.format(doctype="", value="plain").encode(),
                    headers={"Content-Type": "application/rdf+xml"}, token=WRITER_TOKEN)
    assert reply.status == 201, reply.text
    assert request("DELETE", url, token=WRITER_TOKEN).status == 200


def test_json_ld_with_a_remote_context_is_refused_without_fetching_it(limited, sink, recording):
    recording.hits.clear()
    doc = {"@context": sink + "/allowed/context.jsonld", "@id": "http://example.org/a", "p": "v"}
    reply = request("PUT", limited.url + "/data?graph=urn:test:remote-context", data=json.dumps(doc).encode(),
                    headers={"Content-Type": "application/ld+json"}, token=WRITER_TOKEN)
    assert reply.status == 400 and "context" in reply.json()["error"]
    assert recording.hits == []


# --- writes go through validation -------------------------------------------------------------------

def test_an_update_that_breaks_a_case_is_refused_with_422_and_changes_nothing(limited):
    before = fingerprint(limited, CASE)
    reply = update(limited, f"DELETE WHERE {{ GRAPH <{CASE}> {{ <{CASE}> sc:topClaim ?c }} }}")
    body = reply.json()
    assert reply.status == 422 and body["violations"] and any("topClaim" in v for v in body["violations"])
    assert fingerprint(limited, CASE) == before and "top" in before


def test_an_upload_that_breaks_a_case_is_refused_with_422_and_changes_nothing(limited):
    before = fingerprint(limited, CASE)
    reply = request("PUT", limited.url + "/data?" + urllib.parse.urlencode({"graph": CASE}),
                    data=f"<{CASE}> a <https://w3id.org/safetycase-kg/ontology#SafetyCase> .".encode(),
                    headers={"Content-Type": "text/turtle"}, token=WRITER_TOKEN)
    assert reply.status == 422 and reply.json()["violations"]
    assert fingerprint(limited, CASE) == before and "top" in before


def test_an_update_that_keeps_the_case_valid_is_written(limited):
    note = "https://w3id.org/safetycase-kg/id/test/note"
    before = int(fingerprint(limited, CASE)["n"])
    reply = update(limited, f'INSERT DATA {{ GRAPH <{CASE}> {{ <{CASE}> rdfs:comment "checked over HTTP" }} }}')
    assert reply.status == 200 and reply.json()["graphs"] == {CASE: before + 1} == {CASE: int(fingerprint(limited, CASE)["n"])}
    assert update(limited, f'INSERT DATA {{ <{note}> rdfs:comment "default graph" }}').status == 400
    system = update(limited, 'INSERT DATA { GRAPH <https://w3id.org/safetycase-kg/graph/shapes> { <urn:a> <urn:b> "c" } }')
    assert system.status == 403
