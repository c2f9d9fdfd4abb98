"""Stage 4, query: SPARQL from files, parameters bound as RDF terms, three stores.

A query file in ``queries/`` opens with a comment::

    # Question: When were diplomatic relations between two given states established?
    # السؤال: متى أقيمت العلاقات الدبلوماسية بين دولتين؟
    # @param a = state:azerbaijan
    # @param b = state:kuwait
    # Row: one establishment of relations, with its date and precision.

Parameter values are written in Turtle term syntax (``<iri>``, ``prefix:name``,
``"text"@ar``, ``"1994-10-10"^^xsd:date``), parsed by rdflib's Turtle parser
into one RDF term, and reach the query as one ``VALUES`` block serialised by
rdflib and placed at the start of the ``WHERE`` clause: user text is never
formatted into the query. The same text runs on every store:

* :class:`RdflibStore`, the embedded default (an rdflib ``Dataset``);
* :class:`OxigraphStore`, embedded pyoxigraph, for large graphs;
* :class:`RemoteStore`, any SPARQL 1.1 endpoint, through SPARQLWrapper.

:func:`open_build_store` opens a build in an embedded store; ``auto`` picks
rdflib for a small build and Oxigraph from :data:`AUTO_OXIGRAPH_QUADS` quads on.

In every store the default graph is the union of all named graphs.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.core.config import QUERIES_DIR
from kg.core.errors import DataError, EndpointError, OntologyError, UsageError
from kg.core.namespace import prefixes


_PARAM = re.compile(r"^#\s*@param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass
class QueryFile:
    """A query read from a file, with its documented parameters."""

    name: str
    path: Path
    text: str
    params: dict[str, str] = field(default_factory=dict)  # name -> default, Turtle term syntax
    question: dict[str, str] = field(default_factory=dict)  # 'en'/'ar' -> the question
    row: str = ""


def find_query(name_or_path: str, queries_dir: Path = QUERIES_DIR) -> Path:
    """A query NAME (a file of ``queries/`` without ``.rq``) or a path to a ``.rq`` file."""
    path = Path(name_or_path)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise UsageError(f"{name_or_path}: query file not found")
        return path
    for candidate in (queries_dir / f"{name_or_path}.rq", queries_dir / "checks" / f"{name_or_path}.rq"):
        if candidate.is_file():
            return candidate
    known = ", ".join(sorted(p.stem for p in queries_dir.glob("*.rq")))
    raise UsageError(f"{name_or_path}: no such query in {queries_dir} (known: {known})")


def read_query(path: Path) -> QueryFile:
    """Read a query file and its header comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(str(path), f"not UTF-8 at byte {exc.start}") from None
    q = QueryFile(path.stem, path, text)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if m := _PARAM.match(line):
            q.params[m.group(1)] = m.group(2)
        elif m := re.match(r"^#\s*Question:\s*(.+)$", line):
            q.question["en"] = m.group(1).strip()
        elif m := re.match(r"^#\s*السؤال:\s*(.+)$", line):
            q.question["ar"] = m.group(1).strip()
        elif m := re.match(r"^#\s*Row:\s*(.+)$", line):
            q.row = m.group(1).strip()
    return q


def parse_term(value: str, base: str, where: str = "parameter") -> Node:
    """Parse one RDF term written in Turtle term syntax, with rdflib's Turtle parser.

    >>> parse_term('"Kuwait"@en', "https://w3id.org/bilateral-kg/")
    rdflib.term.Literal('Kuwait', lang='en')
    >>> parse_term("state:kuwait", "https://w3id.org/bilateral-kg/")
    rdflib.term.URIRef('https://w3id.org/bilateral-kg/state/kuwait')
    """
    subject, predicate = URIRef("urn:kg:s"), URIRef("urn:kg:p")
    doc = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in prefixes(base).items())
    doc += f"<urn:kg:s> <urn:kg:p>\n{value}\n."
    g = Graph()
    try:
        g.parse(data=doc, format="turtle")
    except Exception as exc:  # rdflib's Turtle parser raises BadSyntax and others
        raise UsageError(f"{where}: not one RDF term in Turtle syntax: {value!r}") from exc
    triples = list(g)
    if len(triples) != 1 or triples[0][0] != subject or triples[0][1] != predicate \
            or isinstance(triples[0][2], BNode):
        raise UsageError(f"{where}: not one RDF term in Turtle syntax: {value!r}")
    return triples[0][2]


def bind(text: str, bindings: dict[str, Node]) -> str:
    """Return ``text`` with one ``VALUES`` block, serialised by rdflib, opening its WHERE clause."""
    if not bindings:
        return text
    m = _WHERE.search(_strip_comments(text))
    if m is None:
        raise OntologyError("query", "a query with parameters needs a WHERE { ... } clause")
    names = sorted(bindings)
    block = ("\n  VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(bindings[n].n3() for n in names) + ") }\n")
    return text[: m.end()] + block + text[m.end():]


def _strip_comments(text: str) -> str:
    """Blank out comments (keeping offsets) so that WHERE is not found inside one."""
    return re.sub(r"(?m)#[^\n]*", lambda m: " " * len(m.group(0)), text)


class QuerySyntaxError(Exception):
    """A store's parser refused the query; :func:`run` names the file, line and column."""

    def __init__(self, line: int | None, column: int | None, message: str, context: str | None = None):
        super().__init__(message)
        self.line, self.column, self.message, self.context = line, column, message, context


def check_syntax(text: str) -> None:
    """Parse with rdflib's SPARQL parser; raise :class:`QuerySyntaxError` with line and column."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as exc:
        raise QuerySyntaxError(exc.lineno, exc.col, exc.msg, exc.line.strip()) from None


def resolve_params(q: QueryFile, given: dict[str, str], base: str) -> dict[str, Node]:
    """Turn defaults and ``--param name=VALUE`` into RDF terms."""
    unknown = set(given) - set(q.params)
    if unknown:
        raise UsageError(f"{q.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                         f"it takes {', '.join(sorted(q.params)) or 'none'}")
    return {name: parse_term(given.get(name, default), base, f"--param {name}")
            for name, default in q.params.items()}


@dataclass
class Result:
    """A SELECT result: variable names and rows of rdflib terms (None where unbound)."""

    vars: list[str]
    rows: list[tuple[Node | None, ...]]

    def as_set(self) -> set[tuple]:
        return set(self.rows)


class Store(Protocol):
    name: str

    def select(self, text: str) -> Result: ...


class RdflibStore:
    """The embedded default: an rdflib Dataset whose default graph is the union."""

    name = "rdflib"

    def __init__(self, dataset: Dataset):
        import rdflib.plugins.sparql

        # rdflib would otherwise load the IRIs of FROM / FROM NAMED (local files included)
        # into the dataset; the graph queried is only what the build wrote.
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        self.dataset = dataset
        self.dataset.default_union = True

    @classmethod
    def from_file(cls, path: Path) -> "RdflibStore":
        ds = Dataset(default_union=True)
        ds.parse(path, format="trig" if str(path).endswith(".trig") else "nquads")
        return cls(ds)

    def select(self, text: str) -> Result:
        from pyparsing import ParseException

        try:
            res = self.dataset.query(text)
        except ParseException as exc:
            raise QuerySyntaxError(exc.lineno, exc.col, exc.msg, exc.line.strip()) from None
        names = [str(v) for v in res.vars]
        return Result(names, [tuple(row) for row in res])


class OxigraphStore:
    """Embedded pyoxigraph, loaded from the build's N-Quads; default graph = union."""

    name = "oxigraph"

    def __init__(self, store):
        self.store = store

    @classmethod
    def from_file(cls, path: Path) -> "OxigraphStore":
        import pyoxigraph as ox

        store = ox.Store()
        fmt = ox.RdfFormat.N_QUADS if str(path).endswith(".nq") else ox.RdfFormat.TRIG
        store.bulk_load(path=str(path), format=fmt)
        return cls(store)

    @classmethod
    def from_bytes(cls, nquads: bytes) -> "OxigraphStore":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS)
        return cls(store)

    def select(self, text: str) -> Result:
        try:
            res = self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:  # Oxigraph's parser (stricter than rdflib's: prefixes must be declared)
            text = " ".join(str(exc).split())
            at = re.search(r"at (\d+):(\d+)", text)
            raise QuerySyntaxError(int(at.group(1)) if at else None, int(at.group(2)) if at else None,
                                   text[:200]) from None
        names = [v.value for v in res.variables]
        seen: dict = {None: None}  # a term repeats across rows (labels, states): converted once

        def term(t):
            try:
                return seen[t]
            except KeyError:
                seen[t] = converted = _from_ox(t)
                return converted

        # A solution iterates over its values in the order of the variables (faster than sol[v]).
        return Result(names, [tuple(map(term, sol)) for sol in res])


def _from_ox(term) -> Node | None:
    from kg.rdf.shacl import to_rdflib

    return to_rdflib(term, plain_strings=False)


class RemoteStore:
    """A SPARQL 1.1 endpoint (its query URL), through SPARQLWrapper."""

    name = "remote"

    def __init__(self, endpoint: str, timeout: float = 30.0):
        self.endpoint = endpoint
        self.timeout = timeout

    def select(self, text: str) -> Result:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper

        check_syntax(text)  # a syntax error is the user's (exit 2), not the server's failure (exit 3)

        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(self.timeout)
        client.setQuery(text)
        # SPARQLWrapper guesses the query form from the first keyword it meets, comments
        # included ("# ... addressed ..." was sent as an ADD update); every query here is a SELECT.
        from SPARQLWrapper import SELECT

        client.queryType = SELECT
        try:
            with warnings.catch_warnings():  # SPARQLWrapper warns on a non-SPARQL content type; we say it once
                warnings.simplefilter("ignore")
                data = client.queryAndConvert()
        except Exception as exc:  # network, HTTP and parsing failures of many types
            raise EndpointError(f"endpoint {self.endpoint}: {_describe(exc)}") from None
        if not isinstance(data, dict) or "head" not in data or "results" not in data:
            raise EndpointError(f"endpoint {self.endpoint}: the response is not SPARQL JSON results")
        names = data["head"].get("vars", [])
        rows = [tuple(_from_json(b.get(v)) for v in names) for b in data["results"].get("bindings", [])]
        return Result(names, rows)


#: ``--store auto`` loads a build of this many quads or more into Oxigraph, a smaller one into rdflib.
#: rdflib parses about 40K quads a second (a 1M-quad build: about 50 s and 1.9 GB before the first
#: answer), pyoxigraph over 200K (4 s and 0.7 GB); both give the same results.
AUTO_OXIGRAPH_QUADS = 50_000

STORES = ("auto", "rdflib", "oxigraph")


def choose_store(build_dir: Path) -> str:
    """The embedded store ``auto`` means for a build: ``oxigraph`` from :data:`AUTO_OXIGRAPH_QUADS`
    quads on (the count in its report.json), else ``rdflib``."""
    try:
        quads = int(json.loads((Path(build_dir) / "report.json").read_text(encoding="utf-8"))["quads"])
    except (OSError, ValueError, KeyError, TypeError):  # no report (or not one of ours): the default engine
        return "rdflib"
    return "oxigraph" if quads >= AUTO_OXIGRAPH_QUADS else "rdflib"


def open_build_store(build_dir: Path, store: str = "auto") -> Store:
    """An embedded store holding the last conforming build in ``build_dir``.

    ``store`` is ``auto`` (see :func:`choose_store`), ``rdflib`` (reads kg.trig)
    or ``oxigraph`` (reads kg.nq). :class:`UsageError` when there is no build.
    """
    if store not in STORES:
        raise UsageError(f"store {store!r}: one of {', '.join(STORES)}")
    if store == "auto":
        store = choose_store(build_dir)
    source = Path(build_dir) / ("kg.nq" if store == "oxigraph" else "kg.trig")
    if not source.is_file():
        raise UsageError(f"{source}: no conforming build here; run 'kg build' first")
    return OxigraphStore.from_file(source) if store == "oxigraph" else RdflibStore.from_file(source)


def _describe(exc: Exception) -> str:
    import socket
    import urllib.error

    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return "timed out"
        return f"cannot connect ({reason})"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    name = type(exc).__name__
    text = " ".join(str(exc).split())
    if name in ("QueryBadFormed", "EndPointNotFound", "Unauthorized", "URITooLong", "EndPointInternalError"):
        code = {"QueryBadFormed": 400, "EndPointNotFound": 404, "Unauthorized": 401,
                "URITooLong": 414, "EndPointInternalError": 500}[name]
        return f"HTTP {code}: {text.splitlines()[0][:160] if text else name}"
    if isinstance(exc, (ValueError, json.JSONDecodeError)):
        return "the response is not SPARQL JSON results"
    return f"{name}: {text[:160]}"


def _from_json(b: dict | None) -> Node | None:
    if b is None:
        return None
    kind = b.get("type")
    if kind == "uri":
        return URIRef(b["value"])
    if kind == "bnode":
        return BNode(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], lang=b["xml:lang"])
    if "datatype" in b:
        return Literal(b["value"], datatype=URIRef(b["datatype"]))
    return Literal(b["value"])


def run(store: Store, q: QueryFile, bindings: dict[str, Node]) -> Result:
    """Bind and run a query file on a store; a syntax error (from the store's own parser) names file, line, column."""
    text = bind(q.text, bindings)
    try:
        return store.select(text)
    except QuerySyntaxError as exc:
        where = f"{q.path}:{exc.line}:{exc.column}" if exc.line else str(q.path)
        raise DataError(where, f"SPARQL syntax error: {exc.message}", exc.context) from None


# --- Output formats ------------------------------------------------------------


def to_json(result: Result) -> str:
    """W3C SPARQL 1.1 Query Results JSON Format."""
    def term(t: Node) -> dict:
        if isinstance(t, URIRef):
            return {"type": "uri", "value": str(t)}
        if isinstance(t, BNode):
            return {"type": "bnode", "value": str(t)}
        d = {"type": "literal", "value": str(t)}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype:
            d["datatype"] = str(t.datatype)
        return d

    bindings = [{v: term(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=2)


def to_csv(result: Result) -> str:
    """W3C SPARQL 1.1 CSV results: plain values."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.vars)
    for row in result.rows:
        w.writerow(["" if t is None else str(t) for t in row])
    return buf.getvalue()


def to_tsv(result: Result) -> str:
    """W3C SPARQL 1.1 TSV results: terms in Turtle syntax."""
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else t.n3() for t in row))
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else (2 if unicodedata.east_asian_width(c) in "WF" else 1)
               for c in text)


def to_table(result: Result, base: str) -> str:
    """A table for the terminal: IRIs shortened with the prefixes, literals as text."""
    pfx = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))

    def show(t: Node | None) -> str:
        if t is None:
            return ""
        if isinstance(t, URIRef):
            for p, iri in pfx:
                if str(t).startswith(iri):
                    return f"{p}:{str(t)[len(iri):]}"
            return f"<{t}>"
        return " ".join(str(t).split())

    cells = [[show(t) for t in row] for row in result.rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(result.vars)]
    def line(values):
        return " | ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()
    out = [line(result.vars), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


FORMATS = {"table": None, "csv": to_csv, "tsv": to_tsv, "json": to_json}


def run_checks(store: Store, checks_dir: Path = QUERIES_DIR / "checks") -> dict[str, Result]:
    """Run every ``*-violation.rq``; a check passes when it returns no rows."""
    out = {}
    for path in sorted(checks_dir.glob("*-violation.rq")):
        q = read_query(path)
        out[q.name] = run(store, q, {})
    return out
