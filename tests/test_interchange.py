"""Interchange with gsn2x, SACM, TEA, LTAC and OntoGSN: read, write, round trips, loss lists, refusals.

Fixtures in tests/fixtures/interchange/ are written for this suite (the tools' own files are under other
licences; scripts/interchange_conformance.py runs the readers over them).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from safetycase_kg import interchange
from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import EXAMPLES_DIR, ID, SC
from safetycase_kg.core.queries import run_query
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import LoadError, load, parse_batch, validate_batch
from safetycase_kg.interchange.case import argument_of, export_case
from safetycase_kg.interchange.model import InterchangeError, difference, structure, to_triples

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
RELEASE = {"gsn2x": FIXTURES / "gsn2x" / "release.gsn.yaml", "tea": FIXTURES / "tea" / "release.json",
           "ltac": FIXTURES / "ltac" / "release.ltac", "sacm": FIXTURES / "sacm" / "release.sacm",
           "ontogsn": FIXTURES / "ontogsn" / "release.ttl"}
SUFFIX = {"gsn2x": ".gsn.yaml", "tea": ".json", "ltac": ".ltac", "sacm": ".sacm"}
INVALID = [
    ("gsn2x", "gsn2x/invalid/cycle.gsn.yaml", 1, "circular argument: G1 -> G2 -> G3 -> G1"),
    ("gsn2x", "gsn2x/invalid/dangling.gsn.yaml", 5, "S1 supportedBy G9, but no element 'G9' is defined"),
    ("gsn2x", "gsn2x/invalid/unknown-type.gsn.yaml", 5, "X1: unknown element type"),
    ("gsn2x", "gsn2x/invalid/escape.gsn.yaml", 1, "only files in the same folder or below may be used"),
    ("gsn2x", "gsn2x/invalid/aliases.gsn.yaml", 1, "YAML anchors (&a) are not supported"),
    ("tea", "tea/invalid-schema.json", 20, "does not match the TEA v1.0 schema at tree/children/0: 'inSandbox'"),
    ("tea", "tea/dangling-defeater.json", 63, "D1 defeats element 0b7e3c1e-1f2a-4c3b-9d4e-5f6a7b8c9d99"),
    ("ltac", "ltac/cycle.ltac", 1, "circular argument: G1 -> G2 -> G1"),
    ("ltac", "ltac/bad-line.ltac", 3, "not an LTAC element line"),
    ("ltac", "ltac/not-permitted.ltac", 3, "Claim under Evidence is not a permitted relationship"),
    ("sacm", "sacm/doctype.xml", 2, "the XML declares a DTD or entities"),
    ("sacm", "sacm/unknown-type.xmi", 5, "unknown SACM element type sacm:Hunch"),
]


def read(path: Path, fmt: str | None = None):
    (unit,) = interchange.plan([path], fmt)
    return interchange.read(unit)


def stored(arg) -> tuple[Store, object]:
    """The argument loaded into a fresh store, and read back from it as the writers see it."""
    store = Store()
    store.replace_graphs({arg.iri: to_triples(arg)})
    return store, argument_of(store, arg.iri, arg.fmt)


# --- reading -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(RELEASE))
def test_the_format_is_detected_from_the_content(fmt):
    assert interchange.detect(RELEASE[fmt]) == fmt


def test_native_case_files_are_not_taken_for_another_format():
    assert all(interchange.detect(p) is None for p in sorted(EXAMPLES_DIR.rglob("*.yaml")))


def test_gsn2x_release_reads_every_gsn_construct():
    arg = read(RELEASE["gsn2x"])
    kinds = {k: e.kind for k, e in arg.elements.items()}
    assert kinds == {"G1": "claim", "C1": "context", "A1": "assumption", "S1": "strategy", "J1": "justification",
                     "G2": "claim", "Sn1": "evidence", "G3": "claim", "Sn2": "evidence", "G4": "claim", "G5": "claim",
                     "CG1": "defeater", "CSn1": "defeater"}
    e = arg.elements
    assert arg.root == "G1" and e["G1"].supported_by == ["S1"] and e["G1"].in_context_of == ["C1", "A1"]
    assert e["G4"].undeveloped and e["G3"].defeated and e["CG1"].attacks == ["G3"]
    assert e["CG1"].supported_by == ["CSn1"] and e["CSn1"].annotations["gsnType"] == "CounterSolution"
    assert e["Sn1"].location == "https://example.org/reports/up-7"
    notes = "\n".join(map(str, arg.notes))
    assert "assurance claim point 'acp'" in notes and "layer 'layer1'" in notes and "url on an element" in notes
    assert e["G1"].annotations["acp"] == {"ACP1": "S1"}


def test_a_gsn2x_module_set_is_one_case_and_uses_is_followed_inside_the_folder():
    (unit,) = interchange.plan([FIXTURES / "gsn2x" / "modular" / "index.gsn.yaml"], "gsn2x")
    assert [p.name for p in unit.paths] == ["index.gsn.yaml", "platform.gsn.yaml"]
    arg = interchange.read(unit)
    assert arg.elements["G3"].module == "Platform" and arg.elements["G1"].module == "Main"
    assert arg.elements["S1"].supported_by == ["G2", "G3"] and arg.elements["G3"].file.endswith("platform.gsn.yaml")


def test_tea_strings_become_elements_and_defeaters_attack():
    arg = read(RELEASE["tea"])
    by_name = {e.name: e for e in arg.elements.values()}
    assert by_name["G1"].key == "0b7e3c1e-1f2a-4c3b-9d4e-5f6a7b8c9d01" and arg.root == by_name["G1"].key
    assert by_name["G1-C1"].kind == "context" and by_name["G1-A1"].kind == "assumption"
    assert by_name["S1-J1"].kind == "justification"
    assert by_name["D1"].kind == "defeater" and by_name["D1"].attacks == [by_name["P2"].key]
    assert by_name["E1"].location == "https://example.org/reports/up-7"
    assert by_name["P2"].annotations["comments"][0]["author"] == "reviewer-1"
    assert any("comments" in str(n) for n in arg.notes) and any("sandbox" in str(n) for n in arg.notes)


def test_sacm_both_dialects_map_declarations_relationships_and_artifacts():
    arg = read(RELEASE["sacm"])
    e = arg.elements
    assert e["G1"].supported_by == ["S1"] and e["S1"].supported_by == ["G2", "G3", "G4"]
    assert e["A1"].kind == "assumption" and e["C1"].kind == "context" and e["G1"].in_context_of == ["A1", "C1"]
    assert e["G4"].undeveloped and e["G3"].defeated and e["CG1"].kind == "defeater" and e["CG1"].attacks == ["G3"]
    assert (e["Sn1"].date, e["Sn1"].version) == ("2026-10-02", "1.2")
    assert {a["type"] for a in arg.annotations["artifacts"]} == {"activity"}
    assert arg.annotations["terminology"][0]["value"] == "uplift"
    assert e["G2"].annotations["taggedValue"] == {"reviewState": "checked"}
    simple = read(FIXTURES / "sacm" / "simple-dialect.xml")
    assert simple.elements["G1"].supported_by == ["G2", "Sn1"] and simple.elements["G2"].undeveloped
    assert simple.elements["G1"].text == "The braking function is acceptably safe."


def test_ltac_reads_the_published_grammar_and_options():
    arg = read(RELEASE["ltac"])
    e = arg.elements
    assert e["G1"].in_context_of == ["C1", "A1"] and e["S1"].in_context_of == ["J1"]
    assert e["G5"].supported_by == ["Sn2"] and e["G3"].supported_by == ["Sn2"]
    assert e["G4"].undeveloped and e["G3"].defeated and e["CG1"].kind == "defeater" and e["CG1"].attacks == ["G3"]
    assert e["C1"].annotations["reference"] == "https://example.org/helix-2/scope"
    assert e["Sn1"].location == "https://example.org/reports/up-7"


def test_ontogsn_is_read_through_the_alignments():
    arg = read(RELEASE["ontogsn"])
    e = arg.elements
    assert e["G1"].supported_by == ["S1"] and e["CG1"].kind == "defeater" and e["CG1"].attacks == ["G3"]
    assert e["G3"].undeveloped and e["G3"].defeated and e["Sn1"].date == "2026-10-02"
    assert e["G2"].annotations["gsn:valid"] is True
    assert any("gsn:Pattern" in str(n) and "not kept" in str(n) for n in arg.notes)


def test_ontogsn_classes_follow_the_alignment_data(monkeypatch):
    from safetycase_kg.interchange import ontogsn
    classes, properties = ontogsn.alignments()
    assert classes[URIRef(ontogsn.GSN + "Goal")] == SC.Claim
    assert properties[URIRef(ontogsn.GSN + "challenges")] == SC.attacks


# --- loading -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(RELEASE))
def test_an_import_loads_with_its_source_identifiers_and_files(empty_store, fmt):
    batch, _ = load(empty_store, [RELEASE[fmt]])
    (graph,) = batch.nquads
    assert graph == ID["release"] and empty_store.case_graphs() == [graph]
    rows = list(empty_store.query("SELECT ?id ?doc WHERE { GRAPH ?g { ?e sc:sourceIdentifier ?id ; sc:sourceDocument ?doc } }",
                                  {"g": graph}))
    assert len(rows) == len(read(RELEASE[fmt]).elements)
    assert all(str(doc).endswith(RELEASE[fmt].name) for _, doc in rows)


def test_two_imports_that_would_be_the_same_case_are_refused_together(empty_store):
    with pytest.raises(LoadError, match="is also defined by"):
        load(empty_store, [RELEASE["gsn2x"], RELEASE["tea"]])
    assert empty_store.case_graphs() == []


@pytest.mark.parametrize("fmt,relative,line,message", INVALID, ids=[i[1] for i in INVALID])
def test_invalid_files_are_refused_with_a_location_and_the_store_is_unchanged(empty_store, fmt, relative, line,
                                                                              message):
    load(empty_store, [RELEASE["ltac"]])
    before = empty_store.dump()
    with pytest.raises(LoadError) as refused:
        load(empty_store, [RELEASE["tea"], FIXTURES / relative], fmt=fmt if fmt != "tea" else None)
    text = "\n".join(refused.value.errors)
    assert message in text, text
    assert re.search(rf"{re.escape(relative.rsplit('/', 1)[-1])}:{line}:\d+: ", text), text
    assert empty_store.dump() == before


def test_oversized_files_are_refused_before_parsing(tmp_path, monkeypatch):
    from safetycase_kg.interchange import model, source
    path = tmp_path / "big.ltac"
    path.write_text("- Claim G1: " + "x" * 200 + "\n")
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 100)
    with pytest.raises(InterchangeError, match="imports are limited to 100"):
        read(path, "ltac")
    assert model.MAX_FILE_BYTES > 100


# --- writing and round trips ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_their_file_to_ours_to_theirs_to_ours_keeps_the_argument(fmt, tmp_path):
    _, first = stored(read(RELEASE[fmt]))
    out = tmp_path / f"again{SUFFIX[fmt]}"
    out.write_text(interchange.WRITERS[fmt](first))
    again = read(out, fmt)
    again.name = first.name
    _, second = stored(again)
    assert structure(first) == structure(second), difference(first, second)
    assert {k: e.annotations for k, e in first.elements.items()} == {k: e.annotations for k, e in second.elements.items()}


@pytest.mark.parametrize("source", sorted(RELEASE))
@pytest.mark.parametrize("target", ["gsn2x", "sacm", "ltac"])
def test_every_format_round_trips_through_gsn2x_sacm_and_ltac(source, target, tmp_path):
    _, first = stored(read(RELEASE[source]))
    out = tmp_path / f"x{SUFFIX[target]}"
    out.write_text(interchange.WRITERS[target](first))
    again = read(out, target)
    again.name = first.name
    _, second = stored(again)
    assert structure(first) == structure(second), difference(first, second)


def test_tea_output_is_valid_against_its_schema_and_names_what_it_drops(example_store):
    from safetycase_kg.interchange.tea import _validator
    iri = ID["cyber-inability-v2"]
    result = export_case(example_store, iri, "tea", "reviewer")
    assert not list(_validator().iter_errors(json.loads(result.text)))
    assert any("decision boundary (sc:decision)" in line for line in result.losses)


@pytest.mark.parametrize("path", sorted((EXAMPLES_DIR / "cases").glob("*.yaml")), ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["gsn2x", "sacm", "ltac"])
def test_our_cases_to_theirs_to_ours_keep_what_the_format_can_express(example_store, path, fmt, tmp_path):
    case = _case_of(path)
    first = argument_of(example_store, case, fmt)
    out = tmp_path / f"x{SUFFIX[fmt]}"
    out.write_text(interchange.WRITERS[fmt](first))
    again = read(out, fmt)
    again.name = first.name
    _, second = stored(again)
    assert structure(first) == structure(second), difference(first, second)


def _case_of(path: Path) -> URIRef:
    text = path.read_text()
    return ID[re.search(r"^id: (\S+)", text, re.M)[1]]


def test_the_loss_list_names_the_decision_boundary_and_redaction(example_store):
    result = export_case(example_store, ID["misuse-safeguards-api-v1"], "gsn2x", "public")
    losses = "\n".join(result.losses)
    assert "decision boundary (sc:decision)" in losses and "disclosure tier (sc:disclosureTier)" in losses
    assert not any(line.startswith(("statement (", "supported by (")) for line in result.losses)


def test_a_public_export_shows_notices_never_withheld_content(example_store):
    from safetycase_kg.analysis.redact import withheld_items
    withheld = withheld_items(example_store)
    secrets = {str(o) for s in withheld for p, o in example_store.query(
        "SELECT ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }", {"s": s}) if p in (SC.statement, SC.summary)}
    assert secrets
    for case in example_store.case_graphs():
        for fmt in ("gsn2x", "sacm", "tea", "ltac", "svg"):
            try:
                text = export_case(example_store, case, fmt, "public").text
            except InterchangeError:
                continue
            assert not any(s in text for s in secrets), (case, fmt)
            reviewer = export_case(example_store, case, fmt, "reviewer").text
            if fmt != "tea" and any(s in reviewer for s in secrets):
                assert "REDACTED" in text


def test_cli_export_case_prints_the_loss_list(tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["--store", str(store), "load", str(EXAMPLES_DIR), "--quiet"]) == 0
    assert main(["--store", str(store), "export-case", "cyber-inability-v2", "--format", "ltac"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("- Claim G0:") and "ltac cannot carry" in err and "decision boundary" in err


def test_convert_writes_a_case_file_that_loads(tmp_path, capsys, empty_store):
    out = tmp_path / "release.yaml"
    assert main(["convert", str(RELEASE["tea"]), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "conversion report" in err and "comments" in err
    batch = parse_batch([out], empty_store)
    (graph,) = batch.nquads
    assert (graph, SC.sourceFormat, Literal("tea")) in set(batch.triples(graph))


# --- what an imported case still needs ----------------------------------------------------------

def test_validate_lists_the_completion_checklist_for_an_imported_case(capsys, tmp_path):
    code = main(["--store", str(tmp_path / "s"), "validate", str(RELEASE["gsn2x"])])
    out = capsys.readouterr().out
    assert code == 1
    checklist = out[out.index("Completion checklist"):]
    for item in ("[ ] Decision boundary", "[ ] Acceptability criteria and their owner", "[ ] Residual risk",
                 "[ ] Review triggers and review-by date", "[ ] Dated evidence on a named model build"):
        assert item in checklist


def test_conforming_examples_get_no_checklist(example_store):
    from safetycase_kg.analysis.checklist import checklist
    from safetycase_kg.ingest.validate import validate_store
    case = ID["cyber-inability-v2"]
    groups = checklist(example_store, [r for r in validate_store(example_store, [case]).results if r.graph == case])
    assert all(item.status != "missing" for g in groups for item in g.items)


@pytest.mark.parametrize("mutation,shape", [
    ("G2:\n  text: dup\n  supportedBy: [Sn1]\n  inContextOf: [C1]\nC1:\n  text: c\n  supportedBy: [Sn1]\n", "GsnContextIsLeafShape"),
    ("G2:\n  text: defeated without challenger\n  defeated: true\n  undeveloped: true\n", "GsnDefeatedHasChallengerShape"),
])
def test_gsn_structural_checks_fire_with_a_repair_message(empty_store, tmp_path, mutation, shape):
    if shape == "GsnContextIsLeafShape":
        path = tmp_path / "x.ltac"
        path.write_text("- Claim G1: top\n  - Justification J1: why\n    - Evidence E1: proof\n")
    else:
        path = tmp_path / "x.gsn.yaml"
        path.write_text("G1:\n  text: top\n  supportedBy: [G2]\n" + mutation)
    report = validate_batch(parse_batch([path], empty_store), empty_store)
    hits = [r for r in report.results if str(r.shape).endswith(shape)]
    assert hits and all(len(r.message) > 40 for r in hits)


# --- the same question over cases from different tools -------------------------------------------

@pytest.mark.parametrize("query,gsn_row,tea_row", [
    ("undeveloped-claims", "/id/gsn-release/G4", None),
    ("unsupported-claims", "/id/gsn-release/G5", "/id/tea-release/P2"),
])
def test_a_gsn2x_and_a_tea_case_answer_the_same_named_query_beside_the_examples(tmp_path, query, gsn_row, tea_row):
    store = Store()
    load(store, [EXAMPLES_DIR])
    natives = set(run_query(store, query, None, {}, "csv").splitlines())
    gsn, tea = tmp_path / "gsn-release.gsn.yaml", tmp_path / "tea-release.json"
    gsn.write_text(RELEASE["gsn2x"].read_text())
    tea.write_text(RELEASE["tea"].read_text())
    load(store, [gsn, tea])
    rows = set(run_query(store, query, None, {}, "csv").splitlines())
    added = rows - natives
    assert natives <= rows and natives
    assert any(gsn_row in r for r in added), added
    if tea_row:
        assert any(tea_row in r for r in added), added
    else:  # TEA has no undeveloped mark: its open claims show under unsupported-claims instead
        assert not any("/id/tea-release/" in r for r in added)
