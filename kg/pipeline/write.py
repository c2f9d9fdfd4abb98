"""Writing outputs: deterministic serialisations, atomic replacement.

The build's RDF files are written from its N-Triples-encoded quads
(:class:`kg.pipeline.build.Built`), in a fixed order, by pyoxigraph's streaming
serialisers (Rust: about a million quads a second), so the same data always
gives the same bytes: N-Quads as sorted lines; TriG by graph, subject,
predicate, object; Turtle and JSON-LD of the union by subject, predicate,
object. The rdflib serialisations (:func:`trig`, :func:`nquads`, :func:`jsonld`)
are kept for ``kg export``, which works on rdflib datasets.

Every file is written to a staging folder beside its destination and moved
into place with :func:`os.replace` only once all files are complete, so a
failed run never leaves half-written output and never touches the last good
build.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from rdflib import RDF, Dataset, Graph, URIRef


def nquads(ds: Dataset) -> str:
    """Canonical N-Quads: rdflib's N-Quads lines, de-duplicated and sorted."""
    text = ds.serialize(format="nquads")
    return "".join(sorted({line + "\n" for line in text.splitlines() if line.strip()}))


def trig(ds: Dataset) -> str:
    """TriG with the named graphs in IRI order, each body as rdflib's (sorted) Turtle."""
    nm = ds.namespace_manager
    # Bind a prefix for every predicate and class namespace up front, in sorted order, so that
    # the per-graph serialisations invent none of their own (and the names are stable).
    used = sorted({str(p) for _, p, _, _ in ds.quads()} | {str(o) for _, _, o, _ in ds.quads((None, RDF.type, None, None))
                                                            if isinstance(o, URIRef)})
    for iri in used:
        try:
            nm.compute_qname(iri, generate=True)
        except ValueError:  # an IRI that cannot be split into namespace and local name
            pass
    prefixes = sorted((p, str(ns)) for p, ns in ds.namespaces() if p)
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes)
    parts = [head]
    for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if len(g) == 0:
            continue
        body = Graph(namespace_manager=ds.namespace_manager)
        for t in g:
            body.add(t)
        text = body.serialize(format="turtle")
        lines = [line for line in text.splitlines() if not line.startswith("@prefix")]
        inner = "\n".join(lines).strip("\n")  # not re-indented: a line may sit inside a multi-line literal
        parts.append(f"\n{g.identifier.n3(ds.namespace_manager)} {{\n{inner}\n}}\n")
    return "".join(parts)


def jsonld(union: Graph) -> str:
    """JSON-LD of the union, nodes sorted by @id and keys sorted, so that it is byte-stable."""
    data = json.loads(union.serialize(format="json-ld", auto_compact=True))
    nodes = data.get("@graph", [data]) if isinstance(data, dict) else data

    def canon(value, ordered=False):
        if isinstance(value, dict):
            return {k: canon(v, ordered=(k == "@list")) for k, v in sorted(value.items())}
        if isinstance(value, list) and ordered:  # an RDF list keeps its order
            return [canon(v) for v in value]
        if isinstance(value, list):
            return sorted((canon(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return value

    out = {"@context": data.get("@context", {}) if isinstance(data, dict) else {},
           "@graph": sorted((canon(n) for n in nodes), key=lambda n: str(n.get("@id", "")))}
    return json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _graph_of(line: bytes) -> bytes:
    """The graph term of an N-Quads line written by the build (``s p o g .``)."""
    return line[line.rfind(b" <", 0, len(line) - 2) + 1:-2]


def _triple_of(line: bytes) -> bytes:
    return line[:line.rfind(b" <", 0, len(line) - 2)] + b" ."


def union_ntriples(nquads: bytes) -> bytes:
    """The union of the graphs of sorted N-Quads as N-Triples, each triple once, in order.

    The lines of one triple are adjacent in sorted N-Quads: they share the
    prefix ``s p o`` and a space, which no other triple's line starts with.
    """
    out, last = [], None
    for line in nquads.splitlines():
        t = _triple_of(line)
        if t != last:
            out.append(t)
            last = t
    out.append(b"")
    return b"\n".join(out)


def by_graph(nquads: bytes) -> bytes:
    """Sorted N-Quads regrouped graph by graph (graphs in order, lines kept in order)."""
    groups: dict[bytes, list[bytes]] = {}
    for line in nquads.splitlines():
        groups.setdefault(_graph_of(line), []).append(line)
    return b"".join(b"\n".join(groups[g]) + b"\n" for g in sorted(groups))


#: The RDF files written from the chunks of kg.nq (see :func:`chunk_rdf`).
RDF_FILES = ("kg.trig", "kg.ttl", "kg.jsonld")


def _serialise(data: bytes, in_format, out_format, prefixes: dict[str, str] | None) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(ox.parse(data, format=in_format), format=out_format, prefixes=prefixes)


def chunk_rdf(nquads: bytes, prefixes: dict[str, str]) -> dict[str, bytes]:
    """One chunk's pieces of kg.trig, kg.ttl and kg.jsonld (no header, no brackets).

    The files are the pieces of every chunk in order after :func:`rdf_head`; a
    graph (TriG) or a subject (Turtle, JSON-LD) may appear in several pieces,
    which each format allows. So a chunk that did not change is never
    serialised again (kg.pipeline.incremental keeps the pieces).
    """
    import pyoxigraph as ox

    def body(text: bytes) -> bytes:
        lines = text.split(b"\n")
        while lines and lines[0].startswith(b"@prefix "):
            lines.pop(0)
        return b"\n".join(lines)

    union = union_ntriples(nquads)
    jsonld = _serialise(union, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD, None).strip()
    return {
        "kg.trig": body(_serialise(by_graph(nquads), ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, prefixes)),
        "kg.ttl": body(_serialise(union, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, prefixes)),
        "kg.jsonld": jsonld[1:-1].strip(),  # the nodes of the chunk, without the array's brackets
    }


def rdf_head(name: str, prefixes: dict[str, str]) -> bytes:
    if name == "kg.jsonld":
        return b"["
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())).encode("utf-8")


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
