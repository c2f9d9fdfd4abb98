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

from kg.config import ONTOLOGY_FILE, SHAPES_FILE, base_iri


@dataclass
class BuildOutcome:
    out_dir: Path
    written_to: Path  # OUT, or OUT/rejected when the data does not conform
    counts: dict[str, int]
    quads: int  # distinct quads (lines of kg.nq)
    graphs: int
    coverage: list[dict]
    report: "object"  # kg.validate.ValidationReport
    checks: dict[str, int] = field(default_factory=dict)  # check name -> rows returned
    incremental: bool = False  # rebuilt from the cache of the last build (kg.incremental)

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

    Stages: load → build → serialise (N-Quads) → [TriG, Turtle and JSON-LD, the
    incremental cache and its on-disk store are written by a second process]
    → store (Oxigraph, in memory) → validate (``engine``, see
    :mod:`kg.validate`) → checks → write. ``stages`` (a
    :class:`kg.progress.Stages`) times them and draws progress.

    With the oxigraph engine and ``incremental``, a build that follows another
    of the same folder rebuilds only what changed (:mod:`kg.incremental`),
    with the same outputs byte for byte.
    """
    import pyoxigraph as ox

    from kg import coverage as cov
    from kg import incremental as inc
    from kg.build import build
    from kg.config import QUERIES_DIR
    from kg.load import load
    from kg.ontology import Ontology
    from kg.output import Staging
    from kg.progress import Stages
    from kg.query import OxigraphStore, run_checks
    from kg.validate import load_shapes, validate_store

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
    with stages.stage("build") as st:
        built = build(corpus, onto, base)
        st.note = f"{len(built.quads)} quads"
    with Staging(out_dir) as staging:
        with stages.stage("serialise"):
            nq = _write_nquads(built, staging.path / "kg.nq", shapes)
            counts_by_chunk = built.counts_by_chunk()
            built.quads = []  # kg.nq holds them now: free the memory before the store is filled
        cache_store = inc.cache_dir(out_dir) / ".store-new" if incremental else None
        if cache_store is not None:
            shutil.rmtree(cache_store, ignore_errors=True)
        writer = _RdfWriter(nq.spans, built.prefixes, staging.path, stages,
                            cache=out_dir if incremental else None, store_dir=cache_store,
                            deps=(shapes_path, ontology_path, checks_dir, key) if incremental else None)
        keep: dict = {}
        try:
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
                quads = nq.lines - sum(n - 1 for n in nq.registry.values())
                graphs = len(nq.graphs)
                outcome = BuildOutcome(out_dir, out_dir, built.counts, quads, graphs - 1, coverage, report, checks)
                sources = {sid: {"file": str(s.text_path.name), "sha256": s.sha256}
                           for sid, s in sorted(corpus.sources.items())}
        except BaseException:
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
                    chunk_digests=nq.digests, coverage=coverage, counts_by_chunk=counts_by_chunk,
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


@dataclass
class _NQuads:
    """What writing kg.nq chunk by chunk learnt (so that the whole file is never held in memory)."""

    spans: list[tuple[str, int, int]] = field(default_factory=list)  # chunk, start, end (bytes)
    digests: list[str] = field(default_factory=list)
    chunk_lines: list[int] = field(default_factory=list)
    lines: int = 0
    graphs: set = field(default_factory=set)
    registry: dict = field(default_factory=dict)  # digest of a registry-graph line -> chunks giving it
    integers: object = None  # kg.shacl.DerivedIntegers of the integers Oxigraph stores as xsd:integer


def _write_nquads(built, path: Path, shapes) -> _NQuads:
    """Write kg.nq chunk by chunk (each sorted, see kg.build.Built) and note what later stages need."""
    import pyoxigraph as ox

    from kg import incremental as inc
    from kg.shacl import CompiledShapes, DerivedIntegers, Unsupported

    try:
        predicates = CompiledShapes(shapes).derived_predicates
    except Unsupported:
        predicates = []
    out = _NQuads(integers=DerivedIntegers(predicates))
    marks = {f"<{p}>" for p in predicates}
    registry = f"<{built.base}graph/registry>"
    integer_lines: list[str] = []
    at = 0
    with open(path, "wb") as f:
        for name, data, quads in built.iter_chunk_nquads(with_quads=True):
            f.write(data)
            out.spans.append((name, at, at + len(data)))
            at += len(data)
            out.digests.append(inc.digest(data))
            out.chunk_lines.append(len(quads))
            out.lines += len(quads)
            for s, p, o, g in quads:
                out.graphs.add(g)
                if g == registry:
                    h = inc.line_digest(f"{s} {p} {o} {g} .".encode("utf-8"))
                    out.registry[h] = out.registry.get(h, 0) + 1
                elif p in marks and "XMLSchema#" in o:
                    integer_lines.append(f"{s} {p} {o} {g} .")
    out.integers.lines = "\n".join(sorted(integer_lines)).encode("utf-8")
    if integer_lines:
        out.integers.add(ox.parse(out.integers.lines, format=ox.RdfFormat.N_QUADS))
    return out


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
    """Writes kg.trig, kg.ttl and kg.jsonld in a second process while this one validates;
    with ``cache``, also each chunk's pieces and, into ``store_dir``, an on-disk Oxigraph store.
    """

    def __init__(self, spans, prefixes: dict[str, str], folder: Path, stages, cache: Path | None = None,
                 store_dir: Path | None = None, deps=None):
        import multiprocessing as mp

        from kg.progress import StageRecord

        self.process = None
        self.stages, self.record = stages, StageRecord
        self.folder = folder
        # A fresh interpreter, not a fork: a fork of a process that has used Oxigraph's on-disk store
        # (RocksDB keeps threads for the life of the process) can deadlock in the child. Starting
        # one costs about half a second: small builds write here, after validation, instead.
        self.args = (spans, prefixes, folder, cache, store_dir, deps)
        self.inline = bool(spans) and spans[-1][2] < self.INLINE_BYTES
        if not self.inline:
            self.process = mp.get_context("spawn").Process(target=_write_rdf_child, args=self.args,
                                                           name="kg-write-rdf")
            self.process.start()

    #: Below this size of kg.nq (about 40K quads) the files are written in this process.
    INLINE_BYTES = 8 * 2**20

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None

    def join(self) -> None:
        if self.inline:
            import time

            from kg.progress import peak_rss_bytes

            start = time.perf_counter()
            _write_rdf(*self.args)
            self.stages.extra.append(self.record("rdf-files", time.perf_counter() - start, peak_rss_bytes(),
                                                 "TriG, Turtle, JSON-LD, cache; in this process (a small build)"))
            self.inline = False
            return
        if self.process is None:
            return
        self.process.join()
        if self.process.exitcode != 0:
            raise RuntimeError(f"writing TriG/Turtle/JSON-LD failed (exit code {self.process.exitcode})")
        timing = self.folder / ".writer-profile"
        if timing.exists():
            seconds, peak = timing.read_text().split()
            timing.unlink()
            self.stages.extra.append(self.record("rdf-files", float(seconds), int(peak),
                                                 "TriG, Turtle, JSON-LD, cache; second process, beside store/validate"))
        self.process = None


def _write_rdf(spans, prefixes, folder: Path, cache: Path | None, store_dir: Path | None, deps=None) -> None:
    """The second process's work: the RDF files from ``folder/kg.nq`` (its chunks at ``spans``)."""
    from kg import incremental as inc
    from kg.output import write_rdf

    nquads = (folder / "kg.nq").read_bytes()
    chunks = [(name, nquads[a:b]) for name, a, b in spans]
    keep = (lambda name, nquads, pieces: inc.keep_chunk(cache, nquads, pieces)) if cache is not None else None
    write_rdf(chunks, prefixes, folder, keep=keep)
    if deps is not None:  # what each query reads, for the next incremental rebuild
        inc.write_dependencies(cache, *deps)
    del chunks
    if store_dir is not None:
        import pyoxigraph as ox

        # In slices of about 32 MB, at chunk boundaries: one bulk load of 1M quads takes ~1 GB,
        # slices ~0.3 GB, for the same time.
        store = ox.Store(str(store_dir))
        start = 0
        for _, _, end in spans:
            if end - start >= 32 * 2**20 or end == spans[-1][2]:
                store.bulk_load(nquads[start:end], format=ox.RdfFormat.N_QUADS)
                start = end
        store.flush()
        del store


def _write_rdf_child(spans, prefixes, folder: Path, cache: Path | None, store_dir: Path | None, deps=None) -> None:
    import os
    import time

    from kg.progress import peak_rss_bytes

    start = time.perf_counter()
    try:
        _write_rdf(spans, prefixes, folder, cache, store_dir, deps)
        (folder / ".writer-profile").write_text(f"{time.perf_counter() - start} {peak_rss_bytes()}")
    except BaseException:  # the parent reports the failure by the exit code
        os._exit(1)
    os._exit(0)


def validate_file(path: Path, shapes_path: Path | None = None, engine: str = "auto"):
    """Validate any RDF file against the shapes (the ontology is added when absent)."""
    from kg.validate import load_shapes, read_store, validate_store

    store, nquads = read_store(path)
    return validate_store(store, load_shapes(shapes_path or SHAPES_FILE), nquads=nquads, engine=engine,
                          union=lambda: _union_of(nquads))
