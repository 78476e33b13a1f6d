"""No public response of any protocol path contains withheld content; a reviewer's does (so each check can fail).

The example corpus holds the string CANARY-CBRN-7f3a in a regulator-only evidence item. Every query,
named query and graph read below is made without a token and must not return it, in every result
format; the same request with a reviewer token must return it wherever it can, which proves that the
request really reaches the item and that the public tier is what hides it.
"""

import urllib.parse

import pytest
from live_server import REVIEWER_TOKEN, http

from safetycase_kg.core.sparql import load_library

CANARY = b"CANARY-CBRN-7f3a"
CBRN = "https://w3id.org/safetycase-kg/id/cbrn-rsp-deployment-v1"
E1 = CBRN + "/E1"
SELECT_FORMATS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"]
GRAPH_FORMATS = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]

SELECTS = [
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
    f"SELECT * WHERE {{ GRAPH <{CBRN}> {{ ?s ?p ?o }} }}",
    f"SELECT ?p ?o WHERE {{ <{E1}> ?p ?o }}",
    "SELECT ?o WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'CANARY')) }",
    "SELECT ?o WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), 'canary-cbrn', 'i')) }",
    "SELECT ?o WHERE { ?claim sc:supportedBy/!rdf:type ?o }",
    f"SELECT ?o WHERE {{ <{CBRN}> (!rdf:type)/(!rdf:type)/(!rdf:type)? ?o }}",
    "SELECT (GROUP_CONCAT(STR(?o); separator='|') AS ?all) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }",
    "SELECT ?x WHERE { ?s ?p ?o BIND(SUBSTR(STR(?o), 1, 16) AS ?x) }",
]
GRAPHS = [
    f"DESCRIBE <{E1}>",
    f"DESCRIBE ?e WHERE {{ <{CBRN}> ?p ?x . ?x ?q ?e }}",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'CANARY')) }",
]


def sparql(server, query, accept, token=None):
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": query})
    reply = http("GET", url, headers={"Accept": accept}, token=token)
    assert reply.status == 200, reply.text
    return reply.body


@pytest.mark.parametrize("accept", SELECT_FORMATS)
@pytest.mark.parametrize("query", SELECTS)
def test_select_never_shows_the_canary_to_the_public(live_server, query, accept):
    assert CANARY not in sparql(live_server, query, accept)
    assert CANARY in sparql(live_server, query, accept, REVIEWER_TOKEN)


@pytest.mark.parametrize("accept", GRAPH_FORMATS)
@pytest.mark.parametrize("query", GRAPHS)
def test_describe_and_construct_never_show_the_canary_to_the_public(live_server, query, accept):
    assert CANARY not in sparql(live_server, query, accept)
    assert CANARY in sparql(live_server, query, accept, REVIEWER_TOKEN)


def test_ask_cannot_probe_for_the_canary(live_server):
    probe = "ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'CANARY-CBRN')) }"
    assert b"false" in sparql(live_server, probe, "application/sparql-results+json")
    assert b"true" in sparql(live_server, probe, "application/sparql-results+json", REVIEWER_TOKEN)


def _param_sets(query):
    """No parameters, and every parameter pointed at the CBRN case or its withheld evidence."""
    names = {p.name for p in query.parameters}
    required = {p.name for p in query.parameters if p.required}
    sets = [{}] if not required else []
    targeted = {n: v for n, v in {"case": CBRN, "evidence": E1, "includeAll": "true",
                                  "includeInactive": "true"}.items() if n in names}
    if targeted and required <= set(targeted):
        sets.append(targeted)
    return sets


NAMED = [(q.name, params) for q in load_library().values() for params in _param_sets(q)]


@pytest.mark.parametrize("name,params", NAMED, ids=[f"{n}-{'-'.join(p) or 'none'}" for n, p in NAMED])
def test_named_queries_never_show_the_canary_to_the_public(live_server, name, params):
    url = live_server.url + f"/queries/{name}?" + urllib.parse.urlencode(params)
    for accept in SELECT_FORMATS:
        reply = http("GET", url, headers={"Accept": accept})
        assert reply.status == 200, reply.text
        assert CANARY not in reply.body


@pytest.mark.parametrize("name", ["argument-map", "decision-basis"])
def test_a_reviewer_sees_the_canary_through_named_queries(live_server, name):
    url = live_server.url + f"/queries/{name}?" + urllib.parse.urlencode({"case": CBRN})
    public = http("GET", url, headers={"Accept": "text/csv"})
    reviewer = http("GET", url, headers={"Accept": "text/csv"}, token=REVIEWER_TOKEN)
    assert CANARY not in public.body and CANARY in reviewer.body


def test_graph_store_never_shows_the_canary_to_the_public(live_server):
    listing = http("GET", live_server.url + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}), headers={"Accept": "text/csv"})
    graphs = listing.text.splitlines()[1:]
    assert CBRN in graphs and len(graphs) > 10
    targets = [{"graph": g} for g in graphs] + [{"default": ""}]
    for target in targets:
        for accept in GRAPH_FORMATS:
            reply = http("GET", live_server.url + "/data?" + urllib.parse.urlencode(target), headers={"Accept": accept})
            assert reply.status == 200 and CANARY not in reply.body, (target, accept)
    for target in ({"graph": CBRN}, {"default": ""}):
        reply = http("GET", live_server.url + "/data?" + urllib.parse.urlencode(target),
                     headers={"Accept": "text/turtle"}, token=REVIEWER_TOKEN)
        assert CANARY in reply.body


def test_the_public_view_still_shows_that_the_withheld_item_exists(live_server):
    body = sparql(live_server, f"SELECT ?t WHERE {{ <{E1}> a ?t }}", "text/csv")
    assert b"Evidence" in body
