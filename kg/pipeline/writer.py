"""The build's writers: kg.nq chunk by chunk as the build completes them, and a second process
that turns each chunk into TriG, Turtle and JSON-LD (and the incremental cache) meanwhile.

The second process is ``python -m kg.pipeline.writer``: a fresh interpreter
(see :class:`RdfWriter`), whose arguments and spans of kg.nq come pickled on
stdin.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class Background:
    """A function run in a thread; :meth:`join` waits and re-raises what it raised."""

    def __init__(self, fn):
        import threading

        self.error: BaseException | None = None

        def run():
            try:
                fn()
            except BaseException as exc:  # re-raised in join
                self.error = exc

        self.thread = threading.Thread(target=run, name="kg-background", daemon=True)
        self.thread.start()

    def join(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error


class NQuadsWriter:
    """Writes kg.nq chunk by chunk as the build completes them (each sorted, see kg.pipeline.build.Built),
    hands each chunk's place in the file to ``send``, and notes what later stages need."""

    def __init__(self, path: Path, derived_predicates: list[str], base: str, send):
        from kg.rdf.shacl.integers import DerivedIntegers

        #: the integers Oxigraph stores as xsd:integer (kg.rdf.shacl.integers.DerivedIntegers), once closed
        self.integers = DerivedIntegers(derived_predicates)
        self._marks = {f"<{p}>" for p in derived_predicates}
        self._registry = f"<{base}graph/registry>"
        self._integer_lines: list[str] = []
        self._send = send
        self._file = open(path, "wb")
        self._at = 0
        self.digests: list[str] = []
        self.chunk_lines: list[int] = []
        self.counts_by_chunk: dict[str, dict[str, int]] = {}
        self.lines = 0
        self.graphs: set = set()
        self.registry: dict = {}  # digest of a registry-graph line -> chunks giving it

    def add(self, name: str, chunk: list[tuple[str, str, str, str]]) -> None:
        from kg.pipeline.incremental import cache as inc
        from kg.pipeline.build import count_instances, sorted_nquads

        quads = set(chunk)
        data = sorted_nquads(quads)
        self._file.write(data)
        self._file.flush()  # the second process reads it from the file
        span = (name, self._at, self._at + len(data))
        self._at += len(data)
        self.digests.append(inc.digest(data))
        self.chunk_lines.append(len(quads))
        self.counts_by_chunk[name] = count_instances(chunk)
        self.lines += len(quads)
        registry, marks, graphs = self._registry, self._marks, self.graphs
        for s, p, o, g in quads:
            graphs.add(g)
            if g == registry:
                h = inc.line_digest(f"{s} {p} {o} {g} .".encode("utf-8"))
                self.registry[h] = self.registry.get(h, 0) + 1
            elif p in marks and "XMLSchema#" in o:
                self._integer_lines.append(f"{s} {p} {o} {g} .")
        self._send(span)

    def close(self, failed: bool = False) -> None:
        import pyoxigraph as ox

        if self._file.closed:
            return
        self._file.close()
        if failed:
            return
        self.integers.lines = "\n".join(sorted(self._integer_lines)).encode("utf-8")
        if self._integer_lines:
            self.integers.add(ox.parse(self.integers.lines, format=ox.RdfFormat.N_QUADS))


class RdfWriter:
    """Writes kg.trig, kg.ttl and kg.jsonld in a second process while this one builds and validates;
    with ``cache``, also each chunk's pieces and, into ``store_dir``, an on-disk Oxigraph store.

    :meth:`send` hands it each chunk's span of kg.nq as soon as the file holds
    it (``None`` once there are no more); :meth:`join` waits for the files.
    """

    #: Below this many curated records (kg.nq under about 8 MB) the files are written in this process.
    INLINE_RECORDS = 1500

    def __init__(self, records: int, prefixes: dict[str, str], folder: Path, stages, cache: Path | None = None,
                 store_dir: Path | None = None, deps=None):
        from kg.core.progress import StageRecord

        self.process = None
        self.stages, self.record = stages, StageRecord
        self.folder = folder
        self.spans: list[tuple[str, int, int]] = []
        self.args = (prefixes, folder, cache, store_dir, deps)
        self.inline = records < self.INLINE_RECORDS
        if not self.inline:
            # A fresh interpreter, not a fork: a fork of a process that has used Oxigraph's on-disk store
            # (RocksDB keeps threads for the life of the process) can deadlock in the child. And a
            # command, not multiprocessing's spawn, which would re-run the caller's main script.
            # Starting one costs about half a second: small builds write here, after validation, instead.
            import subprocess
            import sys

            import kg

            env = dict(os.environ)
            env["KG_WRITER_PARENT"] = str(os.getpid())
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(kg.__file__).parent.parent),
                                                              env.get("PYTHONPATH")]))
            with open(folder / ".writer-stderr", "wb") as err:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "kg.pipeline.writer"],
                    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err, env=env)
            self._put(self.args)

    def _put(self, message) -> None:
        import pickle

        if self.process is None or self.process.stdin.closed:
            return
        try:
            pickle.dump(message, self.process.stdin)
            if message is None:
                self.process.stdin.close()
            else:
                self.process.stdin.flush()
        except OSError:  # the process has died: join reports it
            pass

    def send(self, span: tuple[str, int, int] | None) -> None:
        if self.inline:  # kept for join, which writes them here
            if span is not None:
                self.spans.append(span)
        else:
            self._put(span)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def join(self) -> None:
        if self.inline:
            import time

            from kg.core.progress import peak_rss_bytes

            start = time.perf_counter()
            write_rdf_files(iter(self.spans), *self.args)
            self.stages.extra.append(self.record("rdf-files", time.perf_counter() - start, peak_rss_bytes(),
                                                 "TriG, Turtle, JSON-LD, cache; in this process (a small build)"))
            self.inline = False
            return
        if self.process is None:
            return
        if self.process.wait() != 0:
            try:
                lines = (self.folder / ".writer-stderr").read_text(errors="replace").strip().splitlines()
            except OSError:
                lines = []
            code = self.process.returncode
            if code in (EXIT_OS_ERROR, EXIT_NO_SPACE):  # the CLI's line for a file-system error
                filename, _, message = (lines[-1] if lines else "\t").partition("\t")
                raise OSError(errno.ENOSPC if code == EXIT_NO_SPACE else errno.EIO,
                              message or "the disk is full", filename or str(self.folder))
            raise RuntimeError(f"writing TriG/Turtle/JSON-LD failed (exit code {code})"
                               + (f": {lines[-1]}" if lines else ""))
        (self.folder / ".writer-stderr").unlink()
        timing = self.folder / ".writer-profile"
        if timing.exists():
            seconds, peak = timing.read_text().split()
            timing.unlink()
            self.stages.extra.append(self.record("rdf-files", float(seconds), int(peak),
                                                 "TriG, Turtle, JSON-LD, cache; second process, beside the rest"))
        self.process = None


def write_rdf_files(spans, prefixes, folder: Path, cache: Path | None, store_dir: Path | None, deps=None) -> None:
    """The second process's work: the RDF files from the chunks of ``folder/kg.nq``, each written
    as soon as ``spans`` (an iterator of (chunk, start, end)) gives its place in the file."""
    from kg.pipeline.incremental import cache as inc
    from kg.pipeline.write import write_rdf

    if deps is not None:  # what each query reads, for the next incremental rebuild
        inc.write_dependencies(cache, *deps)
    store = None
    if store_dir is not None:
        import pyoxigraph as ox

        store = ox.Store(str(store_dir))
    pending: list[bytes] = []

    def load_store(last: bool = False) -> None:
        # In slices of about 32 MB, at chunk boundaries: one bulk load of 1M quads takes ~1 GB,
        # slices ~0.3 GB, for the same time.
        if store is not None and pending and (last or sum(map(len, pending)) >= 32 * 2**20):
            store.bulk_load(b"".join(pending), format=ox.RdfFormat.N_QUADS)
            pending.clear()

    def chunks():
        with open(folder / "kg.nq", "rb") as f:
            for name, start, end in spans:
                data = os.pread(f.fileno(), end - start, start)
                if store is not None:
                    pending.append(data)
                    load_store()
                yield name, data
        load_store(last=True)

    keep = (lambda name, nquads, pieces: inc.keep_chunk(cache, nquads, pieces)) if cache is not None else None
    write_rdf(chunks(), prefixes, folder, keep=keep)
    if store is not None:
        store.flush()
        del store


def make_way() -> None:
    """Keep this process (and the RocksDB threads it starts) off the first CPU, and behind the build.

    The build is one thread that runs the whole time; this process only has to be done by the
    build's last stage. Sharing every CPU, RocksDB's threads slowed the build by about 7% (1M
    triples, 2 CPUs); kept to the other CPUs at a lower priority, the files are still ready when
    the build gets to them.
    """
    try:
        cpus = os.sched_getaffinity(0)
        if len(cpus) > 1:
            os.sched_setaffinity(0, cpus - {min(cpus)})
        os.nice(5)
    except (AttributeError, OSError):  # not Linux, or not allowed: run as it is
        pass


def main() -> None:
    """The second process (``python -m kg.pipeline.writer``): its arguments, then the chunks' spans,
    come pickled on stdin."""
    import pickle
    import sys
    import time

    from kg.core.progress import peak_rss_bytes

    start = time.perf_counter()
    die_with_parent()
    make_way()
    stdin = sys.stdin.buffer
    try:
        prefixes, folder, cache, store_dir, deps = pickle.load(stdin)

        def spans():
            while (span := pickle.load(stdin)) is not None:
                yield span

        write_rdf_files(spans(), prefixes, folder, cache, store_dir, deps)
        (folder / ".writer-profile").write_text(f"{time.perf_counter() - start} {peak_rss_bytes()}")
    except EOFError:  # the build stopped sending: it failed, or was killed
        sys.exit(EXIT_ABANDONED)
    except OSError as exc:  # a full disk, above all: the build reports it as its own
        print(f"{exc.filename or ''}\t{exc.strerror or exc}", file=sys.stderr)
        sys.exit(EXIT_NO_SPACE if exc.errno in (errno.ENOSPC, errno.EDQUOT) else EXIT_OS_ERROR)


#: The second process's exit codes besides 0: the file system failed (a full disk), or the build went away.
EXIT_OS_ERROR, EXIT_NO_SPACE, EXIT_ABANDONED = 74, 75, 76


def die_with_parent() -> None:
    """Have the kernel kill this process when the build that started it dies (Linux; elsewhere the
    build's closed pipe ends it at the next chunk)."""
    parent = int(os.environ.get("KG_WRITER_PARENT", "0"))
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if parent and os.getppid() != parent:  # the build died before prctl took effect
        os._exit(EXIT_ABANDONED)


if __name__ == "__main__":
    main()
