"""The server's in-memory copy of a store on disk: made when the store is small enough, exact, current."""

import pyoxigraph as ox
from rdflib import Literal, URIRef

from safetycase_kg.core.mirror import Mirrors
from safetycase_kg.core.namespaces import EXAMPLES_DIR
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load

GRAPH = URIRef("https://example.org/graph/mirror-test")


def test_a_store_on_disk_is_read_from_an_exact_copy_that_follows_every_write(tmp_path):
    store = Store(tmp_path / "store")
    load(store, [EXAMPLES_DIR])
    mirrors = Mirrors()
    copy = mirrors.get(store)
    assert copy is not store and copy.path is None
    assert set(copy._ox) == set(store._ox) and set(copy._ox.named_graphs()) == set(store._ox.named_graphs())
    store.add_to_graph(GRAPH, [(URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal(1))])
    assert mirrors.get(store) is copy  # caught up in place, not copied again
    assert copy.query(f"ASK {{ GRAPH <{GRAPH}> {{ ?s ?p 1 }} }}").askAnswer
    store.drop_graphs([GRAPH])
    mirrors.get(store)
    assert not copy._ox.contains_named_graph(ox.NamedNode(str(GRAPH)))
    assert set(copy._ox) == set(store._ox)


def test_a_store_larger_than_the_limit_or_already_in_memory_is_read_as_it_is(tmp_path):
    on_disk = Store(tmp_path / "store")
    load(on_disk, [EXAMPLES_DIR])
    assert Mirrors().get(on_disk, max_quads=len(on_disk) - 1) is on_disk
    assert Mirrors().get(on_disk, max_quads=0) is on_disk
    in_memory = Store()
    assert Mirrors().get(in_memory) is in_memory


def test_provenance_written_over_an_existing_graph_reaches_the_copy_with_its_stored_labels(tmp_path):
    """An update gives the blank nodes of a write's provenance new labels: the copy must hold the
    store's, also for a record whose blank nodes no named activity leads to (then the whole
    provenance graph is copied again)."""
    from rdflib import BNode

    from safetycase_kg.core.storeapi import GraphSource
    store = Store(tmp_path / "store")
    load(store, [EXAMPLES_DIR])
    mirrors = Mirrors()
    copy = mirrors.get(store)
    graph = next(iter(store.case_graphs()))
    body = store.dump([graph])
    loose = BNode()
    for provenance in ([], [(loose, URIRef("https://example.org/p"), Literal("no activity leads here"))]):
        store.replace_nquads({graph: body}, {graph: GraphSource("again.yaml", "sha256:0")}, agent="test",
                             provenance=provenance)
        assert mirrors.get(store) is copy
        assert set(copy._ox) == set(store._ox)
