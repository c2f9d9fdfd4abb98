"""The input files of a data folder, listed and checked once for every kind of build.

:func:`data_files` is what a clean build (:func:`kg.pipeline.load.load`) and
an incremental rebuild (:func:`kg.pipeline.incremental.cache.input_files`)
both read the folder's contents from, so that both accept and reject the same
files with the same message (see :mod:`kg.core.inputs` for what is refused).
Hidden files (``.#facts.yaml``, an editor's lock) are not inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import DataError
from kg.core.inputs import DEFAULT_MAX_FILE_BYTES, check_input

#: The tables of ``reference/`` that the build reads (kg.pipeline.reference).
REFERENCE_TABLES = ("states-sources.tsv", "states.tsv", "wikidata.tsv", "roles.tsv")


@dataclass
class DataFiles:
    """Every input file of a data folder, each checked: a regular file inside it, within the size limit."""

    data_dir: Path
    registry: Path
    reference: list[Path]  # empty without reference/
    sources: list[Path]  # the source records (sources/*.yaml)
    texts: list[Path]  # the source texts: every other entry of sources/ but a folder
    facts: list[Path]  # facts/*.yaml

    def all(self) -> list[Path]:
        return [self.registry, *self.reference, *self.sources, *self.texts, *self.facts]


def shown_path(data_dir: Path, path: Path) -> str:
    """The name of a data file in messages and provenance: relative to the data folder's parent."""
    try:
        return str(path.relative_to(data_dir.parent)) if data_dir.parent != Path("") else str(path)
    except ValueError:
        return str(path)


def data_files(data_dir: Path, max_bytes: int | None = DEFAULT_MAX_FILE_BYTES) -> DataFiles:
    """List and check the input files of ``data_dir``; raise at the first that is not a readable file."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(str(data_dir), "data folder not found" if not data_dir.exists() else "not a folder")
    registry = data_dir / "entities.yaml"
    if not registry.exists() and not registry.is_symlink():
        raise DataError(shown_path(data_dir, registry), "entity registry not found")
    reference = [data_dir / "reference" / name for name in REFERENCE_TABLES] \
        if _folder(data_dir, "reference") else []
    in_sources = _listed(data_dir, "sources", "*")
    found = DataFiles(data_dir, registry, reference, [p for p in in_sources if p.suffix == ".yaml"],
                      [p for p in in_sources if p.suffix != ".yaml" and (p.is_symlink() or not p.is_dir())],
                      _listed(data_dir, "facts", "*.yaml"))
    for path in found.all():
        check_input(path, shown_path(data_dir, path), data_dir, max_bytes)
    return found


def _folder(data_dir: Path, name: str) -> bool:
    """Whether ``data_dir/name`` is there: a folder (a symlink to one inside the data folder counts)."""
    folder = data_dir / name
    if not folder.exists() and not folder.is_symlink():
        return False
    if not folder.is_dir() or (folder.is_symlink()
                               and not folder.resolve().is_relative_to(data_dir.resolve())):
        raise DataError(shown_path(data_dir, folder), "not a folder inside the data folder")
    return True


def _listed(data_dir: Path, folder: str, pattern: str) -> list[Path]:
    if not _folder(data_dir, folder):
        return []
    return sorted(p for p in (data_dir / folder).glob(pattern) if not p.name.startswith("."))
