"""Every competency question gives the same full result set on the three stores.

pyoxigraph (embedded, the default), rdflib (embedded) and a real Oxigraph server
loaded with ``kg load --gsp`` and queried through SPARQLWrapper.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.core.config import base_iri
from kg.rdf.sparql import read_query, resolve_params
from kg.rdf.stores import OxigraphStore, RdflibStore, RemoteStore, run

from conftest import ROOT

QUERIES = sorted((ROOT / "queries").glob("*.rq")) + sorted((ROOT / "queries" / "checks").glob("*.rq"))

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stores(build_dir, oxigraph_server):
    result = CliRunner().invoke(main, ["load", "--gsp", oxigraph_server["store"], "--build-dir", str(build_dir)])
    assert result.exit_code == 0, result.output
    return {
        "rdflib": RdflibStore.from_file(build_dir / "kg.trig"),
        "oxigraph": OxigraphStore.from_file(build_dir / "kg.nq"),
        "remote": RemoteStore(oxigraph_server["query"]),
    }


def _normal(result):
    """Rows as a multiset; numbers compared by value (servers may widen integer types)."""
    def term(t):
        if t is not None and hasattr(t, "datatype") and t.datatype is not None and \
                str(t.datatype).endswith(("#integer", "#long", "#int", "#decimal")):
            return ("number", str(t.toPython()))
        return t
    return Counter(tuple(term(t) for t in row) for row in result.rows)


def test_there_are_queries():
    assert len(QUERIES) >= 4


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_same_results_on_every_store(stores, path: Path):
    q = read_query(path)
    bindings = resolve_params(q, {}, base_iri())
    results = {name: run(store, q, bindings) for name, store in stores.items()}
    assert results["rdflib"].vars == results["oxigraph"].vars == results["remote"].vars
    expected = _normal(results["rdflib"])
    assert _normal(results["oxigraph"]) == expected
    assert _normal(results["remote"]) == expected
