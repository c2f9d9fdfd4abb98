"""Find dates in Arabic text, with their precision, qualifier and calendar.

Works on the folded text (:mod:`kg.text.normalise`), so hamza, taa
marbuta, alef maqsura, diacritics, tatweel and Arabic-Indic or Persian digits
do not matter; every match is reported with offsets into the original text.

Forms found:

* day, month and year: ``١٠ اكتوبر عام ١٩٩٤``, ``الحادي والعشرين من شهر أيار
  2015``, ``10/10/1994``, ``10-10-1994``, ``10.10.1994``, ``1994-10-10``;
* month and year: ``سبتمبر عام ٢٠٠١``, ``تموز/يوليو 2015``,
  ``يوليو (تموز) 2015``, ``5/2015``;
* year: ``عام ٢٠٠٦``, ``في 2006``, ``2006م``;
* qualifiers early/mid/late (اوائل، مطلع، بداية / اواسط، منتصف / اواخر،
  نهاية) on a month or a year: ``اواخر عام ٢٠٠٤``;
* decades: ``التسعينيات`` (precision ``decade``, value ``1990``);
* month names in their Gregorian (Egypt, Gulf), Levantine (كانون الثاني ...
  كانون الأول), Moroccan (ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر) and
  Algerian/Tunisian (جانفي، فيفري، أفريل، جوان، جويلية، أوت) forms, with or
  without hamza, alone or paired;
* the era suffixes م (Gregorian) and هـ (Hijri). A Hijri date (Hijri month
  name or هـ) is found and flagged (``calendar='hijri'``, ``hijri='1415-07-10'``)
  but not converted: its Gregorian ``value`` stays ``None``.

A day or month the text does not give is never filled in; a day and month
without a year give no value (``partial=True``). ``relation`` tells whether
the date is governed by "after/before/since/until" (عقب، بعد، قبل، منذ، حتى):
such a date anchors another event rather than dating the one reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kg.text.normalise import Normalised, fold, normalise

#: Month names as written (before folding) → month number.
GREGORIAN_MONTHS = {
    # Egypt, the Gulf, Sudan...
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "أغسطوس": 8,
    "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Morocco
    "ماي": 5, "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    # Algeria, Tunisia
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "افريل": 4, "جوان": 6, "جويلية": 7, "جويليه": 7,
    "أوت": 8, "اوت": 8,
    # The Levant and Iraq (Syriac names)
    "كانون الثاني": 1, "كانون ثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5,
    "ايار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9,
    "تشرين الأول": 10, "تشرين أول": 10, "تشرين الثاني": 11, "تشرين ثاني": 11,
    "كانون الأول": 12, "كانون أول": 12,
}

HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الآخر": 4,
    "ربيع الاخر": 4, "جمادى الأولى": 5, "جمادى الاولى": 5, "جمادى الأول": 5, "جمادى الآخرة": 6,
    "جمادى الاخرة": 6, "جمادى الثانية": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
}

_UNITS = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
#: Days written as ordinal words → day number.
ORDINAL_DAYS: dict[str, int] = {"أول": 1, "غرة": 1, "العاشر": 10, "العشرين": 20, "الثلاثين": 30}
for _n, _w in enumerate(_UNITS, 1):
    ORDINAL_DAYS[_w] = _n
for _n, _w in enumerate(["الحادي"] + _UNITS[1:], 11):
    ORDINAL_DAYS[f"{_w} عشر"] = _n
for _tens, _tw in ((20, "العشرين"), (30, "الثلاثين")):
    for _n, _w in enumerate(["الحادي"] + _UNITS[1:], 1):
        if _tens + _n <= 31:
            ORDINAL_DAYS[f"{_w} و{_tw}"] = _tens + _n
    ORDINAL_DAYS[f"الواحد و{_tw}"] = _tens + 1
ORDINAL_DAYS["الواحد عشر"] = 11

QUALIFIERS = {
    "أوائل": "early", "اوائل": "early", "مطلع": "early", "بداية": "early", "بدايات": "early",
    "مستهل": "early", "أواسط": "mid", "اواسط": "mid", "منتصف": "mid", "أواخر": "late",
    "اواخر": "late", "نهاية": "late", "أواخر شهر": "late",
}

DECADES = {
    "العشرينيات": 1920, "العشرينات": 1920, "الثلاثينيات": 1930, "الثلاثينات": 1930,
    "الأربعينيات": 1940, "الاربعينيات": 1940, "الأربعينات": 1940, "الخمسينيات": 1950,
    "الخمسينات": 1950, "الستينيات": 1960, "الستينات": 1960, "السبعينيات": 1970, "السبعينات": 1970,
    "الثمانينيات": 1980, "الثمانينات": 1980, "التسعينيات": 1990, "التسعينات": 1990,
}

DECADES.update({k[2:]: v for k, v in list(DECADES.items())})  # ثمانينيات القرن الماضي

RELATIONS = {"عقب": "after", "بعد": "after", "إثر": "after", "اثر": "after", "قبل": "before",
             "منذ": "since", "حتى": "until", "لغاية": "until"}


@dataclass(frozen=True)
class DateMention:
    """A date found in a text; ``start``/``end`` are offsets into the original text."""

    start: int
    end: int
    text: str
    value: str | None  # 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' (Gregorian) or the decade's first year
    precision: str | None  # 'day', 'month', 'year', 'decade'
    qualifier: str | None = None  # 'early', 'mid', 'late'
    calendar: str = "gregorian"  # or 'hijri'
    hijri: str | None = None  # the Hijri date as given ('1415', '1415-07', '1415-07-10'), not converted
    partial: bool = False  # a day and/or month without a year: no value
    relation: str | None = None  # 'after', 'before', 'since', 'until' when governed by such a word
    end_value: str | None = None  # a range ("from 9 to 13 July 1994"): its end; ``value`` is then its start
    end_precision: str | None = None

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _alternation(words) -> str:
    forms = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)


_F_GREG = {fold(k): v for k, v in GREGORIAN_MONTHS.items()}
_F_HIJRI = {fold(k): v for k, v in HIJRI_MONTHS.items()}


def is_month_name(word: str) -> bool:
    """True when a folded word is a Gregorian or Hijri month name (as :func:`fold` spells it).

    >>> is_month_name(fold("يناير")), is_month_name(fold("محرم")), is_month_name("كويت")
    (True, True, False)
    """
    return word in _F_GREG or word in _F_HIJRI


_F_ORD = {fold(k): v for k, v in ORDINAL_DAYS.items()}
_F_QUAL = {fold(k): v for k, v in QUALIFIERS.items()}
_F_DEC = {fold(k): v for k, v in DECADES.items()}

_B = r"(?<![^\W\d_])"  # no letter before
_E = r"(?![^\W\d_])"  # no letter after
_BW = r"(?<!\d)(?:(?<=(?<![^\W\d_])و)|(?<![^\W\d_]))"  # no digit before, and no letter but a conjunction و
_GM = _alternation(GREGORIAN_MONTHS)
_HM = _alternation(HIJRI_MONTHS)
_ORD = _alternation(ORDINAL_DAYS)
_QUAL = _alternation(QUALIFIERS)
_YEARWORD = r"(?:(?:من\s+|في\s+)?(?:ال)?(?:عام|سنه)|لعام|لسنه|بعام)"
_ERA = r"(?:\s*(?P<era>م|ه|ميلادي|ميلاديه|هجري|هجريه)" + _E + ")?"
_YEAR = r"(?P<y>[12]\d{3})(?!\d)" + _ERA
_MONTH = (rf"(?:(?:ال)?شهر\s+)?(?P<m1>{_GM})(?:\s*[/\\\-]\s*(?P<m2>{_GM})|\s*\(\s*(?P<m3>{_GM})\s*\))?" + _E)
_DAY = rf"(?:(?P<d>[0-3]?\d)(?!\d)|(?P<dw>{_ORD}){_E})"
_QUALP = rf"(?P<q>{_QUAL}){_E}\s+(?:(?:ال)?شهر\s+)?"

_PATTERNS = [
    # numeric day/month/year (or year/month/day), one separator kind
    ("numeric", re.compile(
        r"(?<![\d/.\-])(?:(?P<d>[0-3]?\d)(?P<s>[/.\-])(?P<m>[01]?\d)(?P=s)(?P<y>[12]\d{3})"
        r"|(?P<y2>[12]\d{3})(?P<s2>[/.\-])(?P<m2>[01]?\d)(?P=s2)(?P<d2>[0-3]?\d))(?![\d/])" + _ERA)),
    # [qualifier] [day [من] [شهر]] month [،] [عام] year [era]  /  day month (no year)
    ("gregorian", re.compile(
        _BW + rf"(?:{_QUALP})?(?:{_DAY}\s*(?:من\s+)?)?{_MONTH}"
        rf"(?:\s*[،,]?\s*(?:{_YEARWORD}\s*)?{_YEAR})?")),
    ("hijri", re.compile(
        _BW + rf"(?:{_QUALP})?(?:{_DAY}\s*(?:من\s+)?)?(?:(?:ال)?شهر\s+)?(?P<hm>{_HM}){_E}"
        rf"(?:\s*[،,]?\s*(?:{_YEARWORD}\s*)?{_YEAR})?")),
    # numeric month/year
    ("month-year", re.compile(r"(?<![\d/.\-])(?P<m>[01]?\d)(?P<s>[/\-])(?P<y>[12]\d{3})(?![\d/.\-])" + _ERA)),
    # [qualifier] [عام] year  /  عام year  /  في year  /  year + era
    ("year", re.compile(
        _B + rf"(?:{_QUALP}(?:{_YEARWORD}\s*)?|{_YEARWORD}\s*|(?<=في )|(?<=منذ )|(?<=حتي )|(?<=خلال ))"
        + _YEAR)),
    ("year-era", re.compile(r"(?<![\d/.\-])(?P<y>[12]\d{3})\s*(?P<era>م|ه)" + _E)),
    ("decade", re.compile(_B + rf"(?:(?P<q>{_QUAL})\s+)?(?P<dec>{_alternation(DECADES)}){_E}")),
]

_REL = re.compile(_B + rf"(?P<rel>{_alternation(RELATIONS)}){_E}")
_ABS = re.compile(_B + r"(?:في|وفي|يوم|بتاريخ|الموافق|خلال|تاريخ)" + _E)
_F_REL = {fold(k): v for k, v in RELATIONS.items()}


def _valid_day(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def _month_of(m, g) -> int | None:
    """The month of a (possibly paired) month name; ``None`` if a pair disagrees."""
    first = g(m.group("m1"))
    other = m.group("m2") or m.group("m3")
    if other is not None and g(other) != first:
        return None
    return first


def _greg(name: str) -> int:
    return _F_GREG[re.sub(r"\s+", " ", name)]


def _hijri(name: str) -> int:
    return _F_HIJRI[re.sub(r"\s+", " ", name)]


def _day(m) -> int | None:
    if m.group("d"):
        return int(m.group("d"))
    if m.group("dw"):
        return _F_ORD[re.sub(r"\s+", " ", m.group("dw"))]
    return None


def _iso(y: int, mo: int | None = None, d: int | None = None) -> str:
    return f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")


def _interpret(kind: str, m) -> dict | None:
    """Value, precision, qualifier, calendar of one regex match (``None``: not a date)."""
    gd = m.groupdict()
    era = gd.get("era")
    hijri_era = era in ("ه", "هجري", "هجريه")
    qual = _F_QUAL.get(re.sub(r"\s+", " ", gd["q"])) if gd.get("q") else None
    if kind == "numeric":
        if gd["y"]:
            y, mo, d = int(gd["y"]), int(gd["m"]), int(gd["d"])
        else:
            y, mo, d = int(gd["y2"]), int(gd["m2"]), int(gd["d2"])
        if hijri_era:
            return {"calendar": "hijri", "hijri": _iso(y, mo, d), "precision": "day"} if 1 <= mo <= 12 and 1 <= d <= 30 else None
        if not _valid_day(y, mo, d):
            return None
        return {"value": _iso(y, mo, d), "precision": "day"}
    if kind == "month-year":
        y, mo = int(gd["y"]), int(gd["m"])
        if not 1 <= mo <= 12:
            return None
        if hijri_era:
            return {"calendar": "hijri", "hijri": _iso(y, mo), "precision": "month"}
        return {"value": _iso(y, mo), "precision": "month"}
    if kind in ("gregorian", "hijri"):
        if kind == "gregorian":
            mo = _month_of(m, _greg)
            if mo is None:
                return None
        else:
            mo = _hijri(gd["hm"])
        d = _day(m)
        y = int(gd["y"]) if gd.get("y") else None
        if d is not None and qual:
            return None  # a day takes no qualifier
        if d is not None and not 1 <= d <= (30 if kind == "hijri" else 31):
            return None
        if y is None:
            name = gd.get("m1") or gd.get("hm")
            # a month name alone is too ambiguous (اب "father", ماي, صفر "zero", رمضان...)
            if d is None:
                return None
            if kind == "gregorian" and len(name) < 4 and gd.get("d") is None:
                return None
            return {"precision": "day", "partial": True,
                    "calendar": "hijri" if kind == "hijri" else "gregorian", "qualifier": None}
        if kind == "hijri" or hijri_era:
            return {"calendar": "hijri", "hijri": _iso(y, mo, d), "precision": "day" if d else "month",
                    "qualifier": qual}
        if d is not None and not _valid_day(y, mo, d):
            return None
        return {"value": _iso(y, mo, d), "precision": "day" if d else "month", "qualifier": qual}
    if kind in ("year", "year-era"):
        y = int(gd["y"])
        if hijri_era:
            return {"calendar": "hijri", "hijri": _iso(y), "precision": "year", "qualifier": qual}
        return {"value": _iso(y), "precision": "year", "qualifier": qual}
    if kind == "decade":
        return {"value": str(_F_DEC[gd["dec"]]), "precision": "decade", "qualifier": qual}
    return None  # pragma: no cover


def _relation(folded: str, i: int) -> str | None:
    """'after'/'before'/... when the date at folded offset ``i`` is governed by such a word.

    The governing word is the nearest of عقب/بعد/قبل/منذ/حتى within four words before
    the date, unless في/يوم/بتاريخ... stands between it and the date.
    """
    window_start = i
    words = 0
    while window_start > 0 and words < 5:
        window_start -= 1
        if folded[window_start] in ".!?؟\n،,:;؛":
            window_start += 1
            break
        if folded[window_start] == " ":
            words += 1
    window = folded[window_start:i]
    rel = None
    rel_at = -1
    for m in _REL.finditer(window):
        rel, rel_at = _F_REL[m.group("rel")], m.end()
    if rel is None:
        return None
    if _ABS.search(window, rel_at):
        return None
    return rel


def find_dates(text: str | Normalised) -> list[DateMention]:
    """Every date of ``text``, in order, without overlaps (the longest match wins); ranges as one mention.

    A range ("من 9 إلى 13 يوليو 1994", "بين 29 و30 تموز 2007", "يومي 27 و28 يناير",
    "في 29 و30 يوليو 2007", "9-13 يوليو 1994", "من 30 أبريل إلى 2 مايو 2015") is one
    mention from its first word (or day) to its last,
    ``value`` its start and ``end_value`` its end, each at its own precision; the
    start takes the month and year the text gives only once, at the end.

    >>> [(d.value, d.end_value) for d in find_dates("زيارة من ٩ إلى ١٣ يوليو ١٩٩٤ الى الرياض")]
    [('1994-07-09', '1994-07-13')]
    """
    norm = text if isinstance(text, Normalised) else normalise(text)
    return _ranges(norm, list(_find(norm)))


#: What opens a range before its first day, and what joins its two ends.
_RANGE_OPEN = r"(?:من|بين|يومي|ما\s+بين)"
_RANGE_JOIN = r"\s*(?:الي|حتي|و|-|–)\s*"
_RANGE_START = re.compile(
    _B + _RANGE_OPEN + rf"\s+(?:{_DAY}\s*(?:من\s+)?)(?:(?P<m1>{_GM}){_E}(?:\s*[،,]?\s*(?:{_YEARWORD}\s*)?"
    rf"(?P<y>[12]\d{{3}}))?)?" + _RANGE_JOIN + "$")


#: "في 29 و30 يوليو"، "9-13 يوليو": a bare first day joined to the date by "and" or a dash.
_BARE_RANGE_START = re.compile(r"(?<![\d/.\-])(?P<d>[0-3]?\d)(?P<dw>)(?P<m1>)(?P<y>)\s*(?:و|-|–)\s*$")


def _ranges(norm: Normalised, found: list[DateMention]) -> list[DateMention]:
    """Merge "from DAY [MONTH [YEAR]] to DATE" into one mention of a range (see :func:`find_dates`)."""
    out: list[DateMention] = []
    for d in found:
        if d.precision != "day" or d.value is None or d.calendar != "gregorian":
            out.append(d)
            continue
        fi = _folded_offset(norm, d.start)
        window = norm.text[max(0, fi - 60):fi]
        m = _RANGE_START.search(window) or _BARE_RANGE_START.search(window)
        if m is None:
            out.append(d)
            continue
        y, mo, _ = (int(x) for x in d.value.split("-"))
        day = int(m.group("d")) if m.group("d") else _day(m)
        month = _greg(m.group("m1")) if m.group("m1") else mo
        year = int(m.group("y")) if m.group("y") else (y if month <= mo else y - 1)
        if day is None or not _valid_day(year, month, day) or _iso(year, month, day) >= d.value:
            out.append(d)
            continue
        start = norm.span(max(0, fi - 60) + m.start(), fi)[0]
        while out and out[-1].end > start:  # the start's own partial mention ("30 أبريل") is part of the range
            out.pop()
        out.append(DateMention(start=start, end=d.end, text=norm.original[start:d.end], value=_iso(year, month, day),
                               precision="day", calendar="gregorian", end_value=d.value, end_precision="day",
                               relation=d.relation))
    return out


def _folded_offset(norm: Normalised, orig: int) -> int:
    """The folded offset of original offset ``orig`` (the first folded character at or after it)."""
    import bisect

    return bisect.bisect_left(norm.to_orig, orig)


def _find(norm: Normalised):
    folded = norm.text
    found: list[tuple[int, int, dict]] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(folded):
            info = _interpret(kind, m)
            if info is None:
                continue
            found.append((m.start(), m.end(), info))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    last_end = -1
    for i, j, info in found:
        if i < last_end:
            continue
        last_end = j
        s, e = norm.span(i, j)
        yield DateMention(
            start=s, end=e, text=norm.original[s:e],
            value=info.get("value"), precision=info.get("precision"), qualifier=info.get("qualifier"),
            calendar=info.get("calendar", "gregorian"), hijri=info.get("hijri"),
            partial=info.get("partial", False), relation=_relation(folded, i),
        )


@lru_cache(maxsize=4096)
def parse_date(text: str) -> DateMention | None:
    """The first date of a short text (``None`` if it has none)."""
    found = find_dates(text)
    return found[0] if found else None


__all__ = ["DateMention", "find_dates", "parse_date", "GREGORIAN_MONTHS", "HIJRI_MONTHS", "ORDINAL_DAYS",
           "QUALIFIERS", "DECADES"]
