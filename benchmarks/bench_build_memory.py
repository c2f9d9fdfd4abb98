"""Benchmark: build time and peak memory per process, one facts file against many (issue 16).

For each size (about 1M and 5M quads by default) two synthetic corpora of the
same events are written with ``kg synth``:

one file
    ``--states 2 --events N --events-per-source N``: one source, one facts file
    (17 MB at 1M quads), built with ``--max-file-size 4G``;
many files
    ``--states 40 --events N``: about 80 events per source and facts file.

Each is built once with ``kg build --clean --profile`` (a first, full build) as
a child process. Printed per build: wall time; the peak resident memory of
the build process and of its writer process, as ``--profile`` reports them
(``total`` and ``rdf-files``); the peak of each stage; the quads. Then the
ratios one file / many files. The goal of issue 16 is under 2 GB in each
process at 5M quads both ways; nothing is asserted.

    .venv/bin/python benchmarks/bench_build_memory.py [--sizes 1,5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS_PER_MILLION = 25_000  # kg synth: about 40 quads per event


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True)


def build(data: Path, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = kg("build", "--data", str(data), "--out", str(out), "--clean", "--profile", "--max-file-size", "4G")
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"kg build {data} exited {proc.returncode}: {proc.stderr[-2000:]}")
    stages = {m.group(1): (float(m.group(2)), int(m.group(3)))
              for m in re.finditer(r"^([a-z-]+)\s+([0-9.]+)\s+([0-9]+)", proc.stderr, re.M)}
    quads = int(re.search(r"Built (\d+) quads", proc.stdout).group(1))
    return {"seconds": seconds, "quads": quads, "stages": stages,
            "build_mib": stages["total"][1], "writer_mib": stages.get("rdf-files", (0, 0))[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,5", help="sizes in millions of quads (default 1,5)")
    parser.add_argument("--keep", type=Path, help="keep the corpora and builds here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in [float(s) for s in args.sizes.split(",")]:
        events = int(size * EVENTS_PER_MILLION)
        for layout, synth in (("one file", ["--states", "2", "--events-per-source", str(events)]),
                              ("many files", ["--states", "40"])):
            data = work / f"{size:g}M-{layout.replace(' ', '-')}"
            if not data.exists():
                done = kg("synth", *synth, "--events", str(events), "--out", str(data))
                if done.returncode != 0:
                    raise SystemExit(done.stderr)
            files = len(list((data / "facts").glob("*.yaml")))
            largest = max(p.stat().st_size for p in (data / "facts").glob("*.yaml"))
            r = build(data, work / f"out-{data.name}")
            r.update(size=size, layout=layout, files=files, largest_mb=largest / 1e6)
            rows.append(r)
            print(f"{size:g}M {layout:<10} {r['quads']:>9} quads  {files:>5} files (largest {r['largest_mb']:.1f} MB)  "
                  f"{r['seconds']:7.1f} s  build {r['build_mib']:>5} MiB  writer {r['writer_mib']:>5} MiB", flush=True)
            print("    stages: " + ", ".join(f"{name} {sec:.1f} s / {mib} MiB"
                                            for name, (sec, mib) in r["stages"].items() if name != "total"))
    print()
    for size in sorted({r["size"] for r in rows}):
        one, many = ([r for r in rows if r["size"] == size and r["layout"] == k][0] for k in ("one file", "many files"))
        print(f"{size:g}M one file / many files: time {one['seconds'] / many['seconds']:.2f}x, build memory "
              f"{one['build_mib'] / many['build_mib']:.2f}x, writer memory "
              f"{one['writer_mib'] / max(1, many['writer_mib']):.2f}x")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
