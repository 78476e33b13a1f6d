"""Property-based tests of the case-file reader: whatever the bytes, a parsed file or a located error.

Documents are generated from the grammar of real case files (the examples and the test fixtures,
with keys dropped, duplicated, renamed or retyped, values of every kind, deep nesting, YAML
constructs inserted into the text, odd characters and encodings) and from raw bytes. Properties:

* reading gives a ``ParsedFile`` whose graphs the store can hold, or a ``CaseFileError`` naming the
  file with a line and column inside it; nothing else escapes;
* a file that is read uses only what the format defines: PyYAML's own (pure Python) parser finds in
  it one document, core-schema tags only, no anchors, aliases or merge keys, so nothing was dropped;
  and ``export-case``'s writer can write its graph out again (or names why not, ValueError);
* a load the loader refuses leaves the store byte for byte as it was, and every message is located.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st
from mutations import assert_inside, assert_writable, encoded, mutated_text

from safetycase_kg.core.namespaces import CONTEXT_FILE, EXAMPLES_DIR
from safetycase_kg.core.store import Store
from safetycase_kg.ingest import casefile as cf
from safetycase_kg.ingest.casefile import CaseFileError
from safetycase_kg.ingest.limits import MAX_VALUE_CHARS
from safetycase_kg.ingest.load import LoadError, _nquads, known_concepts, load

CTX = cf.load_context(CONTEXT_FILE)
SOURCES = sorted(EXAMPLES_DIR.rglob("*.yaml")) + sorted(p for p in FIXTURES.rglob("*.yaml") if "interchange" not in p.parts)  # case files, not other tools'
DOCUMENTS = [cf.to_jsonld(p.read_text(encoding="utf-8"), CTX, path=p) for p in SOURCES]

ODD_KEYS = ["@reverse", "@id", "@type", "@graph", "@context", "@value", "@language", "id", "type", "graph", "<<",
            "sc:title", "scv:x", "https://w3id.org/safetycase-kg/ontology#nope", "http://example.org/p",
            "urn:x:y", "_:b", "", " ", "ü", "1", "titel", "Title"]
ODD_TEXT = ["2024-02-30", "2024-01-01", "2024-01-01T00:00:00Z", "P90D", "0.20", "1e400", "-0", "yes", "no", "on",
            "~", "null", ".inf", ".nan", "0x1F", "0o17", "_:b1", "_:", "scv:decision-kind/api-launch",
            "api-lunch", "http://a b", "urn:x", "mailto:a@b", "@id", "sc:Claim", "x:y", "Claim", "SafetyCase",
            "evidence/ctf-suite-2026-04", "../../etc/passwd", "file:///etc/passwd", "http://127.0.0.1:9/x",
            "https://w3id.org/safetycase-kg/graph/ontology", "\u202eevil", "a\u0000b", "\U0001F600",
            "x" * (MAX_VALUE_CHARS + 1)]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10 ** 300, max_value=10 ** 400),
    st.floats(), st.text(max_size=20), st.sampled_from(ODD_TEXT),
)
KEYS = st.sampled_from(ODD_KEYS + CTX.key_names())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
                      max_leaves=8)
YAML_INSERTS = [
    # bare tags and anchors land in front of an existing value (see mutated_text's insert-after-colon)
    "!!python/object/apply:os.system", "!!python/tuple", "!!binary", "!!set", "!!omap", "!!pairs", "!custom",
    "!<tag:example.com,2000:x>", "&anchor",
    "!!python/object/apply:os.system ['touch /tmp/owned']", "!!python/name:os.system", "!!binary aGk=",
    "!!set {a, b}", "!!omap [a: 1]", "!foo x", "!!timestamp 2024-01-01", "!!str", "!!int", "!!float", "!!null",
    "!!bool", "!!map", "!!seq", "!", "&a", "*a", "&a x", "? [a, b]\n: c", "<<: {title: x}", "<<: *a", "|\n  block",
    ">-\n  folded", "'quoted'", '"esc\\x07\\L\\u2028"', '"\\ud800"', "---", "...", "%YAML 1.1\n---",
    "%YAML 1.2\n---", "%TAG !x! tag:yaml.org,2002:\n---", "%TAG !x! tag:example.com,2000:\n---", "!x!str 5",
    "--- !!map", "%FOO bar\n---", "# comment", "- ", ": ", "{", "[", "\t", "@id", "`", "title: x", "id: other-v1",
    "{comment: " * 400 + "x" + "}" * 400, "[" * 600 + "]" * 600,  # deeper than any reader should recurse
]


def nest(depth: int) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if level % 2 else {"comment": value}
    return value


def paths(node: Any, here: tuple = ()) -> list[tuple]:
    """Every container in the document, as a path of keys and indexes from the top."""
    found = [here]
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in items:
        if isinstance(child, (dict, list)):
            found += paths(child, here + (key,))
    return found


def at(node: Any, path: tuple) -> Any:
    for key in path:
        node = node[key]
    return node


@st.composite
def mutated_document(draw) -> Any:
    """A real case or register, changed in up to four places."""
    doc = copy.deepcopy(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(0, 4))):
        target = at(doc, draw(st.sampled_from(paths(doc))))
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
            edit = draw(st.sampled_from(["drop", "rename", "retype", "add", "wrap", "deep"]))
            if edit == "drop":
                del target[key]
            elif edit == "rename":
                target[draw(KEYS)] = target.pop(key)
            elif edit == "retype":
                target[key] = draw(VALUES)
            elif edit == "add":
                target[draw(KEYS)] = draw(VALUES)
            elif edit == "wrap":
                target[key] = [target[key], target[key]]
            else:
                target[key] = nest(draw(st.integers(1, 100)))  # deeper goes in as text (YAML_INSERTS)
        elif isinstance(target, list) and target:
            index = draw(st.integers(0, len(target) - 1))
            edit = draw(st.sampled_from(["delete", "duplicate", "insert"]))
            if edit == "delete":
                del target[index]
            elif edit == "duplicate":
                target.insert(index, copy.deepcopy(target[index]))
            else:
                target.insert(index, draw(VALUES))
    return doc


@st.composite
def case_file_text(draw) -> tuple[str, str]:
    """(suffix, text): a mutated document written as block YAML, flow YAML or JSON, then edited as text."""
    doc = draw(mutated_document())
    style = draw(st.sampled_from(["block", "flow", "json"]))
    if style == "json":
        text = json.dumps(doc, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))
    else:
        text = yaml.safe_dump(doc, allow_unicode=draw(st.booleans()), default_flow_style=style == "flow",
                              sort_keys=False, width=draw(st.sampled_from([80, 10 ** 6])))
    return (".json" if style == "json" else ".yaml"), draw(mutated_text(text, YAML_INSERTS))


@st.composite
def one_construct(draw) -> bytes:
    """A real case or register, written out unchanged, with one YAML construct or odd character added."""
    text = yaml.safe_dump(draw(st.sampled_from(DOCUMENTS)), allow_unicode=True, sort_keys=False,
                          default_flow_style=draw(st.booleans()), width=10 ** 6)
    return draw(mutated_text(text, YAML_INSERTS, min_edits=1, max_edits=1)).encode("utf-8")


@st.composite
def case_file_bytes(draw) -> tuple[str, bytes]:
    suffix, text = draw(case_file_text())
    return suffix, draw(encoded(text))


RAW = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(lambda value: yaml.safe_dump(value).encode(), VALUES),
)


CORE_TAGS = {None, "!", *(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq"))}


def foreign_constructs(text: str) -> list[str]:
    """What PyYAML's pure-Python parser (not the libyaml one the reader uses) sees that the format does not
    define. It is stricter than libyaml about some whitespace (a tab before ':'); what it cannot read, it
    cannot judge."""
    try:
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    found, documents = [], 0
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if event.version not in (None, (1, 2)):
                found.append(f"%YAML {event.version}")
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            found.append(f"anchor or alias {event.anchor}")
        if getattr(event, "tag", None) not in CORE_TAGS:
            found.append(f"tag {event.tag}")
        if isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.implicit[0]:
            found.append("a possible merge key")
    return found + (["several documents"] if documents > 1 else [])


def read(path: Path, data: bytes, write_back: bool = True) -> cf.ParsedFile | None:
    """Read as the loader does; only a parsed file whose graphs store, or a located CaseFileError, may come out.
    ``write_back``: also write an accepted file's graph out again, as export-case does."""
    path.write_bytes(data)
    try:
        parsed = cf.parse_file(path, CTX, frozenset(KNOWN))
        for name, triples in parsed.graphs.items():
            _nquads(path, name, triples)
    except CaseFileError as err:
        assert err.path == path
        assert_inside(data, err.line, err.column, err.message)
        return None
    assert foreign_constructs(data.decode("utf-8")) == []
    if write_back:
        assert_writable(parsed)
    return parsed



@pytest.fixture(scope="module")
def store() -> Store:
    """One store with the example registers for every example: a refused load must not change it,
    an accepted one may (the next example compares against whatever is there then)."""
    s = Store()
    load(s, [EXAMPLES_DIR / "registers"])
    return s


@pytest.fixture(scope="module")
def known(store) -> None:
    KNOWN.update(known_concepts(store))


KNOWN: set[str] = set()  # the vocabularies' concepts, filled by the fixture (kept out of Hypothesis' reports)


@pytest.mark.usefixtures("known")
@settings(max_examples=80)
@given(case_file_bytes())
def test_mutated_case_files_parse_or_fail_with_a_located_error(tmp_path_factory, document):
    suffix, data = document
    read(tmp_path_factory.mktemp("fuzz") / f"case{suffix}", data)


@pytest.mark.usefixtures("known")
@settings(max_examples=100)
@given(one_construct())
def test_one_yaml_construct_in_a_real_case_is_refused_or_keeps_its_meaning(tmp_path_factory, data):
    read(tmp_path_factory.mktemp("fuzz") / "case.yaml", data, write_back=False)  # accepted ones are the examples


@pytest.mark.usefixtures("known")
@settings(max_examples=120)
@given(RAW, st.sampled_from([".yaml", ".json"]))
def test_arbitrary_bytes_parse_or_fail_with_a_located_error(tmp_path_factory, data, suffix):
    read(tmp_path_factory.mktemp("fuzz") / f"raw{suffix}", data)


LOCATED = re.compile(r"(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): ")


@settings(max_examples=25)
@given(case_file_bytes())
def test_a_refused_load_leaves_the_store_byte_identical(store, tmp_path_factory, document):
    suffix, data = document
    path = tmp_path_factory.mktemp("fuzz") / f"case{suffix}"
    path.write_bytes(data)
    before = store.dump()
    try:
        load(store, [path])
    except LoadError as err:
        assert store.dump() == before
        for message in err.errors:
            where = LOCATED.match(message)
            assert where and where["path"] == str(path), message
            assert_inside(data, int(where["line"]), int(where["column"]), message)
