"""kg.pipeline.folder: one build at a time per folder, outputs swapped in at once, debris swept."""

from __future__ import annotations

import os
import threading
import time

import pytest

from kg.core.errors import FolderLocked, UsageError
from kg.pipeline.folder import BuildFolder, Staging


def _land(out, files: dict[str, bytes], reject: bool = False):
    with BuildFolder(out):
        with Staging(out) as staging:
            for name, data in files.items():
                staging.write(name, data)
            return staging.reject() if reject else staging.commit()


def test_a_first_build_that_fails_leaves_nothing(tmp_path):
    out = tmp_path / "new" / "out"
    with pytest.raises(RuntimeError):
        with BuildFolder(out):
            with Staging(out) as staging:
                staging.write("kg.nq", b"half")
                raise RuntimeError("the build failed")
    assert not (tmp_path / "new").exists()


def test_a_failed_build_keeps_an_existing_folder_and_its_build(tmp_path):
    out = tmp_path / "out"
    _land(out, {"kg.nq": b"good"})
    with pytest.raises(RuntimeError):
        with BuildFolder(out):
            with Staging(out) as staging:
                staging.write("kg.nq", b"half")
                raise RuntimeError("the build failed")
    assert (out / "kg.nq").read_bytes() == b"good"
    assert sorted(p.name for p in (out / ".builds").iterdir()) == ["000001", "current"]


def test_commit_swaps_every_file_at_once_and_drops_the_old_build(tmp_path):
    out = tmp_path / "out"
    _land(out, {"kg.nq": b"1", "report.json": b"{1}", "gone.ttl": b"x"})
    _land(out, {"kg.nq": b"2", "report.json": b"{2}"})
    assert (out / "kg.nq").read_bytes() == b"2" and (out / "report.json").read_bytes() == b"{2}"
    assert not (out / "gone.ttl").is_symlink()  # a file the new build has not is not left dangling
    assert os.readlink(out / ".builds" / "current") == "000002"
    assert sorted(p.name for p in (out / ".builds").iterdir()) == ["000002", "current"]


def test_reject_keeps_the_current_build(tmp_path):
    out = tmp_path / "out"
    _land(out, {"kg.nq": b"good"})
    assert _land(out, {"kg.nq": b"bad"}, reject=True) == out / "rejected"
    assert (out / "kg.nq").read_bytes() == b"good" and (out / "rejected" / "kg.nq").read_bytes() == b"bad"
    _land(out, {"kg.nq": b"bad again"}, reject=True)
    assert (out / "rejected" / "kg.nq").read_bytes() == b"bad again"
    assert sorted(p.name for p in (out / ".builds").iterdir()) == ["000001", "000003", "current"]


def test_a_folder_of_the_old_layout_is_taken_over(tmp_path):
    out = tmp_path / "out"
    (out / "rejected").mkdir(parents=True)
    (out / "rejected" / "kg.nq").write_bytes(b"old rejected")
    (out / "kg.nq").write_bytes(b"old")
    (out / ".staging-abc").mkdir()  # a killed build's, from before .builds/
    _land(out, {"kg.nq": b"new"})
    assert (out / "kg.nq").is_symlink() and (out / "kg.nq").read_bytes() == b"new"
    assert not (out / ".staging-abc").exists()
    _land(out, {"kg.nq": b"new bad"}, reject=True)
    assert (out / "rejected").is_symlink() and (out / "rejected" / "kg.nq").read_bytes() == b"new bad"


def test_the_next_build_sweeps_what_a_killed_one_left(tmp_path):
    out = tmp_path / "out"
    _land(out, {"kg.nq": b"good"})
    debris = [out / ".builds" / ".staging-999-abcd", out / ".builds" / "000007", out / ".builds" / ".current-new-999"]
    for d in debris[:2]:
        d.mkdir()
        (d / "kg.nq").write_bytes(b"x" * 1000)
    os.symlink("000007", debris[2])
    with BuildFolder(out):
        pass
    assert not any(d.exists() or d.is_symlink() for d in debris)
    assert (out / "kg.nq").read_bytes() == b"good"


def test_a_second_build_stops_or_waits_naming_the_holder(tmp_path):
    out = tmp_path / "out"
    waited: list = []
    order: list[str] = []
    with BuildFolder(out):
        with pytest.raises(FolderLocked, match=rf"pid {os.getpid()}"):
            with BuildFolder(out, wait=False):
                pass

        def second():
            with BuildFolder(out, on_wait=waited.append):
                order.append("second")

        t = threading.Thread(target=second)
        t.start()
        time.sleep(0.3)
        order.append("first done")
    t.join(10)
    assert order == ["first done", "second"]
    assert waited == [os.getpid()]


def test_the_build_waited_for_may_remove_the_folder(tmp_path):
    """A first build that fails removes the folder it made, lock file and all: the waiting one makes it anew."""
    out = tmp_path / "new" / "out"
    done: list = []

    def second():
        with BuildFolder(out):
            with Staging(out) as staging:
                staging.write("kg.nq", b"second")
                staging.commit()
        done.append(True)

    with pytest.raises(RuntimeError):
        with BuildFolder(out):
            t = threading.Thread(target=second)
            t.start()
            time.sleep(0.3)
            raise RuntimeError("the first build failed")
    t.join(10)
    assert done and (out / "kg.nq").read_bytes() == b"second"


def test_an_output_folder_that_is_a_file(tmp_path):
    (tmp_path / "README.md").write_text("x")
    with pytest.raises(UsageError, match="is a file"):
        with BuildFolder(tmp_path / "README.md"):
            pass
    with pytest.raises(NotADirectoryError):  # the CLI's one line (tests/test_hostile.py)
        with BuildFolder(tmp_path / "README.md" / "out"):
            pass
