"""Data graphs may use the project's own terms but never describe them: load, HTTP writes and import refuse it.

The check sits in ``load.write_batch``, which every write path goes through; each test below takes a
different path to it and expects the refusal to name the file or graph and the offending subject,
and the store to be exactly as it was.
"""

import pytest
from rdflib import Literal, URIRef

from safetycase_kg.core.namespaces import CATALOG, SC, VOCAB
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import LoadError, load
from safetycase_kg.ingest.reserved import is_system_term, system_term_statements
from safetycase_kg.ingest.writes import WriteRefused, apply_update, put_graph
from safetycase_kg.outputs.exchange import ExchangeError, export_dataset, import_export

GRAPH = URIRef("https://w3id.org/safetycase-kg/id/reserved-test")
SUBJECTS = [SC.summary, URIRef("https://w3id.org/safetycase-kg/ontology"),
            URIRef("https://w3id.org/safetycase-kg/ontology/0.1.0"), VOCAB["disclosure-tier/regulator"],
            CATALOG["eu-ai-act-2024-1689/art-9"]]
TURTLE = """@prefix sc: <https://w3id.org/safetycase-kg/ontology#> .
<https://w3id.org/safetycase-kg/id/reserved-test> a sc:Register .
<{subject}> <{predicate}> true .
"""


def statement(subject) -> str:
    return TURTLE.format(subject=subject, predicate=SC.visibleWhenRedacted)


@pytest.mark.parametrize("iri,expected", [
    (str(SC.summary), True), ("https://w3id.org/safetycase-kg/ontology", True),
    ("https://w3id.org/safetycase-kg/ontology/0.1.0", True), (str(VOCAB["x/y"]), True), (str(CATALOG["f/c"]), True),
    ("https://w3id.org/safetycase-kg/id/x", False), ("https://w3id.org/safetycase-kg/ontologyx", False),
    ("https://w3id.org/safetycase-kg/graph/ontology", False), ("https://example.org/ontology#summary", False),
])
def test_system_terms_are_the_ontology_vocab_and_catalog_iris(iri, expected):
    assert is_system_term(iri) is expected


def test_an_escaped_iri_is_still_caught():
    data = b'<https://w3id.org/safetycase-kg/ontology#summar\\u0079> <https://example.org/p> "x" <https://example.org/g> .\n'
    [message] = system_term_statements({URIRef("https://example.org/g"): data}, {})
    assert "ontology#summary" in message


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("strict", [False, True])
def test_load_refuses_a_file_that_describes_a_system_term(tmp_path, subject, strict):
    store = Store()
    before = store.dump()
    path = tmp_path / "attack.ttl"
    path.write_text(statement(subject), encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load(store, [path], strict=strict)
    message = str(err.value)
    assert str(path) in message and f"<{subject}>" in message and "project's own terms" in message
    assert store.dump() == before


def test_a_whole_batch_is_refused_and_every_offending_graph_named(tmp_path, example_store):
    from safetycase_kg.core.namespaces import EXAMPLES_DIR
    store = Store()
    (tmp_path / "a.ttl").write_text(statement(SC.summary), encoding="utf-8")
    (tmp_path / "b.ttl").write_text(statement(VOCAB["x"]).replace("reserved-test", "reserved-test-b"), encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load(store, [EXAMPLES_DIR, tmp_path])
    assert len(err.value.errors) == 2 and not store.case_graphs()


@pytest.mark.parametrize("subject", SUBJECTS)
def test_graph_uploads_are_refused_with_403(subject):
    store = Store()
    before = store.dump()
    with pytest.raises(WriteRefused) as err:
        put_graph(store, GRAPH, [(statement(subject).encode(), "text/turtle")], agent="http writer")
    assert err.value.http_status == 403
    assert any(f"<{subject}>" in e and f"<{GRAPH}>" in e for e in err.value.errors)
    assert store.dump() == before


def test_sparql_updates_are_refused_with_403():
    store = Store()
    before = store.dump()
    with pytest.raises(WriteRefused) as err:
        apply_update(store, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ sc:summary sc:visibleWhenRedacted true }} }}",
                     agent="http writer")
    assert err.value.http_status == 403 and any("ontology#summary" in e for e in err.value.errors)
    assert store.dump() == before


def test_import_refuses_an_export_that_describes_a_system_term(tmp_path):
    other = Store()  # another organisation's tool, which does not check: written past the load path
    other.replace_graphs({GRAPH: [(SC.summary, SC.visibleWhenRedacted, Literal(True))]})
    path = tmp_path / "other.trig"
    path.write_text(export_dataset(other, "reviewer", "trig"), encoding="utf-8")
    store = Store()
    before = store.dump()
    with pytest.raises(ExchangeError) as err:
        import_export(store, path, "org-x")
    assert str(path) in str(err.value) and "ontology#summary" in str(err.value)
    assert store.dump() == before


def test_an_export_of_this_store_imports_cleanly(example_store, tmp_path):
    path = tmp_path / "examples.trig"
    path.write_text(export_dataset(example_store, "public", "trig"), encoding="utf-8")
    result = import_export(Store(), path, "org-a")
    assert len(result.graphs) > 10
