"""The export's CSV tables: events, persons and office terms, one row each.

Written as UTF-8 with a byte-order mark and CRLF line ends (:func:`csv_bytes`), so that
spreadsheets read the Arabic right.
"""

from __future__ import annotations

import csv
import io

from rdflib import SKOS, Literal

from kg.core.namespace import BKG
from kg.publish.web.model import KG


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _lbl(kg: KG, node, lang: str) -> str:
    return kg.labels(node).get(lang, "") if node is not None else ""


def _local(node) -> str:
    return str(node).rsplit("#", 1)[-1] if node is not None else ""


def events_csv(kg: KG) -> bytes:
    """One row per event: type, date as given, precision, labels, participants, place, quote."""
    header = ["event", "type", "type_label_en", "date", "date_precision", "date_qualifier", "date_en",
              "earliest_date", "latest_date", "label_en", "label_ar", "translation_en", "place",
              "participants", "participant_iris", "part_of", "quote_ar"]
    rows = []
    events = kg.instances(BKG.Event)
    for e in sorted(events, key=lambda e: (kg.sort_date(e), str(e))):
        types = kg.specific_types(e)
        date = kg.value(e, BKG.date)
        words = kg.date_text(e)
        parts = sorted(((kg.label(p, "en"), kg.label(o, "en"), str(o)) for p, o in kg.out.get(e, ())
                        if p in kg.participant_props))
        rows.append([
            str(e),
            "; ".join(_local(t) for t in types),
            "; ".join(kg.label(t, "en") for t in types),
            str(date) if date is not None else "",
            _local(kg.value(e, BKG.datePrecision)) if kg.value(e, BKG.datePrecision) else "",
            _local(kg.value(e, BKG.dateQualifier)) if kg.value(e, BKG.dateQualifier) else "",
            words[0] if words else "",
            str(kg.value(e, BKG.earliestDate) or ""),
            str(kg.value(e, BKG.latestDate) or ""),
            _lbl(kg, e, "en"),
            _lbl(kg, e, "ar"),
            " ".join(str(t) for t in kg.objects(e, BKG.translation) if isinstance(t, Literal) and t.language == "en"),
            "; ".join(kg.label(p, "en") for p in kg.objects(e, BKG.place)),
            "; ".join(f"{role}: {who}" for role, who, _ in parts),
            " ".join(iri for _, _, iri in parts),
            " ".join(str(p) for p in kg.objects(e, BKG.partOf)),
            " … ".join(p.exact for p in kg.facts_about(e)),
        ])
    return csv_bytes(header, rows)


def persons_csv(kg: KG) -> bytes:
    """One row per person: labels, titles, Wikidata, offices held, number of events."""
    header = ["person", "label_en", "label_ar", "alt_labels", "known_only_by_office", "honorifics",
              "wikidata", "offices", "office_iris", "terms"]
    rows = []
    for person in kg.instances(BKG.Person):
        terms = sorted(kg.subjects(BKG.holder, person), key=str)
        offices = sorted({kg.value(t, BKG.office) for t in terms} - {None}, key=str)
        alt = sorted(f"{o}@{o.language}" for o in kg.objects(person, SKOS.altLabel) if isinstance(o, Literal))
        rows.append([
            str(person), _lbl(kg, person, "en"), _lbl(kg, person, "ar"), "; ".join(alt),
            str(kg.value(person, BKG.knownOnlyByOffice) or "false"),
            "; ".join(kg.label(t, "en") for t in kg.objects(person, BKG.honorific)),
            " ".join(str(w) for w in kg.objects(person, SKOS.exactMatch)),
            "; ".join(kg.label(o, "en") for o in offices),
            " ".join(str(o) for o in offices),
            " ".join(str(t) for t in terms),
        ])
    return csv_bytes(header, rows)


def offices_csv(kg: KG) -> bytes:
    """One row per office term: the office, whose it is, the holder, start/end, attestations."""
    header = ["term", "office", "office_label_en", "office_label_ar", "office_of", "office_of_label_en",
              "holder", "holder_label_en", "holder_label_ar", "term_start", "term_end", "attested_on",
              "attested_in"]
    rows = []
    terms = kg.instances(BKG.OfficeTerm)

    def key(t):
        dates = [str(d) for d in kg.objects(t, BKG.termStart) + kg.objects(t, BKG.attestedOn)]
        dates += [kg.sort_date(e)[0] for e in kg.objects(t, BKG.attestedIn)]
        return (str(kg.value(t, BKG.office) or ""), min(dates) if dates else "9999", str(t))

    for t in sorted(terms, key=key):
        office = kg.value(t, BKG.office)
        holder = kg.value(t, BKG.holder)
        of = kg.objects(office, BKG.officeOf) if office is not None else []
        rows.append([
            str(t), str(office or ""), _lbl(kg, office, "en"), _lbl(kg, office, "ar"),
            " ".join(str(o) for o in of), "; ".join(kg.label(o, "en") for o in of),
            str(holder or ""), _lbl(kg, holder, "en"), _lbl(kg, holder, "ar"),
            " ".join(sorted(str(d) for d in kg.objects(t, BKG.termStart))),
            " ".join(sorted(str(d) for d in kg.objects(t, BKG.termEnd))),
            " ".join(sorted(str(d) for d in kg.objects(t, BKG.attestedOn))),
            " ".join(str(e) for e in sorted(kg.objects(t, BKG.attestedIn), key=lambda e: (kg.sort_date(e), str(e)))),
        ])
    return csv_bytes(header, rows)


def csv_files(kg: KG) -> dict[str, bytes]:
    """``events.csv``, ``persons.csv`` and ``offices.csv`` of ``kg``."""
    return {"events.csv": events_csv(kg), "persons.csv": persons_csv(kg), "offices.csv": offices_csv(kg)}


__all__ = ["csv_bytes", "csv_files", "events_csv", "offices_csv", "persons_csv"]
