"""Tests for the clause catalog in catalog/: it parses, conforms to its shapes, the shapes catch broken entries,
coverage of the fact sheet, verification marks, version chains and crosswalks."""

from __future__ import annotations

import pathlib

import pyshacl
import pytest
import rdflib
from rdflib import RDF, RDFS, OWL, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

CATALOG = pathlib.Path(__file__).resolve().parents[1] / "catalog"
ONT_FILES = {"vocab-catalog.ttl"}
ONTOLOGY = CATALOG.parent / "ontology" / "safetycase.ttl"
SHAPES_FILE = "shapes-catalog.ttl"

SC = Namespace("https://w3id.org/safetycase-kg/ontology#")
CAT = Namespace("https://w3id.org/safetycase-kg/catalog/")
FAM = Namespace("https://w3id.org/safetycase-kg/catalog/family/")
VS = Namespace("https://w3id.org/safetycase-kg/vocab/verification-status/")
VOCAB = "https://w3id.org/safetycase-kg/vocab/"
SH = Namespace("http://www.w3.org/ns/shacl#")
ELI_DOC = "http://data.europa.eu/eli/reg/2024/1689/oj"


def ttl_files() -> list[pathlib.Path]:
    return sorted(CATALOG.glob("*.ttl"))


def load() -> tuple[rdflib.Graph, rdflib.Graph, rdflib.Graph]:
    data, ont, shapes = rdflib.Graph(), rdflib.Graph().parse(ONTOLOGY), rdflib.Graph()
    for path in ttl_files():
        if path.name == SHAPES_FILE:
            shapes.parse(path)
        elif path.name in ONT_FILES:
            ont.parse(path)
        else:
            data.parse(path)
    return data, ont, shapes


@pytest.fixture(scope="module")
def graphs():
    return load()


@pytest.fixture(scope="module")
def data(graphs):
    return graphs[0]


def validate(data: rdflib.Graph, ont: rdflib.Graph, shapes: rdflib.Graph):
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference="none")
    results = [
        (report.value(r, SH.focusNode), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return conforms, results, text


def copy(g: rdflib.Graph) -> rdflib.Graph:
    out = rdflib.Graph()
    for t in g:
        out.add(t)
    return out


def instances(g: rdflib.Graph, cls) -> set:
    return set(g.subjects(RDF.type, cls))


def framework_of(g: rdflib.Graph, clause) -> URIRef:
    fws = [o for o in g.objects(clause, DCTERMS.isPartOf) if (o, RDF.type, SC.Framework) in g]
    assert len(fws) == 1, clause
    return fws[0]


def versions(g: rdflib.Graph, family: str) -> set:
    return set(g.subjects(DCTERMS.isVersionOf, FAM[family]))


# ---- Parsing and conformance ----

@pytest.mark.parametrize("path", ttl_files(), ids=lambda p: p.name)
def test_every_ttl_parses(path):
    g = rdflib.Graph().parse(path)
    assert len(g) > 0


def test_expected_files_exist():
    names = {p.name for p in ttl_files()}
    for required in ["vocab-catalog.ttl", "shapes-catalog.ttl", "crosswalks.ttl", "requirements.ttl",
                     "eu-ai-act.ttl", "gpai-code-of-practice.ttl", "ca-sb53.ttl", "gdm-fsf.ttl", "anthropic-rsp.ttl",
                     "openai-preparedness.ttl", "nist-ai-rmf.ttl", "iso-iec-42001.ttl", "uk-aisi-safety-cases.ttl"]:
        assert required in names
    assert (CATALOG / "README.md").is_file()


def test_catalog_conforms_to_its_shapes(graphs):
    conforms, _, text = validate(*graphs)
    assert conforms, text


# ---- The shapes catch broken entries ----

ART_55_1_A = CAT["eu-ai-act-2024-1689/art-55-1-a"]


def test_clause_missing_source_fails_with_message(graphs):
    data, ont, shapes = graphs
    broken = copy(data)
    broken.remove((ART_55_1_A, DCTERMS.source, None))
    conforms, results, _ = validate(broken, ont, shapes)
    assert not conforms
    messages = [m for focus, m in results if focus == ART_55_1_A]
    assert messages and any("source" in m for m in messages), results


@pytest.mark.parametrize("subject,predicate,fragment", [
    (ART_55_1_A, SC.paraphrase, "paraphrase"),
    (ART_55_1_A, SC.verification, "verification status"),
    (ART_55_1_A, DCTERMS.issued, "issue date"),
    (CAT["gdm-fsf-3-1"], DCTERMS.publisher, "publisher"),
    (CAT["gdm-fsf-3-0/ccl-cbrn-uplift-1"], SC.riskDomain, "risk domain"),
    (CAT["gdm-fsf-3-0/ccl-cbrn-uplift-1"], SC.definedIn, "framework version defines it"),
    (CAT["crosswalk/cop-ss-commitment-9--aia-art-55-1-c"], SC.mappingRelation, "mapping relation"),
    (CAT["crosswalk/cop-ss-commitment-9--aia-art-55-1-c"], DCTERMS.source, "source"),
])
def test_missing_required_property_fails(graphs, subject, predicate, fragment):
    data, ont, shapes = graphs
    assert (subject, predicate, None) in data
    broken = copy(data)
    broken.remove((subject, predicate, None))
    conforms, results, _ = validate(broken, ont, shapes)
    assert not conforms
    assert any(focus == subject and fragment in m for focus, m in results), results


def test_unverified_entry_without_mark_fails(graphs):
    data, ont, shapes = graphs
    clause = CAT["eu-gpai-guidelines-2025/pt-17"]
    broken = copy(data)
    broken.remove((clause, SC.verificationNote, None))
    conforms, results, _ = validate(broken, ont, shapes)
    assert not conforms
    assert any(focus == clause and "[UNVERIFIED]" in m for focus, m in results), results


def test_mark_on_primary_entry_fails(graphs):
    data, ont, shapes = graphs
    broken = copy(data)
    broken.add((ART_55_1_A, SC.verificationNote, Literal("[UNVERIFIED] test")))
    conforms, results, _ = validate(broken, ont, shapes)
    assert not conforms
    assert any(focus == ART_55_1_A and "must be unverified" in m for focus, m in results), results


def test_unknown_requirement_kind_fails(graphs):
    data, ont, shapes = graphs
    broken = copy(data)
    broken.add((ART_55_1_A, SC.satisfiableBy, URIRef(VOCAB + "requirement-kind/no-such-kind")))
    conforms, results, _ = validate(broken, ont, shapes)
    assert not conforms
    assert any(focus == ART_55_1_A and "requirement-kind" in m for focus, m in results), results


# ---- Coverage ----

def test_at_least_80_clauses(data):
    assert len(instances(data, SC.Clause)) >= 80


COVERAGE = {
    # family -> minimum number of clauses + thresholds across its versions
    "eu-ai-act": 30,
    "gpai-code-of-practice": 40,
    "ca-sb53": 20,
    "gdm-fsf": 25,
    "anthropic-rsp": 25,
    "openai-preparedness-framework": 15,
    "nist-ai-rmf": 24,
    "nist-ai-600-1": 12,
    "iso-iec-42001": 20,
    "aisi-cyber-inability-template": 5,
    "aisi-control-safety-case-sketch": 1,
    "aisi-debate-alignment-sketch": 1,
    "aisi-misuse-safeguards-example": 1,
}


@pytest.mark.parametrize("family,minimum", COVERAGE.items())
def test_family_present_with_clauses(data, family, minimum):
    assert (FAM[family], RDF.type, SC.FrameworkFamily) in data
    vs = versions(data, family)
    assert vs, family
    items = set()
    for v in vs:
        items |= set(data.subjects(DCTERMS.isPartOf, v)) | set(data.subjects(SC.definedIn, v))
    assert len(items) >= minimum, (family, len(items))


def identifiers(g: rdflib.Graph, framework: URIRef) -> set[str]:
    return {str(g.value(c, DCTERMS.identifier)) for c in g.subjects(DCTERMS.isPartOf, framework)}


def test_eu_ai_act_articles_from_the_issue(data):
    ids = identifiers(data, CAT["eu-ai-act-2024-1689"])
    for required in ["Art 3(2)", "Art 3(49)", "Art 3(63)", "Art 3(65)", "Art 51(1)(a)", "Art 51(2)", "Art 52(1)",
                     "Art 53(1)(a)", "Art 53(1)(b)", "Art 53(1)(c)", "Art 53(1)(d)", "Art 55(1)(a)", "Art 55(1)(b)",
                     "Art 55(1)(c)", "Art 55(1)(d)", "Art 55(2)", "Art 55(3)", "Art 56(1)–(2)", "Art 73(1)–(5)",
                     "Art 101", "Art 113(a)–(b)"]:
        assert required in ids, required


def test_code_of_practice_has_all_ten_commitments_with_measures(data):
    ss = CAT["gpai-cop-2025-07/safety-and-security"]
    commitments = {str(data.value(c, DCTERMS.identifier)): c for c in data.objects(ss, DCTERMS.hasPart)
                   if str(data.value(c, DCTERMS.identifier)).startswith("Commitment")}
    assert set(commitments) == {f"Commitment {n}" for n in range(1, 11)}
    for name, c in commitments.items():
        assert list(data.objects(c, DCTERMS.hasPart)), f"{name} has no measures"
    m32 = CAT["gpai-cop-2025-07/ss-measure-3-2"]
    assert (m32, DCTERMS.isPartOf, commitments["Commitment 3"]) in data
    assert str(data.value(m32, DCTERMS.identifier)) == "Measure 3.2"


def test_nist_ai_rmf_has_the_19_categories(data):
    ids = identifiers(data, CAT["nist-ai-rmf-1-0"])
    expected = ({f"GOVERN {n}" for n in range(1, 7)} | {f"MAP {n}" for n in range(1, 6)}
                | {f"MEASURE {n}" for n in range(1, 5)} | {f"MANAGE {n}" for n in range(1, 5)})
    assert len(expected) == 19
    assert expected <= ids
    assert {"GOVERN", "MAP", "MEASURE", "MANAGE"} <= ids


def test_iso_42001_clauses_4_to_10_and_annex_a(data):
    ids = identifiers(data, CAT["iso-iec-42001-2023"])
    assert {f"Cl. {n}" for n in range(4, 11)} <= ids
    assert {f"A.{n}" for n in range(2, 11)} <= ids


def test_sb53_duties_timelines_redaction_retention(data):
    ids = identifiers(data, CAT["ca-sb53-2025"])
    for required in ["§22757.12(a)(1)–(10)", "§22757.12(c)(1)", "§22757.12(f)", "§22757.13(c)", "§22757.15",
                     "Lab. Code §1107–1107.1"]:
        assert required in ids
    para = str(data.value(CAT["ca-sb53-2025/bp-22757-13-c"], SC.paraphrase))
    assert "15 days" in para and "24 hours" in para
    assert "5 years" in str(data.value(CAT["ca-sb53-2025/bp-22757-12-f"], SC.paraphrase))


def test_fsf_thresholds_by_domain_and_kind(data):
    rd = lambda x: URIRef(VOCAB + "risk-domain/" + x)
    tk = lambda x: URIRef(VOCAB + "threshold-kind/" + x)
    v30 = set(data.subjects(SC.definedIn, CAT["gdm-fsf-3-0"]))
    domains = {d for t in v30 for d in data.objects(t, SC.riskDomain)}
    assert {rd("cbrn"), rd("cyber"), rd("manipulation"), rd("ml-rnd"), rd("loss-of-control")} <= domains
    v31 = set(data.subjects(SC.definedIn, CAT["gdm-fsf-3-1"]))
    assert {tk("tracked-capability-level")} == {data.value(t, SC.thresholdKind) for t in v31}


# ---- Verification marks ----

UNVERIFIED_IN_SHEET = [
    "eu-gpai-guidelines-2025/pt-17",             # 10^23 FLOP indicative criterion, one secondary source
    "eu-digital-omnibus-ai-2026",                # number 2026/1744, entry into force
    "gdm-fsf-2-0/ccl-cyber-uplift-1",            # v2.0 cyber uplift wording
    "gdm-fsf-3-1/tcl-cbrn-uplift",               # v3.1 CBRN TCL wording
    "anthropic-rsp-3-2",                         # v3.2 date and content
    "anthropic-rsp-3-2/s4-governance",           # LTBT external-review request
    "anthropic-fcf-2026",                        # Frontier Compliance Framework
    "openai-fgf-2026",                           # Frontier Governance Framework
    "nist-ai-rmf-1-0/core-subcategories",        # 72 subcategories
    "iso-iec-42001-2023/annex-a",                # control count 38 vs 39
    "iso-iec-42001-2023/annex-a-2",              # exact A.2 title
    "iso-iec-42001-2023/annex-b",                # normative or informative
    "aisi-cyber-inability-template-2024/defeaters",  # node numbering
]


@pytest.mark.parametrize("local", UNVERIFIED_IN_SHEET)
def test_sheet_unverified_items_are_unverified(data, local):
    node = CAT[local]
    assert (node, SC.verification, VS.unverified) in data
    notes = [str(n) for n in data.objects(node, SC.verificationNote)]
    assert any("[UNVERIFIED]" in n for n in notes), notes


@pytest.mark.parametrize("local,status", [
    ("eu-ai-act-2024-1689/art-55-1-a", "primary"),
    ("gpai-cop-2025-07/ss-measure-9-3", "primary"),
    ("openai-pf-2/cybersecurity-high", "primary"),
    ("anthropic-rsp-2-2/ai-rnd-4", "primary"),
    ("gdm-fsf-3-0/ccl-cbrn-uplift-1", "secondary"),
    ("iso-iec-42001-2023/annex-a-3", "secondary"),
])
def test_verified_items_keep_their_mark(data, local, status):
    assert (CAT[local], SC.verification, VS[status]) in data


# ---- Versions ----

def chain(g: rdflib.Graph, newest: URIRef) -> list[URIRef]:
    out, node = [newest], newest
    while (older := g.value(node, DCTERMS.replaces)) is not None:
        assert older not in out, "replaces cycle"
        out.append(older)
        node = older
    return out


@pytest.mark.parametrize("family,expected", [
    ("gdm-fsf", ["gdm-fsf-3-1", "gdm-fsf-3-0", "gdm-fsf-2-0", "gdm-fsf-1-0"]),
    ("anthropic-rsp", ["anthropic-rsp-3-4", "anthropic-rsp-3-3", "anthropic-rsp-3-2", "anthropic-rsp-3-1",
                       "anthropic-rsp-3-0", "anthropic-rsp-2-2", "anthropic-rsp-2-1", "anthropic-rsp-2-0",
                       "anthropic-rsp-1-0"]),
    ("openai-preparedness-framework", ["openai-pf-2", "openai-pf-beta"]),
])
def test_versions_chain_with_replaces(data, family, expected):
    assert chain(data, CAT[expected[0]]) == [CAT[e] for e in expected]
    assert versions(data, family) == {CAT[e] for e in expected}


def test_every_multi_version_family_is_one_chain(data):
    for family in set(data.subjects(RDF.type, SC.FrameworkFamily)):
        vs = set(data.subjects(DCTERMS.isVersionOf, family))
        if len(vs) < 2:
            continue
        replaced = {data.value(v, DCTERMS.replaces) for v in vs} - {None}
        newest = vs - replaced
        assert len(newest) == 1, (family, newest)
        assert set(chain(data, newest.pop())) == vs, family


def test_clauses_repeat_version_date_and_status_of_framework(data):
    for clause in instances(data, SC.Clause):
        fw = framework_of(data, clause)
        for p in (SC.frameworkVersion, DCTERMS.issued, SC.legalStatus):
            assert data.value(clause, p) == data.value(fw, p), (clause, p)


# ---- Crosswalks ----

def owner(g: rdflib.Graph, node) -> URIRef:
    """The framework version a clause is part of, or a threshold is defined in."""
    return framework_of(g, node) if (node, RDF.type, SC.Clause) in g else g.value(node, SC.definedIn)


def test_crosswalks_have_the_direct_skos_triple_and_cross_frameworks(data):
    xws = instances(data, SC.Crosswalk)
    assert xws
    for xw in xws:
        frm, to, rel = (data.value(xw, p) for p in (SC.fromClause, SC.toClause, SC.mappingRelation))
        assert (frm, rel, to) in data, xw
        assert owner(data, frm) != owner(data, to), xw


@pytest.mark.parametrize("frm,rel,to", [
    ("gpai-cop-2025-07/ss-measure-3-2", SKOS.closeMatch, "eu-ai-act-2024-1689/art-55-1-a"),
    ("gpai-cop-2025-07/ss-commitment-9", SKOS.closeMatch, "eu-ai-act-2024-1689/art-55-1-c"),
    ("gpai-cop-2025-07/ss-commitment-6", SKOS.closeMatch, "eu-ai-act-2024-1689/art-55-1-d"),
    ("gpai-cop-2025-07/ss-commitment-2", SKOS.broadMatch, "eu-ai-act-2024-1689/art-55-1"),
    ("gpai-cop-2025-07/ss-measure-9-3", SKOS.relatedMatch, "ca-sb53-2025/bp-22757-13-c"),
    ("eu-ai-act-2024-1689/art-73-1-5", SKOS.relatedMatch, "gpai-cop-2025-07/ss-measure-9-3"),
    ("anthropic-rsp-2-2/capability-report", SKOS.closeMatch, "openai-pf-2/s3"),
    ("nist-ai-rmf-1-0/measure-1", SKOS.relatedMatch, "eu-ai-act-2024-1689/art-55-1-a"),
    ("gdm-fsf-3-0/s1-3", SKOS.closeMatch, "gpai-cop-2025-07/ss-measure-1-2"),
])
def test_expected_crosswalks(data, frm, rel, to):
    assert (CAT[frm], rel, CAT[to]) in data
    assert any(data.value(xw, SC.mappingRelation) == rel
               for xw in data.subjects(SC.fromClause, CAT[frm]) if data.value(xw, SC.toClause) == CAT[to])


def test_no_article_level_eli(data):
    for term in {t for triple in data for t in triple if isinstance(t, URIRef)}:
        if "data.europa.eu/eli" in str(term):
            assert str(term) == ELI_DOC, term


# ---- Terms and vocabularies ----

def test_sc_terms_used_in_data_are_declared(graphs):
    data, ont, _ = graphs
    core_classes = {SC[n] for n in ["OperationalContext", "ReviewTrigger", "Decision", "ReviewRecord", "Redaction",
                                    "AcceptabilityCriteria", "ResidualRisk", "SafetyPerformanceIndicator",
                                    "CounterevidenceSearch", "IncidentResponseProcess"]}
    used = {p for p in data.predicates() if str(p).startswith(str(SC))}
    used |= {o for o in data.objects(None, RDF.type) if str(o).startswith(str(SC))}
    assert used
    for term in used:
        assert term not in core_classes
        kinds = set(ont.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term
        assert any(l.language == "en" for l in ont.objects(term, RDFS.label)), term
        assert any(d.language == "en" for d in ont.objects(term, SKOS.definition)), term
        if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            assert ont.value(term, RDFS.domain) is not None and ont.value(term, RDFS.range) is not None, term


def test_vocab_concepts_are_well_formed(graphs):
    _, ont, _ = graphs
    concepts = instances(ont, SKOS.Concept)
    schemes = instances(ont, SKOS.ConceptScheme)
    assert {URIRef(VOCAB + s) for s in ["legal-status", "verification-status", "threshold-kind", "requirement-kind"]} <= schemes
    for c in concepts:
        scheme = ont.value(c, SKOS.inScheme)
        assert scheme in schemes and str(c).startswith(str(scheme) + "/"), c
        assert str(ont.value(c, SKOS.notation)) == str(c).rsplit("/", 1)[1], c
        assert any(l.language == "en" for l in ont.objects(c, SKOS.prefLabel)), c
        assert any(d.language == "en" for d in ont.objects(c, SKOS.definition)), c


def test_every_requirement_kind_says_what_meets_it(graphs):
    data, ont, _ = graphs
    scheme = URIRef(VOCAB + "requirement-kind")
    kinds = set(ont.subjects(SKOS.inScheme, scheme))
    assert len(kinds) >= 15
    for k in kinds:
        met = [p for p in (SC.metByEvidenceType, SC.metByClaimFacet, SC.metByCaseElement) if (k, p, None) in data]
        assert met or (k, SKOS.scopeNote, None) in data, k
        assert (None, SC.satisfiableBy, k) in data, f"{k} is not used by any clause"
