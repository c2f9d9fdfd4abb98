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

from rdflib import URIRef
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from kg.core.config import ONTOLOGY_IRI
from kg.core.errors import UsageError
from kg.publish.web import render
from kg.publish.web.negotiation import REPRESENTATIONS, RESOURCE_OFFERS, negotiate
from kg.publish.web.site import Site
from kg.publish.web.sparql import (
    GRAPH_OFFERS,
    RESULT_OFFERS,
    QueryPool,
    default_workers,
)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
HTML_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
}
READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only"


def error_response(status: int, message: str, headers: dict | None = None) -> Response:
    """An error as one line of plain text."""
    return PlainTextResponse(" ".join(message.split()) + "\n", status_code=status, headers=headers)


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


class SparqlRequest:
    """The query (or queries), updates and dataset parameters of a SPARQL Protocol request."""

    def __init__(self, params: dict[str, list[str]]):
        self.params = params
        self.queries: list[str] = params.get("query", [])
        self.updates: list[str] = params.get("update", [])

    @classmethod
    async def read(cls, request: Request) -> SparqlRequest | Response:
        """The protocol request from the URL and, for POST, the body; an error response when it is malformed."""
        req = cls(urllib.parse.parse_qs(request.url.query, keep_blank_values=True))
        if request.method != "POST":
            return req
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return error_response(400, "the request body is not UTF-8")
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(text, keep_blank_values=True)
            req.queries = req.queries + form.get("query", [])
            req.updates = req.updates + form.get("update", [])
            for key in ("default-graph-uri", "named-graph-uri"):
                req.params.setdefault(key, []).extend(form.get(key, []))
        elif ctype == "application/sparql-query":
            req.queries = req.queries + [text]
        elif ctype == "application/sparql-update":
            return error_response(403, READ_ONLY)
        else:
            return error_response(415, "Unsupported Media Type: POST a form (application/x-www-form-urlencoded) "
                                       "or application/sparql-query")
        return req


def result_table(site: Site, view: render.View, results: dict, truncated: bool) -> dict:
    """SPARQL JSON results as the form's table: IRIs by label, linked; literals with their language."""
    if "boolean" in results:
        return {"boolean": results["boolean"], "vars": [], "rows": [], "truncated": False}
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
    return {"boolean": None, "vars": names, "rows": rows, "truncated": truncated}


class Handlers:
    """The route handlers of the application, over one :class:`Site` and one SPARQL :class:`QueryPool`."""

    def __init__(self, site: Site, pool: QueryPool):
        self.site = site
        self.pool = pool

    def routes(self) -> list[Route]:
        return [
            Route("/", self.home, methods=["GET"]),
            Route("/sparql", self.sparql, methods=["GET", "POST"]),
            Route("/static/kg.css", self.static_css, methods=["GET"]),
            Route("/export/{name}", self.export_file, methods=["GET"]),
            Route("/.well-known/void", self.well_known_void, methods=["GET"]),
            Route("/{path:path}", self.resource, methods=["GET"]),
        ]

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        await self.pool.start()
        try:
            yield
        finally:
            await self.pool.close()

    def representation_response(self, doc: URIRef, fmt: str, extra: dict | None = None) -> Response:
        media = REPRESENTATIONS[fmt][0]
        headers = dict(extra or {})
        if fmt == "html":
            headers.update(HTML_HEADERS)
            last = self.site.rel_path(doc).rsplit("/", 1)[-1]
            headers["Link"] = ", ".join(f'<{last}.{e}>; rel="alternate"; type="{m.split(";")[0]}"'
                                        for e, (m, _) in REPRESENTATIONS.items() if e != "html")
        return Response(self.site.representation(doc, fmt), media_type=media, headers=headers)

    async def home(self, request: Request) -> Response:
        return Response(self.site.home(), media_type="text/html; charset=utf-8", headers=dict(HTML_HEADERS))

    async def resource(self, request: Request) -> Response:
        """A resource's IRI (303 to its document, or the ontology's document itself), or a document."""
        rel = request.url.path[1:] if request.url.path.startswith("/") else request.url.path
        doc = self.site.document(rel)
        if doc is not None:
            fmt = negotiate(request.headers.get("accept"), RESOURCE_OFFERS)
            if fmt is None:
                return error_response(406, "Not Acceptable: this resource is available as " + ", ".join(
                    m.split(";")[0] for m, _ in REPRESENTATIONS.values()), {"Vary": "Accept"})
            last = rel.rsplit("/", 1)[-1]
            if str(doc) == ONTOLOGY_IRI:  # hash namespace: the document itself, negotiated
                return self.representation_response(doc, fmt, {"Vary": "Accept", "Content-Location": f"{last}.{fmt}"})
            return RedirectResponse(f"{last}.{fmt}", status_code=303, headers={"Vary": "Accept"})
        stem, dot, ext = rel.rpartition(".")
        if dot and ext in REPRESENTATIONS and "/" not in ext:
            doc = self.site.document(stem)
            if doc is not None:
                return self.representation_response(doc, ext)
        return error_response(404, f"Not Found: no resource <{self.site.base}{rel}> in this dataset")

    async def static_css(self, request: Request) -> Response:
        return Response(self.site.css, media_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})

    async def export_file(self, request: Request) -> Response:
        found = self.site.exports.get(request.path_params["name"])
        if found is None:
            return error_response(404, f"Not Found: no file {request.path_params['name']!r} among the exports")
        path, media = found
        return FileResponse(path, media_type=media)

    async def well_known_void(self, request: Request) -> Response:
        return RedirectResponse("../dataset", status_code=303)

    async def sparql(self, request: Request) -> Response:
        """The SPARQL 1.1 Protocol: a query's results, the service description, or the form."""
        req = await SparqlRequest.read(request)
        if isinstance(req, Response):
            return req
        if req.updates:
            return error_response(403, READ_ONLY)
        if len(req.queries) > 1:
            return error_response(400, "give one query, not several")
        accept = request.headers.get("accept")
        if not req.queries:
            if request.method == "POST":
                return error_response(400, "no query: give query= or a body of type application/sparql-query")
            if negotiate(accept, [("text/turtle", "ttl"), ("text/html", "html")]) == "html" \
                    and "text/html" in (accept or ""):
                return self.form_page("", None, None)
            return Response(self.site.service_description(), media_type="text/turtle; charset=utf-8")
        return await self.answer(req, accept)

    async def answer(self, req: SparqlRequest, accept: str | None) -> Response:
        """Run the request's one query in the pool; its results in the negotiated format (HTML: the form)."""
        query = req.queries[0]
        result_fmt = negotiate(accept, RESULT_OFFERS)
        graph_fmt = negotiate(accept, GRAPH_OFFERS)
        if result_fmt is None and graph_fmt is None:
            return error_response(406, "Not Acceptable: results are available as application/sparql-results+json, "
                                       "application/sparql-results+xml, text/csv, text/tab-separated-values, "
                                       "text/turtle, application/n-triples, application/rdf+xml")
        ans = await self.pool.run({
            "query": query, "result": "json" if result_fmt in (None, "html") else result_fmt,
            "graph": graph_fmt or "ttl", "default_graphs": req.params.get("default-graph-uri", []),
            "named_graphs": req.params.get("named-graph-uri", [])})
        headers = dict(ans.headers)
        if result_fmt == "html" and ans.content_type.startswith("application/sparql-results+json"):
            return self.form_page(query, json.loads(ans.body), None, headers)
        if result_fmt == "html" and ans.status >= 400:
            return self.form_page(query, None, ans.body.decode("utf-8").strip(), headers, ans.status)
        headers["Vary"] = "Accept"
        return Response(ans.body, status_code=ans.status, media_type=ans.content_type, headers=headers)

    def form_page(self, query: str, results: dict | None, error: str | None,
                  headers: dict | None = None, status: int = 200) -> Response:
        """The SPARQL form, with the results of ``query`` as a table, or its error."""
        view = render.View(self.site.kg, "/sparql")
        truncated = (headers or {}).get("X-Truncated") == "true"
        c = {"query": query or self.site.default_query(),
             "result": result_table(self.site, view, results, truncated) if results is not None else None,
             "error": error, "timeout": f"{self.pool.timeout:g}", "row_cap": self.pool.row_cap,
             "examples": self.site.examples()}
        body = render.render("sparql.html", page=render.page_context(view, False, "SPARQL"), c=c)
        h = dict(HTML_HEADERS)
        h.update(headers or {})
        h["Vary"] = "Accept"
        return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers=h)


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
    handlers = Handlers(site, pool)
    app = Starlette(routes=handlers.routes(), lifespan=handlers.lifespan)
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


__all__ = ["Handlers", "SparqlRequest", "create_app", "serve"]
