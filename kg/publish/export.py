"""Stage 5, export: the built dataset in every format a user may want, byte-stable.

:func:`export` reads a build (``kg.nq`` and ``report.json``) and writes into
``build/export/`` by default:

==================  ======================================================================
file                what
==================  ======================================================================
``kg.nq``           N-Quads, every named graph (sorted lines)
``kg.trig``         TriG, every named graph
``kg.nt``           N-Triples, the union of the graphs (sorted lines)
``kg.ttl``          Turtle, the union
``kg.jsonld``       JSON-LD, the union, compacted with ``ontology/context.jsonld``
``context.jsonld``  that context, for clients that want to reuse it
``kg.rdf``          RDF/XML, the union
``ontology.ttl``    the ontology (as built: with its version stamp), Turtle and RDF/XML
``ontology.rdf``
``shapes.ttl``      the SHACL shapes, Turtle and RDF/XML
``shapes.rdf``
``void.ttl``        VoID and DCAT description of the dataset, its dumps and its endpoint
``ontology.html``   the ontology's documentation (one standalone page)
``events.csv``      one row per event; ``persons.csv``: one row per person;
``persons.csv``     ``offices.csv``: one row per office term (UTF-8 with a byte-order mark,
``offices.csv``     CRLF line ends, so that spreadsheets read the Arabic right)
==================  ======================================================================

The dataset formats (N-Quads, TriG) keep the named graphs; the triple formats
(N-Triples, Turtle, JSON-LD, RDF/XML) hold their union. Each RDF file parses
back into a graph isomorphic to the build (tests/test_export.py checks every
one). Output is deterministic: blank nodes get content-derived labels, and
every writer sorts where its serializer does not, so the same build gives
byte-identical files. Files are written through a staging folder and moved
into place together (kg.pipeline.write.write_all).

The JSON-LD is meant to read like plain JSON: ``"label": {"en": ..., "ar": ...}``,
``"date": "1994-10-10"``, ``"type": "Visit"``, links as IRI strings. The
``date`` of an event keeps the precision the source gives, so a date known to
the month is ``"dateYearMonth": "2001-09"`` and one known to the year is
``"dateYear": "2004"`` (``termStart``, ``termEnd`` and ``attestedOn`` alike);
``earliestDate`` and ``latestDate`` are always full dates.

The ontology's documentation is made by a small Jinja2 generator
(kg/web/render.py) rather than pyLODE: pyLODE 3.4.1, its last release for
Python 3.11, fails on import when installed from its wheel (its version module
reads a pyproject.toml the wheel does not ship), and once patched around it
titles this ontology's page after the CAMEO concept scheme, mixes the English
and Arabic texts without language or direction, and orders union members
differently from run to run.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import FOAF

from kg.core.config import BKG_NS, ONTOLOGY_DIR, ONTOLOGY_IRI, SHAPES_FILE
from kg.core.errors import DataError, UsageError
from kg.publish.web.model import KG, load_dataset, node_key

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

#: Format name -> the files it writes. ``None`` (all) writes every one of them.
FORMATS: dict[str, tuple[str, ...]] = {
    "nquads": ("kg.nq",),
    "trig": ("kg.trig",),
    "ntriples": ("kg.nt",),
    "turtle": ("kg.ttl",),
    "jsonld": ("kg.jsonld", "context.jsonld"),
    "rdfxml": ("kg.rdf",),
    "ontology": ("ontology.ttl", "ontology.rdf"),
    "shapes": ("shapes.ttl", "shapes.rdf"),
    "void": ("void.ttl",),
    "html": ("ontology.html",),
    "csv": ("events.csv", "persons.csv", "offices.csv"),
}

#: Media type and a short description of each file, for VoID/DCAT and the web server.
MEDIA_TYPES = {
    "kg.nq": ("application/n-quads", "N-Quads: every named graph"),
    "kg.trig": ("application/trig", "TriG: every named graph"),
    "kg.nt": ("application/n-triples", "N-Triples: the union of the graphs"),
    "kg.ttl": ("text/turtle", "Turtle: the union of the graphs"),
    "kg.jsonld": ("application/ld+json", "JSON-LD: the union of the graphs, compact"),
    "context.jsonld": ("application/ld+json", "The JSON-LD context of kg.jsonld"),
    "kg.rdf": ("application/rdf+xml", "RDF/XML: the union of the graphs"),
    "ontology.ttl": ("text/turtle", "The ontology in Turtle"),
    "ontology.rdf": ("application/rdf+xml", "The ontology in RDF/XML"),
    "shapes.ttl": ("text/turtle", "The SHACL shapes in Turtle"),
    "shapes.rdf": ("application/rdf+xml", "The SHACL shapes in RDF/XML"),
    "void.ttl": ("text/turtle", "VoID and DCAT description of the dataset"),
    "ontology.html": ("text/html", "The ontology's documentation"),
    "events.csv": ("text/csv", "Events: one row each"),
    "persons.csv": ("text/csv", "Persons: one row each"),
    "offices.csv": ("text/csv", "Office terms: one row each"),
}

TITLE = {"en": "Bilateral Relations Knowledge Graph", "ar": "الرسم البياني المعرفي للعلاقات الثنائية"}
DESCRIPTION = ("A knowledge graph of bilateral relations between states, built from source documents: "
               "states, persons and their offices, diplomatic events, agreements and claims, every fact "
               "anchored to the verbatim passage of the source it rests on (W3C Web Annotation selectors).")


def all_files() -> list[str]:
    return [name for names in FORMATS.values() for name in names]


def export(build_dir: Path, out_dir: Path | None = None, formats: list[str] | None = None,
           base: str | None = None) -> list[Path]:
    """Write the exports of the build in ``build_dir`` into ``out_dir`` (default ``build_dir/export``).

    ``formats`` names keys of :data:`FORMATS` (``None``: all). ``base`` (else ``$KG_BASE_IRI``) must be
    the base IRI the build was made with; when neither is given, the build's own base (report.json)
    is used. Returns the files written, sorted.
    Raises :class:`UsageError` for an unknown format, a missing build or a base that is not the build's.
    """
    from kg.pipeline.write import write_all

    build_dir = Path(build_dir)
    out_dir = Path(out_dir) if out_dir is not None else build_dir / "export"
    chosen = list(FORMATS) if not formats else list(dict.fromkeys(formats))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown export format(s) {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    ds, base = load_dataset(build_dir, base)
    report = _report(build_dir)
    kg = KG(ds, base, report=report)
    files: dict[str, bytes] = {}
    for fmt in chosen:
        files.update(_FORMAT_WRITERS[fmt](kg))
    write_all(out_dir, files)
    return sorted(out_dir / name for name in files)


def _report(build_dir: Path) -> dict:
    path = build_dir / "report.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


# --- RDF writers -------------------------------------------------------------------------------


def ntriples(g: Graph) -> str:
    """N-Triples, one line per triple, sorted (rdflib's order follows its hash tables)."""
    text = g.serialize(format="nt")
    return "".join(sorted({line + "\n" for line in text.splitlines() if line.strip()}))


def turtle(g: Graph) -> str:
    """Turtle with every used namespace bound first, in sorted order, so no ``ns1`` drifts."""
    _bind_used(g)
    return g.serialize(format="turtle")


def _bind_used(g: Graph) -> None:
    nm = g.namespace_manager
    used = sorted({str(p) for p in g.predicates()} | {str(o) for o in g.objects(None, RDF.type) if isinstance(o, URIRef)})
    for iri in used:
        try:
            nm.compute_qname(iri, generate=True)
        except ValueError:  # an IRI that cannot be split: written in full
            pass


_NCNAME = re.compile(r"[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*$")


def rdfxml(g: Graph) -> str:
    """RDF/XML, one ``rdf:Description`` per subject, subjects and statements sorted.

    rdflib's own writers either follow hash order ("xml") or drop statements on list nodes
    ("pretty-xml"); this one is lossless and stable. Blank nodes use ``rdf:nodeID``.
    """
    known = {str(ns): p for p, ns in g.namespaces() if p}
    prefixes: dict[str, str] = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf"}
    split: dict[URIRef, tuple[str, str]] = {}
    for p in sorted(set(g.predicates()), key=str):
        m = _NCNAME.search(str(p))
        if m is None or m.start() == 0:
            raise DataError(str(p), "a property IRI that RDF/XML cannot write (no XML local name)")
        ns, local = str(p)[: m.start()], m.group(0)
        if ns not in prefixes:
            prefix = known.get(ns)
            if not prefix or prefix in prefixes.values() or not re.match(r"^[A-Za-z_][\w.\-]*$", prefix) \
                    or prefix.lower().startswith("xml"):
                prefix = f"ns{len(prefixes)}"
            prefixes[ns] = prefix
        split[p] = (prefixes[ns], local)

    def attr(text: str) -> str:
        return quoteattr(text, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})

    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    for ns, prefix in sorted(prefixes.items(), key=lambda kv: kv[1]):
        lines.append(f"  xmlns:{prefix}={attr(ns)}")
    lines[-1] += ">"
    by_subject: dict = {}
    for s, p, o in g:
        by_subject.setdefault(s, []).append((p, o))
    for s in sorted(by_subject, key=node_key):
        head = f'rdf:nodeID="{_node_id(s)}"' if isinstance(s, BNode) else f"rdf:about={attr(str(s))}"
        lines.append(f"  <rdf:Description {head}>")
        for p, o in sorted(by_subject[s], key=lambda po: (str(po[0]), node_key(po[1]))):
            q = "%s:%s" % split[p]
            if isinstance(o, Literal):
                extra = ""
                if o.language:
                    extra = f' xml:lang="{o.language}"'
                elif o.datatype is not None:
                    extra = f" rdf:datatype={attr(str(o.datatype))}"
                body = escape(str(o), {"\r": "&#13;"})
                lines.append(f"    <{q}{extra}>{body}</{q}>")
            elif isinstance(o, BNode):
                lines.append(f'    <{q} rdf:nodeID="{_node_id(o)}"/>')
            else:
                lines.append(f"    <{q} rdf:resource={attr(str(o))}/>")
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    return "\n".join(lines) + "\n"


def _node_id(b: BNode) -> str:
    text = re.sub(r"[^\w]", "_", str(b))
    return text if re.match(r"^[A-Za-z_]", text) else f"b{text}"


def load_context() -> dict:
    """The project's compact JSON-LD context (``ontology/context.jsonld``), its ``@context`` value."""
    try:
        return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(str(CONTEXT_FILE), f"not a JSON-LD context ({exc})") from None


def jsonld(g: Graph, context: dict | None = None) -> str:
    """Compact JSON-LD of ``g`` with the project's context: nodes sorted by id, keys sorted.

    rdflib's converter is used with one fix: it drops a blank node that is only reached
    through a term coerced to ``@id`` (the ontology's ``range`` unions); those are added
    as top-level nodes.
    """
    from rdflib.plugins.serializers.jsonld import Converter
    from rdflib.plugins.shared.jsonld.context import Context

    context = load_context() if context is None else context
    ctx = Context(context)

    class _Converter(Converter):
        def from_graph(self, graph: Graph):
            nodemap: dict = {}
            for s in sorted(set(graph.subjects()), key=node_key):
                if isinstance(s, URIRef) or not any(graph.subjects(None, s)):
                    self.process_subject(graph, s, nodemap)
            for s in sorted(set(graph.subjects()), key=node_key):
                if isinstance(s, BNode) and s.n3() not in nodemap and (s, RDF.first, None) not in graph:
                    self.process_subject(graph, s, nodemap)
            return list(nodemap.values())

    result = _Converter(ctx, True, False).convert(g)
    nodes = result.get(ctx.graph_key, [result]) if isinstance(result, dict) else result
    id_key = ctx.id_key

    def canon(value, ordered=False):
        if isinstance(value, dict):
            return {k: canon(v, ordered=(k in ("@list", ctx.list_key))) for k, v in sorted(value.items())}
        if isinstance(value, list) and ordered:  # an RDF list keeps its order
            return [canon(v) for v in value]
        if isinstance(value, list):
            return sorted((canon(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return value

    graph = sorted((canon(n) for n in nodes if len(n) > 1 or id_key not in n),
                   key=lambda n: str(n.get(id_key, "")))
    return json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# --- format writers -----------------------------------------------------------------------------


def _dataset_files(kg: KG, fmt: str) -> dict[str, bytes]:
    from kg.pipeline.write import nquads, trig

    if fmt == "nquads":
        return {"kg.nq": nquads(kg.dataset).encode("utf-8")}
    return {"kg.trig": trig(kg.dataset).encode("utf-8")}


def _union_files(kg: KG, fmt: str) -> dict[str, bytes]:
    g = kg.union
    if fmt == "ntriples":
        return {"kg.nt": ntriples(g).encode("utf-8")}
    if fmt == "turtle":
        return {"kg.ttl": turtle(g).encode("utf-8")}
    if fmt == "rdfxml":
        return {"kg.rdf": rdfxml(g).encode("utf-8")}
    context = load_context()
    return {"kg.jsonld": jsonld(g, context).encode("utf-8"),
            "context.jsonld": (json.dumps({"@context": context}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}


def _ontology_files(kg: KG) -> dict[str, bytes]:
    g = Graph()
    for prefix, ns in kg.ontology.namespace_manager.namespaces():
        g.bind(prefix, ns)
    _copy_prefixes(kg.dataset, g)
    for t in kg.ontology:
        g.add(t)
    return {"ontology.ttl": turtle(g).encode("utf-8"), "ontology.rdf": rdfxml(g).encode("utf-8")}


def _copy_prefixes(src, dst: Graph) -> None:
    for prefix, ns in src.namespaces():
        if prefix:
            dst.bind(prefix, ns, override=True)


def shapes_graph() -> Graph:
    src = Graph()
    try:
        src.parse(SHAPES_FILE, format="turtle")
    except Exception as exc:  # rdflib parser errors of several types
        raise DataError(str(SHAPES_FILE), f"does not parse ({' '.join(str(exc).split())[:200]})") from None
    g = Graph(bind_namespaces="core")
    _copy_prefixes(src, g)
    for t in to_canonical_graph(src):
        g.add(t)
    return g


def _shapes_files(kg: KG) -> dict[str, bytes]:
    g = shapes_graph()
    return {"shapes.ttl": turtle(g).encode("utf-8"), "shapes.rdf": rdfxml(g).encode("utf-8")}


def _html_files(kg: KG) -> dict[str, bytes]:
    from kg.publish.web.render import ontology_html

    return {"ontology.html": ontology_html(kg, standalone=True).encode("utf-8")}


def _void_files(kg: KG) -> dict[str, bytes]:
    return {"void.ttl": turtle(void_graph(kg)).encode("utf-8")}


# --- VoID and DCAT -----------------------------------------------------------------------------


def void_graph(kg: KG, files: list[str] | None = None) -> Graph:
    """VoID and DCAT description of the dataset: ``{base}dataset``, its dumps and its SPARQL endpoint.

    Counts: triples of the union, entities (distinct subject IRIs under the base), and one
    ``void:classPartition`` per class used outside the ontology graph. The distributions are the
    files of a full export (``files``: all of :data:`FORMATS` but void.ttl itself), each with its
    ``dcat:downloadURL`` ``{base}export/<file>`` and media type.
    """
    base = kg.base
    ds_iri = URIRef(f"{base}dataset")
    sparql = URIRef(f"{base}sparql")
    g = Graph(bind_namespaces="core")
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("sd", SD),
                       ("bkg", Namespace(BKG_NS)), ("source", Namespace(f"{base}source/"))):
        g.bind(prefix, ns)
    g.add((ds_iri, RDF.type, VOID.Dataset))
    g.add((ds_iri, RDF.type, DCAT.Dataset))
    for lang, text in TITLE.items():
        g.add((ds_iri, DCTERMS.title, Literal(text, lang=lang)))
        g.add((ds_iri, RDFS.label, Literal(text, lang=lang)))
    g.add((ds_iri, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((ds_iri, DCTERMS.license, CC_BY))
    g.add((ds_iri, DCTERMS.rights, Literal(
        "Curated data and ontology: CC BY 4.0. Quotations from the source documents remain their "
        "publishers' (see each source's rights).", lang="en")))
    from kg import __version__

    g.add((ds_iri, DCAT.version, Literal(__version__)))
    g.add((ds_iri, OWL.versionInfo, Literal(__version__)))
    g.add((ds_iri, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    g.add((ds_iri, DCAT.landingPage, URIRef(base)))
    for lang in ("ar", "en"):
        g.add((ds_iri, DCTERMS.language, URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{lang}")))
    for kw in ("bilateral relations", "diplomacy", "Azerbaijan", "Kuwait", "knowledge graph"):
        g.add((ds_iri, DCAT.keyword, Literal(kw, lang="en")))
    # Sources: the documents the facts rest on, with their pages.
    for src in sorted(kg.union.subjects(RDF.type, URIRef(BKG_NS + "SourceDocument")), key=str):
        g.add((ds_iri, DCTERMS.source, src))
        g.add((src, RDF.type, URIRef(BKG_NS + "SourceDocument")))
        for p in (DCTERMS.title, FOAF.page, DCTERMS.publisher, DCTERMS.rights, DCTERMS.language):
            for o in kg.union.objects(src, p):
                g.add((src, p, o))
    # Counts.
    union = kg.union
    g.add((ds_iri, VOID.triples, Literal(len(union))))
    entities = {s for s in union.subjects() if isinstance(s, URIRef) and str(s).startswith(base)}
    g.add((ds_iri, VOID.entities, Literal(len(entities))))
    g.add((ds_iri, VOID.distinctSubjects, Literal(len(set(union.subjects())))))
    g.add((ds_iri, VOID.distinctObjects, Literal(len(set(union.objects())))))
    g.add((ds_iri, VOID.properties, Literal(len(set(union.predicates())))))
    onto = URIRef(ONTOLOGY_IRI)
    per_class: dict[URIRef, set] = {}
    for s, _, o, gname in kg.dataset.quads((None, RDF.type, None, None)):
        if gname != onto and isinstance(o, URIRef):
            per_class.setdefault(o, set()).add(s)
    g.add((ds_iri, VOID.classes, Literal(len(per_class))))
    g.add((ds_iri, VOID.uriSpace, Literal(base)))
    for ns in (BKG_NS, "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/prov#",
               "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/"):
        g.add((ds_iri, VOID.vocabulary, URIRef(ns)))
    for cls in sorted(per_class, key=str):
        part = URIRef(f"{base}dataset#class-{_slug(kg.short(cls))}")
        g.add((ds_iri, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(len(per_class[cls]))))
    # Examples: the first person, state and event by IRI.
    for cls in ("Person", "State", "Event"):
        inst = kg.instances(URIRef(BKG_NS + cls))
        if inst:
            g.add((ds_iri, VOID.exampleResource, inst[0]))
    # The SPARQL endpoint, as a VoID endpoint and a DCAT data service.
    g.add((ds_iri, VOID.sparqlEndpoint, sparql))
    g.add((sparql, RDF.type, DCAT.DataService))
    g.add((sparql, RDF.type, SD.Service))
    g.add((sparql, DCTERMS.title, Literal("SPARQL 1.1 endpoint (read-only)", lang="en")))
    g.add((sparql, DCAT.endpointURL, sparql))
    g.add((sparql, DCAT.servesDataset, ds_iri))
    g.add((sparql, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((sparql, DCTERMS.license, CC_BY))
    # The dumps.
    names = files if files is not None else [f for f in all_files() if f != "void.ttl"]
    for name in names:
        media, title = MEDIA_TYPES[name]
        dist = URIRef(f"{base}dataset#dist-{_slug(name)}")
        url = URIRef(f"{base}export/{name}")
        g.add((ds_iri, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(title, lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
        g.add((dist, DCTERMS["format"], Literal(media)))
        g.add((dist, DCTERMS.license, CC_BY))
        if name in ("kg.nq", "kg.trig", "kg.nt", "kg.ttl", "kg.jsonld", "kg.rdf"):
            g.add((ds_iri, VOID.dataDump, url))
    api = URIRef(f"{base}dataset#dist-sparql")
    g.add((ds_iri, DCAT.distribution, api))
    g.add((api, RDF.type, DCAT.Distribution))
    g.add((api, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
    g.add((api, DCAT.accessURL, sparql))
    g.add((api, DCAT.accessService, sparql))
    g.add((api, DCTERMS.license, CC_BY))
    return g


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


# --- CSV tables ------------------------------------------------------------------------------------


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_files(kg: KG) -> dict[str, bytes]:
    return {"events.csv": events_csv(kg), "persons.csv": persons_csv(kg), "offices.csv": offices_csv(kg)}


def _lbl(kg: KG, node, lang: str) -> str:
    return kg.labels(node).get(lang, "") if node is not None else ""


def _bkg(name: str) -> URIRef:
    return URIRef(BKG_NS + name)


def _local(node) -> str:
    return str(node).rsplit("#", 1)[-1] if node is not None else ""


def events_csv(kg: KG) -> bytes:
    """One row per event: type, date as given, precision, labels, participants, place, quote."""
    header = ["event", "type", "type_label_en", "date", "date_precision", "date_qualifier", "date_en",
              "earliest_date", "latest_date", "label_en", "label_ar", "translation_en", "place",
              "participants", "participant_iris", "part_of", "quote_ar"]
    rows = []
    events = kg.instances(_bkg("Event"))
    for e in sorted(events, key=lambda e: (kg.sort_date(e), str(e))):
        types = kg.specific_types(e)
        date = kg.value(e, _bkg("date"))
        words = kg.date_text(e)
        parts = sorted(((kg.label(p, "en"), kg.label(o, "en"), str(o)) for p, o in kg.out.get(e, ())
                        if p in kg.participant_props))
        rows.append([
            str(e),
            "; ".join(_local(t) for t in types),
            "; ".join(kg.label(t, "en") for t in types),
            str(date) if date is not None else "",
            _local(kg.value(e, _bkg("datePrecision"))) if kg.value(e, _bkg("datePrecision")) else "",
            _local(kg.value(e, _bkg("dateQualifier"))) if kg.value(e, _bkg("dateQualifier")) else "",
            words[0] if words else "",
            str(kg.value(e, _bkg("earliestDate")) or ""),
            str(kg.value(e, _bkg("latestDate")) or ""),
            _lbl(kg, e, "en"),
            _lbl(kg, e, "ar"),
            " ".join(str(t) for t in kg.objects(e, _bkg("translation")) if isinstance(t, Literal) and t.language == "en"),
            "; ".join(kg.label(p, "en") for p in kg.objects(e, _bkg("place"))),
            "; ".join(f"{role}: {who}" for role, who, _ in parts),
            " ".join(iri for _, _, iri in parts),
            " ".join(str(p) for p in kg.objects(e, _bkg("partOf"))),
            " … ".join(p.exact for p in kg.facts_about(e)),
        ])
    return _csv(header, rows)


def persons_csv(kg: KG) -> bytes:
    """One row per person: labels, titles, Wikidata, offices held, number of events."""
    header = ["person", "label_en", "label_ar", "alt_labels", "known_only_by_office", "honorifics",
              "wikidata", "offices", "office_iris", "terms"]
    rows = []
    for person in kg.instances(_bkg("Person")):
        terms = sorted(kg.subjects(_bkg("holder"), person), key=str)
        offices = sorted({kg.value(t, _bkg("office")) for t in terms} - {None}, key=str)
        alt = sorted(f"{o}@{o.language}" for o in kg.objects(person, SKOS.altLabel) if isinstance(o, Literal))
        rows.append([
            str(person), _lbl(kg, person, "en"), _lbl(kg, person, "ar"), "; ".join(alt),
            str(kg.value(person, _bkg("knownOnlyByOffice")) or "false"),
            "; ".join(kg.label(t, "en") for t in kg.objects(person, _bkg("honorific"))),
            " ".join(str(w) for w in kg.objects(person, SKOS.exactMatch)),
            "; ".join(kg.label(o, "en") for o in offices),
            " ".join(str(o) for o in offices),
            " ".join(str(t) for t in terms),
        ])
    return _csv(header, rows)


def offices_csv(kg: KG) -> bytes:
    """One row per office term: the office, whose it is, the holder, start/end, attestations."""
    header = ["term", "office", "office_label_en", "office_label_ar", "office_of", "office_of_label_en",
              "holder", "holder_label_en", "holder_label_ar", "term_start", "term_end", "attested_on",
              "attested_in"]
    rows = []
    terms = kg.instances(_bkg("OfficeTerm"))

    def key(t):
        dates = [str(d) for d in kg.objects(t, _bkg("termStart")) + kg.objects(t, _bkg("attestedOn"))]
        dates += [kg.sort_date(e)[0] for e in kg.objects(t, _bkg("attestedIn"))]
        return (str(kg.value(t, _bkg("office")) or ""), min(dates) if dates else "9999", str(t))

    for t in sorted(terms, key=key):
        office = kg.value(t, _bkg("office"))
        holder = kg.value(t, _bkg("holder"))
        of = kg.objects(office, _bkg("officeOf")) if office is not None else []
        rows.append([
            str(t), str(office or ""), _lbl(kg, office, "en"), _lbl(kg, office, "ar"),
            " ".join(str(o) for o in of), "; ".join(kg.label(o, "en") for o in of),
            str(holder or ""), _lbl(kg, holder, "en"), _lbl(kg, holder, "ar"),
            " ".join(sorted(str(d) for d in kg.objects(t, _bkg("termStart")))),
            " ".join(sorted(str(d) for d in kg.objects(t, _bkg("termEnd")))),
            " ".join(sorted(str(d) for d in kg.objects(t, _bkg("attestedOn")))),
            " ".join(str(e) for e in sorted(kg.objects(t, _bkg("attestedIn")), key=lambda e: (kg.sort_date(e), str(e)))),
        ])
    return _csv(header, rows)


_FORMAT_WRITERS = {
    "nquads": lambda kg: _dataset_files(kg, "nquads"),
    "trig": lambda kg: _dataset_files(kg, "trig"),
    "ntriples": lambda kg: _union_files(kg, "ntriples"),
    "turtle": lambda kg: _union_files(kg, "turtle"),
    "jsonld": lambda kg: _union_files(kg, "jsonld"),
    "rdfxml": lambda kg: _union_files(kg, "rdfxml"),
    "ontology": _ontology_files,
    "shapes": _shapes_files,
    "void": _void_files,
    "html": _html_files,
    "csv": _csv_files,
}

__all__ = ["export", "FORMATS", "MEDIA_TYPES", "jsonld", "rdfxml", "ntriples", "turtle", "void_graph",
           "load_context", "shapes_graph"]
