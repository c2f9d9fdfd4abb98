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

from dataclasses import dataclass, field
from datetime import date

from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import NamespaceManager

from kg.core.config import BKG, BKG_NS, ONTOLOGY_IRI, WD
from kg.core.errors import DataError, Location
from kg.core.namespace import prefixes
from kg.pipeline.records import Corpus, Record
from kg.pipeline.reference.offices import named_offices
from kg.pipeline.provenance import NT_ESCAPES, describe_reference, describe_source, fact_provenance, source_language
from kg.core.ontology import Ontology
from kg.core.yamlnodes import Node, Reader, Scalar

_XSD_STRING = str(XSD.string)


def encode(term) -> str:
    """An rdflib term in N-Triples syntax (the build's IRIs are already valid)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(NT_ESCAPES)}"'
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
    #: (name, start, end): the quads[start:end] that one curated file gave (ONTOLOGY_CHUNK for the ontology;
    #: ``FILE#2``... for the parts of a file of more than CHUNK_RECORDS records)
    chunks: list[tuple[str, int, int]] = field(default_factory=list)
    nodes: dict[str, URIRef] = field(default_factory=dict)  # every curated id -> its IRI
    bounds: dict[str, tuple] = field(default_factory=dict)  # every dated id -> (earliest, latest)
    minted: list[str] = field(default_factory=list)  # ids of the offices minted from the role table

    def counts_by_chunk(self) -> dict[str, dict[str, int]]:
        """Instances per class that each chunk defines (they add up: a node is typed where it is defined)."""
        return {name: count_instances(self.quads[a:b]) for name, a, b in self.chunks}

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


#: The most records in one chunk: a larger file is built and written in parts (``FILE#2``...), so that
#: memory stays bounded whatever the size of one file.
CHUNK_RECORDS = 2000
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
    reference_graph = URIRef(f"{base}graph/reference")
    reference = _Sink(reference_graph, quads, cache)
    prov = _Sink(URIRef(f"{base}graph/provenance"), quads, cache)
    mint = _Minter(base, onto)
    chunk = _Chunker(built, quads, on_chunk)
    if not partial:
        chunk(ONTOLOGY_CHUNK)
        _add_ontology(_Sink(URIRef(ONTOLOGY_IRI), quads, cache), onto)
    all_records = corpus.records
    if corpus.reference is not None:  # the offices facts name that no record has, after the reference
        minted = named_offices(corpus.reference, corpus.records, onto,
                               {r.id for r in corpus.records} | set(known_nodes or {}))
        first_fact = next((i for i, r in enumerate(all_records) if r.kind == "fact"), len(all_records))
        all_records = all_records[:first_fact] + minted + all_records[first_fact:]  # in roles.tsv's chunk
        built.minted = [r.id for r in minted]
    records = {r.id: r for r in all_records}
    built.nodes = nodes = _mint_nodes(all_records, onto, mint, known_nodes or {})
    if not partial:
        states = {r.id: nodes[r.id] for r in all_records if r.type == "State"}
        for sid, src in sorted(corpus.sources.items()):
            chunk(src.where.file)
            describe_source(prov, mint.source(sid), src, base, states)
    built.bounds = {**(known_bounds or {}), **_date_bounds(corpus, records, known_bounds or {})}
    described = False
    current, in_chunk, part = None, 0, 1
    for rec in all_records:
        if rec.where.file != current:
            current, in_chunk, part = rec.where.file, 0, 1
            chunk(current)
        elif in_chunk == CHUNK_RECORDS:  # a large file: the next part in a chunk of its own (bounded memory)
            part, in_chunk = part + 1, 0
            chunk(f"{current}#{part}")
        in_chunk += 1
        if rec.kind == "reference" and not described:  # once, at the head of the reference's chunk
            describe_reference(prov, reference_graph, corpus.reference.cited)
            described = True
        if rec.kind in ("entity", "reference"):
            target = registry if rec.kind == "entity" else reference
            built.origin.setdefault(nodes[rec.id], rec.where)
            prov.add((nodes[rec.id], BKG.curatedIn, Literal(rec.where.file)))
            prov.add((nodes[rec.id], BKG.curatedAtLine, Literal(rec.where.line)))
        else:
            gname = mint.fact_graph(rec)
            target = _Sink(gname, quads, cache)
            built.origin[gname] = rec.where
            built.origin.setdefault(nodes[rec.id], rec.where)
            fact_provenance(prov, gname, nodes[rec.id], rec, mint.source(rec.source))
        _add_record(target, reference if rec.kind == "reference" else registry, rec, corpus, onto, built, records)
    chunk(None)
    if on_chunk is None:
        built.counts = count_instances(quads)  # (handed on chunk by chunk, the quads are gone: see _Chunker)
    return built


def total_counts(by_chunk) -> dict[str, int]:
    """Instances per class of the whole build from each chunk's (an iterable of dicts), sorted by class."""
    counts: dict[str, int] = {}
    for c in by_chunk:
        for k, v in c.items():
            counts[k] = counts.get(k, 0) + v
    return dict(sorted(counts.items()))


class _Chunker:
    """Closes the open chunk of ``built`` and opens the next (``None``: the last is closed),
    handing each closed chunk to ``on_chunk(name, quads)``.

    With ``on_chunk``, a chunk's quads are dropped once handed on, so that the build holds one
    chunk at a time (at most :data:`CHUNK_RECORDS` records' quads, however the facts are split into
    files): ``built.quads`` ends empty, ``built.chunks`` keeps each chunk's name and size, and
    ``built.counts`` is left to the receiver (:class:`kg.pipeline.writer.NQuadsWriter` counts them).
    """

    def __init__(self, built: Built, quads: list, on_chunk) -> None:
        self.built, self.quads, self.on_chunk = built, quads, on_chunk
        self.handed = 0  # quads handed on and dropped

    def __call__(self, name: str | None) -> None:
        chunks = self.built.chunks
        if chunks and chunks[-1][2] is None:
            name_, start, _ = chunks.pop()
            chunks.append((name_, start, self.handed + len(self.quads)))
            if self.on_chunk is not None:
                self.on_chunk(name_, self.quads)
                self.handed += len(self.quads)
                self.quads.clear()
        if name is not None:
            chunks.append((name, self.handed + len(self.quads), None))


def _add_ontology(sink: _Sink, onto: Ontology) -> None:
    """The ontology graph, version stamped; blank nodes of class expressions get stable labels."""
    ontology_graph = Graph()
    for triple in to_canonical_graph(onto.graph):
        ontology_graph.add(triple)
    stamp_version(ontology_graph)
    for triple in ontology_graph:
        sink.add(triple)


def _mint_nodes(all_records: list[Record], onto: Ontology, mint: _Minter,
                known: dict[str, URIRef]) -> dict[str, URIRef]:
    """Every record's IRI by id: typed records minted, ``resource`` records pointing at theirs."""
    nodes: dict[str, URIRef] = dict(known)
    for rec in all_records:
        if rec.type is not None:
            if URIRef(BKG_NS + rec.type) not in onto.classes:  # rec.type comes from the data: checked here
                raise DataError(Location(rec.where.file, rec.prop_lines["type"]),
                                "unknown type (not a class of the ontology)", rec.type)
            nodes[rec.id] = mint.node(rec)
    for rec in all_records:
        if rec.about is not None:
            if rec.about not in nodes:
                raise DataError(Location(rec.where.file, rec.prop_lines["resource"]),
                                "'resource' names no entity or fact", rec.about)
            nodes[rec.id] = nodes[rec.about]
    return nodes


def _add_record(target: _Sink, registry: _Sink, rec: Record, corpus: Corpus, onto: Ontology, built: Built,
                records: dict[str, Record]) -> None:
    """One record's triples: its type, the curated labels, its date and its properties."""
    node = built.nodes[rec.id]
    if rec.type is not None:
        target.add((node, RDF.type, URIRef(BKG_NS + rec.type)))
    _curated(registry, node, rec)
    if rec.date is not None:
        _date(target, node, rec, built.bounds[rec.id], built.nodes, records)
    source_lang = source_language(corpus.sources[rec.source]) if rec.source else None
    r = Reader(rec.where.file)
    for key, value in rec.props.items():
        _property(target, registry, node, rec, key, value, onto, built.nodes, r, source_lang)


def stamp_version(g: Graph) -> None:
    """Add ``owl:versionInfo`` and ``owl:versionIRI`` from the package version (its one home)."""
    from kg import __version__

    onto = URIRef(ONTOLOGY_IRI)
    g.set((onto, OWL.versionInfo, Literal(__version__)))
    g.set((onto, OWL.versionIRI, URIRef(f"{ONTOLOGY_IRI}/{__version__}")))


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
            dated = (records[anchor].date is not None and not records[anchor].date.undated
                     if anchor in records else known.get(anchor, (None, None)) != (None, None))
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
    if given.end is not None:  # a range: each end at its own precision, no single bkg:date
        for value, when, precision in ((BKG.startDate, given, BKG.startDatePrecision),
                                       (BKG.endDate, given.end, BKG.endDatePrecision)):
            g.add((node, value, Literal(when.literal, datatype=XSD[when.datatype])))
            g.add((node, precision, BKG[when.precision]))
    elif given.literal is not None:
        g.add((node, BKG.date, Literal(given.literal, datatype=XSD[given.datatype])))
    if given.precision and given.end is None:
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


def count_instances(quads: list[tuple[str, str, str, str]]) -> dict[str, int]:
    """Instances per class of the ontology, outside the ontology graph."""
    rdf_type, onto_graph, prefix = f"<{RDF.type}>", f"<{ONTOLOGY_IRI}>", f"<{BKG_NS}"
    seen = {(s, o) for s, p, o, g in quads if p == rdf_type and g != onto_graph and o.startswith(prefix)}
    counts: dict[str, int] = {}
    for _, o in seen:
        name = o[len(prefix):-1]
        counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))
