"""Tab-separated tables with line numbers: ``#`` comment lines, one header row, then rows."""

from __future__ import annotations

from pathlib import Path

from kg.core.errors import DataError, Location


def read_table(path: Path, shown: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of ``path`` as (line, {column: stripped cell}); the header must name ``columns``."""
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")  # a spreadsheet's byte-order mark
    except FileNotFoundError:
        raise DataError(shown, "reference table not found") from None
    except UnicodeDecodeError as exc:
        raise DataError(Location(shown, path.read_bytes()[:exc.start].count(b"\n") + 1), "not UTF-8") from None
    header: list[str] | None = None
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\r").split("\t")  # a table saved with CRLF line ends reads the same
        if header is None:
            header = cells
            if tuple(header) != columns:
                raise DataError(Location(shown, number), f"the header must be: {' '.join(columns)}",
                                " ".join(header))
            continue
        if len(cells) != len(header):
            raise DataError(Location(shown, number), f"a row has {len(header)} tab-separated cells, not {len(cells)}",
                            line[:60])
        out.append((number, {c: v.strip() for c, v in zip(header, cells)}))
    if header is None:
        raise DataError(shown, "empty table")
    return out


def split_list(cell: str) -> list[str]:
    """A ``;``-separated cell as its items, empty ones dropped."""
    return [x.strip() for x in cell.split(";") if x.strip()]
