"""kg.rdf.shacl, the Oxigraph engine, agrees with pySHACL result by result.

Compared: focus node, result path, value, source shape, constraint component
and severity of every result, and the message wherever the shapes give one
(pySHACL words its default messages its own way). Blank nodes are compared
as blank nodes: rdflib relabels them when it writes the N-Triples the
Oxigraph engine reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.api import build_graph
from kg.rdf.shacl.compile import CompiledShapes
from kg.rdf.shacl.integers import DerivedIntegers
from kg.rdf.shacl.model import Unsupported
from kg.devtools.synth import synthesize
from kg.pipeline.validate import Shapes, ValidationReport, read_shapes, validate, validate_store

FIXTURES = Path(__file__).parent / "shapes"
CASES = sorted(FIXTURES.glob("*.ttl")) + sorted((FIXTURES / "conforming").glob("*.ttl"))
TEST_NS = "https://w3id.org/bilateral-kg/tests#"


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    return read_shapes()


def _key(report: ValidationReport, with_messages: set[str]) -> set[tuple]:
    def node(term):  # a blank node's label (no ":" in it, unlike an IRI or a shown literal)
        return "_:" if term is not None and ":" not in term else term

    return {(node(r.focus), r.path, node(r.value), r.shape, r.component, r.severity,
             r.message if r.shape in with_messages else None) for r in report.results}


def _shapes_with_messages(shapes: Shapes) -> set[str]:
    from rdflib.namespace import SH

    g = shapes.graph
    return {str(s) for s in g.subjects(SH.message, None)} | {
        str(s) for s, c in g.subject_objects(SH.sparql) if (c, SH.message, None) in g}


def _both(data: Graph, shapes: Shapes) -> tuple[ValidationReport, ValidationReport]:
    nquads = data.serialize(format="nt", encoding="utf-8")
    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_TRIPLES)
    fast = validate_store(store, shapes, nquads=nquads, engine="oxigraph")
    return validate(data, shapes), fast


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_fixture_results_agree(path: Path, shapes: Shapes) -> None:
    data = Graph().parse(path, format="turtle")
    for triple in list(data):
        if any(str(t).startswith(TEST_NS) for t in triple):
            data.remove(triple)
    reference, fast = _both(data, shapes)
    assert fast.engine == "oxigraph"
    assert reference.conforms == fast.conforms
    messages = _shapes_with_messages(shapes)
    assert _key(fast, messages) == _key(reference, messages)


def test_fixtures_do_report_something(shapes: Shapes) -> None:
    """The agreement above is not the agreement of two empty reports."""
    failing = [p for p in CASES if p.parent == FIXTURES]
    data = Graph().parse(failing[0], format="turtle")
    _, fast = _both(data, shapes)
    assert fast.results


def _build_both(data_dir: Path, out: Path) -> tuple[dict, dict]:
    reports = []
    for engine in ("pyshacl", "oxigraph"):
        outcome = build_graph(data_dir, out / engine, engine=engine)
        assert outcome.report.engine == engine
        reports.append(json.loads((outcome.written_to / "report.json").read_text(encoding="utf-8")))
    return reports[0], reports[1]


def _results(report: dict, messages: set[str]) -> set[tuple]:
    return {(r["focus"], r["path"], r["value"], r["shape"], r["component"], r["severity"],
             r["message"] if r["shape"] in messages else None,
             r["source"]["file"] if r["source"] else None, r["source"]["line"] if r["source"] else None)
            for r in report["validation"]["results"]}


def test_first_source_agrees(tmp_path: Path, shapes: Shapes) -> None:
    reference, fast = _build_both(Path("data"), tmp_path)
    assert reference["conforms"] and fast["conforms"]
    assert _results(fast, set()) == _results(reference, set()) == set()
    assert {k: v for k, v in fast.items() if k != "validation"} == \
        {k: v for k, v in reference.items() if k != "validation"}


def test_sample_with_planted_violations_agrees(tmp_path: Path, shapes: Shapes) -> None:
    """A 13K-triple synthetic corpus with two of each kind of planted violation."""
    data = tmp_path / "synth"
    synthesize(data, states=10, events=250, seed=3, violations=2)
    reference, fast = _build_both(data, tmp_path)
    messages = _shapes_with_messages(shapes)
    assert not fast["conforms"]
    assert _results(fast, messages) == _results(reference, messages)
    planted = json.loads((data / "violations.json").read_text(encoding="utf-8"))["violations"]
    found = {(r["source"]["file"], r["source"]["line"]) for r in fast["validation"]["results"]}
    assert {(f"synth/{v['file']}", v["line"]) for v in planted} == found


INTEGERS = """
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/bilateral-kg/fact/x#position> a oa:TextPositionSelector ;
    oa:start "5"^^xsd:integer ; oa:end "9"^^xsd:nonNegativeInteger .
<https://w3id.org/bilateral-kg/fact/y#position> a oa:TextPositionSelector ;
    oa:start "1"^^xsd:nonNegativeInteger ; oa:end "7"^^xsd:nonNegativeInteger .
"""
ILL_TYPED = """
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/bilateral-kg/fact/w#position> a oa:TextPositionSelector ;
    oa:start "-3"^^xsd:nonNegativeInteger ; oa:end "7"^^xsd:nonNegativeInteger .
"""
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def test_integer_datatypes_oxigraph_forgets(shapes: Shapes) -> None:
    """Oxigraph stores xsd:nonNegativeInteger as xsd:integer; the engine still tells them apart."""
    reference, fast = _both(Graph().parse(data=INTEGERS, format="turtle"), shapes)
    bad = {(r.focus, r.value) for r in fast.results if r.component == "DatatypeConstraintComponent"}
    assert bad == {("https://w3id.org/bilateral-kg/fact/x#position", f'"5"^^<{XSD_NS}integer>')}
    assert _key(fast, set()) == _key(reference, set())


def test_ill_typed_integer_is_a_datatype_violation(shapes: Shapes) -> None:
    """"-3" is no xsd:nonNegativeInteger, for both engines.

    Where they differ (the one known difference): pySHACL leaves an ill-typed
    literal out of sh:lessThan, Oxigraph compares its number (-3 < 7 holds, so
    here neither reports it).
    """
    reference, fast = _both(Graph().parse(data=ILL_TYPED, format="turtle"), shapes)
    assert _key(fast, set()) == _key(reference, set())
    assert {(r.value, r.component) for r in fast.results} == {
        (f'"-3"^^<{XSD_NS}nonNegativeInteger>', "DatatypeConstraintComponent")}


def test_only_limits_the_focus_nodes(shapes: Shapes) -> None:
    data = Graph().parse(data=INTEGERS, format="turtle")
    nquads = data.serialize(format="nt", encoding="utf-8")
    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_TRIPLES)
    compiled = shapes.compiled
    integers = DerivedIntegers.from_nquads(nquads, compiled.derived_predicates)
    everything = compiled.run(store, integers=integers)
    clean = compiled.run(store, only=[ox.NamedNode("https://w3id.org/bilateral-kg/fact/y#position")],
                         integers=integers)
    assert everything and not clean


def test_unsupported_shapes_fall_back_to_pyshacl(tmp_path: Path) -> None:
    (tmp_path / "shapes.ttl").write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:xone ( [ sh:class ex:D ] [ sh:class ex:E ] ) .""", encoding="utf-8")
    shapes = read_shapes(tmp_path / "shapes.ttl")
    with pytest.raises(Unsupported):
        CompiledShapes(shapes.graph).queries()
    assert shapes.compiled is None and "xone" in shapes.unsupported
    data = Graph().parse(data="@prefix ex: <http://example.org/> . ex:a a ex:C .", format="turtle")
    nquads = data.serialize(format="nt", encoding="utf-8")
    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_TRIPLES)
    report = validate_store(store, shapes, nquads=nquads, engine="auto", union=lambda: data)
    assert report.engine == "pyshacl" and not report.conforms
