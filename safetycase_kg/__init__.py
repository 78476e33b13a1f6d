"""safetycase-kg: a knowledge graph of AI safety cases (OWL ontology, SHACL shapes, SPARQL queries)."""

import logging

__version__ = "0.1.0"


class _IllTypedLiteralsAreData(logging.Filter):
    """rdflib logs a traceback for every literal whose text does not fit its datatype ("abc"^^xsd:integer).

    Such a literal is valid RDF and stays as written; the shapes report it as a Violation where it
    matters. A traceback on stderr for it, on every load, query and page, would look like a crash."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form to value")


logging.getLogger("rdflib.term").addFilter(_IllTypedLiteralsAreData())
