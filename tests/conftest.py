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
