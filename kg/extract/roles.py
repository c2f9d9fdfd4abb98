"""Roles: which actors of a clause take part in its event, under the ontology's property names.

One reader per event type (``RoleAssigner.readers``): a visit's visitor,
host and visiting states and destination; a meeting's participants; a
reception's host and guests; greetings from, to and by whom; an invitation's
inviter and invitee; aid's donor and recipient; an embassy's sending and
receiving states; the agreement a signing names. A visit by a delegation
becomes a delegation visit, an official one an official visit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.extract.document import Document
from kg.extract.entities import Registry
from kg.extract.lexicon import AGREEMENT, EMBASSY, GREETINGS, OBJ_SUFFIX
from kg.extract.model import Actor, DraftEvent
from kg.extract.references import References, state_actor_at
from kg.text.sentences import Sentence

#: Events whose agent alone takes part, under this role.
AGENT_ROLES = {"PressConference": "heldBy", "Statement": "speaker"}


@dataclass
class Clause:
    """One cue's clause as the role readers see it."""

    ev: DraftEvent
    agent: Actor | None
    agents: list[Actor]  # the agent, or the sides it stands for
    objects: list[Actor]  # actors after the cue, before the clause ends
    between: list[Actor]  # بين X و Y
    people: list[Actor]  # the objects that are persons, holders, delegations, organisations, "both"
    actors: list[Actor]  # every actor of the sentence
    made: list[DraftEvent]  # the events of the sentence so far
    ctx: dict
    sent: Sentence
    zone_end: int
    ref_event: DraftEvent | None

    def add(self, role: str, a: Actor | None) -> None:
        """Add a participant, unless None or already there in that role."""
        if a is not None and not any(r == role and a.same(b) for r, b in self.ev.participants):
            self.ev.participants.append((role, a))


class RoleAssigner:
    """Gives a draft event its participants (and, for some types, place, summit, agreement, embassy)."""

    def __init__(self, registry: Registry, doc: Document, refs: References):
        self.reg = registry
        self.doc = doc
        self.refs = refs
        self.readers: dict[str, Callable[[Clause], None]] = {
            "Visit": self._visit, "Meeting": self._meeting, "Talks": self._meeting, "Reception": self._reception,
            "SummitAttendance": self._summit, "GreetingsConveyed": self._greetings,
            "Invitation": self._invitation, "AidProvision": self._aid, "AidPledge": self._aid,
            "DiplomaticRelationsEstablishment": self._relations, "EmbassyOpening": self._embassy,
            "AgreementSigning": self._agreement, "IndependenceRecognition": self._recognition,
            "PositionSupport": self._support,
        }

    def assign(self, ev: DraftEvent, agent: Actor | None, objects: list[Actor], between: list[Actor],
               actors: list[Actor], made: list[DraftEvent], ctx: dict, sent: Sentence, zone_end: int,
               ref_event: DraftEvent | None) -> None:
        """Fill ``ev.participants`` (and ``ev.agent``) from the clause of its cue."""
        agents = self.refs.expand(agent, made, ctx, ref_event)
        ev.agent = agent
        people = [a for a in objects if a.kind in ("person", "holder", "delegation", "organisation", "both")]
        cl = Clause(ev, agent, agents, objects, between, people, actors, made, ctx, sent, zone_end, ref_event)
        if ev.type in AGENT_ROLES:
            for a in agents:
                cl.add(AGENT_ROLES[ev.type], a)
        elif ev.type in self.readers:
            self.readers[ev.type](cl)

    def _expand(self, cl: Clause, a: Actor | None) -> list[Actor]:
        return self.refs.expand(a, cl.made, cl.ctx, cl.ref_event)

    def _visit(self, cl: Clause) -> None:
        ev, agent, c = cl.ev, cl.agent, cl.ev.cue
        dest = next((a for a in cl.objects if a.kind in ("state", "place") and a.prep in (None, "ل", "الي")), None)
        if dest is None:
            dest = next((a for a in cl.actors if a.t0 >= c.t1 and a.kind in ("state", "place")
                         and a.prep in ("ل", "الي")), None)
        for a in cl.agents:
            cl.add("visitor", a)
        host = self.reg.state_of(dest.entity) if dest is not None else None
        if host:
            cl.add("hostState", state_actor_at(host, dest))
        vis = self.refs.state_of(agent)
        if vis is None or vis == host:
            vis = self.refs.counterpart(host) if vis is None else None
        if host is None and vis is not None:
            host = self.refs.counterpart(vis)
            if host:
                cl.add("hostState", state_actor_at(host, agent))
        if vis:
            cl.add("visitingState", state_actor_at(vis, agent or dest))
        ev.place = dest
        if agent is not None and agent.kind == "delegation":
            ev.type = "DelegationVisit"
        elif "official" in c.flags:
            ev.type = "OfficialVisit"

    def _occasion(self, a: Actor) -> bool:
        """An organisation named as the occasion (في القمة، على هامش الدورة), not a side of the meeting."""
        if a.kind != "organisation":
            return False
        before = {self.doc.bare(j) for j in range(max(0, a.t0 - 3), a.t0)}
        return a.prep in ("في", "علي") or bool(before & {"هامش", "خلال", "اثناء"})

    def _meeting(self, cl: Clause) -> None:
        people = [a for a in cl.people if not self._occasion(a)]
        sides = cl.agents + [x for a in (cl.between or people or [a for a in cl.objects if a.kind == "state"])
                             for x in self._expand(cl, a)]
        for a in sides:
            cl.add("participant", a)

    def _reception(self, cl: Clause) -> None:
        c, agent = cl.ev.cue, cl.agent
        for a in cl.agents:
            cl.add("host", a)
        for a in (cl.between or cl.people):
            for x in self._expand(cl, a):
                cl.add("guest", x)
        if not (cl.between or cl.people) and c.verbal and OBJ_SUFFIX.search(self.doc.toks[c.head].text):
            prev = next((e.agent for e in reversed(cl.made) if e.agent is not None), None) \
                or self.refs.pronoun(agent, cl.ctx)
            if prev is not None and not (agent is not None and prev.same(agent)):
                cl.add("guest", prev)  # استقبله: him, the one just named

    def _summit(self, cl: Clause) -> None:
        for a in cl.agents:
            cl.add("attendee", a)
        summit = next((a for a in cl.objects if a.kind == "organisation"), None)
        if summit is not None:
            cl.ev.extra["summit"] = summit

    def _greetings(self, cl: Clause) -> None:
        c, agent, zone_end = cl.ev.cue, cl.agent, cl.zone_end
        for a in cl.agents:
            cl.add("conveyedBy", a)
        g = next((i for i in range(c.t1, zone_end) if GREETINGS.match(self.doc.bare(i))), zone_end)
        to = [a for a in cl.objects if a.t0 < g and a.kind in ("person", "holder", "delegation")]
        frm = [a for a in cl.actors if a.t0 > g and a.kind in ("person", "holder", "state", "organisation")][:1]
        if not to and OBJ_SUFFIX.search(self.doc.toks[c.head].text):
            to = [self.refs.pronoun(agent, cl.ctx)] if self.refs.pronoun(agent, cl.ctx) else []
        for a in to:
            cl.add("greetingsTo", a)
        for a in frm:
            cl.add("greetingsFrom", a)

    def _invitation(self, cl: Clause) -> None:
        ev, c, agent = cl.ev, cl.ev.cue, cl.agent
        greet = next((e for e in cl.made if e.type == "GreetingsConveyed"), None)
        if greet is not None and not c.verbal and self.doc.toks[c.t0].text[:1] == "و":
            # ودعوته: the invitation the greetings carried
            ev.participants += [("inviter", a) for r, a in greet.participants if r == "greetingsFrom"]
            ev.participants += [("invitee", a) for r, a in greet.participants if r == "greetingsTo"]
            ev.participants += [("conveyedBy", a) for r, a in greet.participants if r == "conveyedBy"]
            ev.agent = next((a for r, a in greet.participants if r == "greetingsFrom"), None)
        elif "answered" in c.flags:
            # (زار ...) تلبية لدعوة X: X invites; the visitor of the visit that answers it is invited, to its host
            visit = next((e for e in reversed(cl.made) if e.family == "visit"), None)
            people = [a for a in cl.actors if a.t0 >= c.t1 and a.kind in ("person", "holder", "delegation")]
            if people:
                cl.add("inviter", people[0])
            for role, a in (visit.participants if visit is not None else []):
                if role == "visitor":
                    cl.add("invitee", a)
                elif role == "hostState":
                    ev.extra["invitedTo"] = [a]
            if visit is not None:
                ev.extra["answers"] = visit
            return
        elif agent is not None and agent.kind == "both":
            for a in cl.agents:
                cl.add("inviter", a)
                cl.add("invitee", a)
            ev.extra["mutual"] = True
        else:
            for a in cl.agents:
                cl.add("inviter", a)
            for a in cl.people:
                if a.prep in (None, "ل"):
                    cl.add("invitee", a)
        dest = [a for a in cl.actors
                if a.t0 > c.t0 and a.kind in ("state", "place", "pair") and a.prep in ("ل", "الي", None)]
        if dest:
            ev.extra["invitedTo"] = self._expand(cl, dest[-1]) if dest[-1].kind == "pair" else [dest[-1]]

    def _aid(self, cl: Clause) -> None:
        ev, c = cl.ev, cl.ev.cue
        donor = cl.agent
        if cl.sent.in_quote(self.doc.start(c.head)):
            donor = next((e.agent for e in reversed(cl.made) if e.type == "Statement" and e.agent), None) \
                or cl.ctx["topic"]
            ev.agent = donor
        for a in self._expand(cl, donor):
            cl.add("donor", a)
        cl.add("recipient", self._recipient(cl, donor))

    def _recipient(self, cl: Clause, donor: Actor | None) -> Actor | None:
        """Aid's recipient: the first actor after the cue under ل/الى/في, else the donor's counterpart."""
        c = cl.ev.cue
        rec = None
        for a in cl.actors:
            if a.t0 > c.t0 and a.t0 < cl.zone_end + 8 and (a.prep in ("ل", "الي", "في") or a.kind == "deictic"):
                r = self.refs.deictic(a, cl.sent, cl.made, cl.ctx)
                if r is not None and r.kind in ("state", "place", "organisation", "person", "holder"):
                    rec = r
                    break
        if rec is None:
            cp = self.refs.counterpart(self.refs.state_of(donor))
            if cp:
                rec = state_actor_at(cp, donor)
        if rec is not None and rec.kind == "place":
            st = self.reg.state_of(rec.entity)
            rec = state_actor_at(st, rec) if st else rec
        return rec

    def _relations(self, cl: Clause) -> None:
        """Every state the sentence names is a party; "the two sides" (الطرفين) are the document's pair."""
        for a in cl.actors:
            if a.kind in ("state", "pair") or (a.kind == "both" and not a.members):
                for x in (self._expand(cl, a) if a.kind != "both" else self.refs.pair_actors(a)):
                    cl.add("party", x)

    def _state_pair(self, cl: Clause) -> tuple[str | None, str | None]:
        """(the subject's state, the state after the cue) of a state-to-state event; None for a side the
        sentence does not name (never the pair's other state by default)."""
        c = cl.ev.cue
        subject = self.refs.state_of(cl.agent) if cl.agent is not None else None
        if subject is None:
            subject = next((self.refs.state_of(a) for a in reversed(cl.actors)
                            if a.t1 <= c.t0 and a.kind in ("state", "place")), None)
        other = next((self.refs.state_of(a) for a in cl.actors
                      if a.t0 >= c.t1 and a.kind in ("state", "place") and self.refs.state_of(a) != subject), None)
        if other is None and any(a.kind == "pair" for a in cl.actors if a.t0 >= c.t1):
            other = self.refs.counterpart(subject)  # "the other of the two countries"
        return subject, other  # a side the sentence does not name stays empty

    def _recognition(self, cl: Clause) -> None:
        """اعترفت X باستقلال Y: X recognises, Y is recognised."""
        self._state_to_state(cl, "recognisingState", "recognisedState")

    def _support(self, cl: Clause) -> None:
        """أيدت X موقف Y / وقفت X إلى جانب Y: X supports Y."""
        self._state_to_state(cl, "supporter", "supported")

    def _state_to_state(self, cl: Clause, subject_role: str, other_role: str) -> None:
        """The two sides of a state-to-state event (:meth:`_state_pair`) in their roles."""
        near = cl.agent or (cl.actors[0] if cl.actors else None)
        for role, state in zip((subject_role, other_role), self._state_pair(cl)):
            if state:
                cl.add(role, state_actor_at(state, near))

    def _embassy(self, cl: Clause) -> None:
        c, agent, actors, toks = cl.ev.cue, cl.agent, cl.actors, self.doc.toks
        sending = self.refs.state_of(agent) if agent is not None and agent.kind == "state" else None
        emb = next((i for i in range(max(0, c.t0 - 8), min(len(toks), c.t1 + 5))
                    if EMBASSY.match(self.doc.bare(i))), None)
        if sending is None and emb is not None:
            for s in toks[emb + 1].stems[:1] if emb + 1 < len(toks) else ():
                sending = self.reg.adjectives.get(s)
        receiving = None
        seat = None
        for a in actors:
            if a.prep in ("في", "لدي") and a.kind in ("state", "place") and (emb is None or a.t0 > emb):
                receiving = self.reg.state_of(a.entity)
                seat = a.entity if a.kind == "place" else None
                break
        if sending:
            cl.add("sendingState", state_actor_at(sending, agent or actors[0] if actors else None))
        if receiving:
            cl.add("receivingState", state_actor_at(receiving, agent or actors[0] if actors else None))
        cl.ev.extra["embassy"] = (sending, receiving, seat)

    def _agreement(self, cl: Clause) -> None:
        c, toks = cl.ev.cue, self.doc.toks
        for a in cl.agents:
            cl.add("participant", a)
        for a in cl.people:
            if a.prep in ("مع", None):
                cl.add("participant", a)
        ag = next((i for i in range(c.t1, min(len(toks), c.t1 + 5)) if AGREEMENT.match(self.doc.bare(i))), None)
        if ag is not None:
            cl.ev.extra["agreement"] = self._agreement_label(cl.sent, ag)

    def _agreement_label(self, sent: Sentence, ag: int) -> tuple[str, tuple[int, int]]:
        """The words naming an agreement from token ``ag``: up to a date, a punctuation mark or 14 tokens."""
        doc = self.doc
        end = ag + 1
        hi = doc.token_range(sent)[1]
        while end < hi and end - ag < 14:
            e0 = doc.start(end)
            if any(d.start <= e0 < d.end for d in doc.dates) or re.search(
                    r"[،,;؛.]", doc.norm.original[doc.norm.end(doc.toks[end - 1].j):e0]):
                break
            end += 1
        s0, e0, text = doc.text(ag, end)
        return text, (s0, e0)
