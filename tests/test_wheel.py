"""The built wheel works on its own: installed into a fresh virtual environment, run from elsewhere.

A plain ``pip install`` of the wheel must carry the ontology, vocabularies, shapes, queries, lint
checks, catalog, JSON-LD context and examples (they live in top-level folders of the repository and
are mapped into the package at build time). The test builds the wheel, installs it with its
dependencies into a new venv outside the checkout, and from a folder outside the checkout runs what
a new user runs first: load, validate, a named query, a report, an export, and a served request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from live_server import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def run(argv: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The venv's bin folder, with the wheel built from this checkout installed in it."""
    folder = tmp_path_factory.mktemp("wheel")
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", str(folder / "dist")], folder)
    assert built.returncode == 0, built.stderr
    wheel = next((folder / "dist").glob("safetycase_kg-*.whl"))
    venv = folder / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)], folder).returncode == 0
    installed = run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                    folder)
    assert installed.returncode == 0, installed.stderr
    return venv / "bin"


def test_the_installed_package_is_not_the_checkout(installed, tmp_path):
    where = run([str(installed / "python"), "-c", "import safetycase_kg.core.namespaces as n; print(n.RESOURCES)"], tmp_path)
    assert where.returncode == 0, where.stderr
    resources = Path(where.stdout.strip())
    assert ROOT not in resources.parents and resources != ROOT
    assert (resources / "ontology" / "safetycase.ttl").is_file() and (resources / "queries" / "status").is_dir()


def test_a_new_user_loads_checks_asks_reports_and_exports_from_the_wheel(installed, tmp_path):
    cli = [str(installed / "safetycase-kg"), "--store", str(tmp_path / "store")]
    steps = [
        ["load", str(ROOT / "examples")],
        ["validate"],
        ["query", "cases-by-decision", "--format", "json"],
        ["report", "compliance", "misuse-safeguards-api-v1", "--framework", "eu-ai-act-2024-1689", "--format", "json"],
        ["export", "--tier", "public", "--format", "trig", "-o", str(tmp_path / "public.trig")],
        ["lint", "--format", "json"],
    ]
    outputs = {}
    for step in steps:
        done = run(cli + step, tmp_path)
        assert done.returncode in (0, 1), (step, done.stderr[-2000:])  # lint/validate may find problems: exit 1
        outputs[step[0]] = done.stdout
    assert json.loads(outputs["query"])["results"]["bindings"]
    assert json.loads(outputs["report"])["clauses"]
    assert (tmp_path / "public.trig").stat().st_size > 1000


def test_the_installed_server_answers(installed, tmp_path):
    port = free_port()
    server = subprocess.Popen([str(installed / "safetycase-kg"), "--store", str(tmp_path / "store"), "serve",
                               "--port", str(port)], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                health = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5))
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read().decode()[-2000:]
                time.sleep(0.5)
        assert health["healthy"] is True
        request = urllib.request.Request(f"http://127.0.0.1:{port}/queries/cases-by-decision",
                                         headers={"Accept": "application/sparql-results+json"})
        rows = json.load(urllib.request.urlopen(request, timeout=60))["results"]["bindings"]
        assert rows  # the examples shipped in the wheel were loaded into the empty store
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/ontology", timeout=120).read()
        assert b"safetycase" in page.lower()
    finally:
        server.terminate()
        server.wait(30)
