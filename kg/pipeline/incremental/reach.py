"""Which focus nodes a change can reach: the walk from changed triples along the predicates a query joins on."""

from __future__ import annotations

import re

class Walk:
    """Neighbours of nodes in a store (IRIs only, literals never), fetched once each."""

    def __init__(self, store):
        self.store = store
        self.adj: dict[str, list[tuple[str, str]]] = {}

    def _fetch(self, nodes: set[str]) -> None:
        missing = sorted(n for n in nodes if n not in self.adj and n.startswith("<"))
        for n in nodes:
            if not n.startswith("<"):
                self.adj.setdefault(n, [])
        for i in range(0, len(missing), 2000):
            batch = missing[i:i + 2000]
            for n in batch:
                self.adj[n] = []
            text = (f"SELECT ?x ?p ?n WHERE {{ VALUES ?x {{ {' '.join(batch)} }} "
                    "{ ?x ?p ?n } UNION { ?n ?p ?x } FILTER (isIRI(?n)) }")
            for row in self.store.query(text, use_default_graph_as_union=True):
                self.adj[str(row["x"])].append((row["p"].value, str(row["n"])))

    def reach(self, seeds: set[str], radius: int, hops: set[str] | None) -> set[str]:
        seen, frontier = set(seeds), set(seeds)
        for _ in range(radius):
            self._fetch(frontier)
            nxt = {n for x in frontier for p, n in self.adj.get(x, ()) if hops is None or p in hops} - seen
            seen |= nxt
            frontier = nxt
        return seen


def affected_nodes(deps, triples: list[tuple[str, str, str]], walk: Walk) -> set[str]:
    """Focus nodes whose results the changed ``triples`` (N-Triples terms) can change."""
    seeds: dict[int, set[str]] = {}
    for pred, side, radius in deps.seeds:
        for s, p, o in triples:
            if pred is None or f"<{pred}>" == p:
                node = s if side == 0 else o
                if node.startswith("<"):
                    seeds.setdefault(radius, set()).add(node)
    out: set[str] = set()
    for radius, nodes in seeds.items():
        out |= walk.reach(nodes, radius, deps.hops)
    return out


def triple_of_line(line: bytes) -> tuple[str, str, str]:
    """(s, p, o) of an N-Quads line written by the build."""
    text = line.decode("utf-8")
    s, p, rest = text.split(" ", 2)
    return s, p, rest[:rest.rfind(" <", 0, len(rest) - 2)]


def restricted_check(text: str, var: str, nodes: set[str]) -> str | None:
    """The check query with ``VALUES ?var {...}`` first in its WHERE group, and first in each MINUS
    group that uses ``?var`` (MINUS is evaluated on its own: unrestricted, it reads everything).
    None when the query has modifiers a restriction would change."""
    upper = text.upper()
    if "GROUP BY" in upper or "LIMIT" in upper or "OFFSET" in upper:
        return None
    values = f" VALUES ?{var} {{ {' '.join(sorted(nodes))} }} "
    starts = []
    m = re.search(r"\bWHERE\s*\{", text, re.I)
    if not m:
        return None
    starts.append(m.end())
    for m in re.finditer(r"\bMINUS\s*\{", text, re.I):
        depth, end = 1, m.end()
        while depth and end < len(text):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        if re.search(rf"\?{re.escape(var)}\b", text[m.end():end]):
            starts.append(m.end())
    for at in sorted(starts, reverse=True):
        text = text[:at] + values + text[at:]
    return text


