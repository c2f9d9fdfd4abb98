"""Graph analysis: networkx projections of the knowledge graph, drawings with Arabic labels.

Every projection is built from SPARQL SELECT queries kept below as module-level
constants, run through :meth:`Store.select` of :mod:`kg.rdf.query`, so it works on every
store: rdflib, embedded Oxigraph and a remote SPARQL 1.1 endpoint. No user value is
ever formatted into a query.

Nodes are identified by their IRI (a string) and carry ``type``, ``label_en`` and
``label_ar`` (the empty string when the graph has no label in that language).
Dates on edges are ISO strings (``YYYY-MM-DD``), from ``bkg:earliestDate`` /
``bkg:latestDate``, so that the graphs export to GraphML and GEXF unchanged.

* :func:`actors`: who took part in the same event as whom.
* :func:`events`: the bipartite event–participant graph.
* :func:`states`: states linked by relations, embassies, visits, agreements and aid.
* :func:`timeline`: a :class:`pandas.DataFrame` of events.
* :func:`export_projection`: a projection to GraphML, GEXF, node-link JSON or PNG.
* :func:`arabic_label`, :func:`arabic_font`: Arabic text for matplotlib.
* :func:`render_notebooks`: run the notebooks of ``notebooks/`` and write them as HTML.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kg.core.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.font_manager import FontProperties

    from kg.rdf.query import Store

BKG = "https://w3id.org/bilateral-kg/ontology#"
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = ROOT / "notebooks"

_PREFIXES = """PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

#: Every label in English or Arabic (one row per node, language and label).
LABELS_QUERY = _PREFIXES + """
SELECT ?node ?label
WHERE {
  ?node rdfs:label ?label .
  FILTER (LANG(?label) = "en" || LANG(?label) = "ar")
}
"""

#: The class hierarchy (direct rdfs:subClassOf pairs), to find most specific classes in Python.
CLASSES_QUERY = _PREFIXES + """
SELECT ?class ?super
WHERE { ?class rdfs:subClassOf ?super . FILTER (isIRI(?class) && isIRI(?super)) }
"""

#: Every actor and each of its classes under bkg:Actor (Person, State, Organisation and below).
ACTOR_TYPES_QUERY = _PREFIXES + """
SELECT DISTINCT ?node ?class
WHERE {
  { SELECT ?class WHERE { ?class rdfs:subClassOf* bkg:Actor } }
  ?node a ?class .
}
"""

#: Every event and each of its classes under bkg:Event, with its date.
EVENTS_QUERY = _PREFIXES + """
SELECT DISTINCT ?event ?class ?date ?precision ?qualifier ?earliest ?latest
WHERE {
  { SELECT ?class WHERE { ?class rdfs:subClassOf* bkg:Event } }
  ?event a ?class .
  OPTIONAL { ?event bkg:date ?date }
  OPTIONAL { ?event bkg:datePrecision ?precision }
  OPTIONAL { ?event bkg:dateQualifier ?qualifier }
  OPTIONAL { ?event bkg:earliestDate ?earliest }
  OPTIONAL { ?event bkg:latestDate ?latest }
}
"""

#: One row per event and participant linked by bkg:participant or any sub-property (the
#: most specific one is picked in Python).
PARTICIPATION_QUERY = _PREFIXES + """
SELECT DISTINCT ?event ?role ?actor
WHERE {
  ?event a ?class ;
         ?role ?actor .
  ?class rdfs:subClassOf* bkg:Event .
  ?role rdfs:subPropertyOf* bkg:participant .
}
"""

#: The members and leaders of delegations (or other groups): a member takes part in the
#: events its delegation takes part in.
MEMBERS_QUERY = _PREFIXES + """
SELECT DISTINCT ?group ?member
WHERE { ?group bkg:member|bkg:leader ?member . }
"""

#: The sub-property pairs under bkg:participant (to find the most specific role).
ROLES_QUERY = _PREFIXES + """
SELECT ?role ?super
WHERE {
  ?role rdfs:subPropertyOf ?super .
  ?super rdfs:subPropertyOf* bkg:participant .
}
"""

#: Links between two states, one row per link: ?kind is relations, embassy, visit, agreement
#: or aid; ?from and ?to are states (for embassy, visit and aid in that direction: sending to
#: receiving, visiting to host, donor to recipient); ?item is what links them (event, embassy,
#: agreement); ?earliest / ?latest its dates when known.
STATES_QUERY = _PREFIXES + """
SELECT DISTINCT ?kind ?from ?to ?item ?earliest ?latest
WHERE {
  {
    { SELECT ?relClass WHERE { ?relClass rdfs:subClassOf* bkg:DiplomaticRelationsEstablishment } }
    ?item a ?relClass ;
          bkg:party ?from , ?to .
    ?from a bkg:State .
    ?to a bkg:State .
    FILTER (STR(?from) < STR(?to))
    OPTIONAL { ?item bkg:earliestDate ?earliest }
    OPTIONAL { ?item bkg:latestDate ?latest }
    BIND ("relations" AS ?kind)
  }
  UNION
  {
    ?from bkg:diplomaticRelation ?to .
    FILTER (STR(?from) < STR(?to))
    BIND ("relations" AS ?kind)
  }
  UNION
  {
    ?item bkg:sendingState ?from ;
          bkg:receivingState ?to .
    OPTIONAL {
      ?opening bkg:embassy ?item .
      OPTIONAL { ?opening bkg:earliestDate ?earliest }
      OPTIONAL { ?opening bkg:latestDate ?latest }
    }
    BIND ("embassy" AS ?kind)
  }
  UNION
  {
    ?item bkg:visitingState ?from ;
          bkg:hostState ?to .
    OPTIONAL { ?item bkg:earliestDate ?earliest }
    OPTIONAL { ?item bkg:latestDate ?latest }
    BIND ("visit" AS ?kind)
  }
  UNION
  {
    { SELECT ?agClass WHERE { ?agClass rdfs:subClassOf* bkg:Agreement } }
    ?item a ?agClass ;
          bkg:party ?partyFrom , ?partyTo .
    ?partyFrom bkg:organisationOf? ?from .
    ?partyTo bkg:organisationOf? ?to .
    ?from a bkg:State .
    ?to a bkg:State .
    FILTER (STR(?from) < STR(?to))
    OPTIONAL {
      { ?item bkg:signedAt ?signing } UNION { ?signing bkg:agreement ?item }
      OPTIONAL { ?signing bkg:earliestDate ?earliest }
      OPTIONAL { ?signing bkg:latestDate ?latest }
    }
    BIND ("agreement" AS ?kind)
  }
  UNION
  {
    ?item bkg:donor ?donor ;
          bkg:recipient ?recipient .
    {
      ?donor a bkg:State . BIND (?donor AS ?from)
    } UNION {
      ?donorTerm bkg:holder ?donor ; bkg:office ?donorOffice . ?donorOffice bkg:officeOf ?from .
    } UNION {
      ?donor bkg:organisationOf ?from .
    }
    {
      ?recipient a bkg:State . BIND (?recipient AS ?to)
    } UNION {
      ?recipientTerm bkg:holder ?recipient ; bkg:office ?recipientOffice . ?recipientOffice bkg:officeOf ?to .
    } UNION {
      ?recipient bkg:organisationOf ?to .
    }
    ?from a bkg:State .
    ?to a bkg:State .
    FILTER (?from != ?to)
    OPTIONAL { ?item bkg:earliestDate ?earliest }
    OPTIONAL { ?item bkg:latestDate ?latest }
    BIND ("aid" AS ?kind)
  }
}
"""

#: Every fact graph with the resource it is about, its source and the quote's offsets.
PROVENANCE_QUERY = _PREFIXES + """
SELECT ?factGraph ?topic ?source ?start ?end ?exact
WHERE {
  ?factGraph bkg:primaryTopic ?topic ;
             bkg:source ?source .
  ?annotation oa:hasBody ?factGraph ;
              oa:hasTarget ?target .
  ?target oa:hasSource ?source ;
          oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector oa:exact ?exact .
  ?positionSelector oa:start ?startOffset ;
                    oa:end ?endOffset .
  BIND (xsd:integer(?startOffset) AS ?start)
  BIND (xsd:integer(?endOffset) AS ?end)
}
"""

DIRECTED_KINDS = ("embassy", "visit", "aid")
STATE_KINDS = ("relations", "embassy", "visit", "agreement", "aid")
PROJECTIONS = ("actors", "events", "states")
FORMATS = ("graphml", "gexf", "json", "png")


# --- helpers --------------------------------------------------------------------------


def _s(term) -> str | None:
    return None if term is None else str(term)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _labels(store: "Store") -> dict[str, dict[str, str]]:
    """IRI -> {'en': label, 'ar': label}; with several labels in a language the smallest wins."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for node, label in store.select(LABELS_QUERY).rows:
        lang = label.language
        cur = out[str(node)].get(lang)
        if cur is None or str(label) < cur:
            out[str(node)][lang] = str(label)
    return out


def _most_specific(classes: set[str], parents: dict[str, set[str]]) -> str:
    """The class of ``classes`` no other of which is a subclass of (ties: by name)."""
    def ancestors(c: str) -> set[str]:
        seen, todo = set(), [c]
        while todo:
            for p in parents.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    covered = set()
    for c in classes:
        covered |= ancestors(c) - {c}
    best = sorted(classes - covered) or sorted(classes)
    return best[0]


def _hierarchy(store: "Store", query: str) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for child, parent in store.select(query).rows:
        if child != parent:
            parents[str(child)].add(str(parent))
    return parents


def _actor_types(store: "Store", parents: dict[str, set[str]]) -> dict[str, str]:
    """IRI -> 'person', 'state', 'organisation' (or 'actor'), and 'class' the most specific class."""
    classes: dict[str, set[str]] = defaultdict(set)
    for node, cls in store.select(ACTOR_TYPES_QUERY).rows:
        classes[str(node)].add(str(cls))
    out = {}
    for node, cs in classes.items():
        every = set(cs)
        for c in cs:
            every |= _ancestors(c, parents)
        if BKG + "State" in every:
            out[node] = "state"
        elif BKG + "Person" in every:
            out[node] = "person"
        elif BKG + "Organisation" in every:
            out[node] = "organisation"
        else:
            out[node] = "actor"
    return out


def _ancestors(c: str, parents: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), [c]
    while todo:
        for p in parents.get(todo.pop(), ()):
            if p not in seen:
                seen.add(p)
                todo.append(p)
    return seen


def _event_rows(store: "Store", parents: dict[str, set[str]]) -> dict[str, dict]:
    """IRI -> the event's most specific class and dates (ISO strings; None when unknown)."""
    events: dict[str, dict] = {}
    for event, cls, date, precision, qualifier, earliest, latest in store.select(EVENTS_QUERY).rows:
        e = events.setdefault(str(event), {"classes": set(), "date": _s(date),
                                           "precision": _local(str(precision)) if precision else None,
                                           "qualifier": _local(str(qualifier)) if qualifier else None,
                                           "earliest": _s(earliest), "latest": _s(latest)})
        e["classes"].add(str(cls))
        for key, val in (("date", date), ("earliest", earliest), ("latest", latest)):
            if val is not None and (e[key] is None or str(val) < e[key]):
                e[key] = str(val)
    for e in events.values():
        e["type"] = _local(_most_specific(e.pop("classes"), parents))
    return events


def _participations(store: "Store") -> list[tuple[str, str, str, str | None]]:
    """(event, most specific role, actor, via delegation or None) rows."""
    role_parents = _hierarchy(store, ROLES_QUERY)
    members: dict[str, set[str]] = defaultdict(set)
    for group, member in store.select(MEMBERS_QUERY).rows:
        members[str(group)].add(str(member))
    found: dict[tuple[str, str, str | None], set[str]] = defaultdict(set)
    for event, role, actor in store.select(PARTICIPATION_QUERY).rows:
        found[(str(event), str(actor), None)].add(str(role))
        for member in members.get(str(actor), ()):
            found[(str(event), member, str(actor))].add(str(role))
    return [(e, _local(_most_specific(roles, role_parents)), a, v) for (e, a, v), roles in sorted(found.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or ""))]


def _node_attrs(iri: str, labels: dict[str, dict[str, str]], type_: str) -> dict:
    lab = labels.get(iri, {})
    return {"type": type_, "label_en": lab.get("en", ""), "label_ar": lab.get("ar", "")}


# --- projections ----------------------------------------------------------------------


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
    class_parents = _hierarchy(store, CLASSES_QUERY)
    labels = _labels(store)
    types = _actor_types(store, class_parents)
    evs = _event_rows(store, class_parents)
    by_event: dict[str, set[str]] = defaultdict(set)
    for event, _role, actor, _via in _participations(store):
        by_event[event].add(actor)
    g = nx.Graph()
    for event in sorted(by_event):
        people = sorted(by_event[event])
        for a in people:
            if a not in g:
                g.add_node(a, **_node_attrs(a, labels, types.get(a, "actor")))
        info = evs.get(event, {})
        for a, b in combinations(people, 2):
            if g.has_edge(a, b):
                d = g.edges[a, b]
            else:
                g.add_edge(a, b, events=[], weight=0, first="", last="")
                d = g.edges[a, b]
            d["events"].append(event)
            d["weight"] += 1
            if info.get("earliest") and (not d["first"] or info["earliest"] < d["first"]):
                d["first"] = info["earliest"]
            last = info.get("latest") or info.get("earliest")
            if last and (not d["last"] or last > d["last"]):
                d["last"] = last
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
    class_parents = _hierarchy(store, CLASSES_QUERY)
    labels = _labels(store)
    types = _actor_types(store, class_parents)
    evs = _event_rows(store, class_parents)
    g = nx.Graph()
    for event, role, actor, via in _participations(store):
        if event not in g:
            info = evs.get(event, {})
            g.add_node(event, bipartite=0, **_node_attrs(event, labels, info.get("type", "Event")),
                       date=info.get("date") or "", earliest=info.get("earliest") or "",
                       latest=info.get("latest") or "")
        if actor not in g:
            g.add_node(actor, bipartite=1, **_node_attrs(actor, labels, types.get(actor, "actor")))
        if g.has_edge(event, actor):
            roles = set(g.edges[event, actor]["role"].split(",")) | {role}
            g.edges[event, actor]["role"] = ",".join(sorted(roles))
            if not via:
                g.edges[event, actor]["via"] = ""
        else:
            g.add_edge(event, actor, role=role, via=via or "")
    return g


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
    labels = _labels(store)
    links: dict[tuple[str, str, str], dict] = {}
    for kind, a, b, item, earliest, latest in store.select(STATES_QUERY).rows:
        kind, a, b = str(kind), str(a), str(b)
        directed = kind in DIRECTED_KINDS
        key = (kind, a, b) if directed else (kind, *sorted((a, b)))
        d = links.setdefault(key, {"items": set(), "undated": 0, "first": "", "last": ""})
        d["items"].add(str(item) if item is not None else f"{a} {b}")
        if earliest is not None and (not d["first"] or str(earliest) < d["first"]):
            d["first"] = str(earliest)
        last = latest if latest is not None else earliest
        if last is not None and (not d["last"] or str(last) > d["last"]):
            d["last"] = str(last)
    g = nx.MultiGraph()
    for (kind, a, b), d in sorted(links.items()):
        for s in (a, b):
            if s not in g:
                g.add_node(s, **_node_attrs(s, labels, "state"))
        directed = kind in DIRECTED_KINDS
        items = sorted(i for i in d["items"] if " " not in i)
        key = f"{kind}:{_local(a)}->{_local(b)}" if directed else kind
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

    class_parents = _hierarchy(store, CLASSES_QUERY)
    labels = _labels(store)
    rows = []
    for iri, e in _event_rows(store, class_parents).items():
        lab = labels.get(iri, {})
        rows.append({"iri": iri, "type": e["type"], "label_en": lab.get("en", ""),
                     "label_ar": lab.get("ar", ""), "date": e["date"], "precision": e["precision"],
                     "qualifier": e["qualifier"], "earliest": e["earliest"], "latest": e["latest"]})
    df = pd.DataFrame(rows, columns=["iri", "type", "label_en", "label_ar", "date", "precision",
                                     "qualifier", "earliest", "latest"])
    df["earliest"] = pd.to_datetime(df["earliest"], errors="coerce")
    df["latest"] = pd.to_datetime(df["latest"], errors="coerce")
    df["year"] = df["earliest"].dt.year.astype("Int64")
    return df.sort_values(["earliest", "iri"], na_position="last").reset_index(drop=True)


def provenance(store: "Store") -> "pd.DataFrame":
    """The fact graphs, one row each: ``fact`` (graph IRI), ``topic`` (what it is about),
    ``topic_en`` (its English label), ``source``, ``start``, ``end`` (code-point offsets,
    end exclusive) and ``quote`` (the exact words)."""
    import pandas as pd

    labels = _labels(store)
    rows = [{"fact": str(f), "topic": str(t), "topic_en": labels.get(str(t), {}).get("en", ""),
             "source": str(s), "start": int(a), "end": int(b), "quote": str(q)}
            for f, t, s, a, b, q in store.select(PROVENANCE_QUERY).rows]
    df = pd.DataFrame(rows, columns=["fact", "topic", "topic_en", "source", "start", "end", "quote"])
    return df.sort_values(["start", "fact"]).reset_index(drop=True)


def sentence_support(text: str, prov: "pd.DataFrame") -> "pd.DataFrame":
    """Each sentence of ``text`` (:func:`kg.pipeline.coverage.sentences`) with the facts whose quote
    overlaps it: columns ``index``, ``start``, ``end``, ``sentence``, ``facts`` (list of
    fact graph IRIs, empty when no fact rests on the sentence), ``topics``."""
    import pandas as pd

    from kg.pipeline.coverage import sentences

    spans = list(prov[["start", "end", "fact", "topic"]].itertuples(index=False, name=None))
    rows = []
    for i, s in enumerate(sentences(text)):
        hits = [(f, t) for a, b, f, t in spans if a < s.end and b > s.start]
        rows.append({"index": i, "start": s.start, "end": s.end, "sentence": s.text,
                     "facts": sorted({f for f, _ in hits}), "topics": sorted({t for _, t in hits})})
    return pd.DataFrame(rows)


PROJECTION_FUNCTIONS = {"actors": actors, "events": events, "states": states}


# --- Arabic text in matplotlib --------------------------------------------------------

#: Font files tried in order (Debian packages fonts-hosny-amiri and fonts-noto-core).
ARABIC_FONT_FILES = ("Amiri-Regular.ttf", "NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf")


def arabic_label(text: str) -> str:
    """Arabic text as matplotlib must be given it.

    Up to matplotlib 3.10 (the version this project pins) matplotlib neither
    shapes nor reorders: letters are joined into their contextual forms
    (arabic-reshaper) and put in visual, left-to-right order (python-bidi).
    Matplotlib 3.11 lays out text itself (libraqm, HarfBuzz, SheenBidi); doing
    both would reverse the text, so from 3.11 on the text is returned as it is.
    Text with no Arabic is returned unchanged."""
    import matplotlib

    if not text or not any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in text):
        return text
    if tuple(int(p) for p in matplotlib.__version__.split(".")[:2]) >= (3, 11):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text))


def arabic_font_file() -> Path:
    """The installed Arabic font file (Amiri, else Noto Naskh/Sans Arabic).

    Raises :class:`kg.core.errors.UsageError` naming ``scripts/install-fonts.sh`` when none is
    installed: there is no silent fallback to a font without Arabic glyphs."""
    from matplotlib import font_manager

    found = {Path(p).name: Path(p) for p in font_manager.findSystemFonts()}
    for name in ARABIC_FONT_FILES:
        if name in found:
            return found[name]
    raise UsageError("no Arabic font found (looked for " + ", ".join(ARABIC_FONT_FILES)
                     + "); install one with scripts/install-fonts.sh "
                     "(apt-get install fonts-hosny-amiri)")


def arabic_font(size: float | None = None) -> "FontProperties":
    """matplotlib font properties for the Arabic font file of :func:`arabic_font_file`
    (registered with matplotlib's font manager); raises when none is installed."""
    from matplotlib import font_manager

    path = arabic_font_file()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path), size=size)


def node_label(attrs: dict, lang: str = "both") -> str:
    """The label drawn for a node: English, Arabic (shaped, visual order) or both."""
    en, ar = attrs.get("label_en", ""), arabic_label(attrs.get("label_ar", ""))
    if lang == "en":
        return en
    if lang == "ar":
        return ar or en
    return "\n".join(x for x in (en, ar) if x)


_COLOURS = {"person": "#4c72b0", "state": "#dd8452", "organisation": "#55a868", "actor": "#8172b3"}


def draw(g: nx.Graph, ax=None, lang: str = "both", seed: int = 1, max_labels: int = 200):
    """Draw a projection with matplotlib: nodes coloured by type, labels in English and
    Arabic (shaped, right to left, in the Arabic font). Returns the figure."""
    import matplotlib.pyplot as plt

    font = arabic_font(8)
    if ax is None:
        size = 10 if g.number_of_nodes() < 60 else 16
        fig, ax = plt.subplots(figsize=(size, size * 0.75))
    else:
        fig = ax.figure
    simple = nx.Graph(g) if g.is_multigraph() else g
    pos = nx.spring_layout(simple, seed=seed, k=1.5 / max(1, len(simple)) ** 0.5)
    colours = [_COLOURS.get(d.get("type"), "#999999") if d.get("bipartite") != 0 else "#c44e52"
               for _, d in simple.nodes(data=True)]
    widths = [0.5 + min(4.0, float(d.get("weight", d.get("count", 1)))) * 0.5
              for _, _, d in simple.edges(data=True)]
    nx.draw_networkx_edges(simple, pos, ax=ax, width=widths, alpha=0.4)
    nx.draw_networkx_nodes(simple, pos, ax=ax, node_color=colours, node_size=120)
    if simple.number_of_nodes() <= max_labels:
        for n, d in simple.nodes(data=True):
            x, y = pos[n]
            ax.text(x, y + 0.03, node_label(d, lang), fontproperties=font, ha="center", va="bottom")
    ax.set_axis_off()
    fig.tight_layout()
    return fig


# --- export ---------------------------------------------------------------------------


def _flat(g: nx.Graph) -> nx.Graph:
    """A copy whose attribute values are all str/int/float/bool (GraphML and GEXF need it)."""
    h = g.copy()

    def fix(d: dict) -> None:
        for k, v in list(d.items()):
            if v is None:
                d[k] = ""
            elif isinstance(v, (list, tuple, set)):
                d[k] = " ".join(sorted(map(str, v)))

    for _, d in h.nodes(data=True):
        fix(d)
    for *_, d in h.edges(data=True):
        fix(d)
    return h


def export_projection(store: "Store", projection: str, fmt: str, out: Path) -> Path:
    """Build ``projection`` (actors, events, states) and write it to ``out`` as ``fmt``:
    ``graphml``, ``gexf``, ``json`` (node-link JSON for d3: ``nodes``/``links``) or ``png``
    (a matplotlib drawing with Arabic labels). Returns ``out``."""
    if projection not in PROJECTION_FUNCTIONS:
        raise UsageError(f"unknown projection {projection!r} (known: {', '.join(PROJECTIONS)})")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    g = PROJECTION_FUNCTIONS[projection](store)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(_flat(g), out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(_flat(g), out, encoding="utf-8")
    elif fmt == "json":
        data = nx.node_link_data(g, edges="links")
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    else:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig = draw(g)
        fig.savefig(out, dpi=150)
        plt.close(fig)
    return out


# --- notebooks ------------------------------------------------------------------------

#: The environment variable the notebooks read the build directory from (default build/).
BUILD_DIR_ENV = "KG_BUILD_DIR"


def execute_notebook(path: Path, build_dir: Path | None = None, timeout: int = 300):
    """Run a notebook top to bottom (nbclient, kernel python3 of this environment) with
    ``KG_BUILD_DIR`` set to ``build_dir``; returns the executed notebook. A failing cell
    (an ``assert`` included) raises :class:`nbclient.exceptions.CellExecutionError`."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env_before = os.environ.get(BUILD_DIR_ENV)
    if build_dir is not None:
        os.environ[BUILD_DIR_ENV] = str(Path(build_dir).resolve())
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT)}}).execute()
    finally:
        if build_dir is not None:
            if env_before is None:
                os.environ.pop(BUILD_DIR_ENV, None)
            else:
                os.environ[BUILD_DIR_ENV] = env_before
    return nb


def render_notebooks(out_dir: Path, build_dir: Path | None = None,
                     notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Execute every notebook of ``notebooks/`` against ``build_dir`` (default: the
    ``KG_BUILD_DIR`` environment variable, else ``build/``) and write each as HTML with its
    figures embedded into ``out_dir``; returns the HTML files."""
    from nbconvert import HTMLExporter

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    build_dir = Path(build_dir or os.environ.get(BUILD_DIR_ENV) or ROOT / "build")
    written = []
    for path in sorted(Path(notebooks_dir).glob("*.ipynb")):
        nb = execute_notebook(path, build_dir)
        html, _ = HTMLExporter().from_notebook_node(nb)
        target = out_dir / f"{path.stem}.html"
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written
