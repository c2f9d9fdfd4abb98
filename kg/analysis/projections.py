"""networkx projections of the knowledge graph, and pandas tables of its events and provenance.

Every projection is built from the SPARQL SELECT queries of ``queries/analysis/``
(read by :mod:`kg.analysis.rows`), run through :meth:`Store.select <kg.rdf.stores.Store.select>`,
so it works on every store: rdflib, embedded Oxigraph and a remote SPARQL 1.1 endpoint.
The queries take no parameters: no value is ever formatted into one.

Nodes are identified by their IRI (a string) and carry ``type``, ``label_en`` and
``label_ar`` (the empty string when the graph has no label in that language).
Dates on edges are ISO strings (``YYYY-MM-DD``), from ``bkg:earliestDate`` /
``bkg:latestDate``, so that the graphs export to GraphML and GEXF unchanged.

* :func:`actors`: who took part in the same event as whom.
* :func:`events`: the bipartite event–participant graph.
* :func:`states`: states linked by relations, embassies, visits, agreements and aid.
* :func:`timeline`: a :class:`pandas.DataFrame` of events.
* :func:`provenance`, :func:`sentence_support`: the fact graphs and the sentences they rest on.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING, Callable

import networkx as nx

from kg.analysis import rows
from kg.analysis.queries import analysis_query

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from kg.rdf.stores import Store

#: The kinds of state links that have a direction (from -> to); the others join a pair either way.
DIRECTED_KINDS = ("embassy", "visit", "aid")
STATE_KINDS = ("relations", "embassy", "visit", "agreement", "aid")
PROJECTIONS = ("actors", "events", "states")


def _add_event_to_edge(d: dict, event: str, info: dict) -> None:
    """Count ``event`` on an actors edge, widening its ``first``/``last`` dates."""
    d["events"].append(event)
    d["weight"] += 1
    if info.get("earliest") and (not d["first"] or info["earliest"] < d["first"]):
        d["first"] = info["earliest"]
    last = info.get("latest") or info.get("earliest")
    if last and (not d["last"] or last > d["last"]):
        d["last"] = last


def actors(store: "Store") -> nx.Graph:
    """The actor network: who took part in the same event as whom.

    A **node** is an actor (IRI) that took part in at least one event: a person, a state
    or an organisation (a delegation included), with ``type`` (``person``, ``state``,
    ``organisation``), ``label_en`` and ``label_ar``. An actor takes part in an event
    when the event links it by ``bkg:participant`` or any of its sub-properties (visitor,
    host, party, donor...), or links a delegation it is a member or the leader of.

    An **edge** joins two actors that took part in the same event (at least one), with
    ``events`` (the events' IRIs, sorted), ``weight`` (their number), ``first`` and
    ``last`` (the smallest ``bkg:earliestDate`` and the largest ``bkg:latestDate`` of
    those events, ISO strings, ``""`` when none is dated).
    """
    class_parents = rows.hierarchy(store, "classes")
    labels = rows.labels(store)
    types = rows.actor_types(store, class_parents)
    evs = rows.event_rows(store, class_parents)
    by_event: dict[str, set[str]] = defaultdict(set)
    for event, _role, actor, _via in rows.participations(store):
        by_event[event].add(actor)
    g = nx.Graph()
    for event in sorted(by_event):
        people = sorted(by_event[event])
        for a in people:
            if a not in g:
                g.add_node(a, **rows.node_attrs(a, labels, types.get(a, "actor")))
        for a, b in combinations(people, 2):
            if not g.has_edge(a, b):
                g.add_edge(a, b, events=[], weight=0, first="", last="")
            _add_event_to_edge(g.edges[a, b], event, evs.get(event, {}))
    return g


def events(store: "Store") -> nx.Graph:
    """The bipartite event–participant graph.

    A **node** is either an event (``bipartite=0``; ``type`` its most specific class,
    e.g. ``OfficialVisit``; ``date``, ``earliest``, ``latest`` as ISO strings or ``""``)
    or an actor taking part in at least one event (``bipartite=1``; ``type`` ``person``,
    ``state`` or ``organisation``); both carry ``label_en`` and ``label_ar``.

    An **edge** joins an event to a participant: ``role`` is the most specific
    sub-property of ``bkg:participant`` linking them (``visitor``, ``hostState``...;
    several roles are joined with ``,``), ``via`` the delegation through which a member
    or leader took part (``""`` when direct).
    """
    class_parents = rows.hierarchy(store, "classes")
    labels = rows.labels(store)
    types = rows.actor_types(store, class_parents)
    evs = rows.event_rows(store, class_parents)
    g = nx.Graph()
    for event, role, actor, via in rows.participations(store):
        if event not in g:
            info = evs.get(event, {})
            g.add_node(event, bipartite=0, **rows.node_attrs(event, labels, info.get("type", "Event")),
                       date=info.get("date") or "", earliest=info.get("earliest") or "",
                       latest=info.get("latest") or "")
        if actor not in g:
            g.add_node(actor, bipartite=1, **rows.node_attrs(actor, labels, types.get(actor, "actor")))
        if g.has_edge(event, actor):
            roles = set(g.edges[event, actor]["role"].split(",")) | {role}
            g.edges[event, actor]["role"] = ",".join(sorted(roles))
            if not via:
                g.edges[event, actor]["via"] = ""
        else:
            g.add_edge(event, actor, role=role, via=via or "")
    return g


def _state_links(store: "Store") -> dict[tuple[str, str, str], dict]:
    """(kind, from, to) -> {items, first, last}: the rows of ``states.rq`` gathered per link
    (an undirected kind's pair sorted; an item-less row counted as the item ``"from to"``)."""
    links: dict[tuple[str, str, str], dict] = {}
    for kind, a, b, item, earliest, latest in store.select(analysis_query("states")).rows:
        kind, a, b = str(kind), str(a), str(b)
        directed = kind in DIRECTED_KINDS
        key = (kind, a, b) if directed else (kind, *sorted((a, b)))
        d = links.setdefault(key, {"items": set(), "first": "", "last": ""})
        d["items"].add(str(item) if item is not None else f"{a} {b}")
        if earliest is not None and (not d["first"] or str(earliest) < d["first"]):
            d["first"] = str(earliest)
        last = latest if latest is not None else earliest
        if last is not None and (not d["last"] or str(last) > d["last"]):
            d["last"] = str(last)
    return links


def states(store: "Store") -> nx.MultiGraph:
    """States and what links them, one edge per pair of states, kind and direction.

    A **node** is a state (``type`` ``state``, ``label_en``, ``label_ar``).

    An **edge** (key ``kind`` or ``kind:from->to``) is one kind of link between two
    states, with ``kind``, ``count`` (how many items), ``items`` (their IRIs), ``first``
    and ``last`` (earliest and latest date among them, ISO, ``""`` when undated) and, for
    directed kinds, ``from_state`` and ``to_state`` (otherwise ``""``). The kinds:

    * ``relations``: diplomatic relations (``bkg:diplomaticRelation``, or a
      ``bkg:DiplomaticRelationsEstablishment`` with both as parties);
    * ``embassy``: an embassy of ``from_state`` (sending) in ``to_state`` (receiving),
      dated by its opening;
    * ``visit``: a visit by ``from_state`` (``bkg:visitingState``) to ``to_state``
      (``bkg:hostState``);
    * ``agreement``: an agreement whose parties are the states or organisations of them
      (``bkg:organisationOf``), dated by its signing;
    * ``aid``: aid provided or pledged by a donor tied to ``from_state`` to a recipient tied
      to ``to_state`` (the state itself, a person holding an office whose ``bkg:officeOf``
      is the state, or an organisation of it).
    """
    labels = rows.labels(store)
    g = nx.MultiGraph()
    for (kind, a, b), d in sorted(_state_links(store).items()):
        for s in (a, b):
            if s not in g:
                g.add_node(s, **rows.node_attrs(s, labels, "state"))
        directed = kind in DIRECTED_KINDS
        items = sorted(i for i in d["items"] if " " not in i)
        key = f"{kind}:{rows.local_name(a)}->{rows.local_name(b)}" if directed else kind
        g.add_edge(a, b, key=key, kind=kind, count=max(len(items), 1), items=items,
                   first=d["first"], last=d["last"],
                   from_state=a if directed else "", to_state=b if directed else "")
    return g


def timeline(store: "Store") -> "pd.DataFrame":
    """The events, one row each, sorted by earliest date then IRI.

    Columns: ``iri``; ``type`` (the most specific class under ``bkg:Event``, e.g.
    ``EmbassyOpening``); ``label_en``, ``label_ar``; ``date`` (as the source gives it:
    ``1994``, ``1994-10`` or ``1994-10-10``), ``precision`` (``day``, ``month``,
    ``year``...), ``qualifier`` (e.g. ``early``, or None); ``earliest`` and ``latest``
    (``bkg:earliestDate``/``bkg:latestDate`` as pandas timestamps, NaT when unknown) and
    ``year`` (of ``earliest``, a nullable integer).
    """
    import pandas as pd

    class_parents = rows.hierarchy(store, "classes")
    labels = rows.labels(store)
    table = []
    for iri, e in rows.event_rows(store, class_parents).items():
        lab = labels.get(iri, {})
        table.append({"iri": iri, "type": e["type"], "label_en": lab.get("en", ""),
                      "label_ar": lab.get("ar", ""), "date": e["date"], "precision": e["precision"],
                      "qualifier": e["qualifier"], "earliest": e["earliest"], "latest": e["latest"]})
    df = pd.DataFrame(table, columns=["iri", "type", "label_en", "label_ar", "date", "precision",
                                      "qualifier", "earliest", "latest"])
    df["earliest"] = pd.to_datetime(df["earliest"], errors="coerce")
    df["latest"] = pd.to_datetime(df["latest"], errors="coerce")
    df["year"] = df["earliest"].dt.year.astype("Int64")
    return df.sort_values(["earliest", "iri"], na_position="last").reset_index(drop=True)


def provenance(store: "Store") -> "pd.DataFrame":
    """The fact graphs, one row each: ``fact`` (graph IRI), ``topic`` (what it is about),
    ``topic_en`` (its English label), ``source``, ``start``, ``end`` (code-point offsets,
    end exclusive) and ``quote`` (the exact words); sorted by ``start`` then ``fact``."""
    import pandas as pd

    labels = rows.labels(store)
    table = [{"fact": str(f), "topic": str(t), "topic_en": labels.get(str(t), {}).get("en", ""),
              "source": str(s), "start": int(a), "end": int(b), "quote": str(q)}
             for f, t, s, a, b, q in store.select(analysis_query("provenance")).rows]
    df = pd.DataFrame(table, columns=["fact", "topic", "topic_en", "source", "start", "end", "quote"])
    return df.sort_values(["start", "fact"]).reset_index(drop=True)


def sentence_support(text: str, prov: "pd.DataFrame") -> "pd.DataFrame":
    """Each sentence of ``text`` (:func:`kg.pipeline.coverage.sentences`) with the facts whose quote
    overlaps it: columns ``index``, ``start``, ``end``, ``sentence``, ``facts`` (list of
    fact graph IRIs, empty when no fact rests on the sentence), ``topics``."""
    import pandas as pd

    from kg.pipeline.coverage import sentences

    spans = list(prov[["start", "end", "fact", "topic"]].itertuples(index=False, name=None))
    table = []
    for i, s in enumerate(sentences(text)):
        hits = [(f, t) for a, b, f, t in spans if a < s.end and b > s.start]
        table.append({"index": i, "start": s.start, "end": s.end, "sentence": s.text,
                      "facts": sorted({f for f, _ in hits}), "topics": sorted({t for _, t in hits})})
    return pd.DataFrame(table)


#: The projections by name, as ``kg graph --projection`` takes them.
PROJECTION_FUNCTIONS: dict[str, Callable[["Store"], nx.Graph]] = {"actors": actors, "events": events,
                                                                  "states": states}
