"""kg.pipeline.reference: every state, the offices of any state, and the series' new terms, built
from the project's own test document (tests/pipeline/series/, written by the project)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.api import build_graph
from kg.core.config import BKG, base_iri
from kg.core.errors import DataError
from kg.pipeline.load import load

from conftest import DATA

SERIES = Path(__file__).parent / "series"
BASE = base_iri()


def _corpus(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SERIES, data)
    shutil.copytree(DATA / "reference", data / "reference")
    return data


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    data = _corpus(tmp_path_factory.mktemp("series"))
    out = data.parent / "build"
    outcome = build_graph(data, out)
    assert outcome.ok, outcome.report.results[:3]
    from rdflib import Dataset
    ds = Dataset(default_union=True)
    ds.parse(out / "kg.nq", format="nquads")
    return outcome, ds


def _s(kind: str, name: str) -> URIRef:
    return URIRef(f"{BASE}{kind}/{name}")


def test_every_un_member_and_observer_and_the_ussr(series):
    outcome, ds = series
    assert outcome.counts["State"] == 196
    codes = {str(o) for o in ds.objects(None, BKG.isoAlpha3)}
    assert {"SAU", "AZE", "KWT", "EGY", "JOR", "ARE", "DZA", "VAT", "PSE", "SUN"} <= codes
    saudi = _s("state", "saudi-arabia")
    assert (saudi, BKG.capital, _s("place", "riyadh")) in ds
    assert Literal("الرياض", lang="ar") in set(ds.objects(_s("place", "riyadh"), RDFS.label))
    assert Literal("المملكة العربية السعودية", lang="ar") in set(ds.objects(saudi, SKOS.altLabel))
    assert {Literal(x, lang="ar") for x in ("السعودي", "السعودية", "سعوديون", "السعوديين")} <= \
        set(ds.objects(saudi, BKG.adjective))


def test_wikidata_only_from_the_cited_mapping(series):
    _, ds = series
    assert (_s("state", "saudi-arabia"), SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q851")) in ds
    assert not list(ds.objects(_s("state", "soviet-union"), SKOS.exactMatch))  # no published mapping gives it


def test_offices_are_minted_only_when_named(series):
    _, ds = series
    king = _s("office", "king-of-saudi-arabia")
    assert (king, RDF.type, BKG.KingOffice) in ds
    assert (king, BKG.role, _s("role", "king")) in ds
    assert Literal("خادم الحرمين الشريفين", lang="ar") in set(ds.objects(king, BKG.officeTitle))
    assert Literal("العاهل السعودي", lang="ar") in set(ds.objects(king, SKOS.altLabel))
    amb = _s("office", "ambassador-of-azerbaijan-to-saudi-arabia")
    assert (amb, BKG.accreditedTo, _s("state", "saudi-arabia")) in ds
    assert (amb, BKG.officeOf, _s("state", "azerbaijan")) in ds
    assert not list(ds.triples((_s("office", "king-of-jordan"), None, None)))
    assert Literal("ولي العهد", lang="ar") in set(ds.objects(_s("role", "crown-prince"), BKG.officeTitle))


def test_range_undated_and_recognition(series):
    _, ds = series
    visit = _s("event", "1994-07-heydar-aliyev-visit")
    assert (visit, BKG.startDate, Literal("1994-07-09", datatype=XSD.date)) in ds
    assert (visit, BKG.endDate, Literal("1994-07-13", datatype=XSD.date)) in ds
    assert not list(ds.objects(visit, BKG.date))  # no day of the range is picked
    support = _s("event", "saudi-support-in-the-oic")
    assert (support, BKG.datePrecision, BKG.undated) in ds
    assert not list(ds.objects(support, BKG.earliestDate))
    rec = _s("event", "1991-12-30-saudi-arabia-recognises-azerbaijan")
    assert (rec, BKG.recognisingState, _s("state", "saudi-arabia")) in ds


def test_reference_graph_is_apart_from_the_facts(series):
    _, ds = series
    graphs = {str(g) for _, _, _, g in ds.quads((_s("state", "saudi-arabia"), None, None, None))}
    assert graphs == {BASE + "graph/reference", BASE + "graph/provenance"}
    from rdflib.namespace import PROV
    derived = {str(o) for o in ds.objects(URIRef(BASE + "graph/reference"), PROV.wasDerivedFrom)}
    assert "https://pypi.org/project/pycountry/26.2.16/" in derived
    assert any("owid/owid-grapher" in d for d in derived)  # the cited Wikidata mapping


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, message", [
    ("reference/states.tsv", "SAU\t", "SAX\t", "states.tsv:.*unknown ISO 3166 alpha-3 code.*'SAX'"),
    ("reference/states.tsv", "KWT\t\t\t\t", "KWT\t\t\t\tالمملكة العربية السعودية",
     "states.tsv:.*Arabic form also names.*'المملكة العربية السعودية'"),
    ("facts/saudi-azerbaijan-test.yaml", "office: minister-of-foreign-affairs-of-saudi-arabia",
     "office: minister-of-sport-of-saudi-arabia",
     "saudi-azerbaijan-test.yaml:.*office role not in the table.*'minister-of-sport-of-saudi-arabia'"),
    ("facts/saudi-azerbaijan-test.yaml", "office: president-of-azerbaijan", "office: king-of-azerbaijan",
     "saudi-azerbaijan-test.yaml:.*head of state is not a king.*'king-of-azerbaijan'"),
    ("reference/states.tsv", "\tking\tخادم", "\tmonarch\tخادم",
     "states.tsv:.*office role not in the table.*'monarch'"),
])
def test_bad_reference_input_is_one_line_exit_2_nothing_written(tmp_path, file, old, new, message):
    import re

    data = _corpus(tmp_path)
    _edit(data / file, old, new)
    with pytest.raises(DataError) as err:
        load(data) if file.startswith("reference") else build_graph(data, tmp_path / "out")
    assert re.search(message, err.value.one_line()), err.value.one_line()
    run = subprocess.run([sys.executable, "-m", "kg", "build", "--data", str(data), "--out", str(tmp_path / "cli")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "cli").exists()


def test_a_build_that_minted_offices_rebuilds_clean(tmp_path):
    """Which facts file names a minted office is not kept in the cache, so an edit after a build that
    minted some takes a clean build (which mints exactly the offices the facts then name)."""
    data = _corpus(tmp_path)
    out = tmp_path / "build"
    assert build_graph(data, out).ok
    _edit(data / "facts/saudi-azerbaijan-test.yaml", "office: minister-of-foreign-affairs-of-saudi-arabia",
          "office: minister-of-foreign-affairs-of-jordan")
    again = build_graph(data, out)
    assert not again.incremental and again.ok
    text = (out / "kg.nq").read_text(encoding="utf-8")
    assert "office/minister-of-foreign-affairs-of-jordan>" in text
    assert "office/minister-of-foreign-affairs-of-saudi-arabia>" not in text


def test_a_former_head_of_state_title_is_a_valid_office():
    """Bahrain's head of state was an emir until 2002 and is a king since: both offices exist."""
    from kg.core.errors import Location
    from kg.pipeline.reference import load_reference
    from kg.core.ontology import Ontology
    from kg.pipeline.reference.offices import mint_office

    ref, onto, at = load_reference(DATA, "data", set()), Ontology(), Location("f", 1)
    assert mint_office(ref, "emir-of-bahrain", at, onto).labels["en"] == ["Emir of Bahrain"]
    assert mint_office(ref, "king-of-bahrain", at, onto).type == "KingOffice"
    assert mint_office(ref, "president-of-the-united-states", at, onto) is None  # names no state id
    assert mint_office(ref, "president-of-united-arab-emirates", at, onto).labels["en"] == \
        ["President of the United Arab Emirates"]
    for bad in ("sultan-of-bahrain", "ambassador-of-azerbaijan-to-azerbaijan"):
        with pytest.raises(DataError):
            mint_office(ref, bad, at, onto)


def test_visits_query_gives_a_range_its_start_and_end(series):
    import csv
    import io

    outcome, _ = series
    run = subprocess.run([sys.executable, "-m", "kg", "query", "queries/visits.rq", "--build-dir",
                          str(outcome.out_dir), "--param", "a=state:azerbaijan", "--param", "b=state:saudi-arabia",
                          "--format", "csv"], capture_output=True, text=True, cwd=Path(__file__).parents[2])
    assert run.returncode == 0, run.stderr
    [row] = list(csv.DictReader(io.StringIO(run.stdout)))
    assert (row["date"], row["startDate"], row["endDate"]) == ("", "1994-07-09", "1994-07-13")
    assert row["office"].endswith("office/president-of-azerbaijan")  # the minted office, attested at the visit


def test_a_fact_about_an_office_mints_it(tmp_path):
    """``resource:`` may name an office no other fact names: it is minted like one a property names."""
    data = _corpus(tmp_path)
    facts = data / "facts/saudi-azerbaijan-test.yaml"
    _edit(facts, "uncovered: []", """  - id: saudi-crown-prince-office-mentioned
    resource: crown-prince-of-saudi-arabia
    quote: خادم الحرمين الشريفين الملك فهد بن عبد العزيز

uncovered: []""")
    outcome = build_graph(data, tmp_path / "build")
    assert outcome.ok, outcome.report.results[:3]
    assert "office/crown-prince-of-saudi-arabia> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in \
        (tmp_path / "build" / "kg.nq").read_text(encoding="utf-8")


def test_a_source_names_its_pair(series):
    _, ds = series
    from rdflib import DCTERMS
    assert set(ds.objects(_s("source", "saudi-azerbaijan-test"), DCTERMS.subject)) == {
        _s("state", "saudi-arabia"), _s("state", "azerbaijan")}


@pytest.mark.parametrize("pair, message", [
    ("[saudi-arabia, atlantis]", "'pair' names an unknown state"),
    ("[saudi-arabia, saudi-arabia]", "'pair' names two different states"),
    ("[heydar-aliyev, azerbaijan]", "'pair' names an unknown state"),
])
def test_a_pair_naming_no_state_is_bad_input(tmp_path, pair, message):
    from kg.core.errors import DataError
    data = _corpus(tmp_path)
    meta = data / "sources" / "saudi-azerbaijan-test.yaml"
    text = meta.read_text(encoding="utf-8").replace("[saudi-arabia, azerbaijan]", pair)
    meta.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"pair: {pair}") + 1
    with pytest.raises(DataError) as err:
        build_graph(data, tmp_path / "build")
    assert f"saudi-azerbaijan-test.yaml:{line}:" in err.value.one_line() and message in err.value.one_line()
    assert not (tmp_path / "build").exists()
