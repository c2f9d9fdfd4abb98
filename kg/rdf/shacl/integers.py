"""How the integers of some predicates were written, where Oxigraph forgets it.

Oxigraph keeps a literal of a type derived from ``xsd:integer``
(``xsd:nonNegativeInteger``, ``xsd:int``...) as a plain ``xsd:integer``;
:class:`DerivedIntegers` records the datatypes the data was written with, so
that ``sh:datatype`` decides on those.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib.namespace import XSD

from kg.rdf.shacl.model import DERIVED_INTEGERS
from kg.rdf.terms import OxTerm


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

    def add(self, quads: Iterable[ox.Quad]) -> None:
        types = {str(t) for t in self._TYPES}
        for q in quads:
            o = q.object
            if q.predicate.value in self.predicates and isinstance(o, ox.Literal) and o.datatype.value in types:
                try:
                    n = int(o.value)
                except ValueError:
                    continue
                self.written.setdefault((str(q.subject), q.predicate.value, n), set()).add(o.datatype.value)

    def datatypes(self, s: OxTerm, p: str, value: OxTerm | None) -> set[str]:
        if not isinstance(value, ox.Literal):
            return set()
        try:
            n = int(value.value)
        except ValueError:
            return set()
        return self.written.get((str(s), p, n), set())

    def original(self, s: OxTerm, p: str | None, value: OxTerm) -> OxTerm:
        """The literal as written, for a value Oxigraph shows as ``xsd:integer``."""
        if p is None or not isinstance(value, ox.Literal) or value.datatype.value != str(XSD.integer):
            return value
        types = self.datatypes(s, p, value)
        if len(types) == 1:
            return ox.Literal(value.value, datatype=ox.NamedNode(next(iter(types))))
        return value
