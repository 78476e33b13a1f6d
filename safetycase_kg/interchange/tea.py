"""TEA JSON v1.0: the Trustworthy and Ethical Assurance platform's case export (Alan Turing Institute).

A nested tree: ``{version: "1.0", exportedAt, case: {name, description}, tree}``; each node has a UUID
``id``, a ``type`` (GOAL, STRATEGY, PROPERTY_CLAIM, EVIDENCE, MODULE, CONTRACT), a display ``name``
(G1, S1, P1, E1), a ``description`` and ``children``. Context, assumption and justification are strings
on goals, strategies and property claims, not nodes; defeaters are nodes with ``isDefeater`` and
``defeatsElementId``. Files are first checked against ``tea-v1.schema.json``, this project's statement of the v1.0 export structure.

Each string of context, assumption or justification becomes an element of ours (named after its
parent: G1-C1, G1-A1, G1-J1), so it can be queried and challenged; the writer folds them back.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from .model import Argument, Element, InterchangeError, check, slug
from .source import compose_yaml, locate, read_bytes, text_of

FORMAT = "tea"
SCHEMA_FILE = Path(__file__).parent / "tea-v1.schema.json"
KIND = {"GOAL": "claim", "STRATEGY": "strategy", "PROPERTY_CLAIM": "claim", "EVIDENCE": "evidence",
        "MODULE": "claim", "CONTRACT": "claim"}
ATTRIBUTE_KINDS = {"context": "context", "assumption": "assumption", "justification": "justification"}
MAPPED = {"id", "type", "name", "description", "children", "role", "context", "assumption", "justification",
          "url", "isDefeater", "defeatsElementId", "inSandbox"}


def looks_like(data: bytes) -> bool:
    try:
        doc = json.loads(data)
    except ValueError:
        return False
    return isinstance(doc, dict) and {"version", "case", "tree"} <= set(doc)


@cache
def _validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


# --- reading -------------------------------------------------------------------------------------

def read(path: Path) -> Argument:
    text = text_of(path, read_bytes(path))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise InterchangeError(path, err.lineno, err.colno, f"invalid JSON: {err.msg}") from None
    _validate(path, text, doc)
    case = doc["case"]
    arg = Argument(FORMAT, slug(path.stem), title=case["name"], description=case.get("description") or None,
                   files=[str(path)])
    arg.annotations["exportedAt"] = doc["exportedAt"]
    lines = _lines(path, text)
    _node(arg, path, doc["tree"], None, lines)
    _defeats(arg, path)
    check(arg)
    return arg


def _validate(path: Path, text: str, doc: Any) -> None:
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    where = list(error.absolute_path)
    try:
        line, column = locate(compose_yaml(path, text), where)
    except InterchangeError:
        line, column = 1, 1
    pointer = "/".join(str(p) for p in where) or "(top level)"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise InterchangeError(path, line, column, f"does not match the TEA v1.0 schema at {pointer}: "
                                               f"{error.message}{more}")


def _lines(path: Path, text: str) -> dict[str, int]:
    """The line of each node's id, for located messages (JSON has no positions once parsed)."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if '"id"' in line:
            value = line.split('"id"', 1)[1].split('"')
            if len(value) > 1:
                found.setdefault(value[1], number)
    return found


def _node(arg: Argument, path: Path, node: dict[str, Any], parent: Element | None, lines: dict[str, int]) -> Element:
    key = node["id"]
    if key in arg.elements:
        raise InterchangeError(path, lines.get(key, 1), 1, f"element id {key} appears twice in the tree")
    kind = "defeater" if node.get("isDefeater") else KIND[node["type"]]
    element = Element(key, kind, text=node.get("description") or None, file=str(path), line=lines.get(key))
    element.local = _local(arg, node)
    if node["type"] != "GOAL" or node.get("isDefeater"):
        element.annotations["teaType"] = node["type"]
    if node.get("role") == "TOP_LEVEL":
        arg.root = key
    if node["type"] == "EVIDENCE" and node.get("url"):
        element.location = node["url"]
    if node["type"] in ("MODULE", "CONTRACT"):
        element.away = True
        arg.note(element, f"a {node['type']} element embeds another case, which is not part of this import; "
                          "kept as an away claim with its reference as an annotation")
    if node.get("inSandbox"):
        element.annotations["inSandbox"] = True
        arg.note(element, "in the sandbox (a draft) in TEA: kept as an annotation")
    if node.get("fromPattern") and not node.get("modifiedFromPattern"):
        element.uninstantiated = True
    for name, value in node.items():
        if name not in MAPPED:
            element.annotations[name] = value
            if name not in ("fromPattern", "modifiedFromPattern", "level"):
                arg.note(element, f"'{name}' has no term in the ontology: kept as an annotation")
    if element.kind == "defeater":
        element.attacks = [node["defeatsElementId"]] if node.get("defeatsElementId") else []
        if parent is not None and parent.key != node.get("defeatsElementId"):
            element.annotations["teaParent"] = parent.key
    elif parent is not None:
        parent.supported_by.append(key)
    arg.add(element)
    _attributes(arg, element, node)
    for child in node["children"]:
        _node(arg, path, child, element, lines)
    return element


def _local(arg: Argument, node: dict[str, Any]) -> str:
    name = (node.get("name") or "").strip()
    taken = {e.name for e in arg.elements.values()}
    return name if name and name not in taken and "/" not in name else node["id"]


def _attributes(arg: Argument, owner: Element, node: dict[str, Any]) -> None:
    """Context, assumption and justification strings as elements of their own, in context of the owner."""
    for attribute, kind in ATTRIBUTE_KINDS.items():
        values = node.get(attribute)
        values = values if isinstance(values, list) else [values] if values else []
        for number, value in enumerate(values, 1):
            letter = {"context": "C", "assumption": "A", "justification": "J"}[attribute]
            element = Element(f"{owner.key}#{attribute}-{number}", kind, text=value, file=owner.file, line=owner.line)
            element.local = f"{owner.name}-{letter}{number}"
            arg.add(element)
            owner.in_context_of.append(element.key)


def _defeats(arg: Argument, path: Path) -> None:
    for element in arg.elements.values():
        for target in element.attacks:
            if target not in arg.elements:
                raise InterchangeError(path, element.line or 1, 1, f"{element.name} defeats element {target}, "
                                                                   "which is not in the case")


# --- writing -------------------------------------------------------------------------------------

def write(arg: Argument) -> str:
    """The argument as a TEA v1.0 export (the tree from the top claim; shared elements appear once)."""
    if arg.root is None:
        raise InterchangeError(arg.name, 1, 1, "TEA needs a top goal; the case has no top claim")
    placed: set[str] = set()
    defeaters = _defeaters_by_parent(arg)
    tree = _tree(arg, arg.elements[arg.root], placed, defeaters, top=True)
    for key, element in arg.elements.items():
        if key not in placed and element.kind not in ATTRIBUTE_KINDS.values():
            arg.note(element, "not reachable from the top claim in a tree: TEA cannot hold it", kept=False)
    doc = {"version": "1.0", "exportedAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
           "case": {"name": arg.title or arg.name, "description": arg.description or ""}, "tree": tree}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _defeaters_by_parent(arg: Argument) -> dict[str, list[Element]]:
    out: dict[str, list[Element]] = {}
    for element in arg.elements.values():
        if element.kind == "defeater" and element.attacks:
            parent = element.annotations.get("teaParent") or element.attacks[0]
            out.setdefault(parent, []).append(element)
    return out


def _uuid(arg: Argument, element: Element) -> str:
    try:
        return str(uuid.UUID(element.key))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, str(arg.element_iri(element))))


def _tree(arg: Argument, element: Element, placed: set[str], defeaters: dict[str, list[Element]],
          top: bool = False) -> dict[str, Any]:
    placed.add(element.key)
    tea_type = element.annotations.get("teaType") or {"claim": "GOAL" if top else "PROPERTY_CLAIM",
                                                       "strategy": "STRATEGY", "evidence": "EVIDENCE",
                                                       "defeater": "PROPERTY_CLAIM"}.get(element.kind, "PROPERTY_CLAIM")
    node: dict[str, Any] = {"id": _uuid(arg, element), "type": tea_type, "name": element.name,
                            "description": element.text or "", "inSandbox": bool(element.annotations.get("inSandbox"))}
    if tea_type == "GOAL":
        node["role"] = "TOP_LEVEL" if top else "SUPPORTING"
    if tea_type == "EVIDENCE":
        node["url"] = element.location
    elif tea_type in ("GOAL", "STRATEGY", "PROPERTY_CLAIM"):
        _fold_attributes(arg, element, node)
    if element.kind == "defeater":
        node["isDefeater"] = True
        if element.attacks:
            node["defeatsElementId"] = _uuid(arg, arg.elements[element.attacks[0]])
    for name, value in element.annotations.items():
        if name not in MAPPED and name not in ("teaType", "teaParent") and name not in node:
            node[name] = value
    children = []
    for key in element.supported_by + [d.key for d in defeaters.get(element.key, [])]:
        child = arg.elements[key]
        if key in placed:
            arg.note(child, "supports more than one element; TEA's tree holds it once (under the first)", kept=False)
        elif child.kind in ("assumption", "justification", "context"):
            continue  # folded into the parent's attributes
        else:
            children.append(_tree(arg, child, placed, defeaters))
    node["children"] = children
    return node


def _fold_attributes(arg: Argument, element: Element, node: dict[str, Any]) -> None:
    """inContextOf (and assumptions in the support chain) back into TEA's strings on the node."""
    related = [arg.elements[k] for k in element.in_context_of] + \
              [arg.elements[k] for k in element.supported_by if arg.elements[k].kind in ("assumption", "justification")]
    contexts = [e.text or "" for e in related if e.kind == "context"]
    if contexts:
        node["context"] = contexts
    for attribute in ("assumption", "justification"):
        texts = [e.text or "" for e in related if e.kind == attribute]
        if texts:
            node[attribute] = "\n\n".join(texts)
        if len(texts) > 1:
            arg.note(element, f"has {len(texts)} {attribute}s; TEA holds one, so they are joined into one text",
                     kept=False)
