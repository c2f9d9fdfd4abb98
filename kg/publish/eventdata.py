"""Event data for political scientists: ``event-data.tsv``, shaped like ICEWS and Phoenix.

One row per event and ordered dyad (source actor → target actor):

* a directed event gives a row from each actor of its source role to each
  actor of its target role (:data:`DIRECTED`: visitor → host state, inviter →
  invitee, donor → recipient, recognising → recognised state, supporter →
  supported, greetings from → to, host → guest, aggressor → target);
* a symmetric event (relations established, talks, meetings: actors only in
  ``bkg:party`` or ``bkg:participant``; a signing: the parties of the
  agreement signed; a mutual invitation) gives a row in each
  direction, so an event with n actors gives n·(n−1) rows.

An actor is named by its IRI and English label; its country is the ISO
3166-1 alpha-3 code of the state itself, of the state whose office a person
holds in the graph (when exactly one), or of the state an organisation
belongs to. The CAMEO code is the event class's ``bkg:cameoCode`` (a visit's
row is 042, the visitor's side); the quad class follows CAMEO's root code:
1 verbal cooperation (01–05), 2 material cooperation (06–08), 3 verbal
conflict (09–13), 4 material conflict (14–20). Each row carries the date as
the source gives it (or the range, or nothing when undated), the event's
source and its quote's offsets (Unicode code points, end exclusive); a range
has its start and end date, each with its precision.
"""

from __future__ import annotations

import csv
import io

from rdflib import SKOS, URIRef

from kg.core.namespace import BKG
from kg.publish.web.model import KG

#: (source roles, target roles), the first role that has values on each side is used.
DIRECTED = (
    ((BKG.visitor, BKG.visitingState), (BKG.hostState,)),
    ((BKG.inviter,), (BKG.invitee,)),
    ((BKG.donor,), (BKG.recipient,)),
    ((BKG.recognisingState,), (BKG.recognisedState,)),
    ((BKG.supporter,), (BKG.supported,)),
    ((BKG.greetingsFrom,), (BKG.greetingsTo,)),
    ((BKG.host,), (BKG.guest,)),
    ((BKG.aggressor,), (BKG.target,)),
)
SYMMETRIC = (BKG.party, BKG.participant)
HEADER = ["event", "event_class", "cameo_code", "quad_class", "date", "date_precision", "start_date",
          "end_date", "start_date_precision", "end_date_precision", "earliest_date", "latest_date", "source_actor", "source_actor_label", "source_country",
          "target_actor", "target_actor_label", "target_country", "symmetric", "source_document",
          "quote_start", "quote_end"]


def quad_class(code: str) -> str:
    """CAMEO's quad class of a code (``042`` → ``1``).

    >>> quad_class("042"), quad_class("070"), quad_class("190"), quad_class("")
    ('1', '2', '4', '')
    """
    if not code[:2].isdigit():
        return ""
    root = int(code[:2])
    return "1" if root <= 5 else "2" if root <= 8 else "3" if root <= 13 else "4"


def _first(kg: KG, e: URIRef, props) -> list:
    for p in props:
        values = sorted(kg.objects(e, p), key=str)
        if values:
            return values
    return []


def _dyads(kg: KG, e: URIRef) -> list[tuple[URIRef, URIRef, bool]]:
    for sources, targets in DIRECTED:
        s, t = _first(kg, e, sources), _first(kg, e, targets)
        if s and t:
            return [(a, b, False) for a in s for b in t if a != b]
    actors = sorted({o for p in SYMMETRIC for o in kg.objects(e, p)}, key=str)
    if not actors:  # a signing: the parties of the agreement signed
        actors = sorted({o for a in kg.objects(e, BKG.agreement) for o in kg.objects(a, BKG.party)}, key=str)
    return [(a, b, True) for a in actors for b in actors if a != b]


def _country(kg: KG, actor, offices: dict) -> str:
    if kg.is_a(actor, BKG.State):
        return str(kg.value(actor, BKG.isoAlpha3) or "")
    states = offices.get(actor) or {kg.value(actor, BKG.organisationOf)} - {None}
    if len(states) == 1:
        return str(kg.value(next(iter(states)), BKG.isoAlpha3) or "")
    return ""


def _cameo(kg: KG, cls: URIRef) -> str:
    for c in [cls, *sorted(kg.supers(cls), key=str)]:
        codes = sorted(str(kg.value(x, SKOS.notation)) for x in kg.objects(c, BKG.cameoCode))
        if codes:
            return codes[0]
    return ""


def event_data_tsv(kg: KG) -> bytes:
    """The rows, sorted by date and event, as UTF-8 tab-separated values."""
    offices: dict = {}
    for term in kg.instances(BKG.OfficeTerm):
        holder, office = kg.value(term, BKG.holder), kg.value(term, BKG.office)
        state = kg.value(office, BKG.officeOf) if office is not None else None
        if holder is not None and state is not None and kg.is_a(state, BKG.State):
            offices.setdefault(holder, set()).add(state)
    rows = []
    for e in sorted(kg.instances(BKG.Event), key=lambda e: (kg.sort_date(e), str(e))):
        types = kg.specific_types(e)
        cls = types[0] if types else BKG.Event
        code = _cameo(kg, cls)
        # the fact that made the event: its graph has the event's id (a lookup, not a scan of every fact)
        prov = kg.provenance.get(URIRef(f"{kg.base}fact/{str(e).rsplit('/', 1)[-1]}"))
        prov = prov if prov is not None and prov.topic == e else None
        dates = [kg.value(e, p) for p in (BKG.date, BKG.datePrecision, BKG.startDate, BKG.endDate,
                                          BKG.startDatePrecision, BKG.endDatePrecision,
                                          BKG.earliestDate, BKG.latestDate)]
        dates = [str(d).rsplit("#", 1)[-1] if i in (1, 4, 5) and d is not None else d for i, d in enumerate(dates)]
        mutual = str(kg.value(e, BKG.mutual) or "").lower() == "true"  # a mutual invitation goes both ways
        for a, b, symmetric in _dyads(kg, e):
            symmetric = symmetric or mutual
            rows.append([str(e), str(cls).rsplit("#", 1)[-1], code, quad_class(code),
                         *("" if d is None else str(d) for d in dates),
                         str(a), kg.label(a, "en"), _country(kg, a, offices),
                         str(b), kg.label(b, "en"), _country(kg, b, offices),
                         "true" if symmetric else "false",
                         str(prov.source or "") if prov else "", str(prov.start) if prov and prov.start is not None
                         else "", str(prov.end) if prov and prov.end is not None else ""])
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")
