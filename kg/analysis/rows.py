"""What the projections read from a store: labels, class and role hierarchies, actors, events, participations.

Each function runs one or more queries of ``queries/analysis/`` (:func:`kg.analysis.queries.analysis_query`)
through :meth:`Store.select <kg.rdf.stores.Store.select>`, so it works on every store, and turns the
rows into plain Python values: IRIs and dates as strings, ``None`` when unknown. Picking the most
specific class or role happens here, in Python, not in SPARQL.

>>> local_name("https://w3id.org/bilateral-kg/ontology#OfficialVisit")
'OfficialVisit'
>>> most_specific({"A", "B"}, {"B": {"A"}})
'B'
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from kg.analysis.queries import analysis_query
from kg.core.namespace import BKG

if TYPE_CHECKING:  # pragma: no cover
    from rdflib.term import Node

    from kg.rdf.stores import Store

#: The kind of an actor, from the first of these classes it is an instance of (else ``actor``).
ACTOR_KINDS = ((str(BKG.State), "state"), (str(BKG.Person), "person"), (str(BKG.Organisation), "organisation"))


def _s(term: "Node | None") -> str | None:
    return None if term is None else str(term)


def local_name(iri: str) -> str:
    """The last segment of an IRI, after its ``#`` or last ``/``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def labels(store: "Store") -> dict[str, dict[str, str]]:
    """IRI -> {'en': label, 'ar': label}; with several labels in a language the smallest wins."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for node, label in store.select(analysis_query("labels")).rows:
        lang = label.language
        cur = out[str(node)].get(lang)
        if cur is None or str(label) < cur:
            out[str(node)][lang] = str(label)
    return out


def ancestors(c: str, parents: dict[str, set[str]]) -> set[str]:
    """Every class (or property) above ``c`` in ``parents`` (child -> direct parents)."""
    seen, todo = set(), [c]
    while todo:
        for p in parents.get(todo.pop(), ()):
            if p not in seen:
                seen.add(p)
                todo.append(p)
    return seen


def most_specific(classes: set[str], parents: dict[str, set[str]]) -> str:
    """The class of ``classes`` no other of which is a subclass of (ties: by name)."""
    covered = set()
    for c in classes:
        covered |= ancestors(c, parents) - {c}
    best = sorted(classes - covered) or sorted(classes)
    return best[0]


def hierarchy(store: "Store", query_name: str) -> dict[str, set[str]]:
    """child -> its direct parents, from a query of (child, parent) rows (``classes`` or ``roles``)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for child, parent in store.select(analysis_query(query_name)).rows:
        if child != parent:
            parents[str(child)].add(str(parent))
    return parents


def actor_types(store: "Store", parents: dict[str, set[str]]) -> dict[str, str]:
    """IRI -> 'state', 'person', 'organisation' (or 'actor'), by :data:`ACTOR_KINDS`."""
    classes: dict[str, set[str]] = defaultdict(set)
    for node, cls in store.select(analysis_query("actor-types")).rows:
        classes[str(node)].add(str(cls))
    out = {}
    for node, cs in classes.items():
        every = set(cs)
        for c in cs:
            every |= ancestors(c, parents)
        out[node] = next((kind for cls, kind in ACTOR_KINDS if cls in every), "actor")
    return out


def event_rows(store: "Store", parents: dict[str, set[str]]) -> dict[str, dict]:
    """IRI -> the event's most specific class (``type``, a local name), ``date``, ``precision``,
    ``qualifier``, ``earliest`` and ``latest`` (strings; None when unknown; the smallest wins)."""
    events: dict[str, dict] = {}
    for event, cls, date, precision, qualifier, earliest, latest in store.select(analysis_query("events")).rows:
        e = events.setdefault(str(event), {"classes": set(), "date": _s(date),
                                           "precision": local_name(str(precision)) if precision else None,
                                           "qualifier": local_name(str(qualifier)) if qualifier else None,
                                           "earliest": _s(earliest), "latest": _s(latest)})
        e["classes"].add(str(cls))
        for key, val in (("date", date), ("earliest", earliest), ("latest", latest)):
            if val is not None and (e[key] is None or str(val) < e[key]):
                e[key] = str(val)
    for e in events.values():
        e["type"] = local_name(most_specific(e.pop("classes"), parents))
    return events


def participations(store: "Store") -> list[tuple[str, str, str, str | None]]:
    """(event, most specific role, actor, via delegation or None) rows, sorted.

    A member or leader of a delegation takes part in the delegation's events, ``via`` it."""
    role_parents = hierarchy(store, "roles")
    members: dict[str, set[str]] = defaultdict(set)
    for group, member in store.select(analysis_query("members")).rows:
        members[str(group)].add(str(member))
    found: dict[tuple[str, str, str | None], set[str]] = defaultdict(set)
    for event, role, actor in store.select(analysis_query("participation")).rows:
        found[(str(event), str(actor), None)].add(str(role))
        for member in members.get(str(actor), ()):
            found[(str(event), member, str(actor))].add(str(role))
    ordered = sorted(found.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or ""))
    return [(e, local_name(most_specific(roles, role_parents)), a, v) for (e, a, v), roles in ordered]


def node_attrs(iri: str, labels: dict[str, dict[str, str]], type_: str) -> dict[str, str]:
    """A node's ``type``, ``label_en`` and ``label_ar`` (``""`` when it has no label in that language)."""
    lab = labels.get(iri, {})
    return {"type": type_, "label_en": lab.get("en", ""), "label_ar": lab.get("ar", "")}
