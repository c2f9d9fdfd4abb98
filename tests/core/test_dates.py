"""kg.core.dates: dates as the source gives them; nothing invented."""

from datetime import date

import pytest

from kg.core import dates


@pytest.mark.parametrize("text, datatype, precision, earliest, latest", [
    ("1994-10-10", "date", "day", date(1994, 10, 10), date(1994, 10, 10)),
    ("2001-09", "gYearMonth", "month", date(2001, 9, 1), date(2001, 9, 30)),
    ("2000-02", "gYearMonth", "month", date(2000, 2, 1), date(2000, 2, 29)),
    ("2006", "gYear", "year", date(2006, 1, 1), date(2006, 12, 31)),
])
def test_plain(text, datatype, precision, earliest, latest):
    d = dates.parse_plain(text)
    assert (d.literal, d.datatype, d.precision, d.earliest, d.latest) == (text, datatype, precision, earliest, latest)


def test_qualified_keeps_the_year():
    d = dates.qualified("2004", "late")
    assert (d.literal, d.precision, d.qualifier, d.earliest, d.latest) == \
        ("2004", "year", "late", date(2004, 1, 1), date(2004, 12, 31))


def test_decade():
    d = dates.decade("1990")
    assert (d.precision, d.earliest, d.latest) == ("decade", date(1990, 1, 1), date(1999, 12, 31))


@pytest.mark.parametrize("bad", ["1994-02-30", "2001-13", "94", "2004-01-01T00:00", "late 2004", ""])
def test_bad_dates(bad):
    with pytest.raises(dates.DateSyntaxError):
        dates.parse_plain(bad)


@pytest.mark.parametrize("call", [lambda: dates.qualified("2004", "soon"), lambda: dates.qualified("2004-01-02", "late"),
                                  lambda: dates.decade("1995")])
def test_bad_qualified_and_decades(call):
    with pytest.raises(dates.DateSyntaxError):
        call()
