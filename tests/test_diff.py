"""`diff` shows what changed between case versions: elements added, removed and changed, records too."""

import json

import pytest

from safetycase_kg.analysis.diff import DiffError, diff_versions
from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import EXAMPLES_DIR


def test_diff_against_the_superseded_version(example_store):
    d = diff_versions(example_store, "cyber-inability-v2")
    assert str(d.old).endswith("cyber-inability-v1") and str(d.new).endswith("cyber-inability-v2")
    assert ("defeater", "D3") in d.added
    assert ("evidence", "E1") in d.added
    assert ("evidence", "id:evidence/ctf-suite-2026-04") in d.removed
    changed = {(k, e): changes for k, e, changes in d.changed}
    assert ("sc:defeaterStatus", "scv:defeater-status/accepted-residual", "scv:defeater-status/refuted") \
        in changed[("defeater", "D1")]
    assert ("sc:decisionDate", "2026-05-25", "2026-06-24") in changed[("decision", "")]


def test_diff_of_named_versions_both_ways(example_store):
    forward = diff_versions(example_store, "", "cyber-inability-v1", "cyber-inability-v2")
    backward = diff_versions(example_store, "", "cyber-inability-v2", "cyber-inability-v1")
    assert forward.added == backward.removed and forward.removed == backward.added


def test_a_version_that_supersedes_nothing_needs_two_names(example_store):
    with pytest.raises(DiffError, match="supersedes no earlier version"):
        diff_versions(example_store, "cbrn-rsp-deployment-v1")


def test_cli_diff_json(tmp_path, capsys):
    store = str(tmp_path / "s")
    assert main(["--store", store, "load", str(EXAMPLES_DIR)]) == 0
    capsys.readouterr()
    assert main(["--store", store, "diff", "misuse-safeguards-api-v1", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["from"].endswith("misuse-safeguards-api-v0") and out["to"].endswith("misuse-safeguards-api-v1")
    assert {"added", "removed", "changed"} <= set(out)
    assert main(["--store", store, "diff", "cyber-inability-v2", "only-one"]) == 2
