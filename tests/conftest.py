"""Shared fixtures: an in-memory store with the example corpus, and paths to test data."""

from pathlib import Path

import pytest

from safetycase_kg.load import load
from safetycase_kg.namespaces import EXAMPLES_DIR
from safetycase_kg.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


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


CANARY_SUMMARY = pytest.StashKey[list]()


def pytest_configure(config):
    config.stash[CANARY_SUMMARY] = []


@pytest.fixture(scope="session")
def canary_summary(request) -> list:
    """Lines the generated leak tests report at the end of the run (their counts, whatever the output mode)."""
    return request.config.stash[CANARY_SUMMARY]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = config.stash.get(CANARY_SUMMARY, [])
    if lines:
        terminalreporter.section("canary leak tests")
        for line in lines:
            terminalreporter.write_line(line)
