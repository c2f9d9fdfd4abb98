"""An incremental rebuild: the changed facts files rebuilt, the store patched, only reachable focus nodes revalidated.

:func:`rebuild` goes through the stages of a clean build (load, store,
validate, checks, write) on what changed, or returns None when a clean build
is needed (see :mod:`kg.pipeline.incremental`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core import faults
from kg.pipeline.incremental.cache import (
    State, cache_dir, cached_finding, chunk_path, dependencies, distinct_quads, finding_row, input_files, integer_lines,
    keep_chunk, line_digest, load_state, mark_dirty, prune_chunks, relative_file, result_rows, save_state,
)
from kg.pipeline.incremental.reach import Walk, affected_nodes, restricted_check, triple_of_line
from kg.pipeline.outcome import BuildOutcome, report_json

if TYPE_CHECKING:
    from kg.core.ontology import Ontology
    from kg.core.progress import Stages
    from kg.pipeline.build import Built
    from kg.pipeline.records import Corpus
    from kg.pipeline.validate import Shapes


@dataclass
class _Patch:
    """What one rebuild changes: the rebuilt chunks, the quads removed and added, the nodes each query must redo."""

    files: dict[str, str]  # the input files' hashes now
    corpus: Corpus  # of the rebuilt files
    built: Built  # of the rebuilt files
    new_chunks: dict[str, bytes] = field(default_factory=dict)
    removed: list[bytes] = field(default_factory=list)
    added: list[bytes] = field(default_factory=list)
    affected: dict = field(default_factory=dict)  # SHACL query index -> focus nodes (None: all)
    check_affected: dict = field(default_factory=dict)  # check name -> focus nodes (None: all)


def rebuild(data_dir: Path, out_dir: Path, base: str, *, onto: Ontology, shapes: Shapes, key: str,
            checks_dir: Path, stages: Stages, max_file_bytes: int | None = None) -> BuildOutcome | None:
    """Rebuild from the cache of the last build, or return None when a clean build is needed.

    ``shapes`` is the run's :class:`kg.pipeline.validate.Shapes`; shapes the
    oxigraph engine cannot compile always take a clean build.
    """
    state = load_state(out_dir)
    data_dir = Path(data_dir)
    store_dir = cache_dir(out_dir) / "store"
    if (state is None or state.key != key or state.data_dir != str(data_dir.resolve())
            or not store_dir.is_dir() or shapes.compiled is None or state.minted):
        return None  # (offices minted from the role table: which file names them is not kept)
    with stages.stage("load"):  # and build: the changed files are loaded and built together
        patch = _rebuild_files(data_dir, base, onto, state, max_file_bytes)
    if patch is None:
        return None
    compiled = shapes.compiled
    with stages.stage("store") as st:
        store = _patch_store(out_dir, base, state, patch, compiled, onto, checks_dir, store_dir)
        st.note = f"{len(patch.removed)} quads removed, {len(patch.added)} added"
    with stages.stage("validate") as st:
        report, rerun = _revalidate(state, patch, compiled, store)
        st.note = f"oxigraph engine, {len(rerun)} queries rerun, {len(report.results)} result(s)"
    with stages.stage("checks"):
        checks = _recheck(state, patch, checks_dir, store)
        del store
        coverage = _coverage(state, patch)
    with stages.stage("write"):
        outcome = _write(out_dir, base, state, patch, report, checks, coverage)
    outcome.incremental = True
    return outcome


def _rebuild_files(data_dir: Path, base: str, onto, state: State, max_file_bytes: int | None) -> _Patch | None:
    """Load and build the changed facts files, their sources' other files and files dated relative
    to a date that moved; None when the change is beyond what a rebuild can do, or when the input
    is bad (the clean build then reports it, with the same message whichever way it came)."""
    from rdflib import URIRef

    from kg.core.errors import KGError
    from kg.pipeline.build import build
    from kg.pipeline.load import load_some

    try:
        files = input_files(data_dir, max_file_bytes)
        if set(files) != set(state.files):
            return None
        changed = {f for f in files if files[f] != state.files[f]}
        if any(not f.startswith("facts/") or f not in state.file_ids for f in changed):
            return None
        todo = set(changed)
        while True:  # the files to rebuild: the changed ones, their sources' other files, dependents
            sids = {state.source_of_file[f] for f in todo}
            todo |= {f for sid in sids for f in state.files_of_source.get(sid, [])}
            corpus = load_some(data_dir, [data_dir / "sources" / state.source_meta[sid] for sid in sorted(sids)],
                               [data_dir / f for f in sorted(todo)])
            ids: dict[str, list] = {}
            for rec in corpus.records:
                ids.setdefault(relative_file(data_dir, rec.where.file), []).append((rec.id, rec.type, rec.about))
            if any(ids.get(f, []) != state.file_ids[f] for f in todo):
                return None  # ids added, removed or retyped: other files may name them
            own = {rid for f in todo for rid, _, _ in state.file_ids[f]}
            built = build(corpus, onto, base, partial=True,
                          known_nodes={k: URIRef(v) for k, v in state.nodes.items() if k not in own},
                          known_bounds={k: v for k, v in state.bounds.items() if k not in own})
            moved = {rid for rid in own if built.bounds.get(rid) != state.bounds.get(rid)}
            more = {f for rid in moved for f in state.anchored_by.get(rid, [])} - todo
            if not more:
                return _Patch(files, corpus, built)
            todo |= more
    except (KGError, KeyError):
        return None  # a clean build reports the problem, or copes with what the cache did not foresee


def _diff_chunks(out_dir: Path, base: str, state: State, patch: _Patch) -> None:
    """The quads the rebuilt chunks remove and add; a registry quad another chunk still gives stays."""
    patch.new_chunks = dict(patch.built.chunk_nquads())
    registry_mark = f" <{base}graph/registry> .".encode()
    digests = {name: d for name, d, _ in state.chunks}
    for name, data in patch.new_chunks.items():
        old = chunk_path(out_dir, digests[name], "kg.nq").read_bytes()
        old_lines, new_lines = set(old.splitlines()), set(data.splitlines())
        for line in sorted(old_lines - new_lines):
            if line.endswith(registry_mark):
                h = line_digest(line)
                state.registry_count[h] -= 1
                if state.registry_count[h] > 0:
                    continue  # another chunk gives the same quad: it stays
                del state.registry_count[h]
            patch.removed.append(line)
        for line in sorted(new_lines - old_lines):
            if line.endswith(registry_mark):
                h = line_digest(line)
                state.registry_count[h] = state.registry_count.get(h, 0) + 1
            patch.added.append(line)


def _patch_store(out_dir: Path, base: str, state: State, patch: _Patch, compiled, onto, checks_dir: Path,
                 store_dir: Path):
    """Apply the difference to the on-disk store; note the focus nodes it reaches, before and after."""
    import pyoxigraph as ox

    _diff_chunks(out_dir, base, state, patch)
    triples = [triple_of_line(line) for line in patch.removed + patch.added]
    if not state.deps:
        state.deps = dependencies(compiled, onto, checks_dir)
    mark_dirty(out_dir, True)
    store = ox.Store(str(store_dir))
    queries = range(len(compiled.queries()))
    check_names = [k for k in state.deps if isinstance(k, str)]
    deps = {**{i: state.deps[i] for i in queries}, **{n: state.deps[n][1] for n in check_names}}
    before = Walk(store)
    reached = {k: None if d is None else affected_nodes(d, triples, before) for k, d in deps.items()}
    if patch.removed:
        for q in ox.parse(b"\n".join(patch.removed), format=ox.RdfFormat.N_QUADS):
            store.remove(q)
    if patch.added:
        store.extend(ox.parse(b"\n".join(patch.added), format=ox.RdfFormat.N_QUADS))
    after = Walk(store)
    for k, nodes in reached.items():
        if nodes is not None:
            nodes |= affected_nodes(deps[k], triples, after)
    patch.affected = {i: reached[i] for i in queries}
    patch.check_affected = {n: reached[n] for n in check_names}
    return store


def _revalidate(state: State, patch: _Patch, compiled, store):
    """Rerun each SHACL query for the focus nodes the change reaches; the report of old and new findings."""
    import pyoxigraph as ox

    from kg.pipeline.validate import findings_to_report
    from kg.rdf.shacl.integers import DerivedIntegers

    affected = patch.affected
    state.integer_lines = integer_lines(state.integer_lines, patch.removed, patch.added, compiled.derived_predicates)
    needed = set().union(*(nodes for nodes in affected.values() if nodes is not None))
    if any(nodes is None for nodes in affected.values()):
        needed = None
    integers = DerivedIntegers(compiled.derived_predicates)
    integers.add(ox.parse(b"\n".join(line for line in state.integer_lines.splitlines()
                                     if needed is None or line[:line.find(b" ")].decode() in needed),
                          format=ox.RdfFormat.N_QUADS))
    rerun = {i: (None if nodes is None else [ox.NamedNode(n[1:-1]) for n in nodes])
             for i, nodes in affected.items() if nodes is None or nodes}
    fresh = compiled.run_some(store, rerun, integers)
    keep = [row for row in state.findings
            if row[0] not in rerun or (rerun[row[0]] is not None and row[1] not in affected[row[0]])]
    state.findings = sorted(keep + [finding_row(f) for f in fresh], key=lambda r: tuple(map(str, r)))
    return findings_to_report([cached_finding(row) for row in state.findings], store), rerun


def _recheck(state: State, patch: _Patch, checks_dir: Path, store) -> dict[str, int]:
    """Rerun each check query for the focus nodes the change reaches (VALUES-restricted); rows per check."""
    from kg.rdf.sparql import read_query
    from kg.rdf.stores import OxigraphStore

    for name, nodes in patch.check_affected.items():
        if nodes is not None and not nodes:
            continue
        q = read_query(Path(checks_dir) / f"{name}.rq")
        text = restricted_check(q.text, state.deps[name][0], nodes) if nodes is not None else q.text
        if text is None:
            text, nodes = q.text, None
        rows = result_rows(OxigraphStore(store).select(text))
        if nodes is None:
            state.checks[name] = rows
        else:
            state.checks[name] = [r for r in state.checks[name] if r[0] not in nodes] + rows
    return {name: len(rows) for name, rows in sorted(state.checks.items())}


def _coverage(state: State, patch: _Patch) -> list[dict]:
    """Coverage of every source: the rebuilt sources' anew, the others' from the cache."""
    from kg.pipeline import coverage as cov

    for c in cov.as_dict(cov.coverage(patch.corpus)):
        state.coverage[c["source"]] = c
    return [state.coverage[sid] for sid in sorted(state.coverage)]


def _write(out_dir: Path, base: str, state: State, patch: _Patch, report, checks: dict[str, int],
           coverage: list[dict]) -> BuildOutcome:
    """The outputs from every chunk's cached pieces, in order; then the state saved for the next rebuild."""
    from kg.pipeline.build import total_counts
    from kg.pipeline.folder import Staging
    from kg.pipeline.write import write_pieces
    from kg.rdf.serialise import RDF_FILES, chunk_rdf

    built = patch.built
    counts_of = built.counts_by_chunk()
    digests = {name: d for name, d, _ in state.chunks}
    for name, data in patch.new_chunks.items():
        state.counts_by_chunk[name] = counts_of[name]
        digests[name] = keep_chunk(out_dir, data, chunk_rdf(data, built.prefixes))
    state.chunks = [(name, digests[name], n if name not in patch.new_chunks else patch.new_chunks[name].count(b"\n"))
                    for name, _, n in state.chunks]
    counts = total_counts(state.counts_by_chunk.values())
    quads = distinct_quads(sum(n for _, _, n in state.chunks), state.registry_count)
    outcome = BuildOutcome(out_dir, out_dir, counts, quads, state.graphs, coverage, report, checks)
    with Staging(out_dir) as staging:
        for file in ("kg.nq", *RDF_FILES):
            write_pieces(file, [chunk_path(out_dir, d, file) for _, d, _ in state.chunks], built.prefixes,
                         staging.path / file)
        staging.write("report.json", report_json(base, report, counts, quads, state.graphs, coverage, checks,
                                                 state.sources))
        outcome.written_to = staging.commit() if outcome.ok else staging.reject()
    state.files = patch.files
    state.bounds.update(built.bounds)
    faults.point("cache")
    save_state(out_dir, state)
    mark_dirty(out_dir, False)
    prune_chunks(out_dir, state)
    return outcome
