"""The output folder of a build: one build at a time, outputs swapped in at once, no debris.

Layout of ``OUT``::

    .lock                 held by a build from start to end (flock); holds the holder's pid
    .builds/000007/       one build's files: kg.nq, kg.trig, kg.ttl, kg.jsonld, report.json
    .builds/current       -> 000007, the last conforming build
    kg.nq                 -> .builds/current/kg.nq (and each other file): what users and kg read
    rejected              -> .builds/000008, the last build that violated the shapes or a check
    .cache/               the incremental build's cache (kg.pipeline.incremental)

A build writes its files into a staging folder (``.builds/.staging-PID-*``),
renames it to the next number, then points ``.builds/current`` at it with one
``rename(2)``: whoever opens ``OUT/kg.nq`` and the rest gets the last build or
the new one, never a mix, and a build killed at any point leaves the last good
build in place. The next build, once it holds the lock, removes what a killed
one left (:meth:`BuildFolder.sweep`).

Two builds into one folder are serialised by :class:`BuildFolder`: the second
waits for the first (or, told not to wait, stops with
:class:`~kg.core.errors.FolderLocked`). A first build that fails removes the
folder it made, and nothing else: under the lock nobody else writes there.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import secrets
from pathlib import Path
from typing import Callable

from kg.core import faults
from kg.core.errors import FolderLocked, UsageError
from kg.pipeline.write import outermost_missing

LOCK = ".lock"
BUILDS = ".builds"
CURRENT = "current"
REJECTED = "rejected"


class BuildFolder:
    """The lock on an output folder, held for a ``with`` block; the folder made first when it is new.

    ``on_wait(pid)`` is called once when another build holds the lock (``pid``
    its process id, or None when unknown) and this one waits; with
    ``wait=False``, :class:`~kg.core.errors.FolderLocked` is raised instead.
    """

    def __init__(self, out_dir: Path, *, wait: bool = True, on_wait: Callable[[int | None], None] | None = None):
        self.out_dir = Path(out_dir)
        self.wait = wait
        self.on_wait = on_wait
        self.made: Path | None = None
        self._fd: int | None = None

    def __enter__(self) -> "BuildFolder":
        try:
            self._lock()
        except BaseException:  # a full disk, say: the folder made for nothing goes again
            self.__exit__()
            raise
        return self

    def _lock(self) -> None:
        lock = self.out_dir / LOCK
        while True:
            self._make()
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                if not self.wait:
                    os.close(fd)
                    raise FolderLocked(f"{self.out_dir}: another build (pid {holder or 'unknown'}) is writing this "
                                       "folder; nothing was done (without --no-wait, kg build waits for it)") from None
                if self.on_wait is not None:
                    self.on_wait(holder)
                fcntl.flock(fd, fcntl.LOCK_EX)
            # The build waited for may have removed the folder it made (a first build that failed), lock included.
            try:
                if os.fstat(fd).st_ino == os.stat(lock).st_ino:
                    break
            except FileNotFoundError:
                pass
            os.close(fd)
        self._fd = fd
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.sweep()

    def _make(self) -> None:
        out = self.out_dir
        if out.exists() and not out.is_dir():
            raise UsageError(f"{out}: the output folder is a file (give a folder, new or of an earlier build)")
        self.made = outermost_missing(out)
        out.mkdir(parents=True, exist_ok=True)  # an OSError (a file on the way, no permission): the CLI's line

    def __exit__(self, *exc) -> None:
        try:
            if self.made is not None and not landed(self.out_dir):
                if self._fd is not None:  # under the lock, all in it is this build's: a failed first build
                    shutil.rmtree(self.made, ignore_errors=True)  # leaves nothing
                else:  # never locked (the lock file could not be made): empty folders only
                    for folder in (self.out_dir, *self.out_dir.parents):
                        try:
                            folder.rmdir()
                        except OSError:
                            break
                        if folder == self.made:
                            break
        finally:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def sweep(self) -> None:
        """Remove what killed builds left (see :func:`sweep`)."""
        sweep(self.out_dir)


def sweep(out_dir: Path) -> None:
    """Remove what killed builds left in ``out_dir``: staging folders, builds nothing points to, half-made
    links. Only a build holding the folder's lock calls it (nothing else writes there meanwhile)."""
    out, builds = Path(out_dir), Path(out_dir) / BUILDS
    keep = {_target_name(builds / CURRENT), _target_name(out / REJECTED), CURRENT}
    if builds.is_dir():
        for p in builds.iterdir():
            if p.name not in keep:
                _remove(p)
    for pattern in (".staging-*", ".rejected-old-*", f".*{_NEW}*"):  # (.staging-*: before .builds/ existed)
        for p in out.glob(pattern):
            _remove(p)


def landed(out_dir: Path) -> bool:
    """Whether a build ever landed in ``out_dir`` (conforming, or rejected)."""
    return (Path(out_dir) / BUILDS / CURRENT).is_symlink() or (Path(out_dir) / REJECTED).exists()


class Staging:
    """A folder that one build's outputs are written into, then swapped in as a whole.

    Made inside ``OUT/.builds``; the caller holds the folder's lock
    (:class:`BuildFolder`). :meth:`commit` makes it the current build (a
    conforming one); :meth:`reject` makes it ``OUT/rejected`` (the last good
    build stays); leaving the ``with`` block otherwise removes it.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.builds = self.out_dir / BUILDS
        self.builds.mkdir(parents=True, exist_ok=True)
        self.path = self.builds / f".staging-{os.getpid()}-{secrets.token_hex(4)}"
        self.path.mkdir(0o777)  # as the umask allows (mkdtemp's 0700 would hide the build from other users)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def write(self, name: str, data: bytes) -> None:
        (self.path / name).write_bytes(data)

    def commit(self) -> Path:
        """Make the staged files the current build: one rename, then the top-level links, then old builds removed."""
        names = sorted(p.name for p in self.path.iterdir())
        build = self._settle()
        faults.point("commit")
        _point(self.builds / CURRENT, build.name)
        faults.point("committed")
        for name in names:
            _point(self.out_dir / name, f"{BUILDS}/{CURRENT}/{name}")
        for p in self.out_dir.iterdir():  # a file an earlier build had and this one has not
            if p.is_symlink() and os.readlink(p).startswith(f"{BUILDS}/{CURRENT}/") and p.name not in names:
                p.unlink()
        sweep(self.out_dir)
        return self.out_dir

    def reject(self) -> Path:
        """Make the staged files ``OUT/rejected``; the current build stays."""
        build = self._settle()
        _point(self.out_dir / REJECTED, f"{BUILDS}/{build.name}")
        sweep(self.out_dir)
        return self.out_dir / REJECTED

    def _settle(self) -> Path:
        numbers = [int(p.name) for p in self.builds.iterdir() if p.name.isdigit()]
        build = self.builds / f"{max(numbers, default=0) + 1:06d}"
        os.rename(self.path, build)
        return build


_NEW = "-new-"


def _point(link: Path, target: str) -> None:
    """Make ``link`` a symlink to ``target`` in one rename (a file or folder of the old layout is replaced)."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    tmp = link.with_name(f".{link.name}{_NEW}{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    old = None
    if link.is_dir() and not link.is_symlink():  # rejected/ as a folder, from before .builds/
        old = link.with_name(f".rejected-old-{os.getpid()}")
        os.rename(link, old)
    os.replace(tmp, link)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _target_name(link: Path) -> str | None:
    try:
        return Path(os.readlink(link)).name
    except OSError:
        return None


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p, ignore_errors=True)
    else:
        p.unlink(missing_ok=True)


def _holder(fd: int) -> int | None:
    """The pid the lock's holder wrote into the lock file, if it has yet."""
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
