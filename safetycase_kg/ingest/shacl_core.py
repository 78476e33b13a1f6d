"""SHACL Core constraints answered by Oxigraph for every focus node at once.

Why: pySHACL checks one focus node at a time in Python, about 20 ms of CPU per case; Oxigraph answers
"which claims have no statement" for every claim of a store in one query. The shapes use a small
part of SHACL Core: node shapes that target a class or the subjects of a predicate, and property
shapes with an IRI path that count values, or check their datatype, class, node kind, range or
pattern. ``compile_shapes`` turns each node shape made only of those into ``PropertyCheck``s and
leaves any other shape to pySHACL, so a shape written later with more of SHACL still works.

Where SHACL's answer depends on how a literal is read (is ``"2025-13-01"^^xsd:date`` well formed,
is ``"0.5"`` at least ``0``, does a string match a regular expression) the values are read in
Python the way pySHACL reads them, through rdflib, once per distinct value; what needs the graph
(counts, classes, node kinds) is asked of Oxigraph. A test compares the results
with plain pySHACL on generated data, value for value.

The data graph is the union of the store's graphs, as for the SHACL-SPARQL constraints; the caller
keeps the results whose focus node lives in a graph being validated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..core.namespaces import SH
from ..core.terms import from_ox_term

SEVERITIES: dict[Node | None, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

# What a node shape may say and still be compiled: annotations, targets and property shapes. Its own
# severity and message apply only to constraints on the focus node itself (here its SHACL-SPARQL ones).
NODE_SHAPE_KEYS = frozenset({RDF.type, RDFS.label, RDFS.comment, SH.targetClass, SH.targetSubjectsOf,
                             SH.property, SH.name, SH.description, SH.severity, SH.message})
PROPERTY_SHAPE_KEYS = frozenset({RDF.type, RDFS.label, RDFS.comment, SH.path, SH.message, SH.severity,
                                 SH.name, SH.description, SH.order, SH.group, SH.minCount, SH.maxCount,
                                 SH.datatype, SH["class"], SH.nodeKind, SH.minInclusive, SH.maxInclusive,
                                 SH.minExclusive, SH.maxExclusive, SH.pattern, SH.flags})
NODE_KINDS = {  # sh:nodeKind value -> the SPARQL test a value must pass
    SH.IRI: "isIRI(?value)", SH.BlankNode: "isBlank(?value)", SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}
COMPONENT = {name: SH[f"{name}ConstraintComponent"] for name in (
    "MinCount", "MaxCount", "Datatype", "Class", "NodeKind", "MinInclusive", "MaxInclusive",
    "MinExclusive", "MaxExclusive", "Pattern")}
RANGES = {  # parameter -> (component, is the comparison of value to bound acceptable)
    SH.minInclusive: ("MinInclusive", lambda c: c >= 0), SH.maxInclusive: ("MaxInclusive", lambda c: c <= 0),
    SH.minExclusive: ("MinExclusive", lambda c: c > 0), SH.maxExclusive: ("MaxExclusive", lambda c: c < 0),
}
# The Python type rdflib gives a well-formed literal of each datatype; other datatypes pass when rdflib
# does not mark them ill-typed (as in pySHACL's DatatypeConstraintComponent).
VALUE_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}


@dataclass(frozen=True)
class Finding:
    """One result of a compiled check, in the fields of a SHACL validation result."""

    severity: str
    focus: Node
    path: URIRef
    value: Node | None
    message: str
    shape: Node
    component: URIRef


@dataclass(frozen=True)
class PropertyCheck:
    """One property shape of one node shape: what its focus nodes are and what it asks of their values."""

    shape: Node
    path: URIRef
    target_classes: tuple[URIRef, ...]
    target_subjects_of: tuple[URIRef, ...]
    severity: str
    message: str
    min_count: int | None = None
    max_count: int | None = None
    datatype: URIRef | None = None
    classes: tuple[URIRef, ...] = ()
    node_kind: URIRef | None = None
    ranges: tuple[tuple[URIRef, Literal], ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()

    def targets(self) -> str:
        """A subquery binding ?this to each focus node once."""
        return "{ SELECT DISTINCT ?this WHERE { " + target_pattern(self.target_classes, self.target_subjects_of) + " } }"

    def finding(self, focus: Node, component: str, value: Node | None = None) -> Finding:
        return Finding(self.severity, focus, self.path, value, self.message, self.shape, COMPONENT[component])


def target_pattern(classes: Iterable[Node], subjects_of: Iterable[Node]) -> str:
    """The graph pattern binding ?this to the focus nodes of sh:targetClass and sh:targetSubjectsOf
    (instances of a subclass included); empty when there are none."""
    union = [f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* <{c}> }}" for c in classes]
    union += [f"{{ ?this <{p}> ?_any }}" for p in subjects_of]
    return " UNION ".join(union)


# --- compiling ------------------------------------------------------------------------------------

def compile_shapes(core: Graph) -> tuple[list[PropertyCheck], Graph]:
    """The checks of every node shape that can be compiled, and the shapes graph with those shapes'
    targets removed, for pySHACL (which then has nothing to do when it holds no other target)."""
    checks: list[PropertyCheck] = []
    rest = Graph()
    for t in core:
        rest.add(t)
    for node_shape in set(core.subjects(RDF.type, SH.NodeShape)):
        compiled = _compile_node_shape(core, node_shape)
        if compiled is None:
            continue
        checks.extend(compiled)
        rest.remove((node_shape, SH.targetClass, None))
        rest.remove((node_shape, SH.targetSubjectsOf, None))
    return checks, rest


def has_targets(shapes: Graph) -> bool:
    """Whether pySHACL would find any focus node to validate with these shapes."""
    return any(True for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf)
               for _ in shapes.triples((None, p, None))) or \
        any(True for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, RDF.type, RDFS.Class) in shapes)


class _Unsupported(Exception):
    """A shape uses more of SHACL than is compiled here: pySHACL validates it."""


def _compile_node_shape(core: Graph, node_shape: Node) -> list[PropertyCheck] | None:
    try:
        if set(core.predicates(node_shape)) - NODE_SHAPE_KEYS or (node_shape, RDF.type, RDFS.Class) in core:
            raise _Unsupported
        classes = tuple(sorted(_iri(o) for o in core.objects(node_shape, SH.targetClass)))
        subjects_of = tuple(sorted(_iri(o) for o in core.objects(node_shape, SH.targetSubjectsOf)))
        return [_compile_property_shape(core, shape, classes, subjects_of)
                for shape in core.objects(node_shape, SH.property)]
    except _Unsupported:
        return None


def _compile_property_shape(core: Graph, shape: Node, classes: tuple[URIRef, ...],
                            subjects_of: tuple[URIRef, ...]) -> PropertyCheck:
    if set(core.predicates(shape)) - PROPERTY_SHAPE_KEYS:
        raise _Unsupported
    messages = sorted(str(m) for m in core.objects(shape, SH.message))
    if not messages:  # pySHACL writes a message of its own where a shape has none
        raise _Unsupported
    node_kind = _one(core, shape, SH.nodeKind)
    if node_kind is not None and node_kind not in NODE_KINDS:
        raise _Unsupported
    flags = str(_one(core, shape, SH.flags) or "").lower()
    if set(flags) - set("im"):
        raise _Unsupported
    re_flags = (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0)
    try:
        patterns = tuple(re.compile(str(_literal(p)), re_flags) for p in core.objects(shape, SH.pattern))
    except re.error as e:
        raise _Unsupported from e
    datatype = _one(core, shape, SH.datatype)
    severity = _one(core, shape, SH.severity)
    return PropertyCheck(
        shape, _iri(_one(core, shape, SH.path)), classes, subjects_of,
        SEVERITIES.get(severity if severity is not None else SH.Violation, "Violation"), " ".join(messages),
        min_count=_count(_one(core, shape, SH.minCount)), max_count=_count(_one(core, shape, SH.maxCount)),
        datatype=_iri(datatype) if datatype is not None else None,
        classes=tuple(sorted(_iri(c) for c in core.objects(shape, SH["class"]))),
        node_kind=node_kind if isinstance(node_kind, URIRef) else None,
        ranges=tuple((p, _literal(lit)) for p in RANGES for lit in core.objects(shape, p)),
        patterns=patterns)


def _one(core: Graph, shape: Node, parameter: URIRef) -> Node | None:
    values = list(core.objects(shape, parameter))
    if len(values) > 1:
        raise _Unsupported
    return values[0] if values else None


def _iri(node: Node | None) -> URIRef:
    if not isinstance(node, URIRef):
        raise _Unsupported
    return node


def _literal(node: Node) -> Literal:
    if not isinstance(node, Literal):
        raise _Unsupported
    return node


def _count(node: Node | None) -> int | None:
    """A count parameter's value: a non-negative integer literal."""
    if node is None:
        return None
    if isinstance(node, Literal) and isinstance(node.value, int) and not isinstance(node.value, bool) and node.value >= 0:
        return node.value
    raise _Unsupported


# --- evaluating -----------------------------------------------------------------------------------

Select = Callable[[str], Iterable[ox.QuerySolution]]


def run_checks(select: Select, checks: Sequence[PropertyCheck]) -> list[Finding]:
    """Every finding of the checks over the data ``select`` queries (a SELECT over the union graph)."""
    out: list[Finding] = []
    for check in checks:
        out.extend(_count_findings(select, check))
        out.extend(_graph_findings(select, check))
        out.extend(_value_findings(select, check))
    return out


def _count_findings(select: Select, check: PropertyCheck) -> Iterator[Finding]:
    low, high = check.min_count, check.max_count
    if low is None and high is None:
        return
    if low == 1 and high is None:  # the common case, without counting
        query = (f"SELECT ?this WHERE {{ {check.targets()} "
                 f"FILTER NOT EXISTS {{ ?this <{check.path}> ?value }} }}")
        for sol in select(query):
            yield check.finding(from_ox_term(sol["this"]), "MinCount")
        return
    # HAVING is evaluated before the projection names the count, so it repeats the aggregate
    count = "COUNT(DISTINCT ?value)"
    having = " || ".join(f for f in (f"{count} < {low}" if low else "",
                                     f"{count} > {high}" if high is not None else "") if f)
    if not having:
        return
    optional = "OPTIONAL" if low else ""
    query = (f"SELECT ?this ({count} AS ?n) WHERE {{ {check.targets()} "
             f"{optional} {{ ?this <{check.path}> ?value }} }} GROUP BY ?this HAVING ({having})")
    for sol in select(query):
        n = int(sol["n"].value)
        focus = from_ox_term(sol["this"])
        if low is not None and n < low:
            yield check.finding(focus, "MinCount")
        if high is not None and n > high:
            yield check.finding(focus, "MaxCount")


def _graph_findings(select: Select, check: PropertyCheck) -> Iterator[Finding]:
    """sh:class and sh:nodeKind, which Oxigraph answers from the graph."""
    tests: dict[str, str] = {}  # component -> an expression true when ?value fails it
    if check.node_kind is not None:
        tests["NodeKind"] = f"!{NODE_KINDS[check.node_kind]}"
    if check.classes:
        tests["Class"] = " || ".join(f"NOT EXISTS {{ ?value <{RDF.type}>/<{RDFS.subClassOf}>* <{c}> }}"
                                     for c in check.classes)
    if not tests:
        return
    binds = " ".join(f"BIND ({expression} AS ?{name})" for name, expression in tests.items())
    query = (f"SELECT DISTINCT ?this ?value {' '.join('?' + n for n in tests)} WHERE {{ {check.targets()} "
             f"?this <{check.path}> ?value . {binds} FILTER ({' || '.join('?' + n for n in tests)}) }}")
    for sol in select(query):
        focus, value = from_ox_term(sol["this"]), from_ox_term(sol["value"])
        for name in tests:
            if sol[name] is not None and sol[name].value == "true":
                yield check.finding(focus, name, value)


def _value_findings(select: Select, check: PropertyCheck) -> Iterator[Finding]:
    """sh:datatype, value ranges and sh:pattern, read as pySHACL reads each value (through rdflib)."""
    if check.datatype is None and not check.ranges and not check.patterns:
        return
    judged: dict[object, list[str]] = {}
    query = f"SELECT DISTINCT ?this ?value WHERE {{ {check.targets()} ?this <{check.path}> ?value }}"
    for sol in select(query):
        raw = sol["value"]
        if raw not in judged:
            judged[raw] = _failed_components(check, from_ox_term(raw))
        if judged[raw]:
            focus, value = from_ox_term(sol["this"]), from_ox_term(raw)
            for component in judged[raw]:
                yield check.finding(focus, component, value)


def _failed_components(check: PropertyCheck, value: Node) -> list[str]:
    failed = []
    if check.datatype is not None and not datatype_matches(value, check.datatype):
        failed.append("Datatype")
    failed += [RANGES[p][0] for p, bound in check.ranges if not in_range(value, p, bound)]
    if check.patterns and any(not _matches(p, value) for p in check.patterns):
        failed.append("Pattern")
    return failed


def datatype_matches(value: Node, datatype: URIRef) -> bool:
    """SHACL's sh:datatype as pySHACL reads it: a literal of that datatype that rdflib reads as well
    formed (plain strings are xsd:string, language strings rdf:langString, every literal rdfs:Literal)."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
        expected = VALUE_TYPES.get(datatype)
        return expected is None or isinstance(value.value, expected)
    if datatype == RDFS.Literal or (datatype == RDFS.Datatype and value.datatype is not None):
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return isinstance(value.value, (str, bytes))
    if datatype == RDF.langString and value.language:
        return isinstance(value.value, (str, bytes))
    return False


def in_range(value: Node, parameter: URIRef, bound: Literal) -> bool:
    """sh:minInclusive and its kin as pySHACL reads them: only literals compare, a string only with a string."""
    if not isinstance(value, Literal) or isinstance(value.value, str) != isinstance(bound.value, str):
        return False
    try:
        return bool(RANGES[parameter][1](compare_literal(value, bound)))
    except (TypeError, NotImplementedError, ArithmeticError):  # NaN: pySHACL stops there
        return False


def _matches(pattern: re.Pattern[str], value: Node) -> bool:
    return not isinstance(value, BNode) and pattern.search(str(value)) is not None


__all__ = ["Finding", "PropertyCheck", "compile_shapes", "datatype_matches", "has_targets", "in_range", "run_checks"]
