"""Judging every case, and building the compliance matrices an operator names, before anyone asks.

The first matrix a process serves judges the whole store and builds a column per case: about 30 s at
1,000 cases, half of it the judgement (``bench/bench_scale.py``). Once built, judgements and columns are
kept until a write reaches their case, so the next matrix costs what changed. The server therefore does
that first build itself, in one background thread, as soon as it starts, and again whenever a write or
a new day (judgements are as of a date) has left something to build: analysts then read kept work. A
request that comes while the thread is building waits for the same build instead of starting a second
one (``core/singleflight.py``), so the warm-up never doubles the work it saves.

The judgement serves every output (pages, reports, lint), so it is always built. A matrix is one
framework version's, and the catalog holds dozens (a whole minute of work per version at 1,000 cases,
in two tiers), so only the versions named in ``warm_matrices`` are built ahead.

The thread builds what a request would, through the same calls and on the same datasets (the
reviewer tiers' in-memory copy, the public view): there is no second way to a report.

What is kept is large: about a million Python objects at 1,000 cases. Python's collector scans every
object it tracks in a full collection (0.5 s at 1,000 cases, with the GIL held), and it runs one whenever
enough new objects have survived, so a request that happened to build a report would stall every thread.
After each pass the thread therefore moves what is alive out of the collector's sight (``gc.freeze``:
objects are still freed when nothing refers to them); once a day, on the day's first pass, it puts them
back and collects in full, so cyclic garbage frozen meanwhile is not kept for longer than a day.

During the passes that judge every case (a process's first, each day's first) the collector is held off
altogether. While such a pass builds, every full collection walks all that it has built so far: at 2,000
cases one pass ran 28 of them, each stopping every thread, the last ones for about a second (a thread
sleeping 10 ms woke up more than a second late). What the pass builds is mostly what it keeps, and objects
that nothing refers to are still freed as they go; at its end ``gc.freeze`` moves what is alive out of
sight without walking it, and the few cycles of garbage made meanwhile (by requests too) wait for the
day's full collection. A pass after a write builds only the cases it reached, so the collector stays on:
its collections walk little, and requests' garbage is collected as usual.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from ..analysis.standing import case_standings
from ..core.storeapi import GraphStore
from ..outputs.reports.compliance import matrix_report

log = logging.getLogger("safetycase_kg.warmup")
PAUSE = 5.0  # seconds between looks at the store's generation and the date
MAX_PAUSE = 300.0  # the longest wait between attempts after failed ones


class Warmer:
    """One background thread keeping each tier's judgements and matrices built for today and the store's
    latest write. ``views`` gives the dataset each tier reads (asked anew each pass: a copy may be remade)."""

    def __init__(self, views: Callable[[], Mapping[str, GraphStore]], generation: Callable[[], int],
                 matrices: Sequence[str] = (), pause: float = PAUSE) -> None:
        self.views, self.generation, self.matrices, self.pause = views, generation, tuple(matrices), pause
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._built: tuple[date, int] | None = None
        self._collected: date | None = None  # the day of the last full collection
        self._state: dict[str, Any] = {"state": "starting"}
        self._thread = threading.Thread(target=self._run, name="safetycase-kg warm-up", daemon=True)

    def start(self) -> Warmer:
        # Collect in full now, while little is alive, and count it as today's collection: a full collection
        # after the first pass would walk every object of the judgements it kept (about 2 s at 10,000 cases,
        # every thread stopped), at the moment a process manager first asks whether the server is up.
        gc.collect()
        self._collected = date.today()
        self._thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def status(self) -> dict[str, Any]:
        """For ``/healthz``: ``ready`` once everything is built for today and the latest write, else
        ``warming`` (or ``starting``); the last pass's date, generation and seconds; the last error."""
        with self._lock:
            status = dict(self._state)
        if status["state"] == "ready" and self._built != (date.today(), self.generation()):
            status["state"] = "warming"
        return status

    def wait_ready(self, timeout: float) -> bool:
        """Whether everything was built within ``timeout`` seconds (for tools and tests that start a server)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status()["state"] == "ready":
                return True
            time.sleep(0.05)
        return False

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            wanted = (date.today(), self.generation())
            if wanted != self._built:
                failures = 0 if self._pass(*wanted) else failures + 1
            # after failures, wait longer each time (up to MAX_PAUSE): a lasting fault is logged now and then
            self._stop.wait(min(self.pause * 2 ** failures, MAX_PAUSE))

    def _pass(self, today: date, generation: int) -> bool:
        with self._lock:
            self._state = {**self._state, "state": "warming"}
        started = time.perf_counter()
        collecting = gc.isenabled()
        if self._built is None or self._built[0] != today:  # every case is judged: see above
            gc.disable()
        try:
            built = warm(self.views(), today, self.matrices)
            # out of sight before the collector is back: with it off, all the pass built is its youngest
            # generation, which the next collection would walk whole
            self._freeze(today)
        except Exception as err:  # the store closed under us, a bad catalog: say so, and try again next pass
            log.warning("warm-up failed: %s: %s", type(err).__name__, err)
            with self._lock:
                self._state = {**self._state, "state": "warming", "error": f"{type(err).__name__}: {err}"}
            return False
        finally:
            if collecting:
                gc.enable()
        with self._lock:
            self._built = (today, generation)
            self._state = {"state": "ready", "as_of": today.isoformat(), "generation": generation,
                           "seconds": round(time.perf_counter() - started, 2), "matrices": built}
        return True

    def _freeze(self, today: date) -> None:
        """Move what is alive (the kept judgements) out of the collector's sight; a full collection first on
        the day's first pass."""
        if self._collected != today:
            gc.unfreeze()
            gc.collect()
            self._collected = today
        gc.freeze()


def warm(views: Mapping[str, GraphStore], as_of: date, matrices: Sequence[str] = ()) -> int:
    """Judge every case of each tier's dataset, then build the matrix of each of ``matrices`` (framework
    versions) in each tier, as a request would; the number of matrices built."""
    for view in views.values():
        case_standings(view, as_of, apart=True)  # a whole-store judgement in its own process: see judge_apart
    for tier, view in views.items():
        for framework in matrices:
            matrix_report(view, framework, tier=tier, as_of=as_of)
    return len(views) * len(matrices)
