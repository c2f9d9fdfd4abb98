"""Planning a synthetic corpus: which pairs of states get a document, and the clusters of each document."""

from __future__ import annotations

from datetime import date, timedelta

from kg.devtools.synth.clusters import aid, delegation, embassy, establishment, statement, third_place
from kg.devtools.synth.model import Doc
from kg.devtools.synth.registry import World
from kg.devtools.synth.tables import EVENTS_PER_SOURCE, FIRST_YEAR, VIOLATION_KINDS
from kg.devtools.synth.violations import plant
from kg.devtools.synth.visits import visit

#: The makers of the clusters after the first three, with their weights.
MAKERS = ((visit, 45), (delegation, 12), (third_place, 10), (aid, 10), (statement, 23))


def plan(w: World, n_events: int, n_violations: int,
         per_source: int = EVENTS_PER_SOURCE) -> tuple[list[Doc], int]:
    """The documents of the corpus (``n_violations`` of each kind planted) and the number of their events.

    One document per pair of states drawn, about ``per_source`` events each
    (:data:`EVENTS_PER_SOURCE` by default); the events are shared out as evenly as can be.
    """
    rng = w.rng
    pairs = [(i, j) for i in range(w.n_states) for j in range(i + 1, w.n_states)]
    n_docs = max(1, min(len(pairs), -(-n_events // per_source)))
    chosen = sorted(rng.sample(pairs, n_docs))
    base, extra = divmod(n_events, n_docs)
    docs, events = [], 0
    for k, (i, j) in enumerate(chosen):
        a, b = w.states[i], w.states[j]
        if rng.random() < 0.5:
            a, b = b, a
        doc = Doc(a, b)
        events += fill(w, doc, base + (1 if k < extra else 0))
        docs.append(doc)
    for kind in VIOLATION_KINDS:
        for _ in range(n_violations):
            plant(w, docs[w.vrng.randrange(len(docs))], kind)
    return docs, events


def fill(w: World, doc: Doc, budget: int) -> int:
    """Give ``doc`` its clusters: the establishment, the two embassies, then drawn clusters up to ``budget``
    events; return the number of events."""
    rng = w.rng
    est = date(rng.randint(FIRST_YEAR, 2000), rng.randint(1, 12), rng.randint(1, 28))
    doc.established = est
    doc.clusters.append(establishment(w, doc, est))
    budget -= 1
    for sender, receiver in ((doc.a, doc.b), (doc.b, doc.a))[:max(0, min(2, budget))]:
        doc.clusters.append(embassy(w, doc, sender, receiver, est))
        budget -= 1
    start = est + timedelta(days=30)
    makers = MAKERS if len(w.states) >= 3 else tuple(m for m in MAKERS if m[0] is not third_place)
    funcs, weights = [m[0] for m in makers], [m[1] for m in makers]
    while budget > 0:
        maker = rng.choices(funcs, weights)[0]
        cluster = maker(w, doc, start, budget)
        budget -= cluster.events
        doc.clusters.append(cluster)
    return sum(c.events for c in doc.clusters)
