"""How far each query reads around a focus node: what an incremental rebuild must revalidate.

:func:`sparql_dependencies` reads any SPARQL SELECT (a SHACL-SPARQL
constraint, a SPARQL target, a check query); :func:`pattern_dependencies` the
value patterns of a compiled property shape.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rdflib import RDF, RDFS, URIRef
from rdflib.term import Node, Variable

_ONTOLOGY_STEPS = {str(RDFS.subClassOf), str(RDFS.subPropertyOf)}
_RDF_TYPE = str(RDF.type)

#: A pattern of the query: (subject, predicate IRI or None for any, object).
Edge = tuple[Node, str | None, Node]


@dataclass
class Dependencies:
    """Which changed triples can change a query's results for a focus node, and how far away.

    ``seeds``: (predicate IRI or None for any, 0 subject / 1 object, radius): a
    changed triple with that predicate puts its subject (or object) in the
    starting set at that radius. ``hops``: the predicates (either direction)
    along which a starting node reaches the focus nodes it can affect
    (None: any predicate). A focus node is affected when it lies within the
    radius of a starting node, through literal-free hops.
    """

    seeds: list[tuple[str | None, int, int]]
    hops: set[str] | None

    def merge(self, other: "Dependencies") -> None:
        self.seeds.extend(other.seeds)
        self.hops = None if self.hops is None or other.hops is None else self.hops | other.hops


def sparql_dependencies(text: str, focus: str, literal_predicates: frozenset[str] = frozenset()) -> Dependencies | None:
    """:class:`Dependencies` of a SPARQL SELECT whose focus variable is ``focus``.

    Every triple pattern of the query (FILTER EXISTS, MINUS, OPTIONAL and UNION
    included) is an edge between its subject and object; constants do not
    connect. A pattern's seed is its endpoint nearer the focus, at that
    endpoint's distance. None (rerun in full) when a variable is reached only
    through a variable-length path or not at all, or through the value of one of
    ``literal_predicates`` (datatype properties: the walk from a changed triple
    never passes through a literal).
    """
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(text).algebra
    except Exception:  # a query rdflib cannot read: no claim about it
        return None
    edges: list[Edge] = []
    fresh = itertools.count()
    for s, p, o in _triples(algebra):
        if not _expand(edges, fresh, s, p, o):
            return None
    dist = _distances(edges, Variable(focus), literal_predicates)
    if any(isinstance(t, Variable) and t not in dist for s, _, o in edges for t in (s, o)):
        return None  # reached only through a literal or a class, or not at all
    return _seeds(edges, dist)


def _triples(algebra: object) -> list[tuple]:
    """Every triple pattern anywhere in a query's algebra."""
    triples: list[tuple] = []
    todo = [algebra]
    while todo:
        node = todo.pop(0)
        if isinstance(node, dict):
            for t in node.get("triples") or []:
                if isinstance(t, (list, tuple)) and len(t) == 3:
                    triples.append(tuple(t))
            todo[:0] = list(node.values())
        elif isinstance(node, (list, tuple)):
            todo[:0] = list(node)
    return triples


def _expand(edges: list[Edge], fresh: itertools.count, s: Node, p: object, o: Node) -> bool:
    """Add the edges of one triple pattern (a property path becomes its steps); False: no bound radius."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

    if isinstance(p, URIRef):
        edges.append((s, str(p), o))
    elif isinstance(p, Variable):
        edges.append((s, None, o))
    elif isinstance(p, InvPath):
        return _expand(edges, fresh, o, p.arg, s)
    elif isinstance(p, MulPath) and str(p.path) in _ONTOLOGY_STEPS:
        pass  # rdfs:subClassOf* / rdfs:subPropertyOf*: the ontology, which a rebuild of facts never changes
    elif isinstance(p, SequencePath):
        prev = s
        for i, step in enumerate(p.args):
            nxt = o if i == len(p.args) - 1 else Variable(f"_seq{next(fresh)}")
            if not _expand(edges, fresh, prev, step, nxt):
                return False
            prev = nxt
    elif isinstance(p, AlternativePath):
        return all(_expand(edges, fresh, s, step, o) for step in p.args)
    elif isinstance(p, MulPath):
        if isinstance(s, Variable) and isinstance(o, Variable):
            return False  # any number of steps between two variables: no bound radius
        edges.append((s, None, o))  # to a constant (rdfs:subClassOf* bkg:Event): one step of any kind
    elif isinstance(p, NegatedPath):
        edges.append((s, None, o))
    else:
        return False
    return True


def _distances(edges: list[Edge], focus: Variable, literal_predicates: frozenset[str]) -> dict[Node, int]:
    """How many patterns away from the focus each variable is (a class or a literal value ends a walk)."""
    classes = {o for _, p, o in edges if p == _RDF_TYPE}  # a class is compared, never walked through
    literals = {o for _, p, o in edges if p in literal_predicates}
    dist = {focus: 0}
    frontier = [focus]
    while frontier:
        nxt = []
        for v in frontier:
            for s, p, o in edges:
                for a, b in ((s, o), (o, s)):
                    if a == v and isinstance(b, Variable) and b not in dist:
                        dist[b] = dist[v] + 1
                        if b in literals:
                            continue  # compared, never walked through
                        if b not in classes:
                            nxt.append(b)
        frontier = nxt
    return dist


def _seeds(edges: list[Edge], dist: dict[Node, int]) -> Dependencies | None:
    seeds, hops = [], set()
    for s, p, o in edges:
        ds = dist.get(s) if isinstance(s, Variable) else None
        do = dist.get(o) if isinstance(o, Variable) else None
        if ds is None and do is None:
            return None  # a pattern not connected to the focus
        if do is None or (ds is not None and ds <= do):
            seeds.append((p, 0, ds))
        else:
            seeds.append((p, 1, do))
        if isinstance(s, Variable) and isinstance(o, Variable) and p != _RDF_TYPE:
            if p is None:
                hops = None
            elif hops is not None:
                hops.add(p)
    return Dependencies(seeds, hops)


def pattern_dependencies(patterns: list[str], deps: Dependencies) -> Dependencies | None:
    """Add to ``deps`` what the value patterns (``?this <path> ?value .``) of a compiled shape read.

    None when a path is not one IRI (or its inverse).
    """
    for pattern in patterns:
        if "BIND(?this AS ?value)" in pattern:
            continue  # a node shape: the focus's own triples
        paths = re.findall(r"\?this (\S+) \?", pattern)
        if any(re.search(r"[/|*+?]", path) and not re.fullmatch(r"\^?\(?<[^>]+>\)?", path)
               for path in paths) or not paths:
            return None  # a path that is not one IRI (or its inverse)
        deps.seeds.append((None, 0, 1))  # a value node's own triples (its class, its dates...)
        deps.hops |= set(re.findall(r"<([^>]+)>", " ".join(paths)))
    return deps
