"""The registry of a synthetic corpus: invented names, states with their offices and organisations,
the office holders' timelines, and the random streams of a run (:class:`World`)."""

from __future__ import annotations

import random
from bisect import bisect_left
from datetime import date, timedelta

from kg.devtools.synth.model import Entity, Fact, GDate, Mention, Sentence, StateInfo, Term, ar_num
from kg.devtools.synth.tables import (
    ATTEST_SHARE,
    CITY_ENDINGS,
    CODAS,
    HEADS,
    LAST_DAY,
    OFFICE_IDS,
    OFFICES,
    SYLLABLES,
    TIMELINE,
    TOPICS,
)


class Names:
    """Unique invented names and ids."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.ids: set[str] = set()  # membership only, never iterated
        self.people: list[Entity] = []

    def claim(self, rid: str) -> bool:
        if rid in self.ids:
            return False
        self.ids.add(rid)
        return True

    def _word(self, n: int) -> tuple[str, str]:
        parts = [self.rng.choice(SYLLABLES) for _ in range(n)]
        return "".join(p[0] for p in parts), "".join(p[1] for p in parts)

    def given(self) -> tuple[str, str]:
        ar, en = self._word(self.rng.choice((1, 2, 2)))
        coda = self.rng.choice(CODAS)
        return ar + coda[0], (en + coda[1]).capitalize()

    def city(self) -> tuple[str, str, str]:
        while True:
            ar, en = self._word(self.rng.choice((2, 3)))
            end = self.rng.choice(CITY_ENDINGS)
            ar, en = ar + end[0], (en + end[1]).capitalize()
            if self.claim(f"city-{en.lower()}"):
                return f"city-{en.lower()}", en, ar

    def person(self) -> Entity:
        while True:
            g_ar, g_en = self.given()
            f_ar, f_en = self.given()
            fam_ar, fam_en = self._word(self.rng.choice((1, 2)))
            coda = self.rng.choice(CODAS)
            ar = f"{g_ar} {f_ar} ال{fam_ar}{coda[0]}ي"
            en = f"{g_en} {f_en} Al-{fam_en.capitalize()}{coda[1]}i"
            rid = en.lower().replace(" ", "-")
            if self.claim(rid):
                ent = Entity(rid, "Person", en, ar)
                self.people.append(ent)
                return ent


def make_registry(rng: random.Random, names: Names, n_states: int) -> tuple[list[StateInfo], list[Entity]]:
    """The states 1..``n_states`` (with capitals, offices, organisations, timelines), then the topics."""
    states = [_state(rng, names, n) for n in range(1, n_states + 1)]
    topics = []
    for tid, en, ar in TOPICS:
        names.claim(tid)
        topics.append(Entity(tid, "Topic", en, ar))
    return states, topics


def _state(rng: random.Random, names: Names, n: int) -> StateInfo:
    sid = f"state-{n}"
    names.claim(sid)
    ent = Entity(sid, "State", f"State {n}", f"الدولة {ar_num(n)}")
    cid, cen, car = names.city()
    capital = Entity(cid, "City", cen, car, [("locatedIn", sid)])
    head = rng.choice(("PresidentOffice", "PresidentOffice", "EmirOffice"))
    info = StateInfo(n, ent, capital, _offices(names, ent, head), _organisations(names, ent))
    for key, office in info.offices.items():
        info.timelines[key] = _timeline(rng, office, HEADS[head][2] if key == "hos" else OFFICES[key][3])
    return info


def _offices(names: Names, state: Entity, head: str) -> dict[str, Entity]:
    """The offices of a state, keyed as :data:`OFFICES` (``hos`` is a ``head`` office)."""
    offices = {}
    for key, spec in OFFICES.items():
        cls, en, ar, _ = (head, *HEADS[head]) if spec is None else spec
        oid = f"{OFFICE_IDS[key]}-of-{state.id}"
        names.claim(oid)
        offices[key] = Entity(oid, cls, en.format(s=state.en), ar.format(s=state.ar), [("officeOf", state.id)])
    return offices


def _organisations(names: Names, state: Entity) -> dict[str, Entity]:
    """The ministries of foreign affairs and of economy, and the parliament of a state."""
    sid = state.id
    orgs = {
        "mfa": Entity(f"ministry-of-foreign-affairs-of-{sid}", "Ministry",
                      f"Ministry of Foreign Affairs of {state.en}", f"وزارة خارجية {state.ar}",
                      [("organisationOf", sid)]),
        "economy": Entity(f"ministry-of-economy-of-{sid}", "Ministry", f"Ministry of Economy of {state.en}",
                          f"وزارة اقتصاد {state.ar}", [("organisationOf", sid)]),
        "parliament": Entity(f"parliament-of-{sid}", "Parliament", f"Parliament of {state.en}",
                             f"برلمان {state.ar}", [("organisationOf", sid)]),
    }
    for org in orgs.values():
        names.claim(org.id)
    return orgs


def _timeline(rng: random.Random, office: Entity, months: tuple[int, int]) -> list[Term]:
    """Consecutive terms of ``office`` over :data:`TIMELINE`, each ``months`` long (min, max)."""
    start, stop = TIMELINE[0] * 12 - rng.randrange(months[0]), TIMELINE[1] * 12 + 11
    line = []
    while start <= stop:
        end = start + rng.randint(*months) - 1
        line.append(Term(office, start, end, dated=rng.random() < 0.5))
        start = end + 1
    return line


class World:
    """The random streams, names and registry of one run of the generator.

    ``rng`` draws the corpus, ``vrng`` the planted violations (so that planting
    leaves the rest of the corpus unchanged).
    """

    def __init__(self, seed: int, n_states: int):
        master = random.Random(seed)
        self.rng = random.Random(master.getrandbits(64))
        self.vrng = random.Random(master.getrandbits(64))
        self.names = Names(random.Random(master.getrandbits(64)))
        self.seed, self.n_states = seed, n_states
        self.states, self.topics = make_registry(random.Random(master.getrandbits(64)), self.names, n_states)
        self.extra_entities: list[Entity] = []  # offices made for planted violations

    def holder(self, state: StateInfo, key: str, day: GDate) -> Term:
        """The term of ``key`` in ``state`` that covers the month of ``day`` (its person made on first use)."""
        line = state.timelines[key]
        mi = day.month_index
        i = bisect_left([t.end for t in line], mi)
        term = line[i]
        assert term.start <= mi <= term.end
        if term.person is None:
            term.person = self.names.person()
        return term

    def event_date(self, lo: date, month_share: float = 0.15) -> GDate:
        """A day from ``lo`` to the last day, given to the month with probability ``month_share``."""
        day = lo + timedelta(days=self.rng.randint(0, (LAST_DAY - lo).days))
        return GDate.of(day, "month" if self.rng.random() < month_share else "day")


class People:
    """Who has been named with an office in the current cluster (named by name only afterwards)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.named: dict[str, Term] = {}

    def say(self, s: Sentence, term: Term, event: Fact, attest: bool | None = None) -> None:
        """Name the person; the first time with the office, attested in ``event`` when ``attest``."""
        person = term.person
        if person.id in self.named:
            s.add(person.ar)
            return
        self.named[person.id] = term
        key = f"p{len(s.marks)}"
        s.mark(key, f"{person.ar} {term.office.ar}")
        if attest or (attest is None and self.rng.random() < ATTEST_SHARE):
            s.mentions.append(Mention(key, term, event))
