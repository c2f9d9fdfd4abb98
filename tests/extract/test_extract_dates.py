"""kg.extract.dates: the labelled expressions of tests/extract/dates.yaml, and properties."""

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.dates import GREGORIAN_MONTHS, HIJRI_MONTHS, find_dates, parse_date

ITEMS = yaml.safe_load((Path(__file__).parent / "dates.yaml").read_text("utf-8"))["items"]


def _best(text):
    found = [d for d in find_dates(text) if not d.partial]
    return next((d for d in found if d.value), found[0] if found else None)


def test_the_labelled_set_is_large_and_varied():
    assert len(ITEMS) >= 60
    assert {i["precision"] for i in ITEMS} >= {"day", "month", "year", "decade", None}
    assert any(i.get("calendar") == "hijri" for i in ITEMS)
    assert {i.get("qualifier") for i in ITEMS} >= {"early", "mid", "late"}


@pytest.mark.parametrize("item", ITEMS, ids=[i["text"] for i in ITEMS])
def test_labelled_expression(item):
    d = _best(item["text"])
    value = str(item["value"]) if item["value"] is not None else None
    if item["precision"] is None:
        assert d is None or d.value is None and d.calendar != "hijri", d
        return
    assert d is not None
    assert (d.value, d.precision, d.qualifier) == (value, item["precision"], item.get("qualifier"))
    assert (d.calendar == "hijri") == (item.get("calendar") == "hijri")
    if item.get("hijri"):
        assert d.hijri == str(item["hijri"])
    assert item["text"][d.start:d.end] == d.text


def test_a_missing_day_is_never_filled_in():
    d = parse_date("في سبتمبر عام 2001")
    assert (d.value, d.precision) == ("2001-09", "month")
    d = parse_date("في 7 يونيو")
    assert d.value is None and d.partial


def test_paired_months_must_agree():
    assert parse_date("في 4 يوليو (تموز) 2015").value == "2015-07-04"
    assert parse_date("في 4 يوليو (آب) 2015") is None or parse_date("في 4 يوليو (آب) 2015").value != "2015-07-04"


def test_invalid_days_are_not_dates():
    assert _best("في 31/2/2015") is None
    assert _best("في 30 شباط 2015") is None


def test_dates_governed_by_after_or_before_are_flagged():
    text = "قال ان الاسلام والارهاب مفهومان متناقضان عقب هجمات ١١ سبتمبر عام ٢٠٠١ وان"
    assert find_dates(text)[0].relation == "after"
    assert [d.relation for d in find_dates("قبل عام 1994 وفي 10 اكتوبر 1994")] == ["before", None]
    assert find_dates("منذ عام 1992")[0].relation == "since"


def test_offsets_point_into_the_original_text():
    text = "أُنشِئت في ١٠ اكتوبر عام ١٩٩٤ ثم في اواخر عام ٢٠٠٤"
    for d in find_dates(text):
        assert text[d.start:d.end] == d.text
    assert [d.value for d in find_dates(text)] == ["1994-10-10", "2004"]


_MONTHS = sorted(set(GREGORIAN_MONTHS) | set(HIJRI_MONTHS))
DATEISH = st.lists(st.one_of(
    st.sampled_from(_MONTHS), st.sampled_from(["في", "عام", "العام", "سنة", "م", "هـ", "/", "-", ".", "(", ")",
                                               "اواخر", "أوائل", "منتصف", "الحادي", "والعشرين", "من", "شهر", "عقب"]),
    st.integers(min_value=0, max_value=2100).map(str), st.text(max_size=4)), max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(DATEISH, st.text(max_size=200)))
def test_date_finder_properties(text):
    found = find_dates(text)
    assert found == find_dates(text)  # same input, same output
    last = -1
    for d in found:
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start:d.end] == d.text  # offsets map back to the original
        assert d.start >= last  # in order, no overlaps
        last = d.end
        if d.value is not None:
            assert d.precision in ("day", "month", "year", "decade")
            assert len(d.value) == {"day": 10, "month": 7, "year": 4, "decade": 4}[d.precision]
        if d.calendar == "hijri" and not d.partial:
            assert d.value is None and d.hijri


@pytest.mark.parametrize("text, start, end", [
    ("في الفترة من 9 إلى 13 يوليو عام 1994", "1994-07-09", "1994-07-13"),
    ("بين 29 و30 تموز 2007", "2007-07-29", "2007-07-30"),
    ("يومي ٢٧ و٢٨ يناير/كانون الثاني ٢٠٢٣", "2023-01-27", "2023-01-28"),
    ("من ٣٠ نوفمبر إلى ١٢ ديسمبر ٢٠٢٣", "2023-11-30", "2023-12-12"),
    ("من 28 إلى 30 جانفي 2023", "2023-01-28", "2023-01-30"),
    ("من 30 ديسمبر 2004 حتى 2 يناير 2005", "2004-12-30", "2005-01-02"),
])
def test_a_range_is_one_date_with_both_ends(text, start, end):
    (found,) = find_dates(text)
    assert (found.value, found.end_value, found.precision, found.end_precision) == (start, end, "day", "day")
    assert found.text.split()[0] in ("من", "بين", "يومي")


@pytest.mark.parametrize("text, values", [
    ("في 10 أكتوبر 1994 و13 ديسمبر 1994", ["1994-10-10", "1994-12-13"]),  # not "3 December"
])
def test_two_dates_joined_by_and_stay_two(text, values):
    assert [d.value for d in find_dates(text)] == values and not any(d.end_value for d in find_dates(text))


def test_an_end_before_its_start_is_no_range():
    assert not any(d.end_value for d in find_dates("من 13 إلى 9 يوليو 1994"))


@pytest.mark.parametrize("text, start, end", [
    ("في 29 و30 يوليو 2007", "2007-07-29", "2007-07-30"),
    ("9-13 يوليو 1994", "1994-07-09", "1994-07-13"),
])
def test_a_bare_first_day_joined_by_and_or_a_dash_opens_a_range(text, start, end):
    (found,) = find_dates(text)
    assert (found.value, found.end_value) == (start, end)
