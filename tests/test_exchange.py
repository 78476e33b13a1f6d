"""Exchanging cases between organisations: export with a description, verified import, conflicts."""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from safetycase_kg.analysis.redact import public_view
from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import DCTERMS, ID, PROVENANCE_GRAPH, QUERIES_DIR, SC
from safetycase_kg.core.queries import run_named
from safetycase_kg.core.sparql import parse_named_query
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load
from safetycase_kg.outputs.exchange import (
    DCAT,
    EXPORT_GRAPH,
    FORMATS,
    IMPORT_PREFIX,
    SPDX,
    VOID,
    ExchangeError,
    build_export,
    checksum,
    conflicts,
    export_dataset,
    import_export,
    import_graph,
    read_export,
)

FIXTURES = Path(__file__).parent / "fixtures" / "exchange"
CANARY = "CANARY-CBRN-7f3a"
SUFFIX = {"trig": ".trig", "nq": ".nq", "ttl": ".ttl", "jsonld": ".jsonld"}
ONTOLOGY_VERSION = URIRef("https://w3id.org/safetycase-kg/ontology/0.1.0")


def as_graph(triples) -> Graph:
    graph = Graph()
    for t in triples:
        graph.add(t)
    return graph


def write_export(store: Store, tmp_path: Path, tier: str, fmt: str, name: str = "export", **options) -> Path:
    path = tmp_path / f"{name}{SUFFIX[fmt]}"
    path.write_text(export_dataset(store, tier, fmt, **options), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("tier", ["public", "reviewer"])
def test_export_then_import_gives_the_same_graphs(example_store, tmp_path, tier, fmt):
    path = write_export(example_store, tmp_path, tier, fmt, publisher="https://example.org/org/a")
    text = path.read_text(encoding="utf-8")
    if tier == "public":
        assert CANARY not in text  # the regulator-only evidence item is reduced to its notice
        assert "Per-step grading" in text  # ... which is there
    else:
        assert CANARY in text
    source = public_view(example_store) if tier == "public" else example_store
    target = Store()
    result = import_export(target, path, "org-a")
    assert CANARY not in target.dump().decode() if tier == "public" else CANARY in target.dump().decode()
    if fmt == "ttl":  # plain Turtle has no named graphs: the data comes back as one merged graph
        merged = Graph()
        for g in source.data_graphs():
            for t in source.triples(g):
                merged.add(t)
        assert isomorphic(merged, target.graph(import_graph("org-a", None)))
    else:
        for g in source.data_graphs():
            assert isomorphic(source.graph(g), target.graph(import_graph("org-a", g))), g
    assert set(result.graphs) == {g for g in target.data_graphs() if str(g).startswith(IMPORT_PREFIX + "org-a/")}
    assert isomorphic(as_graph(result.received.description), target.graph(import_graph("org-a", EXPORT_GRAPH)))
    assert result.conflicts == []


def test_the_description_says_what_the_export_is(example_store, tmp_path):
    when = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    export = build_export(example_store, "public", publisher="Org A (fictional)", version="2026.11-a", now=when)
    d = Graph()
    for t in export.description:
        d.add(t)
    ds = export.dataset
    assert (ds, RDF.type, DCAT.Dataset) in d and (ds, RDF.type, VOID.Dataset) in d
    assert d.value(d.value(ds, DCTERMS.publisher), URIRef("http://xmlns.com/foaf/0.1/name")) == Literal("Org A (fictional)")
    assert d.value(ds, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(d.value(ds, DCAT.version)) == "2026.11-a"
    assert d.value(ds, DCTERMS.created).toPython() == when
    assert str(d.value(ds, DCTERMS.accessRights)).endswith("disclosure-tier/public")
    assert d.value(ds, VOID.triples).toPython() == sum(len(ts) for ts in export.graphs.values())
    assert d.value(d.value(ds, VOID.classPartition), VOID.entities).toPython() == 16
    assert ONTOLOGY_VERSION in set(d.objects(ds, DCTERMS.conformsTo))
    catalog = next(o for o in d.objects(ds, DCTERMS.conformsTo) if o != ONTOLOGY_VERSION)
    assert str(d.value(catalog, URIRef("http://www.w3.org/2002/07/owl#versionInfo"))) == "compiled 2026-11-29"
    value = d.value(d.value(ds, SPDX.checksum), SPDX.checksumValue)
    assert "sha256:" + str(value) == checksum(export.graphs)
    assert len(set(d.objects(ds, VOID.subset))) == len(export.graphs)


def test_jsonld_export_reads_like_the_case_files(example_store):
    document = json.loads(export_dataset(example_store, "public", "jsonld", context="url"))
    assert document["@context"] == "https://w3id.org/safetycase-kg/context.jsonld"
    by_id = {g["id"]: g["graph"] for g in document["@graph"]}
    case = by_id[str(ID["cbrn-rsp-deployment-v1"])][0]
    assert case["id"] == "cbrn-rsp-deployment-v1" and case["type"] == "SafetyCase"
    assert str(EXPORT_GRAPH) in by_id


def test_case_selection_brings_the_register_records_it_cites(example_store):
    export = build_export(example_store, "reviewer", cases=["cyber-inability-v2"])
    case = ID["cyber-inability-v2"]
    assert case in export.graphs and ID["cyber-inability-v1"] not in export.graphs
    cited = {o for _, _, o in export.graphs[case]}
    registers = {g for g in export.graphs if g != case}
    assert registers and registers <= set(example_store.register_graphs())
    for register in registers:
        subjects = {s for s, _, _ in export.graphs[register] if isinstance(s, URIRef)} - {register}
        full = {s for s, _, _ in example_store.triples(register) if isinstance(s, URIRef)} - {register}
        assert subjects < full  # only what the case cites (transitively), not the whole register
        assert (register, RDF.type, SC.Register) in export.graphs[register]
    assert any(s in cited for g in registers for s, _, _ in export.graphs[g])


def test_a_tampered_export_is_refused_and_the_store_is_unchanged(example_store, tmp_path):
    path = write_export(example_store, tmp_path, "public", "nq")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Per-step grading", "Per-step GRADING", 1), encoding="utf-8")
    target = Store()
    before = sorted(target.dump().splitlines())
    with pytest.raises(ExchangeError, match="checksum mismatch"):
        import_export(target, path, "org-a")
    assert sorted(target.dump().splitlines()) == before


def test_a_file_without_a_description_is_refused(tmp_path):
    path = tmp_path / "plain.trig"
    path.write_text("<https://example.org/g> { <https://example.org/a> a <https://example.org/B> . }\n")
    with pytest.raises(ExchangeError, match="no export description"):
        read_export(path)


def test_organisation_names_are_checked(example_store, tmp_path):
    path = write_export(example_store, tmp_path, "public", "trig")
    for bad in ("Org A", "local", "../x", ""):
        with pytest.raises(ExchangeError, match="organisation"):
            import_export(Store(), path, bad)


def test_a_newer_export_replaces_the_older_one_and_an_older_one_is_refused(tmp_path):
    source = Store()
    load(source, [FIXTURES])
    old_time = datetime(2026, 11, 1, tzinfo=UTC)
    old = tmp_path / "old.trig"
    old.write_text(build_export(source, "public", now=old_time).serialize())
    new = tmp_path / "new.trig"
    new.write_text(build_export(source, "public", cases=["exchange/org-a-release-v1"],
                                now=old_time + timedelta(days=1)).serialize())
    target = Store()
    import_export(target, old, "org-a")
    b_graph = import_graph("org-a", ID["exchange/org-b-deployment-v1"])
    assert target.has_graph(b_graph)
    result = import_export(target, new, "org-a")
    assert not target.has_graph(b_graph) and b_graph in result.replaced
    assert target.has_graph(import_graph("org-a", ID["exchange/org-a-release-v1"]))
    before = sorted(target.dump().splitlines())
    with pytest.raises(ExchangeError, match="before the one already imported"):
        import_export(target, old, "org-a")
    assert sorted(target.dump().splitlines()) == before
    import_export(target, old, "org-a", force=True)
    assert target.has_graph(b_graph)


def test_conflicting_statements_from_two_organisations_are_reported(tmp_path):
    original = FIXTURES / "org-a-audited-release.yaml"
    changed = tmp_path / "changed" / "case.yaml"
    changed.parent.mkdir()
    changed.write_text(original.read_text().replace("decision: api-launch", "decision: internal-deployment"))
    exports = {}
    for org, folder in (("org-a", original), ("org-c", changed)):
        store = Store()
        load(store, [folder])
        exports[org] = write_export(store, tmp_path, "public", "trig", name=org)
    target = Store()
    assert import_export(target, exports["org-a"], "org-a").conflicts == []
    result = import_export(target, exports["org-c"], "org-c")
    [row] = [r for r in result.conflicts if r["property"] == str(SC.decision)]
    assert row["subject"] == str(ID["exchange/org-a-release-v1"])
    assert (row["org1"], row["org2"]) == ("org-a", "org-c")
    assert row["value1"].endswith("api-launch") and row["value2"].endswith("internal-deployment")
    assert conflicts(target, "org-a") == result.conflicts
    # nothing was merged: each organisation's statement stays in its own graph
    for org in ("org-a", "org-c"):
        assert target.has_graph(import_graph(org, ID["exchange/org-a-release-v1"]))


def test_a_claim_supported_by_another_organisations_audit_is_found_with_its_provenance(tmp_path):
    store_a = Store()
    load(store_a, [FIXTURES / "org-a-audited-release.yaml"])
    path = write_export(store_a, tmp_path, "public", "trig", publisher="https://example.org/org/a")
    store_b = Store()
    load(store_b, [FIXTURES / "org-b-deployment.yaml"])
    result = import_export(store_b, path, "org-a")
    assert "CANARY-ORGA-5e1d" not in store_b.dump().decode()  # A's internal item came as a notice only
    query = parse_named_query(QUERIES_DIR / "exchange" / "cross-organisation-support.rq")
    [row] = list(run_named(store_b, query, {}))
    assert row.claim == ID["exchange/org-b-deployment-v1/G0"]
    assert row.evidence == ID["exchange/org-a-release-v1/E-audit"]
    assert str(row.evidenceType).endswith("evidence-type/external-audit")
    assert (str(row.org), str(row.claimOrg)) == ("org-a", "local")
    assert "sha256:" + str(row.checksum) == result.received.checksum
    assert row.export == result.received.dataset
    assert list(run_named(store_b, query, {"org": "org-z"})) == []
    assert (row.evidenceGraph, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
            ID["exchange/org-a-release-v1"]) in set(store_b.triples(PROVENANCE_GRAPH))


def test_cli_export_import_and_conflict_listing(tmp_path, capsys):
    store_a, store_b = str(tmp_path / "a"), str(tmp_path / "b")
    assert main(["--store", store_a, "load", "--quiet", str(FIXTURES / "org-a-audited-release.yaml")]) == 0
    out = tmp_path / "a.jsonld"
    assert main(["--store", store_a, "export", "--tier", "public", "--format", "jsonld", "--publisher", "Org A",
                 "-o", str(out)]) == 0
    assert main(["--store", store_b, "import", str(out), "--from", "org-a"]) == 0
    assert "checksum verified" in capsys.readouterr().err
    # B states a different title for A's case: a conflict, reported with exit 1 and listed as CSV
    clash = tmp_path / "clash.yaml"
    clash.write_text((FIXTURES / "org-a-audited-release.yaml").read_text().replace(
        "title: Org A model release backed by an external audit", "title: Org A release (as B records it)"))
    assert main(["--store", store_b, "load", "--quiet", str(clash)]) == 0
    listing = tmp_path / "conflicts.csv"
    assert main(["--store", store_b, "import", str(out), "--from", "org-a", "--conflicts", str(listing)]) == 1
    assert "conflicting statement" in capsys.readouterr().err
    rows = listing.read_text().splitlines()
    assert rows[0].startswith("subject,property,org1") and any("Org A release (as B records it)" in r for r in rows)
    tampered = tmp_path / "t.jsonld"
    tampered.write_text(out.read_text().replace("no blocking finding", "two blocking findings"))
    assert main(["--store", store_b, "import", str(tampered), "--from", "org-a"]) == 2
    assert "checksum mismatch" in capsys.readouterr().err


def test_the_gate_judges_imported_cases_too(tmp_path):
    """A reviewer who imports a developer's export can ask whether its decision is defensible."""
    from safetycase_kg.analysis.status import decision_gate
    store_a = Store()
    load(store_a, [FIXTURES / "org-a-audited-release.yaml"])
    store_b = Store()
    load(store_b, [FIXTURES / "org-b-deployment.yaml"])
    before = {v.case for v in decision_gate(store_b)}
    import_export(store_b, write_export(store_a, tmp_path, "reviewer", "trig"), "org-a")
    verdicts = {v.case: v for v in decision_gate(store_b, as_of=date(2026, 11, 29))}
    assert set(verdicts) - before == {ID["exchange/org-a-release-v1"]}
    assert verdicts[ID["exchange/org-a-release-v1"]].defensible  # listed although nothing blocks it
