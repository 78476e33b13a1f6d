"""Change impact: which cases, claims and evidence a change reopens, and recording the change.

The rules are SPARQL (``queries/impact/``): a target may be a model build in any role, a tool, an
operational context, an evidence item, a framework version or a threshold. Each affected item is shown
with its standing now (``standing.py``), so a reviewer sees what was already in doubt before the change.
Recording adds a ``sc:ChangeEvent`` with ``sc:reopens`` links to the events graph; nothing in the cases
is deleted or rewritten, so what was decided before the change stays queryable, and the reopened cases
are stale from the event's date on (``queries/standing/case-reopened.rq``).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import cast

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.query import Result

from ..core.namespaces import EVENTS_GRAPH, ID, QUERIES_DIR, SC, VOCAB
from ..core.results import result_rows, short_name
from ..core.sparql import expand_curie, parse_named_query
from ..core.storeapi import GraphStore
from .standing import SOUND, standing

IMPACT_QUERY = QUERIES_DIR / "impact" / "affected.rq"


def trigger_kind(kind: str) -> str:
    """A trigger kind as its IRI: a notation such as ``new-checkpoint``, a CURIE or a full IRI."""
    return expand_curie(kind) if ":" in kind else str(VOCAB[f"trigger-kind/{kind}"])


def affected(store: GraphStore, kind: str, target: str) -> Result:
    """Rows (case, role, what, item, via, trigger) reopened by a change of ``kind`` to ``target`` (IRIs or CURIEs)."""
    return store.query(parse_named_query(IMPACT_QUERY).bind({"kind": trigger_kind(kind), "target": target}))


def impact_rows(store: GraphStore, kind: str, target: str, as_of: date | None = None) -> list[dict[str, str]]:
    """The affected cases and items, each with how the case relies on the target (``via``), the role the
    target plays in the case's operational context (``role``, empty when it plays none there), the review
    trigger of that kind that fires, and the item's standing in its case as of ``as_of`` (today)."""
    found = list(result_rows(affected(store, kind, target)))
    judged = standing(store, as_of, sorted({cast(URIRef, r.case) for r in found}) or None) if found else None
    return [{"case": short_name(r.case), "what": str(r.what), "item": short_name(r.item) or str(r.what),
             "via": str(r.via), "role": short_name(r.role),
             "trigger": str(r.trigger or ""),
             "standing": judged.of(cast(URIRef, r.case), r.item).kind if judged else SOUND} for r in found]


def record(store: GraphStore, kind: str, target: str, result: Result, when: date,
           statement: str | None = None) -> tuple[URIRef, list[URIRef]]:
    """Store the change as an event that reopens the cases in ``result``; returns the event and the cases."""
    cases = sorted({cast(URIRef, row.case) for row in result_rows(result) if row.case is not None})
    event = ID[f"event/{when.isoformat()}-{uuid.uuid4().hex[:8]}"]
    triples = [(event, RDF.type, SC.ChangeEvent), (event, SC.triggerKind, URIRef(trigger_kind(kind))),
               (event, SC.affects, URIRef(expand_curie(target))),
               (event, SC.eventDate, Literal(when.isoformat(), datatype=XSD.date))]
    if statement:
        triples.append((event, SC.statement, Literal(statement)))
    triples += [(event, SC.reopens, case) for case in cases]
    store.add_to_graph(EVENTS_GRAPH, triples)
    return event, cases
