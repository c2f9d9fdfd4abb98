"""queries/checks/*-violation.rq: quiet on the curated data, each fires on data made to break it."""

from __future__ import annotations


import pytest
from click.testing import CliRunner
from rdflib import RDFS, Literal, URIRef

from kg.pipeline.build import build
from kg.cli import main
from kg.core.config import BKG, OA, base_iri
from kg.pipeline.load import load
from kg.core.ontology import Ontology
from kg.rdf.sparql import read_query
from kg.rdf.stores import OxigraphStore, RdflibStore, run, run_checks

from conftest import DATA, ROOT

BASE = base_iri()
CHECKS = sorted((ROOT / "queries" / "checks").glob("*-violation.rq"))


def test_every_check_has_a_breaking_case():
    assert {p.stem for p in CHECKS} == set(BREAKERS)


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_checks_are_quiet_on_the_curated_data(build_dir, store):
    s = RdflibStore.from_file(build_dir / "kg.trig") if store == "rdflib" else OxigraphStore.from_file(build_dir / "kg.nq")
    assert {name: res.rows for name, res in run_checks(s).items() if res.rows} == {}


def _no_arabic_label(ds):
    node = URIRef(BASE + "person/heydar-aliyev")
    for s, p, o, g in list(ds.quads((node, RDFS.label, None, None))):
        if o.language == "ar":
            ds.remove((s, p, o, g))
    return {node}


def _no_span(ds):
    fact = URIRef(BASE + "fact/september-11-attacks")
    ds.remove((URIRef(f"{fact}#position"), OA.start, None, None))
    return {fact}


def _after_contradicted(ds):
    node = URIRef(BASE + "event/2001-heydar-aliyev-on-islam-and-terrorism")
    g = ds.graph(URIRef(BASE + "fact/2001-heydar-aliyev-on-islam-and-terrorism"))
    g.add((node, BKG.latestDate, Literal("2001-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    return {node}


def _visitor_without_office(ds):
    for term in ("mohammad-sabah-al-salem-al-sabah-deputy-prime-minister", "mohammad-sabah-al-salem-al-sabah-foreign-minister"):
        ds.remove((URIRef(BASE + "term/" + term), None, None, None))
    return {URIRef(BASE + "event/2007-06-07-official-visit-of-mohammad-sabah-al-salem-al-sabah")}


BREAKERS = {
    "entity-without-arabic-label-violation": _no_arabic_label,
    "fact-without-span-violation": _no_span,
    "relative-date-out-of-order-violation": _after_contradicted,
    "visitor-without-office-violation": _visitor_without_office,
}


@pytest.mark.parametrize("path", CHECKS, ids=[p.stem for p in CHECKS])
def test_each_check_fires(path):
    built = build(load(DATA), Ontology(), BASE)
    expected = BREAKERS[path.stem](built.dataset)
    rows = run(RdflibStore(built.dataset), read_query(path), {}).rows
    assert {row[0] for row in rows} == expected


def test_check_rows_make_the_build_exit_1(tmp_path, data_copy):
    path = data_copy / "facts" / "kuwait-azerbaijan-relations.yaml"
    text = path.read_text(encoding="utf-8")
    for fact in ("mohammad-sabah-al-salem-al-sabah-deputy-prime-minister", "mohammad-sabah-al-salem-al-sabah-foreign-minister"):
        start = text.index(f"  - id: {fact}\n")
        end = text.index("\n  - id: ", start + 1) + 1
        text = text[:start] + text[end:]
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "Check visitor-without-office-violation: 1 row(s)" in result.output
    assert (tmp_path / "out" / "rejected" / "report.json").is_file()
    assert not (tmp_path / "out" / "kg.trig").exists()
