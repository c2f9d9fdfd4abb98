"""kg load --gsp against a real Oxigraph server: named graphs kept, replaced not duplicated, stale graphs dropped."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.publish.gsp import upload
from kg.rdf.serialise import triples_by_graph
from kg.rdf.stores import RemoteStore

pytestmark = pytest.mark.integration

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(endpoint: str) -> int:
    return int(RemoteStore(endpoint).select(COUNT).rows[0][0])


def _graphs(endpoint: str) -> set[str]:
    return {str(row[0]) for row in RemoteStore(endpoint).select(GRAPHS).rows}


def test_load_twice_replaces_and_keeps_graphs(oxigraph_server, build_dir):
    quads = (build_dir / "kg.nq").read_text(encoding="utf-8").count("\n")
    graphs = set(triples_by_graph((build_dir / "kg.nq").read_bytes()))
    for _ in range(2):
        result = CliRunner().invoke(main, ["load", "--gsp", oxigraph_server["store"], "--build-dir", str(build_dir)])
        assert result.exit_code == 0, result.output
        assert f"Loaded {quads} quads in {len(graphs)} named graphs" in result.output
        assert _count(oxigraph_server["query"]) == quads
        assert _graphs(oxigraph_server["query"]) == graphs


def test_graphs_gone_from_the_build_are_dropped(oxigraph_server, build_dir, tmp_path):
    text = (build_dir / "kg.nq").read_text(encoding="utf-8")
    victim = "https://w3id.org/bilateral-kg/fact/september-11-attacks"
    smaller = tmp_path / "kg.nq"
    smaller.write_text("".join(l + "\n" for l in text.splitlines() if not l.endswith(f"<{victim}> .")),
                       encoding="utf-8")
    upload(oxigraph_server["store"], build_dir / "kg.nq", "urn:manifest")
    assert victim in _graphs(oxigraph_server["query"])
    upload(oxigraph_server["store"], smaller, "urn:manifest")
    assert victim not in _graphs(oxigraph_server["query"])
    upload(oxigraph_server["store"], build_dir / "kg.nq", "urn:manifest")


def test_store_down_is_exit_3(tmp_path, build_dir):
    from conftest import _free_port

    url = f"http://127.0.0.1:{_free_port()}/store"
    result = CliRunner().invoke(main, ["load", "--gsp", url, "--build-dir", str(build_dir)])
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith(f"kg: error: graph store {url}: cannot connect")
