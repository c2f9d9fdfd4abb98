"""Dates as the source gives them, with precision, qualifier and bounds.

A curated date is one of (YAML):

* ``1994-10-10`` (day), ``2001-09`` (month), ``2006`` (year);
* ``{value: 2004, qualifier: late}`` (a qualified date: early, mid, late);
* ``{decade: 1990}`` (the 1990s);
* ``{after: FACT-ID}`` or ``{before: FACT-ID}`` (known only relative to
  another dated fact);
* ``{from: 1994-07-09, to: 1994-07-13}`` (a range, each end a plain date
  with its own precision);
* ``undated`` (the source gives no date: said explicitly, never guessed).

The literal keeps the given precision (``xsd:date``, ``xsd:gYearMonth``,
``xsd:gYear``); ``earliest``/``latest`` are ``xsd:date`` bounds so that dates
of different precisions sort and compare. A day or month that the source does
not give is never invented: bounds span the whole month, year or decade.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PRECISIONS = ("day", "month", "year", "decade")
#: The precision of a fact whose source gives no date (``date: undated``).
UNDATED = "undated"
QUALIFIERS = ("early", "mid", "late")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


class DateSyntaxError(ValueError):
    """The text is not a date in one of the accepted forms."""


@dataclass(frozen=True)
class GivenDate:
    """A date as the source gives it."""

    literal: str | None  # lexical form of the xsd literal, None for relative dates
    datatype: str | None  # 'date', 'gYearMonth' or 'gYear'
    precision: str | None  # one of PRECISIONS, None for relative dates
    qualifier: str | None
    earliest: date | None
    latest: date | None
    after: str | None = None  # id of a fact this date is known to follow
    before: str | None = None  # id of a fact this date is known to precede
    end: GivenDate | None = None  # the end of a range; this date is then its start

    @property
    def undated(self) -> bool:
        """True for ``date: undated``: the source gives no date."""
        return self.precision == UNDATED


def parse_plain(text: str) -> GivenDate:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    >>> parse_plain("2001-09").precision, parse_plain("2001-09").latest
    ('month', datetime.date(2001, 9, 30))
    """
    text = text.strip()
    if m := _DAY.match(text):
        y, mo, d = (int(g) for g in m.groups())
        try:
            day = date(y, mo, d)
        except ValueError:
            raise DateSyntaxError(f"no such day {text}") from None
        return GivenDate(text, "date", "day", None, day, day)
    if m := _MONTH.match(text):
        y, mo = (int(g) for g in m.groups())
        if not 1 <= mo <= 12:
            raise DateSyntaxError(f"no such month {text}")
        last = calendar.monthrange(y, mo)[1]
        return GivenDate(text, "gYearMonth", "month", None, date(y, mo, 1), date(y, mo, last))
    if m := _YEAR.match(text):
        y = int(m.group(1))
        return GivenDate(text, "gYear", "year", None, date(y, 1, 1), date(y, 12, 31))
    raise DateSyntaxError(f"expected YYYY-MM-DD, YYYY-MM or YYYY, got {text!r}")


def qualified(text: str, qualifier: str) -> GivenDate:
    """A plain date with a qualifier: ``late 2004`` keeps the year and its bounds."""
    if qualifier not in QUALIFIERS:
        raise DateSyntaxError(f"qualifier must be one of {', '.join(QUALIFIERS)}, got {qualifier!r}")
    given = parse_plain(text)
    if given.precision == "day":
        raise DateSyntaxError("a day takes no qualifier")
    return GivenDate(given.literal, given.datatype, given.precision, qualifier,
                     given.earliest, given.latest)


def decade(text: str) -> GivenDate:
    """The decade starting at a year ending in 0: ``1990`` is the 1990s."""
    if not _YEAR.match(text.strip()) or not text.strip().endswith("0"):
        raise DateSyntaxError(f"a decade is a year ending in 0, got {text!r}")
    y = int(text)
    return GivenDate(text.strip(), "gYear", "decade", None, date(y, 1, 1), date(y + 9, 12, 31))


def relative(*, after: str | None = None, before: str | None = None) -> GivenDate:
    """A date known only as after and/or before other facts (bounds are filled by the build)."""
    return GivenDate(None, None, None, None, None, None, after=after, before=before)


def undated() -> GivenDate:
    """The explicit statement that the source gives no date (no bounds, nothing to sort by)."""
    return GivenDate(None, None, UNDATED, None, None, None)


def span(start: str, end: str) -> GivenDate:
    """A range from ``start`` to ``end`` (plain dates, each with its own precision).

    >>> r = span("1994-07-09", "1994-07-13")
    >>> r.literal, r.end.literal, r.earliest, r.latest
    ('1994-07-09', '1994-07-13', datetime.date(1994, 7, 9), datetime.date(1994, 7, 13))
    >>> span("2005-06", "2006").latest
    datetime.date(2006, 12, 31)
    """
    first, last = parse_plain(start), parse_plain(end)
    if last.earliest < first.earliest:
        raise DateSyntaxError(f"the range ends ({end}) before it starts ({start})")
    if first.literal == last.literal:
        raise DateSyntaxError(f"a range from {start} to the same date is that date: write it alone")
    return GivenDate(first.literal, first.datatype, first.precision, None, first.earliest, last.latest,
                     end=last)
