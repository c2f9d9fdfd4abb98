"""kg.rdf.readonly: which texts a read-only endpoint refuses, and which it lets through unparsed."""

from __future__ import annotations

import pytest

from kg.rdf.readonly import MAX_QUERY_CHARS, inspect, mentions_service, needs_inspection

SERVICE = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * WHERE { \\u0053ervice <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?u { <http://127.0.0.1:9/> } SERVICE ?u { ?s ?p ?o } }",
    "# a comment\nSELECT * WHERE { <urn:a#b> ?p ?o . SERVICE<http://127.0.0.1:9/>{?s ?p ?o} }",
]
HARMLESS = [
    'SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "service")) }',
    "SELECT * WHERE { ?s ?p <urn:service> }",
    "# service\nSELECT * WHERE { ?s ?p ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",
    "PREFIX service: <urn:x#> SELECT * WHERE { ?s service:p ?o }",
]
UPDATES = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR ALL", "LOAD <http://127.0.0.1:9/x.ttl>",
           "DELETE WHERE { ?s ?p ?o }"]


@pytest.mark.parametrize("text", SERVICE)
def test_service_is_refused(text):
    """Refused as SERVICE, or as bad syntax where rdflib's grammar rejects the spelling; never let through."""
    refusal, _ = inspect(text)
    assert refusal is not None and (not refusal.forbidden or "SERVICE" in refusal.message)
    assert mentions_service(text) and needs_inspection(text)


@pytest.mark.parametrize("text", HARMLESS)
def test_the_word_service_elsewhere_is_fine(text):
    assert inspect(text) == (None, False)
    assert not mentions_service(text)


@pytest.mark.parametrize("text", UPDATES)
def test_updates_are_forbidden(text):
    refusal, _ = inspect(text)
    assert refusal.forbidden and "read-only" in refusal.message


@pytest.mark.parametrize("text,why", [("", "empty"), ("SELECT * WHERE { ?s ?p }", "line 1"),
                                      ("SELECT ?s WHERE { ?s ?p ?o " + " " * MAX_QUERY_CHARS + "}", "too long")])
def test_bad_text_is_refused_with_a_one_line_reason(text, why):
    refusal, _ = inspect(text)
    assert not refusal.forbidden and why in refusal.message and "\n" not in refusal.message


def test_a_dataset_clause_is_reported():
    assert inspect("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }") == (None, True)
    assert inspect("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }") == (None, False)


@pytest.mark.parametrize("text,needed", [
    ("SELECT * WHERE { ?s ?p ?o }", False),
    ("# FROM here\nSELECT * WHERE { ?s ?p ?o }", False),
    ("SELECT ?from WHERE { ?from ?p ?o }", False),
    ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
    ("SELECT * WHERE { \\u0053ERVICE <urn:x> { ?s ?p ?o } }", True),
    ('SELECT * WHERE { ?s ?p "from" }', True),  # conservative: a string may hold the word, then it is parsed
])
def test_which_texts_are_parsed_before_the_engine(text, needed):
    assert needs_inspection(text) is needed
