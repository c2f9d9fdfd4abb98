"""Shared fixtures: one conforming build of data/ per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    """A fresh build of data/ (the pipeline of ``kg build``), conforming."""
    from kg.api import build_graph

    out = tmp_path_factory.mktemp("build")
    outcome = build_graph(DATA, out)
    assert outcome.ok, "\n".join(outcome.report.lines()) or outcome.checks
    return out


@pytest.fixture(scope="session")
def outcome(build_dir):
    import json

    return json.loads((build_dir / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def dataset(build_dir):
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(build_dir / "kg.trig", format="trig")
    return ds


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A writable copy of data/, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server (PyPI package ``oxigraph``) on a free loopback port, stopped afterwards."""
    import subprocess
    import sys
    import time
    import urllib.request

    exe = Path(sys.executable).parent / "oxigraph"
    assert exe.is_file(), f"the Oxigraph server is not installed at {exe} (pip install oxigraph)"
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    log = open(location.parent / "oxigraph.log", "wb")
    proc = subprocess.Popen([str(exe), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"oxigraph did not start; see {log.name}")
            time.sleep(0.1)
    yield {"query": f"{base}/query", "store": f"{base}/store", "update": f"{base}/update", "base": base}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
