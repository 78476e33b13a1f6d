"""One clause, one case: the compliance status and the reason in words.

The order follows the catalog's own reading instructions (``catalog/README.md``): first whether the
clause applies to the case at all (its applicability conditions, evaluated in SPARQL against the case's
stated facts), then whether any case element can meet it (its case scope; a clause outside it is met by a record the
case names, a submission or an organisational record), then what the case offers for
it, judged by the standing of each offered element (``standing.py``: an element with a Violation-level
finding, or open counterevidence, satisfies nothing), and last the numbers the clause states beside the
case's own. The statuses are the ``compliance-status`` scheme in ``ontology/vocabularies.ttl``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...analysis.standing import Reason

STATUSES = ("satisfied", "partial", "gap", "outside-case-scope", "not-applicable")
OUTSIDE = "https://w3id.org/safetycase-kg/vocab/case-scope/outside-case-scope"
ASSERTION = "https://w3id.org/safetycase-kg/vocab/case-scope/not-satisfiable-by-assertion"


@dataclass(frozen=True, slots=True)
class Condition:
    """One applicability condition of a clause, as it stands for one case: True, False or None (open)."""

    label: str
    holds: bool | None

    def as_dict(self) -> dict:
        return {"condition": self.label, "holds": self.holds}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number a clause states, and the case's own value of that kind where the case records one."""

    label: str
    kind: str
    comparator: str
    stated: str
    unit: str
    case_value: str | None
    met: bool | None

    def text(self) -> str:
        stated = f"{self.comparator.replace('-', ' ')} {self.stated}{' ' + self.unit if self.unit else ''}"
        if self.case_value is None:
            return f"{self.label}: {stated} (the case records no value to check it against)"
        return f"{self.label}: {stated}; the case's value is {self.case_value}, which {'meets' if self.met else 'does not meet'} it"

    def as_dict(self) -> dict:
        return {"label": self.label, "kind": self.kind, "comparator": self.comparator, "stated": self.stated,
                "unit": self.unit, "caseValue": self.case_value, "met": self.met}


@dataclass(slots=True)
class ClauseFacts:
    """What decides a clause for one case besides the elements offered for it."""

    conditions: list[Condition] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    case_findings: list[Reason] = field(default_factory=list)  # the case's Violation-level reasons
    decided_on: str = ""
    applies_from: str = ""
    applies_from_verification: str = ""

    @property
    def failing(self) -> list[Condition]:
        return [c for c in self.conditions if c.holds is False]

    @property
    def open(self) -> list[Condition]:
        return [c for c in self.conditions if c.holds is None]


def decide(clause, explicit: list, proposed: list, facts: ClauseFacts, names) -> tuple[str, str]:
    """(status, reason) for one clause and one case. ``explicit`` and ``proposed`` are the report's
    ``Support`` objects; ``names`` renders a support as words."""
    if facts.failing:
        quoted = " and ".join(f"\u201c{c.label}\u201d" for c in facts.failing)
        which = "its condition" if len(facts.failing) == 1 else "its conditions"
        does = "does" if len(facts.failing) == 1 else "do"
        status, reason = "not-applicable", f"Does not apply to this case: {which} {quoted} {does} not hold on the case's stated facts."
        if explicit:
            reason += f" The case addresses it anyway ({names(explicit)})."
        return status, reason
    if clause.case_scope == OUTSIDE and any(s.record for s in explicit + proposed):
        return _by_record(clause, explicit, proposed, facts, names)
    if clause.case_scope in (OUTSIDE, ASSERTION):
        return "outside-case-scope", _outside(clause, explicit, facts, names) + _notes(clause, [], facts)
    elif explicit:
        status, reason = _addressed(clause, explicit, facts, names)
    elif proposed:
        kinds = sorted({v.split(" (")[0] for s in proposed for v in s.via})
        status, reason = "partial", (f"Not addressed explicitly; {len(proposed)} element{'s match' if len(proposed) != 1 else ' matches'} "
                                     f"its requirement kinds ({', '.join(kinds)}): a proposed mapping the authors should confirm or reject.")
        flagged = [s for s in proposed if s.blocking]
        if flagged:
            reason += f" Of these, {names(flagged)} carr{'y' if len(flagged) != 1 else 'ies'} a Violation-level finding."
    elif clause.requirements:
        status, reason = "gap", (f"Nothing in the case addresses it or matches its requirement kinds "
                                 f"({', '.join(clause.requirements)}).")
    elif clause.conditional and clause.duty:
        status, reason = "gap", (("If it applies, it" if facts.open else "It") + " binds this case and states a duty with a deadline, and no kind of case element is mapped "
                                 "to it (no requirement kinds), so nothing can be proposed: address it explicitly or record "
                                 "why it is met elsewhere.")
    else:
        status, reason = "not-applicable", ("The clause states no requirement a safety-case element can meet "
                                            "(a definition, a procedure or a date), and the case does not address it.")
    return status, reason + (_notes(clause, explicit or proposed, facts) if status != "not-applicable" else "")


def _addressed(clause, explicit: list, facts: ClauseFacts, names) -> tuple[str, str]:
    backed = [s for s in explicit if s.evidence or not s.argued]
    clean = [s for s in backed if not s.blocking and not s.open]
    if clean:
        unmet = [q for q in facts.quantities if q.met is False]
        n = sum(len(s.evidence) for s in clean)
        rests = f" resting on {n} evidence item{'s' if n != 1 else ''}" if n else ""
        if unmet:
            return "partial", (f"Addressed by {names(clean)}{rests}, but the case does not meet a number the clause states: "
                               + "; ".join(q.text() for q in unmet) + ".")
        return "satisfied", f"Addressed by {names(clean)}{rests}; no open counterevidence or Violation-level finding stands against it."
    problems = "; ".join(dict.fromkeys(r for s in explicit for r in s.problems()))
    if not backed:
        return "partial", f"Addressed by {names(explicit)}, but no evidence supports it" + (f"; and: {problems}." if problems else ".")
    return "partial", f"Addressed by {names(explicit)}, but none of them stands: {problems}."


def _by_record(clause, explicit: list, proposed: list, facts: ClauseFacts, names) -> tuple[str, str]:
    """A clause outside safety-case scope that the case names a record for (a submission, an organisational
    record): judged on that record like any addressed clause; a record only proposed by its kind is partial."""
    kinds = ", ".join(clause.met_by) or "a record"
    records = [s for s in explicit if s.record]
    if records:
        status, reason = _addressed(clause, records, facts, names)
        return status, f"Met outside the argument by a record ({kinds}). {reason}" + _notes(clause, records, facts)
    offered = [s for s in proposed if s.record]
    return "partial", (f"Met outside the argument by a record ({kinds}); {names(offered)} "
                       f"{'is a record' if len(offered) == 1 else 'are records'} of a kind that can meet it, not yet "
                       "named for it: a proposed mapping the authors should confirm or reject.") + _notes(clause, offered, facts)


def _outside(clause, explicit: list, facts: ClauseFacts, names) -> str:
    note = f" {clause.case_scope_note}" if clause.case_scope_note else ""
    if clause.case_scope == ASSERTION:
        reason = "A prohibition no element can meet by asserting it (not satisfiable by assertion)." + note
        if explicit:
            reason += f" {names(explicit)} claim{'s' if len(explicit) == 1 else ''} it; a claim proves nothing here."
        if facts.case_findings:
            shown = "; ".join(r.message.rstrip(".") for r in facts.case_findings[:3])
            reason += (f" The case itself carries {len(facts.case_findings)} Violation-level finding(s) to resolve before "
                       f"anything from it is published: {shown}" + ("; ..." if len(facts.case_findings) > 3 else "") + ".")
        return reason
    records = ", ".join(clause.met_by) or "not named in the catalog"
    reason = f"A binding duty no safety-case element can meet; the record that meets it: {records}." + note
    if explicit:
        reason += f" {names(explicit)} address{'es' if len(explicit) == 1 else ''} it, which does not meet it."
    return reason


def _notes(clause, offered: list, facts: ClauseFacts) -> str:
    """What qualifies a status: open applicability, a clause that applies from after the decision, and
    numbers the clause states that the case has nothing to check against."""
    notes = []
    if facts.open:
        notes.append("Applicability is open: it applies only if " + " and ".join(f"\u201c{c.label}\u201d" for c in facts.open)
                     + ", which the case does not state")
    applies_from = clause.applies_from or facts.applies_from
    if applies_from and facts.decided_on and facts.decided_on < applies_from:
        mark = f" ({facts.applies_from_verification})" if facts.applies_from_verification and not clause.applies_from else ""
        notes.append(f"It applies from {applies_from}{mark}, after the decision of {facts.decided_on}: it did not bind "
                     "the decision itself, but binds the deployment from that date")
    if offered:
        unchecked = [q for q in facts.quantities if q.met is None]
        if unchecked:
            notes.append("The clause also states " + "; ".join(q.text() for q in unchecked))
    return "".join(f" {n}." for n in notes)
