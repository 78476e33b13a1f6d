"""gsn2x YAML (``*.gsn.yaml``): GSN Community Standard v3 as a map from element id to attributes.

The format (jonasthewolf/gsn2x, ``doc/src/yaml_syntax.md``): the id's prefix gives the type (G, S, Sn, C,
A, J, CG, CSn) unless ``nodeType`` says it; ``supportedBy``/``inContextOf`` are an id or a list;
``undeveloped``, ``defeated`` (dialectic), ``challenges`` (an id, or a relation ``A -> B``),
``defeatedRelation``, ``acp`` (assurance claim points), ``url``, layout hints, and any other string
attribute is a "layer". A file may start with a ``module:`` block (name, brief, uses, extends/develops);
a module set is several files whose ids are unique across all of them.

A module set is read as one case. ``uses`` is followed only to files inside the folder of the file the
user named (no absolute paths, no ``..``, no symbolic link out of it), and at most ``MAX_MODULE_FILES``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypedDict

import yaml
from yaml.nodes import Node, ScalarNode

from .model import Argument, Element, InterchangeError, check, ordered, slug, unique
from .source import compose_yaml, mapping_items, plain, position, read_bytes, text_of

FORMAT = "gsn2x"
MAX_MODULE_FILES = 64
TYPES = {"Goal": "claim", "Strategy": "strategy", "Solution": "evidence", "Context": "context",
         "Assumption": "assumption", "Justification": "justification", "CounterGoal": "defeater",
         "CounterSolution": "defeater"}
# Order matters, as in gsn2x: CG before G, CSn before Sn before S, and C last of the C-prefixes.
PREFIXES = (("CG", "CounterGoal"), ("G", "Goal"), ("CSn", "CounterSolution"), ("Sn", "Solution"),
            ("S", "Strategy"), ("C", "Context"), ("A", "Assumption"), ("J", "Justification"))
TYPE_OF_KIND = {"claim": "Goal", "strategy": "Strategy", "evidence": "Solution", "context": "Context",
                "assumption": "Assumption", "justification": "Justification", "defeater": "CounterGoal"}
# Attributes with a home in the ontology; everything else is kept as an annotation.
MAPPED = {"text", "supportedBy", "inContextOf", "undeveloped", "defeated", "challenges", "nodeType", "url"}
PRESENTATION = {"classes", "rankIncrement", "horizontalIndex", "charWrap"}
MODULE_KEY = "module"


def type_from_id(key: str) -> str | None:
    return next((t for prefix, t in PREFIXES if key.startswith(prefix)), None)


def looks_like(text: str) -> bool:
    """True when the YAML text is a gsn2x module: ids with GSN prefixes (or nodeType) and no JSON-LD keys."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    if not isinstance(data, dict) or not data or {"type", "id", "@context", "@type", "@id", "graph"} & set(data):
        return False
    return all(k == MODULE_KEY or (isinstance(k, str) and (type_from_id(k) or
               (isinstance(v, dict) and "nodeType" in v))) for k, v in data.items())


# --- module sets ---------------------------------------------------------------------------------

class _ModuleFile(TypedDict):
    """One file of a module set: where it is, its plain data, and the files its ``uses`` names."""

    path: Path
    data: dict[str, Any]
    uses: list[Path]


def module_set(named: list[Path]) -> list[list[Path]]:
    """The named files grouped into module sets (one case each), with the files their ``uses`` names.

    Files are in one set when one uses the other, extends its module, or refers to an id it defines.
    """
    files: dict[Path, _ModuleFile] = {}
    todo = [(p, p.parent.resolve()) for p in named]
    while todo:
        path, base = todo.pop(0)
        key = path.resolve()
        if key in files:
            continue
        if len(files) >= MAX_MODULE_FILES:
            raise InterchangeError(path, 1, 1, f"a module set may have at most {MAX_MODULE_FILES} files")
        data = _quick(path)
        files[key] = {"path": path, "data": data, "uses": []}
        for used in _uses(path, data, base):
            files[key]["uses"].append(used.resolve())
            todo.append((used, base))
    return _components(files)


def _quick(path: Path) -> dict[str, Any]:
    root = compose_yaml(path, text_of(path, read_bytes(path)))
    data = plain(root)
    return data if isinstance(data, dict) else {}


def _uses(path: Path, data: dict[str, Any], base: Path) -> list[Path]:
    module = data.get(MODULE_KEY)
    if not isinstance(module, dict):
        module = {}
    uses = module.get("uses") or []
    found = []
    for name in uses if isinstance(uses, list) else [uses]:
        if not isinstance(name, str) or Path(name).is_absolute() or ".." in Path(name).parts:
            raise InterchangeError(path, 1, 1, f"uses {name!r}: only files in the same folder or below may be used")
        target = path.parent / name
        try:
            resolved = target.resolve(strict=True)
        except OSError:
            raise InterchangeError(path, 1, 1, f"uses {name!r}, which does not exist beside {path.name}") from None
        if not resolved.is_relative_to(base) or not resolved.is_file():
            raise InterchangeError(path, 1, 1, f"uses {name!r}, which is outside the folder of the files named")
        found.append(target)
    return found


def _components(files: dict[Path, _ModuleFile]) -> list[list[Path]]:
    defines = {k: {i for i in f["data"] if i != MODULE_KEY} for k, f in files.items()}
    module_of = {(f["data"].get(MODULE_KEY) or {}).get("name") if isinstance(f["data"].get(MODULE_KEY), dict) else None: k
                 for k, f in files.items()}
    parent = {k: k for k in files}

    def find(k: Path) -> Path:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: Path, b: Path) -> None:
        parent[find(a)] = find(b)

    owners: dict[str, list[Path]] = {}
    for k, ids in defines.items():
        for i in ids:
            owners.setdefault(i, []).append(k)
    for k, f in files.items():
        for used in f["uses"]:
            union(k, used)
        module = f["data"].get(MODULE_KEY)
        for ext in (module.get("extends") or []) if isinstance(module, dict) else []:
            if isinstance(ext, dict) and ext.get("module") in module_of:
                union(k, module_of[ext["module"]])
        for value in f["data"].values():
            for ref in _references(value):
                if ref not in defines[k] and len(owners.get(ref, [])) == 1:
                    union(k, owners[ref][0])  # an away reference into the one module defining it
    groups: dict[Path, list[Path]] = {}
    for k in files:
        groups.setdefault(find(k), []).append(files[k]["path"])
    return list(groups.values())


def _references(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return []
    refs = []
    for key in ("supportedBy", "inContextOf"):
        v = value.get(key)
        refs += [v] if isinstance(v, str) else [x for x in v or [] if isinstance(x, str)]
    if isinstance(value.get("challenges"), str):
        refs += [s.strip() for s in value["challenges"].split("->")]
    return refs


# --- reading -------------------------------------------------------------------------------------

def read(paths: list[Path]) -> Argument:
    """One module set (as grouped by ``module_set``) as one argument."""
    arg = Argument(FORMAT, name="")
    modules: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for path in paths:
        _read_file(arg, path, modules, used)
    index = next((p for p in paths if p.name not in used), paths[0])
    arg.name = slug(re.sub(r"\.gsn$", "", index.stem))
    first = modules.get(_module_name(index, modules)) or {}
    arg.title = first.get("brief") or first.get("name") or index.stem
    if modules:
        arg.annotations["modules"] = modules
    _develop(arg, modules)
    _challenged_relations(arg)
    check(arg)
    return arg


def _module_name(path: Path, modules: dict[str, dict[str, Any]]) -> str:
    return next((n for n, m in modules.items() if m.get("file") == str(path)), path.stem)


def _read_file(arg: Argument, path: Path, modules: dict[str, dict[str, Any]], used: set[str]) -> None:
    root = compose_yaml(path, text_of(path, read_bytes(path)))
    if root.tag.endswith(":null"):
        return
    if not root.tag.endswith(":map"):
        raise InterchangeError(path, *position(root), "a gsn2x file is a map from element ids to their attributes")
    arg.files.append(str(path))
    module_name = re.sub(r"\.gsn$", "", path.stem)
    for key_node, value in mapping_items(root):
        if key_node.value == MODULE_KEY:
            info = plain(value)
            if not isinstance(info, dict) or not info.get("name"):
                raise InterchangeError(path, *position(value), "the module block needs a name (and a brief)")
            module_name = str(info["name"])
            if module_name in modules:
                raise InterchangeError(path, *position(value), f"module {module_name!r} is defined twice (C06)")
            modules[module_name] = {**info, "file": str(path)}
            used.update(Path(u).name for u in info.get("uses") or [] if isinstance(u, str))
    for key_node, value in mapping_items(root):
        if key_node.value == MODULE_KEY:
            continue
        _read_element(arg, path, key_node, value, module_name)


def _read_element(arg: Argument, path: Path, key_node: ScalarNode, value: Node, module: str) -> None:
    key = str(key_node.value)
    line, column = position(key_node)
    attrs = plain(value)
    if attrs is None:
        attrs = {}
    if not isinstance(attrs, dict):
        raise InterchangeError(path, line, column, f"{key}: an element's attributes must be a map")
    if key in arg.elements:
        other = arg.elements[key]
        raise InterchangeError(path, line, column, f"{key} is defined twice (also in {other.file}:{other.line}); "
                                                   "ids must be unique across all modules (C07)")
    gsn_type = attrs.get("nodeType") or type_from_id(key)
    if gsn_type not in TYPES:
        raise InterchangeError(path, line, column, f"{key}: unknown element type "
                               f"{attrs.get('nodeType') or 'from prefix'!r}; use a prefix G, S, Sn, C, A, J, CG, CSn "
                               f"or nodeType: {', '.join(TYPES)} (V01)")
    element = Element(key, TYPES[gsn_type], text=_text(attrs.get("text")), module=module, file=str(path), line=line)
    element.supported_by = _ids(path, line, key, attrs.get("supportedBy"))
    element.in_context_of = _ids(path, line, key, attrs.get("inContextOf"))
    element.undeveloped = attrs.get("undeveloped") is True
    element.defeated = attrs.get("defeated") is True
    if element.undeveloped and element.supported_by:
        raise InterchangeError(path, line, column, f"{key} is undeveloped but has supportedBy; remove one (V03)")
    if gsn_type.startswith("Counter"):
        element.annotations["gsnType"] = gsn_type
        element.refuted = element.defeated
    challenge = attrs.get("challenges")
    if challenge is not None:
        if not isinstance(challenge, str):
            raise InterchangeError(path, line, column, f"{key}: challenges must be an id or a relation 'A -> B'")
        if element.kind != "defeater":
            raise InterchangeError(path, line, column, f"{key}: only counter goals and counter solutions may "
                                                       "challenge (V12); rename it CG... or CSn...")
        if "->" in challenge:
            element.annotations["challenges"] = challenge
            _left, right = (s.strip() for s in challenge.split("->", 1))
            element.attacks = [right]
            arg.note(element, f"challenges the relation {challenge}; recorded as an attack on {right}, "
                              "the relation kept as an annotation")
        else:
            element.attacks = [challenge.strip()]
    if attrs.get("url") is not None:
        element.location = str(attrs["url"])
        if element.kind != "evidence":
            arg.note(element, "url on an element that is not a solution: kept as an annotation")
    for name, raw in attrs.items():
        if name in MAPPED:
            continue
        element.annotations[name] = raw
        what = ("layout hint" if name in PRESENTATION else "assurance claim point" if name == "acp"
                else "defeated relation" if name == "defeatedRelation" else "layer")
        arg.note(element, f"{what} '{name}' has no term in the ontology: kept as an annotation")
    arg.add(element)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def _ids(path: Path, line: int, key: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return unique(value)
    raise InterchangeError(path, line, 1, f"{key}: links must be an id or a list of ids (C11)")


def _develop(arg: Argument, modules: dict[str, dict[str, Any]]) -> None:
    """``extends: [{module, develops: {G1: [G2]}}]``: another module's undeveloped goal is supported here."""
    for name, info in modules.items():
        for ext in info.get("extends") or []:
            if not isinstance(ext, dict) or not isinstance(ext.get("develops"), dict):
                raise InterchangeError(info["file"], 1, 1, f"module {name}: extends needs module and develops")
            if ext.get("module") not in modules:
                raise InterchangeError(info["file"], 1, 1, f"module {name} extends module {ext.get('module')!r}, "
                                                           "which is not among the files named (C09)")
            for foreign, local in ext["develops"].items():
                target = arg.elements.get(foreign)
                if target is None or target.module != ext["module"] or not target.undeveloped:
                    raise InterchangeError(info["file"], 1, 1, f"module {name} develops {foreign}, which is not an "
                                                               f"undeveloped element of module {ext['module']} (C10)")
                target.undeveloped = False
                target.supported_by = unique(target.supported_by + list(local if isinstance(local, list) else [local]))


def _challenged_relations(arg: Argument) -> None:
    for element in arg.elements.values():
        if "defeatedRelation" in element.annotations:
            arg.note(element, "a defeated relation has no term in the ontology: kept as an annotation")


# --- writing -------------------------------------------------------------------------------------

def write(arg: Argument) -> str:
    """The argument as one gsn2x module file (modules of the source, if any, are merged into it)."""
    doc: dict[str, Any] = {MODULE_KEY: {"name": arg.name, "brief": arg.title or arg.name}}
    for element in ordered(arg):
        doc[_key(element)] = _attributes(arg, element)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def _key(element: Element) -> str:
    return element.name


def _attributes(arg: Argument, element: Element) -> dict[str, Any]:
    names = {k: _key(e) for k, e in arg.elements.items()}
    wanted = element.annotations.get("gsnType") or TYPE_OF_KIND[element.kind]
    if element.kind == "defeater" and wanted not in ("CounterGoal", "CounterSolution"):
        wanted = "CounterGoal"
    out: dict[str, Any] = {}
    if type_from_id(_key(element)) != wanted:
        out["nodeType"] = wanted
    if element.text:
        out["text"] = element.text
    if element.supported_by:
        out["supportedBy"] = [names[k] for k in element.supported_by]
    if element.in_context_of:
        out["inContextOf"] = [names[k] for k in element.in_context_of]
    if element.undeveloped and element.supported_by:
        arg.note(element, "is marked undeveloped and has support; gsn2x allows one of the two, so the mark is "
                          "dropped", kept=False)
    elif element.undeveloped:
        out["undeveloped"] = True
    if "challenges" in element.annotations:
        out["challenges"] = element.annotations["challenges"]
    elif element.attacks:
        out["challenges"] = names[element.attacks[0]]
    if element.defeated or element.refuted:
        out["defeated"] = True
    if element.location:
        out["url"] = element.location
    for name, value in element.annotations.items():
        if name != "gsnType" and name not in out:
            out[name] = value
    return out

