"""Bad input on load: every file gets exit 2 and a located message, and the store stays as it was.

Over-large values, deep nesting and too many nodes are refused in every format the loader reads
(and on the HTTP upload path) at the position of the problem; YAML constructs the case-file format
does not define (foreign tags, anchors, merge keys, a second document, a %YAML 1.1 directive, ...)
are refused by name instead of being dropped or read with another meaning.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from conftest import FIXTURES
from rdflib import BNode, Literal, URIRef

from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import CONTEXT_FILE, ID
from safetycase_kg.core.store import Store
from safetycase_kg.ingest import casefile as cf
from safetycase_kg.ingest.casefile import CaseFileError
from safetycase_kg.ingest.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUE_CHARS, MAX_YAML_NODES
from safetycase_kg.ingest.load import LoadError, load
from safetycase_kg.ingest.writes import WriteRefused, parse_upload

VALID = FIXTURES / "valid" / "minimal-case.yaml"
OVER = MAX_VALUE_CHARS + 1
HUGE = 17 << 20  # over Oxigraph's 16 MiB token limit: this used to end the load with a traceback
S = "https://w3id.org/safetycase-kg/id/big-v1"
TITLE = "http://purl.org/dc/terms/title"


@pytest.fixture(scope="module")
def ctx() -> cf.Context:
    return cf.load_context(CONTEXT_FILE)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A store folder holding one case, for the command line (only refused loads use it, so it is shared)."""
    folder = tmp_path_factory.mktemp("limits") / "store"
    assert main(["--store", str(folder), "load", "--quiet", str(VALID)]) == 0
    return folder


def dump(folder: Path) -> bytes:
    s = Store(folder, install_system_graphs=False)
    try:
        return s.dump()
    finally:
        s.close()


def refused(folder: Path, path: Path, capsys) -> str:
    """Load ``path`` with the command line; it must be refused with exit 2 and the store unchanged."""
    before = dump(folder)
    capsys.readouterr()
    assert main(["--store", str(folder), "load", "--quiet", str(path)]) == 2
    assert dump(folder) == before
    err = capsys.readouterr().err
    assert "Traceback" not in err and "store unchanged" in err
    return err


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def big_value_file(tmp_path: Path, suffix: str, size: int) -> tuple[Path, tuple[int, int]]:
    """A file holding one value of ``size`` characters, and the line and column where the value starts."""
    big = "x" * size
    text = {
        ".yaml": f"id: big-v1\ntype: SafetyCase\ntitle: {big}\n",
        ".json": json.dumps({"id": "big-v1", "type": "SafetyCase", "title": big}, indent=1),
        ".ttl": f"<{S}>\n  <{TITLE}> \"{big}\" .\n",
        ".trig": f"<{S}> {{\n<{S}> <{TITLE}> \"{big}\" .\n}}\n",
        ".nt": f"<{S}> <{TITLE}> \"{big}\" .\n",
        ".nq": f"<{S}> <{TITLE}> \"{big}\" <{S}> .\n",
        ".jsonld": json.dumps({"@id": S, TITLE: big}, indent=1),
    }[suffix]
    start = text.index(big)
    line = text.count("\n", 0, start) + 1
    return write(tmp_path / f"big{suffix}", text), (line, start - text.rfind("\n", 0, start))


def located_at_value(err: str, path: Path, where: tuple[int, int]) -> bool:
    """The message names the value's line and its first character or the quote before it."""
    line, column = where
    return f"{path}:{line}:{column}:" in err or f"{path}:{line}:{column - 1}:" in err


FORMATS = [".yaml", ".json", ".ttl", ".trig", ".nt", ".nq", ".jsonld"]


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_value_over_the_limit_is_refused_where_it_stands(store, tmp_path, capsys, suffix):
    path, where = big_value_file(tmp_path, suffix, OVER)
    err = refused(store, path, capsys)
    assert located_at_value(err, path, where), err
    assert f"of {OVER:,} characters is longer than the limit of {MAX_VALUE_CHARS:,}" in err


@pytest.mark.parametrize("suffix", [".yaml", ".nt"])
def test_a_value_over_oxigraphs_token_limit_is_an_input_error_not_a_crash(store, tmp_path, capsys, suffix):
    path, where = big_value_file(tmp_path, suffix, HUGE)
    err = refused(store, path, capsys)
    assert f"{MAX_VALUE_CHARS:,} characters per value" in err
    assert located_at_value(err, path, where) or f"{path}:{where[0]}:1:" in err, err


def test_a_value_at_the_limit_loads(tmp_path):
    path, _ = big_value_file(tmp_path, ".yaml", MAX_VALUE_CHARS)
    s = Store()
    load(s, [path])
    assert len(list(s.query("SELECT ?t WHERE { ?c dcterms:title ?t }", {"c": URIRef(S)}))) == 1


def test_an_iri_lengthened_over_the_limit_by_a_prefix_is_refused(tmp_path, ctx):
    prefix = "https://example.org/" + "p" * (MAX_VALUE_CHARS - 30) + "/"
    path = write(tmp_path / "case.yaml", f'"@context":\n  - {cf.CONTEXT_IRI}\n  - ex: "{prefix}"\n'
                                          "id: big-v1\ntype: SafetyCase\nsource: ex:" + "y" * 40 + "\n")
    with pytest.raises(CaseFileError) as err:
        cf.parse_file(path, ctx)
    assert (err.value.line, err.value.column) == (6, 9) and "IRI of" in err.value.message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(store, tmp_path, capsys):
    path = tmp_path / "huge.ttl"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    err = refused(store, path, capsys)
    assert f"{path}:1:1: the file has {MAX_FILE_BYTES + 1:,} bytes, more than the limit" in err


def test_more_yaml_nodes_than_the_limit_are_refused(tmp_path, ctx):
    items = ", ".join(["a"] * MAX_YAML_NODES)
    path = write(tmp_path / "many.yaml", f"id: many-v1\ntype: SafetyCase\nallowedActions: [{items}]\n")
    with pytest.raises(CaseFileError) as err:
        cf.parse_file(path, ctx)
    assert err.value.line == 3 and f"more than {MAX_YAML_NODES:,} YAML nodes" in err.value.message


# --- nesting -------------------------------------------------------------------------------------

def nested(suffix: str, depth: int) -> tuple[str, str]:
    """A document nested ``depth`` levels deep, counting its outermost level, and the line:col where the
    first level over the limit starts."""
    if suffix == ".yaml":  # the case's own mapping is the first level, then nested node objects
        inner = "{source: " * (depth - 2) + "{id: x}" + "}" * (depth - 2)
        return "id: deep-v1\ntype: SafetyCase\nsource: " + inner + "\n", f"3:{8 + 9 * (MAX_DEPTH - 1) + 1}"
    if suffix == ".json":
        inner = '{"source": ' * (depth - 2) + '{"id": "x"}' + "}" * (depth - 2)
        return '{"id": "deep-v1", "source": ' + inner + "}", f"1:{28 + 11 * (MAX_DEPTH - 1) + 1}"
    if suffix == ".jsonld":
        return '{"@id": "x", "http://p": ' + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "}", f"1:{26 + MAX_DEPTH - 1}"
    if suffix == ".ttl":  # each [ ] is one level
        return f"<{S}> <http://p> " + "[ <http://p> " * depth + "1" + " ]" * depth + " .", \
            f"1:{len(S) + 15 + 13 * MAX_DEPTH}"
    if suffix == ".rdf":  # rdf:RDF and the top node are two levels, then two per nested node
        pairs = (depth - 2) // 2
        return ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:p="http://p/">\n'
                f'<rdf:Description rdf:about="{S}">' + "<p:p><rdf:Description>" * pairs
                + "</rdf:Description></p:p>" * pairs + "</rdf:Description></rdf:RDF>"), "2:"
    raise AssertionError(suffix)


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".jsonld", ".ttl", ".rdf"])
def test_nesting_deeper_than_the_limit_is_refused_where_it_goes_too_deep(tmp_path, ctx, suffix):
    text, where = nested(suffix, 300)  # deep enough for the readers' recursion to fail before the fix
    path = write(tmp_path / f"deep{suffix}", text)
    with pytest.raises(CaseFileError) as err:
        cf.parse_any(path, ctx)
    assert f"{err.value.line}:{err.value.column}".startswith(where)
    assert f"more than {MAX_DEPTH} levels deep" in err.value.message


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".jsonld", ".ttl", ".rdf"])
def test_nesting_at_the_limit_is_read(tmp_path, ctx, suffix):
    text, _ = nested(suffix, MAX_DEPTH)
    cf.parse_any(write(tmp_path / f"deep{suffix}", text), ctx)


# --- YAML constructs -------------------------------------------------------------------------------

HEAD = f'"@context": {cf.CONTEXT_IRI}\nid: yaml-v1\ntype: SafetyCase\n'  # lines 1-3

REFUSED = [
    # (text after HEAD, line, column, part of the message)
    ("title: !!python/object/apply:os.system ['echo owned']", 4, 8, "'!!python/object/apply:os.system' is not allowed"),
    ("title: !!python/object/apply:os.system 'echo owned'", 4, 8, "'!!python/object/apply:os.system' is not allowed"),
    ("comment: !!python/name:os.system {}", 4, 10, "'!!python/name:os.system' is not allowed on a mapping"),
    ("title: !!binary aGVsbG8=", 4, 8, "'!!binary' is not allowed"),
    ("comment: !!set {a, b}", 4, 10, "'!!set' is not allowed on a mapping"),
    ("comment: !!omap [a: 1, b: 2]", 4, 10, "'!!omap' is not allowed on a sequence"),
    ("reviewBy: !!timestamp 2027-01-01", 4, 11, "'!!timestamp' is not allowed"),
    ("title: !local x", 4, 8, "'!local' is not allowed"),
    ("title: !!str {a: b}", 4, 8, "'!!str' is not allowed on a mapping"),
    ("title: !!map x", 4, 8, "'!!map' is not allowed on a scalar"),
    ("title: &t x\ncomment: y", 4, 8, "YAML anchors (&t) are not supported"),
    ("title: x\ncomment: *t", 5, 10, "YAML aliases (*t) are not supported"),
    ("<<: {title: x}", 4, 1, "merge keys ('<<') are not supported"),
    ("? [title, comment]\n: x", 4, 3, "a mapping or list used as a key"),
    ("title: x\n---\nid: other-v1", 5, 1, "a second YAML document"),
    ("title: a\u2028b", 4, 9, "LINE SEPARATOR (U+2028) is a line break in YAML 1.1"),
    ("title: a\x85b", 4, 9, "NEL (U+0085)"),
    ("title: a\u2029 b", 4, 9, "PARAGRAPH SEPARATOR (U+2029)"),
    ("title: a\x07b", 4, 9, "control character U+0007"),
    ("title: a\ufeffb", 4, 9, "byte order mark (U+FEFF) inside the document"),
    ("title: x\ntitle: y", 5, 1, "duplicate key 'title'"),
    ("claims:\n  - id: yaml-v1/G0\n    statement: a\n    statement: b", 7, 5, "duplicate key 'statement'"),
    ("title: {'@value': x, '@value': y}", 4, 22, "a value object may only have"),
]


@pytest.mark.parametrize(("body", "line", "column", "needle"), REFUSED)
def test_yaml_constructs_the_format_does_not_define_are_refused_by_name(tmp_path, ctx, body, line, column, needle):
    with pytest.raises(CaseFileError) as err:
        cf.parse_file(write(tmp_path / "case.yaml", HEAD + body + "\n"), ctx)
    assert (err.value.line, err.value.column) == (line, column), err.value
    assert needle in err.value.message


@pytest.mark.parametrize(("directives", "line", "needle"), [
    ("%YAML 1.1\n---\n", 1, "the directive %YAML 1.1 asks for YAML 1.1 rules"),
    ("%TAG !t! tag:example.com,2000:\n---\n", 6, "'tag:example.com,2000:str' is not allowed"),
])
def test_directives_that_would_change_meaning_are_refused(tmp_path, ctx, directives, line, needle):
    text = directives + HEAD + "title: !t!str x\n"
    with pytest.raises(CaseFileError) as err:
        cf.parse_file(write(tmp_path / "case.yaml", text), ctx)
    assert err.value.line == line and needle in err.value.message


def test_an_inline_context_with_a_duplicate_or_non_text_key_is_refused(tmp_path, ctx):
    for entry, column in (("{ex: 'https://a.example/', ex: 'https://b.example/'}", 32), ("{1: 'https://a.example/'}", 6)):
        text = f'"@context":\n  - {cf.CONTEXT_IRI}\n  - {entry}\nid: c-v1\ntype: SafetyCase\n'
        with pytest.raises(CaseFileError) as err:
            cf.parse_file(write(tmp_path / "case.yaml", text), ctx)
        assert (err.value.line, err.value.column) == (3, column) and "invalid inline context" in err.value.message


def titles(parsed: cf.ParsedFile) -> list[Literal]:
    return [o for triples in parsed.graphs.values() for s, p, o in triples if str(p) == TITLE]


@pytest.mark.parametrize(("text", "expected"), [
    (HEAD + "title: !!str 2024\n", Literal("2024")),
    (HEAD + "title: ! 5\n", Literal("5")),
    (HEAD + "title: !<tag:yaml.org,2002:str> 5\n", Literal("5")),
    (HEAD + 'title: "a\\Lb\\x07"\n', Literal("a\u2028b\x07")),
    ("%YAML 1.2\n---\n" + HEAD + "title: yes\n", Literal("yes")),
    ("%TAG !c! tag:yaml.org,2002:\n---\n" + HEAD + "title: !c!str 5\n", Literal("5")),
    ("\ufeff" + HEAD + "title: x\n...\n", Literal("x")),
    (HEAD.replace("\n", "\r\n") + "title: x\r\n", Literal("x")),
    (HEAD + "title: !!int 7\n", Literal(7)),
])
def test_what_yaml_allows_and_the_format_keeps_reads_as_yaml_12(tmp_path, ctx, text, expected):
    path = tmp_path / "case.yaml"
    path.write_bytes(text.encode("utf-8"))
    assert titles(cf.parse_file(path, ctx)) == [expected]


@pytest.mark.parametrize(("data", "position", "needle"), [
    ("title: café\n".encode("latin-1"), (4, 11), "not valid UTF-8"),
    ("title: x\n".encode("utf-16"), (1, 1), "not valid UTF-8 (it starts with a UTF-16 byte order mark)"),
])
def test_other_encodings_are_refused_where_they_start(tmp_path, ctx, data, position, needle):
    path = tmp_path / "case.yaml"
    path.write_bytes(HEAD.encode() + data if position[0] > 1 else data)
    with pytest.raises(CaseFileError) as err:
        cf.parse_file(path, ctx)
    assert (err.value.line, err.value.column) == position and needle in err.value.message


def test_a_python_tag_is_refused_on_the_command_line_and_nothing_runs(store, tmp_path, capsys):
    marker = tmp_path / "owned"
    path = write(tmp_path / "tagged.yaml", f"id: tag-v1\ntype: SafetyCase\ntitle: !!python/object/apply:os.system "
                                           f"['touch {marker}']\n")
    err = refused(store, path, capsys)
    assert f"{path}:3:8: the YAML tag '!!python/object/apply:os.system' is not allowed" in err
    assert not marker.exists()


# --- other RDF formats -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "position", "needle"), [
    ("dup.jsonld", b'{"@id": "https://a.example/x",\n "http://p": 1,\n "http://p": 2}', (3, 2), 'duplicate key "http://p"'),
    ("star.nt", b"<http://a> <http://b> <http://c> .\n<< <http://a> <http://b> <http://c> >> <http://p> <http://o> .\n",
     (2, 1), "invalid nt"),
    ("latin.ttl", "<http://a> <http://b> \"café\" .".encode("latin-1"), (1, 27), "not valid UTF-8"),
    ("bad.nq", b"<http://a> <http://b> <http://c> <http://g> .\n<http://a> <http://b> .\n", (2, 23), "invalid nquads"),
])
def test_other_rdf_problems_are_located(tmp_path, ctx, name, data, position, needle):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CaseFileError) as err:
        cf.parse_any(path, ctx)
    assert (err.value.line, err.value.column) == position and needle in err.value.message


def test_n_triples_blank_nodes_stay_apart_between_files(tmp_path):
    for name in ("a", "b"):
        write(tmp_path / f"{name}.nt", f"<https://w3id.org/safetycase-kg/id/{name}> <http://p> _:b1 .\n_:b1 <http://q> \"{name}\" .\n")
    s = Store()
    load(s, [tmp_path])
    blank = list(s.query("SELECT ?g ?b WHERE { GRAPH ?g { ?x <http://p> ?b } FILTER isBlank(?b) }"))
    assert len(blank) == 2 and blank[0][1] != blank[1][1]


# --- the upload path ---------------------------------------------------------------------------------

GRAPH = ID["test/upload"]


@pytest.mark.parametrize(("body", "media_type", "status", "needle"), [
    (f'<s> <p> "{"x" * OVER}" .'.encode(), "text/turtle", 413, "line 1, column 10: a term of"),
    (f'<http://s> <http://p> "{"x" * HUGE}" .'.encode(), "application/n-triples", 413, "more than 16 MiB"),
    (json.dumps({"@id": "http://s", "http://p": "x" * OVER}).encode(), "application/ld+json", 413, "line 1, column 33"),
    (nested(".ttl", 100)[0].encode(), "text/turtle", 413, "more than 64 levels deep"),
    (nested(".jsonld", 100)[0].encode(), "application/ld+json", 413, "more than 64 levels deep"),
    (nested(".rdf", 100)[0].encode(), "application/rdf+xml", 413, "line 2, column"),
    (b'{"@id": "http://s", "http://p": 1, "http://p": 2}', "application/ld+json", 400, "duplicate key"),
    (b"<http://a> <http://b> << <http://a> <http://b> <http://c> >> .", "text/turtle", 400, "RDF-star"),
    (b"<http://a> <http://b> \"caf\xe9\" .", "text/turtle", 400, "line 1, column 27: the body is not UTF-8"),
])
def test_uploads_over_the_limits_are_refused_before_anything_is_stored(body, media_type, status, needle):
    with pytest.raises(WriteRefused) as err:
        parse_upload(body, media_type, GRAPH)
    assert err.value.http_status == status and needle in str(err.value)


def test_a_refused_batch_with_a_huge_value_leaves_the_store_as_it_was(tmp_path):
    s = Store()
    load(s, [VALID])
    before = s.dump()
    path, _ = big_value_file(tmp_path, ".yaml", HUGE)
    with pytest.raises(LoadError):
        load(s, [VALID, path])
    assert s.dump() == before


# --- blank nodes chained by labels or lists --------------------------------------------------------------

def chain(length: int) -> str:
    """A case whose source is a chain of ``length`` blank nodes, written with labels in N-Triples."""
    case = "<https://w3id.org/safetycase-kg/id/chain-v1>"
    lines = [f"{case} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/safetycase-kg/ontology#SafetyCase> .",
             f"{case} <http://purl.org/dc/terms/source> _:b1 ."]
    lines += [f"_:b{i} <http://purl.org/dc/terms/source> _:b{i + 1} ." for i in range(1, length)]
    return "\n".join(lines) + "\n"


def test_blank_nodes_chained_by_labels_deeper_than_the_limit_are_refused_at_the_label(tmp_path, ctx):
    path = write(tmp_path / "chain.nt", chain(3000))  # loaded, this broke export-case with a RecursionError
    with pytest.raises(CaseFileError) as err:
        cf.parse_any(path, ctx)
    assert (err.value.line, err.value.column) == (MAX_DEPTH + 2, 41) and "more than 64 levels deep" in err.value.message


def test_a_register_chaining_nodes_by_label_is_refused(tmp_path, ctx):
    lines = ["id: register/chain", "type: Register", "graph:"]
    lines += [f'  - {{id: "_:b{i}", source: "_:b{i + 1}"}}' for i in range(100)]
    with pytest.raises(CaseFileError) as err:
        cf.parse_file(write(tmp_path / "chain.yaml", "\n".join(lines) + "\n"), ctx)
    assert err.value.line == 3 + MAX_DEPTH and "blank nodes" in err.value.message


def test_a_list_longer_than_the_limit_is_refused_and_one_within_it_exports(tmp_path, ctx):
    case = "<https://w3id.org/safetycase-kg/id/list-v1> a <https://w3id.org/safetycase-kg/ontology#SafetyCase> ;"
    long = write(tmp_path / "long.ttl", f"{case}\n <http://purl.org/dc/terms/source> ( {' '.join(map(str, range(100)))} ) .\n")
    with pytest.raises(CaseFileError, match="list cells"):
        cf.parse_any(long, ctx)
    s = Store()
    load(s, [write(tmp_path / "chain.nt", chain(MAX_DEPTH - 1))])
    graph = ID["chain-v1"]
    assert cf.parse_file(write(tmp_path / "back.yaml", cf.dump_case(graph, list(s.triples(graph)), ctx)), ctx)
    assert s.graph(graph).serialize(format="turtle")


def test_an_upload_chaining_blank_nodes_deeper_than_the_limit_is_refused():
    with pytest.raises(WriteRefused) as err:
        parse_upload(chain(200).encode(), "application/n-triples", GRAPH)
    assert err.value.http_status == 413 and "blank nodes" in str(err.value)


def test_the_case_writers_sort_key_grows_linearly_with_nesting():
    """It used to nest reprs, doubling in length with each level: a case thirty blank nodes deep took minutes."""
    nodes = [BNode() for _ in range(24)]
    triples = [(URIRef(S), URIRef(TITLE), nodes[0])] + [(a, URIRef(TITLE), b) for a, b in itertools.pairwise(nodes)]
    triples.append((nodes[-1], URIRef(TITLE), Literal("it's a \\ test")))
    from safetycase_kg.ingest.casefile.writer import _Index
    assert len(_Index(triples).signature(nodes[0])) < 24 * 100
