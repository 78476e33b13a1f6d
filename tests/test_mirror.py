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
    """An update gives the blank nodes of a write's provenance new labels: the journal must hold the
    store's, so that the copy catches up exactly without treating the write as a change of the whole
    provenance graph (which is a system change: every derived view would be rebuilt). That holds for a
    reload and for a re-import, whose records link to named items that earlier records link to as well.
    Only a record whose blank nodes no named item leads to makes the whole graph count as changed."""
    from rdflib import BNode

    from safetycase_kg.core.storeapi import GraphSource
    from safetycase_kg.outputs.exchange import export_dataset, import_export
    store = Store(tmp_path / "store")
    load(store, [EXAMPLES_DIR])
    export = tmp_path / "export.trig"
    export.write_text(export_dataset(store, "public", "trig", publisher="https://example.org/org"), encoding="utf-8")
    mirrors = Mirrors()
    copy = mirrors.get(store)
    graph = next(iter(store.case_graphs()))
    body = store.dump([graph])

    def reload(provenance=()):
        store.replace_nquads({graph: body}, {graph: GraphSource("again.yaml", "sha256:0")}, agent="test",
                             provenance=list(provenance))

    loose = [(BNode(), URIRef("https://example.org/p"), Literal("no named item leads here"))]
    writes = [(reload, False), (lambda: import_export(store, export, "org-a", force=True, agent="test"), False),
              (lambda: import_export(store, export, "org-a", force=True, agent="test"), False),
              (lambda: reload(loose), True)]
    for write, whole_graph in writes:
        write()
        assert store._journal[-1].system is whole_graph
        assert mirrors.get(store) is copy
        assert set(copy._ox) == set(store._ox)


def test_a_reviewer_reads_pages_and_reports_from_the_copy_and_sees_each_write_at_once(tmp_path):
    """The server reads the full store from its copy (writes still go to the store): a page read right
    after a write shows it, and a public-tier report asked for from the copy is built from the store's
    one public view, not from a second one made from the copy."""
    from safetycase_kg.analysis.redact import view_for
    from safetycase_kg.core.mirror import mirrors
    from safetycase_kg.core.tiers import PUBLIC
    from safetycase_kg.web.access import hash_token
    from safetycase_kg.web.app import create_app
    from safetycase_kg.web.config import ServerConfig
    store = Store(tmp_path / "store")
    load(store, [EXAMPLES_DIR])
    config = ServerConfig(tokens={"reviewer": (hash_token("r"),), "writer": (hash_token("w"),)}, log_format="off")
    client = create_app(store, config).test_client()
    reviewer, writer = {"Authorization": "Bearer r"}, {"Authorization": "Bearer w"}
    assert "cbrn-rsp-deployment-v1" in client.get("/", headers=reviewer).get_data(as_text=True)
    copy = mirrors.get(store)
    assert copy is not store and copy.path is None
    assert view_for(copy, PUBLIC) is view_for(store, PUBLIC)
    update = ("PREFIX dcterms: <http://purl.org/dc/terms/> DELETE { GRAPH ?g { ?c dcterms:title ?t } } "
              "INSERT { GRAPH ?g { ?c dcterms:title \"Retitled after a write\" } } "
              "WHERE { GRAPH ?g { ?c dcterms:title ?t } FILTER (?c = <https://w3id.org/safetycase-kg/id/cbrn-rsp-deployment-v1>) }")
    assert client.post("/sparql", data=update, content_type="application/sparql-update", headers=writer).status_code in (200, 204)
    page = client.get("/cases/cbrn-rsp-deployment-v1", headers=reviewer).get_data(as_text=True)
    assert "Retitled after a write" in page
    assert mirrors.get(store) is copy  # caught up in place
