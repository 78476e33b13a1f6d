"""The minimal server: SPARQL protocol basics, named queries, refusals, content negotiation."""

import csv
import io
import json

import pytest

from safetycase_kg.web.app import create_app


@pytest.fixture(scope="module")
def client(example_store):
    return create_app(example_store).test_client()


def test_index_lists_the_cases(client):
    page = client.get("/").get_data(as_text=True)
    assert "cyber-inability-v2" in page and "misuse-safeguards-api-v1" in page


def test_sparql_get_returns_json_results(client):
    r = client.get("/sparql", query_string={"query": "SELECT ?c WHERE { ?c a sc:SafetyCase } ORDER BY ?c"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"
    rows = json.loads(r.data)["results"]["bindings"]
    assert len(rows) == 16


def test_sparql_post_and_csv(client):
    r = client.post("/sparql", data="SELECT ?c WHERE { ?c a sc:SafetyCase }", content_type="application/sparql-query",
                    headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert len(list(csv.reader(io.StringIO(r.get_data(as_text=True))))) == 17


def test_named_query_with_a_parameter(client):
    r = client.get("/queries/cases-by-decision", query_string={"decision": "scv:decision-kind/open-weight-publication"})
    rows = json.loads(r.data)["results"]["bindings"]
    assert [row["case"]["value"] for row in rows] == ["https://w3id.org/safetycase-kg/id/open-weights-reuse-v1"]


def test_service_is_refused_with_400(client):
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "SERVICE" in json.loads(r.data)["error"]


def test_malformed_query_gets_400_and_unsupported_accept_406(client):
    assert client.get("/sparql", query_string={"query": "SELEC"}).status_code == 400
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_an_anonymous_query_reads_the_public_view(client):
    response = client.get("/sparql", query_string={"query": "SELECT ?o WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'CANARY')) }"},
                          headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert "CANARY" not in response.get_data(as_text=True)


SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                         ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_the_endpoint_without_a_query_describes_itself(client, example_store, accept, fmt):
    from rdflib import Graph, URIRef
    r = client.get("/sparql", headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept
    graph = Graph().parse(data=r.data, format=fmt)
    service = next(graph.subjects(URIRef(SD + "endpoint"), URIRef("http://localhost/sparql")))
    languages = set(graph.objects(service, URIRef(SD + "supportedLanguage")))
    assert {URIRef(SD + "SPARQL11Query"), URIRef(SD + "SPARQL11Update")} <= languages
    assert URIRef(SD + "UnionDefaultGraph") in set(graph.objects(service, URIRef(SD + "feature")))
    named = set(graph.objects(None, URIRef(SD + "name")))
    assert set(example_store.case_graphs()) <= named


def test_the_dataset_is_described_with_void(client, example_store):
    from rdflib import Graph, URIRef
    r = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    graph = Graph().parse(data=r.data, format="turtle")
    dataset = URIRef("http://localhost/.well-known/void#dataset")
    assert (dataset, URIRef(VOID + "sparqlEndpoint"), URIRef("http://localhost/sparql")) in graph
    partition = graph.value(dataset, URIRef(VOID + "classPartition"))
    assert int(graph.value(partition, URIRef(VOID + "entities"))) == len(example_store.case_graphs())
