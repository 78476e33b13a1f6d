"""Interchange with the assurance-case tools people already use: gsn2x YAML, OMG SACM XML/XMI, TEA JSON,
LTAC text and OntoGSN RDF.

``plan`` decides which reader reads which files (the format named by the user, or detected from the
content where that is unambiguous); ``read_unit`` turns one unit into the graphs of one case, the same
shape ``casefile.parse_any`` gives, so imports go through the same atomic batch as every load.
``from_store`` reads a case back from a store (a tier's view) for the writers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..ingest.casefile import ParsedFile
from . import gsn2x, ltac, ontogsn, sacm, tea
from .model import Argument, InterchangeError, to_triples
from .source import read_bytes

# The readers of one file each; gsn2x reads a module set of several files (``gsn2x.read``).
SINGLE_FILE_READERS: dict[str, Callable[[Path], Argument]] = {"sacm": sacm.read, "tea": tea.read, "ltac": ltac.read,
                                                              "ontogsn": ontogsn.read}
FORMATS = ("gsn2x", *SINGLE_FILE_READERS)
WRITERS = {"gsn2x": gsn2x.write, "sacm": sacm.write, "tea": tea.write, "ltac": ltac.write}
SUFFIXES = {"gsn2x": {".yaml", ".yml"}, "sacm": {".xml", ".xmi", ".sacm"}, "tea": {".json"},
            "ltac": {".ltac", ".txt"}, "ontogsn": {".ttl", ".rdf", ".owl", ".jsonld", ".nt"}}
# Suffixes no native file has, so a folder scan picks them up without --format.
OWN_SUFFIXES = frozenset({".ltac", ".xmi", ".sacm"})

_NATIVE_YAML = re.compile(rb'^(?:type|id|"?@context"?|graph)\s*:', re.MULTILINE)

__all__ = ["FORMATS", "WRITERS", "Argument", "InterchangeError", "Unit", "detect", "plan", "read_unit"]


@dataclass(frozen=True)
class Unit:
    """Files read together as one case: one file, or a gsn2x module set."""

    paths: tuple[Path, ...]
    fmt: str | None  # None: a native case file, Turtle, ... read by casefile


def detect(path: Path) -> str | None:
    """The interchange format of a file, from its content; None for the project's own files."""
    suffix = path.suffix.lower()
    if suffix == ".ltac":
        return "ltac"
    if suffix in (".xmi", ".sacm"):
        return "sacm"
    if suffix not in {".yaml", ".yml", ".json", ".xml", ".ttl", ".rdf", ".owl", ".jsonld", ".nt"}:
        return None
    try:
        head = read_bytes(path)
    except InterchangeError:
        return None
    if (suffix in (".yaml", ".yml") and _NATIVE_YAML.search(head)) or (suffix == ".json" and b'"tree"' not in head):
        return None  # cheap tests first: the project's own files state their type; TEA's nodes hang off "tree"
    if suffix == ".xml":
        return "sacm" if sacm.looks_like(head) else None
    if suffix == ".json" and tea.looks_like(head):
        return "tea"
    if suffix in (".yaml", ".yml") and gsn2x.looks_like(head.decode("utf-8", "replace")):
        return "gsn2x"
    if suffix in SUFFIXES["ontogsn"] and ontogsn.looks_like(head):
        return "ontogsn"
    return None


def plan(files: list[Path], fmt: str | None = None) -> list[Unit]:
    """The units to read: each file alone, except gsn2x files grouped into module sets."""
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    units: list[Unit] = []
    gsn: list[Path] = []
    for path in files:
        found = fmt or detect(path)
        if found == "gsn2x":
            gsn.append(path)
        else:
            units.append(Unit((path,), found))
    if gsn:
        units += [Unit(tuple(group), "gsn2x") for group in gsn2x.module_set(gsn)]
    return units


def read(unit: Unit) -> Argument:
    if unit.fmt == "gsn2x":
        return gsn2x.read(list(unit.paths))
    if unit.fmt not in SINGLE_FILE_READERS:
        raise ValueError(f"{unit.paths[0]}: no interchange reader for format {unit.fmt!r} (native files go to casefile)")
    return SINGLE_FILE_READERS[unit.fmt](unit.paths[0])


def read_unit(unit: Unit) -> tuple[ParsedFile, list[str]]:
    """One unit as the graphs of one case, and the conversion report's lines."""
    arg = read(unit)
    digest = hashlib.sha256(b"".join(read_bytes(p) for p in unit.paths)).hexdigest()
    parsed = ParsedFile(unit.paths[0], digest, {arg.iri: to_triples(arg)}, "case")
    return parsed, [f"{unit.fmt}: {note}" for note in arg.notes]
