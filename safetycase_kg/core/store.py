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

import getpass
import hashlib
import itertools
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from .locks import oxigraph_access
from .namespaces import FOAF, ID, PREFIXES, PROV, PROVENANCE_GRAPH, SC, SYSTEM_GRAPHS, system_sources
from .sparql import substitute

Triple = tuple[Node, Node, Node]
BULK_THRESHOLD = 20_000  # quads; larger batches of new graphs go through the bulk loader
JOURNAL_LENGTH = 256  # writes remembered for derived views; one that falls further behind rebuilds
_PROVENANCE = ox.NamedNode(str(PROVENANCE_GRAPH))
_SYSTEM = frozenset(ox.NamedNode(str(g)) for g in SYSTEM_GRAPHS) - {_PROVENANCE}


class StoreError(Exception):
    """A store operation failed; the store is unchanged."""


# --- term conversion between rdflib and pyoxigraph ------------------------------------------------

def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def from_ox(term) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported term {term!r}")


@dataclass(frozen=True)
class Change:
    """One write, as a derived view needs it to catch up without looking at the rest of the store.

    ``graphs`` were replaced, created, added to or dropped; ``subjects`` are the subjects they held
    before the write (their new content is in the store); ``provenance`` are the quads the write
    appended to the provenance graph, which is only ever appended to. ``system`` is true when a
    system graph other than the provenance changed: the rules of every derived view may have changed.
    """

    generation: int
    graphs: frozenset
    subjects: frozenset = frozenset()
    provenance: tuple = ()
    system: bool = False


@dataclass(frozen=True)
class GraphSource:
    """Where a named graph came from, for provenance and error messages."""

    path: str
    sha256: str


class Store:
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
        self.generation = 0  # bumped on every write, so derived views (the public view) know to catch up
        self.system_generation = 0  # bumped when a system graph changes (what is derived from the shapes)
        self._journal: deque[Change] = deque(maxlen=JOURNAL_LENGTH)
        if install_system_graphs and not read_only:
            self.install_system_graphs()

    # --- reading ----------------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None,
              *, graphs: Sequence[URIRef] | None = None, named_graphs: Sequence[URIRef] | None = None,
              query_dataset: bool = False, limit: int | None = None, base_iri: str | None = None) -> Result:
        """Run a SPARQL query over the union of all graphs (or only ``graphs``) and return an rdflib Result.

        Bindings replace variable tokens by escaped RDF terms (see ``sparql.substitute``).
        ``named_graphs`` restricts what ``GRAPH`` can reach (the SPARQL protocol's named-graph-uri); given
        without ``graphs``, the default graph is the union of just those graphs, so nothing outside them
        is visible. ``query_dataset`` lets the query's own FROM / FROM NAMED define the dataset (Oxigraph
        reads those graphs from the store; it never fetches them). ``limit`` stops reading solutions (or
        triples) after that many, so a huge result is never materialised. ``base_iri`` resolves relative
        IRIs (the server passes its endpoint URL, as the SPARQL protocol allows).
        """
        kwargs: dict = {"prefixes": PREFIXES, "base_iri": base_iri}
        if graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(str(g)) for g in graphs]
        elif named_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(str(g)) for g in named_graphs]
        elif not query_dataset:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(str(g)) for g in named_graphs]
        sparql = substitute(sparql, bindings or {})
        try:
            with oxigraph_access.shared():
                return _to_rdflib_result(self._ox.query(sparql, **kwargs), limit)
        except SyntaxError as err:
            raise StoreError(f"SPARQL syntax error: {err}") from err
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
        return ((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in quads)

    @contextmanager
    def oxigraph(self) -> Iterator[ox.Store]:
        """The Oxigraph store itself, for bulk readers (validation, the public view), held against forks
        (``locks``) for as long as the block runs. Writes go through the methods of this class."""
        with oxigraph_access.shared():
            yield self._ox

    def graph(self, name: URIRef) -> Graph:
        g = Graph(identifier=name)
        for t in self.triples(name):
            g.add(t)
        return g

    def dump(self, graphs: Iterable[URIRef] | None = None) -> bytes:
        """N-Quads of the given graphs (all when None)."""
        with oxigraph_access.shared():
            if graphs is None:
                return self._ox.dump(format=ox.RdfFormat.N_QUADS)
            return b"".join(ox.serialize(self._ox.quads_for_pattern(None, None, None, ox.NamedNode(str(g))),
                                         format=ox.RdfFormat.N_QUADS) for g in graphs)

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

    def _record(self, graphs: Iterable[ox.NamedNode], subjects: Iterable = (), provenance: Sequence[ox.Quad] = ()) -> None:
        """Bump the generation and journal the write (called with the write done, inside the shared lock)."""
        graphs = frozenset(graphs)
        system = bool(graphs & _SYSTEM) or _PROVENANCE in graphs
        self.generation += 1
        self.system_generation += system
        self._journal.append(Change(self.generation, graphs, frozenset(subjects), tuple(provenance), system))

    def _subjects(self, graphs: Iterable[ox.NamedNode]) -> set:
        return {q.subject for g in graphs for q in self._ox.quads_for_pattern(None, None, None, g)}

    def case_graphs(self) -> list[URIRef]:
        """Named graphs that hold a safety case (the graph is named after the case)."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a sc:SafetyCase } } ORDER BY ?g")
        return [row[0] for row in rows]

    def template_graphs(self) -> list[URIRef]:
        """Named graphs that hold a safety case template (not a case: bound to no decision)."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a sc:SafetyCaseTemplate } } ORDER BY ?g")
        return [row[0] for row in rows]

    def register_graphs(self) -> list[URIRef]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a sc:Register } } ORDER BY ?g")
        return [row[0] for row in rows]

    def data_graphs(self) -> list[URIRef]:
        """Every graph that is not a system graph: cases, registers, imports."""
        return [g for g in self.graph_names() if g not in SYSTEM_GRAPHS]

    def source_of(self, graph: URIRef) -> GraphSource | None:
        """The file a graph was last loaded from, from the provenance graph."""
        rows = list(self.query(
            """SELECT ?file ?hash WHERE { GRAPH ?p { ?act prov:generated ?g ; prov:used ?f ; prov:endedAtTime ?t .
                   ?f sc:sourceFile ?file ; sc:fileHash ?hash } } ORDER BY DESC(?t) LIMIT 1""",
            {"g": graph, "p": PROVENANCE_GRAPH}))
        return GraphSource(str(rows[0][0]), str(rows[0][1])) if rows else None

    def sources(self) -> dict[URIRef, GraphSource]:
        """Latest source file of every loaded graph, in one query."""
        rows = self.query(
            """SELECT ?g ?file ?hash ?t WHERE { GRAPH ?p { ?act prov:generated ?g ; prov:used ?f ; prov:endedAtTime ?t .
                   ?f sc:sourceFile ?file ; sc:fileHash ?hash } } ORDER BY ?t""",
            {"p": PROVENANCE_GRAPH})
        return {row[0]: GraphSource(str(row[1]), str(row[2])) for row in rows}

    # --- writing ----------------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[URIRef, Sequence[Triple]],
                       sources: Mapping[URIRef, GraphSource] | None = None, *, agent: str | None = None) -> None:
        """Replace (or create) the given named graphs and record provenance, in one transaction.

        Either every graph is replaced and the provenance is written, or the store is left as it was.
        """
        data = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))
                for g, triples in graphs.items() for s, p, o in triples]
        self.replace_nquads({g: b"" for g in graphs}, sources, agent=agent, quads=data)

    def replace_nquads(self, graphs: Mapping[URIRef, bytes], sources: Mapping[URIRef, GraphSource] | None = None,
                       *, agent: str | None = None, quads: list[ox.Quad] | None = None,
                       drop: Iterable[URIRef] = (), provenance: Sequence[Triple] = ()) -> None:
        """Like ``replace_graphs``, from N-Quads bytes per graph (what the parallel parser produces).

        ``drop`` names further graphs to remove in the same transaction (an organisation's previous
        import, replaced by its newer export), and ``provenance`` adds triples to the provenance graph
        beside the load records, so a caller's own record of the write cannot be lost or half-written.

        New graphs of a large batch go through Oxigraph's bulk loader, several times faster than one
        transaction on disk. It is not transactional, so if it fails the new graphs are dropped again,
        which restores the previous state: none of them existed before.
        """
        prov = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(PROVENANCE_GRAPH)))
                for s, p, o in [*(_provenance_triples(sources, agent) if sources else []), *provenance]]
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
                    self._ox.update(_replace_update(existing, data + prov))
                else:
                    self._ox.extend(data + prov)
        except (OSError, SyntaxError, ValueError, MemoryError) as err:  # MemoryError: a token over 16 MiB
            raise StoreError(f"write failed, store unchanged: {err}") from err
        self._record(touched, before, prov)

    def add_to_graph(self, graph: URIRef, triples: Sequence[Triple]) -> None:
        """Add triples to a graph without replacing it (events, annotations), in one transaction."""
        name = ox.NamedNode(str(graph))
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in triples]
        with oxigraph_access.shared():
            self._ox.extend(quads)
            if name == _PROVENANCE:
                self._record((), (), quads)
            else:
                self._record({name}, {q.subject for q in quads})

    def drop_graphs(self, graphs: Iterable[URIRef]) -> None:
        names = [ox.NamedNode(str(g)) for g in graphs]
        if names:
            with oxigraph_access.shared():
                before = self._subjects(names)
                self._ox.update("; ".join(f"DROP SILENT GRAPH {g}" for g in names))
                self._record(names, before)

    def install_system_graphs(self, *, force: bool = False) -> list[URIRef]:
        """Load the ontology, vocabularies, shapes and catalog when missing or changed on disk."""
        current = self.sources() if not force else {}
        todo: dict[URIRef, list[Triple]] = {}
        sources: dict[URIRef, GraphSource] = {}
        for name, files in system_sources().items():
            if not files:
                continue
            digest = _hash_files(files)
            if not force and name in current and current[name].sha256 == digest:
                continue
            g = Graph()
            for f in files:
                g.parse(f, format="turtle")
            todo[name] = list(g)
            sources[name] = GraphSource(", ".join(_display_path(f) for f in files), digest)
        if todo:
            self.replace_graphs(todo, sources, agent="safetycase-kg")
        return list(todo)

    def close(self) -> None:
        with oxigraph_access.shared():
            if self.path:
                self._ox.flush()
            del self._ox


# --- helpers --------------------------------------------------------------------------------------

def _to_rdflib_result(raw, limit: int | None = None) -> Result:
    if isinstance(raw, ox.QueryBoolean):
        res = Result("ASK")
        res.askAnswer = bool(raw)
        return res
    if isinstance(raw, ox.QueryTriples):
        res = Result("CONSTRUCT")
        g = Graph()
        for t in itertools.islice(raw, limit):
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        res.graph = g
        return res
    res = Result("SELECT")
    variables = [v.value for v in raw.variables]
    res.vars = [Variable(name) for name in variables]
    res.bindings = [
        {var: from_ox(sol[name]) for var, name in zip(res.vars, variables, strict=False) if sol[name] is not None}
        for sol in itertools.islice(raw, limit)
    ]
    return res


def _replace_update(existing: Sequence[URIRef], quads: Sequence[ox.Quad]) -> str:
    drops = "; ".join(f"DROP SILENT GRAPH <{g}>" for g in existing)
    body = "\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)
    return f"{drops};\nINSERT DATA {{\n{body}\n}}"


def _provenance_triples(sources: Mapping[URIRef, GraphSource], agent: str | None) -> list[Triple]:
    now = Literal(datetime.now(UTC).isoformat(timespec="seconds"), datatype=URIRef(PREFIXES["xsd"] + "dateTime"))
    who = BNode()
    triples: list[Triple] = [(who, RDF.type, PROV.Agent), (who, FOAF.name, Literal(agent or _user()))]
    for graph, source in sources.items():
        act, used = ID[f"load/{uuid.uuid4()}"], BNode()
        triples += [
            (act, RDF.type, PROV.Activity), (act, RDF.type, SC.Load),
            (act, PROV.endedAtTime, now), (act, PROV.wasAssociatedWith, who),
            (act, PROV.used, used), (act, PROV.generated, graph),
            (used, RDF.type, PROV.Entity), (used, SC.sourceFile, Literal(source.path)),
            (used, SC.fileHash, Literal(source.sha256)),
        ]
    return triples


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _hash_files(files: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return "sha256:" + h.hexdigest()


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return path.name
