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
    assert abs(total - sum(float(rows[n][0]) for n in STAGES)) < 0.05


def test_profile_is_not_printed_without_the_flag(tmp_path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "b")])
    assert result.exit_code == 0
    assert "peak MiB" not in result.stderr


def _drawn(seconds: float) -> str:
    out = io.StringIO()
    stages = Stages(progress=True, console=Console(file=out, force_terminal=True, width=100))
    with stages.stage("slowstage") as st:
        st.total(4)
        for _ in range(4):
            time.sleep(seconds / 4)
            st.advance()
    stages.close()
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())


def test_a_stage_longer_than_a_second_draws_a_bar():
    assert "slowstage" in _drawn(1.6)


def test_a_short_stage_draws_nothing():
    assert "slowstage" not in _drawn(0.2)


def test_stage_records_time_and_memory():
    stages = Stages(progress=False)
    with stages.stage("alloc"):
        block = bytearray(64 * 2**20)  # 64 MiB, touched
        block[::4096] = b"x" * len(block[::4096])
        time.sleep(0.2)
    [record] = stages.records
    assert record.name == "alloc" and record.seconds >= 0.2
    assert record.peak_bytes >= 64 * 2**20
