"""Mutation test: delete or corrupt each required element and each date relation of every example case, and
check that validation or lint catches every mutant, naming the problem.

Each mutant is a copy of one example case under a new name (``id:mut-NNN-<case>/...``: its IRIs, graph and blank
nodes renamed), so all of them load into one store beside the shared registers and are judged in one validation
run and one lint run. The score is printed in pytest's summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node
from summary import report

from safetycase_kg.analysis.lint import run_lint
from safetycase_kg.analysis.standing import judge
from safetycase_kg.core.namespaces import DCTERMS, EXAMPLES_DIR, ID, SC
from safetycase_kg.core.store import Store, from_ox
from safetycase_kg.ingest.load import load, parse_batch
from safetycase_kg.ingest.validate import validate_store

AS_OF = "2026-12-01"
VOCAB = "https://w3id.org/safetycase-kg/vocab/"


@dataclass
class Mutant:
    """One corrupted copy of a case: what was done, and the finding that must name it."""

    kind: str
    case: str                 # the example it was cut from
    graph: Graph
    source: str               # "validate" or "lint"
    check: str | None         # lint check id, or the path (local name) of the shape result; None: any
    words: str                # words the message must contain


# --- helpers over one case graph ------------------------------------------------------------------------

def local(g: Graph, case: URIRef, prop: str) -> list[Node]:
    """Objects of the case's property that the case file itself describes (not register records)."""
    return [o for o in g.objects(case, SC[prop]) if (o, None, None) in g and str(o).startswith(str(case) + "/")]


def decided(g: Graph, case: URIRef) -> date | None:
    record = g.value(case, SC.decisionRecord)
    value = g.value(record, SC.decisionDate) if record is not None else None
    return value.toPython() if value is not None else None


def drop(g: Graph, subject: Node, prop: str) -> bool:
    found = list(g.triples((subject, SC[prop], None)))
    for t in found:
        g.remove(t)
    return bool(found)


def set_date(g: Graph, subject: Node, prop: str, day: date) -> None:
    g.remove((subject, SC[prop], None))
    g.add((subject, SC[prop], Literal(day.isoformat(), datatype=XSD.date)))


def defeaters(g: Graph, case: URIRef, status: str, prop: str | None = None) -> list[Node]:
    return [d for d in g.objects(case, SC.hasDefeater)
            if (d, SC.defeaterStatus, URIRef(f"{VOCAB}defeater-status/{status}")) in g
            and (prop is None or (d, SC[prop], None) in g)]


# --- the mutations ---------------------------------------------------------------------------------------
# Each returns (expected source, check or shape path, words) after corrupting g, or None when it does not apply.

Mutation = Callable[[Graph, URIRef, dict], tuple[str, str | None, str] | None]


def remove_required(prop: str, words: str) -> Mutation:
    def mutate(g, case, ctx):
        return ("validate", prop, words) if drop(g, case, prop) else None
    return mutate


def no_title(g, case, ctx):
    found = list(g.triples((case, DCTERMS.title, None)))
    for t in found:
        g.remove(t)
    return ("validate", "title", "no title") if found else None


def context_without_model(g, case, ctx):
    context = g.value(case, SC.operationalContext)
    return ("validate", "model", "exact model build") if context is not None and drop(g, context, "model") else None


# Evidence types not about a model build (EvidenceTestedModelShape): they need not name one.
NOT_ABOUT_A_MODEL = {URIRef(f"{VOCAB}evidence-type/{t}") for t in (
    "security-control", "infrastructure-security-audit", "external-audit", "governance-review", "incident-drill",
    "incident-history", "formal-argument")}


def evidence_without(prop: str, words: str, about_a_model: bool = False) -> Mutation:
    """Drop ``prop`` from the case's first evidence item that has it (with ``about_a_model``, the first whose type
    is about a model build and that names no build otherwise: in a role, or through the run that generated it)."""
    def mutate(g, case, ctx):
        items = [e for e in local(g, case, "hasEvidence") if (e, SC[prop], None) in g
                 and not (about_a_model and ((e, SC.modelInRole, None) in g or (e, PROV.wasGeneratedBy, None) in g
                                             or set(g.objects(e, SC.evidenceType)) & NOT_ABOUT_A_MODEL))]
        return ("validate", prop, words) if items and drop(g, items[0], prop) else None
    return mutate


def decision_without(prop: str, words: str) -> Mutation:
    def mutate(g, case, ctx):
        record = g.value(case, SC.decisionRecord)
        return ("validate", prop, words) if record is not None and drop(g, record, prop) else None
    return mutate


def top_claim_without_statement(g, case, ctx):
    top = g.value(case, SC.topClaim)
    return ("validate", "statement", "exactly one statement") if top is not None and drop(g, top, "statement") else None


def unsupported_claim(g, case, ctx):
    leaves = [c for c in local(g, case, "hasClaim") if (c, SC.supportedBy, None) in g and c != g.value(case, SC.topClaim)]
    return ("validate", None, "Claim has no support") if leaves and drop(g, leaves[0], "supportedBy") else None


def evidence_after_decision(g, case, ctx):
    day, items = decided(g, case), local(g, case, "hasEvidence")
    if day is None or not items:
        return None
    set_date(g, items[0], "evaluationDate", day + timedelta(days=20))
    return ("lint", "evidence-after-decision", f"is dated {day + timedelta(days=20)}, after the decision")


def case_date_before_decision(prop: str, what: str) -> Mutation:
    def mutate(g, case, ctx):
        day = decided(g, case)
        if day is None:
            return None
        set_date(g, case, prop, day - timedelta(days=1))
        return ("validate", prop, f"The {what} date {day - timedelta(days=1)} is before the decision date")
    return mutate


def evidence_before_build(g, case, ctx):
    for e in local(g, case, "hasEvidence"):
        built = ctx["built"].get(g.value(e, SC.testedModel))
        if built is not None:
            set_date(g, e, "evaluationDate", built - timedelta(days=10))
            return ("validate", "evaluationDate", f"which was built on {built}")
    return None


def assessment_without_metric(g, case, ctx):
    items = [a for a in local(g, case, "capabilityAssessment") if (a, SC.metric, None) in g]
    return ("validate", "metric", "must say what it measured") if items and drop(g, items[0], "metric") else None


def orphaned_assessment(g, case, ctx):
    # (a control-evaluation result a claim rests on is recorded on its evidence, not listed as the case's assessment)
    links = [(c, a) for c in g.subjects(SC.assessment, None) for a in g.objects(c, SC.assessment)
             if (a, RDF.type, SC.CapabilityAssessment) in g]
    if not links:
        return None
    for c, a in links:
        g.remove((c, SC.assessment, a))
    return ("validate", "capabilityAssessment", "no claim of the case rests on it")


def dangling_assessment(g, case, ctx):
    links = [(c, a) for c in g.subjects(SC.assessment, None) for a in g.objects(c, SC.assessment)]
    if not links:
        return None
    _, gone = links[0]
    g.remove((gone, None, None))
    g.remove((case, SC.capabilityAssessment, gone))
    return ("validate", "assessment", "neither a capability assessment nor a control-evaluation result in the store")


def disposition_without_record(status: str, prop: str, words: str) -> Mutation:
    def mutate(g, case, ctx):
        items = defeaters(g, case, status, prop)
        return ("validate", None if prop == "refutedBy" else prop, words) if items and drop(g, items[0], prop) else None
    return mutate


def accepted_without_person(g, case, ctx):
    items = defeaters(g, case, "accepted-residual", "acceptedBy")
    return ("validate", None, "who accepted it") if items and drop(g, items[0], "acceptedBy") else None


def refuted_by_interpretation(g, case, ctx):
    """The refutation replaced by a summary of nothing: an interpretation with no primary record behind it."""
    items, day = defeaters(g, case, "refuted", "refutedBy"), decided(g, case)
    model = g.value(g.value(case, SC.operationalContext), SC.model)
    if not items or day is None or model is None:
        return None
    memo = URIRef(f"{case}/MEMO")
    g.remove((items[0], SC.refutedBy, None))
    g.add((items[0], SC.refutedBy, memo))
    for p, o in [("evidenceType", URIRef(f"{VOCAB}evidence-type/external-audit")),
                 ("recordKind", URIRef(f"{VOCAB}record-kind/interpretation")),
                 ("sourceType", URIRef(f"{VOCAB}source-type/internal-record")),
                 ("replicationStatus", URIRef(f"{VOCAB}replication-status/internal")),
                 ("testedModel", model), ("evaluationDate", Literal((day - timedelta(days=1)).isoformat(), datatype=XSD.date))]:
        g.add((memo, SC[p], o))
    g.add((memo, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), SC.Evidence))
    name = str(items[0]).rsplit("/id/", 1)[1]
    return ("lint", "paper-safety", f"{name} is counted as refuted, but only by a summary or an interpretation")


def unmonitored_deployment(g, case, ctx):
    status = g.value(case, SC.caseStatus)
    decision = g.value(case, SC.decision)
    context = g.value(case, SC.operationalContext)
    if (status is None or not str(status).endswith(("/approved", "/needs-review")) or context is None
            or str(decision).endswith(("/continue-training", "/keep-restricted"))):
        return None
    drop(g, context, "monitoring")
    for indicator in list(g.objects(case, SC.indicator)):
        g.remove((case, SC.indicator, indicator))
        g.remove((indicator, None, None))
    for trigger in list(g.objects(case, SC.reviewTrigger)):  # a trigger watching a removed indicator
        if (trigger, SC.watches, None) in g and not list(g.triples((g.value(trigger, SC.watches), None, None))):
            g.remove((trigger, SC.watches, None))
    return ("lint", "unmonitored-deployment", "describes no monitoring")


MUTATIONS: dict[str, Mutation] = {
    "no-top-claim": remove_required("topClaim", "top-level claim"),
    "no-decision": remove_required("decision", "exactly one decision"),
    "no-status": remove_required("caseStatus", "exactly one status"),
    "no-context": remove_required("operationalContext", "operational context"),
    "no-acceptability": remove_required("acceptabilityCriteria", "acceptability criteria"),
    "no-counterevidence-search": remove_required("counterevidenceSearch", "counterevidence was searched"),
    "no-residual-risk": remove_required("residualRisk", "no residual risk"),
    "no-decision-record": remove_required("decisionRecord", "decision record"),
    "no-review-record": remove_required("reviewRecord", "no review record"),
    "no-review-trigger": remove_required("reviewTrigger", "no review trigger"),
    "no-review-by": remove_required("reviewBy", "review-by date"),
    "no-version": remove_required("caseVersion", "version label"),
    "no-title": no_title,
    "context-without-model": context_without_model,
    "evidence-undated": evidence_without("evaluationDate", "Evidence must be dated"),
    "evidence-without-model": evidence_without("testedModel", "model build it was produced on", about_a_model=True),
    "evidence-without-type": evidence_without("evidenceType", "what type of evidence"),
    "decision-undated": decision_without("decisionDate", "decision date"),
    "decision-without-maker": decision_without("decisionMaker", "who decided"),
    "top-claim-without-statement": top_claim_without_statement,
    "unsupported-claim": unsupported_claim,
    "evidence-after-decision": evidence_after_decision,
    "review-by-before-decision": case_date_before_decision("reviewBy", "review-by"),
    "valid-until-before-decision": case_date_before_decision("validUntil", "valid-until"),
    "evidence-before-build": evidence_before_build,
    "assessment-without-metric": assessment_without_metric,
    "orphaned-assessment": orphaned_assessment,
    "dangling-assessment": dangling_assessment,
    "refuted-without-record": disposition_without_record("refuted", "refutedBy", "refutes it (refutedBy)"),
    "mitigated-without-record": disposition_without_record("mitigated", "mitigatedBy", "(mitigatedBy)"),
    "accepted-without-person": accepted_without_person,
    "refuted-by-interpretation": refuted_by_interpretation,
    "unmonitored-deployment": unmonitored_deployment,
}


# --- building, loading and judging the mutants --------------------------------------------------------

def case_graph(nquads: bytes) -> Graph:
    g = Graph()
    for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


def renamed(g: Graph, case: URIRef, n: int) -> tuple[URIRef, bytes]:
    """The mutant under its own name: IRIs under the case, the graph, and blank nodes, so mutants never meet."""
    new = URIRef(f"{ID}mut-{n:03d}-{str(case)[len(str(ID)):]}")
    text = g.serialize(format="nt")
    text = text.replace(f"<{case}>", f"<{new}>").replace(f"<{case}/", f"<{new}/")
    text = re.sub(r"_:([A-Za-z0-9]+)", rf"_:m{n}x\1", text)
    quads = "".join(line[:-1].rstrip() + f" <{new}> .\n" for line in text.splitlines() if line.strip())
    return new, quads.encode()


@pytest.fixture(scope="module")
def judged_mutants():
    store = Store()
    batch = parse_batch([EXAMPLES_DIR], store)
    registers = [g for g, data in batch.nquads.items() if b"ontology#Register>" in data]
    templates = [g for g, data in batch.nquads.items() if b"ontology#SafetyCaseTemplate>" in data]
    load(store, [EXAMPLES_DIR / "registers"])
    built = {row.build: row.built.toPython() for row in store.query(
        "SELECT ?build ?built WHERE { ?build sc:buildDate ?built }")}
    mutants: dict[URIRef, Mutant] = {}
    graphs: dict[URIRef, bytes] = {}
    n = 0
    for case, data in sorted(batch.nquads.items()):
        if case in registers or case in templates:
            continue  # registers hold shared records, templates the pattern cases instantiate: neither is a case
        for kind, mutate in MUTATIONS.items():
            g = case_graph(data)
            expected = mutate(g, case, {"built": built})
            if expected is None:
                continue
            n += 1
            new, quads = renamed(g, case, n)
            source, check, words = expected
            mutants[new] = Mutant(kind, str(case)[len(str(ID)):], g, source, check,
                                  words.replace(str(case)[len(str(ID)):], str(new)[len(str(ID)):]))
            graphs[new] = quads
    store.replace_nquads(graphs)
    validation = validate_store(store).results
    findings = run_lint(store, AS_OF)
    return mutants, validation, findings, store


def caught(new: URIRef, m: Mutant, validation, findings) -> bool:
    prefix = str(new)
    if m.source == "validate":
        return any((r.graph == new or str(r.focus).startswith(prefix)) and m.words in r.message
                   and (m.check is None or (r.path is not None and re.search(rf"[#/]{m.check}$", str(r.path))))
                   for r in validation)
    return any(f.case == prefix and f.check == m.check and m.words in f.message for f in findings)


def test_every_mutant_of_every_example_is_caught_naming_the_problem(judged_mutants):
    mutants, validation, findings, _ = judged_mutants
    missed = [(m.kind, m.case) for new, m in mutants.items() if not caught(new, m, validation, findings)]
    kinds = {m.kind for m in mutants.values()}
    by_kind = {k: sum(1 for m in mutants.values() if m.kind == k) for k in sorted(kinds)}
    report(f"mutation: {len(mutants) - len(missed)} of {len(mutants)} mutants caught "
           f"({len(kinds)} kinds over {len({m.case for m in mutants.values()})} example cases), by validate or lint")
    assert kinds == set(MUTATIONS), set(MUTATIONS) - kinds  # every kind of mutation found a case to apply to
    assert not missed, missed
    assert min(by_kind.values()) >= 1


def test_the_unmutated_copies_are_not_flagged_so(judged_mutants):
    """A mutant is caught by the finding its mutation causes, not by one the example already had: the
    lint-caught kinds do not fire on the examples as they are (they would on their copies too)."""
    store = Store()
    load(store, [EXAMPLES_DIR])
    findings = run_lint(store, AS_OF)
    mutants, _, _, _ = judged_mutants
    for m in mutants.values():
        if m.source == "lint":
            assert not any(f.check == m.check and m.words in f.message for f in findings if f.case.endswith("/" + m.case)), m.kind


def test_one_case_is_judged_as_the_whole_store_judges_it(judged_mutants):
    """A page or report judges one case with the checks, rules and validation bound to that case (each case
    validated with the records it cites, as a write is); whatever a mutation did, that judgement is the one
    the whole store gives the case: the same reasons on the same elements, the same lint findings."""
    mutants, _, _, store = judged_mutants
    day = date.fromisoformat(AS_OF)
    whole = judge(store, day)

    def reasons(judged, case):
        return {(str(e), r.kind, r.severity, r.rule, r.message, str(r.element))
                for e, s in judged.case(case).items() for r in s.reasons}

    for case in sorted(mutants):
        one = judge(store, day, [case])
        assert reasons(one, case) == reasons(whole, case), mutants[case].kind
        assert sorted(one.findings) == sorted(f for f in whole.findings if f.case == str(case)), mutants[case].kind


def test_a_mutant_is_judged_on_its_footprint_as_in_the_whole_store(judged_mutants):
    """Whatever a mutation did, what the case's judgement reads lies in its footprint (``reach.py``): so a
    write outside it cannot change the judgement, and keeping the judgement until a write reaches the case
    is safe. One mutant of each kind."""
    from test_derived_incremental import judged_apart_from_their_footprint

    mutants, _, _, store = judged_mutants
    first = {}
    for new, m in mutants.items():
        first.setdefault(m.kind, new)
    assert judged_apart_from_their_footprint(store, sorted(first.values()), date.fromisoformat(AS_OF)) == []
