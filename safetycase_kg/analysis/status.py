"""The decision gate: is each positive decision in force still defensible as of a date?

The gate reads the standing (``standing.py``) and adds nothing of its own but the question it asks:
a case whose decision is positive and in force (``queries/status/decisions.rq``) is defensible when no
element of it carries a Violation-level reason as of the date. What counts is decided by the rules:

* an open defeater of high or critical severity, or of none stated, blocks (its Violation); one of low
  or medium severity, or one raised in another case against a shared record, is a caveat (a Warning);
* a defeater refuted or mitigated counts as closed when it names what refutes or mitigates it (a claim,
  a primary record, or an interpretation of one); accepted-residual counts as closed when someone is
  named as accepting it, and the risk stays on the record as residual risk; otherwise it blocks as if open;
* evidence past its freshness window, a case past its review-by or valid-until date, a fired review
  trigger or a recorded change that reopens the case block; evidence without a freshness window is
  judged fresh until the case's review-by date;
* every other Violation of the lint checks and of the shapes blocks too.

Cases without a positive decision in force (drafts, deferrals, rejections, superseded, expired or
withdrawn cases, and keep-restricted decisions) are reported but not judged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import cast

from rdflib import URIRef
from rdflib.term import Node

from ..core.results import result_rows, short_name, truth
from ..core.sparql import parse_named_query
from ..core.storeapi import GraphStore
from .standing import STATUS_DIR, Reason, Standing, describe, standing


@dataclass
class GateVerdict:
    """The gate's answer for one case, with the reasons that decide it."""

    case: URIRef
    decision: str
    status: str
    outcome: str
    judged: bool
    blockers: list[Reason] = field(default_factory=list)
    caveats: list[Reason] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)
    elements: dict[str, str] = field(default_factory=dict)  # element short name -> its standing, when not sound

    @property
    def defensible(self) -> bool | None:
        """True or False for a positive decision in force; None for a case the gate does not judge."""
        return not self.blockers if self.judged else None

    @property
    def verdict(self) -> str:
        if not self.judged:
            return "not judged: no positive decision in force"
        return "defensible" if self.defensible else "NOT defensible"

    def as_dict(self) -> dict:
        return {"case": short_name(self.case), "iri": str(self.case), "decision": self.decision,
                "status": self.status, "outcome": self.outcome, "judged": self.judged,
                "defensible": self.defensible, "verdict": self.verdict,
                "blockers": [r.as_dict() for r in self.blockers], "caveats": [r.as_dict() for r in self.caveats],
                "notes": [r.as_dict() for r in self.notes],
                "elements": self.elements}


def decision_gate(store: GraphStore, as_of: date | None = None, judged: Standing | None = None,
                  case: URIRef | None = None) -> list[GateVerdict]:
    """Per case (or for ``case`` only): is its positive decision defensible as of ``as_of`` (default today)?
    ``judged`` is the standing to read, when the caller has it already."""
    judged = judged or standing(store, as_of, [case] if case is not None else None)
    verdicts = []
    query = parse_named_query(STATUS_DIR / "decisions.rq")
    for row in result_rows(store.query(query.bind({"case": str(case)} if case is not None else {}))):
        found = cast(URIRef, row["case"])
        elements = {judged.name(e): s.kind for e, s in judged.case(found).items() if s.reasons}
        verdicts.append(GateVerdict(found, _notation(row["decision"]), _notation(row["status"]), _notation(row["outcome"]),
                                    truth(row["positive"]) and truth(row["inForce"]),
                                    judged.blocking(found), judged.caveats(found), judged.caveats(found, "Info"),
                                    dict(sorted(elements.items()))))
    return sorted(verdicts, key=lambda v: str(v.case))


def _notation(node: Node | None) -> str:
    return str(node).rsplit("/", 1)[-1] if node is not None else ""


def to_text(verdicts: list[GateVerdict], judged: Standing) -> str:
    lines = []
    for v in verdicts:
        what = ", ".join(x for x in (v.decision, v.status, v.outcome) if x)
        lines.append(f"{short_name(v.case)}: {v.verdict} ({what})")
        lines += [f"    blocks: {r.kind}: {describe(r, judged)}" for r in v.blockers] if v.judged else []
        lines += [f"    caveat: {r.kind}: {describe(r, judged)}" for r in v.caveats] if v.judged else []
        lines += [f"    note: {describe(r, judged)}" for r in v.notes] if v.judged else []
    judged_cases = [v for v in verdicts if v.judged]
    lines.append(f"as of {judged.as_of}: {sum(bool(v.defensible) for v in judged_cases)} of {len(judged_cases)} "
                 f"positive decision(s) in force defensible; {len(verdicts) - len(judged_cases)} case(s) not judged")
    return "\n".join(lines)
