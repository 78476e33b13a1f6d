"""safetycase-kg: a knowledge graph of AI safety cases (OWL ontology, SHACL shapes, SPARQL queries)."""

__version__ = "0.1.0"
