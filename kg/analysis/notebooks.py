"""Running the notebooks of ``notebooks/`` and rendering them as HTML.

The notebooks read the build directory from :data:`BUILD_DIR_ENV` (default ``build/``).
:func:`execute_notebook` runs one (the tests do); :func:`render_notebooks` runs all of them
and writes each as HTML with its figures embedded (``make notebooks`` does).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.config import ROOT

if TYPE_CHECKING:  # pragma: no cover
    from nbformat import NotebookNode

NOTEBOOKS_DIR = ROOT / "notebooks"

#: The environment variable the notebooks read the build directory from (default build/).
BUILD_DIR_ENV = "KG_BUILD_DIR"


def execute_notebook(path: Path, build_dir: Path | None = None, timeout: int = 300) -> "NotebookNode":
    """Run a notebook top to bottom (nbclient, kernel python3 of this environment) with
    ``KG_BUILD_DIR`` set to ``build_dir``; returns the executed notebook. A failing cell
    (an ``assert`` included) raises :class:`nbclient.exceptions.CellExecutionError`."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env_before = os.environ.get(BUILD_DIR_ENV)
    if build_dir is not None:
        os.environ[BUILD_DIR_ENV] = str(Path(build_dir).resolve())
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT)}}).execute()
    finally:
        if build_dir is not None:
            if env_before is None:
                os.environ.pop(BUILD_DIR_ENV, None)
            else:
                os.environ[BUILD_DIR_ENV] = env_before
    return nb


def render_notebooks(out_dir: Path, build_dir: Path | None = None,
                     notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Execute every notebook of ``notebooks/`` against ``build_dir`` (default: the
    ``KG_BUILD_DIR`` environment variable, else ``build/``) and write each as HTML with its
    figures embedded into ``out_dir``; returns the HTML files."""
    from nbconvert import HTMLExporter

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    build_dir = Path(build_dir or os.environ.get(BUILD_DIR_ENV) or ROOT / "build")
    written = []
    for path in sorted(Path(notebooks_dir).glob("*.ipynb")):
        nb = execute_notebook(path, build_dir)
        html, _ = HTMLExporter().from_notebook_node(nb)
        target = out_dir / f"{path.stem}.html"
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written
