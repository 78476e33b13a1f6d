"""The standing rule for defeaters closed on paper, against its description answered in Python.

``queries/standing/defeaters-not-disposed.rq`` counts, per refuted or mitigated defeater, the items named as
refuting or mitigating it and the weak ones among them (a summary or an interpretation with no primary record
behind it), because the plain form (no item that is not weak) took time in proportion to every primary record
of the store for each item: 59 s at 10,000 cases. Hypothesis draws small defeater graphs with what the counted
form must not get wrong: two statuses on one defeater, items named under both properties, literals and
untyped nodes as items, items with two record kinds or replication statuses, interpretation chains with
cycles, defeaters shared by two cases or in none, triples spread over several named graphs.
"""

from __future__ import annotations

from drawn_graphs import TripleIndex
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF

from safetycase_kg.analysis.standing import RULES, rule_rows
from safetycase_kg.core.namespaces import PREFIXES
from safetycase_kg.core.store import Store

SC = Namespace(PREFIXES["sc"])
STATUS = Namespace("https://w3id.org/safetycase-kg/vocab/defeater-status/")
KIND = Namespace("https://w3id.org/safetycase-kg/vocab/record-kind/")
REPLICATION = Namespace("https://w3id.org/safetycase-kg/vocab/replication-status/")
EX = Namespace("https://example.org/paper/")
RULE = RULES["defeaters-not-disposed"]
STATUSES = [STATUS.refuted, STATUS.mitigated, STATUS["accepted-residual"], STATUS.open]
KINDS = [KIND.interpretation, KIND.interpretation, KIND["primary-record"], KIND.summary]
REPLICATIONS = [REPLICATION["public-summary"], REPLICATION["public-summary"], REPLICATION.internal]
CLOSING = {STATUS.refuted: SC.refutedBy, STATUS.mitigated: SC.mitigatedBy}


@st.composite
def defeaters(draw):
    """Triples of a few cases' defeaters and the records that close them, each tagged with its named graph."""
    items = [EX[f"r{i}"] for i in range(draw(st.integers(1, 6)))]
    triples: list[tuple] = []
    for item in items:
        if draw(st.integers(0, 3)):  # mostly evidence; sometimes an untyped node (a claim, say)
            triples.append((item, RDF.type, SC.Evidence))
        triples += [(item, SC.recordKind, k) for k in draw(st.lists(st.sampled_from(KINDS), max_size=2, unique=True))]
        triples += [(item, SC.replicationStatus, r)
                    for r in draw(st.lists(st.sampled_from(REPLICATIONS), max_size=2, unique=True))]
        # interpretation chains, cycles allowed
        triples += [(item, SC.interprets, t) for t in draw(st.lists(st.sampled_from(items), max_size=2, unique=True))]
    defeater_nodes = [EX[f"d{i}"] for i in range(draw(st.integers(1, 4)))]
    targets = [EX[f"claim{i}"] for i in range(2)]
    for d in defeater_nodes:
        triples.append((d, RDF.type, SC.Defeater))
        triples += [(d, SC.defeaterStatus, s) for s in draw(st.lists(st.sampled_from(STATUSES), max_size=2, unique=True))]
        triples += [(d, SC.attacks, t) for t in draw(st.lists(st.sampled_from(targets), min_size=1, max_size=2, unique=True))]
        for prop in (SC.refutedBy, SC.mitigatedBy):
            named = draw(st.lists(st.sampled_from([*items, Literal("a memo")]), max_size=3, unique=True))
            triples += [(d, prop, i) for i in named]
        if draw(st.booleans()):
            triples.append((d, SC.acceptedBy, EX.someone))
    cases = [EX[f"case{i}"] for i in range(draw(st.integers(1, 2)))]
    for case in cases:
        triples.append((case, RDF.type, SC.SafetyCase))
        triples += [(case, SC.hasDefeater, d) for d in draw(st.lists(st.sampled_from(defeater_nodes), max_size=4, unique=True))]
    graphs = [EX[f"g{i}"] for i in range(draw(st.integers(1, 3)))]
    return [(t, graphs[draw(st.integers(0, len(graphs) - 1))]) for t in triples], cases


class Graph(TripleIndex):
    """The drawn triples, asked what the rule's description says."""

    def interpreted(self, item) -> set:
        """Every node at the end of one or more sc:interprets steps from ``item``."""
        return self.reached(item, SC.interprets)

    def weak(self, item) -> bool:
        """A summary or an interpretation with no primary record behind it."""
        return (SC.Evidence in self.objects[item, RDF.type]
                and (KIND.interpretation in self.objects[item, SC.recordKind]
                     or REPLICATION["public-summary"] in self.objects[item, SC.replicationStatus])
                and not any(KIND["primary-record"] in self.objects[p, SC.recordKind] for p in self.interpreted(item)))

    def on_paper_only(self, defeater) -> bool:
        """Refuted or mitigated, with items named for it, every one of them weak."""
        for status, prop in CLOSING.items():
            named = self.objects[defeater, prop]
            if status in self.objects[defeater, SC.defeaterStatus] and named and all(self.weak(i) for i in named):
                return True
        return False

    def expected(self, cases) -> set[tuple]:
        return {(case, element, defeater)
                for case in cases if SC.SafetyCase in self.objects[case, RDF.type]
                for defeater in self.objects[case, SC.hasDefeater] if self.on_paper_only(defeater)
                for element in self.objects[defeater, SC.attacks]}


def store_of(tagged) -> Store:
    lines = [f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .\n" for (s, p, o), g in tagged]
    return Store.from_nquads("".join(lines).encode())


def found(store: Store, case: URIRef | None) -> set[tuple]:
    """The rule's rows of the summaries-only branch, as (case, element, defeater)."""
    return {(c, e, r.source) for c, e, r in rule_rows(store, RULE, case) if "only by a summary" in r.message}


@settings(max_examples=200, deadline=None)
@given(defeaters(), st.integers(0, 1))
def test_defeaters_closed_only_by_summaries_are_found_as_described(drawn, which_case):
    tagged, cases = drawn
    store, g = store_of(tagged), Graph(tagged)
    assert found(store, None) == g.expected(cases)
    case = cases[which_case % len(cases)]
    assert found(store, case) == g.expected([case])


def test_the_generated_graphs_reach_each_branch():
    """The drawn graphs must give both answers, through each way an item can be weak or not."""
    seen = set()

    @settings(max_examples=200, deadline=None, derandomize=True, database=None)
    @given(defeaters())
    def collect(drawn):
        tagged, _ = drawn
        g = Graph(tagged)
        for defeater in {s for (s, p, o), _ in tagged if p == RDF.type and o == SC.Defeater}:
            seen.add(("on paper", g.on_paper_only(defeater)))
        for item in {s for (s, p, o), _ in tagged if p == SC.recordKind}:
            if g.weak(item) is False and any(KIND["primary-record"] in g.objects[p, SC.recordKind]
                                             for p in g.interpreted(item)):
                seen.add(("primary record behind",))
            if item in g.interpreted(item):
                seen.add(("cycle",))

    collect()
    assert seen == {("on paper", True), ("on paper", False), ("primary record behind",), ("cycle",)}
