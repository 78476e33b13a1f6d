"""Failure-mode checks ("lint"): the ways a structurally valid safety case can still fail.

SHACL validation says whether a case is well formed. It cannot say whether the case is paper safety,
a static claim about a moving system, scope substitution, or acceptability judged only by the
developer: those are the limits and failure modes, and the evidence discipline, that the seed
specification warns about. Each is one SPARQL SELECT in ``lint/<id>.rq`` returning one row per finding
(``?case``, ``?focus``, ``?message``), so the checks stay data, readable and runnable on any SPARQL 1.1
store. Beyond the named-query header, a check declares ``# severity:`` (Violation, Warning or Info)
and ``# why:`` (why the failure mode matters).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..core.namespaces import LINT_DIR
from ..core.sparql import NamedQuery, QueryError, parse_named_query
from ..core.storeapi import GraphStore

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Check:
    """One failure-mode check: its header and the named query that finds its findings."""

    id: str
    title: str
    severity: str
    why: str
    description: str
    query: NamedQuery


@dataclass(frozen=True, order=True)
class Finding:
    """One finding: which check, how severe, in which case, on which node, and what is wrong."""

    check: str
    severity: str
    case: str
    focus: str
    message: str


def _header(text: str) -> dict[str, str]:
    """The ``# key: value`` lines at the top of a query; repeated keys are joined."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").strip().partition(":")
        if sep and key.strip().lower() != "param":
            key = key.strip().lower()
            header[key] = (header.get(key, "") + " " + value.strip()).strip()
    return header


def load_check(path: Path) -> Check:
    query = parse_named_query(path)
    header = _header(query.text)
    severity = header.get("severity", "")
    if severity not in SEVERITIES:
        raise QueryError(f"{path}: '# severity:' must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    if not header.get("why"):
        raise QueryError(f"{path}: the check header needs a '# why:' line")
    return Check(path.stem, query.title, severity, header["why"], query.description, query)


def load_checks(folder: Path = LINT_DIR) -> dict[str, Check]:
    """Every check in ``folder``, by id (the file stem)."""
    return {c.id: c for c in map(load_check, sorted(folder.glob("*.rq")))}


CHECKS: dict[str, Check] = load_checks()


def _bindings(check: Check, as_of: str | None) -> dict[str, str]:
    """Parameter values for a check: only ``asOf`` is ever given, and only to checks that take it."""
    names = {p.name for p in check.query.parameters}
    return {"asOf": as_of} if as_of and "asOf" in names else {}


def run_check(store: GraphStore, check: Check, as_of: str | None = None) -> list[Finding]:
    """The findings of one check. ``as_of`` (YYYY-MM-DD) defaults to the check's own default date."""
    rows = store.query(check.query.bind(_bindings(check, as_of)))
    return [Finding(check.id, check.severity, str(row["case"]), str(row["focus"]), str(row["message"]))
            for row in rows if row["case"] is not None]


def run_lint(store: GraphStore, as_of: str | None = None, checks: Iterable[Check] | None = None) -> list[Finding]:
    """Run every check (or those given) over the whole store; findings sorted by check, case, focus."""
    found = {f for check in (checks if checks is not None else CHECKS.values())
             for f in run_check(store, check, as_of)}
    return sorted(found)


def _check_summary(check: Check) -> dict[str, str]:
    return {"id": check.id, "title": check.title, "severity": check.severity, "why": check.why}


def to_json(findings: list[Finding], checks: Iterable[Check] | None = None) -> dict:
    """Findings and the checks that were run, as a JSON-ready dict."""
    return {"results": [asdict(f) for f in findings],
            "checks": [_check_summary(c) for c in (checks if checks is not None else CHECKS.values())]}


def to_json_text(findings: list[Finding]) -> str:
    return json.dumps(to_json(findings), indent=2, ensure_ascii=False)


def to_text(findings: list[Finding]) -> str:
    """One line per finding, grouped by check, with a count per severity at the end."""
    lines: list[str] = []
    for check_id in dict.fromkeys(f.check for f in findings):
        mine = [f for f in findings if f.check == check_id]
        check = CHECKS.get(check_id)
        lines.append(f"{check_id} ({mine[0].severity}): {check.title if check else ''}".rstrip(": "))
        lines += [f"  {f.case}  {f.focus}\n    {f.message}" for f in mine]
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    lines.append(f"{len(findings)} finding(s): " + ", ".join(f"{n} {s.lower()}" for s, n in counts.items()))
    return "\n".join(lines)
