"""Extraction results as text: JSON for tools, YAML draft facts in the curated format for curators."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.extract import Event, Extraction


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
    if ev.date is None:
        return None
    if ev.precision == "decade":
        return {"decade": ev.date}
    if ev.qualifier:
        return {"value": ev.date, "qualifier": ev.qualifier}
    return ev.date


def to_yaml(extraction: Extraction) -> str:
    """Draft facts in the curated format of ``data/facts/*.yaml``, for review."""
    import yaml

    ex = extraction
    text = ex.text
    facts = []
    for ev in ex.events:
        fact: dict = {"id": ev.id, "type": ev.cls, "quote": _quote(text, ev.start, ev.end)}
        roles: dict[str, list[str]] = {}
        for p in ev.participants:
            roles.setdefault(p.role, [])
            if p.id not in roles[p.role]:
                roles[p.role].append(p.id)
        for role, ids in roles.items():
            if role in ("sendingState", "receivingState"):
                continue  # properties of the embassy, below
            fact[role] = ids[0] if len(ids) == 1 else ids
        for k in ("summit",):
            if ev.extra.get(k):
                fact[k] = ev.extra[k]
        if ev.extra.get("invitedTo"):
            v = ev.extra["invitedTo"]
            fact["invitedTo"] = v[0] if len(v) == 1 else v
        if ev.extra.get("mutual"):
            fact["mutual"] = True
        if ev.extra.get("agreement"):
            fact["agreement"] = ev.extra["agreement"]
        if ev.extra.get("embassy"):
            fact["embassy"] = ev.extra["embassy"]
        if ev.place:
            fact["place"] = ev.place
        d = _date_yaml(ev)
        if d is not None:
            fact["date"] = d
        fact["label"] = {"en": "TODO"}
        notes = [f"cue: {ev.cue}"]
        if ev.date_relation:
            rel = next(k for k in ev.date_relation if k in ("after", "before", "since", "until"))
            notes.append(f"date: {rel} {ev.date_relation[rel]} ({ev.date_relation['text']}); "
                         f"write {{{'after' if rel in ('after', 'since') else 'before'}: <fact id>}}")
        if ev.hijri:
            notes.append(f"Hijri date {ev.hijri} in the text, not converted")
        if ev.date is None and not ev.date_relation and not ev.hijri:
            notes.append("no date found")
        fact["note"] = "; ".join(notes)
        facts.append(fact)
    registry_entries = []
    for n in ex.new_entities:
        span = n.mentions[0] if n.mentions else None
        if n.kind in ("office-holder", "delegation", "agreement", "embassy"):
            fact = {"id": n.id, "type": n.type}
            if span:
                fact["quote"] = _quote(text, *span)
            for k, v in n.props.items():
                if k == "knownOnlyByOffice":
                    fact[k] = True
                elif k in ("office",):
                    continue
                else:
                    fact[k] = v
            fact["label"] = {"en": "TODO", "ar": n.label}
            facts.append(fact)
            if n.kind == "office-holder":
                term = {"id": f"{n.id}-term", "type": "OfficeTerm"}
                if span:
                    term["quote"] = _quote(text, *span)
                term["holder"] = n.id
                term["office"] = n.props.get("office")
                first_ev = next((e for e in ex.events if any(p.id == n.id for p in e.participants)), None)
                if first_ev is not None:
                    if first_ev.date:
                        term["attestedOn"] = first_ev.date
                    term["attestedIn"] = first_ev.id
                term["label"] = {"en": "TODO"}
                facts.append(term)
        else:
            entry = {"id": n.id, "type": n.type, "label": {"en": "TODO", "ar": n.label}}
            entry.update({k: v for k, v in n.props.items()})
            registry_entries.append(entry)
    doc = {"source": ex.source_id, "facts": facts}
    if registry_entries:
        doc["newEntities"] = registry_entries
    header = (f"# Draft facts extracted by `kg extract` from {ex.source}.\n"
              "# Every value is a suggestion: check each quote, type, participant and date against the\n"
              "# text, write the English labels (TODO), then copy what is right into data/facts/ and\n"
              "# the entries under newEntities into data/entities.yaml (with ids of your choosing).\n")
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=None)
    return header + body
