"""The named query library on the example corpus: every query's exact result, and the query list.

Each expected row below was worked out from the example case files (examples/cases, examples/registers) and then
checked against the query. IRIs in results are compacted to the project prefixes (id:, scv:, cat:, sc:) so the rows
read like the case files; typed literals become Python values (dates, Decimals, ints, booleans), other literals
strings. Every query orders its rows completely, so the expected rows are ordered lists.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from rdflib import Dataset, Literal, URIRef

from safetycase_kg.cli import main
from safetycase_kg.core.namespaces import PREFIXES, QUERIES_DIR
from safetycase_kg.core.queries import run_named
from safetycase_kg.core.sparql import TODAY, load_library

LIBRARY = load_library()
COMPACT = ("id", "scv", "cat", "sc")
PYTHON_VALUED = {URIRef(PREFIXES["xsd"] + t) for t in ("date", "decimal", "integer", "boolean")}


def iri(curie: str) -> URIRef:
    """``id:cyber-inability-v1`` -> the full IRI."""
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def value(term):
    """A result term as written in the expected rows: a CURIE, a Python value, a string or None."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        for prefix in COMPACT:
            if term.startswith(PREFIXES[prefix]):
                curie = f"{prefix}:{term[len(PREFIXES[prefix]):]}"
                assert iri(curie) == term
                return curie
        return str(term)
    if isinstance(term, Literal) and term.datatype in PYTHON_VALUED:
        return term.toPython()
    return str(term)


def run(store, name: str, params: dict[str, str]) -> tuple[list[str], list[tuple]]:
    result = run_named(store, LIBRARY[name], params)
    return [str(v) for v in result.vars], [tuple(value(t) for t in row) for row in result]


COLUMNS = {
    "cases-by-decision": ['case', 'title', 'decision', 'status', 'model', 'reviewBy'],
    "unsupported-claims": ['case', 'claim', 'statement', 'gap', 'evidenceCount'],
    "undeveloped-claims": ['case', 'status', 'outcome', 'element', 'kind', 'statement', 'parent'],
    "evidence-reused-across-cases": ['evidence', 'title', 'caseCount', 'case', 'status', 'decision'],
    "evidence-withdrawal-impact": ['case', 'kind', 'element', 'statement', 'direct'],
    "claims-on-internal-evidence-only": ['case', 'claim', 'statement', 'evidenceCount'],
    "open-defeaters": ['case', 'caseStatus', 'severity', 'defeater', 'type', 'attacks', 'statement'],
    "evidence-about-another-build": ['case', 'evidence', 'evaluationDate', 'testedModel', 'testedRole', 'caseModel', 'buildDate', 'predatesBuild', 'otherBuild', 'relation'],
    "stale-evidence": ['case', 'caseStatus', 'evidence', 'evaluationDate', 'freshnessWindow', 'daysPastWindow'],
    "evidence-scope-mismatch": ['case', 'caseDecision', 'evidence', 'evaluatedDecision', 'caseContext', 'evaluatedContext', 'decisionMismatch', 'contextMismatch'],
    "review-independence-gaps": ['case', 'caseStatus', 'reviewer', 'independence', 'conflictOfInterest', 'internalReviewOnly', 'conflicted'],
    "developer-only-acceptability": ['case', 'caseStatus', 'developer', 'standardOnlyDeveloper', 'acceptedOnlyByDeveloper', 'acceptorCount'],
    "redactions": ['reason', 'custodian', 'item', 'disclosure', 'character', 'case'],
    "residual-risks": ['domain', 'acceptedBy', 'acceptorOrganisation', 'case', 'severity', 'acceptedOn', 'statement'],
    "capability-assessments": ['model', 'threshold', 'framework', 'outcome', 'measuredValue', 'thresholdValue', 'atOrAboveThreshold', 'case', 'assessment'],
    "load-bearing-elements": ['element', 'kind', 'claimCount', 'caseCount'],
    "argument-map": ['depth', 'parent', 'relation', 'child', 'kind', 'statement', 'undeveloped'],
    "decision-basis": ['kind', 'element', 'statement', 'date', 'status', 'disposedAfterCutoff'],
    "expired-cases": ['case', 'status', 'reviewBy', 'validUntil', 'reviewOverdue', 'expired'],
    "review-triggers": ['case', 'kind', 'status', 'firedOn', 'watches', 'statement'],
    "model-builds": ['model', 'modelName', 'buildDate', 'previousBuild', 'lineageRoot', 'generation', 'case', 'caseStatus', 'decision'],
    "case-versions": ['root', 'case', 'version', 'status', 'created', 'supersedes', 'supersededBy', 'latest', 'statusMismatch'],
    "breached-indicators": ['case', 'indicator', 'metric', 'breachWhen', 'threshold', 'observed', 'observedOn', 'breached', 'monitoredClaim', 'owner', 'triggerStatus', 'reviewAction'],
    "review-dissent": ['case', 'caseStatus', 'outcome', 'reviewer', 'independence', 'opinion', 'reviewDate', 'statement'],
    "clauses-addressed": ['case', 'relation', 'target', 'title', 'element', 'elementKind'],
    "evidence-by-replication": ['replication', 'sourceType', 'evidenceCount', 'caseCount'],
    'thresholds-reached': ['model', 'threshold', 'domain', 'framework', 'frameworkIssued', 'outcome', 'assessmentDate', 'case'],
    'unaddressed-clauses': ['framework', 'clause', 'identifier', 'title', 'relyingCases'],
    'clause-gaps': ['case', 'status', 'decision', 'reliesOnFramework'],
    'evidence-obligations': ['clause', 'framework', 'route', 'relation', 'via', 'case'],
    'control-protocols': ['protocol', 'title', 'case', 'evidence', 'baseline', 'auditBudget', 'safety', 'safetyLower', 'safetyUpper', 'confidenceLevel', 'safetyThreshold', 'usefulness', 'usefulnessLower', 'usefulnessUpper', 'attackPolicy', 'redTeamHours'],
    'intervals-reaching-thresholds': ['case', 'element', 'kind', 'value', 'lower', 'upper', 'confidenceLevel', 'threshold', 'breachWhen', 'valueReaches', 'margin', 'withinMargin', 'preRegistered'],
    'elicitation-effort': ['case', 'assessment', 'model', 'kind', 'holder', 'attemptsPerTask', 'passAtK', 'elicitationHours', 'scaffoldsTried', 'techniques', 'checkMethod', 'checkOutcome', 'recoveredFraction', 'performanceGap'],
    'overdue-submissions': ['case', 'item', 'kind', 'submittedTo', 'due', 'sent', 'daysOverdue', 'status'],
    'monitor-checkpoint-impact': ['case', 'caseStatus', 'monitor', 'role', 'what', 'item'],
    'template-departures': ['case', 'template', 'departure', 'element', 'templateElement'],
    'model-roles': ['case', 'model', 'role', 'evidenceCount'],
}

CASES = [
    # All sixteen case versions, with the reviewBy dates of their YAML files (the template is not a case).
    ("cases-by-decision", {}, [
        ('id:agent-browsing-tool-addition-v1', 'Adding read-only web browsing to the Atlas-4 Code internal agent (draft)', 'scv:decision-kind/agent-tool-addition', 'scv:case-status/draft', 'id:model/atlas-4-code-2026-07-01', date(2027, 1, 31)),
        ('id:ai-control-internal-agent-v1', 'Atlas-4 Code internal research agent stays controllable (AI control, no data exfiltration)', 'scv:decision-kind/internal-deployment', 'scv:case-status/approved', 'id:model/atlas-4-code-2026-07-01', date(2027, 1, 20)),
        ('id:atlas-4-1-cyber-inability-v1', 'Atlas-4.1 API launch without unacceptable offensive-cyber risk (inability with intervals, deferred)', 'scv:decision-kind/api-launch', 'scv:case-status/under-review', 'id:model/atlas-4-1-2026-08-14', date(2027, 1, 31)),
        ('id:atlas-5-eu-model-report-v1', 'Atlas-5 placed on the EU market as a general-purpose AI model with systemic risk (Model Report case)', 'scv:decision-kind/gpai-market-placement', 'scv:case-status/approved', 'id:model/atlas-5-2026-09-10', date(2027, 4, 12)),
        ('id:atlas-5-sb53-transparency-v1', 'Atlas-5 public API launch and extensive internal use without unacceptable catastrophic risk (SB 53 transparency case)', 'scv:decision-kind/api-launch', 'scv:case-status/approved', 'id:model/atlas-5-2026-09-10', date(2027, 1, 31)),
        ('id:cbrn-rsp-deployment-v1', 'Atlas-4.1 API launch with ASL-3-style safeguards below the CBRN-1 threshold', 'scv:decision-kind/api-launch', 'scv:case-status/approved', 'id:model/atlas-4-1-2026-08-14', date(2027, 3, 10)),
        ('id:clinical-triage-integration-v1', 'Polaris-2-Med as a triage-suggestion assistant in an emergency department (rejected)', 'scv:decision-kind/sensitive-domain-integration', 'scv:case-status/rejected', 'id:model/polaris-2-med-2026-09-02', date(2027, 4, 1)),
        ('id:cyber-inability-v1', 'Atlas-4 API launch without unacceptable offensive-cyber risk (cyber inability)', 'scv:decision-kind/api-launch', 'scv:case-status/superseded', 'id:model/atlas-4-2026-05-20', date(2026, 11, 25)),
        ('id:cyber-inability-v2', 'Atlas-4 API launch without unacceptable offensive-cyber risk (cyber inability, version 2)', 'scv:decision-kind/api-launch', 'scv:case-status/approved', 'id:model/atlas-4-2026-05-20', date(2026, 12, 20)),
        ('id:debate-alignment-v1', 'Polaris-2 honest enough for trusted research partners (debate-based alignment)', 'scv:decision-kind/trusted-user-access', 'scv:case-status/under-review', 'id:model/polaris-2-2026-04-18', date(2027, 1, 15)),
        ('id:fsf-early-warning-v1', 'Continue Polaris-3 training after an ML R&D early-warning result', 'scv:decision-kind/continue-training', 'scv:case-status/needs-review', 'id:model/polaris-3-ckpt-2026-10-05', date(2027, 1, 14)),
        ('id:misuse-safeguards-api-v0', 'Atlas-4 early-access API safeguards keep misuse risk below threshold T (March checkpoint)', 'scv:decision-kind/api-launch', 'scv:case-status/superseded', 'id:model/atlas-4-2026-03-02', date(2026, 6, 1)),
        ('id:misuse-safeguards-api-v1', 'Atlas-4 API safeguards keep catastrophic-misuse risk below threshold T', 'scv:decision-kind/api-launch', 'scv:case-status/approved', 'id:model/atlas-4-2026-05-20', date(2026, 12, 15)),
        ('id:open-weights-reuse-v1', 'Atlas-4 open-weights release without unacceptable misuse or cyber risk', 'scv:decision-kind/open-weight-publication', 'scv:case-status/approved', 'id:model/atlas-4-open-2026-06-10', date(2027, 6, 20)),
        ('id:polaris-1-keep-restricted-v1', 'Keep Polaris-1 restricted to trusted partners after reaching cyber level 1 (expired)', 'scv:decision-kind/keep-restricted', 'scv:case-status/expired', 'id:model/polaris-1-2025-11-03', date(2026, 8, 31)),
        ('id:polaris-3-agent-control-v1', 'Polaris-3 Agent internal coding agent under untrusted monitoring (AI control, no backdoors merged)', 'scv:decision-kind/internal-deployment', 'scv:case-status/approved', 'id:model/polaris-3-agent-2026-11-02', date(2027, 2, 18)),
    ]),
    ("cases-by-decision", {"decision": "scv:decision-kind/api-launch", "status": "scv:case-status/approved"}, [
        ('id:atlas-5-sb53-transparency-v1', 'Atlas-5 public API launch and extensive internal use without unacceptable catastrophic risk (SB 53 transparency case)', 'scv:decision-kind/api-launch', 'scv:case-status/approved', 'id:model/atlas-5-2026-09-10', date(2027, 1, 31)),
        ('id:cbrn-rsp-deployment-v1', 'Atlas-4.1 API launch with ASL-3-style safeguards below the CBRN-1 threshold', 'scv:decision-kind/api-launch', 'scv:case-status/approved', 'id:model/atlas-4-1-2026-08-14', date(2027, 3, 10)),
        ('id:cyber-inability-v2', 'Atlas-4 API launch without unacceptable offensive-cyber risk (cyber inability, version 2)', 'scv:decision-kind/api-launch', 'scv:case-status/approved', 'id:model/atlas-4-2026-05-20', date(2026, 12, 20)),
        ('id:misuse-safeguards-api-v1', 'Atlas-4 API safeguards keep catastrophic-misuse risk below threshold T', 'scv:decision-kind/api-launch', 'scv:case-status/approved', 'id:model/atlas-4-2026-05-20', date(2026, 12, 15)),
    ]),
    # The SB 53 case is bound to the API launch and also covers extensive internal use.
    ("cases-by-decision", {"decision": "scv:decision-kind/extensive-internal-use"}, [
        ('id:atlas-5-sb53-transparency-v1', 'Atlas-5 public API launch and extensive internal use without unacceptable catastrophic risk (SB 53 transparency case)', 'scv:decision-kind/api-launch', 'scv:case-status/approved', 'id:model/atlas-5-2026-09-10', date(2027, 1, 31)),
    ]),
    # G3 of open-weights, G2 of misuse v0 and G2 of clinical triage rest on an assumption alone; debate G3 reaches only the
    # inconclusive pilot E4, fsf G3 only the inconclusive forecast E3 (ai-control G4 rests on the re-test E4 since it was run).
    # The undeveloped claims (agent-browsing G2, debate G4) are left out. atlas-4-1 G2 reaches only the inconclusive E2.
    # (the cyber-inability template's undeveloped claims belong to no case).
    ("unsupported-claims", {}, [
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/G2', 'Atlas-4.1 finds planted memory-safety bugs in fewer than 30 % of projects, clear of the safety margin.', 'only undermining or inconclusive evidence', 1),
        ('id:clinical-triage-integration-v1', 'id:clinical-triage-integration-v1/G2', "Nurses catch the model's under-triage errors before they affect care.", 'no evidence', 0),
        ('id:debate-alignment-v1', 'id:debate-alignment-v1/G3', 'Honesty does not degrade in deployment while online debate training continues.', 'only undermining or inconclusive evidence', 1),
        ('id:fsf-early-warning-v1', 'id:fsf-early-warning-v1/G3', 'The next early-warning evaluation will run before any checkpoint could cross level 1.', 'only undermining or inconclusive evidence', 1),
        ('id:misuse-safeguards-api-v0', 'id:misuse-safeguards-api-v0/G2', 'With about 300 vetted users, exposure is small enough that the risk stays below T.', 'no evidence', 0),
        ('id:open-weights-reuse-v1', 'id:open-weights-reuse-v1/G3', 'Publishing weights opens no exposure pathway beyond those of the API.', 'no evidence', 0),
    ]),
    ("unsupported-claims", {"case": "id:open-weights-reuse-v1"}, [
        ('id:open-weights-reuse-v1', 'id:open-weights-reuse-v1/G3', 'Publishing weights opens no exposure pathway beyond those of the API.', 'no evidence', 0),
    ]),
    # The two claims marked undeveloped: true, both under their case's top strategy S1.
    ("undeveloped-claims", {}, [
        ('id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'scv:decision-outcome/deferred', 'id:agent-browsing-tool-addition-v1/G2', 'claim', 'The monitor catches URL-encoded exfiltration attempts at the rate the existing case assumes.', 'id:agent-browsing-tool-addition-v1/S1'),
        ('id:debate-alignment-v1', 'scv:case-status/under-review', 'scv:decision-outcome/deferred', 'id:debate-alignment-v1/G4', 'claim', "A trusted earlier model, acting as an independent advisor, judges Polaris-2's audited answers honest.", 'id:debate-alignment-v1/S1'),
    ]),
    ("undeveloped-claims", {"case": "id:debate-alignment-v1"}, [
        ('id:debate-alignment-v1', 'scv:case-status/under-review', 'scv:decision-outcome/deferred', 'id:debate-alignment-v1/G4', 'claim', "A trusted earlier model, acting as an independent advisor, judges Polaris-2's audited answers honest.", 'id:debate-alignment-v1/S1'),
    ]),
    # The four shared register items of the first examples and the three Atlas-5 items, each cited by two cases (the
    # elicitation audit is cited by cyber-inability-v1 only).
    ("evidence-reused-across-cases", {}, [
        ('id:evidence/atlas-4-system-card-2026-05', 'Atlas-4 system card (public), May 2026', 2, 'id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:evidence/atlas-4-system-card-2026-05', 'Atlas-4 system card (public), May 2026', 2, 'id:open-weights-reuse-v1', 'scv:case-status/approved', 'scv:decision-kind/open-weight-publication'),
        ('id:evidence/atlas-5-dangerous-capability-evals-2026-09', 'Atlas-5 dangerous-capability evaluations, September 2026 (cyber and CBRN)', 2, 'id:atlas-5-eu-model-report-v1', 'scv:case-status/approved', 'scv:decision-kind/gpai-market-placement'),
        ('id:evidence/atlas-5-dangerous-capability-evals-2026-09', 'Atlas-5 dangerous-capability evaluations, September 2026 (cyber and CBRN)', 2, 'id:atlas-5-sb53-transparency-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:evidence/atlas-5-third-party-eval-2026-10', 'Meridian external evaluation of Atlas-5, October 2026', 2, 'id:atlas-5-eu-model-report-v1', 'scv:case-status/approved', 'scv:decision-kind/gpai-market-placement'),
        ('id:evidence/atlas-5-third-party-eval-2026-10', 'Meridian external evaluation of Atlas-5, October 2026', 2, 'id:atlas-5-sb53-transparency-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:evidence/aurora-infrastructure-audit-2026-08', "Kestrel audit of Aurora's weight storage and serving infrastructure, August 2026", 2, 'id:atlas-5-eu-model-report-v1', 'scv:case-status/approved', 'scv:decision-kind/gpai-market-placement'),
        ('id:evidence/aurora-infrastructure-audit-2026-08', "Kestrel audit of Aurora's weight storage and serving infrastructure, August 2026", 2, 'id:atlas-5-sb53-transparency-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:evidence/control-eval-2026-07', 'Control evaluation in the deployment proxy, July 2026 (raw episode logs)', 2, 'id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'scv:decision-kind/agent-tool-addition'),
        ('id:evidence/control-eval-2026-07', 'Control evaluation in the deployment proxy, July 2026 (raw episode logs)', 2, 'id:ai-control-internal-agent-v1', 'scv:case-status/approved', 'scv:decision-kind/internal-deployment'),
        ('id:evidence/ctf-suite-2026-04', 'Cyber capture-the-flag evaluation suite, April 2026', 2, 'id:cyber-inability-v1', 'scv:case-status/superseded', 'scv:decision-kind/api-launch'),
        ('id:evidence/ctf-suite-2026-04', 'Cyber capture-the-flag evaluation suite, April 2026', 2, 'id:open-weights-reuse-v1', 'scv:case-status/approved', 'scv:decision-kind/open-weight-publication'),
        ('id:evidence/redteam-report-2026-05', 'External red-team report on Atlas-4 safeguards, May 2026', 2, 'id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:evidence/redteam-report-2026-05', 'External red-team report on Atlas-4 safeguards, May 2026', 2, 'id:open-weights-reuse-v1', 'scv:case-status/approved', 'scv:decision-kind/open-weight-publication'),
    ]),
    ("evidence-reused-across-cases", {"case": "id:open-weights-reuse-v1"}, [
        ('id:evidence/atlas-4-system-card-2026-05', 'Atlas-4 system card (public), May 2026', 2, 'id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:evidence/atlas-4-system-card-2026-05', 'Atlas-4 system card (public), May 2026', 2, 'id:open-weights-reuse-v1', 'scv:case-status/approved', 'scv:decision-kind/open-weight-publication'),
        ('id:evidence/ctf-suite-2026-04', 'Cyber capture-the-flag evaluation suite, April 2026', 2, 'id:cyber-inability-v1', 'scv:case-status/superseded', 'scv:decision-kind/api-launch'),
        ('id:evidence/ctf-suite-2026-04', 'Cyber capture-the-flag evaluation suite, April 2026', 2, 'id:open-weights-reuse-v1', 'scv:case-status/approved', 'scv:decision-kind/open-weight-publication'),
        ('id:evidence/redteam-report-2026-05', 'External red-team report on Atlas-4 safeguards, May 2026', 2, 'id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:evidence/redteam-report-2026-05', 'External red-team report on Atlas-4 safeguards, May 2026', 2, 'id:open-weights-reuse-v1', 'scv:case-status/approved', 'scv:decision-kind/open-weight-publication'),
    ]),
    ("evidence-reused-across-cases", {"minCases": "3"}, []),
    # G1 cites the CTF suite directly and G0 reaches it through S1; cyber-v1 G2 rests on the elicitation audit, which
    # interprets the suite, as does the refutation of D2; CA1 is based on both. misuse-v1 cites the system card (which
    # interprets the suite) but no claim of it rests on the card.
    ("evidence-withdrawal-impact", {"evidence": "id:evidence/ctf-suite-2026-04"}, [
        ('id:cyber-inability-v1', 'capability assessment', 'id:cyber-inability-v1/CA1', 'solve rate on professional-level CTF challenges under best-effort elicitation', True),
        ('id:cyber-inability-v1', 'claim', 'id:cyber-inability-v1/G0', 'Atlas-4 can be launched through the public API without unacceptable offensive-cyber risk.', True),
        ('id:cyber-inability-v1', 'claim', 'id:cyber-inability-v1/G1', 'Atlas-4 cannot solve professional-level CTF challenges at a rate that would uplift mid-skill actors.', True),
        ('id:cyber-inability-v1', 'claim', 'id:cyber-inability-v1/G2', "The evaluation elicited Atlas-4's cyber capability adequately.", False),
        ('id:cyber-inability-v1', 'defeater refutation', 'id:cyber-inability-v1/D2', 'Some CTF challenges may have public write-ups in the training data.', False),
        ('id:open-weights-reuse-v1', 'claim', 'id:open-weights-reuse-v1/G0', 'Publishing the Atlas-4 open weights creates no unacceptable misuse or cyber risk.', True),
        ('id:open-weights-reuse-v1', 'claim', 'id:open-weights-reuse-v1/G1', 'Atlas-4 cannot uplift mid-skill cyber attackers.', True),
    ]),
    ("evidence-withdrawal-impact", {"evidence": "id:evidence/control-eval-2026-07"}, [
        ('id:agent-browsing-tool-addition-v1', 'claim', 'id:agent-browsing-tool-addition-v1/G0', "Adding read-only browsing keeps the internal agent's 90-day exfiltration probability below 1 %.", True),
        ('id:agent-browsing-tool-addition-v1', 'claim', 'id:agent-browsing-tool-addition-v1/G1', 'GET-only browsing through the egress proxy limits outbound data to URL length and request rate.', True),
        ('id:ai-control-internal-agent-v1', 'claim', 'id:ai-control-internal-agent-v1/G0', 'Deploying Atlas-4 Code internally under the control protocol keeps the probability that at least 1 MB from a protected store leaves the cluster within 90 days below 1 %.', True),
        ('id:ai-control-internal-agent-v1', 'claim', 'id:ai-control-internal-agent-v1/G1', "The red team adequately elicits the agent's ability to subvert the control protocol.", True),
        ('id:ai-control-internal-agent-v1', 'claim', 'id:ai-control-internal-agent-v1/G3', 'No exfiltration succeeded in 500 simulated 90-day deployments built from the proxy, so a one-sided 95 % bound on the 90-day probability is 0.6 %.', True),
        ('id:ai-control-internal-agent-v1', 'defeater refutation', 'id:ai-control-internal-agent-v1/D1', "The in-house red team designed both the protocol and the attacks, so it may share the protocol's blind spots.", False),
    ]),
    # Every claim whose reachable evidence is all internal or public-summary: e.g. open-weights G1 (CTF suite + system card)
    # but not G0, which also reaches the externally replicated red-team report.
    ("claims-on-internal-evidence-only", {}, [
        ('id:agent-browsing-tool-addition-v1', 'id:agent-browsing-tool-addition-v1/G0', "Adding read-only browsing keeps the internal agent's 90-day exfiltration probability below 1 %.", 2),
        ('id:agent-browsing-tool-addition-v1', 'id:agent-browsing-tool-addition-v1/G1', 'GET-only browsing through the egress proxy limits outbound data to URL length and request rate.', 2),
        ('id:ai-control-internal-agent-v1', 'id:ai-control-internal-agent-v1/G2', 'The control measures are at least as effective in deployment as in the deployment proxy.', 1),
        ('id:ai-control-internal-agent-v1', 'id:ai-control-internal-agent-v1/G3', 'No exfiltration succeeded in 500 simulated 90-day deployments built from the proxy, so a one-sided 95 % bound on the 90-day probability is 0.6 %.', 1),
        ('id:ai-control-internal-agent-v1', 'id:ai-control-internal-agent-v1/G4', 'Deployment monitoring covers every agent action and catches the attack classes the evaluation assumed it would.', 1),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/G1', 'Atlas-4.1 solves professional-level CTF challenges below risk tier 1, with the interval of its solve rate below the tier.', 1),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/G2', 'Atlas-4.1 finds planted memory-safety bugs in fewer than 30 % of projects, clear of the safety margin.', 1),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/G4', 'API-level misuse classifiers block most agentic exploitation workflows before they finish.', 1),
        ('id:atlas-5-eu-model-report-v1', 'id:atlas-5-eu-model-report-v1/G2', "Atlas-5's CBRN uplift is below CBRN risk tier 1, clear of its safety margin.", 1),
        ('id:atlas-5-eu-model-report-v1', 'id:atlas-5-eu-model-report-v1/G4', 'Serious incidents are found, documented and reported to the supervisory office within the Code of Practice deadlines.', 1),
        ('id:atlas-5-sb53-transparency-v1', 'id:atlas-5-sb53-transparency-v1/G2', 'In extensive internal use, Atlas-5 does not sabotage the monitoring of its own actions undetected.', 1),
        ('id:cyber-inability-v1', 'id:cyber-inability-v1/G0', 'Atlas-4 can be launched through the public API without unacceptable offensive-cyber risk.', 2),
        ('id:cyber-inability-v1', 'id:cyber-inability-v1/G1', 'Atlas-4 cannot solve professional-level CTF challenges at a rate that would uplift mid-skill actors.', 1),
        ('id:cyber-inability-v1', 'id:cyber-inability-v1/G2', "The evaluation elicited Atlas-4's cyber capability adequately.", 1),
        ('id:debate-alignment-v1', 'id:debate-alignment-v1/G1', 'Polaris-2 is good at the debate game, winning as the honest side against its strongest adversarial debaters.', 1),
        ('id:debate-alignment-v1', 'id:debate-alignment-v1/G3', 'Honesty does not degrade in deployment while online debate training continues.', 1),
        ('id:fsf-early-warning-v1', 'id:fsf-early-warning-v1/G1', 'Polaris-3 is below ML R&D acceleration level 1, though past its alert threshold.', 1),
        ('id:fsf-early-warning-v1', 'id:fsf-early-warning-v1/G3', 'The next early-warning evaluation will run before any checkpoint could cross level 1.', 1),
        ('id:misuse-safeguards-api-v0', 'id:misuse-safeguards-api-v0/G0', 'The early-access safeguards keep catastrophic-misuse risk below threshold T for the March checkpoint.', 1),
        ('id:misuse-safeguards-api-v0', 'id:misuse-safeguards-api-v0/G1', 'Internal red-teaming found no universal jailbreak in 40 hours.', 1),
        ('id:misuse-safeguards-api-v1', 'id:misuse-safeguards-api-v1/G2', 'Universal jailbreaks found in deployment are detected and patched within the 7-day grace period.', 1),
        ('id:misuse-safeguards-api-v1', 'id:misuse-safeguards-api-v1/G3', 'The uplift model puts the expected number of uplifted novice actors at 0.018 per year, below T.', 1),
        ('id:open-weights-reuse-v1', 'id:open-weights-reuse-v1/G1', 'Atlas-4 cannot uplift mid-skill cyber attackers.', 2),
        ('id:polaris-3-agent-control-v1', 'id:polaris-3-agent-control-v1/G3', 'The untrusted monitor does not collude with the agent it monitors.', 1),
        ('id:polaris-3-agent-control-v1', 'id:polaris-3-agent-control-v1/G4', 'The trusted monitor flags the attack classes the evaluation assumed it would, at the audit budget.', 1),
    ]),
    ("claims-on-internal-evidence-only", {"case": "id:misuse-safeguards-api-v1"}, [
        ('id:misuse-safeguards-api-v1', 'id:misuse-safeguards-api-v1/G2', 'Universal jailbreaks found in deployment are detected and patched within the 7-day grace period.', 1),
        ('id:misuse-safeguards-api-v1', 'id:misuse-safeguards-api-v1/G3', 'The uplift model puts the expected number of uplifted novice actors at 0.018 per year, below T.', 1),
    ]),
    # The eleven defeaters with defeaterStatus: open, critical first.
    ("open-defeaters", {}, [
        ('id:clinical-triage-integration-v1', 'scv:case-status/rejected', 'scv:severity/critical', 'id:clinical-triage-integration-v1/D1', 'scv:defeater-type/excluded-test-domain', 'id:clinical-triage-integration-v1/G1', 'The retrospective set excluded walk-in presentations with sparse notes; on live traffic under-triage was 3.8 %.'),
        ('id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'scv:severity/high', 'id:agent-browsing-tool-addition-v1/D1', 'scv:defeater-type/blind-spot', 'id:evidence/control-eval-2026-07', 'The baseline control evaluation never included a network channel, so its monitor figures may not carry over.'),
        ('id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'scv:severity/high', 'id:agent-browsing-tool-addition-v1/D2', 'scv:defeater-type/weak-monitor', 'id:agent-browsing-tool-addition-v1/G2', 'The monitor was not trained on URL-encoded payloads.'),
        ('id:clinical-triage-integration-v1', 'scv:case-status/rejected', 'scv:severity/high', 'id:clinical-triage-integration-v1/D2', 'scv:defeater-type/overbroad-assumption', 'id:clinical-triage-integration-v1/A1', 'Automation bias; at peak load nurses copy suggestions instead of reviewing them.'),
        ('id:debate-alignment-v1', 'scv:case-status/under-review', 'scv:severity/high', 'id:debate-alignment-v1/D1', 'scv:defeater-type/excluded-test-domain', 'id:debate-alignment-v1/G2', 'Obfuscated arguments; the honesty audit excluded long multi-step questions, where a dishonest debater can win with arguments too long to refute.'),
        ('id:fsf-early-warning-v1', 'scv:case-status/needs-review', 'scv:severity/high', 'id:fsf-early-warning-v1/D2', 'scv:defeater-type/evaluator-disagreement', 'id:fsf-early-warning-v1/G1', 'An external evaluator scored the same transcripts at a speed-up of 1.45, near the level.'),
        ('id:atlas-4-1-cyber-inability-v1', 'scv:case-status/under-review', 'scv:severity/medium', 'id:atlas-4-1-cyber-inability-v1/D1', 'scv:defeater-type/excluded-test-domain', 'id:atlas-4-1-cyber-inability-v1/G1', 'Neither suite has tasks on industrial control systems, the targets the risk model names.'),
        ('id:atlas-5-sb53-transparency-v1', 'scv:case-status/approved', 'scv:severity/medium', 'id:atlas-5-sb53-transparency-v1/D1', 'scv:defeater-type/blind-spot', 'id:atlas-5-sb53-transparency-v1/G2', 'Internal-use evaluation covered research tasks but not infrastructure administration tasks.'),
        ('id:debate-alignment-v1', 'scv:case-status/under-review', 'scv:severity/medium', 'id:debate-alignment-v1/D3', 'scv:defeater-type/overbroad-assumption', 'id:debate-alignment-v1/A1', 'Two partner institutions use Polaris-2 summaries in funding decisions, which is not low-stakes.'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'scv:severity/medium', 'id:polaris-3-agent-control-v1/D2', 'scv:defeater-type/weak-monitor', 'id:polaris-3-agent-control-v1/G4', "The trusted monitor's recall on multi-file backdoors was not measured separately."),
        ('id:cyber-inability-v2', 'scv:case-status/approved', 'scv:severity/low', 'id:cyber-inability-v2/D3', 'scv:defeater-type/weak-baseline', 'id:cyber-inability-v2/A1', 'The internet-search baseline was measured with 2025 tools and may understate what attackers can already do without the model.'),
    ]),
    ("open-defeaters", {"severity": "scv:severity/high", "case": "id:agent-browsing-tool-addition-v1"}, [
        ('id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'scv:severity/high', 'id:agent-browsing-tool-addition-v1/D1', 'scv:defeater-type/blind-spot', 'id:evidence/control-eval-2026-07', 'The baseline control evaluation never included a network channel, so its monitor figures may not carry over.'),
        ('id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'scv:severity/high', 'id:agent-browsing-tool-addition-v1/D2', 'scv:defeater-type/weak-monitor', 'id:agent-browsing-tool-addition-v1/G2', 'The monitor was not trained on URL-encoded payloads.'),
    ]),
    # Evidence on the March checkpoint cited for the May build or the open-weights build (and the system card, May build,
    # dated before the open-weights build). The control evaluations run on the red-team substitute derived from Atlas-4 Code,
    # and the Polaris-3 Agent evidence on its monitor and attack policy, are about builds the contexts name in those roles,
    # so they are not listed; nor is evidence about no model (the infrastructure audit, the incident drill).
    ("evidence-about-another-build", {}, [
        ('id:cyber-inability-v1', 'id:evidence/ctf-suite-2026-04', date(2026, 4, 2), 'id:model/atlas-4-2026-03-02', None, 'id:model/atlas-4-2026-05-20', date(2026, 5, 20), True, True, 'earlier build in its lineage'),
        ('id:cyber-inability-v1', 'id:evidence/elicitation-audit-2026-05', date(2026, 5, 2), 'id:model/atlas-4-2026-03-02', None, 'id:model/atlas-4-2026-05-20', date(2026, 5, 20), True, True, 'earlier build in its lineage'),
        ('id:misuse-safeguards-api-v1', 'id:evidence/redteam-report-2026-05', date(2026, 5, 12), 'id:model/atlas-4-2026-03-02', None, 'id:model/atlas-4-2026-05-20', date(2026, 5, 20), True, True, 'earlier build in its lineage'),
        ('id:open-weights-reuse-v1', 'id:evidence/atlas-4-system-card-2026-05', date(2026, 5, 26), 'id:model/atlas-4-2026-05-20', None, 'id:model/atlas-4-open-2026-06-10', date(2026, 6, 10), True, True, 'earlier build in its lineage'),
        ('id:open-weights-reuse-v1', 'id:evidence/ctf-suite-2026-04', date(2026, 4, 2), 'id:model/atlas-4-2026-03-02', None, 'id:model/atlas-4-open-2026-06-10', date(2026, 6, 10), True, True, 'earlier build in its lineage'),
        ('id:open-weights-reuse-v1', 'id:evidence/redteam-report-2026-05', date(2026, 5, 12), 'id:model/atlas-4-2026-03-02', None, 'id:model/atlas-4-open-2026-06-10', date(2026, 6, 10), True, True, 'earlier build in its lineage'),
    ]),
    ("evidence-about-another-build", {"case": "id:misuse-safeguards-api-v1"}, [
        ('id:misuse-safeguards-api-v1', 'id:evidence/redteam-report-2026-05', date(2026, 5, 12), 'id:model/atlas-4-2026-03-02', None, 'id:model/atlas-4-2026-05-20', date(2026, 5, 20), True, True, 'earlier build in its lineage'),
    ]),
    # As of 2026-11-29: e.g. misuse v0 E1, 2026-03-16 + P90D = 2026-06-14, is 168 days past; the system card, 2026-05-26 +
    # P180D = 2026-11-22, 7 days. control-eval (until 2027-01-08), cyber-v2 E1/E2 and fsf E1 are still fresh.
    ("stale-evidence", {"asOf": "2026-11-29"}, [
        ('id:misuse-safeguards-api-v0', 'scv:case-status/superseded', 'id:misuse-safeguards-api-v0/E1', date(2026, 3, 16), 'P90D', 168),
        ('id:polaris-1-keep-restricted-v1', 'scv:case-status/expired', 'id:polaris-1-keep-restricted-v1/E1', date(2026, 2, 10), 'P180D', 112),
        ('id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'id:misuse-safeguards-api-v1/E3', date(2026, 5, 26), 'P90D', 97),
        ('id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'id:evidence/redteam-report-2026-05', date(2026, 5, 12), 'P120D', 81),
        ('id:open-weights-reuse-v1', 'scv:case-status/approved', 'id:evidence/redteam-report-2026-05', date(2026, 5, 12), 'P120D', 81),
        ('id:cyber-inability-v1', 'scv:case-status/superseded', 'id:evidence/ctf-suite-2026-04', date(2026, 4, 2), 'P180D', 61),
        ('id:open-weights-reuse-v1', 'scv:case-status/approved', 'id:evidence/ctf-suite-2026-04', date(2026, 4, 2), 'P180D', 61),
        ('id:cyber-inability-v1', 'scv:case-status/superseded', 'id:evidence/elicitation-audit-2026-05', date(2026, 5, 2), 'P180D', 31),
        ('id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'id:evidence/atlas-4-system-card-2026-05', date(2026, 5, 26), 'P180D', 7),
        ('id:open-weights-reuse-v1', 'scv:case-status/approved', 'id:evidence/atlas-4-system-card-2026-05', date(2026, 5, 26), 'P180D', 7),
    ]),
    ("stale-evidence", {"asOf": "2026-09-01"}, [
        ('id:misuse-safeguards-api-v0', 'scv:case-status/superseded', 'id:misuse-safeguards-api-v0/E1', date(2026, 3, 16), 'P90D', 79),
        ('id:polaris-1-keep-restricted-v1', 'scv:case-status/expired', 'id:polaris-1-keep-restricted-v1/E1', date(2026, 2, 10), 'P180D', 23),
        ('id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'id:misuse-safeguards-api-v1/E3', date(2026, 5, 26), 'P90D', 8),
    ]),
    # The two API-launch evaluations reused for the open-weight publication, and the internal-deployment control evaluation
    # (run for the ai-control context) reused for the agent tool addition.
    ("evidence-scope-mismatch", {}, [
        ('id:agent-browsing-tool-addition-v1', 'scv:decision-kind/agent-tool-addition', 'id:evidence/control-eval-2026-07', 'scv:decision-kind/internal-deployment', 'id:agent-browsing-tool-addition-v1/context', 'id:ai-control-internal-agent-v1/context', True, True),
        ('id:open-weights-reuse-v1', 'scv:decision-kind/open-weight-publication', 'id:evidence/ctf-suite-2026-04', 'scv:decision-kind/api-launch', 'id:open-weights-reuse-v1/context', None, True, False),
        ('id:open-weights-reuse-v1', 'scv:decision-kind/open-weight-publication', 'id:evidence/redteam-report-2026-05', 'scv:decision-kind/api-launch', 'id:open-weights-reuse-v1/context', None, True, False),
    ]),
    ("evidence-scope-mismatch", {"case": "id:agent-browsing-tool-addition-v1"}, [
        ('id:agent-browsing-tool-addition-v1', 'scv:decision-kind/agent-tool-addition', 'id:evidence/control-eval-2026-07', 'scv:decision-kind/internal-deployment', 'id:agent-browsing-tool-addition-v1/context', 'id:ai-control-internal-agent-v1/context', True, True),
    ]),
    # Declared conflicts (anything but "none declared"), and open-weights' single internal, conflicted reviewer.
    ("review-independence-gaps", {}, [
        ('id:ai-control-internal-agent-v1', 'scv:case-status/approved', 'id:person/s-ito', 'scv:reviewer-independence/third-party', 'Meridian also took part in the control evaluation it reviews.', False, True),
        ('id:atlas-4-1-cyber-inability-v1', 'scv:case-status/under-review', 'id:person/s-ito', 'scv:reviewer-independence/third-party', 'Meridian reviewed the elicitation it advised on.', False, True),
        ('id:atlas-5-eu-model-report-v1', 'scv:case-status/approved', 'id:person/s-ito', 'scv:reviewer-independence/third-party', 'Meridian performed the external evaluation this case cites.', False, True),
        ('id:cyber-inability-v2', 'scv:case-status/approved', 'id:person/s-ito', 'scv:reviewer-independence/third-party', 'Meridian produced the replication this case cites.', False, True),
        ('id:debate-alignment-v1', 'scv:case-status/under-review', 'id:person/e-castillo', 'scv:reviewer-independence/third-party', 'Halden receives no funding from Borealis; it was paid a fixed fee for this review.', False, True),
        ('id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'id:person/g-farah', 'scv:reviewer-independence/third-party', 'Meridian produced the red-team report this case relies on.', False, True),
        ('id:open-weights-reuse-v1', 'scv:case-status/approved', 'id:person/d-reyes', 'scv:reviewer-independence/internal', 'Product lead for the open-weights release; compensation tied to its launch milestones.', True, True),
        ('id:polaris-1-keep-restricted-v1', 'scv:case-status/expired', 'id:person/h-sato', 'scv:reviewer-independence/third-party', "Kestrel audited the partners' security, which this case relies on.", False, True),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:person/g-farah', 'scv:reviewer-independence/third-party', 'Meridian replicated the evaluation it reviews.', False, True),
    ]),
    ("review-independence-gaps", {"case": "id:open-weights-reuse-v1"}, [
        ('id:open-weights-reuse-v1', 'scv:case-status/approved', 'id:person/d-reyes', 'scv:reviewer-independence/internal', 'Product lead for the open-weights release; compensation tied to its launch milestones.', True, True),
    ]),
    ("review-independence-gaps", {"case": "id:cyber-inability-v1"}, []),
    # open-weights: standard and acceptors are Aurora's; misuse v0 and agent-browsing: the regulator's standard, but
    # accepted only by R. Okafor of Aurora.
    ("developer-only-acceptability", {}, [
        ('id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'id:org/aurora-labs', False, True, 1),
        ('id:atlas-5-eu-model-report-v1', 'scv:case-status/approved', 'id:org/aurora-labs', False, True, 1),
        ('id:misuse-safeguards-api-v0', 'scv:case-status/superseded', 'id:org/aurora-labs', False, True, 1),
        ('id:open-weights-reuse-v1', 'scv:case-status/approved', 'id:org/aurora-labs', True, True, 2),
    ]),
    ("developer-only-acceptability", {"case": "id:open-weights-reuse-v1"}, [
        ('id:open-weights-reuse-v1', 'scv:case-status/approved', 'id:org/aurora-labs', True, True, 2),
    ]),
    # Six redaction notices; the control evaluation is cited by two cases, so it appears twice.
    ("redactions", {}, [
        ('scv:redaction-reason/cybersecurity', 'id:org/kestrel-security', 'id:cbrn-rsp-deployment-v1/E6', 'scv:disclosure-tier/regulator', 'Network layout, access-control configuration and the exploit paths the auditors tried; they would show an attacker where to look.', 'id:cbrn-rsp-deployment-v1'),
        ('scv:redaction-reason/cybersecurity', 'id:person/p-moreau', 'id:evidence/control-eval-2026-07', 'scv:disclosure-tier/internal', 'Monitor thresholds, attack-policy prompts and the covert channels tried; publishing them would show how to evade the monitor.', 'id:agent-browsing-tool-addition-v1'),
        ('scv:redaction-reason/cybersecurity', 'id:person/p-moreau', 'id:evidence/control-eval-2026-07', 'scv:disclosure-tier/internal', 'Monitor thresholds, attack-policy prompts and the covert channels tried; publishing them would show how to evade the monitor.', 'id:ai-control-internal-agent-v1'),
        ('scv:redaction-reason/legal-compliance', 'id:person/i-lund', 'id:atlas-5-sb53-transparency-v1/E1', 'scv:disclosure-tier/regulator', 'Task names and repository paths that export-control law bars from publication; the method and figures are in the summary.', 'id:atlas-5-sb53-transparency-v1'),
        ('scv:redaction-reason/national-security', 'id:org/national-ai-office', 'id:cbrn-rsp-deployment-v1/E2', 'scv:disclosure-tier/regulator', "The laboratory's task set and scoring, classified by the government that ran them.", 'id:cbrn-rsp-deployment-v1'),
        ('scv:redaction-reason/privacy', 'id:person/o-petrov', 'id:clinical-triage-integration-v1/E1', 'scv:disclosure-tier/internal', 'Patient-level presentation records and free-text notes; aggregate figures are disclosed.', 'id:clinical-triage-integration-v1'),
        ('scv:redaction-reason/public-safety', 'id:person/l-brandt', 'id:cbrn-rsp-deployment-v1/E1', 'scv:disclosure-tier/regulator', "Per-step grading, the proxy agent's identity and the transcripts; they would show which protocol steps the model helps with.", 'id:cbrn-rsp-deployment-v1'),
        ('scv:redaction-reason/trade-secret', 'id:person/f-oyelaran', 'id:misuse-safeguards-api-v1/E3', 'scv:disclosure-tier/reviewer', "Classifier architecture, per-category effort distributions and the model's source code; results and structure are disclosed.", 'id:misuse-safeguards-api-v1'),
    ]),
    ("redactions", {"reason": "scv:redaction-reason/cybersecurity"}, [
        ('scv:redaction-reason/cybersecurity', 'id:org/kestrel-security', 'id:cbrn-rsp-deployment-v1/E6', 'scv:disclosure-tier/regulator', 'Network layout, access-control configuration and the exploit paths the auditors tried; they would show an attacker where to look.', 'id:cbrn-rsp-deployment-v1'),
        ('scv:redaction-reason/cybersecurity', 'id:person/p-moreau', 'id:evidence/control-eval-2026-07', 'scv:disclosure-tier/internal', 'Monitor thresholds, attack-policy prompts and the covert channels tried; publishing them would show how to evade the monitor.', 'id:agent-browsing-tool-addition-v1'),
        ('scv:redaction-reason/cybersecurity', 'id:person/p-moreau', 'id:evidence/control-eval-2026-07', 'scv:disclosure-tier/internal', 'Monitor thresholds, attack-policy prompts and the covert channels tried; publishing them would show how to evade the monitor.', 'id:ai-control-internal-agent-v1'),
    ]),
    ("redactions", {"custodian": "id:person/l-brandt"}, [
        ('scv:redaction-reason/public-safety', 'id:person/l-brandt', 'id:cbrn-rsp-deployment-v1/E1', 'scv:disclosure-tier/regulator', "Per-step grading, the proxy agent's identity and the transcripts; they would show which protocol steps the model helps with.", 'id:cbrn-rsp-deployment-v1'),
    ]),
    # One row per acceptor; the residual risks of the deferred and rejected cases have no acceptor.
    ("residual-risks", {}, [
        ('scv:risk-domain/cbrn', 'id:person/j-nowak', 'id:org/national-ai-office', 'id:cbrn-rsp-deployment-v1', 'scv:severity/high', date(2026, 9, 8), 'Long-horizon use by a determined actor may give more uplift than the 4-hour trial measured.'),
        ('scv:risk-domain/cbrn', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:atlas-5-eu-model-report-v1', 'scv:severity/medium', date(2026, 10, 12), 'The CBRN uplift ratio is known only to within 1.0 to 1.5.'),
        ('scv:risk-domain/cbrn', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:cbrn-rsp-deployment-v1', 'scv:severity/high', date(2026, 9, 8), 'Long-horizon use by a determined actor may give more uplift than the 4-hour trial measured.'),
        ('scv:risk-domain/cyber', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:atlas-4-1-cyber-inability-v1', 'scv:severity/medium', date(2026, 9, 20), 'Until the suites are extended, capability on industrial control systems is unmeasured.'),
        ('scv:risk-domain/cyber', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:cyber-inability-v1', 'scv:severity/low', date(2026, 5, 24), 'Skilled attackers may save some time on routine reconnaissance tasks.'),
        ('scv:risk-domain/cyber', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:cyber-inability-v2', 'scv:severity/low', date(2026, 6, 22), 'Skilled attackers may save some time on routine reconnaissance tasks.'),
        ('scv:risk-domain/loss-of-control', None, None, 'id:agent-browsing-tool-addition-v1', 'scv:severity/medium', None, 'Low-bandwidth leaks through URLs below the rate limit may go unnoticed.'),
        ('scv:risk-domain/loss-of-control', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:atlas-5-sb53-transparency-v1', 'scv:severity/medium', date(2026, 10, 18), 'Sabotage in infrastructure administration tasks is not yet evaluated.'),
        ('scv:risk-domain/manipulation', None, None, 'id:debate-alignment-v1', 'scv:severity/high', None, 'On long multi-step questions Polaris-2 may be confidently wrong in ways neither debate nor audit catches.'),
        ('scv:risk-domain/misuse', 'id:person/j-nowak', 'id:org/national-ai-office', 'id:misuse-safeguards-api-v1', 'scv:severity/medium', date(2026, 5, 27), 'Between discovery and patch, a private jailbreak could give a few actors uplift.'),
        ('scv:risk-domain/misuse', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:misuse-safeguards-api-v0', 'scv:severity/medium', date(2026, 3, 19), 'A jailbreak may be exploited by an early-access user before it is reported.'),
        ('scv:risk-domain/misuse', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:misuse-safeguards-api-v1', 'scv:severity/medium', date(2026, 5, 27), 'Between discovery and patch, a private jailbreak could give a few actors uplift.'),
        ('scv:risk-domain/misuse', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:open-weights-reuse-v1', 'scv:severity/low', date(2026, 6, 19), 'Fine-tuned derivatives may answer some requests the API would refuse.'),
        ('scv:risk-domain/ml-rnd', 'id:person/a-lindqvist', 'id:org/borealis-ai', 'id:fsf-early-warning-v1', 'scv:severity/high', date(2026, 10, 14), 'The next milestone checkpoint may cross ML R&D level 1 before security is raised to the next level.'),
        ('scv:risk-domain/ml-rnd', 'id:person/c-albrecht', 'id:org/borealis-ai', 'id:fsf-early-warning-v1', 'scv:severity/high', date(2026, 10, 14), 'The next milestone checkpoint may cross ML R&D level 1 before security is raised to the next level.'),
        ('scv:risk-domain/other', None, None, 'id:clinical-triage-integration-v1', 'scv:severity/critical', None, 'Had the integration gone ahead, about 1 in 26 urgent patients would have received a lower triage suggestion than needed.'),
        ('scv:risk-domain/sabotage', 'id:person/a-lindqvist', 'id:org/borealis-ai', 'id:polaris-3-agent-control-v1', 'scv:severity/medium', date(2026, 11, 17), "Attacks spread over many tasks, each below the monitors' suspicion threshold, were not in the proxy."),
        ('scv:risk-domain/sabotage', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:ai-control-internal-agent-v1', 'scv:severity/medium', date(2026, 7, 19), 'Subtle sabotage of research code spread across many tasks may evade both monitor and code review.'),
        ('scv:risk-domain/weight-theft', 'id:person/a-lindqvist', 'id:org/borealis-ai', 'id:polaris-1-keep-restricted-v1', 'scv:severity/high', date(2026, 3, 1), "A determined state actor could still steal a partner's copy."),
        ('scv:risk-domain/weight-theft', 'id:person/c-albrecht', 'id:org/borealis-ai', 'id:polaris-1-keep-restricted-v1', 'scv:severity/high', date(2026, 3, 1), "A determined state actor could still steal a partner's copy."),
    ]),
    ("residual-risks", {"domain": "scv:risk-domain/misuse"}, [
        ('scv:risk-domain/misuse', 'id:person/j-nowak', 'id:org/national-ai-office', 'id:misuse-safeguards-api-v1', 'scv:severity/medium', date(2026, 5, 27), 'Between discovery and patch, a private jailbreak could give a few actors uplift.'),
        ('scv:risk-domain/misuse', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:misuse-safeguards-api-v0', 'scv:severity/medium', date(2026, 3, 19), 'A jailbreak may be exploited by an early-access user before it is reported.'),
        ('scv:risk-domain/misuse', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:misuse-safeguards-api-v1', 'scv:severity/medium', date(2026, 5, 27), 'Between discovery and patch, a private jailbreak could give a few actors uplift.'),
        ('scv:risk-domain/misuse', 'id:person/r-okafor', 'id:org/aurora-labs', 'id:open-weights-reuse-v1', 'scv:severity/low', date(2026, 6, 19), 'Fine-tuned derivatives may answer some requests the API would refuse.'),
    ]),
    ("residual-risks", {"case": "id:fsf-early-warning-v1"}, [
        ('scv:risk-domain/ml-rnd', 'id:person/a-lindqvist', 'id:org/borealis-ai', 'id:fsf-early-warning-v1', 'scv:severity/high', date(2026, 10, 14), 'The next milestone checkpoint may cross ML R&D level 1 before security is raised to the next level.'),
        ('scv:risk-domain/ml-rnd', 'id:person/c-albrecht', 'id:org/borealis-ai', 'id:fsf-early-warning-v1', 'scv:severity/high', date(2026, 10, 14), 'The next milestone checkpoint may cross ML R&D level 1 before security is raised to the next level.'),
    ]),
    # The nine assessments; only Polaris-1 (0.34 against 0.3) is at or above its threshold, recorded as reached.
    ("capability-assessments", {}, [
        ('id:model/atlas-4-1-2026-08-14', 'id:threshold/aurora-cbrn-1', 'id:framework/aurora-scaling-policy-2-0', 'scv:assessment-outcome/early-warning', D('1.9'), D('2.5'), False, 'id:cbrn-rsp-deployment-v1', 'id:cbrn-rsp-deployment-v1/CA1'),
        ('id:model/atlas-4-2026-05-20', 'id:threshold/aurora-cyber-1', 'id:framework/aurora-scaling-policy-2-0', 'scv:assessment-outcome/below', D('0.1'), D('0.2'), False, 'id:cyber-inability-v1', 'id:cyber-inability-v1/CA1'),
        ('id:model/atlas-4-2026-05-20', 'id:threshold/aurora-cyber-1', 'id:framework/aurora-scaling-policy-2-0', 'scv:assessment-outcome/below', D('0.15'), D('0.2'), False, 'id:cyber-inability-v2', 'id:cyber-inability-v2/CA1'),
        ('id:model/atlas-4-2026-05-20', 'id:threshold/aurora-misuse-t', 'id:framework/aurora-scaling-policy-2-0', 'scv:assessment-outcome/below', D('0.018'), D('0.05'), False, 'id:misuse-safeguards-api-v1', 'id:misuse-safeguards-api-v1/CA1'),
        ('id:model/atlas-5-2026-09-10', 'id:threshold/aurora-ssf-cbrn-tier-1', 'id:framework/aurora-ssf-1-0', 'scv:assessment-outcome/below', D('1.2'), D('2'), False, 'id:atlas-5-eu-model-report-v1', 'id:atlas-5-eu-model-report-v1/CA2'),
        ('id:model/atlas-4-1-2026-08-14', 'id:threshold/aurora-ssf-cyber-tier-1', 'id:framework/aurora-ssf-1-0', 'scv:assessment-outcome/below', D('0.17'), D('0.25'), False, 'id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/CA1'),
        ('id:model/atlas-5-2026-09-10', 'id:threshold/aurora-ssf-cyber-tier-1', 'id:framework/aurora-ssf-1-0', 'scv:assessment-outcome/below', D('0.08'), D('0.25'), False, 'id:atlas-5-eu-model-report-v1', 'id:atlas-5-eu-model-report-v1/CA1'),
        ('id:model/polaris-1-2025-11-03', 'id:threshold/borealis-cyber-1', 'id:framework/borealis-frontier-framework-1-2', 'scv:assessment-outcome/reached', D('0.34'), D('0.3'), True, 'id:polaris-1-keep-restricted-v1', 'id:polaris-1-keep-restricted-v1/CA1'),
        ('id:model/polaris-3-ckpt-2026-10-05', 'id:threshold/borealis-mlrnd-1', 'id:framework/borealis-frontier-framework-1-2', 'scv:assessment-outcome/early-warning', D('1.34'), D('1.5'), False, 'id:fsf-early-warning-v1', 'id:fsf-early-warning-v1/CA1'),
    ]),
    ("capability-assessments", {"framework": "id:framework/borealis-frontier-framework-1-2"}, [
        ('id:model/polaris-1-2025-11-03', 'id:threshold/borealis-cyber-1', 'id:framework/borealis-frontier-framework-1-2', 'scv:assessment-outcome/reached', D("0.34"), D("0.3"), True, 'id:polaris-1-keep-restricted-v1', 'id:polaris-1-keep-restricted-v1/CA1'),
        ('id:model/polaris-3-ckpt-2026-10-05', 'id:threshold/borealis-mlrnd-1', 'id:framework/borealis-frontier-framework-1-2', 'scv:assessment-outcome/early-warning', D("1.34"), D("1.5"), False, 'id:fsf-early-warning-v1', 'id:fsf-early-warning-v1/CA1'),
    ]),
    ("capability-assessments", {"model": "id:model/atlas-4-2026-05-20"}, [
        ('id:model/atlas-4-2026-05-20', 'id:threshold/aurora-cyber-1', 'id:framework/aurora-scaling-policy-2-0', 'scv:assessment-outcome/below', D("0.1"), D("0.2"), False, 'id:cyber-inability-v1', 'id:cyber-inability-v1/CA1'),
        ('id:model/atlas-4-2026-05-20', 'id:threshold/aurora-cyber-1', 'id:framework/aurora-scaling-policy-2-0', 'scv:assessment-outcome/below', D("0.15"), D("0.2"), False, 'id:cyber-inability-v2', 'id:cyber-inability-v2/CA1'),
        ('id:model/atlas-4-2026-05-20', 'id:threshold/aurora-misuse-t', 'id:framework/aurora-scaling-policy-2-0', 'scv:assessment-outcome/below', D("0.018"), D("0.05"), False, 'id:misuse-safeguards-api-v1', 'id:misuse-safeguards-api-v1/CA1'),
    ]),
    # Three shared register items each carry two claims in each of two cases (e.g. the red-team report: open-weights G2 and G0,
    # misuse-v1 G1 and G0); ai-control A1 carries G1, G3 and G0.
    ("load-bearing-elements", {}, [
        ('id:evidence/atlas-5-dangerous-capability-evals-2026-09', 'evidence', 5, 2),
        ('id:evidence/control-eval-2026-07', 'evidence', 5, 2),
        ('id:evidence/atlas-5-third-party-eval-2026-10', 'evidence', 4, 2),
        ('id:evidence/aurora-infrastructure-audit-2026-08', 'evidence', 4, 2),
        ('id:evidence/ctf-suite-2026-04', 'evidence', 4, 2),
        ('id:evidence/redteam-report-2026-05', 'evidence', 4, 2),
        ('id:ai-control-internal-agent-v1/A1', 'assumption', 3, 1),
        ('id:cyber-inability-v2/E2', 'evidence', 3, 1),
        ('id:debate-alignment-v1/E2', 'evidence', 3, 1),
        ('id:debate-alignment-v1/E3', 'evidence', 3, 1),
        ('id:polaris-3-agent-control-v1/E1', 'evidence', 3, 1),
    ]),
    ("load-bearing-elements", {"minClaims": "4"}, [
        ('id:evidence/atlas-5-dangerous-capability-evals-2026-09', 'evidence', 5, 2),
        ('id:evidence/control-eval-2026-07', 'evidence', 5, 2),
        ('id:evidence/atlas-5-third-party-eval-2026-10', 'evidence', 4, 2),
        ('id:evidence/aurora-infrastructure-audit-2026-08', 'evidence', 4, 2),
        ('id:evidence/ctf-suite-2026-04', 'evidence', 4, 2),
        ('id:evidence/redteam-report-2026-05', 'evidence', 4, 2),
    ]),
    # G0 -> S1 -> G1, G2; G1 -> CTF suite; G2 -> A1 and the elicitation audit; G0 in the context of the operational context.
    ("argument-map", {"case": "id:cyber-inability-v1"}, [
        (0, None, None, 'id:cyber-inability-v1/G0', 'claim', 'Atlas-4 can be launched through the public API without unacceptable offensive-cyber risk.', False),
        (1, 'id:cyber-inability-v1/G0', 'in context of', 'id:cyber-inability-v1/context', 'operational context', 'Atlas-4 served through the public API to verified business customers.', False),
        (1, 'id:cyber-inability-v1/G0', 'supported by', 'id:cyber-inability-v1/S1', 'strategy', 'Argue over each risk model that the model lacks the capability it needs.', False),
        (2, 'id:cyber-inability-v1/S1', 'supported by', 'id:cyber-inability-v1/G1', 'claim', 'Atlas-4 cannot solve professional-level CTF challenges at a rate that would uplift mid-skill actors.', False),
        (2, 'id:cyber-inability-v1/S1', 'supported by', 'id:cyber-inability-v1/G2', 'claim', "The evaluation elicited Atlas-4's cyber capability adequately.", False),
        (3, 'id:cyber-inability-v1/G1', 'supported by', 'id:evidence/ctf-suite-2026-04', 'evidence', 'Cyber capture-the-flag evaluation suite, April 2026', False),
        (3, 'id:cyber-inability-v1/G2', 'supported by', 'id:cyber-inability-v1/A1', 'assumption', 'Professional-level CTF performance is a valid proxy for the real-world attack steps in RM1.', False),
        (3, 'id:cyber-inability-v1/G2', 'supported by', 'id:evidence/elicitation-audit-2026-05', 'evidence', 'Internal elicitation audit of the cyber evaluation', False),
    ]),
    ("argument-map", {"case": "id:debate-alignment-v1"}, [
        (0, None, None, 'id:debate-alignment-v1/G0', 'claim', 'Polaris-2 is honest enough for trusted partners to use as a research assistant in low-stakes settings.', False),
        (1, 'id:debate-alignment-v1/G0', 'in context of', 'id:debate-alignment-v1/context', 'operational context', 'Polaris-2 as a research assistant for vetted partner researchers, with continued online debate training.', False),
        (1, 'id:debate-alignment-v1/G0', 'supported by', 'id:debate-alignment-v1/S1', 'strategy', 'Argue over the four claims of the debate sketch, plus an advisor check that is not yet developed.', False),
        (2, 'id:debate-alignment-v1/S1', 'supported by', 'id:debate-alignment-v1/A1', 'assumption', 'The deployment context tolerates some errors; partners verify outputs before they enter a publication, protocol or decision.', False),
        (2, 'id:debate-alignment-v1/S1', 'supported by', 'id:debate-alignment-v1/G1', 'claim', 'Polaris-2 is good at the debate game, winning as the honest side against its strongest adversarial debaters.', False),
        (2, 'id:debate-alignment-v1/S1', 'supported by', 'id:debate-alignment-v1/G2', 'claim', 'Good debate performance implies Polaris-2 is mostly honest.', False),
        (2, 'id:debate-alignment-v1/S1', 'supported by', 'id:debate-alignment-v1/G3', 'claim', 'Honesty does not degrade in deployment while online debate training continues.', False),
        (2, 'id:debate-alignment-v1/S1', 'supported by', 'id:debate-alignment-v1/G4', 'claim', "A trusted earlier model, acting as an independent advisor, judges Polaris-2's audited answers honest.", True),
        (3, 'id:debate-alignment-v1/G1', 'supported by', 'id:debate-alignment-v1/E1', 'evidence', 'As the honest debater Polaris-2 won 81 % of 3,000 debates against its strongest adversarial debater, judged by a weaker model.', False),
        (3, 'id:debate-alignment-v1/G2', 'supported by', 'id:debate-alignment-v1/S2', 'strategy', 'Make "mostly honest" precise as an undetected-falsehood rate on held-out verifiable questions.', False),
        (3, 'id:debate-alignment-v1/G3', 'supported by', 'id:debate-alignment-v1/E4', 'evidence', 'Six-week pilot with online training; the audited falsehood rate moved from 3.1 % to 3.6 %, within noise but trending up.', False),
        (4, 'id:debate-alignment-v1/S2', 'supported by', 'id:debate-alignment-v1/G2.1', 'claim', "On 1,200 held-out verifiable questions, at most 5 % of Polaris-2's answers contain an undetected material falsehood.", False),
        (5, 'id:debate-alignment-v1/G2.1', 'supported by', 'id:debate-alignment-v1/E2', 'evidence', 'Halden re-ran the held-out honesty audit and found undetected material falsehoods in 3.4 % of answers (Borealis 3.1 %).', False),
        (5, 'id:debate-alignment-v1/G2.1', 'supported by', 'id:debate-alignment-v1/E3', 'evidence', 'Note applying the debate-honesty result with cross-examination to the Polaris-2 training setup; it holds only for questions without obfuscated arguments.', False),
    ]),
    # Decided 2026-05-28: all five evidence items predate it; D1 (a jailbreak reported in August) was mitigated only after.
    ("decision-basis", {"case": "id:misuse-safeguards-api-v1"}, [
        ('decision', 'id:misuse-safeguards-api-v1', "Responsible Scaling Officer and CEO under the developer's scaling policy", date(2026, 5, 28), 'scv:decision-outcome/approved-with-conditions', None),
        ('claim', 'id:misuse-safeguards-api-v1/G0', '(C0) The Atlas-4 API safeguards keep catastrophic-misuse risk below threshold T.', None, None, None),
        ('claim', 'id:misuse-safeguards-api-v1/G1', 'Finding a universal jailbreak through the production safeguards takes expert red teamers more than 100 hours.', None, None, None),
        ('claim', 'id:misuse-safeguards-api-v1/G2', 'Universal jailbreaks found in deployment are detected and patched within the 7-day grace period.', None, None, None),
        ('claim', 'id:misuse-safeguards-api-v1/G3', 'The uplift model puts the expected number of uplifted novice actors at 0.018 per year, below T.', None, None, None),
        ('assumption', 'id:misuse-safeguards-api-v1/A1', 'Real actors find jailbreaks no faster than paid red teamers and bounty participants with the same techniques.', None, None, None),
        ('evidence', 'id:evidence/atlas-4-system-card-2026-05', 'Atlas-4 system card (public), May 2026', date(2026, 5, 26), 'scv:evidence-polarity/supporting', None),
        ('evidence', 'id:evidence/redteam-report-2026-05', 'External red-team report on Atlas-4 safeguards, May 2026', date(2026, 5, 12), 'scv:evidence-polarity/supporting', None),
        ('evidence', 'id:misuse-safeguards-api-v1/E1', 'Regression test of the May build against the two patched jailbreaks and 500 known attacks; none succeeded.', date(2026, 5, 23), 'scv:evidence-polarity/supporting', None),
        ('evidence', 'id:misuse-safeguards-api-v1/E2', 'Rapid-response drills and the early-access record; all three jailbreaks reported in early access were patched within 4 days.', date(2026, 5, 22), 'scv:evidence-polarity/supporting', None),
        ('evidence', 'id:misuse-safeguards-api-v1/E3', 'Monte Carlo run (100,000 samples); median 0.018 uplifted novice actors per year (90th percentile 0.041), against T = 0.05.', date(2026, 5, 26), 'scv:evidence-polarity/supporting', None),
        ('defeater', 'id:misuse-safeguards-api-v1/D1', 'A many-shot jailbreak reported by a bounty participant on 2026-08-03 bypassed the output classifier.', date(2026, 8, 9), 'scv:defeater-status/mitigated', True),
        ('defeater', 'id:misuse-safeguards-api-v1/D2', "The uplift model's novice success baseline comes from a 2024 study that predates current open tools.", date(2026, 5, 27), 'scv:defeater-status/accepted-residual', False),
    ]),
    ("decision-basis", {"case": "id:cyber-inability-v1", "asOf": "2026-04-30"}, [
        ('decision', 'id:cyber-inability-v1', "Responsible Scaling Officer under the developer's scaling policy", date(2026, 5, 25), 'scv:decision-outcome/approved-with-conditions', None),
        ('claim', 'id:cyber-inability-v1/G0', 'Atlas-4 can be launched through the public API without unacceptable offensive-cyber risk.', None, None, None),
        ('claim', 'id:cyber-inability-v1/G1', 'Atlas-4 cannot solve professional-level CTF challenges at a rate that would uplift mid-skill actors.', None, None, None),
        ('claim', 'id:cyber-inability-v1/G2', "The evaluation elicited Atlas-4's cyber capability adequately.", None, None, None),
        ('assumption', 'id:cyber-inability-v1/A1', 'Professional-level CTF performance is a valid proxy for the real-world attack steps in RM1.', None, None, None),
        ('evidence', 'id:evidence/ctf-suite-2026-04', 'Cyber capture-the-flag evaluation suite, April 2026', date(2026, 4, 2), 'scv:evidence-polarity/supporting', None),
        ('defeater', 'id:cyber-inability-v1/D1', 'Evaluations ran on the March checkpoint; the launched May build may be more capable.', date(2026, 5, 24), 'scv:defeater-status/accepted-residual', True),
        ('defeater', 'id:cyber-inability-v1/D2', 'Some CTF challenges may have public write-ups in the training data.', date(2026, 5, 20), 'scv:defeater-status/refuted', True),
    ]),
    # As of 2026-11-29 only Polaris-1 (review by 2026-08-31, valid until 2026-09-30) among the cases still in force.
    ("expired-cases", {"asOf": "2026-11-29"}, [
        ('id:polaris-1-keep-restricted-v1', 'scv:case-status/expired', date(2026, 8, 31), date(2026, 9, 30), True, True),
    ]),
    ("expired-cases", {"includeInactive": "true", "asOf": "2026-11-29"}, [
        ('id:cyber-inability-v1', 'scv:case-status/superseded', date(2026, 11, 25), date(2027, 1, 31), True, False),
        ('id:misuse-safeguards-api-v0', 'scv:case-status/superseded', date(2026, 6, 1), date(2026, 6, 30), True, True),
        ('id:polaris-1-keep-restricted-v1', 'scv:case-status/expired', date(2026, 8, 31), date(2026, 9, 30), True, True),
    ]),
    ("expired-cases", {"asOf": "2027-01-20"}, [
        ('id:cyber-inability-v2', 'scv:case-status/approved', date(2026, 12, 20), date(2027, 3, 31), True, False),
        ('id:debate-alignment-v1', 'scv:case-status/under-review', date(2027, 1, 15), None, True, False),
        ('id:fsf-early-warning-v1', 'scv:case-status/needs-review', date(2027, 1, 14), date(2027, 4, 30), True, False),
        ('id:misuse-safeguards-api-v1', 'scv:case-status/approved', date(2026, 12, 15), date(2027, 2, 28), True, False),
        ('id:polaris-1-keep-restricted-v1', 'scv:case-status/expired', date(2026, 8, 31), date(2026, 9, 30), True, True),
    ]),
    # 32 triggers: the four fired first, then armed, then the two resolved ones. No fired trigger records firedOn.
    ("review-triggers", {}, [
        ('id:fsf-early-warning-v1', 'scv:trigger-kind/indicator-breach', 'scv:trigger-status/fired', None, 'id:fsf-early-warning-v1/SPI1', 'Forecast speed-up above 1.5; fired on 2026-11-10 when the refitted forecast reached 1.52.'),
        ('id:misuse-safeguards-api-v0', 'scv:trigger-kind/expiry', 'scv:trigger-status/fired', None, None, 'The case lapses on 2026-06-30.'),
        ('id:misuse-safeguards-api-v0', 'scv:trigger-kind/incident', 'scv:trigger-status/fired', None, None, 'Any misuse incident or reported universal jailbreak in early access.'),
        ('id:polaris-1-keep-restricted-v1', 'scv:trigger-kind/expiry', 'scv:trigger-status/fired', None, None, 'The case lapses on 2026-09-30 unless renewed; it was not renewed.'),
        ('id:agent-browsing-tool-addition-v1', 'scv:trigger-kind/scaffold-change', 'scv:trigger-status/armed', None, 'id:agent-browsing-tool-addition-v1/context', 'Any change to the browsing harness or the egress proxy.'),
        ('id:agent-browsing-tool-addition-v1', 'scv:trigger-kind/system-prompt-change', 'scv:trigger-status/armed', None, 'id:agent-browsing-tool-addition-v1/context', "Any change to the agent's system prompt concerning browsing."),
        ('id:ai-control-internal-agent-v1', 'scv:trigger-kind/indicator-breach', 'scv:trigger-status/armed', None, 'id:ai-control-internal-agent-v1/SPI1', 'Monitor coverage below 99.5 % of actions.'),
        ('id:ai-control-internal-agent-v1', 'scv:trigger-kind/tool-addition', 'scv:trigger-status/armed', None, 'id:ai-control-internal-agent-v1/context', 'Any tool or permission added to the agent (web browsing is proposed).'),
        ('id:atlas-4-1-cyber-inability-v1', 'scv:trigger-kind/capability-evidence', 'scv:trigger-status/armed', None, 'id:atlas-4-1-cyber-inability-v1/context', 'The extended CTF run finishes.'),
        ('id:atlas-4-1-cyber-inability-v1', 'scv:trigger-kind/new-checkpoint', 'scv:trigger-status/armed', None, 'id:model/atlas-4-1-2026-08-14', 'Any new Atlas-4.1 checkpoint.'),
        ('id:atlas-5-eu-model-report-v1', 'scv:trigger-kind/incident', 'scv:trigger-status/armed', None, 'id:atlas-5-eu-model-report-v1/context', 'A serious incident involving Atlas-5.'),
        ('id:atlas-5-eu-model-report-v1', 'scv:trigger-kind/new-checkpoint', 'scv:trigger-status/armed', None, 'id:model/atlas-5-2026-09-10', 'Any new Atlas-5 checkpoint or substantial fine-tune placed on the market.'),
        ('id:atlas-5-sb53-transparency-v1', 'scv:trigger-kind/new-checkpoint', 'scv:trigger-status/armed', None, 'id:model/atlas-5-2026-09-10', 'Any new Atlas-5 checkpoint deployed or used internally.'),
        ('id:atlas-5-sb53-transparency-v1', 'scv:trigger-kind/tool-addition', 'scv:trigger-status/armed', None, 'id:atlas-5-sb53-transparency-v1/context', 'Infrastructure administration tools given to the internal agent.'),
        ('id:cbrn-rsp-deployment-v1', 'scv:trigger-kind/capability-evidence', 'scv:trigger-status/armed', None, 'id:model/atlas-4-1-2026-08-14', 'Any CBRN evaluation of an Atlas-4.1 derivative with an uplift ratio above 2.0.'),
        ('id:cbrn-rsp-deployment-v1', 'scv:trigger-kind/weight-security-concern', 'scv:trigger-status/armed', None, 'id:model/atlas-4-1-2026-08-14', 'Any suspected access to the weights outside two-party approval.'),
        ('id:clinical-triage-integration-v1', 'scv:trigger-kind/fine-tune', 'scv:trigger-status/armed', None, 'id:model/polaris-2-med-2026-09-02', 'A new clinical fine-tune proposed for a repeat silent trial.'),
        ('id:cyber-inability-v1', 'scv:trigger-kind/capability-evidence', 'scv:trigger-status/armed', None, None, 'Any evaluation showing more than 15 % on the CTF suite.'),
        ('id:cyber-inability-v1', 'scv:trigger-kind/new-checkpoint', 'scv:trigger-status/armed', None, 'id:model/atlas-4-2026-05-20', 'Any new Atlas-4 checkpoint proposed for the API.'),
        ('id:cyber-inability-v2', 'scv:trigger-kind/capability-evidence', 'scv:trigger-status/armed', None, None, 'Any evaluation showing 17.5 % (7 of 40) or more on the CTF suite.'),
        ('id:cyber-inability-v2', 'scv:trigger-kind/new-checkpoint', 'scv:trigger-status/armed', None, 'id:model/atlas-4-2026-05-20', 'Any new Atlas-4 checkpoint proposed for the API.'),
        ('id:debate-alignment-v1', 'scv:trigger-kind/fine-tune', 'scv:trigger-status/armed', None, 'id:model/polaris-2-2026-04-18', 'Online training updates amounting to more than 2 % of the original debate-training compute.'),
        ('id:debate-alignment-v1', 'scv:trigger-kind/population-widening', 'scv:trigger-status/armed', None, 'id:debate-alignment-v1/context', 'Any access beyond the 12 partner institutions.'),
        ('id:fsf-early-warning-v1', 'scv:trigger-kind/regulator-finding', 'scv:trigger-status/armed', None, None, 'A finding by the national AI office on the evaluations or the security level.'),
        ('id:fsf-early-warning-v1', 'scv:trigger-kind/threat-intelligence', 'scv:trigger-status/armed', None, None, 'Intelligence that state actors are targeting training infrastructure of frontier developers.'),
        ('id:misuse-safeguards-api-v1', 'scv:trigger-kind/indicator-breach', 'scv:trigger-status/armed', None, 'id:misuse-safeguards-api-v1/SPI1', 'Weekly risk signal above T.'),
        ('id:open-weights-reuse-v1', 'scv:trigger-kind/incident', 'scv:trigger-status/armed', None, None, 'A reported misuse incident involving the published weights.'),
        ('id:polaris-1-keep-restricted-v1', 'scv:trigger-kind/weight-security-concern', 'scv:trigger-status/armed', None, 'id:model/polaris-1-2025-11-03', "Any suspected leak of a partner's copy of the weights."),
        ('id:polaris-3-agent-control-v1', 'scv:trigger-kind/new-checkpoint', 'scv:trigger-status/armed', None, 'id:model/polaris-3-agent-2026-11-02', 'A new checkpoint of the Polaris-3 Agent (which is also its own untrusted monitor).'),
        ('id:polaris-3-agent-control-v1', 'scv:trigger-kind/new-checkpoint', 'scv:trigger-status/armed', None, 'id:model/polaris-2-mini-2026-06-20', 'A new checkpoint of the trusted monitor Polaris-2-Mini.'),
        ('id:misuse-safeguards-api-v0', 'scv:trigger-kind/new-checkpoint', 'scv:trigger-status/resolved', None, 'id:model/atlas-4-2026-03-02', 'Any newer Atlas-4 checkpoint proposed for the API; fired by the May build, resolved by version 1.'),
        ('id:misuse-safeguards-api-v1', 'scv:trigger-kind/vulnerability-report', 'scv:trigger-status/resolved', None, None, 'Any universal jailbreak reported through the bounty or publicly.'),
    ]),
    ("review-triggers", {"status": "scv:trigger-status/fired"}, [
        ('id:fsf-early-warning-v1', 'scv:trigger-kind/indicator-breach', 'scv:trigger-status/fired', None, 'id:fsf-early-warning-v1/SPI1', 'Forecast speed-up above 1.5; fired on 2026-11-10 when the refitted forecast reached 1.52.'),
        ('id:misuse-safeguards-api-v0', 'scv:trigger-kind/expiry', 'scv:trigger-status/fired', None, None, 'The case lapses on 2026-06-30.'),
        ('id:misuse-safeguards-api-v0', 'scv:trigger-kind/incident', 'scv:trigger-status/fired', None, None, 'Any misuse incident or reported universal jailbreak in early access.'),
        ('id:polaris-1-keep-restricted-v1', 'scv:trigger-kind/expiry', 'scv:trigger-status/fired', None, None, 'The case lapses on 2026-09-30 unless renewed; it was not renewed.'),
    ]),
    ("review-triggers", {"kind": "scv:trigger-kind/expiry"}, [
        ('id:misuse-safeguards-api-v0', 'scv:trigger-kind/expiry', 'scv:trigger-status/fired', None, None, 'The case lapses on 2026-06-30.'),
        ('id:polaris-1-keep-restricted-v1', 'scv:trigger-kind/expiry', 'scv:trigger-status/fired', None, None, 'The case lapses on 2026-09-30 unless renewed; it was not renewed.'),
    ]),
    # Nineteen builds; the red-team substitutes, monitors, graders and variants are the model under decision of no case.
    ("model-builds", {}, [
        ('id:model/atlas-4-2026-03-02', 'Atlas-4', date(2026, 3, 2), None, 'id:model/atlas-4-2026-03-02', 0, 'id:misuse-safeguards-api-v0', 'scv:case-status/superseded', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-2026-05-20', 'Atlas-4', date(2026, 5, 20), 'id:model/atlas-4-2026-03-02', 'id:model/atlas-4-2026-03-02', 1, 'id:cyber-inability-v1', 'scv:case-status/superseded', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-2026-05-20', 'Atlas-4', date(2026, 5, 20), 'id:model/atlas-4-2026-03-02', 'id:model/atlas-4-2026-03-02', 1, 'id:cyber-inability-v2', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-2026-05-20', 'Atlas-4', date(2026, 5, 20), 'id:model/atlas-4-2026-03-02', 'id:model/atlas-4-2026-03-02', 1, 'id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-open-2026-06-10', 'Atlas-4 (open-weights candidate)', date(2026, 6, 10), 'id:model/atlas-4-2026-05-20', 'id:model/atlas-4-2026-03-02', 2, 'id:open-weights-reuse-v1', 'scv:case-status/approved', 'scv:decision-kind/open-weight-publication'),
        ('id:model/atlas-4-code-2026-07-01', 'Atlas-4 Code (internal agent)', date(2026, 7, 1), 'id:model/atlas-4-2026-05-20', 'id:model/atlas-4-2026-03-02', 2, 'id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'scv:decision-kind/agent-tool-addition'),
        ('id:model/atlas-4-code-2026-07-01', 'Atlas-4 Code (internal agent)', date(2026, 7, 1), 'id:model/atlas-4-2026-05-20', 'id:model/atlas-4-2026-03-02', 2, 'id:ai-control-internal-agent-v1', 'scv:case-status/approved', 'scv:decision-kind/internal-deployment'),
        ('id:model/atlas-4-1-2026-08-14', 'Atlas-4.1', date(2026, 8, 14), 'id:model/atlas-4-2026-05-20', 'id:model/atlas-4-2026-03-02', 2, 'id:atlas-4-1-cyber-inability-v1', 'scv:case-status/under-review', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-1-2026-08-14', 'Atlas-4.1', date(2026, 8, 14), 'id:model/atlas-4-2026-05-20', 'id:model/atlas-4-2026-03-02', 2, 'id:cbrn-rsp-deployment-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-code-redteam-sub-2026-07-08', 'Atlas-4 Code red-team substitute', date(2026, 7, 8), 'id:model/atlas-4-code-2026-07-01', 'id:model/atlas-4-2026-03-02', 3, None, None, None),
        ('id:model/atlas-4-1-helpful-only-2026-08-20', 'Atlas-4.1 helpful-only variant', date(2026, 8, 20), 'id:model/atlas-4-1-2026-08-14', 'id:model/atlas-4-2026-03-02', 3, None, None, None),
        ('id:model/atlas-4-1-pwlock-2026-08-25', 'Atlas-4.1 password-locked control', date(2026, 8, 25), 'id:model/atlas-4-1-2026-08-14', 'id:model/atlas-4-2026-03-02', 3, None, None, None),
        ('id:model/atlas-5-2026-09-10', 'Atlas-5', date(2026, 9, 10), None, 'id:model/atlas-5-2026-09-10', 0, 'id:atlas-5-eu-model-report-v1', 'scv:case-status/approved', 'scv:decision-kind/gpai-market-placement'),
        ('id:model/atlas-5-2026-09-10', 'Atlas-5', date(2026, 9, 10), None, 'id:model/atlas-5-2026-09-10', 0, 'id:atlas-5-sb53-transparency-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-mini-2-2026-04-01', 'Atlas-Mini-2 (trusted monitor)', date(2026, 4, 1), None, 'id:model/atlas-mini-2-2026-04-01', 0, None, None, None),
        ('id:model/polaris-1-2025-11-03', 'Polaris-1', date(2025, 11, 3), None, 'id:model/polaris-1-2025-11-03', 0, 'id:polaris-1-keep-restricted-v1', 'scv:case-status/expired', 'scv:decision-kind/keep-restricted'),
        ('id:model/polaris-2-2026-04-18', 'Polaris-2', date(2026, 4, 18), 'id:model/polaris-1-2025-11-03', 'id:model/polaris-1-2025-11-03', 1, 'id:debate-alignment-v1', 'scv:case-status/under-review', 'scv:decision-kind/trusted-user-access'),
        ('id:model/polaris-2-med-2026-09-02', 'Polaris-2-Med (clinical fine-tune)', date(2026, 9, 2), 'id:model/polaris-2-2026-04-18', 'id:model/polaris-1-2025-11-03', 2, 'id:clinical-triage-integration-v1', 'scv:case-status/rejected', 'scv:decision-kind/sensitive-domain-integration'),
        ('id:model/polaris-3-ckpt-2026-10-05', 'Polaris-3 (training checkpoint)', date(2026, 10, 5), 'id:model/polaris-2-2026-04-18', 'id:model/polaris-1-2025-11-03', 2, 'id:fsf-early-warning-v1', 'scv:case-status/needs-review', 'scv:decision-kind/continue-training'),
        ('id:model/polaris-3-agent-2026-11-02', 'Polaris-3 Agent', date(2026, 11, 2), 'id:model/polaris-3-ckpt-2026-10-05', 'id:model/polaris-1-2025-11-03', 3, 'id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'scv:decision-kind/internal-deployment'),
        ('id:model/polaris-3-agent-rt-2026-11-06', 'Polaris-3 Agent attack policy (red-team substitute)', date(2026, 11, 6), 'id:model/polaris-3-agent-2026-11-02', 'id:model/polaris-1-2025-11-03', 4, None, None, None),
        ('id:model/polaris-2-mini-2026-06-20', 'Polaris-2-Mini (trusted monitor)', date(2026, 6, 20), None, 'id:model/polaris-2-mini-2026-06-20', 0, None, None, None),
        ('id:model/polaris-2-mini-2026-11-20', 'Polaris-2-Mini (new checkpoint)', date(2026, 11, 20), 'id:model/polaris-2-mini-2026-06-20', 'id:model/polaris-2-mini-2026-06-20', 1, None, None, None),
        ('id:model/polaris-grader-2026-05-01', 'Polaris grader', date(2026, 5, 1), None, 'id:model/polaris-grader-2026-05-01', 0, None, None, None),
    ]),
    ("model-builds", {"model": "id:model/atlas-4-2026-05-20"}, [
        ('id:model/atlas-4-2026-05-20', 'Atlas-4', date(2026, 5, 20), 'id:model/atlas-4-2026-03-02', 'id:model/atlas-4-2026-03-02', 1, 'id:cyber-inability-v1', 'scv:case-status/superseded', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-2026-05-20', 'Atlas-4', date(2026, 5, 20), 'id:model/atlas-4-2026-03-02', 'id:model/atlas-4-2026-03-02', 1, 'id:cyber-inability-v2', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-2026-05-20', 'Atlas-4', date(2026, 5, 20), 'id:model/atlas-4-2026-03-02', 'id:model/atlas-4-2026-03-02', 1, 'id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-open-2026-06-10', 'Atlas-4 (open-weights candidate)', date(2026, 6, 10), 'id:model/atlas-4-2026-05-20', 'id:model/atlas-4-2026-03-02', 2, 'id:open-weights-reuse-v1', 'scv:case-status/approved', 'scv:decision-kind/open-weight-publication'),
        ('id:model/atlas-4-code-2026-07-01', 'Atlas-4 Code (internal agent)', date(2026, 7, 1), 'id:model/atlas-4-2026-05-20', 'id:model/atlas-4-2026-03-02', 2, 'id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'scv:decision-kind/agent-tool-addition'),
        ('id:model/atlas-4-code-2026-07-01', 'Atlas-4 Code (internal agent)', date(2026, 7, 1), 'id:model/atlas-4-2026-05-20', 'id:model/atlas-4-2026-03-02', 2, 'id:ai-control-internal-agent-v1', 'scv:case-status/approved', 'scv:decision-kind/internal-deployment'),
        ('id:model/atlas-4-1-2026-08-14', 'Atlas-4.1', date(2026, 8, 14), 'id:model/atlas-4-2026-05-20', 'id:model/atlas-4-2026-03-02', 2, 'id:atlas-4-1-cyber-inability-v1', 'scv:case-status/under-review', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-1-2026-08-14', 'Atlas-4.1', date(2026, 8, 14), 'id:model/atlas-4-2026-05-20', 'id:model/atlas-4-2026-03-02', 2, 'id:cbrn-rsp-deployment-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch'),
        ('id:model/atlas-4-code-redteam-sub-2026-07-08', 'Atlas-4 Code red-team substitute', date(2026, 7, 8), 'id:model/atlas-4-code-2026-07-01', 'id:model/atlas-4-2026-03-02', 3, None, None, None),
        ('id:model/atlas-4-1-helpful-only-2026-08-20', 'Atlas-4.1 helpful-only variant', date(2026, 8, 20), 'id:model/atlas-4-1-2026-08-14', 'id:model/atlas-4-2026-03-02', 3, None, None, None),
        ('id:model/atlas-4-1-pwlock-2026-08-25', 'Atlas-4.1 password-locked control', date(2026, 8, 25), 'id:model/atlas-4-1-2026-08-14', 'id:model/atlas-4-2026-03-02', 3, None, None, None),
    ]),
    # Two chains of two versions (cyber-inability v1 -> v2, misuse-safeguards v0 -> v1) and twelve single versions.
    ("case-versions", {}, [
        ('id:agent-browsing-tool-addition-v1', 'id:agent-browsing-tool-addition-v1', '1', 'scv:case-status/draft', date(2026, 11, 18), None, None, True, False),
        ('id:ai-control-internal-agent-v1', 'id:ai-control-internal-agent-v1', '1', 'scv:case-status/approved', date(2026, 7, 20), None, None, True, False),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1', '1', 'scv:case-status/under-review', date(2026, 9, 20), None, None, True, False),
        ('id:atlas-5-eu-model-report-v1', 'id:atlas-5-eu-model-report-v1', '1', 'scv:case-status/approved', date(2026, 10, 14), None, None, True, False),
        ('id:atlas-5-sb53-transparency-v1', 'id:atlas-5-sb53-transparency-v1', '1', 'scv:case-status/approved', date(2026, 10, 18), None, None, True, False),
        ('id:cbrn-rsp-deployment-v1', 'id:cbrn-rsp-deployment-v1', '1', 'scv:case-status/approved', date(2026, 9, 10), None, None, True, False),
        ('id:clinical-triage-integration-v1', 'id:clinical-triage-integration-v1', '1', 'scv:case-status/rejected', date(2026, 10, 2), None, None, True, False),
        ('id:cyber-inability-v1', 'id:cyber-inability-v1', '1', 'scv:case-status/superseded', date(2026, 5, 25), None, 'id:cyber-inability-v2', False, False),
        ('id:cyber-inability-v1', 'id:cyber-inability-v2', '2', 'scv:case-status/approved', date(2026, 6, 24), 'id:cyber-inability-v1', None, True, False),
        ('id:debate-alignment-v1', 'id:debate-alignment-v1', '1', 'scv:case-status/under-review', date(2026, 10, 6), None, None, True, False),
        ('id:fsf-early-warning-v1', 'id:fsf-early-warning-v1', '1', 'scv:case-status/needs-review', date(2026, 10, 14), None, None, True, False),
        ('id:misuse-safeguards-api-v0', 'id:misuse-safeguards-api-v0', '0', 'scv:case-status/superseded', date(2026, 3, 20), None, 'id:misuse-safeguards-api-v1', False, False),
        ('id:misuse-safeguards-api-v0', 'id:misuse-safeguards-api-v1', '1', 'scv:case-status/approved', date(2026, 5, 28), 'id:misuse-safeguards-api-v0', None, True, False),
        ('id:open-weights-reuse-v1', 'id:open-weights-reuse-v1', '1', 'scv:case-status/approved', date(2026, 6, 20), None, None, True, False),
        ('id:polaris-1-keep-restricted-v1', 'id:polaris-1-keep-restricted-v1', '1', 'scv:case-status/expired', date(2026, 3, 2), None, None, True, False),
        ('id:polaris-3-agent-control-v1', 'id:polaris-3-agent-control-v1', '1', 'scv:case-status/approved', date(2026, 11, 18), None, None, True, False),
    ]),
    ("case-versions", {"case": "id:cyber-inability-v2"}, [
        ('id:cyber-inability-v1', 'id:cyber-inability-v1', '1', 'scv:case-status/superseded', date(2026, 5, 25), None, 'id:cyber-inability-v2', False, False),
        ('id:cyber-inability-v1', 'id:cyber-inability-v2', '2', 'scv:case-status/approved', date(2026, 6, 24), 'id:cyber-inability-v1', None, True, False),
    ]),
    # Only the fsf forecast (1.52 above 1.5) is in breach; it monitors G1 and G3 and its trigger has fired.
    ("breached-indicators", {}, [
        ('id:fsf-early-warning-v1', 'id:fsf-early-warning-v1/SPI1', 'Forecast ML R&D speed-up at the next training milestone, refitted every 0.25x compute', 'scv:breach-direction/above', D("1.5"), D("1.52"), date(2026, 11, 10), True, 'id:fsf-early-warning-v1/G1', 'id:person/k-varga', 'scv:trigger-status/fired', 'Pause scale-up at the current compute, run the full early-warning suite and reconvene the decision makers.'),
        ('id:fsf-early-warning-v1', 'id:fsf-early-warning-v1/SPI1', 'Forecast ML R&D speed-up at the next training milestone, refitted every 0.25x compute', 'scv:breach-direction/above', D("1.5"), D("1.52"), date(2026, 11, 10), True, 'id:fsf-early-warning-v1/G3', 'id:person/k-varga', 'scv:trigger-status/fired', 'Pause scale-up at the current compute, run the full early-warning suite and reconvene the decision makers.'),
    ]),
    ("breached-indicators", {"includeAll": "true"}, [
        ('id:ai-control-internal-agent-v1', 'id:ai-control-internal-agent-v1/SPI1', 'Share of agent actions scored by the trusted monitor before execution', 'scv:breach-direction/below', D("0.995"), D("0.998"), date(2026, 11, 23), False, 'id:ai-control-internal-agent-v1/G4', 'id:person/f-oyelaran', 'scv:trigger-status/armed', 'Pause new agent tasks, reopen G4 and re-run the shadow-deployment recall test.'),
        ('id:debate-alignment-v1', 'id:debate-alignment-v1/SPI1', 'Share of weekly audited answers with an undetected material falsehood', 'scv:breach-direction/above', D("0.05"), D("0.036"), date(2026, 11, 20), False, 'id:debate-alignment-v1/G3', 'id:person/t-mensah', None, 'Freeze online training updates and roll back to the last audited weights.'),
        ('id:fsf-early-warning-v1', 'id:fsf-early-warning-v1/SPI1', 'Forecast ML R&D speed-up at the next training milestone, refitted every 0.25x compute', 'scv:breach-direction/above', D("1.5"), D("1.52"), date(2026, 11, 10), True, 'id:fsf-early-warning-v1/G1', 'id:person/k-varga', 'scv:trigger-status/fired', 'Pause scale-up at the current compute, run the full early-warning suite and reconvene the decision makers.'),
        ('id:fsf-early-warning-v1', 'id:fsf-early-warning-v1/SPI1', 'Forecast ML R&D speed-up at the next training milestone, refitted every 0.25x compute', 'scv:breach-direction/above', D("1.5"), D("1.52"), date(2026, 11, 10), True, 'id:fsf-early-warning-v1/G3', 'id:person/k-varga', 'scv:trigger-status/fired', 'Pause scale-up at the current compute, run the full early-warning suite and reconvene the decision makers.'),
        ('id:misuse-safeguards-api-v1', 'id:misuse-safeguards-api-v1/SPI1', 'Uplift-model risk estimate recomputed weekly from bounty, incident and classifier data (uplifted actors per year)', 'scv:breach-direction/above', D("0.05"), D("0.021"), date(2026, 11, 24), False, 'id:misuse-safeguards-api-v1/G3', 'id:person/f-oyelaran', 'scv:trigger-status/armed', 'Tighten classifier thresholds within 24 hours and reopen the case with the regulator.'),
    ]),
    ("breached-indicators", {"includeAll": "true", "case": "id:debate-alignment-v1"}, [
        ('id:debate-alignment-v1', 'id:debate-alignment-v1/SPI1', 'Share of weekly audited answers with an undetected material falsehood', 'scv:breach-direction/above', D("0.05"), D("0.036"), date(2026, 11, 20), False, 'id:debate-alignment-v1/G3', 'id:person/t-mensah', None, 'Freeze online training updates and roll back to the last audited weights.'),
    ]),
    # The two dissenting reviews: the regulator on the rejected clinical case, Halden on the deferred debate case.
    ("review-dissent", {}, [
        ('id:clinical-triage-integration-v1', 'scv:case-status/rejected', 'scv:decision-outcome/rejected', 'id:person/n-achebe', 'scv:reviewer-independence/regulator', 'scv:review-opinion/dissent', date(2026, 10, 1), 'The evidence does not support integration; the retrospective figure should not have been offered as the main support.'),
        ('id:debate-alignment-v1', 'scv:case-status/under-review', 'scv:decision-outcome/deferred', 'id:person/e-castillo', 'scv:reviewer-independence/third-party', 'scv:review-opinion/dissent', date(2026, 10, 16), 'G2 rests on an audit that excludes exactly the questions where debate is known to fail; the case should not support access yet.'),
    ]),
    ("review-dissent", {"opinion": "scv:review-opinion/concur-with-reservations"}, [
        ('id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'scv:decision-outcome/deferred', 'id:person/v-kowalski', 'scv:reviewer-independence/internal-independent', 'scv:review-opinion/concur-with-reservations', date(2026, 11, 19), 'Deferral is right; G2 is an admitted gap.'),
        ('id:ai-control-internal-agent-v1', 'scv:case-status/approved', 'scv:decision-outcome/approved-with-conditions', 'id:person/s-ito', 'scv:reviewer-independence/third-party', 'scv:review-opinion/concur-with-reservations', date(2026, 7, 19), 'Cross-task collusion is untested and should be the first extension.'),
        ('id:atlas-5-sb53-transparency-v1', 'scv:case-status/approved', 'scv:decision-outcome/approved-with-conditions', 'id:person/v-kowalski', 'scv:reviewer-independence/internal-independent', 'scv:review-opinion/concur-with-reservations', date(2026, 10, 17), 'The framework was published a month late, and the next internal-use summary must not slip.'),
        ('id:cbrn-rsp-deployment-v1', 'scv:case-status/approved', 'scv:decision-outcome/approved-with-conditions', 'id:person/n-achebe', 'scv:reviewer-independence/regulator', 'scv:review-opinion/concur-with-reservations', date(2026, 9, 8), 'The early-warning margin is small; the longer trial should come first.'),
        ('id:cyber-inability-v1', 'scv:case-status/superseded', 'scv:decision-outcome/approved-with-conditions', 'id:person/s-ito', 'scv:reviewer-independence/third-party', 'scv:review-opinion/concur-with-reservations', date(2026, 5, 22), 'Elicitation was reasonable but should be repeated on the launched build.'),
        ('id:debate-alignment-v1', 'scv:case-status/under-review', 'scv:decision-outcome/deferred', 'id:person/k-varga', 'scv:reviewer-independence/internal-independent', 'scv:review-opinion/concur-with-reservations', date(2026, 10, 14), "The pilot is acceptable at this scale if D3's partners are excluded from access."),
        ('id:fsf-early-warning-v1', 'scv:case-status/needs-review', 'scv:decision-outcome/approved-with-conditions', 'id:person/s-ito', 'scv:reviewer-independence/third-party', 'scv:review-opinion/concur-with-reservations', date(2026, 10, 13), 'The margin to level 1 is within evaluator disagreement; the pause condition is essential.'),
        ('id:misuse-safeguards-api-v0', 'scv:case-status/superseded', 'scv:decision-outcome/approved', 'id:person/v-kowalski', 'scv:reviewer-independence/internal-independent', 'scv:review-opinion/concur-with-reservations', date(2026, 3, 19), 'Acceptable only for early access; a public launch needs external red-teaming.'),
        ('id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'scv:decision-outcome/approved-with-conditions', 'id:person/n-achebe', 'scv:reviewer-independence/regulator', 'scv:review-opinion/concur-with-reservations', date(2026, 5, 27), 'The baseline in the uplift model is dated; update it before the next review.'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'scv:decision-outcome/approved-with-conditions', 'id:person/g-farah', 'scv:reviewer-independence/third-party', 'scv:review-opinion/concur-with-reservations', date(2026, 11, 17), 'Multi-task attacks should be the next red-team round.'),
    ]),
    ("review-dissent", {"case": "id:debate-alignment-v1"}, [
        ('id:debate-alignment-v1', 'scv:case-status/under-review', 'scv:decision-outcome/deferred', 'id:person/e-castillo', 'scv:reviewer-independence/third-party', 'scv:review-opinion/dissent', date(2026, 10, 16), 'G2 rests on an audit that excludes exactly the questions where debate is known to fail; the case should not support access yet.'),
    ]),
    # reliesOn of every case, and the addresses links of claims, incident response processes and acceptability criteria
    # (unnamed nodes), submissions, schedules, organisational records and a redaction notice.
    ("clauses-addressed", {}, [
        ('id:agent-browsing-tool-addition-v1', 'relies on framework', 'id:framework/aurora-scaling-policy-2-0', 'Aurora Labs Scaling Policy, version 2.0', 'id:agent-browsing-tool-addition-v1', 'case'),
        ('id:ai-control-internal-agent-v1', 'relies on framework', 'cat:eu-ai-act-2024-1689', 'Regulation (EU) 2024/1689 laying down harmonised rules on artificial intelligence (Artificial Intelligence Act)', 'id:ai-control-internal-agent-v1', 'case'),
        ('id:ai-control-internal-agent-v1', 'relies on framework', 'id:framework/aurora-scaling-policy-2-0', 'Aurora Labs Scaling Policy, version 2.0', 'id:ai-control-internal-agent-v1', 'case'),
        ('id:ai-control-internal-agent-v1', 'addresses clause', 'id:framework/aurora-scaling-policy-2-0/sec-5-1', '§5.1 Internal deployment of agentic systems requires an AI-control case', 'id:ai-control-internal-agent-v1/G0', 'claim'),
        ('id:atlas-4-1-cyber-inability-v1', 'relies on framework', 'cat:gpai-cop-2025-07', 'Code of Practice for General-Purpose AI Models', 'id:atlas-4-1-cyber-inability-v1', 'case'),
        ('id:atlas-4-1-cyber-inability-v1', 'relies on framework', 'id:framework/aurora-ssf-1-0', 'Aurora Labs Safety and Security Framework, version 1.0', 'id:atlas-4-1-cyber-inability-v1', 'case'),
        ('id:atlas-4-1-cyber-inability-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-appendix-3-2', 'Model elicitation', 'id:atlas-4-1-cyber-inability-v1/G3', 'claim'),
        ('id:atlas-4-1-cyber-inability-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-4-1', 'Acceptance criteria and determination', 'id:atlas-4-1-cyber-inability-v1/G1', 'claim'),
        ('id:atlas-5-eu-model-report-v1', 'relies on framework', 'cat:eu-ai-act-2024-1689', 'Regulation (EU) 2024/1689 laying down harmonised rules on artificial intelligence (Artificial Intelligence Act)', 'id:atlas-5-eu-model-report-v1', 'case'),
        ('id:atlas-5-eu-model-report-v1', 'relies on framework', 'cat:gpai-cop-2025-07', 'Code of Practice for General-Purpose AI Models', 'id:atlas-5-eu-model-report-v1', 'case'),
        ('id:atlas-5-eu-model-report-v1', 'relies on framework', 'id:framework/aurora-ssf-1-0', 'Aurora Labs Safety and Security Framework, version 1.0', 'id:atlas-5-eu-model-report-v1', 'case'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:ca-sb53-2025/lab-1107-1107-1', 'Whistleblower protections', 'id:record/aurora-whistleblower-channel', 'organisational record'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-52-1', 'Procedure: notification', 'id:atlas-5-eu-model-report-v1/N1', 'submission'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-54', 'Authorised representatives', 'id:record/aurora-representative-mandate', 'organisational record'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'Model evaluation incl. adversarial testing', 'id:atlas-5-eu-model-report-v1/G1', 'claim'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'Assess and mitigate systemic risks', 'id:atlas-5-eu-model-report-v1/G0', 'claim'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-c', 'Serious incidents', 'id:atlas-5-eu-model-report-v1/G4', 'claim'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-d', 'Cybersecurity', 'id:atlas-5-eu-model-report-v1/G3', 'claim'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-commitment-5', 'Safety mitigations', 'id:atlas-5-eu-model-report-v1/G5', 'claim'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-commitment-7', 'Safety and Security Model Reports', 'id:atlas-5-eu-model-report-v1/N3', 'submission'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-1-4', 'Framework notifications', 'id:atlas-5-eu-model-report-v1/N2', 'submission'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-3-2', 'Model evaluations', 'id:atlas-5-eu-model-report-v1/G1', 'claim'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-4-1', 'Acceptance criteria and determination', None, 'acceptability criteria'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-7-2', 'Reasons for proceeding', 'id:atlas-5-eu-model-report-v1/G0', 'claim'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-7-6', 'Model Report updates', 'id:atlas-5-eu-model-report-v1/SCH1', 'submission schedule'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-7-7', 'Model Report notifications', 'id:atlas-5-eu-model-report-v1/N3', 'submission'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-8-1', 'Clear responsibilities', 'id:record/aurora-governance-roles-2026', 'organisational record'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-8-3', 'Risk culture', 'id:record/aurora-whistleblower-channel', 'organisational record'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-9-3', 'Reporting timelines', None, 'incident response process'),
        ('id:atlas-5-eu-model-report-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-9-4', 'Retention period', None, 'incident response process'),
        ('id:atlas-5-sb53-transparency-v1', 'relies on framework', 'cat:ca-sb53-2025', 'Transparency in Frontier Artificial Intelligence Act (California SB 53)', 'id:atlas-5-sb53-transparency-v1', 'case'),
        ('id:atlas-5-sb53-transparency-v1', 'relies on framework', 'id:framework/aurora-ssf-1-0', 'Aurora Labs Safety and Security Framework, version 1.0', 'id:atlas-5-sb53-transparency-v1', 'case'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:ca-sb53-2025/bp-22757-12-a', 'Frontier AI framework (large developers)', 'id:atlas-5-sb53-transparency-v1/F1', 'submission'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:ca-sb53-2025/bp-22757-12-c-1', 'Transparency report (all frontier developers)', 'id:atlas-5-sb53-transparency-v1/T1', 'submission'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:ca-sb53-2025/bp-22757-12-c-2-4', 'Transparency report: large developers', 'id:atlas-5-sb53-transparency-v1/G0', 'claim'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:ca-sb53-2025/bp-22757-12-c-2-4', 'Transparency report: large developers', 'id:atlas-5-sb53-transparency-v1/T1', 'submission'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:ca-sb53-2025/bp-22757-12-d', 'Internal-use risk summaries to OES', 'id:atlas-5-sb53-transparency-v1/G2', 'claim'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:ca-sb53-2025/bp-22757-12-d', 'Internal-use risk summaries to OES', 'id:atlas-5-sb53-transparency-v1/SCH1', 'submission schedule'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:ca-sb53-2025/bp-22757-12-f', 'Redactions', None, 'redaction'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:ca-sb53-2025/bp-22757-13-c', 'Incident reporting timelines', None, 'incident response process'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:ca-sb53-2025/lab-1107-1107-1', 'Whistleblower protections', 'id:record/aurora-rights-notice-2026', 'organisational record'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:ca-sb53-2025/lab-1107-1107-1', 'Whistleblower protections', 'id:record/aurora-whistleblower-channel', 'organisational record'),
        ('id:atlas-5-sb53-transparency-v1', 'addresses clause', 'cat:gpai-cop-2025-07/ss-measure-8-3', 'Risk culture', 'id:record/aurora-whistleblower-channel', 'organisational record'),
        ('id:cbrn-rsp-deployment-v1', 'relies on framework', 'cat:anthropic-rsp-3-3', 'Responsible Scaling Policy, version 3.3', 'id:cbrn-rsp-deployment-v1', 'case'),
        ('id:cbrn-rsp-deployment-v1', 'relies on framework', 'cat:eu-ai-act-2024-1689', 'Regulation (EU) 2024/1689 laying down harmonised rules on artificial intelligence (Artificial Intelligence Act)', 'id:cbrn-rsp-deployment-v1', 'case'),
        ('id:cbrn-rsp-deployment-v1', 'relies on framework', 'id:framework/aurora-scaling-policy-2-0', 'Aurora Labs Scaling Policy, version 2.0', 'id:cbrn-rsp-deployment-v1', 'case'),
        ('id:cbrn-rsp-deployment-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'Model evaluation incl. adversarial testing', 'id:cbrn-rsp-deployment-v1/G1', 'claim'),
        ('id:cbrn-rsp-deployment-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'Assess and mitigate systemic risks', 'id:cbrn-rsp-deployment-v1/G0', 'claim'),
        ('id:cbrn-rsp-deployment-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-d', 'Cybersecurity', 'id:cbrn-rsp-deployment-v1/G3', 'claim'),
        ('id:cbrn-rsp-deployment-v1', 'addresses clause', 'id:framework/aurora-scaling-policy-2-0/sec-3-2', '§3.2 CBRN capability threshold and the safeguards required at or near it', 'id:cbrn-rsp-deployment-v1/G1', 'claim'),
        ('id:clinical-triage-integration-v1', 'relies on framework', 'id:framework/borealis-frontier-framework-1-2', 'Borealis AI Frontier Framework, version 1.2', 'id:clinical-triage-integration-v1', 'case'),
        ('id:cyber-inability-v1', 'relies on framework', 'cat:aisi-cyber-inability-template-2024', 'Safety case template for frontier AI: A cyber inability argument', 'id:cyber-inability-v1', 'case'),
        ('id:cyber-inability-v2', 'relies on framework', 'cat:aisi-cyber-inability-template-2024', 'Safety case template for frontier AI: A cyber inability argument', 'id:cyber-inability-v2', 'case'),
        ('id:debate-alignment-v1', 'relies on framework', 'id:framework/borealis-frontier-framework-1-2', 'Borealis AI Frontier Framework, version 1.2', 'id:debate-alignment-v1', 'case'),
        ('id:debate-alignment-v1', 'addresses clause', 'id:framework/borealis-frontier-framework-1-2/sec-4-1', '§4.1 Trustworthiness (alignment) cases for access beyond Borealis staff', 'id:debate-alignment-v1/G0', 'claim'),
        ('id:fsf-early-warning-v1', 'relies on framework', 'cat:gdm-fsf-3-1', 'Frontier Safety Framework, version 3.1', 'id:fsf-early-warning-v1', 'case'),
        ('id:fsf-early-warning-v1', 'relies on framework', 'id:framework/borealis-frontier-framework-1-2', 'Borealis AI Frontier Framework, version 1.2', 'id:fsf-early-warning-v1', 'case'),
        ('id:fsf-early-warning-v1', 'addresses clause', 'id:framework/borealis-frontier-framework-1-2/sec-2-3', '§2.3 Early-warning evaluations, alert thresholds and what happens when one is reached', 'id:fsf-early-warning-v1/G0', 'claim'),
        ('id:misuse-safeguards-api-v0', 'relies on framework', 'id:framework/aurora-scaling-policy-2-0', 'Aurora Labs Scaling Policy, version 2.0', 'id:misuse-safeguards-api-v0', 'case'),
        ('id:misuse-safeguards-api-v1', 'relies on framework', 'cat:eu-ai-act-2024-1689', 'Regulation (EU) 2024/1689 laying down harmonised rules on artificial intelligence (Artificial Intelligence Act)', 'id:misuse-safeguards-api-v1', 'case'),
        ('id:misuse-safeguards-api-v1', 'relies on framework', 'id:framework/aurora-scaling-policy-2-0', 'Aurora Labs Scaling Policy, version 2.0', 'id:misuse-safeguards-api-v1', 'case'),
        ('id:misuse-safeguards-api-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'Model evaluation incl. adversarial testing', 'id:misuse-safeguards-api-v1/G1', 'claim'),
        ('id:misuse-safeguards-api-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'Assess and mitigate systemic risks', 'id:misuse-safeguards-api-v1/G0', 'claim'),
        ('id:misuse-safeguards-api-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-c', 'Serious incidents', None, 'incident response process'),
        ('id:open-weights-reuse-v1', 'relies on framework', 'id:framework/aurora-scaling-policy-2-0', 'Aurora Labs Scaling Policy, version 2.0', 'id:open-weights-reuse-v1', 'case'),
        ('id:polaris-1-keep-restricted-v1', 'relies on framework', 'id:framework/borealis-frontier-framework-1-2', 'Borealis AI Frontier Framework, version 1.2', 'id:polaris-1-keep-restricted-v1', 'case'),
        ('id:polaris-3-agent-control-v1', 'relies on framework', 'id:framework/borealis-frontier-framework-1-2', 'Borealis AI Frontier Framework, version 1.2', 'id:polaris-3-agent-control-v1', 'case'),
    ]),
    ("clauses-addressed", {"case": "id:misuse-safeguards-api-v1"}, [
        ('id:misuse-safeguards-api-v1', 'relies on framework', 'cat:eu-ai-act-2024-1689', 'Regulation (EU) 2024/1689 laying down harmonised rules on artificial intelligence (Artificial Intelligence Act)', 'id:misuse-safeguards-api-v1', 'case'),
        ('id:misuse-safeguards-api-v1', 'relies on framework', 'id:framework/aurora-scaling-policy-2-0', 'Aurora Labs Scaling Policy, version 2.0', 'id:misuse-safeguards-api-v1', 'case'),
        ('id:misuse-safeguards-api-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'Model evaluation incl. adversarial testing', 'id:misuse-safeguards-api-v1/G1', 'claim'),
        ('id:misuse-safeguards-api-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'Assess and mitigate systemic risks', 'id:misuse-safeguards-api-v1/G0', 'claim'),
        ('id:misuse-safeguards-api-v1', 'addresses clause', 'cat:eu-ai-act-2024-1689/art-55-1-c', 'Serious incidents', None, 'incident response process'),
    ]),
    # 51 evidence items; 31 are internal records.
    ("evidence-by-replication", {}, [
        ('scv:replication-status/externally-replicated', 'scv:source-type/internal-record', 1, 1),
        ('scv:replication-status/externally-replicated', 'scv:source-type/third-party-evaluation', 14, 12),
        ('scv:replication-status/internal', 'scv:source-type/internal-record', 30, 16),
        ('scv:replication-status/internal', 'scv:source-type/post-incident-review', 1, 1),
        ('scv:replication-status/internal', 'scv:source-type/theory-paper', 1, 1),
        ('scv:replication-status/public-summary', 'scv:source-type/risk-report', 1, 1),
        ('scv:replication-status/public-summary', 'scv:source-type/system-card', 1, 2),
        ('scv:replication-status/regulator-only', 'scv:source-type/regulator-guidance', 1, 1),
        ('scv:replication-status/regulator-only', 'scv:source-type/third-party-evaluation', 1, 1),
    ]),
    ("evidence-by-replication", {"case": "id:cbrn-rsp-deployment-v1"}, [
        ('scv:replication-status/externally-replicated', 'scv:source-type/third-party-evaluation', 3, 1),
        ('scv:replication-status/internal', 'scv:source-type/internal-record', 1, 1),
        ('scv:replication-status/public-summary', 'scv:source-type/risk-report', 1, 1),
        ('scv:replication-status/regulator-only', 'scv:source-type/third-party-evaluation', 1, 1),
    ]),
    # Cross-framework questions. Three assessments record a threshold reached or at its early-warning level; only
    # Polaris-1 reached one (borealis-cyber-1).
    ('thresholds-reached', {}, [
        ('id:model/atlas-4-1-2026-08-14', 'id:threshold/aurora-cbrn-1', 'scv:risk-domain/cbrn', 'id:framework/aurora-scaling-policy-2-0', date(2026, 2, 10), 'scv:assessment-outcome/early-warning', date(2026, 9, 2), 'id:cbrn-rsp-deployment-v1'),
        ('id:model/polaris-1-2025-11-03', 'id:threshold/borealis-cyber-1', 'scv:risk-domain/cyber', 'id:framework/borealis-frontier-framework-1-2', date(2026, 5, 4), 'scv:assessment-outcome/reached', date(2026, 2, 12), 'id:polaris-1-keep-restricted-v1'),
        ('id:model/polaris-3-ckpt-2026-10-05', 'id:threshold/borealis-mlrnd-1', 'scv:risk-domain/ml-rnd', 'id:framework/borealis-frontier-framework-1-2', date(2026, 5, 4), 'scv:assessment-outcome/early-warning', date(2026, 10, 10), 'id:fsf-early-warning-v1'),
    ]),
    ('thresholds-reached', {'includeEarlyWarning': 'false'}, [
        ('id:model/polaris-1-2025-11-03', 'id:threshold/borealis-cyber-1', 'scv:risk-domain/cyber', 'id:framework/borealis-frontier-framework-1-2', date(2026, 5, 4), 'scv:assessment-outcome/reached', date(2026, 2, 12), 'id:polaris-1-keep-restricted-v1'),
    ]),
    ('thresholds-reached', {'domain': 'scv:risk-domain/cbrn'}, [
        ('id:model/atlas-4-1-2026-08-14', 'id:threshold/aurora-cbrn-1', 'scv:risk-domain/cbrn', 'id:framework/aurora-scaling-policy-2-0', date(2026, 2, 10), 'scv:assessment-outcome/early-warning', date(2026, 9, 2), 'id:cbrn-rsp-deployment-v1'),
    ]),
    # Clauses with requirements that no case addresses, in the framework versions the cases rely on; the
    # EU AI Act's Art 55(1)(a)-(d) are addressed (by cbrn and misuse-v1), its other duties are not; Art 54 and Art 73
    # are not listed, since no case element can meet them (Art 54 is outside safety-case scope, Art 73 binds providers
    # of high-risk systems). With a framework given, its clauses are listed whether or not a case relies on it.
    ('unaddressed-clauses', {}, [
        ('cat:aisi-cyber-inability-template-2024', 'cat:aisi-cyber-inability-template-2024/decomposition', 'Decomposition', 'Decomposition', 2),
        ('cat:aisi-cyber-inability-template-2024', 'cat:aisi-cyber-inability-template-2024/defeaters', 'Defeaters', 'Defeaters', 2),
        ('cat:aisi-cyber-inability-template-2024', 'cat:aisi-cyber-inability-template-2024/evaluation-settings', 'Evaluation settings', 'Evaluation settings', 2),
        ('cat:aisi-cyber-inability-template-2024', 'cat:aisi-cyber-inability-template-2024/evidence', 'Evidence', 'Evidence', 2),
        ('cat:aisi-cyber-inability-template-2024', 'cat:aisi-cyber-inability-template-2024/proxy-tasks', 'Proxy tasks', 'Proxy tasks', 2),
        ('cat:aisi-cyber-inability-template-2024', 'cat:aisi-cyber-inability-template-2024/risk-models', 'Risk models', 'Risk models', 2),
        ('cat:aisi-cyber-inability-template-2024', 'cat:aisi-cyber-inability-template-2024/top-level-claim', 'Top-level claim', 'Top-level claim', 2),
        ('cat:anthropic-rsp-3-3', 'cat:anthropic-rsp-3-3/s1-row-2-s3-1', '§1 row 2; §3.1', 'Novel CB threshold revised; Risk Report scope', 1),
        ('cat:ca-sb53-2025', 'cat:ca-sb53-2025/bp-22757-12-b', '§22757.12(b)', 'Framework review and modification', 1),
        ('cat:eu-ai-act-2024-1689', 'cat:eu-ai-act-2024-1689/annex-xi-s2', 'Annex XI Section 2', 'Technical documentation: additional information for GPAI models with systemic risk', 4),
        ('cat:eu-ai-act-2024-1689', 'cat:eu-ai-act-2024-1689/art-52-2-3', 'Art 52(2)–(3)', 'Procedure: rebuttal', 4),
        ('cat:eu-ai-act-2024-1689', 'cat:eu-ai-act-2024-1689/art-53-1-a', 'Art 53(1)(a)', 'Technical documentation (Annex XI)', 4),
        ('cat:eu-ai-act-2024-1689', 'cat:eu-ai-act-2024-1689/art-53-1-b', 'Art 53(1)(b)', 'Information for downstream providers (Annex XII)', 4),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/overview', 'Overview', 'Aims of the Framework', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/s1-3-1', '§1.3.1', 'Risk identification', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/s1-3-2', '§1.3.2', 'Inherent risk assessment', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/s1-3-3', '§1.3.3', 'Risk mitigation', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/s1-3-5', '§1.3.5', 'Risk acceptance determination', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/security-level-2-plus', '§2.1.1, §2.2 (pp. 9–12)', 'Security Level 2+ for misuse CCLs', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/deployment-gates', '§2.1.2, §3.1.2 (pp. 10, 13–14)', 'Deployment gates', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/s3-1-1', '§3.1.1', 'Security mitigations for ML R&D capability levels', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/governance', '§4.1, §5.1 (pp. 16–17)', 'Governance structure; review cadence', 1),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-appendix-3-1', 'App. 3.1', 'Rigorous model evaluations', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-appendix-3-3', 'App. 3.3', 'Assessing the effectiveness of mitigations', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-appendix-3-4', 'App. 3.4', 'Qualified model evaluation teams and adequate resources', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-appendix-3-5', 'App. 3.5', 'Independent external model evaluations', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-appendix-3', 'Appendix 3', 'Model evaluations', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-commitment-1', 'Commitment 1', 'Safety and Security Framework', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/transparency-commitment-1', 'Commitment 1', 'Documentation', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-commitment-10', 'Commitment 10', 'Additional documentation and transparency', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-commitment-2', 'Commitment 2', 'Systemic risk identification', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-commitment-3', 'Commitment 3', 'Systemic risk analysis', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-commitment-4', 'Commitment 4', 'Systemic risk acceptance determination', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-commitment-6', 'Commitment 6', 'Security mitigations', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-commitment-8', 'Commitment 8', 'Systemic risk responsibility allocation', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-commitment-9', 'Commitment 9', 'Serious incident reporting', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-1-1', 'Measure 1.1', 'Creating the Framework', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/transparency-measure-1-1', 'Measure 1.1', 'Drawing up and keeping up-to-date model documentation', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-1-2', 'Measure 1.2', 'Implementing the Framework', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-1-3', 'Measure 1.3', 'Updating the Framework', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-10-1', 'Measure 10.1', 'Additional documentation', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-10-2', 'Measure 10.2', 'Public transparency', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-2-1', 'Measure 2.1', 'Identification process', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-2-2', 'Measure 2.2', 'Risk scenarios', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-3-1', 'Measure 3.1', 'Model-independent information', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-3-3', 'Measure 3.3', 'Risk modelling', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-3-4', 'Measure 3.4', 'Risk estimation', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-3-5', 'Measure 3.5', 'Post-market monitoring', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-4-2', 'Measure 4.2', 'Proceeding or not proceeding', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-5-1', 'Measure 5.1', 'Safety mitigations', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-6-1', 'Measure 6.1', 'Security Goal', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-6-2', 'Measure 6.2', 'Appropriate security mitigations', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-7-1', 'Measure 7.1', 'Model description and behaviour', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-7-3', 'Measure 7.3', 'Documentation of systemic risk identification, analysis, and mitigation', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-7-4', 'Measure 7.4', 'External reports', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-7-5', 'Measure 7.5', 'Material changes to the systemic risk landscape', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-8-2', 'Measure 8.2', 'Resources', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-9-1', 'Measure 9.1', 'Identification methods', 2),
        ('cat:gpai-cop-2025-07', 'cat:gpai-cop-2025-07/ss-measure-9-2', 'Measure 9.2', 'Relevant information', 2),
    ]),
    ('unaddressed-clauses', {'framework': 'cat:gdm-fsf-3-1'}, [
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/overview', 'Overview', 'Aims of the Framework', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/s1-3-1', '§1.3.1', 'Risk identification', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/s1-3-2', '§1.3.2', 'Inherent risk assessment', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/s1-3-3', '§1.3.3', 'Risk mitigation', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/s1-3-5', '§1.3.5', 'Risk acceptance determination', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/security-level-2-plus', '§2.1.1, §2.2 (pp. 9–12)', 'Security Level 2+ for misuse CCLs', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/deployment-gates', '§2.1.2, §3.1.2 (pp. 10, 13–14)', 'Deployment gates', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/s3-1-1', '§3.1.1', 'Security mitigations for ML R&D capability levels', 1),
        ('cat:gdm-fsf-3-1', 'cat:gdm-fsf-3-1/governance', '§4.1, §5.1 (pp. 16–17)', 'Governance structure; review cadence', 1),
    ]),
    # Art 55(1)(d) (cybersecurity) is met only by security-control or external-audit evidence or a security-posture
    # claim: only cbrn (G3), ai-control, fsf and polaris-1 have one. misuse-v1 relies on the Act and still has the gap.
    ('clause-gaps', {'clause': 'cat:eu-ai-act-2024-1689/art-55-1-d'}, [
        ('id:agent-browsing-tool-addition-v1', 'scv:case-status/draft', 'scv:decision-kind/agent-tool-addition', False),
        ('id:clinical-triage-integration-v1', 'scv:case-status/rejected', 'scv:decision-kind/sensitive-domain-integration', False),
        ('id:cyber-inability-v1', 'scv:case-status/superseded', 'scv:decision-kind/api-launch', False),
        ('id:cyber-inability-v2', 'scv:case-status/approved', 'scv:decision-kind/api-launch', False),
        ('id:debate-alignment-v1', 'scv:case-status/under-review', 'scv:decision-kind/trusted-user-access', False),
        ('id:misuse-safeguards-api-v0', 'scv:case-status/superseded', 'scv:decision-kind/api-launch', False),
        ('id:misuse-safeguards-api-v1', 'scv:case-status/approved', 'scv:decision-kind/api-launch', True),
        ('id:open-weights-reuse-v1', 'scv:case-status/approved', 'scv:decision-kind/open-weight-publication', False),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'scv:decision-kind/internal-deployment', False),
    ]),
    ('clause-gaps', {'clause': 'cat:gpai-cop-2025-07/ss-commitment-5'}, [
        ('id:cyber-inability-v1', 'scv:case-status/superseded', 'scv:decision-kind/api-launch', False),
        ('id:cyber-inability-v2', 'scv:case-status/approved', 'scv:decision-kind/api-launch', False),
        ('id:fsf-early-warning-v1', 'scv:case-status/needs-review', 'scv:decision-kind/continue-training', False),
        ('id:polaris-1-keep-restricted-v1', 'scv:case-status/expired', 'scv:decision-kind/keep-restricted', False),
    ]),
    # The shared red-team report carries misuse-v1 G1 (Art 55(1)(a)) and G0 (Art 55(1)(b)); the catalog's crosswalks
    # carry those to the Code of Practice, the FSF, the RSP, the Preparedness Framework and NIST MEASURE.
    ('evidence-obligations', {'evidence': 'id:evidence/redteam-report-2026-05'}, [
        ('cat:anthropic-rsp-2-2/capability-report', 'cat:anthropic-rsp-2-2', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:misuse-safeguards-api-v1'),
        ('cat:gdm-fsf-3-0/s1-3-analysis', 'cat:gdm-fsf-3-0', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:misuse-safeguards-api-v1'),
        ('cat:gpai-cop-2025-07/ss-appendix-3', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#broadMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:misuse-safeguards-api-v1'),
        ('cat:gpai-cop-2025-07/ss-commitment-2', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#broadMatch', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'id:misuse-safeguards-api-v1'),
        ('cat:gpai-cop-2025-07/ss-commitment-3', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#broadMatch', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'id:misuse-safeguards-api-v1'),
        ('cat:gpai-cop-2025-07/ss-commitment-4', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#broadMatch', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'id:misuse-safeguards-api-v1'),
        ('cat:gpai-cop-2025-07/ss-commitment-5', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#broadMatch', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'id:misuse-safeguards-api-v1'),
        ('cat:gpai-cop-2025-07/ss-measure-3-2', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#closeMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:misuse-safeguards-api-v1'),
        ('cat:gpai-cop-2025-07/ss-measure-7-2', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'id:misuse-safeguards-api-v1'),
        ('cat:nist-ai-rmf-1-0/measure-1', 'cat:nist-ai-rmf-1-0', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:misuse-safeguards-api-v1'),
        ('cat:nist-ai-rmf-1-0/measure-2', 'cat:nist-ai-rmf-1-0', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:misuse-safeguards-api-v1'),
        ('cat:openai-pf-2/s3', 'cat:openai-pf-2', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:misuse-safeguards-api-v1'),
        ('cat:eu-ai-act-2024-1689/art-55-1-a', 'cat:eu-ai-act-2024-1689', 'explicit', None, 'id:misuse-safeguards-api-v1/G1', 'id:misuse-safeguards-api-v1'),
        ('cat:eu-ai-act-2024-1689/art-55-1-b', 'cat:eu-ai-act-2024-1689', 'explicit', None, 'id:misuse-safeguards-api-v1/G0', 'id:misuse-safeguards-api-v1'),
    ]),
    ('evidence-obligations', {'evidence': 'id:cbrn-rsp-deployment-v1/E1'}, [
        ('cat:anthropic-rsp-2-2/capability-report', 'cat:anthropic-rsp-2-2', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:cbrn-rsp-deployment-v1'),
        ('cat:gdm-fsf-3-0/s1-3-analysis', 'cat:gdm-fsf-3-0', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:cbrn-rsp-deployment-v1'),
        ('cat:gpai-cop-2025-07/ss-appendix-3', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#broadMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:cbrn-rsp-deployment-v1'),
        ('cat:gpai-cop-2025-07/ss-commitment-2', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#broadMatch', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'id:cbrn-rsp-deployment-v1'),
        ('cat:gpai-cop-2025-07/ss-commitment-3', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#broadMatch', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'id:cbrn-rsp-deployment-v1'),
        ('cat:gpai-cop-2025-07/ss-commitment-4', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#broadMatch', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'id:cbrn-rsp-deployment-v1'),
        ('cat:gpai-cop-2025-07/ss-commitment-5', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#broadMatch', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'id:cbrn-rsp-deployment-v1'),
        ('cat:gpai-cop-2025-07/ss-measure-3-2', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#closeMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:cbrn-rsp-deployment-v1'),
        ('cat:gpai-cop-2025-07/ss-measure-7-2', 'cat:gpai-cop-2025-07', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-b', 'id:cbrn-rsp-deployment-v1'),
        ('cat:nist-ai-rmf-1-0/measure-1', 'cat:nist-ai-rmf-1-0', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:cbrn-rsp-deployment-v1'),
        ('cat:nist-ai-rmf-1-0/measure-2', 'cat:nist-ai-rmf-1-0', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:cbrn-rsp-deployment-v1'),
        ('cat:openai-pf-2/s3', 'cat:openai-pf-2', 'crosswalk', 'http://www.w3.org/2004/02/skos/core#relatedMatch', 'cat:eu-ai-act-2024-1689/art-55-1-a', 'id:cbrn-rsp-deployment-v1'),
        ('cat:eu-ai-act-2024-1689/art-55-1-a', 'cat:eu-ai-act-2024-1689', 'explicit', None, 'id:cbrn-rsp-deployment-v1/G1', 'id:cbrn-rsp-deployment-v1'),
        ('cat:eu-ai-act-2024-1689/art-55-1-b', 'cat:eu-ai-act-2024-1689', 'explicit', None, 'id:cbrn-rsp-deployment-v1/G0', 'id:cbrn-rsp-deployment-v1'),
        ('id:framework/aurora-scaling-policy-2-0/sec-3-2', 'id:framework/aurora-scaling-policy-2-0', 'explicit', None, 'id:cbrn-rsp-deployment-v1/G1', 'id:cbrn-rsp-deployment-v1'),
    ]),
    ('evidence-obligations', {'evidence': 'id:ai-control-internal-agent-v1/E1', 'includeProposed': 'true'}, [
        ('id:framework/aurora-scaling-policy-2-0/sec-5-1', 'id:framework/aurora-scaling-policy-2-0', 'explicit', None, 'id:ai-control-internal-agent-v1/G0', 'id:ai-control-internal-agent-v1'),
        ('cat:anthropic-rsp-2-2/asl-3-security-scope', 'cat:anthropic-rsp-2-2', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:anthropic-rsp-2-2/asl-3-security-standard', 'cat:anthropic-rsp-2-2', 'requirement kind', None, 'scv:requirement-kind/cybersecurity-controls', None),
        ('cat:anthropic-rsp-2-2/asl-3-security-standard', 'cat:anthropic-rsp-2-2', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:anthropic-rsp-2-2/asl-4-standard', 'cat:anthropic-rsp-2-2', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:anthropic-rsp-2-2/asl-standards', 'cat:anthropic-rsp-2-2', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:anthropic-rsp-3-0/s3-risk-reports', 'cat:anthropic-rsp-3-0', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:anthropic-rsp-3-2/s4-governance', 'cat:anthropic-rsp-3-2', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:anthropic-rsp-3-4/s3-6', 'cat:anthropic-rsp-3-4', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:anthropic-rsp-3-4/s4-7', 'cat:anthropic-rsp-3-4', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:ca-sb53-2025/bp-22757-12-a', 'cat:ca-sb53-2025', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:ca-sb53-2025/bp-22757-12-a', 'cat:ca-sb53-2025', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:ca-sb53-2025/bp-22757-12-c-2-4', 'cat:ca-sb53-2025', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:eu-ai-act-2024-1689/art-55-1-d', 'cat:eu-ai-act-2024-1689', 'requirement kind', None, 'scv:requirement-kind/cybersecurity-controls', None),
        ('cat:eu-ai-act-2024-1689/art-55-1-d', 'cat:eu-ai-act-2024-1689', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:gdm-fsf-3-0/s1-6', 'cat:gdm-fsf-3-0', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:gdm-fsf-3-1/overview', 'cat:gdm-fsf-3-1', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:gdm-fsf-3-1/s3-1-1', 'cat:gdm-fsf-3-1', 'requirement kind', None, 'scv:requirement-kind/cybersecurity-controls', None),
        ('cat:gdm-fsf-3-1/s3-1-1', 'cat:gdm-fsf-3-1', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:gdm-fsf-3-1/security-level-2-plus', 'cat:gdm-fsf-3-1', 'requirement kind', None, 'scv:requirement-kind/cybersecurity-controls', None),
        ('cat:gdm-fsf-3-1/security-level-2-plus', 'cat:gdm-fsf-3-1', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:govai-safety-cases-frontier-ai-2024/components', 'cat:govai-safety-cases-frontier-ai-2024', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:gpai-cop-2025-07/ss-appendix-3', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:gpai-cop-2025-07/ss-appendix-3-5', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:gpai-cop-2025-07/ss-commitment-6', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/cybersecurity-controls', None),
        ('cat:gpai-cop-2025-07/ss-commitment-6', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:gpai-cop-2025-07/ss-measure-3-5', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:gpai-cop-2025-07/ss-measure-6-1', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/cybersecurity-controls', None),
        ('cat:gpai-cop-2025-07/ss-measure-6-1', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:gpai-cop-2025-07/ss-measure-6-2', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/cybersecurity-controls', None),
        ('cat:gpai-cop-2025-07/ss-measure-6-2', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/weight-security', None),
        ('cat:gpai-cop-2025-07/ss-measure-7-3', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/cybersecurity-controls', None),
        ('cat:gpai-cop-2025-07/ss-measure-7-4', 'cat:gpai-cop-2025-07', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:nist-ai-rmf-1-0/measure-1', 'cat:nist-ai-rmf-1-0', 'requirement kind', None, 'scv:requirement-kind/third-party-assessment', None),
        ('cat:nist-ai-rmf-1-0/measure-2', 'cat:nist-ai-rmf-1-0', 'requirement kind', None, 'scv:requirement-kind/cybersecurity-controls', None),
        ('cat:openai-pf-2/thresholds', 'cat:openai-pf-2', 'requirement kind', None, 'scv:requirement-kind/cybersecurity-controls', None),
    ]),
    # Frontier patterns. The two Aurora results (with and without resampling) are recorded on the shared control evaluation,
    # so they appear for both cases citing it; Borealis's protocol and its trusted-monitoring baseline on its own E1.
    ('control-protocols', {}, [
        ('id:protocol/aurora-trusted-monitoring-1-0', 'Aurora trusted monitoring without resampling (v1.0 baseline)', 'id:agent-browsing-tool-addition-v1', 'id:evidence/control-eval-2026-07', None, D('0.002'), D('0.93'), D('0.91'), D('0.95'), D('0.95'), None, D('0.99'), None, None, 'id:model/atlas-4-code-redteam-sub-2026-07-08', D('240')),
        ('id:protocol/aurora-trusted-monitoring-1-0', 'Aurora trusted monitoring without resampling (v1.0 baseline)', 'id:ai-control-internal-agent-v1', 'id:evidence/control-eval-2026-07', None, D('0.002'), D('0.93'), D('0.91'), D('0.95'), D('0.95'), None, D('0.99'), None, None, 'id:model/atlas-4-code-redteam-sub-2026-07-08', D('240')),
        ('id:protocol/aurora-trusted-monitoring-resample-1-3', 'Aurora trusted monitoring with resampling (v1.3)', 'id:agent-browsing-tool-addition-v1', 'id:evidence/control-eval-2026-07', 'id:protocol/aurora-trusted-monitoring-1-0', D('0.002'), D('1'), D('0.994'), None, D('0.95'), D('0.99'), D('0.96'), D('0.94'), D('0.975'), 'id:model/atlas-4-code-redteam-sub-2026-07-08', D('240')),
        ('id:protocol/aurora-trusted-monitoring-resample-1-3', 'Aurora trusted monitoring with resampling (v1.3)', 'id:ai-control-internal-agent-v1', 'id:evidence/control-eval-2026-07', 'id:protocol/aurora-trusted-monitoring-1-0', D('0.002'), D('1'), D('0.994'), None, D('0.95'), D('0.99'), D('0.96'), D('0.94'), D('0.975'), 'id:model/atlas-4-code-redteam-sub-2026-07-08', D('240')),
        ('id:protocol/borealis-trusted-monitoring-1-0', 'Borealis trusted monitoring only (baseline)', 'id:polaris-3-agent-control-v1', 'id:polaris-3-agent-control-v1/E1', None, D('0.01'), D('0.87'), D('0.85'), D('0.89'), D('0.95'), None, D('0.98'), D('0.97'), D('0.99'), 'id:model/polaris-3-agent-rt-2026-11-06', D('320')),
        ('id:protocol/borealis-untrusted-monitoring-2-1', 'Borealis untrusted monitoring with paraphrasing, backed by trusted monitoring (v2.1)', 'id:polaris-3-agent-control-v1', 'id:polaris-3-agent-control-v1/E1', 'id:protocol/borealis-trusted-monitoring-1-0', D('0.01'), D('0.978'), D('0.969'), D('0.986'), D('0.95'), D('0.95'), D('0.91'), D('0.89'), D('0.93'), 'id:model/polaris-3-agent-rt-2026-11-06', D('320')),
    ]),
    ('control-protocols', {'protocolKind': 'scv:control-protocol-kind/untrusted-monitoring'}, [
        ('id:protocol/borealis-untrusted-monitoring-2-1', 'Borealis untrusted monitoring with paraphrasing, backed by trusted monitoring (v2.1)', 'id:polaris-3-agent-control-v1', 'id:polaris-3-agent-control-v1/E1', 'id:protocol/borealis-trusted-monitoring-1-0', D('0.01'), D('0.978'), D('0.969'), D('0.986'), D('0.95'), D('0.95'), D('0.91'), D('0.89'), D('0.93'), 'id:model/polaris-3-agent-rt-2026-11-06', D('320')),
    ]),
    ('control-protocols', {'case': 'id:ai-control-internal-agent-v1'}, [
        ('id:protocol/aurora-trusted-monitoring-1-0', 'Aurora trusted monitoring without resampling (v1.0 baseline)', 'id:ai-control-internal-agent-v1', 'id:evidence/control-eval-2026-07', None, D('0.002'), D('0.93'), D('0.91'), D('0.95'), D('0.95'), None, D('0.99'), None, None, 'id:model/atlas-4-code-redteam-sub-2026-07-08', D('240')),
        ('id:protocol/aurora-trusted-monitoring-resample-1-3', 'Aurora trusted monitoring with resampling (v1.3)', 'id:ai-control-internal-agent-v1', 'id:evidence/control-eval-2026-07', 'id:protocol/aurora-trusted-monitoring-1-0', D('0.002'), D('1'), D('0.994'), None, D('0.95'), D('0.99'), D('0.96'), D('0.94'), D('0.975'), 'id:model/atlas-4-code-redteam-sub-2026-07-08', D('240')),
    ]),
    # atlas-4-1's CTF solve rate 0.17 is under the 0.25 tier but its upper bound 0.26 reaches it, both as the assessment and
    # as E1's measurement against the setting's pre-registered threshold; Polaris-1's value itself reaches its threshold.
    # With includeMargin, E2 (0.27, interval up to 0.29) is inside the 0.05 margin of its 0.30 threshold.
    ('intervals-reaching-thresholds', {}, [
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/CA1', 'capability assessment', D('0.17'), D('0.11'), D('0.26'), D('0.95'), D('0.25'), 'scv:breach-direction/above', False, D('0.05'), False, False),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/E1', 'measurement', D('0.17'), D('0.11'), D('0.26'), D('0.95'), D('0.25'), 'scv:breach-direction/above', False, D('0.05'), False, True),
        ('id:polaris-1-keep-restricted-v1', 'id:polaris-1-keep-restricted-v1/CA1', 'capability assessment', D('0.34'), None, None, None, D('0.3'), 'scv:breach-direction/above', True, None, False, False),
    ]),
    ('intervals-reaching-thresholds', {'includeMargin': 'true'}, [
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/CA1', 'capability assessment', D('0.17'), D('0.11'), D('0.26'), D('0.95'), D('0.25'), 'scv:breach-direction/above', False, D('0.05'), False, False),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/E1', 'measurement', D('0.17'), D('0.11'), D('0.26'), D('0.95'), D('0.25'), 'scv:breach-direction/above', False, D('0.05'), False, True),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/E2', 'measurement', D('0.27'), D('0.23'), D('0.29'), D('0.95'), D('0.3'), 'scv:breach-direction/above', False, D('0.05'), True, True),
        ('id:polaris-1-keep-restricted-v1', 'id:polaris-1-keep-restricted-v1/CA1', 'capability assessment', D('0.34'), None, None, None, D('0.3'), 'scv:breach-direction/above', True, None, False, False),
    ]),
    ('intervals-reaching-thresholds', {'case': 'id:polaris-1-keep-restricted-v1'}, [
        ('id:polaris-1-keep-restricted-v1', 'id:polaris-1-keep-restricted-v1/CA1', 'capability assessment', D('0.34'), None, None, None, D('0.3'), 'scv:breach-direction/above', True, None, False, False),
    ]),
    # Elicitation on ST1 (whose result E1 CA1 is based on) and on the shared Atlas-5 evaluations; CA1's two sandbagging checks;
    # every earlier assessment records none.
    ('elicitation-effort', {}, [
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/CA1', 'id:model/atlas-4-1-2026-08-14', 'elicitation', 'id:atlas-4-1-cyber-inability-v1/ST1', 10, 10, D('140'), 6, 6, None, None, None, None),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/CA1', 'id:model/atlas-4-1-2026-08-14', 'sandbagging check', 'id:atlas-4-1-cyber-inability-v1/CA1', None, None, None, None, None, 'scv:sandbagging-check/password-locked-control', 'scv:check-outcome/passed', D('0.92'), None),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/CA1', 'id:model/atlas-4-1-2026-08-14', 'sandbagging check', 'id:atlas-4-1-cyber-inability-v1/CA1', None, None, None, None, None, 'scv:sandbagging-check/prompted-vs-fine-tuned-gap', 'scv:check-outcome/passed', None, D('0.04')),
        ('id:atlas-5-eu-model-report-v1', 'id:atlas-5-eu-model-report-v1/CA1', 'id:model/atlas-5-2026-09-10', 'elicitation', 'id:evidence/atlas-5-dangerous-capability-evals-2026-09', 10, 10, D('220'), 5, 5, None, None, None, None),
        ('id:atlas-5-eu-model-report-v1', 'id:atlas-5-eu-model-report-v1/CA2', 'id:model/atlas-5-2026-09-10', 'elicitation', 'id:evidence/atlas-5-dangerous-capability-evals-2026-09', 10, 10, D('220'), 5, 5, None, None, None, None),
        ('id:cbrn-rsp-deployment-v1', 'id:cbrn-rsp-deployment-v1/CA1', 'id:model/atlas-4-1-2026-08-14', 'none recorded', None, None, None, None, None, None, None, None, None, None),
        ('id:cyber-inability-v1', 'id:cyber-inability-v1/CA1', 'id:model/atlas-4-2026-05-20', 'none recorded', None, None, None, None, None, None, None, None, None, None),
        ('id:cyber-inability-v2', 'id:cyber-inability-v2/CA1', 'id:model/atlas-4-2026-05-20', 'none recorded', None, None, None, None, None, None, None, None, None, None),
        ('id:fsf-early-warning-v1', 'id:fsf-early-warning-v1/CA1', 'id:model/polaris-3-ckpt-2026-10-05', 'none recorded', None, None, None, None, None, None, None, None, None, None),
        ('id:misuse-safeguards-api-v1', 'id:misuse-safeguards-api-v1/CA1', 'id:model/atlas-4-2026-05-20', 'none recorded', None, None, None, None, None, None, None, None, None, None),
        ('id:polaris-1-keep-restricted-v1', 'id:polaris-1-keep-restricted-v1/CA1', 'id:model/polaris-1-2025-11-03', 'none recorded', None, None, None, None, None, None, None, None, None, None),
    ]),
    ('elicitation-effort', {'case': 'id:atlas-4-1-cyber-inability-v1'}, [
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/CA1', 'id:model/atlas-4-1-2026-08-14', 'elicitation', 'id:atlas-4-1-cyber-inability-v1/ST1', 10, 10, D('140'), 6, 6, None, None, None, None),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/CA1', 'id:model/atlas-4-1-2026-08-14', 'sandbagging check', 'id:atlas-4-1-cyber-inability-v1/CA1', None, None, None, None, None, 'scv:sandbagging-check/password-locked-control', 'scv:check-outcome/passed', D('0.92'), None),
        ('id:atlas-4-1-cyber-inability-v1', 'id:atlas-4-1-cyber-inability-v1/CA1', 'id:model/atlas-4-1-2026-08-14', 'sandbagging check', 'id:atlas-4-1-cyber-inability-v1/CA1', None, None, None, None, None, 'scv:sandbagging-check/prompted-vs-fine-tuned-gap', 'scv:check-outcome/passed', None, D('0.04')),
    ]),
    # As of 2026-11-29: two submissions sent late (7 and 29 days) and the quarterly internal-use summary, due 2026-10-30
    # (three months after the last one, sent 2026-07-30), not sent. By 2027-05-01 the Model Report update (six months after
    # 2026-10-12) is 19 days overdue too. Nothing of the EU case was due by 2026-08-01.
    ('overdue-submissions', {}, [
        ('id:atlas-5-eu-model-report-v1', 'id:atlas-5-eu-model-report-v1/N2', 'scv:submission-kind/framework-notification', 'id:org/union-ai-office', date(2026, 8, 6), date(2026, 8, 13), 7, 'sent late'),
        ('id:atlas-5-sb53-transparency-v1', 'id:atlas-5-sb53-transparency-v1/F1', 'scv:submission-kind/framework-publication', 'id:org/public', date(2026, 1, 1), date(2026, 1, 30), 29, 'sent late'),
        ('id:atlas-5-sb53-transparency-v1', 'id:atlas-5-sb53-transparency-v1/SCH1', 'scv:submission-kind/internal-use-risk-summary', 'id:org/state-emergency-office', date(2026, 10, 30), None, 30, 'not sent'),
    ]),
    ('overdue-submissions', {'asOf': '2027-05-01'}, [
        ('id:atlas-5-eu-model-report-v1', 'id:atlas-5-eu-model-report-v1/N2', 'scv:submission-kind/framework-notification', 'id:org/union-ai-office', date(2026, 8, 6), date(2026, 8, 13), 7, 'sent late'),
        ('id:atlas-5-eu-model-report-v1', 'id:atlas-5-eu-model-report-v1/SCH1', 'scv:submission-kind/model-report-update', 'id:org/union-ai-office', date(2027, 4, 12), None, 19, 'not sent'),
        ('id:atlas-5-sb53-transparency-v1', 'id:atlas-5-sb53-transparency-v1/F1', 'scv:submission-kind/framework-publication', 'id:org/public', date(2026, 1, 1), date(2026, 1, 30), 29, 'sent late'),
        ('id:atlas-5-sb53-transparency-v1', 'id:atlas-5-sb53-transparency-v1/SCH1', 'scv:submission-kind/internal-use-risk-summary', 'id:org/state-emergency-office', date(2026, 10, 30), None, 183, 'not sent'),
    ]),
    ('overdue-submissions', {'asOf': '2026-08-01', 'case': 'id:atlas-5-eu-model-report-v1'}, []),
    # The new Polaris-2-Mini checkpoint descends from the trusted monitor of the Borealis control case: E1 (which names it
    # in its roles) and E3, the claims on them, and the trigger that watches it. A build derived from the Polaris-3 Agent
    # reaches the agent in its role as its own untrusted monitor.
    ('monitor-checkpoint-impact', {'checkpoint': 'id:model/polaris-2-mini-2026-11-20'}, [
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 'case', 'id:polaris-3-agent-control-v1'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 'claim', 'id:polaris-3-agent-control-v1/G0'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 'claim', 'id:polaris-3-agent-control-v1/G1'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 'claim', 'id:polaris-3-agent-control-v1/G2'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 'claim', 'id:polaris-3-agent-control-v1/G4'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 'evidence', 'id:polaris-3-agent-control-v1/E1'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 'evidence', 'id:polaris-3-agent-control-v1/E3'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 'trigger', 'A new checkpoint of the trusted monitor Polaris-2-Mini.'),
    ]),
    ('monitor-checkpoint-impact', {'checkpoint': 'id:model/polaris-3-agent-rt-2026-11-06'}, [
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-3-agent-2026-11-02', 'scv:model-role/untrusted-monitor', 'case', 'id:polaris-3-agent-control-v1'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-3-agent-2026-11-02', 'scv:model-role/untrusted-monitor', 'claim', 'id:polaris-3-agent-control-v1/G0'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-3-agent-2026-11-02', 'scv:model-role/untrusted-monitor', 'claim', 'id:polaris-3-agent-control-v1/G1'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-3-agent-2026-11-02', 'scv:model-role/untrusted-monitor', 'claim', 'id:polaris-3-agent-control-v1/G2'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-3-agent-2026-11-02', 'scv:model-role/untrusted-monitor', 'claim', 'id:polaris-3-agent-control-v1/G3'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-3-agent-2026-11-02', 'scv:model-role/untrusted-monitor', 'evidence', 'id:polaris-3-agent-control-v1/E1'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-3-agent-2026-11-02', 'scv:model-role/untrusted-monitor', 'evidence', 'id:polaris-3-agent-control-v1/E2'),
        ('id:polaris-3-agent-control-v1', 'scv:case-status/approved', 'id:model/polaris-3-agent-2026-11-02', 'scv:model-role/untrusted-monitor', 'trigger', 'A new checkpoint of the Polaris-3 Agent (which is also its own untrusted monitor).'),
    ]),
    # atlas-4-1 fills the template's risk model, proxy task, setting and claims G0-G2 (G1 twice), leaves G3 and C1 unfilled,
    # adds G4, and hangs its validity claim on G0 rather than S1.
    ('template-departures', {}, [
        ('id:atlas-4-1-cyber-inability-v1', 'id:template/cyber-inability-pattern-v1', 'not in the template', 'id:atlas-4-1-cyber-inability-v1/G4', None),
        ('id:atlas-4-1-cyber-inability-v1', 'id:template/cyber-inability-pattern-v1', 'template element not filled', None, 'id:template/cyber-inability-pattern-v1/C1'),
        ('id:atlas-4-1-cyber-inability-v1', 'id:template/cyber-inability-pattern-v1', 'template element not filled', None, 'id:template/cyber-inability-pattern-v1/G3'),
        ('id:atlas-4-1-cyber-inability-v1', 'id:template/cyber-inability-pattern-v1', 'template link dropped', 'id:atlas-4-1-cyber-inability-v1/S1', 'id:template/cyber-inability-pattern-v1/S1'),
    ]),
    ('template-departures', {'case': 'id:cyber-inability-v2'}, []),
    # The model under decision of every case, and the builds the three control contexts and the atlas-4-1 context name in roles.
    ('model-roles', {}, [
        ('id:agent-browsing-tool-addition-v1', 'id:model/atlas-4-code-redteam-sub-2026-07-08', 'scv:model-role/attack-policy', 2),
        ('id:agent-browsing-tool-addition-v1', 'id:model/atlas-4-code-2026-07-01', 'scv:model-role/model-under-decision', 0),
        ('id:agent-browsing-tool-addition-v1', 'id:model/atlas-mini-2-2026-04-01', 'scv:model-role/trusted-monitor', 1),
        ('id:ai-control-internal-agent-v1', 'id:model/atlas-4-code-redteam-sub-2026-07-08', 'scv:model-role/attack-policy', 2),
        ('id:ai-control-internal-agent-v1', 'id:model/atlas-4-code-2026-07-01', 'scv:model-role/model-under-decision', 3),
        ('id:ai-control-internal-agent-v1', 'id:model/atlas-mini-2-2026-04-01', 'scv:model-role/trusted-monitor', 1),
        ('id:atlas-4-1-cyber-inability-v1', 'id:model/atlas-4-1-pwlock-2026-08-25', 'scv:model-role/elicitation-control', 0),
        ('id:atlas-4-1-cyber-inability-v1', 'id:model/atlas-4-1-helpful-only-2026-08-20', 'scv:model-role/helpful-only-variant', 3),
        ('id:atlas-4-1-cyber-inability-v1', 'id:model/atlas-4-1-2026-08-14', 'scv:model-role/model-under-decision', 1),
        ('id:atlas-5-eu-model-report-v1', 'id:model/atlas-5-2026-09-10', 'scv:model-role/model-under-decision', 3),
        ('id:atlas-5-sb53-transparency-v1', 'id:model/atlas-5-2026-09-10', 'scv:model-role/model-under-decision', 3),
        ('id:cbrn-rsp-deployment-v1', 'id:model/atlas-4-1-2026-08-14', 'scv:model-role/model-under-decision', 6),
        ('id:clinical-triage-integration-v1', 'id:model/polaris-2-med-2026-09-02', 'scv:model-role/model-under-decision', 3),
        ('id:cyber-inability-v1', 'id:model/atlas-4-2026-05-20', 'scv:model-role/model-under-decision', 0),
        ('id:cyber-inability-v2', 'id:model/atlas-4-2026-05-20', 'scv:model-role/model-under-decision', 2),
        ('id:debate-alignment-v1', 'id:model/polaris-2-2026-04-18', 'scv:model-role/model-under-decision', 5),
        ('id:fsf-early-warning-v1', 'id:model/polaris-3-ckpt-2026-10-05', 'scv:model-role/model-under-decision', 4),
        ('id:misuse-safeguards-api-v0', 'id:model/atlas-4-2026-03-02', 'scv:model-role/model-under-decision', 1),
        ('id:misuse-safeguards-api-v1', 'id:model/atlas-4-2026-05-20', 'scv:model-role/model-under-decision', 4),
        ('id:open-weights-reuse-v1', 'id:model/atlas-4-open-2026-06-10', 'scv:model-role/model-under-decision', 0),
        ('id:polaris-1-keep-restricted-v1', 'id:model/polaris-1-2025-11-03', 'scv:model-role/model-under-decision', 3),
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-3-agent-rt-2026-11-06', 'scv:model-role/attack-policy', 1),
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-grader-2026-05-01', 'scv:model-role/grader', 1),
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-3-agent-2026-11-02', 'scv:model-role/model-under-decision', 2),
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/paraphraser', 2),
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-fallback', 2),
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 2),
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-3-agent-2026-11-02', 'scv:model-role/untrusted-monitor', 2),
    ]),
    ('model-roles', {'role': 'scv:model-role/trusted-monitor'}, [
        ('id:agent-browsing-tool-addition-v1', 'id:model/atlas-mini-2-2026-04-01', 'scv:model-role/trusted-monitor', 1),
        ('id:ai-control-internal-agent-v1', 'id:model/atlas-mini-2-2026-04-01', 'scv:model-role/trusted-monitor', 1),
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 2),
    ]),
    ('model-roles', {'model': 'id:model/polaris-2-mini-2026-06-20'}, [
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/paraphraser', 2),
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-fallback', 2),
        ('id:polaris-3-agent-control-v1', 'id:model/polaris-2-mini-2026-06-20', 'scv:model-role/trusted-monitor', 2),
    ]),
]


def _case_id(case) -> str:
    name, params, _ = case
    return name + "".join(f"[{k}={v}]" for k, v in params.items())


@pytest.mark.parametrize("name, params, expected", CASES, ids=[_case_id(c) for c in CASES])
def test_named_query_gives_exactly_the_expected_rows(example_store, name, params, expected):
    columns, rows = run(example_store, name, params)
    assert columns == COLUMNS[name]
    assert rows == expected


def test_every_query_file_is_tested_with_its_defaults_and_with_other_parameters():
    files = {p.stem for p in QUERIES_DIR.glob("*.rq")}
    assert len(files) >= 25
    assert files == set(LIBRARY) == set(COLUMNS) == {name for name, _, _ in CASES}
    for name, query in LIBRARY.items():
        runs = [params for n, params, _ in CASES if n == name]
        # A date defaulting to the day of the run is given explicitly, so the expected rows do not move with the clock.
        required = {p.name for p in query.parameters if p.required or p.default == TODAY}
        assert any(set(params) == required for params in runs), f"{name}: no run with default parameters"
        if query.parameters:
            distinct = {tuple(sorted(params.items())) for params in runs}
            assert len(distinct) >= 2, f"{name}: no run with a non-default parameter"


def test_query_list_json_names_every_query_with_title_and_parameters(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "store"), "query", "--list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert isinstance(listed, list)
    assert sorted(q["name"] for q in listed) == sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
    for q in listed:
        assert q["title"] and q["description"], q["name"]
        assert isinstance(q["parameters"], list)
        for p in q["parameters"]:
            assert set(p) == {"name", "type", "default", "required", "description"}
            assert p["type"] in {"iri", "string", "date", "integer", "decimal", "boolean"} and p["description"]
    by_name = {q["name"]: q for q in listed}
    assert by_name["argument-map"]["parameters"] == [
        {"name": "case", "type": "iri", "default": None, "required": True, "description": "The case, e.g. id:cyber-inability-v1."}]
    assert [(p["name"], p["default"]) for p in by_name["stale-evidence"]["parameters"]] == [("asOf", "today")]


# --- portability: the same rows from a second SPARQL engine ----------------------------------------------------

_DEFAULT_RUNS = {}
for _name, _params, _ in CASES:
    _DEFAULT_RUNS.setdefault(_name, _params)


@pytest.fixture(scope="module")
def rdflib_dataset(example_store) -> Dataset:
    """The example store copied into rdflib, whose SPARQL engine knows no Oxigraph extensions."""
    ds = Dataset(default_union=True)
    for name in example_store.graph_names():
        graph = ds.graph(name)
        for triple in example_store.triples(name):
            graph.add(triple)
    return ds


@pytest.mark.parametrize("name", sorted(_DEFAULT_RUNS))
def test_query_gives_the_same_rows_on_rdflib(example_store, rdflib_dataset, name):
    """The library keeps to standard SPARQL 1.1, so rdflib's engine must agree with Oxigraph row for row."""
    params = _DEFAULT_RUNS[name]
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    result = rdflib_dataset.query(prologue + LIBRARY[name].bind(params))
    _, expected = run(example_store, name, params)
    assert [tuple(value(t) for t in row) for row in result] == expected
