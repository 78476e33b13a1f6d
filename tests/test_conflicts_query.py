"""exchange/conflicts against its description, answered in Python on drawn graphs.

The query starts from the imported graphs' statements (one graph of a conflicting pair is always imported),
where it used to pair every statement of the store; Hypothesis draws what that form must not get wrong:
pairs of two imported organisations (found from both sides), the store's own graphs against each other
(never a conflict), literals in other languages, blank-node subjects, a property that is not single-valued,
the ontology graph, and the ``org`` parameter.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from safetycase_kg.core.namespaces import ONTOLOGY_GRAPH, PREFIXES, QUERIES_DIR
from safetycase_kg.core.queries import run_named
from safetycase_kg.core.sparql import load_library
from safetycase_kg.core.store import Store

CONFLICTS = load_library(QUERIES_DIR / "exchange")["conflicts"]
SC = Namespace(PREFIXES["sc"])
EX = Namespace("https://example.org/conflicts/")
IMPORT = "https://w3id.org/safetycase-kg/graph/import/"
GRAPHS = [EX.mine, EX.other, URIRef(f"{IMPORT}acme/cases"), URIRef(f"{IMPORT}acme/more"),
          URIRef(f"{IMPORT}zeta/cases"), URIRef(f"{IMPORT}beta/cases"), ONTOLOGY_GRAPH]
SINGLE_VALUED = [SC.decision, DCTERMS.title]
PROPERTIES = [*SINGLE_VALUED, SC.supportedBy]
VALUES = [EX.a, EX.b, Literal("x"), Literal("y"), Literal("x", lang="en"), Literal("y", lang="fr")]
SUBJECTS = [EX.s1, EX.s2, BNode("b1")]


def org(graph: URIRef) -> str:
    text = str(graph)
    return text[len(IMPORT):].split("/")[0] if text.startswith(IMPORT) else "local"


def expected(quads: list[tuple], only: str | None) -> list[tuple]:
    out = set()
    for s, p, v1, g1 in quads:
        for s2, p2, v2, g2 in quads:
            if (s, p) != (s2, p2) or not isinstance(s, URIRef) or p not in SINGLE_VALUED or v1 == v2:
                continue
            if ONTOLOGY_GRAPH in (g1, g2) or not org(g1) < org(g2):
                continue
            if isinstance(v1, Literal) and isinstance(v2, Literal) and v1.language != v2.language:
                continue
            if only is not None and only not in (org(g1), org(g2)):
                continue
            out.add((s, p, Literal(org(g1)), v1, g1, Literal(org(g2)), v2, g2))
    return sorted(out, key=repr)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SUBJECTS), st.sampled_from(PROPERTIES), st.sampled_from(VALUES),
                          st.sampled_from(GRAPHS)), max_size=14, unique=True),
       st.sampled_from([None, "acme", "zeta", "local"]))
def test_conflicts_are_the_pairs_the_description_names(quads, only):
    store = Store.from_nquads("".join(f"{s.n3()} {p.n3()} {v.n3()} {g.n3()} .\n" for s, p, v, g in quads).encode())
    found = sorted((tuple(row) for row in run_named(store, CONFLICTS, {"org": only} if only else {})),
                   key=repr)
    assert found == expected(quads, only)
