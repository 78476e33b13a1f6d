"""Work shared, not multiplied, and done before it is asked for.

Callers that need the same whole-store judgement or the same matrix at once get one computation
(``core/singleflight.py``), and the answer each gets is the one it would get alone. The server's
background warm-up (``web/warmup.py``) builds what requests read, through the same calls, and follows
writes: once it reports ready, a matrix is read from kept work and equals one built cold.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from live_server import WRITER_TOKEN, LiveServer, http
from rdflib import Literal, URIRef
from synth import generate_corpus

from safetycase_kg.analysis import standing as standing_module
from safetycase_kg.analysis.standing import WHOLE_STORE_AT, case_standings
from safetycase_kg.core.namespaces import SC
from safetycase_kg.core.singleflight import SingleFlight
from safetycase_kg.core.store import Store
from safetycase_kg.core.tiers import PUBLIC, REVIEWER
from safetycase_kg.core.worker import WorkerTimeout
from safetycase_kg.ingest.load import load
from safetycase_kg.outputs.reports import compliance
from safetycase_kg.outputs.reports.compliance import matrix_report, resolve_framework
from safetycase_kg.web.app import tier_views
from safetycase_kg.web.config import ServerConfig, load_config
from safetycase_kg.web.warmup import Warmer

FRAMEWORK = "eu-ai-act-2024-1689"
CASES = WHOLE_STORE_AT + 5  # enough that a matrix judges the whole store at once


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    """A guard against a hang, not a timing: fails only when ``condition`` never holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.01)


# --- one computation per key ------------------------------------------------------------------------

@given(keys=st.lists(st.sampled_from("abc"), min_size=1, max_size=8), failing=st.sets(st.sampled_from("abc")))
def test_callers_with_equal_keys_share_one_computation_and_its_error(keys, failing):
    flight: SingleFlight[object] = SingleFlight()
    release, lock = threading.Event(), threading.Lock()
    calls: Counter[str] = Counter()

    def compute(key: str) -> object:
        with lock:
            calls[key] += 1
        release.wait(60)
        if key in failing:
            raise ValueError(key)
        return object()  # a new object per computation: equal keys must get the same one

    def call(key: str) -> object:
        try:
            return flight.do(key, lambda: compute(key))
        except ValueError as err:
            return err

    wanted = Counter(keys)
    with ThreadPoolExecutor(len(keys)) as pool:
        futures = [(key, pool.submit(call, key)) for key in keys]
        wait_for(lambda: all(flight.waiting(k) == n - 1 and calls[k] == 1 for k, n in wanted.items()),
                 "every caller computing or waiting")
        release.set()
        results = [(key, f.result()) for key, f in futures]
    assert calls == Counter(set(keys))
    for key in wanted:
        mine = {id(r) for k, r in results if k == key}
        assert len(mine) == 1
        assert isinstance(next(r for k, r in results if k == key), ValueError) == (key in failing)
    assert all(flight.waiting(k) == 0 for k in wanted)
    # nothing is kept: a later call computes again
    assert flight.do("a", lambda: "again") == "again"


# --- the whole-store judgement and the matrix, asked for at once ---------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("warm-corpus")
    generate_corpus(folder, CASES, seed=5)
    return folder


def fresh_store(corpus: Path, path: Path | None = None) -> Store:
    store = Store(path)
    load(store, [corpus])
    return store


def comparable(report) -> dict:
    """A report as a user reads it, without the time it was generated."""
    return {k: v for k, v in report.as_dict().items() if k != "generated"}


def test_concurrent_callers_share_one_whole_store_judgement(corpus, monkeypatch):
    store = fresh_store(corpus)
    today = date.today()
    judged_for, release, real = [], threading.Event(), standing_module.judge

    def judge(*args, **kwargs):
        judged_for.append(kwargs.get("cases", args[2] if len(args) > 2 else None))
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(standing_module, "judge", judge)
    key = (store, today, store.generation)
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(case_standings, store, today) for _ in range(4)]
        wait_for(lambda: standing_module._whole_store.waiting(key) == 3, "three callers waiting for the fourth")
        release.set()
        results = [f.result() for f in futures]
    assert judged_for == [None]  # one whole-store judgement
    first = results[0]
    assert len(first) == CASES
    assert all(r.keys() == first.keys() and all(r[c] is first[c] for c in first) for r in results)
    alone = case_standings(fresh_store(corpus), today)
    assert {str(c): [e.as_dict() for e in s.case(c).values()] for c, s in first.items()} == \
           {str(c): [e.as_dict() for e in s.case(c).values()] for c, s in alone.items()}


def test_concurrent_matrices_share_one_build_and_equal_a_matrix_built_alone(corpus, monkeypatch):
    store = fresh_store(corpus)
    today = date.today()
    builds, release, real = [], threading.Event(), compliance._build

    def build(store_, kind, *args, **kwargs):
        builds.append(kind)
        if kind == "matrix":
            release.wait(60)
        return real(store_, kind, *args, **kwargs)

    monkeypatch.setattr(compliance, "_build", build)
    key = (store, resolve_framework(store, FRAMEWORK), REVIEWER, today, store.generation)
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(matrix_report, store, FRAMEWORK, tier=REVIEWER) for _ in range(4)]
        wait_for(lambda: compliance._all_columns.waiting(key) == 3, "three matrices waiting for the fourth")
        release.set()
        reports = [comparable(f.result()) for f in futures]
    assert builds == ["matrix"]
    assert all(r == reports[0] for r in reports)
    monkeypatch.setattr(compliance, "_build", real)
    assert reports[0] == comparable(matrix_report(fresh_store(corpus), FRAMEWORK, tier=REVIEWER))


# --- the warm-up ------------------------------------------------------------------------------------

def test_the_whole_store_judgement_apart_reads_nothing_in_the_server_and_equals_one_made_here(corpus, monkeypatch):
    """The warm-up's whole-store judgement runs in a forked process: the server's threads never wait for its
    queries (a fork of a query worker waits until no thread is inside Oxigraph, and requests wait behind it)."""
    store = fresh_store(corpus)
    today = date.today()
    here = standing_module.judge(store, today)
    server, reads = os.getpid(), []
    for method in ("query", "solutions", "oxigraph"):
        real = getattr(Store, method)
        monkeypatch.setattr(Store, method, lambda self, *a, _real=real, _name=method, **k:
                            (reads.append(_name) if os.getpid() == server else None, _real(self, *a, **k))[1])
    apart = standing_module.judge_apart(store, today)
    assert reads == []
    assert apart.findings == here.findings and apart.labels == here.labels
    assert {c: {e: s.as_dict() for e, s in found.items()} for c, found in apart.elements.items() if found} == \
           {c: {e: s.as_dict() for e, s in found.items()} for c, found in here.elements.items() if found}
    monkeypatch.undo()
    judged_for, _ = spy(monkeypatch)
    case_standings(store, today, apart=True)  # as the warm-up asks: the judging happens in the other process
    assert judged_for == []
    standing_module.judge_whole_stores_apart()  # as a server sets it for every whole-store judgement
    try:
        case_standings(fresh_store(corpus), today)
        assert judged_for == []
        standing_module.judge_whole_stores_apart(False)
        case_standings(fresh_store(corpus), today)
        assert judged_for == [None]
    finally:
        standing_module.judge_whole_stores_apart(False)


def every_verdict(report) -> dict:
    """Each verdict with what it rests on, as far as a reader of any format can see it."""
    def support(s):
        return (s.element, s.kind, s.label, s.basis, tuple(s.via), [e.as_dict() for e in s.evidence],
                s.standing.as_dict() if s.standing else None, s.problems())
    return {(clause.iri, case.iri): (v.status, v.reason, [support(s) for s in v.explicit + v.proposed],
                                     [r.as_dict() for r in v.facts.case_findings], v.facts.conditions, v.facts.quantities)
            for (clause, case) in ((cl, c) for cl in report.clauses for c in report.cases)
            for v in [report.verdict(clause, case)]}


def test_a_matrix_built_apart_reads_in_the_other_process_and_equals_one_built_here(corpus, monkeypatch):
    """With whole-store work apart (as ``serve`` sets it), a matrix's columns are read in a forked process:
    the server's process reads only the framework's header, never a query over every case."""
    today = date.today()
    store = fresh_store(corpus)
    case_standings(store, today)  # the judgement kept, as the warm-up leaves it
    server, read_here = os.getpid(), []
    real_parse = compliance.parse_named_query
    monkeypatch.setattr(compliance, "parse_named_query", lambda path: (
        read_here.append(Path(path).stem) if os.getpid() == server else None, real_parse(path))[1])
    judged_for, _ = spy(monkeypatch)
    monkeypatch.setattr(compliance, "READ_CHUNK", 7)  # many pieces per query, as at scale
    standing_module.judge_whole_stores_apart()
    try:
        apart = matrix_report(store, FRAMEWORK, tier=REVIEWER)
    finally:
        standing_module.judge_whole_stores_apart(False)
    assert judged_for == []
    assert set(read_here) <= {"compliance-framework", "compliance-clauses", "compliance-status"}, read_here
    assert compliance._read_ahead.rows is None
    compliance._columns.pop(store)  # the same store (its blank nodes) and judgement, its columns built here
    here = matrix_report(store, FRAMEWORK, tier=REVIEWER)
    assert judged_for == [] and "compliance-support" in read_here
    assert comparable(apart) == comparable(here)
    ours, theirs = every_verdict(apart), every_verdict(here)
    differing = [key for key in theirs if ours.get(key) != theirs[key]]  # named, not diffed: the dicts are large
    assert not differing and ours.keys() == theirs.keys(), (len(differing), differing[:1], [
        (a, b) for a, b in zip(ours.get(differing[0], ()), theirs[differing[0]], strict=False) if a != b][:1]
        if differing else None)


def test_a_write_while_a_matrix_is_read_apart_is_not_taken_for_what_was_read(corpus, monkeypatch):
    """The rows read in the other process are of the write the fork saw. A write landing before this thread
    assembles them must not make them pass for the store after it: the next matrix shows the write."""
    import pyoxigraph as ox
    store = fresh_store(corpus)
    today = date.today()
    case_standings(store, today)
    shown = matrix_report(store, FRAMEWORK, tier=REVIEWER)
    evidence = next(e.iri for v in shown.verdicts.values() for s in v.explicit + v.proposed for e in s.evidence
                    if e.text)
    row = next(iter(store.query(f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ <{evidence}> sc:summary ?s }} }}")))
    compliance._columns.pop(store)
    real, changed = compliance._from_read_pieces, "A SUMMARY WRITTEN WHILE THE MATRIX WAS READ"

    def read_then_write(pieces):
        rows = real(pieces)
        if store.query(f'ASK {{ <{evidence}> sc:summary "{changed}" }}').askAnswer is False:
            old = ox.Quad(ox.NamedNode(str(evidence)), ox.NamedNode(str(SC.summary)), ox.Literal(str(row.s)),
                          ox.NamedNode(str(row.g)))
            store.remove_quads([old])
            store.add_to_graph(row.g, [(evidence, SC.summary, Literal(changed))])
        return rows
    monkeypatch.setattr(compliance, "_from_read_pieces", read_then_write)
    standing_module.judge_whole_stores_apart()
    try:
        matrix_report(store, FRAMEWORK, tier=REVIEWER)
        kept = compliance._commons.get(store)
        assert kept is None or kept[0] != store.generation
        after = matrix_report(store, FRAMEWORK, tier=REVIEWER)
    finally:
        standing_module.judge_whole_stores_apart(False)
    texts = {e.text for v in after.verdicts.values() for s in v.explicit + v.proposed for e in s.evidence
             if e.iri == evidence}
    assert texts == {changed}


def test_the_reads_sent_ahead_are_every_read_of_a_whole_store_build(corpus, monkeypatch):
    """``_whole_store_reads`` names what ``_build`` reads; a read it missed would run in the server again."""
    store = fresh_store(corpus)
    today = date.today()
    case_standings(store, today)
    framework = resolve_framework(store, FRAMEWORK)
    made, real_rows = [], compliance._rows

    def recording(s, name, **params):
        made.append(compliance._read_key(name, {k: str(v) for k, v in params.items() if v is not None}))
        return real_rows(s, name, **params)
    for kept_common in (False, True):
        listed = {compliance._read_key(name, bound) for name, bound in compliance._whole_store_reads(store, framework)}
        made.clear()
        monkeypatch.setattr(compliance, "_rows", recording)
        compliance._build(store, "matrix", framework, None, REVIEWER, today)
        monkeypatch.setattr(compliance, "_rows", real_rows)
        assert set(made) == listed and len(made) == len(listed), kept_common
        assert compliance._kept_labeller(store) is not None
        assert (("labels", ()) in listed) == (not kept_common)


def test_a_judging_process_that_hangs_is_killed_and_the_judgement_fails(example_store, monkeypatch):
    """A child forked while one of RocksDB's threads held a lock can hang; it must not hold the warm-up (or a
    request sharing its judgement) for ever."""
    monkeypatch.setattr(standing_module, "APART_TIMEOUT", 1.0)
    monkeypatch.setattr(standing_module, "judge", lambda *args, **kwargs: time.sleep(600))
    with pytest.raises(WorkerTimeout):
        standing_module.judge_apart(example_store, date.today())


def test_the_warm_up_builds_what_requests_read_and_follows_writes(corpus, tmp_path, monkeypatch):
    store = fresh_store(corpus, tmp_path / "store")
    config = ServerConfig(store=str(tmp_path / "store"))
    warmer = Warmer(lambda: tier_views(store, config), lambda: store.generation, [FRAMEWORK], pause=0.05).start()
    try:
        assert warmer.wait_ready(300), warmer.status()
        status = warmer.status()
        assert status["generation"] == store.generation and status["matrices"] == 2
        judged_for, builds = spy(monkeypatch)
        warm = {tier: comparable(matrix_report(view, FRAMEWORK, tier=tier)) for tier, view in tier_views(store, config).items()}
        assert judged_for == [] and builds == []  # read from kept work

        # a write to one case: the warm-up judges that case again, not the store
        case_file = sorted((corpus / "cases").glob("*.yaml"))[0]
        changed = tmp_path / case_file.name
        changed.write_text(case_file.read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1), encoding="utf-8")
        load(store, [changed])
        wait_for(lambda: warmer.status().get("generation") == store.generation and warmer.status()["state"] == "ready",
                 "the warm-up catching up with the write")
        assert None not in judged_for and judged_for, judged_for
        assert "matrix" not in builds
        builds.clear()
        after = {tier: comparable(matrix_report(view, FRAMEWORK, tier=tier)) for tier, view in tier_views(store, config).items()}
        assert builds == []
        assert after != warm  # the changed title is in both tiers' matrices
    finally:
        warmer.stop()
    monkeypatch.undo()
    cold = Store.copy_of(store)  # the same quads, nothing judged or built
    for tier in (REVIEWER, PUBLIC):
        assert after[tier] == comparable(matrix_report(cold, FRAMEWORK, tier=tier))


def spy(monkeypatch) -> tuple[list, list]:
    """Record every judgement (the cases it was for, None for the whole store) and every report build."""
    judged_for: list = []
    builds: list = []
    real_judge, real_build = standing_module.judge, compliance._build

    def judge(*args, **kwargs):
        judged_for.append(kwargs.get("cases", args[2] if len(args) > 2 else None))
        return real_judge(*args, **kwargs)

    def build(store_, kind, *args, **kwargs):
        builds.append(kind)
        return real_build(store_, kind, *args, **kwargs)

    monkeypatch.setattr(standing_module, "judge", judge)
    monkeypatch.setattr(compliance, "_build", build)
    return judged_for, builds


# --- a server ---------------------------------------------------------------------------------------

def health(server: LiveServer) -> dict:
    return http("GET", server.url + "/healthz").json()


def test_a_server_reports_its_warm_up_and_catches_up_after_a_write(tmp_path):
    server = LiveServer(tmp_path, warm_matrices=[FRAMEWORK])
    try:
        wait_for(lambda: health(server)["warm"]["state"] == "ready", "the server's warm-up", 300)
        first = health(server)
        assert first["warm"]["generation"] == first["generation"] and first["warm"]["matrices"] == 2
        update = b'INSERT DATA { GRAPH <urn:warm:note> { <urn:warm:a> <urn:warm:b> "c" } }'
        reply = http("POST", server.url + "/sparql", data=update, token=WRITER_TOKEN,
                     headers={"Content-Type": "application/sparql-update"})
        assert reply.status in (200, 204), reply.text
        wait_for(lambda: (h := health(server))["generation"] > first["generation"]
                 and h["warm"] == {**h["warm"], "state": "ready", "generation": h["generation"]},
                 "the warm-up catching up with the write", 300)
    finally:
        server.stop()


def test_a_server_will_not_start_to_warm_a_framework_it_does_not_hold(tmp_path):
    with pytest.raises(RuntimeError, match="warm_matrices: no framework version 'no-such-framework'"):
        LiveServer(tmp_path, warm_matrices=["no-such-framework"])


def test_warm_matrices_is_configured_like_the_other_lists(tmp_path):
    path = tmp_path / "server.toml"
    path.write_text('warm = false\nwarm_matrices = ["eu-ai-act-2024-1689", "ca-sb53-2025"]\n', encoding="utf-8")
    assert load_config(path, env={}).warm_matrices == ("eu-ai-act-2024-1689", "ca-sb53-2025")
    assert load_config(path, env={}).warm is False
    assert load_config(None, env={"SAFETYCASE_KG_WARM_MATRICES": "a, b"}).warm_matrices == ("a", "b")


def test_a_failed_warm_up_is_reported_and_tried_again(example_store):
    calls, seen = [], threading.Event()

    def views():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the catalog is not there yet")
        seen.wait(60)  # the next attempt waits until the test has read the failure
        return {REVIEWER: example_store}

    warmer = Warmer(views, lambda: example_store.generation, pause=0.01).start()
    try:
        wait_for(lambda: "error" in warmer.status(), "the failure reported")
        assert warmer.status() == {"state": "warming", "error": "RuntimeError: the catalog is not there yet"}
        seen.set()
        assert warmer.wait_ready(300), warmer.status()
    finally:
        warmer.stop()
    assert "error" not in warmer.status() and len(calls) == 2


def test_judgements_and_matrices_of_other_days_are_let_go(example_store):
    """A server judges anew each day: what was kept for another day (a past --as-of, yesterday) must not stay
    in memory beside today's."""
    store = Store.copy_of(example_store)  # nothing kept for it yet
    days = [date(2026, 1, 1), date(2026, 2, 1), date.today()]
    for day in days:
        matrix_report(store, FRAMEWORK, tier=REVIEWER, as_of=day)
        assert {key[0] for key in standing_module._kept[store].cases} == {day}
        assert {key[1] for key in compliance._columns[store]} == {day}
    matrix_report(store, FRAMEWORK, tier=REVIEWER, as_of=days[0])  # a past day beside today: both kept
    assert {key[0] for key in standing_module._kept[store].cases} == {days[0], date.today()}
    assert {key[1] for key in compliance._columns[store]} == {days[0], date.today()}


def test_what_the_warm_up_keeps_is_out_of_the_collectors_sight(example_store):
    """A full collection would scan every kept object (a million at 1,000 cases) with the GIL held."""
    store = Store.copy_of(example_store)
    warmer = Warmer(lambda: {REVIEWER: store}, lambda: store.generation, pause=0.01).start()
    try:
        assert warmer.wait_ready(300), warmer.status()
    finally:
        warmer.stop()
    try:
        kept = list(standing_module._kept[store].cases.values())
        tracked = {id(o) for o in gc.get_objects()}
        assert kept and not any(id(s) in tracked for s in kept)
    finally:
        gc.unfreeze()


def test_the_day_s_full_collection_is_made_before_the_judgements_exist(example_store, monkeypatch):
    """A full collection walks every object the warm-up keeps (about 2 s at 10,000 cases, every thread
    stopped): the server makes the day's first one at start, and the next on the first pass of a new day."""
    from safetycase_kg.web import warmup
    collections: list[str] = []
    real = gc.collect
    monkeypatch.setattr(warmup.gc, "collect", lambda *a: (collections.append(threading.current_thread().name), real(*a))[1])
    store = Store.copy_of(example_store)
    warmer = Warmer(lambda: {REVIEWER: store}, lambda: store.generation, pause=0.01).start()
    try:
        assert collections == [threading.current_thread().name]  # at start, on the starting thread
        assert warmer.wait_ready(300), warmer.status()
        assert collections == [threading.current_thread().name]  # none after the first pass
        warmer._collected = date.fromordinal(date.today().toordinal() - 1)  # as if the day had changed
        warmer._built = None
        wait_for(lambda: len(collections) == 2 and warmer.status()["state"] == "ready", "a new day's pass")
        assert collections[1] == "safetycase-kg warm-up"
    finally:
        warmer.stop()
        gc.unfreeze()


def test_no_collection_walks_what_a_pass_is_building(corpus):
    """Each full collection during a pass walked all it had built so far (28 of them in one pass at 2,000
    cases, the last ones stopping every thread for about a second): the collector is off while a pass
    judges every case, and back, with what the pass kept out of its sight, once it is done. A pass after a
    write judges only what the write reached: the collector stays on, so requests' garbage is collected."""
    from safetycase_kg.ingest.writes import apply_update
    store = fresh_store(corpus)
    collections: list[tuple[str, int]] = []
    collecting_during_pass: list[bool] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append((threading.current_thread().name, info["generation"]))

    def views() -> dict:
        collecting_during_pass.append(gc.isenabled())
        return {REVIEWER: store}

    gc.callbacks.append(record)
    warmer = Warmer(views, lambda: store.generation, [FRAMEWORK], pause=0.01).start()
    try:
        assert warmer.wait_ready(300), warmer.status()
        assert collecting_during_pass == [False] and gc.isenabled()
        assert [c for c in collections if c[0] == "safetycase-kg warm-up"] == []
        kept = list(standing_module._kept[store].cases.values())
        assert kept and not any(id(s) in {id(o) for o in gc.get_objects()} for s in kept[:50])
        graph, claim = next(iter(store.query("SELECT ?g ?c WHERE { GRAPH ?g { ?c a sc:Claim } } ORDER BY ?c LIMIT 1")))
        apply_update(store, f'INSERT DATA {{ GRAPH <{graph}> {{ <{claim}> rdfs:comment "after the first pass" }} }}',
                     agent="test")
        wait_for(lambda: warmer.status().get("generation") == store.generation, "the pass after the write")
        assert collecting_during_pass == [False, True] and gc.isenabled()
    finally:
        warmer.stop()
        gc.callbacks.remove(record)
        gc.unfreeze()


def test_a_failed_pass_gives_the_collector_back(example_store):
    def broken() -> dict:
        raise OSError("the store went away")
    warmer = Warmer(broken, lambda: 0, pause=0.01).start()
    try:
        wait_for(lambda: "error" in warmer.status(), "a failed pass")
        assert gc.isenabled()
    finally:
        warmer.stop()


def test_what_every_framework_reads_is_read_once_per_write(corpus):
    """Labels, evidence and defeater statements are the same for every framework's matrix: read once for the
    store's latest write, and read again after a write, never served stale."""
    from safetycase_kg.ingest.writes import apply_update
    store = fresh_store(corpus)
    first = compliance._common(store, None)
    assert compliance._common(store, None) is first
    graph, evidence, summary = next(iter(store.query(
        "SELECT ?g ?e ?s WHERE { GRAPH ?g { ?e a sc:Evidence ; sc:summary ?s } } ORDER BY ?e LIMIT 1")))
    apply_update(store, f'DELETE DATA {{ GRAPH <{graph}> {{ <{evidence}> sc:summary {summary.n3()} }} }} ; '
                        f'INSERT DATA {{ GRAPH <{graph}> {{ <{evidence}> sc:summary "Summarised again." }} }}',
                 agent="test", timeout=60)
    after = compliance._common(store, None)
    cold = compliance._common(Store.copy_of(store), None)
    assert after is not first and after[1] == cold[1] and after[2] == cold[2]
    assert after[1] != first[1]  # the new summary is read
    assert all(after[0](node) == cold[0](node) for node in (evidence, graph, URIRef("urn:none")))
