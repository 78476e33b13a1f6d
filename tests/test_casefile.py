"""Tests for the YAML-LD case-file loader and writer.

The loader is a hand-written JSON-LD subset, so the main check is that it
gives the same graph as rdflib's JSON-LD parser on the same documents (with
the context inline, so nothing is fetched).  The rest pins down the errors
analysts will see, the YAML writer's round trip, and the plain-RDF reader.
"""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib import namespace as rdfns
from rdflib.collection import Collection
from rdflib.compare import graph_diff, isomorphic

from safetycase_kg.ingest import casefile as cf
from safetycase_kg.ingest.casefile import CONTEXT_IRI, CaseFileError
from safetycase_kg.ingest.casefile.context import _resolve, _resolve_general

# rdflib's own parsers still use its deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*ConjunctiveGraph is deprecated:DeprecationWarning",
    "ignore:.*default_context is deprecated:DeprecationWarning",
)

DATA = Path(__file__).parent / "data" / "casefile"
REPO = Path(__file__).resolve().parents[1]
REAL_CONTEXT = REPO / "ontology" / "context.jsonld"

SC = cf.ONTOLOGY_NS
ID = "https://w3id.org/safetycase-kg/id/"
VOCAB = cf.VOCAB_NS
DCT = "http://purl.org/dc/terms/"

KNOWN = frozenset(
    VOCAB + v
    for v in [
        "decision-kind/api-launch",
        "decision-kind/continue-training",
        "decision-kind/pause",
        "claim-status/supported",
        "claim-status/open",
        "claim-status/refuted",
        "evidence-kind/benchmark-eval",
        "evidence-kind/uplift-study",
        "assessment-kind/red-team",
        "review-outcome/accepted",
    ]
)
YAML_FIXTURES = ["case-basic.yaml", "library.yaml", "case-inline-context.yaml", "case-json.json"]
HEAD = f'"@context": {CONTEXT_IRI}\nid: err-case\ntype: SafetyCase\n'  # lines 1-3


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading must never touch the network, including inside rdflib."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="module")
def ctx() -> cf.Context:
    return cf.load_context(DATA / "context.jsonld")


# -- helpers -------------------------------------------------------------------


def union(parsed: cf.ParsedFile) -> Graph:
    graph = Graph()
    for triples in parsed.graphs.values():
        for triple in triples:
            graph.add(triple)
    return graph


def jsonld_of(path: Path, ctx: cf.Context) -> dict[str, Any]:
    """The JSON-LD document rdflib should see for a YAML file, with the context inlined
    (and "@context" added when the file leaves it implicit) so nothing is fetched."""
    document = cf.to_jsonld(path.read_text(encoding="utf-8"), ctx, inline_context=True, path=path)
    document.setdefault("@context", ctx.document)
    return document


def rdflib_graph(document: dict[str, Any]) -> Graph:
    dataset = Dataset()
    dataset.parse(data=json.dumps(document), format="json-ld")
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(expected, actual)
        pytest.fail(
            "graphs differ\nonly expected:\n"
            + only_expected.serialize(format="nt")
            + "\nonly actual:\n"
            + only_actual.serialize(format="nt")
        )


def doc(*lines: str) -> str:
    """HEAD plus ``lines``; a line for ``id``/``type`` replaces HEAD's own (line numbers stay)."""
    head = HEAD
    for line in lines:
        key = line.split(":", 1)[0]
        if key in ("id", "type"):
            head = head.replace(next(h for h in HEAD.splitlines() if h.startswith(key + ":")) + "\n", "")
    return head + "".join(line + "\n" for line in lines)


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str, ctx: cf.Context, known: frozenset[str] = frozenset()) -> CaseFileError:
    with pytest.raises(CaseFileError) as info:
        cf.parse_file(write(tmp_path, text), ctx, known)
    return info.value


def roundtrip(graph_iri: URIRef, triples: list[Any], ctx: cf.Context, tmp_path: Path) -> tuple[str, cf.ParsedFile]:
    text = cf.dump_case(graph_iri, triples, ctx)
    return text, cf.parse_file(write(tmp_path, text, "dumped.yaml"), ctx)


# -- equality with rdflib --------------------------------------------------------


@pytest.mark.parametrize("name", YAML_FIXTURES)
def test_same_graph_as_rdflib_jsonld(name: str, ctx: cf.Context) -> None:
    path = DATA / name
    parsed = cf.parse_file(path, ctx, KNOWN)
    assert len(union(parsed)) > 0
    assert_isomorphic(rdflib_graph(jsonld_of(path, ctx)), union(parsed))


def test_case_file_semantics(ctx: cf.Context) -> None:
    path = DATA / "case-basic.yaml"
    parsed = cf.parse_file(path, ctx, KNOWN)
    case = URIRef(ID + "cyber-inability-v2")
    assert parsed.kind == "case"
    assert list(parsed.graphs) == [case]
    assert parsed.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    g = union(parsed)

    def value(subject: Any, predicate: str) -> set[Any]:
        node = URIRef(subject) if type(subject) is str else subject
        return set(g.objects(node, URIRef(predicate)))

    assert value(case, SC + "decision") == {URIRef(VOCAB + "decision-kind/api-launch")}
    assert value(case, DCT + "created") == {Literal("2024-03-31", datatype=rdfns.XSD.date)}
    assert value(case, SC + "confidence") == {Literal("0.950", datatype=rdfns.XSD.decimal)}
    # YAML 1.1 booleans, sexagesimals and dates stay strings for untyped terms
    assert value(case, SC + "tag") == {Literal(t) for t in ["cyber", "inability", "yes", "no", "on", "2024-01-01"]}
    assert value(case, "http://www.w3.org/2000/01/rdf-schema#comment") == {Literal("1:20")}
    assert value(case, SC + "score") == {Literal(7)}
    labels = next(iter(value(case, SC + "versionLabel")))
    assert list(Collection(g, labels)) == [Literal("v1"), Literal("v2"), Literal("v2.1")]

    steps = next(iter(value(ID + "cyber-inability-v2/A1", SC + "steps")))
    assert list(Collection(g, steps)) == [URIRef(ID + "cyber-inability-v2/E1"), URIRef(ID + "cyber-inability-v2/E2")]
    e1 = ID + "cyber-inability-v2/E1"
    assert value(e1, SC + "score") == {Literal(0.25, datatype=rdfns.XSD.double)}
    assert value(e1, SC + "passed") == {Literal("true", datatype=rdfns.XSD.boolean)}
    assert value(e1, SC + "validFor") == {Literal("P90D", datatype=rdfns.XSD.duration)}
    # a property-scoped @vocab propagates into nested node objects ...
    (assessment,) = value(e1, SC + "assessment")
    assert value(assessment, SC + "kind") == {URIRef(VOCAB + "assessment-kind/red-team")}
    # ... unless the scoped context says "@propagate": false
    g2 = ID + "cyber-inability-v2/G2"
    assert value(g2, SC + "review") == {URIRef(VOCAB + "review-outcome/accepted")}
    (support,) = value(g2, SC + "supportedBy")
    (review,) = g.objects(support, URIRef(SC + "review"))
    assert value(review, SC + "kind") == {URIRef(SC + "ExpertReview")}
    assert Literal("Revue par des experts", lang="fr") in set(g.objects(review, None))

    e2 = ID + "cyber-inability-v2/E2"
    assert value(e2, SC + "evidenceKind") == {URIRef(VOCAB + "evidence-kind/uplift-study")}
    assert value(e2, "http://www.w3.org/ns/prov#wasDerivedFrom") == {URIRef("https://example.org/papers/uplift")}
    assert value(e2, DCT + "source") == {Literal("Internal uplift study, 2024")}
    panel = [s for s in g.subjects(URIRef(DCT + "title"), Literal("Expert panel"))]
    assert len(panel) == 1 and isinstance(panel[0], BNode)
    assert (None, URIRef(SC + "supportedBy"), panel[0]) in g


def test_library_file_goes_into_its_own_graph(ctx: cf.Context) -> None:
    parsed = cf.parse_file(DATA / "library.yaml", ctx, KNOWN)
    library = URIRef(ID + "libraries/shared")
    assert parsed.kind == "library"
    assert list(parsed.graphs) == [library]
    g = union(parsed)
    assert (library, URIRef(DCT + "title"), Literal("Shared evidence, models and organisations")) in g
    assert (URIRef(ID + "models/x-1"), URIRef(SC + "developer"), URIRef(ID + "org/acme")) in g
    assert (URIRef(ID + "evidence/shared-ctf"), URIRef(SC + "steps"), rdfns.RDF.nil) in g
    assert len(set(g.subjects(rdfns.RDF.type, URIRef(SC + "Evidence")))) == 2


def test_inline_context_changes_base(ctx: cf.Context) -> None:
    parsed = cf.parse_file(DATA / "case-inline-context.yaml", ctx)
    assert list(parsed.graphs) == [URIRef("https://example.org/cases/other-case")]
    assert (None, rdfns.RDF.type, URIRef(SC + "Claim")) in union(parsed)
    assert URIRef("https://example.org/cases/other-case/G0") in set(union(parsed).subjects())


def test_json_case_file(ctx: cf.Context) -> None:
    parsed = cf.parse_file(DATA / "case-json.json", ctx, KNOWN)
    case = URIRef(ID + "json-case")
    assert (case, URIRef(SC + "score"), Literal(1.0, datatype=rdfns.XSD.double)) in union(parsed)
    assert (case, URIRef(DCT + "created"), Literal("2024-05-01", datatype=rdfns.XSD.date)) in union(parsed)


# -- errors ----------------------------------------------------------------------------


def test_error_format(tmp_path: Path, ctx: cf.Context) -> None:
    error = error_of(tmp_path, HEAD + "titel: Oops\n", ctx)
    assert str(error) == f"{tmp_path / 'case.yaml'}:4:1: {error.message}"
    assert (error.line, error.column) == (4, 1)


def test_unknown_key_suggests_terms(tmp_path: Path, ctx: cf.Context) -> None:
    text = HEAD + "topClaim:\n  id: err-case/G0\n  type: Claim\n  titel: Oops\n"
    error = error_of(tmp_path, text, ctx)
    assert (error.line, error.column) == (7, 3)
    assert "unknown key 'titel'" in error.message and "'title'" in error.message


@pytest.mark.parametrize(
    ("line", "column", "needle"),
    [
        ("created: 2024-02-30", 10, "not a valid xsd:date for 'created'"),
        ("created: 31/03/2024", 10, "not a valid xsd:date"),
        ("assessedAt: 2024-03-30 12:00", 13, "not a valid xsd:dateTime"),
        ("confidence: 1e-3", 13, "not a valid xsd:decimal"),
        ("sampleSize: 12.0", 13, "not a valid xsd:integer"),
        ("passed: yes", 9, "not a valid xsd:boolean"),
        ("validFor: 90 days", 11, "not a valid xsd:duration"),
        ("homepage: not a uri", 11, "not a valid xsd:anyURI"),
        ("created: {'@value': '2024-13-01', '@type': 'xsd:date'}", 21, "not a valid xsd:date"),
    ],
)
def test_bad_lexical_forms(tmp_path: Path, ctx: cf.Context, line: str, column: int, needle: str) -> None:
    error = error_of(tmp_path, HEAD + line + "\n", ctx)
    assert (error.line, error.column) == (4, column)
    assert needle in error.message


def test_unknown_controlled_value_lists_the_namespace(tmp_path: Path, ctx: cf.Context) -> None:
    error = error_of(tmp_path, HEAD + "decision: api-lunch\n", ctx, KNOWN)
    assert (error.line, error.column) == (4, 11)
    assert error.message == (
        "unknown value 'api-lunch' for 'decision' (did you mean 'api-launch'?); "
        "expected one of: api-launch, continue-training, pause"
    )


def test_unknown_controlled_value_in_nested_node(tmp_path: Path, ctx: cf.Context) -> None:
    text = HEAD + "claims:\n  - id: err-case/G1\n    status: suported\n"
    error = error_of(tmp_path, text, ctx, KNOWN)
    assert (error.line, error.column) == (6, 13)
    assert "expected one of: open, refuted, supported" in error.message


def test_controlled_values_unchecked_without_known_iris(tmp_path: Path, ctx: cf.Context) -> None:
    parsed = cf.parse_file(write(tmp_path, HEAD + "decision: api-lunch\n"), ctx)
    assert URIRef(VOCAB + "decision-kind/api-lunch") in set(union(parsed).objects())


def test_duplicate_keys(tmp_path: Path, ctx: cf.Context) -> None:
    error = error_of(tmp_path, HEAD + "title: A\ntitle: B\n", ctx)
    assert (error.line, error.column) == (5, 1)
    assert error.message == "duplicate key 'title' (already given on line 4)"
    error = error_of(tmp_path, HEAD + "'@id': other\n", ctx)
    assert (error.line, error.column, error.message) == (4, 1, "duplicate key '@id' (already given on line 2)")


@pytest.mark.parametrize(
    ("line", "position", "needle"),
    [
        ("topClaim: 42", (4, 11), "'topClaim' takes an IRI or a name, not a number"),
        ("decision: true", (4, 11), "'decision' takes an IRI or a name, not a boolean"),
        ("created: {id: x}", (4, 10), "'created' takes a xsd:date value, not a mapping"),
        ("title:", (4, 7), "'title' has no value"),
        ("tags: [a, [b, c]]", (4, 11), "list inside a list"),
        ("type: 42", (3, 7), "a 'type' must be a class name"),
        ("id: 42", (3, 5), "an 'id' must be a string"),
    ],
)
def test_wrong_value_kinds(tmp_path: Path, ctx: cf.Context, line: str, position: tuple[int, int], needle: str) -> None:
    error = error_of(tmp_path, doc(line), ctx)
    assert (error.line, error.column) == position
    assert needle in error.message


@pytest.mark.parametrize(
    ("text", "position", "needle"),
    [
        ('"@context": https://example.org/context.jsonld\nid: x\n', (1, 13), "remote @context 'https://example.org/context.jsonld' is not allowed"),
        (f'"@context": [{CONTEXT_IRI}, https://example.org/more.jsonld]\nid: x\n', (1, 61), "only inline context objects"),
        ('"@context": [https://example.org/context.jsonld]\nid: x\n', (1, 13), "must be"),
        (f'"@context": [{CONTEXT_IRI}, {{"@import": "https://example.org/x"}}]\nid: x\n', (1, 61), "@import"),
        (f'"@context": [{CONTEXT_IRI}, {{"@language": "en"}}]\nid: x\n', (1, 61), "not supported"),
    ],
)
def test_remote_and_unsupported_contexts_refused(
    tmp_path: Path, ctx: cf.Context, text: str, position: tuple[int, int], needle: str
) -> None:
    error = error_of(tmp_path, text, ctx)
    assert (error.line, error.column) == position
    assert needle in error.message


@pytest.mark.parametrize(
    ("lines", "position", "needle"),
    [
        (["subject: foo:bar"], (4, 10), "undefined prefix 'foo:'"),
        (["subject: has space"], (4, 10), "not expand to a valid absolute IRI"),
        (["type: [SafetyCase, Cliam]"], (3, 20), "unknown type 'Cliam' (did you mean 'Claim'?)"),
        (["sc:title: x"], (4, 1), "compact IRI keys"),
        (["https://w3id.org/safetycase-kg/ontology#titel: x"], (4, 1), "ontology namespace but has no term in the context (did you mean 'title'?)"),
        (["'@reverse': {}"], (4, 1), "keyword '@reverse' is not supported"),
        (["sc: x"], (4, 1), "'sc' is a prefix, not a property"),
        (["topClaim:", "  graph: []"], (5, 3), "only allowed at the top of a library file"),
        (["topClaim: {'@context': {}}"], (4, 12), "only allowed at the top"),
        (["developer: &org {id: org/acme}", "subject: *org"], (4, 12), "YAML anchors (&org) are not supported"),
        (["title: {'@value': x, '@type': xsd:string, '@language': en}"], (4, 8), "both '@type' and '@language'"),
        (["title: [unclosed"], (5, 1), "invalid YAML"),
        (["title: a", "- b"], (5, 1), "invalid YAML"),
    ],
)
def test_other_errors(tmp_path: Path, ctx: cf.Context, lines: list[str], position: tuple[int, int], needle: str) -> None:
    error = error_of(tmp_path, doc(*lines), ctx)
    assert (error.line, error.column) == position
    assert needle in error.message


def test_document_shape_errors(tmp_path: Path, ctx: cf.Context) -> None:
    assert "top level must be a mapping" in error_of(tmp_path, "- a\n- b\n", ctx).message
    assert "needs an 'id'" in error_of(tmp_path, "type: SafetyCase\n", ctx).message
    assert "must be an IRI" in error_of(tmp_path, "id: _:x\n", ctx).message
    assert "the file is empty" in error_of(tmp_path, "# nothing\n", ctx).message
    library = "id: lib\ngraph:\n  - id: a\ntopClaim: a\n"
    error = error_of(tmp_path, library, ctx)
    assert error.line == 4 and "only have literal properties" in error.message and "topClaim" in error.message


def test_bad_context_file_is_located(tmp_path: Path) -> None:
    text = '{\n  "@context": {\n    "sc": "https://w3id.org/safetycase-kg/ontology#",\n    "parent": {"@reverse": "sc:child"}\n  }\n}\n'
    with pytest.raises(CaseFileError) as info:
        cf.load_context(write(tmp_path, text, "context.jsonld"))
    assert (info.value.line, info.value.column) == (4, 5)
    assert "@reverse not supported" in info.value.message


def test_protected_terms_cannot_be_redefined(tmp_path: Path) -> None:
    context = {"@context": {"@protected": True, "id": "@id", "title": "http://purl.org/dc/terms/title"}}
    loaded = cf.load_context(write(tmp_path, json.dumps(context), "context.jsonld"))
    text = f'"@context": [{CONTEXT_IRI}, {{title: "https://example.org/title"}}]\nid: https://example.org/x\n'
    assert "protected" in error_of(tmp_path, text, loaded).message


# -- writing YAML ----------------------------------------------------------------------


@pytest.mark.parametrize("name", YAML_FIXTURES)
def test_dump_round_trip(name: str, ctx: cf.Context, tmp_path: Path) -> None:
    parsed = cf.parse_file(DATA / name, ctx, KNOWN)
    ((graph_iri, triples),) = parsed.graphs.items()
    text, reparsed = roundtrip(graph_iri, triples, ctx, tmp_path)
    assert list(reparsed.graphs) == [graph_iri]
    assert_isomorphic(union(parsed), union(reparsed))
    # deterministic whatever the input order, and valid JSON-LD for rdflib too
    assert cf.dump_case(graph_iri, list(reversed(triples)), ctx) == text
    assert_isomorphic(rdflib_graph(jsonld_of(tmp_path / "dumped.yaml", ctx)), union(reparsed))


def test_dump_layout(ctx: cf.Context) -> None:
    parsed = cf.parse_file(DATA / "case-basic.yaml", ctx)
    ((graph_iri, triples),) = parsed.graphs.items()
    document = yaml.safe_load(cf.dump_case(graph_iri, triples, ctx))
    assert list(document)[:3] == ["@context", "id", "type"]
    assert document["id"] == "cyber-inability-v2" and "graph" not in document
    assert document["decision"] == "api-launch"
    assert document["title"] == "Cyber inability case for model X-1"
    assert document["topClaim"]["id"] == "cyber-inability-v2/G0"  # nested at first reference
    assert document["topClaim"]["supportedBy"][1] == "cyber-inability-v2/G1"  # nested elsewhere: a reference
    assert document["description"].endswith("novice attackers.\n")
    assert [claim["id"] for claim in document["claims"]] == ["cyber-inability-v2/G1", "cyber-inability-v2/G2"]


def awkward_graph() -> tuple[URIRef, Graph]:
    """Everything the writer has to fall back on: value objects, absolute keys,
    labels for shared and cyclic blank nodes, lists that are not @list values."""
    g = Graph()
    case, orphan = URIRef(ID + "awk"), URIRef(ID + "awk/orphan")
    sc = lambda name: URIRef(SC + name)
    title, created = URIRef(DCT + "title"), URIRef(DCT + "created")
    g.add((case, rdfns.RDF.type, sc("SafetyCase")))
    for obj in [Literal("Titre", lang="fr"), Literal("typed", datatype=rdfns.XSD.string), URIRef("https://example.org/t")]:
        g.add((case, title, obj))
    g.add((case, sc("topClaim"), Literal("a literal under an IRI term")))
    g.add((case, created, Literal("2024-01-01T00:00:00", datatype=rdfns.XSD.dateTime)))
    g.add((case, created, Literal("2024-01-02", datatype=rdfns.XSD.date)))
    g.add((case, URIRef("https://example.org/unknown#p"), Literal(42)))
    for obj in [Literal(1e30), Literal("1.50", datatype=rdfns.XSD.decimal), Literal("yes"), Literal("a\nb\n"), Literal("null")]:
        g.add((case, sc("score"), obj))
    shared = BNode()
    g.add((case, sc("evidence"), shared))
    g.add((case, sc("subject"), shared))
    g.add((shared, title, Literal("shared blank node")))
    a, b = BNode(), BNode()
    g.add((a, sc("supportedBy"), b))
    g.add((b, sc("supportedBy"), a))
    g.add((orphan, rdfns.RDF.type, sc("Claim")))
    g.add((orphan, sc("decision"), URIRef(VOCAB + "decision-kind/pause")))
    g.add((orphan, sc("decision"), URIRef("https://example.org/not-a-decision")))
    g.add((orphan, sc("status"), case))
    head, steps = BNode(), BNode()
    Collection(g, head, [Literal("x"), orphan, Literal(3)])
    g.add((orphan, URIRef("https://example.org/listy"), head))
    Collection(g, steps, [URIRef(ID + "awk/e1"), BNode()])
    g.add((orphan, sc("steps"), steps))
    g.add((orphan, sc("versionLabel"), rdfns.RDF.nil))
    g.add((orphan, rdfns.RDF.type, BNode()))
    g.add((BNode(), title, Literal("lonely blank node")))
    return case, g


def test_dump_round_trip_of_awkward_graph(ctx: cf.Context, tmp_path: Path) -> None:
    case, graph = awkward_graph()
    text, reparsed = roundtrip(case, list(graph), ctx, tmp_path)
    assert reparsed.kind == "library" and list(reparsed.graphs) == [case]  # unreachable nodes -> graph form
    assert_isomorphic(graph, union(reparsed))
    assert_isomorphic(rdflib_graph(jsonld_of(tmp_path / "dumped.yaml", ctx)), union(reparsed))
    assert cf.dump_case(case, list(reversed(list(graph))), ctx) == text


def test_to_jsonld_keeps_the_loader_rules(ctx: cf.Context) -> None:
    text = (DATA / "case-basic.yaml").read_text(encoding="utf-8")
    document = cf.to_jsonld(text, ctx)
    assert document["@context"] == CONTEXT_IRI  # not inlined unless asked
    assert document["created"] == "2024-03-31" and document["confidence"] == "0.950"  # raw text
    assert document["tags"] == ["cyber", "inability", "yes", "no", "on", "2024-01-01"]  # YAML 1.2 strings
    assert document["score"] == 7 and document["claims"][0]["evidence"]["passed"] == "true"
    assert cf.to_jsonld(text, ctx, inline_context=True)["@context"] == ctx.document


def test_dump_refuses_what_cannot_be_read_back(ctx: cf.Context) -> None:
    case = URIRef(ID + "x")
    with pytest.raises(ValueError, match="ontology namespace"):
        cf.dump_case(case, [(case, URIRef(SC + "noSuchTerm"), Literal("x"))], ctx)
    with pytest.raises(ValueError, match="ill-typed"):
        cf.dump_case(case, [(case, URIRef(DCT + "created"), Literal("2024-13-45", datatype=rdfns.XSD.date))], ctx)


# -- plain RDF files ---------------------------------------------------------------------


def test_turtle_graph_is_named_after_its_safety_case() -> None:
    parsed = cf.parse_rdf_file(DATA / "case.ttl")
    case = URIRef(ID + "ttl-case")
    assert parsed.kind == "rdf" and list(parsed.graphs) == [case]
    assert (case, URIRef(SC + "topClaim"), URIRef(ID + "ttl-case/G0")) in union(parsed)
    assert len(parsed.graphs[case]) == 5


def test_turtle_without_single_safety_case_gets_file_graph(tmp_path: Path) -> None:
    text = "<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n"
    parsed = cf.parse_rdf_file(write(tmp_path, text, "shared terms.ttl"))
    assert list(parsed.graphs) == [URIRef(cf.FILE_GRAPH_NS + "shared%20terms")]


def test_trig_keeps_graphs() -> None:
    parsed = cf.parse_rdf_file(DATA / "graphs.trig")
    assert set(parsed.graphs) == {
        URIRef(ID + "trig-a"),
        URIRef(ID + "trig-b"),
        URIRef(cf.FILE_GRAPH_NS + "graphs"),
    }
    assert parsed.graphs[URIRef(cf.FILE_GRAPH_NS + "graphs")] == [
        (URIRef(ID + "loose"), URIRef(DCT + "title"), Literal("in the default graph"))
    ]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.ttl", '@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "x .\n', 3),
        ("bad.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> c .\n", 2),
        ("bad.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>\n', 4),
        ("bad.jsonld", '{\n  "@id": "https://example.org/x",\n  "https://example.org/p": \n}\n', 4),
    ],
)
def test_rdf_syntax_errors_are_located(tmp_path: Path, name: str, text: str, line: int) -> None:
    with pytest.raises(CaseFileError) as info:
        cf.parse_rdf_file(write(tmp_path, text, name))
    assert info.value.line == line


def test_jsonld_uses_the_local_project_context(tmp_path: Path, ctx: cf.Context) -> None:
    document = {"@context": CONTEXT_IRI, "id": "jsonld-case", "type": "SafetyCase", "decision": "pause"}
    path = write(tmp_path, json.dumps(document), "case.jsonld")
    parsed = cf.parse_rdf_file(path, ctx)
    case = URIRef(ID + "jsonld-case")
    assert list(parsed.graphs) == [case]
    assert (case, URIRef(SC + "decision"), URIRef(VOCAB + "decision-kind/pause")) in union(parsed)
    with pytest.raises(CaseFileError, match="none was given"):
        cf.parse_rdf_file(path)


def test_jsonld_remote_contexts_refused(tmp_path: Path, ctx: cf.Context) -> None:
    text = '{\n  "@context": [\n    "https://example.org/remote.jsonld"\n  ],\n  "@id": "https://example.org/x"\n}\n'
    with pytest.raises(CaseFileError) as info:
        cf.parse_rdf_file(write(tmp_path, text, "remote.jsonld"), ctx)
    assert (info.value.line, info.value.column) == (3, 5)
    assert "never fetched" in info.value.message


def test_rdfxml_parses_but_external_entities_are_refused(tmp_path: Path) -> None:
    good = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY ex "https://example.org/">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">\n'
        '  <rdf:Description rdf:about="&ex;a"><ex:p>v</ex:p></rdf:Description>\n</rdf:RDF>\n'
    )
    parsed = cf.parse_rdf_file(write(tmp_path, good, "good.rdf"))
    assert (URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("v")) in union(parsed)
    evil = good.replace('<!ENTITY ex "https://example.org/">', '<!ENTITY ex SYSTEM "file:///etc/passwd">')
    with pytest.raises(CaseFileError) as info:
        cf.parse_rdf_file(write(tmp_path, evil, "evil.owl"))
    assert info.value.line == 2 and "external entities" in info.value.message


def test_parse_any_dispatches_on_suffix(ctx: cf.Context, tmp_path: Path) -> None:
    assert cf.parse_any(DATA / "case-basic.yaml", ctx).kind == "case"
    assert cf.parse_any(DATA / "case-json.json", ctx).kind == "case"
    assert cf.parse_any(DATA / "case.ttl", ctx).kind == "rdf"
    with pytest.raises(CaseFileError, match="unsupported file type '.txt'"):
        cf.parse_any(write(tmp_path, "x", "notes.txt"), ctx)


# -- the project's real context ---------------------------------------------------------------


def _real_examples() -> list[Path]:
    folder = REPO / "examples"
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml")) if folder.is_dir() else []


def _real_concepts() -> frozenset[str]:
    """Concept IRIs of the project's SKOS vocabularies, if they exist yet."""
    path = REPO / "ontology" / "vocabularies.ttl"
    if not path.exists():
        return frozenset()
    concept = URIRef("http://www.w3.org/2004/02/skos/core#Concept")
    triples = (t for ts in cf.parse_rdf_file(path).graphs.values() for t in ts)
    return frozenset(str(s) for s, p, o in triples if p == rdfns.RDF.type and o == concept)


@pytest.mark.skipif(not REAL_CONTEXT.exists(), reason="ontology/context.jsonld has not been written yet")
def test_real_context_loads() -> None:
    real = cf.load_context(REAL_CONTEXT)
    assert {"@id", "@type", "@graph"} <= set(real.aliases.values())
    assert real.base and real.base.startswith("https://w3id.org/safetycase-kg/")


@pytest.mark.skipif(not REAL_CONTEXT.exists(), reason="ontology/context.jsonld has not been written yet")
@pytest.mark.parametrize("path", _real_examples() or [None], ids=lambda p: p.name if p else "none")
def test_real_examples_match_rdflib_and_round_trip(path: Path | None, tmp_path: Path) -> None:
    if path is None:
        pytest.skip("no YAML case files under examples/ yet")
    real = cf.load_context(REAL_CONTEXT)
    parsed = cf.parse_file(path, real, _real_concepts())
    assert_isomorphic(rdflib_graph(jsonld_of(path, real)), union(parsed))
    ((graph_iri, triples),) = parsed.graphs.items()
    _, reparsed = roundtrip(graph_iri, triples, real, tmp_path)
    assert_isomorphic(union(parsed), union(reparsed))


# --- resolving ids against the base -----------------------------------------------------------------

BASES = ["https://w3id.org/safetycase-kg/id/", "https://example.org/", "http://example.org/a/b/", "https://example.org/a/b",
         "https://example.org/a/./b/", "https://example.org/a//b/", "https://example.org/a/../", "https://example.org/?q=1",
         "https://example.org/x/#f", "https://Example.ORG:8080/x/", "https://example.org/%41/", "urn:x:", "file:///tmp/",
         "https://user@example.org/x/", "https://example.org", "https://example.org/a/.."]


@settings(max_examples=600)
@given(base=st.one_of(st.sampled_from(BASES),
                      st.builds("https://example.org/{}/".format, st.text(alphabet="ab./%:?#", max_size=6))),
       ref=st.text(alphabet="ab0-_.~/:?#%@!$&'()*+,;=", max_size=12))
def test_an_id_resolves_as_rdflib_resolves_it_whichever_way_is_taken(base, ref):
    """Ids that are plain paths are joined to a directory base directly (most of a file's ids); every id
    must come out as the general rule, which follows rdflib's, makes it."""
    assert _resolve(base, ref) == _resolve_general(base, ref)
