"""The public view holds no withheld content, by construction, and still shows the notices.

The semantics under test are those of ``sc:visibleWhenRedacted`` in the ontology: per named graph,
a withheld item keeps its type and visible properties, and every node the graph reaches only through
the item's hidden properties goes with all it says; the rules come from the ontology graph alone;
the provenance graph shows the public only when and from which organisation each graph came.
"""

import textwrap

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import FOAF, PROV, RDF

from safetycase_kg.analysis.redact import (
    public_view,
    public_views,
    visible_properties,
    withheld_items,
    withheld_triples,
)
from safetycase_kg.core.namespaces import ID, PROVENANCE_GRAPH, SC
from safetycase_kg.core.store import Store
from safetycase_kg.ingest.load import load
from safetycase_kg.outputs.exchange import export_dataset, import_export

CANARY = b"CANARY-CBRN-7f3a"
E1 = URIRef("https://w3id.org/safetycase-kg/id/cbrn-rsp-deployment-v1/E1")
REGULATOR = URIRef("https://w3id.org/safetycase-kg/vocab/disclosure-tier/regulator")
PUBLIC = URIRef("https://w3id.org/safetycase-kg/vocab/disclosure-tier/public")


def test_the_full_store_holds_the_canary_and_the_public_view_does_not(example_store):
    assert CANARY in example_store.dump()
    assert CANARY not in public_view(example_store).dump()


def test_withheld_items_are_the_non_public_tiers_and_redacted_items(example_store):
    items = withheld_items(example_store)
    assert E1 in items
    for item in items:
        tiers = {row[0] for row in example_store.query(f"SELECT ?t WHERE {{ <{item}> sc:disclosureTier ?t }}")}
        notices = example_store.query(f"ASK {{ <{item}> sc:redaction ?n }}").askAnswer
        assert notices or tiers - {PUBLIC}


def test_a_withheld_item_keeps_its_type_notice_and_place_in_the_argument(example_store):
    view = public_view(example_store)
    row = next(iter(view.query(f"""
        SELECT ?reason ?character ?custodian ?claim WHERE {{
          <{E1}> a sc:Evidence ; sc:redaction [ sc:redactionReason ?reason ;
                 sc:redactionCharacter ?character ; sc:custodian ?custodian ] .
          ?claim sc:supportedBy <{E1}> .
        }}""")))
    assert str(row.reason).endswith("public-safety")
    assert "Per-step grading" in str(row.character)
    assert str(row.custodian).endswith("person/l-brandt")
    assert not view.query(f"ASK {{ <{E1}> sc:summary ?s }}").askAnswer
    assert example_store.query(f"ASK {{ <{E1}> sc:summary ?s }}").askAnswer


def test_no_query_shape_reaches_withheld_text(example_store):
    view = public_view(example_store)
    probes = [
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?o), 'CANARY')) }",
        "SELECT ?o WHERE { ?claim sc:supportedBy/!rdf:type ?o FILTER(CONTAINS(STR(?o), 'CANARY')) }",
        "SELECT ?o WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), 'canary', 'i')) }",
    ]
    for probe in probes:
        assert len(list(example_store.query(probe))) > 0, probe
        assert len(list(view.query(probe))) == 0, probe
    described = view.query(f"DESCRIBE <{E1}>").graph.serialize(format="nt")
    assert "CANARY" not in described and "Redaction" in described


def test_the_cached_view_follows_a_write():
    store = Store(install_system_graphs=False)
    first = public_views.get(store)
    assert public_views.get(store) is first
    generation = first.generation
    store.add_to_graph(URIRef("https://example.org/g"), [(URIRef("https://example.org/a"), RDF.type, SC.Claim)])
    second = public_views.get(store)
    assert len(second) == 1
    assert second is not first or second.generation != generation  # query workers and page caches see a change


# --- finding 1: what a withheld item keeps comes from the ontology graph only -----------------------

CASE = URIRef("https://example.org/graph/case")
ITEM = URIRef("https://example.org/e")


def _withheld_item_store(*extra) -> Store:
    store = Store()  # with the system graphs: the ontology says which properties stay visible
    store.replace_graphs({CASE: [
        (ITEM, RDF.type, SC.Evidence), (ITEM, SC.disclosureTier, REGULATOR),
        (ITEM, SC.summary, Literal("secret-summary")), (ITEM, SC.evidenceType, URIRef(str(ID) + "x")),
        *extra]})
    return store


def test_visible_properties_are_those_the_ontology_marks():
    assert SC.summary not in visible_properties(_withheld_item_store())
    assert {SC.disclosureTier, SC.redaction, SC.evidenceType, RDF.type} <= visible_properties(_withheld_item_store())


@pytest.mark.parametrize("where", ["same graph", "another graph"])
def test_a_data_graph_cannot_make_a_hidden_property_visible(where):
    claim = (SC.summary, SC.visibleWhenRedacted, Literal(True))
    store = _withheld_item_store(*([claim] if where == "same graph" else []))
    if where == "another graph":  # written past the load path's check, as a remote endpoint's other users could
        store.add_to_graph(URIRef("https://example.org/graph/other-organisation"), [claim])
    assert SC.summary not in visible_properties(store)
    dump = public_view(store).dump()
    assert b"secret-summary" not in dump and b"disclosure-tier/regulator" in dump


def test_a_blank_node_structure_under_a_withheld_item_goes_whole():
    provenance, inner = BNode(), BNode()
    store = _withheld_item_store((ITEM, SC.provenance, provenance), (provenance, SC.note, Literal("hush-outer")),
                                 (provenance, SC.part, inner), (inner, SC.note, Literal("hush-inner")))
    dump = public_view(store).dump()
    assert b"hush-" not in dump and b"disclosure-tier/regulator" in dump


# --- finding 2: named nodes reachable only through a withheld item go too -----------------------------

NESTED_CASE = """
    id: redaction-test-v1
    type: SafetyCase
    title: Redaction test case
    topClaim: redaction-test-v1/G0
    developer: {id: org/redaction-test-dev, type: Organization, name: Public Developer Ltd}
    claims:
      - id: redaction-test-v1/G0
        type: Claim
        statement: Public claim.
        supportedBy: [redaction-test-v1/E1, redaction-test-v1/E2]
    evidence:
      - id: redaction-test-v1/E1
        type: Evidence
        evidenceType: capability-evaluation
        summary: secret-summary-e1
        producedBy: {id: org/secret-lab, type: Organization, name: secret-lab-name}
        generatedBy:
          id: run/secret-run
          type: EvaluationRun
          protocol: secret-protocol
          conductedBy: {id: person/secret-analyst, type: Person, name: secret-analyst-name}
        disclosure: regulator
        redaction: {type: Redaction, reason: public-safety, character: Public notice text., custodian: person/custodian}
      - id: redaction-test-v1/E2
        type: Evidence
        evidenceType: red-team
        summary: Public evidence.
        producedBy: org/redaction-test-dev
"""


@pytest.fixture(scope="module")
def nested_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nested")
    (folder / "case.yaml").write_text(textwrap.dedent(NESTED_CASE), encoding="utf-8")
    store = Store()
    load(store, [folder / "case.yaml"])
    return store


def test_named_nodes_reachable_only_through_a_withheld_item_are_left_out(nested_store):
    full, public = nested_store.dump(), public_view(nested_store).dump()
    for secret in (b"secret-summary-e1", b"secret-lab", b"secret-run", b"secret-protocol", b"secret-analyst"):
        assert secret in full
        assert secret not in public, secret
    view = public_view(nested_store)
    e1 = ID["redaction-test-v1/E1"]
    assert view.query(f"ASK {{ <{e1}> a sc:Evidence ; sc:redaction/sc:custodian ?c ; sc:evidenceType ?t }}").askAnswer
    assert view.query(f"ASK {{ ?claim sc:supportedBy <{e1}> }}").askAnswer  # its place in the argument stays


def test_a_node_that_public_content_also_reaches_keeps_its_triples(nested_store):
    graph = ID["redaction-test-v1"]
    triples = list(public_view(nested_store).triples(graph))
    assert (ID["org/redaction-test-dev"], FOAF.name, Literal("Public Developer Ltd")) in triples
    assert (ID["redaction-test-v1/E2"], SC.summary, Literal("Public evidence.")) in triples


def test_another_graph_cannot_reveal_what_a_graph_withholds(nested_store):
    store = Store()
    store.replace_nquads({g: nested_store.dump([g]) for g in nested_store.data_graphs()})
    store.replace_graphs({URIRef("https://example.org/graph/other"): [
        (URIRef("https://example.org/x"), PROV.wasAttributedTo, ID["org/secret-lab"]),
        (ID["org/secret-lab"], SC.disclosureTier, PUBLIC)]})
    assert b"secret-lab-name" not in public_view(store).dump()


def test_a_graph_can_declare_a_record_public_that_only_a_withheld_item_leads_to():
    import pyoxigraph as ox
    e, model, earlier = (ox.NamedNode(f"https://example.org/{n}") for n in ("e", "model", "earlier"))
    tested, previous, name = (ox.NamedNode(str(p)) for p in (SC.testedModel, SC.previousBuild, SC.modelName))
    tier = ox.NamedNode(str(SC.disclosureTier))
    triples = [ox.Triple(e, tested, model), ox.Triple(model, previous, earlier),
               ox.Triple(model, name, ox.Literal("model name")), ox.Triple(earlier, name, ox.Literal("earlier name"))]
    dropped = withheld_triples(triples, {e}, {tier})
    assert set(dropped) == set(triples)
    declared = [*triples, ox.Triple(model, tier, ox.NamedNode(str(PUBLIC)))]
    assert withheld_triples(declared, {e}, {tier}, {model}) == [triples[0]]


# --- finding 3: the public provenance names no paths, users or hashes ----------------------------------

def test_public_provenance_tells_when_and_which_graph_but_no_path_user_or_hash(nested_store, tmp_path):
    view = public_view(nested_store)
    provenance = view.dump([PROVENANCE_GRAPH])
    full = nested_store.dump([PROVENANCE_GRAPH])
    source = nested_store.source_of(ID["redaction-test-v1"])
    assert source.path.encode() in full and source.sha256.encode() in full
    for secret in (source.path.encode(), source.sha256.encode(), b"sourceFile", b"fileHash", str(FOAF.name).encode()):
        assert secret not in provenance, secret
    assert view.query(f"""ASK {{ GRAPH <{PROVENANCE_GRAPH}> {{
        ?load a sc:Load ; prov:endedAtTime ?t ; prov:generated <{ID["redaction-test-v1"]}> }} }}""").askAnswer
    assert view.source_of(ID["redaction-test-v1"]) is None


def test_public_provenance_of_an_import_names_the_organisation_and_export(nested_store, tmp_path):
    path = tmp_path / "reviewer.trig"
    path.write_text(export_dataset(nested_store, "reviewer", "trig"), encoding="utf-8")
    store = Store()
    result = import_export(store, path, "org-z", agent="alice-operator")
    public = public_view(store)
    provenance = public.dump([PROVENANCE_GRAPH]).decode()
    assert "alice-operator" not in provenance and path.name not in provenance
    assert result.received.sha256.removeprefix("sha256:") not in provenance
    assert result.received.checksum.removeprefix("sha256:") not in public.dump().decode()  # reviewer-tier export
    row = next(iter(public.query(f"""SELECT ?org ?created ?tier WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{
        ?load prov:used ?export . ?export prov:wasAttributedTo/dcterms:identifier ?org ;
        dcterms:created ?created ; dcterms:accessRights ?tier }} }}""")))
    assert str(row.org) == "org-z" and str(row.tier).endswith("/reviewer")
    assert b"secret-summary-e1" in store.dump() and b"secret-summary-e1" not in public.dump()


def test_a_public_exports_checksum_stays_public(nested_store, tmp_path):
    path = tmp_path / "public.trig"
    path.write_text(export_dataset(nested_store, "public", "trig"), encoding="utf-8")
    store = Store()
    result = import_export(store, path, "org-z")
    assert result.received.checksum.removeprefix("sha256:").encode() in public_view(store).dump([PROVENANCE_GRAPH])
