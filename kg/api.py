"""The functions behind the ``kg`` commands, callable from notebooks and tests.

``build_graph`` runs the pipeline (load → build → validate → checks) and
writes the outputs; the CLI only parses arguments and prints.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg.core.config import ONTOLOGY_FILE, SHAPES_FILE, base_iri


@dataclass
class BuildOutcome:
    out_dir: Path
    written_to: Path  # OUT, or OUT/rejected when the data does not conform
    counts: dict[str, int]
    quads: int  # distinct quads (lines of kg.nq)
    graphs: int
    coverage: list[dict]
    report: "object"  # kg.pipeline.validate.ValidationReport
    checks: dict[str, int] = field(default_factory=dict)  # check name -> rows returned
    incremental: bool = False  # rebuilt from the cache of the last build (kg.pipeline.incremental)

    @property
    def ok(self) -> bool:
        return self.report.conforms and not any(self.checks.values()) and not self.coverage_problems

    @property
    def coverage_problems(self) -> int:
        return sum(len(c["unaccounted"]) + len(c["stale_uncovered_entries"]) for c in self.coverage)


def build_graph(data_dir: Path, out_dir: Path, base: str | None = None, *,
                ontology_path: Path | None = None, shapes_path: Path | None = None,
                engine: str = "auto", stages=None, incremental: bool = True) -> BuildOutcome:
    """Load, build, validate and check ``data_dir``; write into ``out_dir``.

    A conforming dataset replaces the outputs in ``out_dir``; one that violates
    the shapes or a check goes to ``out_dir/rejected/`` and the last conforming
    output is left untouched. Bad input raises before anything is written.

    Stages: load → build (each curated file's chunk of kg.nq written as soon
    as it is built) → store (Oxigraph, in memory) → validate (``engine``, see
    :mod:`kg.pipeline.validate`) → checks → write. Beside them, from the build on, a
    second process writes TriG, Turtle and JSON-LD chunk by chunk, and the
    incremental cache with its on-disk store. ``stages`` (a
    :class:`kg.core.progress.Stages`) times them and draws progress.

    With the oxigraph engine and ``incremental``, a build that follows another
    of the same folder rebuilds only what changed (:mod:`kg.pipeline.incremental`),
    with the same outputs byte for byte.
    """
    import pyoxigraph as ox

    from kg.pipeline import coverage as cov
    from kg.pipeline import incremental as inc
    from kg.core.namespace import prefixes
    from kg.pipeline.build import build
    from kg.core.config import QUERIES_DIR
    from kg.pipeline.load import load
    from kg.core.ontology import Ontology
    from kg.pipeline.write import Staging
    from kg.core.progress import Stages
    from kg.rdf.query import OxigraphStore, run_checks
    from kg.pipeline.validate import load_shapes, validate_store

    stages = stages or Stages(progress=False)
    base = base_iri(base)
    ontology_path, shapes_path = ontology_path or ONTOLOGY_FILE, shapes_path or SHAPES_FILE
    checks_dir = QUERIES_DIR / "checks"
    onto = Ontology(ontology_path)
    shapes = load_shapes(shapes_path)
    key = inc.config_key(ontology_path, shapes_path, base, checks_dir) + f"|{engine}"
    if incremental and engine != "pyshacl":
        outcome = inc.rebuild(data_dir, out_dir, base, onto=onto, shapes=shapes, key=key,
                              checks_dir=checks_dir, stages=stages)
        if outcome is not None:
            return outcome
    with stages.stage("load") as st:
        corpus = load(data_dir, st)
    with Staging(out_dir) as staging:
        cache_store = inc.cache_dir(out_dir) / ".store-new" if incremental else None
        if cache_store is not None:
            shutil.rmtree(cache_store, ignore_errors=True)
        # The second process starts now and writes each chunk as soon as kg.nq holds it.
        writer = _RdfWriter(len(corpus.records), prefixes(base), staging.path, stages,
                            cache=out_dir if incremental else None, store_dir=cache_store,
                            deps=(shapes_path, ontology_path, checks_dir, key) if incremental else None)
        keep: dict = {}
        nq = _NQuadsWriter(staging.path / "kg.nq", shapes, base, writer.send)
        try:
            with stages.stage("build") as st:
                built = build(corpus, onto, base, on_chunk=nq.add)
                nq.close()
                writer.send(None)
                built.quads = []  # kg.nq holds them now: free the memory
                st.note = f"{nq.lines} quads, kg.nq written chunk by chunk"
            with stages.stage("store"):
                # Oxigraph's bulk load releases the GIL: coverage is worked out meanwhile.
                store = ox.Store()
                loading = _Background(partial(store.bulk_load, path=str(staging.path / "kg.nq"),
                                              format=ox.RdfFormat.N_QUADS))
                coverage = cov.as_dict(cov.coverage(corpus))
                loading.join()
            with stages.stage("validate") as st:
                report = validate_store(store, shapes, integers=nq.integers, engine=engine, stage=st, keep=keep,
                                        union=lambda: _union_of(staging.path / "kg.nq"))
                st.note = f"{report.engine} engine, {len(report.results)} result(s)"
            with stages.stage("checks"):
                check_results = run_checks(OxigraphStore(store))
                checks = {name: len(res.rows) for name, res in check_results.items()}
                quads = inc.distinct_quads(nq.lines, nq.registry)
                graphs = len(nq.graphs)
                outcome = BuildOutcome(out_dir, out_dir, built.counts, quads, graphs - 1, coverage, report, checks)
                sources = {sid: {"file": str(s.text_path.name), "sha256": s.sha256}
                           for sid, s in sorted(corpus.sources.items())}
        except BaseException:
            nq.close(failed=True)
            writer.kill()
            raise
        del store
        with stages.stage("write"):
            writer.join()
            staging.write("report.json", inc.report_json(base, report, built.counts, quads, graphs - 1, coverage,
                                                         checks, sources))
            outcome.written_to = staging.commit() if outcome.ok else staging.reject()
            if incremental and "findings" in keep:
                state = inc.record_clean(
                    out_dir=out_dir, key=key, data_dir=data_dir, corpus=corpus, built=built,
                    chunk_digests=nq.digests, coverage=coverage, counts_by_chunk=nq.counts_by_chunk,
                    registry=nq.registry, chunk_lines=nq.chunk_lines,
                    findings=keep["findings"], integers=keep["integers"], checks=inc.check_rows(check_results),
                    graphs=graphs - 1, sources=sources)
                target = inc.cache_dir(out_dir) / "store"
                shutil.rmtree(target, ignore_errors=True)
                os.replace(cache_store, target)
                state.deps = inc.read_dependencies(out_dir, key)
                inc.save_state(out_dir, state)
                inc.mark_dirty(out_dir, False)
                inc.prune_chunks(out_dir, state)
            elif incremental:
                inc.remove_cache(out_dir)  # the pyshacl engine leaves no cache: a stale one must not serve
    return outcome


class _Background:
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


class _NQuadsWriter:
    """Writes kg.nq chunk by chunk as the build completes them (each sorted, see kg.pipeline.build.Built),
    hands each chunk's place in the file to ``send``, and notes what later stages need."""

    def __init__(self, path: Path, shapes, base: str, send):
        from kg.rdf.shacl import CompiledShapes, DerivedIntegers, Unsupported

        try:
            predicates = CompiledShapes(shapes).derived_predicates
        except Unsupported:
            predicates = []
        #: the integers Oxigraph stores as xsd:integer (kg.rdf.shacl.DerivedIntegers), once closed
        self.integers = DerivedIntegers(predicates)
        self._marks = {f"<{p}>" for p in predicates}
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
        from kg.pipeline import incremental as inc
        from kg.pipeline.build import _counts, sorted_nquads

        quads = set(chunk)
        data = sorted_nquads(quads)
        self._file.write(data)
        self._file.flush()  # the second process reads it from the file
        span = (name, self._at, self._at + len(data))
        self._at += len(data)
        self.digests.append(inc.digest(data))
        self.chunk_lines.append(len(quads))
        self.counts_by_chunk[name] = _counts(chunk)
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


def _union_of(nquads: Path | bytes):
    """The union graph of N-Quads (a file, or its bytes), for pySHACL."""
    from rdflib import Dataset, Graph

    ds = Dataset()
    if isinstance(nquads, Path):
        ds.parse(nquads, format="nquads")
    else:
        ds.parse(data=nquads.decode("utf-8"), format="nquads")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


class _RdfWriter:
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
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(kg.__file__).parent.parent),
                                                              env.get("PYTHONPATH")]))
            with open(folder / ".writer-stderr", "wb") as err:
                self.process = subprocess.Popen(
                    [sys.executable, "-c", "from kg.api import _write_rdf_child; _write_rdf_child()"],
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
            _write_rdf(iter(self.spans), *self.args)
            self.stages.extra.append(self.record("rdf-files", time.perf_counter() - start, peak_rss_bytes(),
                                                 "TriG, Turtle, JSON-LD, cache; in this process (a small build)"))
            self.inline = False
            return
        if self.process is None:
            return
        if self.process.wait() != 0:
            lines = (self.folder / ".writer-stderr").read_text(errors="replace").strip().splitlines()
            raise RuntimeError(f"writing TriG/Turtle/JSON-LD failed (exit code {self.process.returncode})"
                               + (f": {lines[-1]}" if lines else ""))
        (self.folder / ".writer-stderr").unlink()
        timing = self.folder / ".writer-profile"
        if timing.exists():
            seconds, peak = timing.read_text().split()
            timing.unlink()
            self.stages.extra.append(self.record("rdf-files", float(seconds), int(peak),
                                                 "TriG, Turtle, JSON-LD, cache; second process, beside the rest"))
        self.process = None


def _write_rdf(spans, prefixes, folder: Path, cache: Path | None, store_dir: Path | None, deps=None) -> None:
    """The second process's work: the RDF files from the chunks of ``folder/kg.nq``, each written
    as soon as ``spans`` (an iterator of (chunk, start, end)) gives its place in the file."""
    from kg.pipeline import incremental as inc
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


def _make_way() -> None:
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


def _write_rdf_child() -> None:
    """The second process (``python -c``): its arguments, then the chunks' spans, come pickled on stdin."""
    import pickle
    import sys
    import time

    from kg.core.progress import peak_rss_bytes

    start = time.perf_counter()
    _make_way()
    stdin = sys.stdin.buffer
    prefixes, folder, cache, store_dir, deps = pickle.load(stdin)

    def spans():
        while (span := pickle.load(stdin)) is not None:
            yield span

    _write_rdf(spans(), prefixes, folder, cache, store_dir, deps)
    (folder / ".writer-profile").write_text(f"{time.perf_counter() - start} {peak_rss_bytes()}")


def validate_file(path: Path, shapes_path: Path | None = None, engine: str = "auto"):
    """Validate any RDF file against the shapes (the ontology is added when absent)."""
    from kg.pipeline.validate import load_shapes, read_store, validate_store

    store, nquads = read_store(path)
    return validate_store(store, load_shapes(shapes_path or SHAPES_FILE), nquads=nquads, engine=engine,
                          union=lambda: _union_of(nquads))
