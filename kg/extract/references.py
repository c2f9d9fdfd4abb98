"""What an actor stands for: "both sides", anaphors (الضيف، جلالته), "our/his country", an actor's state."""

from __future__ import annotations

from kg.extract.entities import Registry, is_subclass
from kg.extract.model import Actor, DraftEvent
from kg.extract.offices import OfficeBook
from kg.text.sentences import Sentence


def state_actor_at(state: str, near: Actor | None) -> Actor:
    """A state as an actor, at the words of ``near`` (its text kept only when it names that state)."""
    if near is None:
        return Actor("state", 0, 0, 0, 0, "", entity=state, state=state)
    return Actor("state", near.t0, near.t1, near.start, near.end, near.text if near.entity == state else "",
                 entity=state, state=state)


class References:
    """Resolves actors against the document so far: its events, the paragraph's context, its two states."""

    def __init__(self, registry: Registry, offices: OfficeBook, events: list[DraftEvent], *,
                 pair: tuple[str, ...], home_state: str | None):
        self.reg = registry
        self.offices = offices
        self.events = events  # the document's events so far (the extractor's own list)
        self.pair = pair  # the document's two states (most mentioned), may hold fewer
        self.home_state = home_state

    def expand(self, a: Actor | None, made: list[DraftEvent], ctx: dict, ref_event: DraftEvent | None) -> list[Actor]:
        """The actors an actor stands for: itself, or the sides of "both sides"."""
        if a is None:
            return []
        if a.kind == "pair":
            return a.members
        if a.kind != "both":
            return [a]
        if a.members:
            return a.members
        pool = ([ref_event] if ref_event else []) + list(reversed(made)) + list(reversed(self.events[-200:]))
        pool = [e for e in pool if e.family in ("meeting", "talks", "signing")] + \
            [e for e in pool if e.family not in ("meeting", "talks", "signing")]
        for ev in pool:
            sides = []
            for _, p in ev.participants:
                if p.kind in ("person", "holder", "delegation", "organisation") and not any(p.same(q) for q in sides):
                    sides.append(p)
            if len(sides) >= 2:
                a.members = sides
                return sides
        if len(self.pair) == 2:  # no two sides met before: "the two sides" are the document's pair
            a.members = self.pair_actors(a)
            return a.members
        return []

    def pair_actors(self, near: Actor) -> list[Actor]:
        """The document's two states, as actors at ``near``'s place in the text."""
        return [state_actor_at(s, near) for s in self.pair] if len(self.pair) == 2 else []

    def _heads_of_state(self, x: Actor) -> bool:
        return any(is_subclass(self.offices.class_of(k), "HeadOfStateOffice") for k in x.offices)

    def resolve(self, a: Actor | None, made: list[DraftEvent], ctx: dict, actors: list[Actor],
                sent: Sentence | None = None) -> Actor | None:
        """The actor an anaphor (الوزير الضيف، جلالته، بلاده) stands for; other actors unchanged."""
        if a is not None and a.kind == "deictic" and a.prep == "his" and sent is not None:
            return self.deictic(a, sent, made, ctx)
        if a is None or a.kind != "anaphor":
            return a
        events = list(reversed(made)) + list(reversed(ctx["events"]))
        if a.prep == "guest":
            for ev in events:
                for role, p in ev.participants:
                    if role in ("guest", "visitor"):
                        return p
            return None
        # جلالته، سموه: the head of state last named
        for x in reversed([x for x in actors if x.t0 < a.t0]):
            if self._heads_of_state(x):
                return x
        for x in reversed(ctx["salience"]):
            if self._heads_of_state(x):
                return x
        return None

    def speaker_state(self, made: list[DraftEvent], ctx: dict) -> str | None:
        """The state of the sentence's speaker (of its statement), else of the paragraph's topic."""
        sp = next((e.agent for e in reversed(made) if e.type == "Statement" and e.agent), None) or ctx["topic"]
        return self.state_of(sp)

    def state_of(self, a: Actor | None) -> str | None:
        """The state an actor belongs to: its own, its offices', its delegation leader's."""
        if a is None:
            return None
        if a.state:
            return a.state
        if a.kind in ("person",):
            for k in self.offices.person_offices.get(a.ref or "", []):
                if self.offices.state.get(k):
                    return self.offices.state[k]
        if a.kind == "delegation" and a.leader is not None:
            return self.state_of(a.leader)
        return None

    def counterpart(self, state: str | None) -> str | None:
        """The other state of the document's pair."""
        if state in self.pair and len(self.pair) == 2:
            return self.pair[1] if self.pair[0] == state else self.pair[0]
        return None

    def deictic(self, a: Actor, sent: Sentence, made: list[DraftEvent], ctx: dict) -> Actor | None:
        """The state "his/our/your country" means here (None when unknown); other actors unchanged."""
        if a.kind != "deictic":
            return a
        if a.prep == "his":
            st = self.state_of(next((e.agent for e in reversed(made) if e.agent is not None), None) or ctx["topic"])
        elif a.prep == "our":
            st = self.speaker_state(made, ctx) if sent.in_quote(a.start) else self.home_state
        else:
            st = self.counterpart(self.speaker_state(made, ctx)) if sent.in_quote(a.start) else None
        if st is None:
            return None
        return Actor("state", a.t0, a.t1, a.start, a.end, a.text, entity=st, state=st)

    def pronoun(self, agent: Actor | None, ctx: dict, exclude: tuple = ()) -> Actor | None:
        """The person last named in the paragraph other than the agent (and ``exclude``): him, her."""
        for a in reversed(ctx["salience"]):
            if a.kind in ("person", "holder") and not (agent is not None and a.same(agent)) \
                    and not any(a.same(x) for x in exclude if x is not None):
                return a
        return None
