"""The framework and regulation catalog as the CLI, reports and server present it.

The catalog itself is data (``catalog/*.ttl``, loaded into the catalog graph); this module only runs
the catalog's own queries (``queries/catalog/``), which are not part of the analysts' named-query list.
"""

from __future__ import annotations

from rdflib.query import Result

from .namespaces import QUERIES_DIR
from .sparql import parse_named_query
from .store import Store

CATALOG_QUERIES = QUERIES_DIR / "catalog"


def frameworks(store: Store) -> Result:
    """Every framework version in the catalog: id, title, version, issue date, publisher, status, ..."""
    return store.query(parse_named_query(CATALOG_QUERIES / "frameworks.rq").bind({}))
