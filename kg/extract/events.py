"""Diplomatic events: cues, their participants, dates and places.

Each event is typed by its cue, from general Arabic diplomatic-news vocabulary
(verbs in their common conjugations, with proclitics and object pronouns;
verbal nouns with a light verb such as قام/أجرى):

==========================  ==============================================================
type                        cues
==========================  ==============================================================
visit                       زار، يزور، زيارة (قام/أجرى/أدى بزيارة)، وصل ... في زيارة
official-visit              زيارة رسمية، زيارة دولة
delegation-visit            a visit whose visitor is a delegation (وفد ... زار)
meeting                     التقى، لقاء، اجتمع، اجتماع
reception                   استقبل، استقبال، قابل
talks                       محادثات، مباحثات، مشاورات، بحث، ناقش، تباحث
summit-attendance           شارك/المشاركة/حضر/حضور + قمة
press-conference            مؤتمر صحفي/صحافي
agreement-signing           وقّع/التوقيع + مذكرة/اتفاقية/اتفاق/معاهدة/بروتوكول
diplomatic-relations-...    أنشئت/إقامة/تأسيس/أقامت + العلاقات الدبلوماسية
embassy-opening             افتتح/افتتاح/فتح + سفارة; السفارة ... بدأت/باشرت عملها
aid-provision               قدّم/منح/أرسل/تبرع/خصص + مساعدات/معونات/منحة/قرض
aid-pledge                  the same in the future (سنقدم، سوف نقدم) or تعهد/وعد بتقديم
invitation                  دعا/دعوة + لزيارة/للقيام بزيارة/لحضور
greetings-conveyed          بلّغ/أبلغ/نقل + تحيات/تحية
statement                   قال، صرّح، أكد، أشار، أعلن، ذكر، أوضح، شدد، وصف، نبّه، لفت، اعتبر،
                            أضاف، أفاد، نوّه، قائلا (أعرب/عبّر/أبدى only without another)
==========================  ==============================================================

A verbal noun that only refers back to an event (خلال الزيارة, اثناء اللقاء,
هذه الزيارة) is not a new event when the paragraph already reported one of its
kind; one governed by before/after/since (قبل إنشاء العلاقات) never is; a
visit that is the object of an invitation (دعوة ... لزيارة) or in the future
(سيقوم بزيارة) is not reported as having happened. Inside a quotation only
pledges count (the quotation is the speaker's words, not the narrator's).

Participants are the actors (persons, unnamed office-holders, delegations,
organisations, states) of the cue's clause, with roles named by the ontology's
properties; a missing subject is the paragraph's current actor, "both sides"
(الطرفان، رئيسا الدولتين) are the actors of the event they refer to. Dates
come from the sentence, else from the event referred to, else from the
paragraph so far; a date governed by after/before (عقب هجمات ١١ سبتمبر) dates
another event, so the event's own date is only known relative to it.
"""

from __future__ import annotations

import re

from kg.extract.actors import ActorFinder
from kg.extract.attach import (
    attach_date,
    attach_place,
    share_participants,
    split_by_counterpart,
)
from kg.extract.clauses import ClauseReader
from kg.extract.cues import find_cues
from kg.extract.dates import DateMention
from kg.extract.document import Document
from kg.extract.entities import Registry
from kg.extract.lexicon import RELATIVE, SUBORDINATE, TOPIC
from kg.extract.mentions import Mention
from kg.extract.model import Actor, Cue, DraftEvent, NewEntity
from kg.extract.offices import OfficeBook
from kg.extract.references import References
from kg.extract.roles import RoleAssigner
from kg.extract.suggestions import Suggestions
from kg.text.normalise import Normalised, Token
from kg.text.sentences import Sentence

__all__ = ["Actor", "Cue", "DraftEvent", "Extractor", "NewEntity", "find_cues"]


class Extractor:
    """Turns one document (tokens, mentions, dates, sentences) into draft events.

    Its parts: :class:`~kg.extract.actors.ActorFinder` (who is named),
    :class:`~kg.extract.clauses.ClauseReader` (new event or reference; the subject),
    :class:`~kg.extract.roles.RoleAssigner` (participants and their roles),
    :mod:`kg.extract.attach` (dates and places), :class:`~kg.extract.references.References`
    (what "both sides", anaphors and "our country" stand for), and the new-entity
    :class:`~kg.extract.suggestions.Suggestions` they share.
    """

    def __init__(self, registry: Registry, norm: Normalised, toks: list[Token], sentences: list[Sentence],
                 mentions: list[Mention], dates: list[DateMention], *, pair: tuple[str, ...],
                 home_state: str | None, title: str | None = None):
        self.reg = registry
        self.title = title  # the source record's title: its line reports no event
        self.doc = Document(norm, toks, sentences, mentions, dates)
        self.norm, self.toks = norm, toks
        self.events: list[DraftEvent] = []
        self.suggestions = Suggestions(registry)
        self.new: dict[str, NewEntity] = self.suggestions.new
        self.offices = OfficeBook(registry, self.suggestions)
        self.actors = ActorFinder(registry, self.doc, self.suggestions, self.offices, pair)
        self.refs = References(registry, self.offices, self.events, pair=pair, home_state=home_state)
        self.clauses = ClauseReader(self.doc)
        self.roles = RoleAssigner(registry, self.doc, self.refs)

    def suggest(self, kind: str, cls: str, label: str, span: tuple[int, int], dedup: tuple | None = None,
                ident: str | None = None, **props: str) -> str:
        """A new-entity suggestion (see :meth:`Suggestions.suggest`); returns its id."""
        return self.suggestions.suggest(kind, cls, label, span, dedup, ident, **props)

    def run(self) -> list[DraftEvent]:
        """The draft events of the document, sentence by sentence; the context resets at each paragraph."""
        para = None
        ctx: dict = {}
        doc_last_office: dict = {}
        for sent in self.doc.sentences:
            if self._is_title(sent):
                continue  # a headline announces what the text reports: its events are the text's
            if sent.paragraph != para:
                para = sent.paragraph
                ctx = {"holders": {}, "last_office": {}, "doc_last_office": doc_last_office, "events": [],
                       "topic": None, "date": None, "salience": [], "document_events": self.events,
                       "dateline": self._dateline(sent)}
            ctx["list_state"] = None
            self._sentence(sent, ctx)
        return self.events

    def _dateline(self, sent: Sentence) -> DateMention | None:
        """The date of a dispatch's dateline ("باكو - ٢٤/١٠/٢٠٠٢ (أذرتاج) -"): a day at the head of a
        paragraph, after a place and a dash, before an agency's name or a dash."""
        text = self.norm.original
        for d in self.doc.dates_in(sent):
            head, after = text[sent.start:d.start], text[d.end:d.end + 4]
            if d.precision == "day" and d.value and len(head) <= 40 and re.search(r"[-–]\s*$", head) \
                    and re.match(r"\s*[(\-–]", after) and not d.end_value:
                return d
            break
        return None

    def _is_title(self, sent: Sentence) -> bool:
        """The text's first sentence when it is the source record's title."""
        return sent.index == 0 and bool(self.title) and \
            self.norm.original[sent.start:sent.end].strip() == self.title.strip()

    def _sentence(self, sent: Sentence, ctx: dict) -> None:
        doc = self.doc
        lo, hi = doc.token_range(sent)
        if lo >= hi:
            return
        actors = self.actors.find(sent, lo, hi, doc.mentions_in(lo, hi), ctx)
        cues = find_cues(doc.toks, lo, hi)
        dates = doc.dates_in(sent)
        status = [self.clauses.status(c, cues, lo, hi, sent, ctx) for c in cues]
        ref_event = next((r for st, r in status if st == "ref" and r is not None), None)
        live = [c for c, (st, _) in zip(cues, status) if st == "event"]
        # a token that starts a new clause closes the participant zone
        stops = [i for i in range(lo, hi) if (SUBORDINATE.match(doc.bare(i)) or RELATIVE.match(doc.bare(i))
                                              or TOPIC.match(doc.bare(i)))
                 and not any(a.t0 <= i < a.t1 for a in actors)]
        paren = self._parentheticals(live, hi)
        made: list[DraftEvent] = []
        for c in live:
            nxt = [d.head for d in live if d.head > c.head and id(d) not in paren]
            zone_end = min(nxt + [hi])
            if id(c) in paren:
                zone_end = min(zone_end, paren[id(c)][1]) if paren[id(c)][1] > c.t1 else zone_end
            stop = min([i for i in stops if i >= c.t1] + [zone_end])
            ev = self._draft(c, sent, lo, hi, zone_end, stop, live, paren, actors, dates, made, ctx, ref_event)
            if ev is not None:
                made.extend(split_by_counterpart(ev, self.refs))
        share_participants(made)
        for ev in made:
            attach_place(ev, actors, ctx, made)
            self.events.append(ev)
            ctx["events"].append(ev)
            if ev.agent is not None and ev.agent.kind in ("person", "holder", "delegation", "organisation", "both"):
                ctx["topic"] = ev.agent
            if ev.date is not None or ev.date_relation is not None:
                ctx["date"] = (ev.date, ev.date_relation)  # the paragraph's last date: a note for undated events
        ctx["salience"].extend(a for a in actors if a.kind in ("person", "holder"))

    def _parentheticals(self, live: list[Cue], hi: int) -> dict[int, tuple[int, int]]:
        """خلال استقباله ... ، : a "during" cue's clause is a parenthetical, up to the next comma or cue."""
        doc = self.doc
        paren = {}
        for c in live:
            if "during" in c.flags:
                end = hi
                for i in range(c.t1, hi):
                    gap = doc.norm.original[doc.norm.end(doc.toks[i - 1].j):doc.start(i)]
                    if re.search(r"[،,;؛]", gap):
                        end = i
                        break
                nxt_live = [d.head for d in live if d.head > c.head]
                paren[id(c)] = (c.t0, min([end] + nxt_live))
        return paren

    def _draft(self, c: Cue, sent: Sentence, lo: int, hi: int, zone_end: int, stop: int, live: list[Cue],
               paren: dict, actors: list[Actor], dates: list[DateMention], made: list[DraftEvent], ctx: dict,
               ref_event: DraftEvent | None) -> DraftEvent | None:
        """The draft event of a live cue: its agent, objects, roles and date (None: a statement without speaker)."""
        ev = DraftEvent(c.type, c, sent)
        agent = self.clauses.agent(c, actors, lo, hi, zone_end, made, ctx, sent, dates)
        agent = self.refs.resolve(agent, made, ctx, actors, sent)
        objects = self._objects(c, lo, stop, live, paren, actors, agent, made, ctx, sent)
        between = self.clauses.between(c, actors, hi)
        if between:
            ev.extra["between"] = True
        self.roles.assign(ev, agent, objects, between, actors, made, ctx, sent, zone_end, ref_event)
        if ev.type == "Statement" and not any(r == "speaker" for r, _ in ev.participants):
            return None
        attach_date(self.doc, ev, dates, zone_end, ref_event, ctx)
        return ev

    def _objects(self, c: Cue, lo: int, stop: int, live: list[Cue], paren: dict, actors: list[Actor],
                 agent: Actor | None, made: list[DraftEvent], ctx: dict, sent: Sentence) -> list[Actor]:
        """The actors of the cue's clause after it (after its light verb for a verbal noun), resolved."""
        obj_lo = c.t1
        lv = None if c.verbal else self.clauses.light_verb(c, lo)
        if lv is not None and not any(lv < d.head < c.head for d in live if d is not c):
            obj_lo = lv + 1
        inside = [r for k2, r in paren.items() if k2 != id(c)]
        objects = [a for a in actors if obj_lo <= a.t0 < stop and a is not agent and a.kind != "pair"
                   and not any(r0 <= a.t0 < r1 for r0, r1 in inside)]
        objects = [r for r in (self.refs.resolve(a, made, ctx, actors, sent) for a in objects) if r is not None]
        return [a for a in objects if not (agent is not None and a.same(agent))]
