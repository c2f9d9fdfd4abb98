"""Every bad input, given to a clean build and to an incremental one: the same exit code, the same line.

An incremental rebuild once accepted a dangling symlink, a symlink loop and a
folder named ``*.yaml`` that a clean build refused (issue 16). Each case below
breaks a copy of a small synthetic corpus; it is built once into a new folder
(nothing may be written) and once after a good build of the same folder (its
build must be left as it was). A symlink to a file inside the data folder is
not bad input: it builds both ways.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from golden.outputs import visible_files


def _first_facts(data: Path) -> Path:
    return sorted((data / "facts").glob("*.yaml"))[0]


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _alias(data: Path) -> None:
    path = _first_facts(data)
    quotes = re.findall(r"^    quote: (.*)$", path.read_text(encoding="utf-8"), re.M)
    _edit(path, f"quote: {quotes[0]}\n", f"quote: &q {quotes[0]}\n")
    _edit(path, f"quote: {quotes[1]}\n", "quote: *q\n")


def _duplicate_id(data: Path) -> None:
    path = _first_facts(data)
    ids = re.findall(r"^  - id: (.*)$", path.read_text(encoding="utf-8"), re.M)
    _edit(path, f"- id: {ids[1]}\n", f"- id: {ids[0]}\n")


def _new_facts(data: Path) -> Path:
    return data / "facts" / "zz-new.yaml"


def _outside(data: Path) -> None:
    outside = data.parent / "outside.yaml"
    shutil.copy(_first_facts(data), outside)
    _first_facts(data).unlink()
    os.symlink(outside, _new_facts(data))


def _text_outside(data: Path) -> None:
    text = sorted((data / "sources").glob("*.txt"))[0]
    outside = data.parent / text.name
    shutil.move(text, outside)
    os.symlink(outside, text)


#: case -> (how the data is broken, exit code, what the one line says)
CASES = {
    "quote-not-in-source": (lambda d: _edit(_first_facts(d), "quote: ", "quote: نص ليس في المصدر "), 2,
                            "quote not found verbatim in the source"),
    "bad-date": (lambda d: _edit(_first_facts(d), "date: ", "date: 2006-13 #"), 2, "bad date"),
    "bad-id": (lambda d: _edit(_first_facts(d), "- id: ", "- id: Bad Id "), 2, "an id is lower-case words"),
    "malformed-yaml": (lambda d: _edit(_first_facts(d), "    type: ", "   bad: [\n    type: "), 2, "malformed YAML"),
    "missing-quote": (lambda d: _edit(_first_facts(d), "    quote: ", "    comment: "), 2, "missing 'quote'"),
    "unknown-source": (lambda d: _edit(_first_facts(d), "source: ", "source: no-such-"), 2, "unknown source"),
    "duplicate-id": (_duplicate_id, 2, "duplicate id"),
    "yaml-alias": (_alias, 2, "YAML anchors and aliases are not read"),
    "dangling-symlink": (lambda d: os.symlink(d / "facts" / "gone.yaml", _new_facts(d)), 2, "a symlink to nothing"),
    "symlink-loop": (lambda d: (os.symlink(_new_facts(d), d / "facts" / "loop.yaml"),
                                os.symlink(d / "facts" / "loop.yaml", _new_facts(d))), 2, "a symlink loop"),
    "folder-named-yaml": (lambda d: _new_facts(d).mkdir(), 2, "a folder, not a file"),
    "pipe-named-yaml": (lambda d: os.mkfifo(_new_facts(d)), 2, "not a regular file"),
    "symlink-leaving-the-folder": (_outside, 2, "a symlink leaving the data folder"),
    "source-text-leaving-the-folder": (_text_outside, 2, "a symlink leaving the data folder"),
    "registry-a-folder": (lambda d: ((d / "entities.yaml").unlink(), (d / "entities.yaml").mkdir()), 2,
                          "a folder, not a file"),
    "file-over-the-size-limit": (lambda d: _edit(_first_facts(d), "facts:\n", "# " + "x" * 70_000 + "\nfacts:\n"), 3,
                                 "over the limit of 65536 (raise it with --max-file-size)"),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("bad-inputs") / "data"
    result = CliRunner().invoke(main, ["synth", "--states", "4", "--events", "120", "--seed", "7", "--out", str(data)])
    assert result.exit_code == 0, result.output
    return data


def _build(data: Path, out: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out), "--max-file-size", "64K",
                                     *extra], catch_exceptions=False)


def _error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("kg:")]


@pytest.fixture()
def data(corpus, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(corpus, target)
    return target


def test_a_good_edit_is_rebuilt_incrementally(data, tmp_path):
    """So that the incremental half of every case below is a real incremental rebuild."""
    out = tmp_path / "out"
    assert _build(data, out).exit_code == 0
    _edit(_first_facts(data), "{en: ", "{en: Edited ")
    result = _build(data, out)
    assert result.exit_code == 0 and "(incremental" in result.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_clean_and_incremental_builds_refuse_alike(data, tmp_path, case):
    breaks, code, says = CASES[case]
    out = tmp_path / "out"
    assert _build(data, out).exit_code == 0
    kept = {name: p.read_bytes() for name, p in visible_files(out).items()}
    breaks(data)
    incremental = _build(data, out)
    clean = _build(data, tmp_path / "fresh" / "out")
    for how, result in (("clean", clean), ("incremental", incremental)):
        assert result.exit_code == code, f"{how}: exit {result.exit_code}: {result.output}"
        lines = _error_lines(result)
        assert len(lines) == 1 and lines[0].startswith("kg: error: ") and says in lines[0], f"{how}: {lines}"
        assert "Traceback" not in result.output and "internal error" not in result.output
    assert _error_lines(incremental) == _error_lines(clean)
    assert not (tmp_path / "fresh").exists(), "a failed first build left its folder"
    assert {name: p.read_bytes() for name, p in visible_files(out).items()} == kept


def test_a_symlink_to_a_file_inside_the_data_folder_is_read(data, tmp_path):
    out = tmp_path / "out"
    assert _build(data, out).exit_code == 0
    facts = _first_facts(data)
    (data / "kept").mkdir()
    shutil.move(facts, data / "kept" / facts.name)
    os.symlink(Path("..") / "kept" / facts.name, facts)
    _edit(data / "kept" / facts.name, "{en: ", "{en: Edited ")
    incremental, clean = _build(data, out), _build(data, tmp_path / "clean", "--clean")
    assert incremental.exit_code == 0 and clean.exit_code == 0, incremental.output + clean.output
    assert "(incremental" in incremental.stdout  # the link read as the file it points to
    assert incremental.stdout.split(" from ")[0] == clean.stdout.split(" from ")[0]  # "Built N quads ..."
    assert [p.read_bytes() for p in visible_files(out).values()] == \
        [p.read_bytes() for p in visible_files(tmp_path / "clean").values()]


@pytest.mark.parametrize("content", ["", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n",
                                     "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"])
def test_a_shapes_file_without_shapes_is_refused(data, tmp_path, content):
    """An empty --shapes file once turned SHACL off: the build said "conforms" on planted violations."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(content, encoding="utf-8")
    result = _build(data, tmp_path / "out", "--shapes", str(shapes))
    assert result.exit_code == 2
    assert _error_lines(result) == [f"kg: error: {shapes}: no shapes: a shapes file needs at least one shape "
                                    "(a sh:NodeShape, a sh:PropertyShape, or a target)"]
    assert not (tmp_path / "out").exists()
