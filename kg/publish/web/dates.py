"""Dates as a person reads them, in English and Arabic: '10 October 1994', 'أواخر عام ٢٠٠٤'.

Used by the dataset model (kg.publish.web.model: an event's date), the pages
(kg.publish.web.render) and the CSV tables.
"""

from __future__ import annotations

from rdflib import XSD, Literal
from rdflib.term import Node

from kg.core.namespace import BKG

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
              "أكتوبر", "نوفمبر", "ديسمبر")
_DECADES_AR = {1950: "الخمسينيات", 1960: "الستينيات", 1970: "السبعينيات", 1980: "الثمانينيات",
               1990: "التسعينيات"}
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic_digits(text: str) -> str:
    """Western digits to Arabic-Indic ones, as the source writes them.

    >>> arabic_digits("2004")
    '٢٠٠٤'
    """
    return text.translate(_ARABIC_DIGITS)


def date_words(lex: str, datatype, precision, qualifier) -> tuple[str, str]:
    """Words for a date literal: '10 October 1994', 'September 2001', 'late 2004', 'the 1990s'.

    ``precision`` and ``qualifier`` are the IRIs of the literal's precision and qualifier (or None).

    >>> date_words("1994-10-10", XSD.date, None, None)
    ('10 October 1994', '١٠ أكتوبر ١٩٩٤')
    """
    prec = str(precision).rsplit("#", 1)[-1] if precision is not None else None
    qual = str(qualifier).rsplit("#", 1)[-1] if qualifier is not None else None
    en = ar = lex
    try:
        if datatype == XSD.date:
            y, m, d = lex.split("-")
            en = f"{int(d)} {_MONTHS_EN[int(m) - 1]} {y}"
            ar = arabic_digits(f"{int(d)} {_MONTHS_AR[int(m) - 1]} {y}")
        elif datatype == XSD.gYearMonth:
            y, m = lex.split("-")
            en = f"{_MONTHS_EN[int(m) - 1]} {y}"
            ar = arabic_digits(f"{_MONTHS_AR[int(m) - 1]} {y}")
        elif datatype == XSD.gYear and prec == "decade":
            y = int(lex)
            en = f"the {y}s"
            ar = _DECADES_AR.get(y, arabic_digits(f"عقد {y}"))
        elif datatype == XSD.gYear:
            en = lex
            ar = arabic_digits(f"عام {lex}")
    except (ValueError, IndexError):  # a literal the build should not have made: show it as is
        en = ar = lex
    if qual is not None:
        words = {"early": ("early", "أوائل"), "mid": ("mid-", "منتصف"), "late": ("late", "أواخر")}
        w_en, w_ar = words.get(qual, (qual, qual))
        en = f"{w_en}{en}" if w_en.endswith("-") else f"{w_en} {en}"
        ar = f"{w_ar} {ar}"
    return en, ar



def date_text(kg, node: Node) -> tuple[str, str] | None:
    """The date of an event or claim of ``kg`` (a kg.publish.web.model.KG), in English and Arabic words.

    ``("late 2004 (year precision)", "أواخر عام ٢٠٠٤ (الدقة: سنة)")``, ``"from 9 July 1994 to 13 July 1994"``
    for a range, a statement that the source gives none for ``undated``; ``None`` when no date is written.
    """
    date = kg.value(node, BKG.date)
    precision = kg.value(node, BKG.datePrecision)
    qualifier = kg.value(node, BKG.dateQualifier)
    after = kg.value(node, BKG.dateAfter)
    before = kg.value(node, BKG.dateBefore)
    start, end = kg.value(node, BKG.startDate), kg.value(node, BKG.endDate)
    en = ar = None
    if isinstance(date, Literal):
        en, ar = date_words(str(date), date.datatype, precision, qualifier)
    elif isinstance(start, Literal) and isinstance(end, Literal):  # a range, each end at its precision
        s_en, s_ar = date_words(str(start), start.datatype, kg.value(node, BKG.startDatePrecision), None)
        e_en, e_ar = date_words(str(end), end.datatype, kg.value(node, BKG.endDatePrecision), None)
        return f"from {s_en} to {e_en}", f"من {s_ar} إلى {e_ar}"
    elif precision == BKG.undated:
        return "undated (the source gives no date)", "غير مؤرَّخ (لا يذكر المصدر تاريخًا)"
    elif after is not None or before is not None:
        parts_en, parts_ar = [], []
        if after is not None:
            parts_en.append(f"after {kg.label(after, 'en')}")
            parts_ar.append(f"بعد {kg.label(after, 'ar')}")
        if before is not None:
            parts_en.append(f"before {kg.label(before, 'en')}")
            parts_ar.append(f"قبل {kg.label(before, 'ar')}")
        en, ar = " and ".join(parts_en), " و".join(parts_ar)
    if en is None:
        return None
    if precision is not None:
        en += f" ({kg.label(precision, 'en')} precision)"
        ar += f" (الدقة: {kg.label(precision, 'ar')})"
    return en, ar


def sort_key(kg, node: Node) -> tuple[str, str]:
    """A key that orders the events of ``kg`` by their earliest, then latest possible day (unknown last)."""
    e = kg.value(node, BKG.earliestDate)
    l_ = kg.value(node, BKG.latestDate)
    if e is None and (d := kg.value(node, BKG.date)) is not None:
        e = d
    return (str(e) if e is not None else "9999", str(l_) if l_ is not None else "9999")


__all__ = ["arabic_digits", "date_text", "date_words", "sort_key"]
