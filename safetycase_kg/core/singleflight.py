"""One computation for many callers asking the same thing at once.

A server's first compliance matrix judges the whole store (tens of seconds at 1,000 cases). When eight
analysts open it in the same minute, or one opens it while the server is judging in the background
(``web/warmup.py``), each would otherwise start the same whole-store judgement and the work would be
multiplied on a machine with two cores. ``SingleFlight.do`` lets the first caller compute and the
others wait for its answer (or its error).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Generic, TypeVar

T = TypeVar("T")


class SingleFlight(Generic[T]):
    """Callers of ``do`` with equal keys while one is running share its result; nothing is kept after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[Hashable, Future[T]] = {}
        self._waiting: dict[Hashable, int] = {}

    def do(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            running = self._running.get(key)
            if running is None:
                mine: Future[T] = Future()
                self._running[key] = mine
            else:
                self._waiting[key] = self._waiting.get(key, 0) + 1
        if running is not None:
            try:
                return running.result()
            finally:
                with self._lock:
                    self._waiting[key] -= 1
                    if not self._waiting[key]:
                        del self._waiting[key]
        try:
            result = compute()
        except BaseException as err:
            mine.set_exception(err)
            raise
        else:
            mine.set_result(result)
            return result
        finally:
            with self._lock:
                del self._running[key]

    def waiting(self, key: Hashable) -> int:
        """How many callers are waiting for the computation under ``key`` (0 when none runs)."""
        with self._lock:
            return self._waiting.get(key, 0)
