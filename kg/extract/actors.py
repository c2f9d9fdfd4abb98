"""Actors: the chains of mentions in a sentence that can take part in an event.

A chain is honorifics, a title or offices, and a name, in any of their usual
orders (الشيخ X وزير الخارجية، الرئيس الأذربيجاني X، وزير الخارجية alone); a
delegation with its leader (وفد ... برئاسة X); a state, place or
organisation; "both sides", "the two countries"; an anaphor (الضيف، جلالته)
or "our/your/his country", resolved later by :mod:`kg.extract.references`.
"""

from __future__ import annotations

from kg.extract.document import Document
from kg.extract.entities import Registry, compatible_offices, is_subclass
from kg.extract.lexicon import MEMBER_WORDS, PREPOSITIONS
from kg.extract.mentions import Mention
from kg.extract.model import Actor
from kg.extract.offices import OfficeBook
from kg.extract.suggestions import Suggestions
from kg.text.normalise import fold, key
from kg.text.sentences import Sentence


def is_office(m: Mention) -> bool:
    return m.kind == "office" or (m.kind == "entity" and m.ekind == "office")


def is_name(m: Mention) -> bool:
    return m.kind == "name" or (m.kind == "entity" and m.ekind == "person")


def state_actor(state: str, m: Mention) -> Actor:
    """A state as an actor, at the words of a mention."""
    return Actor("state", m.t0, m.t1, m.start, m.end, m.text, entity=state, state=state)


class ActorFinder:
    """Reads the actors of each sentence; learns offices (:class:`OfficeBook`) and delegations on the way."""

    def __init__(self, registry: Registry, doc: Document, suggestions: Suggestions, offices: OfficeBook,
                 pair: tuple[str, ...]):
        self.reg = registry
        self.doc = doc
        self.suggestions = suggestions
        self.offices = offices
        self.pair = pair
        self.last_delegation: str | None = None

    def find(self, sent: Sentence, lo: int, hi: int, ms: list[Mention], ctx: dict) -> list[Actor]:
        """The actors of a sentence (tokens ``[lo, hi)``, mentions ``ms``), in text order."""
        self._fill_counterparts(ms)
        actors: list[Actor] = []
        k = 0
        while k < len(ms):
            actor, k = self._read_chain(ms, k, actors, ctx)
            if actor is None:
                continue
            if actor.kind == "person":
                k = self._join_delegation_member(actor, ms, k, hi)
            actor.in_quote = sent.in_quote(actor.start)
            if actor.kind not in ("deictic", "anaphor"):
                actor.prep = self._prep(actor, lo)
            actors.append(actor)
        return actors

    def _fill_counterparts(self, ms: list[Mention]) -> None:
        """نظيره الأذربيجاني: the office of the last office named, of the adjective's state."""
        for i, m in enumerate(ms):
            if m.extra.get("counterpart") and m.office_class is None:
                prev = next((x for x in reversed(ms[:i])
                             if x.office_class and (x.kind == "office" or x.ekind == "office")), None)
                cls = prev.office_class if prev is not None else "Office"
                m.office_class = cls
                m.entity = self.reg.office_for(cls, m.state)

    def adjacent(self, a: Mention, b: Mention) -> bool:
        return b.t0 == a.t1 and self.doc.only_space_between(a.end, b.start)

    def _honorifics(self, ms: list[Mention], k: int) -> tuple[list[str], int]:
        """The honorifics from ``ms[k]`` on that lead to the next mention, and the index after them."""
        honor = []
        n = len(ms)
        while k < n and ms[k].kind == "honorific" and k + 1 < n and self.adjacent(ms[k], ms[k + 1]):
            if ms[k].honorific:
                honor.append(ms[k].honorific)
            k += 1
        return honor, k

    def _offices_run(self, ms: list[Mention], k0: int) -> tuple[list[Mention], int]:
        """Offices from ms[k0] on, joined by apposition or by the deputy-PM + minister convention."""
        run = [ms[k0]]
        k1 = k0 + 1
        while k1 < len(ms) and is_office(ms[k1]) and self.adjacent(run[-1], ms[k1]):
            conj = ms[k1].text[:1] in "وف" and not ms[k1].text.startswith(("وزير", "وزراء", "فخامه"))
            cls_prev = run[-1].office_class or ""
            if conj and not (cls_prev == "DeputyPrimeMinisterOffice" and
                             is_subclass(ms[k1].office_class or "Office", "MinisterOffice")):
                break
            run.append(ms[k1])
            k1 += 1
        return run, k1

    def _read_chain(self, ms: list[Mention], k: int, actors: list[Actor], ctx: dict) -> tuple[Actor | None, int]:
        """The actor whose chain starts at ``ms[k]`` (None for a stray mention), and the index after it."""
        first = ms[k]
        honor, k = self._honorifics(ms, k)
        m = ms[k]
        if m.kind == "honorific":
            return None, k + 1
        title = None
        if m.kind == "title" and k + 1 < len(ms) and self.adjacent(m, ms[k + 1]):
            more, nxt = self._honorifics(ms, k + 1)
            honor += more
            if is_name(ms[nxt]):
                title = m
                k = nxt
        return self._actor_at(ms, k, first, honor, title, actors, ctx)

    def _actor_at(self, ms, k, first, honor, title, actors, ctx) -> tuple[Actor | None, int]:
        m = ms[k]
        if is_name(m):
            return self._named_person(ms, k, first, honor, title, ctx)
        if is_office(m):
            return self._office_chain(ms, k, first, honor, actors, ctx)
        if m.kind == "title":
            return self._holder([m], first, actors, ctx), k + 1
        if m.kind == "delegation":
            return self._delegation(ms, k, ctx)
        if m.kind == "entity" and m.ekind in ("state", "place", "organisation"):
            return Actor("state" if m.ekind == "state" else m.ekind, m.t0, m.t1, m.start, m.end, m.text,
                         entity=m.entity, state=self.reg.state_of(m.entity)), k + 1
        if m.kind == "both":
            return Actor("both", m.t0, m.t1, m.start, m.end, m.text), k + 1
        if m.kind == "pair":
            return Actor("pair", m.t0, m.t1, m.start, m.end, m.text,
                         members=[state_actor(s, m) for s in self.pair]), k + 1
        if m.kind in ("guest", "hpron", "our", "your", "his"):
            # an anaphor, or a deictic country resolved by the caller, who knows the speaker
            actor = Actor("anaphor" if m.kind in ("guest", "hpron") else "deictic", m.t0, m.t1, m.start, m.end,
                          m.text)
            actor.prep = m.kind
            return actor, k + 1
        return None, k + 1

    def _named_person(self, ms, k, first, honor, title, ctx) -> tuple[Actor, int]:
        """A name, maybe followed by its offices: X وزير الخارجية."""
        m = ms[k]
        offices, k_after = [], k + 1
        if k + 1 < len(ms) and is_office(ms[k + 1]) and self.adjacent(m, ms[k + 1]) and title is None \
                and not (ms[k + 1].text[:1] in "وف" and not ms[k + 1].text.startswith(("وزير",))):
            offices, k_after = self._offices_run(ms, k + 1)
        return self._person(m, first, offices, honor, title, ctx, ms[k_after - 1] if offices else m), k_after

    def _office_chain(self, ms, k, first, honor, actors, ctx) -> tuple[Actor, int]:
        """Office(s), then maybe a name (الرئيس الأذربيجاني إلهام علييف); else the office's holder."""
        offices, k_after = self._offices_run(ms, k)
        more, nxt = self._honorifics(ms, k_after)
        if nxt < len(ms) and is_name(ms[nxt]) and self.adjacent(ms[nxt - 1], ms[nxt]) \
                and self.adjacent(offices[-1], ms[k_after]) and ms[k_after].text[:1] not in "وف":
            return self._person(ms[nxt], first, offices, honor + more, None, ctx, ms[nxt]), nxt + 1
        return self._holder(offices, first, actors, ctx), k_after

    def _join_delegation_member(self, actor: Actor, ms: list[Mention], k: int, hi: int) -> int:
        """X عضو الوفد: X becomes a member of the last delegation; returns the index after the chain."""
        toks = self.doc.toks
        if not (actor.t1 < hi and toks[actor.t1].text in MEMBER_WORDS):
            return k
        if k < len(ms) and ms[k].t0 == actor.t1 + 1 and ms[k].kind in ("delegation", "entity"):
            d = ms[k]
            if d.kind == "delegation" and self.last_delegation:
                members = self.suggestions.new[self.last_delegation].props.setdefault("member", [])
                if actor.ref and actor.ref not in members:
                    members.append(actor.ref)
            actor.t1, actor.end = d.t1, d.end
            actor.text = self.doc.norm.original[actor.start:actor.end]
            return k + 1
        return k

    def _prep(self, actor: Actor, lo: int) -> str | None:
        """The preposition governing an actor: a proclitic ل/ب, or the word before it."""
        toks = self.doc.toks
        tok = toks[actor.t0]
        bare = tok.text[1:] if tok.text[:1] in "وف" and len(tok.text) > 3 else tok.text
        if actor.kind in ("state", "place", "organisation", "person", "holder", "delegation"):
            if bare.startswith("لل") or (bare.startswith("ل") and not tok.key.startswith("ل")
                                          and key(bare[1:]) != key(bare)):
                if not any(bare.startswith(w) for w in ("لقاء",)):
                    if actor.entity is None or not self._label_starts(actor, bare):
                        return "ل"
            if bare.startswith(("بال", "ب")) and not self._label_starts(actor, bare):
                return "ب"
        if actor.t0 - 1 >= lo:
            prev = toks[actor.t0 - 1].text
            prev = prev[1:] if prev[:1] in "وف" and len(prev) > 2 and PREPOSITIONS.match(prev[1:]) else prev
            if PREPOSITIONS.match(prev):
                return prev
        return None

    def _label_starts(self, actor: Actor, bare: str) -> bool:
        """True when the actor's own name begins with the letter taken for a preposition (باكو)."""
        e = self.reg.entities.get(actor.entity or "")
        if not e:
            return False
        return any(key(lbl.split()[0]) == key(bare) or lbl.startswith(bare[:2]) for lbl in
                   [fold(x) for x in e.labels_ar])

    def _note_offices(self, keys: list[str], ctx: dict) -> None:
        for kk in keys:
            ctx["last_office"][self.offices.class_of(kk)] = kk
            ctx["doc_last_office"][self.offices.class_of(kk)] = kk

    def _person(self, m, first, offices, honor, title, ctx, last) -> Actor:
        """A named person (a registry one, or a new suggestion), with the offices the chain gives."""
        book = self.offices
        if m.kind == "name":
            ref = self.suggestions.suggest("person", "Person", m.text, (m.start, m.end), dedup=("person", key(m.text)))
            entity = None
        else:
            ref, entity = None, m.entity
        a = Actor("person", first.t0, last.t1, first.start, last.end,
                  self.doc.norm.original[first.start:last.end], entity=entity, new=ref, honorifics=honor)
        pref = a.ref
        keys = []
        for om in offices:
            prev = book.state.get(keys[-1]) if keys else None
            st = om.state or prev or book.context_state(om, ctx) or ctx["list_state"]
            okey = book.key_for(om, st)
            if okey:
                keys.append(okey)
        if title is not None and not keys:
            known = book.person_offices.get(pref, [])
            keys = [k for k in known if book.cls.get(k, "") and
                    compatible_offices(book.cls[k], title.office_class or "Office")][:1]
        for kk in keys:
            book.person_offices.setdefault(pref, [])
            if kk not in book.person_offices[pref]:
                book.person_offices[pref].append(kk)
            ctx["holders"][kk] = a
        self._note_offices(keys, ctx)
        a.offices = keys or list(book.person_offices.get(pref, []))
        a.state = book.first_state(a.offices)
        if ref is not None and a.offices:  # the office the new person's title names: an OfficeTerm in the draft
            self.suggestions.new[ref].props.setdefault("office", a.offices[0])
        if a.state:
            ctx["list_state"] = a.state
        return a

    def _holder_offices(self, offices: list[Mention], actors: list[Actor], ctx: dict) -> list[str]:
        """The office keys of an office chain without a name, each with the state its context gives."""
        book = self.offices
        keys = []
        for i, om in enumerate(offices):
            st = om.state
            if st is None and i > 0 and keys:
                st = book.state.get(keys[0])
            if st is None and om.text[:1] in "و" and actors and actors[-1].t1 == om.t0 and actors[-1].state:
                st = actors[-1].state  # in a list: ورئيس البرلمان after رئيس وزراء الكويت
            if st is None and om.kind != "title":
                st = book.context_state(om, ctx)
            if st is None and om.kind == "title":
                kk = ctx["last_office"].get(om.office_class or "Office")
                if kk:
                    keys.append(kk)
                continue
            kk = book.key_for(om, st)
            if kk:
                keys.append(kk)
        if not keys:
            nid = self.suggestions.suggest("office", offices[0].office_class or "Office", offices[0].text,
                                           (offices[0].start, offices[0].end),
                                           dedup=("office-unknown", key(offices[0].text)), ident="todo-office")
            keys = [nid]
            book.state[nid] = None
            book.cls[nid] = offices[0].office_class or "Office"
        return keys

    def _holder(self, offices: list[Mention], first: Mention, actors: list[Actor], ctx: dict) -> Actor:
        """An office named without its holder: the paragraph's known holder, else an unnamed one."""
        keys = self._holder_offices(offices, actors, ctx)
        last = offices[-1]
        a = Actor("holder", first.t0, last.t1, first.start, last.end, self.doc.norm.original[first.start:last.end])
        a.offices = keys
        a.state = self.offices.first_state(keys)
        self._note_offices(keys, ctx)
        held = next((ctx["holders"][kk] for kk in keys if kk in ctx["holders"]), None)
        if held is not None:  # the paragraph named the holder of this office
            a.kind, a.entity, a.new = "person", held.entity, held.new
            a.offices = list(dict.fromkeys(held.offices + keys))
        else:
            a.entity = keys[0]
        if a.state:
            ctx["list_state"] = a.state
        return a

    def _delegation_leader(self, ms: list[Mention], k: int, ctx: dict) -> tuple[Actor | None, Mention, int]:
        """وفد ... برئاسة X: the leader (or None), the last mention of the label, the index after."""
        m = ms[k]
        n = len(ms)
        k1 = k + 1
        if not (m.extra.get("leader_word") and k1 < n):
            return None, m, k1
        honor, j = self._honorifics(ms, k1)
        if not (j < n and ms[j].t0 <= m.t1 + (j - k1) + 1 and (is_name(ms[j]) or is_office(ms[j]))):
            return None, m, k1
        if is_name(ms[j]):
            offices, j2 = ([], j + 1)
            if j + 1 < n and is_office(ms[j + 1]) and self.adjacent(ms[j], ms[j + 1]):
                offices, j2 = self._offices_run(ms, j + 1)
            return self._person(ms[j], ms[k1], offices, honor, None, ctx, ms[j2 - 1]), ms[j], j2
        offices, j2 = self._offices_run(ms, j)
        return self._holder(offices, ms[k1], [], ctx), offices[-1], j2

    def _delegation(self, ms: list[Mention], k: int, ctx: dict) -> tuple[Actor, int]:
        """A delegation (a new one, or the last one when it is named again), with its state and leader."""
        m = ms[k]
        state = None
        for t in range(m.t0, m.t1):
            for s in self.doc.toks[t].stems[:1]:
                if s in self.reg.adjectives:
                    state = self.reg.adjectives[s]
        leader, end_m, k1 = self._delegation_leader(ms, k, ctx)
        span = (m.start, end_m.end)
        label = self.doc.norm.original[span[0]:span[1]]
        fresh = (not m.extra.get("definite")) or m.extra.get("modified") or leader is not None
        if fresh or self.last_delegation is None:
            props = {}
            if leader is not None and leader.ref:
                props["leader"] = leader.ref
            if state:
                props["delegationOf"] = state
            nid = self.suggestions.suggest("delegation", "Delegation", label, span, dedup=("delegation", span))
            self.suggestions.new[nid].props.update(props)
            self.last_delegation = nid
        else:
            nid = self.last_delegation
            if span not in self.suggestions.new[nid].mentions:
                self.suggestions.new[nid].mentions.append(span)
        d = self.suggestions.new[nid]
        st = state or d.props.get("delegationOf") or (leader.state if leader else None)
        a = Actor("delegation", m.t0, (leader.t1 if leader else m.t1), m.start,
                  (leader.end if leader else m.end), "", new=nid, state=st, leader=leader)
        if leader is not None and leader.offices:
            a.t1, a.end = ms[k1 - 1].t1, ms[k1 - 1].end
        a.text = self.doc.norm.original[a.start:a.end]
        return a, k1
