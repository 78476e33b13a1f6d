"""Access tiers over real HTTP: public without a token, reviewer and writer by bearer token, 401 for a bad one."""

import json
import urllib.parse

import pytest
from live_server import REVIEWER_TOKEN, WRITER_TOKEN, http

from safetycase_kg.web.access import (
    PUBLIC,
    REVIEWER,
    WRITER,
    AccessDenied,
    hash_token,
    require,
    tier_for,
)

CANARY = b"CANARY-CBRN-7f3a"
PROBE = "SELECT ?o WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'CANARY')) }"
CASE = "https://w3id.org/safetycase-kg/id/cyber-inability-v2"


def query(server, token=None, headers=None):
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": PROBE})
    return http("GET", url, headers={"Accept": "text/csv", **(headers or {})}, token=token)


def update(server, text, token=None):
    return http("POST", server.url + "/sparql", data=text.encode(), token=token,
                headers={"Content-Type": "application/sparql-update"})


def test_no_token_reads_the_public_view(live_server):
    reply = query(live_server)
    assert reply.status == 200 and CANARY not in reply.body


@pytest.mark.parametrize("token", [REVIEWER_TOKEN, WRITER_TOKEN])
def test_reviewer_and_writer_tokens_read_the_full_store(live_server, token):
    reply = query(live_server, token)
    assert reply.status == 200 and CANARY in reply.body


@pytest.mark.parametrize("header", ["Bearer not-a-token", f"Bearer {REVIEWER_TOKEN}x", f"Basic {REVIEWER_TOKEN}",
                                    "Bearer ", f"Bearer {hash_token(REVIEWER_TOKEN)}"])
def test_a_wrong_token_is_401_not_public(live_server, header):
    reply = query(live_server, headers={"Authorization": header})
    assert reply.status == 401 and reply.headers["Content-Type"] == "application/json"
    assert reply.json()["status"] == 401 and reply.headers["WWW-Authenticate"].startswith("Bearer")
    assert CANARY not in reply.body


def test_update_needs_a_writer_token(live_server):
    text = "INSERT DATA { GRAPH <https://w3id.org/safetycase-kg/id/test/tiers> { <urn:a> <urn:b> 'c' } }"
    assert update(live_server, text).status == 401
    refused = update(live_server, text, REVIEWER_TOKEN)
    assert refused.status == 403 and "writer" in refused.json()["error"]
    check = "ASK { GRAPH <https://w3id.org/safetycase-kg/id/test/tiers> { ?s ?p ?o } }"
    ask = lambda: http("GET", live_server.url + "/sparql?" + urllib.parse.urlencode({"query": check}),
                       headers={"Accept": "application/sparql-results+json"}, token=REVIEWER_TOKEN).json()["boolean"]
    assert ask() is False
    assert update(live_server, text, WRITER_TOKEN).status == 200
    assert ask() is True


def test_graph_store_writes_need_a_writer_token(live_server):
    url = live_server.url + "/data?graph=https://w3id.org/safetycase-kg/id/test/tiers-gsp"
    body, headers = b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"}
    assert http("PUT", url, data=body, headers=headers).status == 401
    assert http("PUT", url, data=body, headers=headers, token=REVIEWER_TOKEN).status == 403
    assert http("DELETE", url, token=REVIEWER_TOKEN).status == 403
    assert http("GET", url).status == 404


def test_the_access_log_has_one_json_line_per_request_and_never_the_token(live_server):
    query(live_server, REVIEWER_TOKEN)
    query(live_server, headers={"Authorization": "Bearer wrong-token-in-log"})
    lines = [json.loads(line) for line in live_server.log().splitlines() if line.startswith("{")]
    assert {"time", "method", "path", "status", "tier", "duration_ms", "rows"} <= set(lines[-1])
    assert [(r["status"], r["tier"]) for r in lines[-2:]] == [(200, REVIEWER), (401, None)]
    assert lines[-2]["rows"] == 1
    log = live_server.log()
    assert REVIEWER_TOKEN not in log and "wrong-token-in-log" not in log and WRITER_TOKEN not in log


# --- the tier logic itself -------------------------------------------------------------------------

TOKENS = {REVIEWER: [hash_token("r")], WRITER: [hash_token("w")]}


def test_tier_for_each_header():
    assert tier_for(None, TOKENS) == PUBLIC
    assert tier_for("Bearer r", TOKENS) == REVIEWER
    assert tier_for("bearer w", TOKENS) == WRITER
    with pytest.raises(AccessDenied) as err:
        tier_for("Bearer x", TOKENS)
    assert err.value.http_status == 401


def test_a_token_configured_for_two_tiers_gets_the_higher():
    assert tier_for("Bearer r", {REVIEWER: [hash_token("r")], WRITER: [hash_token("r")]}) == WRITER


def test_require_says_401_to_the_anonymous_and_403_to_a_lower_tier():
    require(WRITER, WRITER)
    require(WRITER, REVIEWER)
    for tier, status in ((PUBLIC, 401), (REVIEWER, 403)):
        with pytest.raises(AccessDenied) as err:
            require(tier, WRITER)
        assert err.value.http_status == status
