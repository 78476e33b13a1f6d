"""Keeping forks away from Oxigraph: the one lock that lets a threaded server fork query workers safely.

The server answers requests on several threads and runs outside queries in forked children (see
``worker``). A child is a copy of the parent at the moment of ``fork()``, taken while other
threads may be inside Oxigraph: pyoxigraph releases the GIL while it reads or writes, so a thread
can hold one of the store's internal locks at that instant, and the child, which has only the
forking thread, would wait on that lock for ever. So every use of an Oxigraph store in this
process takes ``oxigraph_access`` shared, and a fork takes it exclusive: no thread is inside
Oxigraph while a child is being made. Shared holders do not wait for each other; a waiting fork
is served before new shared holders, so a stream of page reads cannot starve the query workers.
A thread that already holds the shared side may take it again (store methods call each other).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class SharedExclusiveLock:
    """Many shared holders or one exclusive holder; exclusive waiters go first; shared re-entrant per thread."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._shared = 0
        self._exclusive = False
        self._waiting_exclusive = 0
        self._mine = threading.local()

    @contextmanager
    def shared(self) -> Iterator[None]:
        depth = getattr(self._mine, "depth", 0)
        if depth == 0:
            with self._cond:
                self._cond.wait_for(lambda: not self._exclusive and not self._waiting_exclusive)
                self._shared += 1
        self._mine.depth = depth + 1
        try:
            yield
        finally:
            self._mine.depth = depth
            if depth == 0:
                with self._cond:
                    self._shared -= 1
                    self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        if getattr(self._mine, "depth", 0):
            raise RuntimeError("cannot take the exclusive side while holding the shared side")
        with self._cond:
            self._waiting_exclusive += 1
            try:
                self._cond.wait_for(lambda: not self._exclusive and self._shared == 0)
            finally:
                self._waiting_exclusive -= 1
            self._exclusive = True
        try:
            yield
        finally:
            with self._cond:
                self._exclusive = False
                self._cond.notify_all()


oxigraph_access = SharedExclusiveLock()

# A child starts with one thread: whatever the parent's threads held is meaningless there.
os.register_at_fork(after_in_child=oxigraph_access._reset)
