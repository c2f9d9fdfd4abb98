"""SHACL shapes compiled to SPARQL: one query per constraint (or per group of them), all focus nodes at once.

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
  boolean SPARQL expressions over the value node (:mod:`kg.rdf.shacl.expressions`).

A shapes graph that uses anything else raises :class:`Unsupported` when it is
compiled, never later. https://www.w3.org/TR/shacl/ and https://www.w3.org/TR/shacl-af/#SPARQLTarget
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from kg.core.progress import Stage
from kg.rdf.shacl.dependencies import Dependencies, pattern_dependencies, sparql_dependencies
from kg.rdf.shacl.expressions import Expressions, constant, iri
from kg.rdf.shacl.integers import DerivedIntegers
from kg.rdf.shacl.model import COMPONENT, DERIVED_INTEGERS, Check, CompiledQuery, Finding, Part, Unsupported
from kg.rdf.shacl.run import run_queries, run_some_queries

_SUPPORTED = {SH.path, SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
              SH.targetObjectsOf, SH.target, SH.minCount, SH.maxCount, SH.nodeKind, SH.datatype,
              SH["class"], SH["in"], SH.languageIn, SH.minLength, SH.maxLength, SH.pattern, SH.flags,
              SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.disjoint,
              SH.equals, SH.lessThan, SH.lessThanOrEquals, SH.uniqueLang, SH["or"],
              SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.sparql,
              SH.message, SH.severity, SH.name, SH.description, SH.deactivated, SH.order, SH.group,
              SH.declare, SH.prefixes, SH.defaultValue}
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


class CompiledShapes:
    """A shapes graph (parsed and compiled once per run, by :func:`kg.pipeline.validate.read_shapes`) compiled to SPARQL
    queries; :meth:`run` validates a store."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.expressions = Expressions(shapes)
        self.classes: set[URIRef] = self.expressions.classes  # classes whose subclass closure the queries need
        self._shapes = self._targeted_shapes()
        self.prefixes = self._all_prefixes()
        g = shapes
        #: Predicates whose integer values need DerivedIntegers (sh:datatype xsd:nonNegativeInteger...).
        self.derived_predicates = sorted({str(g.value(s, SH.path)) for s in g.subjects(SH.datatype, None)
                                          if g.value(s, SH.datatype) in DERIVED_INTEGERS
                                          and isinstance(g.value(s, SH.path), URIRef)})
        self._queries: list[CompiledQuery] | None = None

    # ---- the shapes and their targets ----------------------------------------------------------

    def _targeted_shapes(self) -> list[tuple[URIRef, list[URIRef]]]:
        """(shape, the node shapes it inherits targets from) for every shape that has targets."""
        g = self.g
        shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        parents: dict[URIRef, list[URIRef]] = {}
        for node, prop in g.subject_objects(SH.property):
            parents.setdefault(prop, []).append(node)
        for s in shapes:
            # sh:hasValue is compiled only in a value shape with a path (see Expressions.conforms)
            value_shape = not self._targets_of(s) and not parents.get(s) and (s, SH.path, None) in g
            for p in set(g.predicates(s)):
                if p == SH.hasValue and value_shape:
                    continue
                if p not in _SUPPORTED and p != RDF.type and str(p).startswith(str(SH)):
                    raise Unsupported(f"{p} on {s}")
        out = []
        for s in sorted(shapes, key=str):
            if (s, SH.deactivated, Literal(True)) in g:
                continue
            if self._targets_of(s) or parents.get(s):
                out.append((s, sorted(parents.get(s, []), key=str)))
        return out

    def _targets_of(self, s: Node) -> list[tuple[URIRef, Node]]:
        return [(p, o) for p in _TARGETS for o in self.g.objects(s, p)]

    def _all_prefixes(self) -> dict[str, str]:
        out = {"rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD)}
        for decl in self.g.objects(None, SH.declare):
            prefix, ns = self.g.value(decl, SH.prefix), self.g.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                if out.get(str(prefix), str(ns)) != str(ns):
                    raise Unsupported(f"prefix {prefix} declared twice")
                out[str(prefix)] = str(ns)
        return out

    def prologue(self) -> str:
        """The ``PREFIX`` lines every query of the shapes runs with (``sh:declare``, rdf, rdfs, xsd)."""
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(self.prefixes.items()))

    def _focus(self, shape: URIRef, parents: list[URIRef]) -> str:
        """The ``{ SELECT DISTINCT ?this ... }`` of every target of the shape and its parents."""
        branches = []
        for s in [shape, *parents]:
            for p, o in self._targets_of(s):
                if p == SH.targetClass:
                    branches.append(f"?this rdf:type ?_tc . VALUES ?_tc {{ {{CLOSURE {iri(o)}}} }}")
                    self.classes.add(o)
                elif p == SH.targetNode:
                    branches.append(f"VALUES ?this {{ {constant(o)} }}")
                elif p == SH.targetSubjectsOf:
                    branches.append(f"?this {iri(o)} ?_ts .")
                elif p == SH.targetObjectsOf:
                    branches.append(f"?_to {iri(o)} ?this .")
                else:
                    select = self.g.value(o, SH.select)
                    if (o, RDF.type, SH.SPARQLTarget) not in self.g or select is None:
                        raise Unsupported(f"sh:target {o} is not a sh:SPARQLTarget with sh:select")
                    branches.append(f"{{ {_prologue_free(select)} }}")
        # {ONLY} (a VALUES block, when a run is limited to some nodes) opens every branch, so that
        # Oxigraph starts each from those nodes instead of joining a whole branch with them.
        body = " UNION ".join(f"{{ {{ONLY}} {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {body} }} }}"

    # ---- the queries ---------------------------------------------------------------------------

    def queries(self) -> list[CompiledQuery]:
        """Every query of the shapes graph, compiled once (property shapes sharing a focus pattern merged)."""
        if self._queries is not None:
            return self._queries
        out: list[CompiledQuery] = []
        grouped: dict[str, CompiledQuery] = {}
        for shape, parents in self._shapes:
            for q in self._compile(shape, parents):
                if q.kind != "grouped":
                    out.append(q)
                elif q.focus in grouped and _merge_ok(grouped[q.focus], q):
                    first = grouped[q.focus]
                    first.parts.extend(q.parts)
                    first.text = grouped_text(first.focus, first.parts)
                else:
                    grouped.setdefault(q.focus, q)
                    out.append(q)
        self._queries = out
        return out

    def _compile(self, shape: URIRef, parents: list[URIRef]) -> list[CompiledQuery]:
        g = self.g
        if not isinstance(shape, URIRef):
            raise Unsupported(f"a shape without an IRI: {shape!r}")
        message = g.value(shape, SH.message)
        path = g.value(shape, SH.path)
        q = CompiledQuery("rows", shape, None, path if isinstance(path, URIRef) else None,
                          g.value(shape, SH.severity) or SH.Violation, str(message) if message is not None else None,
                          "", node=path is None, focus=self._focus(shape, parents))
        pp = self.expressions.path(path) if path is not None else None
        values = f"?this {pp} ?value ." if pp else "BIND(?this AS ?value)"
        out: list[CompiledQuery] = []
        checks: list[Check] = []
        for p, o in sorted(g.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
            if p in (SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.disjoint, SH.equals, SH.lessThan,
                     SH.lessThanOrEquals) or (p == SH.uniqueLang and o == Literal(True)):
                if pp is None:
                    raise Unsupported(f"{p} on a node shape")
            if p == SH.sparql:
                out.append(self._sparql(q, o))
            elif p in (SH.disjoint, SH.equals, SH.lessThan, SH.lessThanOrEquals, SH.uniqueLang):
                if (text := _pair_text(p, o, q.focus, values, pp)) is not None:
                    out.append(_rows_query(q, "UniqueLangConstraintComponent" if p == SH.uniqueLang
                                           else ("DisjointConstraintComponent" if p == SH.disjoint else COMPONENT[p]),
                                           text, has_value=p != SH.uniqueLang))
            else:
                checks.extend(self._checks(shape, p, o))
        if checks:
            out.append(_merged(q, checks, values))
        return out

    def _checks(self, shape: URIRef, p: URIRef, o: Node) -> list[Check]:
        """The count and value checks of one constraint parameter of a shape (none for the others)."""
        g = self.g
        if p == SH.minCount:
            return [Check("MinCountConstraintComponent", low=int(o))]
        if p == SH.maxCount:
            return [Check("MaxCountConstraintComponent", high=int(o))]
        if p == SH.datatype and o in DERIVED_INTEGERS:
            return [Check("DatatypeConstraintComponent",
                          ok=f"(isLiteral(?value) && DATATYPE(?value) = <{XSD.integer}>)", datatype=o)]
        if p in COMPONENT:
            return [Check(COMPONENT[p], ok=self.expressions.value_ok(p, o, "?value", shape))]
        if p == SH["or"]:
            ok = " || ".join(self.expressions.conforms(m, "?value") for m in Collection(g, o)) or "false"
            return [Check("OrConstraintComponent", ok=f"({ok})")]
        if p == SH.qualifiedValueShape:
            if g.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            ok = self.expressions.conforms(o, "?value")
            low, high = g.value(shape, SH.qualifiedMinCount), g.value(shape, SH.qualifiedMaxCount)
            out = []
            if low is not None:
                out.append(Check("QualifiedMinCountConstraintComponent", low=int(low), qualified=ok))
            if high is not None:
                out.append(Check("QualifiedMaxCountConstraintComponent", high=int(high), qualified=ok))
            return out
        return []

    def _sparql(self, q: CompiledQuery, c: Node) -> CompiledQuery:
        """A SHACL-SPARQL constraint: its own SELECT joined after the focus pattern."""
        g = self.g
        if (c, SH.deactivated, Literal(True)) in g:
            raise Unsupported("a deactivated SPARQL constraint")
        select = g.value(c, SH.select)
        if select is None:
            raise Unsupported(f"SPARQL constraint {c} without sh:select")
        text = _prologue_free(select)
        projected = _projection(text)
        if "this" not in projected:
            raise Unsupported(f"SPARQL constraint of {q.shape} does not select $this")
        own = g.value(c, SH.message)
        extra = " ?path" if "path" in projected else ""
        value = " ?value" if "value" in projected else ""
        body = _where_body(text)
        # The constraint's pattern joined after the focus pattern: $this is bound when its FILTERs
        # (and NOT EXISTS) run, as with pySHACL's pre-binding; a query with solution modifiers
        # stays a sub-query.
        where = f"{q.focus} {{ONLY}} {body}" if body is not None else f"{q.focus} {{ {text} }}"
        return CompiledQuery("rows", q.shape, "SPARQLConstraintComponent", q.path,
                             g.value(c, SH.severity) or q.severity, str(own) if own is not None else q.message,
                             f"SELECT DISTINCT ?this{value}{extra} WHERE {{ {where} }}",
                             node=q.node, focus=q.focus, has_value=bool(value), substitute=True, constraint_text=text)

    # ---- running and dependencies ----------------------------------------------------------------

    def run(self, store: ox.Store, only: Iterable | None = None,
            integers: DerivedIntegers | None = None, stage: Stage | None = None) -> list[Finding]:
        """Validate the union of ``store``'s graphs; ``only`` limits the focus nodes.

        ``stage`` (a :class:`kg.core.progress.Stage`) is advanced once per query.
        """
        queries = self.queries()
        return run_queries(queries, self.prologue(), self.classes, store, only, integers, stage)

    def run_some(self, store: ox.Store, only: dict[int, Iterable | None],
                 integers: DerivedIntegers | None = None) -> list[Finding]:
        """Run the queries whose indices are the keys of ``only``, each limited to its focus nodes
        (``None``: all of them)."""
        queries = self.queries()
        return run_some_queries(queries, self.prologue(), self.classes, store, only, integers)

    def dependencies(self, i: int, literal_predicates: frozenset[str] = frozenset()) -> Dependencies | None:
        """What query ``i`` reads around a focus node (see :class:`Dependencies`); None: anything.

        ``literal_predicates``: the datatype properties of the ontology."""
        q = self.queries()[i]
        deps = Dependencies(seeds=[(None, 0, 0), (None, 1, 0)], hops=set())  # the focus's own triples
        parents = next((parents for s, parents in self._shapes if s == q.shape), [])
        for s in [q.shape, *parents]:
            for p, o in self._targets_of(s):
                if p == SH.target:
                    extra = sparql_dependencies(self.prologue() + str(self.g.value(o, SH.select)), "this",
                                                literal_predicates)
                    if extra is None:
                        return None
                    deps.merge(extra)
        if q.kind == "rows" and q.component == "SPARQLConstraintComponent":
            extra = sparql_dependencies(self.prologue() + q.constraint_text, "this", literal_predicates)
            if extra is None:
                return None
            deps.merge(extra)
            return deps
        return pattern_dependencies([part.pattern for part in q.parts] if q.parts else [q.pattern or q.text], deps)


def _rows_query(q: CompiledQuery, component: str, text: str, has_value: bool = True) -> CompiledQuery:
    return CompiledQuery("rows", q.shape, component, q.path, q.severity, q.message, text,
                         node=q.node, focus=q.focus, has_value=has_value)


def _pair_text(p: URIRef, o: Node, focus: str, values: str, pp: str) -> str | None:
    """The query of a property-pair constraint or of ``sh:uniqueLang true`` (None for ``false``)."""
    if p == SH.uniqueLang:
        if o != Literal(True):
            return None
        return (f"SELECT DISTINCT ?this WHERE {{ {focus} {{ONLY}} ?this {pp} ?_a . ?this {pp} ?_b . "
                f"FILTER (isLiteral(?_a) && LANG(?_a) != \"\" && LCASE(LANG(?_a)) = LCASE(LANG(?_b)) "
                f"&& !sameTerm(?_a, ?_b)) }}")
    other = iri(o)
    if p == SH.equals:
        raise Unsupported("sh:equals")
    if p == SH.disjoint:
        return f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {{ONLY}} {values} ?this {other} ?value }}"
    op = "<" if p == SH.lessThan else "<="
    return (f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {{ONLY}} {values} ?this {other} ?_o "
            f"FILTER (!COALESCE(?value {op} ?_o, false)) }}")


def _merged(q: CompiledQuery, checks: list[Check], values: str) -> CompiledQuery:
    """All count and value constraints of a shape in one query (the focus nodes are found once)."""
    if not any(c.low is not None or c.high is not None for c in checks):
        flags = [f"(!{c.ok}) AS ?b{i}" for i, c in enumerate(checks) if c.ok is not None]
        binds = " ".join(f"BIND({f})" for f in flags)
        test = " || ".join(f"COALESCE(?b{i}, false)" for i, c in enumerate(checks) if c.ok is not None)
        projected = " ".join(f"?b{i}" for i, c in enumerate(checks) if c.ok is not None)
        text = (f"SELECT DISTINCT ?this ?value {projected} WHERE {{ {q.focus} {{ONLY}} {values} {binds} "
                f"FILTER ({test}) }}")
        return CompiledQuery("filter", q.shape, None, q.path, q.severity, q.message, text, node=q.node,
                             checks=checks, pattern=values, focus=q.focus)
    part = Part(q.shape, q.path, q.severity, q.message, checks, values)
    return CompiledQuery("grouped", q.shape, None, q.path, q.severity, q.message, grouped_text(q.focus, [part]),
                         node=q.node, focus=q.focus, parts=[part])


def _single_valued(part: Part) -> bool:
    return any(c.high is not None and c.high <= 1 and c.qualified is None for c in part.checks)


def _merge_ok(query: CompiledQuery, new: CompiledQuery) -> bool:
    """Property shapes share a query when at most one of them may have several values per node
    (each OPTIONAL multiplies the rows of a focus node by its number of values)."""
    parts = query.parts + new.parts
    return sum(1 for p in parts if not _single_valued(p)) <= 1 and len(parts) <= 8


def grouped_text(focus: str, parts: list[Part]) -> str:
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


def _prologue_free(select: Literal) -> str:
    text = str(select)
    if re.search(r"^\s*(PREFIX|BASE)\b", text, re.I | re.M):
        raise Unsupported("PREFIX inside sh:select")
    if "$PATH" in text or "$currentShape" in text or "$shapesGraph" in text:
        raise Unsupported("$PATH, $currentShape or $shapesGraph in sh:select")
    return text


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
