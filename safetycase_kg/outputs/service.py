"""What this endpoint is and what it holds: the SPARQL 1.1 Service Description and the VoID description.

A client that dereferences the endpoint without a query (GET /sparql) gets the Service Description
(what languages, result formats and features the service supports, and its default dataset: the union
of the named graphs, each listed with its size); ``/.well-known/void`` gives the VoID/DCAT description
of the same dataset. Both describe the dataset of the request's tier, so the public tier's description
counts the public view.
"""

from __future__ import annotations

from typing import cast

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from ..core.namespaces import DCTERMS, QUERIES_DIR, SC, VOCAB
from ..core.results import result_rows
from ..core.sparql import parse_named_query
from ..core.storeapi import GraphStore
from ..core.tiers import tier_iri
from .exchange import conformance

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "JSON-LD", "N-Triples", "RDF_XML")


def graph_sizes(store: GraphStore) -> dict[URIRef, int]:
    """Each named graph of ``store`` with its number of triples."""
    rows = store.query(parse_named_query(QUERIES_DIR / "service" / "graphs.rq").bind({}), query_dataset=True)
    return {cast(URIRef, row[0]): int(row[1]) for row in result_rows(rows)}


def service_description(store: GraphStore, endpoint: str, *, federation: bool) -> Graph:
    """The SPARQL 1.1 Service Description of ``endpoint`` serving ``store`` (``federation``: SERVICE is
    allowed to listed endpoints)."""
    graph, service, dataset = _graph(), URIRef(endpoint + "#service"), BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    for language in (SD.SPARQL11Query, SD.SPARQL11Update):
        graph.add((service, SD.supportedLanguage, language))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if federation:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    graph.add((service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    sizes = graph_sizes(store)
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(sum(sizes.values()))))
    for name, size in sizes.items():
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, name))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(size)))
    return graph


def dataset_description(store: GraphStore, base: str, tier: str) -> Graph:
    """The VoID/DCAT description of the dataset a tier reads at this server."""
    graph, dataset = _graph(), URIRef(base + "/.well-known/void#dataset")
    sizes = graph_sizes(store)
    cases = len(store.case_graphs())
    for kind in (VOID.Dataset, DCAT.Dataset):
        graph.add((dataset, RDF.type, kind))
    graph.add((dataset, DCTERMS.title, Literal(f"safetycase-kg safety cases, {tier} tier", lang="en")))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(base + "/sparql")))
    graph.add((dataset, VOID.uriSpace, Literal("https://w3id.org/safetycase-kg/id/")))
    graph.add((dataset, VOID.vocabulary, URIRef(str(SC))))
    graph.add((dataset, VOID.triples, Literal(sum(sizes.values()))))
    graph.add((dataset, DCTERMS.accessRights, tier_iri(tier)))
    partition = BNode()
    graph.add((dataset, VOID.classPartition, partition))
    graph.add((partition, VOID["class"], SC.SafetyCase))
    graph.add((partition, VOID.entities, Literal(cases)))
    ontology_version, catalog_version = conformance(store)
    if ontology_version is not None:
        graph.add((dataset, DCTERMS.conformsTo, ontology_version))
    if catalog_version is not None:
        graph.add((dataset, DCTERMS.hasVersion, Literal(f"catalog {catalog_version}")))
    for name, size in sizes.items():
        subset = BNode()
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, SD.name, name))
        graph.add((subset, VOID.triples, Literal(size)))
    return graph


def _graph() -> Graph:
    graph = Graph()
    for prefix, namespace in (("sd", SD), ("void", VOID), ("dcat", DCAT), ("formats", FORMATS), ("dcterms", DCTERMS),
                              ("sc", SC), ("scv", VOCAB)):
        graph.bind(prefix, namespace)
    return graph
