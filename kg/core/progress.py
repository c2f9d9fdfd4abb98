"""Progress bars and the per-stage profile of a pipeline run.

:class:`Stages` times each stage of a run (load, build, store, validate,
write...) and samples the process's resident memory while it runs, so that
``kg build --profile`` can print the time and peak memory of every stage. On a
terminal it also draws a rich progress bar for each stage (shown once a stage
has run for a second; stages that finish sooner leave no trace).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from kg.core import faults

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process now (Linux /proc; 0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def peak_rss_bytes() -> int:
    """The process's peak resident memory so far: Linux's VmHWM, which starts anew at exec (``ru_maxrss``
    keeps the peak of the process it was forked from: a writer process started by a large build would
    report the build's memory as its own); ``ru_maxrss`` elsewhere."""
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass
class StageRecord:
    name: str
    seconds: float
    peak_bytes: int  # highest resident memory of this process seen during the stage
    note: str = ""


class Stage:
    """The stage being run: a progress bar's total and advance."""

    def __init__(self, stages: "Stages", name: str):
        self._stages, self.name = stages, name
        self._task = None
        self._total: int | None = None
        self._done = 0
        self.note = ""

    def total(self, n: int) -> None:
        self._total = n
        if self._task is not None:
            self._stages._progress.update(self._task, total=n)

    @property
    def bar_shown(self) -> bool:
        """Whether this stage has drawn its progress bar (it outlasted ``bar_after``, on a terminal)."""
        return self._task is not None

    def advance(self, n: int = 1) -> None:
        self._done += n
        if self._task is not None:
            self._stages._progress.update(self._task, completed=self._done)


class Stages:
    """Times, memory and (on a terminal) progress bars of the stages of one run.

    ``progress``: draw bars (default: when stderr is a terminal); a stage gets
    its bar once it has lasted ``bar_after`` seconds. Memory is sampled every
    ``interval`` seconds.
    """

    def __init__(self, *, progress: bool | None = None, interval: float = 0.05, console=None,
                 bar_after: float = 1.0):
        self.records: list[StageRecord] = []
        self._bar_after = bar_after
        self.extra: list[StageRecord] = []  # work done in other processes, reported beside the stages
        self._interval = interval
        show = sys.stderr.isatty() if progress is None else progress
        self._progress = None
        if show:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), transient=True, redirect_stdout=False,
                                      redirect_stderr=False, console=console)

    @contextmanager
    def stage(self, name: str):
        faults.point(f"stage:{name}")
        st = Stage(self, name)
        peak = [rss_bytes()]
        stop = threading.Event()

        def sample():
            shown = False
            started = time.perf_counter()
            while not stop.wait(self._interval):
                peak[0] = max(peak[0], rss_bytes())
                if self._progress is not None and not shown and time.perf_counter() - started >= self._bar_after:
                    shown = True  # a bar only for stages longer than bar_after
                    if not self._progress.live.is_started:
                        self._progress.start()
                    st._task = self._progress.add_task(name, total=st._total, completed=st._done)

        sampler = threading.Thread(target=sample, name=f"kg-stage-{name}", daemon=True)
        start = time.perf_counter()
        sampler.start()
        try:
            yield st
        finally:
            stop.set()
            sampler.join()
            peak[0] = max(peak[0], rss_bytes())
            if st._task is not None:
                self._progress.remove_task(st._task)
            self.records.append(StageRecord(name, time.perf_counter() - start, peak[0], st.note))

    def close(self) -> None:
        if self._progress is not None and self._progress.live.is_started:
            self._progress.stop()

    def table(self) -> list[str]:
        """The profile: one line per stage, then the total and the process's peak."""
        lines = [f"{'stage':<12} {'seconds':>8} {'peak MiB':>9}"]
        for r in self.records + self.extra:
            note = f"  {r.note}" if r.note else ""
            lines.append(f"{r.name:<12} {r.seconds:>8.2f} {r.peak_bytes / 2**20:>9.0f}{note}")
        total = sum(r.seconds for r in self.records)
        lines.append(f"{'total':<12} {total:>8.2f} {peak_rss_bytes() / 2**20:>9.0f}  (peak of the whole process)")
        return lines
