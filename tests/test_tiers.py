"""The tiers the software serves are named once (core/tiers.py) and are concepts of the vocabulary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from safetycase_kg.cli import build_parser
from safetycase_kg.core.namespaces import ONTOLOGY_DIR, VOCAB
from safetycase_kg.core.tiers import VIEW_TIERS, tier_iri, tier_name

PACKAGE = Path(__file__).resolve().parent.parent / "safetycase_kg"


@pytest.mark.parametrize("tier", VIEW_TIERS)
def test_each_tier_is_a_disclosure_tier_concept(tier):
    vocab = Graph().parse(ONTOLOGY_DIR / "vocabularies.ttl")
    assert (tier_iri(tier), RDF.type, SKOS.Concept) in vocab
    assert (tier_iri(tier), SKOS.inScheme, VOCAB["disclosure-tier"]) in vocab
    assert tier_name(tier_iri(tier)) == tier


def test_no_module_spells_a_tier_name_itself():
    spelt = re.compile(r"""["'](public|reviewer)["']|disclosure-tier/(public|reviewer)""")
    offenders = [f"{path.relative_to(PACKAGE)}:{n}" for path in PACKAGE.rglob("*.py") if path.name != "tiers.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if spelt.search(line)]
    assert offenders == []


def test_every_tier_option_of_the_cli_offers_exactly_the_tiers():
    def walk(parser):
        for action in parser._actions:
            if "--tier" in action.option_strings:
                yield action
            for sub in getattr(action, "choices", None) or {}:
                if hasattr(action.choices, "get") and hasattr(action.choices.get(sub), "_actions"):
                    yield from walk(action.choices[sub])
    options = list(walk(build_parser()))
    assert len(options) >= 4
    assert all(tuple(o.choices) == VIEW_TIERS for o in options)
