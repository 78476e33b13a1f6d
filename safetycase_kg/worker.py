"""Running one query in a forked worker process that can be killed when it runs too long.

Oxigraph has no way to cancel a running query: a thread running a runaway query (a cartesian product,
an unbounded property path) would keep a core busy after the client has been told it timed out. So each
query runs in a child made with ``fork()``: the child sees the parent's store as it was at that moment
(copy-on-write memory for an in-memory store, the same open files for an on-disk one), runs the query,
serialises the answer and writes it back through a pipe. When the deadline passes the parent kills the
child with SIGKILL and reaps it; nothing of the query is left running.

No thread of the parent is inside Oxigraph while a worker is being forked (``locks.oxigraph_access``):
a child born while another thread holds one of the store's internal locks would wait on it for ever.
(On disk, RocksDB's own background threads may still hold a lock at that moment; such a child hangs,
and the time limit kills it like any runaway query.) The cost of the fork grows with the parent's
memory (page tables), see ``bench/bench_worker.py``.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .locks import oxigraph_access

T = TypeVar("T")
READ_CHUNK = 1 << 20


class WorkerTimeout(Exception):
    """The worker did not finish in time; it has been killed."""


class WorkerFailed(Exception):
    """The worker died without an answer (killed by a signal, out of memory, ...)."""




def run_in_worker(fn: Callable[[], T], timeout: float | None) -> T:
    """Run ``fn()`` in a forked child and return its (picklable) result, or raise what it raised.

    Raises WorkerTimeout after ``timeout`` seconds (the child is killed and reaped first) and
    WorkerFailed when the child dies without answering.
    """
    read_fd, write_fd = os.pipe()
    with oxigraph_access.exclusive():
        pid = os.fork()
    if pid == 0:  # the child: never return into the server's code
        status = 0
        try:
            os.close(read_fd)
            try:
                payload = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as err:  # noqa: BLE001 - every failure goes back to the parent
                payload = pickle.dumps((False, _picklable(err)), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(len(payload).to_bytes(8, "big") + payload)
            while view:
                view = view[os.write(write_fd, view):]
        except BaseException:  # noqa: BLE001
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    try:
        data = _read_until(read_fd, pid, None if timeout is None else time.monotonic() + timeout)
    finally:
        os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    if not data:
        raise WorkerFailed(f"the query worker died without an answer ({_describe(status)})")
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value


def _read_until(fd: int, pid: int, deadline: float | None) -> bytes:
    """Read the child's answer; kill and reap it when the deadline passes first.

    The answer is length-prefixed rather than read to end-of-file: a sibling worker forked by another
    thread at the same moment may hold a copy of this pipe's write end until it exits.
    """
    buffer = bytearray()
    expected: int | None = None
    while expected is None or len(buffer) < expected + 8:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            _kill(pid)
            raise WorkerTimeout("the query ran out of time and was stopped")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, READ_CHUNK)
        if not chunk:
            return b""
        buffer += chunk
        if expected is None and len(buffer) >= 8:
            expected = int.from_bytes(buffer[:8], "big")
    return bytes(buffer[8:])


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def _picklable(err: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(err))
        return err
    except Exception:  # noqa: BLE001 - some exceptions do not survive pickling; keep their text
        return RuntimeError(f"{type(err).__name__}: {err}")


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
    """``fn`` with its arguments, as a zero-argument callable for ``run_in_worker``."""
    return lambda: fn(*args, **kwargs)
