"""The ``kg`` command, in-process with click's CliRunner: output, exit codes, nothing half-written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

from conftest import DATA, ROOT


def kg(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every output file as users see it (links followed); not the hidden working state (OUT/.cache, the
    lock, the builds the links point into: kg.pipeline.folder)."""
    from golden.outputs import visible_files

    return {name: p.read_bytes() for name, p in visible_files(folder).items()}


def test_build_prints_summary_and_writes_outputs(tmp_path):
    result = kg("build", "--data", str(DATA), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "SHACL: conforms" in result.output
    assert "Coverage of source kuwait-azerbaijan-relations: 32 of 32 sentences cited" in result.output
    assert "OfficialVisit" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        [".builds", ".cache", ".lock", "kg.jsonld", "kg.nq", "kg.trig", "kg.ttl", "report.json"]  # kg.pipeline.folder


def test_two_builds_are_byte_identical(tmp_path):
    """Separate processes with different hash seeds: set and dict order must not leak into the output."""
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "kg", "build", "--data", str(DATA), "--out", str(tmp_path / seed)],
                       check=True, env=env, capture_output=True, cwd=ROOT)
    assert _snapshot(tmp_path / "1") == _snapshot(tmp_path / "2")


def _break_shapes(data: Path) -> int:
    """Remove the host state of a visit: the data still loads, the shapes must fail. Returns the fact's line."""
    path = data / "facts" / "kuwait-azerbaijan-relations.yaml"
    text = path.read_text(encoding="utf-8")
    fact = "  - id: 2007-01-20-azerbaijani-foreign-minister-visit-to-kuwait\n"
    line = text[: text.index(fact)].count("\n") + 1
    start = text.index(fact)
    host = text.index("    hostState: kuwait\n", start)
    path.write_text(text[:host] + text[host + len("    hostState: kuwait\n"):], encoding="utf-8")
    return line


def test_violations_exit_1_and_keep_the_last_good_build(tmp_path, data_copy):
    out = tmp_path / "out"
    assert kg("build", "--data", str(DATA), "--out", str(out)).exit_code == 0
    good = _snapshot(out)
    line = _break_shapes(data_copy)
    result = kg("build", "--data", str(data_copy), "--out", str(out))
    assert result.exit_code == 1, result.output
    assert f"data/facts/kuwait-azerbaijan-relations.yaml:{line}: Violation" in result.output
    assert "hostState" in result.output
    assert {k: v for k, v in _snapshot(out).items() if not k.startswith("rejected/")} == good
    assert (out / "rejected" / "kg.trig").is_file()
    report = json.loads((out / "rejected" / "report.json").read_text(encoding="utf-8"))
    assert report["conforms"] is False


def test_validate_json_report(tmp_path, data_copy):
    out = tmp_path / "out"
    line = _break_shapes(data_copy)
    kg("build", "--data", str(data_copy), "--out", str(out))
    result = kg("validate", str(out / "rejected" / "kg.trig"), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["conforms"] is False
    assert set(report["results"][0]) == {"focus", "path", "severity", "message", "shape", "source", "value", "component"}
    hits = [r for r in report["results"] if r["path"] and r["path"].endswith("#hostState")]
    assert hits and hits[0]["source"] == {"file": "data/facts/kuwait-azerbaijan-relations.yaml", "line": line}
    assert hits[0]["focus"].endswith("/event/2007-01-20-azerbaijani-foreign-minister-visit-to-kuwait")


def test_validate_a_conforming_file(build_dir):
    result = kg("validate", str(build_dir / "kg.ttl"))
    assert result.exit_code == 0
    assert result.output.strip() == "conforms"


BAD_INPUT = {
    "malformed facts file": ("facts/kuwait-azerbaijan-relations.yaml", "facts:\n", "facts: [\n"),
    "unknown entity": ("facts/kuwait-azerbaijan-relations.yaml", "hostState: morocco", "hostState: marocco"),
    "bad date": ("facts/kuwait-azerbaijan-relations.yaml", "date: 2006\n", "date: 2006-00\n"),
    "quote not in source": ("facts/kuwait-azerbaijan-relations.yaml", "quote: هجمات ١١ سبتمبر", "quote: هجمات ١٢ سبتمبر"),
    "duplicate id": ("entities.yaml", "- id: nagorno-karabakh\n", "- id: baku\n"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_exit_2_one_line_nothing_written(tmp_path, data_copy, case):
    rel, old, new = BAD_INPUT[case]
    path = data_copy / rel
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    [message] = result.stderr.splitlines()
    assert message.startswith(f"kg: error: data/{rel}:")
    assert "Traceback" not in result.output
    if case not in ("malformed facts file", "duplicate id"):
        assert f":{line}:" in message
    assert not out.exists()


def test_non_utf8_source_exit_2(tmp_path, data_copy):
    path = data_copy / "sources" / "kuwait-azerbaijan-relations.ar.txt"
    path.write_bytes(path.read_bytes().replace("العراق".encode(), b"\xc0\xc1", 1))
    result = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    [message] = result.stderr.splitlines()
    assert "kuwait-azerbaijan-relations.ar.txt:" in message and "not UTF-8" in message
    assert not (tmp_path / "out").exists()


def test_broken_ontology_exit_2(tmp_path):
    broken = tmp_path / "bkg.ttl"
    broken.write_text((ROOT / "ontology" / "bkg.ttl").read_text(encoding="utf-8").replace(" .\n", " ;\n", 3),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--ontology", str(broken)])
    assert result.exit_code == 2
    [message] = result.stderr.splitlines()
    assert message.startswith(f"kg: error: {broken}: ontology does not parse")
    assert not (tmp_path / "out").exists()


def test_validate_bad_rdf_exit_2(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    [message] = result.stderr.splitlines()
    assert message.startswith(f"kg: error: {bad}:1: does not parse as turtle")


def test_help_lists_commands_and_exit_codes():
    result = kg("--help")
    assert result.exit_code == 0
    for command in ("build", "validate", "query"):
        assert command in result.output
    assert "Exit codes: 0 success; 1" in " ".join(result.output.split())
