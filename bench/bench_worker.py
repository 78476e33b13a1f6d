"""What running each query in a worker costs: the same queries in-process, in a one-shot fork and in the pool.

Prints milliseconds per query for a trivial ASK (pure overhead) and a typical named query, over the
example corpus in memory and on disk. No assertions; run ``python bench/bench_worker.py``.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from safetycase_kg.core.execute import answer, run_limited
from safetycase_kg.core.namespaces import EXAMPLES_DIR
from safetycase_kg.core.sparql import load_library
from safetycase_kg.core.store import Store
from safetycase_kg.core.worker import WorkerPool
from safetycase_kg.ingest.load import load

ROUNDS = 50


def per_query_ms(fn) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    named = load_library()["cases-by-decision"].bind({})
    with tempfile.TemporaryDirectory() as folder:
        for label, store in (("in memory", Store()), ("on disk", Store(folder + "/store"))):
            load(store, [EXAMPLES_DIR])
            for name, text in (("ASK", "ASK { ?s ?p ?o }"), ("cases-by-decision", named)):
                direct = per_query_ms(lambda s=store, t=text: answer(s, t, "json", max_rows=10_000))
                worker = per_query_ms(lambda s=store, t=text: run_limited(s, t, "json", max_rows=10_000, timeout=30))
                pool = WorkerPool(lambda s=store: {"full": s}, size=1)
                pooled = per_query_ms(lambda s=store, t=text, p=pool: run_limited(s, t, "json", max_rows=10_000,
                                                                                   timeout=30, pool=p, role="full"))
                pool.close()
                print(f"{label:9} {name:18} in-process {direct:6.1f} ms   one-shot worker {worker:6.1f} ms   "
                      f"pooled worker {pooled:6.1f} ms")


if __name__ == "__main__":
    main()
