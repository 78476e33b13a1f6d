"""Compliance mapping: for each clause of a framework version, how far a case meets it, and why.

The questions are SPARQL in ``queries/reports/`` (which elements address a clause, which match its
requirement kinds, what evidence they rest on, which numbers the clause states) and
``queries/catalog/clause-applicability.rq`` (whether the clause applies to the case); what stands against
each element is its standing (``standing.py``), the judgement lint, the gate and the pages read too.
This module gathers the rows; ``verdicts.decide`` turns them into one status per clause and case,
following the compliance-status scheme in ``ontology/vocabularies.ttl``.

Reports read the dataset of their disclosure tier (``redact.view_for``): a public report is built
from the public view, so withheld evidence shows only its notice, by construction.
"""

from __future__ import annotations

import pickle
import re
import sys
import threading
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from rdflib import BNode, URIRef
from rdflib.term import Node

from ...analysis.redact import view_for
from ...analysis.standing import (
    APART_TIMEOUT,
    WHOLE_STORE_AT,
    ElementStanding,
    Standing,
    case_standings,
    describe,
    kept_dates,
    standing,
    whole_stores_apart,
)
from ...core.errors import SafetyCaseKGError
from ...core.namespaces import CATALOG, ID, QUERIES_DIR, SC
from ...core.results import compact, gathered, result_rows, result_vars, rows_of, short_name, truth
from ...core.singleflight import SingleFlight
from ...core.sparql import expand_curie, parse_named_query
from ...core.storeapi import GraphStore
from ...core.tiers import PUBLIC
from ..export import ExportError
from ..export import resolve_case as find_case
from .verdicts import STATUSES, ClauseFacts, Condition, Quantity, decide

REPORT_QUERIES = QUERIES_DIR / "reports"
APPLICABILITY = QUERIES_DIR / "catalog" / "clause-applicability.rq"
# Elements that must rest on evidence to count; other elements (an incident process, a decision
# record, acceptability criteria) are themselves the documented thing a clause asks for.
ARGUED = {SC.Claim, SC.Strategy, SC.Assumption}
# Records kept outside the argument (a dated submission, an organisational arrangement): what meets a clause
# outside safety-case scope, when the case names one for it.
RECORDS = {SC.RegulatorySubmission, SC.SubmissionSchedule, SC.OrganisationalRecord}


class ReportError(SafetyCaseKGError):
    """The case or framework asked for is not in the store."""

    http_status = 404


@dataclass(slots=True)
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


@dataclass(slots=True)
class Support:
    """One case element that bears on a clause, explicitly or by a proposed mapping, with its standing."""

    element: Node
    kind: str
    label: str
    basis: str
    kind_iri: Node | None = None
    via: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    standing: ElementStanding | None = None
    judged: Standing | None = None
    statements: dict[Node, str] = field(default_factory=dict)  # defeater -> its statement, to say what it doubts

    @property
    def ref(self) -> str:
        """The element's IRI, or "" for an unnamed (blank) node such as an incident response process."""
        return "" if isinstance(self.element, BNode) else str(self.element)

    @property
    def argued(self) -> bool:
        """Claims, strategies and assumptions must rest on evidence; records and processes are themselves the thing."""
        return self.kind_iri in ARGUED

    @property
    def record(self) -> bool:
        """A submission or organisational record: the kind of thing that meets a clause no case element can meet."""
        return self.kind_iri in RECORDS

    @property
    def blocking(self) -> list:
        return self.standing.blocking if self.standing else []

    @property
    def open(self) -> list:
        return self.standing.open if self.standing else []

    def problems(self) -> list[str]:
        """What stands against the element, in words: Violation-level findings first, then open counterevidence."""
        return [self._text(r).rstrip(".") for r in self.blocking] + [
            self._text(r).rstrip(".") for r in self.open if r not in self.blocking]

    def _text(self, reason) -> str:
        text = describe(reason, self.judged) if self.judged else reason.message
        statement = self.statements.get(reason.source)
        return f"{text}: {statement}" if statement else text

    @property
    def counterevidence(self) -> list[dict[str, str]]:
        """Everything standing against the element, as the report lists it."""
        reasons = self.blocking + [r for r in self.open if r not in self.blocking]
        return [{"reason": self._text(r), "source": short(r.source) if r.source is not None else "",
                 "kind": r.kind, "severity": r.severity} for r in reasons]

    def as_dict(self) -> dict:
        return {"element": short(self.element), "kind": self.kind, "label": self.label, "basis": self.basis,
                "via": self.via, "standing": self.standing.kind if self.standing else "sound",
                "evidence": [e.as_dict() for e in self.evidence], "counterevidence": self.counterevidence}


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
    case_scope: str = ""          # the case-scope concept's IRI, when no case element can meet the clause
    case_scope_note: str = ""
    met_by: list[str] = field(default_factory=list)  # labels of the records that meet it instead
    conditional: bool = False     # it has applicability conditions
    duty: bool = False            # it states a duty with a clock (a deadline, an interval, a retention period)

    def as_dict(self) -> dict:
        return {"iri": str(self.iri), "id": self.id, "identifier": self.identifier, "chapter": self.chapter,
                "title": self.title, "paraphrase": self.paraphrase,
                "issued": self.issued, "appliesFrom": self.applies_from, "legalStatus": self.legal_status,
                "verification": self.verification, "verificationNote": self.verification_note,
                "source": self.source, "requirements": self.requirements,
                "caseScope": self.case_scope.rsplit("/", 1)[-1] if self.case_scope else "",
                "caseScopeNote": self.case_scope_note, "metBy": self.met_by}


@dataclass(slots=True)
class Verdict:
    clause: Clause
    status: str
    reason: str
    explicit: list[Support]
    proposed: list[Support]
    facts: ClauseFacts = field(default_factory=ClauseFacts)

    def as_dict(self) -> dict:
        return {"clause": self.clause.as_dict(), "status": self.status, "reason": self.reason,
                "applicability": [c.as_dict() for c in self.facts.conditions],
                "quantities": [q.as_dict() for q in self.facts.quantities],
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
    as_of: str = ""  # the date the standing of the elements was judged on
    offset: int = 0  # set by ``page``: the first of the matrix's cases that this report shows (from 0)
    limit: int | None = None  # set by ``page``: the most cases a page shows
    total_cases: int | None = None  # set by ``page``: how many cases the whole matrix has

    def page(self, offset: int, limit: int | None = None) -> Report:
        """The same matrix limited to ``limit`` cases from ``offset``. At 10,000 cases the whole matrix is
        400,000 cells, which no browser draws in useful time; a page costs what it shows. The verdicts are
        shared with the whole report, not copied, and every count on the page is the page's own."""
        if limit is None:  # the rest of the cases from ``offset``
            limit = max(1, len(self.cases))
        if offset < 0 or limit < 1:
            raise ValueError(f"a page starts at case 0 or later and holds at least one case (offset {offset}, limit {limit})")
        if self.paged:
            raise ValueError("page the whole matrix, not a page of it")
        return replace(self, cases=self.cases[offset:offset + limit], offset=offset, limit=limit,
                       total_cases=len(self.cases))

    @property
    def paged(self) -> bool:
        return self.total_cases is not None

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
        out = {"report": self.kind, "generated": self.generated, "asOf": self.as_of, "tier": self.tier,
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
            if self.paged:
                out["page"] = {"offset": self.offset, "limit": self.limit, "totalCases": self.total_cases}
        return out


# --- building reports -----------------------------------------------------------------------------

def compliance_report(store: GraphStore, case: str, framework: str, *, tier: str = PUBLIC,
                      as_of: date | None = None) -> Report:
    """One case against one framework version: a verdict per clause, with its support and reasons,
    judged as of ``as_of`` (default today)."""
    view = view_for(store, tier)
    case_iri = resolve_case(view, case)
    return _build(view, "compliance", resolve_framework(view, framework), case_iri, tier, as_of)


def matrix_report(store: GraphStore, framework: str, *, tier: str = PUBLIC, as_of: date | None = None,
                  workers: int | None = 1) -> Report:
    """Every case against one framework version: the clauses-by-cases matrix and the gap list. The whole
    store is judged at once, validated in ``workers`` processes (1 by default: the server must not fork;
    None for one per core, as the command line does)."""
    view = view_for(store, tier)
    return _matrix(view, resolve_framework(view, framework), tier, as_of or date.today(), workers)


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


def _rows(store: GraphStore, name: str | Path, **params: Node | None) -> list[Any]:
    """The rows of a report query (by name, or another named query's file); what each column holds is the
    query's to say, so they are read untyped. Rows read ahead in another process for this thread
    (``_build_apart``) are taken from there."""
    bound = {k: str(v) for k, v in params.items() if v is not None}
    ahead = getattr(_read_ahead, "rows", None)
    if ahead is not None:
        found = ahead.pop(_read_key(name, bound), None)
        if found is not None:
            return found
    return list(result_rows(_answer(store, name, bound)))


def _answer(store: GraphStore, name: str | Path, bound: Mapping[str, str]) -> Any:
    query = parse_named_query(name if isinstance(name, Path) else REPORT_QUERIES / f"{name}.rq")
    return store.query(query.bind(bound))


# --- a whole-store build's reads, made in another process ------------------------------------------

READ_CHUNK = 20_000  # rows per piece sent back from the reading process
_read_ahead = threading.local()
ReadKey = tuple[str, tuple[tuple[str, str], ...]]


def _read_key(name: str | Path, bound: Mapping[str, str]) -> ReadKey:
    return str(name), tuple(sorted(bound.items()))


def _whole_store_reads(store: GraphStore, framework: URIRef) -> list[tuple[str | Path, dict[str, str]]]:
    """What ``_build`` of every case reads through ``_rows``, with the parameters it binds. The reads of
    ``_common`` are left out when it is kept for the store's latest write. A test records ``_build``'s
    reads and holds them to this list."""
    f = {"framework": str(framework)}
    reads: list[tuple[str | Path, dict[str, str]]] = [
        ("compliance-framework", f), ("compliance-clauses", f), ("compliance-status", {}), ("compliance-cases", f),
        ("compliance-support", f), (APPLICABILITY, f), ("compliance-quantities", f)]
    if _kept_labeller(store) is None:
        reads += [("labels", {}), ("compliance-evidence", {}), ("compliance-counterevidence", {})]
    return reads


def _build_apart(store: GraphStore, framework: URIRef, tier: str, as_of: date, workers: int | None) -> Report:
    """``_build`` of every case, its store reads made in a forked process and sent back.

    A fork of a query worker waits until no thread of the server is inside Oxigraph (``core.locks``), and
    requests wait behind a waiting fork; at 10,000 cases one of a matrix's queries holds the store for many
    seconds. So the queries run in a child (as the whole-store judgement does, ``standing.judge_apart``),
    their rows come back in pieces of ``READ_CHUNK``, and this thread assembles the verdicts from them with
    the judgement it keeps: nothing of the build is inside Oxigraph in the server's process."""
    from ...core.worker import run_in_worker

    reads = _whole_store_reads(store, framework)
    # The child reads the store as the fork left it, and says which write that was (a write bumps the
    # generation with its data in place, and no fork happens half-way through one).
    generation, pieces = run_in_worker(lambda: (store.generation, _read_pieces(store, reads)), APART_TIMEOUT)
    _read_ahead.rows, _read_ahead.generation = _from_read_pieces(pieces), generation
    try:
        return _build(store, "matrix", framework, None, tier, as_of, workers)
    finally:
        _read_ahead.rows = _read_ahead.generation = None


def _read_pieces(store: GraphStore, reads: list[tuple[str | Path, dict[str, str]]]) -> list[bytes]:
    """In the reading process: for each query its key, column names and row count, then its rows in runs."""
    out = []
    for name, bound in reads:
        result = _answer(store, name, bound)
        rows = [tuple(row) for row in result_rows(result)]
        head = (_read_key(name, bound), [str(v) for v in result_vars(result)], len(rows))
        out.append(pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL))
        out += [pickle.dumps(rows[at:at + READ_CHUNK], protocol=pickle.HIGHEST_PROTOCOL)
                for at in range(0, len(rows), READ_CHUNK)]
    return out


def _from_read_pieces(pieces: list[bytes]) -> dict[ReadKey, list[Any]]:
    """The rows of each query, one term object per distinct value as a read in this process makes them,
    each piece read on its own so request threads run between them."""
    terms: dict[Node, Node] = {}
    out: dict[ReadKey, list[Any]] = {}
    pieces.reverse()  # popped from the end, so each is let go once read
    while pieces:
        key, variables, count = pickle.loads(pieces.pop())
        values: list[Any] = []
        while len(values) < count:
            values += [tuple(None if v is None else terms.setdefault(v, v) for v in row) for row in pickle.loads(pieces.pop())]
            time.sleep(0)
        out[key] = list(rows_of(variables, values))
    return out


# A matrix column: the case, its verdict per clause, and the judgement of the case it was built from (the
# column is kept while ``case_standings`` still holds that same judgement, that is until a write reaches the case).
Column = tuple[Standing, CaseInfo, dict[URIRef, Verdict]]
_columns_lock = threading.Lock()
_columns: weakref.WeakKeyDictionary[GraphStore, dict[tuple[URIRef, date, URIRef], Column]] = weakref.WeakKeyDictionary()
_all_columns: SingleFlight[dict[URIRef, Column]] = SingleFlight()


def _matrix(store: GraphStore, framework: URIRef, tier: str, as_of: date, workers: int | None) -> Report:
    """The matrix from one column per case, each built when its case was last reached by a write: after a
    write to one case, the matrix costs that case's compliance report and the assembly. Callers that need
    every column built at the same time share one build (``_all_columns``)."""
    if not hasattr(store, "changes_since"):  # a remote store: no journal to keep columns by
        return _build(store, "matrix", framework, None, tier, as_of, workers)
    generation = store.generation
    judged = case_standings(store, as_of, workers=workers)
    columns = _kept_columns(store, framework, as_of, judged)
    missing = [case for case in judged if case not in columns]
    if len(missing) > WHOLE_STORE_AT:
        columns.update(_all_columns.do((store, framework, tier, as_of, generation),
                                       lambda: _build_columns(store, framework, tier, as_of, judged, workers)))
    elif missing:
        fresh = {case: col for c in missing
                 for case, col in _split(_build(store, "compliance", framework, c, tier, as_of), judged).items()}
        columns.update(fresh)
        _keep_columns(store, framework, as_of, fresh)
    label = _kept_labeller(store) or _labeller(store)
    info, clauses, legend = _header(store, framework, label)
    order = sorted(columns, key=str)
    verdicts = {(clause.iri, case): columns[case][2][clause.iri] for case in order for clause in clauses}
    return Report("matrix", info, [columns[case][1] for case in order], clauses, verdicts, tier,
                  datetime.now(UTC).replace(microsecond=0).isoformat(), legend, as_of.isoformat())


def _kept_columns(store: GraphStore, framework: URIRef, as_of: date, judged: Mapping[URIRef, Standing]
                  ) -> dict[URIRef, Column]:
    """The kept columns still built from the judgement each case has now."""
    with _columns_lock:
        kept = _columns.setdefault(store, {})
        found = {case: kept.get((framework, as_of, case)) for case in judged}
    return {case: col for case, col in found.items() if col is not None and col[0] is judged[case]}


def _keep_columns(store: GraphStore, framework: URIRef, as_of: date, columns: Mapping[URIRef, Column]) -> None:
    with _columns_lock:
        kept, dates = _columns.setdefault(store, {}), kept_dates(as_of)
        for key in [key for key in kept if key[1] not in dates]:
            del kept[key]
        kept.update({(framework, as_of, case): col for case, col in columns.items()})


def _build_columns(store: GraphStore, framework: URIRef, tier: str, as_of: date, judged: Mapping[URIRef, Standing],
                   workers: int | None) -> dict[URIRef, Column]:
    """Every column from one matrix build, unless another caller kept them all meanwhile."""
    columns = _kept_columns(store, framework, as_of, judged)
    if len(columns) < len(judged):
        report = (_build_apart(store, framework, tier, as_of, workers) if whole_stores_apart()
                  else _build(store, "matrix", framework, None, tier, as_of, workers))
        columns = _split(report, judged)
        _keep_columns(store, framework, as_of, columns)
    return columns


def _split(report: Report, judged: Mapping[URIRef, Standing]) -> dict[URIRef, Column]:
    return {c.iri: (judged[c.iri], c, {clause.iri: report.verdicts[(clause.iri, c.iri)] for clause in report.clauses})
            for c in report.cases if c.iri in judged}


def _labeller(store: GraphStore) -> Callable[[Node | None], str]:
    """Each node's label, or its CURIE; one text per node, shared by every row that names it (a matrix at
    10,000 cases names the same few kinds and disclosures millions of times)."""
    labels = {row.node: str(row.label) for row in _rows(store, "labels")}

    def label(node: Node | None) -> str:
        if node is None:
            return ""
        text = labels.get(node)
        if not text:
            text = labels[node] = compact(node)
        return text
    return label


def _header(store: GraphStore, framework: URIRef, label: Callable[[Node | None], str]
            ) -> tuple[Framework, list[Clause], list[dict[str, str]]]:
    """The framework version, its clauses in their natural order, and the legend of statuses."""
    info = _framework(store, framework, label)
    clauses = sorted((_clause(row, label) for row in _rows(store, "compliance-clauses", framework=framework)),
                     key=lambda c: _natural(c.id))
    legend = [{"status": str(r.notation), "label": str(r.label), "definition": str(r.definition)}
              for r in _rows(store, "compliance-status")]
    legend.sort(key=lambda d: STATUSES.index(d["status"]) if d["status"] in STATUSES else 99)
    return info, clauses, legend


def _build(store: GraphStore, kind: str, framework: URIRef, case: URIRef | None, tier: str,
           as_of: date | None, workers: int | None = 1) -> Report:
    label, evidence, statements = _common(store, case)
    info, clauses, legend = _header(store, framework, label)
    cases = _cases(store, framework, case, label)
    judged = standing(store, as_of, [case] if case is not None else None, workers=workers)
    supports: dict[tuple[URIRef, URIRef], dict[tuple[str, Node], Support]] = defaultdict(dict)
    vias: dict[tuple[Node, Node], str] = {}  # "requirement (mapping)": a few texts for many rows, each made once
    for row in _rows(store, "compliance-support", framework=framework, case=case):
        key = (row.basis.toPython(), row.element)
        support = supports[(row.clause, row.case)].get(key)
        if support is None:
            support = Support(row.element, label(row.kind), str(row.label or ""), sys.intern(str(row.basis)), row.kind,
                              evidence=evidence.get((row.case, row.element), []),
                              standing=judged.of(row.case, row.element), judged=judged, statements=statements)
            supports[(row.clause, row.case)][key] = support
        if row.requirement is not None:
            key = (row.requirement, row.via)
            if key not in vias:
                vias[key] = f"{label(row.requirement)} ({label(row.via)})"
            support.via.append(vias[key])
    # the applicability conditions and stated numbers of every case in one query each, not one per case
    conditions = _by_case(_rows(store, APPLICABILITY, framework=framework, case=case))
    quantities = _by_case(_rows(store, "compliance-quantities", framework=framework, case=case))
    verdicts = {}
    reasons: dict[str, str] = {}
    for c in cases:
        facts = _facts(c, info, judged, label, conditions.get(c.iri, []), quantities.get(c.iri, []))
        for clause in clauses:
            found = list(supports.get((clause.iri, c.iri), {}).values())
            explicit = [s for s in found if s.basis == "explicit"]
            proposed = [s for s in found if s.basis == "proposed"]
            clause_facts = facts.get(clause.iri) or facts[None]
            status, reason = decide(clause, explicit, proposed, clause_facts, _names)
            reason = reasons.setdefault(reason, reason)  # many cases share a clause's reason word for word
            verdicts[(clause.iri, c.iri)] = Verdict(clause, status, reason, explicit, proposed, clause_facts)
    generated = datetime.now(UTC).replace(microsecond=0).isoformat()
    return Report(kind, info, cases, clauses, verdicts, tier, generated, legend, judged.as_of.isoformat())


# What a report reads whatever the framework (labels, the evidence behind each element, the statements of
# open defeaters): for every case, kept for the store's latest write, so the matrices of several frameworks
# (the warm-up's, an analyst's next one) read it once.
Common = tuple[Callable[[Node | None], str], dict[tuple[URIRef, Node], list[Evidence]], dict[Node, str]]
_common_lock = threading.Lock()
_commons: weakref.WeakKeyDictionary[GraphStore, tuple[int, Common]] = weakref.WeakKeyDictionary()


def _common(store: GraphStore, case: URIRef | None) -> Common:
    if case is not None or not hasattr(store, "changes_since"):  # one case, or a store without a journal
        label = _labeller(store)
        return label, _evidence(store, case, label), _statements(store, case)
    generation = getattr(_read_ahead, "generation", None)  # rows read ahead are of the write they were read at
    if generation is None:
        generation = store.generation
    with _common_lock:
        kept = _commons.get(store)
    if kept is not None and kept[0] == generation:
        return kept[1]
    label = _labeller(store)
    common = (label, _evidence(store, None, label), _statements(store, None))
    with _common_lock:
        if store.generation == generation:  # no write came while it was read
            _commons[store] = (generation, common)
    return common


def _kept_labeller(store: GraphStore) -> Callable[[Node | None], str] | None:
    """The labeller of the common reads kept for the store's latest write, if they are: reading every label
    again is a whole-store query."""
    with _common_lock:
        kept = _commons.get(store)
    return kept[1][0] if kept is not None and kept[0] == store.generation else None


def _by_case(rows: Iterable[Any]) -> dict[URIRef, list[Any]]:
    out: dict[URIRef, list[Any]] = defaultdict(list)
    for r in rows:
        out[r.case].append(r)
    return out


def _facts(case: CaseInfo, info: Framework, judged: Standing, label, condition_rows: list[Any],
           quantity_rows: list[Any]) -> dict[URIRef | None, ClauseFacts]:
    """Per clause (None: the clauses with nothing of their own), what decides it for ``case`` besides
    the elements offered: applicability (``condition_rows``: the case's rows of clause-applicability.rq),
    stated numbers (``quantity_rows``: of compliance-quantities.rq), the case's own Violation-level
    findings, dates."""
    base: dict[str, Any] = dict(case_findings=judged.blocking(case.iri), decided_on=case.decided_on,
                applies_from=info.applies_from, applies_from_verification=info.applies_from_verification)
    conditions: dict[URIRef, list[Condition]] = defaultdict(list)
    for r in condition_rows:
        conditions[cast(URIRef, r.clause)].append(_condition(label(r.condition), None if r.holds is None else truth(r.holds)))
    quantities: dict[URIRef, list[Quantity]] = defaultdict(list)
    for r in quantity_rows:
        quantities[r.clause].append(Quantity(
            _s(r.label), label(r.kind), label(r.comparator), _number(r.stated),
            label(r.unit) if r.unit else ("days" if r.inDays is not None and truth(r.inDays) else ""),
            _number(r.caseValue) if r.caseValue is not None else None, None if r.met is None else truth(r.met)))
    facts: dict[URIRef | None, ClauseFacts] = {None: ClauseFacts(**base)}
    for clause in set(conditions) | set(quantities):
        facts[clause] = ClauseFacts(conditions=conditions.get(clause, []), quantities=quantities.get(clause, []), **base)
    return facts


def _names(supports: list[Support]) -> str:
    return ", ".join(_name(s) for s in supports)


def _number(node: Node | None) -> str:
    """A number as a reader writes it: 1e+26 for compute, 201 for days."""
    value: Any = node.toPython() if node is not None and hasattr(node, "toPython") else node
    if isinstance(value, float) and (value >= 1e7 or value != int(value)):
        return f"{value:g}"
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return str(value)


def _name(support: Support) -> str:
    return f"{short_name(support.element)} ({support.kind})" if support.ref else f"the {support.kind}"


def _framework(store: GraphStore, framework: URIRef, label) -> Framework:
    rows = _rows(store, "compliance-framework", framework=framework)
    r = rows[0]
    return Framework(framework, _s(r.id) or compact(framework), _s(r.title), _s(r.version), _s(r.issued),
                     _s(r.appliesFrom), _s(r.publisher), label(r.legalStatus), label(r.verification),
                     gathered(r.verificationNote), gathered(r.source), compact(r.replaces) if r.replaces else "",
                     label(r.appliesFromVerification), _s(r.contentAvailabilityLabel), gathered(r.contentAvailabilityNote))


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
    for info in cases.values():  # the query orders by case only: the same names in the same order every time
        info.decided_by.sort()
    return list(cases.values())


def _clause(r, label) -> Clause:
    requirements = [label(URIRef(x)) for x in str(r.requirements or "").split()]
    return Clause(r.clause, _s(r.notation) or _s(r.id) or compact(r.clause), _s(r.id), _s(r.chapter), _s(r.title), _s(r.paraphrase), _s(r.issued),
                  _s(r.appliesFrom), label(r.legalStatus), label(r.verification), gathered(r.verificationNote),
                  gathered(r.source), sorted(requirements), _s(r.caseScope), gathered(r.caseScopeNote),
                  sorted(label(URIRef(x)) for x in str(r.metBy or "").split()),
                  bool(r.conditional is not None and r.conditional.toPython()),
                  bool(r.statesDuty is not None and r.statesDuty.toPython()))


@lru_cache(maxsize=4096)
def _condition(text: str, holds: bool | None) -> Condition:
    """One object per condition and outcome: a matrix holds one per clause and case, from a few distinct ones."""
    return Condition(text, holds)


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


def _statements(store: GraphStore, case: URIRef | None) -> dict[Node, str]:
    """Each open defeater's statement, so a report says what the doubt is, not only where it comes from."""
    return {r.defeater: _s(r.statement) for r in _rows(store, "compliance-counterevidence", case=case)
            if r.statement is not None}


def _s(node: Node | None) -> str:
    return "" if node is None else str(node)


def short(node: Node) -> str:
    """An IRI as a CURIE; an unnamed (blank) node as nothing, since its label means nothing to a reader."""
    return "" if isinstance(node, BNode) else compact(node)


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]
