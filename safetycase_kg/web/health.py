"""Whether the server can still do its job, for a process manager that restarts it when it cannot.

Two things must work for every request: reading the store, and starting a query worker (a fork
that answers through a pipe). ``check`` tries both, quickly, and says which failed. A server whose
last several requests all ended in an internal error also reports itself unhealthy: a process that
only answers 500 should be restarted rather than kept. ``warm`` does the same checks and builds
what the first requests would otherwise build at once (the public view, the in-memory copy of the
store, the named-query library),
so the server answers a burst of clients from its first second.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from ..analysis.redact import public_views
from ..core.mirror import DEFAULT_MAX_QUADS, mirrors
from ..core.sparql import load_library
from ..core.storeapi import GraphStore
from ..core.worker import WorkerFailed, WorkerTimeout, run_in_worker
from .warmup import Warmer

FAILURES_BEFORE_UNHEALTHY = 5  # consecutive internal errors


class Health:
    """The checks behind ``/healthz`` and the count of consecutive internal errors."""

    def __init__(self, store: GraphStore, timeout: float = 10, in_memory_max_quads: int = DEFAULT_MAX_QUADS) -> None:
        self.store, self.in_memory_max_quads = store, in_memory_max_quads
        self.timeout = min(timeout, 10)
        self.started = time.time()
        self._lock = threading.Lock()
        self._failures = 0
        self.warmer: Warmer | None = None  # the background build of judgements and matrices, when the server keeps one

    def record(self, status: int) -> None:
        """Count a response: internal errors in a row make the server unhealthy; any success resets."""
        with self._lock:
            self._failures = self._failures + 1 if status >= 500 and status != 503 else 0

    def problems(self) -> list[str]:
        found = []
        try:
            self.store.query("ASK { ?s ?p ?o }")
        except Exception as err:  # any failure to read is the finding
            found.append(f"the store cannot be read: {type(err).__name__}: {err}")
        try:
            if run_in_worker(lambda: True, self.timeout) is not True:
                found.append("a query worker answered wrongly")
        except (WorkerFailed, WorkerTimeout, OSError) as err:
            found.append(f"a query worker cannot be started: {err}")
        with self._lock:
            if self._failures >= FAILURES_BEFORE_UNHEALTHY:
                found.append(f"the last {self._failures} requests ended in an internal error")
        return found

    def check(self) -> dict[str, Any]:
        problems = self.problems()
        report = {"healthy": not problems, "problems": problems, "generation": self.store.generation,
                  "uptime_s": round(time.time() - self.started, 1)}
        if self.warmer is not None:
            report["warm"] = self.warmer.status()
        return report

    def warm(self) -> list[str]:
        """Build what requests share (public view, in-memory copy, query library) and check the server can serve."""
        problems = self.problems()
        if not problems:
            public_views.get(self.store)
            mirrors.get(self.store, self.in_memory_max_quads)
            load_library()
        return problems
