"""Derived claim status and the decision gate."""

from datetime import date

import yaml
from conftest import FIXTURES

from safetycase_kg.analysis.status import claims_in_doubt, decision_gate, window_days
from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import ID
from safetycase_kg.ingest.load import load


def deep_case(tmp_path, defeater_status: str):
    """The minimal case with a chain G0 <- S1 <- G1 <- G2 <- E1 and a defeater on E1, three levels down."""
    case = yaml.safe_load((FIXTURES / "valid" / "minimal-case.yaml").read_text())
    n = case["id"]
    case["claims"] = [
        {"id": f"{n}/G0", "type": "Claim", "statement": "Top.", "supportedBy": [f"{n}/S1"], "wouldBeDefeatedBy": "x"},
        {"id": f"{n}/G1", "type": "Claim", "statement": "Middle.", "supportedBy": [f"{n}/G2"], "wouldBeDefeatedBy": "x"},
        {"id": f"{n}/G2", "type": "Claim", "statement": "Bottom.", "supportedBy": [f"{n}/E1"], "wouldBeDefeatedBy": "x"},
    ]
    case["strategies"] = [{"id": f"{n}/S1", "type": "Strategy", "statement": "Split.", "supportedBy": [f"{n}/G1"]}]
    case["defeaters"] = [{"id": f"{n}/D1", "type": "Defeater", "defeaterType": "sandbagging", "statement": "It sandbagged.",
                          "attacks": f"{n}/E1", "defeaterStatus": defeater_status, "refutedBy": f"{n}/E1"}]
    path = tmp_path / "deep.yaml"
    path.write_text(yaml.safe_dump(case, sort_keys=False))
    return path


def test_an_open_defeater_three_levels_down_puts_the_top_claim_in_doubt(empty_store, tmp_path):
    load(empty_store, [deep_case(tmp_path, "open")], strict=True)
    doubt = claims_in_doubt(empty_store)
    for local in ("G0", "G1", "G2"):
        assert doubt[ID[f"test/minimal-v1/{local}"]] == [("open defeater", ID["test/minimal-v1/D1"])]


def test_refuting_the_defeater_clears_the_doubt(empty_store, tmp_path):
    load(empty_store, [deep_case(tmp_path, "open")])
    load(empty_store, [deep_case(tmp_path, "refuted")])
    assert claims_in_doubt(empty_store) == {}


def test_a_breached_indicator_and_a_reached_threshold_put_claims_in_doubt(example_store):
    doubt = claims_in_doubt(example_store)
    reasons = {reason for claims in doubt.values() for reason, _ in claims}
    assert "indicator breached" in reasons
    assert any(reason == "indicator breached" and "fsf-early-warning-v1" in str(claim)
               for claim, rs in doubt.items() for reason, _ in rs)


def test_the_gate_blocks_open_defeaters_and_stale_evidence(empty_store, tmp_path):
    load(empty_store, [deep_case(tmp_path, "open")])
    [verdict] = decision_gate(empty_store, date(2026, 3, 1))
    assert not verdict.defensible
    assert any("defeater neither refuted nor accepted" in b for b in verdict.blockers)
    load(empty_store, [deep_case(tmp_path, "refuted")])
    [verdict] = decision_gate(empty_store, date(2026, 3, 1))
    assert any("without evaluation date or freshness window" in b for b in verdict.blockers)


def test_durations():
    assert window_days("P180D") == 180 and window_days("P6M") == 180 and window_days("P1Y2W") == 379
    assert window_days("PT5H") is None


def test_cli_gate_json(tmp_path, capsys):
    import json

    from safetycase_kg.core.namespaces import EXAMPLES_DIR
    store = str(tmp_path / "s")
    main(["--store", store, "load", str(EXAMPLES_DIR)])
    capsys.readouterr()
    assert main(["--store", store, "gate", "--as-of", "2026-11-29", "--format", "json"]) == 0
    verdicts = json.loads(capsys.readouterr().out)
    assert len(verdicts) == 16 and all({"case", "defensible", "blockers"} <= set(v) for v in verdicts)
