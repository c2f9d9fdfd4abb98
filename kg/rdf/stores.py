"""The stores a query runs on, and running a query file on one.

* :class:`OxigraphStore`, embedded pyoxigraph: the default (``auto``) at every size;
* :class:`RdflibStore`, an embedded rdflib ``Dataset``, for users who want rdflib's
  objects or plugins;
* :class:`RemoteStore`, any SPARQL 1.1 endpoint, through SPARQLWrapper.

:func:`open_build_store` opens a build in an embedded store. Oxigraph is the
default even for the first source: it loads and answers faster at every size
(``benchmarks/bench_build.py``), and rdflib's query planner can take minutes on
a query Oxigraph answers at once. In every store the default graph is the union
of all named graphs, and a query's results are written the same way whichever
store answered (:mod:`kg.rdf.results`).
:func:`run` binds a query file's parameters (:mod:`kg.rdf.sparql`) and runs it.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.term import Node

from kg.core.config import QUERIES_DIR
from kg.core.errors import DataError, EndpointError, UsageError
from kg.rdf.results import Result, from_json_term
from kg.rdf.sparql import QueryFile, QuerySyntaxError, bind, check_syntax, read_query
from kg.rdf.terms import OxTerm, to_rdflib


class Store(Protocol):
    name: str

    def select(self, text: str) -> Result: ...


class RdflibStore:
    """An embedded rdflib Dataset (read from kg.trig) whose default graph is the union."""

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
    """Embedded pyoxigraph, loaded from the build's N-Quads (the default store); default graph = union."""

    name = "oxigraph"

    def __init__(self, store: ox.Store):
        self.store = store

    @classmethod
    def from_file(cls, path: Path) -> "OxigraphStore":
        store = ox.Store()
        fmt = ox.RdfFormat.N_QUADS if str(path).endswith(".nq") else ox.RdfFormat.TRIG
        store.bulk_load(path=str(path), format=fmt)
        return cls(store)

    @classmethod
    def from_bytes(cls, nquads: bytes) -> "OxigraphStore":
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

        def term(t: OxTerm | None) -> Node | None:
            try:
                return seen[t]
            except KeyError:
                seen[t] = converted = to_rdflib(t, plain_strings=False)
                return converted

        # A solution iterates over its values in the order of the variables (faster than sol[v]).
        return Result(names, [tuple(map(term, sol)) for sol in res])


class RemoteStore:
    """A SPARQL 1.1 endpoint (its query URL), through SPARQLWrapper."""

    name = "remote"

    def __init__(self, endpoint: str, timeout: float = 30.0):
        self.endpoint = endpoint
        self.timeout = timeout

    def select(self, text: str) -> Result:
        from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

        check_syntax(text)  # a syntax error is the user's (exit 2), not the server's failure (exit 3)

        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(self.timeout)
        client.setQuery(text)
        # SPARQLWrapper guesses the query form from the first keyword it meets, comments
        # included ("# ... addressed ..." was sent as an ADD update); every query here is a SELECT.
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
        rows = [tuple(from_json_term(b.get(v)) for v in names) for b in data["results"].get("bindings", [])]
        return Result(names, rows)


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


#: The embedded stores of ``--store``: ``auto`` (the default) is ``oxigraph``.
STORES = ("auto", "rdflib", "oxigraph")


def open_build_store(build_dir: Path, store: str = "auto") -> Store:
    """An embedded store holding the last conforming build in ``build_dir``.

    ``store`` is ``oxigraph`` (reads kg.nq; ``auto`` means the same) or
    ``rdflib`` (reads kg.trig). :class:`UsageError` when there is no build.
    """
    if store not in STORES:
        raise UsageError(f"store {store!r}: one of {', '.join(STORES)}")
    if store == "auto":
        store = "oxigraph"
    source = Path(build_dir) / ("kg.nq" if store == "oxigraph" else "kg.trig")
    if not source.is_file():
        raise UsageError(f"{source}: no conforming build here; run 'kg build' first")
    return OxigraphStore.from_file(source) if store == "oxigraph" else RdflibStore.from_file(source)


def run(store: Store, q: QueryFile, bindings: dict[str, Node]) -> Result:
    """Bind and run a query file on a store; a syntax error (from the store's own parser) names file, line, column."""
    text = bind(q.text, bindings)
    try:
        return store.select(text)
    except QuerySyntaxError as exc:
        where = f"{q.path}:{exc.line}:{exc.column}" if exc.line else str(q.path)
        raise DataError(where, f"SPARQL syntax error: {exc.message}", exc.context) from None


def run_checks(store: Store, checks_dir: Path = QUERIES_DIR / "checks") -> dict[str, Result]:
    """Run every ``*-violation.rq``; a check passes when it returns no rows."""
    out = {}
    for path in sorted(checks_dir.glob("*-violation.rq")):
        q = read_query(path)
        out[q.name] = run(store, q, {})
    return out
