"""The one store interface: every command, the server, reports and exports read and write through it.

The default backend is an embedded Oxigraph store (a folder on disk, or memory for tests). Each case
version lives in its own named graph; the ontology, vocabularies, shapes and catalog live in system
graphs; every load leaves a provenance record. Writes are atomic: a batch is fully parsed (and, when
asked, validated) before the first write, and the write itself is a single Oxigraph transaction.

A write is durable when its transaction returns (RocksDB's write-ahead log); the store does not
flush memory tables to table files after each write. A flush starts background work in RocksDB's
own threads, and a query worker forked while one of them holds a lock hangs until the time limit
kills it (measured: 15 of about 200 reviewer queries after one-triple writes, none without the
flush). The store flushes when it is closed.

Every write is also recorded in a short journal (``changes_since``): which graphs it touched, which
subjects they held before, what it added to the provenance graph. Derived data such as the public
view uses it to catch up graph by graph instead of rebuilding from the whole store.

A command that only reads may open the folder read-only (``Store(path, read_only=True)``) while
another process (the server) holds it for writing: it sees the store as it was when it was opened.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import weakref
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Identifier, Node

from .locks import oxigraph_access
from .namespaces import PREFIXES, PROVENANCE_GRAPH, SYSTEM_GRAPHS
from .results import Solutions
from .sparql import substitute
from .storeapi import GraphSource, GraphStore, SparqlSyntaxError, StoreError, Triple, provenance_triples
from .terms import from_ox, from_ox_term, from_ox_triple, to_ox, to_ox_quad

__all__ = ["GraphSource", "GraphStore", "Store", "StoreError", "Triple", "from_ox", "to_ox"]

Subject = ox.NamedNode | ox.BlankNode | ox.Triple
BULK_THRESHOLD = 20_000  # quads; larger batches of new graphs go through the bulk loader
JOURNAL_LENGTH = 256  # writes remembered for derived views; one that falls further behind rebuilds
_PROVENANCE = ox.NamedNode(str(PROVENANCE_GRAPH))
_SYSTEM = frozenset(ox.NamedNode(str(g)) for g in SYSTEM_GRAPHS) - {_PROVENANCE}


@dataclass(frozen=True)
class Change:
    """One write, as a derived view needs it to catch up without looking at the rest of the store.

    ``graphs`` were replaced, created, added to or dropped; ``subjects`` are the subjects they held
    before the write (their new content is in the store); ``provenance`` are the quads the write
    appended to the provenance graph, which is only ever appended to. ``system`` is true when a
    system graph other than the provenance changed: the rules of every derived view may have changed.
    """

    generation: int
    graphs: frozenset[ox.NamedNode]
    subjects: frozenset[Subject] = frozenset()
    provenance: tuple[ox.Quad, ...] = ()
    system: bool = False



_TEMPORARY_PREFIX = "safetycase-kg-copy-"  # then the owning process id and a random part


def _remove_orphaned_folders() -> None:
    """Remove the temporary stores of processes that are gone (killed before they could remove them)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_TEMPORARY_PREFIX}*"):
        pid = folder.name[len(_TEMPORARY_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and folder.is_dir() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal sent: only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    return True


class Store(GraphStore):
    """A safety-case store on Oxigraph. ``Store()`` is in memory; ``Store(path)`` persists to a folder."""

    def __init__(self, path: str | Path | None = None, *, install_system_graphs: bool = True,
                 read_only: bool = False) -> None:
        self.path = Path(path) if path else None
        self.read_only = read_only
        if self.path and read_only:
            if not (self.path / "CURRENT").is_file():
                raise StoreError(f"{self.path}: no store here")
            self._ox = ox.Store.read_only(str(self.path))
        elif self.path:
            self.path.mkdir(parents=True, exist_ok=True)
            self._ox = ox.Store(str(self.path))
        else:
            self._ox = ox.Store()
        self.copied_from: weakref.ref[Store] | None = None  # set on an in-memory copy (``core.mirror``)
        self._owner: int | None = None  # the process that made a temporary store: it alone removes the folder
        self.generation = 0  # bumped on every write, so derived views (the public view) know to catch up
        self.system_generation = 0  # bumped when a system graph changes (what is derived from the shapes)
        self._journal: deque[Change] = deque(maxlen=JOURNAL_LENGTH)
        if install_system_graphs and not read_only:
            self.install_system_graphs()

    @classmethod
    def from_nquads(cls, data: bytes) -> Store:
        """A new in-memory store holding exactly these N-Quads, blank-node labels kept (no system graphs added).

        Loading through ``replace_nquads`` would rename blank nodes; a derived copy (the public view) keeps
        them so that the same resource carries the same label after every rebuild."""
        copy = cls(install_system_graphs=False)
        copy._ox.extend(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        return copy

    @classmethod
    def copy_of(cls, store: GraphStore, *, on_disk: bool = False) -> Store:
        """A new store holding every quad of ``store``, blank-node labels kept (so the graphs a later write
        changes come with the same labels as the rest), without a round trip through N-Quads when the source
        is embedded. In memory, or ``on_disk`` in a folder of its own that goes with it (``temporary``)."""
        if not isinstance(store, Store) and not on_disk:
            return cls.from_nquads(store.dump())
        copy = cls.temporary() if on_disk else cls(install_system_graphs=False)
        if not isinstance(store, Store):
            copy._ox.bulk_extend(ox.parse(store.dump(), format=ox.RdfFormat.N_QUADS))
            return copy
        with store.oxigraph() as full:
            copy._ox.bulk_extend(full.quads_for_pattern(None, None, None, None))
        return copy

    @classmethod
    def temporary(cls) -> Store:
        """An empty store on disk in a new folder of the system's temporary directory, removed when the
        store is let go by the process that made it (a forked worker that drops its copy removes nothing),
        or, after a crash, by the next process that makes one. For a derived copy too large to hold in
        memory (``redact.PublicView``)."""
        _remove_orphaned_folders()
        folder = Path(tempfile.mkdtemp(prefix=f"{_TEMPORARY_PREFIX}{os.getpid()}-"))
        copy = cls(folder, install_system_graphs=False)
        copy._owner = os.getpid()
        return copy

    def __del__(self) -> None:
        """A temporary store's folder goes with it: the database is closed first, then its files removed."""
        try:
            if getattr(self, "_owner", None) == os.getpid() and self.path is not None:
                self.__dict__.pop("_ox", None)
                shutil.rmtree(self.path, ignore_errors=True)
        except Exception:  # at interpreter exit the modules may be gone; the next start removes the folder
            pass

    def swap_graphs(self, contents: Mapping[ox.NamedNode, Sequence[ox.Quad] | None], added: Sequence[ox.Quad] = ()) -> None:
        """Replace each graph by exactly the given quads (an empty graph stays named; None: the graph goes) and
        add ``added``, while no thread is inside Oxigraph and no worker is being forked (``locks``): a derived
        view catching up is seen by every reader and forked worker before or after the change, never half-way."""
        with oxigraph_access.exclusive():
            before = self._subjects(contents)
            for graph, quads in contents.items():
                self._ox.remove_graph(graph)
                if quads is not None:
                    self._ox.add_graph(graph)
                    self._ox.extend(quads)
            self._ox.extend(added)
            more = {q.graph_name for q in added if isinstance(q.graph_name, ox.NamedNode)} - {_PROVENANCE}
            self._record([*contents, *more], before, [q for q in added if q.graph_name == _PROVENANCE])

    def origin(self) -> GraphStore:
        source = self.copied_from() if self.copied_from is not None else None
        return source if source is not None else self

    @property
    def location(self) -> str:
        return str(self.path) if self.path else "an in-memory store"

    # --- reading ----------------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None,
              *, graphs: Sequence[URIRef] | None = None, named_graphs: Sequence[URIRef] | None = None,
              query_dataset: bool = False, limit: int | None = None, base_iri: str | None = None) -> Result:
        """``GraphStore.query`` on Oxigraph; the query's own FROM clauses read graphs of this store only."""
        sparql = substitute(sparql, bindings or {})
        with self._evaluating(sparql, graphs, named_graphs, query_dataset, base_iri) as raw:
            return _to_rdflib_result(raw, limit)

    def solutions(self, sparql: str, *, graphs: Sequence[URIRef] | None = None,
                  named_graphs: Sequence[URIRef] | None = None, query_dataset: bool = False,
                  limit: int | None = None, base_iri: str | None = None) -> Solutions | Result:
        """``GraphStore.solutions`` with Oxigraph's own terms: no rdflib term is made for a SELECT or ASK."""
        with self._evaluating(sparql, graphs, named_graphs, query_dataset, base_iri) as raw:
            if isinstance(raw, ox.QueryTriples):
                return _to_rdflib_result(raw, limit)
            return Solutions.read(raw, limit)

    @contextmanager
    def _evaluating(self, sparql: str, graphs: Sequence[URIRef] | None, named_graphs: Sequence[URIRef] | None,
                    query_dataset: bool, base_iri: str | None
                    ) -> Iterator[ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples]:
        """Oxigraph's answer, to be read inside the block: it is evaluated as it is read, held against forks."""
        kwargs: dict[str, Any] = {"prefixes": PREFIXES, "base_iri": base_iri}
        if graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(str(g)) for g in graphs]
        elif named_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(str(g)) for g in named_graphs]
        elif not query_dataset:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(str(g)) for g in named_graphs]
        try:
            with oxigraph_access.shared():
                yield self._ox.query(sparql, **kwargs)
        except SyntaxError as err:
            raise SparqlSyntaxError(f"SPARQL syntax error: {err}") from err
        except OSError as err:
            raise StoreError(f"query failed: {err}") from err

    def graph_names(self) -> list[URIRef]:
        with oxigraph_access.shared():
            return sorted(URIRef(g.value) for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, name: URIRef) -> bool:
        with oxigraph_access.shared():
            return self._ox.contains_named_graph(ox.NamedNode(str(name)))

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        with oxigraph_access.shared():
            quads = list(self._ox.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))
        return (from_ox_triple(q) for q in quads)

    @contextmanager
    def oxigraph(self, graphs: Iterable[URIRef] | None = None) -> Iterator[ox.Store]:
        """The Oxigraph store itself (every graph, whatever ``graphs`` says), held against forks (``locks``)
        for as long as the block runs. Read it only: writes go through the methods of this class."""
        with oxigraph_access.shared():
            yield self._ox

    def dump(self, graphs: Iterable[URIRef] | None = None) -> bytes:
        """N-Quads of the given graphs (all when None)."""
        with oxigraph_access.shared():
            if graphs is None:
                return _written(self._ox.dump(format=ox.RdfFormat.N_QUADS))
            return b"".join(_written(ox.serialize(self._ox.quads_for_pattern(None, None, None, ox.NamedNode(str(g))),
                                                  format=ox.RdfFormat.N_QUADS)) for g in graphs)

    def __len__(self) -> int:
        with oxigraph_access.shared():
            return len(self._ox)

    def changes_since(self, generation: int) -> list[Change] | None:
        """The writes after ``generation``, oldest first; None when the journal no longer reaches back."""
        if generation == self.generation:
            return []
        changes = [c for c in self._journal if c.generation > generation]
        if not changes or changes[0].generation != generation + 1:
            return None
        return changes

    def _record(self, graphs: Iterable[ox.NamedNode], subjects: Iterable[Subject] = (),
                provenance: Sequence[ox.Quad] = ()) -> None:
        """Bump the generation and journal the write (called with the write done, inside the shared lock)."""
        names = frozenset(graphs)
        system = bool(names & _SYSTEM) or _PROVENANCE in names
        self.generation += 1
        self.system_generation += system
        self._journal.append(Change(self.generation, names, frozenset(subjects), tuple(provenance), system))

    def _subjects(self, graphs: Iterable[ox.NamedNode]) -> set[Subject]:
        return {q.subject for g in graphs for q in self._ox.quads_for_pattern(None, None, None, g)}

    # --- writing ----------------------------------------------------------------------------------

    def replace_nquads(self, graphs: Mapping[URIRef, bytes], sources: Mapping[URIRef, GraphSource] | None = None,
                       *, agent: str | None = None, quads: list[ox.Quad] | None = None,
                       drop: Iterable[URIRef] = (), provenance: Sequence[Triple] = ()) -> None:
        """``GraphStore.replace_nquads`` in one Oxigraph transaction: all graphs and the provenance, or nothing.

        New graphs of a large batch go through Oxigraph's bulk loader, several times faster than one
        transaction on disk. It is not transactional, so if it fails the new graphs are dropped again,
        which restores the previous state: none of them existed before.
        """
        prov = [to_ox_quad(s, p, o, PROVENANCE_GRAPH)
                for s, p, o in [*(provenance_triples(sources, agent) if sources else []), *provenance]]
        with oxigraph_access.shared():
            self._replace(graphs, quads, drop, prov)

    def _replace(self, graphs: Mapping[URIRef, bytes], quads: list[ox.Quad] | None, drop: Iterable[URIRef],
                 prov: list[ox.Quad]) -> None:
        existing = [g for g in graphs if self.has_graph(g)]
        existing += [g for g in drop if g not in graphs and self.has_graph(g)]
        touched = {ox.NamedNode(str(g)) for g in [*graphs, *existing]}
        before = self._subjects(ox.NamedNode(str(g)) for g in existing)
        size = len(quads) if quads is not None else sum(b.count(b"\n") for b in graphs.values())
        try:
            if not existing and size >= BULK_THRESHOLD:
                try:
                    if quads is not None:
                        self._ox.bulk_extend(quads)
                    else:
                        self._ox.bulk_load(b"".join(graphs.values()), format=ox.RdfFormat.N_QUADS)
                    self._ox.extend(prov)
                except BaseException:
                    self._ox.update("; ".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
                    self._record(touched)
                    raise
            else:
                data = quads if quads is not None else list(ox.parse(b"".join(graphs.values()), format=ox.RdfFormat.N_QUADS))
                if existing:
                    links = self._blank_links(prov)
                    self._ox.update(_replace_update(existing, data + prov))
                    stored = self._as_stored(prov, links)
                    if stored is None:  # not found again as written: journal the whole graph as changed
                        touched.add(_PROVENANCE)
                    prov = stored or []
                else:
                    self._ox.extend(data + prov)
        except (OSError, SyntaxError, ValueError, MemoryError) as err:  # MemoryError: a token over 16 MiB
            raise StoreError(f"write failed, store unchanged: {err}") from err
        self._record(touched, before, prov)

    def _blank_links(self, prov: list[ox.Quad]) -> dict[tuple[ox.NamedNode, ox.NamedNode], set[ox.Quad]]:
        """For each (named subject, predicate) by which a write's provenance reaches a blank node, the
        provenance quads that already link that way (read before the write, for ``_as_stored``)."""
        links = {(q.subject, q.predicate) for q in prov
                 if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.BlankNode)}
        return {(s, p): set(self._ox.quads_for_pattern(s, p, None, _PROVENANCE)) for s, p in links}

    def _as_stored(self, prov: list[ox.Quad],
                   before: dict[tuple[ox.NamedNode, ox.NamedNode], set[ox.Quad]]) -> list[ox.Quad] | None:
        """The provenance quads of a write as the store holds them, for the journal.

        ``INSERT DATA`` gives blank nodes new labels, so the records are read back: the quads without a
        blank node are stored as written; the new blank nodes are those a named subject now links to
        that it did not link to ``before`` the write, and their quads are followed from there. When that
        does not find every quad written, None: the caller journals the whole provenance graph as changed."""
        stored = {q for q in prov if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}
        todo: list[ox.BlankNode] = []
        for (subject, predicate), old in before.items():
            for quad in self._ox.quads_for_pattern(subject, predicate, None, _PROVENANCE):
                if isinstance(quad.object, ox.BlankNode) and quad not in old:
                    stored.add(quad)
                    todo.append(quad.object)
        seen: set[ox.BlankNode] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for quad in self._ox.quads_for_pattern(node, None, None, _PROVENANCE):
                stored.add(quad)
                if isinstance(quad.object, ox.BlankNode):
                    todo.append(quad.object)
        return sorted(stored, key=str) if len(stored) == len(set(prov)) else None

    def add_to_graph(self, graph: URIRef, triples: Sequence[Triple]) -> None:
        """Add triples to a graph without replacing it (events, annotations), in one transaction."""
        name = ox.NamedNode(str(graph))
        quads = [to_ox_quad(s, p, o, graph) for s, p, o in triples]
        with oxigraph_access.shared():
            self._ox.extend(quads)
            if name == _PROVENANCE:
                self._record((), (), quads)
            else:
                self._record({name}, {q.subject for q in quads})

    def remove_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Remove these quads one by one, for a derived view pruning what it must not show before anyone
        reads it (not one transaction: SPARQL's DELETE DATA refuses the blank nodes such views hold)."""
        quads = list(quads)
        with oxigraph_access.shared():
            for quad in quads:
                self._ox.remove(quad)
            self._record({q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)},
                         {q.subject for q in quads})

    def drop_graphs(self, graphs: Iterable[URIRef]) -> None:
        names = [ox.NamedNode(str(g)) for g in graphs]
        if names:
            with oxigraph_access.shared():
                before = self._subjects(names)
                self._ox.update("; ".join(f"DROP SILENT GRAPH {g}" for g in names))
                self._record(names, before)

    def close(self) -> None:
        with oxigraph_access.shared():
            if self.path:
                self._ox.flush()
            del self._ox


# --- helpers --------------------------------------------------------------------------------------

def _to_rdflib_result(raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, limit: int | None = None) -> Result:
    if isinstance(raw, ox.QueryBoolean):
        res = Result("ASK")
        res.askAnswer = bool(raw)
        return res
    if isinstance(raw, ox.QueryTriples):
        res = Result("CONSTRUCT")
        g = Graph()
        for t in itertools.islice(raw, limit):
            g.add(from_ox_triple(t))
        res.graph = g
        return res
    res = Result("SELECT")
    variables = [v.value for v in raw.variables]
    res.vars = [Variable(name) for name in variables]
    # One rdflib term per distinct value (an answer repeats its cases, clauses and labels on many rows):
    # making the term is most of the cost of a large answer, and rdflib terms are immutable.
    made: dict[object, Identifier] = {}

    def term(value: object) -> Identifier:
        out = made.get(value)
        if out is None:
            out = made[value] = from_ox_term(value)
        return out
    # A solution iterates its values in the order of the variables (None where unbound), twice as fast
    # as looking each one up by name.
    res.bindings = [
        {var: term(value) for var, value in zip(res.vars, sol, strict=True) if value is not None}
        for sol in itertools.islice(raw, limit)
    ]
    return res


def _written(data: bytes | None) -> bytes:
    """What Oxigraph serialised: its bytes are returned when no output file is given, never None."""
    return data or b""


def _replace_update(existing: Sequence[URIRef], quads: Sequence[ox.Quad]) -> str:
    drops = "; ".join(f"DROP SILENT GRAPH <{g}>" for g in existing)
    body = "\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)
    return f"{drops};\nINSERT DATA {{\n{body}\n}}"
