"""Benchmark: `kg build` on data/ (wall time, peak memory), `kg --help` start-up, and the
commands that query the build (`kg query`, `kg search`, `kg graph`) as whole processes, on
the default store and on each embedded store.

Prints figures and their ratio to the goals of issue #2 (build under 1 s, --help under
0.3 s) and issue #22 (`kg query` on the first source, default store, under 0.25 s).
Nothing is asserted: run it with `make bench`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg"]


def run(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed")
    return wall, usage.ru_maxrss


#: The commands that query a build, each a whole process (the build directory is appended).
QUERY_COMMANDS = {
    "kg query visits": ["query", "visits"],
    "kg search حيدر": ["search", "حيدر"],
    "kg graph --projection actors": ["graph", "--projection", "actors", "--format", "json"],
}


def commands(build_dir: str, repeat: int) -> None:
    """Median wall time and peak RSS of each query command, per store (default: no --store)."""
    print(f"{'command':<32} {'store':<9} {'median':>8} {'peak':>8}")
    for label, args in QUERY_COMMANDS.items():
        for store in (None, "oxigraph", "rdflib"):
            extra = ["--store", store] if store else []
            if args[0] == "graph":
                extra += ["--out", str(Path(build_dir) / "actors.json")]
            runs = [run(KG + args + extra + ["--build-dir", build_dir]) for _ in range(repeat)]
            wall = statistics.median(w for w, _ in runs)
            note = f"; goal 0.25 s, ratio {wall / 0.25:.2f}" if store is None and args[0] == "query" else ""
            print(f"{label:<32} {store or 'default':<9} {wall * 1000:6.0f} ms {max(r for _, r in runs) / 1024:5.0f} MiB"
                  f"{note}")


def main(repeat: int = 5) -> None:
    with tempfile.TemporaryDirectory() as out:
        builds = [run(KG + ["build", "--out", out]) for _ in range(repeat)]
        commands(out, repeat)
    helps = [run(KG + ["--help"])[0] for _ in range(repeat * 2)]
    build_wall = statistics.median(w for w, _ in builds)
    build_rss = max(r for _, r in builds) / 1024
    help_wall = statistics.median(helps)
    print(f"kg build (data/, {repeat} runs): median {build_wall:.2f} s, peak RSS {build_rss:.0f} MiB; "
          f"goal 1 s, ratio {build_wall / 1.0:.2f}")
    print(f"kg --help ({len(helps)} runs): median {help_wall * 1000:.0f} ms; goal 300 ms, ratio {help_wall / 0.3:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
