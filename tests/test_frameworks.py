"""`safetycase-kg frameworks` lists every framework version of the catalog, with versions, dates and marks."""

import json

import pytest
from rdflib import RDF, Graph, Namespace, URIRef

from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import CATALOG_DIR, DCTERMS, SC

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")


def catalog_files() -> Graph:
    g = Graph()
    for f in CATALOG_DIR.glob("*.ttl"):
        g.parse(f)
    return g


def test_frameworks_json_lists_every_catalog_framework_version(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "s"), "frameworks", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    catalog = catalog_files()
    expected = {str(catalog.value(f, DCTERMS.identifier)) for f in catalog.subjects(RDF.type, SC.Framework)}
    assert {row["id"] for row in listed} == expected
    assert len(listed) == len(expected) >= 30
    act = next(row for row in listed if row["id"] == "eu-ai-act-2024-1689")
    assert act["version"] == "2024/1689" and act["issued"] == "2024-07-12" and act["clauses"] >= 30
    assert act["legalStatus"] == "scv:legal-status/binding-law"


def test_unverified_marks_stay_visible(tmp_path, capsys):
    main(["--store", str(tmp_path / "s"), "frameworks", "--format", "json"])
    listed = json.loads(capsys.readouterr().out)
    unverified = [row for row in listed if row["verification"] == "scv:verification-status/unverified"]
    assert unverified and all("[UNVERIFIED]" in row["verificationNote"] for row in unverified)


def test_frameworks_table(tmp_path, capsys):
    main(["--store", str(tmp_path / "s"), "frameworks"])
    out = capsys.readouterr().out
    assert "gdm-fsf-3-1" in out and "anthropic-rsp-3-3" in out


def test_frameworks_say_how_much_of_each_version_the_catalog_holds(tmp_path, capsys):
    main(["--store", str(tmp_path / "s"), "frameworks", "--format", "json"])
    listed = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    for row in listed.values():
        assert row["contentAvailability"].startswith("scv:content-availability/"), row["id"]
        if row["clauses"] == 0:
            assert row["contentAvailability"] == "scv:content-availability/not-sourced" and row["contentAvailabilityNote"]
    assert listed["anthropic-rsp-3-4"]["appliesFrom"] == "2026-07-08" and listed["anthropic-rsp-3-4"]["clauses"] >= 15
    assert listed["ca-sb53-2025"]["appliesFrom"] == "2026-01-01"
    assert listed["gdm-fsf-3-1"]["clauses"] > listed["gdm-fsf-3-0"]["clauses"]


def catalog_clauses(framework: str) -> set[str]:
    g = catalog_files()
    cat = "https://w3id.org/safetycase-kg/catalog/"
    return {"cat:" + str(c)[len(cat):] for c in g.subjects(DCTERMS.isPartOf, URIRef(cat + framework))
            if (c, RDF.type, SC.Clause) in g}


@pytest.mark.parametrize("given", ["gpai-cop-2025-07", "cat:gpai-cop-2025-07", "https://w3id.org/safetycase-kg/catalog/gpai-cop-2025-07"])
def test_clauses_json_lists_every_clause_of_the_version(tmp_path, capsys, given):
    assert main(["--store", str(tmp_path / "s"), "frameworks", "--clauses", given, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["framework"] == "cat:gpai-cop-2025-07"
    assert listed["contentAvailability"] == "scv:content-availability/catalogued" and listed["contentAvailabilityNote"]
    rows = listed["clauses"]
    assert {r["clause"] for r in rows} == catalog_clauses("gpai-cop-2025-07")
    notations = [r["notation"] for r in rows]
    assert len(notations) == len(set(notations))
    by_notation = {r["notation"]: r for r in rows}
    assert {f"SS M7.{n}" for n in range(1, 8)} | {f"SS App 3.{n}" for n in range(1, 6)} <= set(by_notation)
    assert {"SS C1", "T C1", "CR C1", "SS M1.1", "T M1.1", "CR M1.1"} <= set(by_notation)
    assert by_notation["T M1.1"]["chapter"] == "Transparency" and by_notation["CR M1.1"]["chapter"] == "Copyright"
    assert by_notation["SS M7.2"]["verification"] == "scv:verification-status/primary"
    assert by_notation["SS M7.2"]["applicability"] == "the model is a general-purpose AI model with systemic risk"
    assert by_notation["CR M1.1"]["caseScope"] == "scv:case-scope/outside-case-scope"


def test_clauses_table_shows_applicability_and_reading_order(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "s"), "frameworks", "--clauses", "eu-ai-act-2024-1689"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("cat:eu-ai-act-2024-1689: Regulation (EU) 2024/1689")
    assert "content availability: partly catalogued." in out
    line = next(l for l in out.splitlines() if l.startswith("cat:eu-ai-act-2024-1689/art-55-1-a "))
    assert "Art 55(1)(a)" in line and "scv:verification-status/primary" in line and "systemic risk" in line
    assert "cat:eu-ai-act-2024-1689/annex-xi-s2" in out
    order = [l.split()[0] for l in out.splitlines() if l.startswith("cat:eu-ai-act-2024-1689/art-")]
    assert order.index("cat:eu-ai-act-2024-1689/art-3-67") < order.index("cat:eu-ai-act-2024-1689/art-51-1-a") \
        < order.index("cat:eu-ai-act-2024-1689/art-113-a-b")


def test_clauses_of_a_version_whose_content_was_not_sourced_say_so(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "s"), "frameworks", "--clauses", "openai-fgf-2026"]) == 0
    out = capsys.readouterr().out
    assert "content availability: content not sourced." in out and "(0 rows)" in out
    main(["--store", str(tmp_path / "s"), "frameworks", "--clauses", "openai-fgf-2026", "--format", "json"])
    listed = json.loads(capsys.readouterr().out)
    assert listed["clauses"] == [] and listed["contentAvailability"] == "scv:content-availability/not-sourced"
    assert "not read" in listed["contentAvailabilityNote"]


@pytest.mark.parametrize("given", ["no-such-framework", "cat:no-such", "https://example.org/x>y", "id:framework/aurora-scaling-policy-2-0"])
def test_clauses_of_an_unknown_version_is_a_usage_error(tmp_path, capsys, given):
    assert main(["--store", str(tmp_path / "s"), "frameworks", "--clauses", given]) == 2
    assert "no framework version" in capsys.readouterr().err
