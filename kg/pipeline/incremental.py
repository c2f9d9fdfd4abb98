"""Incremental rebuilds: after an edit, rebuild and revalidate only what the edit can reach.

A build with the Oxigraph validator leaves in ``OUT/.cache/``:

* ``state.pickle``: the hash of every input file, the ids and date bounds of
  every record, the chunks (one per curated file, see
  :attr:`kg.pipeline.build.Built.chunks`), the validation findings with the query that
  found them, the rows of the check queries, coverage and counts;
* ``chunks/``: each chunk's N-Quads and its pieces of kg.trig, kg.ttl and
  kg.jsonld, named by the hash of its N-Quads;
* ``store/``: the dataset in an on-disk Oxigraph store.

The next ``kg build`` of the same folder, when only facts files changed and
their ids and types did not, rebuilds only those files (and files whose
dates are relative to a date that moved), applies the difference to the
store, and reruns each SHACL and check query only for the focus nodes the
difference can reach (:meth:`kg.rdf.shacl.CompiledShapes.dependencies`): the
nodes within a query's radius of a changed triple, walking only the
predicates that query joins on. The outputs are then the cached pieces of
every chunk in order, so they are byte for byte those of a clean build.

Anything else (the registry, a source, the ontology, the shapes, the
queries, kg's version, a file added or removed, an id added, removed or
retyped) makes a clean build, which writes the cache anew. A cache left
half-written by a crash is marked dirty and ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path

CACHE_DIR = ".cache"
_STATE = "state.pickle"
_DIRTY = "dirty"
_FORMAT = 1


def cache_dir(out_dir: Path) -> Path:
    return Path(out_dir) / CACHE_DIR


def config_key(ontology_path: Path, shapes_path: Path, base: str, checks_dir: Path) -> str:
    """What, when it changes, invalidates the cache: kg's version, ontology, shapes, checks, base."""
    from kg import __version__

    h = hashlib.sha256(f"{_FORMAT}|{__version__}|{base}|".encode())
    for path in (ontology_path, shapes_path, *sorted(Path(checks_dir).glob("*.rq"))):
        h.update(str(Path(path).name).encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return h.hexdigest()


def input_files(data_dir: Path) -> dict[str, str]:
    """sha256 of every input file of a data folder, by path relative to it."""
    data_dir = Path(data_dir)
    out = {}
    paths = [data_dir / "entities.yaml", *sorted((data_dir / "sources").glob("*")),
             *sorted((data_dir / "facts").glob("*.yaml"))]
    for path in paths:
        if path.is_file():
            out[path.relative_to(data_dir).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@dataclass
class State:
    """What the last build knew; see the module docstring."""

    key: str
    data_dir: str
    files: dict[str, str]
    chunks: list[tuple[str, str, int]]  # (chunk name, content hash, lines) in order
    chunk_of_file: dict[str, str]  # facts file (relative to the data folder) -> its chunk name
    file_ids: dict[str, list[tuple]]  # facts file -> [(id, type, resource)] of its records
    nodes: dict[str, str]
    bounds: dict[str, tuple]
    anchored_by: dict[str, list[str]]  # dated id -> facts files with a date relative to it
    source_of_file: dict[str, str]
    source_meta: dict[str, str]  # source id -> its metadata file
    files_of_source: dict[str, list[str]]
    counts_by_chunk: dict[str, dict[str, int]]
    coverage: dict[str, dict]  # source id -> its entry of kg.pipeline.coverage.as_dict
    registry_count: dict[bytes, int]  # digest of a registry-graph line -> chunks that give it
    integer_lines: bytes  # N-Quads lines of integers whose type Oxigraph forgets (kg.rdf.shacl.DerivedIntegers)
    findings: list[tuple]  # (query, focus, path, value, shape, component, severity, message), N-Triples terms
    checks: dict[str, list[tuple]]  # check name -> its rows (N-Triples terms, the first is the focus)
    graphs: int
    sources: dict[str, dict]  # report.json's "sources"
    deps: dict = field(default_factory=dict)


def load_state(out_dir: Path) -> State | None:
    if (cache_dir(out_dir) / _DIRTY).exists():
        return None  # a rebuild stopped half-way: the store may not match the state
    try:
        with open(cache_dir(out_dir) / _STATE, "rb") as f:
            state = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return state if isinstance(state, State) else None


def save_state(out_dir: Path, state: State) -> None:
    folder = cache_dir(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{_STATE}.{os.getpid()}"
    with open(tmp, "wb") as f:
        pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, folder / _STATE)


def mark_dirty(out_dir: Path, dirty: bool) -> None:
    path = cache_dir(out_dir) / _DIRTY
    if dirty:
        path.write_bytes(b"")
    else:
        path.unlink(missing_ok=True)


def chunk_path(out_dir: Path, digest: str, file: str) -> Path:
    return cache_dir(out_dir) / "chunks" / f"{digest}.{file.rsplit('.', 1)[-1]}"


def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def keep_chunk(out_dir: Path, nquads: bytes, pieces: dict[str, bytes]) -> str:
    """Store a chunk's N-Quads and RDF pieces under the hash of its N-Quads; return that hash."""
    d = digest(nquads)
    folder = cache_dir(out_dir) / "chunks"
    folder.mkdir(parents=True, exist_ok=True)
    for file, data in (("kg.nq", nquads), *pieces.items()):
        path = chunk_path(out_dir, d, file)
        if not path.exists():
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_bytes(data)
            os.replace(tmp, path)
    return d


def line_digest(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=12).digest()


def prune_chunks(out_dir: Path, state: State) -> None:
    """Remove cached pieces no chunk of ``state`` uses any more."""
    folder = cache_dir(out_dir) / "chunks"
    used = {d for _, d, _ in state.chunks}
    for path in folder.glob("*"):
        if path.name.split(".", 1)[0] not in used:
            path.unlink(missing_ok=True)


def remove_cache(out_dir: Path) -> None:
    shutil.rmtree(cache_dir(out_dir), ignore_errors=True)


def dependencies(compiled, onto, checks_dir: Path) -> dict:
    """What each compiled SHACL query (by index) and each check (by name: its focus variable too) reads."""
    import re

    from kg.rdf.query import read_query
    from kg.rdf.shacl import sparql_dependencies

    literal = frozenset(str(p.iri) for p in onto.properties.values() if p.kind != "object")
    deps: dict = {i: compiled.dependencies(i, literal) for i in range(len(compiled.queries()))}
    for path in sorted(Path(checks_dir).glob("*-violation.rq")):
        q = read_query(path)
        m = re.search(r"SELECT\s+(?:DISTINCT\s+)?\?(\w+)", q.text, re.I)  # the first variable: the focus
        deps[q.name] = (m.group(1), sparql_dependencies(q.text, m.group(1), literal)) if m else (None, None)
    return deps


def write_dependencies(out_dir: Path, shapes_path: Path, ontology_path: Path, checks_dir: Path, key: str) -> None:
    """Work out :func:`dependencies` into the cache, unless it holds them for the same ``key``."""
    from kg.core.ontology import Ontology
    from kg.rdf.shacl import CompiledShapes, Unsupported
    from kg.pipeline.validate import load_shapes

    path = cache_dir(out_dir) / "dependencies.pickle"
    try:
        if pickle.loads(path.read_bytes())[0] == key:
            return
    except (OSError, pickle.UnpicklingError, EOFError, IndexError, TypeError):
        pass
    try:
        deps = dependencies(CompiledShapes(load_shapes(shapes_path)), Ontology(ontology_path), checks_dir)
    except Unsupported:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((key, deps)))


def read_dependencies(out_dir: Path, key: str) -> dict:
    try:
        found, deps = pickle.loads((cache_dir(out_dir) / "dependencies.pickle").read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return {}
    return deps if found == key else {}


# ---- after a clean build --------------------------------------------------------------------------

def record_clean(*, out_dir: Path, key: str, data_dir: Path, corpus, built, chunk_digests: list[str],
                 counts_by_chunk: dict, registry: dict, chunk_lines: list[int], coverage: list[dict], findings,
                 integers, checks: dict, graphs: int, sources: dict) -> State:
    """The state of a clean build, to save once its outputs are in place."""
    data_dir = Path(data_dir)
    chunk_of_file, file_ids, source_of_file, files_of_source, anchored_by = {}, {}, {}, {}, {}
    for rec in corpus.records:
        if rec.kind != "fact":
            continue
        rel = _relative(data_dir, rec.where.file)
        chunk_of_file[rel] = rec.where.file
        file_ids.setdefault(rel, []).append((rec.id, rec.type, rec.about))
        source_of_file[rel] = rec.source
        if rec.date is not None:
            for anchor in (rec.date.after, rec.date.before):
                if anchor:
                    anchored_by.setdefault(anchor, set()).add(rel)
    for rel, sid in source_of_file.items():
        files_of_source.setdefault(sid, []).append(rel)
    source_meta = {sid: Path(src.where.file).name for sid, src in corpus.sources.items()}
    return State(
        key=key, data_dir=str(data_dir.resolve()), files=input_files(data_dir),
        chunks=[(name, d, n) for (name, _, _), d, n in zip(built.chunks, chunk_digests, chunk_lines)],
        chunk_of_file=chunk_of_file, file_ids=file_ids, nodes={k: str(v) for k, v in built.nodes.items()},
        bounds=dict(built.bounds), anchored_by={k: sorted(v) for k, v in anchored_by.items()},
        source_of_file=source_of_file, source_meta=source_meta,
        files_of_source={k: sorted(v) for k, v in files_of_source.items()},
        counts_by_chunk=counts_by_chunk, coverage={c["source"]: c for c in coverage},
        registry_count=registry, integer_lines=integers.lines, findings=[_finding_row(f) for f in findings],
        checks=checks, graphs=graphs, sources=sources)


def _relative(data_dir: Path, shown: str) -> str:
    """A facts file as kg names it (``data/facts/x.yaml``) -> relative to the data folder."""
    parts = Path(shown).parts
    for i in range(len(parts)):
        if parts[i] in ("facts", "sources") and (Path(data_dir) / Path(*parts[i:])).is_file():
            return Path(*parts[i:]).as_posix()
    return Path(shown).name


def _finding_row(f) -> tuple:
    return (f.query, str(f.focus), str(f.path) if f.path is not None else None,
            str(f.value) if f.value is not None else None, str(f.shape), f.component, str(f.severity),
            f.message)


def check_rows(results: dict) -> dict[str, list[tuple]]:
    """Rows of the check queries (kg.rdf.query Results) as N-Triples terms."""
    return {name: _rows(res) for name, res in results.items()}


def _rows(result) -> list[tuple]:
    """The rows of one kg.rdf.query Result as N-Triples terms."""
    return [tuple(t.n3() if t is not None else None for t in row) for row in result.rows]


def distinct_quads(lines: int, registry: dict) -> int:
    """The build's distinct quads: every chunk's lines, a registry quad that several chunks give
    (``registry``: digest of its line -> chunks giving it) counted once."""
    return lines - sum(n - 1 for n in registry.values())


# ---- an incremental rebuild --------------------------------------------------------------------------

class _Walk:
    """Neighbours of nodes in a store (IRIs only, literals never), fetched once each."""

    def __init__(self, store):
        self.store = store
        self.adj: dict[str, list[tuple[str, str]]] = {}

    def _fetch(self, nodes: set[str]) -> None:
        missing = sorted(n for n in nodes if n not in self.adj and n.startswith("<"))
        for n in nodes:
            if not n.startswith("<"):
                self.adj.setdefault(n, [])
        for i in range(0, len(missing), 2000):
            batch = missing[i:i + 2000]
            for n in batch:
                self.adj[n] = []
            text = (f"SELECT ?x ?p ?n WHERE {{ VALUES ?x {{ {' '.join(batch)} }} "
                    "{ ?x ?p ?n } UNION { ?n ?p ?x } FILTER (isIRI(?n)) }")
            for row in self.store.query(text, use_default_graph_as_union=True):
                self.adj[str(row["x"])].append((row["p"].value, str(row["n"])))

    def reach(self, seeds: set[str], radius: int, hops: set[str] | None) -> set[str]:
        seen, frontier = set(seeds), set(seeds)
        for _ in range(radius):
            self._fetch(frontier)
            nxt = {n for x in frontier for p, n in self.adj.get(x, ()) if hops is None or p in hops} - seen
            seen |= nxt
            frontier = nxt
        return seen


def _affected(deps, triples: list[tuple[str, str, str]], walk: _Walk) -> set[str]:
    """Focus nodes whose results the changed ``triples`` (N-Triples terms) can change."""
    seeds: dict[int, set[str]] = {}
    for pred, side, radius in deps.seeds:
        for s, p, o in triples:
            if pred is None or f"<{pred}>" == p:
                node = s if side == 0 else o
                if node.startswith("<"):
                    seeds.setdefault(radius, set()).add(node)
    out: set[str] = set()
    for radius, nodes in seeds.items():
        out |= walk.reach(nodes, radius, deps.hops)
    return out


def _split(line: bytes) -> tuple[str, str, str]:
    """(s, p, o) of an N-Quads line written by the build."""
    text = line.decode("utf-8")
    s, p, rest = text.split(" ", 2)
    return s, p, rest[:rest.rfind(" <", 0, len(rest) - 2)]


def _restricted_check(text: str, var: str, nodes: set[str]) -> str | None:
    """The check query with ``VALUES ?var {...}`` first in its WHERE group, and first in each MINUS
    group that uses ``?var`` (MINUS is evaluated on its own: unrestricted, it reads everything).
    None when the query has modifiers a restriction would change."""
    import re

    upper = text.upper()
    if "GROUP BY" in upper or "LIMIT" in upper or "OFFSET" in upper:
        return None
    values = f" VALUES ?{var} {{ {' '.join(sorted(nodes))} }} "
    starts = []
    m = re.search(r"\bWHERE\s*\{", text, re.I)
    if not m:
        return None
    starts.append(m.end())
    for m in re.finditer(r"\bMINUS\s*\{", text, re.I):
        depth, end = 1, m.end()
        while depth and end < len(text):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        if re.search(rf"\?{re.escape(var)}\b", text[m.end():end]):
            starts.append(m.end())
    for at in sorted(starts, reverse=True):
        text = text[:at] + values + text[at:]
    return text


def rebuild(data_dir: Path, out_dir: Path, base: str, *, onto, shapes, key: str, checks_dir: Path, stages):
    """Rebuild from the cache of the last build, or return None when a clean build is needed."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from kg.pipeline import coverage as cov
    from kg.api import BuildOutcome
    from kg.pipeline.build import build
    from kg.core.errors import DataError
    from kg.pipeline.load import load_some
    from kg.pipeline.write import RDF_FILES, Staging, chunk_rdf, write_pieces
    from kg.rdf.query import OxigraphStore, read_query
    from kg.rdf.shacl import CompiledShapes, DerivedIntegers
    from kg.pipeline.validate import findings_to_report

    state = load_state(out_dir)
    data_dir = Path(data_dir)
    store_dir = cache_dir(out_dir) / "store"
    if (state is None or state.key != key or state.data_dir != str(data_dir.resolve())
            or not store_dir.is_dir()):
        return None
    try:
        with stages.stage("load"):  # and build: the changed files are loaded and built together
            files = input_files(data_dir)
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
                ids = {}
                for rec in corpus.records:
                    ids.setdefault(_relative(data_dir, rec.where.file), []).append((rec.id, rec.type, rec.about))
                if any(ids.get(f, []) != state.file_ids[f] for f in todo):
                    return None  # ids added, removed or retyped: other files may name them
                own = {rid for f in todo for rid, _, _ in state.file_ids[f]}
                built = build(corpus, onto, base, partial=True,
                              known_nodes={k: URIRef(v) for k, v in state.nodes.items() if k not in own},
                              known_bounds={k: v for k, v in state.bounds.items() if k not in own})
                moved = {rid for rid in own if built.bounds.get(rid) != state.bounds.get(rid)}
                more = {f for rid in moved for f in state.anchored_by.get(rid, [])} - todo
                if not more:
                    break
                todo |= more
    except (DataError, KeyError):
        return None  # a clean build reports the problem, or copes with what the cache did not foresee

    with stages.stage("store") as st:
        new_chunks = dict(built.chunk_nquads())
        removed, added = [], []
        registry_mark = f" <{base}graph/registry> .".encode()
        digests = {name: d for name, d, _ in state.chunks}
        for name, data in new_chunks.items():
            old = chunk_path(out_dir, digests[name], "kg.nq").read_bytes()
            old_lines, new_lines = set(old.splitlines()), set(data.splitlines())
            for line in sorted(old_lines - new_lines):
                if line.endswith(registry_mark):
                    h = line_digest(line)
                    state.registry_count[h] -= 1
                    if state.registry_count[h] > 0:
                        continue  # another chunk gives the same quad: it stays
                    del state.registry_count[h]
                removed.append(line)
            for line in sorted(new_lines - old_lines):
                if line.endswith(registry_mark):
                    h = line_digest(line)
                    state.registry_count[h] = state.registry_count.get(h, 0) + 1
                added.append(line)
        triples = [_split(line) for line in removed + added]
        st.note = f"{len(removed)} quads removed, {len(added)} added"
        compiled = CompiledShapes(shapes)
        queries = compiled.queries()
        if not state.deps:
            state.deps = dependencies(compiled, onto, checks_dir)
        mark_dirty(out_dir, True)
        store = ox.Store(str(store_dir))
        before = _Walk(store)
        affected = {i: (None if state.deps[i] is None else _affected(state.deps[i], triples, before))
                    for i in range(len(queries))}
        check_names = [k for k in state.deps if isinstance(k, str)]
        check_affected = {n: (None if state.deps[n][1] is None else _affected(state.deps[n][1], triples, before))
                          for n in check_names}
        if removed:
            for q in ox.parse(b"\n".join(removed), format=ox.RdfFormat.N_QUADS):
                store.remove(q)
        if added:
            store.extend(ox.parse(b"\n".join(added), format=ox.RdfFormat.N_QUADS))
        after = _Walk(store)
        for i in affected:
            if affected[i] is not None:
                affected[i] |= _affected(state.deps[i], triples, after)
        for n in check_names:
            if check_affected[n] is not None:
                check_affected[n] |= _affected(state.deps[n][1], triples, after)

    with stages.stage("validate") as st:
        state.integer_lines = _integer_lines(state.integer_lines, removed, added, compiled.derived_predicates)
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
        state.findings = sorted(keep + [_finding_row(f) for f in fresh], key=lambda r: tuple(map(str, r)))
        report = findings_to_report([_finding(row) for row in state.findings], store)
        st.note = f"oxigraph engine, {len(rerun)} queries rerun, {len(report.results)} result(s)"

    with stages.stage("checks"):
        for name in check_names:
            nodes = check_affected[name]
            if nodes is not None and not nodes:
                continue
            var = state.deps[name][0]
            q = read_query(Path(checks_dir) / f"{name}.rq")
            text = _restricted_check(q.text, var, nodes) if nodes is not None else q.text
            if text is None:
                text, nodes = q.text, None
            rows = _rows(OxigraphStore(store).select(text))
            if nodes is None:
                state.checks[name] = rows
            else:
                state.checks[name] = [r for r in state.checks[name] if r[0] not in nodes] + rows
        del store
        checks = {name: len(rows) for name, rows in sorted(state.checks.items())}
        for c in cov.as_dict(cov.coverage(corpus)):
            state.coverage[c["source"]] = c
        coverage = [state.coverage[sid] for sid in sorted(state.coverage)]

    with stages.stage("write"):
        counts_of = built.counts_by_chunk()
        for name, data in new_chunks.items():
            state.counts_by_chunk[name] = counts_of[name]
            d = keep_chunk(out_dir, data, chunk_rdf(data, built.prefixes))
            digests[name] = d
        state.chunks = [(name, digests[name], n if name not in new_chunks else new_chunks[name].count(b"\n"))
                        for name, _, n in state.chunks]
        counts: dict[str, int] = {}
        for c in state.counts_by_chunk.values():
            for k, v in c.items():
                counts[k] = counts.get(k, 0) + v
        counts = dict(sorted(counts.items()))
        quads = distinct_quads(sum(n for _, _, n in state.chunks), state.registry_count)
        outcome = BuildOutcome(out_dir, out_dir, counts, quads, state.graphs, coverage, report, checks)
        with Staging(out_dir) as staging:
            for file in ("kg.nq", *RDF_FILES):
                write_pieces(file, [chunk_path(out_dir, d, file) for _, d, _ in state.chunks], built.prefixes,
                             staging.path / file)
            staging.write("report.json", report_json(base, report, counts, quads, state.graphs, coverage, checks,
                                                     state.sources))
            outcome.written_to = staging.commit() if outcome.ok else staging.reject()
        state.files = files
        state.bounds.update(built.bounds)
        save_state(out_dir, state)
        mark_dirty(out_dir, False)
        prune_chunks(out_dir, state)
    outcome.incremental = True
    return outcome


def _integer_lines(lines: bytes, removed: list[bytes], added: list[bytes], predicates) -> bytes:
    marks = [f" <{p}> ".encode() for p in predicates]

    def integer(line: bytes) -> bool:
        return b"XMLSchema#" in line and any(m in line for m in marks)

    gone = {line for line in removed if integer(line)}
    kept = [line for line in lines.splitlines() if line not in gone]
    return b"\n".join(kept + [line for line in added if integer(line)])


def _finding(row: tuple):
    """A cached finding back as a kg.rdf.shacl.Finding with Oxigraph terms."""
    from rdflib import URIRef

    from kg.rdf.shacl import Finding

    query, focus, path, value, shape, component, severity, message = row
    return Finding(_term(focus), URIRef(path) if path else None, _term(value) if value else None,
                   URIRef(shape), component, URIRef(severity), message, query)


def _term(text: str):
    import pyoxigraph as ox

    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    return next(iter(ox.parse(f"<urn:x:s> <urn:x:p> {text} .".encode("utf-8"),
                              format=ox.RdfFormat.N_TRIPLES))).object


def report_json(base: str, report, counts, quads: int, graphs: int, coverage, checks, sources) -> bytes:
    import json

    return (json.dumps({
        "base": base,
        "conforms": report.conforms,
        "counts": counts,
        "quads": quads,
        "named_graphs": graphs,
        "coverage": coverage,
        "checks": checks,
        "validation": json.loads(report.to_json()),
        "sources": sources,
    }, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
