"""SHACL value constraints and value shapes as SPARQL boolean expressions over one value node.

A value constraint (``sh:datatype``, ``sh:in``, ``sh:pattern``...) becomes an
expression that is true when the value node conforms; a value shape (inside
``sh:or`` or ``sh:qualifiedValueShape``) becomes the conjunction of its own.
Class tests leave a ``{CLOSURE <class>}`` placeholder that a run fills with the
class and its subclasses, read from the data. SHACL paths become SPARQL
property paths. https://www.w3.org/TR/shacl/#core-components-value-type
"""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from kg.rdf.shacl.model import DERIVED_INTEGERS, Unsupported

#: Datatypes whose lexical forms Oxigraph can check by a cast.
_CASTABLE = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.dateTime, XSD.time, XSD.integer,
             XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.gMonthDay, XSD.gDay, XSD.gMonth,
             XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration}
_NODE_KINDS = {SH.IRI: "isIRI({x})", SH.BlankNode: "isBlank({x})", SH.Literal: "isLiteral({x})",
               SH.BlankNodeOrIRI: "(isBlank({x}) || isIRI({x}))",
               SH.BlankNodeOrLiteral: "(isBlank({x}) || isLiteral({x}))",
               SH.IRIOrLiteral: "(isIRI({x}) || isLiteral({x}))"}
_RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}


def iri(term: Node) -> str:
    """An IRI in SPARQL syntax; :class:`Unsupported` for anything else."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    raise Unsupported(f"expected an IRI, found {term!r}")


def constant(term: Node) -> str:
    """An IRI or a literal in SPARQL syntax; :class:`Unsupported` for a blank node."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise Unsupported(f"a blank node as a value: {term!r}")


class Names:
    """Fresh variable names (``?_y1``, ``?_t2``...) for the patterns of one shapes graph."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, stem: str) -> str:
        self.n += 1
        return f"?_{stem}{self.n}"


class Expressions:
    """The expressions of one shapes graph; ``classes`` collects the classes whose closure they need."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.names = Names()
        self.classes: set[URIRef] = set()

    def path(self, p: Node) -> str:
        """A SHACL path as a SPARQL property path."""
        g = self.g
        if isinstance(p, URIRef):
            return f"<{p}>"
        if (inv := g.value(p, SH.inversePath)) is not None:
            return f"^({self.path(inv)})"
        if (alt := g.value(p, SH.alternativePath)) is not None:
            return "(" + "|".join(self.path(x) for x in Collection(g, alt)) + ")"
        for pred, op in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            if (inner := g.value(p, pred)) is not None:
                return f"({self.path(inner)}){op}"
        if (p, RDF.first, None) in g:
            return "(" + "/".join(self.path(x) for x in Collection(g, p)) + ")"
        raise Unsupported(f"path {p!r}")

    def conforms(self, shape: Node, x: str) -> str:
        """A SPARQL boolean expression: the node in variable ``x`` conforms to ``shape``."""
        g = self.g
        parts = []
        path = g.value(shape, SH.path)
        if path is not None:
            allowed = {SH.path, SH.minCount, SH.hasValue, SH.name, SH.description, SH.message}
            values = list(g.objects(shape, SH.hasValue))
            if len(values) > 1:  # every one must be among the values: not compiled
                raise Unsupported(f"value shape {shape} with several sh:hasValue")
            value = values[0] if values else None
            if set(g.predicates(shape)) - allowed - {RDF.type} or \
                    g.value(shape, SH.minCount) not in ({Literal(1)} if value is None else {Literal(1), None}):
                raise Unsupported(f"value shape {shape} with a path: only sh:minCount 1 and sh:hasValue are compiled")
            if value is not None:  # at least one value, and that one among them
                return f"EXISTS {{ {x} {self.path(path)} {constant(value)} }}"
            y = self.names("y")
            return f"EXISTS {{ {x} {self.path(path)} {y} }}"
        for p, o in g.predicate_objects(shape):
            if p in (RDF.type, SH.name, SH.description, SH.message, SH.severity):
                continue
            if p == SH.property:
                parts.append(self.conforms(o, x))
            elif p in (SH["or"],):
                parts.append("(" + " || ".join(self.conforms(s, x) for s in Collection(g, o)) + ")")
            else:
                expr = self.value_ok(p, o, x, shape)
                if expr is None:
                    raise Unsupported(f"{p} inside value shape {shape}")
                parts.append(expr)
        if not parts:
            raise Unsupported(f"empty value shape {shape}")
        return "(" + " && ".join(parts) + ")"

    def value_ok(self, p: URIRef, o: Node, x: str, shape: Node) -> str | None:
        """A SPARQL boolean expression that value node ``x`` satisfies one value constraint, or None."""
        g = self.g
        if p == SH.nodeKind:
            return _NODE_KINDS[o].format(x=x)
        if p == SH.datatype:
            return _datatype_ok(o, x)
        if p == SH["class"]:
            t = self.names("t")
            self.classes.add(o)
            return f"EXISTS {{ {x} rdf:type {t} . VALUES {t} {{ {{CLOSURE {iri(o)}}} }} }}"
        if p == SH["in"]:
            members = list(Collection(g, o))
            return "(" + " || ".join(f"sameTerm({x}, {constant(m)})" for m in members) + ")" if members else "false"
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
        if p in _RANGES:
            return f"COALESCE({x} {_RANGES[p]} {constant(o)}, false)"
        if p == SH.flags:
            return "true"
        return None


def _datatype_ok(datatype: Node, x: str) -> str:
    """``sh:datatype``: a literal of that datatype, with a valid lexical form where a cast can tell."""
    if datatype == RDF.langString:
        return f"(isLiteral({x}) && LANG({x}) != \"\")"
    if datatype in DERIVED_INTEGERS:
        raise Unsupported("a derived integer datatype inside a value shape")
    ok = f"(isLiteral({x}) && DATATYPE({x}) = <{datatype}>)"
    if datatype in _CASTABLE:
        ok = f"({ok} && COALESCE(<{datatype}>(STR({x})) = {x}, false))"
    return ok
