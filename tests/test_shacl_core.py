"""The compiled SHACL Core checks find exactly what pySHACL finds.

Shapes and data are generated: a property shape with any mix of the parameters ``shacl_core`` compiles
(counts, datatype, class, node kind, ranges, patterns, severity), and focus nodes carrying values of
every kind, including literals whose lexical form is not in their datatype's lexical space. Both engines
read the data as it comes out of Oxigraph, as they do in a validation run.
"""

from __future__ import annotations

import pyoxigraph as ox
import pyshacl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

from safetycase_kg.core.namespaces import SH
from safetycase_kg.core.terms import from_ox_triple
from safetycase_kg.ingest.shacl_core import compile_shapes, has_targets, run_checks
from safetycase_kg.ingest.validate import ValidationResult, results_from_report

# rdflib warns about each ill-typed literal it reads; this module makes them on purpose
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:rdflib.term")

EX = Namespace("http://example.org/")

DATATYPES = [XSD.string, XSD.integer, XSD.decimal, XSD.date, XSD.dateTime, XSD.duration, XSD.boolean,
             XSD.float, XSD.double, XSD.anyURI, XSD.gYear, RDF.langString, RDFS.Literal, EX.customType]
# No "NaN": pySHACL raises comparing a NaN with a bound (it has its own test at the end).
LEXICAL = ["0", "1", "-5", "0.5", "2.5", "+1.50", "1e3", "abc", "m", "", " 7", "true", "false", "2025-01-31",
           "2025-13-45", "2025-01-31T10:00:00", "2025-01-31Z", "P180D", "P1Y2M", "PT5H", "P", "-0",
           "INF", "2024", "sha256:" + "a" * 64, "SHA256:" + "F" * 64]
BOUNDS = [Literal(0), Literal(1), Literal("0.5", datatype=XSD.decimal), Literal("2025-01-01", datatype=XSD.date),
          Literal("m"), Literal("2.5", datatype=XSD.double)]
PATTERNS = ["^P[0-9]+[YMD]$", "^sha256:[0-9a-f]{64}$", "a", "^$", "[0-9]"]


def literal(lexical: str, kind: str, datatype: URIRef) -> ox.Literal:
    if kind == "lang":
        return ox.Literal(lexical, language="en")
    if kind == "plain":
        return ox.Literal(lexical)
    return ox.Literal(lexical, datatype=ox.NamedNode(str(datatype)))


def values(datatypes: list[URIRef]) -> st.SearchStrategy[ox.NamedNode | ox.BlankNode | ox.Literal]:
    """Values of every kind; typed literals mostly of the datatypes the shape names, so that the
    edges (ill-typed forms, values equal to a bound) come up often."""
    return st.one_of(
        st.sampled_from([EX.a1, EX.a2, EX.b1, EX.untyped]).map(lambda n: ox.NamedNode(str(n))),
        st.sampled_from(["v1", "v2"]).map(ox.BlankNode),
        st.builds(literal, st.sampled_from(LEXICAL), st.sampled_from(["typed"] * 4 + ["lang", "plain"]),
                  st.sampled_from(datatypes * 3 + DATATYPES)),
    )


@st.composite
def property_shapes(draw) -> Graph:
    """One node shape with one or two generated property shapes."""
    g = Graph()
    node = EX.NodeShape
    g.add((node, RDF.type, SH.NodeShape))
    if draw(st.booleans()):
        g.add((node, SH.targetClass, EX.T))
    else:
        g.add((node, SH.targetSubjectsOf, EX.marker))
    for i in range(draw(st.integers(1, 2))):
        shape = BNode(f"ps{i}") if draw(st.booleans()) else EX[f"PropertyShape{i}"]
        g.add((node, SH.property, shape))
        g.add((shape, SH.path, draw(st.sampled_from([EX.p, EX.p, EX.q]))))
        g.add((shape, SH.message, Literal(f"message {i}", lang="en")))
        if draw(st.booleans()):
            g.add((shape, SH.message, Literal(f"second message {i}")))
        for parameter, choices in [
            (SH.minCount, [Literal(0), Literal(1), Literal(1), Literal(2)]),
            (SH.maxCount, [Literal(0), Literal(1), Literal(1), Literal(2)]),
            (SH.datatype, [XSD.string, XSD.integer, XSD.date, XSD.duration, *DATATYPES]),
            (SH["class"], [EX.A, EX.B]),
            (SH.nodeKind, [SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral, SH.IRIOrLiteral]),
            (SH.minInclusive, BOUNDS), (SH.maxInclusive, BOUNDS), (SH.minExclusive, BOUNDS), (SH.maxExclusive, BOUNDS),
            (SH.pattern, [Literal(p) for p in PATTERNS]),
            (SH.flags, [Literal("i")]),
            (SH.severity, [SH.Warning, SH.Info, SH.Violation]),
        ]:
            if draw(st.integers(0, 1 if parameter in (SH.minCount, SH.maxCount) else 2)) == 0:
                g.add((shape, parameter, draw(st.sampled_from(choices))))
    return g


@st.composite
def data(draw, shapes: Graph) -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode("http://example.org/graph")

    def add(s, p, o):
        store.add(ox.Quad(s, ox.NamedNode(str(p)), o, graph))

    add(ox.NamedNode(str(EX.Sub)), RDFS.subClassOf, ox.NamedNode(str(EX.T)))
    add(ox.NamedNode(str(EX.B)), RDFS.subClassOf, ox.NamedNode(str(EX.A)))
    add(ox.NamedNode(str(EX.a1)), RDF.type, ox.NamedNode(str(EX.A)))
    add(ox.NamedNode(str(EX.b1)), RDF.type, ox.NamedNode(str(EX.B)))
    add(ox.BlankNode("v1"), RDF.type, ox.NamedNode(str(EX.A)))
    focus_nodes = [ox.NamedNode(str(EX.f1)), ox.NamedNode(str(EX.f2)), ox.BlankNode("f3"), ox.NamedNode(str(EX.a2))]
    for focus in focus_nodes[:draw(st.integers(1, 4))]:
        for how in draw(st.lists(st.sampled_from([EX.T, EX.Sub, EX.marker, EX.Other]), min_size=1, max_size=2)):
            if how == EX.marker:
                add(focus, EX.marker, ox.Literal("x"))
            else:
                add(focus, RDF.type, ox.NamedNode(str(how)))
        named = sorted({o for o in shapes.objects(None, SH.datatype) if isinstance(o, URIRef)}
                       | {o.datatype for p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
                          for o in shapes.objects(None, p) if isinstance(o, Literal) and o.datatype})
        for value in draw(st.lists(values(named), max_size=5)):
            add(focus, draw(st.sampled_from([EX.p, EX.p, EX.q])), value)
    return store


def compiled_keys(shapes: Graph, store: ox.Store) -> set[tuple]:
    checks, rest = compile_shapes(shapes)
    assert not has_targets(rest), "every generated shape is one shacl_core compiles"
    findings = run_checks(lambda q: store.query(q, use_default_graph_as_union=True), checks)
    return {ValidationResult(f.severity, f.focus, f.path, f.value, f.message, f.shape, f.component).key()
            for f in findings}


def pyshacl_keys(shapes: Graph, store: ox.Store) -> set[tuple]:
    data_graph = Graph()
    for quad in store:
        data_graph.add(from_ox_triple(quad))
    _, report, _ = pyshacl.validate(data_graph, shacl_graph=shapes, inference="none",
                                    allow_warnings=True, allow_infos=True)
    return {r.key() for r in results_from_report(report)}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_compiled_checks_find_what_pyshacl_finds(draw):
    shapes = draw.draw(property_shapes())
    store = draw.draw(data(shapes))
    assert compiled_keys(shapes, store) == pyshacl_keys(shapes, store)


def test_a_shape_beyond_the_compiled_part_is_left_to_pyshacl():
    """sh:or (or a shape without a message, whose message pySHACL writes) keeps its targets for pySHACL."""
    g = Graph()
    g.add((EX.Loose, RDF.type, SH.NodeShape))
    g.add((EX.Loose, SH.targetClass, EX.T))
    g.add((EX.Loose, SH.property, EX.NoMessage))
    g.add((EX.NoMessage, SH.path, EX.p))
    g.add((EX.NoMessage, SH.minCount, Literal(1)))
    checks, rest = compile_shapes(g)
    assert checks == [] and has_targets(rest)
    g.add((EX.NoMessage, SH.message, Literal("needs p")))
    checks, rest = compile_shapes(g)
    assert [c.shape for c in checks] == [EX.NoMessage] and not has_targets(rest)


def every_kind_of_value() -> ox.Store:
    """One focus node per value of every kind (and focus nodes with none and with two values)."""
    store = ox.Store()
    graph = ox.NamedNode("http://example.org/graph")
    kinds = [ox.NamedNode(str(n)) for n in (EX.a1, EX.a2, EX.b1, EX.untyped)] + [ox.BlankNode("v1"), ox.BlankNode("v2")]
    kinds += [literal(lex, kind, dt) for lex in LEXICAL for kind in ("lang", "plain") for dt in DATATYPES[:1]]
    kinds += [literal(lex, "typed", dt) for lex in LEXICAL for dt in DATATYPES]
    rows = [[value] for value in kinds] + [[], [ox.Literal("1"), ox.Literal("2")]]
    for s, p, o in [(EX.Sub, RDFS.subClassOf, EX.T), (EX.B, RDFS.subClassOf, EX.A), (EX.a1, RDF.type, EX.A),
                    (EX.b1, RDF.type, EX.B)]:
        store.add(ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.NamedNode(str(o)), graph))
    store.add(ox.Quad(ox.BlankNode("v1"), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(EX.A)), graph))
    for i, row in enumerate(rows):
        focus = ox.NamedNode(f"http://example.org/focus{i}")
        store.add(ox.Quad(focus, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(EX.Sub if i % 2 else EX.T)), graph))
        for value in row:
            store.add(ox.Quad(focus, ox.NamedNode(str(EX.p)), value, graph))
    return store


SINGLE_PARAMETERS = (
    [(SH.minCount, Literal(n)) for n in (0, 1, 2)] + [(SH.maxCount, Literal(n)) for n in (0, 1)]
    + [(SH.datatype, d) for d in DATATYPES] + [(SH["class"], c) for c in (EX.A, EX.B)]
    + [(SH.nodeKind, k) for k in (SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)]
    + [(p, b) for p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive) for b in BOUNDS]
    + [(SH.pattern, Literal(p)) for p in PATTERNS]
)


@pytest.fixture(scope="module")
def every_value() -> ox.Store:
    return every_kind_of_value()


@pytest.mark.parametrize(("parameter", "argument", "flags"), [(p, a, None) for p, a in SINGLE_PARAMETERS]
                         + [(SH.pattern, Literal(p), Literal("i")) for p in PATTERNS],
                         ids=lambda v: str(v).rsplit("/", 1)[-1] if v is not None else "")
def test_each_parameter_judges_every_kind_of_value_as_pyshacl_does(every_value, parameter, argument, flags):
    g = Graph()
    g.add((EX.N, RDF.type, SH.NodeShape))
    g.add((EX.N, SH.targetClass, EX.T))
    g.add((EX.N, SH.property, EX.P))
    g.add((EX.P, SH.path, EX.p))
    g.add((EX.P, SH.message, Literal("judged")))
    g.add((EX.P, parameter, argument))
    if flags is not None:
        g.add((EX.P, SH.flags, flags))
    found = compiled_keys(g, every_value)
    assert found == pyshacl_keys(g, every_value)
    if parameter != SH.minCount or argument != Literal(0):
        assert found, "every parameter fails some value of the corpus"


@pytest.mark.parametrize("datatype", [XSD.decimal, XSD.double])
@pytest.mark.parametrize("parameter", [SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive])
def test_not_a_number_is_outside_every_range(parameter, datatype):
    """Where pySHACL raises (rdflib reads "NaN" as a Decimal or float NaN, which does not compare with a
    decimal bound), the compiled check reports the value: NaN is in no range."""
    g = Graph()
    for t in [(EX.N, RDF.type, SH.NodeShape), (EX.N, SH.targetClass, EX.T), (EX.N, SH.property, EX.P),
              (EX.P, SH.path, EX.p), (EX.P, SH.message, Literal("in range")),
              (EX.P, parameter, Literal("0.5", datatype=XSD.decimal))]:
        g.add(t)
    store = ox.Store()
    focus = ox.NamedNode(str(EX.f1))
    store.add(ox.Quad(focus, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(EX.T)), ox.DefaultGraph()))
    store.add(ox.Quad(focus, ox.NamedNode(str(EX.p)), ox.Literal("NaN", datatype=ox.NamedNode(str(datatype))),
                      ox.DefaultGraph()))
    checks, _ = compile_shapes(g)
    findings = run_checks(lambda q: store.query(q, use_default_graph_as_union=True), checks)
    name = parameter.rsplit("#")[-1]
    assert [(f.focus, str(f.value).lower(), f.component) for f in findings] == \
        [(EX.f1, "nan", SH[name[0].upper() + name[1:] + "ConstraintComponent"])]
