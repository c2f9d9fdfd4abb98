"""SHACL compiled to SPARQL and run on Oxigraph: the validator for large graphs.

pySHACL (:mod:`kg.pipeline.validate`) is the reference; this engine must report the
same results, and the tests hold it to that result by result (the shape
fixtures, the first source, a synthetic sample). It is what ``kg build``
uses by default because it is fast: every constraint of a shape becomes one
SPARQL query that returns only the violating (focus node, value) pairs of
*all* focus nodes at once, evaluated by Oxigraph in Rust, where pySHACL
walks the focus nodes one by one in Python.

How a shape is compiled:

* its targets (``sh:targetClass`` with the ``rdfs:subClassOf`` closure read
  from the data, ``sh:targetNode``, ``sh:targetSubjectsOf``,
  ``sh:targetObjectsOf``, SHACL-AF ``sh:SPARQLTarget``) become one
  ``SELECT DISTINCT ?this`` sub-query, the *focus pattern*;
* each constraint component becomes a query joining the focus pattern with
  the pattern of its violation (``FILTER NOT EXISTS`` for ``sh:minCount 1``,
  ``GROUP BY``/``HAVING`` for counts, a ``FILTER`` over the value nodes for
  value-type and value-range components, the constraint's own ``SELECT``
  for SHACL-SPARQL);
* value shapes used inside ``sh:or`` and ``sh:qualifiedValueShape`` become
  boolean SPARQL expressions over the value node.

A shapes graph that uses anything else raises :class:`Unsupported` when it is
compiled, never later: :func:`kg.pipeline.validate.validate` then runs pySHACL.

One difference of the store is handled here: Oxigraph keeps a literal of a
type derived from ``xsd:integer`` (``xsd:nonNegativeInteger``, ``xsd:int``...)
as a plain ``xsd:integer``. :class:`DerivedIntegers` records the datatypes the
data was written with, so that ``sh:datatype`` decides on those.

Queries run over the union of all graphs (``use_default_graph_as_union``),
the graph pySHACL is given. ``only`` restricts a run to some focus nodes
(an incremental rebuild revalidates what an edit can reach).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

#: Datatypes Oxigraph stores as ``xsd:integer``, with the range of each.
DERIVED_INTEGERS = {
    XSD.nonNegativeInteger: (0, None), XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0), XSD.negativeInteger: (None, -1),
    XSD.long: (-2**63, 2**63 - 1), XSD.int: (-2**31, 2**31 - 1),
    XSD.short: (-2**15, 2**15 - 1), XSD.byte: (-128, 127),
    XSD.unsignedLong: (0, 2**64 - 1), XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1), XSD.unsignedByte: (0, 255),
}
#: Datatypes whose lexical forms Oxigraph can check by a cast.
_CASTABLE = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.dateTime, XSD.time, XSD.integer,
             XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.gMonthDay, XSD.gDay, XSD.gMonth,
             XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration}
_RDF_LANGSTRING = RDF.langString
_UNION = {"use_default_graph_as_union": True}
_SUPPORTED = {SH.path, SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
              SH.targetObjectsOf, SH.target, SH.minCount, SH.maxCount, SH.nodeKind, SH.datatype,
              SH["class"], SH["in"], SH.languageIn, SH.minLength, SH.maxLength, SH.pattern, SH.flags,
              SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.disjoint,
              SH.equals, SH.lessThan, SH.lessThanOrEquals, SH.uniqueLang, SH["or"],
              SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.sparql,
              SH.message, SH.severity, SH.name, SH.description, SH.deactivated, SH.order, SH.group,
              SH.declare, SH.prefixes, SH.defaultValue}


class Unsupported(Exception):
    """The shapes use a feature this engine does not compile; pySHACL is used instead."""


@dataclass(frozen=True)
class Finding:
    """One validation result, terms as Oxigraph gives them."""

    focus: object
    path: URIRef | None
    value: object
    shape: URIRef
    component: str  # local name of the sh:*ConstraintComponent
    severity: URIRef
    message: str | None
    query: int = -1  # index of the compiled query that found it (kg.pipeline.incremental reruns queries)


class DerivedIntegers:
    """How the integers of some predicates were written, where Oxigraph forgets it.

    Read from N-Quads/N-Triples text before it is loaded (only the lines of
    those predicates that hold an integer are parsed), or from parsed quads.
    """

    _TYPES = (XSD.integer, *DERIVED_INTEGERS)

    def __init__(self, predicates: Iterable[str] = ()) -> None:
        self.predicates = {str(p) for p in predicates}
        self.written: dict[tuple[str, str, int], set[str]] = {}  # (s as N-Triples, p, value) -> datatypes
        self.lines = b""  # the N-Quads lines read (kg.pipeline.incremental keeps them)

    @classmethod
    def from_nquads(cls, data: bytes, predicates: Iterable[str]) -> "DerivedIntegers":
        out = cls(predicates)
        if not out.predicates:
            return out
        lines: list[bytes] = []
        for mark in (f" <{p}> ".encode() for p in sorted(out.predicates)):
            at = data.find(mark)
            while at >= 0:
                start, end = data.rfind(b"\n", 0, at) + 1, data.find(b"\n", at)
                end = len(data) if end < 0 else end
                line = data[start:end]
                if b"XMLSchema#" in line:
                    lines.append(line)
                at = data.find(mark, end)
        out.lines = b"\n".join(lines)
        if lines:
            out.add(ox.parse(out.lines, format=ox.RdfFormat.N_QUADS))
        return out

    def add(self, quads: Iterable) -> None:
        types = {str(t) for t in self._TYPES}
        for q in quads:
            o = q.object
            if q.predicate.value in self.predicates and isinstance(o, ox.Literal) and o.datatype.value in types:
                try:
                    n = int(o.value)
                except ValueError:
                    continue
                self.written.setdefault((str(q.subject), q.predicate.value, n), set()).add(o.datatype.value)

    def datatypes(self, s, p: str, value) -> set[str]:
        if not isinstance(value, ox.Literal):
            return set()
        try:
            n = int(value.value)
        except ValueError:
            return set()
        return self.written.get((str(s), p, n), set())

    def original(self, s, p: str | None, value):
        """The literal as written, for a value Oxigraph shows as ``xsd:integer``."""
        if p is None or not isinstance(value, ox.Literal) or value.datatype.value != str(XSD.integer):
            return value
        types = self.datatypes(s, p, value)
        if len(types) == 1:
            return ox.Literal(value.value, datatype=ox.NamedNode(next(iter(types))))
        return value


def _iri(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    raise Unsupported(f"expected an IRI, found {term!r}")


def _lit(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise Unsupported(f"a blank node as a value: {term!r}")


class _Names:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, stem: str) -> str:
        self.n += 1
        return f"?_{stem}{self.n}"


@dataclass
class _Check:
    """One constraint inside a merged query."""

    component: str
    ok: str | None = None  # value constraint: SPARQL boolean, the value node ?value conforms
    low: int | None = None  # count constraint: fewer than this is a violation
    high: int | None = None  # count constraint: more than this is a violation
    qualified: str | None = None  # qualified count: the value shape as a boolean over ?value
    datatype: URIRef | None = None  # a derived-integer datatype, decided with DerivedIntegers


@dataclass
class _Part:
    """The count and value checks of one property shape inside a ``grouped`` query."""

    shape: URIRef
    path: URIRef | None
    severity: URIRef
    message: str | None
    checks: list[_Check]
    pattern: str  # "?this <path> ?value ."


@dataclass
class _Query:
    """One query: ``rows`` (each row a result), ``filter`` (value checks of a shape) or ``grouped``
    (count and value checks of the property shapes that share one focus pattern)."""

    kind: str
    shape: URIRef
    component: str | None
    path: URIRef | None
    severity: URIRef
    message: str | None
    text: str
    node: bool = False  # the shape is a node shape: its value node is the focus node
    checks: list[_Check] = field(default_factory=list)
    pattern: str = ""  # "?this <path> ?value ." for detail queries of a grouped query
    focus: str = ""  # the focus sub-query, {ONLY} still in it
    parts: list[_Part] = field(default_factory=list)
    constraint_text: str = ""  # a SPARQL constraint's own sh:select
    has_value: bool = True
    substitute: bool = False  # SPARQL constraint: {?var} in the message


class CompiledShapes:
    """A shapes graph compiled to SPARQL queries; :meth:`run` validates a store."""

    def __init__(self, shapes: Graph):
        self.g = shapes
        self.names = _Names()
        self.classes: set[URIRef] = set()  # classes whose subclass closure the queries need
        self._shapes = self._targeted_shapes()
        self.prefixes = self._all_prefixes()
        g = shapes
        #: Predicates whose integer values need DerivedIntegers (sh:datatype xsd:nonNegativeInteger...).
        self.derived_predicates = sorted({str(g.value(s, SH.path)) for s in g.subjects(SH.datatype, None)
                                          if g.value(s, SH.datatype) in DERIVED_INTEGERS
                                          and isinstance(g.value(s, SH.path), URIRef)})

    # ---- compile time -------------------------------------------------------------------------

    def _targeted_shapes(self) -> list[tuple[URIRef, list[URIRef]]]:
        """(shape, the node shapes it inherits targets from) for every shape that has targets."""
        g = self.g
        shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        for s in shapes:
            for p in set(g.predicates(s)):
                if p not in _SUPPORTED and p != RDF.type and str(p).startswith(str(SH)):
                    raise Unsupported(f"{p} on {s}")
        parents: dict[URIRef, list[URIRef]] = {}
        for node, prop in g.subject_objects(SH.property):
            parents.setdefault(prop, []).append(node)
        out = []
        for s in sorted(shapes, key=str):
            if (s, SH.deactivated, Literal(True)) in g:
                continue
            if self._targets_of(s) or parents.get(s):
                out.append((s, sorted(parents.get(s, []), key=str)))
        return out

    def _targets_of(self, s) -> list:
        g = self.g
        return [(p, o) for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                                 SH.target) for o in g.objects(s, p)]

    def _all_prefixes(self) -> dict[str, str]:
        out = {"rdf": str(RDF), "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": str(XSD)}
        for decl in self.g.objects(None, SH.declare):
            prefix, ns = self.g.value(decl, SH.prefix), self.g.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                if out.get(str(prefix), str(ns)) != str(ns):
                    raise Unsupported(f"prefix {prefix} declared twice")
                out[str(prefix)] = str(ns)
        return out

    def _focus(self, shape: URIRef, parents: list[URIRef]) -> str:
        """The ``{ SELECT DISTINCT ?this ... }`` of every target of the shape and its parents."""
        branches = []
        for s in [shape, *parents]:
            for p, o in self._targets_of(s):
                if p == SH.targetClass:
                    branches.append(f"?this rdf:type ?_tc . VALUES ?_tc {{ {{CLOSURE {_iri(o)}}} }}")
                    self.classes.add(o)
                elif p == SH.targetNode:
                    branches.append(f"VALUES ?this {{ {_lit(o)} }}")
                elif p == SH.targetSubjectsOf:
                    branches.append(f"?this {_iri(o)} ?_ts .")
                elif p == SH.targetObjectsOf:
                    branches.append(f"?_to {_iri(o)} ?this .")
                else:
                    select = self.g.value(o, SH.select)
                    if (o, RDF.type, SH.SPARQLTarget) not in self.g or select is None:
                        raise Unsupported(f"sh:target {o} is not a sh:SPARQLTarget with sh:select")
                    branches.append(f"{{ {self._prologue_free(select)} }}")
        # {ONLY} (a VALUES block, when a run is limited to some nodes) opens every branch, so that
        # Oxigraph starts each from those nodes instead of joining a whole branch with them.
        body = " UNION ".join(f"{{ {{ONLY}} {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {body} }} }}"

    @staticmethod
    def _prologue_free(select: Literal) -> str:
        text = str(select)
        if re.search(r"^\s*(PREFIX|BASE)\b", text, re.I | re.M):
            raise Unsupported("PREFIX inside sh:select")
        if "$PATH" in text or "$currentShape" in text or "$shapesGraph" in text:
            raise Unsupported("$PATH, $currentShape or $shapesGraph in sh:select")
        return text

    def _path(self, p) -> str:
        g = self.g
        if isinstance(p, URIRef):
            return f"<{p}>"
        if (inv := g.value(p, SH.inversePath)) is not None:
            return f"^({self._path(inv)})"
        if (alt := g.value(p, SH.alternativePath)) is not None:
            return "(" + "|".join(self._path(x) for x in Collection(g, alt)) + ")"
        for pred, op in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            if (inner := g.value(p, pred)) is not None:
                return f"({self._path(inner)}){op}"
        if (p, RDF.first, None) in g:
            return "(" + "/".join(self._path(x) for x in Collection(g, p)) + ")"
        raise Unsupported(f"path {p!r}")

    def _conforms(self, shape, x: str) -> str:
        """A SPARQL boolean expression: the node in variable ``x`` conforms to ``shape``."""
        g = self.g
        parts = []
        path = g.value(shape, SH.path)
        if path is not None:
            allowed = {SH.path, SH.minCount, SH.name, SH.description, SH.message}
            if set(g.predicates(shape)) - allowed - {RDF.type} or g.value(shape, SH.minCount) != Literal(1):
                raise Unsupported(f"value shape {shape} with a path: only sh:minCount 1 is compiled")
            y = self.names("y")
            return f"EXISTS {{ {x} {self._path(path)} {y} }}"
        for p, o in g.predicate_objects(shape):
            if p in (RDF.type, SH.name, SH.description, SH.message, SH.severity):
                continue
            if p == SH.property:
                parts.append(self._conforms(o, x))
            elif p in (SH["or"],):
                parts.append("(" + " || ".join(self._conforms(s, x) for s in Collection(g, o)) + ")")
            else:
                expr = self._value_ok(p, o, x, shape)
                if expr is None:
                    raise Unsupported(f"{p} inside value shape {shape}")
                parts.append(expr)
        if not parts:
            raise Unsupported(f"empty value shape {shape}")
        return "(" + " && ".join(parts) + ")"

    def _value_ok(self, p, o, x: str, shape) -> str | None:
        """A SPARQL boolean expression that value node ``x`` satisfies one value constraint, or None."""
        g = self.g
        if p == SH.nodeKind:
            return {SH.IRI: f"isIRI({x})", SH.BlankNode: f"isBlank({x})", SH.Literal: f"isLiteral({x})",
                    SH.BlankNodeOrIRI: f"(isBlank({x}) || isIRI({x}))",
                    SH.BlankNodeOrLiteral: f"(isBlank({x}) || isLiteral({x}))",
                    SH.IRIOrLiteral: f"(isIRI({x}) || isLiteral({x}))"}[o]
        if p == SH.datatype:
            if o == _RDF_LANGSTRING:
                return f"(isLiteral({x}) && LANG({x}) != \"\")"
            if o in DERIVED_INTEGERS:
                raise Unsupported("a derived integer datatype inside a value shape")
            ok = f"(isLiteral({x}) && DATATYPE({x}) = <{o}>)"
            if o in _CASTABLE:
                ok = f"({ok} && COALESCE(<{o}>(STR({x})) = {x}, false))"
            return ok
        if p == SH["class"]:
            t = self.names("t")
            self.classes.add(o)
            return f"EXISTS {{ {x} rdf:type {t} . VALUES {t} {{ {{CLOSURE {_iri(o)}}} }} }}"
        if p == SH["in"]:
            members = list(Collection(g, o))
            return "(" + " || ".join(f"sameTerm({x}, {_lit(m)})" for m in members) + ")" if members else "false"
        if p == SH.languageIn:
            tags = [str(t) for t in Collection(g, o)]
            return f"(isLiteral({x}) && (" + " || ".join(
                f"langMatches(LANG({x}), {Literal(t).n3()})" for t in tags) + "))" if tags else "false"
        if p in (SH.minLength, SH.maxLength):
            op = ">=" if p == SH.minLength else "<="
            return f"(!isBlank({x}) && STRLEN(STR({x})) {op} {int(o)})"
        if p == SH.pattern:
            flags = g.value(shape, SH.flags)
            args = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            return f"(!isBlank({x}) && REGEX(STR({x}), {Literal(str(o)).n3()}{args}))"
        if p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            op = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}[p]
            return f"COALESCE({x} {op} {_lit(o)}, false)"
        if p == SH.flags:
            return "true"
        return None

    def queries(self) -> list[tuple[_Query, str]]:
        """Every (query, focus-pattern key) of the shapes graph, compiled once."""
        if hasattr(self, "_queries"):
            return self._queries
        out: list[_Query] = []
        grouped: dict[str, _Query] = {}
        for shape, parents in self._shapes:
            for q in self._compile(shape, parents):
                if q.kind != "grouped":
                    out.append(q)
                elif q.focus in grouped and _merge_ok(grouped[q.focus], q):
                    first = grouped[q.focus]
                    first.parts.extend(q.parts)
                    first.text = _grouped_text(first.focus, first.parts)
                else:
                    grouped.setdefault(q.focus, q)
                    out.append(q)
        self._queries = out
        return out

    def _compile(self, shape: URIRef, parents: list[URIRef]) -> list[_Query]:
        g = self.g
        if not isinstance(shape, URIRef):
            raise Unsupported(f"a shape without an IRI: {shape!r}")
        severity = g.value(shape, SH.severity) or SH.Violation
        message = g.value(shape, SH.message)
        message = str(message) if message is not None else None
        path = g.value(shape, SH.path)
        result_path = path if isinstance(path, URIRef) else None
        focus = self._focus(shape, parents)
        node = path is None
        pp = self._path(path) if path is not None else None
        values = f"?this {pp} ?value ." if pp else "BIND(?this AS ?value)"
        out: list[_Query] = []
        checks: list[_Check] = []

        def rows(component, text, **kw):
            out.append(_Query("rows", shape, component, result_path, severity, kw.pop("message", message),
                              text, node=node, focus=focus, **kw))

        def needs_path(p):
            if pp is None:
                raise Unsupported(f"{p} on a node shape")

        for p, o in sorted(g.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
            if p == SH.minCount:
                needs_path(p)
                checks.append(_Check("MinCountConstraintComponent", low=int(o)))
            elif p == SH.maxCount:
                needs_path(p)
                checks.append(_Check("MaxCountConstraintComponent", high=int(o)))
            elif p == SH.datatype and o in DERIVED_INTEGERS:
                checks.append(_Check("DatatypeConstraintComponent",
                                     ok=f"(isLiteral(?value) && DATATYPE(?value) = <{XSD.integer}>)", datatype=o))
            elif p in _COMPONENT and p not in (SH.lessThan, SH.lessThanOrEquals):
                checks.append(_Check(_COMPONENT[p], ok=self._value_ok(p, o, "?value", shape)))
            elif p == SH["or"]:
                members = list(Collection(g, o))
                ok = " || ".join(self._conforms(m, "?value") for m in members) or "false"
                checks.append(_Check("OrConstraintComponent", ok=f"({ok})"))
            elif p == SH.qualifiedValueShape:
                needs_path(p)
                if g.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
                    raise Unsupported("sh:qualifiedValueShapesDisjoint")
                ok = self._conforms(o, "?value")
                low, high = g.value(shape, SH.qualifiedMinCount), g.value(shape, SH.qualifiedMaxCount)
                if low is not None:
                    checks.append(_Check("QualifiedMinCountConstraintComponent", low=int(low), qualified=ok))
                if high is not None:
                    checks.append(_Check("QualifiedMaxCountConstraintComponent", high=int(high), qualified=ok))
            elif p in (SH.disjoint, SH.equals, SH.lessThan, SH.lessThanOrEquals):
                needs_path(p)
                other = _iri(o)
                if p == SH.equals:
                    raise Unsupported("sh:equals")
                if p == SH.disjoint:
                    rows("DisjointConstraintComponent",
                         f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {{ONLY}} {values} ?this {other} ?value }}")
                else:
                    op = "<" if p == SH.lessThan else "<="
                    rows(_COMPONENT[p], f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {{ONLY}} {values} ?this {other} ?_o "
                                        f"FILTER (!COALESCE(?value {op} ?_o, false)) }}")
            elif p == SH.uniqueLang:
                if o != Literal(True):
                    continue
                needs_path(p)
                rows("UniqueLangConstraintComponent",
                     f"SELECT DISTINCT ?this WHERE {{ {focus} {{ONLY}} ?this {pp} ?_a . ?this {pp} ?_b . "
                     f"FILTER (isLiteral(?_a) && LANG(?_a) != \"\" && LCASE(LANG(?_a)) = LCASE(LANG(?_b)) "
                     f"&& !sameTerm(?_a, ?_b)) }}", has_value=False)
            elif p == SH.sparql:
                out.append(self._sparql(shape, o, focus, result_path, severity, message, node))
        if checks:
            out.append(self._merged(shape, checks, focus, values, result_path, severity, message, node))
        return out

    def _merged(self, shape, checks: list[_Check], focus: str, values: str, path, severity, message,
                node: bool) -> _Query:
        """All count and value constraints of a shape in one query (the focus nodes are found once)."""
        flags = [f"(!{c.ok}) AS ?b{i}" for i, c in enumerate(checks) if c.ok is not None]
        if not any(c.low is not None or c.high is not None for c in checks):
            binds = " ".join(f"BIND({f})" for f in flags)
            test = " || ".join(f"COALESCE(?b{i}, false)" for i, c in enumerate(checks) if c.ok is not None)
            projected = " ".join(f"?b{i}" for i, c in enumerate(checks) if c.ok is not None)
            text = (f"SELECT DISTINCT ?this ?value {projected} WHERE {{ {focus} {{ONLY}} {values} {binds} "
                    f"FILTER ({test}) }}")
            return _Query("filter", shape, None, path, severity, message, text, node=node, checks=checks,
                          pattern=values, focus=focus)
        part = _Part(shape, path, severity, message, checks, values)
        return _Query("grouped", shape, None, path, severity, message, _grouped_text(focus, [part]),
                      node=node, focus=focus, parts=[part])

    def _sparql(self, shape, c, focus, result_path, severity, message, node) -> _Query:
        g = self.g
        if (c, SH.deactivated, Literal(True)) in g:
            raise Unsupported("a deactivated SPARQL constraint")
        select = g.value(c, SH.select)
        if select is None:
            raise Unsupported(f"SPARQL constraint {c} without sh:select")
        text = self._prologue_free(select)
        projected = _projection(text)
        if "this" not in projected:
            raise Unsupported(f"SPARQL constraint of {shape} does not select $this")
        own = g.value(c, SH.message)
        extra = " ?path" if "path" in projected else ""
        value = " ?value" if "value" in projected else ""
        body = _where_body(text)
        # The constraint's pattern joined after the focus pattern: $this is bound when its FILTERs
        # (and NOT EXISTS) run, as with pySHACL's pre-binding; a query with solution modifiers
        # stays a sub-query.
        where = f"{focus} {{ONLY}} {body}" if body is not None else f"{focus} {{ {text} }}"
        return _Query("rows", shape, "SPARQLConstraintComponent", result_path, g.value(c, SH.severity) or severity,
                      str(own) if own is not None else message,
                      f"SELECT DISTINCT ?this{value}{extra} WHERE {{ {where} }}",
                      node=node, focus=focus, has_value=bool(value), substitute=True, constraint_text=text)

    # ---- run time ------------------------------------------------------------------------------

    def run(self, store: ox.Store, only: Iterable | None = None,
            integers: DerivedIntegers | None = None, stage=None) -> list[Finding]:
        """Validate the union of ``store``'s graphs; ``only`` limits the focus nodes.

        ``stage`` (a :class:`kg.core.progress.Stage`) is advanced once per query.
        """
        queries = self.queries()
        run = _Run(self, store, only, integers or DerivedIntegers())
        if stage is not None:
            stage.total(len(queries))
        for i, query in enumerate(queries):
            run.current = i
            run.query(query)
            if stage is not None:
                stage.advance()
        return list(run.findings.values())

    def run_some(self, store: ox.Store, only: dict[int, Iterable | None],
                 integers: DerivedIntegers | None = None) -> list[Finding]:
        """Run the queries whose indices are the keys of ``only``, each limited to its focus nodes
        (``None``: all of them)."""
        queries = self.queries()
        out: list[Finding] = []
        closure = None
        for i, nodes in sorted(only.items()):
            nodes = None if nodes is None else list(nodes)
            if nodes is not None and not nodes:
                continue
            run = _Run(self, store, nodes, integers or DerivedIntegers(), closure)
            closure = run.closure
            run.current = i
            run.query(queries[i])
            out.extend(run.findings.values())
        return out

    def dependencies(self, i: int, literal_predicates=frozenset()) -> "Dependencies | None":
        """What query ``i`` reads around a focus node (see :class:`Dependencies`); None: anything.

        ``literal_predicates``: the datatype properties of the ontology."""
        q = self.queries()[i]
        g = self.g
        deps = Dependencies(seeds=[(None, 0, 0), (None, 1, 0)], hops=set())  # the focus's own triples
        for s in [q.shape, *self._parent_list(q.shape)]:
            for p, o in self._targets_of(s):
                if p == SH.target:
                    extra = sparql_dependencies(self._prologue() + str(g.value(o, SH.select)), "this",
                                                literal_predicates)
                    if extra is None:
                        return None
                    deps.merge(extra)
        if q.kind == "rows" and q.component == "SPARQLConstraintComponent":
            extra = sparql_dependencies(self._prologue() + q.constraint_text, "this", literal_predicates)
            if extra is None:
                return None
            deps.merge(extra)
            return deps
        patterns = [part.pattern for part in q.parts] if q.parts else [q.pattern or q.text]
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

    def _parent_list(self, shape: URIRef) -> list[URIRef]:
        return next((parents for s, parents in self._shapes if s == shape), [])

    def _prologue(self) -> str:
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(self.prefixes.items()))

    @staticmethod
    def _closure(store: ox.Store, cls: URIRef) -> str:
        rows = store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{cls}> }}",
                           **_UNION)
        return " ".join(sorted(f"<{r['c'].value}>" for r in rows if isinstance(r["c"], ox.NamedNode))) or f"<{cls}>"


def _single_valued(part: _Part) -> bool:
    return any(c.high is not None and c.high <= 1 and c.qualified is None for c in part.checks)


def _merge_ok(query: _Query, new: _Query) -> bool:
    """Property shapes share a query when at most one of them may have several values per node
    (each OPTIONAL multiplies the rows of a focus node by its number of values)."""
    parts = query.parts + new.parts
    return sum(1 for p in parts if not _single_valued(p)) <= 1 and len(parts) <= 8


def _grouped_text(focus: str, parts: list[_Part]) -> str:
    """One GROUP BY query for the count and value checks of several property shapes.

    Part ``j`` has its values in ``?v{j}``; check ``i`` of it flags bad values in
    ``?b{j}_{i}`` (summed into ``?s{j}_{i}``) and counts qualified values into
    ``?n{j}_{i}``; ``?n{j}`` counts all its values.
    """
    optionals, aggregates, having = [], [], []  # HAVING cannot see the SELECT's names: aggregates repeat
    for j, part in enumerate(parts):
        v = f"?v{j}"
        inner = []
        aggregates.append(f"(COUNT(DISTINCT {v}) AS ?n{j})")
        for i, c in enumerate(part.checks):
            name = f"{j}_{i}"
            if c.qualified is not None:
                inner.append(f"BIND(IF({c.qualified.replace('?value', v)}, {v}, ?_none) AS ?q{name})")
                count = f"COUNT(DISTINCT ?q{name})"
                aggregates.append(f"({count} AS ?n{name})")
            else:
                count = f"COUNT(DISTINCT {v})"
            if c.ok is not None:
                inner.append(f"BIND((!{c.ok.replace('?value', v)}) AS ?b{name})")
                flagged = f"SUM(IF(COALESCE(?b{name}, false), 1, 0))"
                aggregates.append(f"({flagged} AS ?s{name})")
                having.append(f"{flagged} > 0")
            if c.low is not None:
                having.append(f"{count} < {c.low}")
            if c.high is not None:
                having.append(f"{count} > {c.high}")
        # {ONLY} again inside: a limited run then reads the values of those nodes only
        optionals.append(f"OPTIONAL {{ {{ONLY}} {part.pattern.replace('?value', v)} {' '.join(inner)} }}")
    return (f"SELECT ?this {' '.join(aggregates)} WHERE {{ {focus} {' '.join(optionals)} }} "
            f"GROUP BY ?this HAVING ({' || '.join(having)})")


class _Run:
    """One validation run: the class closures, the focus restriction, the findings so far."""

    def __init__(self, shapes: CompiledShapes, store: ox.Store, only, integers: DerivedIntegers, closure=None):
        self.store, self.integers = store, integers
        self.closure = closure or {c: shapes._closure(store, c) for c in sorted(shapes.classes, key=str)}
        self.only = {_ox_n3(t) for t in only} if only is not None else None
        self.restrict = f"VALUES ?this {{ {' '.join(sorted(self.only))} }}" if only is not None else ""
        self.prologue = shapes._prologue()
        self.findings: dict[tuple, Finding] = {}
        self.current = -1

    def text(self, text: str, restrict: str | None = None) -> str:
        text = text.replace("{ONLY}", self.restrict if restrict is None else restrict)
        return self.prologue + re.sub(r"\{CLOSURE <([^>]*)>\}", lambda m: self.closure[URIRef(m.group(1))], text)

    def select(self, text: str, restrict: str | None = None):
        return self.store.query(self.text(text, restrict), **_UNION)

    def add(self, q: _Query, component: str, this, value, path=None, message=None) -> None:
        path = path if path is not None else q.path
        if value is not None:
            value = self.integers.original(this, str(path) if path else None, value)
        key = (str(this), str(path), str(value), str(q.shape), component)
        self.findings.setdefault(key, Finding(this, path, value, q.shape, component, q.severity,
                                              message if message is not None else q.message, self.current))

    def query(self, q: _Query) -> None:
        if q.kind == "rows":
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
        elif q.kind == "filter":
            for row in self.select(q.text):
                for i, c in enumerate(q.checks):
                    flag = _get(row, f"b{i}") if c.ok is not None else None
                    if flag is not None and flag.value == "true":
                        if c.datatype is None:
                            self.add(q, c.component, row["this"], row["value"])
                        else:  # not even an integer: no need to ask how it was written
                            self.add(q, c.component, row["this"], row["value"])
        else:
            self.grouped(q)
            return
        for c in q.checks:
            if c.datatype is not None:
                self.derived(q, c)

    def grouped(self, q: _Query) -> None:
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
            restrict = f"VALUES ?this {{ {' '.join(_ox_n3(t) for t in nodes)} }}"
            for row in self.select(f"SELECT DISTINCT ?this ?value WHERE {{ {restrict} {part.pattern} "
                                   f"FILTER (!{c.ok}) }}", restrict):
                self.add(part, c.component, row["this"], row["value"])
        for part in q.parts:
            for c in part.checks:
                if c.datatype is not None:
                    self.derived(_Query("grouped", part.shape, None, part.path, part.severity, part.message,
                                        "", focus=q.focus, checks=part.checks, pattern=part.pattern), c)

    def derived(self, q: _Query, c: _Check) -> None:
        """Integer values of a derived-integer datatype constraint, decided on how they were written."""
        if q.path is None:
            raise Unsupported("a derived integer datatype on a node shape")
        lo, hi = DERIVED_INTEGERS[c.datatype]
        suspects = {}
        for (s, p, n), types in self.integers.written.items():
            if p != str(q.path) or (self.only is not None and s not in self.only):
                continue
            if types != {str(c.datatype)} or (lo is not None and n < lo) or (hi is not None and n > hi):
                suspects.setdefault(s, []).append(n)
        if not suspects:
            return
        terms = " ".join(suspects)
        restrict = f"VALUES ?this {{ {terms} }}"
        for row in self.select(f"SELECT DISTINCT ?this ?value WHERE {{ {q.focus} {q.pattern} "
                               f"FILTER (isLiteral(?value) && DATATYPE(?value) = <{XSD.integer}>) }}", restrict):
            this, value = row["this"], row["value"]
            if int(value.value) in suspects.get(str(this), ()):
                written = self.integers.datatypes(this, str(q.path), value)
                if written != {str(c.datatype)} or not _in_range(int(value.value), lo, hi):
                    self.add(q, c.component, this, value)


def _in_range(n: int, lo, hi) -> bool:
    return (lo is None or n >= lo) and (hi is None or n <= hi)


def _get(row, name: str):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


_COMPONENT = {SH.nodeKind: "NodeKindConstraintComponent", SH.datatype: "DatatypeConstraintComponent",
              SH["class"]: "ClassConstraintComponent", SH["in"]: "InConstraintComponent",
              SH.languageIn: "LanguageInConstraintComponent", SH.minLength: "MinLengthConstraintComponent",
              SH.maxLength: "MaxLengthConstraintComponent", SH.pattern: "PatternConstraintComponent",
              SH.minInclusive: "MinInclusiveConstraintComponent", SH.maxInclusive: "MaxInclusiveConstraintComponent",
              SH.minExclusive: "MinExclusiveConstraintComponent", SH.maxExclusive: "MaxExclusiveConstraintComponent",
              SH.lessThan: "LessThanConstraintComponent", SH.lessThanOrEquals: "LessThanOrEqualsConstraintComponent"}


def _projection(text: str) -> set[str]:
    """The variables a SELECT projects (``*`` is refused)."""
    m = re.search(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s*(?:WHERE\s*)?\{", text, re.I | re.S)
    if not m or "*" in m.group(1) or "(" in m.group(1):
        raise Unsupported("a SPARQL constraint must project plain variables")
    return {v[1:] for v in m.group(1).split()}


def _where_body(text: str) -> str | None:
    """The inside of a SELECT's WHERE group, or None when modifiers follow it."""
    start = text.find("{")
    end = text.rfind("}")
    if start < 0 or end < start or text[end + 1:].strip():
        return None
    return text[start + 1:end]


def _ox_n3(term) -> str:
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    if isinstance(term, URIRef):
        return f"<{term}>"
    raise Unsupported(f"only IRIs can restrict a run, not {term!r}")


def _substitute(message: str, row) -> str:
    def repl(m):
        try:
            term = row[m.group(1)]
        except (KeyError, IndexError):
            return m.group(0)
        return term.value if term is not None and hasattr(term, "value") else m.group(0)
    return re.sub(r"\{[?$](\w+)\}", repl, message)


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


_ONTOLOGY_STEPS = {"http://www.w3.org/2000/01/rdf-schema#subClassOf", "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"}
_RDF_TYPE = str(RDF.type)


def sparql_dependencies(text: str, focus: str, literal_predicates=frozenset()) -> Dependencies | None:
    """:class:`Dependencies` of a SPARQL SELECT whose focus variable is ``focus``.

    Every triple pattern of the query (FILTER EXISTS, MINUS, OPTIONAL and UNION
    included) is an edge between its subject and object; constants do not
    connect. A pattern's seed is its endpoint nearer the focus, at that
    endpoint's distance. None (rerun in full) when a variable is reached only
    through a variable-length path or not at all, or through the value of one of
    ``literal_predicates`` (datatype properties: the walk from a changed triple
    never passes through a literal).
    """
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    try:
        algebra = prepareQuery(text).algebra
    except Exception:  # a query rdflib cannot read: no claim about it
        return None
    triples: list[tuple] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for t in node.get("triples") or []:
                if isinstance(t, (list, tuple)) and len(t) == 3:
                    triples.append(tuple(t))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(algebra)
    edges: list[tuple] = []  # (s, predicate IRI or None, o)
    fresh = itertools.count()

    def expand(s, p, o) -> bool:
        if isinstance(p, URIRef):
            edges.append((s, str(p), o))
        elif isinstance(p, Variable):
            edges.append((s, None, o))
        elif isinstance(p, InvPath):
            return expand(o, p.arg, s)
        elif isinstance(p, MulPath) and str(p.path) in _ONTOLOGY_STEPS:
            pass  # rdfs:subClassOf* / rdfs:subPropertyOf*: the ontology, which a rebuild of facts never changes
        elif isinstance(p, SequencePath):
            prev = s
            for i, step in enumerate(p.args):
                nxt = o if i == len(p.args) - 1 else Variable(f"_seq{next(fresh)}")
                if not expand(prev, step, nxt):
                    return False
                prev = nxt
        elif isinstance(p, AlternativePath):
            return all(expand(s, step, o) for step in p.args)
        elif isinstance(p, MulPath):
            if isinstance(s, Variable) and isinstance(o, Variable):
                return False  # any number of steps between two variables: no bound radius
            edges.append((s, None, o))  # to a constant (rdfs:subClassOf* bkg:Event): one step of any kind
        elif isinstance(p, NegatedPath):
            edges.append((s, None, o))
        else:
            return False
        return True

    for s, p, o in triples:
        if not expand(s, p, o):
            return None
    classes = {o for _, p, o in edges if p == _RDF_TYPE}  # a class is compared, never walked through
    literals = {o for _, p, o in edges if p in literal_predicates}
    dist = {Variable(focus): 0}
    frontier = [Variable(focus)]
    while frontier:
        nxt = []
        for v in frontier:
            for s, p, o in edges:
                for a, b in ((s, o), (o, s)):
                    if a == v and isinstance(b, Variable) and b not in dist:
                        dist[b] = dist[v] + 1
                        if b in literals:
                            continue  # compared, never walked through: see the check below
                        if b not in classes:
                            nxt.append(b)
        frontier = nxt
    if any(isinstance(t, Variable) and t not in dist for s, _, o in edges for t in (s, o)):
        return None  # reached only through a literal or a class, or not at all
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


def to_oxigraph(term):
    """An rdflib term as an Oxigraph term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term, *, plain_strings: bool = True):
    """An Oxigraph term as an rdflib term (None stays None).

    ``plain_strings``: an ``xsd:string`` literal becomes a plain literal, as
    rdflib reads one (how pySHACL shows values); ``kg.rdf.query`` keeps the type
    Oxigraph gives, as its results always have.
    """
    kind = type(term)
    if kind is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if plain_strings and datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=_DATATYPES.get(datatype) or _DATATYPES.setdefault(datatype, URIRef(datatype)))
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.BlankNode:
        return BNode(term.value)
    return term


_XSD_STRING = str(XSD.string)
_DATATYPES: dict[str, URIRef] = {}  # datatype IRI -> its URIRef, made once
