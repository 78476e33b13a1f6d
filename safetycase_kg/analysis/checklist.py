"""The completion checklist: a case's validation results grouped into what it still needs, in plain words.

An argument imported from another tool is usually only an argument; a frontier AI safety case also needs
a decision boundary, acceptability criteria with an owner, residual risk, dated evidence, defeaters with a
disposition, a decision and review record and review triggers. The judgement stays with the shapes (one
judgement): this module only sorts their results into the items of ``shapes/checklist.ttl``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.namespaces import QUERIES_DIR, SHAPES_GRAPH
from ..core.results import result_rows
from ..core.sparql import parse_named_query
from ..core.storeapi import GraphStore
from ..ingest.validate import ValidationResult

ITEMS_QUERY = QUERIES_DIR / "interchange" / "checklist-items.rq"


@dataclass
class Item:
    label: str
    advice: str
    paths: set = field(default_factory=set)
    shapes: set = field(default_factory=set)
    results: list[ValidationResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        """missing (a Violation), weak (Warnings only) or done."""
        severities = {r.severity for r in self.results}
        return "missing" if "Violation" in severities else "weak" if severities else "done"


@dataclass
class Group:
    label: str
    items: list[Item]

    @property
    def open(self) -> list[Item]:
        return [i for i in self.items if i.status != "done"]


def checklist(store: GraphStore, results: Iterable[ValidationResult]) -> list[Group]:
    """The checklist with each item's results (of one case: pass that case's results only)."""
    groups: dict[str, Group] = {}
    items: dict[str, Item] = {}
    for row in result_rows(store.query(parse_named_query(ITEMS_QUERY).bind({}), graphs=[SHAPES_GRAPH])):
        group, group_label, _, item, label, advice, _, path, shape = row
        if str(item) not in items:
            items[str(item)] = Item(str(label), str(advice))
            groups.setdefault(str(group), Group(str(group_label), [])).items.append(items[str(item)])
        if path is not None:
            items[str(item)].paths.add(path)
        if shape is not None:
            items[str(item)].shapes.add(shape)
    for result in results:
        for entry in items.values():
            if result.path in entry.paths or result.shape in entry.shapes:
                entry.results.append(result)
                break
    return list(groups.values())


def to_text(case: str, groups: list[Group]) -> str:
    """The open items of one case, grouped, each with what to add."""
    lines = [f"Completion checklist for {case}:"]
    for group in groups:
        open_items = group.open
        done = len(group.items) - len(open_items)
        lines.append(f"  {group.label} ({done}/{len(group.items)} done)")
        for item in open_items:
            mark = "[ ]" if item.status == "missing" else "[~]"
            lines.append(f"    {mark} {item.label}: {item.advice} ({len(item.results)} finding(s))")
    return "\n".join(lines)


def as_dict(groups: list[Group]) -> list[dict]:
    return [{"group": g.label, "items": [{"item": i.label, "status": i.status, "advice": i.advice,
                                           "findings": len(i.results)} for i in g.items]} for g in groups]
