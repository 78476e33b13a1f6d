"""Shared fixtures: an in-memory store with the example corpus, and paths to test data."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from safetycase_kg.load import load
from safetycase_kg.namespaces import EXAMPLES_DIR
from safetycase_kg.store import Store

FIXTURES = Path(__file__).parent / "fixtures"

# Property-based tests: each test sets a small max_examples; the examples are derived from the test
# itself (derandomize), not from a random seed or a saved database, so every run, here and in CI, tries
# the same inputs in bounded time and a failure reproduces as it is.
settings.register_profile("safetycase-kg", derandomize=True, database=None, deadline=None, print_blob=False,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
settings.load_profile("safetycase-kg")


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
