"""The built dataset in memory, indexed for pages, descriptions and tables.

:func:`load_dataset` reads a build's ``kg.nq`` into an rdflib ``Dataset`` whose
blank nodes (only the ontology has some) get stable, content-derived labels, so
that every serialisation made from it is byte-stable. :class:`KG` indexes it
once: outgoing and incoming links, labels, types and the class and property
hierarchies of the ontology, the provenance of every fact, and the source texts
when they are at hand. Everything here is read-only after construction, which
lets the web server share one instance between requests.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from kg.core.namespace import prefixes
from kg.core.config import BKG_NS, OA, ONTOLOGY_IRI, ROOT
from kg.core.errors import DataError, UsageError

BKG_EVENT = URIRef(BKG_NS + "Event")
BKG_PARTICIPANT = URIRef(BKG_NS + "participant")
CAMEO_NS = "https://w3id.org/bilateral-kg/cameo"

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
              "أكتوبر", "نوفمبر", "ديسمبر")
_DECADES_AR = {1950: "الخمسينيات", 1960: "الستينيات", 1970: "السبعينيات", 1980: "الثمانينيات",
               1990: "التسعينيات"}
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic_digits(text: str) -> str:
    """Western digits to Arabic-Indic ones, as the source writes them.

    >>> arabic_digits("2004")
    '٢٠٠٤'
    """
    return text.translate(_ARABIC_DIGITS)


def node_key(node: Node) -> tuple:
    """A total, stable order on RDF terms: IRIs, then blank nodes, then literals."""
    rank = 0 if isinstance(node, URIRef) else 1 if isinstance(node, BNode) else 2
    return (rank, node.n3())


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


def bind_prefixes(g: Graph | Dataset, base: str) -> None:
    """The prefixes of the build (kg/build.py), plus the ones the exports use."""
    for prefix, namespace in prefixes(base, pages=True).items():
        if prefix not in ("rdf", "rdfs", "xsd", "owl", "sh"):  # bound by rdflib itself (its default "rdflib" set), as before
            g.bind(prefix, namespace)


@dataclass(frozen=True)
class Provenance:
    """Where a fact graph comes from: its source, the quote and its offsets."""

    graph: URIRef
    topic: URIRef
    source: URIRef | None
    exact: str
    start: int | None
    end: int | None
    prefix: str | None
    suffix: str | None


@dataclass(frozen=True)
class Passage:
    """A stretch of the source around a quote: before + quote + after (all plain text)."""

    before: str
    quote: str
    after: str
    source: URIRef | None
    start: int | None
    end: int | None
    fact_graph: URIRef
    full: bool  # True when cut from the source text itself, False when only the quote is known


class KG:
    """The dataset, indexed. ``void`` is an optional extra graph (the dataset description)."""

    def __init__(self, dataset: Dataset, base: str, *, void: Graph | None = None,
                 sources_dir: Path | None = None, report: dict | None = None):
        self.dataset = dataset
        self.base = base
        self.ontology_iri = URIRef(ONTOLOGY_IRI)
        self.union = Graph()
        for prefix, ns in dataset.namespaces():
            self.union.bind(prefix, ns, override=True)
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            self.union.add((s, p, o))
        self.ontology = Graph()
        for t in dataset.graph(self.ontology_iri):
            self.ontology.add(t)
        self.void = void if void is not None else Graph()
        out: dict[Node, list] = {}
        inc: dict[Node, list] = {}
        for g in (self.union, self.void):
            for s, p, o in g:
                out.setdefault(s, []).append((p, o))
                inc.setdefault(o, []).append((s, p))
        self.out = {s: sorted(set(v), key=lambda po: (node_key(po[0]), node_key(po[1]))) for s, v in out.items()}
        self.inc = {o: sorted(set(v), key=lambda sp: (node_key(sp[1]), node_key(sp[0]))) for o, v in inc.items()}
        self.graphs_of: dict[tuple, list[URIRef]] = {}
        for s, p, o, g in dataset.quads((None, None, None, None)):
            self.graphs_of.setdefault((s, p, o), []).append(g)
        self.sources_text = self._read_sources(sources_dir, report or {})

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
        from rdflib import DCTERMS

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
    def _super(self) -> dict[URIRef, set[URIRef]]:
        """Every class and property with its transitive super-classes/properties (itself included)."""
        direct: dict[URIRef, set[URIRef]] = {}
        for prop in (RDFS.subClassOf, RDFS.subPropertyOf):
            for s, o in self.ontology.subject_objects(prop):
                if isinstance(s, URIRef) and isinstance(o, URIRef):
                    direct.setdefault(s, set()).add(o)
        closure: dict[URIRef, set[URIRef]] = {}

        def walk(x: URIRef) -> set[URIRef]:
            if x in closure:
                return closure[x]
            closure[x] = {x}
            for sup in direct.get(x, ()):
                closure[x] |= walk(sup)
            return closure[x]

        for x in list(direct):
            walk(x)
        return closure

    def supers(self, term: URIRef) -> set[URIRef]:
        return self._super.get(term, {term})

    @cached_property
    def participant_props(self) -> set[URIRef]:
        return {p for p, sups in self._super.items() if BKG_PARTICIPANT in sups}

    def is_a(self, node: Node, cls: URIRef) -> bool:
        return any(cls in self.supers(t) for t in self.types(node))

    def is_event(self, node: Node) -> bool:
        return self.is_a(node, BKG_EVENT)

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
        """Fact graph -> its provenance."""
        out = {}
        bkg_primary, bkg_source = URIRef(BKG_NS + "primaryTopic"), URIRef(BKG_NS + "source")
        for fg, topic in self.union.subject_objects(bkg_primary):
            anno = next(iter(self.subjects(OA.hasBody, fg)), None)
            exact = prefix = suffix = None
            start = end = None
            for target in self.objects(anno, OA.hasTarget) if anno is not None else ():
                for sel in self.objects(target, OA.hasSelector):
                    if (v := self.value(sel, OA.exact)) is not None:
                        exact = str(v)
                        p, s = self.value(sel, OA.prefix), self.value(sel, OA.suffix)
                        prefix = str(p) if p is not None else None
                        suffix = str(s) if s is not None else None
                    if (v := self.value(sel, OA.start)) is not None:
                        start = int(v)
                    if (v := self.value(sel, OA.end)) is not None:
                        end = int(v)
            out[fg] = Provenance(fg, topic, self.value(fg, bkg_source), exact or "", start, end, prefix, suffix)
        return dict(sorted(out.items(), key=lambda kv: (kv[1].start if kv[1].start is not None else -1, str(kv[0]))))

    def facts_about(self, node: Node) -> list[Provenance]:
        return [p for p in self.provenance.values() if p.topic == node]

    def _read_sources(self, sources_dir: Path | None, report: dict) -> dict[URIRef, str]:
        """Source texts by source IRI, from report.json's list, checked against their SHA-256."""
        folder = Path(sources_dir) if sources_dir is not None else ROOT / "data" / "sources"
        out = {}
        for sid, info in sorted((report.get("sources") or {}).items()):
            path = folder / str(info.get("file", ""))
            if not path.is_file() or path.parent.resolve() != folder.resolve():
                continue
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != info.get("sha256"):
                continue  # not the text the build read: show the quote alone rather than a wrong passage
            out[URIRef(f"{self.base}source/{sid}")] = data.decode("utf-8")
        return out

    def passage(self, prov: Provenance, context: int = 240) -> Passage:
        """The sentence(s) around the quote, cut from the source text when it is at hand."""
        text = self.sources_text.get(prov.source) if prov.source is not None else None
        if text is not None and prov.start is not None and prov.end is not None \
                and text[prov.start:prov.end] == prov.exact:
            lo = max(0, prov.start - context)
            cut = max(text.rfind(ch, lo, prov.start) for ch in ".!?؟\n")
            lo = cut + 1 if cut >= 0 else lo
            hi = min(len(text), prov.end + context)
            ends = [i for i in (text.find(ch, prov.end, hi) for ch in ".!?؟\n") if i >= 0]
            hi = min(ends) + 1 if ends else hi
            if prov.exact.rstrip()[-1:] in (".", "!", "?", "؟"):  # the quote ends its sentence
                hi = prov.end
            return Passage(text[lo:prov.start].lstrip(), prov.exact, text[prov.end:hi].rstrip(), prov.source,
                           prov.start, prov.end, prov.graph, True)
        return Passage(prov.prefix or "", prov.exact, prov.suffix or "", prov.source, prov.start, prov.end,
                       prov.graph, False)

    # --- dates ---------------------------------------------------------------------------

    def date_text(self, node: Node) -> tuple[str, str] | None:
        """The date of an event or claim as a person reads it, in English and Arabic.

        ``("late 2004 (year precision)", "أواخر عام ٢٠٠٤ (الدقة: سنة)")``; ``None`` when undated.
        """
        date = self.value(node, URIRef(BKG_NS + "date"))
        precision = self.value(node, URIRef(BKG_NS + "datePrecision"))
        qualifier = self.value(node, URIRef(BKG_NS + "dateQualifier"))
        after = self.value(node, URIRef(BKG_NS + "dateAfter"))
        before = self.value(node, URIRef(BKG_NS + "dateBefore"))
        en = ar = None
        if isinstance(date, Literal):
            en, ar = _date_words(str(date), date.datatype, precision, qualifier)
        elif after is not None or before is not None:
            parts_en, parts_ar = [], []
            if after is not None:
                parts_en.append(f"after {self.label(after, 'en')}")
                parts_ar.append(f"بعد {self.label(after, 'ar')}")
            if before is not None:
                parts_en.append(f"before {self.label(before, 'en')}")
                parts_ar.append(f"قبل {self.label(before, 'ar')}")
            en, ar = " and ".join(parts_en), " و".join(parts_ar)
        if en is None:
            return None
        if precision is not None:
            en += f" ({self.label(precision, 'en')} precision)"
            ar += f" (الدقة: {self.label(precision, 'ar')})"
        return en, ar

    def sort_date(self, node: Node) -> tuple[str, str]:
        """A key that orders events by their earliest, then latest possible day (unknown last)."""
        e = self.value(node, URIRef(BKG_NS + "earliestDate"))
        l_ = self.value(node, URIRef(BKG_NS + "latestDate"))
        if e is None and (d := self.value(node, URIRef(BKG_NS + "date"))) is not None:
            e = d
        return (str(e) if e is not None else "9999", str(l_) if l_ is not None else "9999")

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
        """The description of a document's resource.

        All triples whose subject is the resource or one of its hash IRIs (``fact/x#quote``),
        with the blank nodes they reach; the labels of the resources they link to; and for a
        fact's main node, the provenance of each fact graph about it (source, quote, offsets).
        The ontology's document is the whole ontology graph.
        """
        g = Graph()
        for prefix, ns in self.union.namespaces():
            g.bind(prefix, ns, override=True)
        if doc == self.ontology_iri:
            for t in self.ontology:
                g.add(t)
            return g
        subjects = sorted({s for s in self.out if isinstance(s, URIRef)
                           and (s == doc or str(s).startswith(str(doc) + "#"))}, key=str)
        for prov in self.facts_about(doc):
            subjects += sorted({s for s in self.out if isinstance(s, URIRef)
                                and (s == prov.graph or str(s).startswith(str(prov.graph) + "#"))}, key=str)
        todo = list(subjects)
        seen = set(todo)
        while todo:
            s = todo.pop()
            for p, o in self.out.get(s, ()):
                g.add((s, p, o))
                if isinstance(o, BNode) and o not in seen:
                    seen.add(o)
                    todo.append(o)
        linked = {o for o in g.objects() if isinstance(o, URIRef)} - set(subjects)
        for o in linked:
            for p, v in self.out.get(o, ()):
                if p in (RDFS.label,) and isinstance(v, Literal):
                    g.add((o, p, v))
        return g


def _date_words(lex: str, datatype, precision, qualifier) -> tuple[str, str]:
    """Words for a date literal: '10 October 1994', 'September 2001', 'late 2004', 'the 1990s'."""
    prec = str(precision).rsplit("#", 1)[-1] if precision is not None else None
    qual = str(qualifier).rsplit("#", 1)[-1] if qualifier is not None else None
    en = ar = lex
    try:
        if datatype == XSD.date:
            y, m, d = lex.split("-")
            en = f"{int(d)} {_MONTHS_EN[int(m) - 1]} {y}"
            ar = arabic_digits(f"{int(d)} {_MONTHS_AR[int(m) - 1]} {y}")
        elif datatype == XSD.gYearMonth:
            y, m = lex.split("-")
            en = f"{_MONTHS_EN[int(m) - 1]} {y}"
            ar = arabic_digits(f"{_MONTHS_AR[int(m) - 1]} {y}")
        elif datatype == XSD.gYear and prec == "decade":
            y = int(lex)
            en = f"the {y}s"
            ar = _DECADES_AR.get(y, arabic_digits(f"عقد {y}"))
        elif datatype == XSD.gYear:
            en = lex
            ar = arabic_digits(f"عام {lex}")
    except (ValueError, IndexError):  # a literal the build should not have made: show it as is
        en = ar = lex
    if qual is not None:
        words = {"early": ("early", "أوائل"), "mid": ("mid-", "منتصف"), "late": ("late", "أواخر")}
        w_en, w_ar = words.get(qual, (qual, qual))
        en = f"{w_en}{en}" if w_en.endswith("-") else f"{w_en} {en}"
        ar = f"{w_ar} {ar}"
    return en, ar
