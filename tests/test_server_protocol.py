"""SPARQL 1.1 Protocol, Graph Store Protocol and named queries against a real server, with real clients."""

import csv
import io
import json
import urllib.parse

import pytest
from live_server import REVIEWER_TOKEN, WRITER_TOKEN, http
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper

CASES = "SELECT ?c WHERE { ?c a sc:SafetyCase } ORDER BY ?c"
CASE = "https://w3id.org/safetycase-kg/id/cyber-inability-v2"
CBRN = "https://w3id.org/safetycase-kg/id/cbrn-rsp-deployment-v1"


def get(server, path, params=None, **kw):
    query = "?" + urllib.parse.urlencode(params, doseq=True) if params else ""
    return http("GET", server.url + path + query, **kw)


def sparql(server, query, accept="application/sparql-results+json", **kw):
    return get(server, "/sparql", {"query": query, **kw.pop("params", {})}, headers={"Accept": accept}, **kw)


# --- SPARQL query: clients, methods, formats -----------------------------------------------------

@pytest.mark.parametrize("fmt", [JSON, XML, CSV])
def test_sparqlwrapper_select_in_json_xml_and_csv(live_server, fmt):
    client = SPARQLWrapper(live_server.url + "/sparql")
    client.setQuery("PREFIX sc: <https://w3id.org/safetycase-kg/ontology#> " + CASES)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == JSON:
        cases = [b["c"]["value"] for b in result["results"]["bindings"]]
    elif fmt == XML:
        cases = [n.firstChild.firstChild.nodeValue for n in result.getElementsByTagName("binding")]
    else:
        cases = [row[0] for row in list(csv.reader(io.StringIO(result.decode())))[1:]]
    assert len(cases) == 16 and CASE in cases


def test_sparqlwrapper_construct(live_server):
    client = SPARQLWrapper(live_server.url + "/sparql")
    client.setQuery(f"CONSTRUCT {{ <{CASE}> ?p ?o }} WHERE {{ <{CASE}> ?p ?o }}")
    graph = client.queryAndConvert()
    assert isinstance(graph, Graph) and len(graph) > 5
    assert (URIRef(CASE), None, None) in graph


def test_rdflib_sparqlstore_reads(live_server):
    graph = Graph(store=SPARQLStore(live_server.url + "/sparql"))
    rows = list(graph.query(f"SELECT ?t WHERE {{ <{CASE}> <http://purl.org/dc/terms/title> ?t }}"))
    assert len(rows) == 1 and "cyber" in str(rows[0][0]).lower()
    assert len(list(graph.triples((URIRef(CASE), None, None)))) > 5


def test_update_with_sparqlupdatestore_and_a_writer_token(live_server):
    target = URIRef("https://w3id.org/safetycase-kg/id/test/update-store")
    store = SPARQLUpdateStore(live_server.url + "/sparql", live_server.url + "/sparql",
                              headers={"Authorization": f"Bearer {WRITER_TOKEN}"})
    graph = Graph(store=store, identifier=target)
    graph.add((URIRef("urn:test:s"), URIRef("urn:test:p"), Literal("written over HTTP")))
    reply = sparql(live_server, f"SELECT ?o WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}", token=REVIEWER_TOKEN)
    assert [b["o"]["value"] for b in reply.json()["results"]["bindings"]] == ["written over HTTP"]


def test_post_query_and_post_form_give_the_same_answer(live_server):
    direct = http("POST", live_server.url + "/sparql", data=CASES.encode(),
                  headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    form = http("POST", live_server.url + "/sparql", data=urllib.parse.urlencode({"query": CASES}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})
    assert direct.status == form.status == 200
    assert direct.text == form.text and len(direct.text.splitlines()) == 17


@pytest.mark.parametrize("accept,check", [
    ("application/sparql-results+json", lambda body: json.loads(body)["boolean"] is True),
    ("application/sparql-results+xml", lambda body: "<boolean>true</boolean>" in body),
    ("text/tab-separated-values", lambda body: body.splitlines()[-1] == "true"),
])
def test_ask_in_each_format(live_server, accept, check):
    reply = sparql(live_server, "ASK { ?c a sc:SafetyCase }", accept)
    assert reply.status == 200 and reply.headers["Content-Type"].startswith(accept) and check(reply.text)


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                        ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_construct_in_each_format(live_server, accept, fmt):
    reply = sparql(live_server, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{CASE}> {{ ?s ?p ?o }} }}", accept)
    assert reply.status == 200 and reply.headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=reply.body, format=fmt)
    count = sparql(live_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CASE}> {{ ?s ?p ?o }} }}").json()
    assert len(graph) == int(count["results"]["bindings"][0]["n"]["value"]) > 50


def test_default_graph_uri_and_named_graph_uri(live_server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    one = sparql(live_server, count, params={"default-graph-uri": CASE}).json()
    both = sparql(live_server, count, params={"default-graph-uri": [CASE, CBRN]}).json()
    everything = sparql(live_server, count).json()
    n = [int(r["results"]["bindings"][0]["n"]["value"]) for r in (one, both, everything)]
    assert 0 < n[0] < n[1] < n[2]
    graphs = sparql(live_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                    params={"named-graph-uri": CASE}).json()
    assert [b["g"]["value"] for b in graphs["results"]["bindings"]] == [CASE]
    # Only named-graph-uri given: the default graph is empty, as the protocol says.
    assert sparql(live_server, count, params={"named-graph-uri": CASE}).json()["results"]["bindings"][0]["n"]["value"] == "0"


def test_from_a_graph_in_the_store_works_and_from_elsewhere_is_refused(live_server):
    local = sparql(live_server, f"SELECT (COUNT(*) AS ?n) FROM <{CASE}> WHERE {{ ?s ?p ?o }}")
    direct = sparql(live_server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", params={"default-graph-uri": CASE})
    assert local.status == 200 and local.json() == direct.json()
    remote = sparql(live_server, "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }")
    assert remote.status == 400 and "FROM" in remote.json()["error"]


def test_bad_sparql_gets_400_with_line_and_column(live_server):
    reply = sparql(live_server, "SELECT ?x WHERE {\n  ?x ?y \n}")
    body = reply.json()
    assert reply.status == 400 and body["status"] == 400
    assert body["line"] == 3 and body["column"] >= 1 and "line 3" in body["error"]


def test_unsupported_accept_gets_406_json(live_server):
    reply = sparql(live_server, CASES, "image/png")
    assert reply.status == 406 and reply.json()["status"] == 406
    graph_as_csv = sparql(live_server, "CONSTRUCT WHERE { ?s a sc:SafetyCase }", "text/csv")
    assert graph_as_csv.status == 406


def test_errors_are_json_everywhere(live_server):
    for reply in (get(live_server, "/no-such-page"), http("DELETE", live_server.url + "/sparql"),
                  get(live_server, "/queries/no-such-query"), get(live_server, "/sparql?query=")):
        assert reply.status in (400, 404, 405)
        assert reply.headers["Content-Type"] == "application/json" and reply.json()["status"] == reply.status


# --- named queries ---------------------------------------------------------------------------------

def test_named_queries_are_listed_and_run_with_parameters_in_any_format(live_server):
    listed = get(live_server, "/queries").json()
    assert any(q["name"] == "cases-by-decision" for q in listed)
    reply = get(live_server, "/queries/cases-by-decision", {"decision": "scv:decision-kind/open-weight-publication"},
                headers={"Accept": "text/csv"})
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert reply.status == 200 and [r["case"] for r in rows] == ["https://w3id.org/safetycase-kg/id/open-weights-reuse-v1"]
    xml = get(live_server, "/queries/cases-by-decision", headers={"Accept": "application/sparql-results+xml"})
    assert xml.status == 200 and "open-weights-reuse-v1" in xml.text
    bad = get(live_server, "/queries/cases-by-decision", {"nonsense": "1"})
    assert bad.status == 400 and "nonsense" in bad.json()["error"]


# --- Graph Store Protocol ------------------------------------------------------------------------

def test_graph_store_get_a_graph_and_the_default_graph(live_server):
    one = get(live_server, "/data", {"graph": CASE}, headers={"Accept": "application/n-triples"})
    assert one.status == 200 and len(Graph().parse(data=one.body, format="nt")) > 50
    union = get(live_server, "/data", {"default": ""}, headers={"Accept": "text/turtle"})
    assert union.status == 200 and len(Graph().parse(data=union.body, format="turtle")) > len(Graph().parse(data=one.body, format="nt"))
    assert get(live_server, "/data", {"graph": "urn:test:no-such-graph"}).status == 404
    assert get(live_server, "/data").status == 400


def test_graph_store_put_post_delete_as_writer(live_server):
    graph = "https://w3id.org/safetycase-kg/id/test/gsp"
    url = live_server.url + "/data?" + urllib.parse.urlencode({"graph": graph})
    put = http("PUT", url, data=b"<urn:test:a> <urn:test:p> 'one' .", headers={"Content-Type": "text/turtle"},
               token=WRITER_TOKEN)
    assert put.status == 201 and put.json()["graphs"] == {graph: 1}
    post = http("POST", url, data=b'{"@id": "urn:test:b", "urn:test:p": "two"}',
                headers={"Content-Type": "application/ld+json"}, token=WRITER_TOKEN)
    assert post.status == 200 and post.json()["graphs"] == {graph: 2}
    again = http("PUT", url, data=b'<urn:test:c> <urn:test:p> "three" .', headers={"Content-Type": "application/n-triples"},
                 token=WRITER_TOKEN)
    assert again.status == 200
    text = get(live_server, "/data", {"graph": graph}, headers={"Accept": "application/n-triples"}).text
    assert "three" in text and "one" not in text and "two" not in text
    assert http("DELETE", url, token=WRITER_TOKEN).status == 200
    assert get(live_server, "/data", {"graph": graph}).status == 404
    assert http("DELETE", url, token=WRITER_TOKEN).status == 404


def test_graph_store_json_ld_may_use_the_project_context_by_its_iri(live_server):
    graph = "https://w3id.org/safetycase-kg/id/test/jsonld"
    doc = {"@context": "https://w3id.org/safetycase-kg/context.jsonld", "@id": "test/jsonld-thing",
           "title": "A thing in JSON-LD"}
    reply = http("PUT", live_server.url + "/data?" + urllib.parse.urlencode({"graph": graph}), data=json.dumps(doc).encode(),
                 headers={"Content-Type": "application/ld+json"}, token=WRITER_TOKEN)
    assert reply.status == 201, reply.text
    text = get(live_server, "/data", {"graph": graph}, headers={"Accept": "application/n-triples"}).text
    assert "<https://w3id.org/safetycase-kg/id/test/jsonld-thing> <http://purl.org/dc/terms/title>" in text


def test_graph_store_refuses_writes_to_the_default_graph_and_unknown_media_types(live_server):
    assert http("PUT", live_server.url + "/data?default", data=b"", headers={"Content-Type": "text/turtle"},
                token=WRITER_TOKEN).status == 405
    reply = http("PUT", live_server.url + "/data?graph=urn:test:x", data=b"a,b", headers={"Content-Type": "text/csv"},
                 token=WRITER_TOKEN)
    assert reply.status == 415
    system = http("PUT", live_server.url + "/data?graph=https://w3id.org/safetycase-kg/graph/vocab",
                  data=b"<urn:a> <urn:b> <urn:c> .", headers={"Content-Type": "text/turtle"}, token=WRITER_TOKEN)
    assert system.status == 403
