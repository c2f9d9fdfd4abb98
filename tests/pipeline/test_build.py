"""kg.pipeline.build: IRIs, named graphs, provenance and dates of the built dataset."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.namespace import SKOS

from kg.pipeline.build import build
from kg.core.config import BKG, OA, ONTOLOGY_IRI, base_iri
from kg.core.errors import DataError
from kg.pipeline.load import load
from kg.core.ontology import Ontology

from conftest import DATA

BASE = base_iri()


@pytest.fixture(scope="module")
def built():
    return build(load(DATA), Ontology(), BASE)


def test_iris_are_minted_from_ids(built):
    g = built.union()
    assert (URIRef(BASE + "person/heydar-aliyev"), RDF.type, BKG.Person) in g
    assert (URIRef(BASE + "event/1994-10-10-diplomatic-relations-established"), RDF.type,
            BKG.DiplomaticRelationsEstablishment) in g
    assert (URIRef(BASE + "term/heydar-aliyev-president-of-azerbaijan"), RDF.type, BKG.OfficeTerm) in g


def test_no_blank_nodes_outside_the_ontology(built):
    onto = URIRef(ONTOLOGY_IRI)
    for s, p, o, g in built.dataset.quads((None, None, None, None)):
        if g != onto:
            assert not isinstance(s, BNode) and not isinstance(o, BNode), (s, p, o, g)


def test_every_triple_sits_in_a_known_graph(built):
    kinds = set()
    for g in built.dataset.graphs():
        name = str(g.identifier)
        if len(g) == 0:
            continue
        if name == ONTOLOGY_IRI:
            kinds.add("ontology")
        elif name in (BASE + "graph/registry", BASE + "graph/reference", BASE + "graph/provenance"):
            kinds.add(name.rsplit("/", 1)[1])
        else:
            assert name.startswith(BASE + "fact/"), name
            kinds.add("fact")
    assert kinds == {"ontology", "registry", "reference", "provenance", "fact"}


def test_fact_graphs_hold_only_source_derived_triples(built):
    curated = {RDFS.label, SKOS.altLabel, SKOS.editorialNote, BKG.translation, SKOS.exactMatch}
    for g in built.dataset.graphs():
        if str(g.identifier).startswith(BASE + "fact/"):
            for s, p, o in g:
                assert p not in curated, (g.identifier, p)
                if isinstance(o, Literal) and o.language:
                    assert o.language == "ar", (g.identifier, p, o)


def test_provenance_points_at_the_exact_span(built):
    corpus = load(DATA)
    text = corpus.sources["kuwait-azerbaijan-relations"].text
    g = built.union()
    facts = list(g.subjects(RDF.type, BKG.FactGraph))
    assert len(facts) == sum(1 for r in corpus.records if r.kind == "fact")
    for fact in facts:
        anno = g.value(None, OA.hasBody, fact)
        target = g.value(anno, OA.hasTarget)
        selectors = list(g.objects(target, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
        assert text[start:end] == str(g.value(quote, OA.exact)), fact
        assert g.value(pos, OA.start).datatype == XSD.nonNegativeInteger


def test_dates_keep_their_precision(built):
    g = built.union()
    opening = URIRef(BASE + "event/2004-azerbaijan-embassy-in-kuwait-opened")
    assert g.value(opening, BKG.date) == Literal("2004", datatype=XSD.gYear)
    assert g.value(opening, BKG.datePrecision) == BKG.year
    assert g.value(opening, BKG.dateQualifier) == BKG.late
    visit = URIRef(BASE + "event/2001-09-al-omari-delegation-visit-to-azerbaijan")
    assert g.value(visit, BKG.date) == Literal("2001-09", datatype=XSD.gYearMonth)
    assert str(g.value(visit, BKG.earliestDate)) == "2001-09-01"
    assert str(g.value(visit, BKG.latestDate)) == "2001-09-30"
    statement = URIRef(BASE + "event/2001-heydar-aliyev-on-islam-and-terrorism")
    assert g.value(statement, BKG.date) is None
    assert g.value(statement, BKG.dateAfter) == URIRef(BASE + "event/september-11-attacks")
    assert str(g.value(statement, BKG.earliestDate)) == "2001-09-11"
    assert g.value(statement, BKG.latestDate) is None


def test_unnamed_persons_have_no_name_from_memory(built):
    g = built.union()
    unnamed = set(g.subjects(BKG.knownOnlyByOffice, Literal(True)))
    assert {str(u).rsplit("/", 1)[1] for u in unnamed} == {
        "azerbaijani-foreign-minister-2007-01", "kuwaiti-speaker-2007-01",
        "kuwaiti-deputy-prime-minister-and-foreign-minister-2007-01", "kuwaiti-justice-minister-2007-01",
        "kuwaiti-emir-2007-06"}
    for person in unnamed:
        assert not list(g.objects(person, SKOS.exactMatch))


def test_wikidata_links_only_verified_ids(built):
    """The registry's ids are those listed in data/README.md; the states' those of the cited mapping."""
    from conftest import DATA

    verified = {"Q227", "Q817", "Q796", "Q1028", "Q399", "Q9248", "Q1065"}
    mapping = {line.split("\t")[1].strip() for line in (DATA / "reference" / "wikidata.tsv").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith(("#", "iso3"))}
    linked = {str(o).rsplit("/", 1)[1] for o in built.union().objects(None, SKOS.exactMatch)
              if str(o).startswith("http://www.wikidata.org/entity/Q")}
    assert linked <= verified | mapping
    assert {"Q227", "Q817", "Q796", "Q1028", "Q399"} <= mapping  # the mapping agrees with the verified ids
    states = {s for s in built.union().subjects(SKOS.exactMatch, None) if "/state/" in str(s)}
    assert len(states) == len(mapping) == 195  # every UN member and observer state; not the USSR


def test_version_is_stamped_from_the_package(built):
    from rdflib import OWL

    from kg import __version__

    g = built.union()
    assert g.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{__version__}")


def test_base_iri_is_one_setting():
    other = build(load(DATA), Ontology(), "https://example.org/kg/")
    subjects = {str(s) for s in other.union().subjects() if isinstance(s, URIRef)}
    assert "https://example.org/kg/person/heydar-aliyev" in subjects
    vocabulary = (ONTOLOGY_IRI, "https://w3id.org/bilateral-kg/cameo")
    assert not any(s.startswith(BASE) and not s.startswith(vocabulary) for s in subjects)


@pytest.mark.parametrize("old, new, message", [
    ("hostState: morocco", "hostState: marocco", "unknown entity in 'hostState': 'marocco'"),
    ("type: TerroristAttack", "type: TerrorAttack", "unknown type (not a class of the ontology): 'TerrorAttack'"),
    ("summit: islamic-summit-conference", "summitt: islamic-summit-conference", "unknown property"),
    ("mutual: true", "mutual: yes", "'mutual' is true or false"),
    ("content: {ar: الروابط الدينية والتاريخية}", "content: {ar: روابط الصداقة}", "must be words of the quote"),
])
def test_bad_terms_named_by_file_and_line(data_copy, old, new, message):
    path = data_copy / "facts" / "kuwait-azerbaijan-relations.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        build(load(data_copy), Ontology(), BASE)
    assert str(err.value).startswith(f"data/facts/kuwait-azerbaijan-relations.yaml:{line}:")
    assert message in str(err.value)


@pytest.mark.parametrize("url, ok", [("unknown", True), ("not a url", False), ("https://example.org/a b", False)])
def test_source_url_is_an_address_or_unknown(data_copy, url, ok):
    path = data_copy / "sources" / "kuwait-azerbaijan-relations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("url: https://lib.aliyevheritage.org/ar/4400500.html", f"url: {url}"), encoding="utf-8")
    if ok:
        build(load(data_copy), Ontology(), BASE)
    else:
        with pytest.raises(DataError, match="'url' is an http"):
            build(load(data_copy), Ontology(), BASE)
