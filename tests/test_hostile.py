"""One error boundary for every command: hostile paths and bytes give one line and an exit code, never a
traceback, an "internal error" or a hang (issue 16).

Every file and folder argument of every command gets the hostile cases of its
kind: a file where a folder is expected and the reverse, a missing path, a
path under a file, a dangling symlink, a symlink loop, a named pipe (which
would make a careless reader wait for ever), a folder without write
permission and a full disk (a 1 MB tmpfs). Property tests (hypothesis) feed
the YAML reader and the loader arbitrary text and bytes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.core.errors import KGError

from conftest import DATA

TEXT = str(DATA / "sources" / "kuwait-azerbaijan-relations.ar.txt")

#: Every command's path arguments: (arguments, with {} for the hostile path; what the path should be).
ARGUMENTS = [
    (["build", "--data", "{}", "--out", "{out}"], "in-folder"),
    (["build", "--out", "{}"], "out-folder"),
    (["build", "--shapes", "{}", "--out", "{out}"], "in-file"),
    (["build", "--ontology", "{}", "--out", "{out}"], "in-file"),
    (["validate", "{}"], "in-file"),
    (["validate", "--shapes", "{}", "{build}/kg.trig"], "in-file"),
    (["query", "{}"], "in-file"),
    (["query", "visits", "--build-dir", "{}"], "in-folder"),
    (["search", "Kuwait", "--build-dir", "{}"], "in-folder"),
    (["load", "--gsp", "http://127.0.0.1:9/store", "--build-dir", "{}"], "in-folder"),
    (["synth", "--events", "20", "--out", "{}"], "out-folder"),
    (["export", "--build-dir", "{}"], "in-folder"),
    (["export", "--build-dir", "{build}", "--format", "csv", "--out", "{}"], "out-folder"),
    (["serve", "--build-dir", "{}", "--port", "9"], "in-folder"),
    (["extract", "{}"], "in-file"),
    (["extract", TEXT, "--data", "{}"], "in-folder"),
    (["extract", TEXT, "--out", "{}"], "out-file"),
    (["extract", TEXT, "--evaluate", "{}"], "in-file"),
    (["source", "add", "{}", "--pair", "kuwait,azerbaijan", "--data", "{data}"], "in-file"),
    (["source", "add", TEXT, "--pair", "kuwait,azerbaijan", "--data", "{}"], "in-folder"),
    (["graph", "--projection", "states", "--build-dir", "{}"], "in-folder"),
    (["graph", "--projection", "states", "--build-dir", "{build}", "--out", "{}"], "out-file"),
]
CASES = {
    "in-folder": ["a-file", "missing", "under-a-file", "dangling-symlink", "symlink-loop", "named-pipe"],
    "in-file": ["a-folder", "missing", "under-a-file", "dangling-symlink", "symlink-loop", "named-pipe"],
    "out-folder": ["a-file", "under-a-file", "no-write-permission", "full-disk"],
    "out-file": ["a-folder", "under-a-file", "no-write-permission", "full-disk"],
}


def _read_only(folder: Path) -> None:
    """A folder nobody may write into: chmod, or for root (whom modes do not stop) the immutable flag."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)],
                                                       capture_output=True).returncode != 0:
        pytest.skip("running as root where chattr +i does not work: no folder can be made read-only here")


def _writable(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
    else:
        folder.chmod(0o755)


@pytest.fixture()
def hostile(tmp_path, request):
    """Make the hostile path of a case; undo what needs undoing (the immutable flag, the tmpfs) afterwards."""
    undo: list = []

    def make(case: str) -> Path:
        (tmp_path / "a-file").write_text("not a folder\n")
        if case == "a-file":
            return tmp_path / "a-file"
        if case == "a-folder":
            (tmp_path / "a-folder").mkdir()
            return tmp_path / "a-folder"
        if case == "missing":
            return tmp_path / "missing"
        if case == "under-a-file":
            return tmp_path / "a-file" / "below"
        if case == "dangling-symlink":
            os.symlink(tmp_path / "nowhere", tmp_path / "dangling")
            return tmp_path / "dangling"
        if case == "symlink-loop":
            os.symlink(tmp_path / "loop-b", tmp_path / "loop-a")
            os.symlink(tmp_path / "loop-a", tmp_path / "loop-b")
            return tmp_path / "loop-a"
        if case == "named-pipe":
            os.mkfifo(tmp_path / "pipe")
            return tmp_path / "pipe"
        if case == "no-write-permission":
            (tmp_path / "locked").mkdir()
            _read_only(tmp_path / "locked")
            undo.append(lambda: _writable(tmp_path / "locked"))
            return tmp_path / "locked" / "out"
        assert case == "full-disk"
        disk = tmp_path / "disk"
        disk.mkdir()
        if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
                                               capture_output=True).returncode != 0:
            pytest.skip("no small tmpfs can be mounted here (not root, or no mount): a full disk is not simulated")
        undo.append(lambda: subprocess.run(["umount", "-l", str(disk)], capture_output=True))
        with open(disk / "filler", "wb", buffering=0) as filler:  # the disk filled to the last block
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        return disk / "out"

    yield make
    for step in reversed(undo):
        step()


@pytest.fixture(autouse=True)
def _no_hang():
    """A command that waits for ever (a pipe read, a server started) fails here instead of hanging CI."""
    def hung(*_):
        raise TimeoutError("the command did not return within 120 s")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("args, case", [(args, case) for args, kind in ARGUMENTS for case in CASES[kind]],
                         ids=lambda v: "-".join(v[:3]) if isinstance(v, list) else v)
def test_every_path_argument_gets_one_line_and_an_exit_code(args, case, hostile, build_dir, tmp_path):
    path = hostile(case)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    given = [a.format(path, out=tmp_path / "new-out", build=build_dir, data=data) for a in args]
    result = CliRunner().invoke(main, given, catch_exceptions=False)
    assert result.exit_code in (1, 2, 3), f"exit {result.exit_code}: {result.output[-500:]}"
    errors = result.stderr.strip().splitlines()
    assert errors, "no message"
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output[-500:]
    assert all(line.startswith(("kg: error: ", "Error: ", "Usage: ", "Try ")) for line in errors), errors
    if case == "full-disk":
        assert result.exit_code in (2, 3)  # 3 for the full disk itself; 2 when a folder cannot even be made
        assert sorted(p.name for p in path.parent.iterdir()) == ["filler"], "a failed write left files behind"
    if case == "no-write-permission":
        assert not any(path.parent.iterdir())


# --- property tests ---------------------------------------------------------------------------------

#: What YAML is made of, and Arabic: the tokens a malformed facts file is likeliest to mix.
YAML_ALPHABET = st.sampled_from(list("abc-_:{}[],&*!|>'\"#%@`?\n\t 019") + ["  ", "- ", ": ", "قال", "١٢"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(YAML_ALPHABET, max_size=80).map("".join))
def test_any_text_reads_as_nodes_or_one_located_error(tmp_path, text):
    from kg.core.yamlnodes import read_yaml

    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        read_yaml(path, "x.yaml")
    except KGError as exc:
        assert exc.one_line().startswith("x.yaml"), exc.one_line()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.one_of(st.binary(max_size=400), st.lists(YAML_ALPHABET, max_size=120).map("".join)))
def test_any_facts_file_loads_or_gives_one_located_error(tmp_path_factory, blob):
    from kg.pipeline.load import load

    data = tmp_path_factory.mktemp("data")
    shutil.copytree(DATA, data, dirs_exist_ok=True)
    extra = data / "facts" / "zz-fuzz.yaml"
    extra.write_bytes(blob if isinstance(blob, bytes) else
                      ("source: kuwait-azerbaijan-relations\nfacts:\n" + blob).encode("utf-8"))
    try:
        load(data)
    except KGError as exc:
        assert exc.one_line().startswith(str(Path(data.name) / "facts")), exc.one_line()
