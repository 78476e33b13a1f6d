"""The disclosure tiers the software serves, named once.

The vocabulary (``ontology/vocabularies.ttl``, scheme ``disclosure-tier``) lets data mark an item for
the public, reviewers, regulators or internal use. The software builds two views of a store from
those marks: the public view (everything not marked public is withheld, see ``analysis.redact``) and
the reviewer view (the whole store). Those two are the tiers a command, an export, a report or a
request can ask for; each is a concept of the vocabulary (``tests/test_tiers.py`` checks it), and
``tier_iri`` gives the concept a description or an export names.
"""

from __future__ import annotations

from rdflib import URIRef

from .namespaces import VOCAB

PUBLIC = "public"      # the redacted view: withheld items only as their notice
REVIEWER = "reviewer"  # the whole store
VIEW_TIERS = (PUBLIC, REVIEWER)


def tier_iri(tier: str) -> URIRef:
    """The disclosure-tier concept of a tier name."""
    return URIRef(VOCAB[f"disclosure-tier/{tier}"])


def tier_name(iri: object) -> str:
    """The tier name of a disclosure-tier concept (its last path segment)."""
    return str(iri).rsplit("/", 1)[-1]
