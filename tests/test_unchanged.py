"""Every output of ``kg build`` and ``kg export`` is the one recorded before the package was restructured.

The hashes in ``tests/golden/outputs.json`` were recorded with
``python tests/golden/outputs.py record`` on the code before the move (issue
#13). Three deliberate exceptions:

* ``export/kg.nq`` is the build's own ``kg.nq``, byte for byte (one RDF
  writing stack), not a second serialisation;
* RDF/XML (``*.rdf``) may change bytes, but parses to a graph isomorphic to
  the recorded Turtle or N-Triples of the same content;
* blank nodes in CSV query results are written ``_:label`` (not a build or
  export output: ``tests/rdf/test_results.py`` covers it).

An intended change of an output re-records the hashes and says why in its commit.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

GOLDEN = Path(__file__).parent / "golden"
_spec = importlib.util.spec_from_file_location("golden_outputs", GOLDEN / "outputs.py")
outputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(outputs)

RECORDED = json.loads((GOLDEN / "outputs.json").read_text(encoding="utf-8"))
#: RDF/XML file -> the file of the same export holding the same graph in a hashed format.
RDFXML_TWINS = {"export/kg.rdf": "export/kg.nt", "export/ontology.rdf": "export/ontology.ttl",
                "export/shapes.rdf": "export/shapes.ttl"}


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("unchanged")
    outputs.outputs(work)
    return work


@pytest.mark.parametrize("corpus", sorted(RECORDED))
def test_outputs_are_the_recorded_ones(work, corpus):
    folder = work / ("synth-corpus" if corpus == "synth-corpus" else corpus)
    found = outputs._hashes(folder)
    assert sorted(found) == sorted(RECORDED[corpus]), "a file was added or lost"
    exceptions = {"export/kg.nq", *RDFXML_TWINS}
    changed = [name for name in found if name not in exceptions and found[name] != RECORDED[corpus][name]]
    assert not changed, f"{corpus}: these outputs changed: {changed}"


@pytest.mark.parametrize("corpus", ["seed", "synth"])
def test_exported_nquads_are_the_builds_own(work, corpus):
    built = work / corpus / ("kg.nq" if corpus == "seed" else "rejected/kg.nq")
    assert (work / corpus / "export" / "kg.nq").read_bytes() == built.read_bytes()


@pytest.mark.parametrize("corpus", ["seed", "synth"])
@pytest.mark.parametrize("rdfxml", sorted(RDFXML_TWINS))
def test_rdfxml_holds_the_same_graph(work, corpus, rdfxml):
    twin = RDFXML_TWINS[rdfxml]
    assert outputs._hashes(work / corpus)[twin] == RECORDED[corpus][twin]
    fmt = "nt" if twin.endswith(".nt") else "turtle"
    assert isomorphic(Graph().parse(work / corpus / rdfxml, format="xml"),
                      Graph().parse(work / corpus / twin, format=fmt))
