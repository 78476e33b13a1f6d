"""The generic resource page's content: a resource's triples, nested blank nodes, incoming links.

Built from the same DESCRIBE graph a machine gets, so the HTML page and the Turtle never disagree
about what the tier may see. A withheld item shows its redaction notice up front.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.namespace import FOAF, SKOS
from rdflib.term import Node

from ..core.namespaces import DCTERMS, SC
from ..core.storeapi import GraphStore
from . import pagequeries

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name, SC.statement)
MAX_DEPTH = 4


@dataclass
class ResourceView:
    """One resource (or blank node) as rows of (property, values); blank values are nested views."""

    node: Node
    types: list[URIRef]
    label: str | None
    rows: list[tuple[URIRef, list[Node | ResourceView]]]
    notices: list[ResourceView] = field(default_factory=list)
    incoming: list[tuple[URIRef, URIRef]] = field(default_factory=list)


def label_of(graph: Graph, node: Node) -> str | None:
    for prop in LABEL_PROPERTIES:
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return None


def resource_view(graph: Graph, node: Node, incoming: list[tuple[URIRef, URIRef]] | None = None,
                  depth: int = 0) -> ResourceView:
    """The view of ``node`` in ``graph``; blank-node objects are expanded (to a bounded depth)."""
    by_property: dict[URIRef, list[Node | ResourceView]] = {}
    for p, o in sorted(graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if p == RDF.type or not isinstance(p, URIRef):  # a predicate is always an IRI; this tells mypy so
            continue
        value = resource_view(graph, o, depth=depth + 1) if isinstance(o, BNode) and depth < MAX_DEPTH else o
        by_property.setdefault(p, []).append(value)
    notices = [v for v in by_property.get(SC.redaction, []) if isinstance(v, ResourceView)]
    types = sorted(t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef))
    return ResourceView(node, types, label_of(graph, node), list(by_property.items()), notices, incoming or [])


@dataclass(frozen=True)
class OntologyTerm:
    iri: URIRef
    anchor: str
    kind: str
    label: str | None
    definition: str | None


def ontology_terms(store: GraphStore) -> list[OntologyTerm]:
    """The ontology's classes and properties with label and definition, anchored by local name."""
    return [OntologyTerm(term, str(term).rsplit("#", 1)[-1], str(r["kind"]),
                         None if r["label"] is None else str(r["label"]),
                         None if r["definition"] is None else str(r["definition"]))
            for r in pagequeries.rows(store, "ontology-terms") if isinstance(term := r["term"], URIRef)]
