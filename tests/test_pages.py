"""The human pages and linked data: case browser, case page, argument map, dereferencing, redaction.

The redaction tests go through every case, claim and evidence IRI of the corpus in every format: a
planted canary in a regulator-only evidence item must never reach the public tier, whichever page,
picture or serialisation a client asks for.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from rdflib import Graph, Literal, URIRef

from safetycase_kg.analysis.redact import public_views
from safetycase_kg.core.namespaces import ID, SC
from safetycase_kg.web import argmap, linkeddata
from safetycase_kg.web.app import create_app

CANARY = "CANARY-CBRN-7f3a"
CBRN = "cbrn-rsp-deployment-v1"
CBRN_ID = CBRN.replace("-", "_")  # as the SVG element ids spell it
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}


@pytest.fixture(scope="module")
def client(example_store):
    return create_app(example_store).test_client()


def text(response) -> str:
    return response.get_data(as_text=True)


def corpus_iris(store) -> list[str]:
    """Every case, claim and evidence IRI in the full corpus (the public tier must hide the canary on all)."""
    rows = store.query("SELECT DISTINCT ?x WHERE { { ?x a sc:SafetyCase } UNION { ?x a sc:Claim } UNION { ?x a sc:Evidence } "
                       "FILTER(isIRI(?x)) } ORDER BY ?x")
    return [str(r[0]) for r in rows]


# --- case browser ---------------------------------------------------------------------------------

def test_case_list_shows_decision_status_model_and_review_date(client):
    page = text(client.get("/cases"))
    assert 'href="/cases/cbrn-rsp-deployment-v1"' in page
    row = page[page.index('href="/cases/cbrn-rsp-deployment-v1"'):].split("</tr>")[0]
    for expected in ("api-launch", "approved", "id:model/atlas-4-1-2026-08-14", "2027-03-10"):
        assert expected in row


def test_case_page_draws_the_argument_map_as_svg_with_claim_ids(client):
    page = text(client.get(f"/cases/{CBRN}"))
    svg = page[page.index("<svg"):page.index("</svg>")]
    for claim in ("G0", "G1", "G2", "G3"):
        assert f'id="argmap_id_{CBRN_ID}_{claim}"' in svg
        assert f">{claim}</text>" in svg
    assert 'class="node argmap_claim"' in svg and 'class="node argmap_strategy"' in svg
    assert 'stroke="#b00020"' in svg  # attacks are red edges


def test_withheld_evidence_is_a_redacted_node_with_its_notice(client):
    page = text(client.get(f"/cases/{CBRN}"))
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert f'id="argmap_id_{CBRN_ID}_E1"' in svg and 'class="node argmap_redacted"' in svg
    assert "REDACTED: Per&#45;step grading" in svg or "REDACTED: Per-step grading" in svg
    tables = page[page.index('id="evidence"'):page.index('id="defeaters"')]
    assert "Withheld" in tables and "public-safety" in tables and "Per-step grading" in tables


def test_case_page_sections(client):
    page = text(client.get(f"/cases/{CBRN}"))
    for section in ("Evidence", "Counterevidence", "Defeaters", "Decision and review", "Review triggers", "Validation",
                    "Failure-mode checks", "Compliance coverage"):
        assert section in page
    assert "approved-with-conditions" in page and "Re-run the uplift trial" in page  # decision record
    assert "concur-with-reservations" in page  # review
    assert "Any suspected access to the weights" in page  # trigger
    assert f'href="/cases/{CBRN}/compliance?framework=eu-ai-act-2024-1689"' in page
    # a developer's own framework from a register has a report too, under its id/ path
    assert f'href="/cases/{CBRN}/compliance?framework=framework/aurora-scaling-policy-2-0"' in page


def test_every_compliance_link_opens_a_report(client):
    for case in ("debate-alignment-v1", CBRN, "misuse-safeguards-api-v1"):
        page = text(client.get(f"/cases/{case}"))
        links = re.findall(r'href="(/cases/[^"]+/compliance\?framework=[^"]+)"', page)
        assert links, case
        for link in links:
            assert client.get(html.unescape(link)).status_code == 200, link


def test_elements_that_are_not_sound_are_highlighted_with_their_standing(client, example_store):
    from safetycase_kg.analysis.standing import standing
    case = ID["cyber-inability-v2"]
    judged = standing(public_views.get(example_store), cases=[case])
    flagged = judged.not_sound(case)
    assert flagged  # the open low-severity defeater on A1 leaves A1, G2, S1, G0 in doubt
    page = text(client.get("/cases/cyber-inability-v2"))
    assert "Standing of the elements" in page and "Decision gate" in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    for element, found in flagged.items():
        if f'id="{svg_id(element)}"' not in svg:
            continue  # the case node itself is not drawn
        node = svg[svg.index(f'id="{svg_id(element)}"'):]
        assert found.kind.replace("-", " ") in node.split("</g>")[0], element
    assert "open defeater (cyber-inability-v2/D3)" in page


def svg_id(iri: URIRef) -> str:
    return "argmap_" + re.sub(r"[^A-Za-z0-9_]", "_", "id:" + str(iri)[len(str(ID)):])


def test_change_events_that_affect_the_case_model_are_listed(client):
    page = text(client.get("/cases/misuse-safeguards-api-v0"))
    assert "id:event/atlas-4-checkpoint-2026-05-20" in page


def test_unknown_case_is_404(client):
    assert client.get("/cases/no-such-case").status_code == 404


# --- redaction ------------------------------------------------------------------------------------

def test_the_canary_is_in_the_full_store(example_store):
    """The control for the tests below: the canary is there to be leaked."""
    rows = example_store.query(f"ASK {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), '{CANARY}')) }}")
    assert rows.askAnswer


def test_the_canary_never_reaches_a_public_page_or_format(client, example_store):
    iris = corpus_iris(example_store)
    assert len(iris) > 80 and f"{ID}{CBRN}/E1" in iris
    checked = 0
    for iri in iris:
        path = linkeddata.local_path(iri)
        for accept in (BROWSER_ACCEPT, *FORMATS):
            response = client.get(path, headers={"Accept": accept}, follow_redirects=True)
            assert response.status_code == 200, (iri, accept)
            assert CANARY not in text(response), (iri, accept)
            checked += 1
    for case in example_store.case_graphs():
        name = str(case)[len(str(ID)):]
        response = client.get(f"/cases/{name}")
        assert response.status_code == 200 and CANARY not in text(response)
        assert CANARY not in argmap.case_svg(public_views.get(example_store), case)
    for path in ("/", "/cases", "/console", "/ontology", "/ontology?format=ttl"):
        assert CANARY not in text(client.get(path))
    assert checked == 4 * len(iris)


def test_the_redacted_resource_page_shows_its_notice(client):
    page = text(client.get(f"/id/{CBRN}/E1", headers={"Accept": BROWSER_ACCEPT}))
    assert "Withheld" in page and "Per-step grading" in page and "public-safety" in page
    assert CANARY not in page


# --- linked data ----------------------------------------------------------------------------------

@pytest.mark.parametrize("iri,path", [
    ("https://w3id.org/safetycase-kg/id/cyber-inability-v1/G1", "/id/cyber-inability-v1/G1"),
    ("https://w3id.org/safetycase-kg/catalog/eu-ai-act-2024-1689", "/catalog/eu-ai-act-2024-1689"),
    ("https://w3id.org/safetycase-kg/vocab/decision-kind/api-launch", "/vocab/decision-kind/api-launch"),
    ("https://w3id.org/safetycase-kg/ontology#SafetyCase", "/ontology#SafetyCase"),
    ("https://w3id.org/safetycase-kg/context.jsonld", "/context.jsonld"),
])
def test_public_iris_map_to_local_paths(iri, path):
    assert linkeddata.local_path(iri) == path
    if path.startswith(("/id/", "/catalog/", "/vocab/")):
        assert linkeddata.public_iri(path) == URIRef(iri)


def test_console_page_has_labelled_controls_and_the_prefixes(client):
    page = text(client.get("/console"))
    for control in ("named-query", "editor"):
        assert f'<label for="{control}">' in page
    assert 'id="run"' in page and "https://w3id.org/safetycase-kg/vocab/" in page
    assert "<script src=\"/static/console.js\">" in page and "http" not in page.split("<script src=")[1][:30]


def test_every_page_query_has_a_header():
    from safetycase_kg.web.pagequeries import PAGE_QUERIES, page_query
    names = sorted(p.stem for p in PAGE_QUERIES.glob("*.rq"))
    assert names and all(page_query(name).title for name in names)


def test_only_http_iris_become_links():
    assert linkeddata.href("javascript:alert(1)") is None
    assert linkeddata.href("urn:x:y") is None
    assert linkeddata.href("https://example.org/a") == "https://example.org/a"
    assert linkeddata.local_path("https://w3id.org/safetycase-kg/graph/catalog") is None


@pytest.mark.parametrize("mime,fmt", FORMATS.items())
def test_machines_get_the_resource_graph(client, mime, fmt):
    iri = URIRef(str(ID) + "cyber-inability-v1/G1")
    response = client.get("/id/cyber-inability-v1/G1", headers={"Accept": mime})
    assert response.status_code == 200 and response.mimetype == mime
    graph = Graph().parse(data=text(response), format=fmt)
    assert (iri, URIRef(str(SC) + "statement"), None) in graph
    assert {s for s in graph.subjects() if isinstance(s, URIRef)} == {iri}  # only it and its blank nodes


def test_blank_node_closure_is_included(client):
    graph = Graph().parse(data=text(client.get(f"/id/{CBRN}/E1", headers={"Accept": "text/turtle"})), format="turtle")
    notice = graph.value(URIRef(f"{ID}{CBRN}/E1"), SC.redaction)
    assert notice is not None and graph.value(notice, SC.redactionCharacter) is not None


def test_browsers_get_html_with_link_and_vary_headers(client):
    response = client.get("/id/cyber-inability-v1/G1", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Vary"] == "Accept"
    link = response.headers["Link"]
    for mime in FORMATS:
        assert f'rel="alternate"; type="{mime}"' in link
    assert 'rel="describedby"' in link
    page = text(response)
    assert "Links to this resource" in page and "id:cyber-inability-v1" in page  # incoming hasClaim


def test_format_parameter_overrides_accept(client):
    response = client.get("/id/cyber-inability-v1/G1?format=nt", headers={"Accept": BROWSER_ACCEPT})
    assert response.mimetype == "application/n-triples"


def test_a_case_iri_leads_browsers_to_the_case_page(client):
    response = client.get("/id/cyber-inability-v1", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 303 and response.headers["Location"].endswith("/cases/cyber-inability-v1")
    turtle = client.get("/id/cyber-inability-v1", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=text(turtle), format="turtle")
    assert (URIRef(f"{ID}cyber-inability-v1"), None, SC.SafetyCase) in graph


def test_catalog_and_vocab_dereference(client):
    assert "EU" in text(client.get("/catalog/eu-ai-act-2024-1689"))
    response = client.get("/vocab/decision-kind/api-launch", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200 and json.loads(text(response))


def test_unknown_iris_are_404_and_unsupported_accept_406(client):
    for path in ("/id/no-such-thing", "/catalog/no-such-thing", "/vocab/no/such", "/id/a%3Eb", "/vocab/%7Bx%7D",
                 "/cases/a%20b", "/cases/no-such-case"):
        assert client.get(path).status_code == 404
    response = client.get("/id/cyber-inability-v1/G1", headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.headers["Vary"] == "Accept"
    assert client.get("/ontology", headers={"Accept": "image/png"}).status_code == 406


def test_ontology_document(client):
    page = text(client.get("/ontology", headers={"Accept": BROWSER_ACCEPT}))
    assert 'id="SafetyCase"' in page and 'id="supportedBy"' in page
    graph = Graph().parse(data=text(client.get("/ontology", headers={"Accept": "text/turtle"})), format="turtle")
    assert (SC.SafetyCase, None, None) in graph


# --- the picture itself ----------------------------------------------------------------------------

def test_labels_are_escaped_for_dot_and_svg():
    nasty = 'He said "stop" \\N & <script>alert(1)</script> &lt;'
    node = argmap.MapNode(URIRef(f"{ID}x/G0"), "claim", nasty)
    amap = argmap.ArgumentMap(URIRef(f"{ID}x"), {node.iri: node}, [])
    svg = argmap.render_svg(argmap.to_dot(amap))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "&amp;lt;" in svg and "\\N" in svg and "&quot;stop&quot;" in svg


def test_withheld_node_without_content_is_drawn_redacted():
    node = argmap.MapNode(URIRef(f"{ID}x/E1"), "evidence", None, tier="https://w3id.org/safetycase-kg/vocab/disclosure-tier/regulator",
                          notice="kept by the custodian")
    assert node.withheld and node.style_kind == "redacted"
    dot = argmap.to_dot(argmap.ArgumentMap(URIRef(f"{ID}x"), {node.iri: node}, []))
    assert "REDACTED: kept by the custodian" in dot


def test_literal_rendering_in_templates_is_escaped(client):
    from safetycase_kg.web.pages import term
    assert str(term(Literal("<b>x</b>"))) == "&lt;b&gt;x&lt;/b&gt;"
    assert str(term(URIRef("javascript:alert(1)"))) == "<span>javascript:alert(1)</span>"


def test_the_ontology_iri_serves_pylode_docs_and_rdf_xml(client):
    page = text(client.get("/ontology", headers={"Accept": BROWSER_ACCEPT}))
    assert "pyLODE" in page and 'id="visibleWhenRedacted"' in page
    response = client.get("/ontology", headers={"Accept": "application/rdf+xml"})
    assert response.mimetype == "application/rdf+xml" and response.headers["Vary"] == "Accept"
    graph = Graph().parse(data=response.get_data(as_text=True), format="xml")
    assert (SC.SafetyCase, None, None) in graph
    assert 'id="SafetyCase"' in text(client.get("/ontology/terms"))
