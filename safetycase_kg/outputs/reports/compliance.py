"""Compliance mapping: for each clause of a framework version, how far a case meets it, and why.

The questions are SPARQL in ``queries/reports/`` (which elements address a clause, which match its
requirement kinds, what evidence they rest on, what counterevidence is open); claim doubt comes from
``status.doubt_by_case``. This module only combines the rows into one verdict per clause and case,
following the definitions of the compliance-status scheme in ``ontology/vocabularies.ttl``.

Reports read the dataset of their disclosure tier (``redact.view_for``): a public report is built
from the public view, so withheld evidence shows only its notice, by construction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import BNode, URIRef
from rdflib.term import Node

from ...analysis.redact import view_for
from ...analysis.status import doubt_by_case
from ...core.errors import SafetyCaseKGError
from ...core.namespaces import CATALOG, ID, QUERIES_DIR, SC
from ...core.results import compact
from ...core.sparql import expand_curie, parse_named_query
from ...core.storeapi import GraphStore
from ...core.tiers import PUBLIC
from ..export import ExportError
from ..export import resolve_case as find_case

REPORT_QUERIES = QUERIES_DIR / "reports"
STATUSES = ("satisfied", "partial", "gap", "not-applicable")
# Elements that must rest on evidence to count; other elements (an incident process, a decision
# record, acceptability criteria) are themselves the documented thing a clause asks for.
ARGUED = {SC.Claim, SC.Strategy, SC.Assumption}


class ReportError(SafetyCaseKGError):
    """The case or framework asked for is not in the store."""

    http_status = 404


@dataclass
class Evidence:
    iri: Node
    type: str
    text: str
    date: str
    disclosure: str
    notice: dict[str, str] | None

    def as_dict(self) -> dict:
        return {"iri": short(self.iri), "type": self.type, "text": self.text, "date": self.date,
                "disclosure": self.disclosure, "redaction": self.notice}


@dataclass
class Support:
    """One case element that bears on a clause, explicitly or by a proposed mapping."""

    element: Node
    kind: str
    label: str
    basis: str
    kind_iri: Node | None = None

    @property
    def ref(self) -> str:
        """The element's IRI, or "" for an unnamed (blank) node such as an incident response process."""
        return "" if isinstance(self.element, BNode) else str(self.element)
    via: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    counterevidence: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"element": short(self.element), "kind": self.kind, "label": self.label, "basis": self.basis,
                "via": self.via, "evidence": [e.as_dict() for e in self.evidence],
                "counterevidence": self.counterevidence}


@dataclass
class Clause:
    """A clause as reports show it: ``id`` is its notation (unique within the version; clauses numbered
    alike in different chapters differ by it), ``identifier`` the number as the source writes it."""

    iri: URIRef
    id: str
    identifier: str
    chapter: str
    title: str
    paraphrase: str
    issued: str
    applies_from: str
    legal_status: str
    verification: str
    verification_note: str
    source: str
    requirements: list[str]

    def as_dict(self) -> dict:
        return {"iri": str(self.iri), "id": self.id, "identifier": self.identifier, "chapter": self.chapter,
                "title": self.title, "paraphrase": self.paraphrase,
                "issued": self.issued, "appliesFrom": self.applies_from, "legalStatus": self.legal_status,
                "verification": self.verification, "verificationNote": self.verification_note,
                "source": self.source, "requirements": self.requirements}


@dataclass
class Verdict:
    clause: Clause
    status: str
    reason: str
    explicit: list[Support]
    proposed: list[Support]

    def as_dict(self) -> dict:
        return {"clause": self.clause.as_dict(), "status": self.status, "reason": self.reason,
                "explicit": [s.as_dict() for s in self.explicit], "proposed": [s.as_dict() for s in self.proposed]}


@dataclass
class CaseInfo:
    iri: URIRef
    name: str
    title: str
    version: str
    status: str
    decision: str
    model: str
    created: str
    review_by: str
    outcome: str
    decided_on: str
    decided_by: list[str]
    relies_on_framework: bool

    def as_dict(self) -> dict:
        return {"iri": str(self.iri), "name": self.name, "title": self.title, "version": self.version,
                "status": self.status, "decision": self.decision, "model": self.model, "created": self.created,
                "reviewBy": self.review_by, "outcome": self.outcome, "decidedOn": self.decided_on,
                "decidedBy": self.decided_by, "reliesOnFramework": self.relies_on_framework}


@dataclass
class Framework:
    iri: URIRef
    id: str
    title: str
    version: str
    issued: str
    applies_from: str
    publisher: str
    legal_status: str
    verification: str
    verification_note: str
    source: str
    replaces: str
    applies_from_verification: str = ""
    content_availability: str = ""
    content_availability_note: str = ""

    def as_dict(self) -> dict:
        return {"iri": str(self.iri), "id": self.id, "title": self.title, "version": self.version,
                "issued": self.issued, "appliesFrom": self.applies_from,
                "appliesFromVerification": self.applies_from_verification, "publisher": self.publisher,
                "legalStatus": self.legal_status, "verification": self.verification,
                "verificationNote": self.verification_note, "source": self.source, "replaces": self.replaces,
                "contentAvailability": self.content_availability,
                "contentAvailabilityNote": self.content_availability_note}


@dataclass
class Report:
    """What every report states: framework version and dates, the cases, the tier and when it was made."""

    kind: str
    framework: Framework
    cases: list[CaseInfo]
    clauses: list[Clause]
    verdicts: dict[tuple[URIRef, URIRef], Verdict]
    tier: str
    generated: str
    legend: list[dict[str, str]]

    def verdict(self, clause: Clause, case: CaseInfo) -> Verdict:
        return self.verdicts[(clause.iri, case.iri)]

    def gaps(self) -> list[tuple[Clause, CaseInfo, Verdict]]:
        return [(cl, c, self.verdict(cl, c)) for cl in self.clauses for c in self.cases
                if self.verdict(cl, c).status == "gap"]

    def counts(self, case: CaseInfo) -> dict[str, int]:
        tally = dict.fromkeys(STATUSES, 0)
        for clause in self.clauses:
            tally[self.verdict(clause, case).status] += 1
        return tally

    def as_dict(self) -> dict:
        out = {"report": self.kind, "generated": self.generated, "tier": self.tier,
               "framework": self.framework.as_dict(), "legend": self.legend,
               "cases": [c.as_dict() for c in self.cases]}
        if self.kind == "compliance":
            case = self.cases[0]
            out["case"] = case.as_dict()
            out["summary"] = self.counts(case)
            out["clauses"] = [self.verdict(cl, case).as_dict() for cl in self.clauses]
        else:
            out["clauses"] = [cl.as_dict() for cl in self.clauses]
            out["matrix"] = [{"clause": cl.id, "clauseIri": str(cl.iri),
                              "statuses": {c.name: self.verdict(cl, c).status for c in self.cases}}
                             for cl in self.clauses]
            out["gaps"] = [{"clause": cl.id, "clauseIri": str(cl.iri), "case": c.name, "reason": v.reason}
                           for cl, c, v in self.gaps()]
        return out


# --- building reports -----------------------------------------------------------------------------

def compliance_report(store: GraphStore, case: str, framework: str, *, tier: str = PUBLIC) -> Report:
    """One case against one framework version: a verdict per clause, with its support and reasons."""
    view = view_for(store, tier)
    case_iri = resolve_case(view, case)
    return _build(view, "compliance", resolve_framework(view, framework), case_iri, tier)


def matrix_report(store: GraphStore, framework: str, *, tier: str = PUBLIC) -> Report:
    """Every case against one framework version: the clauses-by-cases matrix and the gap list."""
    view = view_for(store, tier)
    return _build(view, "matrix", resolve_framework(view, framework), None, tier)


def resolve_framework(store: GraphStore, text: str) -> URIRef:
    """A framework version from its catalog identifier (eu-ai-act-2024-1689), a CURIE or a full IRI."""
    candidates = [expand_curie(text)] if ":" in text else [str(CATALOG[text]), str(ID[text]), str(ID[f"framework/{text}"])]
    for iri in candidates:
        if store.query(f"ASK {{ <{iri}> a sc:Framework }}").askAnswer:
            return URIRef(iri)
    raise ReportError(f"no framework version {text!r} in the store; `safetycase-kg frameworks` lists them")


def resolve_case(store: GraphStore, text: str) -> URIRef:
    try:
        return find_case(store, text)
    except ExportError as err:
        raise ReportError(str(err)) from None


def _rows(store: GraphStore, name: str, **params: Node | None):
    query = parse_named_query(REPORT_QUERIES / f"{name}.rq")
    return list(store.query(query.bind({k: v for k, v in params.items() if v is not None})))


def _build(store: GraphStore, kind: str, framework: URIRef, case: URIRef | None, tier: str) -> Report:
    labels = {row.node: str(row.label) for row in _rows(store, "labels")}
    label = lambda node: labels.get(node) or compact(node) if node is not None else ""
    info = _framework(store, framework, label)
    cases = _cases(store, framework, case, label)
    clauses = sorted((_clause(row, label) for row in _rows(store, "compliance-clauses", framework=framework)),
                     key=lambda c: _natural(c.id))
    evidence = _evidence(store, case, label)
    counter = _counterevidence(store, case)
    doubt = doubt_by_case(store)
    supports: dict[tuple[URIRef, URIRef], dict[tuple[str, Node], Support]] = defaultdict(dict)
    for row in _rows(store, "compliance-support", framework=framework, case=case):
        key = (row.basis.toPython(), row.element)
        support = supports[(row.clause, row.case)].get(key)
        if support is None:
            support = Support(row.element, label(row.kind), str(row.label or ""), str(row.basis), row.kind)
            support.evidence = evidence.get((row.case, row.element), [])
            support.counterevidence = counter.get((row.case, row.element), []) + [
                {"reason": reason, "source": short(source)}
                for reason, source in doubt.get(row.case, {}).get(row.element, [])]
            supports[(row.clause, row.case)][key] = support
        if row.requirement is not None:
            support.via.append(f"{label(row.requirement)} ({label(row.via)})")
    verdicts = {}
    for clause in clauses:
        for c in cases:
            found = list(supports.get((clause.iri, c.iri), {}).values())
            verdicts[(clause.iri, c.iri)] = decide(clause, [s for s in found if s.basis == "explicit"],
                                                   [s for s in found if s.basis == "proposed"], label)
    legend = [{"status": str(r.notation), "label": str(r.label), "definition": str(r.definition)}
              for r in _rows(store, "compliance-status")]
    legend.sort(key=lambda d: STATUSES.index(d["status"]) if d["status"] in STATUSES else 99)
    generated = datetime.now(UTC).replace(microsecond=0).isoformat()
    return Report(kind, info, cases, clauses, verdicts, tier, generated, legend)


def decide(clause: Clause, explicit: list[Support], proposed: list[Support], label) -> Verdict:
    """The status of one clause for one case, with the reason in words (see the compliance-status scheme)."""
    if explicit:
        backed = [s for s in explicit if s.evidence or not _argued(s)]
        clean = [s for s in backed if not s.counterevidence]
        names = ", ".join(_name(s) for s in explicit)
        if clean:
            n = sum(len(s.evidence) for s in clean)
            rests = f" resting on {n} evidence item{'s' if n != 1 else ''}" if n else ""
            status, reason = "satisfied", f"Addressed by {', '.join(_name(s) for s in clean)}{rests}; no open counterevidence against it."
        elif backed:
            doubts = "; ".join(f"{c['reason']} ({c['source']})" for s in backed for c in s.counterevidence)
            status, reason = "partial", f"Addressed by {names}, but in doubt: {doubts}."
        else:
            status, reason = "partial", f"Addressed by {names}, but no evidence supports it."
    elif proposed:
        kinds = sorted({v.split(" (")[0] for s in proposed for v in s.via})
        status, reason = "partial", (f"Not addressed explicitly; {len(proposed)} element{'s match' if len(proposed) != 1 else ' matches'} "
                                     f"its requirement kinds ({', '.join(kinds)}): a proposed mapping the authors should confirm or reject.")
    elif clause.requirements:
        status, reason = "gap", (f"Nothing in the case addresses it or matches its requirement kinds "
                                 f"({', '.join(clause.requirements)}).")
    else:
        status, reason = "not-applicable", ("The clause states no requirement a safety-case element can meet "
                                            "(a definition, a procedure or a date), and the case does not address it.")
    return Verdict(clause, status, reason, explicit, proposed)


def _argued(support: Support) -> bool:
    return support.kind_iri in ARGUED


def _name(support: Support) -> str:
    return f"{short(support.element)} ({support.kind})" if support.ref else f"the {support.kind}"


def _framework(store: GraphStore, framework: URIRef, label) -> Framework:
    rows = _rows(store, "compliance-framework", framework=framework)
    r = rows[0]
    return Framework(framework, _s(r.id) or compact(framework), _s(r.title), _s(r.version), _s(r.issued),
                     _s(r.appliesFrom), _s(r.publisher), label(r.legalStatus), label(r.verification),
                     _s(r.verificationNote), _s(r.source), compact(r.replaces) if r.replaces else "",
                     label(r.appliesFromVerification), _s(r.contentAvailabilityLabel), _s(r.contentAvailabilityNote))


def _cases(store: GraphStore, framework: URIRef, case: URIRef | None, label) -> list[CaseInfo]:
    cases: dict[URIRef, CaseInfo] = {}
    for r in _rows(store, "compliance-cases", framework=framework, case=case):
        info = cases.get(r.case)
        if info is None:
            info = cases[r.case] = CaseInfo(
                r.case, str(r.case).removeprefix(str(ID)), _s(r.title), _s(r.version), label(r.status),
                label(r.decision), compact(r.model) if r.model else "", _s(r.created), _s(r.reviewBy),
                label(r.outcome), _s(r.decidedOn), [], r.reliesOnFramework.toPython())
        if r.decidedBy is not None and label(r.decidedBy) not in info.decided_by:
            info.decided_by.append(label(r.decidedBy))
    return list(cases.values())


def _clause(r, label) -> Clause:
    requirements = [label(URIRef(x)) for x in str(r.requirements or "").split()]
    return Clause(r.clause, _s(r.notation) or _s(r.id) or compact(r.clause), _s(r.id), _s(r.chapter), _s(r.title), _s(r.paraphrase), _s(r.issued),
                  _s(r.appliesFrom), label(r.legalStatus), label(r.verification), _s(r.verificationNote),
                  _s(r.source), sorted(requirements))


def _evidence(store: GraphStore, case: URIRef | None, label) -> dict[tuple[URIRef, Node], list[Evidence]]:
    out: dict[tuple[URIRef, Node], list[Evidence]] = defaultdict(list)
    for r in _rows(store, "compliance-evidence", case=case):
        notice = None
        if r.reason is not None or r.character is not None:
            notice = {"reason": label(r.reason), "character": _s(r.character), "custodian": label(r.custodian)}
        text = _s(r.summary) or _s(r.title)
        out[(r.case, r.element)].append(Evidence(r.evidence, label(r.evidenceType), text, _s(r.evaluationDate),
                                                 label(r.disclosure), notice))
    return out


def _counterevidence(store: GraphStore, case: URIRef | None) -> dict[tuple[URIRef, Node], list[dict[str, str]]]:
    out: dict[tuple[URIRef, Node], list[dict[str, str]]] = defaultdict(list)
    for r in _rows(store, "compliance-counterevidence", case=case):
        out[(r.case, r.target)].append({"reason": "open defeater: " + _s(r.statement), "source": short(r.defeater)})
    return out


def _s(node: Node | None) -> str:
    return "" if node is None else str(node)


def short(node: Node) -> str:
    """An IRI as a CURIE; an unnamed (blank) node as nothing, since its label means nothing to a reader."""
    return "" if isinstance(node, BNode) else compact(node)


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]
