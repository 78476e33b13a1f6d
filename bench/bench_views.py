"""Benchmark: the public view and the compliance reports on N synthetic cases.

    python bench/bench_views.py [--cases 1000] [--framework eu-ai-act-2024-1689]

Times building the public (redacted) view of the whole store, which the server rebuilds after each
write; one compliance report for one case in both tiers; and the cross-case matrix with its HTML
rendering. Prints a Markdown table; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from synth import generate_corpus

from safetycase_kg.analysis.redact import public_view
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load
from safetycase_kg.outputs.reports.compliance import compliance_report, matrix_report
from safetycase_kg.outputs.reports.render import render


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--framework", default="eu-ai-act-2024-1689")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate_corpus(corpus, args.cases)
        store = Store(Path(tmp) / "store")
        load(store, [corpus])
        case = str(store.case_graphs()[0]).rsplit("/id/", 1)[1]
        rows = []
        t, view = timed(public_view, store)
        rows.append(("public view of the whole store", t, f"{len(store)} -> {len(view)} triples"))
        for tier in ("reviewer", "public"):
            t, _ = timed(compliance_report, store, case, args.framework, tier=tier)
            rows.append((f"compliance report, one case, {tier} tier", t, "public includes building the view"
                         if tier == "public" else ""))
        t, matrix = timed(matrix_report, store, args.framework, tier="reviewer")
        rows.append(("matrix report, all cases", t, f"{len(matrix.clauses)} clauses x {len(matrix.cases)} cases"))
        t, html = timed(render, matrix, "html")
        rows.append(("matrix rendered as HTML", t, f"{len(html) // 1024} KiB"))
        print(f"\n{args.cases} cases, {len(store)} triples, framework {args.framework}\n")
        print("| step | time | note |\n|---|---|---|")
        print("\n".join(f"| {name} | {secs:.2f} s | {note} |" for name, secs, note in rows))


if __name__ == "__main__":
    main()
