"""The three queries that follow ``sc:supportedBy`` transitively, against the same questions answered in Python.

unsupported-claims, claims-on-internal-evidence-only and load-bearing-elements are written for speed (upward
searches from the evidence, subqueries that Oxigraph joins as tables, MINUS of what reaches backing evidence),
so their text no longer reads like their description. Hypothesis draws small argument graphs with what the
fast forms must not get wrong: cycles, a claim shared by two cases or by none, nodes that are both evidence
and assumption, evidence with no polarity or two, with no replication status or two, untyped nodes in the
support chain, statements missing or doubled, triples spread over several named graphs. Each answer is
checked against the descriptions in the query files, computed here with a plain graph search.
"""

from __future__ import annotations

from drawn_graphs import TripleIndex
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, Namespace
from rdflib.namespace import RDF

from safetycase_kg.core.namespaces import PREFIXES
from safetycase_kg.core.queries import run_named
from safetycase_kg.core.sparql import load_library
from safetycase_kg.core.store import Store

LIBRARY = load_library()
SC = Namespace(PREFIXES["sc"])
POLARITY = Namespace("https://w3id.org/safetycase-kg/vocab/evidence-polarity/")
REPLICATION = Namespace("https://w3id.org/safetycase-kg/vocab/replication-status/")
EX = Namespace("https://example.org/closure/")
POLARITIES = [POLARITY.supporting, POLARITY.undermining, POLARITY.inconclusive]
NOT_BACKING = {POLARITY.undermining, POLARITY.inconclusive}
# Weighted towards the unreplicated statuses, so that items with two of them (counted once) are common.
STATUSES = [REPLICATION.internal, REPLICATION["public-summary"]] * 2 + [REPLICATION["externally-replicated"],
                                                                         REPLICATION["regulator-only"]]
UNREPLICATED = {REPLICATION.internal, REPLICATION["public-summary"]}


@st.composite
def arguments(draw):
    """Triples of a few cases' argument graphs, each tagged with the named graph it goes into."""
    kinds = draw(st.lists(st.sampled_from(["claim", "claim", "strategy", "evidence", "evidence", "assumption",
                                           "both", "untyped"]), min_size=2, max_size=14))
    kind_of = {EX[f"n{i}"]: kind for i, kind in enumerate(kinds)}
    nodes = list(kind_of)
    types = {"claim": [SC.Claim], "strategy": [SC.Strategy], "evidence": [SC.Evidence],
             "assumption": [SC.Assumption], "both": [SC.Evidence, SC.Assumption], "untyped": []}
    triples = [(n, RDF.type, t) for n, k in kind_of.items() for t in types[k]]
    supporters = [n for n, k in kind_of.items() if k in ("claim", "strategy", "untyped")]
    for node in supporters:  # cycles allowed: a circular argument is a failure mode the queries must survive
        for target in draw(st.lists(st.sampled_from(nodes), max_size=4, unique=True)):
            triples.append((node, SC.supportedBy, target))
    for node, kind in kind_of.items():
        if kind in ("evidence", "both", "untyped"):
            triples += [(node, SC.polarity, p) for p in draw(st.lists(st.sampled_from(POLARITIES), max_size=2, unique=True))]
            triples += [(node, SC.replicationStatus, s) for s in draw(st.lists(st.sampled_from(STATUSES), max_size=2, unique=True))]
        if kind in ("claim", "untyped"):
            if draw(st.booleans()):
                triples.append((node, SC.undeveloped, Literal(draw(st.booleans()))))
            triples += [(node, SC.statement, Literal(f"{node.split('/')[-1]} says {i}"))
                        for i in range(draw(st.integers(0, 2)))]
    cases = [EX[f"case{i}"] for i in range(draw(st.integers(1, 3)))]
    members = [n for n, k in kind_of.items() if k in ("claim", "untyped")]
    for case in cases:
        triples.append((case, RDF.type, SC.SafetyCase))
        triples += [(case, SC.hasClaim, c) for c in draw(st.lists(st.sampled_from(members), max_size=5, unique=True))
                    ] if members else []
    graphs = [EX[f"g{i}"] for i in range(draw(st.integers(1, 3)))]
    return [(t, graphs[draw(st.integers(0, len(graphs) - 1))]) for t in triples], cases


def store_of(tagged) -> Store:
    lines = [f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .\n" for (s, p, o), g in tagged]
    return Store.from_nquads("".join(lines).encode())


class Graph(TripleIndex):
    """The drawn triples, asked the questions the query descriptions state."""

    def reached(self, node, prop=SC.supportedBy) -> set:
        """Every node at the end of one or more sc:supportedBy steps from ``node``."""
        return super().reached(node, prop)

    def typed(self, node, cls) -> bool:
        return cls in self.objects[node, RDF.type]

    def evidence_reached(self, claim) -> set:
        return {n for n in self.reached(claim) if self.typed(n, SC.Evidence)}

    def case_claims(self, case_param):
        for case in self.subjects[RDF.type, SC.SafetyCase]:
            if case_param in (None, case):
                for claim in self.objects[case, SC.hasClaim]:
                    yield case, claim

    def statements(self, claim) -> list:
        return sorted(self.objects[claim, SC.statement]) or [None]


def rows(store: Store, name: str, params: dict[str, str]) -> list[tuple]:
    return sorted((tuple(row) for row in run_named(store, LIBRARY[name], params)), key=repr)


def expected_unsupported(g: Graph, case) -> list[tuple]:
    out = []
    for c, claim in g.case_claims(case):
        if Literal(True) in g.objects[claim, SC.undeveloped]:
            continue
        reached = g.evidence_reached(claim)
        if any(not g.objects[e, SC.polarity] or g.objects[e, SC.polarity] - NOT_BACKING for e in reached):
            continue
        gap = "only undermining or inconclusive evidence" if reached else "no evidence"
        out += [(c, claim, s, Literal(gap), Literal(len(reached))) for s in g.statements(claim)]
    return sorted(out, key=repr)


def expected_internal_only(g: Graph, case) -> list[tuple]:
    out = []
    for c, claim in g.case_claims(case):
        reached = g.evidence_reached(claim)
        if reached and not any(g.objects[e, SC.replicationStatus] - UNREPLICATED for e in reached):
            out += [(c, claim, s, Literal(len(reached))) for s in g.statements(claim)]
    return sorted(out, key=repr)


def expected_load_bearing(g: Graph, min_claims: int) -> list[tuple]:
    claims = [n for n in g.subjects[RDF.type, SC.Claim]]
    out = []
    for cls, kind in ((SC.Assumption, "assumption"), (SC.Evidence, "evidence")):
        for element in g.subjects[RDF.type, cls]:
            resting = {c for c in claims if element in g.reached(c)}
            cases = {case for case, claim in g.case_claims(None) if claim in resting}
            if len(resting) >= min_claims:
                out.append((element, Literal(kind), Literal(len(resting)), Literal(len(cases))))
    return sorted(out, key=repr)


@settings(max_examples=200, deadline=None)
@given(arguments(), st.integers(0, 2), st.integers(1, 3))
def test_closure_queries_answer_what_their_descriptions_say(drawn, which_case, min_claims):
    tagged, cases = drawn
    store, g = store_of(tagged), Graph(tagged)
    case = cases[which_case % len(cases)]
    assert rows(store, "unsupported-claims", {}) == expected_unsupported(g, None)
    assert rows(store, "unsupported-claims", {"case": str(case)}) == expected_unsupported(g, case)
    assert rows(store, "claims-on-internal-evidence-only", {}) == expected_internal_only(g, None)
    assert rows(store, "claims-on-internal-evidence-only", {"case": str(case)}) == expected_internal_only(g, case)
    assert rows(store, "load-bearing-elements", {"minClaims": str(min_claims)}) == expected_load_bearing(g, min_claims)


def test_the_generated_graphs_reach_each_branch():
    """The drawn graphs must produce each kind of answer, or the comparison above proves little."""
    seen = set()

    @settings(max_examples=200, deadline=None, derandomize=True, database=None)
    @given(arguments())
    def collect(drawn):
        tagged, _ = drawn
        g = Graph(tagged)
        for row in expected_unsupported(g, None):
            seen.add(("unsupported", str(row[3])))
        if expected_internal_only(g, None):
            seen.add(("internal-only",))
        if expected_load_bearing(g, 2):
            seen.add(("load-bearing",))
        if any(n in g.reached(n) for n in g.subjects[RDF.type, SC.Claim]):
            seen.add(("cycle",))

    collect()
    assert seen == {("unsupported", "no evidence"), ("unsupported", "only undermining or inconclusive evidence"),
                    ("internal-only",), ("load-bearing",), ("cycle",)}
