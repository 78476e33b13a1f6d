"""Load -> export-case -> load gives an isomorphic graph, for every example case."""

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from safetycase_kg.core.namespaces import CONTEXT_FILE, EXAMPLES_DIR, ID
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.casefile import load_context, parse_file
from safetycase_kg.outputs.export import export_case

CASES = sorted((EXAMPLES_DIR / "cases").glob("*.yaml"))


def as_graph(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def canonical(triples) -> Graph:
    """The graph as the store holds it: Oxigraph writes typed literals in canonical form (0.10 -> 0.1)."""
    store = Store(install_system_graphs=False)
    store.replace_graphs({ID["g"]: list(triples)})
    return as_graph(store.triples(ID["g"]))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_export_case_round_trips(example_store, path, tmp_path):
    context = load_context(CONTEXT_FILE)
    original = parse_file(path, context)
    [(iri, triples)] = original.graphs.items()
    out = tmp_path / "exported.yaml"
    out.write_text(export_case(example_store, str(iri), "yaml"))
    again = parse_file(out, context)
    assert list(again.graphs) == [iri]
    assert isomorphic(canonical(triples), canonical(again.graphs[iri]))


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_export_case_as_rdf_is_the_stored_graph(example_store, fmt):
    text = export_case(example_store, "cyber-inability-v2", fmt)
    if fmt == "jsonld":
        document = json.loads(text)
        assert document["@context"] == json.loads(CONTEXT_FILE.read_text())["@context"]  # inline: reads offline
    exported = Graph().parse(data=text, format="turtle" if fmt == "ttl" else "json-ld")
    stored = as_graph(example_store.triples(ID["cyber-inability-v2"]))
    assert len(stored) > 50
    assert isomorphic(canonical(exported), canonical(stored))
