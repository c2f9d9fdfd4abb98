"""Stage 2, build: curated records → an RDF dataset, one named graph per fact.

Graphs of the dataset:

* the ontology, under its own IRI;
* ``{base}graph/registry``: the curated layer, entities of the registry and
  every label, translation and editorial note (the curators' words, not the
  source's);
* ``{base}fact/{id}``: one graph per fact, holding only what the source says;
* ``{base}graph/provenance``: for each fact graph, its source, the exact quote
  and offsets (W3C Web Annotation selectors) and the curated file and line;
  the source documents' metadata.

IRIs are minted from the curated ids: ``{base}{segment}/{id}`` where the
segment comes from the class (``person``, ``event``, ``state``...). No blank
nodes are created.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import FOAF, NamespaceManager

from kg.core.config import BKG, BKG_NS, OA, ONTOLOGY_IRI, WD
from kg.core.errors import DataError, Location
from kg.core.namespace import prefixes
from kg.pipeline.load import Corpus, Record, Source
from kg.core.ontology import Ontology
from kg.core.yamlnodes import Node, Reader, Scalar

#: Keys of a source metadata record and how they are published.
_SOURCE_KEYS = {"id", "text", "sha256", "title", "language", "categoryPath", "publisher", "url",
                "series", "rights", "author", "published", "note"}


#: Escapes of a literal's lexical form in N-Triples.
_ECHAR = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = str(XSD.string)


def encode(term) -> str:
    """An rdflib term in N-Triples syntax (the build's IRIs are already valid)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ECHAR)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")  # pragma: no cover


class _Sink:
    """One named graph being built: ``add`` appends its N-Triples-encoded quads to the shared list."""

    __slots__ = ("name", "quads", "_cache")

    def __init__(self, name: URIRef, quads: list, cache: dict):
        self.name, self.quads, self._cache = encode(name), quads, cache

    def add(self, triple) -> None:
        s, p, o = triple
        cache = self._cache
        es = cache.get(s) or cache.setdefault(s, encode(s))
        ep = cache.get(p) or cache.setdefault(p, encode(p))
        eo = cache.get(o) if isinstance(o, URIRef) else None
        if eo is None:
            eo = encode(o)
            if isinstance(o, URIRef):
                cache[o] = eo
        self.quads.append((es, ep, eo, self.name))


@dataclass
class Built:
    """The built quads (N-Triples terms: subject, predicate, object, graph) and where nodes came from.

    ``quads`` is what the pipeline uses (it scales); :attr:`dataset` and
    :meth:`union` give rdflib objects for notebooks and tests.
    """

    quads: list[tuple[str, str, str, str]]
    base: str
    prefixes: dict[str, str]
    origin: dict[URIRef, Location] = field(default_factory=dict)  # node or fact graph -> curated record
    counts: dict[str, int] = field(default_factory=dict)
    #: (name, start, end): the quads[start:end] that one curated file gave (ONTOLOGY_CHUNK for the ontology)
    chunks: list[tuple[str, int, int]] = field(default_factory=list)
    nodes: dict[str, URIRef] = field(default_factory=dict)  # every curated id -> its IRI
    bounds: dict[str, tuple] = field(default_factory=dict)  # every dated id -> (earliest, latest)

    def counts_by_chunk(self) -> dict[str, dict[str, int]]:
        """Instances per class that each chunk defines (they add up: a node is typed where it is defined)."""
        return {name: _counts(self.quads[a:b]) for name, a, b in self.chunks}

    def iter_chunk_nquads(self):
        """(chunk, its N-Quads): each chunk's lines de-duplicated and sorted."""
        for name, a, b in self.chunks:
            yield name, sorted_nquads(set(self.quads[a:b]))

    def chunk_nquads(self) -> list[tuple[str, bytes]]:
        return list(self.iter_chunk_nquads())

    def nquads(self) -> bytes:
        """The N-Quads of the build: the chunks in order (ontology, sources, registry, facts files),
        each sorted and without repeated lines (made once, then kept)."""
        if getattr(self, "_nquads", None) is None:
            self._nquads = b"".join(data for _, data in self.iter_chunk_nquads())
        return self._nquads

    @property
    def dataset(self) -> Dataset:
        """The quads as an rdflib Dataset (parsed once, on first use)."""
        if getattr(self, "_dataset", None) is None:
            ds = Dataset()
            ds.namespace_manager = NamespaceManager(Graph(), bind_namespaces="core")
            for prefix, ns in self.prefixes.items():
                ds.bind(prefix, ns, override=True)
            ds.parse(data=self.nquads().decode("utf-8"), format="nquads")
            self._dataset = ds
        return self._dataset

    def union(self) -> Graph:
        """All triples of all graphs in one plain graph (the default graph of every store)."""
        g = Graph()
        for prefix, ns in self.prefixes.items():
            g.bind(prefix, ns, override=True)
        for s, p, o, _ in self.dataset.quads((None, None, None, None)):
            g.add((s, p, o))
        return g


def sorted_nquads(quads) -> bytes:
    """N-Quads lines of distinct quads (N-Triples terms), sorted: one chunk of kg.nq."""
    return "".join(sorted(f"{s} {p} {o} {g} .\n" for s, p, o, g in quads)).encode("utf-8")


class _Minter:
    def __init__(self, base: str, onto: Ontology):
        self.base = base
        self.onto = onto

    def node(self, rec: Record) -> URIRef:
        cls = URIRef(BKG_NS + rec.type)
        return URIRef(f"{self.base}{self.onto.segment(cls)}/{rec.id}")

    def fact_graph(self, rec: Record) -> URIRef:
        return URIRef(f"{self.base}fact/{rec.id}")

    def source(self, sid: str) -> URIRef:
        return URIRef(f"{self.base}source/{sid}")


#: The chunk of the ontology's quads.
ONTOLOGY_CHUNK = "(ontology)"


def build(corpus: Corpus, onto: Ontology, base: str, *, known_nodes: dict[str, URIRef] | None = None,
          known_bounds: dict[str, tuple] | None = None, partial: bool = False, on_chunk=None) -> Built:
    """Turn a loaded corpus into a :class:`Built` dataset; :class:`DataError` on unknown terms or ids.

    ``partial``: ``corpus`` holds only some facts files (an incremental
    rebuild); ids and date bounds of the other files come from
    ``known_nodes`` and ``known_bounds``, and only the chunks of the files
    given are built (no ontology, no source descriptions).

    ``on_chunk(name, quads)``, when given, receives each chunk as soon as it
    is complete, in order (so that it can be written while the next is built).
    """
    quads: list[tuple[str, str, str, str]] = []
    cache: dict = {}
    built = Built(quads, base, prefixes(base))
    registry = _Sink(URIRef(f"{base}graph/registry"), quads, cache)
    prov = _Sink(URIRef(f"{base}graph/provenance"), quads, cache)
    mint = _Minter(base, onto)

    def chunk(name: str) -> None:
        if built.chunks and built.chunks[-1][2] is None:
            name_, start, _ = built.chunks.pop()
            built.chunks.append((name_, start, len(quads)))
            if on_chunk is not None:
                on_chunk(name_, quads[start:])
        if name is not None:
            built.chunks.append((name, len(quads), None))

    if not partial:
        ontology_graph = Graph()
        for triple in to_canonical_graph(onto.graph):  # blank nodes of class expressions get stable labels
            ontology_graph.add(triple)
        stamp_version(ontology_graph)
        chunk(ONTOLOGY_CHUNK)
        onto_sink = _Sink(URIRef(ONTOLOGY_IRI), quads, cache)
        for triple in ontology_graph:
            onto_sink.add(triple)

    records = corpus.by_id()
    nodes: dict[str, URIRef] = dict(known_nodes or {})
    for rec in corpus.records:
        if rec.type is not None:
            if URIRef(BKG_NS + rec.type) not in onto.classes:
                raise DataError(Location(rec.where.file, rec.prop_lines["type"]),
                                "unknown type (not a class of the ontology)", rec.type)
            nodes[rec.id] = mint.node(rec)
    for rec in corpus.records:
        if rec.about is not None:
            if rec.about not in nodes:
                raise DataError(Location(rec.where.file, rec.prop_lines["resource"]),
                                "'resource' names no entity or fact", rec.about)
            nodes[rec.id] = nodes[rec.about]
    built.nodes = nodes

    if not partial:
        for sid, src in sorted(corpus.sources.items()):
            chunk(src.where.file)
            _describe_source(prov, mint.source(sid), src, base)

    bounds = _date_bounds(corpus, records, known_bounds or {})
    built.bounds = {**(known_bounds or {}), **bounds}
    for rec in corpus.records:
        if not built.chunks or built.chunks[-1][0] != rec.where.file or built.chunks[-1][2] is not None:
            chunk(rec.where.file)
        node = nodes[rec.id]
        if rec.kind == "entity":
            target = registry
            built.origin.setdefault(node, rec.where)
            prov.add((node, BKG.curatedIn, Literal(rec.where.file)))
            prov.add((node, BKG.curatedAtLine, Literal(rec.where.line)))
        else:
            gname = mint.fact_graph(rec)
            target = _Sink(gname, quads, cache)
            built.origin[gname] = rec.where
            built.origin.setdefault(node, rec.where)
            _provenance(prov, gname, node, rec, mint.source(rec.source))
        if rec.type is not None:
            target.add((node, RDF.type, URIRef(BKG_NS + rec.type)))
        _curated(registry, node, rec)
        if rec.date is not None:
            _date(target, node, rec, built.bounds[rec.id], nodes, records)
        source_lang = _source_lang(corpus.sources[rec.source]) if rec.source else None
        r = Reader(rec.where.file)
        for key, value in rec.props.items():
            _property(target, registry, node, rec, key, value, onto, nodes, r, source_lang)
    chunk(None)
    built.counts = _counts(quads)
    return built


def stamp_version(g: Graph) -> None:
    """Add ``owl:versionInfo`` and ``owl:versionIRI`` from the package version (its one home)."""
    from kg import __version__

    onto = URIRef(ONTOLOGY_IRI)
    g.set((onto, OWL.versionInfo, Literal(__version__)))
    g.set((onto, OWL.versionIRI, URIRef(f"{ONTOLOGY_IRI}/{__version__}")))


def _source_lang(src: Source) -> str:
    lang = src.meta.get("language")
    return lang.value if isinstance(lang, Scalar) else "ar"


def _curated(registry: Graph, node: URIRef, rec: Record) -> None:
    """Labels, translations, notes and Wikidata links: the curators' layer."""
    for lang, labels in sorted(rec.labels.items()):
        registry.add((node, RDFS.label, Literal(labels[0], lang=lang)))
        for extra in labels[1:]:
            registry.add((node, SKOS.altLabel, Literal(extra, lang=lang)))
    for lang, labels in sorted(rec.alt_labels.items()):
        for label in labels:
            registry.add((node, SKOS.altLabel, Literal(label, lang=lang)))
    for lang, text in sorted(rec.translation.items()):
        registry.add((node, BKG.translation, Literal(text, lang=lang)))
    if rec.note:
        registry.add((node, SKOS.editorialNote, Literal(rec.note, lang="en")))
    if rec.wikidata:
        registry.add((node, SKOS.exactMatch, WD[rec.wikidata]))


def _property(target: Graph, registry: Graph, node: URIRef, rec: Record, key: str, value: Node,
              onto: Ontology, nodes: dict[str, URIRef], r: Reader, source_lang: str | None) -> None:
    line = rec.prop_lines[key]
    prop = onto.properties.get(key)
    if prop is None:
        raise r.fail(line, "unknown property (not a property of the ontology)", key)
    if prop.kind == "object":
        for item in r.scalars(value):
            if item.value not in nodes:
                raise r.fail(item, f"unknown entity in '{key}'", item.value)
            target.add((node, prop.iri, nodes[item.value]))
        return
    if prop.range == RDF.langString:
        m = r.map(value, f"'{key}' (a mapping of language tags)")
        for lang, texts in m.items.items():
            for item in r.scalars(texts):
                lit = Literal(item.value, lang=lang)
                if rec.kind == "fact" and lang == source_lang:
                    if item.value not in rec.quote.exact:
                        raise r.fail(item, f"'{key}' in the source's language must be words of the quote",
                                     item.value)
                    target.add((node, prop.iri, lit))
                else:  # a translation or a registry value: curated
                    registry.add((node, prop.iri, lit))
        return
    for item in r.scalars(value):
        target.add((node, prop.iri, _literal(r, item, key, prop.range, prop.is_date)))


def _literal(r: Reader, item: Scalar, key: str, rng: URIRef | None, is_date: bool) -> Literal:
    from kg.core import dates

    text = item.value
    if is_date or rng == XSD.date:
        try:
            given = dates.parse_plain(text)
        except dates.DateSyntaxError as exc:
            raise r.fail(item, f"bad date in '{key}' ({exc})", text) from None
        if rng == XSD.date and given.precision != "day":
            raise r.fail(item, f"'{key}' takes a full date YYYY-MM-DD", text)
        return Literal(given.literal, datatype=XSD[given.datatype])
    if rng == XSD.boolean:
        if text not in ("true", "false"):
            raise r.fail(item, f"'{key}' is true or false", text)
        return Literal(text == "true")
    if rng == XSD.integer:
        if not text.lstrip("-").isdigit():
            raise r.fail(item, f"'{key}' is a whole number", text)
        return Literal(int(text))
    if rng in (None, XSD.string):
        return Literal(text)
    return Literal(text, datatype=rng)


def _date_bounds(corpus: Corpus, records: dict[str, Record],
                 known: dict[str, tuple] | None = None) -> dict[str, tuple[date | None, date | None]]:
    """Earliest/latest bounds of every dated record; relative dates take them from their anchors.

    ``known`` holds the bounds of dated records outside ``corpus`` (an incremental rebuild).
    """
    out: dict[str, tuple[date | None, date | None]] = {}
    known = known or {}

    def resolve(rid: str, trail: tuple[str, ...]) -> tuple[date | None, date | None]:
        if rid in out:
            return out[rid]
        if rid not in records:
            return known[rid]
        rec = records[rid]
        given = rec.date
        earliest, latest = given.earliest, given.latest
        r = Reader(rec.where.file)
        for anchor, is_after in ((given.after, True), (given.before, False)):
            if anchor is None:
                continue
            if anchor in trail:
                raise r.fail(rec.date_line, "dates are relative to each other in a circle", anchor)
            dated = records[anchor].date is not None if anchor in records else anchor in known
            if not dated:
                raise r.fail(rec.date_line, "a relative date needs a dated fact", anchor)
            a_earliest, a_latest = resolve(anchor, trail + (rid,))
            if is_after:
                earliest = a_earliest
            else:
                latest = a_latest
        out[rid] = (earliest, latest)
        return out[rid]

    for rec in corpus.records:
        if rec.date is not None:
            resolve(rec.id, ())
    return out


def _date(g: Graph, node: URIRef, rec: Record, bounds, nodes: dict[str, URIRef], records) -> None:
    given = rec.date
    if given.literal is not None:
        g.add((node, BKG.date, Literal(given.literal, datatype=XSD[given.datatype])))
    if given.precision:
        g.add((node, BKG.datePrecision, BKG[given.precision]))
    if given.qualifier:
        g.add((node, BKG.dateQualifier, BKG[given.qualifier]))
    earliest, latest = bounds
    if earliest is not None:
        g.add((node, BKG.earliestDate, Literal(earliest)))
    if latest is not None:
        g.add((node, BKG.latestDate, Literal(latest)))
    if given.after:
        g.add((node, BKG.dateAfter, nodes[given.after]))
    if given.before:
        g.add((node, BKG.dateBefore, nodes[given.before]))


def _iri(term) -> str:
    return f"<{term}>"


def _plain(text: str) -> str:
    return f'"{text.translate(_ECHAR)}"'


_P = {name: _iri(iri) for name, iri in {
    "type": RDF.type, "FactGraph": BKG.FactGraph, "primaryTopic": BKG.primaryTopic, "source": BKG.source,
    "wasDerivedFrom": PROV.wasDerivedFrom, "curatedIn": BKG.curatedIn, "curatedAtLine": BKG.curatedAtLine,
    "Annotation": OA.Annotation, "motivatedBy": OA.motivatedBy, "describing": OA.describing,
    "hasBody": OA.hasBody, "hasTarget": OA.hasTarget, "SpecificResource": OA.SpecificResource,
    "hasSource": OA.hasSource, "hasSelector": OA.hasSelector, "TextQuoteSelector": OA.TextQuoteSelector,
    "exact": OA.exact, "prefix": OA.prefix, "suffix": OA.suffix, "TextPositionSelector": OA.TextPositionSelector,
    "start": OA.start, "end": OA.end}.items()}
_INTEGER, _NON_NEGATIVE = f"^^<{XSD.integer}>", f"^^<{XSD.nonNegativeInteger}>"


def _provenance(prov: _Sink, gname: URIRef, node: URIRef, rec: Record, source: URIRef) -> None:
    """The fact graph's provenance: source, quote, offsets, curated file and line.

    Written as N-Triples terms directly (about 20 quads per fact, half of a
    build's quads): the same terms :func:`encode` gives, without making
    rdflib terms first.
    """
    q, P = rec.quote, _P
    g, topic, src = _iri(gname), _iri(node), _iri(source)
    anno, target, quote_sel, pos_sel = (f"<{gname}#{part}>" for part in ("annotation", "target", "quote",
                                                                         "position"))
    rows = [
        (g, P["type"], P["FactGraph"]), (g, P["primaryTopic"], topic), (g, P["source"], src),
        (g, P["wasDerivedFrom"], src), (g, P["curatedIn"], _plain(rec.where.file)),
        (g, P["curatedAtLine"], f'"{rec.where.line}"{_INTEGER}'),
        (anno, P["type"], P["Annotation"]), (anno, P["motivatedBy"], P["describing"]), (anno, P["hasBody"], g),
        (anno, P["hasTarget"], target), (target, P["type"], P["SpecificResource"]), (target, P["hasSource"], src),
        (target, P["hasSelector"], quote_sel), (target, P["hasSelector"], pos_sel),
        (quote_sel, P["type"], P["TextQuoteSelector"]), (quote_sel, P["exact"], _plain(q.exact)),
    ]
    if q.prefix is not None:
        rows.append((quote_sel, P["prefix"], _plain(q.prefix)))
    if q.suffix is not None:
        rows.append((quote_sel, P["suffix"], _plain(q.suffix)))
    rows += [(pos_sel, P["type"], P["TextPositionSelector"]), (pos_sel, P["start"], f'"{q.start}"{_NON_NEGATIVE}'),
             (pos_sel, P["end"], f'"{q.end}"{_NON_NEGATIVE}')]
    name = prov.name
    prov.quads.extend((s, p, o, name) for s, p, o in rows)


def _describe_source(prov: Graph, node: URIRef, src: Source, base: str) -> None:
    r = Reader(src.where.file)
    meta = src.meta
    for key in meta.items:
        if key not in _SOURCE_KEYS:
            raise r.fail(meta.key_lines[key], "unknown key in a source record", key)
    prov.add((node, RDF.type, BKG.SourceDocument))
    prov.add((node, BKG.curatedIn, Literal(src.where.file)))
    prov.add((node, BKG.curatedAtLine, Literal(src.where.line)))
    prov.add((node, DCTERMS.identifier, Literal(src.id)))
    prov.add((node, DCTERMS.format, Literal("text/plain; charset=utf-8")))
    prov.add((node, BKG.sha256, Literal(src.sha256)))
    lang = _source_lang(src)
    prov.add((node, DCTERMS.language, Literal(lang, datatype=XSD.language)))
    for key, prop in (("title", DCTERMS.title), ("categoryPath", BKG.categoryPath),
                      ("publisher", DCTERMS.publisher), ("rights", DCTERMS.rights)):
        value = meta.get(key)
        if value is None:
            raise r.fail(meta, f"a source record needs '{key}'")
        for l, texts in r.map(value, key).items.items():
            for item in r.scalars(texts):
                if l == lang and key in ("title", "categoryPath") and item.value not in src.text:
                    raise r.fail(item, f"'{key}' in the source's language must be the source's words", item.value)
                prov.add((node, prop, Literal(item.value, lang=l)))
    for key, prop in (("url", FOAF.page), ("series", DCTERMS.isPartOf)):
        if (value := meta.get(key)) is None or r.text(value, key) == "unknown":
            continue
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", value.value):
            raise r.fail(value, f"'{key}' is an http(s) address or 'unknown'", value.value)
        prov.add((node, prop, URIRef(value.value)))
    for key in ("author", "published"):
        value = meta.get(key)
        if value is not None and r.text(value, key) != "unknown":
            prop = DCTERMS.creator if key == "author" else DCTERMS.issued
            prov.add((node, prop, Literal(value.value)))
    if (value := meta.get("note")) is not None:
        prov.add((node, SKOS.editorialNote, Literal(r.text(value, "note"), lang="en")))


def _counts(quads: list[tuple[str, str, str, str]]) -> dict[str, int]:
    """Instances per class of the ontology, outside the ontology graph."""
    rdf_type, onto_graph, prefix = f"<{RDF.type}>", f"<{ONTOLOGY_IRI}>", f"<{BKG_NS}"
    seen = {(s, o) for s, p, o, g in quads if p == rdf_type and g != onto_graph and o.startswith(prefix)}
    counts: dict[str, int] = {}
    for _, o in seen:
        name = o[len(prefix):-1]
        counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))
