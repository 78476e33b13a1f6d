"""The public view kept up to date graph by graph equals the view rebuilt from the whole store.

``redact.PublicView.catch_up`` redacts again only the graphs a write touched and the graphs in which
an item's withheld status changed. Speed must never cost correctness, so a Hypothesis state machine
runs random sequences of writes over the example corpus (reloads of cases and registers with tiers
and notices changed, graphs dropped, items withheld or declared public from another graph, real
loads, imports of public and reviewer exports, events) and, whenever it reads the maintained view
(after one write or after several), compares it with a view built from scratch: the same graphs,
the same quads in every data graph, an isomorphic provenance graph, the same withheld items.
"""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic

from safetycase_kg.analysis.redact import PublicView, PublicViews
from safetycase_kg.core.namespaces import EVENTS_GRAPH, EXAMPLES_DIR, PROVENANCE_GRAPH, SC
from safetycase_kg.core.store import GraphSource, Store, from_ox
from safetycase_kg.ingest.load import load
from safetycase_kg.outputs.exchange import export_dataset, import_export

TIER = "https://w3id.org/safetycase-kg/vocab/disclosure-tier/"
TIERS = [URIRef(TIER + t) for t in ("public", "reviewer", "regulator", "internal")]
_DISCLOSURE = ox.NamedNode(str(SC.disclosureTier))
_REDACTION = ox.NamedNode(str(SC.redaction))
_PROVENANCE = ox.NamedNode(str(PROVENANCE_GRAPH))


class Corpus:
    """The examples, parsed once: the dump a fresh store starts from, each data graph's quads,
    the named items, and export files to import."""

    def __init__(self, folder) -> None:
        store = Store()
        load(store, [EXAMPLES_DIR])
        self.dump = store.dump()
        data = [ox.NamedNode(str(g)) for g in store.data_graphs()]
        self.graphs = {g: list(store._ox.quads_for_pattern(None, None, None, g)) for g in data}
        self.names = sorted(self.graphs, key=str)
        self.items = sorted({q.subject for quads in self.graphs.values() for q in quads
                             if isinstance(q.subject, ox.NamedNode)}, key=str)
        self.files = sorted(p for p in EXAMPLES_DIR.rglob("*.yaml"))
        self.exports = {}
        for tier in ("public", "reviewer"):
            path = folder / f"export-{tier}.trig"
            path.write_text(export_dataset(store, tier, "trig", publisher="https://example.org/org"), encoding="utf-8")
            self.exports[tier] = path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("incremental"))


def mutated(quads: list[ox.Quad], how: str, rng: random.Random) -> list[ox.Quad]:
    """A changed copy of a graph: tiers changed, notices removed, or part of it gone."""
    if how == "retier":
        return [ox.Quad(q.subject, q.predicate, ox.NamedNode(str(rng.choice(TIERS))), q.graph_name)
                if q.predicate == _DISCLOSURE else q for q in quads]
    if how == "unnotice":
        return [q for q in quads if q.predicate != _REDACTION]
    if how == "half":
        return [q for q in quads if rng.random() < 0.5]
    return list(quads)


def nquads(quads: list[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def assert_same_view(maintained: PublicView, store: Store) -> None:
    fresh = PublicView(store)
    mine, theirs = maintained.view._ox, fresh.view._ox
    assert set(mine.named_graphs()) == set(theirs.named_graphs())
    assert maintained.withheld == fresh.withheld
    for graph in theirs.named_graphs():
        a = set(mine.quads_for_pattern(None, None, None, graph))
        b = set(theirs.quads_for_pattern(None, None, None, graph))
        if graph == _PROVENANCE:  # appended records keep the labels they were written with
            assert isomorphic(_graph(a), _graph(b)), "public provenance differs"
        else:
            assert a == b, f"{graph}: {len(a - b)} quads only in the maintained view, {len(b - a)} only in a rebuild"


def _graph(quads):
    from rdflib import Graph
    g = Graph()
    for q in quads:
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


class IncrementalView(RuleBasedStateMachine):
    corpus: Corpus

    @initialize()
    def start(self) -> None:
        self.store = Store(install_system_graphs=False)
        self.store._ox.load(self.corpus.dump, format=ox.RdfFormat.N_QUADS)
        self.views = PublicViews()
        self.views.get(self.store)
        self.rebuilds = 0
        self.extra = 0

    def maintained(self) -> PublicView:
        return self.views._cache[self.store]

    @rule(graph=st.integers(0, 100), how=st.sampled_from(["same", "retier", "unnotice", "half"]), seed=st.integers())
    def reload_graph(self, graph: int, how: str, seed: int) -> None:
        name = self.corpus.names[graph % len(self.corpus.names)]
        data = nquads(mutated(self.corpus.graphs[name], how, random.Random(seed)))
        self.store.replace_nquads({URIRef(name.value): data}, {URIRef(name.value): GraphSource("test", "sha256:x")},
                                  agent="test")

    @rule(graph=st.integers(0, 100))
    def drop_graph(self, graph: int) -> None:
        self.store.drop_graphs([URIRef(self.corpus.names[graph % len(self.corpus.names)].value)])

    @rule(item=st.integers(0, 10_000), tier=st.sampled_from(TIERS), into=st.integers(0, 100), own=st.booleans())
    def tier_from_another_graph(self, item: int, tier: URIRef, into: int, own: bool) -> None:
        """Another graph (an existing one, or a new one) gives an item a tier, public or not."""
        subject = URIRef(self.corpus.items[item % len(self.corpus.items)].value)
        self.extra += 1
        target = URIRef(self.corpus.names[into % len(self.corpus.names)].value) if own \
            else URIRef(f"https://example.org/graph/extra-{self.extra}")
        self.store.add_to_graph(target, [(subject, SC.disclosureTier, tier)])

    @rule(item=st.integers(0, 10_000))
    def notice_from_another_graph(self, item: int) -> None:
        subject = URIRef(self.corpus.items[item % len(self.corpus.items)].value)
        notice = BNode()
        self.store.add_to_graph(EVENTS_GRAPH, [(subject, SC.redaction, notice),
                                               (notice, SC.redactionCharacter, Literal("withheld by a test"))])

    @rule(file=st.integers(0, 100))
    def load_file(self, file: int) -> None:
        load(self.store, [self.corpus.files[file % len(self.corpus.files)]], agent="test")

    @rule(tier=st.sampled_from(["public", "reviewer"]), org=st.sampled_from(["org-a", "org-b"]))
    def import_export(self, tier: str, org: str) -> None:
        import_export(self.store, self.corpus.exports[tier], org, force=True, agent="test")

    @rule()
    def read(self) -> None:
        before = self.maintained()
        self.views.get(self.store)
        if self.maintained() is not before:
            self.rebuilds += 1
        assert_same_view(self.maintained(), self.store)

    @invariant()
    def never_a_system_rebuild(self) -> None:
        # none of these writes touches a system graph, so the view is never rebuilt from scratch
        assert self.rebuilds == 0

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.read()


@pytest.mark.slow
def test_incremental_public_view_equals_a_rebuild(corpus):
    IncrementalView.corpus = corpus
    run = IncrementalView.TestCase
    run.settings = settings(settings.default, max_examples=max(5, settings.default.max_examples // 2),
                            stateful_step_count=12)
    run().runTest()


def test_a_tier_given_in_another_graph_reaches_the_graphs_that_describe_the_item(corpus):
    """An item withheld from one graph is withheld in every graph that describes it, and stops being
    withheld everywhere when that graph goes: the view catches up in both directions."""
    store = Store(install_system_graphs=False)
    store._ox.load(corpus.dump, format=ox.RdfFormat.N_QUADS)
    views = PublicViews()
    views.get(store)
    item = next(i for i in corpus.items if "cyber-inability-v2/G" in i.value)
    other = URIRef("https://example.org/graph/withholding")
    store.add_to_graph(other, [(URIRef(item.value), SC.disclosureTier, TIERS[2])])
    view = views.get(store)
    assert not view.query(f"ASK {{ <{item.value}> sc:statement ?s }}").askAnswer
    assert_same_view(views._cache[store], store)
    store.drop_graphs([other])
    view = views.get(store)
    assert view.query(f"ASK {{ <{item.value}> sc:statement ?s }}").askAnswer
    assert_same_view(views._cache[store], store)
