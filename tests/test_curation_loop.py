"""The curation loop end to end (issue #15): a project-written document about a pair the data does not
have yet goes through `kg source add`, `kg extract --draft-facts`, a build that refuses the drafts, the
curator's review (a scripted patch), and a conforming build whose competency questions answer for the
new pair. Every step is the `kg` command a curator runs, in a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import DATA, ROOT

#: The project's own test document (tests/pipeline/series/): Saudi Arabia–Azerbaijan, written in its words.
DOCUMENT = ROOT / "tests" / "pipeline" / "series" / "sources" / "saudi-azerbaijan-test.ar.txt"
SID = "saudi-azerbaijan-test"


def kg(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def review(draft: dict, registry: dict) -> dict:
    """The curator's edits, as a script: what a curator does to this draft after reading it against the text.

    * every entry: the draft mark deleted, the labels written (English and Arabic);
    * the registry suggestion (King Fahd) moved to entities.yaml under the curator's id;
    * the agreement: its parties, the two states of the text;
    * the meeting of the ambassador: the Saudi foreign minister, whom the extractor missed, added as an
      unnamed person (knownOnlyByOffice) with his term; the ambassador's office corrected;
    * the sentences no event cites: listed as uncovered with the curator's reason.
    """
    renamed = {}
    for entry in draft.pop("newEntities", []):
        entry.pop("draft")
        if entry["type"] != "Person":  # an office the curator names by its role instead (see the term below)
            continue
        renamed[entry["id"]] = "fahd-bin-abdulaziz"
        entry.update(id="fahd-bin-abdulaziz", label={"en": "Fahd bin Abdulaziz", "ar": entry["label"]["ar"]})
        registry["entities"].append(entry)

    def rename(value):
        if isinstance(value, list):
            return [rename(v) for v in value]
        return renamed.get(value, value) if isinstance(value, str) else value

    added = []
    for fact in draft["facts"]:
        fact.pop("draft")
        fact["label"] = {"en": f"{fact['type']} (reviewed)", "ar": fact["quote"][:40] if isinstance(
            fact["quote"], str) else fact["quote"]["exact"][:40]}
        for k in list(fact):
            if k not in ("id", "type", "quote", "label", "note", "date"):
                fact[k] = rename(fact[k])
        if fact["type"] == "Agreement":
            fact["party"] = ["saudi-arabia", "azerbaijan"]
        if fact["type"] == "OfficeTerm" and "سفير" in str(fact["quote"]):
            fact["office"] = "ambassador-of-azerbaijan-to-saudi-arabia"
        if fact["type"] == "Meeting" and "بوزير الخارجية السعودي" in fact["quote"]:
            fact["participant"] = [fact["participant"], "saudi-foreign-minister"]
            added += [
                {"id": "saudi-foreign-minister", "type": "Person", "quote": "وزير الخارجية السعودي",
                 "knownOnlyByOffice": True, "label": {"en": "the Saudi foreign minister (unnamed)",
                                                      "ar": "وزير الخارجية السعودي"}},
                {"id": "saudi-foreign-minister-term", "type": "OfficeTerm", "quote": "وزير الخارجية السعودي",
                 "holder": "saudi-foreign-minister", "office": "minister-of-foreign-affairs-of-saudi-arabia",
                 "attestedIn": fact["id"], "label": {"en": "the Saudi foreign minister", "ar": "وزير الخارجية السعودي"}}]
        if fact["type"] == "OfficialVisit" and "الرئيس حيدر علييف" in fact["quote"]:
            added.append({"id": "heydar-aliyev-president-1994", "type": "OfficeTerm", "quote": "الرئيس حيدر علييف",
                          "holder": "heydar-aliyev", "office": "president-of-azerbaijan", "attestedIn": fact["id"],
                          "label": {"en": "Heydar Aliyev, President of Azerbaijan", "ar": "الرئيس حيدر علييف"}})
    draft["facts"] += added
    for item in draft.get("uncovered", []):
        item.pop("draft")
        item["reason"] = "reviewed: the document's label, no event"
    return draft


def test_a_new_pair_from_text_to_answers(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    build = tmp_path / "build"

    # 1. register the source
    added = kg("source", "add", DOCUMENT, "--pair", "saudi-arabia,azerbaijan", "--id", SID, "--title",
               "وثيقة اختبار", "--title-en", "Test document",
               "--publisher", "bilateral-kg project (test document written by the project)",
               "--data", data, cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    text = data / "sources" / f"{SID}.ar.txt"
    assert text.read_bytes() == DOCUMENT.read_bytes()
    assert yaml.safe_load((data / "sources" / f"{SID}.yaml").read_text("utf-8"))["pair"] == [
        "saudi-arabia", "azerbaijan"]

    # 2. draft its facts beside it
    drafted = kg("extract", text, "--data", data, "--draft-facts", cwd=tmp_path)
    assert drafted.returncode == 0, drafted.stderr
    facts_file = data / "facts" / f"{SID}.yaml"
    draft_text = facts_file.read_text("utf-8")
    marks = [i + 1 for i, line in enumerate(draft_text.splitlines()) if "draft: true" in line and "#" not in line]
    assert marks
    again = kg("extract", text, "--data", data, "--draft-facts", cwd=tmp_path)
    assert again.returncode == 2 and "exists already" in again.stderr and facts_file.read_text("utf-8") == draft_text

    # 3. the build refuses every draft entry, one line each, and writes nothing
    refused = kg("build", "--data", data, "--out", build, cwd=tmp_path)
    assert refused.returncode == 2, refused.stderr
    lines = [line for line in refused.stderr.splitlines() if line.startswith("kg: error:")]
    marked = [line for line in lines if "not yet reviewed" in line or "registry suggestion" in line]
    assert len(marked) == len(marks)  # each fact, term, uncovered sentence and registry suggestion
    assert any("a label still TODO" in line for line in lines)  # what the curator must still write
    assert all(f"facts/{SID}.yaml:" in line for line in lines) and "Traceback" not in refused.stderr
    assert not build.exists()

    # 4. the curator reviews (a scripted patch) and builds
    registry_path = data / "entities.yaml"
    registry = yaml.safe_load(registry_path.read_text("utf-8"))
    reviewed = review(yaml.safe_load(draft_text), registry)
    facts_file.write_text(yaml.safe_dump(reviewed, allow_unicode=True, sort_keys=False), "utf-8")
    registry_path.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), "utf-8")
    built = kg("build", "--data", data, "--out", build, cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "SHACL: conforms" in built.stdout

    # 5. the competency questions answer for the new pair
    def rows(name, **params):
        args = ["query", name, "--build-dir", build, "--format", "json"]
        for k, v in params.items():
            args += ["--param", f"{k}={v}"]
        result = kg(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["results"]["bindings"]

    established = rows("relations-established", a="state:saudi-arabia", b="state:azerbaijan")
    assert [r["date"]["value"] for r in established] == ["1992-02-24"]
    visits = rows("visits", a="state:azerbaijan", b="state:saudi-arabia")
    assert [(r["visitor"]["value"].rsplit("/", 1)[-1], r["startDate"]["value"], r["endDate"]["value"])
            for r in visits] == [("heydar-aliyev", "1994-07-09", "1994-07-13")]
