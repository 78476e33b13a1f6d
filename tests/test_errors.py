"""One exception root: every error the package raises on purpose derives from ``SafetyCaseKGError`` and
says itself what a user sees (exit code, HTTP status); the CLI and the server translate it in one place.

The classes are found by importing every module of the package, so a new exception class is checked
without editing this file; the table pins each one's status so that a change of what users see is a
decision, not an accident.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from http import HTTPStatus
from pathlib import Path

import pytest

import safetycase_kg
from safetycase_kg.cli import main
from safetycase_kg.core.errors import SafetyCaseKGError

PACKAGE = Path(safetycase_kg.__file__).resolve().parent

# class -> HTTP status; None where the instance carries it (an access refusal is 401 or 403, a write 400-422)
EXPECTED_STATUS = {
    "SafetyCaseKGError": 400, "UsageError": 400, "CaseFileError": 400, "InputProblem": 400, "LimitExceeded": 413,
    "InterchangeError": 400, "QueryError": 400, "QueryRefused": 400, "StoreError": 400, "SparqlSyntaxError": 400,
    "LoadError": 400, "SystemTermsRefused": 403, "ExchangeError": 400, "DiffError": 404, "ExportError": 404,
    "ReportError": 404, "CatalogError": 404, "ConfigError": 500, "ContextError": 500, "RenderError": 500,
    "OntologyDocError": 500, "ReasonerUnavailable": 500, "WorkerFailed": 500, "WorkerTimeout": 503, "WorkerOutOfMemory": 503,
    "AccessDenied": None, "WriteRefused": None, "HTTPError": None,
}


def package_modules():
    for info in pkgutil.walk_packages([str(PACKAGE)], "safetycase_kg."):
        if ".data" not in info.name and not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def exception_classes() -> dict[str, type]:
    found = {}
    for module in package_modules():
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__.startswith("safetycase_kg") and not name.startswith("_"):
                found[name] = cls
    return found


CLASSES = exception_classes()


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_exception_of_the_package_has_the_one_root(name):
    assert issubclass(CLASSES[name], SafetyCaseKGError)


def test_the_table_names_every_exception_class():
    assert set(CLASSES) == set(EXPECTED_STATUS)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_each_class_maps_to_a_sensible_status_and_exit_code(name):
    cls = CLASSES[name]
    assert cls.exit_code in (1, 2)
    status = HTTPStatus(cls.http_status)
    assert 400 <= status < 600
    if EXPECTED_STATUS[name] is not None:
        assert cls.http_status == EXPECTED_STATUS[name]
    if name.endswith(("Timeout",)):
        assert status == HTTPStatus.SERVICE_UNAVAILABLE


def test_no_command_or_view_translates_errors_itself():
    """The translation lives in cli.main and the app's one error handler, not in each command or view."""
    cli = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    app = (PACKAGE / "web" / "app.py").read_text(encoding="utf-8")
    assert not re.search(r"raise UsageError\(str\(err\)\)", cli)
    assert not re.search(r"raise HTTPError\(err\.", app)
    assert app.count("@app.errorhandler(SafetyCaseKGError)") == 1


@pytest.mark.parametrize("argv, needle", [
    (["export-case", "no-such-case"], "no case 'no-such-case'"),
    (["report", "matrix", "--framework", "no-such-framework"], "no framework version"),
    (["frameworks", "--clauses", "no-such-framework"], "no framework version"),
    (["query", "no-such-query"], "no-such-query"),
    (["query", "--sparql", "SELECT ?x WHERE { ?x ?y }}"], "SPARQL syntax error"),
    (["diff", "no-such-case"], "no case 'no-such-case'"),
    (["gate", "--as-of", "yesterday"], "--as-of needs a date"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_the_cli_prints_one_error_line_and_exits_2(tmp_path, capsys, argv, needle):
    code = main(["--store", str(tmp_path / "store"), *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and needle in err and "Traceback" not in err
