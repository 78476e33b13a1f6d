"""Failure-mode checks ("lint"): the ways a structurally valid safety case can still fail.

SHACL validation says whether a case is well formed. It cannot say whether the case is paper safety,
a static claim about a moving system, scope substitution, or acceptability judged only by the
developer: those are the limits and failure modes, and the evidence discipline, that the seed
specification warns about. Each is one SPARQL SELECT in ``lint/<id>.rq`` returning one row per finding
(``?case``, ``?focus``, ``?message``), so the checks stay data, readable and runnable on any SPARQL 1.1
store. Like a standing rule, a check takes the parameter ``case`` (the query uses ``?_case``), so the
findings of one case cost what that case holds. Beyond the named-query header, a check declares
``# severity:`` (Violation, Warning or Info), ``# why:`` (why the failure mode matters) and optionally
``# standing:`` (the standing its findings give the element they are on; see ``standing.py``).

Judgements about an element's standing (stale evidence, scope substitution, claims resting only on
interpretation or withheld evidence, defeaters closed on paper) are standing rules in
``queries/standing/``; a rule that names a check (``# check: static-claims``) is reported under it here,
so lint shows the same judgement the gate, the reports and the pages read. A check may consist of such
rules only (scope-substitution).
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from ..core.namespaces import LINT_DIR
from ..core.results import result_rows, short_name
from ..core.sparql import NamedQuery, QueryError, header_fields, parse_named_query
from ..core.storeapi import GraphStore
from .standing import KINDS, RULES, Reason, Rule, rules_rows

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Check:
    """One failure-mode check: its header, the named query that finds its findings (None when the check
    consists of standing rules only) and the standing rules reported under it."""

    id: str
    title: str
    severity: str
    why: str
    description: str
    query: NamedQuery | None
    kind: str | None = None
    rules: tuple[str, ...] = ()


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One finding: which check, how severe, in which case, on which node, and what is wrong."""

    check: str
    severity: str
    case: str
    focus: str
    message: str
    node: Node | None = field(default=None, compare=False, repr=False)
    origin: str = field(default="", compare=False, repr=False)  # "lint/<check>" or "standing/<rule>"

    def as_dict(self) -> dict[str, str]:
        return {"check": self.check, "severity": self.severity, "case": self.case, "focus": self.focus,
                "message": self.message}


def load_check(path: Path) -> Check:
    query = parse_named_query(path)
    fields = header_fields(query.text)
    severity, kind = fields.get("severity", ""), fields.get("standing") or None
    if severity not in SEVERITIES:
        raise QueryError(f"{path}: '# severity:' must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    if not fields.get("why"):
        raise QueryError(f"{path}: the check header needs a '# why:' line")
    if kind is not None and kind not in KINDS:
        raise QueryError(f"{path}: '# standing:' must be one of {', '.join(KINDS)}, not {kind!r}")
    if "case" not in {p.name for p in query.parameters}:
        raise QueryError(f"{path}: a check takes the parameter 'case' (use ?_case for the case)")
    return Check(path.stem, query.title, severity, fields["why"], query.description, query, kind)


def load_checks(folder: Path = LINT_DIR, rules: dict[str, Rule] = RULES) -> dict[str, Check]:
    """Every check in ``folder`` by id (the file stem), with the standing rules that name it; a check
    named only by rules takes its title, severity and why from the first of them."""
    checks = {c.id: c for c in map(load_check, sorted(folder.glob("*.rq")))}
    for rule in rules.values():
        if rule.check is None:
            continue
        check = checks.get(rule.check) or Check(rule.check, rule.title, rule.severity, rule.why,
                                                rule.query.description, None, rule.kind)
        checks[rule.check] = Check(**{**check.__dict__, "rules": check.rules + (rule.id,)})
    return dict(sorted(checks.items()))


CHECKS: dict[str, Check] = load_checks()


def _bindings(query: NamedQuery, as_of: str | None, case: URIRef | None) -> dict[str, str]:
    """Parameter values for a check: ``asOf`` and ``case``, each only to checks that take it."""
    names = {p.name for p in query.parameters}
    given = {"asOf": as_of, "case": str(case) if case is not None else None}
    return {name: value for name, value in given.items() if value and name in names}


def run_check(store: GraphStore, check: Check, as_of: str | None = None, case: URIRef | None = None) -> list[Finding]:
    """The findings of one check's own query (not of the standing rules reported under it), for one
    case or all: a check that takes ``case`` looks at that case only, so a page or a report of one case
    costs what that case holds."""
    if check.query is None:
        return []
    result = store.query(check.query.bind(_bindings(check.query, as_of, case)))
    return [Finding(check.id, check.severity, str(row["case"]), _focus(row["focus"]), str(row["message"]), row["focus"],
                    f"lint/{check.id}")
            for row in result_rows(result) if row["case"] is not None]


def _focus(node: Node | None) -> str:
    """The focus as findings carry it: its IRI, or nothing for a blank node, whose label means nothing outside one store."""
    return str(node) if isinstance(node, URIRef) else ""


def run_lint(store: GraphStore, as_of: str | None = None, checks: Iterable[Check] | None = None, *,
             rows: list[tuple[URIRef, Node, Reason]] | None = None,
             cases: Iterable[URIRef] | None = None) -> list[Finding]:
    """Run every check (or those given) over the whole store or only ``cases``, with the standing rules
    reported under them as of ``as_of`` (YYYY-MM-DD, default today); findings sorted by check, case,
    focus. ``rows`` are standing-rule rows already evaluated (``standing.judge`` passes its own)."""
    chosen = list(checks if checks is not None else CHECKS.values())
    wanted = tuple(sorted(set(cases))) if cases is not None else None
    day = date.fromisoformat(as_of) if as_of else date.today()
    if rows is None:
        rows = rules_rows(store, [RULES[rule_id] for check in chosen for rule_id in check.rules], wanted)
    by_rule = {check_rule: check.id for check in chosen for check_rule in (f"standing/{r}" for r in check.rules)}
    found = set(_own_findings(store, tuple(chosen), as_of, wanted))
    found |= {Finding(by_rule[r.rule], r.severity, str(case), _focus(element), r.message, element, r.rule)
              for case, element, r in rows
              if r.rule in by_rule and (r.since is None or r.since <= day)}
    return sorted(found)


_lock = threading.Lock()
_cache: weakref.WeakKeyDictionary[GraphStore, dict[tuple, tuple[int, list[Finding]]]] = weakref.WeakKeyDictionary()


def _own_findings(store: GraphStore, checks: tuple[Check, ...], as_of: str | None,
                  cases: tuple[URIRef, ...] | None) -> list[Finding]:
    """The checks' own findings over the whole store or for ``cases``, once per store version: a case
    page, its report and its map read the same findings."""
    key = (tuple(c.id for c in checks), as_of or date.today().isoformat(), cases)
    generation = getattr(store, "generation", None)
    with _lock:
        hit = _cache.get(store, {}).get(key) if generation is not None else None
        if hit and hit[0] == generation:
            return hit[1]
    found = [f for check in checks for case in (cases or (None,)) for f in run_check(store, check, as_of, case)]
    if generation is not None:
        with _lock:
            _cache.setdefault(store, {})[key] = (generation, found)
    return found


def findings_as_reasons(findings: Iterable[Finding], checks: dict[str, Check] | None = None
                        ) -> list[tuple[URIRef, Node, Reason]]:
    """The standing the findings of the checks' own queries give their elements: every Violation (in
    doubt, unless the check declares another kind), and every finding of a check that declares a kind.
    Findings of standing rules are not repeated: they are reasons already."""
    checks = checks or CHECKS
    out = []
    for f in findings:
        check = checks.get(f.check)
        if check is None or f.node is None or f.origin != f"lint/{f.check}":
            continue
        if f.severity == "Violation" or check.kind:
            out.append((URIRef(f.case), f.node, Reason(check.kind or "in-doubt", f.severity, f"lint/{f.check}",
                                                       f.message, f.node)))
    return out


def _check_summary(check: Check) -> dict[str, str]:
    return {"id": check.id, "title": check.title, "severity": check.severity, "why": check.why}


def to_json(findings: list[Finding], checks: Iterable[Check] | None = None) -> dict:
    """Findings and the checks that were run, as a JSON-ready dict."""
    return {"results": [f.as_dict() for f in findings],
            "checks": [_check_summary(c) for c in (checks if checks is not None else CHECKS.values())]}


def to_json_text(findings: list[Finding]) -> str:
    return json.dumps(to_json(findings), indent=2, ensure_ascii=False)


def to_text(findings: list[Finding]) -> str:
    """One line per finding, grouped by check, elements named by their short names, with a count per
    severity at the end."""
    lines: list[str] = []
    for check_id in dict.fromkeys(f.check for f in findings):
        mine = [f for f in findings if f.check == check_id]
        check = CHECKS.get(check_id)
        severities = dict.fromkeys(f.severity for f in mine)
        lines.append(f"{check_id} ({', '.join(severities)}): {check.title if check else ''}".rstrip(": "))
        for f in mine:
            mark = f"[{f.severity}] " if len(severities) > 1 else ""
            lines.append(f"  {_name(f.case)}  {_name(f.focus, f.node)}\n    {mark}{f.message}")
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    lines.append(f"{len(findings)} finding(s): " + ", ".join(f"{n} {s.lower()}" for s, n in counts.items()))
    return "\n".join(lines)


def _name(text: str, node: Node | None = None) -> str:
    name = short_name(node) if node is not None else (short_name(URIRef(text)) if text else "")
    return name or "(unnamed element)"
