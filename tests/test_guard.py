"""Queries from outside are parsed and refused before they run when they would reach the network."""

import pytest

from safetycase_kg.guard import QueryRefused, check_query, check_update


def test_a_plain_query_passes():
    assert check_query("SELECT ?c WHERE { ?c a sc:SafetyCase } LIMIT 2") == "SelectQuery"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } } }",
    "# SERVICE in a comment does not hide the real one\nSELECT * WHERE { SERVICE <http://e.org/> { ?s ?p ?o } }",
])
def test_service_is_refused_unless_allow_listed(query):
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(query)


def test_an_allow_listed_service_passes():
    check_query("SELECT * WHERE { SERVICE <http://peer.example/sparql> { ?s ?p ?o } }",
                allowed_services={"http://peer.example/sparql"})


def test_from_is_refused():
    with pytest.raises(QueryRefused, match="FROM"):
        check_query("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }")


def test_the_word_service_in_a_string_is_fine():
    check_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }')


def test_syntax_errors_name_line_and_column():
    with pytest.raises(QueryRefused) as err:
        check_query("SELECT ?x WHERE {\n  ?x ?y \n}")
    assert err.value.line is not None and err.value.column is not None


def test_load_is_refused_in_updates():
    with pytest.raises(QueryRefused, match="LOAD"):
        check_update("LOAD <http://example.org/data.ttl>")
