"""kg.rdf.sparql, kg.rdf.stores, kg.rdf.results and ``kg query``: files, parameters as RDF terms, formats, stores, endpoint failures."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kg.cli import main
from kg.core.config import base_iri
from kg.core.errors import UsageError
from kg.rdf.sparql import bind, parse_term, read_query
from kg.rdf.stores import open_build_store

from conftest import _free_port

ECHO = """# Question: Echo a parameter.
# السؤال: إعادة قيمة.
# @param v = "x"
# Row: the value given.
SELECT ?v WHERE {
}
"""

NASTY = ['"} ; DROP ALL ; {"', '"a \\" b { } ; # c"', '"line\\nbreak"@ar', '"""tri"ple"""']


def kg(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def echo(tmp_path) -> Path:
    path = tmp_path / "echo.rq"
    path.write_text(ECHO, encoding="utf-8")
    return path


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_a_hostile_value_stays_one_literal(build_dir, echo, value, store):
    expected = parse_term(value, base_iri())
    assert isinstance(expected, Literal)
    result = kg("query", str(echo), "--param", f"v={value}", "--format", "json", "--store", store,
                "--build-dir", str(build_dir))
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)["results"]["bindings"]
    assert row["v"]["value"] == str(expected)
    assert row["v"].get("xml:lang") == expected.language


@pytest.mark.integration
def test_a_hostile_value_on_a_server(oxigraph_server, build_dir, echo):
    for value in NASTY:
        result = kg("query", str(echo), "--param", f"v={value}", "--format", "json",
                    "--endpoint", oxigraph_server["query"])
        assert result.exit_code == 0, result.output
        [row] = json.loads(result.output)["results"]["bindings"]
        assert row["v"]["value"] == str(parse_term(value, base_iri()))


@pytest.mark.parametrize("value", ['"a" . <urn:x> <urn:y> <urn:z>', "<urn:a>, <urn:b>", "[]", "not a term", ""])
def test_not_one_term_is_refused(value):
    with pytest.raises(UsageError):
        parse_term(value, base_iri())


def test_terms_in_turtle_syntax():
    base = base_iri()
    assert parse_term("state:kuwait", base) == URIRef(base + "state/kuwait")
    assert parse_term('"1994-10-10"^^xsd:date', base).datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert parse_term('"الكويت"@ar', base) == Literal("الكويت", lang="ar")


def test_values_block_opens_the_where_clause():
    text = "# WHERE { in a comment\nSELECT ?a WHERE { ?a ?b ?c }"
    bound = bind(text, {"c": Literal('x" } ; DROP ALL ; { "')})
    assert bound.startswith("# WHERE { in a comment\nSELECT ?a WHERE {\n  VALUES (?c) { (")
    assert bound.count("DROP ALL") == 1


def test_header_is_read(echo):
    q = read_query(echo)
    assert q.params == {"v": '"x"'} and q.question == {"en": "Echo a parameter.", "ar": "إعادة قيمة."}
    assert q.row == "the value given."


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_syntax_error_names_line_and_column(build_dir, tmp_path, store):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x ?y\n}\n", encoding="utf-8")
    result = kg("query", str(bad), "--build-dir", str(build_dir), "--store", store)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    # where each store's parser stopped: rdflib at the incomplete triple, Oxigraph at the end
    assert line.startswith(f"kg: error: {bad}:{'2:3' if store == 'rdflib' else '4:1'}: SPARQL syntax error"), line


def test_unknown_query_and_parameter_exit_2(build_dir, echo):
    assert kg("query", "no-such-question", "--build-dir", str(build_dir)).exit_code == 2
    result = kg("query", str(echo), "--param", "w=1", "--build-dir", str(build_dir))
    assert result.exit_code == 2 and "unknown parameter(s) w" in result.stderr


def test_the_query_is_checked_before_the_store_is_opened(tmp_path, echo):
    """No build here either: the message is about the query, as it always was."""
    result = kg("query", "no-such-question", "--build-dir", str(tmp_path))
    assert result.exit_code == 2 and "no-such-question: no such query" in result.stderr
    result = kg("query", str(echo), "--param", "w=1", "--build-dir", str(tmp_path))
    assert result.exit_code == 2 and "unknown parameter(s) w" in result.stderr


def test_formats(build_dir, echo):
    value = '"حيدر علييف"@ar'
    table = kg("query", str(echo), "--param", f"v={value}", "--build-dir", str(build_dir)).output
    assert table.splitlines()[2] == "حيدر علييف" and table.splitlines()[-1] == "(1 row)"
    rows = list(csv.reader(io.StringIO(kg("query", str(echo), "--param", f"v={value}", "--format", "csv",
                                          "--build-dir", str(build_dir)).output)))
    assert rows == [["v"], ["حيدر علييف"]]
    tsv = kg("query", str(echo), "--param", f"v={value}", "--format", "tsv", "--build-dir", str(build_dir)).output
    assert tsv == '?v\n"حيدر علييف"@ar\n'
    data = json.loads(kg("query", str(echo), "--param", f"v={value}", "--format", "json",
                         "--build-dir", str(build_dir)).output)
    assert data == {"head": {"vars": ["v"]},
                    "results": {"bindings": [{"v": {"type": "literal", "value": "حيدر علييف", "xml:lang": "ar"}}]}}


def test_no_build_is_exit_2(tmp_path, echo):
    result = kg("query", str(echo), "--build-dir", str(tmp_path))
    assert result.exit_code == 2 and "run 'kg build' first" in result.stderr


# --- --store: auto is Oxigraph at every size; rdflib on request ------------------------------------


def _copy_build(build_dir: Path, to: Path) -> Path:
    """The build's kg.trig, kg.nq and report.json in another folder."""
    import shutil

    to.mkdir()
    for name in ("kg.trig", "kg.nq", "report.json"):
        shutil.copyfile(build_dir / name, to / name)
    return to


def test_auto_is_oxigraph_and_rdflib_stays_available(build_dir):
    assert open_build_store(build_dir).name == "oxigraph"
    assert open_build_store(build_dir, "auto").name == "oxigraph"
    assert open_build_store(build_dir, "rdflib").name == "rdflib"  # an explicit choice stands
    assert open_build_store(build_dir, "oxigraph").name == "oxigraph"


def test_each_store_reads_its_own_file(build_dir, tmp_path):
    """The default store loads kg.nq; rdflib reads kg.trig: without its file, a store has nothing to load."""
    copy = _copy_build(build_dir, tmp_path / "b")
    default = kg("query", "relations-established", "--format", "csv", "--build-dir", str(copy))
    rdflib = kg("query", "relations-established", "--format", "csv", "--store", "rdflib", "--build-dir", str(copy))
    assert default.exit_code == rdflib.exit_code == 0 and default.output == rdflib.output
    assert len(default.output.splitlines()) > 1
    (copy / "kg.nq").unlink()
    missing = kg("query", "relations-established", "--build-dir", str(copy))
    assert missing.exit_code == 2 and "kg.nq: no conforming build here" in missing.stderr
    assert kg("query", "relations-established", "--store", "rdflib", "--build-dir", str(copy)).exit_code == 0
    (copy / "kg.trig").unlink()
    missing = kg("query", "relations-established", "--store", "rdflib", "--build-dir", str(copy))
    assert missing.exit_code == 2 and "kg.trig: no conforming build here" in missing.stderr


def test_store_help_says_what_auto_is():
    from kg import api
    from kg.cli import _STORE_HELP
    from kg.rdf.stores import STORES

    assert "auto (the default) is oxigraph" in _STORE_HELP and "rdflib" in _STORE_HELP
    assert api.STORES == STORES  # the CLI's choices (from kg.api, kept light for --help) are the stores


LITERALS = """# Question: How is each kind of literal written?
# السؤال: كيف تكتب كل قيمة؟
# Row: one row with a literal of each kind.
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?plain ?typed ?lang ?int ?dbl ?avg ?date ?bool ?iri ?none WHERE {
  VALUES (?plain ?lang ?int ?dbl) { ("x, \\"y\\"\\ttab" "نص"@ar 3 1.5e0) }
  { SELECT (AVG(?v) AS ?avg) WHERE { VALUES ?v { 1 2 } } }
  BIND(STR(<urn:a>) AS ?typed)
  BIND("1994-10-10"^^xsd:date AS ?date)
  BIND(true AS ?bool)
  BIND(<https://w3id.org/bilateral-kg/state/kuwait> AS ?iri)
  OPTIONAL { ?iri <urn:nothing> ?none }
}
"""


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_a_user_query_prints_the_same_on_both_stores(build_dir, tmp_path, fmt):
    """Simple literals (untyped in rdflib, xsd:string in Oxigraph), numbers, dates, language
    tags, IRIs and unbound values print the same bytes whichever embedded store answers."""
    path = tmp_path / "literals.rq"
    path.write_text(LITERALS, encoding="utf-8")
    out = {store: kg("query", str(path), "--format", fmt, "--store", store, "--build-dir", str(build_dir))
           for store in ("rdflib", "oxigraph")}
    assert out["rdflib"].exit_code == out["oxigraph"].exit_code == 0, out["oxigraph"].output
    assert out["rdflib"].output == out["oxigraph"].output
    if fmt == "json":
        row = json.loads(out["oxigraph"].output)["results"]["bindings"][0]
        assert row["plain"] == {"type": "literal", "value": 'x, "y"\ttab'} and "datatype" not in row["typed"]
        assert row["int"]["datatype"].endswith("#integer") and "none" not in row


def test_unknown_store_is_a_usage_error(build_dir):
    with pytest.raises(UsageError, match="one of auto, rdflib, oxigraph"):
        open_build_store(build_dir, "virtuoso")


# --- a failing endpoint gives one line and exit 3 -----------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/html"):
            body = b"<html><body>not SPARQL</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        else:
            body = b"boom"
            self.send_response(500)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def bad_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture()
def silent_server():
    """Accepts connections and never answers: a timeout."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/query"
    sock.close()


def _endpoint_failure(endpoint, echo, *extra):
    result = kg("query", str(echo), "--endpoint", endpoint, *extra)
    assert result.exit_code == 3, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"kg: error: endpoint {endpoint}: ")
    assert "Traceback" not in result.output
    return line


def test_endpoint_down(echo):
    line = _endpoint_failure(f"http://127.0.0.1:{_free_port()}/query", echo)
    assert "cannot connect" in line


def test_endpoint_http_error(bad_server, echo):
    assert "HTTP 500" in _endpoint_failure(f"{bad_server}/error", echo)


def test_endpoint_not_sparql(bad_server, echo):
    assert "not SPARQL" in _endpoint_failure(f"{bad_server}/html", echo)


def test_endpoint_timeout(silent_server, echo):
    assert "timed out" in _endpoint_failure(silent_server, echo, "--timeout", "1")


@pytest.mark.integration
def test_endpoint_http_4xx(oxigraph_server, echo):
    # Oxigraph's GSP URL does not take queries: a client error from a real server.
    line = _endpoint_failure(oxigraph_server["base"] + "/no-such-path", echo)
    assert "HTTP 404" in line


def test_from_does_not_read_local_files(build_dir, tmp_path):
    secret = tmp_path / "secret.nt"
    secret.write_text("<urn:s> <urn:p> \"secret\" .\n", encoding="utf-8")
    q = tmp_path / "from.rq"
    q.write_text(f"# Question: read a file?\n# Row: a triple\nSELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}\n",
                 encoding="utf-8")
    result = kg("query", str(q), "--format", "csv", "--build-dir", str(build_dir))
    assert "secret" not in result.output


@pytest.mark.integration
def test_a_comment_does_not_change_the_query_form(oxigraph_server, tmp_path):
    q = tmp_path / "comment.rq"
    # SPARQLWrapper alone reads this as an ADD update (the "add" of "addressed" in a comment).
    text = "# Question: who?\n# Row: an invitation addressed to a person\nSELECT (1 AS ?one) WHERE { }\n"
    from SPARQLWrapper import SPARQLWrapper
    from SPARQLWrapper.Wrapper import ADD

    unfixed = SPARQLWrapper("http://127.0.0.1/")
    unfixed.setQuery(text)
    assert unfixed.queryType == ADD  # the misreading this test guards against
    q.write_text(text, encoding="utf-8")
    result = kg("query", str(q), "--format", "csv", "--endpoint", oxigraph_server["query"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["one", "1"]


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_a_param_naming_nothing_the_graph_describes_is_an_error(build_dir, store):
    """A misspelt entity is exit 2 naming it, not '(0 rows)'; an entity the graph has gives its rows,
    even none (Saudi Arabia is in the graph, with no visit to or from Azerbaijan in the first source)."""
    bad = kg("query", "visits", "--param", "b=state:kuwiat", "--build-dir", str(build_dir), "--store", store)
    assert bad.exit_code == 2
    [line] = bad.stderr.splitlines()
    assert line.startswith("kg: error: visits: --param b=state:kuwiat names nothing the graph describes"), line
    none = kg("query", "visits", "--param", "b=state:saudi-arabia", "--build-dir", str(build_dir), "--store", store)
    assert none.exit_code == 0 and none.output.strip().endswith("(0 rows)")
    literal = kg("query", "office-holder-on-date", "--build-dir", str(build_dir), "--store", store,
                 "--param", 'date="1999-01-01"^^xsd:date')
    assert literal.exit_code == 0, literal.output  # literals are values, not entities: not checked


@pytest.mark.integration
def test_a_param_naming_nothing_is_an_error_on_a_server(oxigraph_server, build_dir):
    bad = kg("query", "visits", "--param", "b=state:kuwiat", "--endpoint", oxigraph_server["query"])
    assert bad.exit_code == 2 and "names nothing the graph describes" in bad.stderr
