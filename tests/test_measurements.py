"""Measurements with uncertainty: an interval that reaches its threshold, or a value inside the threshold's safety margin,
puts the claims resting on it in doubt (and the clause such a claim addresses from satisfied to partial), whether the
threshold is an assessment's, a framework's risk tier, one fixed in advance on an evaluation setting or proxy task, or the
safety threshold of a control-evaluation result. The rules are checked against an oracle written out in Python over
generated measurements."""

from __future__ import annotations

import random
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES

from safetycase_kg.analysis.standing import judge
from safetycase_kg.core.namespaces import ID, QUERIES_DIR
from safetycase_kg.core.sparql import parse_named_query
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load, parse_batch, validate_batch
from safetycase_kg.outputs.reports.compliance import compliance_report

MINIMAL = FIXTURES / "valid" / "minimal-case.yaml"
STANDING = QUERIES_DIR / "standing"
REACHED = "assessment at or above its threshold"
INTERVAL = "interval reaches its threshold"
MARGIN = "value within the safety margin of its threshold"
KINDS = ("assessment-own", "assessment-tier", "measurement-own", "measurement-setting", "measurement-task", "control")

PREFIXES = """@prefix sc: <https://w3id.org/safetycase-kg/ontology#> .
@prefix bw: <https://w3id.org/safetycase-kg/vocab/breach-direction/> .
@prefix ac: <https://w3id.org/safetycase-kg/vocab/argument-category/> .
"""


def generated_checks(count: int = 90, seed: int = 12):
    """Measurements of every kind, with values on both sides of the threshold, with and without bounds and margins."""
    rng = random.Random(seed)
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        threshold = D(rng.choice(["0.2", "0.3", "0.5", "0.9"]))
        value = threshold + D(rng.choice(["-0.12", "-0.06", "-0.04", "-0.02", "-0.01", "0", "0.01", "0.03", "0.08"]))
        below = rng.choice([None, True, False]) if kind.startswith("measurement") or kind == "control" else None
        low = value - D(rng.choice(["0", "0.01", "0.03", "0.07"])) if rng.random() < 0.7 else None
        high = value + D(rng.choice(["0", "0.01", "0.03", "0.07"])) if rng.random() < 0.7 else None
        margin = D(rng.choice(["0.02", "0.05", "0.1"])) if rng.random() < 0.6 else None
        yield n, kind, value, low, high, threshold, below, margin


def expected_reasons(kind, value, low, high, threshold, below, margin) -> set[str]:
    """The oracle: which doubt reasons the claim resting on the measurement gets."""
    down = below if below is not None else kind == "control"
    reasons = set()
    own_rule = kind == "assessment-own" and value >= threshold
    if own_rule:
        reasons.add(REACHED)
    bound = (low if down else high)
    bound = value if bound is None else bound
    if (bound <= threshold if down else bound >= threshold) and not own_rule:
        reasons.add(INTERVAL)
    if margin is not None and (threshold < value <= threshold + margin if down else threshold - margin <= value < threshold):
        reasons.add(MARGIN)
    return reasons


def turtle(n, kind, value, low, high, threshold, below, margin) -> str:
    node = lambda local="": f"<https://w3id.org/safetycase-kg/id/gen-{n}{local}>"
    case, claim, evidence = node(), node("/G"), node("/E")
    numbers = lambda node: "".join(f' ; sc:{p} "{v}"^^<http://www.w3.org/2001/XMLSchema#decimal>'
                                   for p, v in (("lowerBound", low), ("upperBound", high)) if v is not None) + \
        (f' ; sc:measuredValue "{value}"^^<http://www.w3.org/2001/XMLSchema#decimal>' if node else "")
    dec = lambda v: f'"{v}"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    fixed = lambda: f" ; sc:thresholdValue {dec(threshold)}" + (f" ; sc:safetyMargin {dec(margin)}" if margin is not None else "") + \
        (f" ; sc:breachWhen bw:{'below' if below else 'above'}" if below is not None else "")
    lines = [f"{case} a sc:SafetyCase ; sc:hasClaim {claim} ; sc:hasEvidence {evidence} .",
             f"{claim} a sc:Claim ; sc:argumentCategory ac:inability ; sc:supportedBy {evidence} .",
             f"{evidence} a sc:Evidence ."]
    if kind == "assessment-own":
        lines.append(f"{claim} sc:assessment {node('/CA')} .")
        lines.append(f"{node('/CA')} a sc:CapabilityAssessment{numbers(True)} ; sc:thresholdValue {dec(threshold)}"
                     + (f" ; sc:safetyMargin {dec(margin)}" if margin is not None else "") + " .")
    elif kind == "assessment-tier":
        lines.append(f"{claim} sc:assessment {node('/CA')} .")
        lines.append(f"{node('/CA')} a sc:CapabilityAssessment{numbers(True)} ; sc:againstThreshold {node('/T')} .")
        lines.append(f"{node('/T')} a sc:CapabilityThreshold ; sc:thresholdValue {dec(threshold)}"
                     + (f" ; sc:safetyMargin {dec(margin)}" if margin is not None else "") + " .")
    elif kind == "measurement-own":
        lines.append(f"{evidence} sc:measurement [ a sc:Measurement{numbers(True)}{fixed()} ] .")
    elif kind == "measurement-setting":
        lines.append(f"{evidence} sc:measurement [ a sc:Measurement{numbers(True)} ] .")
        lines.append(f"{node('/S')} a sc:EvaluationSetting ; sc:result {evidence}{fixed()} .")
    elif kind == "measurement-task":
        lines.append(f"{evidence} sc:measurement [ a sc:Measurement{numbers(True)} ] .")
        lines.append(f"{node('/S')} a sc:EvaluationSetting ; sc:result {evidence} .")
        lines.append(f"{node('/P')} a sc:ProxyTask ; sc:evaluationSetting {node('/S')}{fixed()} .")
    else:
        lines.append(f"{evidence} sc:controlResult [ a sc:ControlEvaluationResult ; sc:safety [ a sc:Measurement{numbers(True)}{fixed()} ] ] .")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    checks = list(generated_checks())
    path = tmp_path_factory.mktemp("gen") / "measurements.ttl"
    path.write_text(PREFIXES + "".join(turtle(*c) for c in checks))
    store = Store()
    load(store, [path])
    return store, checks


def doubt(judged, case: str, local: str) -> set[str]:
    """The measurement doubt reasons an element stands under (its own and those carried up to it)."""
    messages = {r.message for r in judged.of(ID[case], ID[f"{case}/{local}"]).reasons if r.kind == "in-doubt"}
    return {reason for reason in (REACHED, INTERVAL, MARGIN) if any(m.startswith(reason) for m in messages)}


def test_doubt_from_measurements_matches_the_oracle(generated):
    store, checks = generated
    judged = judge(store, validation=False)
    seen = set()
    for n, *check in checks:
        got = doubt(judged, f"gen-{n}", "G")
        want = expected_reasons(*check)
        assert got == want, (n, check)
        seen |= want
    assert seen == {REACHED, INTERVAL, MARGIN}


@pytest.mark.parametrize("rule, reason", [("interval-reaches-threshold", INTERVAL), ("within-safety-margin", MARGIN)])
def test_the_standing_rules_name_the_element_the_measurement_bears_on(generated, rule, reason):
    store, checks = generated
    rows = store.query(parse_named_query(STANDING / f"{rule}.rq").bind({}))
    got = {(str(r.case), str(r.element)) for r in rows}
    want = set()
    for n, kind, *rest in checks:
        if reason in expected_reasons(kind, *rest):
            element = f"gen-{n}/G" if kind.startswith("assessment") else f"gen-{n}/E"
            want.add((str(ID[f"gen-{n}"]), str(ID[element])))
    assert got == want and want
    assert all(str(r.severity) == "Violation" and str(r.message) for r in rows)


# --- the clause a claim in doubt addresses goes from satisfied to partial ---------------------------------------

CLAUSE = "SS M4.1"   # GPAI Code of Practice Measure 4.1: risk tiers applied with a safety margin
CLAUSE_IRI = "cat:gpai-cop-2025-07/ss-measure-4-1"


def case_resting_on(route: str, value: str, low: str, high: str) -> dict:
    """The minimal case whose top claim addresses Measure 4.1 and rests on a measured value (threshold 0.25, margin
    0.05, reached from below; for a control result, safety with threshold 0.75 breached below, mirrored)."""
    case = yaml.safe_load(MINIMAL.read_text())
    n = case["id"]
    claim, evidence = case["claims"][0], case["evidence"][0]
    claim["addresses"] = CLAUSE_IRI
    bounds = {"measuredValue": value, "lowerBound": low, "upperBound": high, "confidenceLevel": "0.95"}
    if route != "control":
        claim["category"] = "inability"   # a capability reading does not contradict a control argument
    if route == "assessment":
        evidence["evidenceType"] = "capability-evaluation"
        claim["assessment"] = f"{n}/CA1"
        case["capabilityAssessments"] = [{
            "id": f"{n}/CA1", "type": "CapabilityAssessment", "assessedModel": "test/model/m1", "assessmentOutcome": "below",
            "metric": "Solve rate on the proxy tasks, pass@1.",
            "threshold": {"id": "test/threshold/tier-1", "type": "CapabilityThreshold", "thresholdValue": "0.25",
                          "safetyMargin": "0.05", "metric": "Solve rate on the proxy tasks, pass@1."},
            "basedOn": [evidence["id"]], **bounds}]
    elif route == "setting":
        evidence["evidenceType"] = "capability-evaluation"
        evidence["measurements"] = [{"type": "Measurement", **bounds}]
        case["riskModels"][0]["proxyTasks"] = [{
            "id": f"{n}/PT1", "type": "ProxyTask", "statement": "A proxy task.",
            "settings": [{"id": f"{n}/ST1", "type": "EvaluationSetting", "statement": "A setting.", "thresholdValue": "0.25",
                          "safetyMargin": "0.05", "registeredOn": "2026-01-20", "results": [evidence["id"]]}]}]
    else:
        mirror = lambda x: str(D("1") - D(x))
        evidence["controlResults"] = [{
            "type": "ControlEvaluationResult", "auditBudget": "0.01",
            "controlProtocol": {"id": "test/protocol/p1", "type": "ControlProtocol", "title": "Trusted monitoring",
                                "protocolKind": ["trusted-monitoring"]},
            "safety": {"type": "Measurement", "measuredValue": mirror(value), "lowerBound": mirror(high),
                       "upperBound": mirror(low), "confidenceLevel": "0.95", "thresholdValue": "0.75", "breachWhen": "below",
                       "safetyMargin": "0.05"}}]
    return case


def verdict(tmp_path: Path, case: dict):
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(case, sort_keys=False))
    store = Store()
    _, report = load(store, [path], strict=True)
    assert report.conforms
    result = compliance_report(store, case["id"], "gpai-cop-2025-07", tier="reviewer")
    return next(v for v in result.verdicts.values() if v.clause.id == CLAUSE)


@pytest.mark.parametrize("route", ["assessment", "setting", "control"])
def test_an_interval_reaching_the_threshold_turns_the_clause_from_satisfied_to_partial(tmp_path, route):
    assert verdict(tmp_path, case_resting_on(route, "0.10", "0.05", "0.15")).status == "satisfied"
    partial = verdict(tmp_path, case_resting_on(route, "0.15", "0.08", "0.27"))
    assert partial.status == "partial" and INTERVAL in partial.reason


@pytest.mark.parametrize("route", ["assessment", "setting", "control"])
def test_a_value_inside_the_safety_margin_turns_the_clause_from_satisfied_to_partial(tmp_path, route):
    partial = verdict(tmp_path, case_resting_on(route, "0.22", "0.21", "0.23"))
    assert partial.status == "partial" and MARGIN in partial.reason and INTERVAL not in partial.reason


def test_the_inability_example_is_in_doubt_for_both_reasons(example_store):
    judged = judge(example_store)
    reasons = lambda local: doubt(judged, "atlas-4-1-cyber-inability-v1", local)
    assert INTERVAL in reasons("G1") and MARGIN in reasons("G2") and {INTERVAL, MARGIN} <= reasons("G0")
    assert not doubt(judged, "atlas-5-eu-model-report-v1", "G1") and not doubt(judged, "polaris-3-agent-control-v1", "G2")


# --- shapes ---------------------------------------------------------------------------------------------------

def messages(tmp_path: Path, case: dict, severity: str = "Violation") -> list[str]:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(case, sort_keys=False))
    store = Store()
    report = validate_batch(parse_batch([path], store), store)
    return [r.message for r in report.results if r.severity == severity]


def test_an_interval_that_does_not_contain_its_value_is_refused(tmp_path):
    case = case_resting_on("assessment", "0.10", "0.12", "0.15")
    assert any("[0.12, 0.15] does not contain the measured value" in m for m in messages(tmp_path, case))


def test_a_bound_without_a_confidence_level_is_a_warning(tmp_path):
    case = case_resting_on("assessment", "0.10", "0.05", "0.15")
    del case["capabilityAssessments"][0]["confidenceLevel"]
    assert any("no confidence level" in m for m in messages(tmp_path, case, "Warning"))


def test_pass_at_k_beyond_the_attempts_is_refused(tmp_path):
    case = case_resting_on("setting", "0.10", "0.05", "0.15")
    setting = case["riskModels"][0]["proxyTasks"][0]["settings"][0]
    setting["elicitation"] = {"type": "ElicitationEffort", "attemptsPerTask": 5, "passAtK": 10}
    assert any("pass@10 needs at least 10 attempts per task, but only 5" in m for m in messages(tmp_path, case))


def test_a_threshold_registered_after_its_result_is_a_warning(tmp_path):
    case = case_resting_on("setting", "0.10", "0.05", "0.15")
    case["riskModels"][0]["proxyTasks"][0]["settings"][0]["registeredOn"] = "2026-03-01"
    assert any("registered on 2026-03-01, after its result" in m for m in messages(tmp_path, case, "Warning"))
    assert not any("registered on" in m for m in messages(tmp_path, case_resting_on("setting", "0.10", "0.05", "0.15"), "Warning"))


@pytest.mark.parametrize("evidence_type, needs_model", [
    ("governance-review", False), ("incident-drill", False), ("infrastructure-security-audit", False),
    ("security-control", False), ("capability-evaluation", True), ("control-evaluation", True), ("red-team", True)])
def test_only_evidence_about_a_model_must_name_the_build(tmp_path, evidence_type, needs_model):
    case = yaml.safe_load(MINIMAL.read_text())
    evidence = case["evidence"][0]
    evidence["evidenceType"] = evidence_type
    del evidence["testedModel"]
    found = [m for m in messages(tmp_path, case) if "testedModel" in m]
    assert bool(found) == needs_model


def test_the_context_names_only_its_model_as_the_model_under_decision(tmp_path):
    case = yaml.safe_load(MINIMAL.read_text())
    case["operationalContext"]["modelRoles"] = [{"type": "ModelInRole", "role": "model-under-decision", "build": {
        "id": "test/model/m2", "type": "ModelBuild", "buildId": "m2", "buildDate": "2026-01-02"}}]
    assert any("names id:test/model/m2 as the model under decision" in m or "names https://w3id.org/safetycase-kg/id/test/model/m2 as the model under decision" in m
               for m in messages(tmp_path, case))


def test_compliance_with_law_is_a_redaction_reason(tmp_path):
    case = yaml.safe_load(MINIMAL.read_text())
    case["evidence"][0]["disclosure"] = "regulator"
    case["evidence"][0]["redaction"] = {"type": "Redaction", "reason": "legal-compliance", "retentionPeriod": "P5Y",
                                        "character": "Names that export-control law bars from publication.",
                                        "custodian": "test/person/p1"}
    assert messages(tmp_path, case) == []
