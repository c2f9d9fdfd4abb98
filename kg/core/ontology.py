"""The ontology as the build reads it: classes, their hierarchy, property kinds.

The build never hard-codes what a property means: a curated key is looked up
here (object property → links to records, datatype property → literal of its
range), so adding a term to ``ontology/bkg.ttl`` makes it usable in the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef
from rdflib.collection import Collection

from kg.core.config import BKG, BKG_NS, ONTOLOGY_FILE
from kg.core.errors import OntologyError
from kg.core.inputs import check_project_file

DATE_TYPES = (XSD.date, XSD.gYearMonth, XSD.gYear)

#: IRI path segment of a resource, by the first of these classes it belongs to.
SEGMENTS = [
    ("Delegation", "delegation"), ("State", "state"), ("City", "place"), ("Place", "place"),
    ("Person", "person"), ("Office", "office"), ("OfficeRole", "role"), ("Organisation", "organisation"),
    ("OfficeTerm", "term"), ("HonorificTitle", "title"), ("Topic", "topic"),
    ("Agreement", "agreement"), ("Embassy", "embassy"), ("Event", "event"), ("Claim", "claim"),
]


@dataclass(frozen=True)
class Property:
    iri: URIRef
    kind: str  # 'object' or 'datatype'
    range: URIRef | None  # for datatype properties: XSD type, RDF.langString, or None
    is_date: bool = False


class Ontology:
    """Read-only view of ``ontology/bkg.ttl``."""

    def __init__(self, path: Path = ONTOLOGY_FILE):
        self.path = Path(path)
        self.graph = Graph()
        check_project_file(self.path, "ontology")
        try:
            self.graph.parse(self.path, format="turtle")
        except Exception as exc:  # rdflib raises several parser exception types
            raise OntologyError(str(self.path), f"ontology does not parse: {' '.join(str(exc).split())[:200]}") from None

    def local(self, iri: URIRef) -> str | None:
        return str(iri)[len(BKG_NS):] if str(iri).startswith(BKG_NS) else None

    @cached_property
    def classes(self) -> set[URIRef]:
        return {c for c in self.graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}

    @cached_property
    def properties(self) -> dict[str, Property]:
        out = {}
        for kind, cls in (("object", OWL.ObjectProperty), ("datatype", OWL.DatatypeProperty)):
            for p in self.graph.subjects(RDF.type, cls):
                name = self.local(p)
                if name is None:
                    continue
                rng = self.graph.value(p, RDFS.range)
                is_date = False
                if kind == "datatype" and rng is not None and not isinstance(rng, URIRef):
                    members = self._union(rng)
                    is_date = set(members) == set(DATE_TYPES)
                    rng = None
                out[name] = Property(p, kind, rng if kind == "datatype" else None, is_date)
        return out

    def _union(self, node) -> list:
        lst = self.graph.value(node, OWL.unionOf)
        return list(Collection(self.graph, lst)) if lst is not None else []

    def superclasses(self, cls: URIRef) -> list[URIRef]:
        """``cls`` and all its named superclasses, nearest first."""
        seen, order, todo = {cls}, [cls], [cls]
        while todo:
            nxt = []
            for c in todo:
                for sup in sorted(self.graph.objects(c, RDFS.subClassOf)):
                    if isinstance(sup, URIRef) and sup not in seen:
                        seen.add(sup)
                        order.append(sup)
                        nxt.append(sup)
            todo = nxt
        return order

    def is_subclass(self, cls: URIRef, of: URIRef) -> bool:
        return of in self.superclasses(cls)

    def segment(self, cls: URIRef) -> str:
        """The IRI path segment for instances of ``cls`` (``person``, ``event``...)."""
        supers = set(self.superclasses(cls))
        for name, seg in SEGMENTS:
            if BKG[name] in supers:
                return seg
        return "resource"

    @cached_property
    def version(self) -> str | None:
        for s in self.graph.subjects(RDF.type, OWL.Ontology):
            v = self.graph.value(s, OWL.versionInfo)
            return str(v) if v is not None else None
        return None
