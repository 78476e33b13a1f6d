"""Canary fixtures generated from the ontology: every property a withheld item can carry, with a value
nobody could mistake for anything else.

For every class of ``ontology/safetycase.ttl`` (SKOS classes and properties aside: concepts are the
vocabulary's, not data), a withheld item (disclosure tier ``regulator`` and a redaction notice) gets every property
whose domain admits the class (``rdfs:domain``, unions and super-classes followed; a property without
a domain, such as ``dcterms:title``, admits every class), except the ones the ontology marks
``sc:visibleWhenRedacted``, which the public may see. The value follows the range (and the case-file
context's coercion for the property):

* text: a unique token (``CNRY0042X1a2b``) at the start, so that even a truncated leak shows it; the
  first text of each item is also padded to a length no other literal has, for ``STRLEN`` probes;
* decimals, integers, dates, date-times, durations, URIs: a unique value of that type (9137042.25,
  1701-02-11, ...), which is its own token;
* classes: two nested nodes typed with the range and carrying a token, one blank and one named (its
  IRI holds a token too) with a named node nested in it in turn (a run and its analyst);
* controlled values and booleans cannot hold a token: they are checked as triples that must be absent.

The items live in a public case file (each attached by the case property whose range is its class,
where there is one) and in a register; a withheld case has a graph of its own; a second register,
which withholds nothing, says one more thing about every item (an item withheld anywhere is withheld
everywhere). Properties without a case-file key go into a TriG file. Case files and registers are
written with the project's own case-file writer and loaded with its loader, like any analyst's file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS, XSD
from rdflib.term import Node

from safetycase_kg.core.namespaces import CONTEXT_FILE, DCTERMS, FOAF, ID, ONTOLOGY_DIR, PREFIXES, SC, VOCAB
from safetycase_kg.ingest.casefile import dump_case, load_context

TOKEN = re.compile(r"cnry\d{4}x[0-9a-f]{4}")  # how a string or IRI token looks, lower-cased
STRING_LENGTH_BASE = 2000  # no literal of the project or the examples is this long (the longest is about 1,600)
REGULATOR = VOCAB["disclosure-tier/regulator"]
PUBLIC = VOCAB["disclosure-tier/public"]
CUSTODIAN = ID["person/canary-custodian"]
CANARY_CASE = ID["canary-case-v1"]
WITHHELD_CASE = ID["canary-withheld-case-v1"]
REGISTER = ID["register/canary-records"]
ANNOTATIONS = ID["register/canary-annotations"]
EXTRA = ID["register/canary-extra"]
SKIPPED_CLASSES = {SKOS.Concept, SKOS.ConceptScheme}
NESTING = DCTERMS.source  # links a nested canary node to the node nested in it


@dataclass(frozen=True)
class Canary:
    """A value that must never reach the public: its token, where it sits, and the literal's text."""

    token: str
    item: URIRef          # the withheld item it belongs to
    prop: URIRef          # the property of the item that leads to it
    kind: str             # string, decimal, double, integer, date, dateTime, duration, anyURI or iri
    text: str             # the literal's lexical form (for STRLEN, SHA256, MD5); the IRI for kind iri
    unique_length: bool = False  # no other literal in the store has this text's length

    @property
    def is_literal(self) -> bool:
        return self.kind != "iri"


@dataclass
class Plan:
    """What the generator planted: files to load, canaries, and the triples that must stay hidden."""

    files: dict[str, str] = field(default_factory=dict)
    canaries: list[Canary] = field(default_factory=list)
    hidden: set[tuple[Node, Node, Node]] = field(default_factory=set)  # no blank node: comparable anywhere
    withheld: list[URIRef] = field(default_factory=list)
    nested: list[URIRef] = field(default_factory=list)    # named nodes reachable only through withheld items
    classes: list[URIRef] = field(default_factory=list)
    properties: set[URIRef] = field(default_factory=set)
    cases: list[URIRef] = field(default_factory=list)
    types: dict[URIRef, URIRef] = field(default_factory=dict)  # class of each withheld item and named nested node

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, text in self.files.items():
            (folder / name).write_text(text, encoding="utf-8")
            paths.append(folder / name)
        return paths

    def tokens(self) -> set[str]:
        """The string and IRI tokens, lower-cased (``find_tokens`` searches lower-cased text)."""
        return {c.token.lower() for c in self.canaries if c.kind in ("string", "iri", "anyURI")}

    def values(self) -> set[str]:
        """The typed values (numbers, dates, durations), which are searched for as they are written."""
        return {c.token for c in self.canaries if c.kind not in ("string", "iri", "anyURI")}


@dataclass(frozen=True)
class Property:
    iri: URIRef
    kind: str                 # "object", "concept", "literal"
    datatype: URIRef | None   # for literals
    ranges: tuple[URIRef, ...]  # for objects: the classes a value may have
    scheme: str | None        # for concepts: the IRI prefix of the allowed values
    has_term: bool            # a case-file key exists for it


class Ontology:
    """Classes and properties with their domains and ranges, read from the ontology and the context."""

    def __init__(self, ontology_dir: Path = ONTOLOGY_DIR, context_file: Path = CONTEXT_FILE) -> None:
        self.g = Graph().parse(ontology_dir / "safetycase.ttl")
        self.vocab = Graph().parse(ontology_dir / "vocabularies.ttl")
        context = json.loads(context_file.read_text(encoding="utf-8"))["@context"]
        self.prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
        self.terms = self._terms(context)
        self.classes = sorted(c for c in self.g.subjects(RDF.type, OWL.Class)
                              if isinstance(c, URIRef) and c not in SKIPPED_CLASSES)
        self.visible = set(self.g.subjects(SC.visibleWhenRedacted, Literal(True))) | {RDF.type}
        self.properties = self._properties()

    def _expand(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return self.prefixes[prefix] + local if prefix in self.prefixes else curie

    def _terms(self, context: dict) -> dict[URIRef, dict]:
        terms = {}
        for key, value in context.items():
            iri = value.get("@id") if isinstance(value, dict) else value
            if key[:1].isupper() or not isinstance(iri, str) or ":" not in iri or iri.startswith("@"):
                continue
            if isinstance(value, str) and value.endswith(("#", "/")):
                continue
            terms[URIRef(self._expand(iri))] = value if isinstance(value, dict) else {}
        return terms

    def _members(self, node: Node | None) -> tuple[URIRef, ...]:
        """A class expression as the named classes it admits (a union lists several; None admits any)."""
        if node is None or node == OWL.Thing or node == RDFS.Resource:
            return ()
        union = self.g.value(node, OWL.unionOf)
        if union is not None:
            return tuple(m for m in self.g.items(union) if isinstance(m, URIRef))
        equivalent = self.g.value(node, OWL.equivalentClass)  # a named union: sc:CaseOrTemplate
        if isinstance(node, URIRef) and equivalent is not None and (equivalent, OWL.unionOf, None) in self.g:
            return (node, *self._members(equivalent))
        return (node,) if isinstance(node, URIRef) else ()

    def superclasses(self, cls: URIRef) -> set[URIRef]:
        return set(self.g.transitive_objects(cls, RDFS.subClassOf))

    def _properties(self) -> list[tuple[Property, tuple[URIRef, ...]]]:
        """Every property with a term or an ontology declaration, and the classes of its domain (() = any)."""
        declared = set()
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
            declared |= {p for p in self.g.subjects(RDF.type, kind) if isinstance(p, URIRef)}
        out = []
        for iri in sorted(declared | set(self.terms)):
            if iri in self.visible or iri == SC.visibleWhenRedacted or iri.startswith(str(SKOS)):
                continue  # SKOS's own properties (declared for OWL DL, without domain) describe concepts
            term = self.terms.get(iri, {})
            coerce = term.get("@type")
            rng = self.g.value(iri, RDFS.range)
            domain = self._members(self.g.value(iri, RDFS.domain))
            is_object = (iri, RDF.type, OWL.ObjectProperty) in self.g
            if coerce == "@vocab" or rng == SKOS.Concept:
                scheme = term.get("@context", {}).get("@vocab")
                prop = Property(iri, "concept", None, (), scheme, iri in self.terms)
            elif coerce == "@id" or (is_object and coerce is None):
                ranges = self._members(rng) or (SC.Context,)
                prop = Property(iri, "object", None, ranges, None, iri in self.terms)
            else:
                if coerce:
                    datatype = URIRef(self._expand(coerce))
                elif isinstance(rng, BNode):  # a union of datatypes: any member will do
                    datatype = (self._members(rng) or (XSD.string,))[0]
                else:
                    datatype = rng if rng not in (None, RDFS.Literal) else XSD.string
                prop = Property(iri, "literal", datatype, (), None, iri in self.terms)
            out.append((prop, domain))
        return out

    def properties_of(self, cls: URIRef) -> list[Property]:
        """The properties whose domain admits ``cls``."""
        admitted = self.superclasses(cls)
        return [p for p, domain in self.properties if not domain or admitted & set(domain)]

    def case_property_for(self, cls: URIRef) -> URIRef | None:
        """The case-file property of a safety case whose range is this class (the most specific), if any."""
        admitted = self.superclasses(cls)
        best = None
        for prop, domain in self.properties:
            if prop.kind != "object" or SC.SafetyCase not in domain or not prop.has_term:
                continue
            if cls in prop.ranges:
                return prop.iri
            if best is None and admitted & set(prop.ranges):
                best = prop.iri
        return best

    def concept(self, scheme: str | None) -> URIRef:
        concepts = sorted(c for c in self.vocab.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef))
        return next((c for c in concepts if scheme and str(c).startswith(scheme)), concepts[0])


class _Generator:
    def __init__(self, ontology: Ontology) -> None:
        self.o = ontology
        self.plan = Plan()
        self.count = 0
        self.padded: set[URIRef] = set()

    def token(self) -> str:
        self.count += 1
        return f"CNRY{self.count:04d}X{hashlib.sha256(str(self.count).encode()).hexdigest()[:4]}"

    def value(self, datatype: URIRef, item: URIRef, prop: URIRef) -> Literal | None:
        """A unique, recognisable literal of ``datatype`` (None for booleans, which cannot be unique)."""
        n = self.count + 1
        if datatype == XSD.boolean:
            return None
        if datatype in (XSD.decimal, XSD.double, XSD.float):
            text, kind = f"{91370000 + n}.25", "decimal" if datatype == XSD.decimal else "double"
        elif datatype in (XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int):
            text, kind = str(73180000 + n), "integer"
        elif datatype == XSD.date:
            text, kind = (date(1701, 1, 1) + timedelta(days=n)).isoformat(), "date"
        elif datatype == XSD.dateTime:
            text, kind = (date(1701, 1, 1) + timedelta(days=n)).isoformat() + "T07:13:29Z", "dateTime"
        elif datatype == XSD.duration:
            text, kind = f"P{731000 + n}D", "duration"
        elif datatype == XSD.anyURI:
            token = self.token()
            text = f"https://canary.example/{token}"
            self.plan.canaries.append(Canary(token, item, prop, "anyURI", text))
            return Literal(text, datatype=datatype)
        else:
            token = self.token()
            text = f"{token} withheld text of {prop.n3(self.o.g.namespace_manager)} on {item.rsplit('/', 1)[-1]}"
            long = item not in self.padded
            if long:
                self.padded.add(item)
                text += " " + "x" * (STRING_LENGTH_BASE + len(self.padded) - len(text) - 1)
            self.plan.canaries.append(Canary(token, item, prop, "string", text, long))
            return Literal(text, datatype=None if datatype in (XSD.string, RDF.langString) else datatype)
        self.count += 1
        needle = text.removesuffix("Z")  # serialisers write the zone as Z or +00:00
        self.plan.canaries.append(Canary(needle, item, prop, kind, text))
        return Literal(text, datatype=datatype)

    def nested(self, item: URIRef, prop: URIRef, cls: URIRef, out: list, named: bool, depth: int) -> Node:
        """A node under a withheld item, typed ``cls``, with a token and (while depth lasts) a node of its own."""
        if named:
            token = self.token()
            node: Node = ID[f"canary/{token}"]
            self.plan.canaries.append(Canary(token, item, prop, "iri", str(node)))
            self.plan.nested.append(node)
            self.plan.types[node] = cls
        else:
            node = BNode()
        out += [(node, RDF.type, cls), (node, RDFS.label, self.value(XSD.string, item, prop))]
        if depth > 1:
            inner = self.nested(item, prop, FOAF.Person, out, named, depth - 1)
            out.append((node, NESTING, inner))
        return node

    def fill(self, item: URIRef, cls: URIRef, out: list, extra: list) -> None:
        """Every property ``cls`` admits, on ``item``; those without a case-file key go to ``extra``."""
        for prop in self.o.properties_of(cls):
            target = out if prop.has_term else extra
            self.plan.properties.add(prop.iri)
            if prop.kind == "concept":
                values = [self.o.concept(prop.scheme)]
            elif prop.kind == "object":
                values = [self.nested(item, prop.iri, prop.ranges[0], target, True, 2),
                          self.nested(item, prop.iri, prop.ranges[0], target, False, 1)]
            else:
                literal = self.value(prop.datatype or XSD.string, item, prop.iri)
                values = [literal if literal is not None else Literal(True)]
            target += [(item, prop.iri, v) for v in values]

    def withheld(self, item: URIRef, cls: URIRef, out: list, extra: list) -> None:
        notice = BNode()
        out += [(item, RDF.type, cls), (item, SC.disclosureTier, REGULATOR), (item, SC.redaction, notice),
                (notice, RDF.type, SC.Redaction), (notice, SC.redactionReason, VOCAB["redaction-reason/public-safety"]),
                (notice, SC.redactionCharacter, Literal("A public notice: what is withheld, not what it says.")),
                (notice, SC.custodian, CUSTODIAN)]
        self.plan.withheld.append(item)
        self.plan.types[item] = cls
        self.fill(item, cls, out, extra)


def generate(ontology: Ontology | None = None) -> Plan:
    """Case files, registers and a TriG file with a withheld item of every class (see the module docstring)."""
    o = ontology or Ontology()
    gen = _Generator(o)
    plan = gen.plan
    plan.classes = list(o.classes)
    case: list = [(CANARY_CASE, RDF.type, SC.SafetyCase), (CANARY_CASE, DCTERMS.title, Literal("Canary case")),
                  (CANARY_CASE, SC.decision, VOCAB["decision-kind/api-launch"]),
                  (CANARY_CASE, SC.caseStatus, VOCAB["case-status/approved"]),
                  (CANARY_CASE, SC.topClaim, ID["canary-case-v1/G0"]),
                  (CANARY_CASE, SC.hasClaim, ID["canary-case-v1/G0"]),
                  (ID["canary-case-v1/G0"], RDF.type, SC.Claim),
                  (ID["canary-case-v1/G0"], SC.statement, Literal("The canary case's public top claim."))]
    register: list = [(REGISTER, RDF.type, SC.Register), (REGISTER, DCTERMS.title, Literal("Canary records")),
                      (CUSTODIAN, RDF.type, FOAF.Person), (CUSTODIAN, FOAF.name, Literal("Canary Custodian"))]
    annotations: list = [(ANNOTATIONS, RDF.type, SC.Register), (ANNOTATIONS, DCTERMS.title, Literal("Canary notes"))]
    withheld_case: list = []
    extra: list = []
    for cls in o.classes:
        local = _local_name(cls)
        attach = o.case_property_for(cls)
        if attach is not None:
            item = ID[f"canary-case-v1/{local}"]
            case.append((CANARY_CASE, attach, item))
            case.append((ID["canary-case-v1/G0"], SC.supportedBy, item))
            gen.withheld(item, cls, case, extra)
        record = ID[f"canary-record/{local}"]
        gen.withheld(record, cls, register, extra)
        for item in (record, *([ID[f"canary-case-v1/{local}"]] if attach is not None else [])):
            annotations.append((item, RDFS.comment, gen.value(XSD.string, item, RDFS.comment)))
    gen.withheld(WITHHELD_CASE, SC.SafetyCase, withheld_case, extra)
    plan.cases = [CANARY_CASE, WITHHELD_CASE]
    graphs = {CANARY_CASE: case, WITHHELD_CASE: withheld_case, REGISTER: register, ANNOTATIONS: annotations}
    context = load_context(CONTEXT_FILE)
    for name, triples in graphs.items():
        plan.files[f"{name.rsplit('/', 1)[-1]}.yaml"] = dump_case(name, triples, context)
    extra_graph = Dataset().graph(EXTRA)  # TriG names the graph: a Turtle file's graph may be named by its case
    extra_graph.add((EXTRA, RDF.type, SC.Register))
    for t in extra:
        extra_graph.add(t)
    plan.files["canary-extra.trig"] = extra_graph.serialize(format="trig")
    withheld = set(plan.withheld)
    nested = set(plan.nested)
    for triples in [*graphs.values(), extra]:
        plan.hidden |= {(s, p, v) for s, p, v in triples
                        if ((s in withheld and p not in o.visible) or s in nested) and not isinstance(v, BNode)}
    return plan


def _local_name(cls: URIRef) -> str:
    """A class's name for the items made of it: ``Evidence``, or ``prov-Agent`` outside the ontology's namespace."""
    local = cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    if cls.startswith(str(SC)):
        return local
    prefix = next((k for k, v in PREFIXES.items() if cls.startswith(v)), "x")
    return f"{prefix}-{local}"


def find_tokens(text: str, tokens: set[str], values: Iterable[str] = ()) -> set[str]:
    """The planted tokens (string and IRI tokens by pattern, typed values by search) found in ``text``.

    A typed value counts only where it is not part of a longer run of hex digits (a hash, a UUID).
    """
    found = set(TOKEN.findall(text.lower())) & tokens
    for value in values:
        start = text.find(value)
        while start >= 0:
            before, after = text[start - 1:start], text[start + len(value):start + len(value) + 1]
            if not (before and before in HEX) and not (after and after in HEX):
                found.add(value)
                break
            start = text.find(value, start + 1)
    return found


HEX = set("0123456789abcdefABCDEF")
