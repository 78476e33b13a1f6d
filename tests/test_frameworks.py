"""`safetycase-kg frameworks` lists every framework version of the catalog, with versions, dates and marks."""

import json

from rdflib import RDF, Graph, Namespace

from safetycase_kg.cli import main
from safetycase_kg.namespaces import CATALOG_DIR, DCTERMS, SC

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
