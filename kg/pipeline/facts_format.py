"""The curated facts format: its key names, the order of a record's fields, and its one writer.

A facts file (``facts/<name>.yaml``) is a mapping of :data:`SOURCE` (the id of
its source record), :data:`FACTS` (the records) and :data:`UNCOVERED`
(sentences no fact cites, each with :data:`SENTENCE` and :data:`REASON`).
Drafts of ``kg extract`` add :data:`NEW_ENTITIES` (entries for the registry).
The registry (``entities.yaml``) is a mapping of :data:`ENTITIES`.

A record (a fact or a registry entity) holds the keys of :data:`RESERVED` and
ontology properties. Writers put a fact's fields in the order of
:func:`fact_fields` (id, type or resource, quote, the properties, date, label,
note) and an entity's in the order of :func:`entity_fields` (id, type, label,
the properties). :mod:`kg.pipeline.load` reads the same names.

:class:`FactsWriter` writes a document record by record in one of two styles:
:class:`BlockStyle` (records indented under their key, one blank line after
each, values given as YAML flow text; fast, for :mod:`kg.devtools.synth`) and
:class:`PyYamlStyle` (each record dumped by PyYAML, for the drafts of
:mod:`kg.extract`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Protocol, TypeVar

# --- Top-level keys -----------------------------------------------------------------------------

SOURCE = "source"  #: facts file: the id of the source record the facts are drawn from
FACTS = "facts"  #: facts file: the records
UNCOVERED = "uncovered"  #: facts file: sentences that no fact cites
NEW_ENTITIES = "newEntities"  #: drafts only: entries proposed for the registry
ENTITIES = "entities"  #: registry: the records

# --- Keys of a record ---------------------------------------------------------------------------

ID = "id"
TYPE = "type"
RESOURCE = "resource"
QUOTE = "quote"
DATE = "date"
LABEL = "label"
ALT_LABEL = "altLabel"
TRANSLATION = "translation"
NOTE = "note"
WIKIDATA = "wikidata"
#: ``draft: true`` marks a record ``kg extract`` suggested and no curator has accepted yet;
#: ``kg build`` refuses it (one line per draft), so a draft never becomes a fact unread.
DRAFT = "draft"
#: What a draft writes where a curator must: a label ``TODO`` and an uncovered sentence's
#: :data:`DRAFT_REASON`. ``kg build`` refuses both, like the mark itself.
TODO = "TODO"
DRAFT_REASON = "kg extract found no event in it: cite it in a fact, or say why not"
#: Keys of a record that are not ontology properties.
RESERVED = frozenset({ID, TYPE, RESOURCE, QUOTE, DATE, LABEL, ALT_LABEL, TRANSLATION, NOTE, WIKIDATA, DRAFT})

#: Keys of a quote given as a mapping (a plain string is the exact text).
QUOTE_KEYS = ("exact", "prefix", "suffix", "occurrence")
#: Keys of an uncovered sentence.
SENTENCE, REASON = "sentence", "reason"

# --- Keys of a source record (``sources/<id>.yaml``) --------------------------------------------

SOURCE_ID, SOURCE_TEXT, SOURCE_SHA256 = "id", "text", "sha256"

V = TypeVar("V")


def fact_fields(id: V, *, type: V | None = None, resource: V | None = None, quote: V | None = None,
                props: Iterable[tuple[str, V]] = (), date: V | None = None, label: V | None = None,
                note: V | None = None, draft: bool = False) -> list[tuple[str, V]]:
    """The fields of a fact in the order writers give them; fields that are ``None`` are left out.

    >>> fact_fields("v-1", type="Visit", quote="...", props=[("visitor", "p-1")], date="2004")
    [('id', 'v-1'), ('type', 'Visit'), ('quote', '...'), ('visitor', 'p-1'), ('date', '2004')]
    """
    out: list = [(ID, id)]
    if draft:
        out.append((DRAFT, True))
    if type is not None:
        out.append((TYPE, type))
    if resource is not None:
        out.append((RESOURCE, resource))
    if quote is not None:
        out.append((QUOTE, quote))
    out += props
    if date is not None:
        out.append((DATE, date))
    if label is not None:
        out.append((LABEL, label))
    if note is not None:
        out.append((NOTE, note))
    return out


def entity_fields(id: V, *, type: V, label: V, props: Iterable[tuple[str, V]] = (),
                  draft: bool = False) -> list[tuple[str, V]]:
    """The fields of a registry entity in the order writers give them.

    >>> entity_fields("state-1", type="State", label="{en: State 1}")
    [('id', 'state-1'), ('type', 'State'), ('label', '{en: State 1}')]
    """
    return [(ID, id), *([(DRAFT, True)] if draft else []), (TYPE, type), (LABEL, label), *props]


# --- YAML flow text ------------------------------------------------------------------------------

_UNSAFE = frozenset(':#,[]{}"\'&*!|>%@`\\\n\t')


def scalar(text: str) -> str:
    """A YAML scalar: plain when safe in flow and block context, else double-quoted (JSON is YAML).

    >>> scalar("State 7"), scalar("a: b")
    ('State 7', '"a: b"')
    """
    if text and text == text.strip() and not _UNSAFE.intersection(text) and text[0] not in "-?" \
            and text not in ("~",):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value: object) -> str:
    """A string, list or mapping (of strings) as YAML flow text; anything else as the scalar of its ``str``.

    >>> flow(["a", "b"]), flow({"en": "x: y"})
    ('[a, b]', '{en: "x: y"}')
    """
    if isinstance(value, list):
        return "[" + ", ".join(flow(x) for x in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(x)}" for k, x in value.items()) + "}"
    return scalar(str(value))


# --- The writer -----------------------------------------------------------------------------------


class RecordStyle(Protocol):
    """How :class:`FactsWriter` lays out the records of a section."""

    def record(self, lines: list[str], fields: list[tuple[str, object]]) -> None:
        """Append the lines of one record (a list item) to ``lines``."""

    def entry(self, key: str, value) -> str:
        """The line of a top-level ``key: value``."""

    def empty_section(self, key: str) -> str:
        """The line of a section without records."""


class BlockStyle:
    """Records indented under their key (``  - id: ...``), one field a line, a blank line after each.

    Field values are YAML flow text already (see :func:`scalar` and :func:`flow`).
    """

    def record(self, lines: list[str], fields: list[tuple[str, str]]) -> None:
        it = iter(fields)
        key, value = next(it)
        lines.append(f"  - {key}: {value}")
        lines += [f"    {k}: {v}" for k, v in it]
        lines.append("")

    def entry(self, key: str, value: str) -> str:
        return f"{key}: {value}"

    def empty_section(self, key: str) -> str:
        return f"{key}: []"


class PyYamlStyle:
    """Records as :func:`yaml.safe_dump` lays out the items of a sequence under a key (``- id: ...``).

    Field values are Python values (strings, lists, mappings, booleans).
    """

    def record(self, lines: list[str], fields: list[tuple[str, object]]) -> None:
        from kg.core.yamlnodes import dump_yaml

        text = dump_yaml([dict(fields)], allow_unicode=True, sort_keys=False, width=4096,
                              default_flow_style=None)
        lines += text.splitlines()

    def entry(self, key: str, value: object) -> str:
        from kg.core.yamlnodes import dump_yaml

        return dump_yaml({key: value}, allow_unicode=True, width=4096).rstrip("\n")

    def empty_section(self, key: str) -> str:
        return f"{key}: []"


class FactsWriter:
    """A facts document (or the registry), written line by line.

    >>> w = FactsWriter(BlockStyle())
    >>> w.comment("Facts of one source."); w.entry(SOURCE, "s-1"); w.section(FACTS)
    >>> w.record(fact_fields("f-1", type="Visit", quote=scalar("..."), date="2004"))
    4
    >>> w.empty_section(UNCOVERED)
    >>> print(w.text(), end="")
    # Facts of one source.
    source: s-1
    facts:
      - id: f-1
        type: Visit
        quote: ...
        date: 2004
    <BLANKLINE>
    uncovered: []
    """

    def __init__(self, style: RecordStyle) -> None:
        self.style = style
        self.lines: list[str] = []

    def comment(self, text: str, indent: str = "") -> None:
        self.lines.append(f"{indent}# {text}")

    def blank(self) -> None:
        self.lines.append("")

    def entry(self, key: str, value: object) -> None:
        """A top-level ``key: value`` line (``value`` as the style takes it)."""
        self.lines.append(self.style.entry(key, value))

    def section(self, key: str) -> None:
        """Open the sequence of records under ``key``."""
        self.lines.append(f"{key}:")

    def empty_section(self, key: str) -> None:
        self.lines.append(self.style.empty_section(key))

    def records(self, key: str, records: list[list]) -> None:
        """A whole section: ``key`` and its records, or ``key: []``."""
        if not records:
            self.empty_section(key)
            return
        self.section(key)
        for fields in records:
            self.record(fields)

    def record(self, fields: list) -> int:
        """Write one record; return the line number (from 1) of its first line."""
        line = len(self.lines) + 1
        self.style.record(self.lines, fields)
        return line

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
