"""Load safety-case files (YAML-LD) into RDF triples, and write triples back as YAML.

A case file is a JSON-LD 1.1 document written in YAML whose ``@context`` is
the project context.  It is not loaded with a generic JSON-LD processor,
because analysts need errors that name file, line and column; a misspelt key
must be an error rather than quietly turning into a vocabulary-relative IRI;
loading must never touch the network; and a thousand files must load in a few
seconds.  So this module converts the composed YAML node tree straight into
rdflib terms, implementing only the JSON-LD features the project context
uses (see ``Context``).  The tests check that the result is isomorphic to
rdflib's own JSON-LD parser on the same documents, with the context inline.

Deliberate differences from JSON-LD, all of which turn a silent surprise into
an error (a document this module accepts gives the same graph as rdflib):

* keys must be terms of the context, the keywords ``@context``/``@id``/
  ``@type``/``@graph`` (or their aliases), or absolute IRIs outside the
  ontology namespace (that escape hatch is what ``dump_case`` uses for
  predicates that have no term); ``@vocab`` is never used for keys or classes;
* ``type`` values must be terms, compact IRIs or absolute IRIs;
* null values, lists inside lists, YAML anchors/aliases, compact IRIs with an
  undefined prefix, and IRIs with spaces are errors;
* YAML is read as YAML 1.2 with the core schema (``yamlcore``, which also
  refuses tags, anchors, merge keys and the other constructs the format does not
  define, and input over the limits of ``limits``), so ``yes``, ``on`` or
  ``2024-01-01`` stay strings unless the term gives a datatype, and values of
  datatyped terms are checked and used with their exact text (rdflib's
  ``Literal`` then normalises some forms, e.g. ``Z`` to ``+00:00``, exactly as
  its JSON-LD parser does);
* a library file's own properties go into its named graph, not the default
  graph, so each file maps to exactly one graph;
* value objects (``{"@value": ..., "@type"|"@language": ...}``) are accepted
  so that every literal can be written back by ``dump_case``.
"""

from __future__ import annotations

from ...core.errors import CaseFileError
from ...core.namespaces import CONTEXT_IRI
from .base import FILE_GRAPH_NS, ONTOLOGY_NS, RDF_FILE_BASE, VOCAB_NS
from .context import Context, ContextError, Term, load_context
from .rdffiles import parse_rdf_file
from .reader import ParsedFile, Triple, parse_any, parse_file, to_jsonld
from .writer import dump_case

__all__ = [
    "CONTEXT_IRI",
    "FILE_GRAPH_NS",
    "ONTOLOGY_NS",
    "RDF_FILE_BASE",
    "VOCAB_NS",
    "CaseFileError",
    "Context",
    "ContextError",
    "ParsedFile",
    "Term",
    "Triple",
    "dump_case",
    "load_context",
    "parse_any",
    "parse_file",
    "parse_rdf_file",
    "to_jsonld",
]
