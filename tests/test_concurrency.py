"""Many analysts at once, from the server's first second: every answer is the one the request gets alone.

A fresh server is started and, before it has answered anyone, a crowd of clients is already waiting
on its port: each retries until the port accepts, then sends its share of a mixed workload (every
named query, SPARQL in every result format, pages, Graph Store reads, reports, and writer updates).
Afterwards every read is repeated alone and must give the same status and the same rows (or the
same page, timestamps aside); no response may be a 500; the server must still report itself healthy;
and the store must hold exactly what applying the accepted writes one by one gives.

The first burst is what used to break the server for good: rdflib's SPARQL parser, then used by the
query guard on every request, built its grammar lazily and was corrupted by concurrent first use.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from live_server import REVIEWER_TOKEN, SERVER_PY, WRITER_TOKEN, free_port, http
from summary import report

from safetycase_kg.core.sparql import load_library
from safetycase_kg.web.access import hash_token

pytestmark = pytest.mark.slow

CLIENTS = 16
COUNTER_GRAPH = "urn:concurrency:counter"
CASE = "https://w3id.org/safetycase-kg/id/cyber-inability-v2"
SELECT = "SELECT ?case ?title WHERE { ?case a sc:SafetyCase ; dcterms:title ?title } ORDER BY ?case"
ASK = "ASK { ?c a sc:Claim }"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{CASE}> {{ ?s ?p ?o }} }}"
SELECT_FORMATS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"]
GRAPH_FORMATS = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
INCREMENT = (f"DELETE {{ GRAPH <{COUNTER_GRAPH}> {{ <urn:c> <urn:n> ?n }} }} "
             f"INSERT {{ GRAPH <{COUNTER_GRAPH}> {{ <urn:c> <urn:n> ?m }} }} "
             f"WHERE {{ GRAPH <{COUNTER_GRAPH}> {{ <urn:c> <urn:n> ?n }} BIND(?n + 1 AS ?m) }}")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    token: str | None = None
    write: bool = False


def sparql(query: str, accept: str, token: str | None = None) -> Request:
    return Request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers=(("Accept", accept),),
                   token=token)


def workload() -> list[Request]:
    """One request of every kind the server answers, reads first; the writes are added per client."""
    reads = [Request("GET", f"/queries/{q.name}", headers=(("Accept", "application/sparql-results+json"),))
             for q in load_library().values() if not any(p.required for p in q.parameters)]
    reads += [sparql(SELECT, fmt) for fmt in SELECT_FORMATS]
    reads += [sparql(ASK, fmt) for fmt in SELECT_FORMATS if fmt != "text/csv"]
    reads += [sparql(CONSTRUCT, fmt) for fmt in GRAPH_FORMATS]
    reads += [sparql(SELECT, "application/sparql-results+json", REVIEWER_TOKEN)]
    reads += [Request("POST", "/sparql", SELECT.encode(), (("Content-Type", "application/sparql-query"),
                                                           ("Accept", "application/sparql-results+json")))]
    reads += [Request("GET", path) for path in (
        "/", "/cases", "/cases/cyber-inability-v2", "/cases/cbrn-rsp-deployment-v1", "/console", "/queries",
        "/ontology/terms", "/id/cyber-inability-v2/G0", "/id/model/atlas-4-2026-05-20")]
    reads += [Request("GET", "/id/cyber-inability-v2/G0", headers=(("Accept", "text/turtle"),)),
              Request("GET", "/ontology", headers=(("Accept", "text/html"),)),
              Request("GET", "/ontology", headers=(("Accept", "application/ld+json"),)),
              Request("GET", "/ontology?format=xml"), Request("GET", "/context.jsonld")]
    reads += [Request("GET", "/data?" + urllib.parse.urlencode({"graph": CASE}), headers=(("Accept", "text/turtle"),))]
    reads += [Request("GET", "/cases/misuse-safeguards-api-v1/compliance?framework=eu-ai-act-2024-1689&format=json"),
              Request("GET", "/cases/cyber-inability-v2/compliance?framework=eu-ai-act-2024-1689"),
              Request("GET", "/reports/matrix?framework=eu-ai-act-2024-1689&format=json")]
    return reads


def writes(client: int) -> list[Request]:
    """Each client adds its own graph and increments a shared counter (a lost update would show)."""
    own = (f"INSERT DATA {{ GRAPH <urn:concurrency:client/{client}> "
           f"{{ <urn:client/{client}> <http://www.w3.org/2000/01/rdf-schema#label> \"client {client}\" }} }}")
    headers = (("Content-Type", "application/sparql-update"),)
    return [Request("POST", "/sparql", text.encode(), headers, WRITER_TOKEN, write=True) for text in (own, INCREMENT)]


def send(base: str, req: Request, deadline: float) -> tuple[int, bytes, str]:
    """One request; until ``deadline`` a refused connection (server still starting) is retried."""
    while True:
        try:
            reply = http(req.method, base + req.path, data=req.body, headers=dict(req.headers), token=req.token,
                         timeout=120)
            return reply.status, reply.body, reply.headers.get("Content-Type", "")
        except urllib.error.URLError as err:
            if not isinstance(err.reason, ConnectionRefusedError) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def normalised(status: int, body: bytes, content_type: str) -> object:
    """What must be equal between a request made in the crowd and the same request alone."""
    if "json" in content_type and body[:1] in (b"{", b"["):
        data = json.loads(body)
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]["bindings"]
            return status, sorted(json.dumps(r, sort_keys=True) for r in rows)
    text = TIMESTAMP.sub("<time>", body.decode("utf-8", "replace"))
    if content_type.startswith(("text/csv", "text/tab-separated-values", "application/n-triples")):
        return status, sorted(text.splitlines())
    return status, text


@pytest.fixture(scope="module")
def crowd(tmp_path_factory):
    """Start a server with the crowd already waiting; yield the server URL and what every request got."""
    folder = tmp_path_factory.mktemp("crowd")
    port = free_port()
    config = folder / "server.toml"
    config.write_text("\n".join([
        f"port = {port}", f'store = "{folder / "store"}"', "query_timeout = 60", 'log_format = "off"',
        "[tokens]", f'reviewer = ["{hash_token(REVIEWER_TOKEN)}"]', f'writer = ["{hash_token(WRITER_TOKEN)}"]',
    ]) + "\n")
    reads = workload()
    plans = [[*reads[i::CLIENTS], *reads[(i + 7) % len(reads)::CLIENTS][:3], *writes(i)] for i in range(CLIENTS)]
    base = f"http://127.0.0.1:{port}"
    results: list[tuple[Request, tuple[int, bytes, str]]] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS + 1)

    def client(plan: list[Request]) -> None:
        start.wait()
        deadline = time.monotonic() + 180
        for req in plan:
            answer = send(base, req, deadline)
            with lock:
                results.append((req, answer))

    log = (folder / "server.log").open("wb")
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(client, plan) for plan in plans]
        process = subprocess.Popen([sys.executable, str(SERVER_PY), "--config", str(config)],
                                   stdout=log, stderr=subprocess.STDOUT, cwd=folder)
        start.wait()  # every client is now knocking on the port
        try:
            for f in futures:
                f.result()
        except BaseException:
            process.kill()
            raise
    yield base, results, process
    process.terminate()
    process.wait(15)
    log.close()


def test_no_request_in_the_crowd_gets_a_server_error(crowd):
    _, results, _ = crowd
    statuses = Counter(status for _, (status, _, _) in results)
    errors = [(req.method, req.path, status, body[:300]) for req, (status, body, _) in results if status >= 500]
    writes_sent = sum(1 for req, _ in results if req.write)
    report(f"concurrency: {CLIENTS} clients from the first second, {len(results)} requests "
           f"({writes_sent} writes), statuses {dict(sorted(statuses.items()))}, errors: {len(errors)}")
    assert not errors


def test_every_read_equals_the_same_read_alone(crowd):
    base, results, _ = crowd
    different = []
    for req, (status, body, content_type) in results:
        if req.write:
            continue
        alone = send(base, req, time.monotonic())
        if normalised(status, body, content_type) != normalised(*alone):
            different.append((req.path, status, alone[0], first_difference(body, alone[1])))
    assert not different


def first_difference(crowd: bytes, alone: bytes) -> str:
    """Where two bodies part, so a failure says which field differed."""
    lines = difflib.unified_diff(TIMESTAMP.sub("<time>", crowd.decode("utf-8", "replace")).splitlines(),
                                 TIMESTAMP.sub("<time>", alone.decode("utf-8", "replace")).splitlines(),
                                 "crowd", "alone", n=1, lineterm="")
    return "\n".join(line[:200] for line in list(lines)[:12])


def test_the_store_equals_the_accepted_writes_applied_one_by_one(crowd):
    base, results, _ = crowd
    accepted_own = [req for req, (status, _, _) in results if req.write and status == 200 and b"urn:client/" in req.body]
    accepted_increments = [req for req, (status, _, _) in results if req.write and status == 200 and req.body == INCREMENT.encode()]
    refused = [(req.body[:60], status) for req, (status, _, _) in results if req.write and status != 200]
    assert not refused  # every write is valid and independent of order, so each must be accepted
    assert len(accepted_own) == CLIENTS
    query = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             "FILTER(STRSTARTS(STR(?g), 'urn:concurrency:client/')) } GROUP BY ?g")
    rows = json.loads(send(base, sparql(query, "application/sparql-results+json", REVIEWER_TOKEN), 0)[1])
    assert {r["g"]["value"]: int(r["n"]["value"]) for r in rows["results"]["bindings"]} == \
        {f"urn:concurrency:client/{i}": 1 for i in range(CLIENTS)}
    # The counter graph did not exist, so every increment matched nothing: applied one by one they
    # leave the store without it, and so must the crowd.
    assert len(accepted_increments) == CLIENTS
    counter = json.loads(send(base, sparql(f"ASK {{ GRAPH <{COUNTER_GRAPH}> {{ ?s ?p ?o }} }}",
                                           "application/sparql-results+json", REVIEWER_TOKEN), 0)[1])
    assert counter["boolean"] is False


def test_counter_increments_are_never_lost(crowd):
    """Now with a counter present: N concurrent increments leave it at exactly N."""
    base, _, _ = crowd
    created = send(base, Request("POST", "/sparql", f"INSERT DATA {{ GRAPH <{COUNTER_GRAPH}> {{ <urn:c> <urn:n> 0 }} }}"
                                 .encode(), (("Content-Type", "application/sparql-update"),), WRITER_TOKEN), 0)
    assert created[0] == 200
    increment = writes(0)[1]
    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = list(pool.map(lambda _: send(base, increment, 0)[0], range(CLIENTS)))
    assert statuses == [200] * CLIENTS
    rows = json.loads(send(base, sparql(f"SELECT ?n WHERE {{ GRAPH <{COUNTER_GRAPH}> {{ <urn:c> <urn:n> ?n }} }}",
                                        "application/sparql-results+json", REVIEWER_TOKEN), 0)[1])
    assert [r["n"]["value"] for r in rows["results"]["bindings"]] == [str(CLIENTS)]


def test_the_server_is_healthy_afterwards(crowd):
    base, _, process = crowd
    assert process.poll() is None
    status, body, _ = send(base, Request("GET", "/healthz"), 0)
    assert status == 200 and json.loads(body)["healthy"] is True


def test_reads_never_hang_beside_a_stream_of_writes(tmp_path):
    """Reviewer queries (the store on disk, read by forked workers) while a writer keeps writing.

    A flush after every write used to start RocksDB background work; a worker forked while one of
    its threads held a lock hung until the time limit (503), about one read in fifteen.
    """
    from live_server import LiveServer
    server = LiveServer(tmp_path, query_timeout=8, log_format="off")
    failures: list[tuple[str, int]] = []
    reads = writes_done = 0
    stop = time.monotonic() + 15
    count = Request("POST", "/sparql", b"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                    (("Content-Type", "application/sparql-query"), ("Accept", "application/sparql-results+json")),
                    REVIEWER_TOKEN)

    def reader() -> int:
        done = 0
        while time.monotonic() < stop:
            status = send(server.url, count, 0)[0]
            done += 1
            if status != 200:
                failures.append(("read", status))
        return done

    try:
        with ThreadPoolExecutor(3) as pool:
            readers = [pool.submit(reader) for _ in range(3)]
            while time.monotonic() < stop:
                writes_done += 1
                put = Request("PUT", f"/data?graph=urn:stream:{writes_done % 5}",
                              f"<urn:s> <urn:p> {writes_done} .".encode(), (("Content-Type", "text/turtle"),),
                              WRITER_TOKEN, write=True)
                status = send(server.url, put, 0)[0]
                if status not in (200, 201):
                    failures.append(("write", status))
            reads = sum(f.result() for f in readers)
    finally:
        server.stop()
    report(f"concurrency: {reads} reviewer reads beside {writes_done} writes, failures: {len(failures)}")
    assert not failures
