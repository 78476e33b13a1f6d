"""Everything the case page shows about one case, gathered from the request's store.

The view only calls ``case_page`` and hands the result to the template: the queries, the split of
evidence and counterevidence, the filtering of validation and lint results to the case, and the
treatment of withheld items are decided here, where they can be tested without HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from ..analysis.checklist import Group, checklist
from ..analysis.lint import Finding
from ..analysis.redact import withheld_items
from ..analysis.standing import ElementStanding, Standing, describe, standing
from ..analysis.status import GateVerdict, decision_gate
from ..core.queries import run_named
from ..core.sparql import load_library
from ..core.storeapi import GraphStore
from ..ingest.validate import ValidationResult, validate_store
from . import pagequeries
from .argmap import RenderError, case_svg
from .pagequeries import Row, as_rows

SUPPORTING = "https://w3id.org/safetycase-kg/vocab/evidence-polarity/supporting"


@dataclass
class Decision:
    outcome: Node | None = None
    date: Node | None = None
    authority: Node | None = None
    makers: list[Node] = field(default_factory=list)
    conditions: list[Node] = field(default_factory=list)


@dataclass
class CasePage:
    """The content of one case page; every IRI is left as a term so the template can link it."""

    case: URIRef
    summary: Row
    svg: str | None
    svg_error: str | None
    standing: dict[Node, ElementStanding]  # the elements whose standing is not sound (standing.py)
    gate: GateVerdict | None
    judged: Standing
    evidence: list[Row]
    counterevidence: list[Row]
    defeaters: list[Row]
    decision: Decision | None
    reviews: list[Row]
    triggers: list[Row]
    change_events: list[Row]
    frameworks: list[Row]
    validation: list[ValidationResult]
    validation_withheld: int
    lint: list[Finding]
    gsn_svg: str | None = None  # the argument in GSN Community Standard notation (interchange.gsnsvg)
    checklist: list[Group] = field(default_factory=list)  # what the case still needs (checklist.py)

    @property
    def short_name(self) -> str:
        return short_name(self.case)

    def name(self, element: Node) -> str | None:
        """None for an IRI (the template links it), else how a blank node is named: the path to it."""
        return None if isinstance(element, URIRef) else self.judged.name(element)

    def reasons(self, found: ElementStanding) -> list[tuple[str, str, str]]:
        """(severity, kind, reason in words) for each reason an element's standing rests on."""
        return [(r.severity, r.kind, describe(r, self.judged)) for r in found.reasons]


def short_name(case: URIRef) -> str:
    """``https://w3id.org/safetycase-kg/id/cyber-inability-v2`` -> ``cyber-inability-v2``."""
    return str(case).rsplit("/id/", 1)[-1]


def case_list(store: GraphStore) -> list[Row]:
    """Every case with decision, status, model and review-by date (the named query cases-by-decision)."""
    return as_rows(run_named(store, load_library()["cases-by-decision"], {}))


def case_page(store: GraphStore, case: URIRef) -> CasePage:
    iri = str(case)
    summary = (pagequeries.rows(store, "case-summary", case=iri) or [{}])[0]
    try:
        svg, svg_error = case_svg(store, case), None
    except RenderError as err:
        svg, svg_error = None, str(err)
    evidence = pagequeries.rows(store, "case-evidence", case=iri)
    withheld = withheld_items(store)
    validation = [r for r in validate_store(store, [case], workers=1).results]
    shown = [r for r in validation if r.focus not in withheld]
    judged = standing(store, cases=[case])
    gate = decision_gate(store, judged=judged, case=case)
    return CasePage(
        case=case, summary=summary, svg=svg, svg_error=svg_error,
        standing=judged.not_sound(case), gate=gate[0] if gate else None, judged=judged,
        evidence=[e for e in evidence if e["polarity"] is None or str(e["polarity"]) == SUPPORTING],
        counterevidence=[e for e in evidence if e["polarity"] is not None and str(e["polarity"]) != SUPPORTING],
        defeaters=[r for r in pagequeries.rows(store, "argmap-nodes", case=iri) if str(r["kind"]) == "defeater"],
        decision=_decision(pagequeries.rows(store, "case-decision", case=iri)),
        reviews=pagequeries.rows(store, "case-reviews", case=iri),
        triggers=_named_rows(store, "review-triggers", {"case": iri}),
        change_events=pagequeries.rows(store, "case-change-events", case=iri),
        frameworks=pagequeries.rows(store, "case-frameworks", case=iri),
        validation=sorted(shown, key=lambda r: (r.severity != "Violation", r.severity, str(r.focus), r.message)),
        validation_withheld=len(validation) - len(shown),
        lint=[f for f in judged.findings if f.case == iri],
        gsn_svg=_gsn_svg(store, case),
        checklist=checklist(store, shown),
    )


def _gsn_svg(store: GraphStore, case: URIRef) -> str | None:
    from ..interchange.gsnsvg import case_svg as gsn_case_svg
    try:
        return gsn_case_svg(store, case)
    except RenderError:
        return None


def _decision(rows: list[Row]) -> Decision | None:
    if not rows:
        return None
    first = rows[0]
    return Decision(first["outcome"], first["date"], first["authority"],
                    list(dict.fromkeys(r["maker"] for r in rows if r["maker"] is not None)),
                    list(dict.fromkeys(r["condition"] for r in rows if r["condition"] is not None)))


def _named_rows(store: GraphStore, name: str, params: dict[str, str]) -> list[Row]:
    return as_rows(run_named(store, load_library()[name], params))
