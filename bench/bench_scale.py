"""Scale: load, validate, named queries, one-case writes, the public view and reports at N cases,
each figure beside its baseline measured in the same run.

    python bench/bench_scale.py --cases 1000 [--baseline-ref main] [--out bench/out] [--only STAGE ...]

Stages and their baselines:

* load: ``safetycase-kg load`` of the synthetic corpus (parse in parallel, bulk write) against a raw
  Oxigraph bulk load of the same quads into an empty store;
* validate: the whole store (``validate_store``), against the target;
* queries: every named query with its defaults (a required parameter gets the first synthetic case,
  evidence item or framework) on the in-memory copy the server's reviewer tier reads, against the
  store on disk (what the server read before, and what Oxigraph's own server reads); also on the
  public view in memory, and with ``--baseline-ref`` against the query texts at that git ref;
* writes: a validated load of one case file, a Graph Store PUT of one case graph and a one-triple
  SPARQL update, against the write path before this change (the update runs on a copy of the whole
  dataset, a batch is validated with every register in full), on copies of the same store;
* public view and in-memory copy: catching up after each of those writes (the view against
  rebuilding it from the whole store);
* reports: a compliance report (both tiers) and the matrix for every case (their verdicts are being
  reworked, so these have no baseline here).

Prints Markdown tables and the machine's load average at the start and end; asserts nothing. The
corpus (``OUT/corpus-N``) and stores are kept under ``--out`` (git-ignored) and reused.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # synth.py, the corpus generator

import pyoxigraph as ox  # noqa: E402
from rdflib import URIRef  # noqa: E402
from synth import generate_corpus  # noqa: E402

from safetycase_kg.analysis.redact import PublicView, PublicViews  # noqa: E402
from safetycase_kg.core.mirror import Mirrors  # noqa: E402
from safetycase_kg.core.namespaces import PREFIXES, QUERIES_DIR  # noqa: E402
from safetycase_kg.core.sparql import NamedQuery, parse_named_query  # noqa: E402
from safetycase_kg.core.store import GraphSource, Store  # noqa: E402
from safetycase_kg.ingest.load import load, parse_batch  # noqa: E402

TARGETS_1K = {"query median": 0.050, "query max": 0.300, "write": 0.300, "view": 0.300, "report": 0.500,
              "matrix": 5.0, "load ratio": 2.0, "validate": 10.0}
TARGETS_10K = {"query median": 0.300, "write": 1.0, "load": 100.0, "validate": 120.0}


def timed(fn: Callable, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def rows(table: list[tuple], header: tuple) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in table]
    return "\n".join(lines)


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def ratio(ours: float, base: float | None) -> str:
    return f"{ours / base:.2f}" if base else ""


# --- corpus and stores --------------------------------------------------------------------------

def corpus(out: Path, cases: int) -> Path:
    folder = out / f"corpus-{cases}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate_corpus(folder, cases, seed=7)
        (folder / ".complete").write_text("")
    return folder


def stage_load(out: Path, folder: Path, cases: int) -> dict:
    target = out / f"store-{cases}"
    shutil.rmtree(target, ignore_errors=True)
    store = Store(target)
    t_ours, (batch, _) = timed(load, store, [folder])
    quads = store.dump()
    triples = len(store)
    store.close()
    raw = out / f"raw-{cases}"
    shutil.rmtree(raw, ignore_errors=True)

    def bulk():
        s = ox.Store(str(raw))
        s.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
        s.flush()
    t_raw, _ = timed(bulk)
    shutil.rmtree(raw, ignore_errors=True)
    return {"load": t_ours, "raw": t_raw, "triples": triples, "files": len(batch.files)}


def stage_validate(store: Store) -> dict:
    """Whole-store validation, beside the previous engine (SHACL Core shapes in pySHACL workers) on the same store."""
    from safetycase_kg.core.namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH
    from safetycase_kg.ingest.validate import Validator, validate_store
    t, report = timed(validate_store, store)
    previous = Validator(store.graph(SHAPES_GRAPH), store.graph(ONTOLOGY_GRAPH), compile_core=False)
    t_previous, before = timed(validate_store, store, validator=previous)
    if {r.key() for r in report.results} != {r.key() for r in before.results}:
        print("warning: the two engines disagree on this store", flush=True)
    return {"validate": t, "validate_previous": t_previous, "conforms": report.conforms, "results": len(report.results)}


# --- named queries ------------------------------------------------------------------------------

def sample_parameters(store: Store) -> dict[str, str]:
    """Values for required parameters: the first synthetic case, evidence item and framework."""
    first = lambda q: str(next(iter(store.query(q)))[0])
    return {"case": first("SELECT ?c WHERE { ?c a sc:SafetyCase } ORDER BY ?c LIMIT 1"),
            "evidence": first("SELECT ?e WHERE { ?c sc:hasEvidence ?e } ORDER BY ?e LIMIT 1"),
            "framework": "eu-ai-act-2024-1689"}


def baseline_text(ref: str, path: Path) -> str | None:
    try:
        return subprocess.run(["git", "show", f"{ref}:{path.relative_to(ROOT)}"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


def parse_text(path: Path, text: str) -> NamedQuery:
    """``text`` (the file's, or its text at a baseline ref) parsed as the named query at ``path``."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / path.name
        scratch.write_text(text, encoding="utf-8")
        return parse_named_query(scratch)


def bind(path: Path, text: str, store: Store, samples: dict[str, str]) -> str:
    query = parse_text(path, text)
    params = {}
    for p in query.parameters:
        if p.required:
            value = samples["framework"] if p.name == "framework" else samples.get(p.name, samples["case"])
            if p.name == "framework":
                from safetycase_kg.outputs.reports.compliance import resolve_framework
                value = str(resolve_framework(store, value))
            params[p.name] = value
    return query.bind(params)


def evaluate(ox_store: ox.Store, text: str, runs: int = 3) -> tuple[float, int]:
    best, count = None, 0
    for _ in range(runs):
        started = time.perf_counter()
        result = ox_store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        count = 1 if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, count


def stage_queries(store: Store, ref: str | None) -> dict:
    """Each named query on the reviewer tier's in-memory copy (what the server reads), on the store on
    disk (what it read before, and what Oxigraph's own server reads), and on the public view."""
    samples = sample_parameters(store)
    view = PublicView(store).view
    copy_time, copy = timed(Mirrors().get, store, max_quads=len(store))  # made whatever the server's limit
    table = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = bind(path, path.read_text(encoding="utf-8"), store, samples)
        t_copy, n = evaluate(copy._ox, text)
        t_disk, _ = evaluate(store._ox, text)
        t_view, _ = evaluate(view._ox, text)
        old = baseline_text(ref, path) if ref else None
        t_base = None
        if old is not None:
            old_text = bind(path, old, store, samples)
            t_base = t_copy if old_text == text else evaluate(copy._ox, old_text)[0]
        table.append((path.stem, t_copy, t_disk, t_base, t_view, n))
    return {"queries": table, "copy": copy_time}


# --- writes -------------------------------------------------------------------------------------

def previous_update(store: Store, text: str) -> None:
    """The write path before this change, for the baseline: the update runs (in a forked worker) on a
    copy of the whole dataset, and the changed graphs are validated with every register in full."""
    from safetycase_kg.core.worker import call, run_in_worker
    from safetycase_kg.ingest.writes import _changes
    before = store.dump()
    outcome, changed = run_in_worker(call(_changes, before, text, None), 600)
    assert outcome == "ok", changed
    previous_write(store, changed)


def previous_write(store: Store, changed: dict[URIRef, bytes]) -> None:
    from safetycase_kg.ingest.load import _is_register
    from safetycase_kg.ingest.validate import Validator, validate_nquads
    validator = Validator(store.graph(URIRef("https://w3id.org/safetycase-kg/graph/shapes")),
                          store.graph(URIRef("https://w3id.org/safetycase-kg/graph/ontology")), workers=1)
    registers = {g: store.dump([g]) for g in store.register_graphs() if g not in changed}
    registers.update({g: b for g, b in changed.items() if _is_register(b)})
    report = validate_nquads(changed, registers, validator)
    assert report.conforms
    store.replace_nquads(changed, {g: GraphSource("bench", "sha256:x") for g in changed}, agent="bench")


def stage_writes(out: Path, folder: Path, cases: int, rounds: int = 3) -> dict:
    """Each write kind on a copy of the loaded store, ours and the previous path, a few rounds each;
    after each of ours, the public view catches up (timed) and is also rebuilt (timed)."""
    from safetycase_kg.ingest.writes import apply_update, put_graph
    source = out / f"store-{cases}"
    work = out / f"store-{cases}-writes"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work)
    store = Store(work)
    views = PublicViews()
    views.get(store)
    mirrors = Mirrors()
    mirrors.get(store)
    case_files = sorted((folder / "cases").glob("*.yaml"))
    graphs = store.case_graphs()
    results: dict[str, list] = {}

    def record(kind, ours, base, view, rebuild):
        results.setdefault(kind, []).append((ours, base, view, rebuild, timed(mirrors.get, store)[0]))

    for i in range(rounds):
        case = graphs[10 + i]
        file = case_files[20 + i]
        # validated load of one file
        t_ours, _ = timed(load, store, [file], strict=True, workers=1)
        t_view, _ = timed(views.get, store)
        batch = parse_batch([file], store, workers=1)
        t_base, _ = timed(previous_write, store, dict(batch.nquads))
        t_rebuild, _ = timed(PublicView, store) if i == 0 else (None, None)
        record("validated load of one case file", t_ours, t_base, t_view, t_rebuild)
        # Graph Store PUT of one case graph
        body = store.dump([case]).replace(f" <{case}> .".encode(), b" .")
        t_ours, _ = timed(put_graph, store, case, [(body, "application/n-triples")], agent="bench")
        t_view, _ = timed(views.get, store)
        t_base, _ = timed(previous_write, store, {case: store.dump([case])})
        record("Graph Store PUT of one case graph", t_ours, t_base, t_view, None)
        # one-triple SPARQL update
        update = (f'INSERT DATA {{ GRAPH <{case}> {{ <{case}> <http://www.w3.org/2000/01/rdf-schema#comment> '
                  f'"bench {i}" }} }}')
        t_ours, _ = timed(apply_update, store, update, agent="bench", timeout=600)
        t_view, _ = timed(views.get, store)
        update2 = update.replace(f'"bench {i}"', f'"bench {i} again"')
        t_base, _ = timed(previous_update, store, update2)
        record("one-triple SPARQL update", t_ours, t_base, t_view, None)
    store.close()
    shutil.rmtree(work, ignore_errors=True)
    return {"writes": results}


def stage_reports(store: Store, framework: str, matrix: bool = True) -> dict:
    from safetycase_kg.ingest.writes import apply_update
    from safetycase_kg.outputs.reports.compliance import Report, compliance_report, matrix_report
    cases = [str(c).rsplit("/id/", 1)[1] for c in store.case_graphs()[:6]]
    PublicViews().get(store)
    out = {}
    for tier in ("reviewer", "public"):
        # The first report of a process also reads the shapes (the validator is kept per store version);
        # the next cases' reports are what an analyst waits for.
        first, _ = timed(compliance_report, store, cases[0], framework, tier=tier)
        rest = [timed(compliance_report, store, case, framework, tier=tier)[0] for case in cases[1:]]
        out[f"compliance report, one case, {tier} tier (first of the process / median of the next {len(rest)})"] = (
            first, statistics.median(rest) if rest else None)
    if matrix:
        # As `safetycase-kg report matrix` runs it (on the store on disk, validation in one process per core),
        # and as the server's reviewer tier runs it (on its in-memory copy, caught up after each write).
        mirrors = Mirrors()
        made, _ = timed(mirrors.get, store, len(store))
        first, table = timed(matrix_report, store, framework, tier="reviewer", workers=None)
        out["matrix, every case, reviewer tier, first (judges the whole store), store on disk"] = first
        out["_shape"] = f"{len(table.clauses)} clauses x {len(table.cases)} cases"
        in_memory, _ = timed(matrix_report, mirrors.get(store), framework, tier="reviewer", workers=None)
        out[f"matrix, every case, reviewer tier, first, on the server's in-memory copy (made in {ms(made)})"] = (in_memory, first)
        # then one case changes: the matrix judges that case again (and the cases that read it), not the store
        case = store.case_graphs()[len(table.cases) // 2]
        triple = f'<{case}> <http://www.w3.org/2000/01/rdf-schema#comment> "bench"'
        apply_update(store, f"INSERT DATA {{ GRAPH <{case}> {{ {triple} }} }}", agent="bench", timeout=600)
        def on(source: Callable[[], Store]) -> Report:
            return matrix_report(source(), framework, tier="reviewer", workers=None)
        for where, source in (("store on disk", lambda: store), ("in-memory copy", lambda: mirrors.get(store))):
            again, _ = timed(on, source)
            out[f"matrix after a one-triple update of one case (kept columns), {where}"] = (again, first)
            unchanged, _ = timed(on, source)
            out[f"matrix again, nothing written (kept columns), {where}"] = (unchanged, first)
        apply_update(store, f"DELETE DATA {{ GRAPH <{case}> {{ {triple} }} }}", agent="bench", timeout=600)
        out.update(stage_warm_up(store, framework, first))
    return out


def stage_warm_up(store: Store, framework: str, cold: float) -> dict:
    """The server's background warm-up (``web/warmup.py``) on fresh copies of both tiers' datasets: how long
    it takes, a matrix asked for while it runs (it waits for the same build), and one asked for after it."""
    import threading
    from datetime import date

    from safetycase_kg.outputs.reports.compliance import matrix_report
    from safetycase_kg.outputs.reports.render import render
    from safetycase_kg.web.warmup import warm
    out = {}
    views = {"reviewer": Mirrors().get(store, len(store)), "public": PublicViews().get(store)}
    started = time.perf_counter()
    thread = threading.Thread(target=warm, args=(views, date.today(), [framework]))
    thread.start()
    during, _ = timed(matrix_report, views["reviewer"], framework, tier="reviewer")
    thread.join()
    out["warm-up at start: judgement of both tiers and this framework's matrix in both"] = time.perf_counter() - started
    out["matrix asked for when the warm-up starts (waits for its build), reviewer tier"] = (during, cold)
    for tier, view in views.items():
        after, table = timed(matrix_report, view, framework, tier=tier)
        out[f"matrix after the warm-up, {tier} tier"] = (after, cold)
    out["matrix rendered as HTML (what the page adds)"] = timed(render, table, "html", link=lambda iri: iri)[0]
    return out


# --- report -------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--baseline-ref", default="main", help="git ref of the baseline query texts ('' for none)")
    parser.add_argument("--framework", default="eu-ai-act-2024-1689")
    parser.add_argument("--only", nargs="*", default=["load", "validate", "queries", "writes", "reports"])
    parser.add_argument("--no-matrix", action="store_true", help="reports: only the one-case reports")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{args.cases} cases, {os.cpu_count()} cores, load average at start {load_average()}", flush=True)
    folder = corpus(args.out, args.cases)
    figures: dict = {}
    if "load" in args.only or not (args.out / f"store-{args.cases}").exists():
        figures.update(stage_load(args.out, folder, args.cases))
        print(f"load {ms(figures['load'])}, raw bulk load {ms(figures['raw'])}, {figures['triples']} triples", flush=True)
    store = Store(args.out / f"store-{args.cases}")
    if "validate" in args.only:
        figures.update(stage_validate(store))
        print(f"validate {ms(figures['validate'])} ({figures['results']} results), "
              f"Core shapes in pySHACL {ms(figures['validate_previous'])}", flush=True)
    if "queries" in args.only:
        figures.update(stage_queries(store, args.baseline_ref or None))
    if "reports" in args.only:
        figures["reports"] = stage_reports(store, args.framework, not args.no_matrix)
    store.close()
    if "writes" in args.only:
        figures.update(stage_writes(args.out, folder, args.cases))
    print(f"\nload average at end {load_average()}\n")
    summary(figures, args)


def summary(f: dict, args) -> None:
    n = args.cases
    table = []
    if "load" in f:
        table.append((f"load ({f['triples']} triples)", ms(f["load"]), f"{ms(f['raw'])} raw Oxigraph bulk load",
                      ratio(f["load"], f["raw"])))
    if "validate" in f:
        table.append(("validate the whole store", ms(f["validate"]),
                      f"{ms(f['validate_previous'])} Core shapes in pySHACL", ratio(f["validate"], f["validate_previous"])))
    if "queries" in f:
        qs = f["queries"]
        ours, disk, view = [q[1] for q in qs], [q[2] for q in qs], [q[4] for q in qs]
        base = [q[3] for q in qs if q[3] is not None]
        table.append((f"named queries, median of {len(qs)} (reviewer tier: the in-memory copy)",
                      ms(statistics.median(ours)), f"{ms(statistics.median(disk))} the store on disk",
                      ratio(statistics.median(ours), statistics.median(disk))))
        table.append(("named queries, slowest (in-memory copy)", ms(max(ours)), f"{ms(max(disk))} on disk",
                      ratio(max(ours), max(disk))))
        table.append(("named queries under 50 ms (in-memory copy)", f"{sum(t < 0.05 for t in ours)} of {len(ours)}",
                      f"{sum(t < 0.05 for t in disk)} of {len(disk)} on disk", ""))
        table.append(("named queries, over 300 ms (in-memory copy)", f"{sum(t > 0.3 for t in ours)}",
                      f"{sum(t > 0.3 for t in disk)} on disk", ""))
        if base:
            table.append(("named queries, median (in-memory copy, query texts at the baseline ref)",
                          ms(statistics.median(ours)), ms(statistics.median(base)),
                          ratio(statistics.median(ours), statistics.median(base))))
        table.append(("named queries, median / slowest (public view, memory)",
                      f"{ms(statistics.median(view))} / {ms(max(view))}", "", ""))
        table.append(("in-memory copy of the store, made at start", ms(f["copy"]), "", ""))
    for kind, runs in f.get("writes", {}).items():
        ours = statistics.median(r[0] for r in runs)
        base = statistics.median(r[1] for r in runs)
        table.append((kind, ms(ours), f"{ms(base)} previous path (copy of everything)", ratio(ours, base)))
    if "writes" in f:
        views = [r[2] for runs in f["writes"].values() for r in runs]
        rebuilds = [r[3] for runs in f["writes"].values() for r in runs if r[3] is not None]
        table.append(("public view up to date after a write (catch-up)", ms(statistics.median(views)),
                      f"{ms(statistics.median(rebuilds))} full rebuild", ratio(statistics.median(views), statistics.median(rebuilds))))
        copies = [r[4] for runs in f["writes"].values() for r in runs]
        table.append(("in-memory copy up to date after a write (catch-up)", ms(statistics.median(copies)), "", ""))
    for name, t in f.get("reports", {}).items():
        if name.startswith("matrix") and isinstance(t, tuple):
            table.append((name, ms(t[0]), f"{ms(t[1])} the first matrix, store on disk", ratio(*t)))
        elif not name.startswith("_"):
            shown = f"{ms(t[0])} / {ms(t[1])}" if isinstance(t, tuple) else ms(t)
            table.append((name + (f" ({f['reports']['_shape']})" if name.startswith("matrix") else ""), shown, "", ""))
    print(f"### {n} cases\n")
    print(rows(table, ("figure", "safetycase-kg", "baseline", "ratio")))
    if "queries" in f:
        print("\nNamed queries (ours: the reviewer tier's in-memory copy; baseline: the store on disk; the query"
              " texts at the baseline ref on the same copy, where they differ):\n")
        print(rows([(name, ms(t), ms(d), ratio(t, d), ms(v), count, ms(b) if b is not None and b != t else "")
                    for name, t, d, b, v, count in f["queries"]],
                   ("query", "in-memory copy", "on disk", "ratio", "public view", "rows", "texts at the ref")))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"\nbench process peak resident memory: {usage.ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
