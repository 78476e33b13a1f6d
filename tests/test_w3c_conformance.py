"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol test suites against the real server.

The manifests are not in this repository (they are the W3C's, under its test-suite licences): the
runner ``scripts/w3c_conformance.py`` reads them from ``$SAFETYCASE_KG_CONFORMANCE`` or
``../shared/conformance`` beside the repository, and this test skips when they are not there.
Every test must pass except the server's deliberate deviations (``DEVIATIONS`` in the runner, each
with its reason), and each of those must still fail, so the list stays true.
"""

import importlib.util
import sys
from pathlib import Path

import pytest
from live_server import WRITER_TOKEN, LiveServer
from summary import report

RUNNER = Path(__file__).resolve().parent.parent / "scripts" / "w3c_conformance.py"

pytestmark = pytest.mark.slow


def _runner():
    spec = importlib.util.spec_from_file_location("w3c_conformance", RUNNER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def conformance():
    runner = _runner()
    folder = runner.default_folder()
    if not all((folder / name).is_file() for name in runner.MANIFESTS):
        pytest.skip(f"the W3C conformance manifests are not in {folder} (set SAFETYCASE_KG_CONFORMANCE to the "
                    "folder holding protocol/manifest.ttl and graph-store-protocol/manifest.ttl)")
    return runner, folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own: the suites write graphs (under the manifests' example hosts) and delete them."""
    server = LiveServer(tmp_path_factory.mktemp("w3c-server"))
    yield server
    server.stop()


def test_every_w3c_protocol_test_passes_except_the_deliberate_deviations(conformance, server):
    runner, folder = conformance
    outcomes = runner.run(server.url, WRITER_TOKEN, folder)
    for suite, c in runner.summary(outcomes).items():
        report(f"W3C {suite}: {c['passed']}/{c['tests']} passed, {c['deviations']} deliberate deviation(s), "
               f"{c['failed']} other failure(s)")
    print("\n" + runner.report(outcomes))
    failed = [o for o in outcomes if not o.passed and not o.deviation]
    stale = [key for key in runner.DEVIATIONS if key in {o.key for o in outcomes if o.passed}]
    unknown = sorted(set(runner.DEVIATIONS) - {o.key for o in outcomes})
    assert not failed, "failing W3C tests:\n" + "\n".join(
        f"{o.key} ({o.name}):\n  " + "\n  ".join(o.problems) for o in failed)
    assert not stale, f"listed as deliberate deviations but now passing (remove them from DEVIATIONS): {stale}"
    assert not unknown, f"DEVIATIONS names tests the manifests do not have: {unknown}"
