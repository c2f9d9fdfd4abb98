"""The ontology's class and property hierarchies, closed transitively."""

from __future__ import annotations

from rdflib import RDFS, Graph, URIRef


class Hierarchy:
    """Every class and property of an ontology graph with its super-classes/properties.

    >>> from rdflib import Namespace
    >>> ex = Namespace("https://example.org/")
    >>> g = Graph()
    >>> _ = g.add((ex.Visit, RDFS.subClassOf, ex.Event)).add((ex.Event, RDFS.subClassOf, ex.Thing))
    >>> sorted(Hierarchy(g).supers(ex.Visit))
    [rdflib.term.URIRef('https://example.org/Event'), rdflib.term.URIRef('https://example.org/Thing'), rdflib.term.URIRef('https://example.org/Visit')]
    """

    def __init__(self, ontology: Graph):
        direct: dict[URIRef, set[URIRef]] = {}
        for prop in (RDFS.subClassOf, RDFS.subPropertyOf):
            for s, o in ontology.subject_objects(prop):
                if isinstance(s, URIRef) and isinstance(o, URIRef):
                    direct.setdefault(s, set()).add(o)
        #: term -> the term and its transitive super-classes/properties
        self.closure: dict[URIRef, set[URIRef]] = {}
        for x in list(direct):
            self._walk(x, direct)

    def _walk(self, x: URIRef, direct: dict[URIRef, set[URIRef]]) -> set[URIRef]:
        if x in self.closure:
            return self.closure[x]
        self.closure[x] = {x}
        for sup in direct.get(x, ()):
            self.closure[x] |= self._walk(sup, direct)
        return self.closure[x]

    def supers(self, term: URIRef) -> set[URIRef]:
        """``term`` and everything above it (just ``term`` when the ontology does not place it)."""
        return self.closure.get(term, {term})

    def below(self, term: URIRef) -> set[URIRef]:
        """Every placed term that ``term`` is above (or is)."""
        return {t for t, sups in self.closure.items() if term in sups}


__all__ = ["Hierarchy"]
