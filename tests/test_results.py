"""SELECT and ASK answers written by Oxigraph (``results.Solutions``): every term comes back exactly.

The rows go to Oxigraph as TSV (terms in N-Triples syntax) to be written in the format asked for, so
a term whose text could break a TSV line (a tab, a line break, a quote, any character) must survive.
Generated terms are written in each format Oxigraph can read back, read back, and compared; and the
same answer reached through rdflib terms (a remote endpoint's path) gives the same bytes.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Variable

from safetycase_kg.core.results import SOLUTION_FORMATS, Solutions, result_rows, serialize
from safetycase_kg.core.terms import from_ox_term

XSD = "http://www.w3.org/2001/XMLSchema#"
READABLE = ("json", "xml", "tsv")  # SPARQL CSV drops the term kinds, so it is not read back

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
iris = st.sampled_from(["https://w3id.org/safetycase-kg/id/a", "urn:x:b", "http://example.org/p?q=1#f",
                        "https://example.org/%C3%A9t%C3%A9"]).map(ox.NamedNode)
blanks = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,12}", fullmatch=True).map(ox.BlankNode)
literals = st.one_of(
    texts.map(ox.Literal),
    st.tuples(texts, st.sampled_from(["en", "fr-CA", "de"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.tuples(texts, st.sampled_from(["integer", "date", "anyURI", "boolean", "duration"])).map(
        lambda t: ox.Literal(t[0], datatype=ox.NamedNode(XSD + t[1]))),
)
# rdflib rewrites a typed literal's text in its canonical form ("" as xsd:boolean becomes "false"), so the
# answers compared with the rdflib path hold canonical typed literals only
canonical = st.one_of(
    texts.map(ox.Literal),
    st.tuples(texts, st.sampled_from(["en", "fr-CA", "de"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.integers(-10**12, 10**12).map(lambda n: ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))),
    st.dates().map(lambda d: ox.Literal(d.isoformat(), datatype=ox.NamedNode(XSD + "date"))),
)
terms = st.one_of(iris, blanks, literals, st.none())


@st.composite
def answers(draw, terms=terms) -> Solutions:
    width = draw(st.integers(1, 4))
    names = tuple(f"v{i}" for i in range(width))
    rows = draw(st.lists(st.tuples(*[terms] * width), max_size=6))
    return Solutions(names, tuple(rows))


def read_back(data: bytes, fmt: str) -> Solutions:
    return Solutions.read(ox.parse_query_results(data, SOLUTION_FORMATS[fmt]))


@settings(max_examples=300, deadline=None)
@given(answers(), st.sampled_from(READABLE))
def test_every_term_comes_back_exactly(answer: Solutions, fmt: str):
    again = read_back(answer.write(fmt), fmt)
    assert again.variables == answer.variables
    assert again.rows == answer.rows


@settings(max_examples=100, deadline=None)
@given(answers(st.one_of(iris, blanks, canonical, st.none())), st.sampled_from(sorted(SOLUTION_FORMATS)))
def test_an_answer_through_rdflib_terms_is_written_the_same(answer: Solutions, fmt: str):
    result = Result("SELECT")
    result.vars = [Variable(v) for v in answer.variables]
    result.bindings = [{Variable(v): from_ox_term(t) for v, t in zip(answer.variables, row, strict=True) if t is not None}
                       for row in answer.rows]
    assert serialize(result, fmt).encode("utf-8") == answer.write(fmt)


@pytest.mark.parametrize("fmt", READABLE)
@pytest.mark.parametrize("value", [True, False])
def test_an_ask_answer(fmt, value):
    assert bool(ox.parse_query_results(Solutions(boolean=value).write(fmt), SOLUTION_FORMATS[fmt])) is value


def test_an_ask_answer_has_no_csv_form():
    with pytest.raises(ValueError, match="CSV"):
        Solutions(boolean=True).write("csv")


def test_the_store_and_the_rdflib_path_write_the_same_answer(example_store):
    text = """SELECT ?case ?claim ?statement ?date WHERE {
                ?case a sc:SafetyCase ; sc:hasClaim ?claim .
                OPTIONAL { ?claim sc:statement ?statement } OPTIONAL { ?case sc:decisionDate ?date } }
              ORDER BY ?case ?claim"""
    native = example_store.solutions(text)
    assert isinstance(native, Solutions) and len(native.rows) > 50
    for fmt in SOLUTION_FORMATS:
        assert native.write(fmt) == serialize(example_store.query(text), fmt).encode("utf-8")


# --- rows of a SELECT result ----------------------------------------------------------------------

_NAMES = ["case", "claim", "x"]


@given(names=st.lists(st.sampled_from(_NAMES), min_size=1, max_size=3, unique=True),
       bindings=st.lists(st.dictionaries(st.sampled_from(_NAMES), st.sampled_from(
           [URIRef("https://example.org/a"), Literal("1"), BNode("b0")]), max_size=3), max_size=6))
def test_result_rows_are_the_rows_rdflib_makes(names, bindings):
    """``result_rows`` makes rows faster than rdflib but must give the same ones: values in column order,
    None where unbound, rows with nothing bound left out, readable by name and by attribute."""
    variables = [Variable(n) for n in names]
    result = Result("SELECT")
    result.vars = variables
    result.bindings = [{Variable(k): v for k, v in b.items() if k in names} for b in bindings]
    ours, theirs = list(result_rows(result)), list(iter(result))
    assert ours == theirs and [type(r) for r in ours] == [type(r) for r in theirs]
    for mine, rdflibs in zip(ours, theirs, strict=True):
        assert mine.labels == rdflibs.labels and mine.asdict() == rdflibs.asdict()
        for name in names:
            assert mine[name] == rdflibs[name] and getattr(mine, name) == getattr(rdflibs, name)
