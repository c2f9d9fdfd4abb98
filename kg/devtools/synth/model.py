"""The records of a synthetic corpus being generated: dates, entities, terms, facts, sentences, documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kg.devtools.synth.tables import AR_DIGITS, AR_MONTHS, EN_MONTHS, QUALIFIERS


def ar_num(n: int) -> str:
    """Digits of ``n`` in Arabic-Indic form.

    >>> ar_num(1994)
    '١٩٩٤'
    """
    return str(n).translate(AR_DIGITS)


@dataclass
class GDate:
    """A date as a generated sentence gives it (see :mod:`kg.core.dates` for the curated forms)."""

    kind: str  # day, month, year, qualified, after
    y: int = 0
    m: int = 1
    d: int = 1
    qualifier: str | None = None
    anchor: Fact | None = None  # for 'after'
    sort_day: date | None = None  # where an 'after' date sorts

    @classmethod
    def of(cls, day: date, kind: str = "day", qualifier: str | None = None) -> GDate:
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
            return self.sort_day
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
            return f"في {QUALIFIERS[self.qualifier]} عام {ar_num(self.y)}"
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


def month_str(mi: int) -> str:
    """A month index (``year * 12 + month - 1``) as ``YYYY-MM``.

    >>> month_str(2004 * 12 + 2)
    '2004-03'
    """
    return f"{mi // 12:04d}-{mi % 12 + 1:02d}"


@dataclass
class Entity:
    """A registry entity: id, class, English and Arabic label, properties (name, id)."""

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
    fact: Fact | None = None  # the defining OfficeTerm fact, once written
    violation: str | None = None  # the kind of violation its defining fact plants

    @property
    def id(self) -> str:
        return f"term-{self.person.id}"


@dataclass
class StateInfo:
    """An invented state with its capital, offices, organisations and the office holders' timelines."""

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


@dataclass
class Fact:
    """A fact being generated; ``id`` and ``line`` are set when its facts file is written."""

    kind: str  # slug used in the id
    type: str | None = None
    resource: str | Fact | Term | None = None
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

    def add(self, text: str) -> Sentence:
        self.parts.append(text)
        self.length += len(text)
        return self

    def begin(self, key: str) -> Sentence:
        self._open[key] = self.length
        return self

    def end(self, key: str) -> Sentence:
        self.marks[key] = (self._open.pop(key), self.length)
        return self

    def mark(self, key: str, text: str) -> Sentence:
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


class Doc:
    """Everything generated for one pair of states."""

    def __init__(self, a: StateInfo, b: StateInfo):
        self.a, self.b = a, b
        self.id = f"relations-{a.id}-{b.id}"
        self.short = f"s{a.n}-s{b.n}"
        self.clusters: list[Cluster] = []
        self.established: date | None = None
        self.text = ""
