"""The embedded store: named graphs, provenance, atomic replacement, persistence."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from safetycase_kg.core.namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH, VOCAB_GRAPH
from safetycase_kg.core.store import GraphSource, Store

EX = "https://w3id.org/safetycase-kg/id/test/"
P = URIRef(EX + "p")


def graph(name: str, n: int):
    return {URIRef(EX + name): [(URIRef(EX + f"{name}/s{i}"), P, Literal(i)) for i in range(n)]}


def test_system_graphs_are_installed_once_and_recorded():
    store = Store()
    assert {ONTOLOGY_GRAPH, VOCAB_GRAPH, SHAPES_GRAPH} <= set(store.graph_names())
    size = len(store)
    assert store.install_system_graphs() == []
    assert len(store) == size
    assert "ontology/safetycase.ttl" in store.source_of(ONTOLOGY_GRAPH).path


def test_replace_graphs_replaces_and_records_provenance():
    store = Store()
    store.replace_graphs(graph("a", 3), {URIRef(EX + "a"): GraphSource("a.yaml", "sha256:1")}, agent="tester")
    store.replace_graphs(graph("a", 2), {URIRef(EX + "a"): GraphSource("a.yaml", "sha256:2")}, agent="tester")
    assert len(list(store.triples(URIRef(EX + "a")))) == 2
    assert store.source_of(URIRef(EX + "a")) == GraphSource("a.yaml", "sha256:2")


def test_failed_write_leaves_the_store_unchanged():
    store = Store()
    store.replace_graphs(graph("a", 3))
    before = sorted(store.dump().splitlines())
    bad = {URIRef(EX + "a"): [(URIRef(EX + "x"), P, Literal("ok"))],
           URIRef(EX + "b"): [(URIRef(EX + "y"), P, object())]}
    with pytest.raises(TypeError):
        store.replace_graphs(bad)
    assert sorted(store.dump().splitlines()) == before


def test_store_persists_in_a_folder(tmp_path):
    store = Store(tmp_path / "s")
    store.replace_graphs(graph("a", 4))
    store.close()
    again = Store(tmp_path / "s")
    assert len(list(again.triples(URIRef(EX + "a")))) == 4


def test_query_binds_parameters_as_terms():
    store = Store()
    store.replace_graphs(graph("a", 3))
    rows = list(store.query("SELECT ?s WHERE { ?s ?p ?v }", {"v": Literal(1), "p": P}))
    assert [str(r[0]) for r in rows] == [EX + "a/s1"]


def test_large_batches_of_new_graphs_take_the_bulk_path_and_keep_provenance():
    from safetycase_kg.core.store import BULK_THRESHOLD
    store = Store()
    big = graph("big", BULK_THRESHOLD + 10)
    store.replace_graphs(big, {URIRef(EX + "big"): GraphSource("big.yaml", "sha256:9")})
    assert len(list(store.triples(URIRef(EX + "big")))) == BULK_THRESHOLD + 10
    assert store.source_of(URIRef(EX + "big")) == GraphSource("big.yaml", "sha256:9")


def test_replace_nquads_drops_further_graphs_and_adds_provenance_in_the_same_write():
    import pyoxigraph as ox

    from safetycase_kg.core.namespaces import PROVENANCE_GRAPH
    from safetycase_kg.core.store import to_ox
    store = Store()
    store.replace_graphs(graph("old1", 2) | graph("old2", 2) | graph("keep", 1))
    new = URIRef(EX + "new")
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(new))) for s, p, o in graph("new", 3)[new]]
    note = (URIRef(EX + "import/1"), P, Literal("recorded"))
    store.replace_nquads({new: b""}, quads=quads, drop=[URIRef(EX + "old1"), URIRef(EX + "old2"), URIRef(EX + "gone")],
                         provenance=[note])
    names = set(store.graph_names())
    assert URIRef(EX + "old1") not in names and URIRef(EX + "old2") not in names
    assert {new, URIRef(EX + "keep")} <= names
    assert note in set(store.triples(PROVENANCE_GRAPH))


def test_a_failed_replace_with_drops_leaves_the_old_graphs():
    store = Store()
    store.replace_graphs(graph("old", 2))
    before = sorted(store.dump().splitlines())
    with pytest.raises(TypeError):
        store.replace_nquads({URIRef(EX + "new"): b""}, quads=[], drop=[URIRef(EX + "old")],
                             provenance=[(URIRef(EX + "x"), P, object())])
    assert sorted(store.dump().splitlines()) == before


# --- rdflib triples as Oxigraph quads, many at once ------------------------------------------------

IRI_TEXTS, BLANK_TEXTS = st.sampled_from(["https://example.org/x", "https://example.org/y"]), st.sampled_from(["b0", "x1"])
TEXTS = st.one_of(IRI_TEXTS, BLANK_TEXTS, st.sampled_from(["1", "01", "a b", ""]))


def _term_of_any_kind(iris=IRI_TEXTS, blanks=BLANK_TEXTS):
    """Terms of every kind drawn from a few texts, so that terms of different kinds share their text."""
    return st.one_of(st.builds(URIRef, iris), st.builds(BNode, blanks), st.builds(Literal, TEXTS),
                     st.builds(lambda t, lang: Literal(t, lang=lang), TEXTS, st.sampled_from(["en", "EN", "de-CH"])),
                     st.builds(lambda t, dt: Literal(t, datatype=URIRef(dt)), TEXTS,
                               st.sampled_from(["http://www.w3.org/2001/XMLSchema#integer",
                                                "http://www.w3.org/2001/XMLSchema#string", "https://example.org/dt"])))


_STORABLE = st.tuples(st.one_of(st.builds(URIRef, IRI_TEXTS), st.builds(BNode, BLANK_TEXTS)), st.builds(URIRef, IRI_TEXTS),
                      _term_of_any_kind())
_ANY = st.tuples(*[_term_of_any_kind(TEXTS, TEXTS)] * 3)


@settings(max_examples=300)
@given(st.lists(st.one_of(_STORABLE, _STORABLE, _STORABLE, _ANY), max_size=12))
def test_many_triples_become_the_quads_each_would_become_alone(triples):
    """``to_ox_quads`` (one conversion per distinct term) against ``to_ox_quad``, refusals included."""
    from safetycase_kg.core.terms import to_ox_quad, to_ox_quads
    graph = URIRef("https://example.org/g")
    try:
        alone = [to_ox_quad(s, p, o, graph) for s, p, o in triples]
    except (TypeError, ValueError) as err:
        with pytest.raises(type(err)) as refused:
            to_ox_quads(triples, graph)
        assert str(refused.value) == str(err)
        return
    assert to_ox_quads(triples, graph) == alone


# --- temporary stores on disk (a public view too large for memory) -------------------------------------

def test_a_temporary_store_goes_with_the_process_that_made_it(tmp_path, monkeypatch):
    """Its folder is removed when the store is let go; a forked worker letting go of its copy removes
    nothing; a folder left by a killed process is removed by the next temporary store made."""
    import gc
    import subprocess
    import tempfile

    from safetycase_kg.core.worker import run_in_worker
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen(["true"])
    dead.wait()
    orphan = tmp_path / f"safetycase-kg-copy-{dead.pid}-x"
    orphan.mkdir()
    (orphan / "CURRENT").write_text("left by a killed server")
    held = [Store.temporary()]
    folder = held[0].path
    assert folder is not None and folder.parent == tmp_path and folder.is_dir() and not orphan.exists()
    held[0].add_to_graph(URIRef("urn:g"), [(URIRef("urn:s"), URIRef("urn:p"), Literal("o"))])

    def drop_in_child() -> bool:
        held.clear()
        gc.collect()
        return True
    assert run_in_worker(drop_in_child, 30) is True
    assert folder.is_dir() and len(held[0]) == 1
    held.clear()
    gc.collect()
    assert not folder.exists()


def test_a_public_view_beyond_the_memory_limit_is_kept_on_disk_and_equals_one_in_memory(tmp_path, monkeypatch):
    import gc
    import tempfile

    from safetycase_kg.analysis.redact import PublicViews
    from safetycase_kg.core.namespaces import EXAMPLES_DIR
    from safetycase_kg.ingest.load import load
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    store = Store()
    load(store, [EXAMPLES_DIR])
    in_memory, on_disk = PublicViews().get(store), PublicViews(max_in_memory=len(store) - 1).get(store)
    assert in_memory.path is None and on_disk.path is not None and on_disk.path.parent == tmp_path
    assert on_disk.is_public_view and set(on_disk._ox) == set(in_memory._ox) and len(on_disk) > 0
    folder = on_disk.path
    del on_disk
    gc.collect()
    assert not folder.exists()
