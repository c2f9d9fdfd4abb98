"""``kg extract``: draft facts from an Arabic source text, for curators to review.

The API::

    extraction = extract_file(path, data_dir=Path("data"))   # raises DataError (exit 2)
    print(to_json(extraction))                                # the JSON of the issue
    print(to_yaml(extraction))                                # draft facts, curated format
    report = evaluate(extraction, corpus.records, source="kuwait-azerbaijan-relations")
    report = evaluate_file(extraction, Path("data/facts/kuwait-azerbaijan-relations.yaml"))

The pipeline: split the text into sentences (:mod:`kg.text.sentences`); fold it for
matching, offsets kept (:mod:`kg.text.normalise`); find dates (:mod:`.dates`);
find mentions of the registry's entities (:mod:`.entities`), composed offices and
unknown names (:mod:`.mentions`); type events by their cues (:mod:`.cues`) and give
them participants, dates and places (:mod:`.events`, which runs :mod:`.actors`,
:mod:`.clauses`, :mod:`.roles`, :mod:`.references` and :mod:`.attach`; word
tables in :mod:`.lexicon`). Everything new (a person, office, delegation,
unnamed office-holder, agreement, embassy) is a suggestion in ``new_entities``,
never dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import DataError, Location
from kg.extract.dates import DateMention, find_dates
from kg.extract.entities import Registry
from kg.extract.events import Extractor
from kg.extract.mentions import MentionFinder, states_named
from kg.extract.model import Actor, DraftEvent, NewEntity
from kg.text.normalise import normalise, tokens
from kg.pipeline.provenance import pair_problem
from kg.text.sentences import split

__all__ = ["Extraction", "Event", "Participant", "Registry", "extract_file", "extract_text", "to_json",
           "to_yaml", "evaluate", "kebab"]


def kebab(cls: str) -> str:
    """``OfficialVisit`` → ``official-visit``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", cls).lower()


@dataclass
class Participant:
    id: str  # registry id, or the id of a new-entity suggestion
    iri: str
    label: str  # the words of the source (the registry's Arabic label where the text has none)
    role: str  # an ontology property: visitor, hostState, participant, speaker...
    kind: str  # 'registry', 'new' or 'office-holder' (a person named only by office)
    start: int | None = None
    end: int | None = None
    office: str | None = None  # for office-holders: the office id

    def as_json(self) -> dict:
        out = {"entity": self.iri, "label": self.label, "role": self.role, "id": self.id, "kind": self.kind}
        if self.office:
            out["office"] = self.office
        if self.start is not None:
            out["start"], out["end"] = self.start, self.end
        return out


@dataclass
class Event:
    id: str
    type: str  # kebab case of the ontology class: official-visit
    cls: str  # the ontology class local name: OfficialVisit
    date: str | None
    precision: str | None
    qualifier: str | None
    participants: list[Participant]
    place: str | None  # registry id
    place_iri: str | None
    quote: str
    start: int
    end: int
    cue: str
    cue_start: int
    cue_end: int
    date_relation: dict | None = None  # {'after': '2001-09-11', 'text': ...}
    hijri: str | None = None
    extra: dict = field(default_factory=dict)
    date_end: str | None = None  # the end of a range ("from 9 to 13 July 1994"); ``date`` is then its start
    end_precision: str | None = None

    def as_json(self) -> dict:
        out = {"type": self.type, "date": self.date, "precision": self.precision, "qualifier": self.qualifier,
               "date_end": self.date_end, "end_precision": self.end_precision,
               "participants": [p.as_json() for p in self.participants], "place": self.place_iri,
               "quote": self.quote, "start": self.start, "end": self.end, "id": self.id,
               "cue": {"text": self.cue, "start": self.cue_start, "end": self.cue_end}}
        if self.date_relation:
            out["date_relation"] = self.date_relation
        if self.hijri:
            out["hijri"] = self.hijri
        return out


@dataclass
class Extraction:
    source: str  # the file as given (or a name for a text)
    source_id: str
    text: str
    events: list[Event]
    new_entities: list[NewEntity]
    registry: Registry
    sentences: int
    dates: list[DateMention] = field(default_factory=list)
    pair: tuple[str, ...] = ()
    home_state: str | None = None
    sentence_spans: list = field(default_factory=list)  # the text's sentences (kg.text.sentences.Sentence)
    title: str | None = None  # the source record's title in the text's language (it cites its sentence)

    def new_entity(self, nid: str) -> NewEntity | None:
        return next((e for e in self.new_entities if e.id == nid), None)


# --- Running -----------------------------------------------------------------------------------

def read_text(path: Path) -> str:
    """The text of a file, or :class:`DataError` (file and line) if it is missing, not UTF-8 or empty."""
    from kg.extract.register import arabic_share, read_text_file

    path = Path(path)
    shown = str(path)
    _, text = read_text_file(path)
    if not text.strip("\ufeff \t\r\n\u200f\u200e"):
        raise DataError(Location(shown, 1), "empty file: there is no text to extract from")
    if (share := arabic_share(text)) < 0.5:
        raise DataError(Location(shown, 1), f"not Arabic text ({share:.0%} of its letters are Arabic): "
                                            "kg extract reads Arabic sources")
    return text



def extract_file(path, *, data_dir=Path("data"), base: str | None = None, home_state: str | None = None,
                 registry: Registry | None = None) -> Extraction:
    """Extract draft facts from a UTF-8 text file, linking to the registry of ``data_dir``.

    Raises :class:`kg.core.errors.DataError` (exit code 2 in the CLI) for a missing,
    non-UTF-8 or empty file, with the file and line.
    """
    text = read_text(Path(path))
    reg = registry or Registry.load(Path(data_dir), base)
    sid, pair, title = _source_record(Path(path), reg)
    return extract_text(text, reg, source=str(path), source_id=sid, home_state=home_state, pair=pair, title=title)


def _source_record(path: Path, reg: Registry) -> tuple[str, tuple[str, ...] | None, str | None]:
    """The id, pair and Arabic title of the source record beside a text (``sources/<id>.yaml`` whose ``text``
    is it), if any.

    A pair naming a state the registry does not know is a :class:`DataError` (file, line, value).
    """
    from kg.core.yamlnodes import plain, read_yaml

    for meta in sorted(path.parent.glob("*.yaml")):
        try:
            record = plain(read_yaml(meta, str(meta)))
        except DataError:  # not a source record (anchors, not YAML, not UTF-8...): not the one beside FILE
            continue
        if not isinstance(record, dict) or record.get("text") != path.name:
            continue
        pair = record.get("pair")
        title = record.get("title", {}).get("ar") if isinstance(record.get("title"), dict) else None
        title = title if isinstance(title, str) else None
        if pair is None:
            return str(record.get("id") or _source_id(path)), None, title
        items = [str(x) for x in pair] if isinstance(pair, list) else [str(pair)]
        problem = pair_problem(items, {e.id for e in reg.entities.values() if e.kind == "state"})
        if problem is not None:
            lines = meta.read_text(encoding="utf-8").splitlines()
            line = next((i + 1 for i, t in enumerate(lines) if t.startswith("pair:")), None)
            raise DataError(Location(str(meta), line), problem[0], problem[1] or ", ".join(items))
        return str(record.get("id") or _source_id(path)), tuple(items), title
    return _source_id(path), None, None


def _source_id(path: Path) -> str:
    name = path.name
    for suffix in (".txt", ".ar", ".text"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return name or "source"


def extract_text(text: str, registry: Registry, *, source: str = "<text>", source_id: str = "source",
                 home_state: str | None = None, pair: tuple[str, ...] | None = None,
                 title: str | None = None) -> Extraction:
    """Extract draft events from ``text`` (see the module docstring).

    ``pair`` (the two states the document is about; "البلدين", "الجانبان" stand for
    them) comes from the source record; without one, it is the two states the
    ``title`` names (the record's Arabic title), else the two the text names most.
    """
    norm = normalise(text)
    toks = tokens(norm)
    sentences = split(text, title)
    mentions = MentionFinder(registry, None).find(norm, toks)
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for m in mentions:
        st = m.entity if (m.kind == "entity" and m.ekind == "state") else (m.state if m.kind == "adj" else None)
        if st:
            counts[st] += 1
            first.setdefault(st, m.start)
    ranked = sorted(counts, key=lambda s: (-counts[s], first[s]))
    if pair is None:
        in_title = states_named(title, registry) if title else []
        pair = tuple(in_title) if len(in_title) == 2 else tuple(ranked[:2])
    if set(pair) == set(ranked[:2]):
        pair = tuple(ranked[:2])  # the order of the text: the state it speaks of most first
    if home_state is None and ranked:
        home_state = ranked[0]  # the state the text speaks of most is the narrator's ("بلدنا")
    kingdom = _kingdom(registry, pair)
    if any(m.kind == "our" for m in mentions) or kingdom:
        mentions = MentionFinder(registry, home_state, kingdom).find(norm, toks)
    dates = find_dates(norm)
    ex = Extractor(registry, norm, toks, sentences, mentions, dates, pair=pair, home_state=home_state,
                   title=title)
    drafts = ex.run()
    extraction = _finish(text, registry, source, source_id, sentences, drafts, ex, dates, pair, home_state)
    extraction.title = title
    return extraction


def _kingdom(registry: Registry, pair: tuple[str, ...]) -> str | None:
    """The one state of the pair whose head of state is a king (the reference's states.tsv), if one."""
    ref = registry.reference
    if ref is None:
        return None
    kings = [s for s in pair if s in ref.states and "king" in ref.states[s].head_of_state]
    return kings[0] if len(kings) == 1 else None


# --- Turning drafts into events --------------------------------------------------------------

def _finish(text, reg, source, source_id, sentences, drafts: list[DraftEvent], ex: Extractor, dates, pair,
            home_state) -> Extraction:
    holders: dict[tuple, str] = {}
    events: list[Event] = []
    used_ids: set[str] = set()
    for d in drafts:
        parts: list[Participant] = []
        for role, a in d.participants:
            p = _participant(reg, ex, a, role, d, holders)
            if p is not None and not any(q.id == p.id and q.role == p.role for q in parts):
                parts.append(p)
        date = d.date
        sent = d.sentence
        quote = text[sent.start:sent.end]
        cue_s, cue_e = ex.norm.span(ex.toks[d.cue.t0].i, ex.toks[d.cue.t1 - 1].j)
        relation = None
        if d.date_relation is not None:
            r = d.date_relation
            relation = {r.relation: r.value or r.hijri, "text": r.text, "start": r.start, "end": r.end}
        place = d.place.entity if d.place is not None and d.place.entity in reg.entities else None
        value = date.value if date is not None else None
        ev = Event(
            id="", type=kebab(d.type), cls=d.type, date=value,
            precision=(date.precision if date is not None and value else None),
            qualifier=(date.qualifier if date is not None and value else None),
            participants=parts, place=place, place_iri=reg.iri(place) if place else None,
            quote=quote, start=sent.start, end=sent.end, cue=text[cue_s:cue_e], cue_start=cue_s, cue_end=cue_e,
            date_relation=relation, hijri=date.hijri if date is not None and date.calendar == "hijri" else None,
            extra=_extra(reg, ex, d),
            date_end=date.end_value if date is not None and value else None,
            end_precision=date.end_precision if date is not None and value else None,
        )
        ev.id = _event_id(ev, used_ids)
        events.append(ev)
    by_draft = {id(d): ev for ev, d in zip(events, drafts)}
    for ev in events:
        for k in ("dated_by", "answers"):
            if k in ev.extra:
                ref = by_draft.get(id(ev.extra[k]))
                if ref is None:
                    ev.extra.pop(k)
                else:
                    ev.extra[k] = ref.id
    # suggestions: agreements, embassies, office-holders, and those the extractor made
    for ev, d in zip(events, drafts):
        if "agreement" in d.extra:
            label, span = d.extra["agreement"]
            cls = "MemorandumOfUnderstanding" if re.search(r"مذكر\S*\s+(?:ال)?تفاهم", label) else "Agreement"
            nid = ex.suggest("agreement", cls, label, span, dedup=("agreement", label))
            ex.new[nid].props["signedAt"] = ev.id
            ev.extra["agreement"] = nid
        if "embassy" in d.extra:
            sending, receiving, seat = d.extra["embassy"]
            if sending and receiving:
                nid = ex.suggest("embassy", "Embassy", ev.quote,
                              (ev.start, ev.end), dedup=("embassy", sending, receiving),
                              ident=f"embassy-of-{sending}-in-{receiving}", sendingState=sending,
                              receivingState=receiving, **({"seat": seat} if seat else {}))
                ev.extra["embassy"] = nid
            else:
                ev.extra.pop("embassy", None)
    return Extraction(source, source_id, text, events, list(ex.new.values()), reg, len(sentences), dates, pair,
                      home_state, list(sentences))


def _extra(reg, ex, d: DraftEvent) -> dict:
    out = {}
    if "summit" in d.extra:
        out["summit"] = d.extra["summit"].entity
    if "invitedTo" in d.extra:
        out["invitedTo"] = [a.entity for a in d.extra["invitedTo"] if a.entity]
    if d.extra.get("mutual"):
        out["mutual"] = True
    for k in ("agreement", "embassy"):
        if k in d.extra:
            out[k] = d.extra[k]
    if "paragraph_date" in d.extra:
        out["paragraph_date"] = d.extra["paragraph_date"]
    for k in ("dated_by", "answers"):
        if k in d.extra:
            out[k] = d.extra[k]  # a DraftEvent, made an event id in _finish
    if "dateline" in d.extra:
        out["dateline"] = d.extra["dateline"]
    return out


def _participant(reg: Registry, ex: Extractor, a: Actor, role: str, d: DraftEvent, holders) -> Participant | None:
    label = a.text
    if a.kind == "holder":
        office = a.entity or (a.offices[0] if a.offices else None)
        if office is None:
            return None
        when = (d.date.value[:7] if d.date is not None and d.date.value else f"p{d.sentence.paragraph}")
        hkey = (office, d.sentence.paragraph)
        if hkey not in holders:
            hid = f"{office}-holder-{when}".replace("--", "-")
            hid = re.sub(r"[^a-z0-9-]", "", hid)
            nid = ex.suggest("office-holder", "Person", a.text, (a.start, a.end), dedup=("holder",) + hkey, ident=hid,
                          knownOnlyByOffice="true", office=office)
            holders[hkey] = nid
        nid = holders[hkey]
        if (a.start, a.end) not in ex.new[nid].mentions and a.end > a.start:
            ex.new[nid].mentions.append((a.start, a.end))
        return Participant(nid, reg.iri(nid, "Person"), label or ex.new[nid].label, role, "office-holder",
                           a.start, a.end, office=office)
    ref = a.ref
    if ref is None:
        return None
    if ref in reg.entities:
        e = reg.entities[ref]
        return Participant(ref, reg.iri(ref), label or e.label_ar, role, "registry",
                           a.start if label else None, a.end if label else None)
    ent = ex.new.get(ref)
    cls = ent.type if ent else "Person"
    return Participant(ref, reg.iri(ref, cls), label or (ent.label if ent else ref), role, "new", a.start, a.end)


def _event_id(ev: Event, used: set[str]) -> str:
    parts = [ev.date or "undated", ev.type]
    for p in ev.participants:
        if p.kind != "registry" or p.role in ("hostState", "visitingState", "sendingState", "receivingState",
                                              "recipient", "party"):
            continue
        if p.id not in parts:
            parts.append(p.id)
    ident = "-".join(parts)
    ident = re.sub(r"[^a-z0-9-]+", "-", ident.lower()).strip("-")[:90].strip("-")
    base, k = ident, 2
    while ident in used:
        ident = f"{base}-{k}"
        k += 1
    used.add(ident)
    return ident


from kg.extract.drafts import to_json, to_yaml  # noqa: E402  (the output of an Extraction)
from kg.extract.evaluate import evaluate  # noqa: E402
