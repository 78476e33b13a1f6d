"""The judgement kept per case, and the matrix kept per column, equal a fresh computation after any writes.

``standing.case_standings`` keeps each case's judgement until a write reaches the case (``reach.py``:
its own graph, a register record it cites or one pointing at what it holds, another case that mentions
what it holds, a system graph), and the matrix keeps a column per case for as long as that judgement is
kept. Speed must never cost correctness, so a Hypothesis state machine runs random sequences of the
writes users make (those of the public view's state machine, plus edits that change standings: register
records cases cite re-dated or removed, defeaters raised in one case against another case's evidence,
claims and evidence dropped) and, whenever it reads, compares the kept judgement of every case and the
kept matrix, in the reviewer or the public tier, with the same computed on a fresh copy of the store.
"""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import rule
from rdflib import RDF, XSD, Literal, URIRef
from test_public_view_incremental import Corpus, IncrementalView

from safetycase_kg.analysis.reach import Reach, footprint_quads
from safetycase_kg.analysis.standing import Standing, judge, standing
from safetycase_kg.core.namespaces import ID, SC
from safetycase_kg.core.store import Store
from safetycase_kg.core.tiers import PUBLIC, REVIEWER
from safetycase_kg.outputs.reports.compliance import matrix_report

AS_OF = date(2026, 12, 1)
FRAMEWORKS = ["eu-ai-act-2024-1689", "anthropic-rsp-3-4"]
_EVALUATED = ox.NamedNode(str(SC.evaluationDate))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("derived"))


def judged(found: Standing) -> dict:
    """A judgement as outputs read it: each case's elements with their reasons, and the findings."""
    return {"elements": {str(case): sorted((str(e), sorted(repr(r) for r in s.reasons)) for e, s in elements.items())
                         for case, elements in found.elements.items() if elements},
            "findings": sorted(repr(f) for f in found.findings)}


def judged_apart_from_their_footprint(store: Store, cases: list[URIRef], as_of: date = AS_OF) -> list[URIRef]:
    """The cases judged otherwise on a store holding only their footprint (``reach.footprint_quads``) than in
    the whole store: the footprint must hold all a case's judgement reads, or a write outside it that
    changes the judgement would not reach the case."""
    reach = Reach(store.generation)
    apart = []
    for case in cases:
        alone = Store(install_system_graphs=False)
        alone._ox.extend(footprint_quads(store, case, reach.nodes(store, case)))
        if judged(judge(store, as_of, [case])) != judged(judge(alone, as_of, [case])):
            apart.append(case)
    return apart


def test_a_case_is_judged_on_its_footprint_as_in_the_whole_store(example_store):
    assert judged_apart_from_their_footprint(example_store, example_store.case_graphs()) == []


def matrix(store: Store, framework: str, tier: str) -> dict:
    data = matrix_report(store, framework, tier=tier, as_of=AS_OF).as_dict()
    data.pop("generated", None)
    return data


class KeptJudgement(IncrementalView):
    """The public view's writes, plus some that change standings, with reads of the kept judgement."""

    @rule(record=st.integers(0, 10_000), day=st.dates(date(2024, 1, 1), date(2026, 11, 30)))
    def redate_a_cited_record(self, record: int, day: date) -> None:
        """A register record that cases cite gets another evaluation date (freshness, order of events)."""
        subject = self.pick(record, shared=True)
        graph = self.corpus.home[subject]
        quads = [q for q in self.store._ox.quads_for_pattern(None, None, None, graph)
                 if not (q.subject == subject and q.predicate == _EVALUATED)]
        quads.append(ox.Quad(subject, _EVALUATED, ox.Literal(day.isoformat(), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#date")), graph))
        self.store.replace_nquads({URIRef(graph.value): ox.serialize(quads, format=ox.RdfFormat.N_QUADS)})

    @rule(record=st.integers(0, 10_000), into=st.integers(0, 100), open_=st.booleans())
    def defeater_from_another_case(self, record: int, into: int, open_: bool) -> None:
        """A case raises a defeater against a record (evidence, a claim) that other cases rest on."""
        target = URIRef(self.pick(record, shared=record % 2 == 0).value)
        graph = URIRef(self.corpus.names[into % len(self.corpus.names)].value)
        self.extra += 1
        defeater = URIRef(f"{ID}test-defeater-{self.extra}")
        status = "open" if open_ else "mitigated"
        self.store.add_to_graph(graph, [
            (defeater, RDF.type, SC.Defeater),
            (defeater, SC.attacks, target),
            (defeater, SC.statement, Literal("a doubt raised by a test")),
            (defeater, SC.defeaterStatus, URIRef(f"https://w3id.org/safetycase-kg/vocab/defeater-status/{status}")),
        ])

    @rule(tier=st.sampled_from([REVIEWER, PUBLIC]), framework=st.sampled_from(FRAMEWORKS))
    def read_judgement(self, tier: str, framework: str) -> None:
        """The kept judgement and matrix equal those of a fresh copy of the store (nothing kept for it)."""
        fresh = Store.copy_of(self.store)
        assert judged(standing(self.store, AS_OF)) == judged(judge(fresh, AS_OF))
        assert matrix(self.store, framework, tier) == matrix(fresh, framework, tier)

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.read_judgement(REVIEWER, FRAMEWORKS[0])


@pytest.mark.slow
def test_kept_judgements_and_matrix_columns_equal_a_fresh_computation(corpus):
    KeptJudgement.corpus = corpus
    run = KeptJudgement.TestCase
    run.settings = settings(settings.default, max_examples=max(3, settings.default.max_examples // 12),
                            stateful_step_count=10, deadline=None)
    run().runTest()


def test_writes_elsewhere_reach_the_cases_that_read_what_they_change(empty_store):
    """Each way a write reaches a case it does not touch (``reach.py``), one write at a time: a register
    record the case cites removed, and one it cites only through another record; a defeater raised in
    another case against evidence it rests on, withdrawn, raised again, mitigated, reopened and dropped with
    its case; an item of the case given a tier from an unrelated
    graph, and withdrawn with that graph; a change recorded in another graph against a model build the case watches, and dropped again.
    After each, the judgement kept for the case changed, and equals a fresh judgement."""
    from safetycase_kg.core.namespaces import EXAMPLES_DIR
    from safetycase_kg.ingest.load import load

    store = empty_store
    load(store, [EXAMPLES_DIR])
    case = URIRef(f"{ID}open-weights-reuse-v1")
    other = URIRef(f"{ID}cyber-inability-v2")
    evidence = URIRef(f"{ID}evidence/redteam-report-2026-05")
    register = URIRef(f"{ID}register/shared-records")
    before_other = store.dump([other])

    def defeater(open_: bool, status: str = "open") -> None:
        quads = list(ox.parse(before_other, format=ox.RdfFormat.N_QUADS))
        if open_:
            d, g = ox.NamedNode(f"{ID}cyber-inability-v2/D-test"), ox.NamedNode(str(other))
            quads += [ox.Quad(d, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SC.Defeater)), g),
                      ox.Quad(d, ox.NamedNode(str(SC.attacks)), ox.NamedNode(str(evidence)), g),
                      ox.Quad(d, ox.NamedNode(str(SC.statement)), ox.Literal("a doubt"), g),
                      ox.Quad(d, ox.NamedNode(str(SC.defeaterStatus)),
                              ox.NamedNode(f"https://w3id.org/safetycase-kg/vocab/defeater-status/{status}"), g)]
        store.replace_nquads({other: ox.serialize(quads, format=ox.RdfFormat.N_QUADS)})

    unrelated = URIRef("https://example.org/graph/unrelated")
    control = URIRef(f"{ID}polaris-3-agent-control-v1")
    changes = URIRef("https://example.org/graph/changes")
    event = URIRef("https://example.org/event/monitor-retrained")
    writes = {
        "a defeater raised in another case": (case, lambda: defeater(True)),
        "that defeater withdrawn": (case, lambda: defeater(False)),
        "the defeater raised again": (case, lambda: defeater(True)),
        "that defeater mitigated": (case, lambda: defeater(True, "mitigated")),
        "the defeater reopened": (case, lambda: defeater(True)),
        "the other case dropped with it": (case, lambda: store.drop_graphs([other])),
        "a tier given from another graph": (case, lambda: store.replace_nquads({unrelated: (
            f"<{ID}open-weights-reuse-v1/D2> <{SC.disclosureTier}> "
            f"<https://w3id.org/safetycase-kg/vocab/disclosure-tier/internal> <{unrelated}> .\n").encode()})),
        "that tier withdrawn with its graph": (case, lambda: store.drop_graphs([unrelated])),
        "a cited register record removed": (case, lambda: store.replace_nquads({register: ox.serialize(
            [q for q in ox.parse(store.dump([register]), format=ox.RdfFormat.N_QUADS)
             if q.subject != ox.NamedNode(str(evidence))], format=ox.RdfFormat.N_QUADS)})),
        "a record cited only through another record removed": (case, lambda: store.replace_nquads({register: ox.serialize(
            [q for q in ox.parse(store.dump([register]), format=ox.RdfFormat.N_QUADS)
             if q.subject != ox.NamedNode(f"{ID}model/atlas-4-2026-03-02")], format=ox.RdfFormat.N_QUADS)})),
        "a change recorded elsewhere against a build the case watches": (control, lambda: store.add_to_graph(changes, [
            (event, RDF.type, SC.ChangeEvent),
            (event, SC.triggerKind, URIRef("https://w3id.org/safetycase-kg/vocab/trigger-kind/new-checkpoint")),
            (event, SC.affects, URIRef(f"{ID}model/polaris-2-mini-2026-06-20")),
            (event, SC.eventDate, Literal("2026-11-25", datatype=XSD.date))])),
        "that record dropped": (control, lambda: store.drop_graphs([changes])),
    }
    for what, (judged_case, write) in writes.items():
        before = judged(standing(store, AS_OF, [judged_case]))
        write()
        kept = judged(standing(store, AS_OF, [judged_case]))
        assert kept != before, f"{what}: the case's judgement did not change"
        assert kept == judged(judge(Store.copy_of(store), AS_OF, [judged_case])), what
