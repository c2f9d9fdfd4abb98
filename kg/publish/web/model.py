"""The built dataset in memory, indexed for pages, descriptions and tables.

:func:`load_dataset` reads a build's ``kg.nq`` into an rdflib ``Dataset`` whose
blank nodes (only the ontology has some) get stable, content-derived labels, so
that every serialisation made from it is byte-stable. :class:`KG` indexes it
once: outgoing and incoming links, labels and types here; the class and
property hierarchies of the ontology (kg.publish.web.hierarchy), the provenance
of every fact and the source texts when they are at hand
(kg.publish.web.provenance), dates in words (kg.publish.web.dates) and each
document's description (kg.publish.web.describe) in modules of their own.
Everything here is read-only after construction, which lets the web server
share one instance between requests.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

from rdflib import DCTERMS, RDF, RDFS, SKOS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from kg.core.config import BKG_NS, ONTOLOGY_IRI
from kg.core.errors import DataError, UsageError
from kg.core.namespace import BKG, prefixes
from kg.publish.web.dates import date_text, sort_key
from kg.publish.web.describe import describe
from kg.publish.web.hierarchy import Hierarchy
from kg.publish.web.provenance import (
    Passage,
    Provenance,
    cut_passage,
    provenance_index,
    read_sources,
)
from kg.rdf.datasets import union_graph
from kg.rdf.serialise import node_key

CAMEO_NS = "https://w3id.org/bilateral-kg/cameo"

def requested_base(explicit: str | None) -> str | None:
    """``explicit`` or ``$KG_BASE_IRI`` (normalised like everywhere, kg.core.config.base_iri); None if neither.

    None means: use the base the build was made with (report.json).
    """
    import os

    from kg.core.config import base_iri

    given = explicit or os.environ.get("KG_BASE_IRI")
    return base_iri(given) if given else None


def load_dataset(build_dir: Path, base: str | None = None) -> tuple[Dataset, str]:
    """Read ``build_dir/kg.nq``; return the dataset (stable blank-node labels) and the build's base IRI.

    When ``base`` is given it must be the base the build was made with (report.json says which).
    """
    nq = Path(build_dir) / "kg.nq"
    if not nq.is_file():
        raise UsageError(f"{nq}: no build here (run kg build first)")
    built_base = None
    report = Path(build_dir) / "report.json"
    if report.is_file():
        built_base = json.loads(report.read_text(encoding="utf-8")).get("base")
    base = requested_base(base)
    if base is not None and built_base is not None and base != built_base:
        raise UsageError(f"{build_dir}: the build was made with base IRI {built_base}, not {base} "
                         "(rebuild with that base, or pass the build's base)")
    base = base or built_base
    if base is None:
        raise UsageError(f"{build_dir}: the build's base IRI is unknown (no report.json); give it")
    raw = Dataset()
    try:
        raw.parse(nq, format="nquads")
    except Exception as exc:  # rdflib's N-Quads parser raises several types
        raise DataError(str(nq), f"does not parse as N-Quads: {' '.join(str(exc).split())[:200]}") from None
    ds = Dataset()
    ds.namespace_manager = NamespaceManager(Graph(), bind_namespaces="core")
    bind_prefixes(ds, base)
    for g in sorted(raw.graphs(), key=lambda g: str(g.identifier)):
        if len(g) == 0:
            continue
        target = ds.graph(g.identifier)
        triples = to_canonical_graph(g) if any(isinstance(t, BNode) for tr in g for t in tr) else g
        for t in triples:
            target.add(t)
    return ds, base


def read_report(build_dir: Path) -> dict:
    """The build's ``report.json`` (an empty dict when there is none)."""
    path = Path(build_dir) / "report.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def bind_prefixes(g: Graph | Dataset, base: str) -> None:
    """The prefixes of the build (kg/build.py), plus the ones the exports use."""
    for prefix, namespace in prefixes(base, pages=True).items():
        if prefix not in ("rdf", "rdfs", "xsd", "owl", "sh"):  # bound by rdflib itself (its default "rdflib" set), as before
            g.bind(prefix, namespace)


def link_index(graphs) -> tuple[dict[Node, list], dict[Node, list]]:
    """Outgoing links (subject -> sorted (predicate, object)) and incoming ones (object -> sorted (subject,
    predicate), ordered by predicate first) of ``graphs`` together."""
    out: dict[Node, list] = {}
    inc: dict[Node, list] = {}
    for g in graphs:
        for s, p, o in g:
            out.setdefault(s, []).append((p, o))
            inc.setdefault(o, []).append((s, p))
    return ({s: sorted(set(v), key=lambda po: (node_key(po[0]), node_key(po[1]))) for s, v in out.items()},
            {o: sorted(set(v), key=lambda sp: (node_key(sp[1]), node_key(sp[0]))) for o, v in inc.items()})


class KG:
    """The dataset, indexed. ``void`` is an optional extra graph (the dataset description).

    Look-ups (objects, values, labels, types), the ontology's hierarchy (kg.publish.web.hierarchy),
    the provenance of facts (kg.publish.web.provenance), dates in words (kg.publish.web.dates) and
    the description of each document.
    """

    def __init__(self, dataset: Dataset, base: str, *, void: Graph | None = None,
                 sources_dir: Path | None = None, report: dict | None = None):
        self.dataset = dataset
        self.base = base
        self.ontology_iri = URIRef(ONTOLOGY_IRI)
        self.union = union_graph(dataset)
        self.ontology = Graph()
        for t in dataset.graph(self.ontology_iri):
            self.ontology.add(t)
        self.void = void if void is not None else Graph()
        self.out, self.inc = link_index((self.union, self.void))
        self.graphs_of: dict[tuple, list[URIRef]] = {}
        for s, p, o, g in dataset.quads((None, None, None, None)):
            self.graphs_of.setdefault((s, p, o), []).append(g)
        self.sources_text = read_sources(sources_dir, report or {}, base)

    # --- basic look-ups ---------------------------------------------------------

    def objects(self, s: Node, p: URIRef) -> list[Node]:
        return [o for q, o in self.out.get(s, ()) if q == p]

    def value(self, s: Node, p: URIRef) -> Node | None:
        vals = self.objects(s, p)
        return vals[0] if vals else None

    def subjects(self, p: URIRef, o: Node) -> list[Node]:
        return [s for s, q in self.inc.get(o, ()) if q == p]

    def types(self, s: Node) -> list[URIRef]:
        return [o for o in self.objects(s, RDF.type) if isinstance(o, URIRef)]

    @cached_property
    def _labels(self) -> dict[Node, dict[str, str]]:
        out: dict[Node, dict[str, str]] = {}
        for prop in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
            for s, o in sorted(self.union.subject_objects(prop), key=lambda so: (node_key(so[0]), node_key(so[1]))):
                if isinstance(o, Literal):
                    out.setdefault(s, {}).setdefault(o.language or "", str(o))
        for s, o in self.void.subject_objects(RDFS.label):
            out.setdefault(s, {}).setdefault(o.language or "", str(o))
        return out

    def labels(self, node: Node) -> dict[str, str]:
        return self._labels.get(node, {})

    def label(self, node: Node, lang: str = "en") -> str:
        """The label in ``lang``, else in English, else any, else a short form of the IRI."""
        labels = self._labels.get(node, {})
        for key in (lang, "en", ""):
            if key in labels:
                return labels[key]
        if labels:
            return labels[sorted(labels)[0]]
        return self.short(node)

    def has_label(self, node: Node, lang: str) -> bool:
        return lang in self._labels.get(node, {})

    def short(self, node: Node) -> str:
        """A compact name for an IRI: ``bkg:Visit``, ``person:heydar-aliyev``, or the IRI."""
        if isinstance(node, Literal):
            return str(node)
        if isinstance(node, BNode):
            return "(anonymous)"
        try:
            return self.union.namespace_manager.normalizeUri(node).strip("<>")
        except Exception:  # rdflib cannot always split an IRI
            return str(node)

    # --- the ontology ---------------------------------------------------------------

    @cached_property
    def hierarchy(self) -> Hierarchy:
        """The ontology's class and property hierarchies."""
        return Hierarchy(self.ontology)

    def supers(self, term: URIRef) -> set[URIRef]:
        return self.hierarchy.supers(term)

    @cached_property
    def participant_props(self) -> set[URIRef]:
        return self.hierarchy.below(BKG.participant)

    def is_a(self, node: Node, cls: URIRef) -> bool:
        return any(cls in self.supers(t) for t in self.types(node))

    def is_event(self, node: Node) -> bool:
        return self.is_a(node, BKG.Event)

    def specific_types(self, node: Node) -> list[URIRef]:
        """The node's bkg classes that are not a superclass of another of its classes."""
        types = [t for t in self.types(node) if str(t).startswith(BKG_NS)]
        return sorted((t for t in types if not any(t != u and t in self.supers(u) for u in types)), key=str)

    def instances(self, cls: URIRef) -> list[URIRef]:
        """Instances of ``cls`` or of its subclasses, outside the ontology graph, sorted."""
        out = set()
        for s, o in self.union.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and cls in self.supers(o) \
                    and str(s).startswith(self.base):
                out.add(s)
        return sorted(out, key=str)

    # --- provenance -------------------------------------------------------------------

    @cached_property
    def provenance(self) -> dict[URIRef, Provenance]:
        """Fact graph -> its provenance (kg.publish.web.provenance)."""
        return provenance_index(self)

    def facts_about(self, node: Node) -> list[Provenance]:
        return [p for p in self.provenance.values() if p.topic == node]

    def passage(self, prov: Provenance, context: int = 240) -> Passage:
        """The sentence(s) around the quote, cut from the source text when it is at hand."""
        text = self.sources_text.get(prov.source) if prov.source is not None else None
        return cut_passage(text, prov, context)

    # --- dates (kg.publish.web.dates) --------------------------------------------------------

    def date_text(self, node: Node) -> tuple[str, str] | None:
        """The date of an event or claim as a person reads it, in English and Arabic (None when undated)."""
        return date_text(self, node)

    def sort_date(self, node: Node) -> tuple[str, str]:
        """A key that orders events by their earliest, then latest possible day (unknown last)."""
        return sort_key(self, node)

    # --- documents -------------------------------------------------------------------------

    @cached_property
    def documents(self) -> set[URIRef]:
        """IRIs that have a document here: subjects under the base, without their fragment."""
        docs = set()
        for s in self.out:
            if isinstance(s, URIRef) and str(s).startswith(self.base):
                docs.add(URIRef(str(s).split("#", 1)[0]))
        docs.add(self.ontology_iri)
        return docs

    def describe(self, doc: URIRef) -> Graph:
        """The description of a document's resource (kg.publish.web.describe)."""
        return describe(self, doc)
