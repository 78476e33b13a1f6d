"""Change impact: a change flags the cases that rely on what changed, in whatever role; recording it deletes nothing."""

import json
from datetime import date

import pytest

from safetycase_kg.analysis.impact import affected, impact_rows
from safetycase_kg.analysis.standing import judge
from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import EXAMPLES_DIR, ID
from safetycase_kg.core.store import Store

NEW_CHECKPOINT = "scv:trigger-kind/new-checkpoint"
AS_OF = date(2026, 12, 1)


def cases(result) -> set[str]:
    return {str(row.case).removeprefix(str(ID)) for row in result}


def test_a_new_checkpoint_flags_the_cases_that_rely_on_that_model(example_store):
    result = list(affected(example_store, NEW_CHECKPOINT, "id:model/atlas-4-2026-05-20"))
    # deployed by cyber v1, v2 and misuse v1; the open-weights case cites its system card, produced on that build
    assert cases(result) == {"cyber-inability-v1", "cyber-inability-v2", "misuse-safeguards-api-v1", "open-weights-reuse-v1"}
    roles = {(str(r.case).removeprefix(str(ID)), str(r.via)) for r in result if str(r.what) == "case"}
    assert ("open-weights-reuse-v1", "evidence produced on it") in roles
    assert ("cyber-inability-v2", "the model it deploys") in roles
    assert cases(affected(example_store, NEW_CHECKPOINT, "id:model/polaris-2-2026-04-18")) == {"debate-alignment-v1"}


def test_the_impact_lists_claims_evidence_and_the_trigger_that_fires(example_store):
    rows = list(affected(example_store, NEW_CHECKPOINT, "id:model/atlas-4-2026-05-20"))
    v2 = [r for r in rows if str(r.case).endswith("cyber-inability-v2")]
    assert {str(r.item).rsplit("/", 1)[1] for r in v2 if str(r.what) == "claim"} == {"G0", "G1", "G2"}
    assert {str(r.item).rsplit("/", 1)[1] for r in v2 if str(r.what) == "evidence"} == {"E1", "E2"}
    assert {str(r.item).rsplit("/", 1)[1] for r in v2 if str(r.what) == "assessment"} == {"CA1"}
    assert all(str(r.trigger) == "Any new Atlas-4 checkpoint proposed for the API." for r in v2)


# Every kind of target the help names, on the examples: (kind, target, the cases it reopens, a role it plays).
TARGETS = [
    ("new-checkpoint", "id:model/atlas-4-code-redteam-sub-2026-07-08",  # a red-team substitute, never deployed
     {"ai-control-internal-agent-v1", "agent-browsing-tool-addition-v1"}, "evidence produced on it"),
    ("capability-evidence", "id:model/atlas-4-1-2026-08-14", {"cbrn-rsp-deployment-v1"}, "an assessment of it"),
    ("tool-addition", "id:tool/web-browsing", {"agent-browsing-tool-addition-v1"}, "a tool of its operational context"),
    ("population-widening", "id:ai-control-internal-agent-v1/context",  # the browsing case reuses its control evaluation
     {"ai-control-internal-agent-v1", "agent-browsing-tool-addition-v1"}, "evidence produced for it"),
    ("capability-evidence", "id:evidence/ctf-suite-2026-04",
     {"cyber-inability-v1", "open-weights-reuse-v1", "misuse-safeguards-api-v1"}, "cited as evidence"),
    ("regulator-finding", "id:framework/aurora-scaling-policy-2-0", {"cbrn-rsp-deployment-v1", "ai-control-internal-agent-v1"},
     "a framework version it relies on"),
    ("regulator-finding", "cat:eu-ai-act-2024-1689", {"misuse-safeguards-api-v1"}, "a claim addressing one of its clauses"),
    ("capability-evidence", "id:threshold/aurora-cbrn-1", {"cbrn-rsp-deployment-v1"}, "an assessment against it"),
]


@pytest.mark.parametrize("kind, target, expected, role", TARGETS, ids=[t[1] for t in TARGETS])
def test_every_kind_of_target_reopens_the_cases_that_rely_on_it(example_store, kind, target, expected, role):
    rows = list(affected(example_store, kind, target))
    assert expected <= cases(rows)
    assert role in {str(r.via) for r in rows}
    assert all(str(r.case) != str(r.item) or str(r.what) == "case" for r in rows)


def test_a_context_target_is_found(example_store):
    """The control case's own context reopens the control case (it returned no rows before)."""
    rows = list(affected(example_store, "scv:trigger-kind/scaffold-change", "id:ai-control-internal-agent-v1/context"))
    assert "ai-control-internal-agent-v1" in cases(rows)
    assert "its operational context" in {str(r.via) for r in rows}


def test_impact_rows_carry_each_items_standing(example_store):
    rows = impact_rows(example_store, "new-checkpoint", "id:model/atlas-4-2026-05-20", AS_OF)
    judged = judge(example_store, AS_OF)
    stale = next(r for r in rows if r["case"] == "misuse-safeguards-api-v1" and r["item"] == "misuse-safeguards-api-v1/E3")
    assert stale["standing"] == "stale" == judged.of(ID["misuse-safeguards-api-v1"], ID["misuse-safeguards-api-v1/E3"]).kind
    assert all(not r["case"].startswith("http") and not r["item"].startswith("http") for r in rows)


def test_record_stores_the_event_and_changes_no_case(tmp_path, capsys):
    store_dir = str(tmp_path / "s")
    main(["--store", store_dir, "load", str(EXAMPLES_DIR)])
    store = Store(store_dir)
    before = {g: sorted(store.dump([g]).splitlines()) for g in store.case_graphs()}
    store.close()
    capsys.readouterr()
    assert main(["--store", store_dir, "impact", "--kind", "new-checkpoint", "--target", "id:model/polaris-2-2026-04-18",
                 "--date", "2026-11-29", "--record", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["case"] for row in rows} == {"debate-alignment-v1"}
    store = Store(store_dir)
    reopened = [str(r.case) for r in store.query("SELECT ?case WHERE { ?e a sc:ChangeEvent ; sc:reopens ?case }")]
    assert reopened == [str(ID["debate-alignment-v1"])]
    assert {g: sorted(store.dump([g]).splitlines()) for g in store.case_graphs()} == before
    # the recorded change makes the case stale from its date on: the standing reads the event
    case = judge(store, AS_OF, [ID["debate-alignment-v1"]]).of(ID["debate-alignment-v1"], ID["debate-alignment-v1"])
    assert any(r.kind == "stale" and "reopened by a recorded change (new-checkpoint) on 2026-11-29" in r.message
               for r in case.reasons)
