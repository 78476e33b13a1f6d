"""The case-file documentation and the JSON-LD context agree: every key of the context is in the key table of
docs/case-files.md with its property and kind of value, every class name is listed, and every key added for the frontier
patterns is shown in use, in an example file or a YAML block of the documentation."""

from __future__ import annotations

import json
import re
from pathlib import Path

from safetycase_kg.core.namespaces import CONTEXT_FILE, EXAMPLES_DIR

DOCS = Path(__file__).resolve().parent.parent / "docs" / "case-files.md"
KEYWORDS = {"id", "type", "graph"}
# keys older than the frontier patterns that no example uses (interchange marks and rarely needed dates)
SHOWN_ELSEWHERE = {"startedAt", "endedAt", "earlyWarningValue", "firedOn", "sourceFormat", "sourceIdentifier",
                   "sourceDocument", "sourceModule", "sourceAnnotation", "away", "defeated"}


def context() -> dict:
    return json.loads(CONTEXT_FILE.read_text())["@context"]


def keys() -> dict[str, object]:
    return {k: v for k, v in context().items()
            if not k.startswith("@") and k not in KEYWORDS and not k[:1].isupper()
            and not (isinstance(v, str) and v.endswith(("#", "/")))}


def kind(definition) -> str:
    """What the table's "value" column says for a term."""
    if isinstance(definition, str):
        return "text"
    coerce = definition.get("@type")
    if coerce == "@id":
        return "reference (id) or nested node"
    if coerce == "@vocab":
        return f"controlled value from `{definition['@context']['@vocab'].rstrip('/').rsplit('/', 1)[1]}`"
    return coerce


def table() -> dict[str, tuple[str, str]]:
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \| ([^|]+?) \|", DOCS.read_text(), re.M)
    return {key: (prop, value.strip()) for key, prop, value in rows}


def test_every_context_key_is_in_the_table_with_its_property_and_kind():
    documented = table()
    expected = {k: (v if isinstance(v, str) else v["@id"], kind(v)) for k, v in keys().items()}
    assert documented == expected


def test_every_class_name_is_listed():
    classes = {k for k in context() if k[:1].isupper()}
    section = DOCS.read_text().split("## Classes", 1)[1].split("##", 1)[0]
    assert classes == set(re.findall(r"`([A-Za-z]+)`", section))


def test_every_key_is_shown_in_use():
    texts = [p.read_text() for p in EXAMPLES_DIR.rglob("*.yaml")]
    texts += re.findall(r"```yaml\n(.*?)```", DOCS.read_text(), re.S)
    unused = {k for k in keys() if not any(re.search(rf"(^|[\s{{,]){re.escape(k)}:", t, re.M) for t in texts)}
    assert unused == SHOWN_ELSEWHERE
