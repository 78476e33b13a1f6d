"""A case of the store as the neutral argument the writers consume, and what a format loses of it.

Read through the same page queries that draw the argument map (``queries/pages/argmap-*.rq``) plus the
interchange ones (``queries/interchange/``), on the dataset of the export's tier: in the public tier a
withheld element has nothing left but its redaction notice, and the export shows that notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..analysis.redact import view_for
from ..core.namespaces import QUERIES_DIR, SC
from ..core.results import compact, truth
from ..core.sparql import parse_named_query
from ..core.storeapi import GraphStore
from ..core.tiers import PUBLIC
from ..web import pagequeries
from ..web.pagequeries import Resource, Row, as_rows
from . import WRITERS
from .model import Argument, Element, parse_annotation

INTERCHANGE_QUERIES = QUERIES_DIR / "interchange"
KIND_OF_MAP = {"claim": "claim", "strategy": "strategy", "defeater": "defeater", "evidence": "evidence",
               "assumption": "assumption", "justification": "justification", "context": "context"}
RELATION_ATTR = {"supportedBy": "supported_by", "inContextOf": "in_context_of", "attacks": "attacks"}
DEFEATER_REFUTED = "https://w3id.org/safetycase-kg/vocab/defeater-status/refuted"

# What each format carries of a case graph; every other property is on the loss list.
COMMON = {SC.statement, SC.supportedBy, SC.inContextOf, SC.topClaim, SC.hasClaim, SC.hasStrategy,
          SC.hasEvidence, SC.hasContext, SC.hasAssumption, SC.hasJustification, SC.hasDefeater,
          SC.sourceIdentifier, SC.sourceAnnotation, URIRef("http://purl.org/dc/terms/title"),
          URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")}
CARRIES = {
    "gsn2x": COMMON | {SC.undeveloped, SC.attacks, SC.defeated, SC.defeaterStatus, SC.location},
    "tea": COMMON | {SC.attacks, SC.location, SC.uninstantiated, SC.away,
                     URIRef("http://purl.org/dc/terms/description")},
    "ltac": COMMON | {SC.undeveloped, SC.attacks, SC.defeated, SC.defeaterStatus, SC.location, SC.uninstantiated, SC.away},
    "sacm": COMMON | {SC.undeveloped, SC.attacks, SC.defeated, SC.defeaterStatus, SC.location, SC.uninstantiated, SC.away,
                      SC.evaluationDate, SC.sourceVersion, URIRef("http://purl.org/dc/terms/description")},
    "svg": COMMON | {SC.undeveloped, SC.attacks, SC.defeated, SC.defeaterStatus, SC.uninstantiated, SC.away, SC.sourceModule,
                     SC.redaction, SC.disclosureTier},
}


@dataclass
class Export:
    text: str
    losses: list[str]


def _rows(store: GraphStore, name: str, case: URIRef) -> list[Row]:
    query = parse_named_query(INTERCHANGE_QUERIES / f"{name}.rq")
    return as_rows(store.query(query.bind({"case": str(case)})))


def argument_of(store: GraphStore, case: URIRef, fmt: str = "") -> Argument:
    """The case as a neutral argument, from ``store`` (already the tier's view)."""
    summary = (pagequeries.rows(store, "case-summary", case=str(case)) or [{}])[0]
    arg = Argument(fmt, name=str(case).rsplit("/id/", 1)[-1],
                   title=_text(summary.get("title")), description=_text(summary.get("description")))
    nodes = pagequeries.rows(store, "argmap-nodes", case=str(case))
    details = {row["node"]: row for row in _rows(store, "element-details", case)}
    keys: dict[Resource, str] = {}
    for row in nodes:
        node = row["node"]
        if not isinstance(node, Resource) or node in keys:
            continue  # several types: the query gives the most specific first (and a node is always a resource)
        element = _element(arg, case, node, row, details.get(node, {}))
        keys[node] = element.key
        arg.elements[element.key] = element
    for row in pagequeries.rows(store, "argmap-edges", case=str(case)):
        relation = RELATION_ATTR.get(str(row["relation"]))
        source, target = _key(keys, row["source"]), _key(keys, row["target"])
        if relation and source is not None and target is not None:
            values = getattr(arg.elements[source], relation)
            if target not in values:
                values.append(target)
    for row in _rows(store, "annotations", case):
        parsed = parse_annotation(str(row["annotation"]))
        if parsed is None:
            continue
        if row["node"] == case:
            arg.annotations[parsed[0]] = parsed[1]
        elif (key := _key(keys, row["node"])) is not None:
            arg.elements[key].annotations[parsed[0]] = parsed[1]
    arg.root = _key(keys, summary.get("topClaim"))
    return arg


def _key(keys: dict[Resource, str], node: Node | None) -> str | None:
    """The element key of a node a query returned; None when it is not one of the case's elements."""
    return keys.get(node) if isinstance(node, Resource) else None


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _element(arg: Argument, case: URIRef, node: Resource, row: Row, detail: Row) -> Element:
    local = _local(case, node, {e.name for e in arg.elements.values()})
    key = _text(detail.get("sourceId")) or local
    if key in arg.elements:
        key = local if local not in arg.elements else f"{local}-{len(arg.elements)}"
    text = _text(row.get("text"))
    if text is None and (row.get("notice") is not None or row.get("tier") is not None):
        reason = f" ({compact(row['reason'])})" if row.get("reason") is not None else ""
        text = f"REDACTED{reason}: {row['notice'] or 'withheld from this view'}"
    element = Element(key, KIND_OF_MAP[str(row["kind"])], text=text, local=local,
                      undeveloped=truth(row.get("undeveloped")),
                      module=_text(detail.get("module")), location=_text(detail.get("location")),
                      date=_text(detail.get("date")), version=_text(detail.get("version")))
    for flag in ("away", "defeated", "uninstantiated"):
        value = detail.get(flag)
        setattr(element, flag, isinstance(value, Literal) and value.toPython() is True)
    element.refuted = str(row.get("defeaterStatus") or "") == DEFEATER_REFUTED
    element.iri = str(node)
    return element


def _local(case: URIRef, node: Resource, taken: set[str]) -> str:
    prefix = str(case) + "/"
    text = str(node)
    local = text[len(prefix):] if text.startswith(prefix) else re.split(r"[/#]", text.rstrip("/#"))[-1]
    local = unquote(local) or "element"
    candidate, n = local, 1
    while candidate in taken:
        n += 1
        candidate = f"{local}-{n}"
    return candidate


def losses(store: GraphStore, case: URIRef, fmt: str) -> list[str]:
    """What the case's graph says that ``fmt`` cannot carry, one line per property, with a count."""
    carried = CARRIES[fmt]
    lines = []
    for row in _rows(store, "case-properties", case):
        if row["property"] in carried:
            continue
        label = _text(row.get("label")) or compact(row["property"])
        lines.append(f"{label} ({compact(row['property'])}): {row['statements']} statement(s) not written")
    return lines


def export_case(store: GraphStore, case: URIRef, fmt: str, tier: str = PUBLIC) -> Export:
    """The case written in ``fmt`` from the tier's view, with the loss list (and the writer's own notes)."""
    view = view_for(store, tier)
    if fmt == "svg":
        from .gsnsvg import case_svg
        return Export(case_svg(view, case), losses(view, case, fmt))
    arg = argument_of(view, case, fmt)
    text = WRITERS[fmt](arg)
    notes = [str(n) for n in arg.notes]
    return Export(text, losses(view, case, fmt) + notes)
