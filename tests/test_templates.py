"""Case templates: a template is an argument pattern bound to no decision, placeholders are not flagged in it, a case says
which template it instantiates and which element each of its elements fills, and the departures of an instance from its
template are listed."""

from __future__ import annotations

from pathlib import Path

import yaml

from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import EXAMPLES_DIR, ID
from safetycase_kg.core.queries import run_named
from safetycase_kg.core.sparql import load_library
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load, parse_batch, validate_batch
from safetycase_kg.ingest.validate import validate_store

TEMPLATE = EXAMPLES_DIR / "templates" / "cyber-inability-pattern.yaml"
INSTANCE = EXAMPLES_DIR / "cases" / "atlas-4-1-cyber-inability.yaml"
DEPARTURES = load_library()["template-departures"]
T = "template/cyber-inability-pattern-v1"


def write(tmp_path: Path, document: dict, name: str) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def results(store: Store, *paths: Path):
    return validate_batch(parse_batch(list(paths), store), store).results


def with_registers() -> Store:
    store = Store()
    load(store, [EXAMPLES_DIR / "registers"])
    return store


def test_a_template_validates_without_a_decision_and_its_placeholders_are_not_flagged():
    assert results(with_registers(), TEMPLATE) == []


def test_a_template_with_a_decision_is_refused(tmp_path):
    template = yaml.safe_load(TEMPLATE.read_text())
    template["decision"] = "api-launch"
    messages = [r.message for r in results(with_registers(), write(tmp_path, template, "t.yaml")) if r.severity == "Violation"]
    assert any(m.startswith("A template is bound to no decision") for m in messages)


def test_an_instance_must_name_a_template(tmp_path):
    instance = yaml.safe_load(INSTANCE.read_text())
    instance["instantiates"] = "cyber-inability-v2"
    store = with_registers()
    load(store, [EXAMPLES_DIR / "cases" / "cyber-inability-v2.yaml", TEMPLATE])
    messages = [r.message for r in results(store, write(tmp_path, instance, "i.yaml")) if r.severity == "Violation"]
    assert any("which is not a safety case template" in m for m in messages)


def test_an_instance_loads_on_its_own_once_the_template_is_in_the_store():
    store = with_registers()
    load(store, [TEMPLATE], strict=True)
    _, report = load(store, [INSTANCE], strict=True)
    assert report.conforms
    assert store.template_graphs() == [ID[T]] and ID[T] not in store.case_graphs()
    assert validate_store(store).conforms


def test_a_placeholder_left_in_an_instance_is_a_departure_and_a_warning(tmp_path):
    instance = yaml.safe_load(INSTANCE.read_text())
    template = yaml.safe_load(TEMPLATE.read_text())
    g1 = next(c for c in instance["claims"] if c["id"].endswith("/G1"))
    g1["statement"] = next(c for c in template["claims"] if c["id"].endswith("/G1"))["statement"]
    g3 = next(c for c in instance["claims"] if c["id"].endswith("/G3"))
    g3["uninstantiated"] = True
    g4 = next(c for c in instance["claims"] if c["id"].endswith("/G4"))
    g4["fromTemplate"] = "cyber-inability-v2/G1"
    store = with_registers()
    load(store, [TEMPLATE])
    path = write(tmp_path, instance, "i.yaml")
    warnings = {(str(r.focus).rsplit("/", 1)[1], r.message) for r in results(store, path) if r.severity == "Warning"}
    assert any(focus == "G3" and message.startswith("Still a pattern placeholder") for focus, message in warnings)
    assert any(focus == "G4" and "not an element of the template" in message for focus, message in warnings)
    load(store, [path])
    rows = {(str(r.departure), str(r.element).rsplit("/", 1)[1]) for r in run_named(store, DEPARTURES, {})
            if r.element is not None}
    assert {("placeholder left unfilled", "G1"), ("placeholder left unfilled", "G3")} <= rows


def test_the_cli_exports_a_template(tmp_path, capsys):
    store = str(tmp_path / "s")
    assert main(["--store", store, "load", str(TEMPLATE)]) == 0
    capsys.readouterr()
    assert main(["--store", store, "export-case", T]) == 0
    exported = yaml.safe_load(capsys.readouterr().out)
    assert exported["type"] == "SafetyCaseTemplate" and "decision" not in exported
