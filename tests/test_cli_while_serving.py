"""Commands run against a store that a live server holds: readers read it, writers are told what to do.

RocksDB lets one process hold a store folder for writing. A user who runs ``query`` or ``validate``
beside ``serve`` must get an answer (from the store as it is, the server's latest write included),
and ``load`` or ``import`` one line saying why not, never a traceback about a LOCK file.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from safetycase_kg.core.namespaces import EXAMPLES_DIR

GRAPH = "https://example.org/graph/written-while-serving"
VALUE = "written-through-the-server-5b1e"

READERS = [
    ["query", "--sparql", f'SELECT ?o WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}', "--format", "csv"],
    ["query", "cases-by-decision", "--format", "json"],
    ["graphs"],
    ["validate", "--format", "json"],
    ["lint", "--format", "json"],
    ["gate", "--format", "json"],
    ["export", "--tier", "public", "--format", "nq", "--publisher", "https://example.org/org"],
    ["export-case", "cyber-inability-v2"],
    ["report", "compliance", "cyber-inability-v2", "--framework", "eu-ai-act-2024-1689", "--format", "json"],
    ["diff", "cyber-inability-v2"],
    ["impact", "--kind", "new-checkpoint", "--target", "id:model/atlas-4-2026-05-20"],
    ["validate", str(EXAMPLES_DIR / "cases" / "cyber-inability.yaml")],
]


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    from live_server import WRITER_TOKEN, LiveServer
    folder = tmp_path_factory.mktemp("serving")
    server = LiveServer(folder)
    body = f'<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "{VALUE}" .'.encode()
    request = urllib.request.Request(f"{server.url}/data?graph={GRAPH}", data=body, method="PUT",
                                     headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {WRITER_TOKEN}"})
    assert urllib.request.urlopen(request, timeout=60).status in (200, 201)
    yield folder / "store", server
    server.stop()


def run(store, *argv) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "safetycase_kg", "--store", str(store), *argv],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("argv", READERS, ids=lambda a: " ".join(a[:2]))
def test_a_reading_command_reads_the_store_the_server_holds(serving, argv):
    store, _ = serving
    done = run(store, *argv)
    assert "Traceback" not in done.stderr and "LOCK" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr  # 1: the data has findings (validate, lint, gate)
    assert any("read-only" in line for line in done.stderr.splitlines())
    assert done.stdout.strip()


def test_a_read_only_command_sees_the_servers_latest_write(serving):
    store, _ = serving
    done = run(store, *READERS[0])
    assert done.returncode == 0 and VALUE in done.stdout, done.stderr


@pytest.mark.parametrize("argv", [["load", str(EXAMPLES_DIR / "registers")],
                                  ["impact", "--kind", "incident", "--target", "id:model/atlas-4-2026-05-20", "--record"]],
                         ids=["load", "impact --record"])
def test_a_writing_command_says_in_one_line_what_to_do(serving, argv):
    store, server = serving
    done = run(store, *argv)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use by another process" in lines[0] and "/data" in lines[0], done.stderr
    assert server.process.poll() is None  # the server is unharmed


def test_a_second_server_on_the_same_store_says_so(serving, tmp_path):
    store, _ = serving
    done = subprocess.run([sys.executable, "-m", "safetycase_kg", "--store", str(store), "serve", "--port", "1"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "in use by another process" in done.stderr
