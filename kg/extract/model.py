"""The records extraction passes between its parts: actors, cues, draft events, new-entity suggestions."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.dates import DateMention
from kg.extract.lexicon import FAMILY
from kg.text.sentences import Sentence


@dataclass
class Actor:
    """A participant candidate: one chain of mentions (name, titles, offices) in a sentence."""

    kind: str  # person, holder (unnamed office-holder), state, place, organisation, delegation, both, pair
    t0: int
    t1: int
    start: int
    end: int
    text: str
    entity: str | None = None  # registry id (person, state, place, organisation) or office id for holders
    new: str | None = None  # id of a new-entity suggestion
    offices: list[str] = field(default_factory=list)  # office keys (registry ids or new office ids)
    state: str | None = None  # the state the actor belongs to, where known
    honorifics: list[str] = field(default_factory=list)
    prep: str | None = None  # preposition governing the actor (مع، الى، ل، ب، في...)
    members: list[Actor] = field(default_factory=list)  # for "both sides" / pairs: the actors meant
    leader: Actor | None = None
    in_quote: bool = False

    @property
    def ref(self) -> str | None:
        return self.entity or self.new

    def same(self, other: Actor) -> bool:
        return self is other or (self.ref is not None and self.ref == other.ref)


@dataclass
class Cue:
    type: str  # ontology class local name
    t0: int  # token range of the cue words
    t1: int
    head: int  # the token whose position orders the clause
    verbal: bool
    flags: set = field(default_factory=set)


@dataclass
class DraftEvent:
    type: str
    cue: Cue
    sentence: Sentence
    participants: list[tuple[str, Actor]] = field(default_factory=list)  # (role, actor)
    date: DateMention | None = None
    date_relation: DateMention | None = None  # a date this event is after/before
    place: Actor | None = None
    agent: Actor | None = None
    extra: dict = field(default_factory=dict)

    @property
    def family(self) -> str:
        return FAMILY[self.type]


@dataclass
class NewEntity:
    """Something the registry does not know: to be reviewed and added by a curator."""

    id: str
    type: str  # ontology class local name
    label: str  # the words of the source
    kind: str  # person, office, delegation, office-holder, agreement, embassy
    mentions: list[tuple[int, int]] = field(default_factory=list)
    props: dict = field(default_factory=dict)  # ontology properties, values registry or new ids
    note: str | None = None
