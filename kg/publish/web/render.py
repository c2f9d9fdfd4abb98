"""HTML pages from the indexed dataset: Jinja2 templates, autoescaped, strict.

Used by the web server (resource pages, the home page, the SPARQL form and
result tables) and by :mod:`kg.publish.export` (the ontology's documentation, written
as one standalone file). Every value reaches a template as text and is
escaped there; a template that names a missing variable raises
(``StrictUndefined``) instead of printing nothing. Arabic text carries
``lang="ar"`` and ``dir="rtl"``.

Links: a resource published under the base IRI is linked by a path relative
to the page (``../person/heydar-aliyev``), so the site works whatever host,
port or mount point serves it; the ontology's terms link into its
documentation (``ontology#Visit``); anything else links to its IRI.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.core.config import BKG_NS, ONTOLOGY_IRI
from kg.core.namespace import BKG
from kg.publish.web.dates import arabic_digits, date_words
from kg.publish.web.model import CAMEO_NS, KG
from kg.rdf.serialise import node_key

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

DCTERMS = "http://purl.org/dc/terms/"
VANN = "http://purl.org/vocab/vann/"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["ar_digits"] = arabic_digits
    return env


def css() -> str:
    return (STATIC / "kg.css").read_text(encoding="utf-8")


def ontology_path(base: str) -> str:
    """The server path of the ontology's document: its IRI's path under the base, else ``ontology``."""
    return ONTOLOGY_IRI[len(base):] if ONTOLOGY_IRI.startswith(base) else "ontology"


def anchor(iri: Node) -> str:
    """The fragment that names an ontology term in its documentation: ``Visit``, ``cameo-033``."""
    s = str(iri)
    if s.startswith(BKG_NS):
        return s[len(BKG_NS):]
    if s.startswith(CAMEO_NS + "/"):
        return "cameo-" + s[len(CAMEO_NS) + 1:]
    if s == CAMEO_NS:
        return "cameo"
    return ""


class Linker:
    """Turns IRIs into hrefs for a page at ``path`` (``/event/x``); ``standalone`` for the exported doc."""

    def __init__(self, kg: KG, path: str = "/", standalone: bool = False):
        self.kg = kg
        self.standalone = standalone
        depth = max(0, path.count("/") - 1)
        self.root = "../" * depth if depth else "./"
        self.onto = ontology_path(kg.base)

    def href(self, node: Node) -> str | None:
        if not isinstance(node, URIRef):
            return None
        s = str(node)
        in_onto = s == ONTOLOGY_IRI or s.startswith(BKG_NS) or s == CAMEO_NS or s.startswith(CAMEO_NS + "/")
        if in_onto and (self.standalone or not s.startswith(self.kg.base) or s.startswith(ONTOLOGY_IRI)):
            frag = anchor(node)
            if self.standalone:
                return f"#{frag}" if frag else "#top"
            return self.root + self.onto + (f"#{frag}" if frag else "")
        if not self.standalone and s.startswith(self.kg.base):
            doc = URIRef(s.split("#", 1)[0])
            if doc in self.kg.documents:
                return self.root + s[len(self.kg.base):]
            return None
        if s.startswith(("http://", "https://")):
            return s
        return None


@dataclass(frozen=True)
class V:
    """A value ready for a template: its text, link, language and direction."""

    text: str
    href: str | None = None
    lang: str | None = None
    title: str | None = None
    hint: str | None = None  # "auto" for untagged text that holds right-to-left letters

    @property
    def rtl(self) -> bool:
        return bool(self.lang) and self.lang.split("-")[0] in ("ar", "fa", "he", "ur")

    @property
    def dir(self) -> str | None:
        return "rtl" if self.rtl else self.hint


def _has_rtl(text: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc" for ch in text)


class View:
    """Builds :class:`V` values and page contexts for one page."""

    def __init__(self, kg: KG, path: str = "/", standalone: bool = False):
        self.kg = kg
        self.ln = Linker(kg, path, standalone)
        self.path = path

    def v(self, node: Node, lang: str = "en") -> V:
        kg = self.kg
        if isinstance(node, Literal):
            text = str(node)
            if node.datatype in (XSD.date, XSD.gYearMonth, XSD.gYear) and lang == "ar":
                text = arabic_digits(text)
            hint = "auto" if not node.language and _has_rtl(text) else None
            return V(text, None, node.language, kg.short(node.datatype) if node.datatype else None, hint)
        if isinstance(node, BNode):
            members = self._union(node)
            if members:
                return V(" or ".join(kg.label(m, lang) if kg.labels(m) else kg.short(m) for m in members))
            return V("(anonymous)")
        has = kg.has_label(node, lang)
        text = kg.label(node, lang) if kg.labels(node) else kg.short(node)
        return V(text, self.ln.href(node), lang if has and lang != "en" else None, str(node))

    def _union(self, node: BNode) -> list[Node]:
        lst = self.kg.value(node, OWL.unionOf)
        if lst is None:
            return []
        try:
            return list(Collection(self.kg.union, lst))
        except Exception:  # a malformed list: show it as anonymous
            return []

    def pair(self, node: Node) -> dict:
        """English and Arabic of one resource, for side-by-side display."""
        return {"en": self.v(node, "en"), "ar": self.v(node, "ar") if self.kg.has_label(node, "ar") else None}

    def literals(self, node: Node, prop: URIRef, lang: str) -> list[str]:
        return [str(o) for o in self.kg.objects(node, prop) if isinstance(o, Literal) and o.language == lang]

    # --- shared pieces ------------------------------------------------------------------

    def head(self, node: URIRef) -> dict:
        kg = self.kg
        types = [self.pair(t) for t in kg.specific_types(node)] or \
                [self.pair(t) for t in sorted(kg.types(node), key=str)]
        label_en = kg.label(node, "en") if kg.labels(node) else kg.short(node)
        label_ar = kg.labels(node).get("ar")
        prov = kg.provenance.get(node) if isinstance(node, URIRef) else None
        if prov is not None and not kg.labels(node):  # a fact graph: named after what it is about
            label_en = f"What the source says about: {kg.label(prov.topic, 'en')}"
            label_ar = f"ما يقوله المصدر عن: {kg.label(prov.topic, 'ar')}" if kg.has_label(prov.topic, "ar") else None
        return {
            "iri": str(node),
            "label_en": label_en,
            "label_ar": label_ar,
            "types": types,
            "alt_en": self.literals(node, SKOS.altLabel, "en"),
            "alt_ar": self.literals(node, SKOS.altLabel, "ar"),
            "translation_en": self.literals(node, BKG.translation, "en"),
            "notes": self.literals(node, SKOS.editorialNote, "en"),
        }

    def properties(self, node: Node) -> list[dict]:
        """Every statement about ``node`` grouped by property, labels of linked resources shown."""
        rows: dict[Node, list[V]] = {}
        for p, o in self.kg.out.get(node, ()):
            rows.setdefault(p, []).append(self.v(o, o.language if isinstance(o, Literal) and o.language else "en"))
        return [{"prop": self.v(p), "values": vals} for p, vals in rows.items()]

    def incoming(self, node: Node, limit: int = 200) -> list[dict]:
        rows = []
        for s, p in self.kg.inc.get(node, ())[:limit]:
            if p == RDF.type or isinstance(s, BNode):
                continue
            rows.append({"subject": self.v(s), "prop": self.v(p)})
        return rows

    def passages(self, node: Node) -> list[dict]:
        out = []
        for prov in self.kg.facts_about(node):
            p = self.kg.passage(prov)
            src = self.v(p.source) if p.source is not None else None
            out.append({"before": p.before, "quote": p.quote, "after": p.after, "full": p.full,
                        "start": p.start, "end": p.end, "source": src, "fact": self.v(p.fact_graph)})
        return out

    def when(self, node: Node) -> dict | None:
        text = self.kg.date_text(node)
        if text is None:
            return None
        en, ar = text
        return {"en": en, "ar": ar}


# --- resource pages -------------------------------------------------------------------------


def _terms_of(kg: KG, person: Node) -> list[URIRef]:
    return [t for t in kg.subjects(BKG.holder, person) if isinstance(t, URIRef)]


def _related_events(kg: KG, event: Node) -> set[Node]:
    """The event, the events it is part of and the events part of it (transitively)."""
    part_of = BKG.partOf
    seen, todo = {event}, [event]
    while todo:
        e = todo.pop()
        for nxt in kg.objects(e, part_of) + kg.subjects(part_of, e):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _term_sort(kg: KG, term: Node) -> str:
    keys = [str(d) for d in kg.objects(term, BKG.termStart)]
    keys += [str(d) for d in kg.objects(term, BKG.attestedOn)]
    keys += [kg.sort_date(e)[0] for e in kg.objects(term, BKG.attestedIn)]
    return min(keys) if keys else "9999"


def _date_pair(lit: Node) -> dict:
    if not isinstance(lit, Literal):
        return {"en": str(lit), "ar": str(lit)}
    en, ar = date_words(str(lit), lit.datatype, None, None)
    return {"en": en, "ar": ar}


def event_context(view: View, node: URIRef) -> dict:
    kg = view.kg
    related = _related_events(kg, node)
    event_date = kg.value(node, BKG.date)
    participants = []
    for p, o in kg.out.get(node, ()):
        if p not in kg.participant_props:
            continue
        offices = []
        for term in sorted(_terms_of(kg, o), key=lambda t: (_term_sort(kg, t), str(t))):
            attested = set(kg.objects(term, BKG.attestedIn))
            on = set(kg.objects(term, BKG.attestedOn))
            if attested & related or (event_date is not None and event_date in on):
                office = kg.value(term, BKG.office)
                if office is not None:
                    offices.append({"office": view.pair(office), "term": view.v(term)})
        participants.append({"role": view.pair(p), "who": view.pair(o), "offices": offices})
    agreements = sorted(set(kg.objects(node, BKG.agreement)) | set(kg.subjects(BKG.signedAt, node)), key=str)
    parts = sorted(kg.subjects(BKG.partOf, node), key=lambda e: (kg.sort_date(e), str(e)))
    arabic = []
    for prop in ("content", "quotedWords", "purpose", "subject"):
        for text in view.literals(node, BKG[prop], "ar"):
            arabic.append({"prop": view.pair(BKG[prop]), "text": text})
    english = []
    for prop in ("purpose", "subject"):
        for text in view.literals(node, BKG[prop], "en"):
            english.append({"prop": view.v(BKG[prop]), "text": text})
    cameo = []
    for t in kg.specific_types(node):
        for c in kg.objects(t, BKG.cameoCode):
            cameo.append(view.v(c))
    return {
        "head": view.head(node),
        "when": view.when(node),
        "cameo": cameo,
        "participants": participants,
        "places": [view.pair(o) for o in kg.objects(node, BKG.place)],
        "agreements": [view.pair(a) for a in agreements],
        "part_of": [view.pair(o) for o in kg.objects(node, BKG.partOf)],
        "parts": [{"event": view.pair(e), "when": view.when(e)} for e in parts],
        "mentions": [view.pair(o) for o in kg.objects(node, BKG.mentions)],
        "topics": [view.pair(o) for o in kg.objects(node, BKG.topic)],
        "claims": [view.pair(s) for s in sorted(kg.subjects(BKG.about, node), key=str)],
        "arabic": arabic,
        "english": english,
        "passages": view.passages(node),
        "properties": view.properties(node),
        "incoming": view.incoming(node),
    }


def person_context(view: View, node: URIRef) -> dict:
    kg = view.kg
    offices = []
    for term in sorted(_terms_of(kg, node), key=lambda t: (_term_sort(kg, t), str(t))):
        office = kg.value(term, BKG.office)
        attested_in = sorted(kg.objects(term, BKG.attestedIn), key=lambda e: (kg.sort_date(e), str(e)))
        offices.append({
            "term": view.v(term),
            "office": view.pair(office) if office is not None else None,
            "of": [view.pair(o) for o in kg.objects(office, BKG.officeOf)] if office is not None else [],
            "start": [_date_pair(d) for d in kg.objects(term, BKG.termStart)],
            "end": [_date_pair(d) for d in kg.objects(term, BKG.termEnd)],
            "attested_on": [_date_pair(d) for d in sorted(kg.objects(term, BKG.attestedOn), key=str)],
            "attested_in": [{"event": view.pair(e), "when": view.when(e)} for e in attested_in],
        })
    actors = {node: None}
    for prop in ("member", "leader"):
        for group in kg.subjects(BKG[prop], node):
            actors.setdefault(group, group)
    events: dict[Node, dict] = {}
    for actor, via in actors.items():
        for s, p in kg.inc.get(actor, ()):
            if p in kg.participant_props and kg.is_event(s):
                e = events.setdefault(s, {"roles": [], "via": []})
                e["roles"].append(p)
                if via is not None and via not in e["via"]:
                    e["via"].append(via)
    ordered = sorted(events, key=lambda e: (kg.sort_date(e), str(e)))
    return {
        "head": view.head(node),
        "honorifics": [view.pair(o) for o in kg.objects(node, BKG.honorific)],
        "matches": [view.v(o) for o in kg.objects(node, SKOS.exactMatch)],
        "known_only_by_office": str(kg.value(node, BKG.knownOnlyByOffice)) == "true",
        "offices": offices,
        "events": [{"event": view.pair(e), "when": view.when(e),
                    "roles": [view.pair(r) for r in sorted(set(events[e]["roles"]), key=str)],
                    "via": [view.v(d) for d in events[e]["via"]]} for e in ordered],
        "passages": view.passages(node),
        "properties": view.properties(node),
        "incoming": view.incoming(node),
    }


def resource_context(view: View, node: URIRef) -> dict:
    kg = view.kg
    statements = []
    if BKG.FactGraph in kg.types(node):
        g = kg.dataset.graph(node)
        for s, p, o in sorted(g, key=lambda t: tuple(node_key(x) for x in t)):
            statements.append({"s": view.v(s), "p": view.v(p),
                               "o": view.v(o, o.language if isinstance(o, Literal) and o.language else "en")})
        prov = kg.provenance.get(node)
        passages = []
        if prov is not None:
            p = kg.passage(prov)
            passages = [{"before": p.before, "quote": p.quote, "after": p.after, "full": p.full,
                         "start": p.start, "end": p.end,
                         "source": view.v(p.source) if p.source is not None else None,
                         "fact": view.v(p.fact_graph)}]
    else:
        passages = view.passages(node)
    hashed = []
    for s in sorted(kg.out, key=node_key):
        if isinstance(s, URIRef) and str(s).startswith(str(node) + "#"):
            hashed.append({"iri": str(s), "anchor": str(s).split("#", 1)[1], "properties": view.properties(s)})
    return {
        "head": view.head(node),
        "when": view.when(node),
        "properties": view.properties(node),
        "hashed": hashed,
        "statements": statements,
        "passages": passages,
        "incoming": view.incoming(node),
    }


# --- the ontology's documentation -------------------------------------------------------------


def ontology_context(view: View) -> dict:
    kg = view.kg
    g = kg.ontology
    onto = URIRef(ONTOLOGY_IRI)

    def texts(s, prop, lang):
        return sorted(str(o) for o in g.objects(s, prop) if isinstance(o, Literal) and o.language == lang)

    def entry(s) -> dict:
        labels = kg.labels(s)
        rng = [view.v(o) for o in sorted(g.objects(s, RDFS.range), key=node_key)]
        return {
            "anchor": anchor(s), "iri": str(s), "curie": kg.short(s),
            "label_en": labels.get("en", kg.short(s)), "label_ar": labels.get("ar"),
            "def_en": texts(s, SKOS.definition, "en"), "def_ar": texts(s, SKOS.definition, "ar"),
            "comments": texts(s, RDFS.comment, "en"),
            "notation": sorted(str(o) for o in g.objects(s, SKOS.notation)),
            "types": [view.v(o) for o in sorted(g.objects(s, RDF.type), key=str)
                      if o not in (OWL.NamedIndividual, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                                   OWL.AnnotationProperty, OWL.SymmetricProperty, OWL.TransitiveProperty,
                                   OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.AsymmetricProperty)],
            "supers": [view.v(o) for o in sorted(g.objects(s, RDFS.subClassOf), key=str) if isinstance(o, URIRef)],
            "subs": [view.v(o) for o in sorted(g.subjects(RDFS.subClassOf, s), key=str) if isinstance(o, URIRef)],
            "superprops": [view.v(o) for o in sorted(g.objects(s, RDFS.subPropertyOf), key=str)],
            "subprops": [view.v(o) for o in sorted(g.subjects(RDFS.subPropertyOf, s), key=str)],
            "inverse": [view.v(o) for o in sorted(set(g.objects(s, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, s)),
                                                  key=str)],
            "characteristics": [kg.short(o) for o in sorted(g.objects(s, RDF.type), key=str)
                                if o in (OWL.SymmetricProperty, OWL.TransitiveProperty, OWL.FunctionalProperty,
                                         OWL.InverseFunctionalProperty, OWL.AsymmetricProperty)],
            "domain": [view.v(o) for o in sorted(g.objects(s, RDFS.domain), key=node_key)],
            "range": rng,
            "cameo": [view.v(o) for o in sorted(g.objects(s, BKG.cameoCode), key=str)],
            "matches": [{"kind": kg.short(p), "target": view.v(o)}
                        for p in (OWL.equivalentClass, OWL.equivalentProperty, SKOS.exactMatch, SKOS.closeMatch,
                                  SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
                        for o in sorted(g.objects(s, p), key=str)],
        }

    def members(kind) -> list[dict]:
        return [entry(s) for s in sorted(g.subjects(RDF.type, kind), key=str)
                if isinstance(s, URIRef) and str(s).startswith(BKG_NS)]

    sections = [
        ("classes", "Classes", "الأصناف", members(OWL.Class)),
        ("object-properties", "Object properties", "خصائص الربط", members(OWL.ObjectProperty)),
        ("datatype-properties", "Datatype properties", "خصائص البيانات", members(OWL.DatatypeProperty)),
        ("annotation-properties", "Annotation properties", "خصائص التوصيف", members(OWL.AnnotationProperty)),
        ("individuals", "Named individuals", "الأفراد المسمّون",
         [entry(s) for s in sorted(g.subjects(RDF.type, OWL.NamedIndividual), key=str)
          if isinstance(s, URIRef) and str(s).startswith(BKG_NS)]),
        ("cameo-concepts", "CAMEO event concepts", "مفاهيم أحداث CAMEO",
         [entry(s) for s in sorted(g.subjects(RDF.type, SKOS.Concept), key=str)
          if isinstance(s, URIRef) and str(s).startswith(CAMEO_NS + "/")]),
    ]
    scheme = URIRef(CAMEO_NS)
    prefixes = sorted((p, str(n)) for p, n in g.namespaces() if p and str(n) in
                      {str(x) for t in g for x in t if isinstance(x, URIRef)} | {BKG_NS})
    return {
        "iri": ONTOLOGY_IRI,
        "namespace": BKG_NS,
        "prefix": str(g.value(onto, URIRef(VANN + "preferredNamespacePrefix")) or "bkg"),
        "title_en": " ".join(texts(onto, URIRef(DCTERMS + "title"), "en")),
        "title_ar": " ".join(texts(onto, URIRef(DCTERMS + "title"), "ar")),
        "desc_en": texts(onto, URIRef(DCTERMS + "description"), "en"),
        "desc_ar": texts(onto, URIRef(DCTERMS + "description"), "ar"),
        "version": str(g.value(onto, OWL.versionInfo) or ""),
        "version_iri": str(g.value(onto, OWL.versionIRI) or ""),
        "license": [str(o) for o in sorted(g.objects(onto, URIRef(DCTERMS + "license")), key=str)],
        "sections": [{"id": i, "en": en, "ar": ar, "entries": e} for i, en, ar, e in sections if e],
        "scheme": entry(scheme) if (scheme, None, None) in g else None,
        "prefixes": [p for p in prefixes if not p[0].startswith(("ns", "_"))],
    }


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def ontology_html(kg: KG, *, standalone: bool, path: str = "/ontology") -> str:
    """The ontology's documentation; ``standalone`` inlines the CSS and keeps links inside the file."""
    view = View(kg, path, standalone=standalone)
    return render("ontology.html", page=page_context(view, standalone, "Ontology"), o=ontology_context(view))


def page_context(view: View, standalone: bool, title: str, alternates: list[dict] | None = None) -> dict:
    """What base.html needs of every page: the root path, standalone or served, title, alternates."""
    return {"root": view.ln.root, "standalone": standalone, "css": css() if standalone else "",
            "title": title, "alternates": alternates or [], "onto": view.ln.onto}
