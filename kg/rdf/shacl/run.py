"""Running compiled SHACL queries on a pyoxigraph store and collecting :class:`Finding` objects.

Queries run over the union of all graphs (``use_default_graph_as_union``),
the graph pySHACL is given. ``only`` restricts a run to some focus nodes
(an incremental rebuild revalidates what an edit can reach): it fills the
``{ONLY}`` placeholder of every focus pattern with a ``VALUES`` block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import RDFS, URIRef
from rdflib.namespace import XSD

from kg.core.progress import Stage
from kg.rdf.shacl.integers import DerivedIntegers
from kg.rdf.shacl.model import DERIVED_INTEGERS, Check, CompiledQuery, Finding, Part, Unsupported
from kg.rdf.terms import OxTerm, ntriples

_UNION = {"use_default_graph_as_union": True}


def class_closure(store: ox.Store, cls: URIRef) -> str:
    """The class and its subclasses in the data, as the entries of a ``VALUES`` block."""
    rows = store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> }}", **_UNION)
    return " ".join(sorted(f"<{r['c'].value}>" for r in rows if isinstance(r["c"], ox.NamedNode))) or f"<{cls}>"


def run_queries(queries: list[CompiledQuery], prologue: str, classes: set[URIRef], store: ox.Store,
                only: Iterable | None = None, integers: DerivedIntegers | None = None,
                stage: Stage | None = None) -> list[Finding]:
    """Run every query; ``only`` limits the focus nodes; ``stage`` is advanced once per query."""
    run = Run(prologue, classes, store, only, integers or DerivedIntegers())
    if stage is not None:
        stage.total(len(queries))
    for i, query in enumerate(queries):
        run.current = i
        run.query(query)
        if stage is not None:
            stage.advance()
    return list(run.findings.values())


def run_some_queries(queries: list[CompiledQuery], prologue: str, classes: set[URIRef], store: ox.Store,
                     only: dict[int, Iterable | None], integers: DerivedIntegers | None = None) -> list[Finding]:
    """Run the queries whose indices are the keys of ``only``, each limited to its focus nodes
    (``None``: all of them)."""
    out: list[Finding] = []
    closure = None
    for i, nodes in sorted(only.items()):
        nodes = None if nodes is None else list(nodes)
        if nodes is not None and not nodes:
            continue
        run = Run(prologue, classes, store, nodes, integers or DerivedIntegers(), closure)
        closure = run.closure
        run.current = i
        run.query(queries[i])
        out.extend(run.findings.values())
    return out


def _n3(term: OxTerm | URIRef) -> str:
    try:
        return ntriples(term)
    except TypeError as exc:
        raise Unsupported(str(exc)) from None


class Run:
    """One validation run: the class closures, the focus restriction, the findings so far."""

    def __init__(self, prologue: str, classes: set[URIRef], store: ox.Store, only: Iterable | None,
                 integers: DerivedIntegers, closure: dict[URIRef, str] | None = None) -> None:
        self.store, self.integers = store, integers
        self.closure = closure or {c: class_closure(store, c) for c in sorted(classes, key=str)}
        self.only = {_n3(t) for t in only} if only is not None else None
        self.restrict = f"VALUES ?this {{ {' '.join(sorted(self.only))} }}" if only is not None else ""
        self.prologue = prologue
        self.findings: dict[tuple, Finding] = {}
        self.current = -1

    def text(self, text: str, restrict: str | None = None) -> str:
        text = text.replace("{ONLY}", self.restrict if restrict is None else restrict)
        return self.prologue + re.sub(r"\{CLOSURE <([^>]*)>\}", lambda m: self.closure[URIRef(m.group(1))], text)

    def select(self, text: str, restrict: str | None = None) -> ox.QuerySolutions:
        return self.store.query(self.text(text, restrict), **_UNION)

    def add(self, q: CompiledQuery | Part, component: str, this: OxTerm, value: OxTerm | None,
            path: URIRef | None = None, message: str | None = None) -> None:
        path = path if path is not None else q.path
        if value is not None:
            value = self.integers.original(this, str(path) if path else None, value)
        key = (str(this), str(path), str(value), str(q.shape), component)
        self.findings.setdefault(key, Finding(this, path, value, q.shape, component, q.severity,
                                              message if message is not None else q.message, self.current))

    def query(self, q: CompiledQuery) -> None:
        if q.kind == "rows":
            self.rows(q)
        elif q.kind == "filter":
            for row in self.select(q.text):
                for i, c in enumerate(q.checks):
                    flag = _get(row, f"b{i}") if c.ok is not None else None
                    if flag is not None and flag.value == "true":
                        # a derived-integer check flags here what is not even an integer
                        self.add(q, c.component, row["this"], row["value"])
        else:
            self.grouped(q)
            return
        for c in q.checks:
            if c.datatype is not None:
                self.derived(q, c)

    def rows(self, q: CompiledQuery) -> None:
        """A query whose every row is a result."""
        for row in self.select(q.text):
            this = row["this"]
            value = row["value"] if q.has_value else None
            if value is None and q.node:
                value = this  # pySHACL: a node shape's value node is its focus node
            path = None
            if q.component == "SPARQLConstraintComponent":
                bound = _get(row, "path")
                path = URIRef(bound.value) if isinstance(bound, ox.NamedNode) else None
            message = _substitute(q.message, row) if q.message is not None and q.substitute else None
            self.add(q, q.component, this, value, path, message)

    def grouped(self, q: CompiledQuery) -> None:
        flagged: dict[tuple[int, int], list] = {}
        for row in self.select(q.text):
            this = row["this"]
            for j, part in enumerate(q.parts):
                for i, c in enumerate(part.checks):
                    n = _get(row, f"n{j}_{i}" if c.qualified is not None else f"n{j}")
                    count = int(n.value) if n is not None else 0
                    if (c.low is not None and count < c.low) or (c.high is not None and count > c.high):
                        self.add(part, c.component, this, None)
                    s = _get(row, f"s{j}_{i}") if c.ok is not None else None
                    if s is not None and int(s.value) > 0:
                        flagged.setdefault((j, i), []).append(this)
        for (j, i), nodes in flagged.items():  # the values that fail, for the few flagged focus nodes
            part, c = q.parts[j], q.parts[j].checks[i]
            if any(isinstance(t, ox.BlankNode) for t in nodes):  # no VALUES for blank nodes: filter here
                restrict, keep = "", set(nodes)
            else:
                restrict, keep = f"VALUES ?this {{ {' '.join(_n3(t) for t in nodes)} }}", None
            for row in self.select(f"SELECT DISTINCT ?this ?value WHERE {{ {restrict} {part.pattern} "
                                   f"FILTER (!{c.ok}) }}", restrict):
                if keep is None or row["this"] in keep:
                    self.add(part, c.component, row["this"], row["value"])
        for part in q.parts:
            for c in part.checks:
                if c.datatype is not None:
                    self.derived(CompiledQuery("grouped", part.shape, None, part.path, part.severity, part.message,
                                               "", focus=q.focus, checks=part.checks, pattern=part.pattern), c)

    def derived(self, q: CompiledQuery, c: Check) -> None:
        """Integer values of a derived-integer datatype constraint, decided on how they were written."""
        if q.path is None:
            raise Unsupported("a derived integer datatype on a node shape")
        lo, hi = DERIVED_INTEGERS[c.datatype]
        suspects: dict[str, list[int]] = {}
        for (s, p, n), types in self.integers.written.items():
            if p != str(q.path) or (self.only is not None and s not in self.only):
                continue
            if types != {str(c.datatype)} or not _in_range(n, lo, hi):
                suspects.setdefault(s, []).append(n)
        if not suspects:
            return
        restrict = f"VALUES ?this {{ {' '.join(suspects)} }}"
        for row in self.select(f"SELECT DISTINCT ?this ?value WHERE {{ {q.focus} {q.pattern} "
                               f"FILTER (isLiteral(?value) && DATATYPE(?value) = <{XSD.integer}>) }}", restrict):
            this, value = row["this"], row["value"]
            if int(value.value) in suspects.get(str(this), ()):
                written = self.integers.datatypes(this, str(q.path), value)
                if written != {str(c.datatype)} or not _in_range(int(value.value), lo, hi):
                    self.add(q, c.component, this, value)


def _in_range(n: int, lo: int | None, hi: int | None) -> bool:
    return (lo is None or n >= lo) and (hi is None or n <= hi)


def _get(row: ox.QuerySolution, name: str) -> OxTerm | None:
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def _substitute(message: str, row: ox.QuerySolution) -> str:
    def repl(m: re.Match) -> str:
        try:
            term = row[m.group(1)]
        except (KeyError, IndexError):
            return m.group(0)
        return term.value if term is not None and hasattr(term, "value") else m.group(0)
    return re.sub(r"\{[?$](\w+)\}", repl, message)
