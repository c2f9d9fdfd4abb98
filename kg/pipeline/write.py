"""Writing outputs: the build's RDF files from their chunks, atomic replacement.

The build's RDF files are written from its sorted N-Quads chunks
(:class:`kg.pipeline.build.Built`), in a fixed order, by the serialisers of
:mod:`kg.rdf.serialise` (pyoxigraph's streaming ones: about a million quads a
second), so the same data always gives the same bytes: TriG by graph, subject,
predicate, object; Turtle and JSON-LD of the union by subject, predicate,
object.

A build's files go to a staging folder that :class:`kg.pipeline.folder.Staging`
swaps in as a whole once all are complete, so a failed run never leaves
half-written output and never touches the last good build; :func:`write_all`
does the same, file by file, for the other commands' outputs.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path

from kg.rdf.serialise import RDF_FILES, chunk_rdf, rdf_head


def write_pieces(name: str, pieces, prefixes: dict[str, str], path: Path) -> None:
    """Write one output file (kg.nq, or an RDF file with its head) from its chunk pieces, in order.

    A piece is bytes, or a file holding them (kg.pipeline.incremental's cache): the
    kernel copies those (``os.copy_file_range``), so that hundreds of megabytes
    of unchanged chunks never pass through Python.
    """
    with PiecesFile(name, prefixes, path) as out:
        for piece in pieces:
            out.add(piece)


class PiecesFile:
    """One output file written piece by piece as its chunks come (see :func:`write_pieces`): its head
    first, JSON-LD's separators between pieces, its tail when the ``with`` block ends."""

    def __init__(self, name: str, prefixes: dict[str, str], path: Path):
        self.name = name
        self.out = open(path, "wb", buffering=0)
        self.first = True
        if name != "kg.nq":
            self.out.write(rdf_head(name, prefixes))

    def __enter__(self) -> "PiecesFile":
        return self

    def add(self, piece: bytes | Path) -> None:
        if not (piece.stat().st_size if isinstance(piece, Path) else piece):
            return
        if self.name == "kg.jsonld":
            self.out.write(b"\n" if self.first else b",\n")
        self.first = False
        if isinstance(piece, Path):
            _copy(piece, self.out)
        else:
            self.out.write(piece)

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is None and self.name == "kg.jsonld":
                self.out.write(b"\n]\n")
        finally:
            self.out.close()


def _copy(source: Path, out) -> None:
    with open(source, "rb", buffering=0) as src:
        left = source.stat().st_size
        while left > 0:
            try:
                n = os.copy_file_range(src.fileno(), out.fileno(), left)
            except (AttributeError, OSError):  # no copy_file_range here: copy through Python
                out.write(src.read(left))
                return
            if n == 0:
                return
            left -= n


def write_rdf(chunks, prefixes: dict[str, str], folder: Path, keep=None) -> None:
    """Write kg.trig, kg.ttl and kg.jsonld of the chunks' N-Quads (an iterable of
    (name, N-Quads)) into ``folder``.

    ``keep(name, nquads, pieces)``, when given, receives each chunk's N-Quads and
    pieces (the incremental cache). Run by the build in a process of its own, from
    its first chunk on.
    """
    with ExitStack() as stack:
        files = [stack.enter_context(PiecesFile(file, prefixes, folder / file)) for file in RDF_FILES]
        for name, nquads in chunks:  # each chunk's pieces written as they come: none kept in memory
            p = chunk_rdf(nquads, prefixes)
            if keep is not None:
                keep(name, nquads, p)
            for f in files:
                f.add(p[f.name])


def write_all(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into ``out_dir``: all staged first, then each moved into place. On failure nothing
    is left: not the staged files, nor ``out_dir`` (or its parents) when this made it."""
    out_dir = Path(out_dir)
    made = outermost_missing(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    landed = False
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        for name in files:
            os.replace(staging / name, out_dir / name)
        landed = True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if made is not None and not landed:
            shutil.rmtree(made, ignore_errors=True)


@contextmanager
def new_folder(target: Path):
    """A staging folder beside ``target``, put in its place whole (replacing it) when the block ends without
    error, removed otherwise: readers see the old folder or the new one, never half of one."""
    target = Path(target)
    made = outermost_missing(target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.staging-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        staging.mkdir()
        yield staging
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.rename(target, old)
        os.rename(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
        raise


def outermost_missing(path: Path) -> Path | None:
    """The outermost folder of ``path`` (itself included) that does not exist yet: what making it makes."""
    return next((p for p in reversed((path, *path.parents)) if not p.exists()), None)
