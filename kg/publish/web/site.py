"""What the web server answers from, loaded once: the dataset, its description, the pages.

:class:`Site` holds the indexed dataset (kg.publish.web.model) with its VoID/DCAT
description (kg.publish.web.void), maps request paths to documents, and makes (and
caches) each document's representations: HTML pages (kg.publish.web.render),
Turtle, N-Triples and JSON-LD (kg.rdf.serialise); the home page; the SPARQL
service description and the example queries of the SPARQL form.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.core.config import ONTOLOGY_IRI, QUERIES_DIR
from kg.core.namespace import BKG
from kg.publish.files import MEDIA_TYPES
from kg.publish.web.void import DESCRIPTION, TITLE, void_graph
from kg.publish.web import render
from kg.publish.web.model import KG, load_dataset, read_report
from kg.publish.web.negotiation import REPRESENTATIONS
from kg.rdf.serialise import jsonld, load_context, node_key, ntriples, turtle

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")

#: The home page's groups of resources: class, heading.
HOME_GROUPS = (("State", "States"), ("Person", "Persons"), ("Office", "Offices"),
               ("OfficeTerm", "Office terms"), ("Organisation", "Organisations and delegations"),
               ("Agreement", "Agreements"), ("Embassy", "Embassies"), ("Claim", "Claims"),
               ("Place", "Places"), ("Topic", "Topics"), ("HonorificTitle", "Titles"),
               ("SourceDocument", "Sources"))
#: The SPARQL form's query when there is no example query (queries/web/form-default.rq).
FORM_DEFAULT_QUERY = QUERIES_DIR / "web" / "form-default.rq"


def exported_files(export_dir: Path) -> dict[str, tuple[Path, str]]:
    """The files of ``kg export`` found in ``export_dir``: name -> (path, media type with charset)."""
    out: dict[str, tuple[Path, str]] = {}
    if export_dir.is_dir():
        for name, (media, _) in sorted(MEDIA_TYPES.items()):
            path = export_dir / name
            if path.is_file():
                charset = "; charset=utf-8" if media.startswith("text/") else ""
                out[name] = (path, media + charset)
    return out


class Site:
    """Everything the server answers from, loaded once: the dataset, its description, the pages."""

    def __init__(self, build_dir: Path, base: str, *, sources_dir: Path | None = None,
                 export_dir: Path | None = None):
        self.build_dir = Path(build_dir)
        ds, self.base = load_dataset(self.build_dir, base)
        report = read_report(self.build_dir)
        kg = KG(ds, self.base, report=report, sources_dir=sources_dir)
        self.kg = KG(ds, self.base, void=void_graph(kg), report=report, sources_dir=sources_dir)
        self.context = load_context()
        self.onto_path = render.ontology_path(self.base)
        self.css = render.css().encode("utf-8")
        self.exports = exported_files(Path(export_dir) if export_dir is not None else self.build_dir / "export")
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

    def cached(self, key: tuple[str, str], make) -> bytes:
        """The bytes under ``key``, made by ``make()`` the first time."""
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = make()
        return found

    def representation(self, doc: URIRef, fmt: str) -> bytes:
        """The document ``doc`` as ``fmt`` (a key of REPRESENTATIONS)."""
        return self.cached((str(doc), fmt), lambda: self._make(doc, fmt))

    def _make(self, doc: URIRef, fmt: str) -> bytes:
        if fmt == "html":
            return self.html(doc).encode("utf-8")
        g = self.kg.describe(doc)
        if fmt == "ttl":
            return turtle(g).encode("utf-8")
        if fmt == "nt":
            return ntriples(g).encode("utf-8")
        return jsonld(g, self.context).encode("utf-8")

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
        page = render.page_context(view, False, kg.label(doc, "en") if kg.labels(doc) else kg.short(doc), alts)
        if kg.is_event(doc):
            return render.render("event.html", page=page, c=render.event_context(view, doc), formats=alts)
        if kg.is_a(doc, BKG.Person):
            return render.render("person.html", page=page, c=render.person_context(view, doc), formats=alts)
        return render.render("resource.html", page=page, c=render.resource_context(view, doc), formats=alts)

    def home(self) -> bytes:
        """The home page: the title, events in date order, the resources by kind, the downloads."""
        return self.cached(("/", "home"), self._make_home)

    def _make_home(self) -> bytes:
        kg = self.kg
        view = render.View(kg, "/")
        groups = []
        for cls, title in HOME_GROUPS:
            items = [i for i in kg.instances(BKG[cls]) if not (cls == "Place" and kg.is_a(i, BKG.State))]
            if items:
                groups.append({"title": title, "items": [view.pair(i) for i in items]})
        events = sorted(kg.instances(BKG.Event), key=lambda e: (kg.sort_date(e), str(e)))
        c = {
            "title_en": TITLE["en"], "title_ar": TITLE["ar"], "desc_en": [DESCRIPTION],
            "triples": len(kg.union), "graphs": sum(1 for g in kg.dataset.graphs() if len(g)),
            "events": [{"event": view.pair(e), "when": view.when(e)} for e in events],
            "groups": groups,
            "downloads": [{"name": n, "type": t.split(";")[0]} for n, (_, t) in self.exports.items()],
        }
        alts = [{"href": "dataset.ttl", "type": "text/turtle", "name": "Dataset description (Turtle)"}]
        return render.render("home.html", page=render.page_context(view, False, "Home", alts), c=c).encode("utf-8")

    # SPARQL service description and form

    def service_description(self) -> bytes:
        """The SPARQL service description (``sd:Service``), Turtle."""
        return self.cached(("sparql", "sd"), lambda: turtle(service_description_graph(self.kg, self.base)).encode("utf-8"))

    def examples(self) -> list[dict]:
        """The queries of ``queries/`` bound to their defaults, for the SPARQL form (unbindable ones left out)."""
        if self._examples is None:
            self._examples = example_queries(self.base)
        return self._examples

    def default_query(self) -> str:
        """The form's query: the first example's, else queries/web/form-default.rq."""
        example = next(iter(self.examples()), None)
        return example["text"] if example else query_body(FORM_DEFAULT_QUERY.read_text(encoding="utf-8")).strip()


def query_body(text: str) -> str:
    """A query without its header comment (the lines starting with ``#`` before the query).

    >>> query_body("# Question: x\\nSELECT * {}\\n")
    'SELECT * {}\\n'
    """
    lines = text.split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)


def example_queries(base: str) -> list[dict]:
    """Each query of ``queries/`` with its parameters bound to their defaults: text and question."""
    from kg.rdf.sparql import bind, read_query, resolve_params

    out = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        try:
            q = read_query(path)
            text = bind(q.text, resolve_params(q, {}, base))
        except Exception:  # a query file we cannot bind is left out of the list, not fatal
            continue
        out.append({"text": query_body(text), "question": q.question.get("en", q.name),
                    "question_ar": q.question.get("ar")})
    return out


def service_description_graph(kg: KG, base: str) -> Graph:
    """The SPARQL 1.1 service description of ``{base}sparql``: features, result formats, the dataset."""
    g = Graph(bind_namespaces="core")
    g.bind("sd", SD)
    g.bind("formats", FORMATS_NS)
    g.bind("void", VOID)
    svc = URIRef(f"{base}sparql")
    dataset = URIRef(f"{base}dataset")
    default = URIRef(f"{base}sparql#default-graph")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
              "Turtle", "N-Triples", "RDF_XML"):
        g.add((svc, SD.resultFormat, FORMATS_NS[f]))
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(len(kg.union))))
    for graph in sorted((gr.identifier for gr in kg.dataset.graphs() if len(gr)), key=node_key):
        named = URIRef(f"{base}sparql#graph-{len(list(g.objects(dataset, SD.namedGraph)))}")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, SD.name, graph))
    g.add((svc, RDFS.comment, Literal(
        "Read-only: SPARQL Update, LOAD and SERVICE are refused; FROM and FROM NAMED select graphs of "
        "this dataset only. Each query has a time limit and a row cap (X-Row-Cap header).", lang="en")))
    return g


__all__ = ["HOME_GROUPS", "Site", "example_queries", "exported_files", "query_body", "service_description_graph"]
