"""Benchmark: load, validate and query N synthetic cases, against the baseline a user would write by hand.

    python bench/bench_core.py [--cases 1000] [--baseline-timeout 900] [--skip-baseline]

safetycase-kg: the embedded Oxigraph store on disk, ``load`` (parallel parse, bulk write), ``validate``
(pySHACL in chunks of cases + SHACL-SPARQL in Oxigraph) and every named query in ``queries/``.
Baseline: an rdflib in-memory Dataset filled with rdflib's JSON-LD parser, pySHACL over the whole
union graph, and the same named queries in rdflib's SPARQL engine. A baseline stage that runs past
the time budget is stopped and reported as not finished. Prints a Markdown table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import tempfile
import time
from pathlib import Path

import yaml
from synth import generate_corpus

from safetycase_kg.core.namespaces import CONTEXT_FILE, ONTOLOGY_DIR, PREFIXES, SHAPES_DIR
from safetycase_kg.core.queries import run_named
from safetycase_kg.core.sparql import load_library
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load
from safetycase_kg.ingest.validate import validate_store


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def runnable_queries():
    """The named queries that run with their defaults (those with a required parameter are skipped)."""
    return {n: q for n, q in load_library().items() if not any(p.required for p in q.parameters)}


def ours(corpus: Path, work: Path) -> dict[str, float]:
    store = Store(work / "store")
    t_load, (batch, _) = timed(load, store, [corpus])
    t_validate, report = timed(validate_store, store)
    assert report.conforms, "the synthetic corpus should conform"
    library = runnable_queries()
    t_query, rows = timed(lambda: sum(len(run_named(store, q, {})) for q in library.values()))
    return {"load": t_load, "validate": t_validate, "query": t_query, "triples": batch.triple_count, "rows": rows}


# --- baseline: what a user would write with rdflib + pySHACL alone ---------------------------------

def baseline_load(corpus: Path):
    import rdflib
    context = json.loads(CONTEXT_FILE.read_text())["@context"]
    data = rdflib.Dataset(default_union=True)
    for f in sorted(corpus.rglob("*.yaml")):
        doc = yaml.safe_load(f.read_text())
        doc["@context"] = context
        data.parse(data=json.dumps(doc, default=str), format="json-ld")
    return data


def _baseline_run(corpus: str, out: mp.Queue) -> None:
    """Load, validate and query in one child process, reporting each stage's time as it finishes."""
    import pyshacl
    import rdflib
    start = time.perf_counter()
    data = baseline_load(Path(corpus))
    out.put(("load", time.perf_counter() - start))
    union = rdflib.Graph()
    for t in data.triples((None, None, None)):
        union.add(t)
    shapes = rdflib.Graph()
    for f in SHAPES_DIR.glob("*.ttl"):
        shapes.parse(f)
    ontology = rdflib.Graph().parse(ONTOLOGY_DIR / "safetycase.ttl")
    start = time.perf_counter()
    pyshacl.validate(union, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True)
    out.put(("validate", time.perf_counter() - start))
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    start = time.perf_counter()
    for q in runnable_queries().values():
        len(data.query(prologue + q.bind({})))
    out.put(("query", time.perf_counter() - start))


def baseline(corpus: Path, timeout: float) -> tuple[dict[str, float], float]:
    """Times of the baseline stages that finished within ``timeout`` seconds, and the time used."""
    out: mp.Queue = mp.Queue()
    proc = mp.Process(target=_baseline_run, args=(str(corpus), out))
    started = time.perf_counter()
    proc.start()
    times: dict[str, float] = {}
    while (len(times) < 3 and proc.is_alive()) or not out.empty():
        left = timeout - (time.perf_counter() - started)
        if left <= 0:
            break
        try:
            stage, seconds = out.get(timeout=min(left, 5))
            times[stage] = seconds
        except Exception:  # queue.Empty
            continue
    if proc.is_alive():
        proc.terminate()
    proc.join()
    return times, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--baseline-timeout", type=float, default=1800.0, help="seconds for all baseline stages together")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        t_gen, files = timed(generate_corpus, corpus, args.cases)
        print(f"generated {args.cases} cases ({len(files)} files) in {t_gen:.1f} s")
        mine = ours(corpus, work)
        print(f"{mine['triples']} triples, {mine['rows']} query rows")
        base, used = ({}, 0.0) if args.skip_baseline else baseline(corpus, args.baseline_timeout)
        rows = []
        for stage in ("load", "validate", "query"):
            if args.skip_baseline:
                base_text, speed = "not run", ""
            elif stage not in base:
                base_text, speed = f"not finished ({used:.0f} s budget used)", ""
            else:
                base_text, speed = f"{base[stage]:.2f} s", f"{base[stage] / mine[stage]:.1f}x"
            rows.append(f"| {stage} | {mine[stage]:.2f} s | {base_text} | {speed} |")
        print(f"\n{args.cases} cases, {mine['triples']} triples\n")
        print("| stage | safetycase-kg (Oxigraph on disk) | baseline (rdflib + pySHACL) | speed-up |")
        print("|---|---|---|---|")
        print("\n".join(rows))


if __name__ == "__main__":
    main()
