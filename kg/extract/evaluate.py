"""Precision and recall of extracted events against curated facts (the gold).

An extracted event **matches** a gold event (a curated fact whose type is a
``bkg:DiplomaticEvent`` or a subclass) when

* its class is the gold class, exactly;
* its date is the gold date at the same precision, a range's two ends included
  (both undated counts as the same; a gold date known only relative to another
  fact, ``{after: ...}`` or ``{before: ...}``, gives no date of its own, so it
  matches an extracted event without a date);
* the set of its participants, roles aside, is the set of the gold event's: the
  values of the gold fact's ``bkg:participant`` sub-properties (visitor,
  hostState, speaker, ...). An extracted participant that stands for none of
  them breaks the match as surely as a missing one.

A gold participant that is a registry entity is found by id. One that is a fact
needs an alignment: a person known only by office (``knownOnlyByOffice``) is
found by an extracted holder of one of its offices (its OfficeTerm facts),
anything else (a delegation) by an extracted participant whose mention overlaps
the fact's quote. Events are paired one to one (maximum bipartite matching).

**Participants with their roles** are scored apart: gold and extracted events of
the same class whose quotes overlap are paired one to one, and each pair's
(role, participant) sets are compared; an unpaired event's are all missed or
all spurious.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.config import BKG
from kg.core.errors import DataError
from kg.extract import entities as ents

if TYPE_CHECKING:
    from kg.extract import Event, Extraction


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Report:
    overall: Score
    per_type: dict[str, Score]
    matches: list[tuple[str, str]] = field(default_factory=list)  # (curated id, extracted id)
    missed: list[str] = field(default_factory=list)  # curated ids
    spurious: list[str] = field(default_factory=list)  # extracted ids

    @property
    def precision(self) -> float:
        return self.overall.precision

    @property
    def recall(self) -> float:
        return self.overall.recall

    roles: Score = field(default_factory=Score)  # (role, participant) pairs of paired events

    def as_dict(self) -> dict:
        return {"overall": self.overall.as_dict(), "per_type": {k: v.as_dict() for k, v in self.per_type.items()},
                "roles": self.roles.as_dict(), "matches": self.matches, "missed": self.missed,
                "spurious": self.spurious}

    def lines(self) -> list[str]:
        def row(name: str, s: Score) -> str:
            return f"{name:<36} {s.tp + s.fn:>5} {s.tp + s.fp:>6} {s.tp:>4} {s.precision:>10.2f} {s.recall:>7.2f}"

        out = [f"{'type':<36} {'gold':>5} {'found':>6} {'tp':>4} {'precision':>10} {'recall':>7}"]
        out += [row(name, s) for name, s in sorted(self.per_type.items())]
        out.append(row("overall", self.overall))
        out.append(row("participants with roles", self.roles))
        return out


def participant_properties() -> set[str]:
    """Local names of bkg:participant and its sub-properties (transitively)."""
    from rdflib import RDFS

    onto = ents.ontology()
    top = BKG.participant
    out = {top}
    todo = [top]
    while todo:
        p = todo.pop()
        for s in onto.graph.subjects(RDFS.subPropertyOf, p):
            if s not in out:
                out.add(s)
                todo.append(s)
    return {onto.local(p) for p in out if onto.local(p)}


def _values(node) -> list[str]:
    if node is None:
        return []
    if hasattr(node, "value"):
        return [node.value]
    if hasattr(node, "items") and isinstance(node.items, list):
        return [v for item in node.items for v in _values(item)]
    return []


def _gold_date(rec) -> tuple:
    """(start, precision, end, end precision) of a gold date; all None when it gives no date of its own."""
    d = rec.date
    if d is None or d.literal is None:
        return None, None, None, None
    end = d.end
    return (d.literal, d.precision, end.literal if end is not None else None,
            end.precision if end is not None else None)


def _extracted_date(ev: Event) -> tuple:
    if ev.date is None:
        return None, None, None, None
    return ev.date, ev.precision, ev.date_end, ev.end_precision if ev.date_end else None


class _Alignment:
    """Whether an extracted event matches a curated one (see the module docstring)."""

    def __init__(self, extracted: Extraction, records: list):
        self.by_id = {r.id: r for r in records}
        self.props = participant_properties()
        self.new_spans = {n.id: n.mentions for n in extracted.new_entities}
        # offices of persons known only by office
        self.offices: dict[str, set[str]] = defaultdict(set)
        for r in records:
            if r.type == "OfficeTerm":
                for x in _values(r.props.get("holder")):
                    self.offices[x].update(_values(r.props.get("office")))

    def gold_keys(self, value: str) -> list[tuple]:
        """How a curated participant may be found: ("id", id), ("office", office), ("span", start, end)."""
        rec = self.by_id.get(value)
        if rec is None or rec.kind == "entity":
            return [("id", value)]
        keys: list[tuple] = [("id", value)]
        if rec.type == "Person" or _values(rec.props.get("knownOnlyByOffice")):
            keys += [("office", o) for o in self.offices.get(value, ())]
        if rec.quote is not None:
            keys.append(("span", rec.quote.start, rec.quote.end))
        return keys

    def found_by(self, p, keys: list[tuple]) -> bool:
        """True when extracted participant ``p`` is the gold participant of these keys."""
        for k in keys:
            if k[0] == "id" and p.id == k[1]:
                return True
            if k[0] == "office" and p.office == k[1]:
                return True
            if k[0] == "span" and p.kind == "new":
                spans = list(self.new_spans.get(p.id, []))
                if p.start is not None:
                    spans.append((p.start, p.end))
                if any(s < k[2] and e > k[1] for s, e in spans):
                    return True
        return False

    def gold_participants(self, g) -> list[tuple[str, str]]:
        """The (role, id) pairs of a gold event's participants."""
        return [(name, v) for name, node in g.props.items() if name in self.props for v in _values(node)]

    def aligned(self, ev: Event, g) -> list[tuple[str, str]]:
        """The extracted event's (role, participant) pairs, each participant named by the gold id it stands for
        (or by its own id, marked, when it stands for none of ``g``'s)."""
        gold_ids = list(dict.fromkeys(v for _, v in self.gold_participants(g)))
        out = []
        for p in ev.participants:
            if p.role not in self.props:
                continue  # a property of something else the event names (an embassy's sending state)
            hit = next((v for v in gold_ids if self.found_by(p, self.gold_keys(v))), None)
            out.append((p.role, hit if hit is not None else f"extracted:{p.id}"))
        return out

    def matches(self, ev: Event, g) -> bool:
        """True when extracted event ``ev`` matches gold fact ``g``: class, date, set of participants."""
        if ev.cls != g.type or _extracted_date(ev) != _gold_date(g):
            return False
        return {v for _, v in self.aligned(ev, g)} == {v for _, v in self.gold_participants(g)}

    def same_passage(self, ev: Event, g) -> bool:
        """Events paired for the scoring of roles: the same class, and quotes that overlap."""
        q = g.quote
        return ev.cls == g.type and q is not None and ev.start < q.end and ev.end > q.start


def _pair_one_to_one(adj: dict[int, list[int]], n_gold: int) -> dict[int, int]:
    """A maximum bipartite matching (augmenting paths): extracted index -> gold index."""
    match_e: dict[int, int] = {}

    def augment(gi, seen) -> bool:
        for ei in adj[gi]:
            if ei in seen:
                continue
            seen.add(ei)
            if ei not in match_e or augment(match_e[ei], seen):
                match_e[ei] = gi
                return True
        return False

    for gi in range(n_gold):
        augment(gi, set())
    return match_e


def evaluate(extracted: Extraction, curated, *, source: str | None = None) -> Report:
    """Score an :class:`~kg.extract.Extraction` against curated records (a list or a Corpus).

    ``source`` keeps only the facts drawn from that source id.
    """
    records = list(getattr(curated, "records", curated))
    gold = [r for r in records if r.kind == "fact" and r.type and (source is None or r.source == source)
            and ents.is_subclass(r.type, "DiplomaticEvent")]
    align = _Alignment(extracted, records)
    events = list(extracted.events)
    adj = {gi: [ei for ei, ev in enumerate(events) if align.matches(ev, g)] for gi, g in enumerate(gold)}
    match_e = _pair_one_to_one(adj, len(gold))
    matched_g = {gi: ei for ei, gi in match_e.items()}
    per_type: dict[str, Score] = defaultdict(Score)
    overall = Score()
    for gi, g in enumerate(gold):
        if gi in matched_g:
            per_type[g.type].tp += 1
            overall.tp += 1
        else:
            per_type[g.type].fn += 1
            overall.fn += 1
    for ei, ev in enumerate(events):
        if ei not in match_e:
            per_type[ev.cls].fp += 1
            overall.fp += 1
    return Report(overall, dict(per_type),
                  matches=[(gold[gi].id, events[ei].id) for ei, gi in sorted(match_e.items(), key=lambda t: t[1])],
                  missed=[g.id for gi, g in enumerate(gold) if gi not in matched_g],
                  spurious=[events[ei].id for ei in range(len(events)) if ei not in match_e],
                  roles=_role_score(align, gold, events))


def _role_score(align: _Alignment, gold: list, events: list) -> Score:
    """(role, participant) pairs compared over events paired by class and passage (see the module docstring)."""
    adj = {gi: [ei for ei, ev in enumerate(events) if align.same_passage(ev, g)] for gi, g in enumerate(gold)}
    pairs = {gi: ei for ei, gi in _pair_one_to_one(adj, len(gold)).items()}
    score = Score()
    for gi, g in enumerate(gold):
        want = set(align.gold_participants(g))
        got = set(align.aligned(events[pairs[gi]], g)) if gi in pairs else set()
        score.tp += len(want & got)
        score.fn += len(want - got)
        score.fp += len(got - want)
    for ei, ev in enumerate(events):
        if ei not in pairs.values():
            score.fp += len({(p.role, p.id) for p in ev.participants if p.role in align.props})
    return score


def evaluate_file(extraction: Extraction, facts: Path) -> Report:
    """Score an extraction against one curated facts file, ``DATA/facts/NAME.yaml``.

    Loads the corpus of ``DATA`` (the folder above ``facts/``, which must hold
    ``entities.yaml``) and keeps the gold events drawn from the source of that
    file's facts. Raises :class:`kg.core.errors.DataError` when the file is not in
    such a folder, or when the corpus does not load.
    """
    from kg.pipeline.load import load

    facts = Path(facts)
    corpus_dir = facts.parent.parent if facts.parent.name == "facts" else None
    if corpus_dir is None or not (corpus_dir / "entities.yaml").is_file():
        raise DataError(str(facts), "a curated facts file lives in DATA/facts/ beside DATA/entities.yaml")
    corpus = load(corpus_dir)
    sources = {r.source for r in corpus.records if r.kind == "fact" and Path(r.where.file).name == facts.name}
    return evaluate(extraction, corpus, source=next(iter(sources), None))
