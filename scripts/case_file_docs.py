#!/usr/bin/env python3
"""Write the "Classes" and "Keys" sections of docs/case-files.md from the JSON-LD context and the ontology.

    python scripts/case_file_docs.py [--check]

A key, its property and the kind of value it takes are stated once, in `ontology/context.jsonld`; what the
property means is stated once, as its `skos:definition` (else `rdfs:comment`) in `ontology/`. The tables
are generated from those two, so the documentation cannot drift from what the loader reads. The two
sections are the end of the file; everything above them is written by hand. `--check` changes nothing
and exits 1 when the file is not what this script would write (tests/test_case_file_docs.py runs it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from safetycase_kg.core.namespaces import CONTEXT_FILE, ONTOLOGY_DIR  # noqa: E402

DOCS = ROOT / "docs" / "case-files.md"
HEADING = "## Classes"
KEYWORDS = {"id", "type", "graph"}  # aliases of @id, @type, @graph


def context() -> dict[str, Any]:
    return dict(json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"])


def prefixes(terms: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in terms.items() if isinstance(v, str) and v.endswith(("#", "/"))}


def classes(terms: dict[str, Any]) -> list[str]:
    return [k for k in terms if k[:1].isupper()]


def keys(terms: dict[str, Any]) -> dict[str, Any]:
    """Every key a case file may use, in the context's order."""
    skip = prefixes(terms).keys() | KEYWORDS
    return {k: v for k, v in terms.items() if not k.startswith("@") and k not in skip and not k[:1].isupper()}


def prop(definition: Any) -> str:
    return definition if isinstance(definition, str) else str(definition["@id"])


def kind(definition: Any) -> str:
    """What the table's "value" column says for a term."""
    if isinstance(definition, str):
        return "text"
    coerce = definition.get("@type")
    if coerce == "@id":
        return "reference (id) or nested node"
    if coerce == "@vocab":
        return f"controlled value from `{definition['@context']['@vocab'].rstrip('/').rsplit('/', 1)[1]}`"
    return str(coerce)


def meaning(ontology: Graph, iri: URIRef) -> str:
    text = ontology.value(iri, SKOS.definition) or ontology.value(iri, RDFS.comment) or ""
    return " ".join(str(text).split()).replace("|", "\\|")


def sections() -> str:
    terms = context()
    ontology = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        ontology.parse(path)
    expand = prefixes(terms)

    def iri(curie: str) -> URIRef:
        prefix, _, local = curie.partition(":")
        return URIRef(expand[prefix] + local) if prefix in expand else URIRef(curie)

    lines = [HEADING, "", ", ".join(f"`{name}`" for name in classes(terms)), "", "## Keys", "",
             "| key | property | value | meaning |", "|---|---|---|---|"]
    for key, definition in keys(terms).items():
        lines.append(f"| `{key}` | `{prop(definition)}` | {kind(definition)} | {meaning(ontology, iri(prop(definition)))} |")
    return "\n".join(lines) + "\n"


def written(current: str) -> str:
    """The documentation as this script writes it: the hand-written part, then the generated sections."""
    return current.split(HEADING, 1)[0] + sections()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date; write nothing")
    args = parser.parse_args(argv)
    current = DOCS.read_text(encoding="utf-8")
    wanted = written(current)
    if args.check:
        if current != wanted:
            print(f"{DOCS.relative_to(ROOT)} is out of date: run python scripts/case_file_docs.py", file=sys.stderr)
            return 1
        return 0
    DOCS.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
