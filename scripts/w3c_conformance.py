"""Run the W3C SPARQL 1.1 Protocol and Graph Store Protocol test manifests against a live server.

The manifests (from the W3C rdf-tests suite, under the W3C test-suite licences) are not part of this
repository: they are read from a folder, ``--manifests``, else ``$SAFETYCASE_KG_CONFORMANCE``, else
``../shared/conformance`` beside the repository. Each test is a list of HTTP requests written in the
W3C HTTP vocabulary (``ht:``) with the expected response (status, boolean, result format, headers,
graph). The requests are generic; this script adapts them to safetycase-kg and changes nothing else:

* ``/sparql/...`` becomes ``/sparql`` (one endpoint for query and update), ``/gsp?...`` becomes
  ``/data?...`` (indirect identification), and a directly identified graph ``/gsp/person/1.ttl``
  becomes ``/data?graph=http://www.example/gsp/person/1.ttl``, the IRI the direct URL names on the
  manifests' host: the server names graphs only indirectly, so the direct tests run through ``?graph=``.
* every request carries ``Authorization: Bearer TOKEN`` (the writer token), as a writing client would.
* the graphs a test names (its ``ut:graphData``, its ``?graph=`` targets, the ``GRAPH <...>`` of its
  SPARQL, a graph the server created for it) are deleted before and after the test, so each test starts
  from the state its expectations assume; ``ut:graphData`` files are then loaded with a PUT.

It writes to the server (only graphs under the manifests' example hosts): point it at a scratch server.

    python scripts/w3c_conformance.py http://127.0.0.1:8080 --token WRITER-TOKEN [--json]

Prints, per test, PASS or FAIL with what differed; a failure that is a deliberate deviation of this
server (``DEVIATIONS``) is printed as DEVIATION with the reason. Exit 0 when every other test passes.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import json
import os
import re
import sys
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.term import Node

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")

MANIFESTS = ("protocol/manifest.ttl", "graph-store-protocol/manifest.ttl")
REPOSITORY = Path(__file__).resolve().parent.parent
SPARQL_PATH, GRAPH_STORE_PATH = "/sparql", "/data"

# The failures that are this server's design, not defects, by "suite#test" (the manifest folder and the
# test's local name). The conformance test asserts that exactly these fail, so the list stays true.
DEVIATIONS: dict[str, str] = {
    "graph-store-protocol#put_get_default":
        "the default graph is the union of the named graphs and cannot be written: PUT ?default is 405",
    "protocol#update_post_form":
        "CLEAR ALL would empty the system graphs (ontology, vocabularies, shapes, catalog, provenance), "
        "which are read-only over HTTP: 403",
    "protocol#update_post_direct":
        "CLEAR ALL would empty the system graphs, which are read-only over HTTP: 403",
    "protocol#update_dataset_default_graph":
        "begins with CLEAR ALL (system graphs are read-only: 403); also sends using-graph-uri, "
        "which this server refuses (400: name graphs with GRAPH in the update instead)",
    "protocol#update_dataset_default_graphs":
        "begins with DROP ALL (system graphs are read-only: 403); also sends using-graph-uri (refused: 400)",
    "protocol#update_dataset_named_graphs":
        "begins with DROP ALL (system graphs are read-only: 403); also sends using-named-graph-uri (refused: 400)",
    "protocol#update_dataset_full":
        "begins with DROP ALL (system graphs are read-only: 403); also sends using-graph-uri and "
        "using-named-graph-uri (refused: 400)",
}

STATUS_NAMES = {"OK": 200, "Created": 201, "Accepted": 202, "NoContent": 204, "BadRequest": 400,
                "Unauthorized": 401, "Forbidden": 403, "NotFound": 404, "MethodNotAllowed": 405,
                "NotAcceptable": 406, "UnsupportedMediaType": 415}
FORMATS = {  # mf:expectedFormat: the media types that count as that kind of answer
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml",
            "text/html", "application/ld+json", "text/n3"),
}
RDF_PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
               "application/ld+json": "json-ld", "text/n3": "n3"}


@dataclass
class Expected:
    """What one response must be; None means the manifest does not say."""

    statuses: list[tuple[int, int]]  # inclusive ranges
    boolean: bool | None = None
    result_format: str | None = None
    content_type: str | None = None
    graph: str | None = None  # Turtle (or the given content type) the response must be isomorphic to
    location_variable: str | None = None


@dataclass
class Step:
    """One HTTP request of a test, as written in the manifest (the path not yet adapted)."""

    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    expected: Expected


@dataclass
class ConformanceTest:
    suite: str  # the manifest folder: "protocol" or "graph-store-protocol"
    local_name: str
    name: str
    authority: str
    steps: list[Step]
    graph_data: list[tuple[str, Path]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.suite}#{self.local_name}"


@dataclass
class Outcome:
    key: str
    name: str
    passed: bool
    problems: list[str]
    deviation: str | None = None

    def as_dict(self) -> dict:
        return {"test": self.key, "name": self.name, "passed": self.passed, "problems": self.problems,
                "deviation": self.deviation}


# --- reading the manifests -------------------------------------------------------------------------

def default_folder() -> Path:
    return Path(os.environ.get("SAFETYCASE_KG_CONFORMANCE") or REPOSITORY.parent / "shared" / "conformance")


def read_tests(folder: Path) -> list[ConformanceTest]:
    """Every test listed in the manifests' ``mf:entries``, following ``mf:include``, in manifest order."""
    tests: list[ConformanceTest] = []
    for name in MANIFESTS:
        tests += _read_manifest(folder / name, suite=Path(name).parent.name)
    return tests


def _read_manifest(path: Path, suite: str) -> list[ConformanceTest]:
    graph = Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())
    manifest = URIRef(path.resolve().as_uri())
    tests: list[ConformanceTest] = []
    for included in _list(graph, graph.value(manifest, MF.include)):
        tests += _read_manifest(Path(urllib.parse.urlparse(str(included)).path), suite)
    for entry in _list(graph, graph.value(manifest, MF.entries)):
        tests.append(_read_test(graph, entry, suite))
    return tests


def _read_test(graph: Graph, entry: Node, suite: str) -> ConformanceTest:
    action = graph.value(entry, MF.action)
    steps = [_read_step(graph, request) for request in _list(graph, graph.value(action, HT.requests))]
    graph_data = [(str(graph.value(d, RDFS.label)), Path(urllib.parse.urlparse(str(graph.value(d, UT.graph))).path))
                  for d in graph.objects(entry, UT.graphData)]
    local = str(entry).rsplit("#", 1)[-1]
    return ConformanceTest(suite, local, str(graph.value(entry, MF.name)),
                           str(graph.value(action, HT.connectionAuthority) or "www.example"), steps,
                           sorted(graph_data))


def _read_step(graph: Graph, request: Node) -> Step:
    body = graph.value(request, HT.body)
    data = None
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(graph.value(body, CNT.chars)).encode(encoding)
    response = graph.value(request, HT.resp)
    return Step(str(graph.value(request, HT.methodName)), str(graph.value(request, HT.absolutePath)),
                _headers(graph, request), data, _read_expected(graph, response))


def _read_expected(graph: Graph, response: Node) -> Expected:
    statuses = [_status_range(s) for s in graph.objects(response, MF.expectedStatus)]
    boolean = graph.value(response, MF.expectedBoolean)
    result_format = graph.value(response, MF.expectedFormat)
    content_type = dict((k.lower(), v) for k, v in _headers(graph, response)).get("content-type")
    body = graph.value(response, HT.body)
    location = graph.value(response, MF.expectedLocation)
    return Expected(statuses, None if boolean is None else bool(boolean.toPython()),
                    None if result_format is None else str(result_format), content_type,
                    None if body is None else str(graph.value(body, CNT.chars)),
                    None if location is None else str(location))


def _status_range(term: Node) -> tuple[int, int]:
    name = str(term).removeprefix(str(HTS))
    if match := re.fullmatch(r"StatusCode([1-5])xx", name):
        low = int(match[1]) * 100
        return low, low + 99
    if name not in STATUS_NAMES:
        raise ValueError(f"unknown status term {term}")
    return STATUS_NAMES[name], STATUS_NAMES[name]


def _headers(graph: Graph, node: Node) -> list[tuple[str, str]]:
    return [(str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
            for h in _list(graph, graph.value(node, HT.headers))]


def _list(graph: Graph, head: Node | None) -> list[Node]:
    return [] if head is None or head == RDF.nil else list(Collection(graph, head))


# --- adapting requests to this server --------------------------------------------------------------

def adapt_path(path: str, authority: str) -> str:
    """The manifest's generic path on this server: ``/sparql``, and ``/data`` with indirect identification."""
    if path == "/sparql" or path.startswith(("/sparql/", "/sparql?")):
        rest = path.removeprefix("/sparql").removeprefix("/")
        return SPARQL_PATH + rest
    if path == "/gsp" or path.startswith("/gsp?"):
        return GRAPH_STORE_PATH + path.removeprefix("/gsp")
    if path.startswith("/gsp/"):
        return GRAPH_STORE_PATH + "?graph=" + urllib.parse.quote(f"http://{authority}{path}", safe="")
    raise ValueError(f"a path this script cannot map: {path}")


def named_graphs(test: ConformanceTest) -> set[str]:
    """The graphs a test may create: cleared before and after it, so tests do not see each other's data."""
    found = {iri for iri, _ in test.graph_data}
    for step in test.steps:
        query = urllib.parse.urlsplit(adapt_path(step.path, test.authority)).query
        found.update(v for v in urllib.parse.parse_qs(query).get("graph", []) if "$" not in v)
        if step.body and any(v.startswith("application/sparql") for _, v in step.headers):
            found.update(re.findall(r"GRAPH\s*<([^>]+)>", step.body.decode("utf-8", "replace"), re.IGNORECASE))
    return found


# --- running ---------------------------------------------------------------------------------------

@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


class Client:
    """Raw HTTP with exactly the manifest's headers: urllib would add a form Content-Type to every POST,
    which would hide what the tests without a Content-Type check."""

    def __init__(self, url: str, token: str | None) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.token = token

    def send(self, method: str, path: str, headers: Iterable[tuple[str, str]] = (), body: bytes | None = None) -> Reply:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.putrequest(method, self.prefix + path, skip_accept_encoding=True)
            sent = list(headers)
            if self.token:
                sent.append(("Authorization", f"Bearer {self.token}"))
            if body is not None:
                sent.append(("Content-Length", str(len(body))))
            for name, value in sent:
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def delete_graph(self, iri: str) -> None:
        reply = self.send("DELETE", f"{GRAPH_STORE_PATH}?graph={urllib.parse.quote(iri, safe='')}")
        if reply.status not in (200, 204, 404):
            raise RuntimeError(f"could not clear <{iri}> before a test: {reply.status} {reply.body[:300]!r}")

    def put_graph(self, iri: str, path: Path) -> None:
        reply = self.send("PUT", f"{GRAPH_STORE_PATH}?graph={urllib.parse.quote(iri, safe='')}",
                          [("Content-Type", "application/n-triples")], path.read_bytes())
        if reply.status not in (200, 201, 204):
            raise RuntimeError(f"could not load {path.name} into <{iri}>: {reply.status} {reply.body[:300]!r}")


def run_test(client: Client, test: ConformanceTest) -> Outcome:
    graphs = named_graphs(test)
    variables: dict[str, str] = {}
    problems: list[str] = []
    try:
        for iri in sorted(graphs):
            client.delete_graph(iri)
        for iri, path in test.graph_data:
            client.put_graph(iri, path)
        for number, step in enumerate(test.steps, 1):
            reply = client.send(step.method, _fill(adapt_path(step.path, test.authority), variables),
                                step.headers, step.body and _fill(step.body.decode("latin-1"), variables).encode("latin-1"))
            problems = check(step.expected, reply, variables)
            if problems:
                where = f"request {number}/{len(test.steps)}: {step.method} {_fill(step.path, variables)}"
                problems = [where] + problems
                break
    finally:
        for iri in sorted(graphs | {urllib.parse.unquote(v) for v in variables.values()}):
            client.delete_graph(iri)
    return Outcome(test.key, test.name, not problems, problems, DEVIATIONS.get(test.key) if problems else None)


def _fill(text: str, variables: dict[str, str]) -> str:
    for name, value in variables.items():
        text = text.replace(name, value)
    return text


def check(expected: Expected, reply: Reply, variables: dict[str, str]) -> list[str]:
    """What differs between the response and the expectation; empty when it meets it."""
    if not any(low <= reply.status <= high for low, high in expected.statuses):
        wanted = " or ".join(str(low) if low == high else f"{low // 100}xx" for low, high in expected.statuses)
        return [f"status: expected {wanted}, got {reply.status}" + _excerpt(reply)]
    problems: list[str] = []
    mime = reply.headers.get("content-type", "").split(";")[0].strip().lower()
    if expected.content_type:
        problems += _check_content_type(expected.content_type, reply.headers.get("content-type", ""))
    if expected.result_format and mime not in FORMATS[expected.result_format]:
        problems.append(f"format: expected {expected.result_format} ({', '.join(FORMATS[expected.result_format])}), "
                        f"got {mime or 'no Content-Type'}")
    if expected.boolean is not None:
        try:
            value = read_boolean(mime, reply.body)
        except ValueError as err:
            problems.append(f"boolean: cannot read one from the {mime} response: {err}")
        else:
            if value is not expected.boolean:
                problems.append(f"boolean: expected {str(expected.boolean).lower()}, got {str(value).lower()}")
    elif expected.result_format in ("tabular", "RDF") and not problems:
        problems += _check_parses(expected.result_format, mime, reply.body)
    if expected.graph is not None:
        problems += _check_graph(expected, mime, reply.body)
    if expected.location_variable:
        location = reply.headers.get("location")
        if not location:
            problems.append("Location: expected a Location header for the created graph, got none")
        else:
            variables[expected.location_variable] = location
    return problems


def _check_content_type(expected: str, got: str) -> list[str]:
    """Same media type; a charset the response states must be the expected one (absent means the
    format's default, UTF-8 for every RDF syntax checked here)."""
    want_type, want_params = _media(expected)
    got_type, got_params = _media(got)
    if want_type != got_type:
        return [f"Content-Type: expected {expected}, got {got or 'none'}"]
    if "charset" in got_params and got_params["charset"] != want_params.get("charset", "utf-8"):
        return [f"Content-Type: expected {expected}, got {got}"]
    return []


def _media(value: str) -> tuple[str, dict[str, str]]:
    parts = [p.strip() for p in value.split(";")]
    params = dict(p.lower().split("=", 1) for p in parts[1:] if "=" in p)
    return parts[0].lower(), {k.strip(): v.strip().strip('"') for k, v in params.items()}


def read_boolean(mime: str, body: bytes) -> bool:
    if mime == "application/sparql-results+json":
        value = json.loads(body).get("boolean")
    elif mime == "application/sparql-results+xml":
        element = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
        value = None if element is None else {"true": True, "false": False}.get((element.text or "").strip())
    else:
        raise ValueError("not a boolean result format")
    if not isinstance(value, bool):
        raise ValueError("no boolean in the body")
    return value


def _check_parses(kind: str, mime: str, body: bytes) -> list[str]:
    try:
        if kind == "RDF" and mime in RDF_PARSERS:
            Graph().parse(data=body, format=RDF_PARSERS[mime])
        elif mime.endswith("+json") and not isinstance(json.loads(body)["results"]["bindings"], list):
            raise ValueError("results.bindings is not a list")
        elif mime.endswith("+xml"):
            ElementTree.fromstring(body)
        elif mime in ("text/csv", "text/tab-separated-values"):
            list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter="\t" if "tab" in mime else ","))
    except Exception as err:  # any parse failure is the finding
        return [f"body: the {mime} response does not parse: {type(err).__name__}: {err}"]
    return []


def _check_graph(expected: Expected, mime: str, body: bytes) -> list[str]:
    want_format = RDF_PARSERS.get(_media(expected.content_type or "text/turtle")[0], "turtle")
    if mime not in RDF_PARSERS:
        return [f"body: expected an RDF graph, got {mime or 'no Content-Type'}"]
    want = Graph().parse(data=expected.graph, format=want_format)
    try:
        got = Graph().parse(data=body, format=RDF_PARSERS[mime])
    except Exception as err:
        return [f"body: the {mime} response does not parse: {err}"]
    if isomorphic(want, got):
        return []
    return [f"body: the graph differs: expected {len(want)} triples, got {len(got)}:\n"
            + _indent(got.serialize(format="nt").strip() or "(empty graph)")]


def _excerpt(reply: Reply) -> str:
    text = reply.body[:400].decode("utf-8", "replace").strip()
    return f": {text}" if text else ""


def _indent(text: str) -> str:
    return "\n".join("      " + line for line in text.splitlines())


def run(url: str, token: str | None, folder: Path) -> list[Outcome]:
    client = Client(url, token)
    return [run_test(client, test) for test in read_tests(folder)]


def summary(outcomes: list[Outcome]) -> dict[str, dict[str, int]]:
    """Per suite: tests, passed, failed as deliberate deviations, other failures."""
    counts: dict[str, dict[str, int]] = {}
    for o in outcomes:
        c = counts.setdefault(o.key.split("#")[0], {"tests": 0, "passed": 0, "deviations": 0, "failed": 0})
        c["tests"] += 1
        c["passed" if o.passed else "deviations" if o.deviation else "failed"] += 1
    return counts


def report(outcomes: list[Outcome]) -> str:
    lines = []
    for o in outcomes:
        verdict = "PASS" if o.passed else "DEVIATION" if o.deviation else "FAIL"
        lines.append(f"{verdict:9} {o.key}  {o.name}")
        if o.deviation:
            lines.append(f"          deliberate: {o.deviation}")
        lines += ["          " + p.replace("\n", "\n          ") for p in o.problems]
    for suite, c in summary(outcomes).items():
        lines.append(f"{suite}: {c['passed']}/{c['tests']} passed, {c['deviations']} deliberate deviation(s), "
                     f"{c['failed']} other failure(s)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", default=os.environ.get("SAFETYCASE_KG_WRITER_TOKEN"),
                        help="a writer token (default: $SAFETYCASE_KG_WRITER_TOKEN)")
    parser.add_argument("--manifests", type=Path, default=None,
                        help="the folder with protocol/ and graph-store-protocol/ "
                             "(default: $SAFETYCASE_KG_CONFORMANCE, else ../shared/conformance beside the repository)")
    parser.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    args = parser.parse_args(argv)
    folder = args.manifests or default_folder()
    if not (folder / MANIFESTS[0]).is_file():
        parser.error(f"no W3C manifests in {folder}")
    outcomes = run(args.url, args.token, folder)
    if args.json:
        print(json.dumps({"outcomes": [o.as_dict() for o in outcomes], "summary": summary(outcomes)}, indent=2))
    else:
        print(report(outcomes))
    return 0 if all(o.passed or o.deviation for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
