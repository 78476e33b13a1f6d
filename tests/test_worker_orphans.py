"""Worker processes die with the command that started them.

``load`` parses large batches in forked workers, and validation runs in forked pySHACL workers
the Core shapes that ``shacl_core`` does not compile.
Killed with SIGKILL, the command cannot shut its pool down; the workers must still go, or they
live on as orphans holding the store folder's files. These tests start the real command on a
corpus large enough for the pools, kill it while its workers run, and read /proc.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from live_server import children
from synth import generate_corpus

from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import PARALLEL_PARSE_MIN_FILES, load

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; the death signal is Linux-only"),
    pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the loader uses worker processes only with 2 or more CPUs"),
]

CASES = 2 * PARALLEL_PARSE_MIN_FILES  # about a second of parsing, and of validating, on two workers


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("orphans") / "corpus"
    generate_corpus(out, CASES)
    return out


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def open_files(pid: int) -> list[str]:
    names = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            names.append(os.readlink(fd))
        except OSError:
            continue
    return names


def kill_while_workers_run(args: list[str], store: Path, argv: list[str] | None = None) -> set[int]:
    """Start the command (or ``argv``), wait for its workers, check they hold the store, SIGKILL the command."""
    command = subprocess.Popen(argv or [sys.executable, "-m", "safetycase_kg", "--store", str(store), *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 300
        while len(workers) < 2 and command.poll() is None and time.monotonic() < deadline:
            workers = children(command.pid)
            time.sleep(0.01)
        assert len(workers) >= 2, f"no worker processes appeared: {command.stderr.read().decode()}"
        assert all(any(f.startswith(str(store)) for f in open_files(w)) for w in workers)
        command.send_signal(signal.SIGKILL)
    finally:
        command.kill()
        command.wait()
        command.stderr.close()
    return workers


def survivors(workers: set[int]) -> set[int]:
    """The workers still running once the kernel has had time to deliver the death signal."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.05)
    left = {w for w in workers if alive(w)}
    for w in left:  # do not leave them behind for the next test
        os.kill(w, signal.SIGKILL)
    return left


def test_parser_workers_die_with_a_killed_load(corpus, tmp_path):
    workers = kill_while_workers_run(["load", "--quiet", str(corpus)], tmp_path / "store")
    assert survivors(workers) == set()


def test_a_killed_parser_worker_refuses_the_batch_without_a_traceback(corpus, tmp_path):
    command = subprocess.Popen([sys.executable, "-m", "safetycase_kg", "--store", str(tmp_path / "store"),
                                "load", "--quiet", str(corpus)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: set[int] = set()
    while not workers and command.poll() is None:
        workers = children(command.pid)
        time.sleep(0.01)
    os.kill(min(workers), signal.SIGKILL)
    _, err = command.communicate(timeout=300)
    assert command.returncode == 2, err.decode()
    assert b"parser worker process ended unexpectedly" in err and b"Traceback" not in err
    assert Store(tmp_path / "store", install_system_graphs=False).data_graphs() == []


# A validation with one Core shape that shacl_core leaves to pySHACL (sh:or), in two workers.
VALIDATE_WITH_PYSHACL = """
import sys
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from safetycase_kg.core.namespaces import ONTOLOGY_GRAPH, SC, SH, SHAPES_GRAPH
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.validate import Validator
store = Store(sys.argv[1], read_only=True)
shapes = store.graph(SHAPES_GRAPH)
shape, one, other, listed = Namespace("urn:test:")["OrShape"], BNode(), BNode(), BNode()
shapes.add((shape, SH.targetClass, SC.Claim))
shapes.add((one, SH.path, SC.statement))
shapes.add((one, SH.minCount, Literal(1)))
shapes.add((other, SH.path, SC.undeveloped))
shapes.add((other, SH.minCount, Literal(1)))
Collection(shapes, listed, [one, other])
shapes.add((shape, SH["or"], listed))
validator = Validator(shapes, store.graph(ONTOLOGY_GRAPH), workers=2)
assert validator.needs_pyshacl
with store.oxigraph() as ox_store:
    validator.validate(ox_store, store.case_graphs(), store.register_graphs())
"""


def test_validator_workers_die_with_a_killed_validation(corpus, tmp_path):
    store = Store(tmp_path / "store")
    load(store, [corpus])
    store.close()
    workers = kill_while_workers_run([], tmp_path / "store",
                                     [sys.executable, "-c", VALIDATE_WITH_PYSHACL, str(tmp_path / "store")])
    assert survivors(workers) == set()


def test_query_workers_die_with_a_killed_server(tmp_path):
    """A server killed while a runaway query runs in one of its workers: the query does not run on."""
    import threading

    from live_server import LiveServer, http
    server = LiveServer(tmp_path, query_timeout=600, log_format="off")
    runaway = b"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

    def ask() -> None:
        with contextlib.suppress(OSError):  # the server is killed under it
            http("POST", server.url + "/sparql", data=runaway, timeout=30,
                 headers={"Content-Type": "application/sparql-query"})
    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    try:
        deadline = time.monotonic() + 60
        busy: set[int] = set()
        while not busy and time.monotonic() < deadline:  # a worker running flat out is the runaway's
            busy = {w for w in server.children()
                    if alive(w) and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] == "R"}
            time.sleep(0.05)
        assert busy, "the runaway query never ran in a worker"
        workers = server.children()
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
    finally:
        server.stop()
    assert not survivors(workers)
