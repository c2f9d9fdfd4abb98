"""kg.rdf.results: the one SPARQL-results writer, shared by ``kg query`` and the endpoint of ``kg serve``."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.publish.web.sparql import answer
from kg.rdf.results import FORMATS, WRITERS, Result, take, to_csv, to_json, to_tsv, to_xml
from kg.rdf.stores import OxigraphStore, run
from kg.rdf.sparql import QueryFile

SRX = "{http://www.w3.org/2005/sparql-results#}"

ROWS = Result(["s", "o"], [
    (URIRef("https://example.org/a"), Literal("قال: \"نعم\", ثم\nمضى", lang="ar")),
    (BNode("b7"), Literal("1994", datatype=XSD.gYear)),
    (None, Literal("plain")),
])


def test_csv_writes_a_blank_node_as_its_label_and_quotes_what_needs_it():
    rows = list(csv.reader(io.StringIO(to_csv(ROWS), newline="")))
    assert rows == [["s", "o"], ["https://example.org/a", "قال: \"نعم\", ثم\nمضى"], ["_:b7", "1994"], ["", "plain"]]
    assert to_csv(ROWS).endswith("\r\n")


def test_tsv_writes_terms_in_ntriples():
    lines = to_tsv(ROWS).splitlines()
    assert lines[0] == "?s\t?o"
    assert lines[1] == '<https://example.org/a>\t"قال: \\"نعم\\", ثم\\nمضى"@ar'
    assert lines[2] == '_:b7\t"1994"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    assert lines[3] == '\t"plain"'


def test_json_and_xml_leave_unbound_variables_out():
    data = json.loads(to_json(ROWS))
    assert data["head"]["vars"] == ["s", "o"]
    assert data["results"]["bindings"][1] == {
        "s": {"type": "bnode", "value": "b7"},
        "o": {"type": "literal", "value": "1994", "datatype": str(XSD.gYear)}}
    assert "s" not in data["results"]["bindings"][2]
    root = ET.fromstring(to_xml(ROWS))
    results = root.findall(f"{SRX}results/{SRX}result")
    assert [len(r) for r in results] == [2, 2, 1]
    assert results[0][1][0].attrib == {"{http://www.w3.org/XML/1998/namespace}lang": "ar"}


def test_take_caps_and_says_whether_rows_were_dropped():
    assert take(range(3), 3) == ([0, 1, 2], False)
    assert take(range(4), 3) == ([0, 1, 2], True)
    assert take([], 0) == ([], False)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    st = ox.Store()
    data = ('<https://example.org/a> <https://example.org/p> _:n1 <https://example.org/g> .\n'
            '_:n1 <https://example.org/p> "x, \\"y\\""@en <https://example.org/g> .\n'
            '_:n1 <https://example.org/q> "2" <https://example.org/g> .\n')
    st.load(data.encode(), format=ox.RdfFormat.N_QUADS)
    return st


QUERY = "SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o } ORDER BY ?s"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_the_endpoint_and_kg_query_write_the_same_bytes(store, fmt):
    """Same store, same query: ``kg serve``'s endpoint and ``kg query`` give the same results text.

    JSON differs only in indentation (the endpoint writes one line), so it is compared parsed.
    """
    served = answer(store, {"query": QUERY, "result": fmt}, 100)
    assert served.status == 200, served.body
    queried = run(OxigraphStore(store), QueryFile(name="t", path=None, text=QUERY), {})
    printed = FORMATS[fmt](queried)
    if fmt == "json":
        assert json.loads(served.body) == json.loads(printed)
    else:
        assert served.body.decode("utf-8") == printed
    assert served.body.decode("utf-8") == WRITERS[fmt](queried)


def test_the_endpoints_csv_writes_blank_nodes_as_labels(store):
    body = answer(store, {"query": "SELECT ?s WHERE { ?s <https://example.org/q> ?o }", "result": "csv"}, 10).body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["s"] and len(rows) == 2 and rows[1][0].startswith("_:")


def test_the_endpoints_row_cap_is_take(store):
    ans = answer(store, {"query": "SELECT * WHERE { ?s ?p ?o }", "result": "json"}, 2)
    assert len(json.loads(ans.body)["results"]["bindings"]) == 2
    assert ans.headers == {"X-Row-Cap": "2", "X-Truncated": "true"}
    ans = answer(store, {"query": "SELECT * WHERE { ?s ?p ?o }", "result": "json"}, 3)
    assert "X-Truncated" not in ans.headers


def test_a_simple_literal_is_written_alike_typed_or_not():
    """rdflib gives a simple literal untyped, Oxigraph as xsd:string: RDF 1.1's same literal, same bytes."""
    untyped = Result(["v"], [(Literal("x"),)])
    typed = Result(["v"], [(Literal("x", datatype=XSD.string),)])
    for write in (to_json, to_xml, to_csv, to_tsv):
        assert write(untyped) == write(typed), write.__name__
    assert "datatype" not in to_json(typed)
