"""The framework and regulation catalog as the CLI, reports and server present it.

The catalog itself is data (``catalog/*.ttl``, loaded into the catalog graph); this module only runs
the catalog's own queries (``queries/catalog/``), which are not part of the analysts' named-query list,
and the report-header query that says what a framework version is and how much of it the catalog holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef, Variable
from rdflib.query import Result

from ..core.errors import SafetyCaseKGError
from ..core.namespaces import CATALOG, CATALOG_GRAPH, QUERIES_DIR
from ..core.results import compact, gathered, plain, to_records, to_table
from ..core.sparql import QueryError, expand_curie, parse_named_query
from ..core.storeapi import GraphStore

CATALOG_QUERIES = QUERIES_DIR / "catalog"
HEADER_QUERY = QUERIES_DIR / "reports" / "compliance-framework.rq"


class CatalogError(SafetyCaseKGError):
    """The framework version asked for is not in the catalog."""

    http_status = 404


@dataclass
class ClauseList:
    """One framework version's clauses, with what the catalog says about how complete they are.

    The availability travels with the rows so that no output can show an empty list without saying
    that the version's content was not sourced.
    """

    framework: URIRef
    header: dict
    rows: Result

    def as_json(self) -> dict:
        return {"framework": compact(self.framework), **self.header, "clauses": to_records(self.rows)}

    def as_table(self) -> str:
        h = self.header
        lines = [f"{compact(self.framework)}: {h.get('title') or ''}, version {h.get('version') or 'n/a'}, issued {h.get('issued') or 'n/a'}",
                 f"content availability: {h.get('contentAvailabilityLabel') or 'not stated'}"
                 + (f". {h['contentAvailabilityNote']}" if h.get("contentAvailabilityNote") else ""), ""]
        return "\n".join(lines) + "\n" + to_table(self.rows)


def frameworks(store: GraphStore) -> Result:
    """Every framework version in the catalog: id, title, version, dates, publisher, status, availability, ..."""
    return store.query(parse_named_query(CATALOG_QUERIES / "frameworks.rq").bind({}))


def clauses(store: GraphStore, framework: str) -> ClauseList:
    """The clauses of one catalog framework version, by chapter and then by notation as a person counts.

    Sorted here because SPARQL orders "M10.1" before "M2.1"; the rows themselves come from ``clauses.rq``.
    """
    iri = catalog_framework(store, framework)
    rows = store.query(parse_named_query(CATALOG_QUERIES / "clauses.rq").bind({"framework": iri}))
    chapter, notation = Variable("chapter"), Variable("notation")
    rows.bindings = sorted(rows.bindings, key=lambda row: (str(row.get(chapter) or ""), _natural(str(row.get(notation) or ""))))
    header = store.query(parse_named_query(HEADER_QUERY).bind({"framework": iri}))
    fields = ("title", "version", "issued", "contentAvailability", "contentAvailabilityLabel", "contentAvailabilityNote")
    first = next(iter(header.bindings), {})
    found = {f: plain(first.get(Variable(f))) for f in fields}
    found["contentAvailabilityNote"] = gathered(first.get(Variable("contentAvailabilityNote"))) or None
    return ClauseList(iri, found, rows)


def catalog_framework(store: GraphStore, text: str) -> URIRef:
    """A catalog framework version from its identifier (gpai-cop-2025-07), a CURIE (cat:gpai-cop-2025-07) or its IRI."""
    iri = URIRef(expand_curie(text) if ":" in text else str(CATALOG[text]))
    try:
        known = store.query(f"ASK {{ GRAPH <{CATALOG_GRAPH}> {{ ?framework a sc:Framework }} }}", {"framework": iri}).askAnswer
    except (ValueError, QueryError):
        known = False
    if not known:
        raise CatalogError(f"no framework version {text!r} in the catalog; `safetycase-kg frameworks` lists them")
    return iri


def _natural(text: str) -> list:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)]
