"""The visit cluster: a visit of an office holder and what happened during it.

A reception or meeting with a host, talks, a memorandum, greetings conveyed,
an invitation, an aid pledge, a press conference and a statement, each drawn
in this order with its own chance while the event budget lasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kg.devtools.synth.model import Cluster, Doc, Entity, Fact, GDate, StateInfo, Term
from kg.devtools.synth.occasions import memorandum, said, talks
from kg.devtools.synth.registry import People, World
from kg.devtools.synth.tables import PURPOSES


@dataclass
class Scene:
    """A visit being written: who visits whom, where and when, and the cluster it fills."""

    w: World
    c: Cluster
    people: People
    a: StateInfo  # the visiting state
    b: StateInfo  # the host state
    when: GDate
    visitor: Term
    host: Term
    visit: Fact
    place: Entity
    budget: int

    def room(self) -> bool:
        """Is there budget left for one more event?"""
        return self.c.events < self.budget


def visit(w: World, doc: Doc, lo: date, budget: int) -> Cluster:
    """A ``Visit`` or ``OfficialVisit`` from ``lo`` on, with what happened during it (at most ``budget`` events)."""
    rng = w.rng
    a, b = (doc.a, doc.b) if rng.random() < 0.5 else (doc.b, doc.a)
    when = w.event_date(lo)
    c = Cluster(when.earliest)
    people = People(rng)
    key = rng.choices(("hos", "pm", "fm", "dpm", "economy"), (30, 15, 35, 10, 10))[0]
    visitor = w.holder(a, key, when)
    official = rng.random() < 0.6
    to_capital = rng.random() < 0.4
    place = b.capital if to_capital else b.entity
    s = c.sentence()
    kind_en, kind_ar = ("Official visit", "زيارة رسمية") if official else ("Visit", "زيارة")
    the_visit = Fact("official-visit" if official else "visit", "OfficialVisit" if official else "Visit",
                     props=[("visitor", visitor.person.id), ("visitingState", a.id), ("hostState", b.id),
                            ("place", place.id)], date=when,
                     label={"en": f"{kind_en} of {visitor.person.en} to {b.en} ({when.en()})",
                            "ar": f"{kind_ar} {visitor.person.ar} الى {b.ar}"})
    s.add("وقام " if rng.random() < 0.5 else "قام ")
    people.say(s, visitor, the_visit, attest=True)
    dest = f"{b.capital.ar} عاصمة {b.ar}" if to_capital else b.ar
    s.add(f" بزيارة {'رسمية ' if official else ''}الى {dest} {when.ar()}")
    s.fact(the_visit)
    c.events = 1
    host = w.holder(b, rng.choices(("hos", "pm", "fm"), (50, 25, 25))[0], when)
    scene = Scene(w, c, people, a, b, when, visitor, host, the_visit, place, budget)
    _during(scene, key)
    return c


def _during(v: Scene, key: str) -> None:
    """What happens during the visit of the holder of office ``key``, in a fixed order of chances."""
    rng, w, c, when = v.w.rng, v.w, v.c, v.when
    met = _meeting(v) if v.room() and rng.random() < 0.75 else None
    if met is not None and v.room() and rng.random() < 0.5:
        talks(w, c, [v.visitor.person.id, v.host.person.id], met, when,
              f"{v.visitor.person.en} and {v.host.person.en}", f"{v.visitor.person.ar} و{v.host.person.ar}")
    if v.room() and rng.random() < 0.25:
        memorandum(w, c, v.a, v.b, v.visit, when)
    if met is not None and key != "hos" and v.room() and rng.random() < 0.2:
        _greetings(v, met)
    if met is not None and v.room() and rng.random() < 0.2:
        _invitation(v, met)
    if v.room() and rng.random() < 0.1:
        _aid_pledge(v)
    occasion = v.visit
    if v.room() and rng.random() < 0.1:
        occasion = _press_conference(v)
    if v.room() and rng.random() < 0.45:
        if rng.random() < 0.6 or met is None:
            said(w, c, v.people, v.visitor, v.a, v.b, when, occasion, relative_to=v.visit)
        else:
            said(w, c, v.people, v.host, v.b, v.a, when, occasion, relative_to=v.visit)


def _meeting(v: Scene) -> Fact:
    """The host receives the visitor (``Reception``), or the two meet (``Meeting``)."""
    visitor, host, when, people = v.visitor.person, v.host.person, v.when, v.people
    s = v.c.sentence()
    if v.w.rng.random() < 0.6:
        met = Fact("reception", "Reception", props=[("host", host.id), ("guest", visitor.id),
                                                    ("place", v.place.id), ("partOf", v.visit)], date=when,
                   label={"en": f"{host.en} receives {visitor.en} ({when.en()})",
                          "ar": f"{host.ar} يقابل {visitor.ar}"})
        s.add("وقابل ")
        people.say(s, v.host, met)
        s.add(" ")
        people.say(s, v.visitor, met)
        s.add(" خلال الزيارة")
    else:
        met = Fact("meeting", "Meeting", props=[("participant", [visitor.id, host.id]),
                                                ("place", v.place.id), ("partOf", v.visit)], date=when,
                   label={"en": f"{visitor.en} meets {host.en} ({when.en()})",
                          "ar": f"لقاء {visitor.ar} و{host.ar}"})
        s.add("والتقى ")
        people.say(s, v.visitor, met)
        s.add(" مع ")
        people.say(s, v.host, met)
    s.fact(met)
    v.c.events += 1
    return met


def _greetings(v: Scene, met: Fact) -> None:
    """The visitor conveys the greetings of his head of state to the host."""
    sender = v.w.holder(v.a, "hos", v.when)
    visitor, host = v.visitor.person, v.host.person
    s = v.c.sentence()
    g = Fact("greetings", "GreetingsConveyed",
             props=[("conveyedBy", visitor.id), ("greetingsFrom", sender.person.id),
                    ("greetingsTo", host.id), ("partOf", met)], date=v.when,
             label={"en": f"{visitor.en} conveys the greetings of {sender.person.en} to {host.en}",
                    "ar": f"{visitor.ar} يبلغ {host.ar} تحيات {sender.person.ar}"})
    s.add("وبلغ ")
    v.people.say(s, v.visitor, g)
    s.add(" ")
    v.people.say(s, v.host, g)
    s.add(" تحيات ")
    v.people.say(s, sender, g)
    s.fact(g)
    v.c.events += 1


def _invitation(v: Scene, met: Fact) -> None:
    """The visitor invites the host to visit his state."""
    visitor, host, a = v.visitor.person, v.host.person, v.a
    s = v.c.sentence()
    inv = Fact("invitation", "Invitation",
               props=[("inviter", visitor.id), ("invitee", host.id), ("invitedTo", a.id), ("partOf", met)],
               date=v.when, label={"en": f"{visitor.en} invites {host.en} to visit {a.en}",
                                   "ar": f"{visitor.ar} يدعو {host.ar} لزيارة {a.ar}"})
    s.add("ودعا ")
    v.people.say(s, v.visitor, inv)
    s.add(" ")
    v.people.say(s, v.host, inv)
    s.add(f" للقيام بزيارة الى {a.ar}")
    s.fact(inv)
    v.c.events += 1


def _aid_pledge(v: Scene) -> None:
    """The visitor announces aid of his state to the host state."""
    a, b = v.a, v.b
    p_ar, p_en = v.w.rng.choice(PURPOSES)
    s = v.c.sentence()
    pledge = Fact("aid-pledge", "AidPledge",
                  props=[("donor", a.id), ("recipient", b.id), ("purpose", {"ar": p_ar, "en": p_en}),
                         ("partOf", v.visit)], date=v.when,
                  label={"en": f"{a.en} pledges aid {p_en} in {b.en}",
                         "ar": f"{a.ar} تتعهد بتقديم مساعدات الى {b.ar}"})
    s.add("واعلن ")
    v.people.say(s, v.visitor, pledge)
    s.add(f" ان {a.ar} ستقدم مساعدات {p_ar} الى {b.ar}")
    s.fact(pledge)
    v.c.events += 1


def _press_conference(v: Scene) -> Fact:
    """The visitor holds a press conference at the end of the visit."""
    visitor = v.visitor.person
    s = v.c.sentence()
    conference = Fact("press-conference", "PressConference", props=[("heldBy", visitor.id), ("partOf", v.visit)],
                      date=v.when, label={"en": f"Press conference of {visitor.en} ({v.when.en()})",
                                          "ar": f"المؤتمر الصحفي لـ{visitor.ar}"})
    s.add("وعقد ")
    v.people.say(s, v.visitor, conference)
    s.add(" مؤتمرا صحفيا في ختام الزيارة")
    s.fact(conference)
    v.c.events += 1
    return conference
