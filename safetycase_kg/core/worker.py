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
memory (page tables), see ``bench/bench_worker.py``. A worker dies with the server (``procs``): a
query of a killed server does not run on as an orphan.

A worker may also be given a memory budget: what it may allocate beyond what it inherited from the
server (``RLIMIT_DATA``, counted from the moment of the fork). A query that needs more is stopped
there, in the worker, instead of growing until the kernel's OOM killer picks a victim, which could be
the server itself. Past the budget, Oxigraph's allocator aborts the worker (SIGABRT) and Python raises
MemoryError; both come back as ``WorkerOutOfMemory``. Workers also volunteer to the OOM killer
(``oom_score_adj`` 1000), so a machine that runs short anyway loses a query before the server.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import resource
import select
import signal
import stat
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from .errors import SafetyCaseKGError
from .locks import oxigraph_access
from .procs import collect_own, die_with_parent

T = TypeVar("T")
READ_CHUNK = 1 << 20


class WorkerTimeout(SafetyCaseKGError):
    """The worker did not finish in time; it has been killed."""

    http_status = 503


class WorkerFailed(SafetyCaseKGError):
    """The worker died without an answer (killed by a signal, ...)."""

    http_status = 500


class WorkerOutOfMemory(SafetyCaseKGError):
    """The worker needed more memory than its budget; it has been stopped."""

    http_status = 503

    def __init__(self, budget: int | None) -> None:
        mib = "its" if budget is None else f"{budget // 2**20} MiB of"
        super().__init__(f"the query needed more than {mib} memory and was stopped")
        self.budget = budget

    def __reduce__(self) -> tuple[Any, ...]:  # back through the pipe with its budget
        return (WorkerOutOfMemory, (self.budget,))


def run_in_worker(fn: Callable[[], T], timeout: float | None, memory: int | None = None) -> T:
    """Run ``fn()`` in a forked child and return its (picklable) result, or raise what it raised.

    Raises WorkerTimeout after ``timeout`` seconds (the child is killed and reaped first),
    WorkerOutOfMemory when it needed more than ``memory`` bytes beyond what it inherited, and
    WorkerFailed when the child dies without answering otherwise.
    """
    parent = os.getpid()
    with oxigraph_access.exclusive():  # the pipe too, so no other fork inherits its ends
        read_fd, write_fd = os.pipe()
        pid = os.fork()
    if pid == 0:  # the child: never return into the server's code
        status = 0
        try:
            os.close(read_fd)
            _become_child(parent, {write_fd}, memory)
            try:
                payload = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as err:  # every failure goes back to the parent
                payload = pickle.dumps((False, _picklable(err, memory)), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(len(payload).to_bytes(8, "big") + payload)
            while view:
                view = view[os.write(write_fd, view):]
        except BaseException:
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
        raise _died(status, memory)
    ok, value = pickle.loads(data)
    if ok:
        return cast(T, value)  # what fn returned, back through the pipe
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


def _kill(pid: int) -> int | None:
    """Kill and reap ``pid``; its wait status (how it ended, if it had already died), or None."""
    try:
        os.kill(pid, signal.SIGKILL)
        return os.waitpid(pid, 0)[1]
    except (ProcessLookupError, ChildProcessError):
        return None  # already gone and reaped


def limit_memory(budget: int | None) -> None:
    """In a forked child: allow ``budget`` more bytes of data than it inherited; die first on OOM."""
    with contextlib.suppress(OSError), open("/proc/self/oom_score_adj", "w") as adj:
        adj.write("1000")
    if budget is None:
        return
    faulthandler.disable()  # an abort past the budget is expected; the parent reports it, no dump of the stack
    inherited = _data_size()
    if inherited is not None:
        resource.setrlimit(resource.RLIMIT_DATA, (inherited + budget, inherited + budget))


def _data_size() -> int | None:
    """The process's data size in bytes (``VmData``: heap and private writable mappings), if known."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def _died(status: int | None, budget: int | None) -> SafetyCaseKGError:
    """What to raise for a worker that ended without an answer."""
    if budget is not None and status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT:
        return WorkerOutOfMemory(budget)  # Oxigraph's allocator aborts when the budget is spent
    return WorkerFailed(f"the query worker died without an answer ({_describe(status)})")


def _picklable(err: BaseException, budget: int | None = None) -> BaseException:
    if isinstance(err, MemoryError):
        return WorkerOutOfMemory(budget)
    try:
        pickle.loads(pickle.dumps(err))
        return err
    except Exception:  # some exceptions do not survive pickling; keep their text
        return RuntimeError(f"{type(err).__name__}: {err}")


def _describe(status: int | None) -> str:
    if status is None:
        return "already reaped"
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[], T]:
    """``fn`` with its arguments, as a zero-argument callable for ``run_in_worker``."""
    return lambda: fn(*args, **kwargs)


# --- a pool of pre-forked workers for queries -------------------------------------------------------

class _Worker:
    """A forked child that answers requests over a pair of pipes until told to stop."""

    def __init__(self, pid: int, to_child: int, from_child: int, epoch: object) -> None:
        self.pid, self.to_child, self.from_child, self.epoch = pid, to_child, from_child, epoch
        self.served = 0

    def close(self) -> int | None:
        """Stop the child (end of its input, then SIGKILL) and reap it; how it ended, if it had died."""
        for fd in (self.to_child, self.from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        return _kill(self.pid)


class WorkerPool:
    """Pre-forked workers, so a query costs a pipe round trip instead of a fork (15 to 40 ms).

    Each worker is forked with the stores it may read (``stores()`` returns them by role, e.g. the full
    store and the public view) and keeps them as they were at that moment, like a one-shot worker. When
    any of them changes (a write bumps a store's generation, a new public view replaces the old one),
    the pool starts a new epoch: idle workers of the old one are stopped at once, busy ones when they
    finish, and new ones are forked on demand. A request that runs past its deadline gets its worker
    killed (SIGKILL), exactly as with ``run_in_worker``; the pool forks a replacement when needed. A
    worker is also replaced after ``recycle_after`` requests, to bound the memory a long-lived copy of
    the server can come to hold, and after running out of its ``memory`` budget (bytes beyond what it
    shares with the server; None for no budget).
    """

    def __init__(self, stores: Callable[[], dict[str, Any]], size: int = 4, recycle_after: int = 1000,
                 memory: int | None = None) -> None:
        self._stores, self.size, self.recycle_after, self.memory = stores, size, recycle_after, memory
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._busy = 0
        self._epoch: object = None

    def run(self, role: str, fn: Callable[..., T], timeout: float | None, **kwargs: Any) -> T:
        """``fn(stores[role], **kwargs)`` in a worker; raises what it raised, WorkerTimeout or WorkerFailed.

        ``fn`` must be a module-level function (it is sent by reference) and its result picklable.
        """
        worker = self._acquire()
        payload = pickle.dumps((fn, role, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_all(worker.to_child, len(payload).to_bytes(8, "big") + payload)
            data = _read_until(worker.from_child, worker.pid, None if timeout is None else time.monotonic() + timeout)
        except WorkerTimeout:
            self._discard(worker)
            raise
        except OSError:
            data = b""
        if not data:
            raise _died(self._discard(worker), self.memory)
        ok, value = pickle.loads(data)
        if isinstance(value, WorkerOutOfMemory):
            self._discard(worker)  # it may hold what it could not free, and it has stopped serving
        else:
            self._release(worker)
        if ok:
            return cast(T, value)  # what fn returned, back through the pipe
        raise value

    def close(self) -> None:
        with self._cond:
            idle, self._idle = self._idle, []
            self._epoch = None
        for worker in idle:
            worker.close()

    # --- bookkeeping ---------------------------------------------------------------------------------

    def _acquire(self) -> _Worker:
        stores = self._stores()
        epoch = tuple((role, id(store), getattr(store, "generation", 0)) for role, store in sorted(stores.items()))
        stale: list[_Worker] = []
        with self._cond:
            if epoch != self._epoch:
                self._epoch, stale, self._idle = epoch, self._idle, []
            self._cond.wait_for(lambda: self._idle or self._busy + len(self._idle) < self.size)
            worker = self._idle.pop() if self._idle else None
            self._busy += 1
        for old in stale:
            old.close()
        if worker is None:
            try:
                worker = _fork_worker(stores, epoch, self.memory)
            except BaseException:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify()
                raise
        return worker

    def _release(self, worker: _Worker) -> None:
        worker.served += 1
        with self._cond:
            self._busy -= 1
            keep = worker.epoch == self._epoch and worker.served < self.recycle_after
            if keep:
                self._idle.append(worker)
            self._cond.notify()
        if not keep:
            worker.close()

    def _discard(self, worker: _Worker) -> int | None:
        with self._cond:
            self._busy -= 1
            self._cond.notify()
        return worker.close()


def _become_child(parent: int, keep: set[int], memory: int | None) -> None:
    """What every forked child does first: die with the parent, let go of what it inherited but ``keep``,
    take its memory budget, and collect its own objects (``collect_own``)."""
    die_with_parent(parent)
    release_inherited(keep=keep)
    limit_memory(memory)
    collect_own()


def _fork_worker(stores: dict[str, Any], epoch: object, memory: int | None) -> _Worker:
    parent = os.getpid()
    with oxigraph_access.exclusive():  # the pipes too, so no other fork inherits their ends
        requests_r, requests_w = os.pipe()
        answers_r, answers_w = os.pipe()
        pid = os.fork()
    if pid == 0:  # the child: answer requests until the parent closes the pipe; never return
        status = 0
        try:
            os.close(requests_w)
            os.close(answers_r)
            _become_child(parent, {requests_r, answers_w}, memory)
            _serve(requests_r, answers_w, stores, memory)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(requests_r)
    os.close(answers_w)
    return _Worker(pid, requests_w, answers_r, epoch)


def _serve(requests: int, answers: int, stores: dict[str, Any], memory: int | None) -> None:
    while True:
        header = _read_exactly(requests, 8)
        if header is None:
            return
        payload = _read_exactly(requests, int.from_bytes(header, "big"))
        if payload is None:
            return
        spent = False
        try:
            fn, role, kwargs = pickle.loads(payload)
            answer = pickle.dumps((True, fn(stores[role], **kwargs)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as err:  # every failure goes back to the parent
            spent = isinstance(err, MemoryError)
            answer = pickle.dumps((False, _picklable(err, memory)), protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(answers, len(answer).to_bytes(8, "big") + answer)
        if spent:
            return  # the parent discards a worker that ran out of memory


def release_inherited(keep: set[int]) -> None:
    """In a forked child: point every inherited socket and pipe but ``keep`` (and 0, 1, 2) at /dev/null.

    A child holds copies of every descriptor its parent had at the fork: client connections, the
    listening socket, the pipes of other workers and of subprocesses. While the copy lives, the other
    end sees no end-of-file when the parent closes it: a client waits for a connection to close, a
    subprocess reading its stdin never exits. A long-lived pool worker would keep them for good. The
    numbers stay taken (by /dev/null) rather than closed, so no Python object still wrapping one of
    them can later close a file the store has opened under the same number. Regular files (the
    store's) are left as they are.
    """
    try:
        inherited = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return  # no /proc: nothing to do portably
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in inherited:
            if fd <= 2 or fd == null or fd in keep:
                continue
            try:
                mode = os.fstat(fd).st_mode
            except OSError:
                continue  # the descriptor of the listing itself, already closed
            if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
                os.dup2(null, fd)
    finally:
        os.close(null)


def _read_exactly(fd: int, n: int) -> bytes | None:
    buffer = bytearray()
    while len(buffer) < n:
        chunk = os.read(fd, min(READ_CHUNK, n - len(buffer)))
        if not chunk:
            return None
        buffer += chunk
    return bytes(buffer)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
