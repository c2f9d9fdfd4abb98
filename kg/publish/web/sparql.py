"""The read-only SPARQL endpoint: queries checked, then run in worker processes that can be stopped.

Why worker processes: a query runs inside pyoxigraph's Rust code, which a
thread cannot interrupt; a process can be killed. Each worker holds its own
in-memory pyoxigraph store loaded from the build's N-Quads (the default graph
is the union of the named graphs), answers one query at a time, and is killed
and replaced when a query runs past the time limit.

What a query may not do:

* update anything: SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``...)
  is refused with 403, whether sent as a query or as ``update=``;
* fetch anything: pyoxigraph's ``SERVICE`` makes HTTP requests, so a query that
  contains ``SERVICE`` is refused (403) before it reaches the store, by the
  checks of :mod:`kg.rdf.readonly` (a query in which neither ``SERVICE`` nor
  ``FROM`` appears as a word goes straight to Oxigraph; any other is parsed by
  rdflib first). Besides, where Linux lets it (root), each worker moves into its own
  empty network namespace at start, so no host is reachable from a query at all
  (``QueryPool.network_isolated`` says whether it did).
  ``FROM`` / ``FROM NAMED`` and the protocol's ``default-graph-uri`` /
  ``named-graph-uri`` only select graphs already in the store: pyoxigraph never
  loads a graph from its name (rdflib would, which is why rdflib does not run
  the queries here);
* run for ever or return everything: a time limit (the worker is killed) and
  a row cap (rows past it are dropped; the header ``X-Row-Cap`` says the cap
  and ``X-Truncated: true`` that rows were dropped).

A query that does not parse gets 400 with the parser's message on one line.
Results are written by the package's one SPARQL-results writer
(:data:`kg.rdf.results.WRITERS`); graphs by pyoxigraph's serialisers.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from dataclasses import dataclass
from pathlib import Path

from kg.rdf.readonly import MAX_QUERY_CHARS, Refusal, inspect, is_update, needs_inspection
from kg.rdf.results import WRITERS, Result, take, to_boolean
from kg.rdf.terms import to_rdflib

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
#: Media types a client may ask for, and what they mean here.
RESULT_OFFERS = [
    ("application/sparql-results+json", "json"), ("application/json", "json"),
    ("application/sparql-results+xml", "xml"), ("application/xml", "xml"), ("text/xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv"), ("text/html", "html"),
]
GRAPH_OFFERS = [
    ("text/turtle", "ttl"), ("application/x-turtle", "ttl"), ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"), ("text/html", "ttl"),
]


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict


def _error(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (" ".join(message.split()) + "\n").encode("utf-8"), {})


# --- answering (in the worker) ------------------------------------------------------------------------


def _refused(refusal: Refusal) -> Answer:
    return _error(403 if refusal.forbidden else 400, refusal.message)


def _isolate_network() -> bool:
    """Move this process into a new, empty network namespace (Linux, when permitted): no host is reachable."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(0x40000000) == 0  # CLONE_NEWNET
    except (OSError, AttributeError):
        return False


def _capped(items, row_cap: int, headers: dict) -> list:
    """The first ``row_cap`` items; ``X-Truncated: true`` in ``headers`` when there were more."""
    kept, truncated = take(items, row_cap)
    if truncated:
        headers["X-Truncated"] = "true"
    return kept


def _rows(res, row_cap: int, headers: dict) -> Result:
    """The first ``row_cap`` solutions as a :class:`~kg.rdf.results.Result`."""
    variables = [v.value for v in res.variables]
    return Result(variables, [tuple(to_rdflib(sol[v]) for v in variables) for sol in _capped(res, row_cap, headers)])


def answer(store, req: dict, row_cap: int) -> Answer:
    """Check and run one query on ``store`` (called in the worker)."""
    import pyoxigraph as ox

    text = req["query"]
    if len(text) > MAX_QUERY_CHARS or not text.strip():
        return _refused(inspect(text)[0])
    has_dataset = False
    if needs_inspection(text):  # else the query cannot hold SERVICE or FROM: Oxigraph alone parses it
        refusal, has_dataset = inspect(text)
        if refusal is not None:
            return _refused(refusal)
    kwargs: dict = {}
    try:
        if req.get("default_graphs"):
            kwargs["default_graph"] = [ox.NamedNode(u) for u in req["default_graphs"]]
        elif not has_dataset:  # FROM / FROM NAMED choose the dataset; else the default graph is the union
            kwargs["use_default_graph_as_union"] = True
        if req.get("named_graphs"):
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in req["named_graphs"]]
    except ValueError as exc:
        return _error(400, f"not an IRI in default-graph-uri or named-graph-uri: {exc}")
    try:
        res = store.query(text, **kwargs)
    except SyntaxError as exc:
        if is_update(text):
            return _error(403, "SPARQL Update is not allowed: this endpoint is read-only")
        return _error(400, f"SPARQL syntax error: {' '.join(str(exc).split())[:300]}")
    headers = {"X-Row-Cap": str(row_cap)}
    try:
        if isinstance(res, ox.QueryBoolean):
            fmt = "xml" if req.get("result") == "xml" else "json"
            return Answer(200, RESULT_TYPES[fmt], to_boolean(bool(res), fmt).encode("utf-8"), headers)
        if isinstance(res, ox.QueryTriples):
            triples = _capped(res, row_cap, headers)
            fmt = req.get("graph", "ttl")
            rdf_format = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                          "rdf": ox.RdfFormat.RDF_XML}[fmt]
            body = ox.serialize(triples, format=rdf_format) or b""
            return Answer(200, GRAPH_TYPES[fmt], body, headers)
        fmt = req.get("result", "json")
        body = WRITERS[fmt](_rows(res, row_cap, headers)).encode("utf-8")
        return Answer(200, RESULT_TYPES[fmt], body, headers)
    except (OSError, ValueError, RuntimeError) as exc:  # evaluation errors pyoxigraph reports
        return _error(400, f"query failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}")


def _read_frame(stream) -> bytes | None:
    head = stream.read(4)
    if len(head) < 4:
        return None
    size = int.from_bytes(head, "big")
    data = stream.read(size)
    return data if len(data) == size else None


def _frame(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def _encode(ans: Answer) -> bytes:
    head = json.dumps({"status": ans.status, "content_type": ans.content_type, "headers": ans.headers}).encode()
    return _frame(head) + _frame(ans.body)


def worker_main(nquads_path: str, row_cap: int, memory_limit: int | None) -> None:
    """A worker process: load the store, say ready, then answer framed queries from stdin on stdout.

    Started as ``python -m kg.publish.web.sparql NQUADS ROW_CAP MEMORY_LIMIT`` by :class:`QueryPool`; frames are
    4-byte big-endian lengths followed by bytes (a JSON request; a JSON head and a body in reply).
    """
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything else printed goes to stderr, never into the protocol
    inp = sys.stdin.buffer
    if memory_limit:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        except (ImportError, ValueError, OSError):
            pass
    isolated = _isolate_network()
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=nquads_path, format=ox.RdfFormat.N_QUADS)
    inspect("ASK {}")  # builds rdflib's grammar before the first real query
    out.write(_frame(b"ready isolated" if isolated else b"ready"))
    out.flush()
    while True:
        data = _read_frame(inp)
        if data is None:
            return
        try:
            ans = answer(store, json.loads(data), row_cap)
        except MemoryError:
            ans = _error(503, "query stopped: it needed more memory than a query may use")
        except Exception as exc:  # never leave the parent waiting: report one line
            ans = _error(500, f"query failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
        try:
            out.write(_encode(ans))
            out.flush()
        except (BrokenPipeError, OSError):
            return


# --- the pool (in the server process) -----------------------------------------------------------------


class _Worker:
    """One worker process and its pipes (asyncio streams)."""

    def __init__(self, proc):
        self.proc = proc

    @property
    def pid(self) -> int:
        return self.proc.pid

    async def read_frame(self) -> bytes:
        head = await self.proc.stdout.readexactly(4)
        return await self.proc.stdout.readexactly(int.from_bytes(head, "big"))

    def kill(self) -> None:
        if self.proc.returncode is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass


class QueryPool:
    """``size`` worker processes; :meth:`run` sends a query to an idle one, with the time limit.

    Workers are plain subprocesses (``python -m kg.publish.web.sparql``), not multiprocessing children, so
    that they never re-import the program that embeds the server.
    """

    def __init__(self, nquads: str, *, size: int, timeout: float, row_cap: int,
                 memory_limit: int | None = 4 << 30, start_timeout: float = 120.0):
        self.nquads = str(Path(nquads).resolve())
        self.size = size
        self.timeout = timeout
        self.row_cap = row_cap
        self.memory_limit = memory_limit
        self.start_timeout = start_timeout
        self._idle: asyncio.Queue | None = None
        self._all: set[_Worker] = set()
        self._started = False
        self._lock: asyncio.Lock | None = None
        self._spawning: set[asyncio.Task] = set()
        self.network_isolated: bool | None = None  # True when the workers have no network at all

    async def start(self) -> None:
        if self._started:
            return
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._started:
                return
            self._idle = asyncio.Queue()
            workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
            for w in workers:
                if w is not None:
                    self._idle.put_nowait(w)
            if self._idle.qsize() == 0:
                raise RuntimeError(f"no SPARQL worker could start (python -m kg.publish.web.sparql {self.nquads})")
            self._started = True

    async def _spawn(self) -> _Worker | None:
        import sys

        from kg.core.config import ROOT

        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "kg.publish.web.sparql", self.nquads, str(self.row_cap), str(self.memory_limit or 0),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env, limit=1 << 20)
        w = _Worker(proc)
        self._all.add(w)
        try:
            hello = await asyncio.wait_for(w.read_frame(), self.start_timeout)
            if hello.startswith(b"ready"):
                self.network_isolated = hello == b"ready isolated"
                return w
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, OSError):
            pass
        self._discard(w)
        return None

    def _discard(self, w: _Worker) -> None:
        self._all.discard(w)
        w.kill()
        asyncio.get_running_loop().create_task(self._reap(w))

    @staticmethod
    async def _reap(w: _Worker) -> None:
        try:
            await asyncio.wait_for(w.proc.wait(), 10)
        except (asyncio.TimeoutError, ProcessLookupError):
            pass

    def _replace(self, w: _Worker) -> None:
        """Kill ``w`` and start another in the background; it joins the idle queue once loaded."""
        self._discard(w)

        async def respawn():
            new = await self._spawn()
            if new is not None and self._idle is not None:
                self._idle.put_nowait(new)

        task = asyncio.get_running_loop().create_task(respawn())
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    async def run(self, req: dict) -> Answer:
        await self.start()
        try:
            w = await asyncio.wait_for(self._idle.get(), timeout=self.timeout + 10)
        except asyncio.TimeoutError:
            return _error(503, "the endpoint is busy: no query worker became free in time; try again")
        done = False
        try:
            try:
                w.proc.stdin.write(_frame(json.dumps(req).encode("utf-8")))
                await w.proc.stdin.drain()
                head = json.loads(await asyncio.wait_for(w.read_frame(), self.timeout))
                body = await asyncio.wait_for(w.read_frame(), self.timeout)
            except asyncio.TimeoutError:
                return _error(503, f"query stopped: it ran past the time limit of {self.timeout:g} s")
            except (asyncio.IncompleteReadError, OSError, ValueError):
                return _error(503, "query stopped: its worker ended (out of memory?); try a smaller query")
            done = True
            return Answer(head["status"], head["content_type"], body, head.get("headers", {}))
        finally:
            if done:
                self._idle.put_nowait(w)
            else:  # timed out, failed or cancelled: the worker's state is unknown
                self._replace(w)

    async def close(self) -> None:
        for task in list(self._spawning):
            task.cancel()
        for w in list(self._all):
            w.kill()
            try:
                await asyncio.wait_for(w.proc.wait(), 5)
            except (asyncio.TimeoutError, ProcessLookupError):
                pass
        self._all.clear()
        self._started = False

    def pids(self) -> list[int]:
        return sorted(w.pid for w in self._all)


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


if __name__ == "__main__":
    import sys as _sys

    worker_main(_sys.argv[1], int(_sys.argv[2]), int(_sys.argv[3]) or None)
