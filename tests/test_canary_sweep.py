"""Generated leak tests: every canary the ontology admits, through every public path of one live server.

``canaries.generate`` plants, from the ontology and the case-file context, a withheld item of every
class (in a case file and in a register) carrying every property its class admits, each with a unique
value, nested blank and named nodes included. The store also holds the examples. Then:

* attacks from issue finding 1: for every ontology property, ``sc:X sc:visibleWhenRedacted true`` is
  sent through each write path (a file ``load``, another organisation's export through ``import``,
  and HTTP writes with a writer token: Graph Store PUT and POST, SPARQL Update); every one must be
  refused with a message naming the graph or file and the property, and leave the store unchanged;
* every public path is asked, without a token, and no answer may hold a canary the request did not
  itself contain: SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE in every result format), side channels
  (CONTAINS per canary, STRLEN, SHA256 and MD5 of every literal, exact values, counts), every named
  query with its parameters pointed at the canaries, the Graph Store (every graph, every format),
  every page and the linked data of every IRI the data graphs mention (the catalog's and vocabularies'
  other IRIs come from the checkout and no canary touches them), in every format, the case pages with
  their argument maps,
  compliance reports and the matrix, the CLI's ``export --tier public`` and ``report``, and errors;
* the reviewer tier must see every canary, so each check can fail.

The counts are printed at the end of the run (``canary leak tests`` in the terminal summary).
``SAFETYCASE_KG_CANARY_FULL=1`` asks every IRI, named query, report and matrix in every format;
by default each is asked in one format, the formats taken in turn (and the matrix for one framework in
three), which keeps the run short while every format is still used on many of them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from canaries import CANARY_CASE, Canary, Plan, find_tokens, generate
from live_server import REVIEWER_TOKEN, WRITER_TOKEN, LiveServer, Reply, http
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF
from summary import report

from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import EXAMPLES_DIR, ONTOLOGY_DIR, PREFIXES, SC
from safetycase_kg.core.sparql import load_library
from safetycase_kg.core.store import Store, to_ox
from safetycase_kg.ingest.load import LoadError, load
from safetycase_kg.outputs.exchange import ExchangeError, export_dataset, import_export
from safetycase_kg.web.casepage import short_name

FULL = os.environ.get("SAFETYCASE_KG_CANARY_FULL") == "1"
EXAMPLE_CANARY = "CANARY-CBRN-7f3a"  # the examples' own withheld string
SELECT_FORMATS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"]
ASK_FORMATS = ["application/sparql-results+json", "application/sparql-results+xml", "text/tab-separated-values"]
GRAPH_FORMATS = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
PAGE_FORMATS = [("text/html", ""), ("text/turtle", ""), ("application/ld+json", ""), ("application/n-triples", ""),
                ("*/*", "ttl"), ("*/*", "jsonld"), ("*/*", "nt")]
REPORT_FORMATS = ["html", "md", "csv", "json"]
MATRIX_FORMATS = ["html", "md", "csv", "json", "svg"]
EXPORT_FORMATS = ["trig", "nq", "ttl", "jsonld"]
ATTACK_SUFFIXES = [".ttl", ".nt", ".trig", ".nq"]
WORKERS = 8


@dataclass(frozen=True)
class Request:
    family: str
    path: str
    accept: str | None = None
    tier: str = "public"
    method: str = "GET"
    body: bytes | None = None
    content_type: str | None = None

    def text(self) -> str:
        """Everything the client sent, decoded: a canary it names itself is no leak."""
        body = (self.body or b"").decode("utf-8", "replace")
        return urllib.parse.unquote_plus(self.path) + "\n" + urllib.parse.unquote_plus(body)


@dataclass
class Sweep:
    """The planted canaries, the server, and what the checks counted."""

    plan: Plan
    server: LiveServer
    folder: Path
    store_size: int
    attacks: Counter = field(default_factory=Counter)
    requests: Counter = field(default_factory=Counter)
    leaks: list = field(default_factory=list)
    reviewer_hits: Counter = field(default_factory=Counter)
    cli_outputs: dict = field(default_factory=dict)
    attack_problems: list = field(default_factory=list)  # from the load and import attacks made while setting up

    def __post_init__(self) -> None:
        self.tokens = self.plan.tokens()
        self.values = self.plan.values()

    def found(self, text: str) -> set[str]:
        """The canaries in ``text``: the generated ones and the examples' own withheld string."""
        found = find_tokens(text, self.tokens, self.values)
        return found | ({EXAMPLE_CANARY} if EXAMPLE_CANARY.lower() in text.lower() else set())

    def fetch(self, requests: list[Request]) -> list[Reply]:
        """Send the requests (a thread pool against the one server), count them, and return the replies."""
        def one(r: Request) -> Reply:
            headers = {"Accept": r.accept} if r.accept else {}
            if r.content_type:
                headers["Content-Type"] = r.content_type
            token = REVIEWER_TOKEN if r.tier == "reviewer" else WRITER_TOKEN if r.tier == "writer" else None
            return http(r.method, self.server.url + r.path, data=r.body, headers=headers, token=token, timeout=300)
        with ThreadPoolExecutor(WORKERS) as pool:
            replies = list(pool.map(one, requests))
        self.requests.update(r.tier for r in requests)
        return replies

    def sweep(self, requests: list[Request], ok=(200,)) -> list[Reply]:
        """Fetch, then: no public reply holds a canary it was not asked about; statuses are expected ones."""
        replies = self.fetch(requests)
        bad = [(r.path, reply.status, reply.text[:300]) for r, reply in zip(requests, replies, strict=False) if reply.status not in ok]
        assert not bad, f"{len(bad)} unexpected statuses, e.g. {bad[:5]}"
        for r, reply in zip(requests, replies, strict=False):
            text = reply.body.decode("utf-8", "replace")
            if r.tier == "public":
                leaked = self.found(text) - self.found(r.text())
                if leaked:
                    self.leaks.append((r.family, r.path[:200], r.accept, sorted(leaked)[:5]))
            elif self.found(text) - self.found(r.text()):
                self.reviewer_hits[r.family] += 1
        return replies

    def assert_no_leaks(self, family: str) -> None:
        mine = [leak for leak in self.leaks if leak[0].startswith(family)]
        assert not mine, f"{len(mine)} public answers hold canaries, e.g. {mine[:10]}"


def sparql(query: str, accept: str, tier: str = "public", family: str = "sparql", post: bool = False) -> Request:
    if post:
        return Request(family, "/sparql", accept, tier, "POST", query.encode("utf-8"), "application/sparql-query")
    return Request(family, "/sparql?" + urllib.parse.urlencode({"query": query}), accept, tier)


def both(requests: list[Request], reviewer_share: int = 1) -> list[Request]:
    """Each request, and with a reviewer token every ``reviewer_share``-th of them (all by default, and in
    FULL mode): enough to show that each kind of request does reach the canaries."""
    step = 1 if FULL else reviewer_share
    return requests + [Request(r.family, r.path, r.accept, "reviewer", r.method, r.body, r.content_type)
                       for r in requests[::step]]


def rotate(items, formats):
    """Each item with every format (FULL), or with one format, the formats taken in turn."""
    if FULL:
        return list(itertools.product(items, formats))
    return list(zip(items, itertools.cycle(formats)))


def ontology_properties() -> list[URIRef]:
    """Every property the ontology declares in its own namespace: the targets of the attacks."""
    g = Graph().parse(ONTOLOGY_DIR / "safetycase.ttl")
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
    return sorted({p for k in kinds for p in g.subjects(RDF.type, k) if str(p).startswith(str(SC))})


# --- setting up: plant, attack through load and import, run the CLI, start the server --------------

@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Sweep:
    folder = tmp_path_factory.mktemp("canary-sweep")
    plan = generate()
    files = plan.write(folder / "canaries")
    store = Store(folder / "store")
    load(store, [EXAMPLES_DIR, *files])
    size = len(store)
    attacks, problems = Counter(), []
    for path, attack in (("load", _attack_load), ("import", _attack_import)):
        attacks[path], found = attack(store, folder)
        problems += found
    if len(store) != size:
        problems.append(f"the attacks changed the store: {size} triples before, {len(store)} after")
    store.close()
    cli = _run_cli(folder / "store", folder / "cli")
    server = LiveServer(folder, query_timeout=300, max_rows=10_000_000)
    result = Sweep(plan, server, folder, size, attacks, cli_outputs=cli, attack_problems=problems)
    yield result
    server.stop()
    kinds = Counter(c.kind for c in plan.canaries)
    report(
        f"canaries planted: {len(plan.canaries)} ({', '.join(f'{n} {k}' for k, n in kinds.most_common())}) "
        f"on {len(plan.withheld)} withheld items of {len(plan.classes)} classes, {len(plan.properties)} properties; "
        f"{len(plan.hidden)} hidden triples")
    report(
        f"requests: {sum(result.requests.values())} ({result.requests['public']} public, "
        f"{result.requests['reviewer']} reviewer, {result.requests['writer']} writer) and "
        f"{len(result.cli_outputs)} CLI outputs; attacks refused: "
        + ", ".join(f"{n} by {path}" for path, n in result.attacks.items()))
    report(f"leaks: {len(result.leaks)}")


def _attack_load(store: Store, folder: Path) -> int:
    """One file per ontology property, in turn Turtle, N-Triples, TriG and N-Quads, loaded as one batch."""
    attack_dir = folder / "attacks-load"
    attack_dir.mkdir()
    paths = {}
    for i, (prop, suffix) in enumerate(zip(ontology_properties(), itertools.cycle(ATTACK_SUFFIXES))):
        graph = f"https://w3id.org/safetycase-kg/id/attack/load-{i}"
        triple = f"<{prop}> <{SC.visibleWhenRedacted}> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>"
        text = f"<{graph}> {{ {triple} . }}\n" if suffix == ".trig" else f"{triple} <{graph}> .\n" if suffix == ".nq" \
            else f"{triple} .\n"
        path = attack_dir / f"attack-{i}{suffix}"
        path.write_text(text, encoding="utf-8")
        paths[path] = prop
    try:
        load(store, list(paths))
    except LoadError as err:
        message = str(err)
    else:
        return len(paths), ["load accepted every attack"]
    missing = [(p.name, prop) for p, prop in paths.items() if not re.search(
        re.escape(str(p)) + r"[^\n]*" + re.escape(f"<{prop}>"), message)]
    return len(paths), [f"load: refusals that do not name the file and the property: {missing[:5]}"] if missing else []


def _attack_import(store: Store, folder: Path) -> int:
    """Another organisation's export (its tool does not check) stating the attack for every property."""
    other = Store()
    props = ontology_properties()
    other.replace_graphs({URIRef(f"https://example.org/org-x/graph/{i}"): [(p, SC.visibleWhenRedacted, Literal(True))]
                          for i, p in enumerate(props)})
    problems = []
    for fmt in EXPORT_FORMATS:
        path = folder / f"org-x-export.{fmt}"
        path.write_text(export_dataset(other, "reviewer", fmt), encoding="utf-8")
        try:
            import_export(store, path, "org-x")
        except ExchangeError as err:
            message = str(err)
        else:
            problems.append(f"import of {fmt} accepted the attack")
            continue
        if str(path) not in message or "project's own terms" not in message:
            problems.append(f"{fmt}: unclear refusal {message[:200]}")
        if fmt != "ttl":  # plain Turtle merges the graphs: one refusal names the first subjects and counts the rest
            unnamed = [p for p in props if f"<{p}>" not in message]
            if unnamed:
                problems.append(f"{fmt}: the refusal does not name {unnamed[:5]}")
    return len(props) * len(EXPORT_FORMATS), problems


def _run_cli(store: Path, out: Path) -> dict[str, str]:
    """``export`` and ``report`` through the command line (the store is closed meanwhile).

    Public: the export in every format, a compliance report and the matrix; reviewer: the export and
    a report, to show the same commands do carry the canaries. The server's reports use the same code
    and are asked for every framework and format below.
    """
    out.mkdir()
    case, framework = short_name(CANARY_CASE), "eu-ai-act-2024-1689"
    runs = {f"export-public.{fmt}": ["export", "--tier", "public", "--format", fmt] for fmt in EXPORT_FORMATS}
    runs["export-reviewer.nq"] = ["export", "--tier", "reviewer", "--format", "nq"]
    for tier in ("public", "reviewer"):
        runs[f"report-compliance-{tier}.md"] = ["report", "compliance", case, "--framework", framework,
                                                "--tier", tier, "--format", "md"]
    runs["report-matrix-public.csv"] = ["report", "matrix", "--framework", framework, "--tier", "public",
                                        "--format", "csv"]
    outputs = {}
    for name, argv in runs.items():
        target = out / name
        assert main(["--store", str(store), *argv, "-o", str(target)]) == 0, name
        outputs[name] = target.read_text(encoding="utf-8")
    return outputs


# --- the generated fixtures --------------------------------------------------------------------------

def test_the_fixtures_cover_every_class_and_property_the_ontology_gives(sweep):
    plan = sweep.plan
    assert {plan.types[i] for i in plan.withheld} == set(plan.classes)
    with_canary = {c.prop for c in plan.canaries} | {p for s, p, o in plan.hidden}
    assert plan.properties <= with_canary
    kinds = Counter(c.kind for c in plan.canaries)
    assert {"string", "iri", "date", "dateTime", "decimal", "duration", "anyURI"} <= set(kinds)
    assert len(plan.nested) > 100 and len(plan.withheld) > 2 * 30


def test_the_reviewer_sees_every_canary_and_every_hidden_triple(sweep):
    [reply] = sweep.fetch([Request("reviewer", "/data?default", "application/n-triples", "reviewer")])
    assert reply.status == 200
    text = reply.body.decode("utf-8")
    found = find_tokens(text, sweep.plan.tokens(), sweep.values)
    missing = (sweep.plan.tokens() | sweep.values) - found
    assert not missing, f"{len(missing)} canaries are not in the reviewer's view, e.g. {sorted(missing)[:5]}"
    graph = Graph().parse(data=text, format="nt")
    absent = [t for t in sweep.plan.hidden if t not in graph]
    assert not absent, f"{len(absent)} planted triples are missing for the reviewer, e.g. {absent[:3]}"


# --- attacks through HTTP writes (load and import are attacked while setting up) --------------------

def test_every_attack_through_load_and_import_was_refused(sweep):
    assert sweep.attack_problems == []
    props = len(ontology_properties())
    assert sweep.attacks["load"] == props and sweep.attacks["import"] == props * len(EXPORT_FORMATS)


def test_every_attack_through_http_writes_is_refused(sweep):
    props = ontology_properties()
    requests = []
    for i, prop in enumerate(props):
        graph = urllib.parse.quote(f"https://w3id.org/safetycase-kg/id/attack/http-{i}", safe="")
        body = f"<{prop}> <{SC.visibleWhenRedacted}> true .\n".encode()
        for method in ("PUT", "POST"):
            requests.append(Request("attack", f"/data?graph={graph}", None, "writer", method, body, "text/turtle"))
    update = "INSERT DATA {{ GRAPH <https://w3id.org/safetycase-kg/id/attack/update> {{ {} }} }}".format(" ".join(
        f"<{p}> sc:visibleWhenRedacted true ." for p in props))
    requests.append(Request("attack", "/sparql", None, "writer", "POST", update.encode(), "application/sparql-update"))
    replies = sweep.fetch(requests)
    for r, reply in zip(requests, replies, strict=False):
        assert reply.status == 403, (r.method, r.path, reply.text[:300])
        details = " ".join(reply.json()["violations"])
        assert "project's own terms" in details
        if r.path.startswith("/data"):
            graph = urllib.parse.unquote(r.path.split("=", 1)[1])
            prop = props[int(graph.rsplit("-", 1)[1])]
            assert f"<{graph}>" in details and f"<{prop}>" in details, details[:300]
    sweep.attacks["http"] = len(requests)
    [count] = sweep.fetch([sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                  "application/sparql-results+json", "reviewer")])
    assert int(count.json()["results"]["bindings"][0]["n"]["value"]) == sweep.store_size


# --- SPARQL -------------------------------------------------------------------------------------------

# The system graphs (ontology, vocabularies, shapes, catalog) come from the checkout and no data can
# write them, so most whole-dataset queries leave them out to stay small; the first ones do not.
DATA = ("FILTER (?g NOT IN (<https://w3id.org/safetycase-kg/graph/ontology>, <https://w3id.org/safetycase-kg/graph/vocab>,"
        " <https://w3id.org/safetycase-kg/graph/shapes>, <https://w3id.org/safetycase-kg/graph/catalog>))")
SELECTS = [
    "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
    f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {DATA} }}",
    f'SELECT (GROUP_CONCAT(STR(?o); separator="|") AS ?all) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {DATA} }}',
    f"SELECT ?x WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {DATA} BIND(SUBSTR(STR(?o), 1, 16) AS ?x) }}",
    "SELECT ?o WHERE { ?case sc:topClaim/sc:supportedBy/(!rdf:type)* ?o }",
    f"SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?s (!rdf:type)/(!rdf:type)? ?o }} {DATA} }}",
]
CONSTRUCTS = [
    "CONSTRUCT WHERE { ?s ?p ?o }",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {DATA} }}",
    f"DESCRIBE ?x WHERE {{ GRAPH ?g {{ ?x a ?type }} {DATA} }}",
]
SYSTEM_COPIES = ("ontology", "vocab", "shapes", "catalog")  # copied from the checkout: asked in one format
SCAN = 'ASK { ?s ?p ?o FILTER(REGEX(CONCAT(STR(?s), " ", STR(?o)), "cnry[0-9]{4}x|canary-cbrn", "i")) }'


def test_sparql_in_every_form_and_format_shows_the_public_no_canary(sweep):
    whole = {q for q in SELECTS + CONSTRUCTS if "GRAPH ?g" not in q or DATA not in q}  # large: one format each
    requests = [sparql(q, f) for q, f in zip([q for q in SELECTS if q in whole], itertools.cycle(SELECT_FORMATS[2:]))]
    requests += [sparql(q, "application/n-triples") for q in CONSTRUCTS if q in whole]
    requests += [sparql(q, f) for q in SELECTS if q not in whole for f in SELECT_FORMATS]
    requests += [sparql(q, f) for q in CONSTRUCTS if q not in whole for f in GRAPH_FORMATS]
    sweep.sweep(both(requests, reviewer_share=4))
    items = sweep.plan.withheld + sweep.plan.cases
    groups = [items[i:i + 8] for i in range(0, len(items), 8)]
    groups += [sweep.plan.nested[i:i + 60] for i in range(0, len(sweep.plan.nested), 60)]
    requests = [sparql("DESCRIBE " + " ".join(f"<{n}>" for n in group), fmt, family="sparql-describe")
                for group, fmt in rotate(groups, GRAPH_FORMATS)]
    sweep.sweep(both(requests, reviewer_share=4))
    for fmt in ASK_FORMATS:
        public, reviewer = sweep.fetch(both([sparql(SCAN, fmt)]))
        assert b"true" not in public.body.lower() and b"true" in reviewer.body.lower(), fmt
    sweep.assert_no_leaks("sparql")
    assert sweep.reviewer_hits["sparql"] > 0 and sweep.reviewer_hits["sparql-describe"] > 0


def _values(terms) -> str:
    return " ".join(str(to_ox(t)) for t in terms)


def test_side_channels_reveal_nothing_of_any_canary(sweep):
    """Functions of the hidden values. Each canary is checked on its own, in batched queries that compare
    every literal's prefix, value, hash and length with the canaries'; CONTAINS scans, which cost a pass over
    every literal each, are asked for a sample of the canaries (the regex scan above covers them all)."""
    plan = sweep.plan
    literals = [c for c in plan.canaries if c.is_literal]
    tokens = [c.token for c in plan.canaries if c.kind == "string"]
    values = " ".join(f'"{t}"' for t in tokens)
    prefix = (f"SELECT DISTINCT ?t WHERE {{ ?s ?p ?o FILTER(isLiteral(?o)) BIND(SUBSTR(STR(?o), 1, {len(tokens[0])}) AS ?t) "
              f"VALUES ?t {{ {values} }} }}")
    public, reviewer = sweep.fetch(both([sparql(prefix, SELECT_FORMATS[0], post=True)]))
    assert _column(public) == [] and sorted(_column(reviewer)) == sorted(tokens)
    sample = [next(c for c in plan.canaries if c.item == item and c.kind == "string") for item in plan.withheld[::5]]
    asks = [sparql(f'ASK {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{c.token}")) }}', ASK_FORMATS[0], family="side")
            for c in sample]
    replies = sweep.fetch(both(asks))
    assert [r.json()["boolean"] for r in replies] == [False] * len(asks) + [True] * len(asks)
    terms = [URIRef(c.text) if c.kind == "iri" else _literal(c) for c in plan.canaries]
    exact = f"SELECT DISTINCT ?v WHERE {{ VALUES ?v {{ {_values(terms)} }} {{ ?s ?p ?v }} UNION {{ ?v ?p ?o }} }}"
    public, reviewer = sweep.fetch(both([sparql(exact, SELECT_FORMATS[0], post=True)]))
    assert _column(public) == [] and len(_column(reviewer)) == len(set(terms))
    for function in ("SHA256", "MD5"):
        query = f"SELECT DISTINCT ?h WHERE {{ ?s ?p ?o FILTER(isLiteral(?o)) BIND({function}(STR(?o)) AS ?h) }}"
        public, reviewer = (set(_column(r)) for r in sweep.fetch(both([sparql(query, SELECT_FORMATS[0])])))
        hashes = {getattr(hashlib, function.lower())(c.text.encode("utf-8")).hexdigest() for c in literals}
        assert not hashes & public, f"{len(hashes & public)} canary {function} hashes are public"
        assert hashes <= reviewer
    lengths = "SELECT DISTINCT ?n WHERE { ?s ?p ?o FILTER(isLiteral(?o)) BIND(STRLEN(STR(?o)) AS ?n) }"
    public, reviewer = (set(map(int, _column(r))) for r in sweep.fetch(both([sparql(lengths, SELECT_FORMATS[0])])))
    unique = {len(c.text) for c in literals if c.unique_length}
    assert len(unique) == len(plan.withheld) and not unique & public and unique <= reviewer
    visible = ", ".join(f"<{p}>" for p in sorted(_visible(sweep)))
    counts = (f"SELECT ?item (COUNT(?p) AS ?n) WHERE {{ VALUES ?item {{ {_values(plan.withheld)} }} ?item ?p ?o FILTER(?p NOT IN ({visible})) }} "
              "GROUP BY ?item")
    public, reviewer = sweep.fetch(both([sparql(counts, SELECT_FORMATS[0], post=True)]))
    assert [row for row in public.json()["results"]["bindings"] if int(row["n"]["value"]) > 0] == []
    assert len(reviewer.json()["results"]["bindings"]) == len(plan.withheld)
    total = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isLiteral(?o) && STRSTARTS(STR(?o), "CNRY")) }'
    public, reviewer = (int(_column(r)[0]) for r in sweep.fetch(both([sparql(total, SELECT_FORMATS[0])])))
    assert public == 0 and reviewer >= len([c for c in literals if c.kind == "string"])


def _literal(c: Canary) -> Literal:
    datatype = {"decimal": "decimal", "double": "double", "integer": "integer", "date": "date",
                "dateTime": "dateTime", "duration": "duration", "anyURI": "anyURI"}.get(c.kind)
    return Literal(c.text, datatype=URIRef(PREFIXES["xsd"] + datatype) if datatype else None)


def _column(reply: Reply) -> list[str]:
    rows = reply.json()["results"]["bindings"]
    return [next(iter(row.values()))["value"] for row in rows if row]


def _visible(sweep: Sweep) -> set[str]:
    [reply] = sweep.fetch([sparql(
        "SELECT ?p WHERE { GRAPH <https://w3id.org/safetycase-kg/graph/ontology> { ?p sc:visibleWhenRedacted true } }",
        SELECT_FORMATS[0])])
    return set(_column(reply)) | {str(RDF.type)}


# --- named queries --------------------------------------------------------------------------------------

def _parameter_values(sweep: Sweep, param) -> list[str]:
    """Values for one parameter, aimed at the canaries first. For an IRI: a withheld item and a nested
    node of the class its example (``e.g. id:...`` in the description) belongs to, then the example;
    for a case, the public canary case (whose elements are withheld) and the withheld case."""
    if param.type == "boolean":
        return ["true"]
    if param.type in ("integer", "decimal"):
        return ["0"]
    if param.type == "date":
        return ["1700-01-01", "2100-01-01"]
    if param.type == "string":
        return ["org-x"]
    example = re.search(r"e\.g\. (\S+?)\.?$", param.description or "")
    iri = _expand(example.group(1)) if example else None
    cls = _class_of(sweep, iri) if iri else None
    if cls is None:
        cls = next((c for c in sweep.plan.classes if c.rsplit("#", 1)[-1].lower() == param.name.lower()), SC.SafetyCase)
    if cls == SC.SafetyCase:
        items = [str(c) for c in sweep.plan.cases]
    else:
        items = [str(i) for i in sweep.plan.withheld if sweep.plan.types[i] == cls][:1]
    nested = [str(n) for n in sweep.plan.nested if sweep.plan.types[n] == cls][:1]
    return [*items, *nested, *([iri] if iri else [])]


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


_TYPES: dict[str, URIRef | None] = {}


def _class_of(sweep: Sweep, iri: str) -> URIRef | None:
    if iri not in _TYPES:
        [reply] = sweep.fetch([sparql(f"SELECT ?t WHERE {{ <{iri}> a ?t }}", SELECT_FORMATS[0], "reviewer")])
        types = [URIRef(t) for t in _column(reply)]
        _TYPES[iri] = next((t for t in types if t in sweep.plan.classes), None)
    return _TYPES[iri]


def test_named_queries_with_every_parameter_show_the_public_no_canary(sweep):
    requests = []
    for query in load_library().values():
        required = [p for p in query.parameters if p.required]
        base = {p.name: _parameter_values(sweep, p)[0] for p in required}  # a canary: the query runs on it
        sets = [base] + [{**base, p.name: v} for p in query.parameters for v in _parameter_values(sweep, p)]
        for params, fmt in rotate(sets, SELECT_FORMATS):
            requests.append(Request("named", f"/queries/{query.name}?" + urllib.parse.urlencode(params), fmt))
    sweep.sweep(both(requests, reviewer_share=6), ok=(200, 400))
    sweep.assert_no_leaks("named")
    assert sweep.reviewer_hits["named"] > 0


# --- the Graph Store --------------------------------------------------------------------------------------

def test_the_graph_store_shows_the_public_no_canary(sweep):
    [listing] = sweep.fetch([sparql("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv", "reviewer")])
    graphs = listing.text.splitlines()[1:]
    system = [g for g in graphs if g.removeprefix("https://w3id.org/safetycase-kg/graph/") in SYSTEM_COPIES]
    targets = [{"graph": g} for g in graphs if g not in system]
    requests = [Request("gsp", "/data?" + urllib.parse.urlencode(t), f) for t in targets for f in GRAPH_FORMATS]
    requests += [Request("gsp", "/data?" + urllib.parse.urlencode(t), f) for t, f in
                 zip([{"graph": g} for g in system] + [{"default": ""}], itertools.cycle(GRAPH_FORMATS[1:3]))]
    sweep.sweep(both(requests, reviewer_share=5))
    sweep.assert_no_leaks("gsp")
    assert sweep.reviewer_hits["gsp"] > 0


# --- pages, pictures and linked data --------------------------------------------------------------------

def test_every_page_and_every_iri_shows_the_public_no_canary(sweep):
    [cases] = sweep.fetch([sparql("SELECT DISTINCT ?c WHERE { ?c a sc:SafetyCase }", "text/csv", "reviewer")])
    names = [short_name(URIRef(c)) for c in cases.text.splitlines()[1:] if "/id/" in c]
    pages = ["/", "/cases", "/console", "/ontology/terms", "/queries", "/context.jsonld"]
    pages += [f"/cases/{urllib.parse.quote(n)}" for n in names]
    requests = [Request("pages", p, "text/html") for p in pages]
    requests += [Request("pages", "/ontology", f) for f in ("text/html", "text/turtle", "application/rdf+xml")]
    [listing] = sweep.fetch([sparql(
        f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }} {DATA} FILTER(isIRI(?x)) }}",
        "text/csv", "reviewer")])
    iris = [i for i in listing.text.splitlines()[1:] if i.startswith(("https://w3id.org/safetycase-kg/id/",
            "https://w3id.org/safetycase-kg/catalog/", "https://w3id.org/safetycase-kg/vocab/"))]
    canary_iris = {str(i) for i in sweep.plan.withheld + sweep.plan.cases}
    every = [(i, f) for i in iris if i in canary_iris for f in PAGE_FORMATS]
    every += rotate([i for i in iris if i not in canary_iris], PAGE_FORMATS)
    for iri, (accept, fmt) in every:
        path = "/" + iri.removeprefix("https://w3id.org/safetycase-kg/")
        path = urllib.parse.quote(path, safe="/:@!$&'()*+,;=-._~") + (f"?format={fmt}" if fmt else "")
        requests.append(Request("pages-ld", path, accept))
    sweep.sweep(both(requests, reviewer_share=10), ok=(200, 404))
    sweep.assert_no_leaks("pages")
    assert sweep.reviewer_hits["pages"] > 0 and sweep.reviewer_hits["pages-ld"] > 0
    case_page, = sweep.fetch([Request("pages", f"/cases/{short_name(CANARY_CASE)}", "text/html")])
    assert "<svg" in case_page.text and "canary-case-v1/Evidence" in case_page.text  # the map shows the notice


def test_errors_do_not_echo_withheld_content(sweep):
    nested = [str(n) for n in sweep.plan.nested[:50]]
    requests = [Request("errors", "/" + n.removeprefix("https://w3id.org/safetycase-kg/"), "text/html") for n in nested]
    requests += [Request("errors", f"/cases/{short_name(URIRef(n))}", "text/html") for n in nested[:10]]
    requests += [Request("errors", f"/cases/{short_name(URIRef(n))}/compliance?framework=eu-ai-act-2024-1689")
                 for n in nested[:10]]
    replies = sweep.sweep(requests, ok=(404,))
    assert all(r.status == 404 for r in replies)
    sweep.assert_no_leaks("errors")


# --- reports and the matrix --------------------------------------------------------------------------------

def _frameworks(sweep: Sweep) -> list[str]:
    [reply] = sweep.fetch([sparql("SELECT ?f WHERE { GRAPH <https://w3id.org/safetycase-kg/graph/catalog> "
                                  "{ ?f a sc:Framework } }", "text/csv", "reviewer")])
    return sorted(f.rsplit("/", 1)[-1] for f in reply.text.splitlines()[1:])


def test_compliance_reports_and_the_matrix_show_the_public_no_canary(sweep):
    frameworks = _frameworks(sweep)
    assert len(frameworks) > 10
    requests = []
    for case in sweep.plan.cases:
        for framework, fmt in rotate(frameworks, REPORT_FORMATS):
            requests.append(Request("reports", f"/cases/{short_name(case)}/compliance?"
                                    + urllib.parse.urlencode({"framework": framework, "format": fmt})))
    # every matrix is built by the same code from the same cases; one framework in three (every one in FULL
    # mode) shows it, its formats in turn, while the per-case reports above cover every framework
    for framework, fmt in rotate(frameworks if FULL else frameworks[::3], MATRIX_FORMATS):
        requests.append(Request("reports-matrix", "/reports/matrix?" + urllib.parse.urlencode(
            {"framework": framework, "format": fmt})))
    sweep.sweep(both(requests, reviewer_share=5))
    sweep.assert_no_leaks("reports")
    assert sweep.reviewer_hits["reports"] > 0


# --- the command line -------------------------------------------------------------------------------------

def test_public_exports_and_reports_from_the_command_line_hold_no_canary(sweep):
    for name, text in sweep.cli_outputs.items():
        found = sweep.found(text)
        if "-public" in name:
            if found:
                sweep.leaks.append(("cli", name, None, sorted(found)[:5]))
        else:
            assert found, f"the reviewer's {name} shows no canary"
    sweep.assert_no_leaks("cli")
    reviewer_export = sweep.cli_outputs["export-reviewer.nq"]
    assert (sweep.plan.tokens() | sweep.values) <= find_tokens(reviewer_export, sweep.plan.tokens(), sweep.values)
    public_export = json.loads(sweep.cli_outputs["export-public.jsonld"])
    assert len(public_export["@graph"]) > 10  # the public export still carries the cases
