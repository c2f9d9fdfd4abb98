"""kg.pipeline.incremental: a build after an edit redoes only what the edit reaches, with the same outputs.

Every test compares the incremental build with a clean build of the same
files (``--clean``, into another folder), byte for byte, conforming outputs
and rejected ones alike.
"""

from __future__ import annotations

import json
import pickle
import re
import shutil
from pathlib import Path

import pytest

from kg.api import build_graph
from kg.pipeline.incremental.cache import cache_dir
from kg.devtools.synth import synthesize

OUTPUTS = ("kg.nq", "kg.trig", "kg.ttl", "kg.jsonld", "report.json")
ESTABLISHED = "s10-s3-00001-diplomatic-relations-established"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("incremental") / "synth"
    synthesize(data, states=10, events=250, seed=3)
    return data


@pytest.fixture()
def work(tmp_path, corpus) -> tuple[Path, Path]:
    """A copy of the corpus and a first (clean) build of it, with its cache."""
    data = tmp_path / "synth"
    shutil.copytree(corpus, data)
    out = tmp_path / "build"
    first = build_graph(data, out)
    assert first.ok and not first.incremental
    assert (cache_dir(out) / "state.pickle").is_file()
    return data, out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_as_clean(data: Path, out: Path, tmp_path: Path):
    """Rebuild ``out`` incrementally, build ``data`` from scratch elsewhere; compare every output."""
    again = build_graph(data, out)
    clean = build_graph(data, tmp_path / "clean", incremental=False)
    assert again.incremental and not clean.incremental
    assert again.ok == clean.ok
    sub = "" if clean.ok else "rejected"
    for name in OUTPUTS:
        assert (out / sub / name).read_bytes() == (tmp_path / "clean" / sub / name).read_bytes(), name
    return again


def _results(outcome) -> set[tuple[str, str]]:
    return {(r.shape.rsplit("#", 1)[1], r.focus.rsplit("/", 1)[1]) for r in outcome.report.results}


def test_unchanged_folder_rebuilds_from_the_cache(work, tmp_path):
    data, out = work
    again = _same_as_clean(data, out, tmp_path)
    assert again.ok


def test_edited_date_is_rebuilt(work, tmp_path):
    data, out = work
    facts = data / "facts" / "relations-state-10-state-3.yaml"
    _edit(facts, "date: 1995-07\n", "date: 1995-08\n")
    again = _same_as_clean(data, out, tmp_path)
    assert again.ok
    assert '"1995-08"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>' in (out / "kg.nq").read_text("utf-8")


def test_edit_that_breaks_another_fact(work, tmp_path):
    """Establishing relations later puts the embassy openings of other facts before it."""
    data, out = work
    facts = data / "facts" / "relations-state-10-state-3.yaml"
    _edit(facts, "date: 1995-06-07\n", "date: 2030-06-07\n")
    broken = _same_as_clean(data, out, tmp_path)
    assert not broken.ok
    found = _results(broken)
    assert ("EmbassyOpeningAfterRelationsShape", "s10-s3-00009-embassy-opening") in found
    assert all(focus != ESTABLISHED for _, focus in found)  # the edited fact itself is not at fault
    report = json.loads((out / "rejected" / "report.json").read_text("utf-8"))
    lines = {r["source"]["line"] for r in report["validation"]["results"]
             if r["focus"].endswith("s10-s3-00009-embassy-opening")}
    text = facts.read_text("utf-8").splitlines()
    assert all(text[line - 1].strip() == "- id: s10-s3-00009-embassy-opening" for line in lines)
    # and back: the same results as before the edit
    _edit(facts, "date: 2030-06-07\n", "date: 1995-06-07\n")
    mended = _same_as_clean(data, out, tmp_path / "again")
    assert mended.ok and not mended.report.results


def test_moved_visit_falls_outside_a_term_defined_in_another_file(work, tmp_path):
    """The term is curated in one file, the visit that attests it in another: moving the visit
    changes the term's result although the term's file did not change."""
    data, out = work
    terms = data / "facts" / "relations-state-3-state-7.yaml"
    visits = data / "facts" / "relations-state-10-state-3.yaml"
    _edit(terms, "    office: head-of-state-of-state-3\n    attestedOn: 2000-08-09\n",
          "    office: head-of-state-of-state-3\n    termEnd: 2004-01\n    attestedOn: 2000-08-09\n")
    assert _same_as_clean(data, out, tmp_path / "a").ok  # every attestation lies before 2004-01
    _edit(visits, "    date: 1999-10\n", "    date: 2005-10\n")
    broken = _same_as_clean(data, out, tmp_path / "b")
    assert ("TermAttestedInWithinTermShape", "term-kukas-waf-al-sakhari") in _results(broken)


def test_edit_with_moved_lines_relocates_results(work, tmp_path):
    """Lines inserted above a violation move it: the report names the new line."""
    data, out = work
    facts = data / "facts" / "relations-state-10-state-3.yaml"
    _edit(facts, "date: 1995-06-07\n", "date: 2030-06-07\n")
    _edit(facts, "facts:\n", "facts:\n\n# a note\n\n")
    broken = _same_as_clean(data, out, tmp_path)
    assert not broken.ok


def test_registry_edit_makes_a_clean_build(work, tmp_path):
    data, out = work
    registry = data / "entities.yaml"
    text = registry.read_text("utf-8")
    registry.write_text(text + "\n", encoding="utf-8")
    again = build_graph(data, out)
    assert not again.incremental and again.ok


def test_new_id_makes_a_clean_build(work, tmp_path):
    data, out = work
    facts = data / "facts" / "relations-state-10-state-3.yaml"
    _edit(facts, "  - id: s10-s3-00002-diplomatic-relation\n", "  - id: s10-s3-00002-diplomatic-relation-x\n")
    again = build_graph(data, out)
    assert not again.incremental


def test_a_half_done_rebuild_is_not_trusted(work, tmp_path):
    data, out = work
    (cache_dir(out) / "dirty").write_bytes(b"")
    again = build_graph(data, out)
    assert not again.incremental and not (cache_dir(out) / "dirty").exists()


def test_bad_edit_exits_2_and_keeps_the_last_build(work, tmp_path):
    from kg.core.errors import DataError

    data, out = work
    before = (out / "kg.nq").read_bytes()
    facts = data / "facts" / "relations-state-10-state-3.yaml"
    _edit(facts, "date: 1995-07\n", "date: 1995-13\n")
    with pytest.raises(DataError) as err:
        build_graph(data, out)
    assert err.value.exit_code == 2 and re.search(r"relations-state-10-state-3.yaml:\d+", str(err.value))
    assert (out / "kg.nq").read_bytes() == before
    _edit(facts, "date: 1995-13\n", "date: 1995-07\n")
    assert build_graph(data, out).incremental


def test_pyshacl_builds_leave_no_cache(work, tmp_path):
    data, out = work
    build_graph(data, out, engine="pyshacl")
    assert not cache_dir(out).exists()


def test_second_process_writes_the_same_files(work, tmp_path, monkeypatch):
    """Large builds write TriG, Turtle, JSON-LD and the cache in a second process: same bytes."""
    import kg.api
    import kg.pipeline.writer

    data, out = work
    monkeypatch.setattr(kg.pipeline.writer.RdfWriter, "INLINE_RECORDS", 0)
    spawned = build_graph(data, tmp_path / "spawned", incremental=True)
    assert spawned.ok and not spawned.incremental
    for name in OUTPUTS:
        assert (tmp_path / "spawned" / name).read_bytes() == (out / name).read_bytes(), name
    facts = data / "facts" / "relations-state-10-state-3.yaml"
    _edit(facts, "date: 1995-07\n", "date: 1995-08\n")
    assert build_graph(data, tmp_path / "spawned").incremental  # its cache serves the next build


def test_a_cache_of_another_format_version_makes_a_clean_build(work, tmp_path, monkeypatch):
    """The format version is part of the cache key: a cache written by another version is not used."""
    from kg.pipeline.incremental import cache

    data, out = work
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    again = build_graph(data, out)
    assert again.ok and not again.incremental
    monkeypatch.undo()
    assert not build_graph(data, out).incremental  # the cache now holds the other version's key
    assert build_graph(data, out).incremental  # and is written anew for this one


def test_a_cache_written_before_the_package_moved_makes_a_clean_build(work, tmp_path):
    """A state pickled when the cache lived in ``kg.incremental`` (before issue #13) names a module
    that is gone: it is ignored, and the build is a clean one with the same outputs."""
    import pickle

    from kg.pipeline.incremental.cache import load_state

    data, out = work
    path = cache_dir(out) / "state.pickle"
    state = load_state(out)
    old = pickle.dumps(state, protocol=0).replace(b"ckg.pipeline.incremental.cache\nState\n",
                                                  b"ckg.incremental\nState\n")
    assert b"ckg.incremental\nState\n" in old
    path.write_bytes(old)
    assert load_state(out) is None
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    again = build_graph(data, out)
    assert again.ok and not again.incremental
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before


def test_shapes_the_compiled_engine_cannot_run_build_into_a_new_folder(tmp_path):
    """Shapes that only pySHACL can run (here a targeted sh:hasValue) still build into a fresh
    folder: the cache folder is made whatever the engine (it once was not, and the build crashed)."""
    from kg.core.config import SHAPES_FILE

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_FILE.read_text(encoding="utf-8") + """
shapes:StateTypeShape
    a sh:PropertyShape ;
    sh:targetClass bkg:State ;
    sh:path rdf:type ;
    sh:hasValue bkg:State .
""", encoding="utf-8")
    outcome = build_graph(Path(__file__).parents[2] / "data", tmp_path / "new" / "build", shapes_path=shapes)
    assert outcome.ok, outcome.report.results[:3]
    assert (tmp_path / "new" / "build" / "kg.nq").is_file()


def test_a_large_file_is_built_in_parts_and_rebuilt_alike(tmp_path, monkeypatch):
    """A facts file of more than CHUNK_RECORDS records is built and written in parts (bounded memory);
    each part is a chunk of the cache, and an edit to one part rebuilds to the bytes of a clean build."""
    import kg.pipeline.build

    monkeypatch.setattr(kg.pipeline.build, "CHUNK_RECORDS", 40)
    data = tmp_path / "synth"
    synthesize(data, states=2, events=150, seed=5, per_source=150)
    facts = next((data / "facts").glob("*.yaml"))
    first = build_graph(data, tmp_path / "build")
    state = pickle.loads((cache_dir(tmp_path / "build") / "state.pickle").read_bytes())
    parts = [name for name, _, _ in state.chunks if name.split("#")[0].endswith(f"facts/{facts.name}")]
    assert first.ok and len(parts) > 3 and parts[1].endswith("#2") and "#" not in parts[0], parts
    _edit(facts, "date: 19", "date: 18")  # in the first part
    text = facts.read_text(encoding="utf-8")
    last = text.rindex("{en: ")
    facts.write_text(text[:last] + "{en: Edited " + text[last + 5:], encoding="utf-8")  # and in the last
    again = _same_as_clean(data, tmp_path / "build", tmp_path)
    assert again.counts == first.counts


def test_a_large_build_validates_on_disk_alike(work, tmp_path, monkeypatch):
    """From ON_DISK_QUADS on, validation and the checks query an on-disk store: same report, same files,
    and the store gone afterwards."""
    import kg.pipeline.run

    data, out = work
    _edit(data / "facts" / "relations-state-10-state-3.yaml", "date: 1995-06-07\n", "date: 2030-06-07\n")  # violations
    in_memory = build_graph(data, tmp_path / "memory", incremental=False)
    monkeypatch.setattr(kg.pipeline.run, "ON_DISK_QUADS", 0)
    on_disk = build_graph(data, tmp_path / "disk", incremental=False)
    assert _results(on_disk) == _results(in_memory) and on_disk.checks == in_memory.checks
    assert not in_memory.ok and in_memory.report.results  # so that the findings are compared too
    sub = "" if in_memory.ok else "rejected"
    for name in OUTPUTS:
        assert (tmp_path / "disk" / sub / name).read_bytes() == (tmp_path / "memory" / sub / name).read_bytes()
    assert not [p for p in (tmp_path / "disk" / ".builds").iterdir() if p.name.startswith(".store")]
