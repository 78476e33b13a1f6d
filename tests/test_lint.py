"""The failure-mode checks in lint/: each trips on a fixture built to commit its failure, stays quiet on a clean
case, and finds something in the example corpus (whose open-weights-reuse case is deliberately flawed)."""

from pathlib import Path

import pytest
import yaml

from safetycase_kg.analysis.lint import CHECKS, SEVERITIES, Finding, run_lint, to_json, to_text
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load, parse_batch, validate_batch

LINT_FIXTURES = Path(__file__).parent / "fixtures" / "lint"
ID = "https://w3id.org/safetycase-kg/id/"
CLEAN = LINT_FIXTURES / "clean-passes.yaml"

# check id -> a word the finding's message must contain
TRIPS = {
    "paper-safety": "open",
    "static-claims": "review-by",
    "evidence-gaps": "capability",
    "countercase-neglect": "staff",
    "reviewer-capture": "conflict",
    "security-publication": "vague",
    "acceptability-laundering": "developer",
    "scope-substitution": "api-launch",
    "negative-evidence": "confirmatory",
    "claim-level-evidence": "none of its claims",
    "source-discipline": "system-card",
    "source-version-date": "source version",
    "evidence-after-decision": "after the decision",
    "unmonitored-deployment": "nothing would notice",
}
AS_OF = "2026-12-01"  # checks that depend on the date judge as of today unless told; the tests fix the day
# Checks the example corpus does not illustrate (their fixtures and the planted-failures case do).
NOT_IN_EXAMPLES = {"evidence-after-decision", "unmonitored-deployment"}


def findings_for(path: Path, check: str) -> list[Finding]:
    store = Store()
    load(store, [path])
    return [f for f in run_lint(store, AS_OF) if f.check == check]


def test_every_failure_mode_has_a_check() -> None:
    assert set(CHECKS) == set(TRIPS)


@pytest.mark.parametrize("check", sorted(TRIPS))
def test_check_header(check: str) -> None:
    c = CHECKS[check]
    assert c.title and c.why and c.description
    assert c.severity in SEVERITIES


@pytest.mark.parametrize("path", sorted(LINT_FIXTURES.glob("*.yaml")), ids=lambda p: p.name)
def test_fixture_is_structurally_valid(path: Path, empty_store: Store) -> None:
    assert validate_batch(parse_batch([path], empty_store), empty_store).conforms


@pytest.mark.parametrize("check", sorted(TRIPS))
def test_check_trips_on_its_fixture(check: str) -> None:
    case = f"{ID}test/lint-{check}-trips-v1"
    found = findings_for(LINT_FIXTURES / f"{check}-trips.yaml", check)
    assert any(f.case == case and TRIPS[check] in f.message.lower() for f in found), found


@pytest.mark.parametrize("check", sorted(TRIPS))
def test_check_passes_clean_case(check: str) -> None:
    assert findings_for(CLEAN, check) == []


def test_clean_case_has_no_findings(empty_store: Store) -> None:
    load(empty_store, [CLEAN])
    assert run_lint(empty_store, AS_OF) == []


def test_example_corpus_trips_every_check(example_store: Store) -> None:
    tripped = {f.check for f in run_lint(example_store, AS_OF)}
    assert tripped == set(CHECKS) - NOT_IN_EXAMPLES


def test_flawed_example_is_flagged(example_store: Store) -> None:
    case = f"{ID}open-weights-reuse-v1"
    tripped = {f.check for f in run_lint(example_store, AS_OF) if f.case == case}
    assert {"scope-substitution", "acceptability-laundering", "reviewer-capture",
            "countercase-neglect", "negative-evidence"} <= tripped


def test_as_of_moves_the_date(empty_store: Store) -> None:
    load(empty_store, [CLEAN])
    assert [f for f in run_lint(empty_store, as_of="2027-06-01") if f.check == "static-claims"]
    assert not [f for f in run_lint(empty_store, as_of="2026-12-01") if f.check == "static-claims"]


def test_findings_sorted_and_serialised(example_store: Store) -> None:
    findings = run_lint(example_store, AS_OF)
    assert findings == sorted(findings)
    doc = to_json(findings)
    assert doc["results"][0].keys() == {"check", "severity", "case", "focus", "message"}
    assert {c["id"] for c in doc["checks"]} == set(CHECKS)
    assert all(isinstance(v, str) for r in doc["results"] for v in r.values())
    text = to_text(findings)
    assert "open-weights-reuse-v1" in text and text.splitlines()[-1].startswith(f"{len(findings)} finding")
    assert "https://" not in text and "_:" not in text  # elements named by their short names


def test_cli_lint_json_and_exit_code(tmp_path, capsys):
    import json as _json

    from safetycase_kg.cli import main
    from safetycase_kg.core.namespaces import EXAMPLES_DIR
    store = str(tmp_path / "s")
    main(["--store", store, "load", str(EXAMPLES_DIR)])
    capsys.readouterr()
    assert main(["--store", store, "lint", "--format", "json", "--as-of", AS_OF]) == 1
    out = _json.loads(capsys.readouterr().out)
    assert out["results"] and all({"check", "severity", "case", "focus", "message"} <= set(r) for r in out["results"])
    assert main(["--store", store, "lint", "--check", "no-such-check"]) == 2
    capsys.readouterr()
    # --case: the checks run for that case alone, and find what the whole run finds for it
    main(["--store", store, "lint", "--format", "json", "--as-of", AS_OF, "--case", "open-weights-reuse-v1"])
    one = _json.loads(capsys.readouterr().out)["results"]
    assert one and one == [r for r in out["results"] if r["case"] == ID + "open-weights-reuse-v1"]
    assert main(["--store", store, "lint", "--case", "no-such-case"]) == 2
    assert "no case 'no-such-case'" in capsys.readouterr().err


# --- the branches of a check, each both ways, on edits of the clean case ---------------------------------
# Each edit sets up one branch's condition and its near miss: a rewrite of the branch that changes what it
# finds (the nested EXISTS that keep these checks linear in the store's size, see the README) fails one side.

def edited_findings(tmp_path: Path, edit, check: str) -> list[str]:
    case = yaml.safe_load(CLEAN.read_text(encoding="utf-8"))
    edit(case)
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(case, sort_keys=False), encoding="utf-8")
    return [f.message for f in findings_for(path, check)]


def build(name: str, **more) -> dict:
    return {"id": f"test/model/{name}", "type": "ModelBuild", "buildId": f"{name}-build", "buildDate": "2026-01-01", **more}


def open_weights(access: str):
    def edit(case: dict) -> None:
        case["operationalContext"]["model"]["weightsAccess"] = access
        case["evidence"][0]["testedModel"] = build("m0", weightsAccess="closed")
    return edit


def monitor_evidence(stated_role: str):
    def edit(case: dict) -> None:
        case["operationalContext"]["modelRoles"] = [{"type": "ModelInRole", "build": build("mon"), "role": "trusted-monitor"}]
        case["evidence"][0]["testedModel"] = "test/model/mon"
        case["evidence"][0]["testedRole"] = stated_role
    return edit


def supported_by(*evidence: str):
    def edit(case: dict) -> None:
        case["claims"][0]["supportedBy"] = [f"test/lint-clean-v1/{e}" for e in evidence]
    return edit


@pytest.mark.parametrize(("edit", "check", "phrase", "expected"), [
    (open_weights("open"), "scope-substitution", "open-weight release cites evidence", True),
    (open_weights("closed"), "scope-substitution", "open-weight release cites evidence", False),
    (monitor_evidence("grader"), "scope-substitution", "in the role grader", True),
    (monitor_evidence("trusted-monitor"), "scope-substitution", "test/model/mon", False),
    (supported_by("E2"), "evidence-gaps", "only undermining or inconclusive evidence", True),
    (supported_by("E1"), "evidence-gaps", "has no supporting evidence", False),
], ids=["open-weights", "closed-weights", "monitor-in-another-role", "monitor-in-its-role",
        "inconclusive-only", "supported"])
def test_check_branch(tmp_path: Path, edit, check: str, phrase: str, expected: bool) -> None:
    messages = edited_findings(tmp_path, edit, check)
    assert any(phrase in m.lower() for m in messages) is expected, messages
