"""Load test of the web server: a bounded burst of concurrent requests on loopback.

Starts ``kg.publish.web.serve`` in a subprocess on a free port of 127.0.0.1 (the build in
``--build``, made first into a temporary folder when there is none), then sends
``--requests`` requests over ``--connections`` keep-alive connections: resource pages
(HTML, and Turtle/JSON-LD by extension) and SPARQL queries (the competency questions
and a few small ones), in a fixed, seeded order. Prints throughput, latency
percentiles per kind and every error, then stops the server.

Goal: no error, median page latency under 20 ms. Exit code 1 when a request failed.

    python benchmarks/load_web.py                       # 2,000 requests over 20 connections
    python benchmarks/load_web.py --requests 500 --connections 5 --sparql-share 0.5

Only loopback is ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _ensure_build(build: Path | None) -> Path:
    if build is not None and (build / "kg.nq").is_file():
        return build
    from kg.api import build_graph

    out = Path(tempfile.mkdtemp(prefix="kg-load-build-"))
    outcome = build_graph(ROOT / "data", out)
    if not outcome.ok:
        sys.exit("load_web: the data does not build cleanly; fix that first")
    return out


def _targets(build: Path, base: str, seed: int, n: int, sparql_share: float) -> list[tuple[str, str, dict]]:
    """(kind, path, request kwargs) for ``n`` requests, in a seeded random order."""
    from rdflib import Dataset, URIRef

    from kg.rdf.sparql import bind, read_query, resolve_params

    ds = Dataset()
    ds.parse(build / "kg.nq", format="nquads")
    docs = sorted({str(s).split("#", 1)[0] for s, _, _, _ in ds.quads((None, None, None, None))
                   if isinstance(s, URIRef) and str(s).startswith(base)})
    pages = []
    for d in docs:
        rel = d[len(base):]
        pages += [("page", f"/{rel}.html", {}), ("rdf", f"/{rel}.ttl", {}), ("rdf", f"/{rel}.jsonld", {})]
    queries = []
    for path in sorted((ROOT / "queries").glob("*.rq")):
        q = read_query(path)
        queries.append(bind(q.text, resolve_params(q, {}, base)))
    queries += ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                "PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#> SELECT ?e ?d WHERE { ?e bkg:date ?d } ORDER BY ?d"]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < sparql_share:
            out.append(("sparql", "/sparql", {"data": {"query": rng.choice(queries)},
                                              "headers": {"Accept": "application/sparql-results+json"}}))
        else:
            kind, path, kw = rng.choice(pages)
            out.append((kind, path, kw))
    return out


class _Connection:
    """One keep-alive HTTP/1.1 connection on asyncio streams: a lean client, so that the load
    generator (which shares the machine with the server) spends little CPU per request."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length, chunked, close = 0, False, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                close = True
        if chunked:
            data = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                data += chunk[:-2]
        else:
            data = await self.reader.readexactly(length)
        if close:
            await self.close()
        return status, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


async def _burst(url: str, targets, connections: int) -> tuple[dict, list[str], float]:
    import urllib.parse

    split = urllib.parse.urlsplit(url)
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    queue: asyncio.Queue = asyncio.Queue()
    for t in targets:
        queue.put_nowait(t)

    async def worker():
        conn = _Connection(split.hostname, split.port)
        try:
            while True:
                try:
                    kind, path, kw = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                try:
                    if kind == "sparql":
                        body = urllib.parse.urlencode(kw["data"]).encode()
                        headers = dict(kw.get("headers", {}))
                        headers["Content-Type"] = "application/x-www-form-urlencoded"
                        status, data = await conn.request("POST", path, body, headers)
                    else:
                        status, data = await conn.request("GET", path, headers=kw.get("headers"))
                    if status != 200:
                        errors.append(f"{kind} {path}: HTTP {status} {data[:120]!r}")
                except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
                    errors.append(f"{kind} {path}: {type(exc).__name__}: {exc}")
                    await conn.close()
                latencies.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", type=Path, default=ROOT / "build", help="build folder (default build/)")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--sparql-share", type=float, default=0.2, help="share of requests that are SPARQL queries")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warmup", action="store_true", help="request every page once before measuring")
    args = ap.parse_args()
    if not 1 <= args.requests <= 100_000 or not 1 <= args.connections <= 200:
        sys.exit("load_web: keep the burst bounded: 1..100000 requests, 1..200 connections")

    import json

    build = _ensure_build(args.build)
    base = json.loads((build / "report.json").read_text(encoding="utf-8"))["base"]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    code = ("import sys; from pathlib import Path; from kg.publish.web.app import serve; "
            "serve(Path(sys.argv[1]), None, port=int(sys.argv[2]), log_level='warning')")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    server = subprocess.Popen([sys.executable, "-c", code, str(build), str(port)], env=env)
    try:
        import httpx

        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit("load_web: the server did not start")
            time.sleep(0.2)
        targets = _targets(build, base, args.seed, args.requests, args.sparql_share)
        if args.warmup:
            unique = list({(k, p): (k, p, kw) for k, p, kw in targets if k != "sparql"}.values())
            asyncio.run(_burst(url, unique, 4))
        latencies, errors, elapsed = asyncio.run(_burst(url, targets, args.connections))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    total = sum(len(v) for v in latencies.values())
    print(f"{total} requests over {args.connections} connections in {elapsed:.2f} s: "
          f"{total / elapsed:.0f} requests/s; {len(errors)} error(s)")
    print(f"{'kind':<8} {'n':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'mean ms':>8}")
    for kind in ("page", "rdf", "sparql"):
        vals = latencies.get(kind, [])
        if vals:
            print(f"{kind:<8} {len(vals):>6} {_percentile(vals, 50):>8.1f} {_percentile(vals, 90):>8.1f} "
                  f"{_percentile(vals, 99):>8.1f} {max(vals):>8.1f} {statistics.fmean(vals):>8.1f}")
    for e in errors[:20]:
        print(f"error: {e}")
    median_page = _percentile(latencies.get("page", []), 50)
    goal = not errors and median_page < 20
    print(f"goal (no error, median page under 20 ms): {'met' if goal else 'NOT met'} "
          f"(median page {median_page:.1f} ms)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
