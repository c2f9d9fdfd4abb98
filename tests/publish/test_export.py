"""kg.publish.export: every RDF export re-parses into the built dataset; byte-stable; VoID/DCAT; CSV; docs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic

from kg.core.config import BKG_NS, ONTOLOGY_IRI, SHAPES_FILE
from kg.core.errors import UsageError
from kg.publish.export import export
from kg.publish.files import FORMATS, MEDIA_TYPES, all_files

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def exported(build_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    written = export(build_dir, out, None, None)
    assert sorted(p.name for p in written) == sorted(all_files())
    return out


@pytest.fixture(scope="module")
def built(build_dir):
    ds = Dataset()
    ds.parse(build_dir / "kg.trig", format="trig")
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return ds, union


def _explain(a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(a, b)
    return (f"{len(only_a)} triples only in the export, e.g. {sorted(only_a)[:3]}; "
            f"{len(only_b)} only in the build, e.g. {sorted(only_b)[:3]}")


@pytest.mark.parametrize("name, fmt", [("kg.nt", "nt"), ("kg.ttl", "turtle"), ("kg.jsonld", "json-ld"),
                                       ("kg.rdf", "xml")])
def test_union_format_reparses_to_the_union(exported, built, name, fmt):
    g = Graph()
    g.parse(exported / name, format=fmt)
    union = built[1]
    assert len(g) == len(union)
    assert isomorphic(g, union), _explain(g, union)


@pytest.mark.parametrize("name, fmt", [("kg.nq", "nquads"), ("kg.trig", "trig")])
def test_dataset_format_keeps_every_named_graph(exported, built, name, fmt):
    ds = Dataset()
    ds.parse(exported / name, format=fmt)
    got = {g.identifier: g for g in ds.graphs() if len(g)}
    want = {g.identifier: g for g in built[0].graphs() if len(g)}
    assert set(got) == set(want)
    for gid, g in want.items():
        assert isomorphic(got[gid], g), f"{gid}: {_explain(got[gid], g)}"


@pytest.mark.parametrize("name, fmt", [("ontology.ttl", "turtle"), ("ontology.rdf", "xml")])
def test_ontology_exports_are_the_built_ontology(exported, built, name, fmt):
    g = Graph()
    g.parse(exported / name, format=fmt)
    onto = built[0].graph(URIRef(ONTOLOGY_IRI))
    assert isomorphic(g, onto), _explain(g, onto)
    assert (URIRef(ONTOLOGY_IRI), URIRef("http://www.w3.org/2002/07/owl#versionInfo"), None) in g


@pytest.mark.parametrize("name, fmt", [("shapes.ttl", "turtle"), ("shapes.rdf", "xml")])
def test_shapes_exports_are_the_shapes(exported, name, fmt):
    g = Graph()
    g.parse(exported / name, format=fmt)
    shapes = Graph()
    shapes.parse(SHAPES_FILE, format="turtle")
    assert isomorphic(g, shapes), _explain(g, shapes)


def test_exports_are_byte_identical_across_runs(build_dir, exported, tmp_path):
    again = export(build_dir, tmp_path / "again", None, None)
    for path in again:
        assert path.read_bytes() == (exported / path.name).read_bytes(), f"{path.name} differs between runs"


def test_exports_do_not_depend_on_python_hash_seed(build_dir, exported, tmp_path):
    import os
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from kg.publish.export import export; "
            "export(Path(sys.argv[1]), Path(sys.argv[2]), ['jsonld', 'rdfxml', 'ntriples', 'turtle', 'void', 'csv',"
            " 'html', 'shapes', 'ontology'], None)")
    out = tmp_path / "seeded"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", code, str(build_dir), str(out)], check=True, env=env)
    for path in sorted(out.iterdir()):
        assert path.read_bytes() == (exported / path.name).read_bytes(), f"{path.name} depends on the hash seed"


def test_formats_subset_and_default_folder(build_dir):
    written = export(build_dir, None, ["csv", "void"], None)
    assert {p.name for p in written} == {"events.csv", "persons.csv", "offices.csv", "void.ttl"}
    assert all(p.parent == build_dir / "export" for p in written)


def test_unknown_format_is_a_usage_error(build_dir, tmp_path):
    with pytest.raises(UsageError, match="unknown export format.*pdf.*known: nquads"):
        export(build_dir, tmp_path, ["pdf"], None)
    assert not any(tmp_path.iterdir())


def test_a_base_other_than_the_builds_is_refused(build_dir, tmp_path):
    with pytest.raises(UsageError, match="base IRI"):
        export(build_dir, tmp_path, ["void"], "https://example.org/other/")


def test_missing_build_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no build here"):
        export(tmp_path, tmp_path / "out", None, None)


# --- JSON-LD for web developers ----------------------------------------------------------------------------


def test_jsonld_reads_like_plain_json(exported):
    data = json.loads((exported / "kg.jsonld").read_text(encoding="utf-8"))
    context = json.loads((Path(__file__).resolve().parents[2] / "ontology" / "context.jsonld")
                         .read_text(encoding="utf-8"))["@context"]
    assert data["@context"] == context  # the project's context, embedded (no network needed to read it)
    nodes = {n["id"]: n for n in data["@graph"] if "id" in n}
    base = "https://w3id.org/bilateral-kg/"
    late = nodes[f"{base}event/2004-azerbaijan-embassy-in-kuwait-opened"]
    assert late["type"] == "EmbassyOpening"
    assert late["dateYear"] == "2004"
    assert late["datePrecision"] == "year" and late["dateQualifier"] == "late"
    assert late["earliestDate"] == "2004-01-01"
    assert late["label"] == {"en": "Azerbaijan opens its embassy in Kuwait", "ar": "افتتاح سفارة أذربيجان في الكويت"}
    assert late["embassy"] == f"{base}embassy/embassy-of-azerbaijan-in-kuwait"  # a link is its IRI
    day = nodes[f"{base}event/1994-10-10-diplomatic-relations-established"]
    assert day["date"] == "1994-10-10"
    assert sorted(day["party"]) == [f"{base}state/azerbaijan", f"{base}state/kuwait"]
    # No key of a data node is a full IRI or a CURIE: every property the data uses has a short term.
    for node in data["@graph"]:
        if not str(node.get("id", "")).startswith(base):
            continue
        for key in node:
            assert ":" not in key and not key.startswith("@"), f"{node['id']}: key {key!r} has no term"


def test_context_has_a_term_for_every_ontology_property(built):
    context = json.loads((Path(__file__).resolve().parents[2] / "ontology" / "context.jsonld")
                         .read_text(encoding="utf-8"))["@context"]
    ids = {v["@id"] if isinstance(v, dict) else v for v in context.values() if isinstance(v, (dict, str))}
    onto = built[0].graph(URIRef(ONTOLOGY_IRI))
    owl = Namespace("http://www.w3.org/2002/07/owl#")
    for kind in (owl.ObjectProperty, owl.DatatypeProperty, owl.AnnotationProperty):
        for p in onto.subjects(RDF.type, kind):
            local = str(p)[len(BKG_NS):]
            assert f"bkg:{local}" in ids, f"ontology/context.jsonld has no term for bkg:{local}"


# --- VoID and DCAT ---------------------------------------------------------------------------------------------


def test_void_and_dcat_describe_the_dataset(exported, built):
    g = Graph()
    g.parse(exported / "void.ttl", format="turtle")
    base = "https://w3id.org/bilateral-kg/"
    ds = URIRef(f"{base}dataset")
    assert (ds, RDF.type, VOID.Dataset) in g and (ds, RDF.type, DCAT.Dataset) in g
    assert (ds, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in g
    assert g.value(ds, DCTERMS.title) is not None
    assert (ds, DCTERMS.source, URIRef(f"{base}source/kuwait-azerbaijan-relations")) in g
    assert int(g.value(ds, VOID.triples)) == len(built[1])
    assert int(g.value(ds, VOID.entities)) > 100
    assert (ds, VOID.sparqlEndpoint, URIRef(f"{base}sparql")) in g
    assert list(g.objects(ds, VOID.exampleResource))
    partitions = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities)) for p in g.objects(ds, VOID.classPartition)}
    assert partitions[URIRef(BKG_NS + "Person")] == 14
    assert partitions[URIRef(BKG_NS + "State")] == 196  # every UN member and observer state, and the USSR
    dists = {str(g.value(d, DCAT.downloadURL)): g.value(d, DCAT.mediaType) for d in g.objects(ds, DCAT.distribution)
             if g.value(d, DCAT.downloadURL) is not None}
    for name in all_files():
        if name == "void.ttl":
            continue
        url = f"{base}export/{name}"
        assert url in dists, f"no dcat:Distribution for {name}"
        assert str(dists[url]).endswith(MEDIA_TYPES[name][0])


# --- CSV tables ------------------------------------------------------------------------------------------------


def _rows(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "spreadsheets need the UTF-8 byte-order mark to read the Arabic"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_events_csv(exported, build_dir):
    rows = _rows(exported / "events.csv")
    report = json.loads((build_dir / "report.json").read_text(encoding="utf-8"))
    assert len(rows) >= 40
    by_iri = {r["event"]: r for r in rows}
    late = by_iri["https://w3id.org/bilateral-kg/event/2004-azerbaijan-embassy-in-kuwait-opened"]
    assert (late["type"], late["date"], late["date_precision"], late["date_qualifier"]) == \
        ("EmbassyOpening", "2004", "year", "late")
    assert late["date_en"] == "late 2004 (year precision)"
    assert late["label_ar"] == "افتتاح سفارة أذربيجان في الكويت"
    visit = by_iri["https://w3id.org/bilateral-kg/event/2007-01-20-azerbaijani-foreign-minister-visit-to-kuwait"]
    assert "visitor: Minister of Foreign Affairs of Azerbaijan" in visit["participants"]
    assert visit["quote_ar"].startswith("قام وزير الخارجية")
    dated = [r["earliest_date"] for r in rows if r["earliest_date"]]
    assert dated == sorted(dated), "events are in date order"
    assert report["counts"]["Visit"] == sum(1 for r in rows if r["type"] == "Visit")


def test_persons_and_offices_csv(exported):
    persons = _rows(exported / "persons.csv")
    assert len(persons) == 14
    heydar = next(r for r in persons if r["person"].endswith("/person/heydar-aliyev"))
    assert heydar["label_ar"] == "حيدر علييف"
    assert heydar["offices"] == "President of Azerbaijan"
    offices = _rows(exported / "offices.csv")
    assert len(offices) == 15
    term = next(r for r in offices if r["term"].endswith("/term/heydar-aliyev-president-of-azerbaijan"))
    assert term["holder_label_en"] == "Heydar Aliyev"
    assert term["attested_on"] == "1994-12-13 2000-07-07"


# --- ontology documentation ------------------------------------------------------------------------------------


def test_ontology_html_is_standalone_and_complete(exported, built):
    import html5lib

    text = (exported / "ontology.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)
    assert "<style>" in text and "static/kg.css" not in text  # opens from disk
    onto = built[0].graph(URIRef(ONTOLOGY_IRI))
    owl = Namespace("http://www.w3.org/2002/07/owl#")
    for cls in onto.subjects(RDF.type, owl.Class):
        if str(cls).startswith(BKG_NS):
            assert f'id="{str(cls)[len(BKG_NS):]}"' in text, f"no section for {cls}"
    assert "Bilateral Relations Knowledge Graph Ontology" in text
    assert 'lang="ar" dir="rtl"' in text
    for leak in ("{{", "{%", "Undefined", ">None<"):
        assert leak not in text


def test_media_types_cover_every_file():
    assert set(MEDIA_TYPES) == set(all_files())
    assert set(FORMATS) == {"nquads", "trig", "ntriples", "turtle", "jsonld", "rdfxml", "ontology", "shapes",
                            "void", "html", "csv", "event-data"}


def test_rdfxml_escapes_and_keeps_odd_literals():
    from kg.rdf.serialise import rdfxml

    g = Graph()
    s = URIRef("https://example.org/s?a=1&b='q'")
    g.add((s, URIRef("https://example.org/p"), Literal('a < b & "c"\r\nd', lang="en")))
    g.add((s, URIRef("https://example.org/q"), Literal("3", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))))
    back = Graph()
    back.parse(data=rdfxml(g), format="xml")
    assert isomorphic(back, g)


def test_exported_nquads_are_the_builds_own(build_dir, exported):
    assert (exported / "kg.nq").read_bytes() == (build_dir / "kg.nq").read_bytes()


def test_rdfxml_refuses_a_property_without_an_xml_local_name():
    from kg.core.errors import DataError
    from kg.rdf.serialise import rdfxml

    g = Graph()
    g.add((URIRef("https://example.org/s"), URIRef("https://example.org/1"), Literal("x")))
    with pytest.raises(DataError, match="https://example.org/1"):
        rdfxml(g)


def test_export_does_not_load_the_web_server():
    import subprocess
    import sys

    code = "import sys, kg.publish.export; print(sorted(m for m in ('starlette', 'kg.publish.web.app') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"
