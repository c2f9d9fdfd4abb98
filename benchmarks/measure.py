"""Running a benchmark's child process and measuring it: wall time, peak RSS, the tree's PSS.

Shared by ``bench_scale.py`` and ``jena.py``.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


def _children(pid: int) -> list[int]:
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids.extend(int(x) for x in f.read().split())
    except OSError:
        pass
    return kids


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler:
    """Samples the summed PSS of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            pids, todo = [], [self.pid]
            while todo:
                p = todo.pop()
                pids.append(p)
                todo.extend(_children(p))
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(p) for p in pids))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> "TreeSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Child:
    rc: int
    wall: float
    maxrss_kib: int
    stdout: str
    stderr: str
    tree_pss_kib: int = 0
    timed_out: bool = False


def run_child(args: list[str], cwd: Path | None = None, sample: float = 0.0,
              timeout: float | None = None) -> Child:
    """Run ``args``; wall time and wait4's ru_maxrss (and optionally the sampled tree PSS).

    ``timeout``: seconds before the child is killed (``Child.timed_out`` then says so).
    Raises FileNotFoundError when the program is not found.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampler = TreeSampler(proc.pid, sample) if sample > 0 else None
        timer = threading.Timer(timeout, proc.kill) if timeout is not None else None
        if sampler:
            sampler.__enter__()
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
            if sampler:
                sampler.__exit__()
        wall = time.perf_counter() - start
        rc = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Child(rc, wall, usage.ru_maxrss, out.read().decode("utf-8", "replace"),
                     err.read().decode("utf-8", "replace"), sampler.peak_kib if sampler else 0,
                     timed_out=bool(timer and timer.finished.is_set() and rc < 0))
