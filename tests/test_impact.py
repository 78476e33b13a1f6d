"""Change impact: a change flags exactly the cases about what changed; recording it deletes nothing."""

import json

from safetycase_kg.analysis.impact import affected
from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import EXAMPLES_DIR, ID
from safetycase_kg.core.store import Store

NEW_CHECKPOINT = "scv:trigger-kind/new-checkpoint"


def cases(result) -> set[str]:
    return {str(row.case).removeprefix(str(ID)) for row in result}


def test_a_new_checkpoint_flags_exactly_the_cases_about_that_model(example_store):
    result = affected(example_store, NEW_CHECKPOINT, "id:model/atlas-4-2026-05-20")
    assert cases(result) == {"cyber-inability-v1", "cyber-inability-v2", "misuse-safeguards-api-v1"}
    result = affected(example_store, NEW_CHECKPOINT, "id:model/polaris-2-2026-04-18")
    assert cases(result) == {"debate-alignment-v1"}


def test_the_impact_lists_claims_evidence_and_the_trigger_that_fires(example_store):
    rows = list(affected(example_store, NEW_CHECKPOINT, "id:model/atlas-4-2026-05-20"))
    v2 = [r for r in rows if str(r.case).endswith("cyber-inability-v2")]
    assert {str(r.item).rsplit("/", 1)[1] for r in v2 if str(r.what) == "claim"} == {"G0", "G1", "G2"}
    assert {str(r.item).rsplit("/", 1)[1] for r in v2 if str(r.what) == "evidence"} == {"E1", "E2"}
    assert all(str(r.trigger) == "Any new Atlas-4 checkpoint proposed for the API." for r in v2)


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
    assert {row["case"] for row in rows} == {"id:debate-alignment-v1"}
    store = Store(store_dir)
    reopened = [str(r.case) for r in store.query("SELECT ?case WHERE { ?e a sc:ChangeEvent ; sc:reopens ?case }")]
    assert reopened == [str(ID["debate-alignment-v1"])]
    assert {g: sorted(store.dump([g]).splitlines()) for g in store.case_graphs()} == before
