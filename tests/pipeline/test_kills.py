"""Builds killed anywhere, and builds run at the same time, lose nothing (issue 16).

Every build here is a real ``kg build`` process. After each kill the output
folder must hold the last good build, byte for byte (never a mix of two), no
writer process may outlive its build, and the next build must equal a clean
build of the same data, whatever the kill left in the cache.

Kills: at every stage boundary and step of the write (the fault points of
:mod:`kg.core.faults`), in a clean build and in an incremental one, then at
random moments. Pairs: two builds into one folder at once, into a new folder
or an existing one, one of them failing in some.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from golden.outputs import visible_files

#: `kg build`, with the second writer process even for this small corpus (kg.pipeline.writer.RdfWriter).
KG = [sys.executable, "-c", "import sys, kg.pipeline.writer as w; w.RdfWriter.INLINE_RECORDS = 0; "
                            "from kg.cli import main; sys.argv[0] = 'kg'; main()"]
#: The edit between version A and B of the data: one label of one facts file (an incremental rebuild)...
FACTS_A, FACTS_B = "{en: ", "{en: Edited "
#: ... or one label of the registry (a clean build, whose cache is saved anew).
REGISTRY_A, REGISTRY_B = "{en: State 1,", "{en: State One,"
CLEAN_POINTS = ["stage:load", "stage:build", "stage:store", "stage:validate", "stage:checks", "stage:write",
                "commit", "committed", "cache"]
INCREMENTAL_POINTS = ["stage:load", "stage:store", "stage:validate", "stage:checks", "stage:write", "commit",
                      "committed", "cache"]
RANDOM_KILLS = 20
PAIRS = 10


def _kg(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([*KG, *args], cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _build(data: Path, out: Path, *extra: str, expect: int = 0) -> str:
    proc = _kg("build", "--data", str(data), "--out", str(out), *extra)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == expect, f"exit {proc.returncode}: {stderr[-1500:]}"
    return stdout + stderr


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: p.read_bytes() for name, p in visible_files(out).items()}


class Corpus:
    """One data folder that flips between two versions, and a clean build of each to compare with."""

    def __init__(self, root: Path):
        self.data = root / "data"
        subprocess.run([*KG, "synth", "--states", "5", "--events", "300", "--seed", "16", "--out", str(self.data)],
                       cwd=ROOT, check=True, capture_output=True)
        self.facts = sorted((self.data / "facts").glob("*.yaml"))[0]
        self.registry = self.data / "entities.yaml"
        assert FACTS_A in self.facts.read_text(encoding="utf-8")
        self.clean: dict[tuple[str, str], dict[str, bytes]] = {}
        for version in (("A", "A"), ("B", "A"), ("A", "B"), ("B", "B")):
            self.set(*version)
            out = root / f"clean-{''.join(version)}"
            _build(self.data, out, "--clean")
            self.clean[version] = _snapshot(out)
        assert len({tuple(c.items()) for c in self.clean.values()}) == 4, "each edit must change the outputs"
        self.version = ("B", "B")

    def set(self, facts: str, registry: str) -> None:
        for path, (a, b), v in ((self.facts, (FACTS_A, FACTS_B), facts), (self.registry, (REGISTRY_A, REGISTRY_B),
                                                                         registry)):
            text = path.read_text(encoding="utf-8").replace(b, a, 1)
            path.write_text(text if v == "A" else text.replace(a, b, 1), encoding="utf-8")
        self.version = (facts, registry)

    def flip(self, what: str) -> None:
        """Change the facts (an incremental rebuild follows) or the registry (a clean build follows)."""
        facts, registry = self.version
        other = {"A": "B", "B": "A"}
        self.set(other[facts], registry) if what == "facts" else self.set(facts, other[registry])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("kills"))


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True  # dead; only not yet reaped by whoever adopted it
        except OSError:
            return True
        time.sleep(0.05)
    return False


def _check_after_kill(corpus: Corpus, out: Path, before: dict[str, bytes], what: str) -> None:
    after = _snapshot(out)
    assert after in (before, corpus.clean[corpus.version]), f"{what}: the folder holds neither build whole"
    _build(corpus.data, out)
    assert _snapshot(out) == corpus.clean[corpus.version], f"{what}: the next build differs from a clean build"
    debris = [p.name for p in (out / ".builds").iterdir() if p.name != "current"]
    assert len(debris) == 1 and debris[0].isdigit(), f"{what}: left {debris}"
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")], what


def _kill_run(corpus: Corpus, out: Path, what: str, point: str | None = None, after: float | None = None) -> bool:
    """One build of the current version, killed at ``point`` or ``after`` seconds; whether it was killed."""
    proc = _kg("build", "--data", str(corpus.data), "--out", str(out), env={"KG_KILL_AT": point} if point else None)
    writers: set[int] = set()
    if after is not None:
        deadline = time.monotonic() + after
        while time.monotonic() < deadline and proc.poll() is None:
            writers.update(_children(proc.pid))
            time.sleep(0.01)
        writers.update(_children(proc.pid))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
    else:
        while proc.poll() is None:
            writers.update(_children(proc.pid))
            time.sleep(0.01)
    proc.communicate(timeout=300)
    for pid in writers:
        assert _gone(pid), f"{what}: writer process {pid} outlived its build"
    return proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("kind", ["clean", "incremental"])
def test_a_build_killed_at_every_stage_boundary(corpus, tmp_path, kind):
    out = tmp_path / "out"
    _build(corpus.data, out)
    for point in CLEAN_POINTS if kind == "clean" else INCREMENTAL_POINTS:
        before = _snapshot(out)
        corpus.flip("registry" if kind == "clean" else "facts")
        assert _kill_run(corpus, out, point, point=point), f"the build never reached {point}"
        _check_after_kill(corpus, out, before, f"{kind} build killed at {point}")


def test_a_build_killed_at_random_moments(corpus, tmp_path):
    out = tmp_path / "out"
    _build(corpus.data, out)
    start = time.monotonic()
    _build(corpus.data, out, "--clean")
    took = time.monotonic() - start
    rng = random.Random(16)
    killed = 0
    for i in range(RANDOM_KILLS):
        before = _snapshot(out)
        corpus.flip(rng.choice(["facts", "registry"]))
        killed += _kill_run(corpus, out, f"kill {i}", after=rng.uniform(0.05, took))
        _check_after_kill(corpus, out, before, f"random kill {i}")
    assert killed >= RANDOM_KILLS // 2, f"only {killed} of {RANDOM_KILLS} builds were still running when killed"


def test_builds_into_one_folder_at_the_same_time(corpus, tmp_path):
    """Two builds at once: both land, one after the other; a failing first build removes nothing of the second."""
    bad = tmp_path / "bad"
    shutil.copytree(corpus.data, bad)
    bad_facts = bad / "facts" / corpus.facts.name
    bad_facts.write_text(bad_facts.read_text(encoding="utf-8").replace("date: ", "date: 19xx-", 1), encoding="utf-8")
    waited = 0
    for i in range(PAIRS):
        out = tmp_path / f"pair-{i}" / "out"
        if i % 2:  # into an existing folder
            _build(corpus.data, out)
        first_data = bad if i % 3 == 0 else corpus.data
        first = _kg("build", "--data", str(first_data), "--out", str(out))
        time.sleep(0.05 * (i % 4))
        second = _kg("build", "--data", str(corpus.data), "--out", str(out))
        outs = [p.communicate(timeout=300) for p in (first, second)]
        assert first.returncode == (2 if first_data == bad else 0), outs[0][1][-800:]
        assert second.returncode == 0, outs[1][1][-800:]
        assert "Wrote" in outs[1][0]
        waited += "waiting for" in outs[1][1]
        assert _snapshot(out) == corpus.clean[corpus.version], f"pair {i}: the folder is not the second build"
        _build(corpus.data, out)
        assert _snapshot(out) == corpus.clean[corpus.version], f"pair {i}: the next build differs from a clean one"
    assert waited, "no second build ever waited: the pairs did not overlap"


def test_no_wait_stops_with_exit_2_naming_the_holder(corpus, tmp_path):
    from kg.pipeline.folder import BuildFolder

    out = tmp_path / "out"
    _build(corpus.data, out)
    before = _snapshot(out)
    with BuildFolder(out):
        proc = _kg("build", "--data", str(corpus.data), "--out", str(out), "--no-wait")
        stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert stderr.strip().splitlines() == [f"kg: error: {out}: another build (pid {os.getpid()}) is writing this "
                                           "folder; nothing was done (without --no-wait, kg build waits for it)"]
    assert _snapshot(out) == before
