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
  contains ``SERVICE`` is refused (403) before it reaches the store. A query in
  which the word "service" appears nowhere (after the ``\\u`` escapes SPARQL
  expands before parsing, outside whole-line comments, and not as part of a
  variable or prefixed name) cannot hold the keyword and goes straight to
  Oxigraph; any other is parsed by rdflib first and refused when its parse tree
  has a ``SERVICE`` pattern or the keyword appears outside strings, IRIs and
  comments. Besides, where Linux lets it (root), each worker moves into its own
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
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

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
MAX_QUERY_CHARS = 100_000


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict


def _error(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (" ".join(message.split()) + "\n").encode("utf-8"), {})


# --- checks (rdflib's parser, in the worker) ------------------------------------------------------


_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_STRINGS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'', re.S)
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_COMMENT = re.compile(r"#[^\n\r]*")
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.I)
#: Either word as a token, not part of a variable (``?from``) or a prefixed name: the fast path's test.
_KEYWORDS = re.compile(r"(?<![\w?$:])(?:SERVICE|FROM)(?![\w:])", re.I)


def expand_escapes(text: str) -> str:
    """SPARQL's codepoint escapes, expanded over the whole query before parsing (as the spec says)."""
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def mentions_service(text: str) -> bool:
    """The keyword SERVICE outside strings, IRIs and comments (a conservative, parser-free check)."""
    text = expand_escapes(text)
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            m = _STRINGS.match(text, i)
            if m:
                out.append(" ")
                i = m.end()
                continue
        elif ch == "<":
            m = _IRIREF.match(text, i)
            if m:
                out.append(" ")
                i = m.end()
                continue
        elif ch == "#":
            m = _COMMENT.match(text, i)
            out.append(" ")
            i = m.end()
            continue
        out.append(ch)
        i += 1
    return bool(_SERVICE.search("".join(out)))


def _has_service(tree) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    todo, seen = [tree], set()
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            todo.extend(node.values())
        elif isinstance(node, dict):
            todo.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            todo.extend(list(node))
    return False


def check(text: str) -> Answer | None:
    """``None`` when the query may run; else the refusal (400 bad syntax, 403 update or SERVICE)."""
    return inspect(text)[0]


def inspect(text: str) -> tuple[Answer | None, bool]:
    """The refusal or ``None``, and whether the query names its dataset (``FROM`` / ``FROM NAMED``)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if len(text) > MAX_QUERY_CHARS:
        return _error(400, f"query too long: {len(text)} characters (at most {MAX_QUERY_CHARS})"), False
    if not text.strip():
        return _error(400, "SPARQL syntax error: the query is empty"), False
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except Exception:  # not an update either: report the query parser's message
            return _error(400, f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg} "
                               f"(near {exc.line.strip()[:80]!r})"), False
        return _error(403, "SPARQL Update is not allowed: this endpoint is read-only"), False
    except Exception as exc:  # rdflib raises a few other types on odd input
        return _error(400, f"SPARQL syntax error: {type(exc).__name__}: {str(exc)[:200]}"), False
    if _has_service(tree) or mentions_service(text):
        return _error(403, "SERVICE is not allowed: this endpoint does not query other endpoints"), False
    try:
        has_dataset = "datasetClause" in tree[1]
    except (IndexError, TypeError):
        has_dataset = False
    return None, has_dataset


# --- answering (in the worker) ------------------------------------------------------------------------


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # not an update (pyparsing and rdflib raise several types)
        return False
    return True


def _isolate_network() -> bool:
    """Move this process into a new, empty network namespace (Linux, when permitted): no host is reachable."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(0x40000000) == 0  # CLONE_NEWNET
    except (OSError, AttributeError):
        return False


def _json_term(t) -> dict:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype is not None and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            d["datatype"] = t.datatype.value
        return d
    return {"type": "literal", "value": str(t)}


def _xml_term(t) -> str:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype is not None and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def _csv_cell(t) -> str:
    import pyoxigraph as ox

    if t is None:
        return ""
    value = t.value if isinstance(t, (ox.NamedNode, ox.Literal)) else (f"_:{t.value}" if isinstance(t, ox.BlankNode)
                                                                       else str(t))
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def serialise_solutions(variables: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt == "xml":
        out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out += ["</head>", "<results>"]
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(variables, row)
                    if t is not None]
            out.append("</result>")
        out += ["</results>", "</sparql>"]
        return ("\n".join(out) + "\n").encode("utf-8")
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


def serialise_boolean(value: bool, fmt: str) -> tuple[str, bytes]:
    if fmt == "xml":
        body = ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n")
        return RESULT_TYPES["xml"], body.encode("utf-8")
    return RESULT_TYPES["json"], json.dumps({"head": {}, "boolean": value}).encode("utf-8")


def answer(store, req: dict, row_cap: int) -> Answer:
    """Check and run one query on ``store`` (called in the worker)."""
    import pyoxigraph as ox

    text = req["query"]
    if len(text) > MAX_QUERY_CHARS or not text.strip():
        return inspect(text)[0]
    # Whole-line comments cannot hold code (an IRI or a short string cannot span lines; inside a long
    # string a line is text), so the words are looked for in the other lines only.
    plain = "\n".join(line for line in expand_escapes(text).lower().splitlines()
                      if not line.lstrip().startswith("#"))
    has_dataset = False
    if _KEYWORDS.search(plain):
        # Only a query with one of these words outside whole-line comments can hold SERVICE or a
        # dataset clause: those are parsed by rdflib first (the fast path leaves parsing to Oxigraph).
        refusal, has_dataset = inspect(text)
        if refusal is not None:
            return refusal
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
        if _is_update(text):
            return _error(403, "SPARQL Update is not allowed: this endpoint is read-only")
        return _error(400, f"SPARQL syntax error: {' '.join(str(exc).split())[:300]}")
    headers = {"X-Row-Cap": str(row_cap)}
    try:
        if isinstance(res, ox.QueryBoolean):
            ctype, body = serialise_boolean(bool(res), req.get("result", "json"))
            return Answer(200, ctype, body, headers)
        if isinstance(res, ox.QueryTriples):
            triples = []
            for t in res:
                if len(triples) >= row_cap:
                    headers["X-Truncated"] = "true"
                    break
                triples.append(t)
            fmt = req.get("graph", "ttl")
            rdf_format = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                          "rdf": ox.RdfFormat.RDF_XML}[fmt]
            body = ox.serialize(triples, format=rdf_format) or b""
            return Answer(200, GRAPH_TYPES[fmt], body, headers)
        variables = [v.value for v in res.variables]
        rows = []
        for sol in res:
            if len(rows) >= row_cap:
                headers["X-Truncated"] = "true"
                break
            rows.append([sol[v] for v in variables])
        fmt = req.get("result", "json")
        return Answer(200, RESULT_TYPES[fmt], serialise_solutions(variables, rows, fmt), headers)
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
    check("ASK {}")  # builds rdflib's grammar before the first real query
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
