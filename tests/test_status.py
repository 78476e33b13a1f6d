"""The standing of elements (one judgement, carried up the argument) and the decision gate that reads it."""

import json
from datetime import date

import pytest
import yaml
from conftest import FIXTURES

from safetycase_kg.analysis.standing import RULES, judge
from safetycase_kg.analysis.status import decision_gate
from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import EXAMPLES_DIR, ID
from safetycase_kg.ingest.load import load

AS_OF = date(2026, 12, 1)
CASE = ID["test/minimal-v1"]


def deep_case(tmp_path, defeater: dict | None = None, **evidence):
    """The minimal case with a chain G0 <- S1 <- G1 <- G2 <- E1 and, when given, a defeater on E1 three levels down."""
    case = yaml.safe_load((FIXTURES / "valid" / "minimal-case.yaml").read_text())
    n = case["id"]
    case["claims"] = [
        {"id": f"{n}/G0", "type": "Claim", "statement": "Top.", "supportedBy": [f"{n}/S1"], "wouldBeDefeatedBy": "x"},
        {"id": f"{n}/G1", "type": "Claim", "statement": "Middle.", "supportedBy": [f"{n}/G2"], "wouldBeDefeatedBy": "x"},
        {"id": f"{n}/G2", "type": "Claim", "statement": "Bottom.", "supportedBy": [f"{n}/E1"], "wouldBeDefeatedBy": "x"},
    ]
    case["strategies"] = [{"id": f"{n}/S1", "type": "Strategy", "statement": "Split.", "supportedBy": [f"{n}/G1"]}]
    case["evidence"][0].update(evidence)
    if defeater is not None:
        case["defeaters"] = [{"id": f"{n}/D1", "type": "Defeater", "defeaterType": "sandbagging",
                              "statement": "It sandbagged.", "attacks": f"{n}/E1", **defeater}]
    path = tmp_path / "deep.yaml"
    path.write_text(yaml.safe_dump(case, sort_keys=False))
    return path


def reasons(judged, local: str) -> set[tuple[str, str, str]]:
    return {(r.kind, r.severity, r.message) for r in judged.of(CASE, ID[f"test/minimal-v1/{local}"]).reasons}


def verdict(store):
    [v] = decision_gate(store, AS_OF)
    return v


def test_an_open_defeater_three_levels_down_puts_every_claim_above_in_doubt(empty_store, tmp_path):
    load(empty_store, [deep_case(tmp_path, {"defeaterStatus": "open"})], strict=True)
    judged = judge(empty_store, AS_OF)
    for local in ("E1", "G2", "G1", "S1", "G0"):
        assert reasons(judged, local) == {("in-doubt", "Violation", "open defeater")}, local
        assert judged.of(CASE, ID[f"test/minimal-v1/{local}"]).kind == "in-doubt"
    [reason] = judged.of(CASE, ID["test/minimal-v1/G0"]).reasons
    assert reason.source == ID["test/minimal-v1/D1"] and reason.element == ID["test/minimal-v1/E1"]
    assert judged.of(CASE, CASE).kind == "in-doubt"  # the case stands on its top claim


def test_refuting_the_defeater_clears_the_doubt(empty_store, tmp_path):
    load(empty_store, [deep_case(tmp_path, {"defeaterStatus": "open"})])
    load(empty_store, [deep_case(tmp_path, {"defeaterStatus": "refuted", "refutedBy": "test/minimal-v1/E1"})])
    judged = judge(empty_store, AS_OF)
    for local in ("E1", "G2", "G1", "S1", "G0"):
        assert judged.of(CASE, ID[f"test/minimal-v1/{local}"]).kind == "sound", local
    assert verdict(empty_store).defensible


@pytest.mark.parametrize("severity, blocks", [("low", False), ("medium", False), ("high", True), ("critical", True),
                                              (None, True)])
def test_the_gate_weighs_an_open_defeater_by_its_severity(empty_store, tmp_path, severity, blocks):
    """As paper-safety does: high, critical or unweighed open defeaters block a positive decision; low and
    medium ones leave the claims in doubt and are caveats."""
    defeater = {"defeaterStatus": "open"} | ({"severity": severity} if severity else {})
    load(empty_store, [deep_case(tmp_path, defeater)], strict=True)
    v = verdict(empty_store)
    assert v.judged and v.defensible is (not blocks)
    assert any(r.message == "open defeater" for r in (v.blockers if blocks else v.caveats))
    assert not any(r.message == "open defeater" for r in (v.caveats if blocks else v.blockers))


@pytest.mark.parametrize("disposition, blocks, words", [
    ({"defeaterStatus": "mitigated", "mitigatedBy": "test/minimal-v1/E1"}, False, None),
    ({"defeaterStatus": "accepted-residual", "acceptedBy": ["test/person/p1"]}, False, None),
    ({"defeaterStatus": "refuted", "refutedBy": "test/minimal-v1/E2"}, True, "only by a summary or an interpretation"),
    ({"defeaterStatus": "mitigated", "mitigatedBy": "test/minimal-v1/E2"}, True, "only by a summary or an interpretation"),
])
def test_how_dispositions_count(empty_store, tmp_path, disposition, blocks, words):
    """Mitigated with its record and accepted by a named person close a defeater; a refutation or mitigation
    resting only on an interpretation with no primary record behind it does not."""
    path = deep_case(tmp_path, {"severity": "high", **disposition})
    case = yaml.safe_load(path.read_text())
    case["evidence"].append({"id": "test/minimal-v1/E2", "type": "Evidence", "evidenceType": "external-audit",
                             "recordKind": "interpretation", "sourceType": "third-party-evaluation",
                             "replication": "public-summary", "evaluationDate": "2026-02-02",
                             "testedModel": "test/model/m1"})
    case["decisionRecord"]["decisionDate"] = "2026-02-03"
    path.write_text(yaml.safe_dump(case, sort_keys=False))
    load(empty_store, [path], strict=True)
    v = verdict(empty_store)
    assert v.defensible is (not blocks), [r.message for r in v.blockers]
    if words:
        assert any(words in r.message for r in v.blockers)


def test_stale_evidence_blocks_from_the_day_after_its_window(empty_store, tmp_path):
    load(empty_store, [deep_case(tmp_path, freshnessWindow="P30D")], strict=True)  # evaluated 2026-02-01
    assert verdict(empty_store).defensible is False
    [v] = decision_gate(empty_store, date(2026, 3, 3))
    assert v.defensible, [r.message for r in v.blockers]
    [v] = decision_gate(empty_store, date(2026, 3, 4))
    assert [r.kind for r in v.blockers] == ["stale"] and "stale since 2026-03-04" in v.blockers[0].message


def test_a_breached_indicator_and_an_inability_claim_at_its_threshold(example_store):
    judged = judge(example_store, AS_OF)
    fsf = ID["fsf-early-warning-v1"]
    assert ("in-doubt", "indicator breached") in {(r.kind, r.message) for r in judged.of(fsf, ID["fsf-early-warning-v1/G0"]).reasons}
    # Polaris-1's claim that the threshold IS reached argues control: the reading supports it
    polaris = ID["polaris-1-keep-restricted-v1"]
    assert not any(r.message.startswith("assessment at or above") for r in judged.of(polaris, ID["polaris-1-keep-restricted-v1/G1"]).reasons)


def test_every_standing_rule_is_evaluable_for_one_case_and_agrees_with_the_whole_store(example_store):
    """What issue 14 needs to store standing per case graph: binding the case gives the same judgement."""
    whole = judge(example_store, AS_OF)
    for case in example_store.case_graphs():
        alone = judge(example_store, AS_OF, [case])
        assert {e: s.reasons for e, s in alone.case(case).items()} == {e: s.reasons for e, s in whole.case(case).items()}, case
    assert len(RULES) >= 10 and all(r.query.parameters[0].name == "case" for r in RULES.values())


# The gate on the examples, as an assessor would judge each case as of 2026-12-01: (judged, defensible, why).
EXPECTED = {
    "cbrn-rsp-deployment-v1": (True, True, "every defeater disposed with its record; CBRN evidence withheld but described (caveat)"),
    "cyber-inability-v2": (True, True, "only a low-severity weak-baseline defeater is open (caveat)"),
    "ai-control-internal-agent-v1": (True, True, "the red-team substitute is named in its role, so its control evaluation is in scope; the monitor drop is mitigated with a record"),
    "misuse-safeguards-api-v1": (True, False, "its red-team report, uplift model and system card went stale before its review-by date"),
    "open-weights-reuse-v1": (True, False, "closed-weight and earlier-build evidence reused for an open-weight release"),
    "fsf-early-warning-v1": (True, False, "a review trigger fired and an indicator is breached; continued training needs re-review"),
    "agent-browsing-tool-addition-v1": (False, None, "draft, deferred"),
    "debate-alignment-v1": (False, None, "under review, deferred"),
    "clinical-triage-integration-v1": (False, None, "rejected"),
    "cyber-inability-v1": (False, None, "superseded by version 2"),
    "misuse-safeguards-api-v0": (False, None, "superseded and expired"),
    "polaris-1-keep-restricted-v1": (False, None, "keep-restricted is not a positive decision; expired"),
    "atlas-4-1-cyber-inability-v1": (False, None, "under review, deferred (an instance of the cyber-inability template)"),
    "atlas-5-eu-model-report-v1": (True, True, "each risk below its tier with the margin; criteria accepted only by the developer (caveat)"),
    "atlas-5-sb53-transparency-v1": (True, True, "a medium-severity open defeater and evidence withheld but described (caveats)"),
    "polaris-3-agent-control-v1": (True, True, "evidence on the monitors in their roles is in scope; a medium-severity defeater open (caveat)"),
}
BLOCKING_KINDS = {"misuse-safeguards-api-v1": {"stale", "out-of-scope"}, "open-weights-reuse-v1": {"out-of-scope", "stale"},
                  "fsf-early-warning-v1": {"stale", "in-doubt"}}


def test_the_gate_gives_each_example_the_verdict_an_assessor_would(example_store):
    verdicts = {str(v.case).rsplit("/id/", 1)[1]: v for v in decision_gate(example_store, AS_OF)}
    assert set(verdicts) == set(EXPECTED)
    for name, (judged, defensible, why) in EXPECTED.items():
        v = verdicts[name]
        assert (v.judged, v.defensible) == (judged, defensible), (name, why, [r.message for r in v.blockers])
        if defensible is False:
            assert BLOCKING_KINDS[name] <= {r.kind for r in v.blockers}, (name, why)


def test_cli_gate_json_and_exit_codes(tmp_path, capsys):
    store = str(tmp_path / "s")
    main(["--store", store, "load", str(EXAMPLES_DIR)])
    capsys.readouterr()
    assert main(["--store", store, "gate", "--as-of", "2026-12-01", "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["asOf"] == "2026-12-01" and len(out["verdicts"]) == 16
    misuse = next(v for v in out["verdicts"] if v["case"] == "misuse-safeguards-api-v1")
    assert misuse["defensible"] is False and misuse["verdict"] == "NOT defensible"
    assert {"kind", "severity", "rule", "message", "element", "source", "since"} <= set(misuse["blockers"][0])
    assert main(["--store", store, "gate", "--as-of", "2026-12-01"]) == 1
    text = capsys.readouterr().out
    assert "misuse-safeguards-api-v1: NOT defensible" in text and "stale since" in text
    assert "https://" not in text and "_:" not in text  # elements named by short names only
    assert main(["--store", store, "gate", "--as-of", "yesterday"]) == 2


def test_cli_gate_exits_0_when_every_positive_decision_is_defensible(tmp_path, capsys):
    store = str(tmp_path / "s")
    main(["--store", store, "load", str(FIXTURES / "valid" / "minimal-case.yaml")])
    capsys.readouterr()
    assert main(["--store", store, "gate", "--as-of", "2026-12-01"]) == 0
    assert "test/minimal-v1: defensible" in capsys.readouterr().out
