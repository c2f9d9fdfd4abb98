"""The SHACL shapes (ontology/shapes.ttl), tested as data.

Each file ``tests/shapes/<ShapeLocalName>-NNN.ttl`` holds a little data and a
manifest node::

    test:case a test:ShapeTest ;
        test:shape shapes:VisitShape ;   # expected sh:sourceShape
        test:focus event:x ;             # expected sh:focusNode
        rdfs:comment "..." .

The manifest is removed, the rest validated: the data must not conform and
the (shape, focus) pair must be among the results. The "named by an IRI"
checks use a blank node as focus (``test:focus _:x`` names the data's ``_:x``).

Files in ``tests/shapes/conforming/`` carry ``test:ConformingTest`` manifests:
the shape must NOT report the focus (no false positives on edge cases such as
leap years or dates of mixed precision).

Every shape of shapes.ttl must be named by at least one failing fixture; value
shapes (used only inside sh:or, sh:not, sh:node or sh:qualifiedValueShape) are
covered through the shapes that use them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.core.config import SHAPES
from kg.pipeline.validate import Shapes, read_shapes, validate

FIXTURES = Path(__file__).parent / "shapes"
TEST = Namespace("https://w3id.org/bilateral-kg/tests#")
FAILING = sorted(FIXTURES.glob("*.ttl"))
CONFORMING = sorted((FIXTURES / "conforming").glob("*.ttl"))

#: Predicates through which a shape uses another as a value shape.
_VALUE_SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)
_VALUE_SHAPE_LINKS = (SH["not"], SH.node, SH.qualifiedValueShape)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    return read_shapes()


@pytest.fixture(scope="module")
def shapes_graph(shapes: Shapes) -> Graph:
    return shapes.graph


def _load_case(path: Path, kind: URIRef) -> tuple[Graph, URIRef, object]:
    """The fixture's data (manifest removed), the expected shape and focus."""
    g = Graph()
    g.parse(path, format="turtle")
    cases = list(g.subjects(RDF.type, TEST.ShapeTest)) + list(g.subjects(RDF.type, TEST.ConformingTest))
    assert len(cases) == 1, f"{path.name}: expected one manifest node, found {len(cases)}"
    case = cases[0]
    assert (case, RDF.type, kind) in g, f"{path.name}: manifest is not a {kind}"
    shape, focus = g.value(case, TEST.shape), g.value(case, TEST.focus)
    assert isinstance(shape, URIRef) and focus is not None, f"{path.name}: manifest needs test:shape and test:focus"
    assert path.stem.rsplit("-", 1)[0] == shape.removeprefix(str(SHAPES)), \
        f"{path.name}: file name does not match test:shape {shape}"
    for triple in list(g.triples((case, None, None))):
        g.remove(triple)
    assert not any(str(p).startswith(str(TEST)) or str(o).startswith(str(TEST))
                   for _, p, o in g), f"{path.name}: test: triples left after removing the manifest"
    return g, shape, focus


def _matches(result, shape: URIRef, focus) -> bool:
    # pySHACL validates the fixture graph itself, so a blank node keeps its id.
    return result.shape == str(shape) and result.focus == str(focus)


@pytest.mark.parametrize("path", FAILING, ids=[p.name for p in FAILING])
def test_fixture_is_reported(path: Path, shapes: Shapes) -> None:
    data, shape, focus = _load_case(path, TEST.ShapeTest)
    report = validate(data, shapes)
    assert not report.conforms, f"{path.name}: the data conforms"
    assert any(_matches(r, shape, focus) for r in report.results), (
        f"{path.name}: no result from {shape} on {focus}; got:\n" + "\n".join(report.lines()))


@pytest.mark.parametrize("path", CONFORMING, ids=[p.name for p in CONFORMING])
def test_conforming_case_is_not_reported(path: Path, shapes: Shapes) -> None:
    data, shape, focus = _load_case(path, TEST.ConformingTest)
    report = validate(data, shapes)
    wrong = [r for r in report.results if _matches(r, shape, focus)]
    assert not wrong, f"{path.name}: {shape} reports {focus}:\n" + "\n".join(report.lines())


def _shape_iris(g: Graph) -> set[URIRef]:
    found = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    found |= set(g.subjects(SH.sparql, None))
    found |= set(g.objects(None, SH.property))
    return {s for s in found if isinstance(s, URIRef)}


def _value_shape_users(g: Graph) -> dict[URIRef, set[URIRef]]:
    """Value shape -> the shapes that use it inside sh:or, sh:not, sh:node..."""
    users: dict[URIRef, set[URIRef]] = {}
    for pred in _VALUE_SHAPE_LISTS:
        for user, head in g.subject_objects(pred):
            for member in Collection(g, head):
                users.setdefault(member, set()).add(user)
    for pred in _VALUE_SHAPE_LINKS:
        for user, member in g.subject_objects(pred):
            users.setdefault(member, set()).add(user)
    return users


def test_every_shape_has_a_fixture(shapes_graph: Graph) -> None:
    named = set()
    for path in FAILING:
        g = Graph()
        g.parse(path, format="turtle")
        named |= {o for o in g.objects(None, TEST.shape)}
    users = _value_shape_users(shapes_graph)

    def covered(shape: URIRef, seen: frozenset = frozenset()) -> bool:
        if shape in named:
            return True
        if any(True for p in _TARGETS if (shape, p, None) in shapes_graph):
            return False  # a shape with targets is checked on its own
        return any(covered(u, seen | {shape}) for u in users.get(shape, ()) if u not in seen)

    missing = sorted(s.removeprefix(str(SHAPES)) for s in _shape_iris(shapes_graph) if not covered(s))
    assert not missing, f"shapes without a failing fixture: {', '.join(missing)}"
    unknown = sorted(str(s) for s in named if s not in _shape_iris(shapes_graph))
    assert not unknown, f"fixtures name shapes that do not exist: {', '.join(unknown)}"


def test_every_shape_is_named_and_described(shapes_graph: Graph) -> None:
    bare = []
    for s in _shape_iris(shapes_graph):
        for prop in (SH.name, SH.description):
            if not any(isinstance(o, Literal) and o.language == "en" for o in shapes_graph.objects(s, prop)):
                bare.append(f"{s.removeprefix(str(SHAPES))} ({prop.removeprefix(str(SH))})")
    assert not bare, f"shapes without an English sh:name or sh:description: {', '.join(sorted(bare))}"


def test_no_blank_node_shapes(shapes_graph: Graph) -> None:
    blank = [s for s in set(shapes_graph.subjects(RDF.type, SH.NodeShape)) | set(shapes_graph.subjects(RDF.type, SH.PropertyShape))
             | set(shapes_graph.objects(None, SH.property)) | set(shapes_graph.subjects(SH.sparql, None))
             if isinstance(s, BNode)]
    assert not blank, f"{len(blank)} shape(s) without an IRI"


def test_curated_data_conforms(shapes: Shapes) -> None:
    from kg.pipeline.build import build
    from kg.core.config import ROOT, base_iri
    from kg.pipeline.load import load
    from kg.core.ontology import Ontology

    built = build(load(ROOT / "data"), Ontology(), base_iri())
    report = validate(built.union(), shapes, dataset=built.dataset)
    assert report.conforms, "the curated data does not conform:\n" + "\n".join(report.lines())
