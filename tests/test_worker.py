"""The forked query worker: answers, errors, and a child that is really gone after a timeout."""

import os
import time
from pathlib import Path

import pytest

from safetycase_kg.execute import run_limited
from safetycase_kg.store import StoreError
from safetycase_kg.worker import WorkerFailed, WorkerTimeout, run_in_worker


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
