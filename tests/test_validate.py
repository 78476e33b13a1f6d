"""Structural validation: the examples conform, each broken fixture fails saying what is missing,
and the fast path (pySHACL per case + Oxigraph for SPARQL constraints) equals plain pySHACL."""

import json

import pytest
from conftest import FIXTURES
from rdflib import Graph

from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import DCTERMS, EXAMPLES_DIR, ONTOLOGY_DIR, SC, SHAPES_DIR
from safetycase_kg.ingest.load import load, parse_batch, validate_batch
from safetycase_kg.ingest.validate import reference_validate, validate_store

BROKEN = FIXTURES / "broken"
REGISTER_RECORDS = FIXTURES / "register-records"

# fixture -> (path of the Violation, words its message must contain)
EXPECTED = {
    "no-top-claim": (SC.topClaim, "top-level claim"),
    "no-decision": (SC.decision, "exactly one decision"),
    "no-operational-context": (SC.operationalContext, "operational context"),
    "context-without-model": (SC.model, "exact model build"),
    "unsupported-claim": (None, "Claim has no support"),
    "no-whose-standard": (SC.standardOwner, "whose risk standard"),
    "no-counterevidence-search": (SC.counterevidenceSearch, "counterevidence was searched"),
    "no-residual-risk": (SC.residualRisk, "no residual risk"),
    "decision-without-maker-or-date": (SC.decisionMaker, "who decided"),
    "no-review-trigger": (SC.reviewTrigger, "no review trigger"),
    "no-review-by": (SC.reviewBy, "review-by date"),
    "undated-evidence": (SC.evaluationDate, "Evidence must be dated"),
    "redacted-without-notice": (None, "no redaction notice"),
    "incomplete-redaction": (SC.custodian, "custodian"),
    "circular-argument": (None, "Circular argument"),
    "unreachable-claim": (None, "cannot be reached from the top-level claim"),
    "malformed-values": (SC.contentHash, "64 lowercase hex digits"),
    "review-by-before-decision": (SC.reviewBy, "is before the decision date"),
    "valid-until-before-decision": (SC.validUntil, "is before the decision date"),
    "evidence-before-build": (SC.evaluationDate, "cannot be about model build test/model/m1"),
    "assessment-without-metric": (SC.metric, "must say what it measured"),
    "threshold-without-metric": (SC.metric, "not what it is a value of"),
    "orphaned-assessment": (SC.capabilityAssessment, "no claim of the case rests on it"),
    "dangling-assessment": (SC.assessment, "neither a capability assessment nor a control-evaluation result in the store"),
    "refuted-without-record": (None, "must name the claim or evidence that refutes it"),
    "mitigated-without-record": (SC.mitigatedBy, "mitigatedBy"),
}

BARE_CASE_PATHS = {SC.topClaim, SC.decision, SC.caseStatus, SC.operationalContext, SC.acceptabilityCriteria,
                   SC.counterevidenceSearch, SC.residualRisk, SC.decisionRecord, SC.reviewRecord,
                   SC.reviewTrigger, SC.reviewBy, SC.caseVersion, DCTERMS.title}


def test_the_example_corpus_conforms(example_store):
    report = validate_store(example_store)
    assert report.conforms, report.to_text()
    assert report.units >= 14


def test_validate_examples_exits_0(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "s"), "validate", str(EXAMPLES_DIR)]) == 0
    assert "conforms" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_fixture_fails_naming_what_is_missing(name, empty_store):
    path, words = EXPECTED[name]
    report = validate_batch(parse_batch([BROKEN / f"{name}.yaml"], empty_store), empty_store)
    assert not report.conforms
    violations = [r for r in report.results if r.severity == "Violation"]
    assert any(words in r.message and (path is None or r.path == path) for r in violations), report.to_text()
    assert all(r.source_file.endswith(f"{name}.yaml") for r in violations)
    # messages name elements by short names, never full IRIs or blank-node labels
    assert not any("https://" in r.message or "_:" in r.message for r in report.results), report.to_text()


def test_every_broken_fixture_is_listed():
    assert {p.stem for p in BROKEN.glob("*.yaml")} == set(EXPECTED) | {"bare-case"}


def test_a_bare_case_gets_one_violation_per_missing_element(empty_store):
    report = validate_batch(parse_batch([BROKEN / "bare-case.yaml"], empty_store), empty_store)
    paths = [r.path for r in report.results if r.severity == "Violation"]
    assert sorted(map(str, paths)) == sorted(map(str, BARE_CASE_PATHS))


def test_cli_json_output_and_exit_code_1(tmp_path, capsys):
    code = main(["--store", str(tmp_path / "s"), "validate", "--format", "json", str(BROKEN / "no-decision.yaml")])
    assert code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["conforms"] is False
    result = next(r for r in out["results"] if r["severity"] == "Violation")
    assert {"focus", "path", "severity", "message", "source_file"} <= set(result)
    assert result["path"] == str(SC.decision)
    assert result["source_file"].endswith("no-decision.yaml")


def test_cli_exit_code_2_on_a_malformed_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x-v1\ntype: SafetyCase\ntitel: typo\n")
    assert main(["--store", str(tmp_path / "s"), "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:3" in err and "titel" in err


def test_fast_path_equals_plain_pyshacl(empty_store):
    """Per-case pySHACL + Oxigraph SPARQL constraints give the same results as pySHACL over everything."""
    batch = parse_batch([EXAMPLES_DIR, BROKEN, REGISTER_RECORDS], empty_store)
    fast = validate_batch(batch, empty_store).results
    shapes = Graph()
    for f in SHAPES_DIR.glob("*.ttl"):
        shapes.parse(f)
    ontology = Graph().parse(ONTOLOGY_DIR / "safetycase.ttl")
    reference = reference_validate(batch.graphs.values(), shapes, ontology)
    assert {r.key() for r in fast} == {r.key() for r in reference}
    components = {str(r.component).rsplit("#", 1)[1] for r in reference}
    assert {"SPARQLConstraintComponent", "MinCountConstraintComponent", "PatternConstraintComponent",
            "ClassConstraintComponent"} <= components


def test_a_case_describing_a_register_record_sees_the_registers_facts(empty_store):
    """A case file may describe a shared record itself (``- {id: evidence/..., disclosure: public}``): the
    register's facts about it still count, so no false Violation, and a conflicting fact is a real one."""
    batch = parse_batch([EXAMPLES_DIR, REGISTER_RECORDS / "describes-register-record.yaml"], empty_store)
    assert validate_batch(batch, empty_store).conforms
    load(empty_store, [EXAMPLES_DIR])
    load(empty_store, [REGISTER_RECORDS / "describes-register-record.yaml"], strict=True)
    batch = parse_batch([REGISTER_RECORDS / "register-record-two-dates.yaml"], empty_store)
    violations = [r for r in validate_batch(batch, empty_store).results if r.severity == "Violation"]
    assert [(str(r.focus).rsplit("/id/", 1)[1], r.path) for r in violations] == [
        ("evidence/ctf-suite-2026-04", SC.evaluationDate)]
    assert violations[0].source_file.endswith("register-record-two-dates.yaml")


def test_nested_nodes_are_named_by_their_path_from_the_case(empty_store):
    report = validate_batch(parse_batch([BROKEN / "no-whose-standard.yaml"], empty_store), empty_store)
    [result] = [r for r in report.results if r.severity == "Violation"]
    assert result.focus_label == "id:test/no-whose-standard-v1 > acceptabilityCriteria"
    assert "id:test/no-whose-standard-v1 > acceptabilityCriteria [sc:standardOwner]" in report.to_text()


def test_cases_validated_at_once_in_threads_get_what_each_gets_alone(example_store):
    """The server validates in its request threads (a page judging its case, a write): each case is
    validated with only the register records it cites, so no validation may see another's records."""
    from concurrent.futures import ThreadPoolExecutor

    from safetycase_kg.ingest.validate import validate_graphs

    def results(case):
        return sorted((r.severity, str(r.focus), r.message) for r in validate_graphs(example_store, [case]).results)

    cases = example_store.case_graphs()
    alone = {case: results(case) for case in cases}
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda case: (case, results(case)), cases * 4))
    assert [case for case, found in together if found != alone[case]] == []
