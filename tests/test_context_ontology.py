"""The case-file context and the ontology say the same thing about every term.

A case-file key is a JSON-LD term (``ontology/context.jsonld``); what it means is the ontology's. A key
mapped to an IRI the ontology does not declare, an object property written as a literal (or the other
way round), or a datatype that is not the property's range would load without complaint and give data
the shapes and queries read differently from what the author wrote.
"""

from __future__ import annotations

import json

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from safetycase_kg.core.namespaces import CATALOG_DIR, CONTEXT_FILE, ONTOLOGY_DIR, SC

XSD = "http://www.w3.org/2001/XMLSchema#"
# Properties with no case-file key that no catalog file uses either: each is written by the tool itself.
WRITTEN_BY_THE_TOOL = {
    SC.fileHash: "the provenance record of each load",
    SC.sourceFile: "the provenance record of each load",
    SC.reopens: "impact --record, on a change event",
    SC.hasElement: "the super-property of hasClaim, hasEvidence, ...; data states the specific one",
}


def _ontology() -> Graph:
    graph = Graph()
    for path in ONTOLOGY_DIR.glob("*.ttl"):
        graph.parse(path)
    return graph


ONTOLOGY = _ontology()
CONTEXT = json.loads(CONTEXT_FILE.read_text())["@context"]
PREFIXES = {k: v for k, v in CONTEXT.items() if isinstance(v, str) and v.endswith(("#", "/"))}


def expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local) if prefix in PREFIXES else URIRef(curie)


def terms() -> dict[str, tuple[URIRef, dict]]:
    """Key -> (the IRI it maps to, its definition as a dict), for the terms that map into the ontology."""
    out = {}
    for key, value in CONTEXT.items():
        if key.startswith("@") or key in PREFIXES:
            continue
        definition = value if isinstance(value, dict) else {"@id": value} if isinstance(value, str) else {}
        if "@id" in definition and str(expand(definition["@id"])).startswith(str(SC)):
            out[key] = (expand(definition["@id"]), definition)
    return out


TERMS = terms()
PROPERTIES = {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in ONTOLOGY.subjects(RDF.type, kind)
              if str(p).startswith(str(SC))}


@pytest.mark.parametrize("key", sorted(TERMS))
def test_every_key_names_a_declared_term_of_the_right_kind_and_datatype(key):
    iri, definition = TERMS[key]
    declared = set(ONTOLOGY.objects(iri, RDF.type))
    assert declared & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}, \
        f"{key} maps to {iri}, which the ontology does not declare"
    kind = definition.get("@type")
    if kind in ("@id", "@vocab"):
        assert OWL.DatatypeProperty not in declared, f"{key} takes IRIs but {iri} is a datatype property"
    elif isinstance(kind, str) and kind.startswith("xsd:"):
        assert OWL.ObjectProperty not in declared, f"{key} takes {kind} literals but {iri} is an object property"
        ranges = [r for r in ONTOLOGY.objects(iri, RDFS.range) if isinstance(r, URIRef)]
        if len(ranges) == 1 and str(ranges[0]).startswith(XSD):
            assert expand(kind) == ranges[0], f"{key} writes {kind}, but the range of {iri} is {ranges[0]}"


def test_every_property_has_a_key_or_is_catalog_or_tool_data():
    catalog = Graph()
    for path in CATALOG_DIR.glob("*.ttl"):
        catalog.parse(path)
    keyed = {iri for iri, _ in TERMS.values()}
    unkeyed = PROPERTIES - keyed - set(catalog.predicates())
    assert unkeyed == set(WRITTEN_BY_THE_TOOL), (
        f"no case-file key and no use in the catalog: {sorted(unkeyed - set(WRITTEN_BY_THE_TOOL))}; "
        f"listed as written by the tool but no longer so: {sorted(set(WRITTEN_BY_THE_TOOL) - unkeyed)}")
