"""Queries from outside are parsed and refused before they run when they would reach the network."""

import pytest

from safetycase_kg.core.guard import QueryRefused, check_query, check_update


def test_a_plain_query_passes():
    assert check_query("SELECT ?c WHERE { ?c a sc:SafetyCase } LIMIT 2") == "SELECT"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } } }",
    "# SERVICE in a comment does not hide the real one\nSELECT * WHERE { SERVICE <http://e.org/> { ?s ?p ?o } }",
])
def test_service_is_refused_unless_allow_listed(query):
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(query)


def test_an_allow_listed_service_passes():
    check_query("SELECT * WHERE { SERVICE <http://peer.example/sparql> { ?s ?p ?o } }",
                allowed_services={"http://peer.example/sparql"})


def test_from_is_refused():
    with pytest.raises(QueryRefused, match="FROM"):
        check_query("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }")


def test_the_word_service_in_a_string_is_fine():
    check_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }')


@pytest.mark.parametrize("query, line, column", [
    ("SELECT ?x WHERE {\n  ?x ?y 'open \n}", 2, 9),
    ("SELECT ?x WHERE {\n  ?x ?y ?z ) \n}", 2, 12),
    ("SELECT ?x WHERE {\n  ?x ?y ?z \n", 3, 1),
])
def test_what_the_guard_cannot_read_is_refused_with_line_and_column(query, line, column):
    with pytest.raises(QueryRefused) as err:
        check_query(query)
    assert (err.value.line, err.value.column) == (line, column)


def test_load_is_refused_in_updates():
    with pytest.raises(QueryRefused, match="LOAD"):
        check_update("LOAD <http://example.org/data.ttl>")


# --- the guard sees the tokens Oxigraph sees: checked against Oxigraph itself ---------------------------
#
# Generated queries mix the constructs where a scanner could read differently from Oxigraph's
# parser: ``<`` as an operator next to IRI-like text, quotes and ``#`` inside IRIs and strings,
# escaped characters in prefixed names, comments, nested brackets, and SERVICE clauses that call a
# local HTTP sink. Each query is also run by Oxigraph in a worker process; whenever Oxigraph reaches
# the sink, the guard must have refused the query.


import pyoxigraph as ox  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from servers import RecordingSink  # noqa: E402

from safetycase_kg.core.worker import WorkerFailed, WorkerTimeout, run_in_worker  # noqa: E402


@pytest.fixture(scope="module")
def recording():
    sink = RecordingSink()
    yield sink
    sink.close()


@pytest.fixture(scope="module")
def sink(recording):
    return recording.url + "/sparql"


_ws = st.sampled_from(["", " ", "\n", "\t"])
_iri_chars = st.sampled_from(list("abx/#'()?.:;,=!*+-_~") + ["\\u0023", "\\u0027"])
_str_chars = st.sampled_from(list("ab #'\"(){}<>.;") + ["\\'", '\\"', "\\n", "SERVICE", "\n"])


@st.composite
def _iri(draw):
    return "<http://x/" + "".join(draw(st.lists(_iri_chars, max_size=6))) + ">"


@st.composite
def _string(draw):
    quote = draw(st.sampled_from(["'", '"', "'''", '"""']))
    chars = draw(st.lists(_str_chars, max_size=6))
    if len(quote) == 1:
        chars = [c for c in chars if c != quote and c != "\n"]
    return quote + "".join(chars) + quote


def _operand():
    return st.one_of(st.sampled_from(["?o", "?s", "1", "true", "ex:a\\#b", "ex:a\\'b", "ex:c"]), _iri(), _string())


@st.composite
def _expression(draw, depth=0):
    left = draw(_operand())
    if depth < 2 and draw(st.booleans()):
        op = draw(st.sampled_from(["<", ">", "=", "&&", "+", "<=", "!="]))
        right = draw(_expression(depth + 1))
        return f"{left}{draw(_ws)}{op}{draw(_ws)}{right}"
    if depth < 2 and draw(st.booleans()):
        return f"({draw(_expression(depth + 1))})"
    return left


# Where a scanner that misread one "<" would miss the SERVICE after it: an IRI-like span holding a
# quote, a "#" or a bracket, in every context where "<" is an operator or an IRI, followed on the same
# line by closers (inside or outside the span, so that brackets balance in one reading or the other)
# and a SERVICE call; one reading hides the call, the other does not.
HIDDEN_CONTEXTS = [("FILTER(?o", ")"), ("BIND(?o", " AS ?h)"), ("?s ex:p ( true ( ?o", ") ) ."),
                   ("?s ex:p ( ?o", ") ."), ("?s ex:p [ ex:q ?o", "] ."), ("FILTER(STR(?o)", ")"),
                   ("?s ex:p ?o FILTER(1", ")"), ("?s ex:p ?o", "."), ("VALUES ?o { ?o", "}")]
HIDDEN_SHAPES = [(context, closers, prefix, opener, suffix)
                 for context, both_closers in HIDDEN_CONTEXTS
                 for closers in (both_closers, "")
                 for prefix in ("", "http://x/")
                 for opener in ("'", "'\'\'", "#", "(")
                 for suffix in ("", "0)", ")", "0")]


def _hidden(context: str, closers: str, prefix: str, opener: str, suffix: str, sink: str) -> str:
    tail = opener if opener.startswith("'") else ""
    return f"{context}<{prefix}{opener}>{suffix}{tail} {closers} SERVICE <{sink}> {{ ?s ?p ?o }} #{opener}\n"


@st.composite
def _pattern(draw, sink, depth=0):
    kind = draw(st.sampled_from(["triple", "filter", "service", "group", "comment", "collection", "bind", "hidden"]))
    ws = draw(_ws)
    if kind == "triple":
        return f"?s{ws}{draw(st.sampled_from(['ex:p', '<http://x/p>', 'a']))}{ws}{draw(_operand())} ."
    if kind == "filter":
        return f"FILTER({draw(_expression())})"
    if kind == "bind":
        return f"BIND({draw(_expression())} AS ?v{draw(st.integers(0, 9))})"
    if kind == "service":
        target = draw(st.sampled_from([f"<{sink}>", "sink:"]))
        return f"SERVICE{draw(st.sampled_from([' ', ' SILENT ']))}{target}{ws}{{ ?s ?p ?o }}"
    if kind == "collection":
        return f"?s ex:p ({ws}{draw(_operand())}{ws}{draw(_operand())}{ws}) ."
    if kind == "comment":
        return f"# {draw(_string())} {draw(_iri())}\n"
    if kind == "hidden":
        return _hidden(*draw(st.sampled_from(HIDDEN_SHAPES)), sink)
    if depth < 2:
        inner = " ".join(draw(st.lists(_pattern(sink, depth + 1), min_size=1, max_size=3)))
        return f"{{ {inner} }}" + (f" UNION {{ {inner} }}" if draw(st.booleans()) else "")
    return "?s ?p ?o ."


@st.composite
def _query(draw, sink):
    body = " ".join(draw(st.lists(_pattern(sink), min_size=1, max_size=4)))
    return (f"PREFIX ex: <http://x/> PREFIX sink: <{sink}>\n"
            f"SELECT * WHERE {{ {body} }}")


def _oxigraph_reaches(text: str) -> bool:
    """Run the query in a worker (Oxigraph calls SERVICE itself) and report whether it parsed."""
    def run():
        try:
            result = ox.Store().query(text)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
            return True
        except (SyntaxError, OSError, ValueError):
            return False
    try:
        return run_in_worker(run, 10)
    except (WorkerTimeout, WorkerFailed):
        return False


def _assert_oxigraph_reaches_nothing_the_guard_allows(text: str, recording) -> None:
    try:
        check_query(text)
        refused = False
    except QueryRefused:
        refused = True
    before = len(recording.hits)
    _oxigraph_reaches(text)
    if len(recording.hits) > before:
        assert refused, f"Oxigraph called SERVICE but the guard let this through:\n{text}"


@settings(max_examples=250, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_oxigraph_never_calls_a_service_the_guard_let_through(sink, recording, data):
    _assert_oxigraph_reaches_nothing_the_guard_allows(data.draw(_query(sink)), recording)


@pytest.mark.parametrize("shape", HIDDEN_SHAPES, ids=lambda shape: "|".join(shape))
def test_every_way_of_hiding_a_service_behind_a_less_than_is_caught(sink, recording, shape):
    _assert_oxigraph_reaches_nothing_the_guard_allows(f"PREFIX ex: <http://x/>\nSELECT * WHERE {{ {_hidden(*shape, sink)} }}",
                                                      recording)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(list("SELECT*WHERE{}()[]<>?o'\"#\n .:;|^!=&-+ex\\") + ["SERVICE", "\\u0022"]),
                max_size=120).map("".join))
def test_the_guard_reads_any_text_without_crashing(text):
    """Anything at all is either checked or refused with a position, never another exception."""
    try:
        check_query(text)
    except QueryRefused as err:
        assert err.line is None or err.line >= 1


@pytest.mark.parametrize("text, why", [
    ("SELECT * WHERE {" + "{" * 5000 + "}" * 5000 + "}", "nested too deeply"),
    ("SELECT * WHERE { FILTER(" + "(" * 50000 + "1" + ")" * 50000 + ") }", "nested too deeply"),
    ("SELECT * WHERE { FILTER(1" + "+1" * 7000 + ") }", "too large"),
    ("SELECT * WHERE { ?s ?p (" + " 1" * 5000 + ") }", "too large"),
    ("SELECT * WHERE { {}" + " UNION {}" * 7000 + " }", "too large"),
])
def test_what_would_overflow_the_query_engine_is_refused_before_it_runs(text, why):
    with pytest.raises(QueryRefused, match=why):
        check_query(text)


def test_large_data_blocks_and_templates_are_not_limited():
    values = " ".join(f"<http://x/{i}>" for i in range(5000))
    check_query(f"SELECT * WHERE {{ VALUES ?x {{ {values} }} }}")
    triples = " ".join(f"<http://x/{i}> <http://x/p> {i} ." for i in range(3000))
    check_update(f"INSERT DATA {{ GRAPH <urn:g> {{ {triples} }} }}")
    check_update(f"INSERT {{ GRAPH <urn:g> {{ {triples} }} }} WHERE {{}}")
