"""``kg extract``: JSON as documented, YAML drafts, evaluation, bad files exit 2 with one line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main

from conftest import DATA, ROOT

SOURCE = DATA / "sources" / "kuwait-azerbaijan-relations.ar.txt"
JORDAN = ROOT / "tests" / "extract" / "jordan"


def kg(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_json_has_the_documented_shape():
    result = kg("extract", SOURCE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.output)
    assert set(data) >= {"source", "events", "new_entities"}
    text = SOURCE.read_text(encoding="utf-8")
    types = set()
    for event in data["events"]:
        assert text[event["start"]:event["end"]] == event["quote"]
        assert event["precision"] in (None, "year", "month", "day", "decade")
        if event["date"] is not None:
            assert len(event["date"]) == {"year": 4, "month": 7, "day": 10, "decade": 4}[event["precision"]]
        for p in event["participants"]:
            assert p["entity"].startswith("https://") and p["role"]
        types.add(event["type"])
    assert {"official-visit", "agreement-signing", "embassy-opening", "delegation-visit"} <= types
    relations = [e for e in data["events"] if e["type"] == "diplomatic-relations-establishment"]
    assert [(e["date"], e["precision"]) for e in relations] == [("1994-10-10", "day")]


def test_evaluate_prints_the_scores_of_both_documents():
    for source, data_dir, facts, floor in (
            (SOURCE, DATA, DATA / "facts" / "kuwait-azerbaijan-relations.yaml", 0.58),
            (next((JORDAN / "sources").glob("*.txt")), JORDAN, next((JORDAN / "facts").glob("*.yaml")), 0.85)):
        result = kg("extract", source, "--data", data_dir, "--evaluate", facts)
        assert result.exit_code == 0, result.stderr
        overall = next(line for line in result.output.splitlines() if line.startswith("overall")).split()
        precision, recall = float(overall[-2]), float(overall[-1])
        assert recall >= floor and precision >= floor, result.output
        assert "participants with roles" in result.output


def test_yaml_draft_written_atomically(tmp_path):
    out = tmp_path / "draft.yaml"
    result = kg("extract", SOURCE, "--out", out)
    assert result.exit_code == 0 and out.is_file()
    assert "type: OfficialVisit" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]


@pytest.mark.parametrize("content, message", [(b"\xd8\xa7\xff\xfe", "not UTF-8"), (b"", "empty file")])
def test_bad_files_exit_2(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = kg("extract", bad)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"kg: error: {bad}:1: ") and message in line


# --- the bad input of issue #15: one line naming the file and what is wrong, exit 2, nothing written ---

def _one_line_error(result, *words):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: error:") and "Traceback" not in result.stderr, lines
    assert all(w in lines[0] for w in words), lines[0]


@pytest.mark.parametrize("content, words", [
    ("علاقات الكويت وأذربيجان\nزيارة رسمية إلى باكو".encode("cp1256"), ["Windows-1256", ":1:"]),
    (b"Kuwait and Azerbaijan established relations in 1994.", ["not Arabic text"]),
    (b"  \n\n", ["empty"]),
])
def test_extract_refuses_legacy_encodings_other_languages_and_empty_texts(tmp_path, content, words):
    bad = tmp_path / "bad.ar.txt"
    bad.write_bytes(content)
    out = tmp_path / "draft.yaml"
    _one_line_error(kg("extract", bad, "--out", out), str(bad), *words)
    assert not out.exists()


def test_a_source_record_whose_pair_names_an_unknown_state(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    text = sources / "x.ar.txt"
    text.write_text("زيارة رسمية إلى باكو في 3 مارس 2011.\n", encoding="utf-8")
    (sources / "x.yaml").write_text("id: x\ntext: x.ar.txt\npair: [atlantis, azerbaijan]\n", encoding="utf-8")
    _one_line_error(kg("extract", text, "--data", DATA), "x.yaml:3:", "unknown state", "atlantis")


@pytest.mark.parametrize("suggestion", ["- oops", "- {id: x, draft: true, type: Person, label: {en: TODO"])
def test_a_draft_with_a_broken_suggestion_is_refused(tmp_path, suggestion):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    facts = data / "facts" / "kuwait-azerbaijan-relations.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "newEntities:\n" + suggestion + "\n", encoding="utf-8")
    result = kg("build", "--data", data, "--out", tmp_path / "build")
    _one_line_error(result, "kuwait-azerbaijan-relations.yaml:")
    assert not (tmp_path / "build").exists()
