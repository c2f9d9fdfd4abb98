"""Measure kg.devtools.synth: generation time, load+build time and built triples per size.

    .venv/bin/python benchmarks/synth_sizes.py                 # the three documented sizes
    .venv/bin/python benchmarks/synth_sizes.py 10:250 20:2500  # states:events pairs
    .venv/bin/python benchmarks/synth_sizes.py --seed 7 40:25000

Builds with kg.pipeline.build only (no SHACL, no checks); the triple count is that of
the union of all graphs, ontology included, as ``kg build`` reports it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.pipeline.build import build
from kg.core.config import base_iri
from kg.pipeline.load import load
from kg.core.ontology import Ontology
from kg.devtools.synth import synthesize

SIZES = ((10, 250), (20, 2500), (40, 25000))


def measure(states: int, events: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "synth"
        t0 = time.perf_counter()
        summary = synthesize(out, states=states, events=events, seed=seed)
        t1 = time.perf_counter()
        corpus = load(out)
        t2 = time.perf_counter()
        built = build(corpus, Ontology(), base_iri())
        t3 = time.perf_counter()
        triples = len(built.union())
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"states": states, "events": events, "sources": summary.sources, "facts": summary.facts,
            "triples": triples, "generate_s": t1 - t0, "load_s": t2 - t1, "build_s": t3 - t2,
            "bytes": size}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", help="states:events (default: the three documented sizes)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sizes = [tuple(int(x) for x in s.split(":")) for s in args.sizes] or SIZES
    print(f"{'states':>6} {'events':>7} {'sources':>7} {'facts':>7} {'triples':>9} "
          f"{'generate':>9} {'load':>7} {'build':>7} {'MB':>6}")
    for states, events in sizes:
        m = measure(states, events, args.seed)
        print(f"{m['states']:>6} {m['events']:>7} {m['sources']:>7} {m['facts']:>7} {m['triples']:>9} "
              f"{m['generate_s']:>8.2f}s {m['load_s']:>6.1f}s {m['build_s']:>6.1f}s {m['bytes'] / 1e6:>6.1f}",
              flush=True)


if __name__ == "__main__":
    main()
