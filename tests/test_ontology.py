"""The ontology is OWL 2 DL that HermiT finds consistent, and every term is documented for analysts."""

import shutil

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from safetycase_kg.analysis.reasoning import check_consistency
from safetycase_kg.core.namespaces import ONTOLOGY_DIR, SC

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ONTOLOGY = ONTOLOGY_DIR / "safetycase.ttl"
VOCAB = ONTOLOGY_DIR / "vocabularies.ttl"

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime (default-jre-headless)")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


@needs_java
@pytest.mark.slow
def test_hermit_finds_the_ontology_and_vocabularies_consistent():
    report = check_consistency([ONTOLOGY, VOCAB])
    assert report.consistent, report.detail
    assert report.unsatisfiable == ()


@needs_java
@pytest.mark.slow
def test_hermit_reports_an_unsatisfiable_class(ontology):
    broken = Graph() + ontology
    broken.add((SC.Claim, OWL.disjointWith, SC.ArgumentElement))
    report = check_consistency([broken])
    assert str(SC.Claim) in report.unsatisfiable


@needs_java
@pytest.mark.slow
def test_hermit_reports_an_inconsistent_ontology(ontology):
    broken = Graph() + ontology
    thing = URIRef("https://w3id.org/safetycase-kg/id/test/both")
    broken.add((thing, RDF.type, SC.Claim))
    broken.add((thing, RDF.type, SC.Evidence))
    report = check_consistency([broken])
    assert not report.ok


def test_every_term_has_a_label_a_definition_a_domain_and_a_range(ontology):
    missing = []
    for term in set(ontology.subjects(RDF.type, None)):
        if not str(term).startswith(str(SC)):
            continue
        kinds = set(ontology.objects(term, RDF.type))
        if ontology.value(term, RDFS.label) is None or ontology.value(term, SKOS.definition) is None:
            missing.append(f"{term}: label or definition")
        if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            if ontology.value(term, RDFS.domain) is None and ontology.value(term, RDFS.subPropertyOf) is None:
                missing.append(f"{term}: domain")
            if ontology.value(term, RDFS.range) is None:
                missing.append(f"{term}: range")
    assert missing == []


def test_ontology_is_versioned_dated_and_licensed(ontology):
    onto = URIRef("https://w3id.org/safetycase-kg/ontology")
    DCT = Namespace("http://purl.org/dc/terms/")
    assert ontology.value(onto, OWL.versionIRI) is not None
    assert ontology.value(onto, OWL.versionInfo) is not None
    assert ontology.value(onto, DCT.created) is not None
    assert ontology.value(onto, DCT.modified) is not None
    assert ontology.value(onto, DCT.license) is not None


def test_every_controlled_list_is_a_skos_scheme_with_documented_concepts():
    vocab = Graph().parse(VOCAB)
    schemes = set(vocab.subjects(RDF.type, SKOS.ConceptScheme))
    names = {str(s).rsplit("/", 1)[1] for s in schemes}
    for required in ("decision-kind", "risk-domain", "evidence-type", "defeater-type", "trigger-kind",
                     "source-type", "redaction-reason", "disclosure-tier"):
        assert required in names
    for concept in vocab.subjects(RDF.type, SKOS.Concept):
        assert vocab.value(concept, SKOS.inScheme) in schemes
        assert vocab.value(concept, SKOS.prefLabel) is not None
        assert vocab.value(concept, SKOS.definition) is not None


@needs_java
@pytest.mark.slow
def test_hermit_finds_the_example_corpus_consistent_with_the_ontology(example_store):
    data = Graph()
    for name in example_store.data_graphs():
        for t in example_store.triples(name):
            data.add(t)
    report = check_consistency([ONTOLOGY, VOCAB, data])
    assert report.ok, report.detail


@needs_java
@pytest.mark.slow
def test_the_reason_command_over_the_examples_and_over_contradictory_data(tmp_path, capsys):
    from safetycase_kg.cli import main
    from safetycase_kg.core.namespaces import EXAMPLES_DIR
    assert main(["reason", str(EXAMPLES_DIR)]) == 0
    assert "is consistent, and every class can have members" in capsys.readouterr().out
    contradiction = tmp_path / "nothing.ttl"
    contradiction.write_text("<urn:x> a <http://www.w3.org/2002/07/owl#Nothing> .\n", encoding="utf-8")
    assert main(["reason", str(contradiction)]) == 1
    assert "INCONSISTENT" in capsys.readouterr().out
