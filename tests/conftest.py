"""Shared fixtures: an in-memory store with the example corpus, and paths to test data."""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))  # synth.py: the corpus generator

from safetycase_kg.core.namespaces import EXAMPLES_DIR
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load

FIXTURES = Path(__file__).parent / "fixtures"

# Property-based tests run a fixed, bounded budget: derandomised (the same examples on every run, so
# CI is reproducible and a failure reproduces as it is), no saved database, no deadline (requests to a
# live server vary in time), and no shrinking, whose length is unbounded when a property fails. Tests
# may set their own max_examples. ``HYPOTHESIS_PROFILE=thorough`` explores more and shrinks.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", max_examples=30, deadline=None, derandomize=True, database=None,
                          phases=(Phase.explicit, Phase.generate), print_blob=False, suppress_health_check=_QUIET)
settings.register_profile("thorough", max_examples=300, deadline=None, database=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def example_store() -> Store:
    """The example corpus loaded once; tests must not write to it."""
    store = Store()
    load(store, [EXAMPLES_DIR])
    return store


@pytest.fixture
def empty_store() -> Store:
    return Store()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A real server (subprocess, waitress, store on disk) with the examples and reviewer/writer tokens."""
    from live_server import LiveServer
    server = LiveServer(tmp_path_factory.mktemp("live-server"), query_timeout=20, max_rows=100000)
    yield server
    server.stop()


# Test modules that start servers, browsers, reasoners or long generated suites: `pytest -m "not slow"`
# leaves them out for a quick run (under a minute); CI runs everything.
SLOW_MODULES = {
    "test_browser", "test_canary_sweep", "test_concurrency", "test_remote", "test_server_access",
    "test_server_canary", "test_server_fuzz", "test_server_http", "test_server_limits", "test_server_protocol",
    "test_w3c_conformance", "test_wheel", "test_worker_orphans", "test_interchange", "test_fuzz_casefile", "test_warmup",
    "test_fuzz_upload",
    # each judges the whole example corpus or a generated one (load, validation, lint, standing, reports:
    # 15 to 60 s a module on two cores); the quick run keeps the unit-level modules
    "test_catalog", "test_validate", "test_model_roles", "test_exchange", "test_mutation", "test_verdicts",
    "test_reports", "test_lint", "test_status", "test_measurements", "test_ontodoc", "test_synth", "test_pages",
    "test_cli_while_serving", "test_validate_mutations", "test_reserved", "test_frameworks", "test_load",
    "test_input_limits",
}
SLOW_FIXTURES = {"live_server", "oxigraph", "oxigraph_union", "virtuoso", "sink"}


def pytest_collection_modifyitems(config, items):
    """Mark the slow kinds (see SLOW_MODULES and SLOW_FIXTURES) so that they can be deselected."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_configure(config):
    """In the main process, name the file where every worker appends its figures (see tests/summary.py)."""
    import tempfile

    from summary import ENV
    if not hasattr(config, "workerinput"):
        handle, path = tempfile.mkstemp(prefix="safetycase-kg-figures-", suffix=".txt")
        os.close(handle)
        os.environ[ENV] = path


def pytest_terminal_summary(terminalreporter):
    """Print the figures tests reported (see tests/summary.py), then forget them."""
    from summary import ENV, reported
    lines = reported()
    if lines:
        terminalreporter.section("figures")
        for line in lines:
            terminalreporter.write_line(line)
    if not hasattr(terminalreporter.config, "workerinput") and os.environ.get(ENV):
        Path(os.environ.pop(ENV)).unlink(missing_ok=True)
