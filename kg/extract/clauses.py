"""Reading a cue's clause: is it a new event, which actor is its subject, who are the two sides of بين.

A verbal noun that only refers back to an event (خلال الزيارة، هذه الزيارة) is
a reference, not a new event; one governed by before/after is skipped, as is a
future or quoted cue (except a pledge). The subject of a verb follows it, past
adverbials (خلال اللقاء، في ١٣ ديسمبر); a verbal noun's subject follows its
light verb (قام ... بزيارة) or the noun itself.
"""

from __future__ import annotations

import re

from kg.extract.cues import matches
from kg.extract.document import Document
from kg.extract.lexicon import (
    ANCHOR_WORDS,
    BETWEEN,
    DEMONSTRATIVE,
    DURING,
    FAMILY,
    FUTURE,
    LIGHT_VERB,
    OBJ_SUFFIX,
    OFFICIAL,
    RELATIVE,
    SUBORDINATE,
)
from kg.extract.model import Actor, Cue, DraftEvent


class ClauseReader:
    """Questions about one cue's clause, asked of the document's tokens."""

    def __init__(self, doc: Document):
        self.doc = doc

    def status(self, c: Cue, cues, lo, hi, sent, ctx) -> tuple[str, DraftEvent | None]:
        """'event', 'ref' (refers to an earlier event) or 'skip'."""
        toks = self.doc.toks
        if sent.in_quote(self.doc.norm.start(toks[c.head].i)):
            return ("event", None) if c.type == "AidPledge" else ("skip", None)
        if c.type == "Statement":
            others = [d for d in cues if d is not c and d.type == "Statement"]
            if "weak" in c.flags and any("weak" not in d.flags for d in others):
                return "skip", None
            if "participle" in c.flags and any(d.head < c.head and "participle" not in d.flags for d in others):
                return "skip", None
        if c.type not in ("AidPledge", "Invitation", "Statement", "GreetingsConveyed"):
            for j in range(max(lo, c.t0 - 3), c.t0 + 1):
                if FUTURE.match(self.doc.bare(j)) or (j == c.head and re.match(r"^[وف]?س(?:ي|ت)", toks[j].text)
                                                   and c.verbal):
                    return "skip", None
        if c.type == "Visit" and not c.verbal:  # دعاه لزيارة: the object of an invitation, unless قام
            if any(d.type == "Invitation" and 0 < c.head - d.head <= 30 and self.light_verb(c, d.head + 1) is None
                   for d in cues):
                return "skip", None
        if c.verbal:
            return "event", None
        p1 = self.doc.bare(c.head - 1) if c.head - 1 >= lo else ""
        p2 = self.doc.bare(c.head - 2) if c.head - 2 >= lo else ""
        n1 = self.doc.bare(c.t1) if c.t1 < hi else ""
        earlier = [e for e in ctx["events"] if e.family == FAMILY[c.type]]
        before = earlier
        if not earlier and re.match(r"^[وف]?(?:ال|بال|لل)", toks[c.head].text) and "plural" not in c.flags \
                and n1 not in ("بين", "مع"):
            # خلال الزيارة (definite) with none in the paragraph: the document's last one of its kind
            before = [e for e in ctx.get("document_events", []) if e.family == FAMILY[c.type]][-1:]
        if ANCHOR_WORDS.match(p1):
            return "skip", None
        if DEMONSTRATIVE.match(p1) or DEMONSTRATIVE.match(n1):
            return ("ref", before[-1]) if before else ("skip", None)
        during = DURING.match(p1) or (p2 == "في" and p1 in ("اثناء", "ختام", "اطار"))
        if during:
            if before:
                return "ref", before[-1]
            c.flags.add("during")
            return "event", None
        if self.light_verb(c, lo) is not None:
            return "event", None
        if earlier and c.type not in ("AgreementSigning", "AidProvision", "AidPledge", "EmbassyOpening",
                                      "DiplomaticRelationsEstablishment"):
            return "ref", earlier[-1]
        return "event", None

    def light_verb(self, c: Cue, lo: int) -> int | None:
        for j in range(c.t0 - 1, max(lo, c.t0 - 20) - 1, -1):
            if matches(LIGHT_VERB, self.doc.toks[j]) or self.doc.bare(j) == "تم":
                return j
        return None

    def _starts_at(self, actors, j, *, allow_state=True):
        for a in actors:
            if a.t0 == j and a.prep is None and a.kind != "deictic" and (allow_state or a.kind not in ("state", "place")):
                return a
        return None

    def _skip_adverbials(self, j: int, hi: int, dates) -> int:
        """Skip what may stand between a verb and its subject: خلال اللقاء، في ١٣ ديسمبر، ايضا."""
        dtoks = self.doc.date_tokens(dates)
        for _ in range(6):
            if j >= hi:
                break
            b = self.doc.bare(j)
            if DURING.match(b):
                j += 2
                continue
            if b == "في" and j + 1 < hi and self.doc.bare(j + 1) in ("اثناء", "ختام", "نفس"):
                j += 3
                continue
            if j in dtoks or (b == "في" and j + 1 in dtoks):
                j += 1
                while j < hi and j in dtoks:
                    j += 1
                continue
            if b in ("ايضا", "امس", "اليوم", "مجددا", "بدوره", "بدورها", "كذلك", "قد", "لقد"):
                j += 1
                continue
            break
        return j

    def agent(self, c, actors, lo, hi, zone_end, made, ctx, sent, dates) -> Actor | None:
        toks = self.doc.toks
        non_state = c.type in ("Visit", "Meeting", "Reception", "Talks", "SummitAttendance", "PressConference",
                               "Statement", "GreetingsConveyed", "Invitation")
        if c.verbal:
            if c.t0 - 1 >= lo and SUBORDINATE.match(self.doc.bare(c.t0 - 1)) and made and made[0].agent is not None \
                    and c.type in ("Meeting", "Reception", "Talks", "Visit", "Invitation", "GreetingsConveyed") \
                    and not (OBJ_SUFFIX.search(toks[c.head].text) and not matches(re.compile(r"^(?:زار|يزور|تزور)$"), toks[c.head])):
                # (a verb with an object pronoun, استقبله X, has its subject after it)
                return made[0].agent  # حيث التقى X: the main clause's subject goes on
            for a in actors:  # أن بلاده ستقدم: subject before the verb, after a complementizer
                if a.t1 == c.t0 and a.t0 - 1 >= lo and re.match(r"^(?:ان|بان|لان)$", self.doc.bare(a.t0 - 1)):
                    return a
            j = self._skip_adverbials(c.t1, zone_end, dates)
            a = self._starts_at(actors, j, allow_state=not non_state)
            if a is not None:
                return a
            for a in actors:
                if c.t1 <= a.t0 < zone_end and a.kind == "both" and a.prep is None:
                    return a
            for a in actors:
                if a.t0 == lo and a.t1 == c.t0 and a.prep is None:
                    return a
        else:
            lv = self.light_verb(c, lo)
            if lv is not None and self.doc.bare(lv) != "تم":
                j = self._skip_adverbials(lv + 1, c.t0, dates)
                a = self._starts_at(actors, j, allow_state=not non_state)
                if a is not None:
                    return a
                for a in actors:
                    if lv < a.t0 < c.t0 and a.kind == "both" and a.prep is None:
                        return a
            elif lv is not None:
                return None  # تم التوقيع: passive, no agent named
            j = c.t1
            if j < hi and OFFICIAL.match(self.doc.bare(j)):
                j += 1
            a = self._starts_at(actors, j, allow_state=not non_state)
            if a is not None and not (c.type == "Visit" and a.kind in ("state", "place")):
                return a
        if c.t0 - 1 >= lo and RELATIVE.match(self.doc.bare(c.t0 - 1)):
            before = [a for a in actors if a.t1 <= c.t0 - 1 and a.kind not in ("state", "place", "pair", "deictic")]
            if before:
                return before[-1]
        if made:
            return made[0].agent if (c.t0 - 1 >= lo and SUBORDINATE.match(self.doc.bare(c.t0 - 1))) else made[-1].agent
        return ctx["topic"]  # no subject in the sentence: the paragraph's current actor

    def between(self, c: Cue, actors, hi) -> list[Actor]:
        """بين X و Y right after a cue: the two sides."""
        for b in range(c.t1, min(hi, c.t1 + 2)):
            if BETWEEN.match(self.doc.toks[b].text):
                after = [a for a in actors if a.t0 > b and a.kind != "deictic"]
                if not after:
                    return []
                x = after[0]
                for y in after[1:]:
                    if self.doc.toks[y.t0].text[:1] == "و" and (x.kind in ("state",)) == (y.kind in ("state",)):
                        return [x, y]
                return [x]
        return []
