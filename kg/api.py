"""The functions behind the ``kg`` commands, callable from notebooks and tests.

``build_graph`` runs the pipeline (load → build → validate → checks) and
writes the outputs; the CLI only parses arguments and prints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import ONTOLOGY_FILE, SHAPES_FILE, base_iri


@dataclass
class BuildOutcome:
    out_dir: Path
    written_to: Path  # OUT, or OUT/rejected when the data does not conform
    counts: dict[str, int]
    triples: int
    graphs: int
    coverage: list[dict]
    report: "object"  # kg.validate.ValidationReport
    checks: dict[str, int] = field(default_factory=dict)  # check name -> rows returned

    @property
    def ok(self) -> bool:
        return self.report.conforms and not any(self.checks.values()) and not self.coverage_problems

    @property
    def coverage_problems(self) -> int:
        return sum(len(c["unaccounted"]) + len(c["stale_uncovered_entries"]) for c in self.coverage)


def build_graph(data_dir: Path, out_dir: Path, base: str | None = None, *,
                ontology_path: Path | None = None, shapes_path: Path | None = None,
                engine: str = "auto", stages=None) -> BuildOutcome:
    """Load, build, validate and check ``data_dir``; write into ``out_dir``.

    A conforming dataset replaces the outputs in ``out_dir``; one that violates
    the shapes or a check goes to ``out_dir/rejected/`` and the last conforming
    output is left untouched. Bad input raises before anything is written.

    Stages: load → build → serialise (N-Quads) → [TriG, Turtle and JSON-LD are
    written by a second process] → store (Oxigraph, loaded from the N-Quads) →
    validate (``engine``, see :mod:`kg.validate`) → checks → write.
    ``stages`` (a :class:`kg.progress.Stages`) times them and draws progress.
    """
    import pyoxigraph as ox

    from kg import coverage as cov
    from kg.build import build
    from kg.load import load
    from kg.ontology import Ontology
    from kg.output import Staging
    from kg.progress import Stages
    from kg.query import OxigraphStore, run_checks
    from kg.validate import load_shapes, validate_store

    stages = stages or Stages(progress=False)
    base = base_iri(base)
    with stages.stage("load") as st:
        corpus = load(data_dir, st)
        onto = Ontology(ontology_path or ONTOLOGY_FILE)
        shapes = load_shapes(shapes_path or SHAPES_FILE)
    with stages.stage("build") as st:
        built = build(corpus, onto, base)
        st.note = f"{len(built.quads)} quads"
    with stages.stage("serialise") as st:
        nquads = built.nquads()
    with Staging(out_dir) as staging:
        writer = _RdfWriter(nquads, built.prefixes, staging.path, stages)
        graphs = built.graphs
        built.quads = []  # the N-Quads hold them now: free the memory before the store is filled
        try:
            with stages.stage("store"):
                store = ox.Store()
                store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
            with stages.stage("validate") as st:
                report = validate_store(store, shapes, nquads=nquads, engine=engine, union=built.union, stage=st)
                st.note = f"{report.engine} engine, {len(report.results)} result(s)"
            with stages.stage("checks"):
                checks = {name: len(res.rows) for name, res in run_checks(OxigraphStore(store)).items()}
                coverage = cov.as_dict(cov.coverage(corpus))
                outcome = BuildOutcome(out_dir, out_dir, built.counts, _triples(store), graphs - 1,
                                       coverage, report, checks)
        except BaseException:
            writer.kill()
            raise
        with stages.stage("write"):
            writer.join()
            staging.write("kg.nq", nquads)
            staging.write("report.json", (json.dumps({
                "base": base,
                "conforms": report.conforms,
                "counts": built.counts,
                "triples": outcome.triples,
                "named_graphs": outcome.graphs,
                "coverage": coverage,
                "checks": checks,
                "validation": json.loads(report.to_json()),
                "sources": {sid: {"file": str(s.text_path.name), "sha256": s.sha256}
                            for sid, s in sorted(corpus.sources.items())},
            }, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"))
            outcome.written_to = staging.commit() if outcome.ok else staging.reject()
    return outcome


def _triples(store) -> int:
    """Distinct triples of the union (what the Turtle file holds)."""
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
                            use_default_graph_as_union=True))
    return int(rows[0]["n"].value)


class _RdfWriter:
    """Writes kg.trig, kg.ttl and kg.jsonld in a forked process while the parent validates.

    Where ``fork`` is not available the files are written in this process, first.
    """

    def __init__(self, nquads: bytes, prefixes: dict[str, str], folder: Path, stages):
        import multiprocessing as mp

        from kg.output import write_rdf
        from kg.progress import StageRecord

        self.process = None
        self.stages, self.record = stages, StageRecord
        self.folder = folder
        if "fork" in mp.get_all_start_methods():
            self.process = mp.get_context("fork").Process(
                target=_write_rdf_child, args=(nquads, prefixes, folder), name="kg-write-rdf")
            self.process.start()
        else:  # pragma: no cover (every platform we test has fork)
            write_rdf(nquads, prefixes, folder)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None

    def join(self) -> None:
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
                                                 "TriG, Turtle, JSON-LD; second process, beside store/validate"))
        self.process = None


def _write_rdf_child(nquads: bytes, prefixes, folder: Path) -> None:
    import os
    import time

    from kg.output import write_rdf
    from kg.progress import peak_rss_bytes

    start = time.perf_counter()
    try:
        write_rdf(nquads, prefixes, folder)
        (folder / ".writer-profile").write_text(f"{time.perf_counter() - start} {peak_rss_bytes()}")
    except BaseException:  # the parent reports the failure by the exit code
        os._exit(1)
    os._exit(0)


def validate_file(path: Path, shapes_path: Path | None = None, engine: str = "auto"):
    """Validate any RDF file against the shapes (the ontology is added when absent)."""
    from kg.validate import load_shapes, read_store, validate_store

    store, nquads = read_store(path)

    def union():
        from rdflib import Dataset, Graph

        ds = Dataset()
        ds.parse(data=nquads.decode("utf-8"), format="nquads")
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g

    return validate_store(store, load_shapes(shapes_path or SHAPES_FILE), nquads=nquads, engine=engine,
                          union=union)
