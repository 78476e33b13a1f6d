"""Validation of safety cases against the SHACL shapes, fast enough for thousands of cases.

pySHACL checks one focus node at a time in Python (about 20 ms of CPU per case), and evaluates
SPARQL-based constraints with rdflib's engine, slowly; Oxigraph evaluates SPARQL quickly over every
focus node at once. So the shapes run in Oxigraph, over the union of the store's graphs:

* SHACL Core shapes are compiled into queries (``shacl_core``): counts, datatypes, classes, node
  kinds, ranges and patterns of property shapes, for all the focus nodes of a shape in one query;
  the few checks that depend on how a literal is read are made in Python, as pySHACL makes them.
* SHACL-SPARQL constraints (``sh:sparql``) run once per constraint, following the SHACL-SPARQL
  pre-binding of ``$this`` to each target node (the shapes bind ``$this`` in their first triple
  pattern, which makes joining on the targets equivalent).
* A Core shape that uses more of SHACL than ``shacl_core`` compiles still runs in pySHACL, one *unit*
  at a time (a named graph plus the register records it cites and the class hierarchy), in worker
  processes; the shipped shapes need none.

The results are those of plain pySHACL on the union of the same graphs (``reference_validate``); tests
compare the two on the example corpus, on mutants of it, and on generated shapes and data.
"""

from __future__ import annotations

import copy
import json
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import cast

import pyoxigraph as ox
import pyshacl
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..core.namespaces import ONTOLOGY_GRAPH, SH, SHAPES_GRAPH, SYSTEM_GRAPHS
from ..core.procs import worker_pool
from ..core.results import compact
from ..core.store import Store
from ..core.storeapi import GraphStore, Triple
from ..core.terms import from_ox_term, from_ox_triple, to_ox, to_ox_quad
from .shacl_core import SEVERITIES, PropertyCheck, compile_shapes, has_targets, run_checks, target_pattern

CHUNK_SIZE = 20  # cases per pySHACL run
QUERY_THREADS = 2  # validation queries evaluated side by side (each Oxigraph query uses one core)


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, in the terms an analyst needs: what, where, how bad, which file."""

    severity: str
    focus: Node
    path: Node | None
    value: Node | None
    message: str
    shape: Node | None
    component: Node | None
    graph: URIRef | None = field(default=None, compare=False)
    source_file: str | None = field(default=None, compare=False)
    focus_label: str | None = field(default=None, compare=False)

    def key(self) -> tuple:
        """What makes two results the same result, whichever engine produced them."""
        shape = None if isinstance(self.shape, BNode) else self.shape
        return (self.severity, self.focus, self.path if not isinstance(self.path, BNode) else None,
                self.value if not isinstance(self.value, BNode) else None, shape, self.component, self.message)

    def as_dict(self) -> dict:
        def text(node):
            return None if node is None else (f"_:{node}" if isinstance(node, BNode) else str(node))
        return {"severity": self.severity, "focus": text(self.focus), "path": text(self.path),
                "value": text(self.value), "message": self.message, "shape": text(self.shape),
                "component": text(self.component), "graph": text(self.graph), "source_file": self.source_file,
                "focus_label": self.focus_label or compact(self.focus)}


@dataclass
class ValidationReport:
    results: list[ValidationResult]
    units: int = 0

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "units": self.units,
                           "violations": self.count("Violation"), "warnings": self.count("Warning"),
                           "results": [r.as_dict() for r in self.results]}, indent=2)

    def to_text(self) -> str:
        lines = []
        for r in self.results:
            where = r.source_file or (str(r.graph) if r.graph else "")
            path = f" [{compact(r.path)}]" if r.path is not None else ""
            lines.append(f"{r.severity}: {where}: {r.focus_label or compact(r.focus)}{path}: {r.message}")
        verdict = "conforms" if self.conforms else "does not conform"
        lines.append(f"{self.units} graph(s) checked: {verdict} "
                     f"({self.count('Violation')} violation(s), {self.count('Warning')} warning(s))")
        return "\n".join(lines)


# --- shapes --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SparqlConstraint:
    shape: Node
    node: Node
    select: str
    messages: tuple[str, ...]
    severity: str
    shape_path: Node | None
    target_classes: tuple[Node, ...]
    target_subjects_of: tuple[Node, ...]


def split_shapes(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """The shapes graph without its SPARQL constraints, and those constraints on their own."""
    core = Graph()
    sparql_nodes = set(shapes.objects(None, SH.sparql))
    for t in shapes:
        if t[1] == SH.sparql:
            continue
        core.add(t)
    constraints = []
    for shape, node in shapes.subject_objects(SH.sparql):
        if (node, SH.deactivated, Literal(True)) in shapes or (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        prefixes = _declared_prefixes(shapes, node)
        select = prefixes + str(shapes.value(node, SH.select))
        messages = tuple(str(m) for m in shapes.objects(node, SH.message)) or \
            tuple(str(m) for m in shapes.objects(shape, SH.message))
        severity = SEVERITIES.get(shapes.value(shape, SH.severity), "Violation")
        constraints.append(SparqlConstraint(
            shape, node, select, messages, severity, shapes.value(shape, SH.path),
            tuple(shapes.objects(shape, SH.targetClass)), tuple(shapes.objects(shape, SH.targetSubjectsOf))))
    del sparql_nodes
    return core, constraints


def _declared_prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for ontology in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(ontology, SH.declare):
            lines.append(f"PREFIX {shapes.value(decl, SH.prefix)}: <{shapes.value(decl, SH.namespace)}>")
    return "\n".join(lines) + "\n"


def class_hierarchy(ontology: Graph) -> list[Triple]:
    """The rdfs:subClassOf triples between named classes: what SHACL needs for targets and sh:class."""
    return [(s, p, o) for s, p, o in ontology.triples((None, RDFS.subClassOf, None))
            if isinstance(s, URIRef) and isinstance(o, URIRef)]


# --- SHACL Core in pySHACL, a few cases per run, in worker processes ------------------------------

@dataclass(frozen=True)
class _CoreRun:
    """What one pySHACL run needs besides the units: the Core shapes, the predicates they can look at,
    the class hierarchy, and the shared register records indexed by subject. Each validation has its
    own (a case is validated with only the records it cites), so none is kept where a concurrent
    validation in another thread could see it."""

    shapes: Graph
    predicates: frozenset[str] | None
    hierarchy: list[Triple]
    registers: dict[Node, list[Triple]]


_parsed_lock = threading.Lock()
_parsed: dict[str, tuple[Graph, frozenset[str] | None]] = {}  # the last Core shapes parsed, by their N-Triples
_WORKER: _CoreRun | None = None  # a worker process's run, set once by ``_init_worker``


class _Parameters(list):
    """pySHACL's list of constraint parameters with a hashed membership test.

    pySHACL asks whether each predicate of a shape is a constraint parameter with ``in`` on this
    list, for every shape at every focus and value node: a linear scan of rdflib terms that took
    about a fifth of its time on our shapes. Same members, same answers, a set lookup. pySHACL
    caches the list on its ``shape`` module and copies it (``list.copy``) where it adds to it."""

    def __init__(self, items) -> None:
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item) -> bool:
        return item in self._members


def _hash_constraint_parameters() -> None:
    try:
        from pyshacl import shape
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:  # another pySHACL layout: it works, only slower
        return
    if not isinstance(getattr(shape, "CONSTRAINT_PARAMS", (None,))[0], _Parameters):
        setattr(shape, "CONSTRAINT_PARAMS", (_Parameters(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP))  # noqa: B010 (pySHACL declares no such name)


def _core_run(core_nt: str, hierarchy: list[Triple], registers_nt: bytes) -> _CoreRun:
    """Parse the shapes (once per process while they do not change: the server validates every write
    with the same shapes) and index the shared register records."""
    _hash_constraint_parameters()
    with _parsed_lock:
        if core_nt not in _parsed:
            shapes = Graph().parse(data=core_nt, format="nt")
            _parsed.clear()
            _parsed[core_nt] = (shapes, _predicates_needed(shapes))
        shapes, predicates = _parsed[core_nt]
    index: dict[Node, list[Triple]] = {}
    for t in _parse_nt(registers_nt):
        index.setdefault(t[0], []).append(t)
    return _CoreRun(shapes, predicates, hierarchy, index)


def _init_worker(core_nt: str, hierarchy: list[Triple], registers_nt: bytes) -> None:
    global _WORKER
    _WORKER = _core_run(core_nt, hierarchy, registers_nt)


def _predicates_needed(shapes: Graph) -> frozenset[str] | None:
    """The predicates Core shapes can look at: their sh:path IRIs, rdf:type and rdfs:subClassOf.
    Other triples cannot change a Core result, so they are left out of pySHACL's graph. None (keep
    everything) when a shape uses a complex path or sh:closed, which could see any predicate."""
    paths = set(shapes.objects(None, SH.path))
    if any(not isinstance(p, URIRef) for p in paths) or any(shapes.triples((None, SH.closed, None))):
        return None
    return frozenset(str(p) for p in paths | {RDF.type, RDFS.subClassOf})


def _parse_nt(data: bytes) -> Iterator[Triple]:
    for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        yield from_ox_triple(q)


def _closure(start: Iterable[Node], registers: Mapping[Node, list[Triple]]) -> list[Triple]:
    """The register records a unit cites, followed transitively through the registers."""
    todo, seen, out = list(start), set(), []
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for t in registers.get(node, ()):
            out.append(t)
            if isinstance(t[2], (URIRef, BNode)) and t[2] not in seen:
                todo.append(t[2])
    return out


def _validate_chunk(units: list[tuple[URIRef, bytes]]) -> list[ValidationResult]:
    """``_validate_units`` in a worker process, with the run its initializer prepared."""
    if _WORKER is None:
        raise RuntimeError("a validation worker must run _init_worker first")
    return _validate_units(_WORKER, units)


def _validate_units(run: _CoreRun, units: list[tuple[URIRef, bytes]]) -> list[ValidationResult]:
    """One pySHACL run over a few units side by side: units are independent, so their union gives
    each unit's own results, while pySHACL's per-run set-up is paid once per chunk, not per case.
    Each result is attributed to the unit whose graph holds its focus node."""
    data = Graph()
    home: dict[Node, URIRef] = {}
    needed = run.predicates
    for name, nt in units:
        quads = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
        for q in quads:
            if needed is None or q.predicate.value in needed:
                subject = from_ox_term(q.subject)
                data.add((subject, URIRef(q.predicate.value), from_ox_term(q.object)))
                home.setdefault(subject, name)
        # Every IRI the unit mentions, as subject or object: a case file may itself describe a register
        # record (to mark it public, say), and the register's facts about that record still apply.
        cited = {URIRef(term.value) for q in quads for term in (q.subject, q.object)
                 if isinstance(term, ox.NamedNode)}
        for t in _closure(cited, run.registers):
            if needed is None or str(t[1]) in needed:
                data.add(t)
    for t in run.hierarchy:
        data.add(t)
    _, report, _ = pyshacl.validate(data, shacl_graph=run.shapes, inference="none",
                                    allow_warnings=True, allow_infos=True)
    return [replace_graph(r, home.get(r.focus)) for r in results_from_report(report)]


def replace_graph(result: ValidationResult, graph: URIRef | None) -> ValidationResult:
    return ValidationResult(**{**result.__dict__, "graph": graph})


def results_from_report(report: Graph) -> list[ValidationResult]:
    """Read pySHACL's validation report graph into ValidationResult objects."""
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        severity = SEVERITIES.get(report.value(r, SH.resultSeverity), "Violation")
        messages = sorted(str(m) for m in report.objects(r, SH.resultMessage))
        out.append(ValidationResult(
            severity, cast(Node, report.value(r, SH.focusNode)),  # every SHACL result has one
            report.value(r, SH.resultPath),
            report.value(r, SH.value), " ".join(messages), report.value(r, SH.sourceShape),
            report.value(r, SH.sourceConstraintComponent)))
    return out


# --- SHACL-SPARQL in Oxigraph --------------------------------------------------------------------

class _Targets:
    """The target nodes of each SPARQL constraint, found once for the constraints that share them
    (claims and strategies, ...), from whichever thread asks first."""

    def __init__(self, ox_store: ox.Store) -> None:
        self.ox_store = ox_store
        self.found: dict[tuple, set[Node]] = {}
        self.lock = threading.Lock()

    def __call__(self, c: SparqlConstraint) -> set[Node]:
        key = (c.target_classes, c.target_subjects_of)
        with self.lock:
            if key not in self.found:
                self.found[key] = _targets(self.ox_store, c)
            return self.found[key]


def run_sparql_constraint(ox_store: ox.Store, c: SparqlConstraint, targets: Callable[[SparqlConstraint], set[Node]],
                          focus: Callable[[Node], bool] = lambda node: True) -> list[ValidationResult]:
    """Evaluate one SPARQL constraint once over the store's union graph, for all its target nodes at once.

    The union default graph matters: Oxigraph evaluates patterns over the union far faster than over
    an explicit list of graphs. ``focus`` limits the results to the nodes being validated.
    """
    results: list[ValidationResult] = []
    found = targets(c)
    if not found:
        return results
    solutions = _select(ox_store, c.select)
    names = [v.value for v in solutions.variables]
    for sol in solutions:
        # most rows of a shape whose first pattern is not its target class are not targets: test the
        # focus before converting the row (370,000 rows of GsnSolutionIsLeafShape at 10,000 cases)
        this = from_ox_term(sol["this"]) if sol["this"] is not None else None
        if this not in found or not focus(this):
            continue
        bound: dict[str, Node] = {n: from_ox_term(sol[n]) for n in names if sol[n] is not None}
        path = bound.get("path", c.shape_path)
        # SHACL-SPARQL: without ?value, a node shape reports the focus node as the value.
        value = bound.get("value", this if c.shape_path is None else None)
        message = " ".join(sorted(_format(m, bound) for m in c.messages))
        results.append(ValidationResult(c.severity, this, path, value, message, c.shape,
                                        SH.SPARQLConstraintComponent))
    return results


def run_core_checks(ox_store: ox.Store, checks: Sequence[PropertyCheck]) -> list[ValidationResult]:
    """The compiled SHACL Core checks over the store's union graph (``shacl_core``), as results."""
    return [ValidationResult(f.severity, f.focus, f.path, f.value, f.message, f.shape, f.component)
            for f in run_checks(lambda query: _select(ox_store, query), checks)]


def _targets(ox_store: ox.Store, c: SparqlConstraint) -> set[Node]:
    pattern = target_pattern(c.target_classes, c.target_subjects_of)
    if not pattern:
        return set()
    query = "SELECT DISTINCT ?this WHERE { " + pattern + " }"
    return {from_ox_term(sol["this"]) for sol in _select(ox_store, query)}


def _select(ox_store: ox.Store, query: str) -> ox.QuerySolutions:
    """The solutions of a SELECT over the union of the store's graphs."""
    solutions = ox_store.query(query, use_default_graph_as_union=True)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:200]}")
    return solutions


def _format(message: str, bound: Mapping[str, Node]) -> str:
    import re
    for var, val in bound.items():
        message = re.sub(f"{{[?$]{re.escape(var)}}}", str(val).replace("\\", "\\\\"), message)
    return message


# --- the validator ---------------------------------------------------------------------------------

_validators_lock = threading.Lock()
_validators: weakref.WeakKeyDictionary[GraphStore, tuple[int | None, Validator]] = weakref.WeakKeyDictionary()


class Validator:
    """Validates named graphs held in an Oxigraph store against the shapes."""

    def __init__(self, shapes: Graph, ontology: Graph, *, workers: int | None = None, compile_core: bool = True) -> None:
        """``compile_core=False`` leaves every Core shape to pySHACL: the previous engine, which the
        benchmarks time beside this one."""
        core, self.constraints = split_shapes(shapes)
        self.checks, self.core = compile_shapes(core) if compile_core else ([], core)
        self.needs_pyshacl = has_targets(self.core)
        self.hierarchy = class_hierarchy(ontology)
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self._core_nt = self.core.serialize(format="nt")

    @classmethod
    def from_store(cls, store: GraphStore, *, workers: int | None = None) -> Validator:
        """The validator of the store's shapes and ontology; an embedded store's is kept until a system
        graph changes (``Store.system_generation``), so a write does not parse the shapes again."""
        key = store.system_generation if isinstance(store, Store) else None
        with _validators_lock:
            cached = _validators.get(store) if key is not None else None
        if cached is None or cached[0] != key:
            cached = (key, cls(store.graph(SHAPES_GRAPH), store.graph(ONTOLOGY_GRAPH)))
            if key is not None:
                with _validators_lock:
                    _validators[store] = cached
        validator = copy.copy(cached[1])
        validator.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        return validator

    def validate(self, ox_store: ox.Store, graphs: Sequence[URIRef], registers: Sequence[URIRef],
                 sources: Mapping[URIRef, str] | None = None) -> ValidationReport:
        """Validate ``graphs`` (cases or registers) in the store, seeing ``registers`` as shared records."""
        wanted = set(graphs)
        home = _Homes(ox_store, wanted)
        # The SPARQL constraints and the compiled Core checks, one query each, run in threads (Oxigraph
        # releases the GIL while it evaluates); Core shapes that could not be compiled run in pySHACL.
        targets = _Targets(ox_store)
        tasks = [partial(run_sparql_constraint, ox_store, c, targets, lambda node: home(node) is not None)
                 for c in self.constraints]
        tasks += [partial(run_core_checks, ox_store, [check]) for check in self.checks]
        with ThreadPoolExecutor(QUERY_THREADS) as threads:
            jobs = [threads.submit(task) for task in tasks]
            found = self._pyshacl(ox_store, graphs, registers) if self.needs_pyshacl else []
            found += [r for job in jobs for r in job.result()]
        results = [r for r in dedupe(replace_graph(r, r.graph or home(r.focus)) for r in found) if r.graph in wanted]
        sources = sources or {}
        results = [ValidationResult(**{**r.__dict__, "source_file": sources.get(r.graph) if r.graph else None,
                                       "focus_label": _label(ox_store, r.focus)}) for r in results]
        return ValidationReport(results, units=len(graphs))

    def _pyshacl(self, ox_store: ox.Store, graphs: Sequence[URIRef], registers: Sequence[URIRef]) -> list[ValidationResult]:
        """The Core shapes left to pySHACL, one unit (a graph and the register records it cites) at a time."""
        shared = {g: _dump_graph(ox_store, g) for g in registers}
        init = (self._core_nt, self.hierarchy, b"".join(shared.values()))
        # Each chunk is read from the store when the pool asks for it, so the workers validate
        # the first chunks while this thread reads the next ones.
        chunks = ([(g, shared[g] if g in shared else _dump_graph(ox_store, g)) for g in graphs[i:i + CHUNK_SIZE]]
                  for i in range(0, len(graphs), CHUNK_SIZE))
        if self.workers <= 1 or len(graphs) <= CHUNK_SIZE:
            run = _core_run(*init)
            return [r for chunk in chunks for r in _validate_units(run, chunk)]
        with worker_pool(self.workers, _init_worker, init) as pool:
            return [r for chunk in pool.map(_validate_chunk, chunks) for r in chunk]


def _label(ox_store: ox.Store, node: Node, depth: int = 0) -> str:
    """How an analyst finds a node: its CURIE, or for a nested (blank) node the path to it,
    such as ``id:cyber-inability-v1 > acceptabilityCriteria``."""
    if not isinstance(node, BNode) or depth > 4:
        return compact(node)
    for q in ox_store.quads_for_pattern(None, None, to_ox(node), None):
        parent = from_ox_term(q.subject)
        return f"{_label(ox_store, parent, depth + 1)} > {str(q.predicate.value).rsplit('#', 1)[-1]}"
    return compact(node)


def _dump_graph(ox_store: ox.Store, graph: URIRef) -> bytes:
    """N-Triples of one graph, serialised by Oxigraph."""
    return ox_store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph))) or b""


class _Homes:
    """Which validated graph describes a node, looked up only for the nodes that need it."""

    def __init__(self, ox_store: ox.Store, graphs: set[URIRef]) -> None:
        self.ox_store, self.graphs = ox_store, graphs
        self.cache: dict[Node, URIRef | None] = {}

    def __call__(self, node: Node) -> URIRef | None:
        if node not in self.cache:
            subject = to_ox(node)
            self.cache[node] = None if isinstance(subject, ox.Literal) else next((URIRef(q.graph_name.value) for q in
                                     self.ox_store.quads_for_pattern(subject, None, None, None)
                                     if isinstance(q.graph_name, ox.NamedNode) and URIRef(q.graph_name.value) in self.graphs), None)
        return self.cache[node]


def dedupe(results: Iterable[ValidationResult]) -> list[ValidationResult]:
    """One copy of each result (a register record cited by many cases is checked with each)."""
    best: dict[tuple, ValidationResult] = {}
    for r in results:
        if r.key() not in best or (best[r.key()].graph is None and r.graph is not None):
            best[r.key()] = r
    return sorted(best.values(), key=lambda r: (str(r.graph or ""), r.severity != "Violation", str(r.focus), r.message))


def validate_nquads(graphs: Mapping[URIRef, bytes], registers: Mapping[URIRef, bytes], validator: Validator,
                    *, sources: Mapping[URIRef, str] | None = None, context: bytes = b"") -> ValidationReport:
    """Validate graphs that are not in a store yet (a batch being loaded), in a scratch Oxigraph store.
    ``context`` (N-Quads) is what other graphs say about their nodes: the SPARQL constraints read the
    union of graphs, as they do over a whole store, while each Core unit stays its graph and the records
    it cites."""
    scratch = ox.Store()
    for data in {**registers, **graphs}.values():
        scratch.extend(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    if context:
        scratch.extend(ox.parse(context, format=ox.RdfFormat.N_QUADS))
    scratch.extend(to_ox_quad(s, p, o, ONTOLOGY_GRAPH) for s, p, o in validator.hierarchy)
    shared = [g for g in registers if g not in graphs] + [g for g in graphs if g in registers]
    return validator.validate(scratch, list(graphs), shared, sources)


def validate_store(store: GraphStore, graphs: Sequence[URIRef] | None = None, *, workers: int | None = None,
                   validator: Validator | None = None) -> ValidationReport:
    """Validate every case and register in the store (or only ``graphs``)."""
    validator = validator or Validator.from_store(store, workers=workers)
    registers = store.register_graphs()
    names = list(graphs) if graphs is not None else store.case_graphs() + store.template_graphs() + registers
    sources = {g: s.path for g, s in store.sources().items()}
    # the templates too: the shapes' SPARQL constraints read what a case instantiates (a remote store copies
    # only the graphs named here; the embedded one lends them all)
    with store.oxigraph({*names, *registers, *store.template_graphs(), ONTOLOGY_GRAPH}) as ox_store:
        return validator.validate(ox_store, names, registers, sources)


def cited_records(store: GraphStore, graphs: Mapping[URIRef, bytes]) -> dict[URIRef, bytes]:
    """The records of the store's registers and templates that ``graphs`` (N-Quads each) cite, followed
    transitively through them, as N-Quads per graph.

    They are all a shape can look at beyond the graphs themselves (a case's Core unit is the case with
    the records it cites, see ``Validator.validate``), so validating a graph costs the same however
    many cases and records the store holds (a remote store copies its registers and templates to look).
    """
    shared = store.register_graphs() + store.template_graphs()
    names = {ox.NamedNode(str(g)) for g in shared if g not in graphs}
    # subjects too: a case may itself describe a register record (to mark it public, say), and the
    # register's facts about the record still apply to it
    todo: set[ox.NamedNode | ox.BlankNode] = {
        term for data in graphs.values() for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)
        for term in (q.subject, q.object) if isinstance(term, ox.NamedNode)}
    seen: set[ox.NamedNode | ox.BlankNode] = set()
    found: dict[ox.NamedNode, list[ox.Quad]] = {}
    with store.oxigraph(shared) as full:
        while todo:
            node = todo.pop()
            seen.add(node)
            for quad in full.quads_for_pattern(node, None, None, None):
                if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name in names:
                    found.setdefault(quad.graph_name, []).append(quad)
                    if isinstance(quad.object, (ox.NamedNode, ox.BlankNode)) and quad.object not in seen:
                        todo.add(quad.object)
    return {URIRef(g.value): ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"" for g, quads in found.items()}


def validate_cited(store: GraphStore, graphs: Mapping[URIRef, bytes], shared: Iterable[URIRef], validator: Validator,
                   sources: Mapping[URIRef, str] | None = None) -> ValidationReport:
    """Validate ``graphs`` (N-Quads each, in the store or about to be written) as a write does: in a scratch
    store with the store's records they cite, and those of them named in ``shared`` (registers) as shared
    records too, so the cost follows the graphs, not the store."""
    registers = cited_records(store, graphs)
    registers.update({g: graphs[g] for g in shared})
    return validate_nquads(graphs, registers, validator, sources=sources,
                           context=said_elsewhere(store, {**registers, **graphs}))


def said_elsewhere(store: GraphStore, graphs: Mapping[URIRef, bytes]) -> bytes:
    """What the store's other data graphs (not these, not registers, templates or system graphs) say about
    the IRIs these graphs hold, with the unnamed nodes they nest, as N-Quads: an item given a disclosure
    tier or a notice from another graph is judged with it, as a whole-store validation judges it. Only an
    embedded store is searched: a remote one would have to be copied whole to look (its judgements read
    what the graphs and their records say)."""
    if not isinstance(store, Store):
        return b""
    skip = {ox.NamedNode(str(g)) for g in [*graphs, *store.register_graphs(), *store.template_graphs(), *SYSTEM_GRAPHS]}
    iris = {term for data in graphs.values() for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)
            for term in (q.subject, q.object) if isinstance(term, ox.NamedNode)}
    found: list[ox.Quad] = []
    with store.oxigraph() as full:
        todo: list[ox.NamedNode | ox.BlankNode] = list(iris)
        seen: set = set()
        while todo:
            node = todo.pop()
            for q in full.quads_for_pattern(node, None, None, None):
                if isinstance(q.graph_name, ox.NamedNode) and q.graph_name not in skip:
                    found.append(q)
                    if isinstance(q.object, ox.BlankNode) and q.object not in seen:
                        seen.add(q.object)
                        todo.append(q.object)
    return ox.serialize(found, format=ox.RdfFormat.N_QUADS) or b"" if found else b""


def validate_graphs(store: GraphStore, graphs: Sequence[URIRef]) -> ValidationReport:
    """Validate graphs of the store as a write validates them (``validate_cited``): judging one case costs
    what that case holds."""
    own = {g: store.dump([g]) for g in graphs}
    sources = {g: s.path for g in own if (s := store.source_of(g)) is not None}
    return validate_cited(store, own, set(own) & set(store.register_graphs()),
                          Validator.from_store(store, workers=1), sources)


def reference_validate(graphs: Iterable[Sequence[Triple]], shapes: Graph, ontology: Graph) -> list[ValidationResult]:
    """Plain pySHACL over the union of the graphs: the baseline the fast path must agree with."""
    data = Graph()
    for triples in graphs:
        for t in triples:
            data.add(t)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                    allow_warnings=True, allow_infos=True)
    return dedupe(results_from_report(report))


__all__ = [
    "ValidationReport",
    "ValidationResult",
    "Validator",
    "cited_records",
    "reference_validate",
    "split_shapes",
    "validate_cited",
    "validate_graphs",
    "validate_nquads",
    "validate_store",
]
