"""LTAC: Argevide's Lightweight Text Assurance Case (v1.1.2, 26.02.2026, CC BY 4.0), one element a line.

Grammar (the published EBNF): ``Indent "-" WS NodeType [WS Identifier] ":" WS Text [WS Reference]`` or
``Indent "-" WS "Link" WS Identifier``, two spaces per level, NodeType one of Claim, Strategy, Evidence,
Justification, Context, Assumption; a child line is supported by (or, for Context, Assumption and
Justification, the context of) the line above it at one level less; rule 9g lists the permitted pairs.

Also read, from the extended LTAC of david-a-wheeler/verocase (``docs/ltac-extended.txt``): ``#`` comment
lines, several top-level packages, ``^Id`` citations of an element declared in another package, and
``{options}`` (needsSupport, defeated, defeater, abstract, ...). The writer uses those extensions only
where plain LTAC cannot say what the case says.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Argument, Element, InterchangeError, check, slug

FORMAT = "ltac"
TYPES = {"Claim": "claim", "Strategy": "strategy", "Evidence": "evidence", "Justification": "justification",
         "Context": "context", "Assumption": "assumption"}
TYPE_OF_KIND = {v: k for k, v in TYPES.items()} | {"defeater": "Claim"}
CONTEXTUAL = {"context", "assumption", "justification"}
# Rule 9g: parent kind -> child kinds permitted ("Any element -> Context" included).
PERMITTED = {"claim": {"claim", "strategy", "assumption", "justification", "evidence", "context", "defeater"},
             "strategy": {"claim", "justification", "assumption", "context", "defeater"},
             "justification": {"claim", "strategy", "evidence", "context"},
             "evidence": {"context", "defeater"}, "context": {"context"}, "assumption": {"context", "defeater"},
             "defeater": {"claim", "strategy", "evidence", "context", "assumption", "justification", "defeater"}}
OPTION_FLAGS = {"needssupport": "undeveloped", "defeated": "defeated", "abstract": "uninstantiated"}
MAX_INDENT_LEVELS = 100
# (parent, key named, how: "link", "support" or "cite", line number, the element the line declares; for a Link its parent)
Citation = tuple[Element | None, str, str, int, Element]

_ELEMENT = re.compile(r"- (?P<type>[A-Za-z]+)(?:[ \t]+(?P<cite>\^)?(?P<id>[^:\n]*?))?[ \t]*(?::(?P<text>.*))?")
_LINK = re.compile(r"- Link[ \t]+(?P<id>[^{\n]+?)(?:[ \t]+\{(?P<options>[^}]*)\})?[ \t]*")


def looks_like(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return bool(lines) and all(line.lstrip().startswith("- ") for line in lines)


def read(path: Path) -> Argument:
    from .source import read_bytes, text_of
    text = text_of(path, read_bytes(path))
    arg = Argument(FORMAT, slug(path.stem), files=[str(path)])
    stack: list[tuple[int, Element]] = []  # (indent, element) of the open ancestors
    citations: list[Citation] = []
    comments: list[str] = []
    package = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped.startswith("\t") or "\t" in line[:indent + 1]:
            raise InterchangeError(path, number, 1, "indent with spaces (two per level), not tabs")
        if stripped.startswith("#"):
            comments.append(stripped[1:].strip())
            continue
        if indent % 2:
            raise InterchangeError(path, number, indent + 1, "indentation must be a multiple of two spaces (rule 9a)")
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else None
        if indent and (parent is None or stack[-1][0] != indent - 2):
            raise InterchangeError(path, number, indent + 1, "indented more than one level below the line above")
        if indent // 2 > MAX_INDENT_LEVELS:
            raise InterchangeError(path, number, 1, f"nested more than {MAX_INDENT_LEVELS} levels deep")
        link = _LINK.fullmatch(stripped)
        if link:
            if parent is None:
                raise InterchangeError(path, number, indent + 1, "a Link must be under the element it supports")
            how = "support" if "support" in (link["options"] or "").lower() else "link"
            citations.append((parent, link["id"].strip(), how, number, parent))
            comments = []
            continue
        match = _ELEMENT.fullmatch(stripped)
        if not match or (match["type"] not in TYPES and match["type"] != "Relation"):
            what = match["type"] if match else stripped[:40]
            raise InterchangeError(path, number, indent + 1, f"not an LTAC element line ({what!r}); expected "
                                   "'- Claim|Strategy|Evidence|Justification|Context|Assumption [Id]: text' "
                                   "or '- Link Id'")
        if match["type"] == "Relation":
            raise InterchangeError(path, number, indent + 1, "Relation lines (extended LTAC) are not supported; "
                                                             "put the options on the element instead")
        if parent is None:
            package = None
        element = _element(arg, path, number, match)
        if comments:
            element.annotations["comment"] = "\n".join(comments)
            comments = []
        if match["cite"]:
            citations.append((parent, element.key, "cite", number, element))
            stack.append((indent, element))
            continue
        if element.key in arg.elements:
            other = arg.elements[element.key]
            raise InterchangeError(path, number, indent + 1, f"identifier {element.key} is already used on line "
                                                             f"{other.line}; identifiers must be unique (rule 7)")
        if parent is None:
            package = element.key
        element.module = package
        arg.add(element)
        if parent is not None:
            _attach(arg, path, number, parent, element)
        stack.append((indent, element))
    if comments:
        arg.annotations["comment"] = "\n".join(comments)
    _resolve(arg, path, citations)
    for element in arg.elements.values():
        element.refuted = element.kind == "defeater" and element.defeated
    check(arg)
    return arg


def _element(arg: Argument, path: Path, number: int, match: re.Match[str]) -> Element:
    kind = TYPES[match["type"]]
    key = (match["id"] or "").strip()
    text = (match["text"] or "").strip()
    element = Element(key or f"L{number}", kind, file=str(path), line=number)
    if not key and not match["cite"]:
        arg.note(element, f"has no identifier; named L{number} after its line")
    text, reference = _take(text, "(", ")")
    text, options = _take(text, "{", "}")
    element.text = text or None
    element.annotations["ltacType"] = match["type"]
    if reference:
        if kind == "evidence" and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", reference):
            element.location = reference
        else:
            element.annotations["reference"] = reference
    if options:
        _apply_options(arg, element, options)
    return element


def _take(text: str, opening: str, closing: str) -> tuple[str, str | None]:
    """Split a trailing ``(reference)`` or ``{options}`` off the text; ``()``/``{}`` mark there is none."""
    if not text.endswith(closing) or (f" {opening}" not in text and not text.startswith(opening)):
        return text, None
    start = text.rfind(opening)
    inner = text[start + 1:-1]
    if closing in inner or opening in inner:
        return text, None
    return text[:start].rstrip(), inner.strip() or None


def _apply_options(arg: Argument, element: Element, options: str) -> None:
    values = [o.strip().lower() for o in options.split(",") if o.strip()]
    element.annotations["options"] = values
    for value in values:
        if value in OPTION_FLAGS:
            setattr(element, OPTION_FLAGS[value], True)
        elif value in ("defeater", "iscounter"):
            element.kind = "defeater"
        elif value not in ("asserted", "support"):
            arg.note(element, f"option {{{value}}} has no term in the ontology: kept as an annotation")


def _attach(arg: Argument, path: Path, number: int, parent: Element, child: Element, support: bool = False) -> None:
    """Link a child line to its parent; ``support``: an assumption in the support chain, not the context."""
    if child.kind not in PERMITTED[parent.kind]:
        raise InterchangeError(path, number, 1, f"{TYPE_OF_KIND[child.kind]} under {TYPE_OF_KIND[parent.kind]} "
                                                "is not a permitted relationship (rule 9g)")
    if child.kind == "defeater" and "defeater" in child.annotations.get("options", []):
        child.attacks.append(parent.key)
    elif child.kind in CONTEXTUAL and not (support or "support" in child.annotations.get("options", [])):
        parent.in_context_of.append(child.key)
    else:
        parent.supported_by.append(child.key)


def _resolve(arg: Argument, path: Path, citations: list[Citation]) -> None:
    """Links name an element of this file; ``^Id`` cites one of another package (or another file)."""
    for parent, key, how, number, element in citations:
        target = arg.elements.get(key)
        if how in ("link", "support"):
            if target is None:
                raise InterchangeError(path, number, 1, f"Link {key}: no element {key!r} is declared in this file")
            _attach(arg, path, number, element, target, support=how == "support")  # a Link's element is its parent
            continue
        if target is None:
            element.away = True
            element.module = None
            arg.add(element)
            arg.note(element, "cites an element declared in another package or file; kept as an away element")
            target = element
        elif element.text and target.text and element.text != target.text:
            raise InterchangeError(path, number, 1, f"^{key}'s text differs from the text declared for {key}")
        if parent is not None:
            _attach(arg, path, number, parent, target)


# --- writing -------------------------------------------------------------------------------------

def write(arg: Argument) -> str:
    """The argument as LTAC text: the top claim's tree first, then every element no tree reached."""
    lines: list[str] = []
    written: set[str] = set()
    attackers: dict[str, list[Element]] = {}
    for element in arg.elements.values():
        for target in element.attacks:
            attackers.setdefault(target, []).append(element)
    roots = [arg.root] if arg.root else []
    roots += [k for k, e in arg.elements.items() if k not in roots and not _has_parent(arg, k)]
    for key in roots:
        if key not in written:
            _write(arg, arg.elements[key], 0, lines, written, attackers)
    for key, element in arg.elements.items():
        if key not in written:
            _write(arg, element, 0, lines, written, attackers)
    return "\n".join(lines) + "\n"


def _has_parent(arg: Argument, key: str) -> bool:
    element = arg.elements[key]
    return bool(element.kind == "defeater" and element.attacks) or any(
        key in e.supported_by or key in e.in_context_of for e in arg.elements.values())


def _write(arg: Argument, element: Element, depth: int, lines: list[str], written: set[str],
           attackers: dict[str, list[Element]], support: bool = False) -> None:
    pad = "  " * depth
    ident = _ident(element)
    support = support and element.kind in CONTEXTUAL  # an assumption in the support chain says so
    if element.key in written:
        lines.append(f"{pad}- Link {ident}{' {support}' if support else ''}")
        return
    written.add(element.key)
    if element.annotations.get("comment"):
        lines += [f"{pad}# {c}" for c in str(element.annotations["comment"]).splitlines()]
    kind = element.annotations.get("ltacType") or TYPE_OF_KIND[element.kind]
    text = " ".join((element.text or "").split())
    if element.text and text != element.text.strip():
        arg.note(element, "text spans several lines; LTAC holds one line, so the line breaks become spaces",
                 kept=False)
    options = _options(element) + (["support"] if support else [])
    reference = element.annotations.get("reference") or element.location
    tail = (f" {{{', '.join(options)}}}" if options else ("{}" if text.endswith("}") else ""))
    tail += f" ({reference})" if reference else (" ()" if (text + tail).endswith(")") else "")
    cite = "^" if element.away else ""
    lines.append(f"{pad}- {kind} {cite}{ident}:{' ' + text if text else ''}{tail}".rstrip())
    if element.away:
        return
    for key in element.in_context_of:
        _write(arg, arg.elements[key], depth + 1, lines, written, attackers)
    for key in element.supported_by:
        _write(arg, arg.elements[key], depth + 1, lines, written, attackers, support=True)
    for attacker in attackers.get(element.key, []):
        _write(arg, attacker, depth + 1, lines, written, attackers)


def _ident(element: Element) -> str:
    return re.sub(r"[:\n]", "_", element.name).strip()


def _options(element: Element) -> list[str]:
    options = [o for o in element.annotations.get("options", [])
               if o not in (*OPTION_FLAGS, "defeater", "iscounter", "support")]
    for option, flag in OPTION_FLAGS.items():
        if getattr(element, flag) or (flag == "defeated" and element.refuted):
            options.append(option)
    if element.kind == "defeater":
        options.append("defeater" if element.attacks else "iscounter")
    return options
