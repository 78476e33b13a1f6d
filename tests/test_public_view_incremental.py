"""The public view kept up to date graph by graph equals the view rebuilt from the whole store.

``redact.PublicView.catch_up`` redacts again only the graphs a write touched and the graphs in which
an item's withheld status changed. Speed must never cost correctness, so a Hypothesis state machine
runs random sequences of writes over the example corpus and, whenever it reads the maintained view
(after one write or after several), compares it with a view built from scratch: the same graphs,
the same quads in every data graph, an isomorphic provenance graph, the same withheld items.

The writes are those a user makes: reloads of cases and registers with tiers and notices changed,
graphs dropped, items withheld or declared public from another graph, real loads, imports of public
and reviewer exports, events; and the server's write path (``writes``): SPARQL updates that change
an item's tier in its own graph or in every graph (``GRAPH ?g``, which runs on a copy of all
graphs), Graph Store PUTs of changed graphs and DELETEs, some of which the shapes refuse. Register
records that cases cite, and items that several graphs describe, are picked more often: they are
where a change in one graph reaches the view of others.

The same machine holds the server's in-memory copy of the store (``core/mirror.py``) to the store
itself after the same writes: exactly the same quads, blank-node labels included, in the same graphs.
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
from safetycase_kg.core.mirror import Mirror
from safetycase_kg.core.namespaces import EVENTS_GRAPH, EXAMPLES_DIR, PROVENANCE_GRAPH, SC
from safetycase_kg.core.store import GraphSource, Store, from_ox
from safetycase_kg.ingest.load import load
from safetycase_kg.ingest.writes import WriteRefused, apply_update, delete_graph, put_graph
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
        registers = {ox.NamedNode(str(g)) for g in store.register_graphs()}
        homes: dict[ox.NamedNode, set] = {}
        for graph, quads in self.graphs.items():
            for q in quads:
                if isinstance(q.subject, ox.NamedNode):
                    homes.setdefault(q.subject, set()).add(graph)
        # register records that a case or another register cites, and items that several graphs describe
        cited = {q.object for g, quads in self.graphs.items() if g not in registers for q in quads}
        self.shared = sorted({i for i, gs in homes.items() if gs & registers and i in cited}
                             | {i for i, gs in homes.items() if len(gs) > 1}, key=str)
        self.home = {i: sorted(gs, key=str)[0] for i, gs in homes.items()}
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


NOTICE = ("[ a sc:Redaction ; sc:redactionReason <https://w3id.org/safetycase-kg/vocab/redaction-reason/privacy> ; "
          'sc:redactionCharacter "withheld by an update" ; sc:custodian <https://w3id.org/safetycase-kg/id/person/o-petrov> ]')


def set_tier(item: ox.NamedNode, graph: ox.NamedNode, tier: URIRef) -> str:
    """A SPARQL update giving ``item`` the tier in ``graph`` instead of the one it had there, with a
    redaction notice when the tier is not public (the shapes refuse a restricted item without one)."""
    notice = f" ; sc:redaction {NOTICE}" if tier != TIERS[0] else ""
    return (f"PREFIX sc: <{SC}>\nDELETE {{ GRAPH {graph} {{ {item} sc:disclosureTier ?old }} }} "
            f"INSERT {{ GRAPH {graph} {{ {item} sc:disclosureTier <{tier}>{notice} }} }} "
            f"WHERE {{ OPTIONAL {{ GRAPH {graph} {{ {item} sc:disclosureTier ?old }} }} }}")


def release(item: ox.NamedNode, graph: ox.NamedNode | None) -> str:
    """A SPARQL update removing ``item``'s tiers and notices from ``graph`` (None: every graph)."""
    g = graph or "?g"
    return (f"PREFIX sc: <{SC}>\nDELETE {{ GRAPH {g} {{ {item} sc:disclosureTier ?t }} }} "
            f"WHERE {{ GRAPH {g} {{ {item} sc:disclosureTier ?t }} }} ;\n"
            f"DELETE {{ GRAPH {g} {{ {item} sc:redaction ?n . ?n ?p ?o }} }} "
            f"WHERE {{ GRAPH {g} {{ {item} sc:redaction ?n . ?n ?p ?o }} }}")


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


def assert_same_copy(copy: Store, store: Store) -> None:
    mine, theirs = copy._ox, store._ox
    assert set(mine.named_graphs()) == set(theirs.named_graphs())
    only_copy = set(mine) - set(theirs)
    only_store = set(theirs) - set(mine)
    assert not only_copy and not only_store, f"{len(only_copy)} quads only in the copy, {len(only_store)} only in the store"


def _graph(quads):
    from rdflib import Graph
    g = Graph()
    for q in quads:
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


class IncrementalView(RuleBasedStateMachine):
    corpus: Corpus
    on_disk = False  # the view held on disk, as a server holds the view of a large store

    @initialize()
    def start(self) -> None:
        self.store = Store(install_system_graphs=False)
        self.store._ox.load(self.corpus.dump, format=ox.RdfFormat.N_QUADS)
        self.views = PublicViews(max_in_memory=0) if self.on_disk else PublicViews()
        if self.on_disk:
            assert self.views.get(self.store).path is not None
        self.views.get(self.store)
        self.mirror = Mirror(self.store)
        self.rebuilds = 0
        self.extra = 0

    def maintained(self) -> PublicView:
        return self.views._cache[self.store]

    def pick(self, item: int, shared: bool) -> ox.NamedNode:
        """An item; with ``shared``, a register record that a case cites (or an item several graphs describe)."""
        items = self.corpus.shared if shared and self.corpus.shared else self.corpus.items
        return items[item % len(items)]

    @rule(graph=st.integers(0, 100), how=st.sampled_from(["same", "retier", "unnotice", "half"]), seed=st.integers())
    def reload_graph(self, graph: int, how: str, seed: int) -> None:
        name = self.corpus.names[graph % len(self.corpus.names)]
        data = nquads(mutated(self.corpus.graphs[name], how, random.Random(seed)))
        self.store.replace_nquads({URIRef(name.value): data}, {URIRef(name.value): GraphSource("test", "sha256:x")},
                                  agent="test")

    @rule(graph=st.integers(0, 100))
    def drop_graph(self, graph: int) -> None:
        self.store.drop_graphs([URIRef(self.corpus.names[graph % len(self.corpus.names)].value)])

    @rule(item=st.integers(0, 10_000), shared=st.booleans(), tier=st.sampled_from(TIERS), into=st.integers(0, 100),
          own=st.booleans())
    def tier_from_another_graph(self, item: int, shared: bool, tier: URIRef, into: int, own: bool) -> None:
        """Another graph (an existing one, or a new one) gives an item a tier, public or not."""
        subject = URIRef(self.pick(item, shared).value)
        self.extra += 1
        target = URIRef(self.corpus.names[into % len(self.corpus.names)].value) if own \
            else URIRef(f"https://example.org/graph/extra-{self.extra}")
        self.store.add_to_graph(target, [(subject, SC.disclosureTier, tier)])

    @rule(item=st.integers(0, 10_000), shared=st.booleans())
    def notice_from_another_graph(self, item: int, shared: bool) -> None:
        subject = URIRef(self.pick(item, shared).value)
        notice = BNode()
        self.store.add_to_graph(EVENTS_GRAPH, [(subject, SC.redaction, notice),
                                               (notice, SC.redactionCharacter, Literal("withheld by a test"))])

    @rule(file=st.integers(0, 100))
    def load_file(self, file: int) -> None:
        load(self.store, [self.corpus.files[file % len(self.corpus.files)]], agent="test")

    @rule(tier=st.sampled_from(["public", "reviewer"]), org=st.sampled_from(["org-a", "org-b"]))
    def import_export(self, tier: str, org: str) -> None:
        import_export(self.store, self.corpus.exports[tier], org, force=True, agent="test")

    def write(self, fn, *args, **kwargs) -> None:
        """A write through the server's path; a refusal (the shapes, a graph not there) changes nothing."""
        try:
            fn(self.store, *args, agent="test", **kwargs)
        except WriteRefused as err:
            assert err.http_status in (404, 422), err

    @rule(item=st.integers(0, 10_000), shared=st.booleans(), tier=st.sampled_from(TIERS))
    def update_tier(self, item: int, shared: bool, tier: URIRef) -> None:
        """A SPARQL update gives an item another tier in its own graph (not public: with a notice)."""
        self.write(apply_update, set_tier(self.pick(item, shared), self.corpus.home[self.pick(item, shared)], tier))

    @rule(item=st.integers(0, 10_000), shared=st.booleans(), everywhere=st.booleans())
    def update_release(self, item: int, shared: bool, everywhere: bool) -> None:
        """A SPARQL update removes an item's tiers and notices from its own graph, or with ``GRAPH ?g``
        from every graph (an update that runs on a copy of all graphs)."""
        subject = self.pick(item, shared)
        self.write(apply_update, release(subject, None if everywhere else self.corpus.home[subject]))

    @rule(graph=st.integers(0, 100), how=st.sampled_from(["same", "retier", "unnotice", "half"]), seed=st.integers())
    def put(self, graph: int, how: str, seed: int) -> None:
        """A Graph Store PUT of a changed copy of a graph (blank nodes get new labels)."""
        name = self.corpus.names[graph % len(self.corpus.names)]
        quads = mutated(self.corpus.graphs[name], how, random.Random(seed))
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
        self.write(put_graph, URIRef(name.value), [(body, "application/n-triples")])

    @rule(graph=st.integers(0, 100))
    def delete(self, graph: int) -> None:
        self.write(delete_graph, URIRef(self.corpus.names[graph % len(self.corpus.names)].value))

    @rule()
    def read(self) -> None:
        before = self.maintained()
        self.views.get(self.store)
        if self.maintained() is not before:
            self.rebuilds += 1
        assert_same_view(self.maintained(), self.store)
        if not self.mirror.catch_up(self.store):
            self.mirror, self.rebuilds = Mirror(self.store), self.rebuilds + 1
        assert_same_copy(self.mirror.copy, self.store)

    @invariant()
    def never_a_system_rebuild(self) -> None:
        # none of these writes touches a system graph, so neither the view nor the copy is rebuilt from scratch
        assert self.rebuilds == 0

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.read()


def run_machine(machine: type[IncrementalView], corpus: Corpus, least: int, share: int, steps: int) -> None:
    """Run the state machine for a ``share`` of the profile's examples (``least`` at least), ``steps`` each."""
    machine.corpus = corpus
    run = machine.TestCase
    run.settings = settings(settings.default, max_examples=max(least, settings.default.max_examples // share),
                            stateful_step_count=steps)
    run().runTest()


@pytest.mark.slow
def test_incremental_public_view_equals_a_rebuild(corpus):
    run_machine(IncrementalView, corpus, 5, 3, 16)


class IncrementalViewOnDisk(IncrementalView):
    on_disk = True


@pytest.mark.slow
def test_incremental_public_view_on_disk_equals_a_rebuild(corpus):
    run_machine(IncrementalViewOnDisk, corpus, 3, 6, 12)


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


def test_writes_through_the_server_path_on_a_cited_register_record(corpus):
    """A register record that cases cite, withheld and released again through the server's write path
    (a SPARQL update in its register, one in every graph, a PUT of the register as it was, a DELETE
    of another graph): each write is accepted, and after each the maintained view equals a rebuild."""
    store = Store(install_system_graphs=False)
    store._ox.load(corpus.dump, format=ox.RdfFormat.N_QUADS)
    views = PublicViews()
    views.get(store)
    maintained = views._cache[store]
    record = next(r for r in corpus.shared if not any(q.subject == r and q.predicate in (_DISCLOSURE, _REDACTION)
                                                      for q in corpus.graphs[corpus.home[r]]))
    register = corpus.home[record]
    other = next(g for g in corpus.names if g != register and "register" not in g.value)
    writes = [
        (apply_update, set_tier(record, register, TIERS[1])),
        (apply_update, set_tier(record, other, TIERS[0])),
        (apply_update, release(record, None)),
        (put_graph, URIRef(register.value), [(ox.serialize([ox.Triple(q.subject, q.predicate, q.object)
                                                             for q in corpus.graphs[register]],
                                                            format=ox.RdfFormat.N_TRIPLES), "application/n-triples")]),
        (delete_graph, URIRef(other.value)),
    ]
    withheld = [True, True, False, None, None]
    for (fn, *args), expected in zip(writes, withheld, strict=True):
        fn(store, *args, agent="test")
        views.get(store)
        assert views._cache[store] is maintained  # caught up, not rebuilt
        if expected is not None:
            assert (record in maintained.withheld) is expected
        assert_same_view(maintained, store)
