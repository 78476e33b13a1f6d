"""Change impact: which cases, claims and evidence a change reopens, and recording the change.

The rules are SPARQL (``queries/impact/``). Recording adds a ``sc:ChangeEvent`` with ``sc:reopens``
links to the events graph; nothing in the cases is deleted or rewritten, so what was decided before
the change stays queryable.
"""

from __future__ import annotations

import uuid
from datetime import date

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.query import Result

from .namespaces import EVENTS_GRAPH, ID, QUERIES_DIR, SC
from .sparql import parse_named_query
from .store import Store

IMPACT_QUERY = QUERIES_DIR / "impact" / "affected.rq"


def affected(store: Store, kind: str, target: str) -> Result:
    """Rows (case, what, item, trigger) reopened by a change of ``kind`` to ``target`` (IRIs or CURIEs)."""
    return store.query(parse_named_query(IMPACT_QUERY).bind({"kind": kind, "target": target}))


def record(store: Store, kind: URIRef, target: URIRef, cases: list[URIRef], when: date,
           statement: str | None = None) -> URIRef:
    """Store the change as an event that reopens ``cases``; returns the event IRI."""
    event = ID[f"event/{when.isoformat()}-{uuid.uuid4().hex[:8]}"]
    triples = [(event, RDF.type, SC.ChangeEvent), (event, SC.triggerKind, kind), (event, SC.affects, target),
               (event, SC.eventDate, Literal(when.isoformat(), datatype=XSD.date))]
    if statement:
        triples.append((event, SC.statement, Literal(statement)))
    triples += [(event, SC.reopens, case) for case in cases]
    store.add_to_graph(EVENTS_GRAPH, triples)
    return event
