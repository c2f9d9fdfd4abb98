"""What the SHACL compiler produces and the runner reads: compiled queries, their checks, findings.

Also the datatypes Oxigraph keeps as ``xsd:integer`` (:data:`DERIVED_INTEGERS`)
and the constraint components compiled as value checks (:data:`COMPONENT`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import SH, XSD

from kg.rdf.terms import OxTerm

#: Datatypes Oxigraph stores as ``xsd:integer``, with the range of each.
DERIVED_INTEGERS: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.nonNegativeInteger: (0, None), XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0), XSD.negativeInteger: (None, -1),
    XSD.long: (-2**63, 2**63 - 1), XSD.int: (-2**31, 2**31 - 1),
    XSD.short: (-2**15, 2**15 - 1), XSD.byte: (-128, 127),
    XSD.unsignedLong: (0, 2**64 - 1), XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1), XSD.unsignedByte: (0, 255),
}

#: The constraint component (local name) of each constraint parameter compiled as a value check.
COMPONENT: dict[URIRef, str] = {
    SH.nodeKind: "NodeKindConstraintComponent", SH.datatype: "DatatypeConstraintComponent",
    SH["class"]: "ClassConstraintComponent", SH["in"]: "InConstraintComponent",
    SH.languageIn: "LanguageInConstraintComponent", SH.minLength: "MinLengthConstraintComponent",
    SH.maxLength: "MaxLengthConstraintComponent", SH.pattern: "PatternConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent", SH.maxInclusive: "MaxInclusiveConstraintComponent",
    SH.minExclusive: "MinExclusiveConstraintComponent", SH.maxExclusive: "MaxExclusiveConstraintComponent",
    SH.lessThan: "LessThanConstraintComponent", SH.lessThanOrEquals: "LessThanOrEqualsConstraintComponent"}


class Unsupported(Exception):
    """The shapes use a feature this engine does not compile; pySHACL is used instead."""


@dataclass(frozen=True)
class Finding:
    """One validation result, terms as Oxigraph gives them."""

    focus: OxTerm
    path: URIRef | None
    value: OxTerm | None
    shape: URIRef
    component: str  # local name of the sh:*ConstraintComponent
    severity: URIRef
    message: str | None
    query: int = -1  # index of the compiled query that found it (kg.pipeline.incremental reruns queries)


@dataclass
class Check:
    """One constraint inside a merged query."""

    component: str
    ok: str | None = None  # value constraint: SPARQL boolean, the value node ?value conforms
    low: int | None = None  # count constraint: fewer than this is a violation
    high: int | None = None  # count constraint: more than this is a violation
    qualified: str | None = None  # qualified count: the value shape as a boolean over ?value
    datatype: URIRef | None = None  # a derived-integer datatype, decided with DerivedIntegers


@dataclass
class Part:
    """The count and value checks of one property shape inside a ``grouped`` query."""

    shape: URIRef
    path: URIRef | None
    severity: URIRef
    message: str | None
    checks: list[Check]
    pattern: str  # "?this <path> ?value ."


@dataclass
class CompiledQuery:
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
    checks: list[Check] = field(default_factory=list)
    pattern: str = ""  # "?this <path> ?value ." for detail queries of a grouped query
    focus: str = ""  # the focus sub-query, {ONLY} still in it
    parts: list[Part] = field(default_factory=list)
    constraint_text: str = ""  # a SPARQL constraint's own sh:select
    has_value: bool = True
    substitute: bool = False  # SPARQL constraint: {?var} in the message
