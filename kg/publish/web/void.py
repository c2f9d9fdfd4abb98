"""The dataset's description: VoID and DCAT (``void.ttl``, and ``/dataset`` on the web server).

:func:`void_graph` describes ``{base}dataset``: title, licence and version; the
source documents; counts (triples, entities, one ``void:classPartition`` per
class); example resources; the SPARQL endpoint as a VoID endpoint and a DCAT
data service; and each exported file as a ``dcat:Distribution``.
"""

from __future__ import annotations

import re

from rdflib import DCTERMS, OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF

from kg.core.config import BKG_NS, ONTOLOGY_IRI
from kg.core.namespace import BKG
from kg.publish.files import DUMPS, MEDIA_TYPES, all_files
from kg.publish.web.model import KG

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

TITLE = {"en": "Bilateral Relations Knowledge Graph", "ar": "الرسم البياني المعرفي للعلاقات الثنائية"}
DESCRIPTION = ("A knowledge graph of bilateral relations between states, built from source documents: "
               "states, persons and their offices, diplomatic events, agreements and claims, every fact "
               "anchored to the verbatim passage of the source it rests on (W3C Web Annotation selectors).")
RIGHTS = ("Curated data and ontology: CC BY 4.0. Quotations from the source documents remain their "
          "publishers' (see each source's rights).")
KEYWORDS = ("bilateral relations", "diplomacy", "Azerbaijan", "Kuwait", "knowledge graph")
VOCABULARIES = (BKG_NS, "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/prov#",
                "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/")


def void_graph(kg: KG, files: list[str] | None = None) -> Graph:
    """VoID and DCAT description of the dataset: ``{base}dataset``, its dumps and its SPARQL endpoint.

    Counts: triples of the union, entities (distinct subject IRIs under the base), and one
    ``void:classPartition`` per class used outside the ontology graph. The distributions are the
    files of a full export (``files``: all of :data:`kg.publish.files.FORMATS` but void.ttl itself),
    each with its ``dcat:downloadURL`` ``{base}export/<file>`` and media type.
    """
    base = kg.base
    ds_iri = URIRef(f"{base}dataset")
    sparql = URIRef(f"{base}sparql")
    g = Graph(bind_namespaces="core")
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("sd", SD),
                       ("bkg", Namespace(BKG_NS)), ("source", Namespace(f"{base}source/"))):
        g.bind(prefix, ns)
    add_header(g, ds_iri, base)
    add_sources(g, ds_iri, kg)
    add_counts(g, ds_iri, kg)
    add_examples(g, ds_iri, kg)
    add_endpoint(g, ds_iri, sparql)
    names = files if files is not None else [f for f in all_files() if f != "void.ttl"]
    add_distributions(g, ds_iri, sparql, base, names)
    return g


def add_header(g: Graph, ds_iri: URIRef, base: str) -> None:
    """Types, titles, description, licence, version, languages and keywords of the dataset."""
    from kg import __version__

    g.add((ds_iri, RDF.type, VOID.Dataset))
    g.add((ds_iri, RDF.type, DCAT.Dataset))
    for lang, text in TITLE.items():
        g.add((ds_iri, DCTERMS.title, Literal(text, lang=lang)))
        g.add((ds_iri, RDFS.label, Literal(text, lang=lang)))
    g.add((ds_iri, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((ds_iri, DCTERMS.license, CC_BY))
    g.add((ds_iri, DCTERMS.rights, Literal(RIGHTS, lang="en")))
    g.add((ds_iri, DCAT.version, Literal(__version__)))
    g.add((ds_iri, OWL.versionInfo, Literal(__version__)))
    g.add((ds_iri, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    g.add((ds_iri, DCAT.landingPage, URIRef(base)))
    for lang in ("ar", "en"):
        g.add((ds_iri, DCTERMS.language, URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{lang}")))
    for kw in KEYWORDS:
        g.add((ds_iri, DCAT.keyword, Literal(kw, lang="en")))


def add_sources(g: Graph, ds_iri: URIRef, kg: KG) -> None:
    """The documents the facts rest on, with their titles, pages, publishers, rights and languages."""
    for src in sorted(kg.union.subjects(RDF.type, BKG.SourceDocument), key=str):
        g.add((ds_iri, DCTERMS.source, src))
        g.add((src, RDF.type, BKG.SourceDocument))
        for p in (DCTERMS.title, FOAF.page, DCTERMS.publisher, DCTERMS.rights, DCTERMS.language):
            for o in kg.union.objects(src, p):
                g.add((src, p, o))


def add_counts(g: Graph, ds_iri: URIRef, kg: KG) -> None:
    """VoID statistics of the union, the vocabularies, and one class partition per class."""
    base, union = kg.base, kg.union
    g.add((ds_iri, VOID.triples, Literal(len(union))))
    entities = {s for s in union.subjects() if isinstance(s, URIRef) and str(s).startswith(base)}
    g.add((ds_iri, VOID.entities, Literal(len(entities))))
    g.add((ds_iri, VOID.distinctSubjects, Literal(len(set(union.subjects())))))
    g.add((ds_iri, VOID.distinctObjects, Literal(len(set(union.objects())))))
    g.add((ds_iri, VOID.properties, Literal(len(set(union.predicates())))))
    per_class = instances_per_class(kg)
    g.add((ds_iri, VOID.classes, Literal(len(per_class))))
    g.add((ds_iri, VOID.uriSpace, Literal(base)))
    for ns in VOCABULARIES:
        g.add((ds_iri, VOID.vocabulary, URIRef(ns)))
    for cls in sorted(per_class, key=str):
        part = URIRef(f"{base}dataset#class-{slug(kg.short(cls))}")
        g.add((ds_iri, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(len(per_class[cls]))))


def instances_per_class(kg: KG) -> dict[URIRef, set]:
    """Each class used outside the ontology graph -> its instances."""
    onto = URIRef(ONTOLOGY_IRI)
    per_class: dict[URIRef, set] = {}
    for s, _, o, gname in kg.dataset.quads((None, RDF.type, None, None)):
        if gname != onto and isinstance(o, URIRef):
            per_class.setdefault(o, set()).add(s)
    return per_class


def add_examples(g: Graph, ds_iri: URIRef, kg: KG) -> None:
    """The first person, state and event by IRI, as ``void:exampleResource``."""
    for cls in (BKG.Person, BKG.State, BKG.Event):
        inst = kg.instances(cls)
        if inst:
            g.add((ds_iri, VOID.exampleResource, inst[0]))


def add_endpoint(g: Graph, ds_iri: URIRef, sparql: URIRef) -> None:
    """The SPARQL endpoint, as a VoID endpoint and a DCAT data service."""
    g.add((ds_iri, VOID.sparqlEndpoint, sparql))
    g.add((sparql, RDF.type, DCAT.DataService))
    g.add((sparql, RDF.type, SD.Service))
    g.add((sparql, DCTERMS.title, Literal("SPARQL 1.1 endpoint (read-only)", lang="en")))
    g.add((sparql, DCAT.endpointURL, sparql))
    g.add((sparql, DCAT.servesDataset, ds_iri))
    g.add((sparql, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((sparql, DCTERMS.license, CC_BY))


def add_distributions(g: Graph, ds_iri: URIRef, sparql: URIRef, base: str, names: list[str]) -> None:
    """One ``dcat:Distribution`` per exported file (the dumps also as ``void:dataDump``), and the endpoint."""
    for name in names:
        media, title = MEDIA_TYPES[name]
        dist = URIRef(f"{base}dataset#dist-{slug(name)}")
        url = URIRef(f"{base}export/{name}")
        g.add((ds_iri, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(title, lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
        g.add((dist, DCTERMS["format"], Literal(media)))
        g.add((dist, DCTERMS.license, CC_BY))
        if name in DUMPS:
            g.add((ds_iri, VOID.dataDump, url))
    api = URIRef(f"{base}dataset#dist-sparql")
    g.add((ds_iri, DCAT.distribution, api))
    g.add((api, RDF.type, DCAT.Distribution))
    g.add((api, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
    g.add((api, DCAT.accessURL, sparql))
    g.add((api, DCAT.accessService, sparql))
    g.add((api, DCTERMS.license, CC_BY))


def slug(text: str) -> str:
    """``text`` with every run of other than ASCII letters and digits made one hyphen.

    >>> slug("bkg:OfficeTerm"), slug("kg.nq")
    ('bkg-OfficeTerm', 'kg-nq')
    """
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


__all__ = ["CC_BY", "DCAT", "DESCRIPTION", "SD", "TITLE", "VOID", "instances_per_class", "slug", "void_graph"]
