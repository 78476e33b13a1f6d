"""Derived status: which claims are in doubt, and whether a positive decision is defensible now.

Claim status is derived from the graph, not only asserted: the rules are SPARQL in
``queries/status/``; this module only turns query rows into verdicts (and does the date arithmetic
that SPARQL 1.1 has no portable form for).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from rdflib import URIRef

from ..core.namespaces import QUERIES_DIR
from ..core.results import compact
from ..core.sparql import parse_named_query
from ..core.storeapi import GraphStore

STATUS_QUERIES = QUERIES_DIR / "status"
_DAYS = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def _query(store: GraphStore, name: str):
    return store.query(parse_named_query(STATUS_QUERIES / f"{name}.rq").bind({}))


def doubt_by_case(store: GraphStore) -> dict[URIRef, dict[URIRef, list[tuple[str, URIRef]]]]:
    """Case -> claim -> the reasons the claim is in doubt (reason, source node)."""
    doubt: dict[URIRef, dict[URIRef, list[tuple[str, URIRef]]]] = {}
    for row in _query(store, "claims-in-doubt"):
        doubt.setdefault(row.case, {}).setdefault(row.claim, []).append((str(row.reason), row.source))
    return doubt


def claims_in_doubt(store: GraphStore) -> dict[URIRef, list[tuple[str, URIRef]]]:
    """Claim -> the reasons it is in doubt (reason, source node)."""
    return {claim: reasons for claims in doubt_by_case(store).values() for claim, reasons in claims.items()}


@dataclass
class GateVerdict:
    case: URIRef
    blockers: list[str] = field(default_factory=list)

    @property
    def defensible(self) -> bool:
        return not self.blockers

    def as_dict(self) -> dict:
        return {"case": str(self.case), "defensible": self.defensible, "blockers": self.blockers}


def window_days(duration: str) -> int | None:
    """Days in an xsd:duration such as P180D, P6M or P1Y (months as 30 days, years as 365)."""
    m = _DAYS.match(duration)
    if not m or not any(m.groups()):
        return None
    y, mo, w, d = (int(g or 0) for g in m.groups())
    return y * 365 + mo * 30 + w * 7 + d


def decision_gate(store: GraphStore, as_of: date | None = None) -> list[GateVerdict]:
    """Per case: is a positive decision defensible as of ``as_of``? No undeveloped claims, every
    defeater refuted or accepted by a named person, all evidence fresh, no fired review trigger."""
    as_of = as_of or date.today()
    verdicts = {row.case: GateVerdict(row.case) for row in _query(store, "cases")}
    for row in _query(store, "gate-facts"):
        verdict = verdicts.setdefault(row.case, GateVerdict(row.case))
        fact, item = str(row.fact), compact(row.item)
        if fact != "evidence":
            verdict.blockers.append(f"{fact}: {item}")
        elif row.date is None or row.window is None:
            verdict.blockers.append(f"evidence without evaluation date or freshness window: {item}")
        else:
            days = window_days(str(row.window))
            expires = date.fromisoformat(str(row.date)) + timedelta(days=days or 0)
            if days is None or expires < as_of:
                verdict.blockers.append(f"evidence past its freshness window (expired {expires}): {item}")
    return [verdicts[c] for c in sorted(verdicts)]
