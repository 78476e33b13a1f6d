"""IRIs the whole project agrees on: namespaces, system graph names and resource locations.

Kept in one place so the store, validation, queries, reports and exports never spell an IRI twice.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from rdflib import Namespace, URIRef

SC = Namespace("https://w3id.org/safetycase-kg/ontology#")
VOCAB = Namespace("https://w3id.org/safetycase-kg/vocab/")
ID = Namespace("https://w3id.org/safetycase-kg/id/")
CATALOG = Namespace("https://w3id.org/safetycase-kg/catalog/")
GRAPH = Namespace("https://w3id.org/safetycase-kg/graph/")
SH = Namespace("http://www.w3.org/ns/shacl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

CONTEXT_IRI = "https://w3id.org/safetycase-kg/context.jsonld"

ONTOLOGY_GRAPH = GRAPH["ontology"]
VOCAB_GRAPH = GRAPH["vocab"]
SHAPES_GRAPH = GRAPH["shapes"]
CATALOG_GRAPH = GRAPH["catalog"]
PROVENANCE_GRAPH = GRAPH["provenance"]
EVENTS_GRAPH = GRAPH["events"]

SYSTEM_GRAPHS = frozenset({ONTOLOGY_GRAPH, VOCAB_GRAPH, SHAPES_GRAPH, CATALOG_GRAPH, PROVENANCE_GRAPH})

# The project's own terms: the ontology (its IRI, version IRIs and sc: terms), the controlled
# vocabularies and the framework catalog. Only the system graphs, installed from the checkout, may
# describe them: what they say decides how data is read (which properties stay visible on a
# withheld item, for one), so a data graph may use these terms but never make statements about them.
ONTOLOGY_IRI = "https://w3id.org/safetycase-kg/ontology"
SYSTEM_NAMESPACES = (ONTOLOGY_IRI, str(VOCAB), str(CATALOG))  # ONTOLOGY_IRI covers "#" terms and versions

PREFIXES = {
    "sc": str(SC),
    "scv": str(VOCAB),
    "id": str(ID),
    "cat": str(CATALOG),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "sh": str(SH),
}

def _resources() -> Path:
    """Where the ontology, shapes, queries, lint checks, catalog and examples are.

    They are kept in top-level folders of the repository, so that people edit data, not package
    internals; a wheel carries them inside the package (``safetycase_kg/data/``, mapped in
    pyproject.toml), and an editable install reads them from the checkout.
    """
    packaged = Path(str(importlib.resources.files("safetycase_kg"))) / "data"
    if (packaged / "ontology").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]  # safetycase_kg/core/namespaces.py -> the checkout


RESOURCES = _resources()
ONTOLOGY_DIR = RESOURCES / "ontology"
SHAPES_DIR = RESOURCES / "shapes"
QUERIES_DIR = RESOURCES / "queries"
LINT_DIR = RESOURCES / "lint"
CATALOG_DIR = RESOURCES / "catalog"
EXAMPLES_DIR = RESOURCES / "examples"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"


def system_sources() -> dict[URIRef, list[Path]]:
    """The files behind each system graph; the store reinstalls a graph when any of them changes."""
    catalog = sorted(p for p in CATALOG_DIR.glob("*.ttl") if not p.name.startswith("shapes")) if CATALOG_DIR.is_dir() else []
    return {
        ONTOLOGY_GRAPH: [ONTOLOGY_DIR / "safetycase.ttl", ONTOLOGY_DIR / "alignments.ttl"],
        VOCAB_GRAPH: [ONTOLOGY_DIR / "vocabularies.ttl"],
        SHAPES_GRAPH: sorted(SHAPES_DIR.glob("*.ttl")),
        CATALOG_GRAPH: catalog,
    }
