"""YAML in and out: the composed node tree as plain values, and a dumper whose output reads back the same."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ...core.errors import CaseFileError, InputProblem
from .. import yamlcore
from ..limits import MAX_FILE_BYTES, position
from ..yamlcore import BOOL, CORE_RESOLVERS, FLOAT, FLOAT_RE, INT, INT_RE, NULL, STR

# --------------------------------------------------------------------------
# YAML: YAML 1.2 core schema instead of PyYAML's YAML 1.1 resolvers (see yamlcore)
# --------------------------------------------------------------------------

_STR, _INT, _FLOAT, _BOOL, _NULL = STR, INT, FLOAT, BOOL, NULL
_INT_RE, _FLOAT_RE = INT_RE, FLOAT_RE


class _Dumper(yaml.SafeDumper):
    """Quotes every string that either YAML 1.1 or 1.2 would read as a non-string,
    so the output reads back the same here and in other YAML tools."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader rejects anchors/aliases


for _tag, _regexp, _first in CORE_RESOLVERS:
    _Dumper.add_implicit_resolver(_tag, _regexp, _first)


class _Lexical(str):
    """The lexical form of a datatyped value: read back verbatim, so it may be written unquoted."""


_SIMPLE_LEXICAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9+\-.:]*")


def _represent_lexical(dumper: yaml.SafeDumper, value: _Lexical) -> yaml.ScalarNode:
    text = str(value)
    if _SIMPLE_LEXICAL.fullmatch(text) and text not in ("null", "Null", "NULL"):
        # tag the node as whatever the text resolves to, so the emitter may leave
        # ``2024-01-01`` unquoted; the loader uses the raw text for datatyped terms
        return dumper.represent_scalar(dumper.resolve(ScalarNode, text, (True, False)), text)
    return dumper.represent_str(text)


_Dumper.add_representer(_Lexical, _represent_lexical)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line text as a ``|`` block, the way analysts write descriptions."""
    if "\n" in value.rstrip("\n"):
        return dumper.represent_scalar(_STR, value, style="|")
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_text)


def _compose(data: bytes, path: Path) -> Any:
    """Compose (not construct) the YAML tree, so types are decided later from tag + term."""
    try:
        root = yamlcore.compose(_utf8(data, path))
    except InputProblem as problem:
        raise problem.at(path) from None
    if root is None:
        raise CaseFileError(path, 1, 1, "the file is empty")
    return root


def _utf8(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start].decode("utf-8")
        line, column = position(before, len(before))
        hint = " (it starts with a UTF-16 byte order mark)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise CaseFileError(path, line, column, f"the file is not valid UTF-8{hint}") from None


def _read(path: Path) -> bytes:
    """The bytes of an input file, refusing one over the size limit before reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaseFileError(path, 1, 1, f"the file has {size:,} bytes, more than the limit of "
                                             f"{MAX_FILE_BYTES:,}; split it into several files")
        return path.read_bytes()
    except OSError as exc:
        raise CaseFileError(path, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None


def _yaml_int(text: str) -> int:
    if not _INT_RE.fullmatch(text):
        raise ValueError(text)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _yaml_float(text: str) -> float:
    if not _FLOAT_RE.fullmatch(text):
        raise ValueError(text)
    value = float(text) if "inf" not in text.lower() and "nan" not in text.lower() else math.inf
    if not math.isfinite(value):
        raise ValueError("infinite or NaN numbers cannot be written in JSON-LD")
    return value


def _yaml_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false"):
        raise ValueError(text)
    return lowered == "true"


class _NodeError(Exception):
    """A problem with one YAML node, found where no file name is at hand."""

    def __init__(self, node: Any, message: str) -> None:
        super().__init__(message)
        self.node, self.message = node, message


def _plain_value(node: Any) -> Any:
    """A YAML node as plain JSON data (for inline contexts); keys must be distinct strings, as in JSON."""
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key, value in node.value:
            if key.tag != _STR:
                raise _NodeError(key, f"keys must be strings, got {_kind(key.tag)}")
            if key.value in out:
                raise _NodeError(key, f"duplicate key '{key.value}'")
            out[key.value] = _plain_value(value)
        return out
    if isinstance(node, SequenceNode):
        return [_plain_value(v) for v in node.value]
    converters: dict[str, Callable[[str], Any]] = {
        _INT: _yaml_int,
        _FLOAT: _yaml_float,
        _BOOL: _yaml_bool,
        _NULL: lambda _text: None,
    }
    return converters.get(node.tag, str)(node.value)


_KIND_NAMES = {
    _INT: "a number",
    _FLOAT: "a number",
    _BOOL: "a boolean",
    _NULL: "an empty value",
    _STR: "a string",
}

def _kind(tag: str) -> str:
    return _KIND_NAMES.get(tag, f"a value tagged {tag}")
