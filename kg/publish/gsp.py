"""Upload a build to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

https://www.w3.org/TR/sparql11-http-rdf-update/

The whole dataset goes up in one ``PUT`` of N-Quads to the Graph Store URL
where the server accepts dataset formats (Oxigraph's ``/store`` does): the
server's content is replaced, so loading twice never duplicates and graphs no
longer in the build disappear. Otherwise each named graph is replaced with
``PUT ?graph=IRI`` (N-Triples), and a manifest graph records which graphs this
tool uploaded, so that graphs dropped from the build are deleted next time.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import EndpointError
from kg.rdf.serialise import triples_by_graph

MANIFEST_PREDICATE = "https://w3id.org/bilateral-kg/ontology#uploadedGraph"


@dataclass
class Upload:
    mode: str  # 'dataset' (one N-Quads PUT) or 'graphs' (one PUT per graph)
    graphs: int
    quads: int
    dropped: list[str]


def _request(url: str, method: str, body: bytes | None = None, content_type: str | None = None,
             timeout: float = 60.0) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    req.add_header("Accept", "application/n-triples, */*;q=0.1")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except urllib.error.URLError as exc:
        reason = exc.reason
        what = "timed out" if isinstance(reason, (socket.timeout, TimeoutError)) else f"cannot connect ({reason})"
        raise EndpointError(f"graph store {url.split('?')[0]}: {what}") from None
    except (socket.timeout, TimeoutError):
        raise EndpointError(f"graph store {url.split('?')[0]}: timed out") from None


def _graph_url(store: str, graph: str) -> str:
    sep = "&" if "?" in store else "?"
    return f"{store}{sep}graph={urllib.parse.quote(graph, safe='')}"


def upload(store_url: str, nquads_path: Path, manifest_graph: str, timeout: float = 120.0) -> Upload:
    """Replace the store's content with the build in ``nquads_path``."""
    data = nquads_path.read_bytes()
    graphs = triples_by_graph(data)
    quads = sum(len(v) for v in graphs.values())
    status, body = _request(store_url, "PUT", data, "application/n-quads", timeout)
    if 200 <= status < 300:
        return Upload("dataset", len(graphs), quads, [])
    if status not in (400, 405, 406, 415, 501):
        raise EndpointError(f"graph store {store_url}: HTTP {status}: {body[:160].decode('utf-8', 'replace').strip()}")
    # The server takes one graph at a time.
    previous = _manifest(store_url, manifest_graph, timeout)
    for graph, lines in sorted(graphs.items()):
        _put(store_url, graph, b"\n".join(lines) + b"\n", timeout)
    dropped = sorted(previous - set(graphs))
    for graph in dropped:
        status, body = _request(_graph_url(store_url, graph), "DELETE", timeout=timeout)
        if not (200 <= status < 300 or status == 404):
            raise EndpointError(f"graph store {store_url}: HTTP {status} deleting {graph}")
    manifest = "".join(f"<{manifest_graph}> <{MANIFEST_PREDICATE}> <{g}> .\n" for g in sorted(graphs))
    _put(store_url, manifest_graph, manifest.encode("utf-8"), timeout)
    return Upload("graphs", len(graphs), quads, dropped)


def _put(store_url: str, graph: str, ntriples: bytes, timeout: float) -> None:
    status, body = _request(_graph_url(store_url, graph), "PUT", ntriples,
                            "application/n-triples", timeout)
    if not 200 <= status < 300:
        raise EndpointError(f"graph store {store_url}: HTTP {status} for graph {graph}: "
                            f"{body[:160].decode('utf-8', 'replace').strip()}")


def _manifest(store_url: str, manifest_graph: str, timeout: float) -> set[str]:
    status, body = _request(_graph_url(store_url, manifest_graph), "GET", timeout=timeout)
    if status == 404:
        return set()
    if not 200 <= status < 300:
        raise EndpointError(f"graph store {store_url}: HTTP {status} reading the upload manifest")
    out = set()
    for line in body.decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == f"<{MANIFEST_PREDICATE}>":
            out.add(parts[2].strip("<>"))
    return out
