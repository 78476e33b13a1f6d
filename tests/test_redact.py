"""The public view holds no withheld content, by construction, and still shows the notices."""

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF

from safetycase_kg.namespaces import SC
from safetycase_kg.redact import public_view, public_views, withheld_items
from safetycase_kg.store import Store

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


def test_blank_nodes_reachable_only_through_hidden_properties_are_dropped():
    store = Store(install_system_graphs=False)
    graph = URIRef("https://example.org/graph/case")
    item, provenance, inner = URIRef("https://example.org/e"), BNode(), BNode()
    store.replace_graphs({graph: [
        (item, RDF.type, SC.Evidence),
        (item, SC.disclosureTier, REGULATOR),
        (item, SC.provenance, provenance),
        (provenance, SC.note, Literal("secret-outer")),
        (provenance, SC.part, inner),
        (inner, SC.note, Literal("secret-inner")),
    ]})
    store.add_to_graph(URIRef("https://example.org/graph/ontology"),
                       [(SC.disclosureTier, SC.visibleWhenRedacted, Literal(True))])
    dump = public_view(store).dump()
    assert b"secret" not in dump
    assert b"disclosure-tier/regulator" in dump


def test_the_cached_view_is_rebuilt_after_a_write():
    store = Store(install_system_graphs=False)
    first = public_views.get(store)
    assert public_views.get(store) is first
    store.add_to_graph(URIRef("https://example.org/g"), [(URIRef("https://example.org/a"), RDF.type, SC.Claim)])
    second = public_views.get(store)
    assert second is not first and len(second) == 1
