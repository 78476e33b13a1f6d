"""A store behind any SPARQL 1.1 endpoint: the ``GraphStore`` interface (``storeapi``) over HTTP.

Every module talks to a ``GraphStore``, so a ``RemoteStore`` lets the CLI load, validate,
query, lint, gate and export against a clustered engine (Virtuoso, GraphDB, Stardog, Neptune, an
Oxigraph server) instead of the embedded Oxigraph folder. Reads go through SPARQLWrapper (SPARQL 1.1
Protocol); writes are SPARQL 1.1 Update requests, or Graph Store Protocol PUTs when only a graph store
is given. We send only standard SPARQL 1.1, with no engine extensions.

Which graphs a query sees. The embedded store answers over the union of its named graphs. Engines
differ: Oxigraph server needs ``--union-default-graph``; Virtuoso unions every graph it holds,
including its own system graphs; Stardog needs ``query.all.graphs``; GraphDB and Neptune union by
default. So there are two modes (``dataset``):

* ``explicit`` (default): each query names its dataset with the protocol's ``default-graph-uri``
  and ``named-graph-uri`` parameters, listing the graphs this tool manages. Nothing is assumed
  about the server, and graphs the tool did not write (an engine's system graphs, other
  applications' data) never leak into results.
* ``server``: send the query as it is and rely on the server's default graph being the union of
  the named graphs. Fewer bytes per request; checked once when the store is opened.

Atomicity. A batch (``replace_nquads``) becomes DROP SILENT GRAPH + INSERT operations, as few
requests as the size limits allow, each graph's drop in the same request as its data. A server
that applies one request as one transaction (Oxigraph, GraphDB, Stardog, Neptune) then changes
all or nothing per request. Virtuoso refuses a malformed or oversized request before running any
of it, but applies the operations of a request one after another: a failure in the middle of a
request (a lost connection, a crash) can leave it half done. Batches larger than
``max_request_bytes`` are several requests and are atomic per request only; the error names the
graphs that may be incomplete, and loading the same files again repairs them.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Identifier, Node
from SPARQLWrapper import BASIC, DIGEST, POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from .namespaces import EVENTS_GRAPH, PREFIXES, PROVENANCE_GRAPH, SYSTEM_GRAPHS
from .results import result_graph, result_rows
from .sparql import _TOKEN, substitute
from .storeapi import GraphSource, GraphStore, SparqlSyntaxError, StoreError, Triple, provenance_triples
from .terms import from_ox_triple, to_ox, to_ox_quad, to_ox_triple

XSD_STRING = PREFIXES["xsd"] + "string"
DATASET_MODES = ("explicit", "server")
DATA_OP_TRIPLES = 1000      # triples per INSERT DATA operation (Virtuoso's parser stops near 2,500)
TEMPLATE_OP_TRIPLES = 400   # triples per INSERT {..} WHERE {} operation (Virtuoso: about 1,000)
PROVENANCE_CHUNK = 100      # load records per provenance agent, so no blank-node group grows too large
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)


class RemoteStore(GraphStore):
    """A safety-case store on a SPARQL 1.1 endpoint (query URL, optional update URL and graph store URL)."""

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, graph_store: str | None = None,
                 user: str | None = None, password: str | None = None, auth: str = "basic",
                 dataset: str = "explicit", install_system_graphs: bool = True,
                 max_request_bytes: int = 4_000_000, timeout: float = 300) -> None:
        if dataset not in DATASET_MODES:
            raise StoreError(f"unknown dataset mode {dataset!r} (choose {' or '.join(DATASET_MODES)})")
        if auth not in ("basic", "digest"):
            raise StoreError(f"unknown HTTP authentication {auth!r} (choose basic or digest)")
        self.endpoint, self.graph_store = endpoint, graph_store
        # SPARQL 1.1 Protocol allows one URL for queries and updates (Virtuoso, GraphDB); when only a
        # graph store is given, writes go through it instead.
        self.update_endpoint = update_endpoint or (None if graph_store else endpoint)
        self.user, self.password, self.auth, self.dataset = user, password, auth, dataset
        self.max_request_bytes, self.timeout = max_request_bytes, timeout
        self._names: list[URIRef] | None = None
        self.generation = 0  # bumped on every write through this object, like Store (derived views rebuild)
        self._primed = False
        self._opener = _opener(user, password, auth, [u for u in (endpoint, self.update_endpoint, graph_store) if u])
        if install_system_graphs:
            self.install_system_graphs()
        if dataset == "server":
            self._check_server_union()

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    @property
    def location(self) -> str:
        """What to call this store in messages."""
        return self.endpoint

    # --- reading ----------------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None,
              *, graphs: Sequence[URIRef] | None = None, named_graphs: Sequence[URIRef] | None = None,
              query_dataset: bool = False, limit: int | None = None, base_iri: str | None = None) -> Result:
        """Run a query over the union of the managed graphs (or only ``graphs``); an rdflib Result.

        The keywords mean what they mean for ``GraphStore.query`` (the server's protocol parameters):
        ``named_graphs`` alone makes the default graph their union and limits GRAPH to them;
        ``query_dataset`` leaves the dataset to the query's own FROM clauses; ``limit`` keeps that
        many solutions. The project's prefixes are declared in front unless the query declares them;
        ``base_iri`` is declared in front as the query's BASE.
        """
        text = _with_prefixes(substitute(sparql, bindings or {}))
        if base_iri:
            text = f"BASE {ox.NamedNode(base_iri)}\n{text}"
        if query_dataset:
            result = self._query(text)
        elif graphs is not None or named_graphs is not None:
            default = graphs if graphs is not None else named_graphs
            named = named_graphs if named_graphs is not None else graphs
            result = self._query(text, default=list(default or ()), named=list(named or ()))
        elif self.dataset == "explicit":
            names = self.graph_names()
            result = self._query(text, default=names, named=names)
        else:
            result = self._query(text)
        if limit is not None and result.type == "SELECT" and len(result.bindings) > limit:
            result.bindings = result.bindings[:limit]
        return result

    def graph_names(self) -> list[URIRef]:
        """The named graphs this tool manages: system graphs, loaded graphs (from provenance), events.

        An engine's own graphs (Virtuoso keeps several) and other applications' data are left out.
        """
        if self._names is None:
            # Candidates from provenance, then which of them exist: listing every graph with
            # GRAPH ?g { ?s ?p ?o } scans the whole store on some engines (seconds on Virtuoso).
            loaded = {cast(URIRef, row[0]) for row in result_rows(self._query(
                f"SELECT DISTINCT ?g WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ ?a <{PREFIXES['prov']}generated> ?g }} }}"))}
            candidates = " ".join(f"<{g}>" for g in sorted(loaded | SYSTEM_GRAPHS | {EVENTS_GRAPH}))
            self._names = sorted(cast(URIRef, row[0]) for row in result_rows(self._query(
                f"SELECT ?g WHERE {{ VALUES ?g {{ {candidates} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}")))
        return list(self._names)

    def has_graph(self, name: URIRef) -> bool:
        return bool(self._query(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").askAnswer)

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        if self.graph_store:
            yield from self._gsp_get(graph)
            return
        result = self._query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        for row in result_rows(result):
            yield row[0], row[1], row[2]

    def dump(self, graphs: Iterable[URIRef] | None = None) -> bytes:
        """N-Quads of the given graphs (all managed graphs when None)."""
        names = self.graph_names() if graphs is None else list(graphs)
        return b"".join(ox.serialize([to_ox_quad(s, p, o, g) for s, p, o in self.triples(g)],
                                     format=ox.RdfFormat.N_QUADS) or b""
                        for g in names)

    def __len__(self) -> int:
        names = self.graph_names()
        if not names:
            return 0
        values = " ".join(f"<{g}>" for g in names)
        found = list(result_rows(self._query(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")))
        return int(found[0][0])

    @contextmanager
    def oxigraph(self, graphs: Iterable[URIRef] | None = None) -> Iterator[ox.Store]:
        """An in-memory Oxigraph copy of ``graphs`` (all managed graphs when None), for bulk readers."""
        copy = ox.Store()
        copy.extend(ox.parse(self.dump(graphs), format=ox.RdfFormat.N_QUADS))
        yield copy

    # --- writing ----------------------------------------------------------------------------------

    def replace_nquads(self, graphs: Mapping[URIRef, bytes], sources: Mapping[URIRef, GraphSource] | None = None,
                       *, agent: str | None = None, quads: list[ox.Quad] | None = None,
                       drop: Iterable[URIRef] = (), provenance: Sequence[Triple] = ()) -> None:
        """``GraphStore.replace_nquads`` as DROP SILENT + INSERT per graph, atomic per request (see module doc)."""
        by_graph: dict[URIRef, list[Triple]] = {g: [] for g in graphs}
        if quads is None:
            quads = [q for data in graphs.values() for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)]
        for q in quads:
            if isinstance(q.graph_name, ox.DefaultGraph):
                raise StoreError(f"cannot write {q}: it is in no named graph, and every graph this tool writes is named")
            by_graph.setdefault(URIRef(q.graph_name.value), []).append(from_ox_triple(q))
        items = list((sources or {}).items())
        prov = [provenance_triples(dict(items[i:i + PROVENANCE_CHUNK]), agent)
                for i in range(0, len(items), PROVENANCE_CHUNK)]
        if provenance:
            prov.append(list(provenance))
        dropped = [g for g in drop if g not in by_graph]
        if self.update_endpoint is None and self.graph_store:
            self._gsp_replace(by_graph, [t for chunk in prov for t in chunk])
            self.drop_graphs(dropped)
        else:
            groups = [(g, [f"DROP SILENT GRAPH <{g}>"] + _insert_ops(g, triples)) for g, triples in by_graph.items()]
            groups += [(g, [f"DROP SILENT GRAPH <{g}>"]) for g in dropped]
            self._run_groups(groups + [(PROVENANCE_GRAPH, _insert_ops(PROVENANCE_GRAPH, chunk)) for chunk in prov])
        self._names = None
        self.generation += 1

    def add_to_graph(self, graph: URIRef, triples: Sequence[Triple]) -> None:
        """Add triples to a graph without replacing it (events, annotations)."""
        if self.update_endpoint is None and self.graph_store:
            self._gsp_send(graph, triples, "POST")
        else:
            self._run_groups([(graph, _insert_ops(graph, list(triples)))])
        self._names = None
        self.generation += 1

    def drop_graphs(self, graphs: Iterable[URIRef]) -> None:
        names = list(graphs)
        if not names:
            return
        if self.update_endpoint is None and self.graph_store:
            for g in names:
                try:
                    self._send(urllib.request.Request(self._gsp_url(g), method="DELETE"), f"dropping <{g}>")
                except StoreError as err:
                    if "HTTP 404" not in str(err):
                        raise
        else:
            self._run_groups([(g, [f"DROP SILENT GRAPH <{g}>"]) for g in names])
        self._names = None
        self.generation += 1

    def close(self) -> None:
        self._names = None

    # --- HTTP -------------------------------------------------------------------------------------

    def _query(self, text: str, default: Sequence[URIRef] = (), named: Sequence[URIRef] = ()) -> Result:
        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setTimeout(int(self.timeout))
        wrapper.setQuery(text)
        wrapper.queryType = _query_form(text)  # SPARQLWrapper's own guess is misled by words in comments
        for g in default:
            wrapper.addDefaultGraph(str(g))
        for g in named:
            wrapper.addNamedGraph(str(g))
        if self.user is not None:
            wrapper.setCredentials(self.user, self.password or "")
            wrapper.setHTTPAuth(DIGEST if self.auth == "digest" else BASIC)
        wrapper.setOnlyConneg(True)  # content negotiation only: no engine-specific format parameters
        graph_query = wrapper.queryType in ("CONSTRUCT", "DESCRIBE")
        if graph_query:
            wrapper.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9")
        else:
            wrapper.setReturnFormat("json")
        try:
            response = wrapper.query().response
            body, ctype = response.read(), response.headers.get("Content-Type", "")
        except QueryBadFormed as err:
            raise SparqlSyntaxError(f"SPARQL syntax error (reported by {self.endpoint}): {_detail(err)}") from None
        except Unauthorized:
            raise StoreError(f"{self.endpoint} refused the query: not authorised (check --user/--password)") from None
        except EndPointNotFound:
            raise StoreError(f"no SPARQL endpoint at {self.endpoint} (HTTP 404)") from None
        except EndPointInternalError as err:
            raise StoreError(f"query failed at {self.endpoint}: {_detail(err)}") from None
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as err:
            raise StoreError(f"cannot query {self.endpoint}: {_detail(err)}") from None
        try:
            if graph_query:
                return _graph_result(body, ctype)
            return _json_result(json.loads(body))
        except (ValueError, KeyError) as err:
            raise StoreError(f"{self.endpoint} sent a response that is not SPARQL results: {err}") from None

    def _run_groups(self, groups: list[tuple[URIRef, list[str]]]) -> None:
        """Send the operations in as few requests as fit, never splitting a graph unless it alone is too big."""
        requests: list[tuple[list[URIRef], list[str]]] = []
        size = self.max_request_bytes + 1
        for graph, ops in groups:
            for op in ops:
                if size + len(op) > self.max_request_bytes:
                    requests.append(([], []))
                    size = 0
                names, texts = requests[-1]
                if graph not in names:
                    names.append(graph)
                texts.append(op)
                size += len(op) + 2
        done: list[URIRef] = []
        for i, (names, texts) in enumerate(requests):
            try:
                self._post_update(";\n".join(texts))
            except StoreError as err:
                maybe = _names(names)
                if i == 0:
                    raise StoreError(f"{err}; request 1 of {len(requests)} failed: an engine that applies a request as "
                                     "one transaction (Oxigraph, GraphDB, Stardog, Neptune) is unchanged, but Virtuoso "
                                     f"may have applied part of it (graphs {maybe}); load the same files again to "
                                     "repair") from None
                raise StoreError(f"{err}; request {i + 1} of {len(requests)} failed after earlier ones succeeded: "
                                 f"graphs {maybe} may be incomplete (written: {_names(done)}); "
                                 "load the same files again to repair") from None
            done += names

    def _post_update(self, text: str) -> None:
        target = self.update_endpoint
        if not target:
            raise StoreError(f"cannot write to {self.endpoint}: no --update-endpoint given")
        req = urllib.request.Request(target, data=text.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        self._send(req, f"update at {target}")

    def _send(self, req: urllib.request.Request, what: str) -> bytes:
        try:
            with self._opener.open(req, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip().splitlines()
            raise StoreError(f"{what} failed: HTTP {err.code} {err.reason}"
                             + (f": {' '.join(detail[:3])[:500]}" if detail else "")) from None
        except (urllib.error.URLError, OSError) as err:
            raise StoreError(f"{what} failed: {getattr(err, 'reason', err)}") from None

    # --- Graph Store Protocol ---------------------------------------------------------------------

    def _gsp_url(self, graph: URIRef) -> str:
        from urllib.parse import quote
        sep = "&" if "?" in (self.graph_store or "") else "?"
        return f"{self.graph_store}{sep}graph={quote(str(graph), safe='')}"

    def _gsp_get(self, graph: URIRef) -> list[Triple]:
        req = urllib.request.Request(self._gsp_url(graph), headers={"Accept": "application/n-triples"})
        try:
            with self._opener.open(req, timeout=self.timeout) as response:
                data, ctype = response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return []
            raise StoreError(f"reading graph <{graph}> from {self.graph_store} failed: HTTP {err.code} {err.reason}") from None
        except (urllib.error.URLError, OSError) as err:
            raise StoreError(f"reading graph <{graph}> from {self.graph_store} failed: {getattr(err, 'reason', err)}") from None
        return list(result_graph(_graph_result(data, ctype)))

    def _gsp_replace(self, by_graph: Mapping[URIRef, list[Triple]], provenance: list[Triple]) -> None:
        """One PUT per graph (each atomic on its own; the batch is not), then the provenance by POST."""
        done: list[URIRef] = []
        for graph, triples in by_graph.items():
            try:
                self._gsp_send(graph, triples, "PUT")
            except StoreError as err:
                raise StoreError(f"{err}" + (f"; already replaced: {_names(done)}; load the same files again to repair"
                                             if done else "; nothing was written")) from None
            done.append(graph)
        if provenance:
            self._gsp_send(PROVENANCE_GRAPH, provenance, "POST")

    def _gsp_send(self, graph: URIRef, triples: Sequence[Triple], method: str) -> None:
        if self.auth == "digest" and self.user is not None and not self._primed:
            # a body-less request first, so the digest challenge is known before a large body is sent
            # a 404 for a new graph still carries the challenge answer; a real failure shows below
            with contextlib.suppress(StoreError):
                self._send(urllib.request.Request(self._gsp_url(graph), method="HEAD"), "")
            self._primed = True
        body = ox.serialize([to_ox_triple(s, p, o) for s, p, o in triples], format=ox.RdfFormat.N_TRIPLES)
        req = urllib.request.Request(self._gsp_url(graph), data=body, method=method,
                                     headers={"Content-Type": "application/n-triples"})
        self._send(req, f"writing graph <{graph}> to {self.graph_store}")

    # --- checks -----------------------------------------------------------------------------------

    def _check_server_union(self) -> None:
        """In ``server`` mode, make sure the default graph really is the union of the named graphs."""
        ontology = f"<{PREFIXES['owl']}Ontology>"
        in_graph = self._query(f"ASK {{ GRAPH ?g {{ ?o a {ontology} }} }}").askAnswer
        in_default = self._query(f"ASK {{ ?o a {ontology} }}").askAnswer
        if in_graph and not in_default:
            raise StoreError(
                f"the default graph of {self.endpoint} is not the union of its named graphs, so queries would "
                "see nothing: configure the server (Oxigraph: serve --union-default-graph; Stardog: "
                "query.all.graphs=true) or use the explicit dataset mode (--dataset explicit)")


# --- helpers --------------------------------------------------------------------------------------

def _opener(user: str | None, password: str | None, auth: str, urls: Iterable[str]) -> urllib.request.OpenerDirector:
    if user is None:
        return urllib.request.build_opener()
    if auth == "basic":
        return urllib.request.build_opener(_PreemptiveBasic(user, password or ""))
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in urls:
        manager.add_password(None, url, user, password or "")
    return urllib.request.build_opener(_PreemptiveDigest(manager))


class _PreemptiveDigest(urllib.request.HTTPDigestAuthHandler):
    """Digest authentication that answers the last challenge up front.

    Plain urllib sends each request without credentials first and retries after the 401; a server
    that answers a large PUT with 401 before reading its body (Virtuoso) breaks the pipe. So the
    store primes the challenge with a small request, and later requests carry credentials at once.
    """

    challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        _, _, text = auth.partition(" ")
        self.challenge = urllib.request.parse_keqv_list([item for item in urllib.request.parse_http_list(text) if item])
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge and not req.has_header("Authorization"):
            answer = self.get_authorization(req, self.challenge)
            if answer:
                req.add_unredirected_header("Authorization", f"Digest {answer}")
        return req

    https_request = http_request


class _PreemptiveBasic(urllib.request.BaseHandler):
    """Send basic credentials with every request (a large update should not be sent twice)."""

    def __init__(self, user: str, password: str) -> None:
        self.header = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        req.add_unredirected_header("Authorization", self.header)
        return req

    https_request = http_request


_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)


def _query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first form keyword outside strings, IRIs and comments."""
    match = _FORM.search(_TOKEN.sub(lambda m: " " if m.group("skip") else m.group(0), text))
    return match.group(1).upper() if match else "SELECT"


def _with_prefixes(text: str) -> str:
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(text)}
    missing = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return missing + text


def _term(data: dict[str, str]) -> Identifier:
    kind, value = data["type"], data["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(_bnode_id(value))
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in data:
            return Literal(value, lang=data["xml:lang"])
        datatype = data.get("datatype")
        if datatype and datatype != XSD_STRING:
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise ValueError(f"unknown term type {kind!r}")


def _bnode_id(label: str) -> str:
    """A blank-node label that is valid everywhere (Virtuoso sends ``nodeID://b1234``)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", label):
        return label
    return "r" + hashlib.sha1(label.encode()).hexdigest()[:20]


def _json_result(data: dict[str, Any]) -> Result:
    if "boolean" in data:
        res = Result("ASK")
        res.askAnswer = bool(data["boolean"])
        return res
    res = Result("SELECT")
    names = data["head"].get("vars", [])
    res.vars = [Variable(v) for v in names]
    res.bindings = [{Variable(v): _term(row[v]) for v in names if v in row}
                    for row in data["results"]["bindings"]]
    return res


def _graph_result(body: bytes, ctype: str) -> Result:
    res = Result("CONSTRUCT")
    g = Graph()
    fmt = "nt" if "n-triples" in ctype or "text/plain" in ctype else "turtle"
    if body.strip():
        g.parse(data=body, format=fmt)
    norm = Graph()
    for s, p, o in g:
        norm.add((_normal(s), _normal(p), _normal(o)))
    res.graph = norm
    return res


def _normal(term: Node) -> Node:
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    if isinstance(term, BNode):
        return BNode(_bnode_id(str(term)))
    return term


def _insert_ops(graph: URIRef, triples: list[Triple]) -> list[str]:
    """INSERT operations for the triples of one graph.

    Triples without blank nodes go in INSERT DATA. Virtuoso refuses blank nodes there, so triples
    with blank nodes go in ``INSERT { .. } WHERE {}``, whose template makes fresh blank nodes;
    triples that share a blank node stay in one operation so it stays one node.
    """
    ground = [t for t in triples if not any(isinstance(x, BNode) for x in t)]
    ops = [f"INSERT DATA {{ GRAPH <{graph}> {{\n{_lines(ground[i:i + DATA_OP_TRIPLES])}\n}} }}"
           for i in range(0, len(ground), DATA_OP_TRIPLES)]
    batch: list[Triple] = []
    for component in _bnode_components([t for t in triples if any(isinstance(x, BNode) for x in t)]):
        if batch and len(batch) + len(component) > TEMPLATE_OP_TRIPLES:
            ops.append(f"INSERT {{ GRAPH <{graph}> {{\n{_lines(batch)}\n}} }} WHERE {{}}")
            batch = []
        batch += component
    if batch:
        ops.append(f"INSERT {{ GRAPH <{graph}> {{\n{_lines(batch)}\n}} }} WHERE {{}}")
    return ops


def _bnode_components(triples: list[Triple]) -> list[list[Triple]]:
    """Group triples so that every triple mentioning a blank node is with the others that mention it."""
    parent: dict[BNode, BNode] = {}

    def find(x: BNode) -> BNode:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t in triples:
        nodes = [x for x in t if isinstance(x, BNode)]
        for other in nodes[1:]:
            parent[find(other)] = find(nodes[0])
    groups: dict[BNode, list[Triple]] = {}
    for t in triples:
        groups.setdefault(find(next(x for x in t if isinstance(x, BNode))), []).append(t)
    return list(groups.values())


def _lines(triples: Sequence[Triple]) -> str:
    return "\n".join(f"{_sparql_term(s)} {_sparql_term(p)} {_sparql_term(o)} ." for s, p, o in triples)


def _sparql_term(term: Node) -> str:
    if isinstance(term, BNode):
        return "_:b" + hashlib.sha1(str(term).encode()).hexdigest()[:16]
    return str(to_ox(term))


def _names(graphs: Sequence[URIRef]) -> str:
    shown = ", ".join(f"<{g}>" for g in graphs[:5])
    return (shown + f" and {len(graphs) - 5} more" if len(graphs) > 5 else shown) or "none"


def _detail(err: BaseException) -> str:
    text = str(getattr(err, "reason", None) or err).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines[:4])[:600] or type(err).__name__
