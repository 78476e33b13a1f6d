"""OntoGSN RDF (fortiss/OntoGSN, ``https://w3id.org/OntoGSN/ontology#``): GSN v3 as OWL individuals.

The mapping is data: classes and properties are imported through the SKOS alignments in
``ontology/alignments.ttl`` (``queries/interchange/ontogsn-alignments.rq``), so ``gsn:Goal`` becomes
``sc:Claim`` because the ontology says ``sc:Claim skos:closeMatch gsn:Goal``. Beyond the alignments the
reader knows only what OntoGSN itself defines: an element that ``gsn:challenges`` another is a defeater
(the domain of ``gsn:challenges``), ``schema:identifier`` is the element's id, a solution ``gsn:refersTo``
its artefact (whose ``dcterms:created`` dates the evidence), and modules ``gsn:contains`` their elements.
Every other statement about an element is kept as an annotation and reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from ..core.namespaces import ONTOLOGY_DIR, PREFIXES, QUERIES_DIR, SC
from ..core.results import result_rows
from ..core.sparql import parse_named_query
from ..ingest.casefile import parse_rdf_file
from .model import CLASS_OF, LINKS, Argument, Element, InterchangeError, check, slug, unique

FORMAT = "ontogsn"
GSN = "https://w3id.org/OntoGSN/ontology#"
SCHEMA_IDS = (URIRef("https://schema.org/identifier"), URIRef("http://schema.org/identifier"))
SCHEMA_NAMES = (URIRef("https://schema.org/name"), URIRef("http://schema.org/name"))
SCHEMA_DESCRIPTIONS = (URIRef("https://schema.org/description"), URIRef("http://schema.org/description"))
CHALLENGES = URIRef(GSN + "challenges")
REFERS_TO = URIRef(GSN + "refersTo")
CONTAINS = URIRef(GSN + "contains")
ASSURANCE_CASE = URIRef(GSN + "AssuranceCase")
MODULE = URIRef(GSN + "Module")
TOP = URIRef(GSN + "top")
KIND_OF_CLASS = {v: k for k, v in CLASS_OF.items()}
PROPERTY_NAMES = {SC.statement: "text", **{v: k for k, v in LINKS.items()}, SC.undeveloped: "undeveloped",
                  SC.defeated: "defeated", SC.away: "away", SC.uninstantiated: "uninstantiated"}


def looks_like(data: bytes) -> bool:
    return GSN.encode() in data and b"safetycase-kg/ontology#" not in data


@cache
def alignments() -> tuple[dict[URIRef, URIRef], dict[URIRef, URIRef]]:
    """(OntoGSN class -> our class, OntoGSN property -> our property), from the alignment data."""
    graph = Graph().parse(ONTOLOGY_DIR / "alignments.ttl")
    query = parse_named_query(QUERIES_DIR / "interchange" / "ontogsn-alignments.rq").bind({})
    classes: dict[URIRef, URIRef] = {}
    properties: dict[URIRef, URIRef] = {}
    for ours, theirs in result_rows(graph.query(query, initNs={**PREFIXES, "skos": str(SKOS)})):
        if not isinstance(ours, URIRef) or not isinstance(theirs, URIRef):
            continue  # an alignment is between IRIs
        if ours in KIND_OF_CLASS:
            classes[theirs] = ours
        elif ours in PROPERTY_NAMES:
            properties[theirs] = ours
    return classes, properties


def read(path: Path) -> Argument:
    parsed = parse_rdf_file(path, None)
    graph = Graph()
    graph.bind("gsn", GSN)
    for triples in parsed.graphs.values():
        for triple in triples:
            graph.add(triple)
    classes, properties = alignments()
    arg = Argument(FORMAT, slug(path.stem), files=[str(path)])
    case = next(iter(graph.subjects(RDF.type, ASSURANCE_CASE)), None)
    if case is not None:
        arg.title = _first(graph, case, (*SCHEMA_NAMES, RDFS.label)) or _first(graph, case, SCHEMA_IDS)
        arg.description = _first(graph, case, (URIRef(GSN + "statement"),))
    nodes = _elements(graph, classes)
    if not nodes and "https://w3id.org/ontogsn/ontology#" in {str(ns) for _, ns in graph.namespaces()}:
        raise InterchangeError(path, 1, 1, "this file uses https://w3id.org/ontogsn/ontology# (lowercase), which "
                                           f"is not OntoGSN's namespace {GSN}; correct the prefix and import again")
    if not nodes:
        raise InterchangeError(path, 1, 1, "no OntoGSN goal, strategy, solution, context, assumption or "
                                           "justification in this file")
    keys = _keys(graph, nodes)
    modules = _modules(graph)
    for node, kind in nodes.items():
        element = Element(keys[node], kind, file=str(path), module=modules.get(node))
        element.annotations["iri"] = str(node)
        _properties(arg, graph, node, element, properties, keys)
        arg.add(element)
        if (node, TOP, Literal(True)) in graph and arg.root is None:
            arg.root = element.key
    _report_rest(arg, graph, set(nodes) | {case}, keys)
    check(arg)
    return arg


def _first(graph: Graph, node: Node, predicates: Iterable[URIRef]) -> str | None:
    for predicate in predicates:
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    return None


def _elements(graph: Graph, classes: dict[URIRef, URIRef]) -> dict[URIRef, str]:
    """Each individual of an aligned class with its kind; challengers are defeaters whatever their class."""
    found: dict[URIRef, str] = {}
    for theirs, ours in classes.items():
        for node in graph.subjects(RDF.type, theirs):
            if isinstance(node, URIRef) and ours != SC.SafetyCase:
                found.setdefault(node, KIND_OF_CLASS[ours])
    for node in set(graph.subjects(CHALLENGES, None)):
        if isinstance(node, URIRef):
            found[node] = "defeater"
    return found


def _keys(graph: Graph, nodes: dict[URIRef, str]) -> dict[URIRef, str]:
    keys: dict[URIRef, str] = {}
    for node in nodes:
        ident = _first(graph, node, SCHEMA_IDS) or str(node).rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        keys[node] = ident if ident not in keys.values() else f"{ident}-{len(keys)}"
    return keys


def _modules(graph: Graph) -> dict[Node, str]:
    """Element -> the module that contains it (directly, or through an argument it contains)."""
    out: dict[Node, str] = {}
    for module in graph.subjects(RDF.type, MODULE):
        name = _first(graph, module, (*SCHEMA_IDS, RDFS.label)) or str(module)
        todo = list(graph.objects(module, CONTAINS))
        seen: set[Node] = set()
        while todo:
            item = todo.pop()
            if item in seen:
                continue
            seen.add(item)
            out.setdefault(item, name)
            todo += list(graph.objects(item, CONTAINS))
    return out


def _properties(arg: Argument, graph: Graph, node: URIRef, element: Element, properties: dict[URIRef, URIRef],
                keys: dict[URIRef, str]) -> None:
    for predicate, value in sorted(graph.predicate_objects(node)):
        if not isinstance(predicate, URIRef):  # a predicate is always an IRI; this tells mypy so
            continue
        ours = properties.get(predicate)
        name = PROPERTY_NAMES.get(ours) if ours is not None else None
        if predicate == RDF.type or predicate in SCHEMA_IDS or predicate in (CONTAINS,):
            continue
        if name in LINKS and isinstance(value, URIRef) and value in keys:
            attr = {"supportedBy": "supported_by", "inContextOf": "in_context_of", "attacks": "attacks"}[name]
            setattr(element, attr, unique(getattr(element, attr) + [keys[value]]))
        elif name == "text":
            element.text = str(value)
        elif name in ("undeveloped", "defeated", "away", "uninstantiated") and isinstance(value, Literal):
            setattr(element, name, bool(value.toPython()) is True)
        elif predicate == RDFS.label and element.text is None:
            element.annotations["label"] = str(value)
        elif predicate == REFERS_TO:
            _artefact(arg, graph, value, element)
        else:
            curie = graph.namespace_manager.normalizeUri(predicate)
            element.annotations[curie] = _plain(value)
            if predicate != RDFS.label:
                arg.note(element, f"{curie} has no term in the ontology: kept as an annotation")
    if element.text is None and "label" in element.annotations:
        element.text = element.annotations.pop("label")


def _artefact(arg: Argument, graph: Graph, artefact: Node, element: Element) -> None:
    created = graph.value(artefact, DCTERMS.created)
    if created is not None and element.kind == "evidence":
        element.date = str(created)[:10]
    entry = {k: v for k, v in (("iri", str(artefact)), ("identifier", _first(graph, artefact, SCHEMA_IDS)),
                               ("label", _first(graph, artefact, (RDFS.label,))),
                               ("description", _first(graph, artefact, SCHEMA_DESCRIPTIONS))) if v}
    element.annotations.setdefault("artefacts", []).append(entry)


def _plain(value: Node) -> object:
    return value.toPython() if isinstance(value, Literal) and not isinstance(value.toPython(), Literal) \
        and isinstance(value.toPython(), (bool, int, float, str)) else str(value)


def _report_rest(arg: Argument, graph: Graph, used: set[Node | None], keys: dict[URIRef, str]) -> None:
    """Resources that are not argument elements (patterns, reified relationships, ...) are reported."""
    referenced = {o for s in keys for o in graph.objects(s, REFERS_TO)}
    for subject in sorted({s for s in graph.subjects() if isinstance(s, URIRef)} - used - referenced):
        types = [graph.namespace_manager.normalizeUri(str(t)) for t in graph.objects(subject, RDF.type)]
        if any(t.startswith(("gsn:", f"<{GSN}")) for t in types) and MODULE not in graph.objects(subject, RDF.type):
            arg.note(None, f"{graph.namespace_manager.normalizeUri(subject)} ({', '.join(types)}) has no home in "
                           "the argument: not kept", kept=False)
