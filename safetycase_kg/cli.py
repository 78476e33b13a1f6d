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
from .core.errors import SafetyCaseKGError
from .core.tiers import PUBLIC, REVIEWER, VIEW_TIERS

EXIT_OK, EXIT_NONCONFORMING, EXIT_INPUT = 0, 1, 2
STORE_ENV = "SAFETYCASE_KG_STORE"
DEFAULT_STORE = ".safetycase-kg/store"
ENDPOINT_ENV = "SAFETYCASE_KG_ENDPOINT"
ALLOW_SERVICE_ENV = "SAFETYCASE_KG_ALLOW_SERVICE"
INTERCHANGE_FORMATS = ["gsn2x", "sacm", "tea", "ltac", "ontogsn"]  # safetycase_kg.interchange.FORMATS
INTERCHANGE_WRITERS = ["gsn2x", "sacm", "tea", "ltac"]


class UsageError(SafetyCaseKGError):
    """Bad input from the user; the message says what to fix."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # serve also reads the store from its config file, which a --store flag overrides but the default does not
    args.store_given = args.store
    args.store = args.store or os.environ.get(STORE_ENV) or DEFAULT_STORE
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return args.func(args)
    except SafetyCaseKGError as err:  # every error the package raises on purpose, translated here only
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safetycase-kg",
        description="A knowledge graph of AI safety cases: load, validate, query and serve them.",
        epilog="Exit codes: 0 ok; 1 data does not conform (Violations); 2 usage or input error. "
               f"The store is a folder: --store, or ${STORE_ENV}, or {DEFAULT_STORE}.")
    parser.add_argument("--version", action="version", version=f"safetycase-kg {__version__}")
    parser.add_argument("--store", help=f"store folder (default: ${STORE_ENV} or {DEFAULT_STORE})")
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
    p.add_argument("paths", nargs="+", help="YAML/JSON case files, Turtle, TriG, JSON-LD, N-Quads, or folders; "
                                           "files of other assurance-case tools (see --format)")
    p.add_argument("--format", choices=INTERCHANGE_FORMATS, dest="source_format",
                   help="the files are in another tool's format: gsn2x YAML, OMG SACM XML/XMI, TEA JSON, LTAC text "
                        "or OntoGSN RDF (default: detected from each file's content where unambiguous)")
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
    p.add_argument("--from", dest="source_format", choices=INTERCHANGE_FORMATS,
                   help="the files are in another tool's format (default: detected where unambiguous)")
    p.add_argument("--workers", type=int, default=None, help="worker processes for SHACL Core shapes left to pySHACL (the shipped shapes "
                   "all run in Oxigraph; default: up to 2)")
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

    p = sub.add_parser("export-case", help="write a case back out as a case file, or in another tool's format",
                       description="Write one case version from the store as YAML (the case-file format), Turtle "
                                   "or JSON-LD (loading the output again gives an isomorphic graph), in the format "
                                   "of another assurance-case tool (gsn2x, sacm, tea, ltac), or as a GSN picture "
                                   "(svg). For the other tools' formats the loss list (what the format cannot "
                                   "express) is printed on standard error. The reviewer tier (default) keeps "
                                   "everything, so a YAML export loads back unchanged; --tier public shows withheld "
                                   "items only as their redaction notice, for sharing.")
    p.add_argument("case", help="case IRI, CURIE, or short name (e.g. cyber-inability-v1)")
    p.add_argument("--format", choices=["yaml", "ttl", "jsonld", *INTERCHANGE_WRITERS, "svg"], default="yaml")
    p.add_argument("--tier", choices=VIEW_TIERS, default=REVIEWER,
                   help="disclosure tier (default: reviewer, everything; public for sharing)")
    p.add_argument("--context", choices=["inline", "url"], default="inline",
                   help="jsonld: the project context inline (default; reads offline) or by its IRI")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.set_defaults(func=cmd_export_case)

    p = sub.add_parser("convert", help="convert another tool's assurance case into a case file to complete",
                       description="Read a gsn2x, SACM, TEA, LTAC or OntoGSN file (or a gsn2x module set) and write "
                                   "the project's own case file, so that a person can add what a decision-bound "
                                   "safety case still needs (run 'safetycase-kg validate' on it for the checklist). "
                                   "What has no home in the ontology is listed on standard error and kept as "
                                   "annotations.")
    p.add_argument("files", nargs="+", metavar="FILE", help="the file (or the files of one gsn2x module set)")
    p.add_argument("--from", dest="source_format", choices=INTERCHANGE_FORMATS,
                   help="the files' format (default: detected from the content where unambiguous)")
    p.add_argument("-o", "--output", help="output case file (default: standard output)")
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("export", help="export the store's cases for another organisation (with a VoID/DCAT description)",
                       description="Write the store's own graphs (or --case cases with the register records they "
                                   "cite) at one disclosure tier, with a description of the export: publisher, "
                                   "licence, version, creation time, triple and case counts, checksum, ontology and "
                                   "catalog versions, tier. The public tier holds redaction notices instead of "
                                   "withheld content. trig, nq and jsonld keep the named graphs (the description "
                                   "in its own graph); ttl merges them into one graph with the description beside.")
    p.add_argument("--tier", required=True, choices=VIEW_TIERS, help="disclosure tier of the export")
    p.add_argument("--format", choices=["trig", "nq", "ttl", "jsonld"], default="trig")
    p.add_argument("--context", choices=["inline", "url"], default="inline",
                   help="jsonld: the project context inline (default; reads offline in any JSON-LD processor) or "
                        "by its IRI (https://w3id.org/safetycase-kg/context.jsonld)")
    p.add_argument("--case", action="append", default=[], metavar="CASE",
                   help="only this case (IRI, CURIE or short name; repeatable)")
    p.add_argument("--publisher", help="publisher: an IRI (https://..., id:org/...) or a name")
    p.add_argument("--license", help="licence IRI (default CC BY 4.0)")
    p.add_argument("--export-version", help="version label of the export (default: its creation time)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="import another organisation's export into its own named graphs",
                       description="Verify the export's checksum (a mismatch refuses the file, store unchanged), then "
                                   "put its graphs under .../graph/import/ORG/ with provenance, replacing that "
                                   "organisation's previous import in the same transaction. An export older than "
                                   "the one present is refused unless --force. Conflicting statements about the "
                                   "same IRI are listed; exit 1 when there are any (the import itself is kept).")
    p.add_argument("file", help="an export (.trig, .nq, .ttl or .jsonld)")
    p.add_argument("--from", dest="org", required=True, metavar="ORG",
                   help="the organisation it comes from: a short name (letters, digits, . _ -)")
    p.add_argument("--force", action="store_true", help="import even if older than the export already present")
    p.add_argument("--conflicts", metavar="FILE", help="also write the conflicts to FILE (.json or .csv)")
    p.add_argument("--agent", help="who is importing, for the provenance record (default: the user name)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("docs", help="write the ontology's HTML documentation (pyLODE)",
                       description="Render ontology/safetycase.ttl as one self-contained HTML page (no network).")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("reason", help="check the ontology (and data) for consistency with the HermiT reasoner",
                       description="Classify the ontology, its vocabularies and alignments, together with the given "
                                   "case files or RDF files, with HermiT (owlready2; needs Java and the 'reason' "
                                   "extra: pip install 'safetycase-kg[reason]'). Reports whether they are "
                                   "consistent and which classes nothing can belong to. Exit 0 when consistent with "
                                   "no unsatisfiable class, 1 otherwise, 2 when the reasoner cannot run.")
    p.add_argument("paths", nargs="*", help="case files, registers or RDF files to reason over with the ontology")
    p.set_defaults(func=cmd_reason)

    p = sub.add_parser("frameworks", help="list the framework and regulation versions in the catalog, or one version's clauses",
                       description="The catalog's framework versions with identifier, title, version, dates, "
                                   "publisher, legal status, verification mark, clause count and content availability; "
                                   "with --clauses ID, that version's clauses: IRI (for a case file's addresses key), "
                                   "notation, chapter, title, verification mark, applicability and case scope, after "
                                   "a line saying how much of the version's content the catalog holds. JSON: a list of "
                                   "objects; with --clauses, an object with the version's content availability and a "
                                   "clauses list.")
    p.add_argument("--clauses", metavar="ID", help="list the clauses of this framework version (catalog id, CURIE or IRI)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_frameworks)

    p = sub.add_parser("report", help="compliance mapping reports: one case, or the matrix of all cases",
                       description="Reports on how far cases meet the clauses of a framework version (statuses "
                                   "satisfied, partial, gap, outside safety-case scope, not applicable, with reasons, "
                                   "supporting claims and evidence, what stands against them). The public tier (default) "
                                   "is built from the redacted view: withheld evidence appears only as its redaction notice.")
    report_sub = p.add_subparsers(metavar="REPORT")
    r = report_sub.add_parser("compliance", help="one case against one framework version")
    r.add_argument("case", help="case IRI, CURIE, or short name (e.g. cbrn-rsp-deployment-v1)")
    r.add_argument("--framework", required=True, help="framework version: catalog id (eu-ai-act-2024-1689), CURIE or IRI")
    r.add_argument("--format", choices=["html", "md", "csv", "json"], default="html")
    r.add_argument("--tier", choices=VIEW_TIERS, default=PUBLIC, help=f"disclosure tier (default: {PUBLIC})")
    r.add_argument("--as-of", help="date to judge the standing of elements on (YYYY-MM-DD, default today)")
    r.add_argument("-o", "--output", help="output file (default: standard output)")
    r.set_defaults(func=cmd_report)
    r = report_sub.add_parser("matrix", help="all cases against one framework version, with a heat map and gap list")
    r.add_argument("--framework", required=True, help="framework version: catalog id, CURIE or IRI")
    r.add_argument("--format", choices=["html", "md", "csv", "json", "svg"], default="html",
                   help="svg is the heat-map picture alone")
    r.add_argument("--tier", choices=VIEW_TIERS, default=PUBLIC, help=f"disclosure tier (default: {PUBLIC})")
    r.add_argument("--as-of", help="date to judge the standing of elements on (YYYY-MM-DD, default today)")
    r.add_argument("--offset", type=_at_least(0), default=0, metavar="N",
                   help="start at the case N (from 0, in the matrix's order); with --limit, one page of the matrix")
    r.add_argument("--limit", type=_at_least(1), metavar="N", help="show at most N cases (default: every case)")
    r.add_argument("-o", "--output", help="output file (default: standard output)")
    r.set_defaults(func=cmd_report, case=None)

    p = sub.add_parser("diff", help="what changed between two versions of a case",
                       description="Added, removed and changed claims, strategies, assumptions, evidence, "
                                   "defeaters and records (decision, review, acceptability, context) between two "
                                   "versions. With one CASE, compare it with the version it supersedes.")
    p.add_argument("case", help="a case version (IRI, CURIE or short name)")
    p.add_argument("versions", nargs="*", metavar="V", help="two versions to compare instead: OLD NEW")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("gate", help="is each positive decision in force still defensible (exit 1 if one is not)",
                       description="Per case with a positive decision in force: defensible when no element carries a "
                                   "Violation-level reason as of the date (the standing read by lint, reports and "
                                   "pages): open defeaters of high or critical severity (or none stated), defeaters "
                                   "closed on paper, stale evidence, a case past its dates or reopened by a change, "
                                   "scope substitution, and every other lint or shape Violation. Low and medium "
                                   "open defeaters are caveats. Exit 1 when a judged case is not defensible.")
    p.add_argument("--as-of", help="date to judge on (YYYY-MM-DD, default today)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_gate)

    p = sub.add_parser("impact", help="which cases, claims and evidence a change reopens",
                       description="For a change (new checkpoint, fine-tune, tool addition, wider population, "
                                   "system prompt change, vulnerability report, incident, weight-security concern, "
                                   "capability evidence, regulator finding, indicator breach) to a model build (in any "
                                   "role: deployed, evaluated, assessed, red-team substitute, watched), a tool, an "
                                   "operational context, an evidence item, a framework version or a threshold: the "
                                   "affected cases, claims, evidence, assessments and defeaters with the role the "
                                   "target plays and each item's standing now, and the review triggers that fire. "
                                   "--record stores the change as an event that reopens the cases (nothing is deleted).")
    p.add_argument("--kind", required=True, help="trigger kind, e.g. new-checkpoint (see vocabularies.ttl)")
    p.add_argument("--target", required=True,
                   help="what changed: a model build, tool, operational context, evidence item, framework version or "
                        "threshold, e.g. id:model/atlas-4-2026-05-20")
    p.add_argument("--date", help="when the change happened (YYYY-MM-DD, default today)")
    p.add_argument("--note", help="a statement describing the change, recorded with --record")
    p.add_argument("--record", action="store_true", help="store the change and mark the cases for re-review")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_impact)

    p = sub.add_parser("lint", help="check every case for the failure modes of safety cases",
                       description="Run the failure-mode checks in lint/ (paper-safety, static-claims, evidence-gaps, "
                                   "countercase-neglect, reviewer-capture, security-publication, "
                                   "acceptability-laundering, scope-substitution, unmonitored-deployment, "
                                   "evidence-after-decision, and evidence-discipline checks), with the standing rules of "
                                   "queries/standing/ reported under the check they name, over the store. Exit 1 when a "
                                   "finding has severity Violation.")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--as-of", help="date for date-dependent checks (YYYY-MM-DD, default today)")
    p.add_argument("--check", action="append", default=[], metavar="ID", help="run only this check (repeatable)")
    p.add_argument("--case", action="append", default=[], metavar="CASE",
                   help="only this case (IRI, CURIE or short name; repeatable): each check runs for it alone")
    p.set_defaults(func=cmd_lint)

    p = sub.add_parser("graphs", help="list the named graphs with their source files")
    p.set_defaults(func=cmd_graphs)

    from .web.config import describe_keys
    p = sub.add_parser("serve", help="serve the SPARQL endpoint, the Graph Store and the web pages",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Serve the store over HTTP with a production WSGI server (waitress): SPARQL 1.1 "
                                   "query and update at /sparql, the Graph Store Protocol at /data, the named "
                                   "queries at /queries. Loads the example corpus on first run when the store holds "
                                   "no case.",
                       epilog="Settings come from the defaults, then a TOML file (--config, or $SAFETYCASE_KG_CONFIG), "
                              "then SAFETYCASE_KG_<KEY> environment variables, then these flags.\nKeys:\n"
                              + describe_keys() +
                              "\n\nAccess: no Authorization header = public (the redacted view); "
                              "'Authorization: Bearer TOKEN' with a reviewer token reads everything, with a writer "
                              "token may also write (SPARQL Update, PUT/POST/DELETE /data), always through "
                              "validation. A wrong token is refused with 401. 'safetycase-kg token-hash' prints the "
                              "hash of a token read on standard input.")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8080)")
    p.add_argument("--config", help="TOML configuration file (default $SAFETYCASE_KG_CONFIG)")
    p.add_argument("--no-examples", action="store_true", help="do not load the examples into an empty store")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("token-hash", help="print the configuration form (sha256:...) of a token read on stdin",
                       description="Read a bearer token on standard input and print its SHA-256 hash as the server "
                                   "configuration wants it, e.g. [tokens] reviewer = [\"sha256:...\"]. The token "
                                   "itself is never stored.")
    p.set_defaults(func=cmd_token_hash)
    return parser


# --- commands --------------------------------------------------------------------------------------

def open_store(args, *, write: bool = False):
    """The embedded store folder, or a remote SPARQL endpoint when --endpoint (or its variable) is set.

    Only one process may hold the folder for writing. When another one does (``serve``, usually), a
    command that only reads opens it read-only and says so in one line; it sees the store as it was
    when it opened it. A command that writes stops with one line saying what to do.
    """
    if getattr(args, "endpoint", None):
        from .core.remote import RemoteStore
        return RemoteStore(args.endpoint, update_endpoint=args.update_endpoint, graph_store=args.graph_store,
                           user=args.user, password=args.password, auth=args.auth, dataset=args.dataset)
    from .core.store import Store
    try:
        return Store(args.store)
    except OSError as err:
        if "lock" not in str(err).lower():
            raise UsageError(f"cannot open the store {args.store}: {err}") from None
    if write:
        raise UsageError(f"the store {args.store} is in use by another process (a running 'safetycase-kg serve'?): "
                         "stop it first, or write through the server (Graph Store Protocol at /data, SPARQL "
                         "update at /sparql)")
    print(f"note: the store {args.store} is in use by another process (a running server?); reading it "
          "read-only, as it is now", file=sys.stderr)
    return Store(args.store, read_only=True)


def _where(args) -> str:
    return args.endpoint or args.store


def cmd_load(args) -> int:
    from .ingest.load import LoadError, load
    store = open_store(args, write=True)
    progress = None if args.quiet else _progress("loading")
    try:
        batch, report = load(store, args.paths, strict=args.strict, agent=args.agent, progress=progress,
                             fmt=args.source_format)
    except LoadError as err:
        print("load refused, store unchanged:", file=sys.stderr)
        for line in err.errors:
            print(f"  {line}", file=sys.stderr)
        return err.exit_code
    _print_notes(batch.notes)
    print(f"loaded {len(batch.files)} file(s), {len(batch.graphs)} graph(s), {batch.triple_count} triples "
          f"into {_where(args)}", file=sys.stderr)
    if report is not None and report.count("Warning"):
        print(f"{report.count('Warning')} warning(s); run 'safetycase-kg validate' to see them", file=sys.stderr)
    return EXIT_OK


def cmd_validate(args) -> int:
    from .ingest.load import LoadError, parse_batch, validate_batch
    from .ingest.validate import Validator, validate_store
    store = open_store(args)
    if args.paths:
        try:
            batch = parse_batch(args.paths, store, fmt=args.source_format)
        except LoadError as err:
            for line in err.errors:
                print(line, file=sys.stderr)
            return err.exit_code
        report = validate_batch(batch, store, Validator.from_store(store, workers=args.workers))
        cases = [g for g, data in batch.nquads.items() if _is_case(g, data)]
    else:
        report = validate_store(store, workers=args.workers)
        cases = store.case_graphs()
    checklists = _checklists(store, report, cases, as_data=args.format == "json")
    if args.format == "json":
        import json
        document = json.loads(report.to_json())
        document["checklists"] = checklists
        print(json.dumps(document, indent=2))
    else:
        print(report.to_text())
        for text in checklists.values():
            print(text)
    return EXIT_OK if report.conforms else EXIT_NONCONFORMING


def _is_case(graph, nquads: bytes) -> bool:
    return f"<{graph}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/safetycase-kg/ontology#SafetyCase>".encode() in nquads


def _checklists(store, report, cases, *, as_data: bool) -> dict:
    """The completion checklist of each case that does not conform (text, or data for JSON)."""
    from .analysis.checklist import as_dict, checklist, to_text
    from .core.results import compact
    out = {}
    for case in cases:
        results = [r for r in report.results if r.graph == case]
        if not any(r.severity == "Violation" for r in results):
            continue
        groups = checklist(store, results)
        out[str(case)] = as_dict(groups) if as_data else to_text(compact(case), groups)
    return out


def cmd_query(args) -> int:
    from .core.queries import list_queries, run_query
    if args.list:
        print(list_queries(args.format))
        return EXIT_OK
    if not args.query and not args.sparql:
        raise UsageError("give a query name, a .rq file, or --sparql TEXT (see --list)")
    params = dict(_split_param(p) for p in args.param)
    text = run_query(open_store(args), args.query, args.sparql, params, args.format,
                     allowed_services=args.allow_service)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def cmd_export_case(args) -> int:
    from .analysis.redact import view_for
    from .outputs.export import export_case, resolve_case
    store = view_for(open_store(args), args.tier)
    if args.format in ("yaml", "ttl", "jsonld"):
        text = export_case(store, args.case, args.format, context=args.context)
    else:
        from .interchange.case import export_case as export_other
        from .interchange.model import InterchangeError
        try:
            result = export_other(store, resolve_case(store, args.case), args.format)
        except InterchangeError as err:  # not a file problem here: the format cannot carry this case
            raise UsageError(f"cannot write {args.format}: {err.message}") from None
        text = result.text
        if result.losses:
            print(f"{args.format} cannot carry (not in the output):", file=sys.stderr)
            for line in result.losses:
                print(f"  {line}", file=sys.stderr)
    _write(text, args.output)
    return EXIT_OK


def cmd_convert(args) -> int:
    from . import interchange
    from .core.namespaces import CONTEXT_FILE
    from .ingest.casefile import CaseFileError, dump_case, load_context
    paths = [Path(f) for f in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    try:
        units = interchange.plan(paths, args.source_format)
        if len(units) != 1 or units[0].fmt is None:
            raise UsageError("give the file (or the files of one gsn2x module set) of one case in another tool's "
                             "format; use --from FORMAT when it is not detected")
        parsed, notes = interchange.read_unit(units[0])
    except CaseFileError as err:
        print(f"conversion refused: {err}", file=sys.stderr)
        return EXIT_INPUT
    (iri, triples), = parsed.graphs.items()
    _print_notes(notes)
    _write(dump_case(iri, triples, load_context(CONTEXT_FILE)), args.output)
    print(f"converted {len(units[0].paths)} file(s) into case {iri}; run 'safetycase-kg validate' on it for what a "
          "safety case still needs", file=sys.stderr)
    return EXIT_OK


def _print_notes(notes: list[str]) -> None:
    """The conversion report: what had no home in the ontology (kept as annotations unless said)."""
    if notes:
        print(f"conversion report ({len(notes)} item(s) without a term in the ontology):", file=sys.stderr)
        for note in notes:
            print(f"  {note}", file=sys.stderr)


def _write(text: str, output: str | None) -> None:
    """Write to a file, or to standard output when no file is given."""
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as err:
            raise UsageError(f"cannot write {output}: {err.strerror}") from None
    else:
        sys.stdout.write(text)


def cmd_export(args) -> int:
    from .outputs.exchange import export_dataset
    if not args.publisher:
        print("note: no --publisher given; the export names an unspecified publisher", file=sys.stderr)
    text = export_dataset(open_store(args), args.tier, args.format, cases=args.case, publisher=args.publisher,
                          license=args.license, version=args.export_version, context=args.context)
    _write(text, args.output)
    return EXIT_OK


def cmd_import(args) -> int:
    from .outputs.exchange import ExchangeError, conflicts_text, import_export
    if args.conflicts and Path(args.conflicts).suffix.lower() not in (".json", ".csv"):
        raise UsageError(f"--conflicts {args.conflicts}: name the file .json or .csv")
    store = open_store(args, write=True)
    try:
        result = import_export(store, args.file, args.org, force=args.force, agent=args.agent)
    except ExchangeError as err:
        print(f"import refused, store unchanged: {err}", file=sys.stderr)
        return EXIT_INPUT
    received = result.received
    print(f"imported {args.file} from {args.org}: {len(result.graphs)} graph(s), "
          f"{sum(len(ts) for ts in received.graphs.values())} triples, {received.tier} tier, "
          f"created {received.created.isoformat()}, checksum verified ({received.checksum})", file=sys.stderr)
    if result.replaced:
        print(f"replaced the previous import of {args.org}; dropped {len(result.replaced)} graph(s) it no longer has",
              file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.conflicts:
        fmt = "json" if args.conflicts.lower().endswith(".json") else "csv"
        _write(conflicts_text(result.conflicts, fmt), args.conflicts)
    if result.conflicts:
        print(f"{len(result.conflicts)} conflicting statement(s) with other organisations (kept apart, not merged):",
              file=sys.stderr)
        for row in result.conflicts:
            print(f"  {row['subject']} {row['property']}: {row['org1']} says {row['value1']!r}, "
                  f"{row['org2']} says {row['value2']!r}", file=sys.stderr)
        return EXIT_NONCONFORMING
    return EXIT_OK


def cmd_reason(args) -> int:
    from .analysis.reasoning import check_consistency
    from .core.namespaces import ONTOLOGY_DIR
    from .core.store import Store
    from .ingest.load import parse_batch
    batch = parse_batch(args.paths, Store()) if args.paths else None
    sources: list = [ONTOLOGY_DIR / name for name in ("safetycase.ttl", "vocabularies.ttl", "alignments.ttl")]
    if batch is not None:
        from rdflib import Graph
        data = Graph()
        for triples in batch.graphs.values():
            for t in triples:
                data.add(t)
        sources.append(data)
    report = check_consistency(sources)
    what = "the ontology" + (f" with {len(batch.files)} file(s)" if batch else "")
    if not report.consistent:
        print(f"{what} is INCONSISTENT: no world can satisfy every axiom and fact together. HermiT says:")
        print("  " + (report.detail.strip().splitlines() or ["(no detail)"])[0])
        return EXIT_NONCONFORMING
    if report.unsatisfiable:
        print(f"{what} is consistent, but these classes can have no member (their definitions contradict):")
        for iri in report.unsatisfiable:
            print(f"  {iri}")
        return EXIT_NONCONFORMING
    print(f"{what} is consistent, and every class can have members")
    return EXIT_OK


def cmd_docs(args) -> int:
    from .outputs.ontodoc import ontology_html
    _write(ontology_html(), args.output)
    return EXIT_OK


def cmd_frameworks(args) -> int:
    import json

    from .analysis.catalog import clauses, frameworks
    from .core.results import to_records, to_table
    store = open_store(args)
    if args.clauses:
        listed = clauses(store, args.clauses)
        print(json.dumps(listed.as_json(), indent=2, ensure_ascii=False) if args.format == "json" else listed.as_table())
        return EXIT_OK
    result = frameworks(store)
    print(json.dumps(to_records(result), indent=2, ensure_ascii=False) if args.format == "json" else to_table(result))
    return EXIT_OK


def cmd_report(args) -> int:
    from .outputs.reports.compliance import compliance_report, matrix_report
    from .outputs.reports.render import render
    store = open_store(args)
    as_of = _as_of(args.as_of)
    if args.case is not None:
        report = compliance_report(store, args.case, args.framework, tier=args.tier, as_of=as_of)
    else:
        report = matrix_report(store, args.framework, tier=args.tier, as_of=as_of, workers=None)
        if args.limit is not None or args.offset:
            report = report.page(args.offset, args.limit)
    _write(render(report, args.format), args.output)
    return EXIT_OK


def cmd_diff(args) -> int:
    from .analysis.diff import diff_versions
    if len(args.versions) not in (0, 2):
        raise UsageError("give no versions (compare with the superseded one) or exactly two: OLD NEW")
    result = diff_versions(open_store(args), args.case, *(args.versions or [None, None]))
    print(result.to_json() if args.format == "json" else result.to_text())
    return EXIT_OK


def cmd_gate(args) -> int:
    import json

    from .analysis.standing import standing
    from .analysis.status import decision_gate, to_text
    store = open_store(args)
    judged = standing(store, _as_of(args.as_of), workers=None)
    verdicts = decision_gate(store, judged=judged)
    if args.format == "json":
        print(json.dumps({"asOf": judged.as_of.isoformat(), "verdicts": [v.as_dict() for v in verdicts]}, indent=2))
    else:
        print(to_text(verdicts, judged))
    return EXIT_NONCONFORMING if any(v.defensible is False for v in verdicts) else EXIT_OK


def _at_least(least: int):
    """An argparse type: a whole number, ``least`` or more, refused in one line otherwise."""
    def parse(text: str) -> int:
        if not (text.isascii() and text.isdigit()) or int(text) < least:
            raise argparse.ArgumentTypeError(f"needs a whole number, {least} or more; got {text!r}")
        return int(text)
    return parse


def _as_of(text: str | None):
    """The date to judge on: --as-of, or today."""
    from datetime import date
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError:
        raise UsageError(f"--as-of needs a date YYYY-MM-DD, got {text!r}") from None


def cmd_impact(args) -> int:
    import json
    from datetime import date

    from .analysis.impact import affected, impact_rows, record
    try:
        when = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise UsageError(f"--date needs YYYY-MM-DD, got {args.date!r}") from None
    store = open_store(args, write=args.record)
    rows = impact_rows(store, args.kind, args.target, when)
    if args.record:
        event, cases = record(store, args.kind, args.target, affected(store, args.kind, args.target), when, args.note)
        print(f"recorded {event}, reopening {len(cases)} case(s)", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        print(_impact_table(rows))
    return EXIT_OK


def _impact_table(rows: list[dict[str, str]]) -> str:
    columns = ["case", "what", "item", "standing", "via", "role", "trigger"]
    widths = {c: min(60, max([len(c)] + [len(r[c]) for r in rows])) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(r[c][:widths[c]].ljust(widths[c]) for c in columns) for r in rows]
    lines.append(f"{len(rows)} row(s), {len({r['case'] for r in rows})} case(s)")
    return "\n".join(lines)


def cmd_lint(args) -> int:
    from .analysis.lint import CHECKS, run_lint, to_json_text, to_text
    from .outputs.export import resolve_case
    unknown = sorted(set(args.check) - set(CHECKS))
    if unknown:
        raise UsageError(f"no check {', '.join(unknown)} (checks: {', '.join(sorted(CHECKS))})")
    checks = [CHECKS[c] for c in args.check] or None
    store = open_store(args)
    cases = [resolve_case(store, c) for c in args.case] or None
    findings = run_lint(store, args.as_of, checks, cases=cases)
    print(to_json_text(findings) if args.format == "json" else to_text(findings))
    return EXIT_NONCONFORMING if any(f.severity == "Violation" for f in findings) else EXIT_OK


def cmd_graphs(args) -> int:
    store = open_store(args)
    sources = store.sources()
    for g in store.graph_names():
        src = sources.get(g)
        print(f"{g}\t{src.path if src else '-'}")
    return EXIT_OK


def cmd_serve(args) -> int:
    from .web.app import serve
    from .web.config import load_config
    config = load_config(args.config, host=args.host, port=args.port, store=args.store_given,
                         load_examples=False if args.no_examples else None)
    # With --endpoint the server answers from that SPARQL endpoint; the public tier still reads a
    # redacted copy built here, and queries still run in killable workers.
    return serve(config, open_store(args) if args.endpoint else None)


def cmd_token_hash(args) -> int:
    from .web.access import hash_token
    token = sys.stdin.readline().strip()
    if not token:
        raise UsageError("give the token on standard input")
    print(hash_token(token))
    return EXIT_OK


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
