"""Benchmark: the networkx projections of kg.analysis.projections on a synthetic corpus, on embedded Oxigraph.

    python benchmarks/bench_graph.py [--sizes 100k,1m] [--seed 1]

For each size: generates the corpus (``kg.devtools.synth.synthesize``), runs the load and build
stages (no SHACL), writes N-Quads, loads them with ``OxigraphStore.from_file`` and
builds each projection (actors, events, states, timeline), printing its wall time, its
peak Python memory (tracemalloc) and its size. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.analysis import projections  # noqa: E402
from kg.pipeline.build import build  # noqa: E402
from kg.core.config import base_iri  # noqa: E402
from kg.pipeline.load import load  # noqa: E402
from kg.core.ontology import Ontology  # noqa: E402
from kg.rdf.serialise import nquads  # noqa: E402
from kg.rdf.stores import OxigraphStore  # noqa: E402
from kg.devtools.synth import synthesize  # noqa: E402

SIZES = {"10k": (10, 200), "100k": (20, 2500), "1m": (40, 25000)}


def corpus(size: str, work: Path, seed: int) -> Path:
    states, events = SIZES[size]
    data = work / f"data-{size}"
    t = time.perf_counter()
    synthesize(data, states=states, events=events, seed=seed)
    built = build(load(data), Ontology(), base_iri())
    path = work / f"kg-{size}.nq"
    path.write_text(nquads(built.dataset), encoding="utf-8")
    print(f"[{size}] states={states} events={events}: generated and built in "
          f"{time.perf_counter() - t:.1f} s, {len(built.dataset)} quads", flush=True)
    return path


def measure(name: str, fn, store) -> None:
    tracemalloc.start()
    t = time.perf_counter()
    result = fn(store)
    elapsed = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if hasattr(result, "number_of_nodes"):
        size = f"{result.number_of_nodes()} nodes, {result.number_of_edges()} edges"
    else:
        size = f"{len(result)} rows"
    print(f"  {name:9s} {elapsed:8.2f} s  peak {peak / 2**20:8.1f} MiB  {size}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k", help="comma-separated: " + ", ".join(SIZES))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            path = corpus(size, Path(tmp), args.seed)
            t = time.perf_counter()
            store = OxigraphStore.from_file(path)
            print(f"[{size}] loaded into Oxigraph in {time.perf_counter() - t:.1f} s", flush=True)
            for name in ("actors", "events", "states", "timeline"):
                measure(name, getattr(projections, name), store)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"[{size}] process peak RSS so far {rss:.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
