"""The case-file documentation and the JSON-LD context agree: the class and key tables of docs/case-files.md are
what scripts/case_file_docs.py writes from the context and the ontology (each key with its property, kind of value
and definition), and every key added for the frontier patterns is shown in use, in an example file or a YAML block
of the documentation."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from safetycase_kg.core.namespaces import EXAMPLES_DIR

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import case_file_docs  # noqa: E402  (scripts/case_file_docs.py writes the tables)

# keys older than the frontier patterns that no example uses (interchange marks and rarely needed dates)
SHOWN_ELSEWHERE = {"startedAt", "endedAt", "earlyWarningValue", "firedOn", "sourceFormat", "sourceIdentifier",
                   "sourceDocument", "sourceModule", "sourceAnnotation", "away", "defeated"}


def test_the_class_and_key_tables_are_what_the_context_and_ontology_say():
    current = case_file_docs.DOCS.read_text(encoding="utf-8")
    assert current == case_file_docs.written(current), "run python scripts/case_file_docs.py"


def test_every_context_key_and_class_has_a_row_with_its_property_kind_and_meaning():
    terms = case_file_docs.context()
    section = case_file_docs.sections()
    rows = dict(re.findall(r"^\| `([^`]+)` \| `[^`]+` \| [^|]+? \| (.*) \|$", section, re.M))
    assert set(rows) == set(case_file_docs.keys(terms))
    undefined = sorted(key for key, text in rows.items() if not text.strip())
    # properties of other vocabularies (dcterms, prov, foaf, org) carry their own definitions
    assert all(not case_file_docs.prop(terms[key]).startswith("sc:") for key in undefined), undefined
    listed = section.split("## Keys", 1)[0]
    assert set(re.findall(r"`([A-Za-z]+)`", listed)) == set(case_file_docs.classes(terms))


def test_every_key_is_shown_in_use():
    texts = [p.read_text() for p in EXAMPLES_DIR.rglob("*.yaml")]
    texts += re.findall(r"```yaml\n(.*?)```", case_file_docs.DOCS.read_text(), re.S)
    keys = case_file_docs.keys(case_file_docs.context())
    unused = {k for k in keys if not any(re.search(rf"(^|[\s{{,]){re.escape(k)}:", t, re.M) for t in texts)}
    assert unused == SHOWN_ELSEWHERE
