"""The build cache (``OUT/.cache/``): its state, its chunks and the dependencies of each query.

:data:`FORMAT` is the cache's format version: it is part of :func:`config_key`,
so a cache written by another format (or before the package moved, whose
pickles name modules that are gone) makes a clean build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

CACHE_DIR = ".cache"
_STATE = "state.pickle"
_DIRTY = "dirty"
#: Version of what the cache holds; 2 since the package moved to kg.pipeline (issue #13), 3 with
#: the reference tables (issue #14).
FORMAT = 3


def cache_dir(out_dir: Path) -> Path:
    return Path(out_dir) / CACHE_DIR


def config_key(ontology_path: Path, shapes_path: Path, base: str, checks_dir: Path) -> str:
    """What, when it changes, invalidates the cache: kg's version, ontology, shapes, checks, base."""
    from kg import __version__

    h = hashlib.sha256(f"{FORMAT}|{__version__}|{base}|".encode())
    for path in (ontology_path, shapes_path, *sorted(Path(checks_dir).glob("*.rq"))):
        h.update(str(Path(path).name).encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return h.hexdigest()


def input_files(data_dir: Path, max_bytes: int | None = None) -> dict[str, str]:
    """sha256 of every input file of a data folder, by path relative to it.

    The files are those a clean build reads (:func:`kg.pipeline.files.data_files`),
    checked the same way: what a clean build refuses raises here too.
    """
    from kg.pipeline.files import data_files

    files = data_files(Path(data_dir), max_bytes)
    return {path.relative_to(files.data_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in files.all()}


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
    integer_lines: bytes  # N-Quads lines of integers whose type Oxigraph forgets (kg.rdf.shacl.integers.DerivedIntegers)
    findings: list[tuple]  # (query, focus, path, value, shape, component, severity, message), N-Triples terms
    checks: dict[str, list[tuple]]  # check name -> its rows (N-Triples terms, the first is the focus)
    graphs: int
    sources: dict[str, dict]  # report.json's "sources"
    deps: dict = field(default_factory=dict)
    minted: list[str] = field(default_factory=list)  # offices minted from the role table (see rebuild)


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
    """Mark the cache as being changed (a build killed meanwhile leaves it marked: the next build is clean)."""
    path = cache_dir(out_dir) / _DIRTY
    if dirty:
        path.parent.mkdir(parents=True, exist_ok=True)
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
    from kg.rdf.sparql import read_query
    from kg.rdf.shacl.dependencies import sparql_dependencies

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
    from kg.pipeline.validate import read_shapes

    path = cache_dir(out_dir) / "dependencies.pickle"
    try:
        if pickle.loads(path.read_bytes())[0] == key:
            return
    except (OSError, pickle.UnpicklingError, EOFError, IndexError, TypeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)  # the cache's store goes here too, whatever the engine
    shapes = read_shapes(shapes_path)  # in the writer's process: the build's own parse stays in the build's
    if shapes.compiled is None:
        return
    deps = dependencies(shapes.compiled, Ontology(ontology_path), checks_dir)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(pickle.dumps((key, deps)))
    os.replace(tmp, path)


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
        rel = relative_file(data_dir, rec.where.file)
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
        registry_count=registry, integer_lines=integers.lines, findings=[finding_row(f) for f in findings],
        checks=checks, graphs=graphs, sources=sources, minted=list(built.minted))


def relative_file(data_dir: Path, shown: str) -> str:
    """A facts file as kg names it (``data/facts/x.yaml``) -> relative to the data folder."""
    parts = Path(shown).parts
    for i in range(len(parts)):
        if parts[i] in ("facts", "sources") and (Path(data_dir) / Path(*parts[i:])).is_file():
            return Path(*parts[i:]).as_posix()
    return Path(shown).name


def finding_row(f) -> tuple:
    return (f.query, str(f.focus), str(f.path) if f.path is not None else None,
            str(f.value) if f.value is not None else None, str(f.shape), f.component, str(f.severity),
            f.message)


def check_rows(results: dict) -> dict[str, list[tuple]]:
    """Rows of the check queries (kg.rdf.results.Result) as N-Triples terms."""
    return {name: result_rows(res) for name, res in results.items()}


def result_rows(result) -> list[tuple]:
    """The rows of one kg.rdf.results.Result as N-Triples terms."""
    return [tuple(t.n3() if t is not None else None for t in row) for row in result.rows]


def distinct_quads(lines: int, registry: dict) -> int:
    """The build's distinct quads: every chunk's lines, a registry quad that several chunks give
    (``registry``: digest of its line -> chunks giving it) counted once."""
    return lines - sum(n - 1 for n in registry.values())


def integer_lines(lines: bytes, removed: list[bytes], added: list[bytes], predicates) -> bytes:
    marks = [f" <{p}> ".encode() for p in predicates]

    def integer(line: bytes) -> bool:
        return b"XMLSchema#" in line and any(m in line for m in marks)

    gone = {line for line in removed if integer(line)}
    kept = [line for line in lines.splitlines() if line not in gone]
    return b"\n".join(kept + [line for line in added if integer(line)])


def cached_finding(row: tuple):
    """A cached finding back as a kg.rdf.shacl.model.Finding with Oxigraph terms."""
    from rdflib import URIRef

    from kg.rdf.shacl.model import Finding

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
