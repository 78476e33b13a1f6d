"""Named-query headers and parameter substitution: values land as escaped terms, never as query text."""

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from safetycase_kg.core.sparql import QueryError, load_library, parse_named_query, substitute


def test_substitute_replaces_variable_tokens_only():
    q = 'SELECT ?x WHERE { ?x ?p ?_v . FILTER(?x != "?_v") } # ?_v in a comment'
    out = substitute(q, {"_v": URIRef("https://example.org/a")})
    assert out == 'SELECT ?x WHERE { ?x ?p <https://example.org/a> . FILTER(?x != "?_v") } # ?_v in a comment'


def test_substituted_literal_cannot_break_out_of_the_query():
    evil = 'x" } ; DROP ALL ; #'
    out = substitute("SELECT * WHERE { ?s ?p ?_v }", {"_v": Literal(evil)})
    assert out == 'SELECT * WHERE { ?s ?p "x\\" } ; DROP ALL ; #" }'


def test_header_parsing_and_binding(tmp_path: Path):
    f = tmp_path / "demo.rq"
    f.write_text("# title: Demo\n# description: A demo.\n"
                 "# param: since | date | 2026-01-01 | Earliest date.\n"
                 "# param: case | iri | (required) | The case.\n"
                 "SELECT * WHERE { ?_case ?p ?o FILTER(?o >= ?_since) }\n")
    q = parse_named_query(f)
    assert q.title == "Demo" and [p.name for p in q.parameters] == ["since", "case"]
    assert q.parameters[1].required and not q.parameters[0].required
    text = q.bind({"case": "id:case-1"})
    assert '<https://w3id.org/safetycase-kg/id/case-1>' in text
    assert '"2026-01-01"^^<http://www.w3.org/2001/XMLSchema#date>' in text
    with pytest.raises(QueryError, match="needs --param case"):
        q.bind({})
    with pytest.raises(QueryError, match="not a valid date"):
        q.bind({"case": "id:c", "since": "yesterday"})
    with pytest.raises(QueryError, match="has no parameter nope"):
        q.bind({"case": "id:c", "nope": "1"})


def test_every_library_query_has_a_title_and_parses():
    from rdflib.plugins.sparql.parser import parseQuery

    from safetycase_kg.core.namespaces import PREFIXES
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    library = load_library()
    assert library
    for q in library.values():
        assert q.title
        parseQuery(prologue + q.text)
