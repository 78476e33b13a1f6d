"""The ``safetycase-kg`` command line. Each command is a thin shell over the core modules.

Exit codes: 0 success; 1 the data does not conform (validation Violations, or a refused --strict
load); 2 usage or input errors (bad arguments, unreadable or malformed files, bad SPARQL).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_NONCONFORMING, EXIT_INPUT = 0, 1, 2
STORE_ENV = "SAFETYCASE_KG_STORE"
DEFAULT_STORE = ".safetycase-kg/store"
ENDPOINT_ENV = "SAFETYCASE_KG_ENDPOINT"
ALLOW_SERVICE_ENV = "SAFETYCASE_KG_ALLOW_SERVICE"


class UsageError(Exception):
    """Bad input from the user; the message says what to fix."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    from .store import StoreError
    try:
        return args.func(args)
    except (UsageError, StoreError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safetycase-kg",
        description="A knowledge graph of AI safety cases: load, validate, query and serve them.",
        epilog="Exit codes: 0 ok; 1 data does not conform (Violations); 2 usage or input error. "
               f"The store is a folder: --store, or ${STORE_ENV}, or {DEFAULT_STORE}.")
    parser.add_argument("--version", action="version", version=f"safetycase-kg {__version__}")
    parser.add_argument("--store", default=os.environ.get(STORE_ENV, DEFAULT_STORE),
                        help=f"store folder (default: ${STORE_ENV} or {DEFAULT_STORE})")
    remote = parser.add_argument_group(
        "remote store", "Use a SPARQL 1.1 endpoint instead of the store folder (see 'Remote SPARQL stores' in the README).")
    remote.add_argument("--endpoint", default=os.environ.get(ENDPOINT_ENV), metavar="URL",
                        help=f"SPARQL query endpoint (default: ${ENDPOINT_ENV})")
    remote.add_argument("--update-endpoint", default=os.environ.get("SAFETYCASE_KG_UPDATE_ENDPOINT"), metavar="URL",
                        help="SPARQL 1.1 Update endpoint (default: $SAFETYCASE_KG_UPDATE_ENDPOINT, else the query "
                             "endpoint unless --graph-store is given)")
    remote.add_argument("--graph-store", default=os.environ.get("SAFETYCASE_KG_GRAPH_STORE"), metavar="URL",
                        help="Graph Store Protocol endpoint, used to read whole graphs, and to write them when no "
                             "update endpoint is given (default: $SAFETYCASE_KG_GRAPH_STORE)")
    remote.add_argument("--user", default=os.environ.get("SAFETYCASE_KG_USER"),
                        help="HTTP user name (default: $SAFETYCASE_KG_USER)")
    remote.add_argument("--password", default=os.environ.get("SAFETYCASE_KG_PASSWORD"),
                        help="HTTP password (default: $SAFETYCASE_KG_PASSWORD; prefer the variable)")
    remote.add_argument("--auth", choices=["basic", "digest"], default=os.environ.get("SAFETYCASE_KG_AUTH", "basic"),
                        help="HTTP authentication scheme (default: $SAFETYCASE_KG_AUTH or basic)")
    remote.add_argument("--dataset", choices=["explicit", "server"],
                        default=os.environ.get("SAFETYCASE_KG_DATASET", "explicit"),
                        help="explicit: every query names the tool's graphs (default-graph-uri/named-graph-uri); "
                             "server: rely on the endpoint's default graph being the union of its named graphs "
                             "(default: $SAFETYCASE_KG_DATASET or explicit)")
    sub = parser.add_subparsers(metavar="COMMAND")

    p = sub.add_parser("load", help="load case files or folders into the store (atomic batch)",
                       description="Parse every file first; if any file is malformed (or, with --strict, any case "
                                   "has a Violation) nothing is written and the store stays as it was. Reloading a "
                                   "case replaces its named graph.")
    p.add_argument("paths", nargs="+", help="YAML/JSON case files, Turtle, TriG, JSON-LD, N-Quads, or folders")
    p.add_argument("--strict", action="store_true", help="refuse the whole batch if any case has a Violation")
    p.add_argument("--agent", help="who is loading, for the provenance record (default: the user name)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("validate", help="check cases against the SHACL shapes",
                       description="With paths: validate those files (without loading them), seeing the store's "
                                   "registers. Without paths: validate every case and register in the store. "
                                   "Exit 0 when everything conforms, 1 on any Violation, 2 on input errors.")
    p.add_argument("paths", nargs="*", help="files or folders to validate (default: the store)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--workers", type=int, default=None, help="worker processes for SHACL Core (default: up to 2)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("query", help="run a named query, a .rq file or SPARQL text",
                       description="Run a named query from queries/ by name, a .rq file, or --sparql TEXT over the "
                                   "union of all graphs. --list shows the named queries and their parameters.")
    p.add_argument("query", nargs="?", help="query name or path to a .rq file")
    p.add_argument("--sparql", help="SPARQL query text")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="query parameter (repeatable)")
    p.add_argument("--format", choices=["table", "json", "csv", "tsv", "xml", "turtle"], default="table",
                   help="json is SPARQL 1.1 JSON results; turtle for CONSTRUCT/DESCRIBE")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.add_argument("--allow-service", action="append", metavar="URL",
                   default=[u for u in os.environ.get(ALLOW_SERVICE_ENV, "").split() if u],
                   help="allow SERVICE calls to this endpoint (repeatable; default: the space-separated URLs in "
                        f"${ALLOW_SERVICE_ENV}); SERVICE to any other endpoint is refused before the query runs")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export-case", help="write a case back out as a case file",
                       description="Write one case version from the store as YAML (the case-file format), Turtle "
                                   "or JSON-LD. Loading the output again gives an isomorphic graph.")
    p.add_argument("case", help="case IRI, CURIE, or short name (e.g. cyber-inability-v1)")
    p.add_argument("--format", choices=["yaml", "ttl", "jsonld"], default="yaml")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.set_defaults(func=cmd_export_case)

    p = sub.add_parser("frameworks", help="list the framework and regulation versions in the catalog",
                       description="The catalog's framework versions with identifier, title, version, date, "
                                   "publisher, legal status and verification mark. JSON: a list of objects.")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_frameworks)

    p = sub.add_parser("diff", help="what changed between two versions of a case",
                       description="Added, removed and changed claims, strategies, assumptions, evidence, "
                                   "defeaters and records (decision, review, acceptability, context) between two "
                                   "versions. With one CASE, compare it with the version it supersedes.")
    p.add_argument("case", help="a case version (IRI, CURIE or short name)")
    p.add_argument("versions", nargs="*", metavar="V", help="two versions to compare instead: OLD NEW")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("gate", help="is a positive decision defensible now, per case (and claims in doubt)",
                       description="Per case: no undeveloped claims, every defeater refuted or accepted as residual "
                                   "risk by a named person, all evidence within its freshness window, no fired "
                                   "review trigger. Also lists the claims in doubt (open defeaters, breached "
                                   "indicators, thresholds reached, propagated up the argument).")
    p.add_argument("--as-of", help="date to judge freshness at (YYYY-MM-DD, default today)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_gate)

    p = sub.add_parser("impact", help="which cases, claims and evidence a change reopens",
                       description="For a change (new checkpoint, fine-tune, tool addition, wider population, "
                                   "system prompt change, vulnerability report, incident, weight-security concern, "
                                   "capability evidence, regulator finding, indicator breach) to a model build, tool "
                                   "or operational context: the affected cases, claims and evidence and the review "
                                   "triggers that fire. --record stores the change as an event that reopens the cases "
                                   "(nothing is deleted).")
    p.add_argument("--kind", required=True, help="trigger kind, e.g. new-checkpoint (see vocabularies.ttl)")
    p.add_argument("--target", required=True, help="the model build, tool or context, e.g. id:model/atlas-4-2026-05-20")
    p.add_argument("--date", help="when the change happened (YYYY-MM-DD, default today)")
    p.add_argument("--note", help="a statement describing the change, recorded with --record")
    p.add_argument("--record", action="store_true", help="store the change and mark the cases for re-review")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_impact)

    p = sub.add_parser("lint", help="check every case for the failure modes of safety cases",
                       description="Run the failure-mode checks in lint/ (paper-safety, static-claims, evidence-gaps, "
                                   "countercase-neglect, reviewer-capture, security-publication, "
                                   "acceptability-laundering, scope-substitution, and evidence-discipline checks) "
                                   "over the store. Exit 1 when a finding has severity Violation.")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--as-of", help="date for date-dependent checks (YYYY-MM-DD; default in each check's header)")
    p.add_argument("--check", action="append", default=[], metavar="ID", help="run only this check (repeatable)")
    p.set_defaults(func=cmd_lint)

    p = sub.add_parser("graphs", help="list the named graphs with their source files")
    p.set_defaults(func=cmd_graphs)

    p = sub.add_parser("synth", help="generate a synthetic corpus of N cases (for scale tests)")
    p.add_argument("n", type=int, help="number of cases")
    p.add_argument("out", help="output folder")
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("serve", help="serve the SPARQL endpoint and web pages",
                       description="Serve the store over HTTP with a production WSGI server (waitress). Loads the "
                                   "example corpus on first run when the store holds no case.")
    p.add_argument("--host", default=os.environ.get("SAFETYCASE_KG_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("SAFETYCASE_KG_PORT", "8080")))
    p.add_argument("--no-examples", action="store_true", help="do not load the examples into an empty store")
    p.set_defaults(func=cmd_serve)
    return parser


# --- commands --------------------------------------------------------------------------------------

def open_store(args):
    """The embedded store folder, or a remote SPARQL endpoint when --endpoint (or its variable) is set."""
    if getattr(args, "endpoint", None):
        from .remote import RemoteStore
        return RemoteStore(args.endpoint, update_endpoint=args.update_endpoint, graph_store=args.graph_store,
                           user=args.user, password=args.password, auth=args.auth, dataset=args.dataset)
    from .store import Store
    return Store(args.store)


def _where(args) -> str:
    return args.endpoint or args.store


def cmd_load(args) -> int:
    from .load import LoadError, load
    store = open_store(args)
    progress = None if args.quiet else _progress("loading")
    try:
        batch, report = load(store, args.paths, strict=args.strict, agent=args.agent, progress=progress)
    except LoadError as err:
        print("load refused, store unchanged:", file=sys.stderr)
        for line in err.errors:
            print(f"  {line}", file=sys.stderr)
        return EXIT_NONCONFORMING if err.report is not None else EXIT_INPUT
    print(f"loaded {len(batch.files)} file(s), {len(batch.graphs)} graph(s), {batch.triple_count} triples "
          f"into {_where(args)}", file=sys.stderr)
    if report is not None and report.count("Warning"):
        print(f"{report.count('Warning')} warning(s); run 'safetycase-kg validate' to see them", file=sys.stderr)
    return EXIT_OK


def cmd_validate(args) -> int:
    from .load import LoadError, parse_batch, validate_batch
    from .validate import Validator, validate_store
    store = open_store(args)
    if args.paths:
        try:
            batch = parse_batch(args.paths, store)
        except LoadError as err:
            for line in err.errors:
                print(line, file=sys.stderr)
            return EXIT_INPUT
        report = validate_batch(batch, store, Validator.from_store(store, workers=args.workers))
    else:
        report = validate_store(store, workers=args.workers)
    print(report.to_json() if args.format == "json" else report.to_text())
    return EXIT_OK if report.conforms else EXIT_NONCONFORMING


def cmd_query(args) -> int:
    from .queries import QueryError, list_queries, run_query
    if args.list:
        print(list_queries(args.format))
        return EXIT_OK
    if not args.query and not args.sparql:
        raise UsageError("give a query name, a .rq file, or --sparql TEXT (see --list)")
    params = dict(_split_param(p) for p in args.param)
    try:
        text = run_query(open_store(args), args.query, args.sparql, params, args.format,
                         allowed_services=args.allow_service)
    except QueryError as err:
        raise UsageError(str(err)) from None
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def cmd_export_case(args) -> int:
    from .export import ExportError, export_case
    try:
        text = export_case(open_store(args), args.case, args.format)
    except ExportError as err:
        raise UsageError(str(err)) from None
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_frameworks(args) -> int:
    import json

    from .catalog import frameworks
    from .results import to_records, to_table
    result = frameworks(open_store(args))
    print(json.dumps(to_records(result), indent=2, ensure_ascii=False) if args.format == "json" else to_table(result))
    return EXIT_OK


def cmd_diff(args) -> int:
    from .diff import DiffError, diff_versions
    from .export import ExportError
    if len(args.versions) not in (0, 2):
        raise UsageError("give no versions (compare with the superseded one) or exactly two: OLD NEW")
    try:
        result = diff_versions(open_store(args), args.case, *(args.versions or [None, None]))
    except (DiffError, ExportError) as err:
        raise UsageError(str(err)) from None
    print(result.to_json() if args.format == "json" else result.to_text())
    return EXIT_OK


def cmd_gate(args) -> int:
    import json
    from datetime import date

    from .results import compact
    from .status import decision_gate, doubt_by_case
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        raise UsageError(f"--as-of needs a date YYYY-MM-DD, got {args.as_of!r}") from None
    store = open_store(args)
    verdicts, doubt = decision_gate(store, as_of), doubt_by_case(store)
    if args.format == "json":
        print(json.dumps([v.as_dict() | {"claimsInDoubt": sorted(str(c) for c in doubt.get(v.case, {}))}
                          for v in verdicts], indent=2))
        return EXIT_OK
    for v in verdicts:
        print(f"{compact(v.case)}: {'defensible' if v.defensible else 'NOT defensible'}")
        for blocker in v.blockers:
            print(f"    {blocker}")
        for claim, reasons in sorted(doubt.get(v.case, {}).items()):
            print(f"    in doubt: {compact(claim)} ({'; '.join(sorted({r for r, _ in reasons}))})")
    return EXIT_OK


def cmd_impact(args) -> int:
    import json
    from datetime import date

    from .impact import affected, record
    from .queries import QueryError
    from .results import to_records, to_table
    try:
        when = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise UsageError(f"--date needs YYYY-MM-DD, got {args.date!r}") from None
    store = open_store(args)
    try:
        result = affected(store, args.kind, args.target)
    except QueryError as err:
        raise UsageError(str(err)) from None
    rows = to_records(result)
    if args.record:
        event, cases = record(store, args.kind, args.target, result, when, args.note)
        print(f"recorded {event}, reopening {len(cases)} case(s)", file=sys.stderr)
    print(json.dumps(rows, indent=2) if args.format == "json" else to_table(result))
    return EXIT_OK


def cmd_lint(args) -> int:
    from .lint import CHECKS, run_lint, to_json_text, to_text
    unknown = sorted(set(args.check) - set(CHECKS))
    if unknown:
        raise UsageError(f"no check {', '.join(unknown)} (checks: {', '.join(sorted(CHECKS))})")
    checks = [CHECKS[c] for c in args.check] or None
    findings = run_lint(open_store(args), args.as_of, checks)
    print(to_json_text(findings) if args.format == "json" else to_text(findings))
    return EXIT_NONCONFORMING if any(f.severity == "Violation" for f in findings) else EXIT_OK


def cmd_graphs(args) -> int:
    store = open_store(args)
    sources = store.sources()
    for g in store.graph_names():
        src = sources.get(g)
        print(f"{g}\t{src.path if src else '-'}")
    return EXIT_OK


def cmd_synth(args) -> int:
    from .synth import generate_corpus
    files = generate_corpus(Path(args.out), args.n, seed=args.seed)
    print(f"wrote {len(files)} files to {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args) -> int:
    from .web import serve
    if args.endpoint:
        raise UsageError(f"serve runs on the embedded store folder; {args.endpoint} is already a SPARQL endpoint")
    return serve(args.store, args.host, args.port, load_examples=not args.no_examples)


# --- helpers ----------------------------------------------------------------------------------------

def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise UsageError(f"--param needs NAME=VALUE, got {text!r}")
    return name.strip(), value


def _progress(label: str):
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm
    return lambda items: tqdm(items, desc=label, unit="file", file=sys.stderr, leave=False)


if __name__ == "__main__":
    raise SystemExit(main())
