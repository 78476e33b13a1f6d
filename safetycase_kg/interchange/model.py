"""The neutral argument every reader produces and every writer consumes, and its graph form.

Why a neutral model: five formats disagree on almost everything (GSN ids keyed by prefix, TEA UUIDs in a
nested tree, SACM relationships as first-class assertions, LTAC indentation, OntoGSN triples), but an
argument is always elements with a kind, a text, a few GSN marks and three kinds of link. Readers check
what makes an argument unusable (a dangling reference, a support cycle, an unknown element type, a
duplicate identifier) once, here, and the mapping to the ontology is written once, here.

What a format says that has no term in the ontology is kept on the element as ``annotations`` (written to
the graph as ``sc:sourceAnnotation`` JSON, read back by the writer of the same format) and listed in the
conversion report, so nothing is silently dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from rdflib import XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ..core.namespaces import ID, SC
from ..core.terms import Triple
from ..ingest.casefile import CaseFileError

KINDS = ("claim", "strategy", "evidence", "context", "assumption", "justification", "defeater")
CLASS_OF = {"claim": SC.Claim, "strategy": SC.Strategy, "evidence": SC.Evidence, "context": SC.Context,
            "assumption": SC.Assumption, "justification": SC.Justification, "defeater": SC.Defeater}
MEMBERSHIP = {"claim": SC.hasClaim, "strategy": SC.hasStrategy, "evidence": SC.hasEvidence,
              "context": SC.hasContext, "assumption": SC.hasAssumption, "justification": SC.hasJustification,
              "defeater": SC.hasDefeater}
LINKS = {"supportedBy": SC.supportedBy, "inContextOf": SC.inContextOf, "attacks": SC.attacks}
FLAGS = {"undeveloped": SC.undeveloped, "defeated": SC.defeated, "away": SC.away,
         "uninstantiated": SC.uninstantiated}
DEFEATER_STATUS = "https://w3id.org/safetycase-kg/vocab/defeater-status/"

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_ELEMENTS = 20_000
_LOCAL_SAFE = "-._~"
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
Fact = tuple[str | bool, ...]  # one fact of an argument's structure (``structure``)
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")


class InterchangeError(CaseFileError):
    """A file of another tool's format that cannot be imported; located like every input error."""


@dataclass
class Element:
    """One argument element as its source gave it; links name other elements by ``key``."""

    key: str
    kind: str
    text: str | None = None
    local: str | None = None  # the IRI's local name under the case; defaults to the key
    supported_by: list[str] = field(default_factory=list)
    in_context_of: list[str] = field(default_factory=list)
    attacks: list[str] = field(default_factory=list)
    undeveloped: bool = False
    defeated: bool = False
    away: bool = False
    uninstantiated: bool = False
    refuted: bool = False  # a defeater that is itself defeated
    module: str | None = None
    file: str | None = None
    line: int | None = None
    location: str | None = None  # evidence: where the record is (a URL)
    date: str | None = None  # evidence: when it was produced (YYYY-MM-DD)
    version: str | None = None  # evidence: the version of the record
    annotations: dict[str, Any] = field(default_factory=dict)
    iri: str | None = None  # set when read from the store (for links in pictures)

    @property
    def name(self) -> str:
        return self.local or self.key

    def links(self) -> Iterator[tuple[str, str]]:
        for rel in LINKS:
            for target in getattr(self, _ATTR[rel]):
                yield rel, target


_ATTR = {"supportedBy": "supported_by", "inContextOf": "in_context_of", "attacks": "attacks"}


@dataclass
class Note:
    """One line of the conversion report: something the target cannot hold as it was."""

    file: str | None
    line: int | None
    element: str | None
    message: str
    kept: bool = True  # kept as an annotation (or otherwise recoverable), not lost

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        subject = f" {self.element}:" if self.element else ""
        return f"{where}:{subject} {self.message}{'' if self.kept else ' (not kept)'}".lstrip(": ")


@dataclass
class Argument:
    """A whole argument: what one case of ours is made from, or written to."""

    fmt: str
    name: str
    title: str | None = None
    description: str | None = None
    root: str | None = None
    elements: dict[str, Element] = field(default_factory=dict)
    annotations: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def add(self, element: Element) -> None:
        if element.kind not in KINDS:
            raise ValueError(f"unknown kind {element.kind!r}")
        if len(self.elements) >= MAX_ELEMENTS:
            raise InterchangeError(element.file or "?", element.line or 1, 1,
                                   f"more than {MAX_ELEMENTS} elements; split the argument into modules")
        self.elements[element.key] = element

    def note(self, element: Element | None, message: str, *, kept: bool = True, file: str | None = None,
             line: int | None = None) -> None:
        self.notes.append(Note(file or (element.file if element else None) or (self.files[0] if self.files else None),
                               line or (element.line if element else None), element.key if element else None,
                               message, kept))

    @property
    def iri(self) -> URIRef:
        return ID[self.name]

    def element_iri(self, element: Element) -> URIRef:
        return URIRef(f"{self.iri}/{quote(element.name, safe=_LOCAL_SAFE)}")


# --- checks every reader relies on ---------------------------------------------------------------

def check(arg: Argument) -> None:
    """Refuse what no case can be built from: dangling references and support cycles. Choose the root."""
    for element in arg.elements.values():
        for rel, target in element.links():
            if target not in arg.elements:
                raise _error(arg, element, f"{element.key} {rel} {target}, but no element {target!r} is defined "
                                           "(is a module file missing, or the id misspelt?)")
            if target == element.key:
                raise _error(arg, element, f"{element.key} {rel} itself")
    cycle = _support_cycle(arg)
    if cycle:
        first = arg.elements[cycle[0]]
        raise _error(arg, first, "circular argument: " + " -> ".join(cycle + [cycle[0]])
                     + " (an element cannot support itself through supportedBy links)")
    names: dict[str, str] = {}
    for element in arg.elements.values():
        if element.name in names:
            raise _error(arg, element, f"{element.key} and {names[element.name]} would be the same element "
                                       f"({element.name!r}); identifiers must be unique")
        names[element.name] = element.key
    arg.root = arg.root or _root(arg)


def _error(arg: Argument, element: Element, message: str) -> InterchangeError:
    return InterchangeError(element.file or (arg.files[0] if arg.files else "?"), element.line or 1, 1, message)


def _support_cycle(arg: Argument) -> list[str] | None:
    """One supportedBy cycle as a list of keys, or None (iterative DFS: deep arguments must not overflow)."""
    state: dict[str, int] = {}
    for start in arg.elements:
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(arg.elements[start].supported_by))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                return path[path.index(child):]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(arg.elements[child].supported_by)))
    return None


def _root(arg: Argument) -> str | None:
    """The top claim: the claim nothing supports. Several candidates are reported, the first taken."""
    targets = {t for e in arg.elements.values() for rel, t in e.links() if rel != "attacks"}
    roots = [k for k, e in arg.elements.items() if e.kind == "claim" and k not in targets and not e.away]
    if len(roots) > 1:
        arg.note(arg.elements[roots[0]], f"{len(roots)} claims are supported by nothing ({', '.join(roots)}); "
                                         f"{roots[0]} is taken as the top claim and the others stay unreachable "
                                         "until they are linked", kept=True)
    if not roots:
        arg.note(None, "no claim is free to be the top claim; the case has none", kept=True)
    return roots[0] if roots else None


# --- the graph of a case -------------------------------------------------------------------------

def to_triples(arg: Argument) -> list[Triple]:
    """The case graph: one sc:SafetyCase with its elements, links, GSN marks and provenance per element."""
    case = arg.iri
    iri = {k: arg.element_iri(e) for k, e in arg.elements.items()}
    out: list[Triple] = [(case, RDF.type, SC.SafetyCase), (case, SC.sourceFormat, Literal(arg.fmt))]
    if arg.title:
        out.append((case, DCTERMS.title, Literal(arg.title)))
    if arg.description:
        out.append((case, DCTERMS.description, Literal(arg.description)))
    if arg.root:
        out.append((case, SC.topClaim, iri[arg.root]))
    out += _annotation_triples(case, arg.annotations)
    for key, element in arg.elements.items():
        node = iri[key]
        out += [(case, MEMBERSHIP[element.kind], node), (node, RDF.type, CLASS_OF[element.kind]),
                (node, SC.sourceIdentifier, Literal(element.key))]
        if element.text:
            out.append((node, SC.statement, Literal(element.text)))
        if element.file:
            out.append((node, SC.sourceDocument, Literal(element.file)))
        if element.module:
            out.append((node, SC.sourceModule, Literal(element.module)))
        for flag, prop in FLAGS.items():
            if getattr(element, flag):
                out.append((node, prop, Literal(True)))
        for rel, target in element.links():
            out.append((node, LINKS[rel], iri[target]))
        if element.kind == "defeater":
            status = "refuted" if element.refuted else "open"
            out.append((node, SC.defeaterStatus, URIRef(DEFEATER_STATUS + status)))
        out += _evidence_triples(arg, element, node)
        out += _annotation_triples(node, element.annotations)
    return list(dict.fromkeys(out))


def _evidence_triples(arg: Argument, element: Element, node: URIRef) -> list[Triple]:
    """Where and when the record is, on whatever the source attached them to (kept as text otherwise)."""
    out: list[Triple] = []
    if element.location:
        if _IRI.fullmatch(element.location) and element.kind == "evidence":
            out.append((node, SC.location, Literal(element.location, datatype=XSD.anyURI)))
        else:
            element.annotations.setdefault("url", element.location)
    if element.date:
        if _DATE.fullmatch(element.date) and element.kind == "evidence":
            out.append((node, SC.evaluationDate, Literal(element.date, datatype=XSD.date)))
        else:
            element.annotations.setdefault("date", element.date)
    if element.version:
        if element.kind == "evidence":
            out.append((node, SC.sourceVersion, Literal(element.version)))
        else:
            element.annotations.setdefault("version", element.version)
    return out


def _annotation_triples(node: URIRef, annotations: dict[str, Any]) -> list[Triple]:
    return [(node, SC.sourceAnnotation, Literal(annotation_text(k, v))) for k, v in annotations.items()]


def annotation_text(key: str, value: Any) -> str:
    return json.dumps({key: value}, ensure_ascii=False, sort_keys=True)


def parse_annotation(text: str) -> tuple[str, Any] | None:
    """The (key, value) of one ``sc:sourceAnnotation``; None when it is not one object of one key."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if isinstance(value, dict) and len(value) == 1:
        return next(iter(value.items()))
    return None


# --- comparing arguments -------------------------------------------------------------------------

def structure(arg: Argument) -> frozenset[Fact]:
    """The argument structure as facts about element names: what a round trip must preserve."""
    facts: set[Fact] = set()
    for element in arg.elements.values():
        facts.add(("element", element.name, element.kind, (element.text or "").strip(), element.undeveloped,
                   element.defeated or element.refuted))
        for rel, target in element.links():
            facts.add((rel, element.name, arg.elements[target].name))
    if arg.root:
        facts.add(("root", arg.elements[arg.root].name))
    return frozenset(facts)


def difference(a: Argument, b: Argument, limit: int = 8) -> list[str]:
    """What differs between two argument structures, in words (for test and script output)."""
    sa, sb = structure(a), structure(b)
    return ([f"only in first: {f}" for f in sorted(sa - sb, key=str)[:limit]]
            + [f"only in second: {f}" for f in sorted(sb - sa, key=str)[:limit]])


def ordered(arg: Argument) -> list[Element]:
    """The elements with the top claim first: formats without a top mark find the root by position."""
    first = [arg.elements[arg.root]] if arg.root in arg.elements else []
    return first + [e for k, e in arg.elements.items() if k != arg.root]


def slug(text: str) -> str:
    """A case short name from a file stem or title: lowercase letters, digits and hyphens."""
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value[:80] or "imported-case"


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
