"""Clusters of events other than visits: relations established, embassies opened, delegations,
meetings at a third place, aid and statements. Each maker returns one :class:`Cluster`."""

from __future__ import annotations

import random
from datetime import date, timedelta

from kg.devtools.synth.model import Cluster, Doc, Fact, GDate, StateInfo
from kg.devtools.synth.occasions import said, talks
from kg.devtools.synth.registry import People, World
from kg.devtools.synth.tables import ASSERTIONS, LAST_DAY, PURPOSES, QUALIFIERS


def establishment(w: World, doc: Doc, est: date) -> Cluster:
    """The ``DiplomaticRelationsEstablishment`` of the pair on ``est``, and the ``diplomaticRelation`` it adds."""
    a, b = doc.a, doc.b
    c = Cluster(est, events=1)
    s = c.sentence()
    when = GDate.of(est)
    if w.rng.random() < 0.5:
        s.add("اما ").mark("rel", f"العلاقات الدبلوماسية بين {a.ar} و{b.ar}").add(f" فانها أنشئت {when.ar()}")
    else:
        s.add("أقيمت ").mark("rel", f"العلاقات الدبلوماسية بين {a.ar} و{b.ar}").add(f" {when.ar()}")
    s.fact(Fact("diplomatic-relations-established", "DiplomaticRelationsEstablishment",
                props=[("party", [a.id, b.id])], date=when,
                label={"en": f"{a.en} and {b.en} establish diplomatic relations ({when.en()})",
                       "ar": f"انشاء العلاقات الدبلوماسية بين {a.ar} و{b.ar}"}))
    s.fact(Fact("diplomatic-relation", resource=a.id, quote="rel", props=[("diplomaticRelation", b.id)]))
    return c


def embassy(w: World, doc: Doc, sender: StateInfo, receiver: StateInfo, est: date,
            before: bool = False) -> Cluster:
    """An ``Embassy`` of ``sender`` in the capital of ``receiver`` and its ``EmbassyOpening``.

    Opened one to eight years after ``est``; with ``before`` (a planted violation,
    drawn from the violations' stream) one to three years before it.
    """
    rng = w.rng if not before else w.vrng
    if before:
        year = est.year - rng.randint(1, 3)
        when = GDate(rng.choice(("year", "qualified")), year, qualifier=rng.choice(tuple(QUALIFIERS)))
    else:
        year = min(LAST_DAY.year, est.year + rng.randint(1, 8))
        kind = rng.choice(("year", "qualified", "month", "month"))
        when = GDate(kind, year, rng.randint(1, 12), qualifier=rng.choice(tuple(QUALIFIERS)))
    cap = receiver.capital
    c = Cluster(when.earliest, events=0 if before else 1)
    s = c.sentence()
    if before:
        s.add(f"وكانت {sender.ar} قد افتتحت ").mark("emb", f"سفارة لها في {cap.ar}").add(f" {when.ar()}")
    elif rng.random() < 0.5:
        s.add(f"افتتحت {sender.ar} ").mark("emb", f"سفارة لها في {cap.ar}").add(f" عاصمة {receiver.ar} {when.ar()}")
    else:
        s.add("بدأت ").mark("emb", f"سفارة {sender.ar} في {cap.ar}").add(f" عملها {when.ar()}")
    emb = s.fact(Fact("embassy", "Embassy", quote="emb",
                      props=[("sendingState", sender.id), ("receivingState", receiver.id), ("seat", cap.id)],
                      label={"en": f"Embassy of {sender.en} in {cap.en}", "ar": f"سفارة {sender.ar} في {cap.ar}"}))
    s.fact(Fact("embassy-opening", "EmbassyOpening", props=[("embassy", emb)], date=when,
                label={"en": f"{sender.en} opens its embassy in {cap.en} ({when.en()})",
                       "ar": f"افتتاح سفارة {sender.ar} في {cap.ar}"},
                violation="embassy-opening-before-relations" if before else None))
    return c


def delegation(w: World, doc: Doc, lo: date, budget: int) -> Cluster:
    """A ``DelegationVisit``: a ``Delegation`` (leader, sometimes members) visits, meets a host, holds talks."""
    rng = w.rng
    a, b = (doc.a, doc.b) if rng.random() < 0.5 else (doc.b, doc.a)
    when = w.event_date(lo, month_share=0.3)
    c = Cluster(when.earliest)
    people = People(rng)
    lead_key = rng.choices(("speaker", "economy", "justice"), (60, 20, 20))[0]
    leader = w.holder(a, lead_key, when)
    s = c.sentence()
    deleg = Fact("delegation", "Delegation", quote="deleg",
                 props=[("leader", leader.person.id), ("delegationOf", a.id)],
                 label={"en": f"Delegation of {a.en} led by {leader.person.en} ({when.en()})",
                        "ar": f"وفد برئاسة {leader.person.ar}"})
    dvisit = Fact("delegation-visit", "DelegationVisit",
                  props=[("visitor", deleg), ("visitingState", a.id), ("hostState", b.id), ("place", b.id)],
                  date=when, label={"en": f"Visit of the delegation led by {leader.person.en} to {b.en} "
                                          f"({when.en()})",
                                    "ar": f"زيارة الوفد برئاسة {leader.person.ar} الى {b.ar}"})
    s.add(f"وزار {b.ar} ").begin("deleg").add("وفد برئاسة ")
    people.say(s, leader, dvisit, attest=True)
    s.end("deleg").add(f" {when.ar()}")
    s.fact(deleg)
    s.fact(dvisit)
    c.events = 1
    if rng.random() < 0.3:
        keys = [k for k in ("dpm", "justice", "economy", "fm") if k != lead_key]
        members = [w.holder(a, k, when) for k in rng.sample(keys, rng.choice((1, 2)))]
        s = c.sentence()
        s.add("وضم الوفد ")
        for i, m in enumerate(members):
            s.add(" و" if i else "")
            people.say(s, m, dvisit)
        s.fact(Fact("delegation-members", resource=deleg, props=[("member", [m.person.id for m in members])]))
    if c.events < budget:
        host = w.holder(b, rng.choice(("hos", "pm", "speaker")), when)
        s = c.sentence()
        met = Fact("meeting", "Meeting", props=[("participant", [deleg, host.person.id]), ("partOf", dvisit)],
                   date=when, label={"en": f"Meeting of the delegation with {host.person.en} ({when.en()})",
                                     "ar": f"لقاء الوفد مع {host.person.ar}"})
        s.add("والتقى الوفد مع ")
        people.say(s, host, met)
        if rng.random() < 0.5:
            t = rng.choice(w.topics)
            s.add(f" وأكد الطرفان اهمية {t.ar}")
            met.props.insert(1, ("topic", t.id))
        s.fact(met)
        c.events += 1
        if c.events < budget and rng.random() < 0.5:
            talks(w, c, [deleg, host.person.id], met, when, f"the delegation and {host.person.en}",
                  f"الوفد و{host.person.ar}")
        if c.events < budget and rng.random() < 0.3:
            said(w, c, people, leader, a, b, when, dvisit, relative_to=dvisit)
    return c


def third_place(w: World, doc: Doc, lo: date, budget: int) -> Cluster:
    """The two heads of state meet in a third state; they may invite each other and make a statement."""
    rng = w.rng
    a, b = doc.a, doc.b
    third = rng.choice([st for st in w.states if st is not a and st is not b])
    when = w.event_date(lo, month_share=0.0)
    c = Cluster(when.earliest)
    people = People(rng)
    x, y = w.holder(a, "hos", when), w.holder(b, "hos", when)
    s = c.sentence()
    met = Fact("meeting", "Meeting", props=[("participant", [x.person.id, y.person.id]), ("place", third.id)],
               date=when, label={"en": f"{x.person.en} meets {y.person.en} in {third.en} ({when.en()})",
                                 "ar": f"لقاء {x.person.ar} و{y.person.ar} في {third.ar}"})
    s.add("التقى ")
    people.say(s, x, met)
    s.add(" مع ")
    people.say(s, y, met)
    s.add(f" في {third.ar} {when.ar()}")
    s.fact(met)
    c.events = 1
    if c.events < budget and rng.random() < 0.5:
        s = c.sentence()
        s.add("ودعا خلال اللقاء رئيسا الدولتين بعضهما البعض للقيام بزيارة الى بلديهما")
        both = [x.person.id, y.person.id]
        s.fact(Fact("mutual-invitation", "Invitation",
                    props=[("inviter", both), ("invitee", both), ("invitedTo", [a.id, b.id]), ("mutual", "true"),
                           ("partOf", met)], date=when,
                    label={"en": f"The heads of state of {a.en} and {b.en} invite each other to visit",
                           "ar": f"دعوة متبادلة بين رئيسي {a.ar} و{b.ar}"}))
        c.events += 1
    if c.events < budget and rng.random() < 0.4:
        if rng.random() < 0.5:
            said(w, c, people, x, a, b, when, met, relative_to=met)
        else:
            said(w, c, people, y, b, a, when, met, relative_to=met)
    return c


def aid(w: World, doc: Doc, lo: date, budget: int, rng: random.Random | None = None) -> Cluster:
    """An ``AidProvision`` of one state to the other, dated to the year, season or month (drawn from ``rng``)."""
    rng = rng or w.rng
    a, b = (doc.a, doc.b) if rng.random() < 0.5 else (doc.b, doc.a)
    day = lo + timedelta(days=rng.randint(0, (LAST_DAY - lo).days))
    kind = rng.choice(("year", "year", "qualified", "month"))
    when = GDate(kind, day.year, day.month, qualifier=rng.choice(tuple(QUALIFIERS)))
    p_ar, p_en = rng.choice(PURPOSES)
    c = Cluster(day, events=1)
    s = c.sentence()
    s.add(f"قدمت {a.ar} مساعدات {p_ar} الى {b.ar} {when.ar()}")
    s.fact(Fact("aid", "AidProvision",
                props=[("donor", a.id), ("recipient", b.id), ("purpose", {"ar": p_ar, "en": p_en})], date=when,
                label={"en": f"{a.en} provides aid {p_en} in {b.en} ({when.en()})",
                       "ar": f"{a.ar} تقدم مساعدات الى {b.ar}"}))
    return c


def statement(w: World, doc: Doc, lo: date, budget: int) -> Cluster:
    """A ``Statement`` of an office holder on the relations, on its own."""
    rng = w.rng
    a, b = (doc.a, doc.b) if rng.random() < 0.5 else (doc.b, doc.a)
    when = w.event_date(lo)
    c = Cluster(when.earliest)
    speaker = w.holder(a, rng.choices(("fm", "hos", "pm"), (60, 25, 15))[0], when)
    ar, en = rng.choice(ASSERTIONS)
    ar, en = ar.format(a=a.ar, b=b.ar), en.format(a=a.en, b=b.en)
    st = Fact("statement", "Statement", props=[("speaker", speaker.person.id), ("content", {"ar": ar, "en": en})],
              date=when, label={"en": f"Statement of {speaker.person.en} ({when.en()})",
                                "ar": f"تصريح {speaker.person.ar}"})
    s = c.sentence()
    s.add("وصرح ")
    People(rng).say(s, speaker, st)
    s.add(f" {when.ar()} بان {ar}")
    s.fact(st)
    c.events = 1
    return c
