"""OMG SACM 2.x (Structured Assurance Case Metamodel) as XML or XMI.

SACM fixes no XML namespace, so files in the wild differ (``reference/interchange-and-user-requests.md``):

* XMI: ``<sacm:AssuranceCasePackage xmi:id=..>`` (or an ``xmi:XMI`` wrapper), elements as
  ``<argumentElement xsi:type="sacm:Claim" xmi:id="G1" assertionDeclaration="needsSupport">`` with
  ``<name content=..>`` and ``<description><content><value content=..>``, references as space-separated
  IDREFs (``source="G2 G3"``) or EMF paths (``//@argumentPackage.0/@argumentationElement.3``); the EMF
  reference implementation uses one namespace per package (``http://omg.sacm/2.3/argumentation``).
* Simplified XML (``http://www.omg.org/spec/SACM/2.2/Argumentation``): ``<claim id name description>``,
  ``<artifactReference>``, ``<assertedEvidence><source ref=../><target ref=../></assertedEvidence>``.

Both are read into one model. SACM's relationships are assertions of their own: an AssertedInference
from sources to targets (through an ArgumentReasoning, GSN's strategy), AssertedEvidence, AssertedContext;
``isCounter`` makes the sources defeaters of the targets. ``assertionDeclaration`` needsSupport is
GSN's undeveloped, assumed an assumption, defeated the dialectic's defeat, axiomatic and asCited are
kept as annotations. The writer pins one dialect: XMI in ``http://www.omg.org/spec/SACM/20220301``, with
what SACM has no attribute for carried in ``taggedValue``s whose keys start with ``sckg.``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import quoteattr

from .model import Argument, Element, InterchangeError, check, ordered, slug, unique
from .source import XmlNode, parse_xml, read_bytes

FORMAT = "sacm"
NAMESPACE = "http://www.omg.org/spec/SACM/20220301"
XMI = "http://www.omg.org/spec/XMI/20131001"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
TAG_PREFIX = "sckg."

ASSERTIONS = {"claim", "argumentreasoning", "artifactreference"}
RELATIONSHIPS = {"assertedinference", "assertedevidence", "assertedcontext", "assertedartifactsupport",
                 "assertedartifactcontext"}
PACKAGES = {"assurancecasepackage", "assurancecasepackageinterface", "assurancecasepackagebinding",
            "argumentpackage", "argumentpackageinterface", "argumentpackagebinding", "argumentgroup",
            "artifactpackage", "artifactpackageinterface", "artifactpackagebinding", "artifactgroup",
            "terminologypackage", "terminologypackageinterface", "terminologypackagebinding", "terminologygroup"}
ARTIFACT_ASSETS = {"artifact", "activity", "event", "participant", "technique", "resource", "property",
                   "artifactassetrelationship"}
TERMINOLOGY = {"term", "expression", "category"}
CONTAINERS = {"argumentelement", "argumentationelement", "artifactelement", "terminologyelement",
              "assurancecasepackage", "argumentpackage", "artifactpackage", "terminologypackage", "element"}
PROPERTIES = {"name", "description", "content", "value", "note", "implementationconstraint", "taggedvalue", "key",
              "source", "target", "reasoning", "metaclaim", "referencedartifactelement", "citedelement",
              "abstractform", "interface", "implements", "participantpackage", "structure", "artifactproperty",
              "category", "origin"}
KNOWN = ASSERTIONS | RELATIONSHIPS | PACKAGES | ARTIFACT_ASSETS | TERMINOLOGY
_DATE = re.compile(r"(\d{4}-\d\d-\d\d)")


def looks_like(data: bytes) -> bool:
    head = data[:4096].lower()
    return b"sacm" in head and (b"assurancecasepackage" in head or b"argumentpackage" in head)


# --- reading -------------------------------------------------------------------------------------

class _Doc:
    """The parsed file with every identified node, for resolving IDREFs, #fragments and EMF paths."""

    def __init__(self, path: Path, root: XmlNode) -> None:
        self.path = path
        self.root = root
        self.by_id: dict[str, XmlNode] = {}
        self.kind: dict[int, str] = {}
        self._index(root)

    def _index(self, node: XmlNode) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            kind = type_of(current)
            if kind in KNOWN:
                self.kind[id(current)] = kind
                ident = node_id(current)
                if ident:
                    if ident in self.by_id:
                        raise InterchangeError(self.path, current.line, current.column,
                                               f"identifier {ident!r} is used twice (also on line "
                                               f"{self.by_id[ident].line}); identifiers must be unique")
                    self.by_id[ident] = current
            elif current.ns and "sacm" not in current.ns.lower() and current.ns not in (XMI, XSI):
                continue  # vendor extension: reported by the reader, not walked
            stack += reversed(current.children)

    def resolve(self, ref: str, at: XmlNode) -> XmlNode:
        ref = ref.strip()
        if ref.startswith("//") or ref.startswith("/"):
            node = self._path(ref, at)
        else:
            node = self.by_id.get(ref.split("#", 1)[-1])
        if node is None:
            raise InterchangeError(self.path, at.line, at.column, f"reference {ref!r} names no element of this file"
                                                                  " (references to other files are not followed)")
        return node

    def _path(self, ref: str, at: XmlNode) -> XmlNode | None:
        """EMF's ``//@feature.index/@feature.index`` (containment path from the document root)."""
        node = self.root
        if node.tag == "XMI" and node.children:
            node = node.children[0]
        for step in ref.lstrip("/").split("/"):
            if step in ("", "@"):
                continue
            match = re.fullmatch(r"@([A-Za-z_]+)(?:\.(\d+))?", step)
            if not match:
                return None
            children = [c for c in node.children if c.tag == match[1]]
            index = int(match[2] or 0)
            if index >= len(children):
                return None
            node = children[index]
        return node


def type_of(node: XmlNode) -> str:
    """The metaclass of a node, lowercased: its xsi:type (``sacm:Claim`` -> claim) or else its tag."""
    declared = node.attrs.get((XSI, "type"))
    if declared:
        return declared.rsplit(":", 1)[-1].lower()
    return node.tag.lower()


def node_id(node: XmlNode) -> str | None:
    return node.attrs.get((XMI, "id")) or node.attrs.get(("", "id")) or node.attrs.get(("", "gid"))


def _child(node: XmlNode, tag: str) -> XmlNode | None:
    return next((c for c in node.children if c.tag.lower() == tag.lower()), None)


def lang_text(node: XmlNode | None) -> str | None:
    """The text of a LangString / MultiLangString / Description in any of the spellings found in the wild."""
    if node is None:
        return None
    if node.attrs.get(("", "content")) is not None:
        return node.attrs[("", "content")]
    parts = []
    for child in node.children:
        if child.tag.lower() in ("content", "value"):
            value = lang_text(child)
            if value:
                parts.append(value)
    if parts:
        return parts[0]
    return node.text.strip() or None


def name_of(node: XmlNode) -> str | None:
    return node.attrs.get(("", "name")) or lang_text(_child(node, "name"))


def description_of(node: XmlNode) -> str | None:
    return (node.attrs.get(("", "description")) or lang_text(_child(node, "description"))
            or node.attrs.get(("", "content")))


def references(doc: _Doc, node: XmlNode, role: str) -> list[XmlNode]:
    """The nodes an association names: space-separated IDREFs in an attribute, or child elements."""
    found = []
    value = node.attrs.get(("", role))
    if value:
        found += [doc.resolve(ref, node) for ref in value.split()]
    for child in node.children:
        if child.tag.lower() == role.lower():
            ref = (child.attrs.get(("", "ref")) or child.attrs.get(("", "href")) or child.attrs.get((XMI, "idref"))
                   or child.text.strip())
            if ref:
                found += [doc.resolve(r, child) for r in ref.split()]
    return found


def read(path: Path) -> Argument:
    root = parse_xml(path, read_bytes(path))
    if "sacm" not in (root.ns + root.tag).lower() and root.tag != "XMI":
        raise InterchangeError(path, root.line, root.column, f"<{root.tag}> is not a SACM document "
                                                             "(expected an AssuranceCasePackage)")
    doc = _Doc(path, root)
    case = next((n for n in _walk(root) if type_of(n) == "assurancecasepackage"), root)
    arg = Argument(FORMAT, slug(path.stem), title=name_of(case), description=description_of(case),
                   files=[str(path)])
    reader = _Reader(arg, doc)
    reader.run(root)
    if not arg.elements:
        raise InterchangeError(path, root.line, root.column, "no SACM claim, argument reasoning or artifact reference "
                                                             "in this file (a metamodel, or an empty package?)")
    check(arg)
    return arg


def _walk(node: XmlNode) -> Iterator[XmlNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack += reversed(current.children)


class _Reader:
    def __init__(self, arg: Argument, doc: _Doc) -> None:
        self.arg = arg
        self.doc = doc
        self.path = doc.path
        self.elements: dict[int, Element] = {}
        self.context_only: dict[str, bool] = {}

    def run(self, root: XmlNode) -> None:
        relationships: list[tuple[XmlNode, str | None]] = []
        self._visit(root, None, relationships)
        for node, _package in relationships:
            self._relationship(node)
        self._contextual_kinds()
        for element in self.arg.elements.values():
            element.refuted = element.kind == "defeater" and element.defeated

    def _visit(self, node: XmlNode, package: str | None, relationships: list[tuple[XmlNode, str | None]]) -> None:
        for child in node.children:
            kind = type_of(child)
            if child.ns and "sacm" not in child.ns.lower() and child.ns not in (XMI, XSI):
                self.arg.note(None, f"<{child.tag}> in namespace {child.ns} is not SACM: not read", kept=False,
                              line=child.line)
                continue
            if kind in ASSERTIONS:
                self._assertion(child, package)
            elif kind in RELATIONSHIPS:
                relationships.append((child, package))
            elif kind in PACKAGES:
                name = name_of(child) or node_id(child)
                self._visit(child, name if kind.startswith("argument") else package, relationships)
            elif kind in ARTIFACT_ASSETS | TERMINOLOGY:
                if not self._used_as_artifact(child):
                    self._keep_on_case(child, kind)
            elif kind in PROPERTIES or kind in CONTAINERS:
                if kind in CONTAINERS and child.attrs.get((XSI, "type")):
                    raise InterchangeError(self.path, child.line, child.column,
                                           f"unknown SACM element type {child.attrs[(XSI, 'type')]!r}")
                continue
            elif node_id(child) is not None:
                declared = child.attrs.get((XSI, "type")) or f"<{child.tag}>"
                raise InterchangeError(self.path, child.line, child.column,
                                       f"unknown SACM element type {declared}; expected Claim, "
                                       "ArgumentReasoning, ArtifactReference, an Asserted... relationship, a package, "
                                       "an artifact or a term")

    def _assertion(self, node: XmlNode, package: str | None) -> None:
        kind = type_of(node)
        ident = node_id(node)
        if not ident:
            raise InterchangeError(self.path, node.line, node.column, f"a {kind} without an id cannot be linked")
        name, description = name_of(node), description_of(node)
        element = Element(ident, {"claim": "claim", "argumentreasoning": "strategy",
                                  "artifactreference": "evidence"}[kind],
                          text=description or (name if name != ident else None), module=package,
                          file=str(self.path), line=node.line)
        element.annotations["sacmType"] = {"claim": "Claim", "argumentreasoning": "ArgumentReasoning",
                                           "artifactreference": "ArtifactReference"}[kind]
        if name and description and name != ident:
            element.annotations["name"] = name
        declaration = node.attrs.get(("", "assertionDeclaration"))
        if declaration == "needsSupport" or node.attrs.get(("", "undeveloped")) == "true":
            element.undeveloped = True
        elif declaration == "assumed":
            element.kind = "assumption"
        elif declaration == "defeated":
            element.defeated = True
        elif declaration in ("axiomatic", "asCited"):
            element.annotations["assertionDeclaration"] = declaration
            self.arg.note(element, f"assertionDeclaration {declaration} has no term in the ontology: kept as an "
                                   "annotation")
        elif declaration not in (None, "asserted"):
            raise InterchangeError(self.path, node.line, node.column, f"unknown assertionDeclaration "
                                                                      f"{declaration!r}")
        if node.attrs.get(("", "isCitation")) == "true":
            element.away = True
        if node.attrs.get(("", "isAbstract")) == "true":
            element.uninstantiated = True
        self._tagged_values(node, element)
        if kind == "artifactreference":
            for artifact in references(self.doc, node, "referencedArtifactElement"):
                self._artifact(artifact, element)
        if _child(node, "metaClaim") is not None or node.attrs.get(("", "metaClaim")):
            element.annotations["metaClaim"] = [node_id(n) for n in references(self.doc, node, "metaClaim")]
            self.arg.note(element, "metaClaim (a claim about this assertion) kept as an annotation")
        self.elements[id(node)] = element
        self.arg.add(element)

    def _tagged_values(self, node: XmlNode, element: Element) -> None:
        for tag in [c for c in node.children if c.tag.lower() == "taggedvalue"]:
            key = lang_text(_child(tag, "key")) or tag.attrs.get(("", "key")) or ""
            value = lang_text(_child(tag, "content")) or tag.attrs.get(("", "value")) or lang_text(tag) or ""
            if key.startswith(TAG_PREFIX):
                field = key[len(TAG_PREFIX):]
                try:
                    decoded = json.loads(value)
                except ValueError:
                    decoded = value
                if field in ("location", "date", "version"):
                    setattr(element, field, decoded)
                elif field == "local":
                    element.local = str(decoded)
                elif field in ("away", "uninstantiated", "defeated", "kind"):
                    if field == "kind" and decoded in ("defeater", "context", "justification", "assumption"):
                        element.kind = decoded
                    elif field != "kind":
                        setattr(element, field, bool(decoded))
                else:
                    element.annotations[field] = decoded
            else:
                element.annotations.setdefault("taggedValue", {})[key] = value
                self.arg.note(element, f"tagged value {key!r} kept as an annotation")
        for tag_name in ("note", "implementationConstraint"):
            texts = [lang_text(c) for c in node.children if c.tag.lower() == tag_name.lower()]
            if any(texts):
                element.annotations[tag_name] = [t for t in texts if t]
                self.arg.note(element, f"SACM {tag_name} kept as an annotation")

    def _artifact(self, node: XmlNode, element: Element) -> None:
        if type_of(node) != "artifact":
            element.annotations.setdefault("artifacts", []).append({"type": type_of(node), "name": name_of(node)})
            return
        date = node.attrs.get(("", "date"))
        if date and (match := _DATE.match(date)):
            element.date = match[1]
        element.version = node.attrs.get(("", "version")) or element.version
        for tag in [c for c in node.children if c.tag.lower() == "taggedvalue"]:
            if (lang_text(_child(tag, "key")) or "") == TAG_PREFIX + "location":
                element.location = lang_text(_child(tag, "content"))
        artifact = {k: v for k, v in (("name", name_of(node)), ("description", description_of(node))) if v}
        if artifact and (artifact.get("name") != element.text):
            element.annotations["artifact"] = artifact

    def _used_as_artifact(self, node: XmlNode) -> bool:
        ident = node_id(node)
        return any(ident in (n.attrs.get(("", "referencedArtifactElement")) or "").split()
                   or any(c.tag.lower() == "referencedartifactelement" and ident in
                          ((c.attrs.get(("", "ref")) or c.attrs.get(("", "href")) or c.text or "").lstrip("#").split())
                          for c in n.children)
                   for n in _walk(self.doc.root) if type_of(n) == "artifactreference")

    def _keep_on_case(self, node: XmlNode, kind: str) -> None:
        group = "terminology" if kind in TERMINOLOGY else "artifacts"
        entry = {k: v for k, v in (("type", kind), ("id", node_id(node)), ("name", name_of(node)),
                                   ("description", description_of(node)),
                                   ("value", node.attrs.get(("", "value")))) if v}
        self.arg.annotations.setdefault(group, []).append(entry)
        self.arg.note(None, f"{kind} {entry.get('id') or entry.get('name') or ''} has no home in an argument: "
                            "kept as an annotation on the case", line=node.line)

    def _element(self, node: XmlNode, at: XmlNode) -> Element | None:
        return self.elements.get(id(node))

    def _relationship(self, node: XmlNode) -> None:
        kind = type_of(node)
        sources = references(self.doc, node, "source")
        targets = references(self.doc, node, "target")
        reasoning = references(self.doc, node, "reasoning")
        counter = node.attrs.get(("", "isCounter")) == "true"
        declaration = node.attrs.get(("", "assertionDeclaration"))
        strategy = self._element(reasoning[0], node) if reasoning else None
        for target_node in targets:
            target = self._target(target_node, node)
            if target is None:
                continue
            for source_node in sources:
                source = self._element(source_node, node)
                if source is None:
                    raise InterchangeError(self.path, node.line, node.column,
                                           f"{kind} {node_id(node) or ''} links {node_id(source_node)}, which is not "
                                           "a claim, reasoning or artifact reference")
                if counter:
                    source.kind = "defeater"
                    source.attacks = unique(source.attacks + [target.key])
                elif kind in ("assertedcontext", "assertedartifactcontext"):
                    target.in_context_of = unique(target.in_context_of + [source.key])
                    self.context_only.setdefault(source.key, True)
                elif strategy is not None:
                    strategy.supported_by = unique(strategy.supported_by + [source.key])
                    self.context_only[source.key] = False
                else:
                    target.supported_by = unique(target.supported_by + [source.key])
                    self.context_only[source.key] = False
            if strategy is not None and not counter:
                target.supported_by = unique(target.supported_by + [strategy.key])
            if declaration and declaration != "asserted":
                target.annotations.setdefault("linkDeclarations", {})[node_id(node) or kind] = declaration
                self.arg.note(target, f"a {kind} into it is declared {declaration}; kept as an annotation")

    def _target(self, node: XmlNode, at: XmlNode) -> Element | None:
        element = self._element(node, at)
        if element is not None:
            return element
        if type_of(node) in RELATIONSHIPS:
            reasoning = references(self.doc, node, "reasoning")
            if reasoning and self._element(reasoning[0], at):
                return self._element(reasoning[0], at)  # context or challenge of an inference: its reasoning
            self.arg.note(None, f"a relationship targets relationship {node_id(node)} which has no reasoning "
                                "element; this link has no home in the ontology", kept=False, line=at.line)
            return None
        raise InterchangeError(self.path, at.line, at.column, f"{type_of(at)} targets {node_id(node)}, which is "
                                                              "not part of the argument")

    def _contextual_kinds(self) -> None:
        """Claims and artifact references used only as context are GSN's context, assumption, justification."""
        for key, only in self.context_only.items():
            element = self.arg.elements[key]
            if not only or element.kind == "defeater":
                continue
            if element.kind == "evidence":
                element.kind = "context"
            elif element.kind == "claim":
                element.kind = "justification"


# --- writing -------------------------------------------------------------------------------------

def write(arg: Argument) -> str:
    """The argument as SACM 2.3 XMI in the pinned namespace (a GSN reading of SACM, as the ACWG's)."""
    ids = _ids(arg)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<sacm:AssuranceCasePackage xmlns:sacm="{NAMESPACE}" xmlns:xmi="{XMI}" xmlns:xsi="{XSI}" '
           f'xmi:version="2.0" xmi:id={quoteattr(arg.name)}>',
           f"  <name content={quoteattr(arg.title or arg.name)}/>"]
    if arg.description:
        out.append(_description(arg.description, "  "))
    out.append(f'  <argumentPackage xmi:id="{_ncname(arg.name)}-argument">')
    out.append('    <name content="Argument"/>')
    artifacts = []
    for element in ordered(arg):
        out += _element(element, ids, "    ")
        if element.kind == "evidence" and (element.date or element.version or element.location):
            artifacts.append(element)
    out += _relationships(arg, ids, "    ")
    out.append("  </argumentPackage>")
    if artifacts:
        out.append(f'  <artifactPackage xmi:id="{_ncname(arg.name)}-artifacts">')
        out.append('    <name content="Artifacts"/>')
        for element in artifacts:
            attrs = "".join(f" {k}={quoteattr(v)}" for k, v in (("version", element.version), ("date", element.date)) if v)
            out.append(f'    <artifactElement xsi:type="sacm:Artifact" xmi:id="{ids[element.key]}-artifact"{attrs}>')
            name = (element.annotations.get("artifact") or {}).get("name") or element.name
            out.append(f"      <name content={quoteattr(name)}/>")
            if element.location:
                out.append(_tag(TAG_PREFIX + "location", element.location, "      "))
            out.append("    </artifactElement>")
        out.append("  </artifactPackage>")
    out.append("</sacm:AssuranceCasePackage>")
    return "\n".join(out) + "\n"


def _ncname(text: str) -> str:
    value = re.sub(r"[^A-Za-z0-9._-]", "_", text)
    return value if re.match(r"[A-Za-z_]", value) else "_" + value


def _ids(arg: Argument) -> dict[str, str]:
    ids: dict[str, str] = {}
    for key, element in arg.elements.items():
        base = _ncname(element.name)
        candidate, n = base, 1
        while candidate in ids.values():
            n += 1
            candidate = f"{base}_{n}"
        ids[key] = candidate
    return ids


def _description(text: str, pad: str) -> str:
    return f'{pad}<description><content><value lang="en" content={quoteattr(text)}/></content></description>'


def _tag(key: str, value: str, pad: str) -> str:
    return (f"{pad}<taggedValue><key><value content={quoteattr(key)}/></key>"
            f"<content><value content={quoteattr(value)}/></content></taggedValue>")


SACM_TYPE = {"claim": "Claim", "strategy": "ArgumentReasoning", "evidence": "ArtifactReference",
             "context": "ArtifactReference", "assumption": "Claim", "justification": "Claim", "defeater": "Claim"}


def _element(element: Element, ids: dict[str, str], pad: str) -> list[str]:
    sacm_type = SACM_TYPE[element.kind]
    if (element.kind == "defeater" and element.annotations.get("sacmType") == "ArtifactReference") \
            or element.annotations.get("gsnType") == "CounterSolution":
        sacm_type = "ArtifactReference"
    attrs = [f'xsi:type="sacm:{sacm_type}"', f'xmi:id="{ids[element.key]}"']
    declaration = ("needsSupport" if element.undeveloped else "assumed" if element.kind == "assumption"
                   else "defeated" if element.defeated or element.refuted
                   else element.annotations.get("assertionDeclaration"))
    if sacm_type != "ArtifactReference" and sacm_type != "ArgumentReasoning" and declaration:
        attrs.append(f'assertionDeclaration="{declaration}"')
    if element.away:
        attrs.append('isCitation="true"')
    if element.uninstantiated:
        attrs.append('isAbstract="true"')
    if sacm_type == "ArtifactReference" and element.kind == "evidence" and (element.date or element.version or element.location):
        attrs.append(f'referencedArtifactElement="{ids[element.key]}-artifact"')
    lines = [f"{pad}<argumentElement {' '.join(attrs)}>", f"{pad}  <name content={quoteattr(element.name)}/>"]
    if element.text:
        lines.append(_description(element.text, pad + "  "))
    extra = {k: v for k, v in element.annotations.items() if k not in ("sacmType", "assertionDeclaration")}
    if element.kind in ("defeater", "context", "justification") and not _kind_is_implied(element):
        extra["kind"] = element.kind
    if element.kind == "evidence" and element.location and not (element.date or element.version):
        extra["location"] = element.location
    if (sacm_type != "Claim" or element.undeveloped) and (element.defeated or element.refuted):
        extra["defeated"] = True  # SACM has no declaration on reasoning or references (AF-DIA-006)
    if _ncname(element.name) != element.name:
        extra["local"] = element.name
    for key, value in extra.items():
        lines.append(_tag(TAG_PREFIX + key, json.dumps(value, ensure_ascii=False), pad + "  "))
    lines.append(f"{pad}</argumentElement>")
    return lines


def _kind_is_implied(element: Element) -> bool:
    """Context and justification are told apart by how they are used, a defeater by its counter link."""
    return element.kind in ("context", "justification") or bool(element.kind == "defeater" and element.attacks)


def _relationships(arg: Argument, ids: dict[str, str], pad: str) -> list[str]:
    lines = []
    counter = 0

    def rel(kind: str, sources: list[str], targets: list[str], reasoning: str | None = None,
            is_counter: bool = False) -> None:
        nonlocal counter
        counter += 1
        attrs = [f'xsi:type="sacm:{kind}"', f'xmi:id="{_ncname(arg.name)}-r{counter}"']
        if is_counter:
            attrs.append('isCounter="true"')
        if sources:
            attrs.append(f'source="{" ".join(ids[s] for s in sources)}"')
        attrs.append(f'target="{" ".join(ids[t] for t in targets)}"')
        if reasoning:
            attrs.append(f'reasoning="{ids[reasoning]}"')
        lines.append(f"{pad}<argumentElement {' '.join(attrs)}/>")

    for element in arg.elements.values():
        if element.kind == "strategy":
            continue
        direct = []
        for key in element.supported_by:
            support = arg.elements[key]
            if support.kind == "strategy":
                rel("AssertedInference", support.supported_by, [element.key], reasoning=key)
            elif support.kind == "evidence":
                rel("AssertedEvidence", [key], [element.key])
            else:
                direct.append(key)
        if direct:
            rel("AssertedInference", direct, [element.key])
        for key in element.attacks:
            rel("AssertedInference", [element.key], [key], is_counter=True)
    for element in arg.elements.values():
        for key in element.in_context_of:
            rel("AssertedContext", [key], [element.key])
    return lines
