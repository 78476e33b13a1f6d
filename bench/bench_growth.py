"""Growth: how each part of the whole-store judgement (and the matrix built on it) grows from N to 2N cases.

    python bench/bench_growth.py --cases 1000 [--baseline-ref REF] [--out bench/out]

Twice the cases should cost about twice the time (growth 2.0). A part that grows faster is found here
before it costs an hour at 10,000 cases: at 1,000 and 2,000 cases, a join inside (NOT) EXISTS made four
checks grow with the square of the store, because Oxigraph evaluates such a join over the whole store
for every row it tests (oxigraph/oxigraph#885); see "Contributing" in the README.

Each standing rule and lint check is timed whole-store on the in-memory copy the server's reviewer tier
reads, beside the same query's text at ``--baseline-ref`` (when it differs) on the same copy; then the
argument edges, whole-store validation, the whole judgement (``standing.case_standings``, which runs all
of these) and the matrix columns of one framework built on it.

Then one case: every query of the package that takes the parameter ``case`` (rules, checks, reports, pages,
named queries) is timed for one case at a time, the mean over ``PER_CASE`` cases spread over the store, at
N and 2N. One case should cost what it holds, whatever else the store holds (growth 1.0): a VALUES table or
a UNION that Oxigraph joins with the whole store before the case made one case's argument map cost 62 ms
at 1,000 cases and 132 ms at 2,000.

Prints Markdown tables and the load average at the start and end; asserts nothing. Corpora and stores are
those of ``bench_scale.py`` (kept under ``--out``, git-ignored, reused).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_scale import baseline_text, bind, corpus, evaluate, load_average, ms, parse_text, rows, stage_load, timed  # noqa: E402

from safetycase_kg.analysis import lint, standing  # noqa: E402
from safetycase_kg.core.mirror import Mirrors  # noqa: E402
from safetycase_kg.core.namespaces import LINT_DIR, QUERIES_DIR  # noqa: E402
from safetycase_kg.core.sparql import parse_named_query  # noqa: E402
from safetycase_kg.core.store import Store  # noqa: E402
from safetycase_kg.outputs.reports.compliance import matrix_report  # noqa: E402


def query_files() -> list[tuple[str, Path]]:
    """The whole-store judgement's queries: every standing rule and every lint check with a query."""
    parts = [(f"rule {r.id}", r.query.path) for r in standing.RULES.values()]
    parts += [(f"check {c.id}", c.query.path) for c in lint.CHECKS.values() if c.query is not None]
    return parts + [("argument edges", standing.STATUS_DIR / "argument-edges.rq")]


PER_CASE = 20  # cases per query in the one-case figures, spread evenly over the store


def case_query_files() -> list[tuple[str, Path]]:
    """Every query of the package that takes the parameter ``case``."""
    paths = sorted(QUERIES_DIR.rglob("*.rq")) + sorted(LINT_DIR.glob("*.rq"))
    return [(f"{p.parent.name}/{p.stem}", p) for p in paths
            if "case" in {q.name for q in parse_named_query(p).parameters}]


def bind_case(path: Path, text: str, case: str, framework: str) -> str | None:
    """``text`` (the file's, or its baseline's) for one case; None when it needs a value other than the
    case and a framework version."""
    query = parse_text(path, text)
    given = {"case": case}
    for p in query.parameters:
        if p.required and p.name != "case":
            if p.name != "framework":
                return None
            given["framework"] = framework
    return query.bind(given)


def measure_one_case(copy: Store, cases: int, framework: str, ref: str | None, figures: dict) -> None:
    """The mean time of each case-taking query for one case, over ``PER_CASE`` cases (and its baseline text's)."""
    from safetycase_kg.outputs.reports.compliance import resolve_framework

    framework_iri = str(resolve_framework(copy, framework))
    every = [str(r[0]) for r in copy.query("SELECT ?c WHERE { ?c a sc:SafetyCase } ORDER BY ?c")]
    chosen = every[:: max(1, len(every) // PER_CASE)][:PER_CASE]

    def mean(path: Path, text: str) -> float | None:
        texts = [bind_case(path, text, case, framework_iri) for case in chosen]
        if any(t is None for t in texts):
            return None
        return sum(evaluate(copy._ox, t, runs=1)[0] for t in texts if t is not None) / len(texts)

    for name, path in case_query_files():
        ours = mean(path, path.read_text(encoding="utf-8"))
        if ours is None:
            continue
        old = baseline_text(ref, path) if ref else None
        base = None if old is None else (ours if old == path.read_text(encoding="utf-8") else mean(path, old))
        figures[f"one case: {name}"] = (ours, base)
        print(f"{cases} cases: one case, {name} {ms(ours)}" + (f" (baseline {ms(base)})" if base is not None else ""),
              flush=True)


def measure(out: Path, cases: int, framework: str, ref: str | None) -> dict[str, tuple[float, float | None]]:
    """Each part's time at ``cases`` cases, with its baseline text's time (None when the text is the same)."""
    folder = corpus(out, cases)
    if not (out / f"store-{cases}").exists():
        stage_load(out, folder, cases)
    store = Store(out / f"store-{cases}")
    copy = Mirrors().get(store, max_quads=len(store))
    samples = {"case": "", "evidence": "", "framework": framework}
    figures: dict[str, tuple[float, float | None]] = {}
    for name, path in query_files():
        text = bind(path, path.read_text(encoding="utf-8"), store, samples)
        ours, _ = evaluate(copy._ox, text, runs=1)
        old = baseline_text(ref, path) if ref else None
        base = None
        if old is not None:
            old_text = bind(path, old, store, samples)
            base = ours if old_text == text else evaluate(copy._ox, old_text, runs=1)[0]
        figures[name] = (ours, base)
        print(f"{cases} cases: {name} {ms(ours)}" + (f" (baseline {ms(base)})" if base is not None else ""), flush=True)
    figures["validation (whole store, one process)"] = (timed(standing._validation_reasons, copy, None, {}, 1)[0], None)
    figures["whole judgement (all of the above, carried up)"] = (timed(standing.case_standings, copy, date.today())[0], None)
    figures[f"matrix columns ({framework}), judgement kept"] = (
        timed(matrix_report, copy, framework, tier="reviewer")[0], None)
    print(f"{cases} cases: judgement {ms(figures['whole judgement (all of the above, carried up)'][0])}", flush=True)
    measure_one_case(copy, cases, framework, ref, figures)
    store.close()
    return figures


def growth(small: float | None, large: float | None) -> str:
    return f"{large / small:.2f}" if small and large is not None else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="N: the parts are measured at N and 2N cases")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--baseline-ref", default="main", help="git ref of the baseline query texts ('' for none)")
    parser.add_argument("--framework", default="eu-ai-act-2024-1689")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    n = args.cases
    print(f"{n} and {2 * n} cases, {os.cpu_count()} cores, load average at start {load_average()}", flush=True)
    small = measure(args.out, n, args.framework, args.baseline_ref or None)
    large = measure(args.out, 2 * n, args.framework, args.baseline_ref or None)
    print(f"\nload average at end {load_average()}\n")
    header = ("part", f"{n} cases", f"{2 * n} cases", "growth", f"baseline {n}", f"baseline {2 * n}", "baseline growth")
    for title, one_case in ((f"Growth from {n} to {2 * n} cases (2.00 is linear", False),
                            (f"One case, from {n} to {2 * n} cases (1.00: it costs what the case holds", True)):
        table = []
        for name, (ours_n, base_n) in small.items():
            if name.startswith("one case: ") != one_case or name not in large:
                continue
            ours_2n, base_2n = large[name]
            table.append((name.removeprefix("one case: "), ms(ours_n), ms(ours_2n), growth(ours_n, ours_2n),
                          ms(base_n) if base_n is not None else "", ms(base_2n) if base_2n is not None else "",
                          growth(base_n, base_2n)))
        table.sort(key=lambda row: -(float(row[3]) if row[3] else 0))
        print(f"### {title}; baseline: the query texts at {args.baseline_ref or 'n/a'})\n")
        print(rows(table, header) + "\n")


if __name__ == "__main__":
    main()
