"""Reading untrusted files of other tools safely, with positions for every error.

Every reader goes through here: a size bound before anything is parsed, YAML (and JSON, which is read as
YAML to keep line numbers) composed without anchors or aliases, and XML parsed by defusedxml with DTDs
and entities refused, so no document can expand, reach the network or read another file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl, Locator

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from defusedxml.sax import make_parser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.errors import InputProblem
from ..ingest.yamlcore import compose  # the project's YAML 1.2 core-schema composer, with its refusals and limits
from .model import MAX_FILE_BYTES, InterchangeError

MAX_DEPTH = 200


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing files larger than the import bound before reading them."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InterchangeError(path, 1, 1, f"the file is {size} bytes; imports are limited to {MAX_FILE_BYTES}")
        return path.read_bytes()
    except OSError as err:
        raise InterchangeError(path, 1, 1, f"cannot read the file: {err.strerror}") from None


def text_of(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InterchangeError(path, line, 1, "the file is not valid UTF-8") from None


# --- YAML and JSON -------------------------------------------------------------------------------

def compose_yaml(path: Path, text: str) -> Node:
    """The YAML node tree (positions kept), read like a case file: anchors and aliases (a reused node could
    make a small file expand without bound when walked), foreign tags and deep nesting are refused."""
    try:
        root = compose(text)
    except InputProblem as err:
        raise InterchangeError(path, err.line, err.column, err.message) from None
    if root is None:
        raise InterchangeError(path, 1, 1, "the file is empty")
    return root


def position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def plain(node: Node) -> Any:
    """A node as plain data (strings, numbers, booleans, None, lists, dicts)."""
    if isinstance(node, MappingNode):
        return {str(plain(k)): plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [plain(v) for v in node.value]
    if isinstance(node, ScalarNode):
        return scalar(node)
    raise TypeError(f"not a YAML scalar, sequence or mapping: {node!r}")


def scalar(node: ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return value.lower() == "true"
    if tag.endswith(":int"):
        try:
            return int(value, 0) if value.startswith(("0x", "0o")) else int(value)
        except ValueError:
            return value
    if tag.endswith(":float"):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def mapping_items(node: Node) -> list[tuple[ScalarNode, Node]]:
    """A mapping's (key node, value node) pairs."""
    return list(node.value) if isinstance(node, MappingNode) else []


def locate(root: Node, path: list[Any]) -> tuple[int, int]:
    """The position of the value at a JSON path (keys and indexes), as near as the tree allows."""
    node = root
    for step in path:
        if isinstance(node, MappingNode):
            found = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = node.value[step]
        else:
            found = None
        if found is None:
            break
        node = found
    return position(node)


# --- XML -----------------------------------------------------------------------------------------

@dataclass
class XmlNode:
    """An XML element with its namespace, local name, attributes by local name and position."""

    ns: str
    tag: str
    attrs: dict[tuple[str, str], str]
    line: int
    column: int
    children: list[XmlNode] = field(default_factory=list)
    text: str = ""
    parent: XmlNode | None = field(default=None, repr=False)

    def attr(self, local: str, ns: str | None = None) -> str | None:
        """An attribute by local name (any namespace unless ``ns`` is given)."""
        if ns is not None:
            return self.attrs.get((ns, local))
        for (attr_ns, name), value in self.attrs.items():
            if name == local and (attr_ns == "" or ns is None):
                return value
        for (_, name), value in self.attrs.items():
            if name == local:
                return value
        return None


class _Builder(ContentHandler):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.root: XmlNode | None = None
        self.stack: list[XmlNode] = []
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl) -> None:
        ns, tag = name
        line = (self.locator.getLineNumber() or 1) if self.locator else 1
        column = (self.locator.getColumnNumber() or 0) + 1 if self.locator else 1
        if len(self.stack) > MAX_DEPTH:
            raise InterchangeError(self.path, line, column, f"XML nested more than {MAX_DEPTH} levels deep")
        node = XmlNode(ns or "", tag, {(k[0] or "", k[1]): v for k, v in attrs.items()}, line, column,
                       parent=self.stack[-1] if self.stack else None)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].text += content


def parse_xml(path: Path, data: bytes) -> XmlNode:
    """The element tree of an XML file; DOCTYPE, entity declarations and external references are refused."""
    builder = _Builder(path)
    parser = make_parser()
    parser.forbid_dtd = True
    parser.forbid_entities = True
    parser.forbid_external = True
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(builder)
    import io
    source = io.BytesIO(data)
    try:
        parser.parse(source)
    except SAXParseException as exc:
        raise InterchangeError(path, exc.getLineNumber() or 1, (exc.getColumnNumber() or 0) + 1,
                               f"invalid XML: {exc.getMessage()}") from None
    except DefusedXmlException as exc:
        line, column = _xml_position(parser)
        raise InterchangeError(path, line, column, f"refused: the XML declares a DTD or entities ({type(exc).__name__}); "
                                                   "imports accept plain XML only") from None
    if builder.root is None:
        raise InterchangeError(path, 1, 1, "the file holds no XML element")
    return builder.root


def _xml_position(parser: DefusedExpatParser) -> tuple[int, int]:
    try:
        return parser.getLineNumber() or 1, (parser.getColumnNumber() or 0) + 1
    except Exception:  # the expat parser may be gone after a refusal
        return 1, 1
