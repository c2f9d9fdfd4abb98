"""The notebooks of notebooks/ run top to bottom against a fresh build (their assert cells
check what they show), are committed without outputs, use the API only, and render to HTML."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from kg import api
from kg.analysis.notebooks import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_the_three_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == ["01-relationship-at-a-glance.ipynb", "02-who-met-whom.ipynb",
                                           "03-provenance.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_import_the_api_only(path: Path):
    """A notebook is a user: it reaches the package through kg.api, as the CLI does."""
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    imports = re.findall(r"^\s*(?:from|import)\s+(kg[\w.]*)", code, re.M)
    assert imports and set(imports) == {"kg"}, imports
    assert "from kg import api" in code


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, build_dir):
    nb = api.run_notebook(path, build_dir)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    if path.stem.startswith("02"):
        assert (build_dir / "notebooks" / "actors.html").is_file()


def test_render_notebooks(build_dir, tmp_path):
    written = api.render_notebooks(tmp_path / "html", build_dir)
    assert [p.name for p in written] == [p.stem + ".html" for p in NOTEBOOKS]
    html = written[0].read_text(encoding="utf-8")
    assert "data:image/png;base64" in html or "<img" in html
