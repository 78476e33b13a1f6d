"""safetycase-kg: a knowledge graph of AI safety cases (OWL ontology, SHACL shapes, SPARQL queries)."""

import logging

__version__ = "0.1.0"


class _ReportedElsewhere(logging.Filter):
    """Two warnings rdflib logs about input data, each reported by this package in its own terms.

    A literal whose text does not fit its datatype ("abc"^^xsd:integer) comes with a traceback; it
    is valid RDF and stays as written, and the shapes report it as a Violation where it matters. An
    IRI rdflib reads although it is not valid ("does not look like a valid URI") is refused by the
    loader at its position, since the store cannot hold it. On stderr, on every load, query and
    page, these would look like crashes or be printed beside the located error."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not (message.startswith("Failed to convert Literal lexical form to value")
                    or message.endswith("does not look like a valid URI, trying to serialize this will break."))


logging.getLogger("rdflib.term").addFilter(_ReportedElsewhere())
