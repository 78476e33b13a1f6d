#!/usr/bin/env python3
"""Run every interchange reader over a folder of other tools' files and print, per file: the format, the
elements read, the elements reported as unmapped (with a note in the conversion report), and the round
trip result (their file -> ours -> their format -> ours, compared on the argument structure), or the
reason the file was refused.

    python scripts/interchange_conformance.py /path/to/corpus [--markdown]

Files are found by suffix (.gsn.yaml/.yaml gsn2x, .json TEA, .ltac LTAC, .xml/.xmi/.sacm SACM, .ttl OntoGSN);
gsn2x files are grouped into module sets as the loader does. The folder is read only: nothing is written
there, and nothing is fetched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from safetycase_kg import interchange
from safetycase_kg.core.store import Store
from safetycase_kg.interchange.case import argument_of
from safetycase_kg.interchange.model import InterchangeError, difference, to_triples

BY_SUFFIX = {".yaml": "gsn2x", ".yml": "gsn2x", ".json": "tea", ".ltac": "ltac", ".xml": "sacm", ".xmi": "sacm",
             ".sacm": "sacm", ".ttl": "ontogsn"}
OUT_SUFFIX = {"gsn2x": ".gsn.yaml", "tea": ".json", "ltac": ".ltac", "sacm": ".sacm"}


def units(folder: Path) -> list[interchange.Unit]:
    found: dict[str, list[Path]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        fmt = BY_SUFFIX.get(path.suffix.lower())
        if fmt:
            found.setdefault(fmt, []).append(path)
    out = []
    for fmt, paths in found.items():
        if fmt == "gsn2x":
            by_folder: dict[Path, list[Path]] = {}
            for path in paths:
                by_folder.setdefault(path.parent, []).append(path)
            for group in by_folder.values():
                try:
                    out += interchange.plan(group, fmt)
                except InterchangeError:
                    out += [interchange.Unit((p,), fmt) for p in group]
        else:
            out += [interchange.Unit((p,), fmt) for p in paths]
    return out


def round_trip(arg, fmt: str, store: Store, tmp: Path) -> str:
    writer = fmt if fmt in interchange.WRITERS else "gsn2x"
    store.replace_graphs({arg.iri: to_triples(arg)})
    first = argument_of(store, arg.iri, arg.fmt)
    out = tmp / f"{arg.name}{OUT_SUFFIX[writer]}"
    out.write_text(interchange.WRITERS[writer](first))
    again = interchange.read(interchange.Unit((out,), writer))
    again.name = arg.name
    store.replace_graphs({again.iri: to_triples(again)})
    second = argument_of(store, again.iri, again.fmt)
    diff = difference(first, second)
    return f"identical (via {writer})" if not diff else f"differs (via {writer}): {diff[0]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    store, rows = Store(install_system_graphs=True), []
    with tempfile.TemporaryDirectory() as tmp:
        for unit in units(args.folder):
            name = " + ".join(str(p.relative_to(args.folder)) for p in unit.paths)
            try:
                arg = interchange.read(unit)
            except InterchangeError as err:
                rows.append((name, unit.fmt, "-", "-", f"refused: {err.message} (line {err.line})"))
                continue
            unmapped = len({n.element for n in arg.notes if n.element})
            rows.append((name, unit.fmt, str(len(arg.elements)), str(unmapped), round_trip(arg, unit.fmt, store, Path(tmp))))
    if args.markdown:
        print("| file | format | elements read | elements with unmapped parts | round trip |")
        print("|---|---|---|---|---|")
        for row in rows:
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    else:
        for row in rows:
            print("\t".join(row))
    read_ok = sum(1 for r in rows if r[2] != "-")
    same = sum(1 for r in rows if r[4].startswith("identical"))
    print(f"\n{len(rows)} unit(s): {read_ok} read, {len(rows) - read_ok} refused, {same} round trip(s) identical",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
