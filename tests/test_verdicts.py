"""One judgement: lint, validate, the gate, compliance reports, the matrix and case pages agree.

Each output is run on its own here (lint's own run, validation's own run, the gate, the reports, the page),
on the examples, on a planted-failures case and on a generated corpus whose authors confirmed the proposed
mappings; the test checks what an assessor relies on: no clause is satisfied by an element a checker flags
at Violation level, a clause addressed only by flagged elements says why it is not satisfied, a positive
decision with a Violation is not defensible, and a page shows the same standing as the gate and lint.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES
from rdflib import URIRef
from summary import report
from synth import generate_corpus

from safetycase_kg.analysis.lint import CHECKS, run_check, run_lint
from safetycase_kg.analysis.redact import view_for
from safetycase_kg.analysis.standing import RULES, judge, rule_rows
from safetycase_kg.analysis.status import decision_gate
from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import ID
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load
from safetycase_kg.ingest.validate import validate_store
from safetycase_kg.outputs.reports.compliance import compliance_report, matrix_report
from safetycase_kg.outputs.reports.render import render
from safetycase_kg.web.casepage import case_page

AS_OF = date(2026, 12, 1)
FRAMEWORKS = ["eu-ai-act-2024-1689", "gpai-cop-2025-07", "ca-sb53-2025", "anthropic-rsp-3-4", "gdm-fsf-3-1"]
PLANTED = FIXTURES / "planted" / "internal-agent-planted.yaml"
PLANTED_CASE = ID["test/planted-internal-agent-v1"]


def flagged(store: Store) -> dict[tuple[URIRef, object], list[str]]:
    """(case, element) -> the Violation-level findings lint and validation give it, each run on its own."""
    out: dict[tuple[URIRef, object], list[str]] = {}
    for f in run_lint(store, AS_OF.isoformat()):
        if f.severity == "Violation" and f.node is not None:
            out.setdefault((URIRef(f.case), f.node), []).append(f.message)
    for r in validate_store(store, store.case_graphs(), workers=1).results:
        if r.severity == "Violation" and r.graph is not None:
            out.setdefault((r.graph, r.focus), []).append(r.message)
    return out


def check_reports(store: Store, frameworks: list[str]) -> dict[str, int]:
    """Every verdict of every matrix against what lint and validation flag; returns counts by status."""
    bad = flagged(store)
    counts: dict[str, int] = {}
    for framework in frameworks:
        matrix = matrix_report(store, framework, tier="reviewer", as_of=AS_OF)
        for (clause_iri, case_iri), v in matrix.verdicts.items():
            counts[v.status] = counts.get(v.status, 0) + 1
            explicit = [(s, bad.get((case_iri, s.element), [])) for s in v.explicit]
            if v.status == "satisfied":
                # the satisfying element is clean: no Violation on it, nothing blocking beneath it
                assert any(not findings and not s.blocking for s, findings in explicit), (framework, clause_iri, case_iri, v.reason)
            if explicit and all(findings for _, findings in explicit) and v.clause.case_scope == "" and "Does not apply" not in v.reason:
                assert v.status in ("partial", "gap"), (framework, clause_iri, case_iri, v.status)
                assert any(m.rstrip(".") in v.reason for _, findings in explicit for m in findings), (v.reason, explicit)
    return counts


def check_gate(store: Store) -> None:
    """A positive decision in force with any Violation from lint or validation is not defensible, and the gate's
    blockers are exactly what the checkers and standing rules say."""
    bad = flagged(store)
    for v in decision_gate(store, AS_OF):
        if not v.judged:
            continue
        flagged_here = [m for (case, _), ms in bad.items() if case == v.case for m in ms]
        if flagged_here:
            assert v.defensible is False, (v.case, flagged_here)
        blocker_messages = {r.message for r in v.blockers}
        assert set(flagged_here) <= blocker_messages, (v.case, set(flagged_here) - blocker_messages)


def check_pages(store: Store, cases: list[URIRef]) -> None:
    """The case page shows the standing, the gate verdict and the lint findings the commands give."""
    whole = judge(store, AS_OF)
    lint = run_lint(store, AS_OF.isoformat())
    gate = {v.case: v for v in decision_gate(store, AS_OF)}
    for case in cases:
        page = case_page(store, case)
        assert page.judged.as_of == AS_OF
        assert {e: s.reasons for e, s in page.standing.items()} == {e: s.reasons for e, s in whole.not_sound(case).items()}
        assert (page.gate.judged, page.gate.defensible, page.gate.blockers) == (gate[case].judged, gate[case].defensible, gate[case].blockers)
        assert sorted(page.lint) == sorted(f for f in lint if f.case == str(case))


# --- the examples -------------------------------------------------------------------------------------

def test_reports_agree_with_lint_and_validation_on_the_examples(example_store):
    counts = check_reports(example_store, FRAMEWORKS)
    assert counts.get("satisfied") and counts.get("partial") and counts.get("outside-case-scope") and counts.get("not-applicable")
    report(f"verdicts: examples x {len(FRAMEWORKS)} frameworks: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))


def test_the_gate_agrees_with_lint_and_validation_on_the_examples(example_store):
    check_gate(example_store)


def test_the_public_tier_reaches_the_reviewers_judgement(example_store):
    """The public view keeps what the standing rules read about a withheld item (its record kind, freshness
    window, tested model, what a withheld defeater attacks), so both tiers judge alike. The one known
    exception: a scope judgement that reads a withheld item's evaluation run (its run is withheld with it)."""
    def kinds(store):
        judged = judge(store, AS_OF)
        return {(c, str(e), r.kind, r.severity, r.rule) for c, els in judged.elements.items()
                for e, s in els.items() for r in s.own}
    reviewer, public = kinds(example_store), kinds(view_for(example_store, "public"))
    assert public <= reviewer
    missing = reviewer - public
    assert all(rule == "standing/out-of-scope" and "control-eval" in element for _, element, _, _, rule in missing), missing


# --- the planted failures -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def planted_store() -> Store:
    store = Store()
    load(store, [PLANTED], strict=True)
    return store


SB53_ADDRESSED = {"§22757.12(a)(1)–(10)": "laundered acceptability and what the top claim rests on",
                  "§22757.12(d)": "stale evidence", "§22757.12(c)(2)–(4)": "out-of-scope evidence",
                  "§22757.13(c)": "an undeveloped internal-use claim"}


def test_the_planted_cases_report_satisfies_no_clause_resting_on_a_flagged_element(planted_store):
    data = json.loads(render(compliance_report(planted_store, str(PLANTED_CASE), "ca-sb53-2025", tier="reviewer",
                                               as_of=AS_OF), "json"))
    rows = {c["clause"]["id"]: c for c in data["clauses"]}
    assert data["summary"]["satisfied"] == 0
    for clause, planted in SB53_ADDRESSED.items():
        assert rows[clause]["status"] == "partial", (clause, planted, rows[clause]["reason"])
    assert "past its freshness window" in rows["§22757.12(d)"]["reason"]
    assert "not the case's build" in rows["§22757.12(c)(2)–(4)"]["reason"]
    assert "no evidence supports it" in rows["§22757.13(c)"]["reason"]
    assert "owned only by the developer" in rows["§22757.12(a)(1)–(10)"]["reason"]
    falsehood = rows["§22757.12(e)"]
    assert falsehood["status"] == "outside-case-scope" and "a claim proves nothing here" in falsehood["reason"]
    assert rows["Lab. Code §1107–1107.1"]["status"] == "outside-case-scope" and "whistleblower arrangements" in rows["Lab. Code §1107–1107.1"]["reason"]
    # the applicability conditions hold on the stated facts (large frontier developer, 2e26 FLOP)
    assert all(c["holds"] for c in rows["§22757.12(c)(2)–(4)"]["applicability"])
    check_reports(planted_store, ["ca-sb53-2025", "eu-ai-act-2024-1689"])


def test_the_gate_refuses_the_planted_case_and_says_why(tmp_path, capsys):
    store = str(tmp_path / "s")
    assert main(["--store", store, "load", str(PLANTED)]) == 0
    capsys.readouterr()
    assert main(["--store", store, "gate", "--as-of", AS_OF.isoformat()]) == 1
    out = capsys.readouterr().out
    assert "test/planted-internal-agent-v1: NOT defensible" in out
    for why in ("stale since 2026-06-09", "was produced on model test/model/corvid-1", "undeveloped claim"):
        assert why in out, why


def test_lint_names_each_planted_failure(planted_store):
    found = {(f.check, f.severity) for f in run_lint(planted_store, AS_OF.isoformat())}
    assert {("acceptability-laundering", "Warning"), ("static-claims", "Violation"), ("scope-substitution", "Violation"),
            ("paper-safety", "Violation")} <= found


@pytest.fixture
def pages_judge_as_of(monkeypatch):
    """Case pages judge as of today; pin them to the tests' date so their standing can be compared."""
    import safetycase_kg.analysis.standing as standing_module
    real = standing_module.standing
    pinned = lambda store, as_of=None, cases=None, **kw: real(store, AS_OF, cases, **kw)
    monkeypatch.setattr("safetycase_kg.web.casepage.standing", pinned)
    monkeypatch.setattr("safetycase_kg.web.argmap.standing", pinned)


def test_pages_agree_on_the_planted_case(planted_store, pages_judge_as_of):
    check_pages(planted_store, [PLANTED_CASE])
    check_gate(planted_store)


def test_pages_agree_on_the_examples(example_store, pages_judge_as_of):
    check_pages(example_store, [ID["cbrn-rsp-deployment-v1"], ID["misuse-safeguards-api-v1"], ID["fsf-early-warning-v1"]])


# --- a generated corpus -------------------------------------------------------------------------------

def confirm_proposed_mappings(folder: Path, store: Store) -> None:
    """Make the generated authors say what their claims address: each claim addresses the EU AI Act and
    SB 53 clauses whose requirement kinds its facet meets (the proposals, confirmed)."""
    rows = store.query("""SELECT ?facet ?clause WHERE {
        ?clause dcterms:isPartOf ?fw ; sc:satisfiableBy/sc:metByClaimFacet ?facet .
        VALUES ?fw { cat:eu-ai-act-2024-1689 cat:ca-sb53-2025 } }""")
    by_facet: dict[str, list[str]] = {}
    for r in rows:
        by_facet.setdefault(str(r.facet).rsplit("/", 1)[1], []).append("cat:" + str(r.clause).split("/catalog/", 1)[1])
    for path in sorted((folder / "cases").glob("*.yaml")):
        case = yaml.safe_load(path.read_text())
        for claim in case.get("claims", []):
            clauses = sorted(by_facet.get(claim.get("facet", ""), []))[:3]
            if clauses:
                claim["addresses"] = clauses
        path.write_text(yaml.safe_dump(case, sort_keys=False, allow_unicode=True))


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("verdicts-corpus")
    generate_corpus(folder, 30, seed=11)
    store = Store()
    confirm_proposed_mappings(folder, store)
    load(store, [folder])
    return store


def test_reports_agree_with_lint_and_validation_on_a_generated_corpus(corpus_store):
    counts = check_reports(corpus_store, ["eu-ai-act-2024-1689", "ca-sb53-2025"])
    assert counts.get("partial") and counts.get("gap")
    report("verdicts: generated corpus (30 cases) x 2 frameworks: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))


def test_the_gate_agrees_with_lint_and_validation_on_a_generated_corpus(corpus_store):
    check_gate(corpus_store)


# --- one case judged alone ------------------------------------------------------------------------------

def rows_per_case_and_whole(store: Store, run) -> tuple[set, set]:
    """What ``run(store, case)`` finds for each case alone, and what ``run(store, None)`` finds for all."""
    one = {row for case in store.case_graphs() for row in run(store, case)}
    return one, set(run(store, None))


@pytest.mark.parametrize("corpus", ["example_store", "planted_store", "corpus_store"])
def test_every_check_and_rule_finds_for_one_case_what_it_finds_for_it_in_the_store(corpus, request):
    """A page and a report judge one case with the case bound in every check and standing rule (``?_case``);
    bound or not, a query must find the same: a MINUS that shared only the case with the rest would remove
    nothing once the case is a constant, and a subquery that did not project the case would see every case."""
    store = request.getfixturevalue(corpus)
    for check in CHECKS.values():
        def findings(s, case, check=check):
            return {(f.case, f.focus, f.message) for f in run_check(s, check, AS_OF.isoformat(), case)}
        one, whole = rows_per_case_and_whole(store, findings)
        assert one == whole, (check.id, one ^ whole)
    for rule in RULES.values():
        def reasons(s, case, rule=rule):
            return {(str(c), str(e), r.severity, r.message, str(r.source), r.since) for c, e, r in rule_rows(s, rule, case)}
        one, whole = rows_per_case_and_whole(store, reasons)
        assert one == whole, (rule.id, one ^ whole)


def test_a_generated_case_is_judged_on_its_footprint_as_in_the_whole_store(corpus_store):
    from test_derived_incremental import judged_apart_from_their_footprint

    assert judged_apart_from_their_footprint(corpus_store, corpus_store.case_graphs()[:12]) == []
