"""Benchmark: every competency question on the three stores, on the first source and a synthetic corpus.

    python benchmarks/bench_queries.py [--sizes small,1m] [--repeat 5] [--limit 60]
                                       [--stores rdflib,oxigraph,remote] [--nq FILE]

For each corpus: builds it (the first source with ``kg build``; the synthetic
one with the load and build stages and no SHACL, which the scale issue
measures separately), loads it into rdflib, pyoxigraph and a real Oxigraph
server (``kg load --gsp``), runs each query of ``queries/`` ``--repeat``
times and prints the median per store and its ratio to rdflib (the default
store was rdflib for small builds until issue #22; the ratio shows why it is
Oxigraph now). A query that runs past ``--limit`` seconds on a store is stopped
and shown as ``>limit``. Prints figures; asserts nothing.

``--stores`` keeps some of the three stores (e.g. ``--stores oxigraph`` to time
embedded pyoxigraph alone on a large corpus); ``--nq FILE`` queries an N-Quads
file already built instead of building the corpora of ``--sizes`` (parameters
are then taken from it as from a synthetic corpus, unless ``--sizes small``).
"""

from __future__ import annotations

import argparse
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.core.config import base_iri  # noqa: E402
from kg.rdf.sparql import read_query, resolve_params  # noqa: E402
from kg.rdf.stores import OxigraphStore, RdflibStore, RemoteStore, run  # noqa: E402

SYNTH = {"small": None, "10k": (10, 200), "100k": (20, 2500), "1m": (40, 25000)}


class TimeLimit(Exception):
    pass


def _alarm(signum, frame):
    raise TimeLimit()


def build_corpus(size: str, work: Path) -> Path:
    out = work / f"build-{size}"
    if SYNTH[size] is None:
        subprocess.run([sys.executable, "-m", "kg", "build", "--out", str(out)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        return out
    from kg.pipeline.build import build
    from kg.pipeline.load import load
    from kg.core.ontology import Ontology
    from kg.rdf.serialise import nquads
    from kg.devtools.synth import synthesize

    states, events = SYNTH[size]
    data = work / f"data-{size}"
    t = time.perf_counter()
    synthesize(data, states=states, events=events, seed=1)
    built = build(load(data), Ontology(), base_iri())
    out.mkdir(parents=True, exist_ok=True)
    (out / "kg.nq").write_text(nquads(built.dataset), encoding="utf-8")
    print(f"[{size}] corpus generated and built in {time.perf_counter() - t:.1f} s "
          f"({len(built.dataset)} quads)", flush=True)
    return out


PICK = """
PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#>
SELECT ?a ?b ?person ?office ?date ?event ?meeting ?fact WHERE {
  ?fact a bkg:DiplomaticRelationsEstablishment ; bkg:party ?a, ?b . FILTER (STR(?a) < STR(?b))
  ?visit bkg:hostState ?a ; bkg:visitingState ?b ; bkg:visitor ?person ; bkg:earliestDate ?date .
  ?person a bkg:Person .
  ?term bkg:holder ?person ; bkg:office ?office .
  ?talks a bkg:Talks ; bkg:partOf ?meeting .
  ?meeting a bkg:Meeting .
  BIND (?meeting AS ?event)
}
ORDER BY ?fact ?visit ?term ?talks
LIMIT 1
"""


def synthetic_params(store) -> dict:
    """Parameter values that exist in a synthetic corpus (the defaults name the first source's entities)."""
    result = store.select(PICK)
    if not result.rows:
        return {}
    return {name: value for name, value in zip(result.vars, result.rows[0]) if value is not None}


def start_server(work: Path) -> tuple[subprocess.Popen, str]:
    work.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "oxigraph"
    proc = subprocess.Popen([str(exe), "serve", "--location", str(work / "oxigraph"), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("oxigraph server did not start")


def time_query(store, q, bindings, repeat: int, limit: float) -> float | None:
    times = []
    for _ in range(repeat):
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
        t = time.perf_counter()
        try:
            run(store, q, bindings)
        except TimeLimit:
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="small,1m")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--limit", type=float, default=60.0)
    ap.add_argument("--stores", default="rdflib,oxigraph,remote")
    ap.add_argument("--nq", type=Path, help="an N-Quads file already built, queried instead of building --sizes")
    args = ap.parse_args()
    wanted = args.stores.split(",")
    unknown = set(wanted) - {"rdflib", "oxigraph", "remote"}
    if unknown:
        raise SystemExit(f"unknown store(s): {', '.join(sorted(unknown))}")
    queries = [read_query(p) for p in sorted((ROOT / "queries").glob("*.rq"))]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sizes = [args.nq.name] if args.nq else args.sizes.split(",")
        for size in sizes:
            if args.nq:
                nq = args.nq.resolve()
                out = work / "build-nq"
                out.mkdir(parents=True, exist_ok=True)
                (out / "kg.nq").symlink_to(nq)
                synthetic = args.sizes != "small"
            else:
                out = build_corpus(size, work)
                nq = out / "kg.nq"
                synthetic = SYNTH[size] is not None
            stores = {}
            if "rdflib" in wanted:
                t = time.perf_counter()
                stores["rdflib"] = RdflibStore.from_file(nq)
                print(f"[{size}] rdflib load {time.perf_counter() - t:.1f} s", flush=True)
            if "oxigraph" in wanted:
                t = time.perf_counter()
                stores["oxigraph"] = OxigraphStore.from_file(nq)
                print(f"[{size}] pyoxigraph load {time.perf_counter() - t:.1f} s", flush=True)
            proc = None
            try:
                if "remote" in wanted:
                    proc, base = start_server(work / size)
                    t = time.perf_counter()
                    subprocess.run([sys.executable, "-m", "kg", "load", "--gsp", f"{base}/store", "--build-dir",
                                    str(out), "--timeout", "600"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
                    print(f"[{size}] server load (GSP) {time.perf_counter() - t:.1f} s", flush=True)
                    stores["remote"] = RemoteStore(f"{base}/query", timeout=args.limit)
                picker = stores.get("oxigraph") or next(iter(stores.values()))
                picked = synthetic_params(picker) if synthetic else {}
                if picked:
                    print(f"[{size}] parameters taken from the corpus: "
                          + ", ".join(f"{k}={v.n3()}" for k, v in sorted(picked.items())))
                ref_name = "rdflib" if "rdflib" in stores else None
                print(f"\n{size}: median of {args.repeat} runs, ms" + (" (ratio to rdflib)" if ref_name else ""))
                print(f"{'query':<28}" + "".join(f" {name:>18}" for name in stores))
                for q in queries:
                    bindings = resolve_params(q, {}, base_iri())
                    bindings.update({k: v for k, v in picked.items() if k in bindings})
                    cells = {name: time_query(s, q, bindings, args.repeat, args.limit) for name, s in stores.items()}
                    ref = cells[ref_name] if ref_name else None

                    def show(name, v):
                        if v is None:
                            return f">{args.limit:.0f}s"
                        text = f"{v * 1000:.1f}"
                        return f"{text} ({v / ref:.2f})" if name != ref_name and ref else text
                    print(f"{q.name:<28}" + "".join(f" {show(name, v):>18}" for name, v in cells.items()), flush=True)
            finally:
                if proc is not None:
                    proc.terminate()
                    proc.wait(timeout=10)
            del stores


if __name__ == "__main__":
    main()
