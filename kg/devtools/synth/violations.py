"""Planted violations: small extra clusters whose facts load and build but break a shape.

They draw from the violations' own random stream (``World.vrng``), so planting
leaves the rest of the corpus unchanged. See :data:`VIOLATION_KINDS`.
"""

from __future__ import annotations

from datetime import date, timedelta

from kg.devtools.synth.clusters import aid, embassy
from kg.devtools.synth.model import Cluster, Doc, Entity, Fact, GDate, Term
from kg.devtools.synth.registry import People, World
from kg.devtools.synth.tables import ASSERTIONS, FIRST_YEAR, LAST_DAY


def plant(w: World, doc: Doc, kind: str) -> None:
    """Add to ``doc`` a cluster that plants one violation of ``kind`` (one of :data:`VIOLATION_KINDS`)."""
    PLANTERS[kind](w, doc)


def _plant_date(w: World, doc: Doc) -> GDate:
    """A day at least 60 days after the pair's relations were established."""
    day = doc.established + timedelta(days=w.vrng.randint(60, (LAST_DAY - doc.established).days - 1))
    return GDate.of(day)


def plant_event_without_date(w: World, doc: Doc) -> None:
    """A ``Meeting`` of the two foreign ministers with no date."""
    when = _plant_date(w, doc)
    x = w.holder(doc.a, "fm", when).person
    y = w.holder(doc.b, "fm", when).person
    c = Cluster(when.earliest)
    s = c.sentence()
    s.add(f"وجرى لقاء اخر بين {x.ar} و{y.ar}")
    s.fact(Fact("meeting", "Meeting", props=[("participant", [x.id, y.id])],
                label={"en": f"{x.en} meets {y.en}", "ar": f"لقاء {x.ar} و{y.ar}"},
                violation="event-without-date"))
    doc.clusters.append(c)


def plant_statement_without_speaker(w: World, doc: Doc) -> None:
    """A ``Statement`` with content but no speaker."""
    when = _plant_date(w, doc)
    ar, en = w.vrng.choice(ASSERTIONS)
    ar, en = ar.format(a=doc.a.ar, b=doc.b.ar), en.format(a=doc.a.en, b=doc.b.en)
    c = Cluster(when.earliest)
    s = c.sentence()
    s.add(f"وجاء في بيان صدر {when.ar()} ان {ar}")
    s.fact(Fact("statement", "Statement", props=[("content", {"ar": ar, "en": en})], date=when,
                label={"en": f"A statement on relations ({when.en()})", "ar": "بيان عن العلاقات"},
                violation="statement-without-speaker"))
    doc.clusters.append(c)


def plant_missing_arabic_label(w: World, doc: Doc) -> None:
    """An ``AidProvision`` labelled ``{en, fr}``: no Arabic label."""
    c = aid(w, doc, doc.established + timedelta(days=30), 1, rng=w.vrng)
    f = c.sentences[0].facts[0]
    f.label = {"en": f.label["en"], "fr": f.label["en"]}  # English text under a wrong tag, no Arabic
    f.violation = "missing-arabic-label"
    doc.clusters.append(c)


def plant_embassy_opening_before_relations(w: World, doc: Doc) -> None:
    """An ``EmbassyOpening`` one to three years before the relations were established."""
    sender, receiver = (doc.a, doc.b) if w.vrng.random() < 0.5 else (doc.b, doc.a)
    doc.clusters.append(embassy(w, doc, sender, receiver, doc.established, before=True))


def plant_visitor_term_not_covering(w: World, doc: Doc) -> None:
    """A minister of state, met during his term, visits after it ended: the visit is attested
    as a time he held the office, outside the term's termStart..termEnd."""
    rng = w.vrng
    a, b = (doc.a, doc.b) if rng.random() < 0.5 else (doc.b, doc.a)
    first = max(doc.established.year + 1, FIRST_YEAR)
    start = rng.randint(first * 12, 2018 * 12)
    end = start + rng.randint(12, 36)
    office_id = f"minister-of-state-of-{a.id}"
    office = next((e for e in w.extra_entities if e.id == office_id), None)
    if office is None:
        office = Entity(office_id, "MinisterOffice", f"Minister of State of {a.en}", f"وزير دولة في {a.ar}",
                        [("officeOf", a.id)])
        w.names.claim(office_id)
        w.extra_entities.append(office)
    term = Term(office, start, end, w.names.person(), dated=True, violation="visitor-term-not-covering")
    met_day = date(start // 12, start % 12 + 1, 1) + timedelta(days=rng.randint(0, 27))
    met_when = GDate.of(met_day)
    other = w.holder(b, "fm", met_when).person
    c1 = Cluster(met_day)
    s = c1.sentence()
    met = Fact("meeting", "Meeting", props=[("participant", [term.person.id, other.id])], date=met_when,
               label={"en": f"{term.person.en} meets {other.en} ({met_when.en()})",
                      "ar": f"لقاء {term.person.ar} و{other.ar}"})
    s.add("والتقى ")
    People(rng).say(s, term, met, attest=True)
    s.add(f" مع {other.ar} {met_when.ar()}")
    s.fact(met)
    visit_day = date((end + 13) // 12, (end + 13) % 12 + 1, 1) + timedelta(days=rng.randint(0, 27))
    visit_day = min(visit_day, LAST_DAY)
    v_when = GDate.of(visit_day)
    c2 = Cluster(visit_day)
    s = c2.sentence()
    visit = Fact("visit", "Visit", props=[("visitor", term.person.id), ("visitingState", a.id),
                                          ("hostState", b.id), ("place", b.id)], date=v_when,
                 label={"en": f"Visit of {term.person.en} to {b.en} ({v_when.en()})",
                        "ar": f"زيارة {term.person.ar} الى {b.ar}"})
    s.add("وقام ")
    People(rng).say(s, term, visit, attest=True)
    s.add(f" بزيارة الى {b.ar} {v_when.ar()}")
    s.fact(visit)
    doc.clusters += [c1, c2]


#: The planter of each kind of violation.
PLANTERS = {
    "event-without-date": plant_event_without_date,
    "statement-without-speaker": plant_statement_without_speaker,
    "missing-arabic-label": plant_missing_arabic_label,
    "embassy-opening-before-relations": plant_embassy_opening_before_relations,
    "visitor-term-not-covering": plant_visitor_term_not_covering,
}
