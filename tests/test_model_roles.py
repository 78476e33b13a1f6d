"""Several model builds in roles: scope substitution, evidence about another build, impact and the gate respect the roles an
operational context gives its builds, and still catch evidence that really comes from another build of the model under
decision. The roles come from the model-role scheme itself, so a role added there is tested without touching this file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES
from rdflib import Graph, Namespace, URIRef

from safetycase_kg.analysis.impact import affected
from safetycase_kg.analysis.lint import CHECKS, run_lint
from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import EXAMPLES_DIR, ONTOLOGY_DIR, QUERIES_DIR, VOCAB
from safetycase_kg.core.sparql import parse_named_query
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
MINIMAL = FIXTURES / "valid" / "minimal-case.yaml"
SCOPE = CHECKS["scope-substitution"]
UNDER_DECISION = "model-under-decision"


def roles() -> list[str]:
    """Every role of the model-role scheme other than the model under decision, read from the vocabulary."""
    vocab = Graph().parse(ONTOLOGY_DIR / "vocabularies.ttl")
    scheme = URIRef(str(VOCAB) + "model-role")
    return sorted(str(vocab.value(c, SKOS.notation)) for c in vocab.subjects(SKOS.inScheme, scheme)
                  if str(vocab.value(c, SKOS.notation)) != UNDER_DECISION)


def write(tmp_path: Path, case: dict, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(case, sort_keys=False))
    return path


def role_case(declared: str | None, stated: str | None, *, derived: bool = False) -> dict:
    """The minimal case whose evidence E1 was produced on a second build m2, named in the context in the role
    ``declared`` (or not at all), and said by the evidence to have played ``stated`` (or nothing)."""
    case = yaml.safe_load(MINIMAL.read_text())
    m2 = {"id": "test/model/m2", "type": "ModelBuild", "buildId": "m2-build", "buildDate": "2026-01-05"}
    if derived:
        m2["previousBuild"] = "test/model/m1"
    context = case["operationalContext"]
    if declared:
        context["modelRoles"] = [{"type": "ModelInRole", "build": m2, "role": declared}]
    evidence = case["evidence"][0]
    evidence["testedModel"] = "test/model/m2" if declared else m2
    if stated:
        evidence["testedRole"] = stated
    return case


def scope_findings(tmp_path: Path, case: dict) -> list[str]:
    store = Store()
    report = load(store, [write(tmp_path, case)], strict=True)[1]
    assert report.conforms
    return [f.message for f in run_lint(store, checks=[SCOPE])]


@pytest.mark.parametrize("role", roles())
def test_evidence_on_a_build_in_its_declared_role_is_not_scope_substitution(tmp_path, role):
    assert scope_findings(tmp_path, role_case(role, None)) == []
    assert scope_findings(tmp_path, role_case(role, role)) == []


@pytest.mark.parametrize("role", roles())
def test_evidence_on_a_build_the_context_does_not_give_that_role_is_scope_substitution(tmp_path, role):
    [message] = scope_findings(tmp_path, role_case(None, role))
    assert "test/model/m2" in message and f"in the role {role}" in message
    other = next(r for r in roles() if r != role)
    [message] = scope_findings(tmp_path, role_case(other, role))
    assert f"in the role {role}, which the case's operational context does not give it" in message


def test_evidence_that_claims_a_role_build_is_the_model_under_decision_is_scope_substitution(tmp_path):
    [message] = scope_findings(tmp_path, role_case("attack-policy", UNDER_DECISION, derived=True))
    assert "not the case's build test/model/m1 (a build derived from it)" in message


def examples_with(tmp_path: Path, name: str, mutate) -> Store:
    """The registers and the template plus one example case, mutated."""
    case = yaml.safe_load((EXAMPLES_DIR / "cases" / name).read_text())
    mutate(case)
    store = Store()
    load(store, [EXAMPLES_DIR / "registers", EXAMPLES_DIR / "templates", write(tmp_path, case, name)])
    return store


def test_the_control_examples_correct_evidence_is_not_scope_substitution(example_store):
    found = {(f.case.rsplit("/", 1)[1], f.focus.rsplit("/id/", 1)[1], f.message) for f in run_lint(example_store, checks=[SCOPE])}
    assert not {f for f in found if f[0] in ("ai-control-internal-agent-v1", "polaris-3-agent-control-v1")}
    # the tool-addition case still reuses an internal-deployment evaluation for another decision: that is substitution
    assert {(c, e) for c, e, _ in found if c == "agent-browsing-tool-addition-v1"} == {
        ("agent-browsing-tool-addition-v1", "evidence/control-eval-2026-07")}


def test_evidence_from_an_earlier_checkpoint_of_the_model_under_decision_is_still_found(tmp_path):
    def earlier_checkpoint(case):
        e3 = next(e for e in case["evidence"] if isinstance(e, dict) and e["id"].endswith("/E3"))
        e3["testedModel"] = "model/polaris-3-ckpt-2026-10-05"
        del e3["testedRole"]
    store = examples_with(tmp_path, "polaris-3-agent-control.yaml", earlier_checkpoint)
    [finding] = run_lint(store, checks=[SCOPE])
    assert finding.focus.endswith("polaris-3-agent-control-v1/E3")
    assert "model/polaris-3-ckpt-2026-10-05, not the case's build model/polaris-3-agent-2026-11-02 (an earlier build in its lineage)" in finding.message
    rows = store.query(parse_named_query(QUERIES_DIR / "evidence-about-another-build.rq").bind({}))
    assert [(str(r.evidence).rsplit("/", 1)[1], str(r.relation), r.otherBuild.toPython()) for r in rows] == [
        ("E3", "earlier build in its lineage", True)]


def strip_roles(node):
    """A case as it was written before model roles existed: no modelRoles, testedRole or controlResults anywhere."""
    if isinstance(node, dict):
        return {k: strip_roles(v) for k, v in node.items() if k not in ("modelRoles", "testedRole", "controlResults")}
    if isinstance(node, list):
        return [strip_roles(v) for v in node]
    return node


def test_a_control_case_written_before_roles_loads_unchanged_and_is_judged_as_before(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    for path in [EXAMPLES_DIR / "cases" / "ai-control-internal-agent.yaml", EXAMPLES_DIR / "registers" / "shared-records.yaml"]:
        (old / path.name).write_text(yaml.safe_dump(strip_roles(yaml.safe_load(path.read_text())), sort_keys=False))
    store = Store()
    report = load(store, [old], strict=True)[1]
    assert report.conforms
    found = sorted((f.focus.rsplit("/id/", 1)[1], f.message) for f in run_lint(store, checks=[SCOPE]))
    assert [focus for focus, _ in found] == ["ai-control-internal-agent-v1/E1", "evidence/control-eval-2026-07"]
    assert all("a build derived from it" in message for _, message in found)


def test_impact_follows_a_build_in_a_role(example_store):
    rows = list(affected(example_store, "new-checkpoint", "id:model/polaris-2-mini-2026-06-20"))
    assert {str(r.case).rsplit("/", 1)[1] for r in rows} == {"polaris-3-agent-control-v1"}
    assert {str(r.role).rsplit("/", 1)[1] for r in rows} == {"trusted-monitor", "paraphraser", "trusted-fallback"}
    evidence = {str(r.item).rsplit("/", 1)[1] for r in rows if str(r.what) == "evidence"}
    assert evidence == {"E1", "E3"}
    assert {str(r.trigger) for r in rows} == {"A new checkpoint of the trusted monitor Polaris-2-Mini."}
    # the agent is both the model under decision and its own untrusted monitor
    rows = list(affected(example_store, "new-checkpoint", "id:model/polaris-3-agent-2026-11-02"))
    assert {str(r.role).rsplit("/", 1)[1] for r in rows} == {UNDER_DECISION, "untrusted-monitor"}


def gate(capsys, store: str, as_of: str = "2026-12-01") -> dict[str, list[str]]:
    """Case -> the messages of what blocks its decision at the gate."""
    capsys.readouterr()
    assert main(["--store", store, "gate", "--as-of", as_of, "--format", "json"]) in (0, 1)
    return {v["case"].rsplit("/", 1)[-1]: [b["message"] for b in v["blockers"]]
            for v in json.loads(capsys.readouterr().out)["verdicts"]}


CASE = "polaris-3-agent-control-v1"


def test_a_recorded_monitor_checkpoint_reopens_the_control_case_at_the_gate(tmp_path, capsys):
    store = str(tmp_path / "s")
    main(["--store", store, "load", str(EXAMPLES_DIR)])
    before = gate(capsys, store)
    assert not [b for b in before[CASE] if "recorded change" in b]
    assert main(["--store", store, "impact", "--kind", "new-checkpoint", "--target", "id:model/polaris-2-mini-2026-06-20",
                 "--date", "2026-11-25", "--record"]) == 0
    after = gate(capsys, store)
    assert [b for b in after[CASE] if b.startswith("reopened by a recorded change (new-checkpoint) on 2026-11-25")]
    assert {c for c, blockers in after.items() if any("reopened" in b for b in blockers)} == {CASE}


@pytest.mark.parametrize("event_date, fires", [("2026-11-25", True), ("2026-11-10", False)])
def test_a_change_to_the_monitor_fires_the_trigger_watching_it(tmp_path, capsys, event_date, fires):
    """A change recorded after the decision fires the armed trigger on the changed build; one from before it does not."""
    events = {"id": "register/test-events", "type": "Register", "graph": [
        {"id": "event/test-monitor-checkpoint", "type": "ChangeEvent", "triggerKind": "new-checkpoint",
         "affects": "model/polaris-2-mini-2026-06-20", "eventDate": event_date,
         "statement": "Polaris-2-Mini retrained."}]}
    store = str(tmp_path / "s")
    main(["--store", store, "load", str(EXAMPLES_DIR), str(write(tmp_path, events, "events.yaml"))])
    fired = [b for b in gate(capsys, store)[CASE] if b.startswith("review trigger fired by a recorded change")]
    assert bool(fired) == fires
