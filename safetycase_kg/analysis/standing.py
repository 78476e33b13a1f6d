"""The standing of every element of every case: the one judgement that lint, gate, reports, pages and impact read.

An element is *sound*, or it has reasons that say otherwise, each of a kind: *defeated*, *in doubt*, *stale*
(as of a date), *out of scope*, resting only on *interpretation* or only on *withheld* evidence. The reasons
come from three kinds of rule, all data:

* the standing rules, ``queries/standing/*.rq``: one SELECT each returning ``?case ?element ?source
  ?message`` (optionally ``?severity`` and ``?since``), with the named-query header plus ``# standing:``
  (the kind), ``# why:`` and optionally ``# severity:`` (default Violation) and ``# check:`` (the lint
  check it is reported under). Each takes the parameter ``case`` (the rule uses ``?_case``), so it can be
  evaluated for one case; a time-dependent rule returns the first day it holds as ``?since`` instead of
  taking a date, so its rows can be stored and compared with any date later;
* the failure-mode checks in ``lint/``: their Violations, and every finding of a check that declares a
  ``# standing:`` kind;
* the SHACL shapes: every Violation of a case's graph.

Reasons are then carried up the argument (``queries/status/argument-edges.rq``: supportedBy, assessment,
basedOn, interprets, and the case above its top claim) here and nowhere else. A Violation-level reason
anywhere under an element blocks it: no compliance clause is satisfied by it, and no positive decision
resting on it is defensible.
"""

from __future__ import annotations

import pickle
import threading
import time
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import cast

from rdflib import BNode, Literal, URIRef
from rdflib.query import ResultRow
from rdflib.term import Node

from ..core.namespaces import QUERIES_DIR
from ..core.results import result_rows, short_name
from ..core.singleflight import SingleFlight
from ..core.sparql import NamedQuery, QueryError, header_fields, parse_named_query
from ..core.storeapi import GraphStore
from .reach import Reach

STANDING_DIR = QUERIES_DIR / "standing"
STATUS_DIR = QUERIES_DIR / "status"
SOUND = "sound"
# The kinds of standing, worst first: an element's standing is the worst kind among its reasons.
KINDS = ("defeated", "in-doubt", "stale", "out-of-scope", "interpretation-only", "withheld-only")
SEVERITIES = ("Violation", "Warning", "Info")
# How a reason reads on the elements that rest on the element it was found on: whatever rests on a
# defeated element is in doubt; doubt, staleness and scope carry up unchanged. Interpretation-only and
# withheld-only are judged over a claim's whole support by their rules already, so they do not travel.
CARRIED = {"defeated": "in-doubt", "in-doubt": "in-doubt", "stale": "stale", "out-of-scope": "out-of-scope"}
# Reasons that count as open counterevidence: the element is not settled whatever their severity.
OPEN = frozenset({"defeated", "in-doubt"})


@dataclass(frozen=True)
class Rule:
    """One standing rule: its header and the named query that finds the elements it judges."""

    id: str
    title: str
    kind: str
    severity: str
    why: str
    check: str | None
    query: NamedQuery

    @property
    def ref(self) -> str:
        return f"standing/{self.id}"


def load_rule(path: Path) -> Rule:
    query = parse_named_query(path)
    fields = header_fields(query.text)
    kind, severity = fields.get("standing", ""), fields.get("severity", "Violation")
    if kind not in KINDS:
        raise QueryError(f"{path}: '# standing:' must be one of {', '.join(KINDS)}, not {kind!r}")
    if severity not in SEVERITIES:
        raise QueryError(f"{path}: '# severity:' must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    if not fields.get("why"):
        raise QueryError(f"{path}: a standing rule needs a '# why:' line")
    if "case" not in {p.name for p in query.parameters}:
        raise QueryError(f"{path}: a standing rule takes the parameter 'case' (use ?_case for the case)")
    return Rule(path.stem, query.title, kind, severity, fields["why"], fields.get("check") or None, query)


def load_rules(folder: Path = STANDING_DIR) -> dict[str, Rule]:
    """Every standing rule in ``folder``, by id (the file stem)."""
    return {r.id: r for r in map(load_rule, sorted(folder.glob("*.rq")))}


RULES: dict[str, Rule] = load_rules()


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an element is not sound. ``element`` is where the rule found it: the element itself, or one it
    rests on (then the reason was carried up, and ``kind`` is what it means for the element above)."""

    kind: str
    severity: str
    rule: str
    message: str
    element: Node = field(compare=False)
    source: Node | None = field(default=None, compare=False)
    since: date | None = field(default=None, compare=False)

    def key(self) -> tuple:
        return (SEVERITIES.index(self.severity), KINDS.index(self.kind), self.message, str(self.element))

    def as_dict(self) -> dict:
        return {"kind": self.kind, "severity": self.severity, "rule": self.rule, "message": self.message,
                "element": short_name(self.element), "source": short_name(self.source),
                "since": self.since.isoformat() if self.since else None}


@dataclass(slots=True)
class ElementStanding:
    """What is known against one element of one case, its own reasons and those carried up to it."""

    case: URIRef
    element: Node
    reasons: list[Reason] = field(default_factory=list)

    @property
    def own(self) -> list[Reason]:
        return [r for r in self.reasons if r.element == self.element]

    @property
    def kind(self) -> str:
        """The worst kind among the reasons, or "sound"."""
        return min((r.kind for r in self.reasons), key=KINDS.index, default=SOUND)

    @property
    def blocking(self) -> list[Reason]:
        """The Violation-level reasons: an element with any cannot satisfy a clause or carry a decision."""
        return [r for r in self.reasons if r.severity == "Violation"]

    @property
    def open(self) -> list[Reason]:
        """Reasons that are open counterevidence (defeated or in doubt) of this case, however severe; notes
        (Info) such as a defeater raised in another case against a shared record are not."""
        return [r for r in self.reasons if r.kind in OPEN and r.severity != "Info"]

    @property
    def settled(self) -> bool:
        """Nothing blocks it and no counterevidence stands open against it."""
        return not self.blocking and not self.open

    def as_dict(self) -> dict:
        return {"element": short_name(self.element), "standing": self.kind,
                "reasons": [r.as_dict() for r in self.reasons]}


@dataclass
class Standing:
    """The standing of every judged element, case by case, as of one date."""

    as_of: date
    elements: dict[URIRef, dict[Node, ElementStanding]]
    findings: list = field(default_factory=list)  # the lint view: lint.Finding for every check
    labels: dict[Node, str] = field(default_factory=dict)  # names of blank nodes (validation paths)

    def of(self, case: URIRef, element: Node) -> ElementStanding:
        return self.elements.get(case, {}).get(element) or ElementStanding(case, element)

    def case(self, case: URIRef) -> dict[Node, ElementStanding]:
        return self.elements.get(case, {})

    def not_sound(self, case: URIRef) -> dict[Node, ElementStanding]:
        """The case's elements whose standing is not sound, with their reasons."""
        return {e: s for e, s in self.case(case).items() if s.kind != SOUND}

    def blocking(self, case: URIRef) -> list[Reason]:
        """Every Violation-level reason found on any element of the case, once each."""
        seen: dict[tuple, Reason] = {}
        for standing in self.case(case).values():
            for r in standing.own:
                if r.severity == "Violation":
                    seen.setdefault((r.rule, r.message, str(r.element)), r)
        return sorted(seen.values(), key=Reason.key)

    def caveats(self, case: URIRef, severity: str = "Warning") -> list[Reason]:
        """Every reason of ``severity`` (Warning: caveats; Info: notes) found on an element of the case, once each."""
        seen: dict[tuple, Reason] = {}
        for standing in self.case(case).values():
            for r in standing.own:
                if r.severity == severity:
                    seen.setdefault((r.rule, r.message, str(r.element)), r)
        return sorted(seen.values(), key=Reason.key)

    def name(self, node: Node) -> str:
        """How outputs name a node: its short name, or for a blank node the path to it."""
        return self.labels.get(node) or short_name(node) or "an unnamed element"


def describe(reason: Reason, judged: Standing) -> str:
    """A reason in words: its message, the source when the message does not name it, and where it was
    found when that is not where it is shown (``[on ...]``)."""
    text = reason.message
    source = short_name(reason.source)
    if source and source not in text:
        text += f" ({source})"
    where = judged.labels.get(reason.element) or short_name(reason.element)
    if where and where not in text:
        text += f" [on {where}]"
    return text


# --- evaluating the rules ---------------------------------------------------------------------------

def rule_rows(store: GraphStore, rule: Rule, case: URIRef | None = None) -> list[tuple[URIRef, Node, Reason]]:
    """The rows of one standing rule as (case, element, reason), for one case or all."""
    given = {"case": str(case)} if case is not None else {}
    out: list[tuple[URIRef, Node, Reason]] = []
    for row in result_rows(store.query(rule.query.bind(given))):
        if row["case"] is None or row["element"] is None:
            continue
        out.append((cast(URIRef, row["case"]), row["element"], Reason(
            rule.kind, _severity(row, rule), rule.ref, str(row["message"] or rule.title), row["element"],
            row["source"], _since(row))))
    return out


def rules_rows(store: GraphStore, rules: Iterable[Rule], cases: Sequence[URIRef] | None = None
               ) -> list[tuple[URIRef, Node, Reason]]:
    """The rows of the rules for each of ``cases`` alone, or for the whole store."""
    return [row for rule in rules for case in (cases or (None,)) for row in rule_rows(store, rule, case)]


def _severity(row: ResultRow, rule: Rule) -> str:
    value = _get(row, "severity")
    return str(value) if value is not None and str(value) in SEVERITIES else rule.severity


def _since(row: ResultRow) -> date | None:
    value = _get(row, "since")
    if isinstance(value, Literal):
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
    return None


def _get(row, name: str) -> Node | None:
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def judge(store: GraphStore, as_of: date | None = None, cases: Iterable[URIRef] | None = None, *,
          validation: bool = True, workers: int | None = 1) -> Standing:
    """The standing of every element of the store's cases (or only ``cases``) as of ``as_of`` (today).
    ``workers`` is the number of validation processes (1 by default: the server must not fork here)."""
    from . import lint  # lint reads the standing rules too; imported here so each module loads alone

    as_of = as_of or date.today()
    wanted = list(cases) if cases is not None else None
    found = rules_rows(store, RULES.values(), wanted)
    findings = lint.run_lint(store, as_of.isoformat(), rows=found, cases=wanted)
    found += lint.findings_as_reasons(findings)
    labels: dict[Node, str] = {}
    if validation:
        found += _validation_reasons(store, wanted, labels, workers)
    keep = set(wanted) if wanted is not None else None
    found = [(c, e, r) for c, e, r in found
             if (keep is None or c in keep) and (r.since is None or r.since <= as_of)]
    if keep is not None:
        findings = [f for f in findings if URIRef(f.case) in keep]
    elements = _carry_up(found, _edges(store, wanted))
    return Standing(as_of, elements, findings, labels)


def _validation_reasons(store: GraphStore, cases: list[URIRef] | None, labels: dict[Node, str],
                        workers: int | None) -> list[tuple[URIRef, Node, Reason]]:
    """Every SHACL Violation of the cases' graphs, on its focus node (withheld items excepted: the
    public view keeps only their notice, which the shapes would read as missing parts)."""
    from ..ingest.validate import validate_graphs, validate_store
    from .redact import withheld_items

    graphs = cases if cases is not None else store.case_graphs()
    if not graphs:
        return []
    withheld = withheld_items(store) if getattr(store, "is_public_view", False) else set()
    # A few cases are validated as a write validates them, each with the records it cites; the whole
    # store in one run (the same units, see ingest/validate.py).
    report = validate_graphs(store, graphs) if cases is not None else validate_store(store, graphs, workers=workers)
    out = []
    for r in report.results:
        if r.severity != "Violation" or r.graph is None or r.focus in withheld:
            continue
        if isinstance(r.focus, BNode) and r.focus_label:
            labels[r.focus] = r.focus_label.removeprefix("id:")
        shape = short_name(r.shape) or "shape"
        out.append((r.graph, r.focus, Reason("in-doubt", "Violation", f"shapes/{shape.split(':')[-1]}",
                                             r.message, r.focus, None, None)))
    return out


def _edges(store: GraphStore, cases: list[URIRef] | None) -> dict[URIRef, dict[Node, set[Node]]]:
    """Case -> parent -> the children it rests on."""
    query = parse_named_query(STATUS_DIR / "argument-edges.rq")
    edges: dict[URIRef, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for case in cases if cases else [None]:
        for row in result_rows(store.query(query.bind({"case": str(case)} if case is not None else {}))):
            edges[cast(URIRef, row["case"])][row["parent"]].add(row["child"])
    return edges


def _carry_up(found: list[tuple[URIRef, Node, Reason]], edges: Mapping[URIRef, Mapping[Node, set[Node]]]
              ) -> dict[URIRef, dict[Node, ElementStanding]]:
    """Each element's own reasons plus those of everything it rests on, read as ``CARRIED`` says."""
    own: dict[URIRef, dict[Node, list[Reason]]] = defaultdict(lambda: defaultdict(list))
    # Reasons equal but for where they were found or their source count once, the first one kept: sorted, so
    # the one kept (shown as "[on ...]") is the same whichever order the rules' rows came in.
    for case, element, reason in sorted(found, key=_row_order):
        if reason not in own[case][element]:
            own[case][element].append(reason)
    out: dict[URIRef, dict[Node, ElementStanding]] = {}
    for case in set(own) | set(edges):
        reasons = _carry_up_case(own[case], edges.get(case, {}))
        standings = {n: ElementStanding(case, n, sorted(found, key=Reason.key)) for n, found in reasons.items()}
        out[case] = {n: s for n, s in standings.items() if s.reasons}
    return out


def _carry_up_case(own: Mapping[Node, list[Reason]], children: Mapping[Node, set[Node]]) -> dict[Node, list[Reason]]:
    """One case's elements with their own reasons and those carried up from what they rest on."""
    memo: dict[Node, list[Reason]] = {}
    read_above: dict[int, Reason] = {}  # each reason as the elements above read it, made once and shared

    def carried(r: Reason) -> Reason:
        kind = CARRIED[r.kind]
        if kind == r.kind:
            return r
        if id(r) not in read_above:
            read_above[id(r)] = replace(r, kind=kind)
        return read_above[id(r)]

    def collect(node: Node, path: frozenset) -> list[Reason]:
        if node in memo:
            return memo[node]
        reasons = list(own.get(node, []))
        seen = set(reasons)  # what equals one of them (a list's membership test made this quadratic)
        for child in sorted(children.get(node, ()), key=str):
            if child in path:
                continue  # a circular argument (a shape reports it); do not loop
            for r in collect(child, path | {child}):
                if r.kind in CARRIED:
                    above = carried(r) if r.element != node else r
                    if above not in seen:
                        seen.add(above)
                        reasons.append(above)
        memo[node] = reasons
        return reasons

    return {n: collect(n, frozenset({n})) for n in sorted(set(own) | set(children), key=str)}


def _row_order(row: tuple[URIRef, Node, Reason]) -> tuple:
    case, element, r = row
    return (str(case), str(element), r.key(), r.rule, str(r.source), str(r.since))


# --- one judgement per case, kept until a write reaches the case --------------------------------------

WHOLE_STORE_AT = 40  # more cases than this to judge: one whole-store run (validation in ``workers``) is cheaper


@dataclass
class _Kept:
    """The judgement of each case of one store, per date, and what each was computed from (``reach``)."""

    reach: Reach
    cases: dict[tuple[date, URIRef], Standing] = field(default_factory=dict)


_lock = threading.Lock()
_kept: weakref.WeakKeyDictionary[GraphStore, _Kept] = weakref.WeakKeyDictionary()
_whole_store: SingleFlight[_Parts] = SingleFlight()


def standing(store: GraphStore, as_of: date | None = None, cases: Iterable[URIRef] | None = None, *,
             workers: int | None = 1) -> Standing:
    """The judgement of ``cases`` (default: every case) as of ``as_of`` (today), every output reading the
    same one. Each case's judgement is kept and judged again only when a write reaches it (``reach.py``):
    after a write to one case, a matrix over every case judges that case (and those that read it) alone."""
    as_of = as_of or date.today()
    if not hasattr(store, "changes_since"):  # a remote store keeps no journal of its writes
        return judge(store, as_of, cases, workers=workers)
    return _together(as_of, list(case_standings(store, as_of, cases, workers=workers).values()))


def case_standings(store: GraphStore, as_of: date, cases: Iterable[URIRef] | None = None, *,
                   workers: int | None = 1, apart: bool | None = None) -> dict[URIRef, Standing]:
    """Each case's own judgement, kept per store: the same object until a write reaches the case, so what
    is built from it (a report's column) can be kept as long as it is. Callers that need the whole store
    judged at the same time share one judgement (``_whole_store``); with ``apart`` (default: what
    ``judge_whole_stores_apart`` set for this process) a whole-store judgement this call starts is made in
    a forked process (``judge_apart``)."""
    apart = _apart_by_default if apart is None else apart
    wanted = list(dict.fromkeys(cases)) if cases is not None else store.case_graphs()
    found, generation = _kept_for(store, as_of, wanted)
    missing = [case for case, s in found.items() if s is None]
    fresh: Mapping[URIRef, Standing]
    if len(missing) > WHOLE_STORE_AT:
        fresh = _whole_store.do((store, as_of, generation),
                                lambda: _judge_whole(store, as_of, generation, workers, apart))
    elif missing:
        fresh = _judge(store, as_of, missing, generation, workers)
    else:
        return cast(dict[URIRef, Standing], found)
    found.update({case: fresh[case] for case in missing})
    return cast(dict[URIRef, Standing], found)


def _kept_for(store: GraphStore, as_of: date, wanted: list[URIRef]) -> tuple[dict[URIRef, Standing | None], int]:
    """The store's kept judgements, with those a write has reached since dropped: what is kept of ``wanted``."""
    with _lock:
        kept = _kept.get(store)
        if kept is None:
            kept = _kept[store] = _Kept(Reach(store.generation))
        reached = kept.reach.reached(store)
        if reached is None:
            kept.cases.clear()
        elif reached:
            kept.cases = {key: s for key, s in kept.cases.items() if key[1] not in reached}
        return {case: kept.cases.get((as_of, case)) for case in wanted}, store.generation


def _judge_whole(store: GraphStore, as_of: date, generation: int, workers: int | None, apart: bool = False) -> _Parts:
    """Every case of the store judged in one run; what another caller kept meanwhile is read, not judged again."""
    cases = store.case_graphs()
    found, now = _kept_for(store, as_of, cases)
    if now == generation and all(s is not None for s in found.values()):
        return _Parts(as_of, cast(dict[URIRef, Standing], found))
    return _judge(store, as_of, None, generation, workers, apart)


def _judge(store: GraphStore, as_of: date, cases: list[URIRef] | None, generation: int,
           workers: int | None, apart: bool = False) -> _Parts:
    """Judge ``cases`` (None: the whole store), split per case, and keep each when no write came meanwhile.
    A case asked for that the store does not hold gets an empty judgement (not kept)."""
    judged = judge_apart(store, as_of, workers) if apart and cases is None else judge(store, as_of, cases, workers=workers)
    fresh = _Parts(as_of, {}, judged, _findings_by_case(judged))
    for case in store.case_graphs() if cases is None else cases:
        fresh[case] = fresh[case]
    with _lock:
        kept = _kept.get(store)
        if kept is not None and store.generation == generation == kept.reach.generation:
            kept.reach.remember(store, fresh)
            kept.cases = {key: s for key, s in kept.cases.items() if key[0] in kept_dates(as_of)}
            kept.cases.update({(as_of, case): s for case, s in fresh.items()})
    return fresh


# --- the whole store judged in a forked process -------------------------------------------------------

APART_CHUNK = 200  # cases per piece of a judgement sent back from its process
# A child forked while RocksDB's own threads hold a lock can hang (``core.worker``); one that has not answered
# in an hour is killed and the judgement fails (the warm-up tries again). At 10,000 cases on disk it takes 400 s.
APART_TIMEOUT = 3600.0
_apart_by_default = False


def judge_whole_stores_apart(apart: bool = True) -> None:
    """Make every whole-store judgement of this process in a forked process unless its caller says otherwise.
    The server sets it at start: a matrix asked for after a write that reached many cases judges the whole
    store on the request's thread, and its queries would hold every fork (and request) behind them."""
    global _apart_by_default
    _apart_by_default = apart


def whole_stores_apart() -> bool:
    """Whether this process makes its whole-store work in forked processes (``judge_whole_stores_apart``):
    what else reads the whole store for a server (a matrix's columns) follows the same setting."""
    return _apart_by_default


def judge_apart(store: GraphStore, as_of: date, workers: int | None = 1) -> Standing:
    """``judge`` of the whole store, made in a forked worker process (``core.worker``) and sent back.

    A fork of a query worker waits until no thread of the server is inside Oxigraph (``core.locks``), and
    requests wait behind a waiting fork. At 10,000 cases one whole-store query of the judgement holds the
    store for seconds to a minute, so a server judging in one of its own threads stopped answering (its
    ``/healthz`` took 49 s during the warm-up). In its own process the judgement holds nothing of the
    server's, and it runs on the other core. It comes back in pieces of ``APART_CHUNK`` cases, each read
    on its own, so reading it never holds the interpreter for long either."""
    from ..core.worker import run_in_worker

    pieces = run_in_worker(lambda: _pieces(judge(store, as_of, None, workers=workers)), APART_TIMEOUT)
    return _from_pieces(as_of, pieces)


def _findings_by_case(judged: Standing) -> dict[str, list]:
    """The judgement's lint findings grouped by the case they are on (the case's IRI as text)."""
    findings: dict[str, list] = defaultdict(list)
    for f in judged.findings:
        findings[f.case].append(f)
    return findings


def _pieces(judged: Standing) -> list[bytes]:
    """A judgement as pickled pieces: the labels first, then the elements and findings of a run of cases."""
    findings = _findings_by_case(judged)
    cases = sorted(set(judged.elements) | {URIRef(c) for c in findings}, key=str)
    out = [pickle.dumps(judged.labels, protocol=pickle.HIGHEST_PROTOCOL)]
    for start in range(0, len(cases), APART_CHUNK):
        run = cases[start:start + APART_CHUNK]
        out.append(pickle.dumps(({c: judged.elements.get(c, {}) for c in run},
                                 [f for c in run for f in findings.get(str(c), ())]),
                                protocol=pickle.HIGHEST_PROTOCOL))
    return out


def _from_pieces(as_of: date, pieces: list[bytes]) -> Standing:
    labels = pickle.loads(pieces[0])
    judged = Standing(as_of, {}, [], labels)
    for piece in pieces[1:]:
        elements, findings = pickle.loads(piece)
        judged.elements.update(elements)
        judged.findings += findings
        time.sleep(0)  # let request threads run between pieces
    judged.findings.sort()
    return judged


def kept_dates(as_of: date) -> set[date]:
    """The dates whose judgements stay kept when one as of ``as_of`` is kept: that date and today. A
    server judges anew each day; yesterday's judgements (and what was built from them) are let go."""
    return {as_of, date.today()}


class _Parts(dict[URIRef, Standing]):
    """Judgements by case; a case not among them (not a case of the store) gets its part of the judgement
    they were split from, made when asked for and not kept."""

    def __init__(self, as_of: date, parts: Mapping[URIRef, Standing], judged: Standing | None = None,
                 findings: Mapping[str, list] | None = None) -> None:
        super().__init__(parts)
        self.judged = judged if judged is not None else Standing(as_of, {})
        self.findings = findings or {}

    def __missing__(self, case: URIRef) -> Standing:
        return _one_case(self.judged, case, list(self.findings.get(str(case), ())))


def _one_case(judged: Standing, case: URIRef, findings: list) -> Standing:
    """The part of a judgement of many cases about one case (``findings``: the lint findings on it)."""
    return Standing(judged.as_of, {case: judged.case(case)}, findings, judged.labels)


def _together(as_of: date, parts: list[Standing | None]) -> Standing:
    elements: dict[URIRef, dict[Node, ElementStanding]] = {}
    findings: list = []
    labels: dict[Node, str] = {}
    for part in parts:
        if part is not None:
            elements.update({case: found for case, found in part.elements.items() if found})
            findings += part.findings
            labels.update(part.labels)
    return Standing(as_of, elements, sorted(findings), labels)
