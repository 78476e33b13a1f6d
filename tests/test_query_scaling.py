"""Every query keeps the shape that lets it grow with the store, not with its square.

The server judges every case over the whole store (the standing rules, the lint checks and the shapes'
SPARQL constraints, which validation runs once over the union of the graphs), a matrix runs its report
queries over it, and an analyst's named query may too. Inside ``FILTER EXISTS`` / ``NOT EXISTS``,
Oxigraph evaluates a join of two patterns (or a path of several steps) over the whole store for every
row it tests (oxigraph/oxigraph#885): four checks written that way took 1 to 5 s at 1,000 cases and four
to five times as long at 2,000. So each EXISTS group tests one step and nests the next in its own EXISTS
(see "Contributing" in the README); ``bench/bench_growth.py`` measures the growth itself. This test reads
every query of the package and every SPARQL constraint of the shapes and names the groups that join more.

Whether Oxigraph evaluates such a group as a scan per row can also change from one evaluation to the next:
the path ``prov:wasGeneratedBy/sc:testedModel`` under NOT EXISTS in EvidenceTestedModelShape took 0.06 s or
44 to 47 s on the same 2,000-case store, the same text, even in one process, so a timing does not clear a group.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyparsing import ParseResults
from rdflib import Graph
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from safetycase_kg.analysis.lint import CHECKS
from safetycase_kg.analysis.standing import RULES
from safetycase_kg.core.namespaces import PREFIXES, QUERIES_DIR, SHAPES_DIR
from safetycase_kg.ingest.validate import split_shapes

# The judgement's queries, and every other query of the package: named queries, reports, pages, exports (a
# matrix runs its report queries over the whole store; an analyst's named query may too).
QUERIES = sorted({r.query.path for r in RULES.values()} | {c.query.path for c in CHECKS.values() if c.query}
                 | set(QUERIES_DIR.rglob("*.rq")), key=str)
# Groups that join more than one step, each measured: nesting it was slower, or few rows ever reach it.
MEASURED = {
    # EXISTS { ?watched a sc:OperationalContext ; sc:model|...|sc:modelInRole/sc:roleModel ?changed }: one row
    # per change event that affects a watched item reaches it; 15 ms at 1,000 cases, 32 ms at 2,000.
    "standing/case-reopened": 1,
    # EXISTS { ?case sc:operationalContext|sc:operationalContext/sc:model|sc:developer ?holder . ?holder ?fact
    # ?value ... }, five tests per case and condition: nested (the same answers), a matrix's read of the EU AI
    # Act at 1,000 cases took 1.21 s instead of 0.81 s (three runs each); as written, 0.69 to 0.82 s in twelve
    # evaluations over six processes.
    "catalog/clause-applicability": 5,
}
EXISTS = ("Builtin_EXISTS", "Builtin_NOTEXISTS")


def _shape_constraints() -> dict[str, str]:
    shapes = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        shapes.parse(path)
    found: dict[str, str] = {}
    for c in split_shapes(shapes)[1]:
        name = str(c.shape).rsplit("#", 1)[-1]
        found[name if name not in found else f"{name}-{len(found)}"] = c.select
    return found


SHAPE_CONSTRAINTS = _shape_constraints()


def test_every_query_is_read() -> None:
    # the test below must not pass for want of queries: the rules, the checks and each folder of queries
    folders = {p.parent.name for p in QUERIES}
    assert {"standing", "reports", "catalog", "pages", "exchange", "impact", "lint", "queries"} <= folders, folders


def steps(predicate) -> int:
    """The steps of a property path: its longest sequence (alternatives of one step are one step)."""
    if isinstance(predicate, CompValue) and predicate.name == "PathAlternative":
        return max(steps(sequence) for sequence in predicate["part"])
    if isinstance(predicate, CompValue) and predicate.name == "PathSequence":
        return len(predicate["part"])
    return 1


def joined(group) -> int:
    """How many steps a group pattern joins: its triples' paths, and those of the groups inside it (OPTIONAL,
    UNION, nested braces), but not of the EXISTS inside its filters, which are groups of their own."""
    if isinstance(group, CompValue):
        if group.name in EXISTS or group.name == "Filter":
            return 0
        if group.name == "TriplesBlock":
            return sum(steps(triple[i + 1]) for triple in group["triples"] for i in range(0, len(triple), 3))
        return sum(joined(value) for _, value in group.items())
    if isinstance(group, (list, tuple, ParseResults)):
        return sum(joined(value) for value in group)
    return 0


def exists_groups(node, found: list[int]) -> list[int]:
    """The number of steps each (NOT) EXISTS group in the parse tree joins, outermost first."""
    if isinstance(node, CompValue):
        if node.name in EXISTS:
            found.append(joined(node["graph"]))
        for _, value in node.items():
            exists_groups(value, found)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            exists_groups(value, found)
    return found


def parse(text: str):
    return parseQuery("".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + text)


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", QUERIES, ids=_name)
def test_each_exists_group_of_every_query_tests_one_step(path: Path) -> None:
    groups = exists_groups(parse(path.read_text(encoding="utf-8")), [])
    joins = [n for n in groups if n > 1]
    assert len(joins) == MEASURED.get(_name(path), 0), (
        f"{path.name}: (NOT) EXISTS groups joining {joins} steps; test one pattern per EXISTS and nest the next")


def test_the_shapes_sparql_constraints_are_read() -> None:
    # the test below must not pass for want of constraints (a renamed folder, a changed reader)
    assert len(SHAPE_CONSTRAINTS) >= 20 and "EvidenceTestedModelShape" in SHAPE_CONSTRAINTS


@pytest.mark.parametrize("name", sorted(SHAPE_CONSTRAINTS))
def test_each_exists_group_of_the_shapes_tests_one_step(name: str) -> None:
    # SHACL-SPARQL writes the focus node $this; the SPARQL grammar reads $this as ?this
    groups = exists_groups(parseQuery(SHAPE_CONSTRAINTS[name]), [])
    joins = [n for n in groups if n > 1]
    assert not joins, f"{name}: (NOT) EXISTS groups joining {joins} steps; test one pattern per EXISTS and nest the next"


@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * { ?a :p ?b FILTER NOT EXISTS { ?a :q ?c } }", [1]),
    ("SELECT * { ?a :p ?b FILTER NOT EXISTS { ?a :q ?c . ?c :r ?d } }", [2]),
    ("SELECT * { ?a :p ?b FILTER NOT EXISTS { ?a :q ?c ; :r ?d } }", [2]),
    ("SELECT * { ?a :p ?b FILTER EXISTS { ?a :q/:r ?d } }", [2]),
    ("SELECT * { ?a :p ?b FILTER EXISTS { ?a :q|:r ?d } }", [1]),
    ("SELECT * { ?a :p ?b FILTER EXISTS { ?a :q+ ?d } }", [1]),
    ("SELECT * { ?a :p ?b FILTER EXISTS { ?a :q ?c FILTER EXISTS { ?c :r ?d } } }", [1, 1]),
    ("SELECT * { ?a :p ?b BIND (EXISTS { ?a :q ?c OPTIONAL { ?c :r ?d } } AS ?x) }", [2]),
    ("SELECT * { ?a :p ?b FILTER (EXISTS { ?a :q ?c } || NOT EXISTS { ?a :r ?c . ?c :s ?d }) }", [1, 2]),
])
def test_the_steps_an_exists_group_joins_are_counted(text: str, expected: list[int]) -> None:
    assert exists_groups(parse("PREFIX : <http://example.org/>\n" + text), []) == expected
