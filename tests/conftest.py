"""Shared fixtures: an in-memory store with the example corpus, and paths to test data."""

import os
from pathlib import Path

import pytest
from hypothesis import Phase, settings

from safetycase_kg.load import load
from safetycase_kg.namespaces import EXAMPLES_DIR
from safetycase_kg.store import Store

FIXTURES = Path(__file__).parent / "fixtures"

# Property-based tests run a fixed, bounded budget: derandomised (the same examples on every run, so
# CI is reproducible), no deadline (requests to a live server vary in time), and no shrinking, whose
# length is unbounded when a property fails. ``HYPOTHESIS_PROFILE=thorough`` explores more and shrinks.
settings.register_profile("ci", max_examples=30, deadline=None, derandomize=True, database=None,
                          phases=(Phase.explicit, Phase.generate), print_blob=False)
settings.register_profile("thorough", max_examples=300, deadline=None, database=None)
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


CONFORMANCE_COUNTS = pytest.StashKey[dict]()


@pytest.fixture
def conformance_counts(request) -> dict:
    """Where the W3C conformance test leaves its pass counts for the terminal summary."""
    return request.config.stash.setdefault(CONFORMANCE_COUNTS, {})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the W3C conformance pass counts when that test ran (it skips without the manifests)."""
    counts = config.stash.get(CONFORMANCE_COUNTS, None)
    if not counts:
        return
    terminalreporter.section("W3C SPARQL protocol conformance")
    for suite, c in counts.items():
        terminalreporter.write_line(f"{suite}: {c['passed']}/{c['tests']} passed, {c['deviations']} deliberate "
                                    f"deviation(s), {c['failed']} other failure(s)")
