"""Extraction results as text: JSON for tools, YAML draft facts in the curated format for curators.

The drafts are written with the writer of :mod:`kg.pipeline.facts_format` (its PyYAML style).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from kg.pipeline import facts_format as ff

if TYPE_CHECKING:
    from kg.extract import Event, Extraction, NewEntity


def to_json(extraction: Extraction, indent: int | None = 2) -> str:
    """The extraction as JSON: ``{"source", "events": [...], "new_entities": [...]}``."""
    reg = extraction.registry
    doc = {
        "source": extraction.source,
        "events": [e.as_json() for e in extraction.events],
        "new_entities": [
            {"id": n.id, "type": n.type, "kind": n.kind, "label": n.label, "iri": reg.iri(n.id, n.type),
             "mentions": [{"start": s, "end": e} for s, e in n.mentions], "properties": n.props}
            for n in extraction.new_entities],
    }
    return json.dumps(doc, ensure_ascii=False, indent=indent)


def _quote(text: str, start: int, end: int):
    exact = text[start:end]
    starts = [m.start() for m in re.finditer(re.escape(exact), text)]
    if len(starts) <= 1:
        return exact
    return {"exact": exact, "occurrence": starts.index(start) + 1 if start in starts else 1}


def _date_yaml(ev: Event):
    if ev.extra.get("answers"):
        return {"before": ev.extra["answers"]}
    if ev.date is None:
        return "undated" if not ev.date_relation and not ev.hijri else None
    if ev.date_end:
        return {"from": ev.date, "to": ev.date_end}
    if ev.precision == "decade":
        return {"decade": ev.date}
    if ev.qualifier:
        return {"value": ev.date, "qualifier": ev.qualifier}
    return ev.date


def _event_fact(ev: Event, text: str) -> list[tuple[str, object]]:
    """The draft fact of one extracted event, its fields in the order of the curated format."""
    roles: dict[str, list[str]] = {}
    for p in ev.participants:
        roles.setdefault(p.role, [])
        if p.id not in roles[p.role]:
            roles[p.role].append(p.id)
    props: list[tuple[str, object]] = [
        (role, ids[0] if len(ids) == 1 else ids) for role, ids in roles.items()
        if role not in ("sendingState", "receivingState")]  # properties of the embassy, not of the event
    if ev.extra.get("summit"):
        props.append(("summit", ev.extra["summit"]))
    if ev.extra.get("invitedTo"):
        v = ev.extra["invitedTo"]
        props.append(("invitedTo", v[0] if len(v) == 1 else v))
    if ev.extra.get("mutual"):
        props.append(("mutual", True))
    if ev.extra.get("answers"):
        props.append(("answeredBy", ev.extra["answers"]))
    for k in ("agreement", "embassy"):
        if ev.extra.get(k):
            props.append((k, ev.extra[k]))
    if ev.place:
        props.append(("place", ev.place))
    return ff.fact_fields(ev.id, type=ev.cls, quote=_quote(text, ev.start, ev.end), props=props,
                          date=_date_yaml(ev), label={"en": "TODO", "ar": "TODO"}, note=_event_note(ev),
                          draft=True)


def _event_note(ev: Event) -> str:
    """The note for the curator: the cue, and what became of the date."""
    notes = [f"cue: {ev.cue}"]
    if ev.date_relation:
        rel = next(k for k in ev.date_relation if k in ("after", "before", "since", "until"))
        notes.append(f"date: {rel} {ev.date_relation[rel]} ({ev.date_relation['text']}); "
                     f"write {{{'after' if rel in ('after', 'since') else 'before'}: <fact id>}}")
    if ev.hijri:
        notes.append(f"Hijri date {ev.hijri} in the text, not converted")
    if ev.extra.get("answers"):
        notes.append(f"date: before {ev.extra['answers']}, the visit that answers it")
    elif ev.date is None and not ev.date_relation and not ev.hijri:
        if ev.extra.get("paragraph_date"):
            notes.append(f"its sentence gives no date; the last date of its paragraph is "
                         f"{ev.extra['paragraph_date']}, which the text does not give to this event: write it "
                         "only if the text means it, else undated")
        else:
            notes.append("no date found: undated unless the text dates it")
    if ev.extra.get("dated_by"):
        notes.append(f"date: that of {ev.extra['dated_by']}, the event its sentence refers to")
    return "; ".join(notes)


def _new_entity_facts(ex: Extraction, n: NewEntity) -> list[list[tuple[str, object]]]:
    """The draft facts of a new office holder, delegation, agreement or embassy (with its term, for a holder)."""
    text = ex.text
    span = n.mentions[0] if n.mentions else None
    quote = _quote(text, *span) if span else None
    props = [(k, True if k == "knownOnlyByOffice" else v) for k, v in n.props.items() if k != "office"]
    out = [ff.fact_fields(n.id, type=n.type, quote=quote, props=props, label={"en": "TODO", "ar": n.label},
                          draft=True)]
    if n.kind in ("office-holder", "person") and n.props.get("office"):
        term_props: list[tuple[str, object]] = [("holder", n.id), ("office", n.props.get("office"))]
        first_ev = next((e for e in ex.events if any(p.id == n.id for p in e.participants)), None)
        if first_ev is not None:
            if first_ev.date:
                term_props.append(("attestedOn", first_ev.date))
            term_props.append(("attestedIn", first_ev.id))
        out.append(ff.fact_fields(f"{n.id}-term", type="OfficeTerm", quote=quote, props=term_props,
                                  label={"en": "TODO", "ar": "TODO"}, draft=True))
    return out


#: The comment above a draft; {source} is the file the text was read from.
DRAFT_HEADER = (
    "Draft facts extracted by `kg extract` from {source}.",
    "Every entry is marked 'draft: true' and `kg build` refuses it until a curator has",
    "checked its quote, type, participants and date against the text, written its English",
    "label (TODO) and deleted the mark. Move the entries under newEntities (suggestions for",
    "the registry) into entities.yaml, with ids of your choosing. See data/README.md.",
)


def to_yaml(extraction: Extraction) -> str:
    """Draft facts in the curated format of ``data/facts/*.yaml``, for review.

    The facts of the events come first, then those of the new office holders,
    delegations, agreements and embassies; the sentences no event cites are
    listed under ``uncovered``; other new entities are listed under
    ``newEntities``, as entries for the registry. Every entry is marked
    ``draft: true``, which ``kg build`` refuses until a curator removes it.
    """
    ex = extraction
    facts = [_event_fact(ev, ex.text) for ev in ex.events]
    registry_entries = []
    for n in ex.new_entities:
        if n.kind in ("office-holder", "delegation", "agreement", "embassy"):
            facts += _new_entity_facts(ex, n)
        else:
            registry_entries.append(ff.entity_fields(n.id, type=n.type, label={"en": "TODO", "ar": n.label},
                                                     props=[kv for kv in n.props.items() if kv[0] != "office"],
                                                     draft=True))
            if n.kind == "person" and n.props.get("office"):  # the term of office its title names, a fact
                facts += _new_entity_facts(ex, n)[1:]
    out = ff.FactsWriter(ff.PyYamlStyle())
    for line in DRAFT_HEADER:
        out.comment(line.format(source=ex.source))
    out.entry(ff.SOURCE, ex.source_id)
    out.records(ff.FACTS, facts)
    cited = [(e.start, e.end) for e in ex.events]
    if ex.title and (at := ex.text.find(ex.title)) >= 0:  # the build counts the title as citing its sentence
        cited.append((at, at + len(ex.title)))
    uncovered = [[(ff.SENTENCE, ex.text[s.start:s.end]), (ff.DRAFT, True),
                  (ff.REASON, ff.DRAFT_REASON)]
                 for s in ex.sentence_spans if not any(a < s.end and b > s.start for a, b in cited)]
    if uncovered:
        out.records(ff.UNCOVERED, uncovered)
    if registry_entries:
        out.records(ff.NEW_ENTITIES, registry_entries)
    return out.text()
