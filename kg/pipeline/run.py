"""The pipeline, in order: load → build → store → validate → checks → write.

:func:`run_build` is what ``kg build`` runs (through :func:`kg.api.build_graph`).
A build that follows another of the same folder first tries an incremental
rebuild (:mod:`kg.pipeline.incremental`); otherwise every stage runs on the
whole corpus:

* **load** (:mod:`kg.pipeline.load`): the data folder into typed records;
* **build** (:mod:`kg.pipeline.build`): records into quads, each curated
  file's chunk written to kg.nq as soon as it is complete
  (:class:`kg.pipeline.writer.NQuadsWriter`), while a second process writes
  TriG, Turtle, JSON-LD and the cache (:class:`kg.pipeline.writer.RdfWriter`);
* **store**: kg.nq bulk-loaded into an in-memory Oxigraph store, coverage
  worked out meanwhile (:mod:`kg.pipeline.coverage`);
* **validate** (:mod:`kg.pipeline.validate`): SHACL;
* **checks**: the quality queries of ``queries/checks/``;
* **write**: report.json, then every output swapped in at once
  (:class:`kg.pipeline.folder.Staging`), or into ``rejected/``.

The whole run holds the output folder's lock (:class:`kg.pipeline.folder.BuildFolder`):
two builds into one folder run one after the other.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core import faults
from kg.core.config import ONTOLOGY_FILE, QUERIES_DIR, SHAPES_FILE, base_iri
from kg.core.inputs import DEFAULT_MAX_FILE_BYTES
from kg.pipeline.outcome import BuildOutcome, report_json

if TYPE_CHECKING:
    from kg.core.ontology import Ontology
    from kg.pipeline.build import Built
    from kg.pipeline.validate import Shapes


@dataclass
class _Inputs:
    """What one build reads besides the data: base IRI, ontology, shapes, checks, and the cache key."""

    base: str
    ontology_path: Path
    shapes_path: Path
    checks_dir: Path
    onto: Ontology
    shapes: Shapes  # parsed and compiled once (kg.pipeline.validate.read_shapes)
    key: str  # what the cache of an incremental build must match


def run_build(data_dir: Path, out_dir: Path, base: str | None = None, *,
              ontology_path: Path | None = None, shapes_path: Path | None = None,
              engine: str = "auto", stages=None, incremental: bool = True, wait: bool = True,
              on_wait=None, max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES) -> BuildOutcome:
    """Load, build, validate and check ``data_dir``; write into ``out_dir``.

    A conforming dataset replaces the outputs in ``out_dir``; one that violates
    the shapes or a check goes to ``out_dir/rejected/`` and the last conforming
    output is left untouched. Bad input raises before anything is written.

    ``engine`` is the SHACL engine (see :mod:`kg.pipeline.validate`);
    ``stages`` (a :class:`kg.core.progress.Stages`) times the stages and
    draws progress. With the oxigraph engine and ``incremental``, a build that
    follows another of the same folder rebuilds only what changed, with the
    same outputs byte for byte.

    The run holds ``out_dir``'s lock: with another build holding it, this one
    waits (``on_wait(pid)`` is told) or, without ``wait``, raises
    :class:`~kg.core.errors.FolderLocked`. An input file over
    ``max_file_bytes`` raises :class:`~kg.core.errors.LimitError`.
    """
    from kg.core.progress import Stages
    from kg.pipeline.folder import BuildFolder
    from kg.pipeline.incremental.rebuild import rebuild

    stages = stages or Stages(progress=False)
    inputs = _read_inputs(base, ontology_path, shapes_path, engine)
    with BuildFolder(out_dir, wait=wait, on_wait=on_wait):
        if incremental and engine != "pyshacl":
            outcome = rebuild(data_dir, out_dir, inputs.base, onto=inputs.onto, shapes=inputs.shapes, key=inputs.key,
                              checks_dir=inputs.checks_dir, stages=stages, max_file_bytes=max_file_bytes)
            if outcome is not None:
                return outcome
        return _clean_build(data_dir, out_dir, inputs, engine, stages, incremental, max_file_bytes)


def _read_inputs(base: str | None, ontology_path: Path | None, shapes_path: Path | None, engine: str) -> _Inputs:
    from kg.core.ontology import Ontology
    from kg.pipeline.incremental.cache import config_key
    from kg.pipeline.validate import read_shapes

    base = base_iri(base)
    ontology_path, shapes_path = ontology_path or ONTOLOGY_FILE, shapes_path or SHAPES_FILE
    checks_dir = QUERIES_DIR / "checks"
    onto, shapes = Ontology(ontology_path), read_shapes(shapes_path)  # each file checked as it is read
    key = config_key(ontology_path, shapes_path, base, checks_dir) + f"|{engine}"
    return _Inputs(base, ontology_path, shapes_path, checks_dir, onto, shapes, key)


def _clean_build(data_dir: Path, out_dir: Path, inputs: _Inputs, engine: str, stages,
                 incremental: bool, max_file_bytes: int | None) -> BuildOutcome:
    """Every stage on the whole corpus; with ``incremental``, the cache written for the next build."""
    from kg.core.namespace import prefixes
    from kg.pipeline.incremental.cache import cache_dir, remove_cache
    from kg.pipeline.folder import Staging
    from kg.pipeline.load import load
    from kg.pipeline.writer import NQuadsWriter, RdfWriter

    with stages.stage("load") as st:
        corpus = load(data_dir, st, max_file_bytes)
    with Staging(out_dir) as staging:
        cache_store = cache_dir(out_dir) / ".store-new" if incremental else None
        if cache_store is not None:
            shutil.rmtree(cache_store, ignore_errors=True)
        # The second process starts now and writes each chunk as soon as kg.nq holds it.
        writer = RdfWriter(len(corpus.records), prefixes(inputs.base), staging.path, stages,
                           cache=out_dir if incremental else None, store_dir=cache_store,
                           deps=(inputs.shapes_path, inputs.ontology_path, inputs.checks_dir, inputs.key)
                           if incremental else None)
        nq = NQuadsWriter(staging.path / "kg.nq", inputs.shapes.derived_predicates, inputs.base, writer.send)
        try:
            found = _build_and_validate(corpus, out_dir, inputs, engine, stages, staging.path, nq, writer)
        except BaseException:
            nq.close(failed=True)
            writer.kill()
            raise
        outcome = found.outcome
        with stages.stage("write"):
            writer.join()
            staging.write("report.json", report_json(inputs.base, outcome.report, outcome.counts, outcome.quads,
                                                     outcome.graphs, outcome.coverage, outcome.checks,
                                                     found.sources))
            outcome.written_to = staging.commit() if outcome.ok else staging.reject()
            if incremental and "findings" in found.keep:
                _save_cache(data_dir, out_dir, inputs.key, corpus, found, nq, cache_store)
            elif incremental:
                remove_cache(out_dir)  # the pyshacl engine leaves no cache: a stale one must not serve
    return outcome


@dataclass
class _Found:
    """What the build, validate and checks stages found, for the write stage and the cache."""

    outcome: BuildOutcome
    built: Built  # its quads already freed: kg.nq holds them
    check_results: dict
    keep: dict  # what validation keeps for the cache: "findings", "integers"
    sources: dict[str, dict]  # report.json's "sources"


def _build_and_validate(corpus, out_dir: Path, inputs: _Inputs, engine: str, stages, folder: Path, nq,
                        writer) -> _Found:
    import pyoxigraph as ox

    from kg.pipeline import coverage as cov
    from kg.pipeline.build import build, total_counts
    from kg.pipeline.incremental.cache import distinct_quads
    from kg.pipeline.validate import validate_store
    from kg.rdf.datasets import union_graph
    from kg.pipeline.writer import Background
    from kg.rdf.stores import OxigraphStore, run_checks

    keep: dict = {}
    with stages.stage("build") as st:
        built = build(corpus, inputs.onto, inputs.base, on_chunk=nq.add)  # each chunk dropped once written
        nq.close()
        writer.send(None)
        built.counts = total_counts(nq.counts_by_chunk.values())
        st.note = f"{nq.lines} quads, kg.nq written chunk by chunk"
    with stages.stage("store") as st:
        # Oxigraph's bulk load releases the GIL: coverage is worked out meanwhile.
        store, on_disk = _validation_store(out_dir, nq.lines)
        nquads = folder / "kg.nq"  # in memory, read by Oxigraph itself; on disk, in slices (see _load_slices)
        loading = Background(partial(_load_slices, store, nquads) if on_disk else
                             partial(store.bulk_load, path=str(nquads), format=ox.RdfFormat.N_QUADS))
        coverage = cov.as_dict(cov.coverage(corpus))
        loading.join()
        st.note = "on disk (a large build)" if on_disk else "in memory"
    with stages.stage("validate") as st:
        report = validate_store(store, inputs.shapes, integers=nq.integers, engine=engine, stage=st, keep=keep,
                                union=lambda: union_graph(folder / "kg.nq"))
        st.note = f"{report.engine} engine, {len(report.results)} result(s)"
    with stages.stage("checks"):
        check_results = run_checks(OxigraphStore(store))
        checks = {name: len(res.rows) for name, res in check_results.items()}
        quads = distinct_quads(nq.lines, nq.registry)
        outcome = BuildOutcome(out_dir, out_dir, built.counts, quads, len(nq.graphs) - 1, coverage, report, checks)
        sources = {sid: {"file": str(s.text_path.name), "sha256": s.sha256} for sid, s in sorted(corpus.sources.items())}
    del store
    if on_disk is not None:
        shutil.rmtree(on_disk, ignore_errors=True)
    return _Found(outcome, built, check_results, keep, sources)


#: From this many quads the store that validation queries is on disk (RocksDB): in memory it takes about
#: 650 MB a million quads, which would be most of a large build's memory.
ON_DISK_QUADS = 2_000_000


def _validation_store(out_dir: Path, lines: int):
    """The store validation and the checks query, and its folder when it is on disk (removed after; a
    killed build's is swept by the next, as it lies in OUT/.builds)."""
    import tempfile

    import pyoxigraph as ox

    if lines < ON_DISK_QUADS:
        return ox.Store(), None
    folder = Path(tempfile.mkdtemp(prefix=f".store-{os.getpid()}-", dir=Path(out_dir) / ".builds"))
    return ox.Store(str(folder)), folder


def _load_slices(store, path: Path, size: int = 32 * 2**20) -> None:
    """Bulk-load N-Quads in slices of about ``size`` bytes cut at line ends (one bulk load of a large
    file into an on-disk store holds it all in memory first)."""
    import pyoxigraph as ox

    with open(path, "rb") as f:
        rest = b""
        while block := f.read(size):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            if cut:
                store.bulk_load(block[:cut], format=ox.RdfFormat.N_QUADS)
        if rest:
            store.bulk_load(rest, format=ox.RdfFormat.N_QUADS)


def _save_cache(data_dir: Path, out_dir: Path, key: str, corpus, found: _Found, nq, cache_store: Path) -> None:
    """The state of this clean build and its on-disk store, for the next incremental build.

    The cache is marked dirty while it changes: a build killed meanwhile leaves a cache the next
    build does not trust (it builds clean).
    """
    from kg.pipeline.incremental import cache as inc

    inc.mark_dirty(out_dir, True)
    state = inc.record_clean(
        out_dir=out_dir, key=key, data_dir=data_dir, corpus=corpus, built=found.built,
        chunk_digests=nq.digests, coverage=found.outcome.coverage, counts_by_chunk=nq.counts_by_chunk,
        registry=nq.registry, chunk_lines=nq.chunk_lines,
        findings=found.keep["findings"], integers=found.keep["integers"], checks=inc.check_rows(found.check_results),
        graphs=found.outcome.graphs, sources=found.sources)
    target = inc.cache_dir(out_dir) / "store"
    shutil.rmtree(target, ignore_errors=True)
    faults.point("cache")
    os.replace(cache_store, target)
    state.deps = inc.read_dependencies(out_dir, key)
    inc.save_state(out_dir, state)
    inc.mark_dirty(out_dir, False)
    inc.prune_chunks(out_dir, state)
