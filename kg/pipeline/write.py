"""Writing outputs: the build's RDF files from their chunks, atomic replacement.

The build's RDF files are written from its sorted N-Quads chunks
(:class:`kg.pipeline.build.Built`), in a fixed order, by the serialisers of
:mod:`kg.rdf.serialise` (pyoxigraph's streaming ones: about a million quads a
second), so the same data always gives the same bytes: TriG by graph, subject,
predicate, object; Turtle and JSON-LD of the union by subject, predicate,
object.

Every file is written to a staging folder beside its destination and moved
into place with :func:`os.replace` only once all files are complete, so a
failed run never leaves half-written output and never touches the last good
build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from kg.rdf.serialise import RDF_FILES, chunk_rdf, rdf_head


def write_pieces(name: str, pieces, prefixes: dict[str, str], path: Path) -> None:
    """Write one output file (kg.nq, or an RDF file with its head) from its chunk pieces, in order.

    A piece is bytes, or a file holding them (kg.pipeline.incremental's cache): the
    kernel copies those (``os.copy_file_range``), so that hundreds of megabytes
    of unchanged chunks never pass through Python.
    """
    with open(path, "wb", buffering=0) as out:
        if name != "kg.nq":
            out.write(rdf_head(name, prefixes))
        first = True
        for piece in pieces:
            if not (piece.stat().st_size if isinstance(piece, Path) else piece):
                continue
            if name == "kg.jsonld":
                out.write(b"\n" if first else b",\n")
            first = False
            if isinstance(piece, Path):
                _copy(piece, out)
            else:
                out.write(piece)
        if name == "kg.jsonld":
            out.write(b"\n]\n")


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
    pieces = []
    for name, nquads in chunks:
        p = chunk_rdf(nquads, prefixes)
        if keep is not None:
            keep(name, nquads, p)
        pieces.append(p)
    for file in RDF_FILES:
        write_pieces(file, [p[file] for p in pieces], prefixes, folder / file)


class Staging:
    """A folder inside ``out_dir`` that the outputs are written into, then moved into place.

    :meth:`commit` moves every staged file into ``out_dir`` (a conforming
    build); :meth:`reject` makes ``out_dir/rejected`` the staged folder (the
    last good build stays); leaving the ``with`` block otherwise removes it,
    and ``out_dir`` too when this made it (a first build that failed leaves nothing).
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        #: the outermost folder made here (removed again, with what is under it, when nothing lands)
        self.made = next((p for p in reversed((self.out_dir, *self.out_dir.parents)) if not p.exists()), None)
        self.landed = False
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out_dir))

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self.made is not None and not self.landed:
            shutil.rmtree(self.made, ignore_errors=True)

    def write(self, name: str, data: bytes) -> None:
        (self.path / name).write_bytes(data)

    def commit(self) -> Path:
        for f in sorted(self.path.iterdir()):
            os.replace(f, self.out_dir / f.name)
        self.landed = True
        return self.out_dir

    def reject(self) -> Path:
        target = self.out_dir / "rejected"
        old = None
        if target.exists():
            old = target.with_name(f".rejected-old-{os.getpid()}")
            os.replace(target, old)
        os.replace(self.path, target)
        self.landed = True
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return target


def write_all(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into ``out_dir``: all staged first, then each moved into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        for name in files:
            os.replace(staging / name, out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def replace_dir(target: Path, files: dict[str, bytes]) -> None:
    """Make ``target`` hold exactly ``files``, swapping the folder in one rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    for name, data in files.items():
        (staging / name).write_bytes(data)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
