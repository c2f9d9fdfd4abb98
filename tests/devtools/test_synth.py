"""kg.devtools.synth: deterministic synthetic corpora that load, build, validate and pass the checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.pipeline import coverage as cov
from kg.pipeline.build import build
from kg.core.config import SHAPES_FILE, base_iri
from kg.pipeline.load import load
from kg.core.ontology import Ontology
from kg.rdf.stores import RdflibStore, run_checks
from kg.devtools.synth import VIOLATION_KINDS, synthesize

BASE = base_iri()
#: The smallest documented size (about 10K triples).
SMALL = {"states": 10, "events": 250}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(folder: Path):
    return build(load(folder), Ontology(), BASE)


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology()


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "small"
    synthesize(out, **SMALL, seed=11)
    return out


@pytest.fixture(scope="module")
def small_built(small, onto):
    return build(load(small), onto, BASE)


@pytest.fixture(scope="module")
def planted(tmp_path_factory, onto):
    """A corpus with one violation of each kind, built: (folder, manifest, built)."""
    out = tmp_path_factory.mktemp("synth") / "planted"
    summary = synthesize(out, states=4, events=60, seed=5, violations=1)
    manifest = json.loads((out / "violations.json").read_text(encoding="utf-8"))
    assert summary.violations == len(manifest["violations"]) == len(VIOLATION_KINDS)
    return out, manifest, build(load(out), onto, BASE)


# --- Determinism ----------------------------------------------------------------


def test_same_seed_gives_byte_identical_folders(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    sa = synthesize(a, states=5, events=120, seed=42, violations=1)
    sb = synthesize(b, states=5, events=120, seed=42, violations=1)
    assert sa == sb
    files = _files(a)
    assert files == _files(b)
    assert {"entities.yaml", "violations.json"} <= set(files)
    assert len([f for f in files if f.startswith("facts/")]) == sa.sources


def test_different_seed_gives_a_different_corpus(tmp_path):
    synthesize(tmp_path / "a", states=5, events=120, seed=1)
    synthesize(tmp_path / "b", states=5, events=120, seed=2)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a["entities.yaml"] != b["entities.yaml"]
    assert {k: v for k, v in a.items() if k != "violations.json"} != \
        {k: v for k, v in b.items() if k != "violations.json"}


def test_rewriting_a_synth_folder_replaces_it_and_other_folders_are_refused(tmp_path):
    out = tmp_path / "synth"
    synthesize(out, states=6, events=400, seed=3)
    synthesize(out, states=3, events=20, seed=3)  # fewer sources: the old ones must go
    fresh = tmp_path / "fresh"
    synthesize(fresh, states=3, events=20, seed=3)
    assert _files(out) == _files(fresh)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        synthesize(other, states=3, events=20, seed=3)


@pytest.mark.parametrize("kwargs", [{"states": 1, "events": 10}, {"states": 3, "events": 0},
                                    {"states": 3, "events": 10, "violations": -1}])
def test_arguments_out_of_range_are_refused(tmp_path, kwargs):
    with pytest.raises(ValueError):
        synthesize(tmp_path / "x", seed=1, **kwargs)


# --- The small (10K) corpus --------------------------------------------------------


def test_small_corpus_loads_builds_and_has_the_documented_size(small, small_built):
    summary = json.loads((small / "violations.json").read_text(encoding="utf-8"))
    assert summary["violations"] == []
    triples = len(small_built.union())
    assert 8_000 < triples < 16_000, triples
    counts = small_built.counts
    assert counts["State"] == SMALL["states"]
    for cls in ("DiplomaticRelationsEstablishment", "EmbassyOpening", "OfficialVisit", "DelegationVisit",
                "Reception", "Talks", "MemorandumOfUnderstanding", "AgreementSigning", "AidProvision",
                "Statement", "OfficeTerm", "Invitation"):
        assert counts.get(cls, 0) > 0, cls


def test_every_sentence_is_cited(small):
    corpus = load(small)
    for c in cov.as_dict(cov.coverage(corpus)):
        assert c["unaccounted"] == [] and c["cited"] == c["sentences"], c["source"]


def test_arabic_text_uses_arabic_indic_digits(small):
    for path in sorted((small / "sources").glob("*.ar.txt")):
        text = path.read_text(encoding="utf-8")
        assert not any(ch.isascii() and ch.isdigit() for ch in text), path.name
        assert "الدولة" in text and "(البند ١)." in text


def test_dates_relative_qualified_and_ambiguous_quotes_occur(small):
    facts = "".join(p.read_text(encoding="utf-8") for p in sorted((small / "facts").glob("*.yaml")))
    assert "date: {after: " in facts
    assert "qualifier: " in facts
    assert "occurrence: " in facts
    assert "termStart: " in facts and "termEnd: " in facts
    assert "quotedWords: {ar: " in facts and "content: {ar: " in facts


@pytest.mark.skipif(not SHAPES_FILE.is_file(), reason="ontology/shapes.ttl not written yet")
def test_small_corpus_conforms_to_the_shapes(small_built):
    from kg.pipeline.validate import read_shapes, validate

    report = validate(small_built.union(), read_shapes(), dataset=small_built.dataset)
    assert report.conforms, "\n".join(report.lines()[:20])


def test_checks_return_no_rows_on_the_small_corpus(small_built):
    results = run_checks(RdflibStore(small_built.dataset))
    assert results and {name: r.rows for name, r in results.items() if r.rows} == {}


# --- Planted violations --------------------------------------------------------------


def test_planted_violations_still_load_and_build(planted):
    out, manifest, built = planted
    assert [v["kind"] for v in manifest["violations"]] == list(VIOLATION_KINDS)
    for v in manifest["violations"]:
        path = out / v["file"]
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[v["line"] - 1] == f"  - id: {v['fact']}", v
        assert (URIRef(BASE + v["node"]), None, None) in built.union(), v


@pytest.mark.skipif(not SHAPES_FILE.is_file(), reason="ontology/shapes.ttl not written yet")
def test_each_planted_violation_is_reported(planted):
    from kg.pipeline.validate import read_shapes, validate

    out, manifest, built = planted
    report = validate(built.union(), read_shapes(), dataset=built.dataset)
    assert not report.conforms
    for v in manifest["violations"]:
        focus = BASE + v["node"]
        where = f"{out.name}/{v['file']}"
        hits = [r for r in report.results if r.focus == focus]
        assert hits, f"{v['kind']}: no result on {focus}\n" + "\n".join(report.lines())
        assert any(r.source is not None and (r.source.file, r.source.line) == (where, v["line"]) for r in hits), \
            (v, [str(r.source) for r in hits])
    planted_nodes = {BASE + v["node"] for v in manifest["violations"]}
    assert {r.focus for r in report.results} == planted_nodes, "\n".join(report.lines())


def test_kg_synth_command(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path / "corpus"
    result = CliRunner().invoke(main, ["synth", "--states", "3", "--events", "20", "--seed", "4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out}/: 3 states, ")
    assert (out / "entities.yaml").is_file()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["synth", "--out", str(foreign)])
    assert result.exit_code == 2
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_files_follow_the_one_facts_format(small):
    """Synthetic facts files and registry keep the keys and field order of :mod:`kg.pipeline.facts_format`."""
    import yaml

    from kg.pipeline import facts_format as ff

    def props(rec: dict) -> list:
        return [(k, v) for k, v in rec.items() if k not in ff.RESERVED]

    for path in sorted((small / "facts").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(doc) == [ff.SOURCE, ff.FACTS, ff.UNCOVERED]
        for rec in doc[ff.FACTS]:
            expected = ff.fact_fields(rec[ff.ID], type=rec.get(ff.TYPE), resource=rec.get(ff.RESOURCE),
                                      quote=rec.get(ff.QUOTE), props=props(rec), date=rec.get(ff.DATE),
                                      label=rec.get(ff.LABEL), note=rec.get(ff.NOTE))
            assert list(rec.items()) == expected, rec[ff.ID]
    registry = yaml.safe_load((small / "entities.yaml").read_text(encoding="utf-8"))
    assert list(registry) == [ff.ENTITIES]
    for rec in registry[ff.ENTITIES]:
        assert list(rec.items()) == ff.entity_fields(rec[ff.ID], type=rec[ff.TYPE], label=rec[ff.LABEL],
                                                     props=props(rec))
