"""Completing draft events: their dates and places, one meeting per counterpart, shared participants."""

from __future__ import annotations

from kg.extract.dates import DateMention
from kg.extract.document import Document
from kg.extract.model import Actor, DraftEvent
from kg.extract.references import References


def attach_date(doc: Document, ev: DraftEvent, dates: list[DateMention], zone_end: int,
                ref_event: DraftEvent | None, ctx: dict) -> None:
    """Date an event: the first date of its clause (else the nearest of its sentence), else the date of the
    event its sentence refers to ("خلال الزيارة"; recorded as ``extra['dated_by']``), else none.

    A date governed by after/before/since/until becomes the event's ``date_relation``.
    A date is never carried over from another sentence: an event the text does not
    date stays undated.
    """
    c = ev.cue
    if "answers" in ev.extra:
        return  # an invitation a visit answers came before it: its date is only known relative to the visit
    if dates:
        usable = [d for d in dates if d.value or d.hijri]
        greg = [d for d in usable if d.calendar == "gregorian"]
        pool = greg or usable
        cue_at = doc.start(c.head)
        zone_at = doc.start(zone_end) if zone_end < len(doc.toks) else len(doc.norm.original)
        ahead = [d for d in pool if cue_at <= d.start < zone_at]
        chosen = ahead[0] if ahead else (min(pool, key=lambda d: abs(d.start - cue_at)) if pool else None)
        if chosen is not None:
            if chosen.relation in ("after", "before", "since", "until"):
                ev.date_relation = chosen
            else:
                ev.date = chosen
            return
    if _dated_by_dateline(doc, ev, ctx):
        return
    if ref_event is not None:
        ev.date, ev.date_relation = ref_event.date, ref_event.date_relation
        if ref_event.date is not None or ref_event.date_relation is not None:
            ev.extra["dated_by"] = ref_event
        return
    if ctx.get("date") and ctx["date"][0] is not None:
        ev.extra["paragraph_date"] = ctx["date"][0].text  # for the curator's note only: not the event's date


#: "today" and "yesterday" in a dispatch: days counted from its dateline.
_RELATIVE_DAYS = {"اليوم": 0, "امس": -1}


def _dated_by_dateline(doc: Document, ev: DraftEvent, ctx: dict) -> bool:
    """Date an event of a dispatch by its dateline when its sentence says "اليوم" (that day) or "أمس" (the
    day before); recorded in ``extra['dateline']`` (the dateline's offset and the days counted)."""
    line = ctx.get("dateline")
    if line is None:
        return False
    lo, hi = doc.token_range(ev.sentence)
    days = next((_RELATIVE_DAYS[doc.bare(i)] for i in range(lo, hi) if doc.bare(i) in _RELATIVE_DAYS), None)
    if days is None:
        return False
    from dataclasses import replace
    from datetime import date, timedelta

    day = date.fromisoformat(line.value) + timedelta(days=days)
    ev.date = replace(line, value=day.isoformat(), relation=None)
    ev.extra["dateline"] = {"start": line.start, "days": days}
    return True


def attach_place(ev: DraftEvent, actors: list[Actor], ctx: dict, made: list[DraftEvent]) -> None:
    """Place an event: a place or state after its cue under في, else the place of a visit of its date."""
    if ev.place is not None or ev.type in ("EmbassyOpening",):
        return
    c = ev.cue
    for a in actors:
        if a.t0 > c.t0 and a.prep == "في" and a.kind in ("place", "state") and not any(
                a.same(p) for _, p in ev.participants):
            ev.place = a
            return
    for e in list(made) + list(reversed(ctx["events"])):
        if e is not ev and e.family == "visit" and e.place is not None and (e.date == ev.date or e.date is None):
            ev.place = e.place
            return


def split_by_counterpart(ev: DraftEvent, refs: References) -> list[DraftEvent]:
    """لقاءات مع A و B و C: one meeting per counterpart, as curators record them."""
    if ev.type not in ("Meeting", "Talks") or "plural" not in ev.cue.flags or ev.extra.get("between") \
            or ev.agent is None:
        return [ev]
    mine = [p for r, p in ev.participants if ev.agent is not None and any(p.same(x) for x in refs.expand(ev.agent, [], {}, None))]
    others = [p for r, p in ev.participants if p not in mine]
    if len(others) < 2:
        return [ev]
    out = []
    for o in others:
        e = DraftEvent(ev.type, ev.cue, ev.sentence, [("participant", p) for p in mine] + [("participant", o)],
                       ev.date, ev.date_relation, ev.place, ev.agent, dict(ev.extra))
        out.append(e)
    return out


def share_participants(made: list[DraftEvent]) -> None:
    """A meeting and talks held by the same agent in one sentence have the same participants."""
    fam = [e for e in made if e.family in ("meeting", "talks") and e.agent is not None]
    for e in fam:
        for f in fam:
            if e is not f and e.agent.same(f.agent) and "plural" not in e.cue.flags and "plural" not in f.cue.flags:
                role = "participant" if e.type != "Reception" else "guest"
                for r, p in f.participants:
                    if not any(p.same(q) for _, q in e.participants):
                        e.participants.append((role, p))
