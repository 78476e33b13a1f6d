"""The console and the case page in a real headless Chromium, against the real server (waitress).

Playwright drives Debian's ``chromium`` (no browser download). Without it the tests skip locally,
but fail when ``CI`` is set: in CI a missing browser is a broken setup, not a reason to pass.
"""

from __future__ import annotations

import os
import re
import shutil
import threading

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def base_url(example_store):
    """The example corpus served by waitress on a free local port, in a background thread."""
    from waitress.server import create_server

    from safetycase_kg.web.app import create_app
    server = create_server(create_app(example_store), host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
                                     args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    yield page
    context.close()
    assert not errors, errors


def _choose_cases_by_decision(page):
    page.goto("/console")
    page.wait_for_selector("#named-query option[value='cases-by-decision']", state="attached")
    page.select_option("#named-query", "cases-by-decision")
    page.wait_for_selector("#param-decision")
    page.wait_for_function("document.getElementById('editor').value.includes('# title: Cases by decision')")


def test_console_runs_a_named_query_with_a_parameter(page):
    _choose_cases_by_decision(page)
    page.get_by_label("decision", exact=False).first.fill("scv:decision-kind/api-launch")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 7
    assert "7 rows" in page.inner_text("#status")
    assert "id:misuse-safeguards-api-v1" in page.inner_text("table.results")
    link = page.locator("table.results tbody tr").first.locator("a").first
    assert link.get_attribute("href").startswith("/id/")


def test_sorting_a_column(page):
    _choose_cases_by_decision(page)
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    first_cells = "[...document.querySelectorAll('table.results tbody tr')].map(r => r.cells[5].textContent)"
    page.click("table.results th button:text-is('reviewBy')")
    ascending = page.evaluate(first_cells)
    assert ascending == sorted(ascending, key=lambda v: (v == "", v))
    assert page.get_attribute("table.results th:nth-child(6)", "aria-sort") == "ascending"
    page.click("table.results th button:has-text('reviewBy')")
    descending = page.evaluate(first_cells)
    assert descending == list(reversed(ascending))


def test_keyboard_tab_to_run_and_press_enter(page):
    _choose_cases_by_decision(page)
    page.focus("#param-model")
    page.keyboard.type("id:model/atlas-4-2026-05-20")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "run":
            break
    assert page.evaluate("document.activeElement.id") == "run"
    page.keyboard.press("Enter")
    page.wait_for_selector("table.results tbody tr")
    assert page.locator("table.results tbody tr").count() >= 1
    assert "id:model/atlas-4-2026-05-20" in page.inner_text("table.results")


def test_a_syntax_error_shows_line_and_column(page):
    page.goto("/console")
    page.fill("#editor", "SELECT * WHERE {\n  ?s ?p\n}")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert re.search(r"Line [23], column \d+", page.inner_text("#error"))
    page.click("#error button")  # "Show in editor" puts the cursor there
    assert page.evaluate("document.activeElement.id") == "editor"


def test_a_construct_query_shows_its_triples(page):
    page.goto("/console")
    page.fill("#editor", "CONSTRUCT { ?case dcterms:title ?title } WHERE { ?case a sc:SafetyCase ; dcterms:title ?title }")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    headers = page.locator("table.results th").all_inner_texts()
    assert [h.strip() for h in headers][:3] == ["subject", "predicate", "object"]
    assert page.locator("table.results tbody tr").count() == 16
    assert "16 triples" in page.inner_text("#status")
    assert page.locator("#download-csv").is_disabled()


def test_case_page_shows_the_argument_map(page):
    page.goto("/cases/cbrn-rsp-deployment-v1")
    svg = page.locator("figure.argmap svg")
    assert svg.count() == 1 and svg.is_visible()
    claims = page.locator("figure.argmap svg g.node.argmap_claim")
    assert claims.count() == 4
    texts = [c.locator("text").first.text_content() for c in claims.all()]
    assert {t.split()[0] for t in texts} == {"G0", "G1", "G2", "G3"}
    assert page.locator("figure.argmap svg g.node.argmap_redacted").count() >= 1
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200


def _forty_element_argument(folder):
    """A generated gsn2x module of 40 elements: 15 goals, a strategy, 12 solutions, 9 contexts, an
    assumption, a justification and a counter goal; two goals undeveloped, one solution defeated."""
    import yaml
    doc = {"G0": {"text": "The assistant is acceptably safe for the internal pilot.", "supportedBy": ["S0"],
                  "inContextOf": ["C0", "A0"]},
           "C0": {"text": "Pilot scope is 200 staff for 8 weeks."},
           "A0": {"text": "Staff report odd behaviour within a day."},
           "S0": {"text": "Argue over each hazard in the hazard log.", "inContextOf": ["J0"],
                  "supportedBy": [f"G{i}" for i in range(1, 9)]},
           "J0": {"text": "The hazard log was reviewed by the safety board."}}
    for i in range(1, 9):
        goal = {"text": f"Hazard {i} is mitigated to an acceptable level for the pilot.", "inContextOf": [f"C{i}"]}
        doc[f"C{i}"] = {"text": f"Hazard {i} as described in the hazard log, entry H-{i}."}
        if i > 6:
            doc[f"G{i}"] = goal | {"undeveloped": True}
            continue
        doc[f"G{i}"] = goal | {"supportedBy": [f"G{i}1", f"Sn{i}"]}
        doc[f"G{i}1"] = {"text": f"The control for hazard {i} is in place.", "supportedBy": [f"Sn{i}1"]}
        doc[f"Sn{i}"] = {"text": f"Test report T-{i}."}
        doc[f"Sn{i}1"] = {"text": f"Audit record A-{i}."}
    doc["Sn61"]["defeated"] = True
    doc["CG1"] = {"text": "The audit missed the weekend shift.", "challenges": "Sn61"}
    assert len(doc) == 40
    path = folder / "forty.gsn.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def gsn_url(tmp_path_factory):
    """A server whose store holds the examples and a generated 40-element gsn2x argument."""
    from waitress.server import create_server

    from safetycase_kg.core.namespaces import EXAMPLES_DIR
    from safetycase_kg.core.store import Store
    from safetycase_kg.ingest.load import load
    from safetycase_kg.web.app import create_app
    store = Store()
    load(store, [EXAMPLES_DIR, _forty_element_argument(tmp_path_factory.mktemp("gsn"))])
    server = create_server(create_app(store), host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


def test_case_page_draws_a_forty_element_argument_in_gsn_notation(browser, gsn_url, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=gsn_url)
    page = context.new_page()
    page.goto("/cases/forty")
    svg = page.locator("#gsn-view svg.gsn")
    svg.wait_for()
    assert page.locator("#gsn-view .gsn-node").count() == 40
    assert page.locator("#gsn-view .gsn-claim").count() == 15
    assert page.locator("#gsn-view .gsn-context").count() == 9
    assert page.locator("#gsn-view .gsn-strategy").count() == 1
    assert page.locator("#gsn-view .gsn-evidence").count() == 12
    assert page.locator("#gsn-view .gsn-undeveloped").count() == 2
    assert page.locator("#gsn-view .gsn-defeated").count() == 1
    assert page.locator("#gsn-view line.gsn-link-challenge").count() == 1
    # readable: the picture is wider than tall enough to hold the text; every label sits inside the svg box
    box = svg.bounding_box()
    assert box and box["width"] > 600
    font = page.evaluate("getComputedStyle(document.querySelector('#gsn-view svg.gsn text')).fontSize")
    scale = page.evaluate("(() => { const s = document.querySelector('#gsn-view svg.gsn');"
                          " return s.getBoundingClientRect().width / s.viewBox.baseVal.width; })()")
    assert float(font.rstrip("px")) * scale >= 7, (font, scale)
    checklist = page.locator("#checklist")
    assert "Decision boundary" in checklist.inner_text()
    svg.scroll_into_view_if_needed()
    svg.screenshot(path=os.environ.get("GSN_SCREENSHOT") or str(tmp_path / "gsn-forty.png"))
    context.close()
