"""Stage 1, load: read a data folder into typed records, quotes anchored.

A data folder (``data/`` by default, any folder laid out the same way)::

    entities.yaml          the entity registry shared by all sources
    reference/             every state, its capital and forms, office roles (optional;
                           see kg.pipeline.reference)
    sources/<id>.yaml      one metadata record per source document
    sources/<file>.txt     the source text, byte for byte as published
    facts/<name>.yaml      facts drawn from one source, each with its quote

Everything here is syntax and anchoring: YAML shape, ids, dates, and each
quote found verbatim in its source (character offsets in Unicode code points,
0-based, end exclusive). The key names are those of :mod:`kg.pipeline.facts_format`. What a property means is decided by :mod:`kg.pipeline.build`
from the ontology.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kg.core import dates
from kg.core.errors import DataError, DataErrors, Location
from kg.core.inputs import DEFAULT_MAX_FILE_BYTES, check_input
from kg.core.yamlnodes import Map, Node, Reader, Scalar, read_yaml
from kg.pipeline import facts_format as ff
from kg.pipeline.facts_format import RESERVED
from kg.pipeline.files import data_files, shown_path
from kg.pipeline.records import Corpus, Quote, Record, Source, Uncovered
from kg.pipeline.reference import Reference, load_reference
from kg.text.find import Finder

__all__ = ["Corpus", "Quote", "Record", "Source", "Uncovered", "load", "load_some", "load_registry", "load_entities",
           "load_entities_and_reference",
           "parse_date"]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
#: How much context an ambiguous quote gets in its TextQuoteSelector.
CONTEXT_CHARS = 32


def load(data_dir: Path, stage=None, max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES) -> Corpus:
    """Read and check the data folder; raise :class:`DataError` at the first problem.

    Every input file is checked first (:func:`kg.pipeline.files.data_files`): a
    regular file inside the folder, no larger than ``max_file_bytes``.
    ``stage`` (a :class:`kg.core.progress.Stage`), when given, is told how many
    files there are and advanced once per file read.
    """
    files = data_files(Path(data_dir), max_file_bytes)
    data_dir = files.data_dir
    if stage is not None:
        stage.total(len(files.sources) + len(files.facts) + 1)
    advance = stage.advance if stage is not None else (lambda n=1: None)
    sources = {}
    for meta_path in files.sources:
        advance()
        src = _load_source(data_dir, meta_path)
        if src.id in sources:
            raise DataError(src.where, "duplicate source id", src.id)
        sources[src.id] = src
    drafts: list[DataError] = []
    records, reference = _entities(data_dir, drafts)
    advance()
    corpus = _with_facts(data_dir, sources, records, files.facts, advance, drafts)
    corpus.reference = reference
    return corpus


def load_some(data_dir: Path, source_paths: list[Path], facts_paths: list[Path]) -> Corpus:
    """Read some source records and facts files only (an incremental rebuild: the rest is cached).

    The ids of other files are not known here: :func:`kg.pipeline.build.build` takes them from the cache.
    """
    data_dir = Path(data_dir)
    sources = {}
    for meta_path in source_paths:
        src = _load_source(data_dir, meta_path)
        sources[src.id] = src
    return _with_facts(data_dir, sources, [], facts_paths, lambda n=1: None, [])


def _with_facts(data_dir: Path, sources: dict[str, Source], records: list[Record], facts_paths: list[Path],
                advance, drafts: list[DataError]) -> Corpus:
    """The corpus of ``records`` and the facts files read now; ids must be unique; no draft is left.

    Every record still marked ``draft: true`` (and every registry suggestion of a
    draft) is reported at once, one line each, as :class:`DataErrors`.
    """
    uncovered: list[Uncovered] = []
    for facts_path in facts_paths:
        advance()
        recs, unc = _load_facts(data_dir, facts_path, sources, drafts)
        records += recs
        uncovered += unc
    for src in sources.values():
        src.__dict__.pop("finder", None)  # the quotes are anchored: the index of a long text goes
    if drafts:
        raise DataErrors(drafts)
    seen: dict[str, Record] = {}
    for rec in records:
        if rec.id in seen:
            raise DataError(rec.where, f"duplicate id (first at {seen[rec.id].where})", rec.id)
        seen[rec.id] = rec
    return Corpus(data_dir, sources, records, uncovered)


_shown = shown_path


def _load_source(data_dir: Path, meta_path: Path) -> Source:
    shown = _shown(data_dir, meta_path)
    r = Reader(shown)
    meta = r.map(read_yaml(meta_path, shown), "a source record")
    sid = r.text(r.required(meta, ff.SOURCE_ID), ff.SOURCE_ID)
    if not _ID.match(sid):
        raise r.fail(meta.get(ff.SOURCE_ID), "an id is lower-case words joined by '-'", sid)
    text_name = r.text(r.required(meta, ff.SOURCE_TEXT), ff.SOURCE_TEXT)
    text_path = meta_path.parent / text_name
    text_shown = _shown(data_dir, text_path)
    if "/" in text_name or "\\" in text_name or not (text_path.exists() or text_path.is_symlink()):
        raise r.fail(meta.get(ff.SOURCE_TEXT), "source text not found (a file beside the record)", text_name)
    check_input(text_path, text_shown, data_dir, max_bytes=None)  # its size: checked with the rest of sources/
    raw = text_path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(Location(text_shown, line), "source text is not UTF-8",
                        raw[exc.start: exc.start + 4]) from None
    digest = hashlib.sha256(raw).hexdigest()
    expected = meta.get(ff.SOURCE_SHA256)
    if expected is not None and r.text(expected, ff.SOURCE_SHA256) != digest:
        raise r.fail(expected, f"source text has changed: its sha256 is {digest}",
                     r.text(expected, ff.SOURCE_SHA256))
    return Source(sid, r.at(meta), text_path, text, digest, meta)


#: What a curator is told about a record still marked ``draft: true``.
DRAFT_LEFT = "a draft of kg extract, not yet reviewed: check it against the text, then delete its 'draft' key"
#: ... and about a draft's suggestion for the registry left in a facts file.
SUGGESTION_LEFT = "a registry suggestion of a draft: review it, then move it to entities.yaml"


def _draft(r: Reader, m: Map, drafts: list[DataError] | None) -> None:
    """Note what a draft left for a curator: the ``draft`` key (:data:`DRAFT_LEFT`), a label ``TODO``, a
    draft's placeholder reason for an uncovered sentence."""
    named = m.get(ff.ID) if m.get(ff.ID) is not None else m.get(ff.SENTENCE)
    shown = r.text(named, "draft") if isinstance(named, Scalar) else None
    errors = []
    if (node := m.get(ff.DRAFT)) is not None:
        errors.append(r.fail(node, DRAFT_LEFT, shown))
    label = m.get(ff.LABEL)
    if isinstance(label, Map) and any(isinstance(v, Scalar) and v.value == ff.TODO for v in label.items.values()):
        errors.append(r.fail(label, "a label still TODO: write it", shown))
    reason = m.get(ff.REASON)
    if isinstance(reason, Scalar) and reason.value == ff.DRAFT_REASON:
        errors.append(r.fail(reason, "the draft's placeholder reason: give the sentence's own", shown))
    if errors and drafts is None:
        raise errors[0]
    if drafts is not None:
        drafts.extend(errors)


def load_registry(data_dir: Path, path: Path, drafts: list[DataError] | None = None) -> list[Record]:
    """The entities of a registry file; a draft entry raises, or is added to ``drafts`` when given."""
    shown = _shown(data_dir, path)
    r = Reader(shown)
    root = r.map(read_yaml(path, shown), "the registry")
    out = []
    for node in r.seq(r.required(root, ff.ENTITIES), ff.ENTITIES):
        m = r.map(node, "an entity")
        _draft(r, m, drafts)
        rec = _record(r, m, "entity")
        if rec.type is None:
            raise r.fail(m, "an entity needs a 'type'")
        if rec.about or rec.date or m.get(ff.QUOTE):
            raise r.fail(m, "registry entities take no 'resource', 'date' or 'quote' (those belong to facts)")
        out.append(rec)
    return out


def load_entities(data_dir: Path) -> list[Record]:
    """The records of the registry and of ``reference/`` (states, capitals, office roles), without facts."""
    return _entities(Path(data_dir))[0]


def load_entities_and_reference(data_dir: Path) -> tuple[list[Record], Reference | None]:
    """:func:`load_entities`, and the reference itself (its states' heads of state and the office roles),
    for those that name offices as the build mints them."""
    return _entities(Path(data_dir))


def _entities(data_dir: Path, drafts: list[DataError] | None = None) -> tuple[list[Record], Reference | None]:
    """The registry's records, then the reference's (and the reference itself, for minting offices)."""
    registry = data_dir / "entities.yaml"
    if not registry.is_file():
        raise DataError(_shown(data_dir, registry), "entity registry not found")
    records = load_registry(data_dir, registry, drafts)
    reference = load_reference(data_dir, _shown(data_dir, data_dir), {r.id for r in records})
    return records + (reference.records if reference is not None else []), reference


def _load_facts(data_dir: Path, path: Path, sources: dict[str, Source],
                drafts: list[DataError]) -> tuple[list[Record], list[Uncovered]]:
    shown = _shown(data_dir, path)
    r = Reader(shown)
    root = r.map(read_yaml(path, shown), "a facts file")
    sid_node = r.required(root, ff.SOURCE)
    sid = r.text(sid_node, ff.SOURCE)
    if sid not in sources:
        raise r.fail(sid_node, "unknown source", sid)
    source = sources[sid]
    text = source.text
    out = []
    for node in r.seq(r.required(root, ff.FACTS), ff.FACTS):
        m = r.map(node, "a fact")
        _draft(r, m, drafts)
        rec = _record(r, m, "fact")
        if (rec.type is None) == (rec.about is None):
            raise r.fail(m, "a fact needs either 'type' (a new resource) or 'resource' (the id of an existing one it adds to)")
        rec.source = sid
        rec.quote = _anchor(r, r.required(m, ff.QUOTE), source.finder)
        out.append(rec)
    uncovered = []
    for node in r.seq(root.get(ff.UNCOVERED), ff.UNCOVERED):
        m = r.map(node, "an uncovered sentence")
        _draft(r, m, drafts)
        sentence = r.text(r.required(m, ff.SENTENCE), ff.SENTENCE)
        reason = r.text(r.required(m, ff.REASON), ff.REASON)
        if sentence not in text:
            raise r.fail(m.get(ff.SENTENCE), "sentence not in the source", sentence)
        uncovered.append(Uncovered(sid, sentence, reason, r.at(m)))
    for node in r.seq(root.get(ff.NEW_ENTITIES), ff.NEW_ENTITIES):
        m = r.map(node, "a registry suggestion")
        drafts.append(r.fail(m, SUGGESTION_LEFT, r.text(m.get(ff.ID), ff.ID) if m.get(ff.ID) is not None else None))
    return out, uncovered


def _record(r: Reader, m: Map, kind: str) -> Record:
    rid_node = r.required(m, ff.ID)
    rid = r.text(rid_node, ff.ID)
    if not _ID.match(rid):
        raise r.fail(rid_node, "an id is lower-case words and digits joined by '-'", rid)
    rec = Record(
        id=rid, kind=kind, where=r.at(m),
        type=r.text(m.get(ff.TYPE), ff.TYPE) if m.get(ff.TYPE) is not None else None,
        about=r.text(m.get(ff.RESOURCE), ff.RESOURCE) if m.get(ff.RESOURCE) is not None else None,
        props={k: v for k, v in m.items.items() if k not in RESERVED},
        prop_lines=dict(m.key_lines),
    )
    if (node := m.get(ff.LABEL)) is not None:
        rec.labels = _lang_map(r, node, ff.LABEL)
    if (node := m.get(ff.ALT_LABEL)) is not None:
        rec.alt_labels = _lang_map(r, node, ff.ALT_LABEL)
    if (node := m.get(ff.TRANSLATION)) is not None:
        rec.translation = {k: v[0] for k, v in _lang_map(r, node, ff.TRANSLATION).items()}
    if (node := m.get(ff.NOTE)) is not None:
        rec.note = r.text(node, ff.NOTE)
    if (node := m.get(ff.WIKIDATA)) is not None:
        qid = r.text(node, ff.WIKIDATA)
        if not _WIKIDATA.match(qid):
            raise r.fail(node, "a Wikidata id looks like Q123", qid)
        rec.wikidata = qid
    if (node := m.get(ff.DATE)) is not None:
        rec.date = parse_date(r, node)
        rec.date_line = node.line
    return rec


def _lang_map(r: Reader, node: Node, what: str) -> dict[str, list[str]]:
    m = r.map(node, f"'{what}' (a mapping of language tags, e.g. en: ..., ar: ...)")
    out = {}
    for lang, value in m.items.items():
        if not re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", lang):
            raise r.fail(m.key_lines[lang], "not a language tag (a comma inside {...} needs quotes around the text)", lang)
        out[lang] = [s.value for s in r.scalars(value)]
        if not all(out[lang]):
            raise r.fail(value, f"empty {what}")
    return out


def parse_date(r: Reader, node: Node) -> dates.GivenDate:
    """Read a curated date (see :mod:`kg.core.dates` for the forms)."""
    try:
        if isinstance(node, Scalar):
            if node.value.strip() == dates.UNDATED:
                return dates.undated()
            return dates.parse_plain(node.value)
        m = r.map(node, "a date")
        keys = set(m.items)
        if keys == {"value", "qualifier"}:
            return dates.qualified(r.text(m.get("value"), "value"), r.text(m.get("qualifier"), "qualifier"))
        if keys == {"decade"}:
            return dates.decade(r.text(m.get("decade"), "decade"))
        if keys and keys <= {"after", "before"}:
            return dates.relative(
                after=r.text(m.get("after"), "after") if "after" in keys else None,
                before=r.text(m.get("before"), "before") if "before" in keys else None)
        if keys == {"from", "to"}:
            return dates.span(r.text(m.get("from"), "from"), r.text(m.get("to"), "to"))
        raise r.fail(m, "a date is YYYY[-MM[-DD]], {value, qualifier}, {decade}, {from, to}, "
                        "{after/before: id} or undated",
                     ", ".join(sorted(keys)))
    except dates.DateSyntaxError as exc:
        raise r.fail(node, f"bad date ({exc})", getattr(node, "value", None)) from None


def _anchor(r: Reader, node: Node, finder: Finder) -> Quote:
    """Find a quote in the source text: ``"..."`` or ``{exact, prefix, suffix, occurrence}``."""
    prefix = suffix = None
    occurrence = None
    if isinstance(node, Scalar):
        exact = r.text(node, ff.QUOTE)
    else:
        m = r.map(node, ff.QUOTE)
        unknown = set(m.items) - set(ff.QUOTE_KEYS)
        if unknown:
            raise r.fail(m, "a quote has exact, prefix, suffix, occurrence", ", ".join(sorted(unknown)))
        exact = r.text(r.required(m, "exact"), "exact")
        prefix = r.text(m.get("prefix"), "prefix") if m.get("prefix") is not None else None
        suffix = r.text(m.get("suffix"), "suffix") if m.get("suffix") is not None else None
        if (occ := m.get("occurrence")) is not None:
            if not (isinstance(occ, Scalar) and occ.value.isdigit() and int(occ.value) >= 1):
                raise r.fail(occ, "occurrence is a number from 1", getattr(occ, "value", None))
            occurrence = int(occ.value)
    text = finder.text
    every = finder.occurrences(exact)
    starts = list(every)
    if not starts:
        raise r.fail(node, "quote not found verbatim in the source", exact)
    if prefix is not None:
        starts = [s for s in starts if text.endswith(prefix, 0, s)]
    if suffix is not None:
        starts = [s for s in starts if text.startswith(suffix, s + len(exact))]
    if not starts:
        raise r.fail(node, "no occurrence of the quote has that prefix/suffix", exact)
    if occurrence is not None:
        if occurrence > len(starts):
            raise r.fail(node, f"quote occurs only {len(starts)} time(s), not {occurrence}", exact)
        starts = [starts[occurrence - 1]]
    if len(starts) > 1:
        raise r.fail(node, f"quote occurs {len(starts)} times; add prefix, suffix or occurrence", exact)
    start = starts[0]
    end = start + len(exact)
    ambiguous = len(every) > 1
    return Quote(
        exact, start, end,
        prefix=text[max(0, start - CONTEXT_CHARS):start] if ambiguous else None,
        suffix=text[end:end + CONTEXT_CHARS] if ambiguous else None,
    )
