"""Compliance and matrix reports on the example corpus: real content in every format, and no leaks."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safetycase_kg.cli import main
from safetycase_kg.core.queries import run_named
from safetycase_kg.core.sparql import load_library
from safetycase_kg.outputs.reports.compliance import (
    ReportError,
    compliance_report,
    matrix_report,
)
from safetycase_kg.outputs.reports.render import FORMATS, render
from safetycase_kg.outputs.reports.verdicts import STATUSES

EU_AI_ACT = "eu-ai-act-2024-1689"
CANARY = "CANARY-CBRN-7f3a"


def catalog_clause_count(framework: str) -> int:
    """How many clauses the catalog files give a framework version, read from the Turtle, not the store."""
    from rdflib import RDF, Graph

    from safetycase_kg.core.namespaces import CATALOG, CATALOG_DIR, DCTERMS, SC
    g = Graph()
    for f in CATALOG_DIR.glob("*.ttl"):
        g.parse(f)
    return sum(1 for c in g.subjects(DCTERMS.isPartOf, CATALOG[framework]) if (c, RDF.type, SC.Clause) in g)


EU_CLAUSES = catalog_clause_count(EU_AI_ACT)


@pytest.fixture(scope="module")
def case_names(example_store):
    names = [str(c).rsplit("/id/", 1)[1] for c in example_store.case_graphs()]
    assert len(names) == 16
    return names


@pytest.fixture(scope="module")
def reports(example_store, case_names):
    """Every example case against the EU AI Act, in the public tier, rendered in every format."""
    out = {}
    for name in case_names:
        report = compliance_report(example_store, name, EU_AI_ACT)
        out[name] = (report, {fmt: render(report, fmt) for fmt in FORMATS})
    return out


def clause_row(data: dict, clause_id: str) -> dict:
    return next(c for c in data["clauses"] if c["clause"]["id"] == clause_id)


def test_every_case_gets_every_format_with_the_header_facts(reports):
    for name, (report, rendered) in reports.items():
        for fmt, text in rendered.items():
            assert name in text, (name, fmt)
            assert "2024/1689" in text, (name, fmt)                      # framework version
            assert report.generated in text, (name, fmt)                 # when it was generated
            assert "public" in text, (name, fmt)                         # the disclosure tier
        data = json.loads(rendered["json"])
        assert data["case"]["version"] and data["framework"]["issued"] == "2024-07-12"
        assert sum(data["summary"].values()) == len(data["clauses"]) == EU_CLAUSES >= 40
        rows = list(csv.DictReader(io.StringIO(rendered["csv"])))
        assert len(rows) == EU_CLAUSES and {r["status"] for r in rows} <= set(STATUSES)


def test_an_unaddressed_clause_is_a_gap_with_the_reason(reports):
    data = json.loads(reports["misuse-safeguards-api-v1"][1]["json"])
    row = clause_row(data, "Art 55(1)(d)")
    assert row["status"] == "gap"
    assert "cybersecurity controls" in row["reason"] and not row["explicit"] and not row["proposed"]
    md = reports["misuse-safeguards-api-v1"][1]["md"]
    assert "| Art 55(1)(d): Cybersecurity | gap |" in md


def test_a_satisfied_clause_lists_its_claim_and_evidence(reports):
    data = json.loads(reports["cbrn-rsp-deployment-v1"][1]["json"])
    row = clause_row(data, "Art 55(1)(b)")
    assert row["status"] == "satisfied"
    [claim] = row["explicit"]
    assert claim["element"] == "id:cbrn-rsp-deployment-v1/G0" and claim["kind"] == "claim" and claim["standing"] == "sound"
    evidence = {e["iri"] for e in claim["evidence"]}
    assert "id:cbrn-rsp-deployment-v1/E3" in evidence
    html = reports["cbrn-rsp-deployment-v1"][1]["html"]
    assert 'href="https://w3id.org/safetycase-kg/id/cbrn-rsp-deployment-v1/E3"' in html


def test_a_clause_addressed_by_a_flagged_element_is_partial_and_names_the_finding(reports):
    """misuse-safeguards-api-v1/G1 addresses Art 55(1)(a), but the red-team report under it is stale and was
    produced on an earlier build: lint flags it, so the report does not call the clause satisfied."""
    data = json.loads(reports["misuse-safeguards-api-v1"][1]["json"])
    row = clause_row(data, "Art 55(1)(a)")
    assert row["status"] == "partial"
    assert "past its freshness window" in row["reason"] and "not the case's build" in row["reason"]
    assert {c["kind"] for c in row["explicit"][0]["counterevidence"]} >= {"stale", "out-of-scope"}


def test_a_claim_in_doubt_is_partial_and_names_the_counterevidence(example_store):
    report = compliance_report(example_store, "debate-alignment-v1", "framework/borealis-frontier-framework-1-2")
    [clause] = [c for c in report.clauses if c.id == "§4.1"]
    verdict = report.verdict(clause, report.cases[0])
    assert verdict.status == "partial" and "open defeater" in verdict.reason and "Obfuscated arguments" in verdict.reason
    assert verdict.explicit[0].counterevidence


def test_definitions_are_not_applicable(reports):
    data = json.loads(reports["cbrn-rsp-deployment-v1"][1]["json"])
    assert clause_row(data, "Art 3(2)")["status"] == "not-applicable"


def test_public_reports_carry_notices_not_withheld_content(reports, example_store):
    for name, (_, rendered) in reports.items():
        for fmt, text in rendered.items():
            assert CANARY not in text, (name, fmt)
    html = reports["cbrn-rsp-deployment-v1"][1]["html"]
    assert "Redaction notice" in html and "public safety" in html and "national security" in html
    assert "Per-step grading" in html                                     # the character of what is withheld
    full = render(compliance_report(example_store, "cbrn-rsp-deployment-v1", EU_AI_ACT, tier="reviewer"), "json")
    assert CANARY in full and '"tier": "reviewer"' in full


def test_html_is_self_contained(reports):
    html = reports["cbrn-rsp-deployment-v1"][1]["html"]
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert 'src="http' not in html and "@media print" in html


def test_unverified_marks_stay_visible(example_store):
    report = compliance_report(example_store, "cbrn-rsp-deployment-v1", "eu-gpai-guidelines-2025")
    for fmt in FORMATS:
        assert "[UNVERIFIED]" in render(report, fmt), fmt


def test_unknown_case_or_framework_is_a_clear_error(example_store):
    with pytest.raises(ReportError, match="no framework version 'nope'"):
        compliance_report(example_store, "cbrn-rsp-deployment-v1", "nope")
    with pytest.raises(ReportError, match="no case 'nope'"):
        compliance_report(example_store, "nope", EU_AI_ACT)


# --- the matrix -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def matrix(example_store):
    return matrix_report(example_store, EU_AI_ACT)


def test_matrix_gaps_agree_with_the_clause_gaps_query(example_store, matrix):
    """The named query asks the gap question before applicability; the report's gaps are those, less the
    cases a condition of the clause excludes (named in the report's reason)."""
    query = load_library()["clause-gaps"]
    excluded = 0
    for clause in matrix.clauses:
        if not clause.requirements:
            continue
        from_query = {str(row.case) for row in run_named(example_store, query, {"clause": str(clause.iri)})}
        from_report = {str(c.iri) for cl, c, _ in matrix.gaps() if cl.iri == clause.iri}
        assert from_report <= from_query, clause.id
        for case in matrix.cases:
            if str(case.iri) in from_query - from_report:
                v = matrix.verdict(clause, case)
                assert v.status == "not-applicable" and "does not hold on the case's stated facts" in v.reason, (clause.id, case.name)
                excluded += 1
    assert excluded  # the examples state facts that take some clauses out (a provider established in the EU)


def test_matrix_in_every_format(matrix, case_names):
    data = json.loads(render(matrix, "json"))
    assert len(data["cases"]) == 16 and len(data["matrix"]) == EU_CLAUSES
    assert any(g["clause"] == "Art 55(1)(d)" and g["case"] == "misuse-safeguards-api-v1" for g in data["gaps"])
    rows = list(csv.reader(io.StringIO(render(matrix, "csv"))))
    assert rows[0][7:] == [c.name for c in matrix.cases] and len(rows) == EU_CLAUSES + 1
    md = render(matrix, "md")
    assert "## Gaps" in md and "**Art 55(1)(d)** (Cybersecurity) in `misuse-safeguards-api-v1`" in md
    html = render(matrix, "html")
    assert "<svg" in html and "Gaps" in html and "<script" not in html


def test_heat_map_has_a_cell_per_clause_and_case(matrix):
    svg = ET.fromstring(render(matrix, "svg"))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    cells = svg.findall(".//svg:rect", ns)
    assert len(cells) == len(matrix.clauses) * len(matrix.cases) == EU_CLAUSES * 16
    gap_colour = "#cf222e"
    assert sum(1 for c in cells if c.get("fill") == gap_colour) == len(matrix.gaps()) > 0
    labels = [t.text for t in svg.findall(".//svg:a/svg:text", ns)]
    assert {c.name for c in matrix.cases} <= set(labels)


# --- pages of the matrix ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(offset=st.integers(0, 20), limit=st.integers(1, 20))
def test_a_page_of_the_matrix_is_that_slice_of_the_whole(matrix, offset, limit):
    """Every page shows exactly its cases with the whole matrix's verdicts, and counts only what it shows."""
    page = matrix.page(offset, limit)
    assert page.cases == matrix.cases[offset:offset + limit]
    assert page.gaps() == [g for g in matrix.gaps() if g[1] in page.cases]
    assert all(page.counts(c) == matrix.counts(c) for c in page.cases)
    data = json.loads(render(page, "json"))
    assert data["page"] == {"offset": offset, "limit": limit, "totalCases": len(matrix.cases)}
    assert [c["name"] for c in data["cases"]] == [c.name for c in page.cases]
    assert all(set(row["statuses"]) == {c.name for c in page.cases} for row in data["matrix"])
    cells = [r for r in ET.fromstring(render(page, "svg")).iter("{http://www.w3.org/2000/svg}rect")]
    assert len(cells) == len(page.clauses) * len(page.cases)
    shown = f"{offset + 1}-{offset + len(page.cases)}" if page.cases else "none"
    assert f"- **Cases:** {shown} of {len(matrix.cases)}" in render(page, "md")
    with pytest.raises(ValueError, match="not a page of it"):
        page.page(0, 1)


def test_a_page_refuses_a_negative_start_or_an_empty_size(matrix):
    for offset, limit in ((-1, 5), (0, 0)):
        with pytest.raises(ValueError, match="at least one case"):
            matrix.page(offset, limit)


def test_the_server_pages_the_html_matrix_and_its_links_walk_every_case(client, matrix):
    """Following "next" from the first page visits every case once, in the matrix's order; "previous"
    walks back; a data download is whole unless ?limit= is given."""
    import re
    path, seen, pages = f"/reports/matrix?framework={EU_AI_ACT}&limit=5", [], 0
    while path:
        html = client.get(path).get_data(as_text=True)
        pages += 1
        table = html.split("<h2>Cases</h2>", 1)[1].split("</table>", 1)[0]
        seen += [unescape(n) for n in re.findall(r'<tr><td><a href="[^"]*">([^<]+)</a>', table)]
        assert f"of {len(matrix.cases)}." in html
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        path = unescape(found.group(1)) if found else None
    assert seen == [c.name for c in matrix.cases] and pages == -(-len(matrix.cases) // 5)
    back = re.search(r'<a href="([^"]+)" rel="prev">', html)
    assert back and "offset=10" in unescape(back.group(1)) and "limit=5" in unescape(back.group(1))
    whole = json.loads(client.get(f"/reports/matrix?framework={EU_AI_ACT}&format=json").get_data())
    assert len(whole["cases"]) == len(matrix.cases) and "page" not in whole
    one = json.loads(client.get(f"/reports/matrix?framework={EU_AI_ACT}&format=json&offset=2&limit=3").get_data())
    assert [c["name"] for c in one["cases"]] == [c.name for c in matrix.cases[2:5]]
    assert one["page"] == {"offset": 2, "limit": 3, "totalCases": len(matrix.cases)}
    first = client.get(f"/reports/matrix?framework={EU_AI_ACT}").get_data(as_text=True)
    assert f"Cases 1 to {len(matrix.cases)} of {len(matrix.cases)}." in first and 'rel="next"' not in first
    beyond = client.get(f"/reports/matrix?framework={EU_AI_ACT}&offset=500").get_data(as_text=True)
    assert f"No cases on this page; the matrix has {len(matrix.cases)}." in beyond and ">First</a>" in beyond


@pytest.mark.parametrize("query", ["offset=-1", "limit=0", "limit=abc", "offset=1.5", "limit=9999999999",
                                   "offset=%EF%BC%91"])
def test_the_server_refuses_a_page_it_cannot_read(client, query):
    response = client.get(f"/reports/matrix?framework={EU_AI_ACT}&{query}")
    name = query.split("=")[0]
    assert response.status_code == 400 and f"?{name}= must be a whole number" in response.get_data(as_text=True)


# --- the command line -----------------------------------------------------------------------------

def test_cli_writes_each_report(tmp_path, capsys):
    store = str(tmp_path / "store")
    assert main(["--store", store, "load", "--quiet", "examples"]) == 0
    out = tmp_path / "report.html"
    assert main(["--store", store, "report", "compliance", "cbrn-rsp-deployment-v1", "--framework", EU_AI_ACT,
                 "-o", str(out)]) == 0
    assert out.read_text().startswith("<!doctype html>")
    capsys.readouterr()
    assert main(["--store", store, "report", "matrix", "--framework", "gpai-cop-2025-07", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("framework,framework_version,tier,generated,clause_id")
    assert main(["--store", store, "report", "matrix", "--framework", "gpai-cop-2025-07", "--format", "md",
                 "--offset", "3", "--limit", "5"]) == 0
    assert "- **Cases:** 4-8 of 16" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--store", store, "report", "matrix", "--framework", "gpai-cop-2025-07", "--limit", "0"])
    assert "--limit: needs a whole number, 1 or more" in capsys.readouterr().err
    assert main(["--store", store, "report", "matrix", "--framework", "nope"]) == 2
    assert "no framework version 'nope'" in capsys.readouterr().err


# --- the same reports from the server -------------------------------------------------------------

@pytest.fixture(scope="module")
def client(example_store):
    from safetycase_kg.web.access import hash_token
    from safetycase_kg.web.app import create_app
    from safetycase_kg.web.config import ServerConfig
    config = ServerConfig(tokens={"reviewer": (hash_token("reviewer-secret"),)}, log_format="off")
    return create_app(example_store, config).test_client()


def test_server_serves_the_compliance_report_per_tier(client):
    path = f"/cases/cbrn-rsp-deployment-v1/compliance?framework={EU_AI_ACT}"
    public = client.get(path)
    assert public.status_code == 200 and public.mimetype == "text/html"
    page = public.get_data(as_text=True)
    assert "Redaction notice" in page and CANARY not in page
    assert 'href="/catalog/eu-ai-act-2024-1689/art-55-1-a"' in page            # links stay on this server
    reviewer = client.get(path + "&format=json", headers={"Authorization": "Bearer reviewer-secret"})
    assert reviewer.status_code == 200 and CANARY in reviewer.get_data(as_text=True)
    assert json.loads(reviewer.get_data())["tier"] == "reviewer"


def test_server_serves_the_matrix_and_refuses_bad_requests(client):
    svg = client.get(f"/reports/matrix?framework={EU_AI_ACT}&format=svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and CANARY not in svg.get_data(as_text=True)
    assert client.get("/reports/matrix").status_code == 400
    assert client.get(f"/reports/matrix?framework={EU_AI_ACT}&format=pdf").status_code == 400
    assert client.get("/reports/matrix?framework=nope").status_code == 404
    assert client.get(f"/cases/nope/compliance?framework={EU_AI_ACT}").status_code == 404


def test_the_case_page_links_resolve_to_a_report(client):
    page = client.get("/cases/cbrn-rsp-deployment-v1").get_data(as_text=True)
    assert f"/cases/cbrn-rsp-deployment-v1/compliance?framework={EU_AI_ACT}" in page
    assert client.get(f"/cases/cbrn-rsp-deployment-v1/compliance?framework={EU_AI_ACT}").status_code == 200


# --- what the catalog holds of the version -------------------------------------------------------

def test_a_version_whose_clauses_were_never_sourced_says_so_in_every_format(example_store):
    report = compliance_report(example_store, "misuse-safeguards-api-v1", "openai-fgf-2026")
    assert report.clauses == []
    note = report.framework.content_availability_note
    assert report.framework.content_availability == "content not sourced" and "not read" in note
    data = json.loads(render(report, "json"))
    assert data["framework"]["contentAvailability"] == "content not sourced" and data["clauses"] == []
    for fmt in ("md", "html"):
        text = unescape(render(report, fmt))
        assert "holds no clauses for this framework version" in text and note[:60] in text, fmt
    assert "holds no clauses" in render(matrix_report(example_store, "openai-fgf-2026"), "md")


def test_clauses_numbered_alike_in_different_chapters_stay_apart_and_show_their_chapter(example_store):
    report = compliance_report(example_store, "misuse-safeguards-api-v1", "gpai-cop-2025-07")
    ids = [c.id for c in report.clauses]
    assert len(ids) == len(set(ids)) and {"SS M1.1", "T M1.1", "CR M1.1"} <= set(ids)
    data = json.loads(render(report, "json"))
    row = clause_row(data, "T M1.1")
    assert row["clause"]["chapter"] == "Transparency" and row["clause"]["identifier"] == "Measure 1.1"
    assert "| T M1.1: Drawing up and keeping up-to-date model documentation (Transparency)" in render(report, "md")
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert {r["clause_chapter"] for r in rows} == {"", "Safety and Security", "Transparency", "Copyright"}
    assert "Transparency chapter;" in render(report, "html")


def test_header_gives_the_mark_of_a_separately_checked_effective_date(example_store):
    report = compliance_report(example_store, "misuse-safeguards-api-v1", "ca-sb53-2025")
    assert report.framework.applies_from == "2026-01-01" and report.framework.applies_from_verification == "secondary (S)"
    assert "applies from 2026-01-01 (date: secondary (S))" in render(report, "md")
    assert "(date: secondary (S))" in render(report, "html")


def test_art_73_is_not_proposed_as_met_by_a_general_purpose_models_incident_process(example_store):
    for name in ("misuse-safeguards-api-v1", "cbrn-rsp-deployment-v1"):
        data = json.loads(render(compliance_report(example_store, name, EU_AI_ACT), "json"))
        row = clause_row(data, "Art 73(1)–(5)")
        assert row["proposed"] == [] and row["status"] != "partial", name


@pytest.mark.parametrize("framework", [EU_AI_ACT, "ca-sb53-2025"])
def test_a_matrix_built_in_one_pass_gives_each_case_its_own_reports_verdicts(example_store, framework):
    """A matrix over many cases is built for all of them at once (each case's applicability and stated
    numbers from one query over every case): every column equals the case's own compliance report."""
    from datetime import date

    from safetycase_kg.outputs.reports.compliance import _build, resolve_framework
    as_of = date(2026, 12, 1)
    whole = _build(example_store, "matrix", resolve_framework(example_store, framework), None, "reviewer", as_of)
    assert len(whole.cases) > 10
    for case in whole.cases:
        own = compliance_report(example_store, str(case.iri), framework, tier="reviewer", as_of=as_of)
        assert [whole.verdicts[(clause.iri, case.iri)].as_dict() for clause in whole.clauses] == \
            [own.verdicts[(clause.iri, case.iri)].as_dict() for clause in own.clauses], case.name
