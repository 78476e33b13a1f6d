"""Regulatory process records: overdue submissions computed from due dates and recurring schedules (against a Python
oracle over generated schedules), submissions and organisational records proposed for the clauses they can meet, and the
EU business-user count as an applicability fact the catalog's conditions can test."""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta

import pytest

from safetycase_kg.core.namespaces import ID, QUERIES_DIR
from safetycase_kg.core.queries import run_named
from safetycase_kg.core.sparql import load_library, parse_named_query
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load
from safetycase_kg.outputs.reports.compliance import compliance_report

OVERDUE = load_library()["overdue-submissions"]
AS_OF = date(2026, 11, 29)
INTERVALS = {"P1M": (0, 1, 0), "P3M": (0, 3, 0), "P6M": (0, 6, 0), "P12M": (1, 0, 0), "P1Y": (1, 0, 0),
             "P18M": (1, 6, 0), "P30D": (0, 0, 30), "P90D": (0, 0, 90), "P1Y15D": (1, 0, 15)}
XSD = "http://www.w3.org/2001/XMLSchema#"


def plus(day: date, years: int, months: int, days: int) -> date:
    """A date plus years and months (a day past the month's end becomes its last day), then days."""
    y, m = divmod(day.year * 12 + day.month - 1 + 12 * years + months, 12)
    return date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1])) + timedelta(days=days)


def some_day(rng: random.Random) -> date:
    return date(2025, 1, 1) + timedelta(days=rng.randrange(0, 730))


def generated_duties(count: int = 60, seed: int = 7):
    """Cases with one recurring schedule (last ones sent on random days, some after the date judged on) or one
    submission with a due date (sent on time, late, after the date judged on, or not at all)."""
    rng = random.Random(seed)
    for n in range(count):
        if n % 2:
            interval = rng.choice(sorted(INTERVALS))
            sent = sorted(some_day(rng) for _ in range(rng.randrange(0, 4)))
            first = some_day(rng) if rng.random() < 0.7 else None
            yield n, ("schedule", interval, sent, first)
        else:
            due = some_day(rng)
            sent = rng.choice([None, due - timedelta(days=3), due + timedelta(days=rng.randrange(1, 90))])
            yield n, ("submission", due, sent)


def turtle(n: int, duty) -> str:
    node = lambda local="": f"<https://w3id.org/safetycase-kg/id/duty-{n}{local}>"
    day = lambda d: f'"{d.isoformat()}"^^<{XSD}date>'
    lines = [f"{node()} a sc:SafetyCase ."]
    if duty[0] == "schedule":
        _, interval, sent, first = duty
        lines.append(f"{node()} sc:submissionSchedule {node('/schedule')} .")
        lines.append(f'{node("/schedule")} a sc:SubmissionSchedule ; sc:recurrenceInterval "{interval}"^^<{XSD}duration>'
                     + (f" ; sc:firstDue {day(first)}" if first else "") + " .")
        for i, d in enumerate(sent):
            lines.append(f"{node(f'/s{i}')} a sc:RegulatorySubmission ; sc:underSchedule {node('/schedule')} ; sc:sentOn {day(d)} .")
    else:
        _, due, sent = duty
        lines.append(f"{node()} sc:submission {node('/submission')} .")
        lines.append(f"{node('/submission')} a sc:RegulatorySubmission ; sc:dueDate {day(due)}"
                     + (f" ; sc:sentOn {day(sent)}" if sent else "") + " .")
    return "\n".join(lines) + "\n"


def expected(duty, as_of: date):
    """The oracle: (due, sent, days overdue, status) or None when nothing is overdue."""
    if duty[0] == "schedule":
        _, interval, sent, first = duty
        sent = [d for d in sent if d <= as_of]
        due = plus(max(sent), *INTERVALS[interval]) if sent else first
        return (due, None, (as_of - due).days, "not sent") if due is not None and due < as_of else None
    _, due, sent = duty
    if sent is not None and sent > as_of:
        sent = None
    if due >= as_of or (sent is not None and sent <= due):
        return None
    return (due, sent, ((sent or as_of) - due).days, "sent late" if sent else "not sent")


@pytest.mark.parametrize("as_of", [AS_OF, date(2026, 3, 1)])
def test_overdue_submissions_match_the_oracle(tmp_path, as_of):
    duties = list(generated_duties())
    path = tmp_path / "duties.ttl"
    path.write_text("@prefix sc: <https://w3id.org/safetycase-kg/ontology#> .\n" + "".join(turtle(*d) for d in duties))
    store = Store()
    load(store, [path])
    rows = run_named(store, OVERDUE, {"asOf": as_of.isoformat()})
    got = {str(r.case).rsplit("-", 1)[1]: (r.due.toPython(), r.sent.toPython() if r.sent is not None else None,
                                             r.daysOverdue.toPython(), str(r.status)) for r in rows}
    want = {str(n): expected(d, as_of) for n, d in duties if expected(d, as_of) is not None}
    assert got == want
    assert {s for *_, s in want.values()} == {"not sent", "sent late"}


def verdicts(store: Store, case: str, framework: str):
    report = compliance_report(store, case, framework, tier="reviewer")
    return {v.clause.id: v for v in report.verdicts.values()}


def elements(supports) -> set[str]:
    return {str(s.element).rsplit("/id/", 1)[-1] for s in supports}


def test_submissions_and_records_meet_the_clauses_they_address(example_store):
    eu = verdicts(example_store, "atlas-5-eu-model-report-v1", "eu-ai-act-2024-1689")
    assert eu["Art 52(1)"].status == "satisfied" and elements(eu["Art 52(1)"].explicit) == {"atlas-5-eu-model-report-v1/N1"}
    assert eu["Art 54"].status == "satisfied" and elements(eu["Art 54"].explicit) == {"record/aurora-representative-mandate"}
    cop = verdicts(example_store, "atlas-5-eu-model-report-v1", "gpai-cop-2025-07")
    assert cop["SS M7.7"].status == "satisfied" and "atlas-5-eu-model-report-v1/N3" in elements(cop["SS M7.7"].explicit)
    assert cop["SS M8.1"].status == "satisfied"


def test_submissions_and_records_are_proposed_for_clauses_their_kind_can_meet(example_store):
    cop = verdicts(example_store, "atlas-5-eu-model-report-v1", "gpai-cop-2025-07")
    # the Model Report is model documentation (Measure 7.1), through its submission kind
    model_description = [s for s in cop["SS M7.1"].proposed if str(s.element).endswith("/N3")]
    assert model_description and any("Model Report" in v for v in model_description[0].via)
    # the risk-culture survey is a governance record (Measure 8.2 asks for resources, a governance-roles requirement)
    assert "record/aurora-risk-culture-survey-2026" in elements(cop["SS M8.2"].proposed)
    # an internal-use risk summary counts as a notification to an authority, the record Measure 7.7 is met by
    sb53 = verdicts(example_store, "atlas-5-sb53-transparency-v1", "gpai-cop-2025-07")
    proposed = [s for s in sb53["SS M7.7"].proposed if str(s.element).endswith("/SCH1")]
    assert sb53["SS M7.7"].status == "partial" and proposed
    assert any(v.startswith("notification to an authority") for v in proposed[0].via)


CONDITION = """@prefix sc: <https://w3id.org/safetycase-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/safetycase-kg/id/test/framework/reach> a sc:Framework .
<https://w3id.org/safetycase-kg/id/test/framework/reach/clause> a sc:Clause ;
    dcterms:isPartOf <https://w3id.org/safetycase-kg/id/test/framework/reach> ;
    sc:appliesWhen <https://w3id.org/safetycase-kg/id/test/condition/reach> .
<https://w3id.org/safetycase-kg/id/test/condition/reach> a sc:ApplicabilityCondition ;
    sc:testsFact sc:euBusinessUsers ;
    sc:comparator <https://w3id.org/safetycase-kg/vocab/comparator/at-least> ;
    sc:numericValue 10000.0 ;
    sc:unit <https://w3id.org/safetycase-kg/vocab/unit/count> .
"""


@pytest.mark.parametrize("users, holds", [(18400, True), (10000, True), (9000, False), (None, None)])
def test_the_eu_business_user_count_is_a_fact_conditions_can_test(tmp_path, users, holds):
    case = ("<https://w3id.org/safetycase-kg/id/reach-case> a sc:SafetyCase ; sc:operationalContext <https://w3id.org/safetycase-kg/id/reach-case/context> .\n"
            "<https://w3id.org/safetycase-kg/id/reach-case/context> a sc:OperationalContext ; sc:model <https://w3id.org/safetycase-kg/id/reach-model> .\n"
            "<https://w3id.org/safetycase-kg/id/reach-model> a sc:ModelBuild"
            + (f' ; sc:euBusinessUsers "{users}"^^<{XSD}integer>' if users is not None else "") + " .\n")
    path = tmp_path / "reach.ttl"
    path.write_text(CONDITION + case)
    store = Store()
    load(store, [path])
    query = parse_named_query(QUERIES_DIR / "catalog" / "clause-applicability.rq")
    [row] = store.query(query.bind({"case": ID["reach-case"], "framework": ID["test/framework/reach"]}))
    assert (None if row.holds is None else row.holds.toPython()) == holds


def test_the_example_model_states_the_facts_the_eu_and_sb53_conditions_test(example_store):
    query = parse_named_query(QUERIES_DIR / "catalog" / "clause-applicability.rq")
    for framework, clause in (("eu-ai-act-2024-1689", "art-55-1-a"), ("eu-ai-act-2024-1689", "art-54"),
                              ("ca-sb53-2025", "bp-22757-12-c-2-4")):
        rows = [r for r in example_store.query(query.bind({"case": ID["atlas-5-eu-model-report-v1"],
                                                              "framework": f"https://w3id.org/safetycase-kg/catalog/{framework}"}))
                if str(r.clause).endswith("/" + clause)]
        assert rows and all(r.holds is not None and r.holds.toPython() for r in rows), (framework, clause)
