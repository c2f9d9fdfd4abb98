"""kg.core.progress: the per-stage profile of ``kg build --profile`` and the progress bars."""

from __future__ import annotations

import io
import re
import time

from click.testing import CliRunner
from rich.console import Console

from kg.cli import main
from kg.core.progress import Stages

STAGES = ("load", "build", "store", "validate", "checks", "write")


def test_profile_prints_every_stage(tmp_path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "b"), "--profile"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].split() == ["stage", "seconds", "peak", "MiB"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    for name in (*STAGES, "rdf-files", "total"):
        seconds, mib = rows[name][:2]
        assert float(seconds) >= 0 and int(mib) > 0, (name, rows[name])
    assert "oxigraph engine" in " ".join(rows["validate"])
    total = float(rows["total"][0])
    # the total is the sum of the stages' seconds; each printed to 0.01 s, so they may differ by rounding
    assert abs(total - sum(float(rows[n][0]) for n in STAGES)) <= 0.005 * (len(STAGES) + 1)


def test_profile_is_not_printed_without_the_flag(tmp_path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "b")])
    assert result.exit_code == 0
    assert "peak MiB" not in result.stderr


def _drawn(bar_after: float, until_drawn: bool) -> str:
    """What a stage draws on a terminal: run until its bar is shown (at most 30 s), or for 0.1 s."""
    out = io.StringIO()
    stages = Stages(progress=True, console=Console(file=out, force_terminal=True, width=100), interval=0.01,
                    bar_after=bar_after)
    with stages.stage("slowstage") as st:
        st.total(4)
        deadline = time.monotonic() + (30 if until_drawn else 0.1)
        while time.monotonic() < deadline and not (until_drawn and st.bar_shown):
            time.sleep(0.01)
        st.advance(4)
        shown = st.bar_shown
    stages.close()
    assert shown == until_drawn
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())


def test_a_stage_that_outlasts_the_delay_draws_a_bar():
    assert "slowstage" in _drawn(bar_after=0.0, until_drawn=True)


def test_a_stage_shorter_than_the_delay_draws_nothing():
    assert "slowstage" not in _drawn(bar_after=3600.0, until_drawn=False)


def test_the_delay_is_a_second_by_default():
    import inspect

    assert inspect.signature(Stages).parameters["bar_after"].default == 1.0


def test_stage_records_time_and_memory():
    stages = Stages(progress=False)
    with stages.stage("alloc"):
        block = bytearray(64 * 2**20)  # 64 MiB, touched
        block[::4096] = b"x" * len(block[::4096])
        time.sleep(0.2)
    [record] = stages.records
    assert record.name == "alloc" and record.seconds >= 0.2
    assert record.peak_bytes >= 64 * 2**20
