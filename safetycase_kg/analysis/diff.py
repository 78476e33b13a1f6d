"""What changed between two versions of a safety case: claims, evidence, defeaters, decisions.

Elements of a case version are named ``<case-id>/<local>`` (G1, E2, D1, ...), so the same element in
two versions is matched by its local name; shared records (register evidence) by their own IRI.
Nested (blank) nodes are compared by their content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import cast

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ..core.errors import SafetyCaseKGError
from ..core.namespaces import SC
from ..core.results import compact, result_rows
from ..core.storeapi import GraphStore
from ..outputs.export import resolve_case

KINDS = {SC.hasClaim: "claim", SC.hasStrategy: "strategy", SC.hasAssumption: "assumption",
         SC.hasJustification: "justification", SC.hasContext: "context", SC.hasEvidence: "evidence",
         SC.hasDefeater: "defeater"}
RECORDS = {SC.decisionRecord: "decision", SC.reviewRecord: "review record", SC.acceptabilityCriteria: "acceptability",
           SC.operationalContext: "operational context"}


class DiffError(SafetyCaseKGError):
    """The versions to compare cannot be found."""

    http_status = 404


@dataclass
class CaseDiff:
    old: URIRef
    new: URIRef
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str, list[tuple[str, str, str]]]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({
            "from": str(self.old), "to": str(self.new),
            "added": [{"kind": k, "element": e} for k, e in self.added],
            "removed": [{"kind": k, "element": e} for k, e in self.removed],
            "changed": [{"kind": k, "element": e,
                         "changes": [{"property": p, "from": a, "to": b} for p, a, b in ch]}
                        for k, e, ch in self.changed]}, indent=2)

    def to_text(self) -> str:
        lines = [f"{compact(self.old)} -> {compact(self.new)}"]
        lines += [f"+ {k} {e}" for k, e in self.added]
        lines += [f"- {k} {e}" for k, e in self.removed]
        for k, e, changes in self.changed:
            lines.append(f"~ {k} {e}")
            lines += [f"    {p}: {a or '(none)'} -> {b or '(none)'}" for p, a, b in changes]
        if len(lines) == 1:
            lines.append("no differences")
        return "\n".join(lines)


def diff_versions(store: GraphStore, case: str, old: str | None = None, new: str | None = None) -> CaseDiff:
    """Compare two versions; with only ``case``, compare it with the version it supersedes."""
    if (old is None) != (new is None):
        raise DiffError("give both versions to compare, or neither")
    if old is None or new is None:  # both, by the check above
        new_iri = resolve_case(store, case)
        previous = [cast(URIRef, row[0])
                    for row in result_rows(store.query("SELECT ?old WHERE { ?new sc:supersedes ?old }", {"new": new_iri}))]
        if not previous:
            raise DiffError(f"{compact(new_iri)} supersedes no earlier version; name two versions to compare")
        old_iri = previous[0]
    else:
        old_iri, new_iri = resolve_case(store, old), resolve_case(store, new)
    a, b = store.graph(old_iri), store.graph(new_iri)
    result = CaseDiff(old_iri, new_iri)
    _compare_elements(result, a, b)
    _compare_records(result, a, b)
    return result


def _local(case: URIRef, node: Node) -> str:
    prefix = str(case) + "/"
    return str(node)[len(prefix):] if str(node).startswith(prefix) else compact(node)


def _elements(g: Graph, case: URIRef) -> dict[tuple[str, str], Node]:
    return {(kind, _local(case, el)): el for prop, kind in KINDS.items() for el in g.objects(case, prop)}


def _compare_elements(result: CaseDiff, a: Graph, b: Graph) -> None:
    old, new = _elements(a, result.old), _elements(b, result.new)
    result.added = sorted(set(new) - set(old))
    result.removed = sorted(set(old) - set(new))
    for key in sorted(set(old) & set(new)):
        changes = _changes(_describe(a, old[key], result.old), _describe(b, new[key], result.new))
        if changes:
            result.changed.append((*key, changes))


def _compare_records(result: CaseDiff, a: Graph, b: Graph) -> None:
    for prop, kind in RECORDS.items():
        x, y = a.value(result.old, prop), b.value(result.new, prop)
        changes = _changes(_describe(a, x, result.old) if x else {}, _describe(b, y, result.new) if y else {})
        if changes:
            result.changed.append((kind, "", changes))


def _describe(g: Graph, node: Node, case: URIRef, depth: int = 0) -> dict[str, str]:
    """Property -> sorted values of a node, with nested blank nodes flattened into dotted keys.
    References to the case's own elements are written by local name, so versions compare."""
    values: dict[str, list[str]] = {}
    for p, o in g.predicate_objects(node):
        key = compact(p)
        if isinstance(o, BNode) and depth < 3:
            for sub, text in _describe(g, o, case, depth + 1).items():
                values.setdefault(f"{key}.{sub}", []).append(text)
        else:
            values.setdefault(key, []).append(_local(case, o) if isinstance(o, URIRef) else str(o))
    return {k: ", ".join(sorted(v)) for k, v in values.items()}


def _changes(x: dict[str, str], y: dict[str, str]) -> list[tuple[str, str, str]]:
    return [(k, x.get(k, ""), y.get(k, "")) for k in sorted(set(x) | set(y)) if x.get(k) != y.get(k)]
