"""What the load stage gives: sources, records (registry, reference and facts), quotes, corpus."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core import dates
from kg.core.errors import Location
from kg.core.yamlnodes import Map, Node
from kg.text.find import Finder

if TYPE_CHECKING:
    from kg.pipeline.reference import Reference


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim passage of a source, anchored by code-point offsets."""

    exact: str
    start: int
    end: int
    prefix: str | None = None  # recorded only where the exact text occurs more than once
    suffix: str | None = None


@dataclass
class Source:
    id: str
    where: Location
    text_path: Path
    text: str
    sha256: str
    meta: Map  # the metadata record, read by the build

    @cached_property
    def finder(self) -> Finder:
        """Where quotes occur in the text (indexed when the text is long); dropped once the load is done."""
        return Finder(self.text)


@dataclass(slots=True)
class Record:
    """One curated record: a registry entity (``kind='entity'``), a reference record (``'reference'``:
    a state, capital, office role or minted office of ``data/reference/``) or a fact."""

    id: str
    kind: str
    where: Location
    type: str | None
    about: str | None
    props: dict[str, Node]
    prop_lines: dict[str, int]  # line of every key of the record, reserved keys included
    labels: dict[str, list[str]] = field(default_factory=dict)  # lang -> labels (first is preferred)
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    translation: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    wikidata: str | None = None
    date: dates.GivenDate | None = None
    date_line: int | None = None
    source: str | None = None
    quote: Quote | None = None


@dataclass(frozen=True)
class Uncovered:
    """A sentence of a source that no fact cites, with the curator's reason."""

    source: str
    text: str
    reason: str
    where: Location


@dataclass
class Corpus:
    data_dir: Path
    sources: dict[str, Source]
    records: list[Record]
    uncovered: list[Uncovered]
    reference: Reference | None = None  # data/reference/, when the folder has it

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}
