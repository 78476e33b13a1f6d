"""The forked query worker: answers, errors, and a child that is really gone after a timeout."""

import gc
import os
import time
from pathlib import Path

import pytest

from safetycase_kg.core.execute import run_limited
from safetycase_kg.core.store import StoreError
from safetycase_kg.core.worker import WorkerFailed, WorkerOutOfMemory, WorkerPool, WorkerTimeout, run_in_worker


def test_the_answer_comes_back_from_the_child():
    assert run_in_worker(lambda: os.getpid(), 5) != os.getpid()


def test_an_exception_in_the_child_is_raised_in_the_parent():
    with pytest.raises(ZeroDivisionError):
        run_in_worker(lambda: 1 / 0, 5)


def test_a_child_that_dies_is_reported():
    with pytest.raises(WorkerFailed, match="signal 9"):
        run_in_worker(lambda: os.kill(os.getpid(), 9), 5)


def test_a_timeout_kills_and_reaps_the_child():
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    before = set(children.read_text().split())  # other tests' servers may be running
    started = time.monotonic()
    with pytest.raises(WorkerTimeout):
        run_in_worker(lambda: time.sleep(60), 0.5)
    assert time.monotonic() - started < 5
    assert set(children.read_text().split()) == before


def test_a_large_answer_is_read_whole():
    assert len(run_in_worker(lambda: b"x" * 5_000_000, 10)) == 5_000_000


def test_run_limited_over_the_example_store(example_store):
    answer = run_limited(example_store, "SELECT ?c WHERE { ?c a sc:SafetyCase }", "csv", max_rows=3, timeout=10)
    assert answer.rows == 3 and answer.truncated and len(answer.body.decode().splitlines()) == 4
    whole = run_limited(example_store, "SELECT ?c WHERE { ?c a sc:SafetyCase }", "csv", max_rows=100, timeout=10)
    assert whole.rows == 16 and not whole.truncated
    with pytest.raises(StoreError):
        run_limited(example_store, "SELECT ?c WHERE { ?c sc:nope }", "csv", timeout=10)


# --- the pool of pre-forked workers ------------------------------------------------------------------

def _count(store, text):
    return len(store.query(text).bindings)


def _sleep(store, seconds):
    time.sleep(seconds)


def _pid(store):
    return os.getpid()


def test_the_pool_reuses_its_workers_and_sees_every_write():
    from rdflib import Literal, URIRef

    from safetycase_kg.core.store import Store
    from safetycase_kg.core.worker import WorkerPool
    store = Store(install_system_graphs=False)
    pool = WorkerPool(lambda: {"full": store}, size=2)
    try:
        pids = {pool.run("full", _pid, 5) for _ in range(10)}
        assert len(pids) <= 2 and os.getpid() not in pids  # reused, never the parent
        for n in range(1, 4):
            store.add_to_graph(URIRef("urn:g"), [(URIRef(f"urn:s{n}"), URIRef("urn:p"), Literal(n))])
            assert pool.run("full", _count, 5, text="SELECT * WHERE { ?s ?p ?o }") == n  # a new epoch each write
        assert not pids & {pool.run("full", _pid, 5)}  # the workers of the first epoch are gone
    finally:
        pool.close()


def test_a_pooled_query_past_its_deadline_loses_its_worker_and_the_pool_goes_on():
    from safetycase_kg.core.store import Store
    from safetycase_kg.core.worker import WorkerPool
    store = Store(install_system_graphs=False)
    pool = WorkerPool(lambda: {"full": store}, size=1)
    try:
        before = pool.run("full", _pid, 5)
        with pytest.raises(WorkerTimeout):
            pool.run("full", _sleep, 0.5, seconds=60)
        with pytest.raises(ProcessLookupError):
            os.kill(before, 0)  # killed and reaped
        after = pool.run("full", _pid, 5)
        assert after not in (before, os.getpid())
        with pytest.raises(TypeError):
            pool.run("full", _sleep, 5, seconds="not a number")  # raised in the worker, raised here
        assert pool.run("full", _pid, 5) == after  # an error is an answer: the worker stays
    finally:
        pool.close()


def test_a_worker_does_not_keep_the_parents_pipes_and_sockets_open():
    """A subprocess reading a pipe from this process must see end-of-file when the pipe is closed here,
    even though a long-lived worker was forked while the pipe was open (a copy would keep it open)."""
    import socket
    import subprocess

    from safetycase_kg.core.store import Store
    from safetycase_kg.core.worker import WorkerPool
    reader = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    store = Store(install_system_graphs=False)
    pool = WorkerPool(lambda: {"full": store}, size=1)
    try:
        pool.run("full", _pid, 5)  # the worker is forked now, with the pipe and the sockets open
        reader.stdin.close()
        assert reader.wait(timeout=10) == 0  # cat saw end-of-file: the worker holds no copy
        accepted.close()
        client.settimeout(10)
        assert client.recv(1) == b""  # the connection really closed
    finally:
        pool.close()
        reader.kill()
        client.close()
        listener.close()


# --- the memory budget -----------------------------------------------------------------------------

MIB = 2**20
# Every pair of triples, sorted: the sort holds them all, so memory grows with the square of the store.
HUNGRY = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?q ?y } ORDER BY ?a ?b LIMIT 1"


def _allocate(store, size):
    return len(bytearray(size))


def _query(store, text):
    return [str(row[0]) for row in store.query(text)]


def test_past_its_budget_a_worker_stops_with_out_of_memory_in_python_and_in_oxigraph(example_store):
    with pytest.raises(WorkerOutOfMemory, match="64 MiB"):  # Python: MemoryError in the child
        run_in_worker(lambda: len(bytearray(256 * MIB)), 30, memory=64 * MIB)
    with pytest.raises(WorkerOutOfMemory, match="64 MiB"):  # Oxigraph: its allocator aborts the child
        run_in_worker(lambda: list(example_store.query(HUNGRY)), 60, memory=64 * MIB)
    assert run_in_worker(lambda: len(bytearray(16 * MIB)), 30, memory=64 * MIB) == 16 * MIB  # within budget
    assert run_in_worker(lambda: len(bytearray(256 * MIB)), 30) == 256 * MIB  # no budget: the limit is ours


def test_a_pooled_worker_past_its_budget_is_replaced_and_the_pool_goes_on(example_store):
    pool = WorkerPool(lambda: {"full": example_store}, size=1, memory=64 * MIB)
    try:
        first = pool.run("full", _pid, 5)
        for hungry in ((_allocate, {"size": 256 * MIB}), (_query, {"text": HUNGRY})):
            with pytest.raises(WorkerOutOfMemory):
                pool.run("full", hungry[0], 60, **hungry[1])
            with pytest.raises(ProcessLookupError):
                os.kill(first, 0)  # stopped and reaped
            after = pool.run("full", _pid, 5)
            assert after not in (first, os.getpid())
            first = after
        assert pool.run("full", _query, 30, text="SELECT (COUNT(*) AS ?n) WHERE { ?s a sc:SafetyCase }") == ["16"]
    finally:
        pool.close()


def test_a_child_collects_what_it_makes_and_not_what_it_inherited():
    """A child forked while the server's warm-up holds the collector off (``web/warmup.py``) still collects;
    and its collections do not walk the parent's objects (which would copy the pages they sit on)."""
    inherited = [object() for _ in range(3)] + [[]]
    gc.disable()
    try:
        enabled, tracked = run_in_worker(lambda: (gc.isenabled(), id(inherited[-1]) in {id(o) for o in gc.get_objects()}), 30)
    finally:
        gc.enable()
    assert enabled and not tracked


def _collecting(store) -> bool:
    return gc.isenabled()


def test_a_pool_worker_forked_while_the_collector_is_off_collects():
    from safetycase_kg.core.store import Store
    store = Store(install_system_graphs=False)
    pool = WorkerPool(lambda: {"full": store}, size=1)
    gc.disable()
    try:
        assert pool.run("full", _collecting, 30)
    finally:
        gc.enable()
        pool.close()


def test_a_process_pool_worker_forked_while_the_collector_is_off_collects():
    """The loader's and the validator's pools (``core.procs``) start their workers the same way."""
    from safetycase_kg.core.procs import worker_pool
    gc.disable()
    try:
        with worker_pool(1) as pool:
            assert pool.submit(gc.isenabled).result(timeout=30)
    finally:
        gc.enable()
