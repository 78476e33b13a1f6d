"""Loading is atomic and recorded: a refused batch leaves the store byte-for-byte as it was."""


import pytest
from conftest import FIXTURES

from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import EXAMPLES_DIR, ID
from safetycase_kg.ingest.load import LoadError, load

VALID = FIXTURES / "valid" / "minimal-case.yaml"


def snapshot(store) -> list[bytes]:
    return sorted(store.dump().splitlines())


def test_a_batch_with_one_malformed_file_writes_nothing(empty_store, tmp_path):
    load(empty_store, [EXAMPLES_DIR / "registers"])
    before = snapshot(empty_store)
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad-v1\ntype: SafetyCase\ndecision: api-lunch\n")
    with pytest.raises(LoadError) as err:
        load(empty_store, [VALID, EXAMPLES_DIR / "cases", bad])
    assert "bad.yaml:3" in str(err.value) and "api-lunch" in str(err.value)
    assert snapshot(empty_store) == before


def test_strict_load_with_a_violation_writes_nothing(empty_store):
    load(empty_store, [VALID])
    before = snapshot(empty_store)
    with pytest.raises(LoadError) as err:
        load(empty_store, [EXAMPLES_DIR, FIXTURES / "broken" / "no-decision.yaml"], strict=True)
    assert err.value.report is not None and not err.value.report.conforms
    assert "exactly one decision" in str(err.value)
    assert snapshot(empty_store) == before


def test_strict_load_of_the_examples_succeeds(empty_store):
    batch, report = load(empty_store, [EXAMPLES_DIR], strict=True)
    assert report.conforms
    assert len(empty_store.case_graphs()) == len([g for g in batch.graphs if g in empty_store.case_graphs()]) >= 12


def test_reloading_a_case_replaces_its_graph_and_keeps_provenance(empty_store, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(VALID.read_text())
    load(empty_store, [case])
    graph = ID["test/minimal-v1"]
    first = empty_store.source_of(graph)
    case.write_text(VALID.read_text().replace("title: Minimal test case", "title: Renamed test case"))
    load(empty_store, [case])
    titles = [str(r[0]) for r in empty_store.query("SELECT ?t WHERE { ?c dcterms:title ?t }", {"c": graph})]
    assert titles == ["Renamed test case"]
    second = empty_store.source_of(graph)
    assert first.sha256 != second.sha256 and second.path.endswith("case.yaml")
    loads = list(empty_store.query("SELECT ?a WHERE { ?a a sc:Load ; prov:generated ?g }", {"g": graph}))
    assert len(loads) == 2


def test_two_files_defining_the_same_graph_are_refused(empty_store, tmp_path):
    (tmp_path / "a.yaml").write_text(VALID.read_text())
    (tmp_path / "b.yaml").write_text(VALID.read_text())
    with pytest.raises(LoadError) as err:
        load(empty_store, [tmp_path])
    assert err.value.errors == [f"{tmp_path / 'b.yaml'}:2:5: graph <https://w3id.org/safetycase-kg/id/test/minimal-v1> "
                                f"is also defined by {tmp_path / 'a.yaml'}"]
    assert empty_store.case_graphs() == []


def test_cli_load_refusal_exit_codes(tmp_path, capsys):
    store = str(tmp_path / "s")
    assert main(["--store", store, "load", str(VALID)]) == 0
    assert main(["--store", store, "load", "--strict", str(FIXTURES / "broken" / "no-decision.yaml")]) == 1
    assert main(["--store", store, "load", str(tmp_path / "missing.yaml")]) == 2
    assert "store unchanged" in capsys.readouterr().err


def test_parallel_parsing_keeps_blank_nodes_of_different_files_apart(tmp_path):
    """Files parsed in forked worker processes must not label their blank nodes alike."""
    from synth import generate_corpus

    from safetycase_kg.core.store import Store
    from safetycase_kg.ingest.load import PARALLEL_PARSE_MIN_FILES
    from safetycase_kg.ingest.validate import validate_store
    generate_corpus(tmp_path / "corpus", PARALLEL_PARSE_MIN_FILES + 6)
    store = Store()
    load(store, [tmp_path / "corpus"], workers=2)
    shared = list(store.query("""SELECT ?b WHERE { GRAPH ?g1 { ?x ?p ?b } GRAPH ?g2 { ?y ?q ?b }
                                   FILTER (isBlank(?b) && ?g1 != ?g2) } LIMIT 1"""))
    assert shared == []
    assert validate_store(store).conforms
