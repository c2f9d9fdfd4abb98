"""The HTTP server: every IRI of the dataset dereferences; a read-only SPARQL endpoint.

A request path maps to the IRI with the same path under the base IRI, whatever
host and port serve it: ``GET /person/heydar-aliyev`` is the resource
``{base}person/heydar-aliyev``. What each URL answers:

``/{segment}/{id}`` (a resource: person, event, state, fact graph...)
    Content negotiation the "303 See Other" way of the W3C note *Cool URIs for
    the Semantic Web*: the IRI names a thing (a person, an event), not a
    document, so the server answers ``303 See Other`` to the document that
    describes it in the format the ``Accept`` header prefers, with
    ``Vary: Accept``: ``.html`` for a browser (also for ``*/*`` and no
    ``Accept``), ``.ttl`` for ``text/turtle``, ``.jsonld`` for
    ``application/ld+json`` or ``application/json``, ``.nt`` for
    ``application/n-triples``; 406 when none fits.
``/{segment}/{id}.html|.ttl|.jsonld|.nt``
    The documents themselves (200). The description of a resource holds every
    triple with it (or one of its ``#`` IRIs) as subject, the labels of the
    resources it links to, and for a fact's main node the provenance of each fact
    graph about it: source, quote and offsets. Hash IRIs (``fact/x#quote``) are
    described in the document of the IRI before the ``#``.
``/ontology`` (the ontology's IRI when the base is the w3id default)
    Its terms are hash IRIs (``ontology#Visit``), so the ontology's IRI is the
    document's own: it answers 200 directly, by ``Accept``, with
    ``Vary: Accept`` and ``Content-Location``: HTML documentation for a browser,
    the ontology graph in Turtle, JSON-LD or N-Triples otherwise. When the base is
    not the w3id default, the ontology is still served at ``/ontology``.
``/sparql``
    SPARQL 1.1 Protocol: ``GET ?query=``, ``POST`` form (``query=``) or
    ``application/sparql-query``; results as JSON, XML, CSV or TSV (HTML for a
    browser) by ``Accept``; ``CONSTRUCT``/``DESCRIBE`` as Turtle, N-Triples or
    RDF/XML. Without a query, ``GET`` answers the service description
    (``sd:Service``, Turtle; a query form for a browser). Read-only and
    sandboxed: see :mod:`kg.publish.web.sparql`.
``/dataset``
    The VoID and DCAT description of the dataset (a resource like the others);
    ``/.well-known/void`` redirects to it.
``/export/{file}``
    The files ``kg export`` wrote into ``build/export`` (the dumps that the
    DCAT description lists), when there are any.
``/``
    A home page: events in date order, the resources by kind, the downloads.

Every answer carries ``Access-Control-Allow-Origin: *`` (the server only
reads); errors are one line of plain text. Paths are looked up among the
dataset's IRIs and a fixed list of files, never joined to a folder, so a path
with ``..`` finds nothing. The server binds 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import json
import urllib.parse
from pathlib import Path

from rdflib import RDF, Literal, URIRef
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.core.config import BKG_NS, DEFAULT_BASE, ONTOLOGY_IRI, QUERIES_DIR
from kg.core.errors import UsageError
from kg.publish.web import render
from kg.publish.web.model import KG, load_dataset, node_key
from kg.publish.web.sparql import GRAPH_OFFERS, RESULT_OFFERS, QueryPool, default_workers

#: Representations of a resource: extension -> (media type, name).
REPRESENTATIONS = {
    "html": ("text/html; charset=utf-8", "HTML"),
    "ttl": ("text/turtle; charset=utf-8", "Turtle"),
    "jsonld": ("application/ld+json", "JSON-LD"),
    "nt": ("application/n-triples", "N-Triples"),
}
#: What a client may put in Accept for a resource, in the server's order of preference.
RESOURCE_OFFERS = [
    ("text/html", "html"), ("application/xhtml+xml", "html"), ("text/turtle", "ttl"),
    ("application/x-turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/json", "jsonld"),
    ("application/n-triples", "nt"),
]
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
HTML_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
}


# --- content negotiation ---------------------------------------------------------------------------------


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs; malformed parts are skipped."""
    out = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def negotiate(header: str | None, offers: list[tuple[str, str]]) -> str | None:
    """The offer (its key) the client prefers; the first offer when there is no Accept; None if none fits."""
    ranges = parse_accept(header)
    if not ranges:
        return offers[0][1]
    best, best_q = None, 0.0
    for media, key in offers:
        kind = media.split("/")[0]
        q, specificity = None, -1
        for rng, rq in ranges:
            spec = 2 if rng == media else 1 if rng == f"{kind}/*" else 0 if rng == "*/*" else -1
            if spec > specificity:
                q, specificity = rq, spec
        if q is not None and q > best_q:
            best, best_q = key, q
    return best


def _error(status: int, message: str, headers: dict | None = None) -> Response:
    return PlainTextResponse(" ".join(message.split()) + "\n", status_code=status, headers=headers)


# --- the site ----------------------------------------------------------------------------------------------


class Site:
    """Everything the server answers from, loaded once: the dataset, its description, the pages."""

    def __init__(self, build_dir: Path, base: str, *, sources_dir: Path | None = None,
                 export_dir: Path | None = None):
        from kg.publish.export import MEDIA_TYPES, jsonld, load_context, ntriples, turtle, void_graph

        self.build_dir = Path(build_dir)
        ds, self.base = load_dataset(self.build_dir, base)
        report_path = self.build_dir / "report.json"
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.is_file() else {}
        kg = KG(ds, self.base, report=report, sources_dir=sources_dir)
        self.kg = KG(ds, self.base, void=void_graph(kg), report=report, sources_dir=sources_dir)
        self._jsonld, self._ntriples, self._turtle = jsonld, ntriples, turtle
        self.context = load_context()
        self.onto_path = render.ontology_path(self.base)
        self.css = render.css().encode("utf-8")
        export_dir = Path(export_dir) if export_dir is not None else self.build_dir / "export"
        self.exports: dict[str, tuple[Path, str]] = {}
        if export_dir.is_dir():
            for name, (media, _) in sorted(MEDIA_TYPES.items()):
                path = export_dir / name
                if path.is_file():
                    charset = "; charset=utf-8" if media.startswith("text/") else ""
                    self.exports[name] = (path, media + charset)
        self._cache: dict[tuple[str, str], bytes] = {}
        self._examples: list[dict] | None = None

    # paths and documents

    def document(self, rel: str) -> URIRef | None:
        """The document for a path below the root (``person/x``), or None."""
        if rel == self.onto_path:
            return URIRef(ONTOLOGY_IRI)
        iri = URIRef(self.base + rel)
        return iri if rel and iri in self.kg.documents and "#" not in rel else None

    def rel_path(self, doc: URIRef) -> str:
        return self.onto_path if str(doc) == ONTOLOGY_IRI else str(doc)[len(self.base):]

    def representation(self, doc: URIRef, fmt: str) -> bytes:
        key = (str(doc), fmt)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._make(doc, fmt)
            self._cache[key] = cached
        return cached

    def _make(self, doc: URIRef, fmt: str) -> bytes:
        if fmt == "html":
            return self.html(doc).encode("utf-8")
        g = self.kg.describe(doc)
        if fmt == "ttl":
            return self._turtle(g).encode("utf-8")
        if fmt == "nt":
            return self._ntriples(g).encode("utf-8")
        return self._jsonld(g, self.context).encode("utf-8")

    def alternates(self, doc: URIRef) -> list[dict]:
        last = self.rel_path(doc).rsplit("/", 1)[-1]
        return [{"href": f"{last}.{ext}", "type": media.split(";")[0], "name": name}
                for ext, (media, name) in REPRESENTATIONS.items() if ext != "html"]

    def html(self, doc: URIRef) -> str:
        kg = self.kg
        path = "/" + self.rel_path(doc)
        view = render.View(kg, path)
        if str(doc) == ONTOLOGY_IRI:
            return render.ontology_html(kg, standalone=False, path=path)
        alts = self.alternates(doc)
        page = render._page(view, False, kg.label(doc, "en") if kg.labels(doc) else kg.short(doc), alts)
        if kg.is_event(doc):
            return render.render("event.html", page=page, c=render.event_context(view, doc), formats=alts)
        if kg.is_a(doc, URIRef(BKG_NS + "Person")):
            return render.render("person.html", page=page, c=render.person_context(view, doc), formats=alts)
        return render.render("resource.html", page=page, c=render.resource_context(view, doc), formats=alts)

    def home(self) -> bytes:
        cached = self._cache.get(("/", "home"))
        if cached is not None:
            return cached
        from kg.publish.export import DESCRIPTION, TITLE

        kg = self.kg
        view = render.View(kg, "/")
        groups = []
        for cls, title in (("State", "States"), ("Person", "Persons"), ("Office", "Offices"),
                           ("OfficeTerm", "Office terms"), ("Organisation", "Organisations and delegations"),
                           ("Agreement", "Agreements"), ("Embassy", "Embassies"), ("Claim", "Claims"),
                           ("Place", "Places"), ("Topic", "Topics"), ("HonorificTitle", "Titles"),
                           ("SourceDocument", "Sources")):
            items = [i for i in kg.instances(URIRef(BKG_NS + cls)) if not (cls == "Place" and kg.is_a(
                i, URIRef(BKG_NS + "State")))]
            if items:
                groups.append({"title": title, "items": [view.pair(i) for i in items]})
        events = sorted(kg.instances(URIRef(BKG_NS + "Event")), key=lambda e: (kg.sort_date(e), str(e)))
        c = {
            "title_en": TITLE["en"], "title_ar": TITLE["ar"], "desc_en": [DESCRIPTION],
            "triples": len(kg.union), "graphs": sum(1 for g in kg.dataset.graphs() if len(g)),
            "events": [{"event": view.pair(e), "when": view.when(e)} for e in events],
            "groups": groups,
            "downloads": [{"name": n, "type": t.split(";")[0]} for n, (_, t) in self.exports.items()],
        }
        alts = [{"href": "dataset.ttl", "type": "text/turtle", "name": "Dataset description (Turtle)"}]
        body = render.render("home.html", page=render._page(view, False, "Home", alts), c=c).encode("utf-8")
        self._cache[("/", "home")] = body
        return body

    # SPARQL service description and form

    def service_description(self) -> bytes:
        cached = self._cache.get(("sparql", "sd"))
        if cached is not None:
            return cached
        from rdflib import Graph, Namespace

        sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
        fmt = Namespace("http://www.w3.org/ns/formats/")
        void = Namespace("http://rdfs.org/ns/void#")
        g = Graph(bind_namespaces="core")
        g.bind("sd", sd)
        g.bind("formats", fmt)
        g.bind("void", void)
        svc = URIRef(f"{self.base}sparql")
        dataset = URIRef(f"{self.base}dataset")
        default = URIRef(f"{self.base}sparql#default-graph")
        g.add((svc, RDF.type, sd.Service))
        g.add((svc, sd.endpoint, svc))
        g.add((svc, sd.supportedLanguage, sd.SPARQL11Query))
        g.add((svc, sd.feature, sd.UnionDefaultGraph))
        for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "RDF_XML"):
            g.add((svc, sd.resultFormat, fmt[f]))
        g.add((svc, sd.defaultDataset, dataset))
        g.add((dataset, RDF.type, sd.Dataset))
        g.add((dataset, sd.defaultGraph, default))
        g.add((default, RDF.type, sd.Graph))
        g.add((default, void.triples, Literal(len(self.kg.union))))
        for graph in sorted((gr.identifier for gr in self.kg.dataset.graphs() if len(gr)), key=node_key):
            named = URIRef(f"{self.base}sparql#graph-{len(list(g.objects(dataset, sd.namedGraph)))}")
            g.add((dataset, sd.namedGraph, named))
            g.add((named, sd.name, graph))
        g.add((svc, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal(
            "Read-only: SPARQL Update, LOAD and SERVICE are refused; FROM and FROM NAMED select graphs of "
            "this dataset only. Each query has a time limit and a row cap (X-Row-Cap header).", lang="en")))
        body = self._turtle(g).encode("utf-8")
        self._cache[("sparql", "sd")] = body
        return body

    def examples(self) -> list[dict]:
        if self._examples is not None:
            return self._examples
        from kg.rdf.query import bind, read_query, resolve_params

        out = []
        for path in sorted(QUERIES_DIR.glob("*.rq")):
            try:
                q = read_query(path)
                text = bind(q.text, resolve_params(q, {}, self.base))
            except Exception:  # a query file we cannot bind is left out of the list, not fatal
                continue
            lines = text.split("\n")
            while lines and lines[0].startswith("#"):  # the header comment: shown as the link's text
                lines.pop(0)
            out.append({"text": "\n".join(lines), "question": q.question.get("en", q.name),
                        "question_ar": q.question.get("ar")})
        self._examples = out
        return out


# --- the application ---------------------------------------------------------------------------------------


class _Headers:
    """Pure ASGI middleware: CORS open for reads, security headers, OPTIONS preflight."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["method"] == "OPTIONS":
            headers = [(b"access-control-allow-origin", b"*"),
                       (b"access-control-allow-methods", b"GET, HEAD, POST, OPTIONS"),
                       (b"access-control-allow-headers", b"Accept, Content-Type"),
                       (b"access-control-max-age", b"86400"), (b"content-length", b"0")]
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def wrapped(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [(b"access-control-allow-origin", b"*"),
                         (b"access-control-expose-headers", b"Location, Content-Location, Link, X-Row-Cap, X-Truncated")]
                extra += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                headers += [(k, v) for k, v in extra if k not in names]
                message = dict(message, headers=headers)
            await send(message)

        return await self.app(scope, receive, wrapped)


def create_app(build_dir: Path, base: str | None = None, *, query_timeout: float = 10.0, row_cap: int = 10000,
               workers: int | None = None, sources_dir: Path | None = None, export_dir: Path | None = None):
    """The ASGI application serving the build in ``build_dir`` under ``base``.

    ``base`` (else ``$KG_BASE_IRI``) must be the base IRI the build was made with; when neither is
    given, the build's own base (report.json) is used.

    ``query_timeout``: seconds a SPARQL query may run before it is stopped; ``row_cap``: rows (or triples)
    a query may return. ``workers``: SPARQL worker processes (default: up to 2). ``sources_dir``: where the
    source texts are (default data/sources of the project; used to show each quote in its passage).
    """
    if query_timeout <= 0:
        raise UsageError(f"the query time limit must be positive, not {query_timeout}")
    if row_cap < 1:
        raise UsageError(f"the row cap must be at least 1, not {row_cap}")
    site = Site(Path(build_dir), base, sources_dir=sources_dir, export_dir=export_dir)
    pool = QueryPool(str(Path(build_dir) / "kg.nq"), size=workers or default_workers(), timeout=query_timeout,
                     row_cap=row_cap)

    def representation_response(doc: URIRef, fmt: str, extra: dict | None = None) -> Response:
        media = REPRESENTATIONS[fmt][0]
        headers = dict(extra or {})
        if fmt == "html":
            headers.update(HTML_HEADERS)
            last = site.rel_path(doc).rsplit("/", 1)[-1]
            headers["Link"] = ", ".join(f'<{last}.{e}>; rel="alternate"; type="{m.split(";")[0]}"'
                                        for e, (m, _) in REPRESENTATIONS.items() if e != "html")
        return Response(site.representation(doc, fmt), media_type=media, headers=headers)

    async def home(request: Request) -> Response:
        return Response(site.home(), media_type="text/html; charset=utf-8", headers=dict(HTML_HEADERS))

    async def resource(request: Request) -> Response:
        rel = request.url.path[1:] if request.url.path.startswith("/") else request.url.path
        doc = site.document(rel)
        if doc is not None:
            fmt = negotiate(request.headers.get("accept"), RESOURCE_OFFERS)
            if fmt is None:
                return _error(406, "Not Acceptable: this resource is available as " + ", ".join(
                    m.split(";")[0] for m, _ in REPRESENTATIONS.values()), {"Vary": "Accept"})
            last = rel.rsplit("/", 1)[-1]
            if str(doc) == ONTOLOGY_IRI:  # hash namespace: the document itself, negotiated
                return representation_response(doc, fmt, {"Vary": "Accept", "Content-Location": f"{last}.{fmt}"})
            return RedirectResponse(f"{last}.{fmt}", status_code=303, headers={"Vary": "Accept"})
        stem, dot, ext = rel.rpartition(".")
        if dot and ext in REPRESENTATIONS and "/" not in ext:
            doc = site.document(stem)
            if doc is not None:
                return representation_response(doc, ext)
        return _error(404, f"Not Found: no resource <{site.base}{rel}> in this dataset")

    async def static_css(request: Request) -> Response:
        return Response(site.css, media_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})

    async def export_file(request: Request) -> Response:
        found = site.exports.get(request.path_params["name"])
        if found is None:
            return _error(404, f"Not Found: no file {request.path_params['name']!r} among the exports")
        path, media = found
        return FileResponse(path, media_type=media)

    async def well_known_void(request: Request) -> Response:
        return RedirectResponse("../dataset", status_code=303)

    async def sparql(request: Request) -> Response:
        params = urllib.parse.parse_qs(request.url.query, keep_blank_values=True)
        query_list = params.get("query", [])
        update_list = params.get("update", [])
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await request.body()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return _error(400, "the request body is not UTF-8")
            if ctype == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(text, keep_blank_values=True)
                query_list = query_list + form.get("query", [])
                update_list = update_list + form.get("update", [])
                for key in ("default-graph-uri", "named-graph-uri"):
                    params.setdefault(key, []).extend(form.get(key, []))
            elif ctype == "application/sparql-query":
                query_list = query_list + [text]
            elif ctype == "application/sparql-update":
                return _error(403, "SPARQL Update is not allowed: this endpoint is read-only")
            else:
                return _error(415, "Unsupported Media Type: POST a form (application/x-www-form-urlencoded) "
                                   "or application/sparql-query")
        if update_list:
            return _error(403, "SPARQL Update is not allowed: this endpoint is read-only")
        if len(query_list) > 1:
            return _error(400, "give one query, not several")
        accept = request.headers.get("accept")
        if not query_list:
            if request.method == "POST":
                return _error(400, "no query: give query= or a body of type application/sparql-query")
            if negotiate(accept, [("text/turtle", "ttl"), ("text/html", "html")]) == "html" \
                    and "text/html" in (accept or ""):
                return form_page(request, "", None, None)
            return Response(site.service_description(), media_type="text/turtle; charset=utf-8")
        query = query_list[0]
        result_fmt = negotiate(accept, RESULT_OFFERS)
        graph_fmt = negotiate(accept, GRAPH_OFFERS)
        if result_fmt is None and graph_fmt is None:
            return _error(406, "Not Acceptable: results are available as application/sparql-results+json, "
                               "application/sparql-results+xml, text/csv, text/tab-separated-values, "
                               "text/turtle, application/n-triples, application/rdf+xml")
        req = {"query": query, "result": "json" if result_fmt in (None, "html") else result_fmt,
               "graph": graph_fmt or "ttl", "default_graphs": params.get("default-graph-uri", []),
               "named_graphs": params.get("named-graph-uri", [])}
        ans = await pool.run(req)
        headers = dict(ans.headers)
        if result_fmt == "html" and ans.content_type.startswith("application/sparql-results+json"):
            return form_page(request, query, json.loads(ans.body), None, headers)
        if result_fmt == "html" and ans.status >= 400:
            return form_page(request, query, None, ans.body.decode("utf-8").strip(), headers, ans.status)
        headers["Vary"] = "Accept"
        return Response(ans.body, status_code=ans.status, media_type=ans.content_type, headers=headers)

    def form_page(request: Request, query: str, results: dict | None, error: str | None,
                  headers: dict | None = None, status: int = 200) -> Response:
        view = render.View(site.kg, "/sparql")
        result = None
        if results is not None:
            if "boolean" in results:
                result = {"boolean": results["boolean"], "vars": [], "rows": [], "truncated": False}
            else:
                names = results["head"]["vars"]
                rows = []
                for b in results["results"]["bindings"]:
                    row = []
                    for v in names:
                        t = b.get(v)
                        if t is None:
                            row.append(render.V(""))
                        elif t["type"] == "uri":
                            iri = URIRef(t["value"])
                            text = site.kg.label(iri, "en") if site.kg.labels(iri) else site.kg.short(iri)
                            row.append(render.V(text, view.ln.href(iri), None, str(iri)))
                        else:
                            row.append(render.V(t["value"], None, t.get("xml:lang")))
                    rows.append(row)
                result = {"boolean": None, "vars": names, "rows": rows,
                          "truncated": (headers or {}).get("X-Truncated") == "true"}
        example = next(iter(site.examples()), None)
        c = {"query": query or (example["text"] if example else "SELECT * WHERE { ?s ?p ?o } LIMIT 10"),
             "result": result, "error": error, "timeout": f"{pool.timeout:g}", "row_cap": pool.row_cap,
             "examples": site.examples()}
        body = render.render("sparql.html", page=render._page(view, False, "SPARQL"), c=c)
        h = dict(HTML_HEADERS)
        h.update(headers or {})
        h["Vary"] = "Accept"
        return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers=h)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    app = Starlette(routes=[
        Route("/", home, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/static/kg.css", static_css, methods=["GET"]),
        Route("/export/{name}", export_file, methods=["GET"]),
        Route("/.well-known/void", well_known_void, methods=["GET"]),
        Route("/{path:path}", resource, methods=["GET"]),
    ], lifespan=lifespan)
    app.state.site = site
    app.state.pool = pool
    wrapped = _Headers(app)
    wrapped.site, wrapped.pool = site, pool
    return wrapped


def serve(build_dir: Path, base: str | None = None, *, port: int = 8000, query_timeout: float = 10.0,
          row_cap: int = 10000, workers: int | None = None, log_level: str = "info") -> None:
    """Serve the build on http://127.0.0.1:PORT/ with uvicorn until interrupted."""
    import uvicorn

    app = create_app(build_dir, base, query_timeout=query_timeout, row_cap=row_cap, workers=workers)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level=log_level, server_header=False, proxy_headers=False,
                lifespan="on")


__all__ = ["create_app", "serve", "negotiate", "parse_accept", "DEFAULT_BASE"]
