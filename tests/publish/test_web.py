"""The HTTP server, over real HTTP on a loopback port: dereferencing, content negotiation, SPARQL.

The server runs in a thread (uvicorn) on a free port of 127.0.0.1 for the module; its SPARQL
workers are subprocesses. Requests go through httpx, or http.client where the raw path matters.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import socket
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.core.config import ONTOLOGY_IRI

pytestmark = pytest.mark.integration

BASE = "https://w3id.org/bilateral-kg/"
OA = Namespace("http://www.w3.org/ns/oa#")
BKG = Namespace("https://w3id.org/bilateral-kg/ontology#")
EVENT = "event/2004-azerbaijan-embassy-in-kuwait-opened"
PERSON = "person/heydar-aliyev"
TIMEOUT = 3.0
ROW_CAP = 100


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn in a thread, on a free loopback port; stopped by :meth:`stop`."""

    def __init__(self, app):
        import uvicorn

        self.app = app
        self.port = _free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="module")
def export_dir(build_dir, tmp_path_factory) -> Path:
    from kg.publish.export import export

    out = tmp_path_factory.mktemp("served-export")
    export(build_dir, out, None, None)
    return out


@pytest.fixture(scope="module")
def server(build_dir, export_dir):
    from kg.publish.web.app import create_app

    app = create_app(build_dir, None, query_timeout=TIMEOUT, row_cap=ROW_CAP, export_dir=export_dir)
    srv = Server(app)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=60, follow_redirects=False) as c:
        yield c


def _raw_get(server, path: str) -> tuple[int, bytes]:
    """GET with the path sent exactly as given (httpx would normalise ``..``)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# --- dereferencing and content negotiation ------------------------------------------------------------------


@pytest.mark.parametrize("accept, ext, media", [
    ("text/turtle", "ttl", "text/turtle"),
    ("application/ld+json", "jsonld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("text/html", "html", "text/html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html", "text/html"),
    ("application/json", "jsonld", "application/ld+json"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "jsonld", "application/ld+json"),
    ("*/*", "html", "text/html"),
])
def test_content_negotiation_303_to_the_document(client, accept, ext, media):
    r = client.get(f"/{EVENT}", headers={"Accept": accept})
    assert r.status_code == 303
    assert "accept" in r.headers["vary"].lower()
    location = r.headers["location"]
    assert location.endswith(f"{EVENT.rsplit('/', 1)[-1]}.{ext}")
    doc = client.get(urllib.parse.urljoin(str(r.url), location))
    assert doc.status_code == 200
    assert doc.headers["content-type"].startswith(media)


def test_no_accept_header_gets_html(client):
    r = client.get(f"/{PERSON}", headers={"Accept": ""})
    assert r.status_code == 303 and r.headers["location"].endswith(".html")


def test_unacceptable_type_is_406(client):
    r = client.get(f"/{PERSON}", headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert r.text.count("\n") == 1


@pytest.mark.parametrize("ext, fmt", [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_each_representation_has_its_own_url_and_parses(client, ext, fmt):
    r = client.get(f"/{EVENT}.{ext}")
    assert r.status_code == 200
    g = Graph()
    g.parse(data=r.text, format=fmt)
    node = URIRef(BASE + EVENT)
    assert (node, RDF.type, BKG.EmbassyOpening) in g
    assert (node, BKG.dateQualifier, BKG.late) in g
    # labels of linked resources
    assert (URIRef(BASE + "embassy/embassy-of-azerbaijan-in-kuwait"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Embassy of Azerbaijan in Kuwait", lang="en")) in g
    # provenance of the fact: quote and offsets
    exact = list(g.objects(None, OA.exact))
    assert exact == [Literal("افتتحت اذربيجان سفارة لها في دولة الكويت في اواخر عام ٢٠٠٤.")]
    assert list(g.objects(None, OA.start)) and list(g.objects(None, OA.end))
    assert (None, BKG.primaryTopic, node) in g


def test_description_matches_the_dataset(client, dataset):
    """Every triple with the resource as subject is in its description, and nothing made up."""
    node = URIRef(BASE + PERSON)
    g = Graph()
    g.parse(data=client.get(f"/{PERSON}.nt").text, format="nt")
    want = {(node, p, o) for p, o in dataset.predicate_objects(node)}
    got = {t for t in g.triples((node, None, None))}
    assert got == want
    for t in g:
        assert t in dataset, f"{t} is not in the dataset"


def test_json_ld_description_is_compact(client):
    data = client.get(f"/{EVENT}.jsonld").json()
    node = next(n for n in data["@graph"] if n.get("id") == BASE + EVENT)
    assert node["label"]["ar"] == "افتتاح سفارة أذربيجان في الكويت"
    assert node["dateYear"] == "2004" and node["type"] == "EmbassyOpening"


def test_hash_iris_are_described_by_their_document(client):
    r = client.get("/fact/2004-azerbaijan-embassy-in-kuwait-opened.ttl")
    g = Graph()
    g.parse(data=r.text, format="turtle")
    quote = URIRef(BASE + "fact/2004-azerbaijan-embassy-in-kuwait-opened#quote")
    assert (quote, RDF.type, OA.TextQuoteSelector) in g


@pytest.mark.parametrize("path", ["/person/nobody", "/person/nobody.ttl", "/nothing", "/event/",
                                  f"/{EVENT}.xml", f"/{EVENT}/", f"/{EVENT}.html.ttl", "/sparql/x"])
def test_unknown_iri_is_404(client, path):
    r = client.get(path, headers={"Accept": "text/turtle"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text.count("\n") == 1 and r.text.startswith("Not Found")


def test_ontology_namespace_serves_its_documentation(client, dataset):
    r = client.get("/ontology", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "accept" in r.headers["vary"].lower() and r.headers["content-location"] == "ontology.html"
    assert 'id="Visit"' in r.text and "Bilateral Relations Knowledge Graph Ontology" in r.text
    t = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert t.status_code == 200 and t.headers["content-location"] == "ontology.ttl"
    g = Graph()
    g.parse(data=t.text, format="turtle")
    assert isomorphic(g, dataset.graph(URIRef(ONTOLOGY_IRI)))


def test_links_in_pages_resolve(client):
    """Every relative link of the event and person pages answers 200 or 303 on this server."""
    import re

    for page in (f"/{EVENT}.html", f"/{PERSON}.html"):
        html = client.get(page).text
        hrefs = {h for h in re.findall(r'href="([^"#]+)', html) if not h.startswith("http")}
        assert hrefs
        for h in sorted(hrefs):
            url = urllib.parse.urljoin(f"http://127.0.0.1{page}", h)
            path = urllib.parse.urlsplit(url).path
            assert client.get(path).status_code in (200, 303), f"{page}: broken link {h}"


def test_dataset_description_and_well_known_void(client):
    r = client.get("/.well-known/void")
    assert r.status_code == 303
    g = Graph()
    g.parse(data=client.get("/dataset.ttl").text, format="turtle")
    assert (URIRef(BASE + "dataset"), URIRef("http://rdfs.org/ns/void#sparqlEndpoint"), URIRef(BASE + "sparql")) in g


def test_export_files_are_served(client, export_dir):
    r = client.get("/export/kg.nq")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-quads")
    assert r.content == (export_dir / "kg.nq").read_bytes()
    assert client.get("/export/nothing.txt").status_code == 404


def test_cors_is_open_for_reads(client):
    r = client.get(f"/{PERSON}.ttl", headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 204 and pre.headers["access-control-allow-origin"] == "*"
    assert "POST" in pre.headers["access-control-allow-methods"]


# --- path traversal ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/../etc/passwd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/person/../../etc/passwd", "/person/..%2f..%2fetc%2fpasswd", "/static/../../pyproject.toml",
    "/static/..%2f..%2fpyproject.toml", "/static/%2e%2e/app.py", "/export/../kg.nq", "/export/..%2fkg.nq",
    "/export/%2e%2e%2freport.json", "/export/..%5creport.json", "//etc/passwd", "/..%252f..%252fetc%252fpasswd",
    "/person/heydar-aliyev/../../../etc/passwd.ttl", "/.%2e/kg.nq", "/export/%2fetc%2fpasswd",
])
def test_path_traversal_finds_nothing(server, path):
    status, body = _raw_get(server, path)
    assert status in (400, 404), f"{path}: {status}"
    assert b"root:" not in body and b"[project]" not in body and b"@prefix" not in body and b"import" not in body


# --- SPARQL protocol ------------------------------------------------------------------------------------------

VISITS = "PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#> SELECT ?e WHERE { ?e a bkg:Visit } ORDER BY ?e"


def test_sparql_get_json(client):
    r = client.get("/sparql", params={"query": VISITS})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    data = r.json()
    assert data["head"]["vars"] == ["e"]
    assert len(data["results"]["bindings"]) == 2
    assert r.headers["access-control-allow-origin"] == "*"


def test_sparql_post_form_and_direct(client):
    form = client.post("/sparql", data={"query": VISITS})
    direct = client.post("/sparql", content=VISITS.encode(), headers={"Content-Type": "application/sparql-query"})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json")])
def test_sparql_result_formats(client, accept, media):
    r = client.get("/sparql", params={"query": VISITS}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    if "xml" in media:
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        assert len(ET.fromstring(r.content).findall(".//s:result", ns)) == 2
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["e"] and len(rows) == 3 and rows[1][0].startswith(BASE + "event/")
    elif "tab" in media:
        lines = r.text.strip().split("\n")
        assert lines[0] == "?e" and lines[1].startswith(f"<{BASE}event/")


def test_sparql_construct_and_ask(client):
    r = client.get("/sparql", params={"query": f"CONSTRUCT WHERE {{ <{BASE}{PERSON}> ?p ?o }}"},
                   headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph()
    g.parse(data=r.text, format="turtle")
    assert (URIRef(BASE + PERSON), RDF.type, BKG.Person) in g
    a = client.get("/sparql", params={"query": "ASK { ?s a <https://w3id.org/bilateral-kg/ontology#Person> }"})
    assert a.json()["boolean"] is True


def test_competency_question_runs(client):
    from kg.rdf.sparql import bind, read_query, resolve_params

    q = read_query(Path(__file__).resolve().parents[2] / "queries" / "events-of-person.rq")
    text = bind(q.text, resolve_params(q, {}, BASE))
    r = client.post("/sparql", data={"query": text})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) >= 5


def test_service_description_without_query(client):
    r = client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph()
    g.parse(data=r.text, format="turtle")
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    svc = URIRef(BASE + "sparql")
    assert (svc, RDF.type, sd.Service) in g
    assert (svc, sd.supportedLanguage, sd.SPARQL11Query) in g
    html = client.get("/sparql", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "<textarea" in html.text


@pytest.mark.parametrize("query", [
    "SELEC * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p }",
    'SELECT * WHERE { ?s ?p "unclosed }',
    "SELECT * WHERE { ?s nope:thing ?o }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
    "",
    "\x00\x01",
    "SELECT * WHERE { " * 200,
])
def test_bad_sparql_is_400_with_the_parsers_message(client, query):
    r = client.post("/sparql", data={"query": query})
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text.count("\n") == 1
    assert "error" in r.text.lower() or "expected" in r.text.lower()


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "LOAD <http://127.0.0.1:1/x> INTO GRAPH <urn:g>",
    "CLEAR ALL",
    "DROP ALL",
    "PREFIX x: <urn:x> CREATE GRAPH <urn:g>",
])
def test_updates_are_refused(client, query):
    def count() -> int:
        n = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
        return int(n["results"]["bindings"][0]["n"]["value"])

    before = count()
    for r in (client.post("/sparql", data={"query": query}),
              client.post("/sparql", data={"update": query}),
              client.get("/sparql", params={"update": query}),
              client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-update"})):
        assert r.status_code == 403, r.text
        assert "read-only" in r.text
    assert count() == before > 3000


def test_row_cap(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == ROW_CAP
    assert r.headers["x-row-cap"] == str(ROW_CAP) and r.headers["x-truncated"] == "true"
    small = client.get("/sparql", params={"query": VISITS})
    assert "x-truncated" not in small.headers


class Listener:
    """A TCP listener on a free loopback port that records every connection it gets."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture()
def listener():
    li = Listener()
    yield li
    li.close()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <http://127.0.0.1/> SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
])
def test_service_cannot_make_the_server_fetch(client, listener, template):
    query = template.format(url=f"http://127.0.0.1:{listener.port}/sparql")
    for r in (client.get("/sparql", params={"query": query}),
              client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})):
        assert r.status_code == 403, r.text
        assert "SERVICE" in r.text
    time.sleep(0.5)
    assert listener.connections == 0


def test_the_word_service_in_a_string_is_fine(client):
    q = 'SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "service")) } LIMIT 1'
    assert client.get("/sparql", params={"query": q}).status_code == 200


@pytest.mark.parametrize("template", [
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE {{ GRAPH <file:///etc/passwd> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ GRAPH <file:///etc/passwd> {{ ?s ?p ?o }} }}",
    "DESCRIBE <file:///etc/passwd>",
])
def test_from_reads_and_fetches_nothing(client, listener, template):
    query = template.format(url=f"http://127.0.0.1:{listener.port}/data.ttl")
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text
    assert b"root:" not in r.content
    if r.headers["content-type"].startswith("application/sparql-results+json"):
        assert r.json()["results"]["bindings"] == []
    time.sleep(0.3)
    assert listener.connections == 0


def test_protocol_graph_parameters_read_nothing(client, listener):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd",
                                      "named-graph-uri": f"http://127.0.0.1:{listener.port}/g"})
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []
    assert listener.connections == 0


def test_query_past_the_time_limit_is_stopped(server, client):
    pool = server.app.pool
    before = set(pool.pids())
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    r = client.get("/sparql", params={"query": heavy})
    elapsed = time.monotonic() - started
    assert r.status_code == 503
    assert "time limit" in r.text and r.text.count("\n") == 1
    assert elapsed < TIMEOUT + 5
    # The worker that ran it was killed (its process is gone) and the endpoint still answers.
    deadline = time.monotonic() + 60
    while True:
        ok = client.get("/sparql", params={"query": VISITS})
        gone = [pid for pid in before if not _alive(pid)]
        if ok.status_code == 200 and gone:
            break
        assert time.monotonic() < deadline, "the stopped query's worker is still running"
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie awaiting its parent counts as gone
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_html_results_for_a_browser(client):
    r = client.get("/sparql", params={"query": VISITS}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and "<table" in r.text and "visits Kuwait" in r.text
    bad = client.get("/sparql", params={"query": "SELEC"}, headers={"Accept": "text/html"})
    assert bad.status_code == 400 and 'class="error"' in bad.text


# --- the pages ------------------------------------------------------------------------------------------------


PAGES = [f"/{EVENT}.html", f"/{PERSON}.html", "/event/2007-01-20-azerbaijani-foreign-minister-visit-to-kuwait.html",
         "/state/kuwait.html", "/fact/2004-azerbaijan-embassy-in-kuwait-opened.html", "/term/heydar-aliyev-president-of-azerbaijan.html",
         "/source/kuwait-azerbaijan-relations.html", "/dataset.html", "/", "/ontology.html", "/sparql?query=" +
         urllib.parse.quote(VISITS)]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_valid_html5_without_template_leaks(client, path):
    import html5lib

    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    html5lib.HTMLParser(strict=True).parse(r.text)
    assert r.text.startswith("<!DOCTYPE html>")
    for leak in ("{{", "}}", "{%", "%}", "Undefined", ">None<", "None</"):
        assert leak not in r.text, f"{path}: {leak!r} in the page"
    import re
    from collections import Counter

    ids = Counter(re.findall(r'\sid="([^"]*)"', r.text))
    assert not [i for i, n in ids.items() if n > 1], f"{path}: duplicate ids"


def test_event_page_content(client):
    html = client.get(f"/{EVENT}.html").text
    assert "late 2004 (year precision)" in html
    assert "<mark>افتتحت اذربيجان سفارة لها في دولة الكويت في اواخر عام ٢٠٠٤.</mark>" in html
    assert 'lang="ar" dir="rtl"' in html
    visit = client.get("/event/2007-01-20-azerbaijani-foreign-minister-visit-to-kuwait.html").text
    assert "20 January 2007 (day precision)" in visit
    assert 'href="../person/azerbaijani-foreign-minister-2007-01"' in visit
    assert 'href="../office/minister-of-foreign-affairs-of-azerbaijan"' in visit  # the participant's office
    assert 'href="../state/kuwait"' in visit  # the place
    assert 'href="../agreement/memorandum-on-bilateral-consultations"' in \
        client.get("/event/2007-01-20-memorandum-signed.html").text


def test_person_page_content(client):
    html = client.get(f"/{PERSON}.html").text
    assert "President of Azerbaijan" in html and 'href="../office/president-of-azerbaijan"' in html
    timeline = html.split("<ol class=\"timeline\">", 1)[1].split("</ol>", 1)[0]
    assert timeline.index("13 December 1994") < timeline.index("7 July 2000") < timeline.index("27 September 2001")


def test_pages_escape_html():
    from kg.publish.web import render

    out = render.environment().from_string('{% import "_macros.html" as m %}{{ m.value(v) }}').render(
        v=render.V("<script>alert(1)</script>", 'x" onmouseover="y', "ar"))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'href="x&#34; onmouseover=&#34;y"' in out


def test_negotiate():
    from kg.publish.web.negotiation import RESOURCE_OFFERS, negotiate

    assert negotiate(None, RESOURCE_OFFERS) == "html"
    assert negotiate("text/turtle;q=0", RESOURCE_OFFERS) is None
    assert negotiate("text/*", RESOURCE_OFFERS) == "html"
    assert negotiate("application/n-triples, text/turtle;q=0.9", RESOURCE_OFFERS) == "nt"
    assert negotiate("garbage", RESOURCE_OFFERS) == "html"


# --- the checks themselves, in this (not network-isolated) process ---------------------------------------


@pytest.fixture(scope="module")
def store(build_dir):
    import pyoxigraph as ox

    st = ox.Store()
    st.bulk_load(path=str(build_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    return st


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o .SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER(?o<'x>') SERVICE <{url}> {{ ?a ?b ?c }} FILTER('y'='y') }}",
    "SELECT * WHERE {{ \\u0053ervice <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}",
    "# a comment\nSELECT * WHERE {{ <urn:a#b> ?p ?o . SERVICE<{url}>{{?s ?p ?o}} }}",
])
def test_service_is_refused_before_the_store_sees_it(store, listener, template):
    """Run on a store in the test process, which has network: the checks alone must stop SERVICE."""
    from kg.publish.web.sparql import answer

    ans = answer(store, {"query": template.format(url=f"http://127.0.0.1:{listener.port}/sparql")}, 10)
    assert ans.status in (400, 403), ans.body  # refused (400 where rdflib's grammar rejects the spelling)
    time.sleep(0.3)
    assert listener.connections == 0


def test_service_word_in_strings_iris_and_comments_is_allowed(store):
    from kg.publish.web.sparql import answer

    for q in ('SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "service")) } LIMIT 1',
              "SELECT * WHERE { ?s ?p <urn:service> }",
              "# service\nSELECT * WHERE { ?s ?p ?o } LIMIT 1",
              "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1"):
        assert answer(store, {"query": q}, 10).status == 200, q


def test_from_selects_graphs_of_the_store(store):
    from kg.publish.web.sparql import answer

    q = ("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/bilateral-kg/graph/registry> "
         "WHERE { ?s ?p ?o }")
    data = json.loads(answer(store, {"query": q}, 10).body)
    n = int(data["results"]["bindings"][0]["n"]["value"])
    assert 0 < n < 3817  # the registry graph alone, not the union


def test_workers_report_their_network(server):
    assert server.app.pool.network_isolated in (True, False)


def test_head_and_methods(client):
    h = client.head(f"/{PERSON}.ttl")
    assert h.status_code == 200 and h.content == b"" and h.headers["content-type"].startswith("text/turtle")
    assert client.post(f"/{PERSON}.ttl").status_code == 405
    assert client.put("/sparql", content=b"x").status_code == 405


def test_serving_with_another_base_than_the_builds_is_refused(build_dir, monkeypatch):
    from kg.core.errors import UsageError
    from kg.publish.web.app import create_app

    with pytest.raises(UsageError, match="base IRI"):
        create_app(build_dir, "https://example.org/kg/")
    monkeypatch.setenv("KG_BASE_IRI", "https://example.org/kg/")
    with pytest.raises(UsageError, match="base IRI"):
        create_app(build_dir, None)


def test_another_base(tmp_path_factory):
    """A build made with another base: paths map under it, links stay relative, /ontology still answers."""
    from kg.api import build_graph
    from kg.publish.web.app import create_app

    other = "http://127.0.0.1:9/kg/"
    out = tmp_path_factory.mktemp("other-base")
    assert build_graph(Path(__file__).resolve().parents[2] / "data", out, other).ok
    srv = Server(create_app(out, other, query_timeout=5, row_cap=10))
    try:
        with httpx.Client(base_url=srv.url, timeout=60) as c:
            g = Graph()
            g.parse(data=c.get(f"/{PERSON}.ttl").text, format="turtle")
            assert (URIRef(other + PERSON), RDF.type, BKG.Person) in g
            page = c.get(f"/{PERSON}.html").text
            assert 'href="../ontology#Person"' in page and 'href="../title/national-leader"' in page
            assert c.get("/ontology", headers={"Accept": "text/html"}).status_code == 200
            assert c.get("/sparql").status_code == 200
    finally:
        srv.stop()
