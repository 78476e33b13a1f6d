"""Running a query from outside within the server's limits: a time limit that stops it and a row cap.

The query runs and its answer is serialised in a forked worker (``worker.run_in_worker``), so both
the evaluation and the serialisation of a huge answer count against the time limit, and a runaway
query is killed rather than abandoned. Rows beyond the cap are never read from Oxigraph: the store is
asked for one row more than the cap, which is how truncation is detected.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef

from .results import Solutions, result_graph, serialize
from .storeapi import GraphStore
from .worker import WorkerPool, call, run_in_worker


@dataclass(frozen=True)
class Answer:
    """A serialised answer: the body, how many rows (or triples) it holds, and whether rows were cut off."""

    body: bytes
    rows: int
    truncated: bool


def run_limited(store: GraphStore, text: str, fmt: str, *, graphs: Sequence[URIRef] | None = None,
                named_graphs: Sequence[URIRef] | None = None, query_dataset: bool = False,
                max_rows: int | None = None, timeout: float | None = None, base_iri: str | None = None,
                pool: WorkerPool | None = None, role: str = "") -> Answer:
    """Run ``text`` over ``store`` in a worker and return the answer serialised as ``fmt``.

    Raises what the query raised (StoreError for errors Oxigraph finds), WorkerTimeout when the time
    limit passed (the worker is gone by then) and WorkerFailed when the worker died. With a ``pool``,
    the query runs in one of its pre-forked workers, on the store it holds for ``role``.
    """
    if pool is not None:
        return pool.run(role, answer, timeout, text=text, fmt=fmt, graphs=graphs, named_graphs=named_graphs,
                        query_dataset=query_dataset, max_rows=max_rows, base_iri=base_iri)
    return run_in_worker(call(answer, store, text, fmt, graphs=graphs, named_graphs=named_graphs,
                              query_dataset=query_dataset, max_rows=max_rows, base_iri=base_iri), timeout)


def answer(store: GraphStore, text: str, fmt: str, *, graphs: Sequence[URIRef] | None = None,
           named_graphs: Sequence[URIRef] | None = None, query_dataset: bool = False,
           max_rows: int | None = None, base_iri: str | None = None) -> Answer:
    """Evaluate and serialise in this process (the worker's side of ``run_limited``)."""
    limit = None if max_rows is None else max_rows + 1
    result = store.solutions(text, graphs=graphs, named_graphs=named_graphs, query_dataset=query_dataset,
                             limit=limit, base_iri=base_iri)
    if isinstance(result, Solutions):
        if result.boolean is not None:
            return Answer(result.write(fmt), 1, False)
        if max_rows is not None and len(result.rows) > max_rows:
            return Answer(result.first(max_rows).write(fmt), max_rows, True)
        return Answer(result.write(fmt), len(result.rows), False)
    rows = len(result_graph(result))
    if max_rows is not None and rows > max_rows:
        kept = Graph()
        for triple in itertools.islice(iter(result_graph(result)), max_rows):
            kept.add(triple)
        result.graph = kept
        return Answer(serialize(result, fmt).encode("utf-8"), max_rows, True)
    return Answer(serialize(result, fmt).encode("utf-8"), rows, False)
