"""kg.publish.eventdata: event data in the ICEWS/Phoenix shape, from the project's test document."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from kg.api import build_graph, export_build
from kg.core.config import base_iri

from conftest import DATA

SERIES = Path(__file__).parents[1] / "pipeline" / "series"
BASE = base_iri()


@pytest.fixture(scope="module")
def series_build(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("eventdata") / "data"
    shutil.copytree(SERIES, data)
    shutil.copytree(DATA / "reference", data / "reference")
    out = data.parent / "build"
    assert build_graph(data, out).ok
    return out


@pytest.fixture(scope="module")
def rows(series_build):
    out = series_build
    export_build(out, out / "export", ["event-data"])
    text = (out / "export" / "event-data.tsv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def _of(rows, event):
    return [r for r in rows if r["event"] == BASE + "event/" + event]


def test_directed_event_gives_one_row_source_to_target(rows):
    [row] = _of(rows, "1991-12-30-saudi-arabia-recognises-azerbaijan")
    assert (row["source_country"], row["target_country"], row["cameo_code"], row["quad_class"]) == \
        ("SAU", "AZE", "054", "1")
    assert row["event_class"] == "IndependenceRecognition" and row["symmetric"] == "false"
    assert (row["date"], row["date_precision"]) == ("1991-12-30", "day")
    assert int(row["quote_end"]) > int(row["quote_start"]) >= 0


def test_symmetric_event_gives_a_row_each_way(rows):
    pairs = {(r["source_country"], r["target_country"]) for r in _of(rows, "1992-02-24-relations-established")}
    assert pairs == {("AZE", "SAU"), ("SAU", "AZE")}
    signing = {(r["source_country"], r["target_country"]) for r in _of(rows, "1994-07-agreement-signed")}
    assert signing == {("AZE", "SAU"), ("SAU", "AZE")}  # the parties of the agreement signed


def test_person_actors_take_their_office_s_country_and_ranges_stay_ranges(rows):
    [visit] = _of(rows, "1994-07-heydar-aliyev-visit")
    assert visit["source_actor"] == BASE + "person/heydar-aliyev" and visit["source_country"] == "AZE"
    assert visit["target_country"] == "SAU" and visit["cameo_code"] == "042"
    assert (visit["date"], visit["start_date"], visit["end_date"]) == ("", "1994-07-09", "1994-07-13")
    assert (visit["start_date_precision"], visit["end_date_precision"]) == ("day", "day")


def test_undated_event_has_no_date(rows):
    [row] = _of(rows, "saudi-support-in-the-oic")
    assert row["date_precision"] == "undated" and row["date"] == row["earliest_date"] == ""
    assert row["cameo_code"] == "051"


def test_pages_say_ranges_and_undated_in_words(series_build):
    from rdflib import URIRef

    from kg.publish.export import load_dataset
    from kg.publish.web.model import KG

    ds, base = load_dataset(series_build, None)
    kg = KG(ds, base)
    assert kg.date_text(URIRef(base + "event/1994-07-heydar-aliyev-visit")) == \
        ("from 9 July 1994 to 13 July 1994", "من ٩ يوليو ١٩٩٤ إلى ١٣ يوليو ١٩٩٤")
    assert kg.date_text(URIRef(base + "event/saudi-support-in-the-oic"))[0].startswith("undated")
