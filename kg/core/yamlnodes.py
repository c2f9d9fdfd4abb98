"""YAML read with line numbers, every scalar kept as the text the curator wrote.

PyYAML's composer gives each node its position; we keep it so that every error
and every validation result can name the file and line of the curated record.
Scalars stay strings (``2006`` is not turned into an int, ``1994-10-10`` not
into a date): the build decides what a value means from the ontology.

Anchors and aliases (``&a``, ``*a``) are refused: curated records say each
thing once, and a few nested aliases expand to billions of nodes (a "YAML
bomb" of 1 KB once took a build to 6 GB).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import yaml

from kg.core.errors import DataError, Location
from kg.core.inputs import check_input


@dataclass(frozen=True, slots=True)
class Scalar:
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class Seq:
    items: list["Node"]
    line: int


@dataclass(frozen=True, slots=True)
class Map:
    items: dict[str, "Node"]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def get(self, key: str) -> "Node | None":
        return self.items.get(key)


Node = Union[Scalar, Seq, Map]

#: libyaml's parser where PyYAML has it; its events are composed here (:func:`_compose`), tags never resolved.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes a value used twice out twice: what kg writes, kg reads (no anchors, no aliases)."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump_yaml(value, **options) -> str:
    """:func:`yaml.safe_dump` without anchors or aliases (which :func:`read_yaml` refuses)."""
    return yaml.dump(value, Dumper=_Dumper, **options)


def read_yaml(path: Path, shown: str) -> Node:
    """Parse ``path`` into located nodes; ``shown`` is the name used in errors."""
    check_input(path, shown, max_bytes=None)  # a folder, a pipe, a loop: one line, never a hang
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(_byte_location(path.read_bytes(), exc.start, shown),
                        "not UTF-8", path.read_bytes()[exc.start:exc.start + 4]) from None
    try:
        return _compose(iter(yaml.parse(text, Loader=_LOADER)), shown)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DataError(Location(shown, line), f"malformed YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character, say)
        line = text[:exc.position].count("\n") + 1
        raise DataError(Location(shown, line), "malformed YAML: a character YAML does not allow",
                        f"U+{exc.character:04X}" if isinstance(exc.character, int) else exc.character) from None
    except RecursionError:
        raise DataError(shown, "malformed YAML: nested too deeply") from None


def _compose(events, shown: str) -> Node:
    """Located nodes straight from the parser's events, one document: no tree of PyYAML nodes beside ours
    (which doubled the memory of reading a large file), and anchors and aliases refused as they come."""
    next(events)  # StreamStart
    start = next(events)
    if isinstance(start, yaml.StreamEndEvent):
        raise DataError(shown, "empty file")
    root = _node(next(events), events, shown)
    next(events)  # DocumentEnd
    if not isinstance(extra := next(events), yaml.StreamEndEvent):
        raise DataError(Location(shown, extra.start_mark.line + 1), "malformed YAML: more than one document")
    return root


def _node(event, events, shown: str) -> Node:
    line = event.start_mark.line + 1
    if isinstance(event, yaml.AliasEvent) or event.anchor:
        alias = isinstance(event, yaml.AliasEvent)
        raise DataError(Location(shown, line), f"{'an alias' if alias else 'an anchor'}: YAML anchors and aliases "
                        "are not read in curated files (write the value out)", ("*" if alias else "&") + event.anchor)
    if isinstance(event, yaml.ScalarEvent):
        return Scalar(event.value, line)
    if isinstance(event, yaml.SequenceStartEvent):
        items = []
        while not isinstance(item := next(events), yaml.SequenceEndEvent):
            items.append(_node(item, events, shown))
        return Seq(items, line)
    values: dict[str, Node] = {}
    key_lines: dict[str, int] = {}
    while not isinstance(key := next(events), yaml.MappingEndEvent):
        key_line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarEvent) or key.anchor:
            raise DataError(Location(shown, key_line), "a key must be plain text")
        if key.value in values:
            raise DataError(Location(shown, key_line), "duplicate key", key.value)
        values[key.value] = _node(next(events), events, shown)
        key_lines[key.value] = key_line
    return Map(values, line, key_lines)


def _byte_location(data: bytes, offset: int, shown: str) -> Location:
    return Location(shown, data[:offset].count(b"\n") + 1)


def plain(node: Node):
    """A located node as plain Python values: str, list, dict (no line numbers)."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [plain(item) for item in node.items]
    return {key: plain(value) for key, value in node.items.items()}


class Reader:
    """Typed access to located nodes, raising :class:`DataError` with file and line."""

    def __init__(self, shown: str):
        self.file = shown

    def at(self, node: Node | int) -> Location:
        return Location(self.file, node if isinstance(node, int) else node.line)

    def fail(self, node: Node | int, message: str, value: object = None) -> DataError:
        return DataError(self.at(node), message, value)

    def map(self, node: Node | None, what: str, parent: Node | int = 0) -> Map:
        if not isinstance(node, Map):
            raise self.fail(node or parent, f"{what} must be a mapping")
        return node

    def seq(self, node: Node | None, what: str, parent: Node | int = 0) -> list[Node]:
        if node is None:
            return []
        if isinstance(node, Seq):
            return node.items
        raise self.fail(node, f"{what} must be a list")

    def text(self, node: Node | None, what: str, parent: Node | int = 0) -> str:
        if not isinstance(node, Scalar) or node.value == "":
            raise self.fail(node or parent, f"{what} must be non-empty text")
        return node.value

    def required(self, m: Map, key: str) -> Node:
        node = m.get(key)
        if node is None:
            raise self.fail(m, f"missing '{key}'")
        return node

    def scalars(self, node: Node) -> list[Scalar]:
        """A scalar or a list of scalars, as a list."""
        if isinstance(node, Scalar):
            return [node]
        items = self.seq(node, "value")
        for item in items:
            if not isinstance(item, Scalar):
                raise self.fail(item, "expected a plain value in this list")
        return items  # type: ignore[return-value]
