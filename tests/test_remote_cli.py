"""Every read command of the CLI, run with --endpoint against a real Oxigraph server, gives what it gives
on the embedded store holding the same data.

The command list comes from the CLI's own parser: a command that appears in it must be listed below,
either with the arguments to run it with, as a write command (covered by ``test_remote.py``: load,
import, impact --record), or as a command that never reads a store (with why). So a new command fails
``test_every_command_is_covered`` until someone says how to run it against an endpoint.
"""

from __future__ import annotations

import argparse
import re

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import to_isomorphic
from servers import start_oxigraph, stop
from test_remote import canonical

from safetycase_kg.cli import build_parser, main
from safetycase_kg.core.namespaces import EXAMPLES_DIR
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load

pytestmark = pytest.mark.slow

FRAMEWORK = "eu-ai-act-2024-1689"
CASE = "cyber-inability-v2"

# command path -> argument lists to run it with (each compared between the endpoint and the embedded store)
READS: dict[str, list[list[str]]] = {
    "validate": [["--format", "json"]],
    "query": [["cases-by-decision", "--format", "json"], ["--sparql", "SELECT ?c WHERE { ?c a sc:SafetyCase }",
                                                           "--format", "csv"]],
    "export-case": [[CASE, "--format", "ttl"], [CASE, "--format", "ttl", "--tier", "public"], [CASE, "--format", "tea"]],
    "export": [["--tier", "public", "--format", "nq", "--export-version", "1"],
               ["--tier", "reviewer", "--format", "nq", "--case", CASE, "--export-version", "1"]],
    "frameworks": [["--format", "json"], ["--clauses", FRAMEWORK, "--format", "json"]],
    "report compliance": [[CASE, "--framework", FRAMEWORK, "--format", "json"],
                          [CASE, "--framework", FRAMEWORK, "--format", "json", "--tier", "reviewer"]],
    "report matrix": [["--framework", FRAMEWORK, "--format", "json"]],
    "diff": [[CASE, "--format", "json"]],
    "gate": [["--as-of", "2026-11-29", "--format", "json"]],
    "impact": [["--kind", "new-checkpoint", "--target", "id:model/atlas-4-2026-05-20", "--format", "json"]],
    "lint": [["--format", "json", "--as-of", "2026-11-29"]],
    "graphs": [[]],
}
WRITES = {"load", "import"}  # through an endpoint in test_remote.py (the fixtures load; import is compared there)
NO_STORE = {
    "convert": "turns a file of another tool into a case file; reads no store",
    "docs": "renders the ontology files of the package; reads no store",
    "reason": "runs HermiT over the ontology files and the given files; reads no store",
    "token-hash": "hashes a token read on standard input; reads no store",
    "serve": "a long-running server; test_remote.py serves from an endpoint",
}


def commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    """The leaf commands of the parser ('report compliance', 'gate', ...)."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += commands(sub, f"{prefix}{name} ") or [f"{prefix}{name}"]
    return found


def test_every_command_is_covered():
    listed = set(READS) | WRITES | set(NO_STORE)
    assert set(commands(build_parser())) == listed


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """An Oxigraph server and an embedded store folder, each loaded with the examples."""
    folder = tmp_path_factory.mktemp("server")
    server = start_oxigraph(folder, union=False)
    try:
        endpoint = ["--endpoint", server.query, "--update-endpoint", server.update]
        assert main([*endpoint, "load", "--quiet", str(EXAMPLES_DIR)]) == 0
        local = tmp_path_factory.mktemp("local") / "store"
        load(Store(local), [EXAMPLES_DIR])
        yield endpoint, ["--store", str(local)]
    finally:
        stop(server.process)


VOLATILE = [  # what differs by nature between two runs: creation times, fresh identifiers, checksums over them
    (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "T"),
    (r"urn:uuid:[0-9a-f-]{36}", "urn:uuid:U"), (r"/load/[0-9a-f-]{36}", "/load/U"),
    (r"sha256:[0-9a-f]{64}|\b[0-9a-f]{64}\b", "H"),
]


def normal(text: str, args: list[str]):
    """The output, compared as RDF graphs (blank nodes by isomorphism), as JSON with lists as sets, or as
    a set of lines."""
    for pattern, replacement in VOLATILE:
        text = re.sub(pattern, replacement, text)
    if "ttl" in args or "nq" in args:
        dataset = Dataset()
        dataset.parse(data=text, format="nquads" if "nq" in args else "turtle")
        return {str(g.identifier): to_isomorphic(Graph() + g) for g in dataset.graphs() if len(g)}
    try:
        return canonical(text)  # the JSON outputs, compared as test_remote compares named-query results
    except ValueError:
        return sorted(re.sub(r"_:[A-Za-z0-9]+", "_:b", text).splitlines())


RUNS = [pytest.param(command, args, id=f"{command} {' '.join(args)}".strip())
        for command, runs in READS.items() for args in runs]


@pytest.mark.parametrize("command, args", RUNS)
def test_read_command_through_the_endpoint_equals_the_embedded_store(capsys, stores, command, args):
    endpoint, local = stores
    argv = [*command.split(), *args]
    code_there = main([*endpoint, *argv])
    there = capsys.readouterr()
    code_here = main([*local, *argv])
    here = capsys.readouterr()
    assert code_there == code_here, there.err
    assert "Traceback" not in there.err
    assert normal(there.out, args) == normal(here.out, args)
