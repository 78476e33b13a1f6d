"""Loading case files into the store as one atomic batch.

Everything that can fail is done before the first write: every file is parsed (all errors are
collected, each naming its file and line), graph names are checked for clashes, and under
``strict`` the batch is validated together with the registers already in the store. Only then is
the batch written, in a single store transaction.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from .. import interchange
from ..core.errors import EXIT_INPUT, EXIT_NONCONFORMING, SafetyCaseKGError
from ..core.namespaces import CONTEXT_FILE, SYSTEM_GRAPHS, VOCAB_GRAPH
from ..core.procs import worker_pool
from ..core.results import result_rows
from ..core.storeapi import GraphSource, GraphStore, Triple
from ..core.terms import from_ox_triple, to_ox, to_ox_quads
from .casefile import RDF_FILE_BASE, CaseFileError, load_context, parse_any
from .limits import locate_value
from .reserved import system_term_statements
from .validate import ValidationReport, Validator, validate_cited

CASE_SUFFIXES = {".yaml", ".yml", ".json", ".jsonld", ".ttl", ".trig", ".nq", ".nt"}


class LoadError(SafetyCaseKGError):
    """The batch was refused; the store is unchanged. ``errors`` lists every problem found.

    With a validation ``report`` the data did not conform (exit 1); otherwise the input was unreadable (exit 2)."""

    def __init__(self, errors: Sequence[str], report: ValidationReport | None = None) -> None:
        self.errors = list(errors)
        self.report = report
        self.exit_code = EXIT_NONCONFORMING if report is not None else EXIT_INPUT  # type: ignore[misc]
        super().__init__("\n".join(self.errors))


class SystemTermsRefused(LoadError):
    """The batch states something about the project's own terms (see ``reserved``); nothing was written."""

    http_status = 403


@dataclass
class Batch:
    """A parsed batch: each graph as N-Quads bytes (cheap to pass between processes and to load)."""

    files: list[str] = field(default_factory=list)
    nquads: dict[URIRef, bytes] = field(default_factory=dict)
    sources: dict[URIRef, GraphSource] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # conversion report of imported files (docs/interchange.md)

    @property
    def triple_count(self) -> int:
        return sum(b.count(b"\n") for b in self.nquads.values())

    def triples(self, graph: URIRef) -> list[Triple]:
        return [from_ox_triple(q) for q in ox.parse(self.nquads[graph], format=ox.RdfFormat.N_QUADS)]

    @property
    def graphs(self) -> dict[URIRef, list[Triple]]:
        """Every graph as rdflib triples (parsed on demand)."""
        return {g: self.triples(g) for g in self.nquads}


def collect_files(paths: Iterable[str | Path], fmt: str | None = None) -> list[Path]:
    """The case files named, and those inside named folders (recursively, hidden ones skipped)."""
    found: list[Path] = []
    suffixes = interchange.SUFFIXES[fmt] if fmt else CASE_SUFFIXES | interchange.OWN_SUFFIXES
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            found.append(path)
        else:
            raise LoadError([f"{path}: no such file or folder"])
    return found


def known_concepts(store: GraphStore) -> frozenset[str]:
    """Concept IRIs of the SKOS vocabularies, to catch misspelt controlled values at parse time."""
    rows = store.query("SELECT ?c WHERE { ?c a skos:Concept }", graphs=[VOCAB_GRAPH])
    return frozenset(str(r[0]) for r in result_rows(rows))


PARALLEL_PARSE_MIN_FILES = 64


def parse_batch(paths: Iterable[str | Path], store: GraphStore,
                progress: Callable[[Iterable], Iterable] | None = None, *, workers: int | None = None,
                fmt: str | None = None) -> Batch:
    """Parse every file (in parallel for large batches), collecting every error before failing.

    ``fmt`` names the format of other assurance-case tools the files are in (gsn2x, sacm, tea, ltac,
    ontogsn); without it each file's format is detected from its content where that is unambiguous.
    """
    files = collect_files(paths, fmt)
    try:
        units = interchange.plan(files, fmt)
    except CaseFileError as err:
        raise LoadError([str(err)]) from None
    concepts = known_concepts(store)
    batch = Batch(files=[])
    errors: list[str] = []
    owner: dict[URIRef, Path] = {}
    for unit, parsed in _parse_all(units, concepts, progress, workers):
        path = unit.paths[0]
        if isinstance(parsed, str):
            errors.append(parsed)
            continue
        sha256, graphs, notes = parsed
        batch.files += [str(p) for p in unit.paths]
        batch.notes += notes
        for name, data in graphs.items():
            if name in SYSTEM_GRAPHS:
                errors.append(f"{_where(path, name)}: graph <{name}> is reserved for the ontology, shapes and catalog")
            elif name in owner:
                errors.append(f"{_where(path, name)}: graph <{name}> is also defined by {owner[name]}")
            else:
                owner[name] = path
                batch.nquads[name] = data
                batch.sources[name] = GraphSource(_display(path), "sha256:" + sha256)
    if errors:
        raise LoadError(errors)
    return batch


def _parse_one(unit: interchange.Unit, concepts: frozenset[str]) -> tuple[str, dict[URIRef, bytes], list[str]] | str:
    """Parse one file (or gsn2x module set) into N-Quads bytes per graph, or return its error message.

    Never raises: it runs in worker processes, and whatever goes wrong with one file must come back
    as a message naming that file, so the batch is refused with every problem listed."""
    path = unit.paths[0]
    notes: list[str] = []
    try:
        if unit.fmt is None:
            parsed = parse_any(path, load_context(CONTEXT_FILE), concepts)
        else:
            parsed, notes = interchange.read_unit(unit)
        graphs = {name: _nquads(path, name, triples) for name, triples in parsed.graphs.items()}
        return parsed.sha256, graphs, notes
    except CaseFileError as err:
        return str(err)
    except Exception as err:  # a reader's own failure: still the file's error, not a traceback
        return f"{path}:1:1: the file could not be read ({type(err).__name__}: {err})"


def _nquads(path: Path, name: URIRef, triples: list[Triple]) -> bytes:
    try:
        return ox.serialize(to_ox_quads(triples, name), format=ox.RdfFormat.N_QUADS) or b""
    except (ValueError, TypeError):
        raise _unstorable(path, [name, *(t for triple in triples for t in triple)]) from None


def _unstorable(path: Path, terms: Iterable) -> CaseFileError:
    """The first term the store cannot hold (rdflib's readers accept IRIs and tags Oxigraph refuses), located."""
    for term in terms:
        try:
            to_ox(term)
        except (ValueError, TypeError) as err:
            text = path.read_bytes().decode("utf-8", "replace")
            return CaseFileError(path, *locate_value(text, str(term)), f"{term.n3()[:200]} cannot be stored: {err}")
    return CaseFileError(path, 1, 1, "a graph of this file cannot be stored")


def _parse_all(files: list[interchange.Unit], concepts: frozenset[str], progress, workers: int | None):
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers <= 1 or len(files) < PARALLEL_PARSE_MIN_FILES:
        results = (_parse_one(f, concepts) for f in files)
        yield from zip(files, progress(results) if progress else results, strict=False)
        return
    with worker_pool(workers) as pool:
        parsed = pool.map(_parse_one, files, [concepts] * len(files), chunksize=32)
        try:
            yield from zip(files, progress(parsed) if progress else parsed, strict=False)
        except BrokenProcessPool:  # a worker was killed (out of memory, a signal): refuse, without a traceback
            raise LoadError(["a parser worker process ended unexpectedly (out of memory, or killed); "
                             "nothing was loaded"]) from None


def validate_batch(batch: Batch, store: GraphStore, validator: Validator | None = None) -> ValidationReport:
    """Validate the batch's graphs, with the shared records they cite (register records, and the templates
    cases instantiate) and the batch's own registers as shared records."""
    return validate_cited(store, batch.nquads, [g for g, data in batch.nquads.items() if _is_register(data)],
                          validator or Validator.from_store(store), {g: s.path for g, s in batch.sources.items()})


def load(store: GraphStore, paths: Iterable[str | Path], *, strict: bool = False, agent: str | None = None,
         progress: Callable[[Iterable], Iterable] | None = None,
         workers: int | None = None, fmt: str | None = None) -> tuple[Batch, ValidationReport | None]:
    """Parse, optionally validate, then write the batch in one transaction. Raises LoadError on refusal."""
    batch = parse_batch(paths, store, progress, workers=workers, fmt=fmt)
    return batch, write_batch(store, batch, strict=strict, agent=agent)


def write_batch(store: GraphStore, batch: Batch, *, strict: bool = False, agent: str | None = None,
                workers: int | None = None, drop: Sequence[URIRef] = (),
                provenance: Sequence[Triple] = ()) -> ValidationReport | None:
    """Validate a parsed batch (under ``strict``) and write it in one transaction; LoadError on refusal.

    The one write path for files, SPARQL updates, graph uploads and imports alike, so the rule that
    data never describes the project's own terms (``reserved``) is checked here and only here.
    ``workers`` is the number of validation processes; the server passes 1, because it must not fork
    outside ``worker``. ``drop`` and ``provenance`` are passed to ``Store.replace_nquads`` (an import
    replaces an organisation's previous graphs and records its own provenance).
    """
    where = {g: s.path for g, s in batch.sources.items()}
    refused = system_term_statements(batch.nquads, {g: where.get(g, ", ".join(batch.files)) for g in batch.nquads})
    if refused:
        raise SystemTermsRefused(refused)
    report = None
    if strict:
        report = validate_batch(batch, store, Validator.from_store(store, workers=workers))
        if not report.conforms:
            raise LoadError([f"{r.source_file}: {r.focus_label or r.focus}: {r.message}" for r in report.results
                             if r.severity == "Violation"], report)
    store.replace_nquads(batch.nquads, batch.sources, agent=agent, drop=drop, provenance=provenance)
    return report


def _where(path: Path, graph: URIRef) -> str:
    """``path:line:col`` of the id that names ``graph`` (written in full or relative to the id base)."""
    text = path.read_bytes().decode("utf-8", "replace")
    for spelling in (str(graph), str(graph).removeprefix(RDF_FILE_BASE)):
        if spelling and spelling in text:
            return f"{path}:" + ":".join(map(str, locate_value(text, spelling)))
    return f"{path}:1:1"


def _is_register(nquads: bytes) -> bool:
    return b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/safetycase-kg/ontology#Register>" in nquads


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
