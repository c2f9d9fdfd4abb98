"""kg.pipeline.write: every RDF file of a build re-parses into what was built; writes are atomic."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.pipeline.build import build
from kg.core.config import base_iri
from kg.pipeline.load import load
from kg.core.ontology import Ontology
from kg.pipeline.write import write_all

from conftest import DATA


@pytest.fixture(scope="module")
def built():
    return build(load(DATA), Ontology(), base_iri())


def _assert_isomorphic(expected: Graph, actual: Graph, what: str) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"{what}: not isomorphic; only built: {sorted(only_expected)[:3]}; "
                    f"only parsed: {sorted(only_actual)[:3]}")


@pytest.mark.parametrize("name, fmt", [("kg.trig", "trig"), ("kg.nq", "nquads")])
def test_dataset_files_reparse_graph_by_graph(built, build_dir, name, fmt):
    parsed = Dataset()
    parsed.parse(build_dir / name, format=fmt)
    names = {g.identifier for g in built.dataset.graphs() if len(g)}
    assert names == {g.identifier for g in parsed.graphs() if len(g)}
    for g in built.dataset.graphs():
        if len(g):
            _assert_isomorphic(g, parsed.graph(g.identifier), f"{name} graph {g.identifier}")


@pytest.mark.parametrize("name, fmt", [("kg.ttl", "turtle"), ("kg.jsonld", "json-ld")])
def test_union_files_reparse(built, build_dir, name, fmt):
    _assert_isomorphic(built.union(), Graph().parse(build_dir / name, format=fmt), name)


def test_write_all_replaces_and_leaves_no_staging(tmp_path):
    (tmp_path / "a").write_bytes(b"old")
    write_all(tmp_path, {"a": b"new", "b": b"b"})
    assert (tmp_path / "a").read_bytes() == b"new" and (tmp_path / "b").read_bytes() == b"b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]
