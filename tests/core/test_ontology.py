"""ontology/bkg.ttl: every term documented in en and ar; alignments use only terms that exist."""

from __future__ import annotations

import warnings

import pytest
from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import FOAF, ORG, PROV, SDO, TIME, VANN

from kg.core.config import BKG_NS, ONTOLOGY_FILE, ONTOLOGY_IRI

KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)
CLOSED = {"https://schema.org/": SDO, str(ORG): ORG, str(PROV): PROV, str(FOAF): FOAF, str(SKOS): SKOS,
          str(DCTERMS): DCTERMS, str(TIME): TIME, str(VANN): VANN}
SEM = {"Event", "Actor", "Place", "hasActor", "hasPlace", "subEventOf", "hasTimeStamp",
       "hasBeginTimeStamp", "hasEndTimeStamp", "hasEarliestBeginTimeStamp", "hasLatestEndTimeStamp"}  # checked against the published SEM vocabulary


@pytest.fixture(scope="module")
def onto():
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _terms(g):
    return sorted({s for kind in KINDS for s in g.subjects(RDF.type, kind)
                   if isinstance(s, URIRef) and str(s).startswith(BKG_NS)})


def test_every_term_has_labels_and_definitions_in_en_and_ar(onto):
    terms = _terms(onto)
    assert len(terms) > 100
    for term in terms:
        for prop in (RDFS.label, SKOS.definition):
            langs = sorted(o.language for o in onto.objects(term, prop))
            assert langs == ["ar", "en"], (term, prop, langs)
        assert (term, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)) in onto, term


def test_header(onto):
    o = URIRef(ONTOLOGY_IRI)
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(onto.value(o, VANN.preferredNamespacePrefix)) == "bkg"
    assert sorted(t.language for t in onto.objects(o, DCTERMS.title)) == ["ar", "en"]


def test_alignments_use_existing_terms(onto):
    used = {o for s, p, o in onto if isinstance(o, URIRef) and str(s).startswith(BKG_NS)
            and p in (RDFS.subClassOf, RDFS.subPropertyOf, SKOS.exactMatch, SKOS.closeMatch, RDFS.domain, RDFS.range)}
    checked = 0
    for iri in sorted(used):
        text = str(iri)
        for ns, closed in CLOSED.items():
            if text.startswith(ns):
                with warnings.catch_warnings():
                    warnings.simplefilter("error")  # SDO and TIME only warn on unknown terms
                    getattr(closed, text[len(ns):])
                checked += 1
        if text.startswith("http://semanticweb.cs.vu.nl/2009/11/sem/"):
            assert text.rsplit("/", 1)[1] in SEM, text
            checked += 1
    assert checked > 20


def test_cameo_scheme(onto):
    cameo = URIRef("https://w3id.org/bilateral-kg/cameo")
    codes = {str(onto.value(c, SKOS.notation)) for c in onto.subjects(SKOS.inScheme, cameo)}
    assert {"036", "040", "042", "043", "044", "046", "051", "054", "057", "070"} <= codes
    code = URIRef(BKG_NS + "cameoCode")
    assert str(onto.value(URIRef(BKG_NS + "Visit"), code)).endswith("/042") or \
        URIRef("https://w3id.org/bilateral-kg/cameo/042") in set(onto.objects(URIRef(BKG_NS + "Visit"), code))
    opening = URIRef(BKG_NS + "EmbassyOpening")
    assert onto.value(opening, code) is None
    assert "no code" in " ".join(str(c) for c in onto.objects(opening, RDFS.comment)).lower()
