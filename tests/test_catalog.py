"""Tests for the clause catalog in catalog/: it parses, conforms to its shapes, the shapes catch broken entries,
coverage of the fact sheet, verification marks, version chains and crosswalks."""

from __future__ import annotations

import pathlib

import pyshacl
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Literal, Namespace, URIRef
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
    ("eu-ai-act-2024-1689/annex-xi-s2", "primary"),
    ("gpai-cop-2025-07/ss-measure-9-3", "primary"),
    ("gpai-cop-2025-07/ss-measure-7-2", "primary"),
    ("gpai-cop-2025-07/ss-appendix-3-2", "primary"),
    ("gpai-cop-2025-07/transparency-measure-1-1", "secondary"),   # secondary summaries of the chapter
    ("gpai-cop-2025-07/copyright-measure-1-3", "secondary"),
    ("openai-pf-2/cybersecurity-high", "secondary"),               # read only through system cards quoting it
    ("openai-pf-2/s2-2-cybersecurity", "secondary"),
    ("anthropic-rsp-2-2/ai-rnd-4", "secondary"),                   # likewise, through the Opus 4.6 system card
    ("anthropic-rsp-3-4/s3-1", "secondary"),                       # a page-referenced extraction of the PDF
    ("anthropic-rsp-3-4/row-4-automated-rnd", "secondary"),
    ("anthropic-rsp-3-4/row-2-novel-cb-weapons", "unverified"),    # only the row name was seen
    ("gdm-fsf-3-1/s1-3-2", "secondary"),
    ("gdm-fsf-3-0/ccl-cbrn-uplift-1", "secondary"),
    ("iso-iec-42001-2023/annex-a-3", "secondary"),
])
def test_verified_items_keep_their_mark(data, local, status):
    assert (CAT[local], SC.verification, VS[status]) in data


def test_nothing_read_through_a_system_card_is_marked_primary(data):
    """A system card quoting a framework is a secondary source for the framework's wording."""
    quoted = [s for s, note in data.subject_objects(SC.verificationNote) if "system card" in str(note).lower()]
    assert quoted
    for entry in quoted:
        assert (entry, SC.verification, VS.primary) not in data, entry


def test_every_clause_has_a_source_and_one_verification_mark(data):
    for clause in instances(data, SC.Clause):
        assert list(data.objects(clause, DCTERMS.source)), clause
        marks = list(data.objects(clause, SC.verification))
        assert len(marks) == 1 and marks[0] in {VS.primary, VS.secondary, VS.unverified}, clause


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
        met = [p for p in (SC.metByEvidenceType, SC.metByClaimFacet, SC.metByCaseElement, SC.metByRecordType) if (k, p, None) in data]
        assert met or (k, SKOS.scopeNote, None) in data, k
        assert (None, SC.satisfiableBy, k) in data, f"{k} is not used by any clause"


# ---- What the catalog holds of each version ----

CA = Namespace(VOCAB + "content-availability/")


def clauses_of(g: rdflib.Graph, framework: URIRef) -> set:
    return {c for c in g.subjects(DCTERMS.isPartOf, framework) if (c, RDF.type, SC.Clause) in g}


def test_every_version_has_clauses_or_says_its_content_was_not_sourced(data):
    for fw in instances(data, SC.Framework):
        status = data.value(fw, SC.contentAvailability)
        assert status in {CA.catalogued, CA.partial, CA["not-sourced"]}, fw
        if clauses_of(data, fw):
            assert status != CA["not-sourced"], fw
        else:
            assert status == CA["not-sourced"], fw
            assert str(data.value(fw, SC.contentAvailabilityNote) or "").strip(), fw
            assert list(data.objects(fw, DCTERMS.source)), fw
        if status != CA.catalogued:
            assert str(data.value(fw, SC.contentAvailabilityNote) or "").strip(), fw


def test_notations_are_unique_within_each_version(data):
    seen: dict[tuple, URIRef] = {}
    for clause in instances(data, SC.Clause):
        notations = list(data.objects(clause, SKOS.notation))
        assert len(notations) == 1, clause
        key = (framework_of(data, clause), str(notations[0]))
        assert key not in seen, (clause, seen.get(key))
        seen[key] = clause


COP = Namespace(str(CAT) + "gpai-cop-2025-07/")


def test_code_of_practice_chapters_keep_alike_numbers_apart(data):
    """Each chapter has a Commitment 1 and a Measure 1.1: their IRIs and notations differ, and their chapter says which."""
    by_identifier: dict[str, set] = {}
    for clause in clauses_of(data, CAT["gpai-cop-2025-07"]):
        by_identifier.setdefault(str(data.value(clause, DCTERMS.identifier)), set()).add(clause)
    for ident in ("Commitment 1", "Measure 1.1", "Measure 1.2", "Measure 1.3"):
        clauses = by_identifier[ident]
        chapters = {data.value(c, SC.chapter) for c in clauses}
        assert len(chapters) == len(clauses) >= 2 and None not in chapters, ident
        assert len({str(data.value(c, SKOS.notation)) for c in clauses}) == len(clauses), ident
    chapters = {COP["safety-and-security"], COP.transparency, COP.copyright}
    for clause in clauses_of(data, CAT["gpai-cop-2025-07"]) - chapters:
        chapter = data.value(clause, SC.chapter)
        assert chapter in chapters, clause
        parents, node = set(), clause
        while (node := next((p for p in data.objects(node, DCTERMS.isPartOf) if (p, RDF.type, SC.Clause) in data), None)):
            parents.add(node)
        assert chapter in parents, clause


@pytest.mark.parametrize("parent,prefix,identifiers", [
    ("ss-commitment-7", "ss-measure-7-", [f"Measure 7.{n}" for n in range(1, 8)]),
    ("ss-appendix-3", "ss-appendix-3-", [f"App. 3.{n}" for n in range(1, 6)]),
    ("transparency-commitment-1", "transparency-measure-1-", [f"Measure 1.{n}" for n in range(1, 4)]),
    ("copyright-commitment-1", "copyright-measure-1-", [f"Measure 1.{n}" for n in range(1, 6)]),
])
def test_code_of_practice_measures_are_separate_clauses(data, parent, prefix, identifiers):
    parts = sorted(data.objects(COP[parent], DCTERMS.hasPart))
    assert [str(p) for p in parts] == [str(COP[prefix + str(n)]) for n in range(1, len(identifiers) + 1)]
    assert [str(data.value(p, DCTERMS.identifier)) for p in parts] == identifiers
    for part in parts:
        assert (part, DCTERMS.isPartOf, COP[parent]) in data and (part, RDF.type, SC.Clause) in data
    assert not set(data.subjects(None, COP["ss-measures-7-1-7-7"])) | set(data.objects(COP["ss-appendix-3-1-3-5"], None))


def test_current_versions_with_their_dates_and_clauses(data):
    rsp34, fsf30, fsf31 = CAT["anthropic-rsp-3-4"], CAT["gdm-fsf-3-0"], CAT["gdm-fsf-3-1"]
    assert str(data.value(rsp34, SC.appliesFrom)) == "2026-07-08"
    assert len(clauses_of(data, rsp34)) >= 15
    assert len(set(data.subjects(SC.definedIn, rsp34))) == 4
    assert str(data.value(fsf31, DCTERMS.issued)) == "2026-04-17"
    assert len(clauses_of(data, fsf31)) > len(clauses_of(data, fsf30))
    for clause in clauses_of(data, rsp34) | clauses_of(data, fsf31):
        assert data.value(clause, SC.verification) in {VS.secondary, VS.unverified} or "blog" in str(data.value(clause, SC.verificationNote)), clause


def test_sb53_effective_date_has_its_own_mark_and_sources(data):
    sb53 = CAT["ca-sb53-2025"]
    assert data.value(sb53, SC.appliesFrom) == Literal("2026-01-01", datatype=rdflib.XSD.date)
    assert data.value(sb53, SC.appliesFromVerification) == VS.secondary      # the text is P, the date is S
    assert data.value(sb53, SC.verification) == VS.primary
    assert len(list(data.objects(sb53, SC.appliesFromSource))) >= 2
    assert "[UNVERIFIED]" in str(data.value(sb53, RDFS.comment))             # the conflicting 2027 claim stays flagged


@pytest.mark.parametrize("framework,issued", [("anthropic-fcf-2026", "2025-12-19"), ("openai-fgf-2026", "2026-05-28")])
def test_sb53_frontier_frameworks_are_dated_and_say_their_content_was_not_sourced(data, framework, issued):
    fw = CAT[framework]
    assert str(data.value(fw, DCTERMS.issued)) == issued
    assert (fw, SC.publishedUnder, CAT["ca-sb53-2025/bp-22757-12-a"]) in data
    assert data.value(fw, SC.contentAvailability) == CA["not-sourced"] and not clauses_of(data, fw)
    assert data.value(fw, SC.verification) == VS.unverified


# ---- Applicability conditions, clauses no case can meet, stated numbers ----

COND = Namespace(str(CAT) + "condition/")
CS = Namespace(VOCAB + "case-scope/")
QK = Namespace(VOCAB + "quantity-kind/")
CONDITIONS = {
    "eu-ai-act-2024-1689/art-55-1-a": {"gpai-model-with-systemic-risk"},
    "eu-ai-act-2024-1689/art-55-1-c": {"gpai-model-with-systemic-risk"},
    "eu-ai-act-2024-1689/annex-xi-s2": {"gpai-model-with-systemic-risk"},
    "eu-ai-act-2024-1689/art-53-1-a": {"gpai-model"},
    "eu-ai-act-2024-1689/art-54": {"gpai-model", "provider-established-outside-eu"},
    "eu-ai-act-2024-1689/art-52-1": {"gpai-model", "eu-training-compute-above-1e25"},
    "eu-ai-act-2024-1689/art-73-1-5": {"high-risk-ai-system"},
    "ca-sb53-2025/bp-22757-12-a": {"sb53-frontier-developer", "sb53-large-developer-revenue"},
    "ca-sb53-2025/bp-22757-12-c-1": {"sb53-frontier-model"},
    "ca-sb53-2025/bp-22757-13-c": {"sb53-frontier-developer"},
    "gpai-cop-2025-07/ss-measure-7-6": {"gpai-model-with-systemic-risk"},
    "gpai-cop-2025-07/transparency-measure-1-1": {"gpai-model"},
}


@pytest.mark.parametrize("clause,expected", CONDITIONS.items())
def test_applicability_conditions_where_the_source_sets_them(data, clause, expected):
    assert set(data.objects(CAT[clause], SC.appliesWhen)) == {COND[c] for c in expected}


def test_every_safety_and_security_clause_applies_only_to_systemic_risk_models(data):
    for clause in clauses_of(data, CAT["gpai-cop-2025-07"]):
        if data.value(clause, SC.chapter) == COP["safety-and-security"] or clause == COP["safety-and-security"]:
            assert (clause, SC.appliesWhen, COND["gpai-model-with-systemic-risk"]) in data, clause


def test_conditions_test_declared_facts_with_values_of_the_right_kind(graphs):
    data, ont, _ = graphs
    vocab = rdflib.Graph().parse(ONTOLOGY.parent / "vocabularies.ttl")
    scheme = URIRef(VOCAB + "regulatory-classification")
    conditions = instances(data, SC.ApplicabilityCondition)
    assert len(conditions) >= 8
    used = {o for o in data.objects(None, SC.appliesWhen)}
    assert used <= conditions and conditions <= used
    for cond in conditions:
        fact = data.value(cond, SC.testsFact)
        assert ont.value(fact, RDFS.domain) is not None and ont.value(fact, RDFS.range) is not None, cond
        for concept in list(data.objects(cond, SC.conceptValue)) + list(data.objects(cond, SC.establishedByClassification)):
            assert (concept, SKOS.inScheme, scheme) in vocab, (cond, concept)
        assert list(data.objects(cond, DCTERMS.source)) and data.value(cond, SC.verification) is not None, cond


@pytest.mark.parametrize("clause,scope,record", [
    ("ca-sb53-2025/bp-22757-12-e", "not-satisfiable-by-assertion", None),
    ("eu-ai-act-2024-1689/art-52-1", "outside-case-scope", "authority-notification"),
    ("eu-ai-act-2024-1689/art-53-1-c", "outside-case-scope", "copyright-policy"),
    ("eu-ai-act-2024-1689/art-53-1-d", "outside-case-scope", "training-content-summary"),
    ("eu-ai-act-2024-1689/art-54", "outside-case-scope", "representative-mandate"),
    ("gpai-cop-2025-07/ss-measure-7-7", "outside-case-scope", "authority-notification"),
    ("gpai-cop-2025-07/copyright-measure-1-1", "outside-case-scope", "copyright-policy"),
])
def test_clauses_no_case_element_can_meet_say_what_would(data, clause, scope, record):
    node = CAT[clause]
    assert data.value(node, SC.caseScope) == CS[scope]
    assert str(data.value(node, SC.caseScopeNote) or "").strip()
    if record:
        assert data.value(node, SC.metByRecord) == URIRef(VOCAB + "record-kind/" + record)
    if scope == "outside-case-scope":
        assert not list(data.objects(node, SC.satisfiableBy)), "a clause outside case scope has no case requirement kind"


def test_art_73_is_not_proposed_for_general_purpose_models_and_risk_models_identify_risks(data):
    assert not list(data.objects(CAT["eu-ai-act-2024-1689/art-73-1-5"], SC.satisfiableBy))
    assert (URIRef(VOCAB + "requirement-kind/risk-identification"), SC.metByCaseElement, SC.RiskModel) in data


def quantities(g: rdflib.Graph, clause: str) -> set[tuple]:
    out = set()
    for q in g.objects(CAT[clause], SC.statesQuantity):
        value = g.value(q, SC.durationValue) or g.value(q, SC.numericValue)
        out.add((str(g.value(q, SC.quantityKind)).rsplit("/", 1)[1], str(g.value(q, SC.comparator)).rsplit("/", 1)[1],
                 str(value), str(g.value(q, SC.unit) or "").rsplit("/", 1)[-1]))
    return out


@pytest.mark.parametrize("clause,expected", [
    ("ca-sb53-2025/bp-22757-13-c", {("deadline", "at-most", "P15D", ""), ("deadline", "at-most", "P1D", "")}),  # PT24H, as rdflib reads it
    ("ca-sb53-2025/bp-22757-12-f", {("retention-period", "at-least", "P5Y", "")}),
    ("gpai-cop-2025-07/ss-measure-7-6", {("recurrence-interval", "at-most", "P6M", "")}),
    ("gpai-cop-2025-07/ss-measure-7-7", {("deadline", "at-most", "5.0", "business-day"), ("delay-limit", "at-most", "15.0", "business-day")}),
    ("eu-ai-act-2024-1689/art-51-2", {("threshold", "greater-than", "1e+25", "flop")}),  # 1.0E25, as rdflib reads it
])
def test_numbers_clauses_state_are_structured(data, clause, expected):
    assert quantities(data, clause) == expected


def test_incident_deadlines_of_the_code_are_all_recorded(data):
    deadlines = {v for k, _, v, _ in quantities(data, "gpai-cop-2025-07/ss-measure-9-3") if k == "deadline"}
    assert deadlines == {"P2D", "P5D", "P10D", "P15D", "P60D"}


# ---- The shapes catch broken entries of the new kinds ----

def _fails(graphs, mutate, focus, fragment):
    data, ont, shapes = graphs
    broken = copy(data)
    mutate(broken)
    conforms, results, _ = validate(broken, ont, shapes)
    assert not conforms
    assert any(f == focus and fragment in m for f, m in results), results


def test_shape_version_without_content_availability(graphs):
    fw = CAT["gdm-fsf-3-1"]
    _fails(graphs, lambda g: g.remove((fw, SC.contentAvailability, None)), fw, "how much of its content")


def test_shape_not_sourced_version_with_clauses(graphs):
    fw = CAT["gdm-fsf-3-1"]
    def mutate(g):
        g.set((fw, SC.contentAvailability, CA["not-sourced"]))
    _fails(graphs, mutate, fw, "cannot have clauses")


def test_shape_version_without_clauses_must_say_not_sourced(graphs):
    fw = CAT["openai-fgf-2026"]
    _fails(graphs, lambda g: g.set((fw, SC.contentAvailability, CA.partial)), fw, "without clauses")


def test_shape_clause_without_notation(graphs):
    clause = COP["ss-measure-7-1"]
    _fails(graphs, lambda g: g.remove((clause, SKOS.notation, None)), clause, "notation")


def test_shape_outside_scope_needs_a_record_kind(graphs):
    clause = CAT["eu-ai-act-2024-1689/art-53-1-c"]
    _fails(graphs, lambda g: g.remove((clause, SC.metByRecord, None)), clause, "kind of record")


def test_shape_condition_value_must_fit_its_fact(graphs):
    cond = COND["gpai-model"]
    def mutate(g):
        g.remove((cond, SC.conceptValue, None))
        g.add((cond, SC.numericValue, Literal("1", datatype=rdflib.XSD.decimal)))
    _fails(graphs, mutate, cond, "must fit its fact")


def test_shape_quantity_with_both_a_duration_and_a_number(graphs):
    data = graphs[0]
    [q] = list(data.objects(COP["ss-measure-7-6"], SC.statesQuantity))
    def mutate(g):
        g.add((q, SC.numericValue, Literal("6", datatype=rdflib.XSD.decimal)))
        g.add((q, SC.unit, URIRef(VOCAB + "unit/count")))
    _fails(graphs, mutate, q, "not both")


def test_shape_date_checked_separately_needs_its_source(graphs):
    fw = CAT["ca-sb53-2025"]
    _fails(graphs, lambda g: g.remove((fw, SC.appliesFromSource, None)), fw, "source that states it")


# ---- Applicability conditions evaluate against case facts in SPARQL ----

CASE_FACTS = """@prefix sc: <https://w3id.org/safetycase-kg/ontology#> .
@prefix rc: <https://w3id.org/safetycase-kg/vocab/regulatory-classification/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _facts(n: int, compute, revenue, in_eu, classes) -> str:
    """One case with its context, model build and developer, stating only the facts that are not None."""
    node = lambda part="": f"<https://w3id.org/safetycase-kg/id/facts-{n}{part}>"
    lines = [f"{node()} a sc:SafetyCase ; sc:operationalContext {node('/context')} ; sc:developer {node('/org')} .",
             f"{node('/context')} a sc:OperationalContext ; sc:model {node('/model')} .",
             f"{node('/model')} a sc:ModelBuild .", f"{node('/org')} a foaf:Organization ."]
    if compute is not None:
        lines.append(f'{node("/model")} sc:trainingCompute "{compute}"^^xsd:double .')
    if revenue is not None:
        lines.append(f'{node("/org")} sc:annualGrossRevenueUSD "{revenue}"^^xsd:decimal .')
    if in_eu is not None:
        lines.append(f'{node("/org")} sc:establishedInEU {"true" if in_eu else "false"} .')
    for holder, concept in classes:
        lines.append(f"{node('/' + holder)} sc:regulatoryClassification rc:{concept} .")
    return "\n".join(lines) + "\n"


HOLDERS = {"gpai-model": "model", "gpai-model-with-systemic-risk": "model", "high-risk-ai-system": "context",
           "sb53-frontier-developer": "org", "sb53-large-frontier-developer": "org"}


def _generated_fact_sets(count: int = 40):
    import random
    rng = random.Random(11)
    computes = [None, "9.0E24", "1.0E25", "1.1E25", "3.0E25", "1.0E26", "2.0E26"]
    revenues = [None, "0", "500000000", "500000001", "2000000000"]
    for n in range(count):
        classes = [(HOLDERS[c], c) for c in HOLDERS if rng.random() < 0.3]
        yield n, rng.choice(computes), rng.choice(revenues), rng.choice([None, True, False]), classes


def _expected(data: rdflib.Graph, vocab: rdflib.Graph, cond: URIRef, facts) -> bool | None:
    """The meaning of a condition, written out in Python as the oracle for the query."""
    _, compute, revenue, in_eu, classes = facts
    fact = data.value(cond, SC.testsFact)
    cmp = str(data.value(cond, SC.comparator)).rsplit("/", 1)[1]
    narrower = lambda c, target: c == target or any(narrower(b, target) for b in vocab.objects(c, SKOS.broader))
    stated_classes = [URIRef(VOCAB + "regulatory-classification/" + c) for _, c in classes]
    establishing = data.value(cond, SC.establishedByClassification)
    if establishing is not None and any(narrower(c, establishing) for c in stated_classes):
        return True
    if fact == SC.regulatoryClassification:
        if not stated_classes:
            return None
        return any(narrower(c, data.value(cond, SC.conceptValue)) for c in stated_classes)
    if fact == SC.establishedInEU:
        return None if in_eu is None else (in_eu == data.value(cond, SC.booleanValue).toPython()) == (cmp == "equals")
    value = {SC.trainingCompute: compute, SC.annualGrossRevenueUSD: revenue}[fact]
    if value is None:
        return None
    value, limit = float(value), float(data.value(cond, SC.numericValue).toPython())
    return {"greater-than": value > limit, "at-least": value >= limit, "less-than": value < limit, "at-most": value <= limit}[cmp]


def test_applicability_conditions_evaluate_against_generated_case_facts(graphs, tmp_path):
    from safetycase_kg.core.namespaces import ID, QUERIES_DIR
    from safetycase_kg.core.sparql import parse_named_query
    from safetycase_kg.core.store import Store
    from safetycase_kg.ingest.load import load
    data, _, _ = graphs
    vocab = rdflib.Graph().parse(ONTOLOGY.parent / "vocabularies.ttl")
    fact_sets = list(_generated_fact_sets())
    path = tmp_path / "facts.ttl"
    path.write_text(CASE_FACTS + "".join(_facts(*f) for f in fact_sets))
    store = Store()
    load(store, [path])
    query = parse_named_query(QUERIES_DIR / "catalog" / "clause-applicability.rq")
    checked = set()
    for framework in ("eu-ai-act-2024-1689", "ca-sb53-2025"):
        for facts in fact_sets:
            rows = store.query(query.bind({"case": ID[f"facts-{facts[0]}"], "framework": CAT[framework]}))
            for row in rows:
                holds = None if row.holds is None else row.holds.toPython()
                assert holds == _expected(data, vocab, row.condition, facts), (framework, facts, row.clause, row.condition)
                checked.add((row.condition, holds))
    assert {c for c, _ in checked} == {c for c in instances(data, SC.ApplicabilityCondition)
                                       if any(framework_of(data, cl) in (CAT["eu-ai-act-2024-1689"], CAT["ca-sb53-2025"])
                                              for cl in data.subjects(SC.appliesWhen, c))}
    assert {h for _, h in checked} == {True, False, None}


def test_case_files_state_the_facts_conditions_test(tmp_path):
    """A case written in the case-file format, with a register stating its model's and developer's facts."""
    from safetycase_kg.core.namespaces import ID, QUERIES_DIR
    from safetycase_kg.core.sparql import parse_named_query
    from safetycase_kg.core.store import Store
    from safetycase_kg.ingest.load import load
    (tmp_path / "register.yaml").write_text(
        "id: register/facts\ntype: Register\ngraph:\n"
        "  - {id: org/lab, type: Organization, name: Lab, establishedInEU: false,\n"
        "     regulatoryClassification: [sb53-large-frontier-developer]}\n"
        "  - {id: model/big, type: ModelBuild, modelName: Big, trainingCompute: 3.1e25,\n"
        "     regulatoryClassification: gpai-model-with-systemic-risk}\n")
    (tmp_path / "case.yaml").write_text(
        "id: facts-case\ntype: SafetyCase\ntitle: Facts\ndeveloper: org/lab\n"
        "operationalContext: {id: facts-case/context, type: OperationalContext, model: model/big}\n")
    store = Store()
    load(store, [tmp_path])
    query = parse_named_query(QUERIES_DIR / "catalog" / "clause-applicability.rq")
    holds = {}
    for framework in ("eu-ai-act-2024-1689", "ca-sb53-2025"):
        for row in store.query(query.bind({"case": ID["facts-case"], "framework": CAT[framework]})):
            holds[(str(row.clause).rsplit("/", 1)[1], str(row.condition).rsplit("/", 1)[1])] = \
                None if row.holds is None else row.holds.toPython()
    assert holds[("art-55-1-a", "gpai-model-with-systemic-risk")] is True
    assert holds[("art-54", "gpai-model")] is True and holds[("art-54", "provider-established-outside-eu")] is True
    assert holds[("art-52-1", "eu-training-compute-above-1e25")] is True
    assert holds[("art-73-1-5", "high-risk-ai-system")] is False          # a classification is stated, not this one
    assert holds[("bp-22757-12-a", "sb53-large-developer-revenue")] is True   # established by the classification
    assert holds[("bp-22757-12-c-1", "sb53-frontier-model")] is False    # 3.1E25 is below 10^26
