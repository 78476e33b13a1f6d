"""Exchanging cases between organisations: dataset exports with a VoID/DCAT description, and imports.

An export is the whole store's own data (or selected cases with the register records they cite) at
one disclosure tier. The public tier is read from ``redact.public_view``, so withheld content is not
in the export at all; the reviewer tier is the full store. Every export carries a description of
itself (publisher, licence, version, creation time, triple and case counts, checksum, the ontology
and catalog versions, the tier) so the receiving organisation can check what it got.

An import lands another organisation's export in named graphs of its own (see ``import_graph``),
with provenance, after verifying the checksum. A newer export from the same organisation replaces
the older one in one transaction; conflicting statements about the same IRI are reported, never
merged silently.

Checksum, precisely: ``sha256:`` and the hex SHA-256 of the UTF-8 bytes of the data's N-Quads lines
(the description is not hashed, it holds the checksum). Each data graph's blank nodes are first
relabelled by ``rdflib.compare.to_canonical_graph`` (graph by graph), each triple is written as
``S P O G .`` in N-Triples term syntax (Oxigraph's), the lines are sorted by code point and each
ends with a newline. In a plain Turtle export the data is one merged graph, so the lines have no
graph term (``S P O .``). Blank-node relabelling makes the hash independent of the labels a parser
happens to choose, so any importer that reads the same triples computes the same hash.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import io
import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, cast
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, XSD
from rdflib.term import Node

from ..analysis.redact import public_view
from ..core.errors import SafetyCaseKGError
from ..core.namespaces import (
    CATALOG_GRAPH,
    CONTEXT_FILE,
    DCTERMS,
    FOAF,
    GRAPH,
    ID,
    PREFIXES,
    PROV,
    QUERIES_DIR,
    SC,
)
from ..core.results import result_rows, result_vars
from ..core.sparql import parse_named_query
from ..core.storeapi import GraphStore, Triple
from ..core.terms import to_ox, to_ox_quad, to_ox_triple
from ..core.tiers import PUBLIC, VIEW_TIERS, tier_iri, tier_name
from ..ingest.casefile import CaseFileError, dump_case, load_context, parse_rdf_file, to_jsonld
from ..ingest.load import Batch, LoadError, write_batch
from .export import context_value, resolve_case

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
GraphName = TypeVar("GraphName", bound=URIRef | None)  # a named graph, or None for the merged graph
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

EXCHANGE_QUERIES = QUERIES_DIR / "exchange"
EXPORT_GRAPH = GRAPH["export-description"]
IMPORT_PREFIX = str(GRAPH) + "import/"
PROJECT_PREFIX = "https://w3id.org/safetycase-kg/"
DEFAULT_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
FORMATS = ("trig", "nq", "ttl", "jsonld")
FORMAT_SUFFIXES = {".trig": "trig", ".nq": "nq", ".ttl": "ttl", ".jsonld": "jsonld"}
ORG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
LOCAL_ORG = "local"  # how the conflict query names the store's own graphs
EXPORT_PREFIXES = {**PREFIXES, "dcat": str(DCAT), "void": str(VOID), "spdx": str(SPDX), "sd": str(SD)}
CHECKSUM_NOTE = ("sha256 of the data's N-Quads lines (graph by graph, blank nodes relabelled by "
                 "rdflib.compare.to_canonical_graph, N-Triples term syntax, sorted, newline-terminated); "
                 "in plain Turtle the data is one merged graph and lines have no graph term. The description "
                 "graph is not hashed.")


class ExchangeError(SafetyCaseKGError):
    """An export cannot be built, or an import is refused; the store is unchanged."""


# --- checksum ---------------------------------------------------------------------------------------

def checksum(graphs: Mapping[GraphName, Iterable[Triple]]) -> str:
    """The checksum of data graphs as defined in the module docstring (None = the merged graph)."""
    lines: list[str] = []
    for name, triples in graphs.items():
        graph = Graph()
        for t in triples:
            graph.add(t)
        suffix = f" <{name}> .\n" if name is not None else " .\n"
        lines += [f"{to_ox(s)} {to_ox(p)} {to_ox(o)}{suffix}" for s, p, o in to_canonical_graph(graph)]
    lines.sort()
    return "sha256:" + hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


# --- export -------------------------------------------------------------------------------------------

@dataclass
class Export:
    """An export before serialisation: data graphs, and the triples describing them."""

    dataset: URIRef
    tier: str
    graphs: dict[URIRef, list[Triple]]
    description: list[Triple]
    fmt: str  # the checksum depends on it: plain Turtle has one merged graph
    context: str = "inline"  # JSON-LD only: the project context inline, or its IRI (export.context_value)

    def serialize(self) -> str:
        fmt = self.fmt
        if fmt in ("trig", "nq"):
            quads = [_quad(t, g) for g, ts in self.graphs.items() for t in ts]
            quads += [_quad(t, EXPORT_GRAPH) for t in self.description]
            rdf_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
            prefixes = EXPORT_PREFIXES if fmt == "trig" else None
            return (ox.serialize(quads, format=rdf_format, prefixes=prefixes) or b"").decode("utf-8")
        if fmt == "ttl":
            triples = [to_ox_triple(s, p, o) for ts in [*self.graphs.values(), self.description] for s, p, o in ts]
            return (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES) or b"").decode("utf-8")
        if fmt == "jsonld":
            nodes = [_jsonld_graph(g, ts) for g, ts in self.graphs.items()]
            nodes.append(_jsonld_graph(EXPORT_GRAPH, self.description))
            return json.dumps({"@context": context_value(self.context), "@graph": nodes}, indent=2,
                              ensure_ascii=False) + "\n"
        raise ExchangeError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")


def build_export(store: GraphStore, tier: str, *, cases: Sequence[str] = (), fmt: str = "trig",
                 publisher: str | None = None, license: str | None = None, version: str | None = None,
                 now: datetime | None = None, context: str = "inline") -> Export:
    """Select the data of one tier (all own graphs, or ``cases`` and what they cite) and describe it."""
    if tier not in VIEW_TIERS:
        raise ExchangeError(f"unknown disclosure tier {tier!r} (tiers: {', '.join(VIEW_TIERS)})")
    if fmt not in FORMATS:
        raise ExchangeError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
    case_iris = [resolve_case(store, c) for c in cases]
    source = public_view(store) if tier == PUBLIC else store
    graphs = _select_cases(source, case_iris) if case_iris else {
        g: list(source.triples(g)) for g in source.data_graphs() if not is_import_graph(g)}
    merged = fmt == "ttl"
    digest = checksum({None: [t for ts in graphs.values() for t in ts]}) if merged else checksum(graphs)
    when = (now or datetime.now(UTC)).astimezone(UTC)
    dataset = URIRef(f"urn:uuid:{uuid.uuid4()}")
    description = _describe(store, dataset, tier, graphs, digest, when, publisher, license, version)
    return Export(dataset, tier, graphs, description, fmt, context)


def export_dataset(store: GraphStore, tier: str, fmt: str = "trig", **options) -> str:
    """The export as text in ``fmt`` (trig, nq, ttl or jsonld); options as for ``build_export``."""
    return build_export(store, tier, fmt=fmt, **options).serialize()


def _select_cases(source: GraphStore, cases: Sequence[URIRef]) -> dict[URIRef, list[Triple]]:
    """The case graphs, and from each register graph the records they cite, followed transitively.

    A register's own header (its type and title) comes along so the graph is still known as a
    register; the records it lists are not, unless something selected cites them.
    """
    graphs = {c: list(source.triples(c)) for c in cases}
    by_subject: dict[Node, list[tuple[URIRef, Triple]]] = {}
    for register in source.register_graphs():
        if is_import_graph(register):
            continue
        for t in source.triples(register):
            by_subject.setdefault(t[0], []).append((register, t))
    chosen: dict[URIRef, list[Triple]] = {}
    todo = [o for ts in graphs.values() for _, _, o in ts if isinstance(o, (URIRef, BNode))]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen or node in graphs:
            continue
        seen.add(node)
        for register, t in by_subject.get(node, []):
            chosen.setdefault(register, []).append(t)
            if isinstance(t[2], (URIRef, BNode)):
                todo.append(t[2])
    for register, triples in chosen.items():
        header = [t for _, t in by_subject.get(register, []) if t not in triples and not isinstance(t[2], BNode)]
        graphs[register] = triples + header
    return graphs


def _describe(store: GraphStore, dataset: URIRef, tier: str, graphs: Mapping[URIRef, list[Triple]], digest: str,
              when: datetime, publisher: str | None, license: str | None, version: str | None) -> list[Triple]:
    """The VoID and DCAT description of an export (kept in its own graph, or beside the data in Turtle)."""
    created = Literal(when.isoformat(timespec="seconds").replace("+00:00", "Z"), datatype=XSD.dateTime)
    triples_total = sum(len(ts) for ts in graphs.values())
    cases = {s for ts in graphs.values() for s, p, o in ts if p == RDF.type and o == SC.SafetyCase}
    ontology_version, catalog_version = conformance(store)
    agent, partition, check, catalog = BNode(), BNode(), BNode(), BNode()
    out: list[Triple] = [
        (dataset, RDF.type, DCAT.Dataset), (dataset, RDF.type, VOID.Dataset),
        (dataset, DCTERMS.title, Literal(f"safetycase-kg export, {tier} tier", lang="en")),
        (dataset, DCTERMS.created, created), (dataset, DCTERMS.issued, created),
        (dataset, DCAT.version, Literal(version or str(created))),
        (dataset, DCTERMS.license, URIRef(license) if license else DEFAULT_LICENSE),
        (dataset, DCTERMS.accessRights, tier_iri(tier)),
        (dataset, VOID.triples, Literal(triples_total)),
        (dataset, VOID.classPartition, partition),
        (partition, VOID["class"], SC.SafetyCase), (partition, VOID.entities, Literal(len(cases))),
        (dataset, SPDX.checksum, check), (check, RDF.type, SPDX.Checksum),
        (check, SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
        (check, SPDX.checksumValue, Literal(digest.removeprefix("sha256:"), datatype=XSD.hexBinary)),
        (check, RDFS.comment, Literal(CHECKSUM_NOTE, lang="en")),
        (dataset, VOID.vocabulary, URIRef(str(SC))),
        (dataset, DCTERMS.conformsTo, catalog), (catalog, DCTERMS.isVersionOf, URIRef(PROJECT_PREFIX + "catalog/")),
    ]
    if ontology_version is not None:  # a version IRI of the ontology; only the ontology itself describes it
        out.append((dataset, DCTERMS.conformsTo, ontology_version))
    if catalog_version is not None:
        out.append((catalog, OWL.versionInfo, Literal(catalog_version)))
    source = store.sources().get(CATALOG_GRAPH)
    if source is not None:
        out.append((catalog, DCTERMS.identifier, Literal(source.sha256)))
    if publisher and _is_iri(publisher):
        out.append((dataset, DCTERMS.publisher, URIRef(_expand(publisher))))
    else:
        out += [(dataset, DCTERMS.publisher, agent), (agent, RDF.type, FOAF.Agent),
                (agent, FOAF.name, Literal(publisher or "unspecified publisher"))]
    for name, ts in graphs.items():
        subset = BNode()
        out += [(dataset, VOID.subset, subset), (subset, RDF.type, VOID.Dataset), (subset, SD.name, name),
                (subset, VOID.triples, Literal(len(ts)))]
    return out


def conformance(store: GraphStore) -> tuple[URIRef | None, str | None]:
    """The ontology's owl:versionIRI and the catalog's version, as installed in ``store``."""
    rows = list(result_rows(store.query(parse_named_query(EXCHANGE_QUERIES / "conformance.rq").bind({}))))
    if not rows:
        return None, None
    row = rows[0]
    return cast(URIRef | None, row[0]), (str(row[1]) if row[1] is not None else None)


def _jsonld_graph(name: URIRef, triples: list[Triple]) -> dict:
    """One named graph as a JSON-LD graph object, compacted like a case file.

    ``dump_case`` writes compact JSON-LD under the project context (a test checks that rdflib's
    JSON-LD parser reads it back to the same graph); a register's ``graph`` list is lifted beside
    the register node so that the whole file means, as plain JSON-LD, exactly the exported dataset.
    """
    context = load_context(CONTEXT_FILE)
    try:
        document = to_jsonld(dump_case(name, triples, context), context)
    except (ValueError, CaseFileError):
        return _expanded_graph(name, triples)
    document.pop("@context", None)
    members = document.pop("graph", [])
    header = [document] if set(document) - {"id"} else []  # a graph IRI that is not itself described
    return {"id": str(name), "graph": [*header, *members]}


def _expanded_graph(name: URIRef, triples: list[Triple]) -> dict:
    """Fallback for a graph the case-file writer cannot express: expanded JSON-LD, still context-free."""
    graph = Graph()
    for t in triples:
        graph.add(t)
    return {"@id": str(name), "@graph": json.loads(graph.serialize(format="json-ld"))}


def _quad(triple: Triple, graph: URIRef) -> ox.Quad:
    return to_ox_quad(*triple, graph)


def _is_iri(text: str) -> bool:
    prefix, sep, _ = text.partition(":")
    return bool(sep) and " " not in text and (text.startswith(("http://", "https://", "urn:")) or prefix in PREFIXES)


def _expand(text: str) -> str:
    prefix, _, local = text.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and not local.startswith("//") else text


# --- import ------------------------------------------------------------------------------------------

def is_import_graph(graph: URIRef) -> bool:
    return str(graph).startswith(IMPORT_PREFIX)


def import_graph(org: str, original: URIRef | None) -> URIRef:
    """Where an organisation's graph lands: ``.../graph/import/<org>/<original path>``.

    The original path is the part of the graph IRI after ``https://w3id.org/safetycase-kg/`` (so a
    case graph ``.../id/x-v1`` becomes ``.../graph/import/<org>/id/x-v1``); any other graph IRI is
    percent-encoded whole under ``iri/``. A plain Turtle export, which has no graphs, lands in
    ``.../graph/import/<org>/merged``. Resource IRIs inside the graphs are never rewritten.
    """
    if original is None:
        return URIRef(f"{IMPORT_PREFIX}{org}/merged")
    text = str(original)
    if text.startswith(PROJECT_PREFIX):
        return URIRef(f"{IMPORT_PREFIX}{org}/{text[len(PROJECT_PREFIX):]}")
    return URIRef(f"{IMPORT_PREFIX}{org}/iri/{quote(text, safe='')}")


def organisation_iri(org: str) -> URIRef:
    return ID[f"org/{org}"]


@dataclass
class Received:
    """A parsed export file: its data graphs (None = merged Turtle) and its description."""

    path: Path
    sha256: str
    graphs: dict[URIRef | None, list[Triple]]
    description: list[Triple]
    dataset: URIRef
    created: datetime
    version: str
    checksum: str
    tier: str
    ontology_version: URIRef | None


@dataclass
class ImportResult:
    org: str
    graphs: list[URIRef]
    replaced: list[URIRef]
    received: Received
    conflicts: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_export(path: str | Path) -> Received:
    """Parse an export file (format from its suffix), read its description and verify its checksum.

    Raises ExchangeError naming the file. JSON-LD may only use the project context, which is read
    from this checkout: nothing is fetched.
    """
    path = Path(path)
    fmt = FORMAT_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ExchangeError(f"{path}: cannot tell the format from the suffix {path.suffix!r}; "
                            "an export is named .trig, .nq, .ttl or .jsonld")
    if not path.is_file():
        raise ExchangeError(f"{path}: no such file")
    try:
        parsed = parse_rdf_file(path, load_context(CONTEXT_FILE))
    except CaseFileError as err:
        raise ExchangeError(str(err)) from None
    graphs: dict[URIRef | None, list[Triple]] = {g: ts for g, ts in parsed.graphs.items()}
    if fmt == "ttl":
        merged = [t for ts in graphs.values() for t in ts]
        dataset = _described_dataset(merged, path)
        description = _closure(merged, dataset)
        kept = set(description)
        graphs = {None: [t for t in merged if t not in kept]}
    else:
        description = graphs.pop(EXPORT_GRAPH, [])
        if not description:
            raise ExchangeError(f"{path}: no export description (graph <{EXPORT_GRAPH}>); "
                                "is this a safetycase-kg export?")
        dataset = _described_dataset(description, path)
    info = _description_values(description, dataset, path)
    received = Received(path, "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(), graphs, description,
                        dataset, **info)
    actual = checksum(graphs)
    if actual != received.checksum:
        raise ExchangeError(f"{path}: checksum mismatch: the description says {received.checksum} but the data "
                            f"hashes to {actual}; the file was changed or damaged after export. Nothing was imported.")
    return received


def import_export(store: GraphStore, path: str | Path, org: str, *, force: bool = False,
                  agent: str | None = None) -> ImportResult:
    """Land an export in the organisation's own graphs, replacing its previous import atomically."""
    if not ORG_PATTERN.match(org) or org == LOCAL_ORG:
        raise ExchangeError(f"organisation {org!r}: use a short name of lower-case letters, digits, '.', '_' "
                            f"or '-' (not {LOCAL_ORG!r}, which names this store's own graphs)")
    received = read_export(path)
    present = current_import(store, org)
    if present is not None and present["created"] > received.created and not force:
        raise ExchangeError(
            f"{received.path}: this export of {org} was created {received.created.isoformat()}, before the one "
            f"already imported ({present['created'].isoformat()}, version {present['version']}); "
            "nothing was imported (use --force to import it anyway)")
    targets = {g: import_graph(org, g) for g in received.graphs}
    contents = {targets[g]: ts for g, ts in received.graphs.items()}
    contents[import_graph(org, EXPORT_GRAPH)] = received.description
    new_graphs = list(contents)
    old = [g for g in store.graph_names() if str(g).startswith(f"{IMPORT_PREFIX}{org}/")]
    provenance = _import_provenance(org, received, targets, agent)
    batch = Batch(files=[str(received.path)], nquads={
        g: ox.serialize([_quad(t, g) for t in ts], format=ox.RdfFormat.N_QUADS) or b"" for g, ts in contents.items()})
    try:  # the load path: an export that describes the project's own terms is refused like a file would be
        write_batch(store, batch, drop=old, provenance=provenance)
    except LoadError as err:
        raise ExchangeError("\n".join(err.errors)) from None
    result = ImportResult(org, new_graphs, [g for g in old if g not in new_graphs], received)
    local_version, _ = conformance(store)
    if received.ontology_version is not None and local_version is not None and received.ontology_version != local_version:
        result.warnings.append(f"the export conforms to ontology {received.ontology_version}; this store has "
                               f"{local_version}")
    result.conflicts = conflicts(store, org)
    return result


def current_import(store: GraphStore, org: str) -> dict | None:
    """Creation time and version of the export of ``org`` now in the store, if any."""
    rows = list(result_rows(store.query(parse_named_query(EXCHANGE_QUERIES / "imports.rq").bind({"org": org}))))
    if not rows:
        return None
    row = rows[0]
    return {"created": _datetime(row.created), "version": str(row.version), "dataset": row.export}


def conflicts(store: GraphStore, org: str | None = None) -> list[dict[str, str]]:
    """Conflicting single-valued statements across organisations (queries/exchange/conflicts.rq)."""
    query = parse_named_query(EXCHANGE_QUERIES / "conflicts.rq").bind({"org": org} if org else {})
    result = store.query(query)
    names = [str(v) for v in result_vars(result)]
    return [{name: str(row[i]) for i, name in enumerate(names) if row[i] is not None} for row in result_rows(result)]


def conflicts_text(rows: Sequence[dict[str, str]], fmt: str) -> str:
    """The conflict listing as JSON or CSV."""
    if fmt == "json":
        return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"
    columns = ["subject", "property", "org1", "value1", "graph1", "org2", "value2", "graph2"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _described_dataset(triples: Sequence[Triple], path: Path) -> URIRef:
    datasets = {s for s, p, o in triples if p == RDF.type and o == DCAT.Dataset}
    found = {s for s, p, o in triples if p == SPDX.checksum and s in datasets}
    if len(found) != 1:
        raise ExchangeError(f"{path}: expected one dcat:Dataset with an spdx:checksum describing the export, "
                            f"found {len(found)}; is this a safetycase-kg export?")
    return next(iter(found))  # type: ignore[return-value]


def _closure(triples: Sequence[Triple], root: Node) -> list[Triple]:
    """The triples about ``root`` and the blank nodes reachable from it (the description in Turtle)."""
    by_subject: dict[Node, list[Triple]] = {}
    for t in triples:
        by_subject.setdefault(t[0], []).append(t)
    out, todo, seen = [], [root], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for t in by_subject.get(node, []):
            out.append(t)
            if isinstance(t[2], BNode) or (node == root and t[1] == DCTERMS.conformsTo):
                todo.append(t[2])
    return out


def _description_values(description: Sequence[Triple], dataset: URIRef, path: Path) -> dict:
    graph = Graph()
    for t in description:
        graph.add(t)
    created = graph.value(dataset, DCTERMS.created)
    check = graph.value(dataset, SPDX.checksum)
    value = graph.value(check, SPDX.checksumValue) if check is not None else None
    if created is None or value is None:
        raise ExchangeError(f"{path}: the export description lacks dcterms:created or spdx:checksumValue")
    tier = graph.value(dataset, DCTERMS.accessRights)
    ontology = next((o for o in graph.objects(dataset, DCTERMS.conformsTo)
                     if isinstance(o, URIRef) and str(o).startswith(PROJECT_PREFIX + "ontology")), None)
    return {"created": _datetime(created), "version": str(graph.value(dataset, DCAT.version) or created),
            "checksum": "sha256:" + str(value).lower(), "tier": tier_name(tier) if tier else "unknown",
            "ontology_version": ontology}


def _import_provenance(org: str, received: Received, targets: Mapping[URIRef | None, URIRef],
                       agent: str | None) -> list[Triple]:
    """One import activity: who, when, from which file and export, which graphs it produced from which."""
    now = Literal(datetime.now(UTC).isoformat(timespec="microseconds"), datatype=XSD.dateTime)
    act, who, used, check = ID[f"import/{uuid.uuid4()}"], BNode(), BNode(), BNode()
    organisation, dataset = organisation_iri(org), received.dataset
    out: list[Triple] = [
        (act, RDF.type, PROV.Activity), (act, RDF.type, SC.Load), (act, PROV.endedAtTime, now),
        (act, PROV.wasAssociatedWith, who), (who, RDF.type, PROV.Agent), (who, FOAF.name, Literal(agent or _user())),
        (act, PROV.used, used), (used, RDF.type, PROV.Entity),
        (used, SC.sourceFile, Literal(received.path.name)), (used, SC.fileHash, Literal(received.sha256)),
        (act, PROV.used, dataset), (act, RDFS.comment, Literal(f"import of an export from {org}; checksum verified")),
        (dataset, RDF.type, DCAT.Dataset), (dataset, PROV.wasAttributedTo, organisation),
        (dataset, DCTERMS.created, Literal(received.created.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)),
        (dataset, DCAT.version, Literal(received.version)),
        (dataset, DCTERMS.accessRights, tier_iri(received.tier)),
        (dataset, SPDX.checksum, check), (check, SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
        (check, SPDX.checksumValue, Literal(received.checksum.removeprefix("sha256:"), datatype=XSD.hexBinary)),
        (organisation, RDF.type, PROV.Agent), (organisation, RDF.type, PROV.Organization),
        (organisation, DCTERMS.identifier, Literal(org)),
    ]
    for original, target in [*targets.items(), (EXPORT_GRAPH, import_graph(org, EXPORT_GRAPH))]:
        out += [(act, PROV.generated, target), (target, PROV.wasGeneratedBy, act),
                (target, PROV.wasAttributedTo, organisation)]
        if original is not None:
            out.append((target, PROV.wasDerivedFrom, original))
    return out


def _datetime(value: Node) -> datetime:
    text = str(value)
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
