"""The store interface every command, the server, reports and exports are written against.

Two backends implement it: ``store.Store`` (an embedded Oxigraph folder, or memory) and
``remote.RemoteStore`` (any SPARQL 1.1 endpoint). Callers type their store as ``GraphStore`` and
never learn which one they hold, so a command that works on one works on the other.

The abstract methods are the primitives each backend implements in its own way (how a query is
sent, how a batch of graphs is written atomically). The other methods are written once here over
those primitives: they send only standard SPARQL, so every backend shares them unchanged, and a
signature cannot drift between two copies.
"""

from __future__ import annotations

import getpass
import hashlib
import re
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from .errors import SafetyCaseKGError
from .namespaces import FOAF, ID, PREFIXES, PROV, PROVENANCE_GRAPH, SC, SYSTEM_GRAPHS, system_sources
from .results import Solutions, result_rows
from .terms import Triple, to_ox_quad

__all__ = ["GraphSource", "GraphStore", "SparqlSyntaxError", "StoreError", "Triple", "provenance_triples"]


class StoreError(SafetyCaseKGError):
    """A store operation failed (bad SPARQL, an unreachable endpoint, a refused write); the store is unchanged."""


class SparqlSyntaxError(StoreError):
    """The query does not parse. Oxigraph's "error at 3:2: expected ..." is restated in words, and the
    position goes to the server's JSON body; built from the message alone, so it survives pickling
    out of a query worker."""

    def __init__(self, message: str) -> None:
        self.raw = message
        m = re.search(r"error at (\d+):(\d+):\s*", message)
        self.line: int | None
        self.column: int | None
        self.line, self.column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        super().__init__(f"SPARQL syntax error at line {self.line}, column {self.column}: {message[m.end():]}"
                         if m else message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.raw,))

    def details(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column}


@dataclass(frozen=True)
class GraphSource:
    """Where a named graph came from, for provenance and error messages."""

    path: str
    sha256: str


class GraphStore(ABC):
    """A safety-case store: named graphs (one per case version, register or import) beside the system graphs.

    ``generation`` grows with every write through the object, so derived views (the public view, page
    caches, query workers) know when to rebuild. ``is_public_view`` marks the redacted copy
    (``analysis.redact``), which a reviewer's request must never be answered from.
    """

    path: Path | None = None
    generation: int = 0
    is_public_view: bool = False

    def origin(self) -> GraphStore:
        """The store this one is a copy of for faster reading (``core.mirror``), or itself: what a
        view derived from it (the public view) is made from, so that there is one such view per store."""
        return self

    @property
    @abstractmethod
    def location(self) -> str:
        """What to call this store in messages: its folder or its endpoint."""

    # --- primitives: each backend its own way -------------------------------------------------------

    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None,
              *, graphs: Sequence[URIRef] | None = None, named_graphs: Sequence[URIRef] | None = None,
              query_dataset: bool = False, limit: int | None = None, base_iri: str | None = None) -> Result:
        """Run a SPARQL query over the union of all graphs (or only ``graphs``) and return an rdflib Result.

        Bindings replace variable tokens by escaped RDF terms (see ``sparql.substitute``).
        ``named_graphs`` restricts what ``GRAPH`` can reach (the SPARQL protocol's named-graph-uri); given
        without ``graphs``, the default graph is the union of just those graphs, so nothing outside them
        is visible. ``query_dataset`` lets the query's own FROM / FROM NAMED define the dataset (never
        fetched from the web). ``limit`` stops reading solutions after that many, so a huge result is
        never materialised. ``base_iri`` resolves relative IRIs (the server passes its endpoint URL).
        """

    def solutions(self, sparql: str, *, graphs: Sequence[URIRef] | None = None,
                  named_graphs: Sequence[URIRef] | None = None, query_dataset: bool = False,
                  limit: int | None = None, base_iri: str | None = None) -> Solutions | Result:
        """``query``, with a SELECT or ASK answer as Oxigraph terms (``Solutions``) to be written out by
        Oxigraph; a CONSTRUCT or DESCRIBE answer comes back as ``query`` gives it. An embedded store
        reads Oxigraph's terms directly; here they are made from the rdflib result."""
        result = self.query(sparql, graphs=graphs, named_graphs=named_graphs, query_dataset=query_dataset,
                            limit=limit, base_iri=base_iri)
        return Solutions.of(result) if result.type in ("SELECT", "ASK") else result

    @abstractmethod
    def graph_names(self) -> list[URIRef]:
        """The named graphs of the store, sorted."""

    @abstractmethod
    def has_graph(self, name: URIRef) -> bool: ...

    @abstractmethod
    def triples(self, graph: URIRef) -> Iterator[Triple]: ...

    @abstractmethod
    def dump(self, graphs: Iterable[URIRef] | None = None) -> bytes:
        """N-Quads of the given graphs (all when None), blank-node labels as the store holds them."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads in the store's graphs."""

    @abstractmethod
    def oxigraph(self, graphs: Iterable[URIRef] | None = None) -> AbstractContextManager[ox.Store]:
        """An Oxigraph store holding at least ``graphs`` (all when None), for bulk readers such as validation.

        The embedded store lends its own, held against forks for as long as the block runs; a remote
        store fills an in-memory copy. Only read it: writes go through the methods of this interface.
        """

    def changes_since(self, generation: int) -> list[Any] | None:
        """The writes after ``generation`` (``store.Change``), oldest first, for a derived view to catch up
        graph by graph; None when they are not known (then the view is rebuilt). A store that journals its
        writes (the embedded one) says; a remote endpoint, written by others too, cannot."""
        return None

    @abstractmethod
    def replace_nquads(self, graphs: Mapping[URIRef, bytes], sources: Mapping[URIRef, GraphSource] | None = None,
                       *, agent: str | None = None, quads: list[ox.Quad] | None = None,
                       drop: Iterable[URIRef] = (), provenance: Sequence[Triple] = ()) -> None:
        """Replace (or create) the given graphs from N-Quads bytes per graph, and record provenance.

        ``quads`` gives the data already parsed instead of the bytes. ``drop`` names further graphs to
        remove in the same write (an organisation's previous import, replaced by its newer export), and
        ``provenance`` adds triples to the provenance graph beside the load records, so a caller's own
        record of the write cannot be lost or half-written. How atomic the write is depends on the
        backend (see each class).
        """

    @abstractmethod
    def add_to_graph(self, graph: URIRef, triples: Sequence[Triple]) -> None:
        """Add triples to a graph without replacing it (events, annotations)."""

    @abstractmethod
    def drop_graphs(self, graphs: Iterable[URIRef]) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    # --- written once over the primitives --------------------------------------------------------

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph."""
        g = Graph(identifier=name)
        for t in self.triples(name):
            g.add(t)
        return g

    def case_graphs(self) -> list[URIRef]:
        """Named graphs that hold a safety case (the graph is named after the case)."""
        return self._graphs_holding("sc:SafetyCase")

    def template_graphs(self) -> list[URIRef]:
        """Named graphs that hold a safety case template (not a case: bound to no decision)."""
        return self._graphs_holding("sc:SafetyCaseTemplate")

    def register_graphs(self) -> list[URIRef]:
        """Named graphs that hold a register of records shared by cases."""
        return self._graphs_holding("sc:Register")

    def _graphs_holding(self, kind: str) -> list[URIRef]:
        result = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a {kind} }} }} ORDER BY ?g")
        return [cast(URIRef, row[0]) for row in result_rows(result)]

    def data_graphs(self) -> list[URIRef]:
        """Every graph that is not a system graph: cases, registers, imports."""
        return [g for g in self.graph_names() if g not in SYSTEM_GRAPHS]

    def source_of(self, graph: URIRef) -> GraphSource | None:
        """The file a graph was last loaded from, from the provenance graph."""
        found = list(result_rows(self.query(
            """SELECT ?file ?hash WHERE { GRAPH ?p { ?act prov:generated ?g ; prov:used ?f ; prov:endedAtTime ?t .
                   ?f sc:sourceFile ?file ; sc:fileHash ?hash } } ORDER BY DESC(?t) LIMIT 1""",
            {"g": graph, "p": PROVENANCE_GRAPH})))
        return GraphSource(str(found[0][0]), str(found[0][1])) if found else None

    def sources(self) -> dict[URIRef, GraphSource]:
        """Latest source file of every loaded graph, in one query."""
        result = self.query(
            """SELECT ?g ?file ?hash ?t WHERE { GRAPH ?p { ?act prov:generated ?g ; prov:used ?f ; prov:endedAtTime ?t .
                   ?f sc:sourceFile ?file ; sc:fileHash ?hash } } ORDER BY ?t""",
            {"p": PROVENANCE_GRAPH})
        return {cast(URIRef, row[0]): GraphSource(str(row[1]), str(row[2])) for row in result_rows(result)}

    def replace_graphs(self, graphs: Mapping[URIRef, Sequence[Triple]],
                       sources: Mapping[URIRef, GraphSource] | None = None, *, agent: str | None = None) -> None:
        """Replace (or create) the given named graphs and record provenance (``replace_nquads``)."""
        data = [to_ox_quad(s, p, o, g)
                for g, triples in graphs.items() for s, p, o in triples]
        self.replace_nquads({g: b"" for g in graphs}, sources, agent=agent, quads=data)

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


# --- provenance of a write, the same for every backend ------------------------------------------------

def provenance_triples(sources: Mapping[URIRef, GraphSource], agent: str | None) -> list[Triple]:
    """The load records of a write: one prov:Activity per graph, used file and hash, by one agent."""
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
