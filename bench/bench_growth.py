"""Growth: how each part of the whole-store judgement (and the matrix built on it) grows from N to 2N cases.

    python bench/bench_growth.py --cases 1000 [--baseline-ref REF] [--out bench/out]

Twice the cases should cost about twice the time (growth 2.0). A part that grows faster is found here
before it costs an hour at 10,000 cases: at 1,000 and 2,000 cases, a join inside (NOT) EXISTS made four
checks grow with the square of the store, because Oxigraph evaluates such a join over the whole store
for every row it tests (oxigraph/oxigraph#885); see "Contributing" in the README.

Each standing rule and lint check is timed whole-store on the in-memory copy the server's reviewer tier
reads, beside the same query's text at ``--baseline-ref`` (when it differs) on the same copy; then the
argument edges, whole-store validation, the whole judgement (``standing.case_standings``, which runs all
of these) and the matrix columns of one framework built on it. Prints a Markdown table and the load
average at the start and end; asserts nothing. Corpora and stores are those of ``bench_scale.py`` (kept
under ``--out``, git-ignored, reused).
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

from bench_scale import baseline_text, bind, corpus, evaluate, load_average, ms, rows, stage_load, timed  # noqa: E402

from safetycase_kg.analysis import lint, standing  # noqa: E402
from safetycase_kg.core.mirror import Mirrors  # noqa: E402
from safetycase_kg.core.store import Store  # noqa: E402
from safetycase_kg.outputs.reports.compliance import matrix_report  # noqa: E402


def query_files() -> list[tuple[str, Path]]:
    """The whole-store judgement's queries: every standing rule and every lint check with a query."""
    parts = [(f"rule {r.id}", r.query.path) for r in standing.RULES.values()]
    parts += [(f"check {c.id}", c.query.path) for c in lint.CHECKS.values() if c.query is not None]
    return parts + [("argument edges", standing.STATUS_DIR / "argument-edges.rq")]


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
    table = []
    for name, (ours_n, base_n) in small.items():
        ours_2n, base_2n = large[name]
        table.append((name, ms(ours_n), ms(ours_2n), growth(ours_n, ours_2n),
                      ms(base_n) if base_n is not None else "", ms(base_2n) if base_2n is not None else "",
                      growth(base_n, base_2n)))
    table.sort(key=lambda row: -large[row[0]][0])
    print(f"### Growth from {n} to {2 * n} cases (2.00 is linear; baseline: the query texts at {args.baseline_ref or 'n/a'})\n")
    print(rows(table, ("part", f"{n} cases", f"{2 * n} cases", "growth",
                       f"baseline {n}", f"baseline {2 * n}", "baseline growth")))


if __name__ == "__main__":
    main()
