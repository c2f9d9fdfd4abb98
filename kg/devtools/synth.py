"""Synthetic corpora: a data folder of invented states, people and events, at any size.

:func:`synthesize` writes a folder laid out like ``data/`` (``entities.yaml``,
``sources/<id>.yaml`` + ``sources/<id>.ar.txt``, ``facts/<id>.yaml``) that the
pipeline loads and builds like the curated one. It exists to measure and test
the pipeline at scale; nothing in it is true. Everything follows the curators'
rules of ``data/README.md``:

* the **registry** holds N states ("State 7", Arabic "الدولة ٧", Arabic-Indic
  digits in Arabic text), their capitals (``City``, ``locatedIn``), offices
  (``PresidentOffice`` or ``EmirOffice``, ``PrimeMinisterOffice``,
  ``DeputyPrimeMinisterOffice``, ``ForeignMinisterOffice``,
  ``JusticeMinisterOffice``, a ``MinisterOffice`` of economy,
  ``SpeakerOfParliamentOffice``; ``officeOf``), ministries and a parliament
  (``organisationOf``), topics, and the persons who hold the offices: Arabic
  names built from syllables, with their transliteration. Every entity has an
  English and an Arabic label;
* one **source document** per pair of states (pairs drawn from the N states):
  an Arabic text of generated sentences, one paragraph per cluster of events
  (a visit and what happened during it, a delegation's visit, a meeting at a
  third place, aid, a statement), in date order. Each sentence ends with a
  running number, ``(البند ١٢).``, so every sentence is unique and a quote of
  a whole sentence never needs an occurrence; quotes of a phrase inside a
  sentence (a person and office, an embassy, a delegation, a memorandum) take
  ``{exact, occurrence}`` when the phrase occurs more than once. Every
  sentence is cited by a fact (full coverage, nothing ``uncovered``);
* the **facts**: ``DiplomaticRelationsEstablishment`` (+ ``diplomaticRelation``),
  two ``Embassy`` + ``EmbassyOpening`` (after the establishment), ``Visit`` /
  ``OfficialVisit`` / ``DelegationVisit`` (+ ``Delegation`` with leader and
  members), ``Reception`` / ``Meeting``, ``Talks`` with topics,
  ``MemorandumOfUnderstanding`` + ``AgreementSigning``, ``AidProvision`` /
  ``AidPledge``, ``Invitation`` (some mutual), ``GreetingsConveyed``,
  ``PressConference``, ``Statement`` (``speaker`` with ``content`` or
  ``quotedWords``), and ``OfficeTerm`` facts: the first mention of a person
  with an office defines the term (holder, office, ``attestedOn``,
  ``attestedIn``; half of the terms also ``termStart``/``termEnd``, which
  cover every event the term is attested at), later mentions add
  ``attestedOn``/``attestedIn`` to it (``resource:``). Dates are given to the
  day, month or year, some qualified (``{value: 2004, qualifier: late}``),
  some relative (``{after: id}``). Arabic ``content``, ``quotedWords``,
  ``subject`` and ``purpose`` are words of the fact's quote. A person who
  visits holds an office at the visit's date, attested in the visit itself.

Office holders come from one timeline per state and office (terms of whole
months), so whoever a sentence names holds that office on that date.

Sizes (built with :func:`kg.pipeline.build.build`, all graphs and the ontology
included; measured with ``benchmarks/synth_sizes.py``, seeds 1-3, on a
2-core machine; a built fact makes about 30 triples with its provenance)::

    states  events   sources  facts    triples   generate  load+build
    10      200      3        ~280     ~10.4K    < 0.1 s   < 1 s
    10      250      4        ~355     ~12.7K    < 0.1 s   < 1 s
    20      2 500    32       ~3.6K    ~107K     ~0.2 s    ~4 s
    40      25 000   313      ~35.5K   ~1.01M    ~3.6 s    ~46 s (2.6 GB)

that is about 40 triples per event plus the ontology and the registry
(2.5K triples for 10 states, 10K for 40): ``events`` counts the dated
diplomatic events (``DiplomaticEvent`` facts); the terms, embassies,
delegations and memoranda that come with them add about 0.4 fact per event.
Documents hold about 80 events each (at most one document per pair of
states). The 100K corpus validates (SHACL) in about 40 s.

``violations=N`` plants N of each kind in :data:`VIOLATION_KINDS`, each a
small extra cluster of sentences (so coverage stays complete) whose facts
still load and build but break a shape of ``ontology/shapes.ttl``:

* ``event-without-date``: a ``Meeting`` with no date
  (``shapes:DiplomaticEventDateShape``);
* ``statement-without-speaker``: a ``Statement`` with content but no speaker
  (``shapes:StatementSpeakerShape``);
* ``missing-arabic-label``: an ``AidProvision`` labelled ``{en: ..., fr: ...}``,
  the English text under a wrong tag and no Arabic label
  (``shapes:ArabicLabelShape``; the check
  ``entity-without-arabic-label-violation`` finds it too);
* ``embassy-opening-before-relations``: an ``EmbassyOpening`` one to three
  years before the pair's ``DiplomaticRelationsEstablishment``
  (``shapes:EmbassyOpeningAfterRelationsShape``);
* ``visitor-term-not-covering``: a minister of state met during his term
  (``termStart``/``termEnd``, his only ``OfficeTerm``) visits after it ended,
  and the visit is attested in that term (``shapes:TermAttestedInWithinTermShape``
  and ``shapes:TermAttestedOnWithinTermShape``; the focus is the term).

``violations.json`` in ``out`` lists them: kind, fact id, node (the IRI
after the base, the SHACL focus node), file (relative to ``out``; ``kg``
reports it as ``<folder name>/<file>``) and line of the fact. SHACL reports
nothing else: the rest of the corpus stays conforming.

Output is deterministic: the same arguments give byte-identical files (one
``random.Random(seed)``, no clock, no set order in the output).
"""

from __future__ import annotations

import calendar
import hashlib
import json
import random
import shutil
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

#: Kinds of planted SHACL violations, in the order they are listed in violations.json.
VIOLATION_KINDS = (
    "event-without-date",  # a Meeting with no date at all
    "statement-without-speaker",  # a Statement whose speaker is not given
    "missing-arabic-label",  # a fact labelled in English only (and in a wrong tag)
    "embassy-opening-before-relations",  # an embassy opened before relations were established
    "visitor-term-not-covering",  # a visitor whose only term ended before the visit
)

#: Events per source document, before the number of pairs of states caps the documents.
EVENTS_PER_SOURCE = 80
FIRST_YEAR, LAST_DAY = 1991, date(2024, 12, 31)
_TIMELINE = (1985, 2030)  # office holders are known for these years

_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
AR_MONTHS = ("يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر",
             "اكتوبر", "نوفمبر", "ديسمبر")
EN_MONTHS = tuple(calendar.month_name[1:])
_QUALIFIERS = {"early": "اوائل", "mid": "منتصف", "late": "اواخر"}

#: Syllables of invented names: (Arabic, transliteration).
_SYLLABLES = (
    ("كا", "ka"), ("را", "ra"), ("مي", "mi"), ("نو", "nu"), ("سا", "sa"), ("لي", "li"),
    ("دا", "da"), ("تو", "tu"), ("فا", "fa"), ("زي", "zi"), ("ها", "ha"), ("بو", "bu"),
    ("جا", "ja"), ("وا", "wa"), ("رو", "ru"), ("ني", "ni"), ("سي", "si"), ("ما", "ma"),
    ("لا", "la"), ("كو", "ku"), ("با", "ba"), ("دي", "di"), ("طا", "ta"), ("شا", "sha"),
    ("قا", "qa"), ("نا", "na"), ("مو", "mu"), ("خا", "kha"), ("يا", "ya"), ("غا", "gha"),
)
_CODAS = (("د", "d"), ("ر", "r"), ("ل", "l"), ("م", "m"), ("ن", "n"), ("ف", "f"), ("ب", "b"),
          ("س", "s"))
_CITY_ENDINGS = (("باد", "bad"), ("ن", "n"), ("ر", "r"), ("ة", "a"), ("", ""))

#: Offices every state has: key -> (class, English pattern, Arabic pattern, term months).
OFFICES = {
    "hos": None,  # PresidentOffice or EmirOffice, chosen per state
    "pm": ("PrimeMinisterOffice", "Prime Minister of {s}", "رئيس وزراء {s}", (30, 96)),
    "dpm": ("DeputyPrimeMinisterOffice", "Deputy Prime Minister of {s}", "نائب رئيس وزراء {s}", (24, 72)),
    "fm": ("ForeignMinisterOffice", "Minister of Foreign Affairs of {s}", "وزير خارجية {s}", (24, 84)),
    "justice": ("JusticeMinisterOffice", "Minister of Justice of {s}", "وزير عدل {s}", (24, 72)),
    "economy": ("MinisterOffice", "Minister of Economy of {s}", "وزير اقتصاد {s}", (24, 72)),
    "speaker": ("SpeakerOfParliamentOffice", "Speaker of the Parliament of {s}", "رئيس برلمان {s}", (36, 96)),
}
_OFFICE_IDS = {"hos": "head-of-state", "pm": "prime-minister", "dpm": "deputy-prime-minister",
               "fm": "foreign-minister", "justice": "minister-of-justice", "economy": "minister-of-economy",
               "speaker": "speaker-of-parliament"}
_HEADS = {
    "PresidentOffice": ("President of {s}", "رئيس {s}", (48, 120)),
    "EmirOffice": ("Emir of {s}", "أمير {s}", (72, 180)),
}

#: Topics of talks and meetings: (id, English, Arabic).
TOPICS = (
    ("economic-cooperation", "economic cooperation", "التعاون الاقتصادي"),
    ("trade", "trade exchange", "التبادل التجاري"),
    ("energy", "cooperation in energy", "التعاون في مجال الطاقة"),
    ("education", "cooperation in education", "التعاون في مجال التعليم"),
    ("culture", "cultural cooperation", "التعاون الثقافي"),
    ("tourism", "developing tourism", "تطوير السياحة"),
    ("transport", "transport projects", "مشاريع النقل"),
    ("agriculture", "agricultural cooperation", "التعاون الزراعي"),
    ("health", "cooperation in health", "التعاون في مجال الصحة"),
    ("fight-against-terrorism", "the fight against international terrorism", "مكافحة الارهاب الدولي"),
    ("regional-security", "regional security", "الامن الاقليمي"),
    ("investment", "encouraging mutual investment", "تشجيع الاستثمارات المتبادلة"),
)
#: Subjects of memoranda of understanding: (Arabic, English, ministry key of the parties).
MOU_SUBJECTS = (
    ("التشاور الثنائي", "bilateral consultations", "mfa"),
    ("التعاون الاقتصادي والتجاري", "economic and trade cooperation", "economy"),
    ("تشجيع الاستثمارات وحمايتها", "the promotion and protection of investments", "economy"),
    ("التعاون في مجال التعليم", "cooperation in education", "mfa"),
    ("التعاون الثقافي", "cultural cooperation", "mfa"),
    ("الخدمات الجوية", "air services", "economy"),
    ("التعاون السياحي", "cooperation in tourism", "economy"),
)
#: Purposes of aid: (Arabic, English).
PURPOSES = (
    ("لدعم مشاريع البنية التحتية", "to support infrastructure projects"),
    ("لمساعدة اللاجئين", "to help refugees"),
    ("لبناء المدارس", "to build schools"),
    ("لتطوير القطاع الصحي", "to develop the health sector"),
    ("للمتضررين من الزلزال", "for the victims of the earthquake"),
    ("لمشاريع المياه", "for water projects"),
    ("لتحقيق مشاريع مختلفة", "to carry out various projects"),
)
#: What a speaker says "that ..." (Arabic, English); {a} and {b} are the two states.
ASSERTIONS = (
    ("العلاقات بين {a} و{b} تتطور بنجاح", "relations between {a} and {b} are developing successfully"),
    ("{b} شريك مهم لبلاده", "{b} is an important partner of his country"),
    ("بلاده تدعم سيادة {b} ووحدة اراضيها", "his country supports the sovereignty and territorial integrity of {b}"),
    ("بلاده مستعدة لتوسيع التبادل التجاري مع {b}", "his country is ready to expand trade with {b}"),
    ("الحوار السياسي بين البلدين مستمر", "the political dialogue between the two countries continues"),
)
#: What a speaker stresses: (Arabic, English); {t} is a topic.
EMPHASES = (
    ("ضرورة تعزيز العلاقات المتبادلة", "the need to strengthen mutual relations"),
    ("اهمية توسيع التعاون في كافة المجالات", "the importance of expanding cooperation in all fields"),
    ("ضرورة تطوير {t} بين البلدين", "the need to develop {t} between the two countries"),
    ("وجوب الالتزام بالقرارات الصادرة عن منظمة الامم المتحدة",
     "the need to comply with the resolutions of the United Nations"),
)
#: Words a speaker is quoted with: (Arabic, English).
QUOTED_WORDS = (
    ("نحن نولي اهمية كبيرة لتطوير العلاقات مع بلدكم",
     "we attach great importance to developing relations with your country"),
    ("ان شعبينا تربطهما روابط الصداقة", "our two peoples are bound by ties of friendship"),
    ("سنواصل العمل من اجل تعزيز التعاون بين بلدينا",
     "we will keep working to strengthen cooperation between our countries"),
    ("ان هذه الزيارة تفتح صفحة جديدة في علاقاتنا", "this visit opens a new page in our relations"),
)


@dataclass(frozen=True)
class SynthSummary:
    """What :func:`synthesize` wrote."""

    states: int
    sources: int
    entities: int  # records of the registry
    facts: int  # records of the facts files
    events: int  # dated diplomatic events among the facts (planted ones not counted)
    violations: int  # planted violations, all kinds together


# --- Dates -------------------------------------------------------------------


def ar_num(n: int) -> str:
    """Digits of ``n`` in Arabic-Indic form.

    >>> ar_num(1994)
    '١٩٩٤'
    """
    return str(n).translate(_AR_DIGITS)


@dataclass
class GDate:
    """A date as a generated sentence gives it (see :mod:`kg.core.dates` for the curated forms)."""

    kind: str  # day, month, year, qualified, after
    y: int = 0
    m: int = 1
    d: int = 1
    qualifier: str | None = None
    anchor: "Fact | None" = None  # for 'after'
    _sort: date | None = None  # where an 'after' date sorts

    @classmethod
    def of(cls, day: date, kind: str = "day", qualifier: str | None = None) -> "GDate":
        return cls(kind, day.year, day.month, day.day, qualifier)

    @property
    def literal(self) -> str | None:
        if self.kind == "day":
            return f"{self.y:04d}-{self.m:02d}-{self.d:02d}"
        if self.kind == "month":
            return f"{self.y:04d}-{self.m:02d}"
        if self.kind in ("year", "qualified"):
            return f"{self.y:04d}"
        return None

    def yaml(self) -> str:
        if self.kind == "qualified":
            return f"{{value: {self.y:04d}, qualifier: {self.qualifier}}}"
        if self.kind == "after":
            return f"{{after: {self.anchor.id}}}"
        return self.literal

    @property
    def earliest(self) -> date:
        if self.kind == "after":
            return self._sort
        return date(self.y, self.m if self.kind in ("day", "month") else 1,
                    self.d if self.kind == "day" else 1)

    @property
    def month_index(self) -> int:
        return self.y * 12 + self.m - 1

    def ar(self) -> str:
        if self.kind == "day":
            return f"في {ar_num(self.d)} {AR_MONTHS[self.m - 1]} عام {ar_num(self.y)}"
        if self.kind == "month":
            return f"في {AR_MONTHS[self.m - 1]} عام {ar_num(self.y)}"
        if self.kind == "year":
            return f"عام {ar_num(self.y)}"
        if self.kind == "qualified":
            return f"في {_QUALIFIERS[self.qualifier]} عام {ar_num(self.y)}"
        return ""

    def en(self) -> str:
        if self.kind == "day":
            return f"{self.d} {EN_MONTHS[self.m - 1]} {self.y}"
        if self.kind == "month":
            return f"{EN_MONTHS[self.m - 1]} {self.y}"
        if self.kind == "year":
            return str(self.y)
        if self.kind == "qualified":
            return f"{self.qualifier} {self.y}"
        return f"after {self.anchor.id}" if self.anchor is not None and self.anchor.id else "later"


def _month_str(mi: int) -> str:
    return f"{mi // 12:04d}-{mi % 12 + 1:02d}"


# --- Registry ------------------------------------------------------------------


@dataclass
class Entity:
    id: str
    type: str
    en: str
    ar: str
    props: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Term:
    """One holder's term of one office: whole months ``start``..``end`` (month indexes)."""

    office: Entity
    start: int
    end: int
    person: Entity | None = None
    dated: bool = False  # does the defining fact give termStart/termEnd?
    fact: "Fact | None" = None  # the defining OfficeTerm fact, once written
    violation: str | None = None  # the kind of violation its defining fact plants

    @property
    def id(self) -> str:
        return f"term-{self.person.id}"


@dataclass
class StateInfo:
    n: int
    entity: Entity
    capital: Entity
    offices: dict[str, Entity]
    orgs: dict[str, Entity]  # 'mfa', 'economy', 'parliament'
    timelines: dict[str, list[Term]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.entity.id

    @property
    def ar(self) -> str:
        return self.entity.ar

    @property
    def en(self) -> str:
        return self.entity.en


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
        parts = [self.rng.choice(_SYLLABLES) for _ in range(n)]
        return "".join(p[0] for p in parts), "".join(p[1] for p in parts)

    def given(self) -> tuple[str, str]:
        ar, en = self._word(self.rng.choice((1, 2, 2)))
        coda = self.rng.choice(_CODAS)
        return ar + coda[0], (en + coda[1]).capitalize()

    def city(self) -> tuple[str, str, str]:
        while True:
            ar, en = self._word(self.rng.choice((2, 3)))
            end = self.rng.choice(_CITY_ENDINGS)
            ar, en = ar + end[0], (en + end[1]).capitalize()
            if self.claim(f"city-{en.lower()}"):
                return f"city-{en.lower()}", en, ar

    def person(self) -> Entity:
        while True:
            g_ar, g_en = self.given()
            f_ar, f_en = self.given()
            fam_ar, fam_en = self._word(self.rng.choice((1, 2)))
            coda = self.rng.choice(_CODAS)
            ar = f"{g_ar} {f_ar} ال{fam_ar}{coda[0]}ي"
            en = f"{g_en} {f_en} Al-{fam_en.capitalize()}{coda[1]}i"
            rid = en.lower().replace(" ", "-")
            if self.claim(rid):
                ent = Entity(rid, "Person", en, ar)
                self.people.append(ent)
                return ent


def _registry(rng: random.Random, names: Names, n_states: int) -> tuple[list[StateInfo], list[Entity]]:
    states, topics = [], []
    for n in range(1, n_states + 1):
        sid = f"state-{n}"
        names.claim(sid)
        ent = Entity(sid, "State", f"State {n}", f"الدولة {ar_num(n)}")
        cid, cen, car = names.city()
        capital = Entity(cid, "City", cen, car, [("locatedIn", sid)])
        head = rng.choice(("PresidentOffice", "PresidentOffice", "EmirOffice"))
        offices = {}
        for key, spec in OFFICES.items():
            cls, en, ar, _ = (head, *_HEADS[head]) if spec is None else spec
            oid = f"{_OFFICE_IDS[key]}-of-{sid}"
            names.claim(oid)
            offices[key] = Entity(oid, cls, en.format(s=ent.en), ar.format(s=ent.ar), [("officeOf", sid)])
        orgs = {
            "mfa": Entity(f"ministry-of-foreign-affairs-of-{sid}", "Ministry",
                          f"Ministry of Foreign Affairs of {ent.en}", f"وزارة خارجية {ent.ar}",
                          [("organisationOf", sid)]),
            "economy": Entity(f"ministry-of-economy-of-{sid}", "Ministry", f"Ministry of Economy of {ent.en}",
                              f"وزارة اقتصاد {ent.ar}", [("organisationOf", sid)]),
            "parliament": Entity(f"parliament-of-{sid}", "Parliament", f"Parliament of {ent.en}",
                                 f"برلمان {ent.ar}", [("organisationOf", sid)]),
        }
        for org in orgs.values():
            names.claim(org.id)
        info = StateInfo(n, ent, capital, offices, orgs)
        for key, office in offices.items():
            months = _HEADS[head][2] if key == "hos" else OFFICES[key][3]
            start, stop = _TIMELINE[0] * 12 - rng.randrange(months[0]), _TIMELINE[1] * 12 + 11
            line = []
            while start <= stop:
                end = start + rng.randint(*months) - 1
                line.append(Term(office, start, end, dated=rng.random() < 0.5))
                start = end + 1
            info.timelines[key] = line
        states.append(info)
    for tid, en, ar in TOPICS:
        names.claim(tid)
        topics.append(Entity(tid, "Topic", en, ar))
    return states, topics


def _holder(names: Names, state: StateInfo, key: str, day: GDate) -> Term:
    """The term of ``key`` in ``state`` that covers the month of ``day`` (its person made on first use)."""
    line = state.timelines[key]
    mi = day.month_index
    i = bisect_left([t.end for t in line], mi)
    term = line[i]
    assert term.start <= mi <= term.end
    if term.person is None:
        term.person = names.person()
    return term


# --- Sentences and facts -------------------------------------------------------


@dataclass
class Fact:
    kind: str  # slug used in the id
    type: str | None = None
    resource: "str | Fact | Term | None" = None
    quote: str | None = None  # key of a marked phrase of the sentence, None for the whole sentence
    props: list[tuple[str, object]] = field(default_factory=list)
    date: GDate | None = None
    label: dict[str, str] | None = None
    id: str | None = None
    line: int | None = None
    violation: str | None = None  # the kind of violation this fact plants


@dataclass
class Mention:
    """A person named with an office in a sentence: an attestation of the term."""

    key: str
    term: Term
    event: Fact


class Sentence:
    """A sentence being written, with the offsets of its marked phrases."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.marks: dict[str, tuple[int, int]] = {}
        self._open: dict[str, int] = {}
        self.facts: list[Fact] = []
        self.mentions: list[Mention] = []
        self.start = 0
        self.text = ""

    def add(self, text: str) -> "Sentence":
        self.parts.append(text)
        self.length += len(text)
        return self

    def begin(self, key: str) -> "Sentence":
        self._open[key] = self.length
        return self

    def end(self, key: str) -> "Sentence":
        self.marks[key] = (self._open.pop(key), self.length)
        return self

    def mark(self, key: str, text: str) -> "Sentence":
        return self.begin(key).add(text).end(key)

    def fact(self, f: Fact) -> Fact:
        self.facts.append(f)
        return f

    @property
    def body(self) -> str:
        return "".join(self.parts)


@dataclass
class Cluster:
    """One paragraph: sentences about one occasion, placed by date."""

    when: date
    sentences: list[Sentence] = field(default_factory=list)
    events: int = 0

    def sentence(self) -> Sentence:
        s = Sentence()
        self.sentences.append(s)
        return s


#: Share of the persons named with their office whose term is attested by a fact (visitors always are).
ATTEST_SHARE = 0.08


class _People:
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


class _Doc:
    """Everything generated for one pair of states."""

    def __init__(self, a: StateInfo, b: StateInfo):
        self.a, self.b = a, b
        self.id = f"relations-{a.id}-{b.id}"
        self.short = f"s{a.n}-s{b.n}"
        self.clusters: list[Cluster] = []
        self.established: date | None = None
        self.text = ""


class _Generator:
    def __init__(self, seed: int, n_states: int, n_events: int, n_violations: int):
        master = random.Random(seed)
        self.rng = random.Random(master.getrandbits(64))
        self.vrng = random.Random(master.getrandbits(64))
        self.names = Names(random.Random(master.getrandbits(64)))
        self.seed, self.n_states, self.n_events, self.n_violations = seed, n_states, n_events, n_violations
        self.states, self.topics = _registry(random.Random(master.getrandbits(64)), self.names, n_states)
        self.extra_entities: list[Entity] = []
        self.docs: list[_Doc] = []
        self.events = 0

    # ---- dates

    def _day_between(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def _event_date(self, lo: date, month_share: float = 0.15) -> GDate:
        day = self._day_between(lo, LAST_DAY)
        return GDate.of(day, "month" if self.rng.random() < month_share else "day")

    # ---- plan

    def plan(self) -> None:
        pairs = [(i, j) for i in range(self.n_states) for j in range(i + 1, self.n_states)]
        n_docs = max(1, min(len(pairs), -(-self.n_events // EVENTS_PER_SOURCE)))
        chosen = sorted(self.rng.sample(pairs, n_docs))
        base, extra = divmod(self.n_events, n_docs)
        for k, (i, j) in enumerate(chosen):
            a, b = self.states[i], self.states[j]
            if self.rng.random() < 0.5:
                a, b = b, a
            doc = _Doc(a, b)
            self._fill(doc, base + (1 if k < extra else 0))
            self.docs.append(doc)
        for kind in VIOLATION_KINDS:
            for _ in range(self.n_violations):
                doc = self.docs[self.vrng.randrange(len(self.docs))]
                getattr(self, "_plant_" + kind.replace("-", "_"))(doc)

    def _fill(self, doc: _Doc, budget: int) -> None:
        rng = self.rng
        est = date(rng.randint(FIRST_YEAR, 2000), rng.randint(1, 12), rng.randint(1, 28))
        doc.established = est
        doc.clusters.append(self._establishment(doc, est))
        budget -= 1
        for sender, receiver in ((doc.a, doc.b), (doc.b, doc.a))[:max(0, min(2, budget))]:
            doc.clusters.append(self._embassy(doc, sender, receiver, est))
            budget -= 1
        start = est + timedelta(days=30)
        makers = ((self._visit, 45), (self._delegation, 12), (self._third_place, 10),
                  (self._aid, 10), (self._statement, 23))
        if len(self.states) < 3:
            makers = tuple(m for m in makers if m[0] != self._third_place)
        funcs, weights = [m[0] for m in makers], [m[1] for m in makers]
        while budget > 0:
            maker = rng.choices(funcs, weights)[0]
            cluster = maker(doc, start, budget)
            budget -= cluster.events
            doc.clusters.append(cluster)
        self.events += sum(c.events for c in doc.clusters)

    # ---- clusters

    def _establishment(self, doc: _Doc, est: date) -> Cluster:
        a, b = doc.a, doc.b
        c = Cluster(est, events=1)
        s = c.sentence()
        when = GDate.of(est)
        if self.rng.random() < 0.5:
            s.add("اما ").mark("rel", f"العلاقات الدبلوماسية بين {a.ar} و{b.ar}").add(f" فانها أنشئت {when.ar()}")
        else:
            s.add("أقيمت ").mark("rel", f"العلاقات الدبلوماسية بين {a.ar} و{b.ar}").add(f" {when.ar()}")
        s.fact(Fact("diplomatic-relations-established", "DiplomaticRelationsEstablishment",
                    props=[("party", [a.id, b.id])], date=when,
                    label={"en": f"{a.en} and {b.en} establish diplomatic relations ({when.en()})",
                           "ar": f"انشاء العلاقات الدبلوماسية بين {a.ar} و{b.ar}"}))
        s.fact(Fact("diplomatic-relation", resource=a.id, quote="rel", props=[("diplomaticRelation", b.id)]))
        return c

    def _embassy(self, doc: _Doc, sender: StateInfo, receiver: StateInfo, est: date,
                 before: bool = False) -> Cluster:
        rng = self.rng if not before else self.vrng
        if before:
            year = est.year - rng.randint(1, 3)
            when = GDate(rng.choice(("year", "qualified")), year, qualifier=rng.choice(tuple(_QUALIFIERS)))
        else:
            year = min(LAST_DAY.year, est.year + rng.randint(1, 8))
            kind = rng.choice(("year", "qualified", "month", "month"))
            when = GDate(kind, year, rng.randint(1, 12), qualifier=rng.choice(tuple(_QUALIFIERS)))
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

    def _visit(self, doc: _Doc, lo: date, budget: int) -> Cluster:
        rng, names = self.rng, self.names
        a, b = (doc.a, doc.b) if rng.random() < 0.5 else (doc.b, doc.a)
        when = self._event_date(lo)
        c = Cluster(when.earliest)
        people = _People(rng)
        key = rng.choices(("hos", "pm", "fm", "dpm", "economy"), (30, 15, 35, 10, 10))[0]
        visitor = _holder(names, a, key, when)
        official = rng.random() < 0.6
        to_capital = rng.random() < 0.4
        place = b.capital if to_capital else b.entity
        s = c.sentence()
        kind_en, kind_ar = ("Official visit", "زيارة رسمية") if official else ("Visit", "زيارة")
        visit = Fact("official-visit" if official else "visit", "OfficialVisit" if official else "Visit",
                     props=[("visitor", visitor.person.id), ("visitingState", a.id), ("hostState", b.id),
                            ("place", place.id)], date=when,
                     label={"en": f"{kind_en} of {visitor.person.en} to {b.en} ({when.en()})",
                            "ar": f"{kind_ar} {visitor.person.ar} الى {b.ar}"})
        s.add("وقام " if rng.random() < 0.5 else "قام ")
        people.say(s, visitor, visit, attest=True)
        dest = f"{b.capital.ar} عاصمة {b.ar}" if to_capital else b.ar
        s.add(f" بزيارة {'رسمية ' if official else ''}الى {dest} {when.ar()}")
        s.fact(visit)
        c.events = 1
        host_key = rng.choices(("hos", "pm", "fm"), (50, 25, 25))[0]
        host = _holder(names, b, host_key, when)
        met: Fact | None = None

        def room() -> bool:
            return c.events < budget

        if room() and rng.random() < 0.75:
            s = c.sentence()
            if rng.random() < 0.6:
                met = Fact("reception", "Reception", props=[("host", host.person.id), ("guest", visitor.person.id),
                                                            ("place", place.id), ("partOf", visit)], date=when,
                           label={"en": f"{host.person.en} receives {visitor.person.en} ({when.en()})",
                                  "ar": f"{host.person.ar} يقابل {visitor.person.ar}"})
                s.add("وقابل ")
                people.say(s, host, met)
                s.add(" ")
                people.say(s, visitor, met)
                s.add(" خلال الزيارة")
            else:
                met = Fact("meeting", "Meeting", props=[("participant", [visitor.person.id, host.person.id]),
                                                        ("place", place.id), ("partOf", visit)], date=when,
                           label={"en": f"{visitor.person.en} meets {host.person.en} ({when.en()})",
                                  "ar": f"لقاء {visitor.person.ar} و{host.person.ar}"})
                s.add("والتقى ")
                people.say(s, visitor, met)
                s.add(" مع ")
                people.say(s, host, met)
            s.fact(met)
            c.events += 1
        if met is not None and room() and rng.random() < 0.5:
            self._talks(c, [visitor.person.id, host.person.id], met, when,
                        f"{visitor.person.en} and {host.person.en}", f"{visitor.person.ar} و{host.person.ar}")
        if room() and rng.random() < 0.25:
            self._memorandum(c, a, b, visit, when)
        if met is not None and key != "hos" and room() and rng.random() < 0.2:
            sender = _holder(names, a, "hos", when)
            s = c.sentence()
            g = Fact("greetings", "GreetingsConveyed",
                     props=[("conveyedBy", visitor.person.id), ("greetingsFrom", sender.person.id),
                            ("greetingsTo", host.person.id), ("partOf", met)], date=when,
                     label={"en": f"{visitor.person.en} conveys the greetings of {sender.person.en} "
                                  f"to {host.person.en}",
                            "ar": f"{visitor.person.ar} يبلغ {host.person.ar} تحيات {sender.person.ar}"})
            s.add("وبلغ ")
            people.say(s, visitor, g)
            s.add(" ")
            people.say(s, host, g)
            s.add(" تحيات ")
            people.say(s, sender, g)
            s.fact(g)
            c.events += 1
        if met is not None and room() and rng.random() < 0.2:
            s = c.sentence()
            inv = Fact("invitation", "Invitation",
                       props=[("inviter", visitor.person.id), ("invitee", host.person.id), ("invitedTo", a.id),
                              ("partOf", met)], date=when,
                       label={"en": f"{visitor.person.en} invites {host.person.en} to visit {a.en}",
                              "ar": f"{visitor.person.ar} يدعو {host.person.ar} لزيارة {a.ar}"})
            s.add("ودعا ")
            people.say(s, visitor, inv)
            s.add(" ")
            people.say(s, host, inv)
            s.add(f" للقيام بزيارة الى {a.ar}")
            s.fact(inv)
            c.events += 1
        if room() and rng.random() < 0.1:
            p_ar, p_en = rng.choice(PURPOSES)
            s = c.sentence()
            pledge = Fact("aid-pledge", "AidPledge",
                          props=[("donor", a.id), ("recipient", b.id), ("purpose", {"ar": p_ar, "en": p_en}),
                                 ("partOf", visit)], date=when,
                          label={"en": f"{a.en} pledges aid {p_en} in {b.en}",
                                 "ar": f"{a.ar} تتعهد بتقديم مساعدات الى {b.ar}"})
            s.add("واعلن ")
            people.say(s, visitor, pledge)
            s.add(f" ان {a.ar} ستقدم مساعدات {p_ar} الى {b.ar}")
            s.fact(pledge)
            c.events += 1
        occasion = visit
        if room() and rng.random() < 0.1:
            s = c.sentence()
            occasion = Fact("press-conference", "PressConference",
                            props=[("heldBy", visitor.person.id), ("partOf", visit)],
                            date=when, label={"en": f"Press conference of {visitor.person.en} ({when.en()})",
                                              "ar": f"المؤتمر الصحفي لـ{visitor.person.ar}"})
            s.add("وعقد ")
            people.say(s, visitor, occasion)
            s.add(" مؤتمرا صحفيا في ختام الزيارة")
            s.fact(occasion)
            c.events += 1
        if room() and rng.random() < 0.45:
            if rng.random() < 0.6 or met is None:
                self._said(c, people, visitor, a, b, when, occasion, relative_to=visit)
            else:
                self._said(c, people, host, b, a, when, occasion, relative_to=visit)
        return c

    def _talks(self, c: Cluster, participants: list, met: Fact, when: GDate, who_en: str, who_ar: str) -> None:
        topics = self.rng.sample(self.topics, self.rng.choice((1, 2, 2, 3)))
        s = c.sentence()
        s.add("واجرى الطرفان محادثات حول " + " و".join(t.ar for t in topics))
        s.fact(Fact("talks", "Talks", props=[("participant", participants), ("topic", [t.id for t in topics]),
                                             ("partOf", met)], date=when,
                    label={"en": f"Talks between {who_en} on {', '.join(t.en for t in topics)}",
                           "ar": f"محادثات بين {who_ar}"}))
        c.events += 1

    def _memorandum(self, c: Cluster, a: StateInfo, b: StateInfo, visit: Fact, when: GDate) -> None:
        subj_ar, subj_en, org = self.rng.choice(MOU_SUBJECTS)
        oa, ob = a.orgs[org], b.orgs[org]
        s = c.sentence()
        s.add("وخلال الزيارة تم التوقيع على ").mark("mou", f"مذكرة تفاهم حول {subj_ar} بين {oa.ar} و{ob.ar}")
        signing = Fact("memorandum-signed", "AgreementSigning", props=[("partOf", visit)], date=when,
                       label={"en": f"Signing of the memorandum on {subj_en} ({when.en()})",
                              "ar": f"التوقيع على مذكرة التفاهم حول {subj_ar}"})
        mou = Fact("memorandum", "MemorandumOfUnderstanding", quote="mou",
                   props=[("subject", {"ar": subj_ar, "en": subj_en}), ("party", [oa.id, ob.id]),
                          ("signedAt", signing)],
                   label={"en": f"Memorandum of understanding on {subj_en} between {oa.en} and {ob.en}",
                          "ar": f"مذكرة تفاهم حول {subj_ar} بين {oa.ar} و{ob.ar}"})
        signing.props.insert(0, ("agreement", mou))
        s.fact(mou)
        s.fact(signing)
        c.events += 1

    def _said(self, c: Cluster, people: _People, speaker: Term, a: StateInfo, b: StateInfo, when: GDate,
              occasion: Fact, relative_to: Fact | None) -> None:
        """A statement of ``speaker`` (of state ``a``, speaking of ``b``)."""
        rng = self.rng
        relative = relative_to is not None and speaker.person.id in people.named and rng.random() < 0.4
        s = c.sentence()
        st = Fact("statement", "Statement", props=[("speaker", speaker.person.id)])
        if relative:
            st.date = GDate("after", anchor=relative_to, _sort=c.when)
        else:
            st.date = when
            st.props.append(("partOf", occasion))
        form = rng.randrange(3)
        s.add(("وعقب اللقاء " if relative_to.type == "Meeting" else "وعقب الزيارة ") if relative else "و")
        if form == 0:
            ar, en = rng.choice(ASSERTIONS)
            ar, en = ar.format(a=a.ar, b=b.ar), en.format(a=a.en, b=b.en)
            s.add("قال ")
            people.say(s, speaker, st)
            s.add(f" ان {ar}")
            st.props.append(("content", {"ar": ar, "en": en}))
        elif form == 1:
            ar, en = rng.choice(EMPHASES)
            t = rng.choice(self.topics)
            ar, en = ar.format(t=t.ar), en.format(t=t.en)
            s.add("أكد ")
            people.say(s, speaker, st)
            s.add(f" {ar}")
            st.props.append(("content", {"ar": ar, "en": en}))
        else:
            ar, en = rng.choice(QUOTED_WORDS)
            s.add("صرح ")
            people.say(s, speaker, st)
            s.add(f' قائلا "{ar}"')
            st.props.append(("quotedWords", {"ar": ar}))  # the source's words: Arabic only
        st.label = {"en": f"Statement of {speaker.person.en} ({'later' if relative else st.date.en()})",
                    "ar": f"تصريح {speaker.person.ar}"}
        s.fact(st)
        c.events += 1

    def _delegation(self, doc: _Doc, lo: date, budget: int) -> Cluster:
        rng, names = self.rng, self.names
        a, b = (doc.a, doc.b) if rng.random() < 0.5 else (doc.b, doc.a)
        when = self._event_date(lo, month_share=0.3)
        c = Cluster(when.earliest)
        people = _People(rng)
        lead_key = rng.choices(("speaker", "economy", "justice"), (60, 20, 20))[0]
        leader = _holder(names, a, lead_key, when)
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
            members = [_holder(names, a, k, when) for k in rng.sample(keys, rng.choice((1, 2)))]
            s = c.sentence()
            s.add("وضم الوفد ")
            for i, m in enumerate(members):
                s.add(" و" if i else "")
                people.say(s, m, dvisit)
            s.fact(Fact("delegation-members", resource=deleg, props=[("member", [m.person.id for m in members])]))
        if c.events < budget:
            host = _holder(names, b, rng.choice(("hos", "pm", "speaker")), when)
            s = c.sentence()
            met = Fact("meeting", "Meeting", props=[("participant", [deleg, host.person.id]), ("partOf", dvisit)],
                       date=when, label={"en": f"Meeting of the delegation with {host.person.en} ({when.en()})",
                                         "ar": f"لقاء الوفد مع {host.person.ar}"})
            s.add("والتقى الوفد مع ")
            people.say(s, host, met)
            if rng.random() < 0.5:
                t = rng.choice(self.topics)
                s.add(f" وأكد الطرفان اهمية {t.ar}")
                met.props.insert(1, ("topic", t.id))
            s.fact(met)
            c.events += 1
            if c.events < budget and rng.random() < 0.5:
                self._talks(c, [deleg, host.person.id], met, when, f"the delegation and {host.person.en}",
                            f"الوفد و{host.person.ar}")
            if c.events < budget and rng.random() < 0.3:
                self._said(c, people, leader, a, b, when, dvisit, relative_to=dvisit)
        return c

    def _third_place(self, doc: _Doc, lo: date, budget: int) -> Cluster:
        rng, names = self.rng, self.names
        a, b = doc.a, doc.b
        third = rng.choice([st for st in self.states if st is not a and st is not b])
        when = self._event_date(lo, month_share=0.0)
        c = Cluster(when.earliest)
        people = _People(rng)
        x, y = _holder(names, a, "hos", when), _holder(names, b, "hos", when)
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
                self._said(c, people, x, a, b, when, met, relative_to=met)
            else:
                self._said(c, people, y, b, a, when, met, relative_to=met)
        return c

    def _aid(self, doc: _Doc, lo: date, budget: int, rng: random.Random | None = None) -> Cluster:
        rng = rng or self.rng
        a, b = (doc.a, doc.b) if rng.random() < 0.5 else (doc.b, doc.a)
        day = lo + timedelta(days=rng.randint(0, (LAST_DAY - lo).days))
        kind = rng.choice(("year", "year", "qualified", "month"))
        when = GDate(kind, day.year, day.month, qualifier=rng.choice(tuple(_QUALIFIERS)))
        p_ar, p_en = rng.choice(PURPOSES)
        c = Cluster(day, events=1)
        s = c.sentence()
        s.add(f"قدمت {a.ar} مساعدات {p_ar} الى {b.ar} {when.ar()}")
        s.fact(Fact("aid", "AidProvision",
                    props=[("donor", a.id), ("recipient", b.id), ("purpose", {"ar": p_ar, "en": p_en})], date=when,
                    label={"en": f"{a.en} provides aid {p_en} in {b.en} ({when.en()})",
                           "ar": f"{a.ar} تقدم مساعدات الى {b.ar}"}))
        return c

    def _statement(self, doc: _Doc, lo: date, budget: int) -> Cluster:
        rng = self.rng
        a, b = (doc.a, doc.b) if rng.random() < 0.5 else (doc.b, doc.a)
        when = self._event_date(lo)
        c = Cluster(when.earliest)
        speaker = _holder(self.names, a, rng.choices(("fm", "hos", "pm"), (60, 25, 15))[0], when)
        ar, en = rng.choice(ASSERTIONS)
        ar, en = ar.format(a=a.ar, b=b.ar), en.format(a=a.en, b=b.en)
        st = Fact("statement", "Statement", props=[("speaker", speaker.person.id), ("content", {"ar": ar, "en": en})],
                  date=when, label={"en": f"Statement of {speaker.person.en} ({when.en()})",
                                    "ar": f"تصريح {speaker.person.ar}"})
        s = c.sentence()
        s.add("وصرح ")
        _People(rng).say(s, speaker, st)
        s.add(f" {when.ar()} بان {ar}")
        s.fact(st)
        c.events = 1
        return c

    # ---- planted violations (their own random stream, so the rest of the corpus is unchanged)

    def _plant_date(self, doc: _Doc) -> GDate:
        day = doc.established + timedelta(days=self.vrng.randint(60, (LAST_DAY - doc.established).days - 1))
        return GDate.of(day)

    def _plant_event_without_date(self, doc: _Doc) -> None:
        when = self._plant_date(doc)
        x = _holder(self.names, doc.a, "fm", when).person
        y = _holder(self.names, doc.b, "fm", when).person
        c = Cluster(when.earliest)
        s = c.sentence()
        s.add(f"وجرى لقاء اخر بين {x.ar} و{y.ar}")
        s.fact(Fact("meeting", "Meeting", props=[("participant", [x.id, y.id])],
                    label={"en": f"{x.en} meets {y.en}", "ar": f"لقاء {x.ar} و{y.ar}"},
                    violation="event-without-date"))
        doc.clusters.append(c)

    def _plant_statement_without_speaker(self, doc: _Doc) -> None:
        when = self._plant_date(doc)
        ar, en = self.vrng.choice(ASSERTIONS)
        ar, en = ar.format(a=doc.a.ar, b=doc.b.ar), en.format(a=doc.a.en, b=doc.b.en)
        c = Cluster(when.earliest)
        s = c.sentence()
        s.add(f"وجاء في بيان صدر {when.ar()} ان {ar}")
        s.fact(Fact("statement", "Statement", props=[("content", {"ar": ar, "en": en})], date=when,
                    label={"en": f"A statement on relations ({when.en()})", "ar": "بيان عن العلاقات"},
                    violation="statement-without-speaker"))
        doc.clusters.append(c)

    def _plant_missing_arabic_label(self, doc: _Doc) -> None:
        c = self._aid(doc, doc.established + timedelta(days=30), 1, rng=self.vrng)
        f = c.sentences[0].facts[0]
        f.label = {"en": f.label["en"], "fr": f.label["en"]}  # English text under a wrong tag, no Arabic
        f.violation = "missing-arabic-label"
        doc.clusters.append(c)

    def _plant_embassy_opening_before_relations(self, doc: _Doc) -> None:
        sender, receiver = (doc.a, doc.b) if self.vrng.random() < 0.5 else (doc.b, doc.a)
        doc.clusters.append(self._embassy(doc, sender, receiver, doc.established, before=True))

    def _plant_visitor_term_not_covering(self, doc: _Doc) -> None:
        """A minister of state, met during his term, visits after it ended: the visit is attested
        as a time he held the office, outside the term's termStart..termEnd."""
        rng = self.vrng
        a, b = (doc.a, doc.b) if rng.random() < 0.5 else (doc.b, doc.a)
        first = max(doc.established.year + 1, FIRST_YEAR)
        start = rng.randint(first * 12, 2018 * 12)
        end = start + rng.randint(12, 36)
        office_id = f"minister-of-state-of-{a.id}"
        office = next((e for e in self.extra_entities if e.id == office_id), None)
        if office is None:
            office = Entity(office_id, "MinisterOffice", f"Minister of State of {a.en}", f"وزير دولة في {a.ar}",
                            [("officeOf", a.id)])
            self.names.claim(office_id)
            self.extra_entities.append(office)
        term = Term(office, start, end, self.names.person(), dated=True, violation="visitor-term-not-covering")
        met_day = date(start // 12, start % 12 + 1, 1) + timedelta(days=rng.randint(0, 27))
        met_when = GDate.of(met_day)
        other = _holder(self.names, b, "fm", met_when).person
        c1 = Cluster(met_day)
        s = c1.sentence()
        met = Fact("meeting", "Meeting", props=[("participant", [term.person.id, other.id])], date=met_when,
                   label={"en": f"{term.person.en} meets {other.en} ({met_when.en()})",
                          "ar": f"لقاء {term.person.ar} و{other.ar}"})
        s.add("والتقى ")
        _People(rng).say(s, term, met, attest=True)
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
        _People(rng).say(s, term, visit, attest=True)
        s.add(f" بزيارة الى {b.ar} {v_when.ar()}")
        s.fact(visit)
        doc.clusters += [c1, c2]


# --- Writing -------------------------------------------------------------------

#: IRI path segment (see kg.core.ontology.SEGMENTS) of the classes a planted violation's fact can have.
_SEGMENTS = {"OfficeTerm": "term", "Meeting": "event", "Statement": "event", "AidProvision": "event",
             "EmbassyOpening": "event", "Visit": "event"}

_UNSAFE = set(':#,[]{}"\'&*!|>%@`\\\n\t')


def q(text: str) -> str:
    """A YAML scalar: plain when safe in flow and block context, else double-quoted (JSON is YAML).

    >>> q("State 7"), q("a: b")
    ('State 7', '"a: b"')
    """
    if text and text == text.strip() and not _UNSAFE.intersection(text) and text[0] not in "-?" \
            and text not in ("~",):
        return text
    return json.dumps(text, ensure_ascii=False)


def _value(v: object) -> str:
    if isinstance(v, (Fact, Term)):
        return v.id
    if isinstance(v, Entity):
        return v.id
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {q(x)}" for k, x in v.items()) + "}"
    return q(str(v))


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str) -> int:
        self.lines.append(line)
        return len(self.lines)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _entity_lines(out: _Lines, e: Entity) -> None:
    out.add(f"  - id: {e.id}")
    out.add(f"    type: {e.type}")
    out.add(f"    label: {{en: {q(e.en)}, ar: {q(e.ar)}}}")
    for k, v in e.props:
        out.add(f"    {k}: {_value(v)}")
    out.add("")


def _write_registry(gen: _Generator) -> tuple[str, int]:
    out = _Lines()
    out.add(f"# Synthetic entity registry written by kg.synth (seed {gen.seed}, {gen.n_states} states).")
    out.add("# Invented states, places, offices and persons; nothing here is true.")
    out.add("entities:")
    out.add("")
    n = 0
    groups = [("States and capitals", [e for st in gen.states for e in (st.entity, st.capital)]),
              ("Offices", [o for st in gen.states for o in st.offices.values()] + gen.extra_entities),
              ("Organisations", [o for st in gen.states for o in st.orgs.values()]),
              ("Topics", gen.topics),
              ("Persons", gen.names.people)]
    for title, entities in groups:
        out.add(f"  # --- {title} ---")
        for e in entities:
            _entity_lines(out, e)
            n += 1
    return out.text(), n


def _render(doc: _Doc) -> None:
    """Number the sentences in date order and assemble the text; offsets of every sentence."""
    a, b = doc.a, doc.b
    header = [f"معلومات تاريخية عامة / السياسة الخارجية / {a.ar} - {b.ar}", f"العلاقات بين {a.ar} و{b.ar}"]
    paragraphs = list(header)
    pos = sum(len(h) for h in header) + 2 * len(header)
    n = 0
    doc.clusters.sort(key=lambda c: c.when)  # stable: clusters of one day keep their order
    for cluster in doc.clusters:
        sentences = []
        for i, s in enumerate(cluster.sentences):
            if i:
                pos += 1
            n += 1
            s.start = pos
            s.text = f"{s.body} (البند {ar_num(n)})."
            pos += len(s.text)
            sentences.append(s.text)
        paragraphs.append(" ".join(sentences))
        pos += 2
    doc.text = "\n\n".join(paragraphs) + "\n"


def _quote(doc: _Doc, s: Sentence, key: str | None, cache: dict[str, list[int]]) -> str:
    if key is None:
        return q(s.text)
    start, end = s.marks[key]
    exact = s.text[start:end]
    at = s.start + start
    starts = cache.get(exact)
    if starts is None:
        starts, i = [], doc.text.find(exact)
        while i >= 0:  # non-overlapping, as the loader's re.finditer counts them
            starts.append(i)
            i = doc.text.find(exact, i + len(exact))
        cache[exact] = starts
    k = bisect_left(starts, at)
    if k == len(starts) or starts[k] != at:
        return q(s.text)  # an overlapping occurrence: quote the sentence instead
    if len(starts) == 1:
        return q(exact)
    return f"{{exact: {q(exact)}, occurrence: {k + 1}}}"


def _write_facts(doc: _Doc) -> tuple[str, list[Fact]]:
    out = _Lines()
    out.add(f"# Facts drawn from sources/{doc.id}.ar.txt (synthetic, written by kg.synth).")
    out.add(f"source: {doc.id}")
    out.add("")
    out.add("facts:")
    out.add("")
    facts: list[Fact] = []
    cache: dict[str, list[int]] = {}
    counter = 0

    def emit(f: Fact, s: Sentence) -> None:
        nonlocal counter
        if f.id is None:
            counter += 1
            f.id = f"{doc.short}-{counter:05d}-{f.kind}"
        f.line = out.add(f"  - id: {f.id}")
        if f.type is not None:
            out.add(f"    type: {f.type}")
        else:
            out.add(f"    resource: {_value(f.resource)}")
        out.add(f"    quote: {_quote(doc, s, f.quote, cache)}")
        for k, v in f.props:
            out.add(f"    {k}: {_value(v)}")
        if f.date is not None:
            out.add(f"    date: {f.date.yaml()}")
        if f.label is not None:
            out.add(f"    label: {_value(f.label)}")
        out.add("")
        facts.append(f)

    for cluster in doc.clusters:
        for s in cluster.sentences:
            for f in s.facts:  # ids first: facts of a sentence may name each other
                if f.id is None:
                    counter += 1
                    f.id = f"{doc.short}-{counter:05d}-{f.kind}"
            for f in s.facts:
                emit(f, s)
            for m in s.mentions:
                t, ev = m.term, m.event
                on = ev.date.literal if ev.date is not None else None
                if t.fact is None:
                    props = [("holder", t.person.id), ("office", t.office.id)]
                    if t.dated:
                        props += [("termStart", _month_str(t.start)), ("termEnd", _month_str(t.end))]
                    t.fact = Fact("term", "OfficeTerm", quote=m.key, id=t.id, props=props, violation=t.violation,
                                  label={"en": f"{t.person.en} as {t.office.en}", "ar": f"{t.person.ar} {t.office.ar}"})
                    f = t.fact
                else:
                    f = Fact("attested", resource=t.fact, quote=m.key)
                if on is not None:
                    f.props.append(("attestedOn", on))
                f.props.append(("attestedIn", ev))
                emit(f, s)
    out.add("# Every sentence of the source is cited by a fact.")
    out.add("uncovered: []")
    return out.text(), facts


def _source_meta(doc: _Doc, sha: str, seed: int) -> str:
    a, b = doc.a, doc.b
    return "\n".join([
        "# Metadata of one synthetic source document (kg.synth); the text beside it is generated.",
        f"id: {doc.id}",
        f"text: {doc.id}.ar.txt",
        f"sha256: {sha}",
        "language: ar",
        "title:",
        f"  ar: {q(f'العلاقات بين {a.ar} و{b.ar}')}",
        f"  en: {q(f'Relations between {a.en} and {b.en}')}",
        "categoryPath:",
        f"  ar: {q(f'معلومات تاريخية عامة / السياسة الخارجية / {a.ar} - {b.ar}')}",
        f"  en: {q(f'General historical information / Foreign policy / {a.en} – {b.en}')}",
        "publisher:",
        "  en: kg.synth, the synthetic-corpus generator of this project",
        "rights:",
        "  en: Generated text, free of rights; nothing in it is true.",
        "author: unknown",
        "published: unknown",
        f"note: Synthetic text generated by kg.synth with seed {seed}; states, persons and events are invented.",
    ]) + "\n"


def _prepare(out: Path) -> None:
    """Create ``out``; a folder written earlier by :func:`synthesize` is replaced, any other refused."""
    if out.exists() and any(out.iterdir()):
        marker = out / "violations.json"
        try:
            ours = json.loads(marker.read_text(encoding="utf-8")).get("generator") == "kg.synth"
        except (OSError, ValueError, AttributeError):
            ours = False
        if not ours:
            raise FileExistsError(f"{out}: not empty and not written by kg.synth; give a new folder")
        for name in ("sources", "facts"):
            if (out / name).is_dir():
                shutil.rmtree(out / name)
        for name in ("entities.yaml", "violations.json"):
            (out / name).unlink(missing_ok=True)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "facts").mkdir(parents=True, exist_ok=True)


def synthesize(out: Path, *, states: int, events: int, seed: int, violations: int = 0) -> SynthSummary:
    """Write a synthetic data folder into ``out`` and return what it holds.

    :param out: the folder to write (created; a folder written earlier by this
        function is replaced, any other non-empty folder is refused).
    :param states: number of invented states, at least 2.
    :param events: number of dated diplomatic events in all, at least 1; spread
        over about ``events / 80`` source documents (one per pair of states).
    :param seed: the seed of the one random generator; the same arguments give
        byte-identical files.
    :param violations: how many of each kind of :data:`VIOLATION_KINDS` to plant.
    :raises ValueError: on arguments out of range.
    :raises FileExistsError: when ``out`` holds something else.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     s = synthesize(Path(tmp) / "synth", states=3, events=12, seed=1)
    >>> (s.states, s.sources, s.events, s.violations)
    (3, 1, 12, 0)
    """
    if states < 2:
        raise ValueError("states: at least 2 (relations are between pairs of states)")
    if events < 1:
        raise ValueError("events: at least 1")
    if violations < 0:
        raise ValueError("violations: 0 or more")
    out = Path(out)
    gen = _Generator(seed, states, events, violations)
    gen.plan()
    _prepare(out)
    n_facts, planted = 0, []
    for doc in gen.docs:
        _render(doc)
        raw = doc.text.encode("utf-8")
        (out / "sources" / f"{doc.id}.ar.txt").write_bytes(raw)
        (out / "sources" / f"{doc.id}.yaml").write_bytes(
            _source_meta(doc, hashlib.sha256(raw).hexdigest(), seed).encode("utf-8"))
        shown = f"facts/{doc.id}.yaml"
        text, facts = _write_facts(doc)
        (out / shown).write_bytes(text.encode("utf-8"))
        n_facts += len(facts)
        planted += [{"kind": f.violation, "fact": f.id, "node": f"{_SEGMENTS[f.type]}/{f.id}", "file": shown,
                     "line": f.line}
                    for f in facts if f.violation]
    registry, n_entities = _write_registry(gen)
    (out / "entities.yaml").write_bytes(registry.encode("utf-8"))
    order = {k: i for i, k in enumerate(VIOLATION_KINDS)}
    planted.sort(key=lambda v: (order[v["kind"]], v["file"], v["line"]))
    manifest = {
        "generator": "kg.synth",
        "arguments": {"states": states, "events": events, "seed": seed, "violations": violations},
        "note": "file is relative to this folder; kg names it <folder name>/file in reports",
        "violations": planted,
    }
    (out / "violations.json").write_bytes(
        (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return SynthSummary(states, len(gen.docs), n_entities, n_facts, gen.events, len(planted))
