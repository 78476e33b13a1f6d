"""Drawn triples indexed for the plain graph searches that tests hold fast query forms to."""

from __future__ import annotations

from collections import defaultdict


class TripleIndex:
    """Objects by (subject, property) and subjects by (property, object) of triples tagged with their graph."""

    def __init__(self, tagged) -> None:
        self.objects: dict[tuple, set] = defaultdict(set)
        self.subjects: dict[tuple, set] = defaultdict(set)
        for (s, p, o), _ in tagged:
            self.objects[s, p].add(o)
            self.subjects[p, o].add(s)

    def reached(self, node, prop) -> set:
        """Every node at the end of one or more ``prop`` steps from ``node`` (cycles allowed)."""
        seen, todo = set(), [node]
        while todo:
            for nxt in self.objects[todo.pop(), prop] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen
