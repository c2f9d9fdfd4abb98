"""``kg source add``: register new source documents, from files or web pages, in a data folder.

For each input (a file, or an http(s) address fetched by :mod:`kg.extract.fetch`)
it writes ``DATA/sources/<id>.<lang>.txt`` (the text, UTF-8) and
``DATA/sources/<id>.yaml`` (the source record, in the format of
``data/sources/*.yaml``: what is not known is ``unknown``). Every input is read
and checked first; the files are then written together with
:func:`kg.pipeline.write.write_all`, so an error anywhere leaves nothing written.

The checks (each failure one line, exit 2 unless a server failed, exit 3):

* a file is UTF-8 (a Windows-1256 Arabic file is recognised, and ``iconv`` suggested);
* the text is not empty and, for Arabic, at least half its letters are Arabic;
* ``pair`` names two different states of the data folder (its registry and ``reference/``);
* the id (given, or derived from the file name or the address) is new in ``sources/``;
* a given Arabic title is words of the text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kg.core.errors import DataError, Location, UsageError
from kg.core.inputs import check_input
from kg.extract.fetch import Fetcher, checked_url
from kg.pipeline import facts_format as ff
from kg.pipeline.load import load_entities
from kg.pipeline.provenance import pair_problem
from kg.pipeline.write import write_all

#: The rights statement of a source whose publisher's terms are not yet recorded.
RIGHTS = "Text © its publisher; copied here unchanged and attributed to it, for research."
#: A page's text is what trafilatura kept of it (its article), not a byte-for-byte copy.
PAGE_RIGHTS = ("Text © its publisher; its article's text as kept from the page at the address given, "
               "attributed to it, for research.")
#: The English title until a curator translates the source's own.
NOT_TRANSLATED = "(not yet translated)"
UNKNOWN = "unknown"
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_HTTP = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
#: Code-point ranges of the Arabic script (Arabic, Supplement, Extended-A, Presentation Forms A and B).
_ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


@dataclass(frozen=True)
class Options:
    """What ``kg source add`` is told besides its inputs (see its ``--help``)."""

    pair: str
    source_id: str | None = None
    title: str | None = None
    title_en: str | None = None
    publisher: str | None = None
    language: str = "ar"
    series: str | None = None


@dataclass(frozen=True)
class Added:
    """A source registered: its id, the record and text files written, its length and digest."""

    id: str
    record: Path
    text: Path
    characters: int
    sha256: str


@dataclass(frozen=True)
class _Draft:
    """One input read and checked, its two files (``raw``, the text's bytes, and ``record``) not yet written."""

    id: str
    text: str
    raw: bytes
    record: dict[str, object]


def add_sources(inputs: list[str], data_dir: Path, options: Options, fetcher: Fetcher | None = None) -> list[Added]:
    """Register every input as a source of ``data_dir``; all of them, or (on any error) none.

    >>> add_sources([], Path("data"), Options(pair="kuwait,azerbaijan"))
    Traceback (most recent call last):
    kg.core.errors.UsageError: give at least one FILE or URL
    """
    data_dir = Path(data_dir)
    _check_options(inputs, options)
    pair = parse_pair(options.pair, data_dir)
    sources = data_dir / "sources"
    ids = [options.source_id or derive_id(item, pair, options.language) for item in inputs]
    for item, sid in zip(inputs, ids):
        _check_new_id(item, sid, ids, sources, options.language)
    fetcher = fetcher or Fetcher()
    drafts = [_draft(item, sid, pair, options, fetcher) for item, sid in zip(inputs, ids)]
    files: dict[str, bytes] = {}
    for d in drafts:
        files[f"{d.id}.{options.language}.txt"] = d.raw
        files[f"{d.id}.yaml"] = record_yaml(d.record).encode("utf-8")
    write_all(sources, files)
    return [Added(d.id, sources / f"{d.id}.yaml", sources / f"{d.id}.{options.language}.txt", len(d.text),
                  hashlib.sha256(d.raw).hexdigest()) for d in drafts]


def _check_options(inputs: list[str], options: Options) -> None:
    if not inputs:
        raise UsageError("give at least one FILE or URL")
    if options.source_id is not None and len(inputs) > 1:
        raise UsageError("--id names one source: give one FILE_OR_URL with it, or leave it out")
    if options.source_id is not None and not _ID.match(options.source_id):
        raise DataError("--id", "an id is lower-case letters and digits joined by '-'", options.source_id)
    if not _LANGUAGE.match(options.language):
        raise DataError("--language", "a language is a two- or three-letter code such as ar", options.language)
    if options.language == "en" and options.title_en is not None:
        raise UsageError("--title-en is for a translation: the title of an English source is --title")
    if options.series is not None and not _HTTP.match(options.series):
        raise DataError("--series", "an http(s) address", options.series)


def parse_pair(value: str, data_dir: Path) -> tuple[str, str]:
    """The two states of ``--pair a,b``: different ids of states the data folder knows (exit 2 if not)."""
    items = [v.strip() for v in value.split(",")]
    problem = pair_problem(items, {r.id for r in load_entities(data_dir) if r.type == "State"})
    if problem is not None:
        raise DataError("--pair", problem[0], problem[1] or value)
    return items[0], items[1]


def is_url(item: str) -> bool:
    """Whether an input is an address (anything with a scheme) rather than a file name."""
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", item) is not None


def kebab(text: str) -> str:
    """Lower-case letters and digits joined by '-' (``'Kuwait_Azerbaijan 2'`` → ``'kuwait-azerbaijan-2'``)."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def derive_id(item: str, pair: tuple[str, str], language: str = "ar") -> str:
    """The id of an input given no ``--id``: a file's name without ``.txt`` and its language, in
    kebab-case; an address's pair and the letters and digits of its last path segment.

    >>> derive_id("texts/Kuwait_Relations.ar.txt", ("kuwait", "azerbaijan"))
    'kuwait-relations'
    >>> derive_id("https://lib.aliyevheritage.org/ar/4400500.html", ("saudi-arabia", "azerbaijan"))
    'saudi-arabia-azerbaijan-4400500'
    """
    if not is_url(item):
        name = re.sub(r"\.txt$", "", Path(item).name)
        name = re.sub(rf"\.{re.escape(language)}$", "", name)
        sid = kebab(name)
        if not sid:
            raise DataError(item, "no id can be made of this file name (no Latin letters or digits): give --id")
        return sid
    segments = [s for s in checked_url(item).path.split("/") if s]
    last = kebab(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", unquote(segments[-1]))) if segments else ""
    # an address whose last segment has no Latin letter or digit (an Arabic slug) is told apart by its digest
    return f"{pair[0]}-{pair[1]}-{last or hashlib.sha256(item.encode('utf-8')).hexdigest()[:8]}"


def _check_new_id(item: str, sid: str, ids: list[str], sources: Path, language: str) -> None:
    if not _ID.match(sid):
        raise DataError(item, "an id is lower-case letters and digits joined by '-'", sid)
    if ids.count(sid) > 1:
        raise DataError(item, "two inputs would have the same id: add them one at a time with --id", sid)
    for path in (sources / f"{sid}.yaml", sources / f"{sid}.{language}.txt"):
        if path.exists():
            raise DataError(str(path), "a source with this id exists already: choose another --id", sid)


def _draft(item: str, sid: str, pair: tuple[str, str], options: Options, fetcher: Fetcher) -> _Draft:
    """One input read (or fetched), checked, and its record made."""
    page = None
    if is_url(item):
        page = fetcher.page(item)
        text = page.text
        raw = text.encode("utf-8")
    else:
        raw, text = read_text_file(Path(item))
    check_text(text, item, options.language)
    lang = options.language
    record: dict[str, object] = {
        ff.SOURCE_ID: sid, ff.SOURCE_TEXT: f"{sid}.{lang}.txt", ff.SOURCE_SHA256: hashlib.sha256(raw).hexdigest(),
        "language": lang, "pair": list(pair),
        "title": {lang: source_title(text, item, options.title, page.title if page else None, lang)}
        | ({} if lang == "en" else {"en": options.title_en or NOT_TRANSLATED}),
        "publisher": {"en": options.publisher or (urlsplit(item).hostname if page else None) or UNKNOWN},
        "url": item if page else UNKNOWN, "series": options.series or UNKNOWN, "rights": {"en": PAGE_RIGHTS if page else RIGHTS},
        "author": UNKNOWN, "published": UNKNOWN}
    if page is not None:
        record |= {"retrieved": page.retrieved, "htmlSha256": page.html_sha256}
    return _Draft(sid, text, raw, record)


def read_text_file(path: Path) -> tuple[bytes, str]:
    """The bytes of a text file and their UTF-8 text; one-line :class:`DataError` otherwise."""
    check_input(path, str(path), max_bytes=None)  # not found, a folder, a pipe: one line
    raw = path.read_bytes()
    return raw, decode_utf8(raw, path)


def decode_utf8(raw: bytes, path: Path) -> str:
    """The UTF-8 text of a file's bytes; one-line :class:`DataError` (its line; Windows-1256 recognised) if not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = Location(str(path), raw[: exc.start].count(b"\n") + 1)
        if arabic_share(raw.decode("cp1256", "replace")) >= 0.5:
            raise DataError(where, "not UTF-8 but Arabic in Windows-1256: convert it first, e.g. "
                                   f"iconv -f cp1256 -t utf-8 {path} > {path.stem}.utf8.txt") from None
        raise DataError(where, "not UTF-8 text", raw[exc.start: exc.start + 4]) from None


def arabic_share(text: str) -> float:
    """The share of the letters of ``text`` that are Arabic (0 when it has no letter).

    >>> arabic_share("زيارة رسمية to Baku")
    0.625
    """
    letters = [c for c in text if unicodedata.category(c).startswith("L")]
    if not letters:
        return 0.0
    return sum(any(lo <= ord(c) <= hi for lo, hi in _ARABIC) for c in letters) / len(letters)


def check_text(text: str, item: str, language: str) -> None:
    """A source text is not empty and, in Arabic, at least half its letters are Arabic."""
    if not text.strip():
        raise DataError(item, "the text is empty")
    if language == "ar" and (share := arabic_share(text)) < 0.5:
        raise DataError(item, f"not Arabic text ({share:.0%} of its letters are Arabic): "
                              "give --language for a text in another language")


def source_title(text: str, item: str, given: str | None, page_title: str | None, language: str = "ar") -> str:
    """The title in the source's language: ``given`` (which must be words of the text), the page's
    title when it is, else the text's first line."""
    if given is not None:
        if not given.strip() or given.strip() not in text:
            raise DataError(item, f"the {'Arabic' if language == 'ar' else 'original'} title must be words of "
                                  "the text (--title)", given)
        return given.strip()
    if page_title and page_title.strip() and page_title.strip() in text:
        return page_title.strip()
    return next(line.strip() for line in text.splitlines() if line.strip())


def record_yaml(record: dict[str, object]) -> str:
    """A source record as YAML, keys in the order of ``data/sources/*.yaml``, under a comment."""
    from kg.core.yamlnodes import dump_yaml

    how = "the file's, byte for byte" if record.get("url") == UNKNOWN else "the page's article, as trafilatura kept it"
    lines = ["# Metadata of one source document, registered by `kg source add`. The text beside it is",
             f"# {how}. To review: the English title, publisher, rights, author and",
             "# publication date ('unknown' until known)."]
    for key, value in record.items():
        if key == "pair":
            lines.append(f"pair: [{', '.join(value)}]")
        else:
            lines += dump_yaml({key: value}, allow_unicode=True, sort_keys=False, width=4096,
                                    default_flow_style=False).splitlines()
    return "\n".join(lines) + "\n"
