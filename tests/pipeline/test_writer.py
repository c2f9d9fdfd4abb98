"""kg.pipeline.writer: the build's second process (TriG, Turtle, JSON-LD and the cache, written beside the build)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import DATA, ROOT

OUTPUTS = ("kg.nq", "kg.trig", "kg.ttl", "kg.jsonld", "report.json")


def test_a_script_without_a_main_guard_can_build(tmp_path, build_dir):
    """The second process is a command of its own: it never re-runs the caller's script
    (multiprocessing's spawn would, and fail without ``if __name__ == "__main__"``)."""
    script = tmp_path / "build_it.py"
    script.write_text(textwrap.dedent(f"""
        from pathlib import Path
        import kg.api
        import kg.pipeline.writer
        kg.pipeline.writer.RdfWriter.INLINE_RECORDS = 0  # the second process even for this small corpus
        outcome = kg.api.build_graph(Path({str(DATA)!r}), Path({str(tmp_path / "out")!r}))
        print("ok" if outcome.ok else "not ok")
    """))
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ok"]
    for name in OUTPUTS:
        assert (tmp_path / "out" / name).read_bytes() == (build_dir / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".builds", ".cache", ".lock", *sorted(OUTPUTS)]


def test_bad_input_stops_the_second_process_and_writes_nothing(tmp_path, data_copy, monkeypatch):
    import kg.api
    import kg.pipeline.writer
    from kg.core.errors import DataError

    monkeypatch.setattr(kg.pipeline.writer.RdfWriter, "INLINE_RECORDS", 0)
    started = []
    real = kg.pipeline.writer.RdfWriter.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append((self, self.process.pid))

    monkeypatch.setattr(kg.pipeline.writer.RdfWriter, "__init__", spy)
    facts = data_copy / "facts" / "kuwait-azerbaijan-relations.yaml"
    text = facts.read_text(encoding="utf-8")
    assert text.count("inviter: kuwaiti-emir-2007-06\n") == 1  # the last fact: met when chunks are written
    facts.write_text(text.replace("inviter: kuwaiti-emir-2007-06\n", "inviter: no-such-emir\n"), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(DataError, match="unknown entity"):
        kg.api.build_graph(data_copy, out)
    (writer, pid), = started
    assert writer.process is None  # killed and reaped: no such process any more
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not out.exists()
