"""Stage 3, validate: SHACL shapes over the union of the dataset.

Two engines give the same results (the tests hold them to it, result by
result):

* ``pyshacl``: pySHACL (https://github.com/RDFLib/pySHACL) on an rdflib
  graph, the reference. Its result graph is read into a typed
  :class:`ValidationReport`, never parsed from text.
* ``oxigraph``: the shapes compiled to SPARQL and run on a pyoxigraph store
  (:mod:`kg.rdf.shacl`), for large graphs: about 40 times faster at 100K triples.

``auto`` (the default of ``kg build`` and ``kg validate``) is ``oxigraph``
unless the shapes use something :mod:`kg.rdf.shacl` does not compile; then it is
``pyshacl``. Each result is traced back to the curated file and line it came
from through the provenance the build records (``bkg:curatedIn``,
``bkg:curatedAtLine``, ``bkg:primaryTopic``).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from kg.core.config import BKG, SHAPES, SHAPES_FILE
from kg.core.errors import DataError, KGError, Location, OntologyError
from kg.core.inputs import check_input, check_project_file
from kg.core.namespace import VOCABULARIES
from kg.rdf.datasets import union_graph
from kg.rdf.shacl.compile import CompiledShapes
from kg.rdf.terms import lexical, to_oxigraph, to_rdflib

SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``: what failed, where, and which curated record to fix."""

    focus: str
    path: str | None
    severity: str
    message: str
    shape: str
    value: str | None
    source: Location | None
    component: str = ""  # local name of the sh:*ConstraintComponent

    def as_dict(self) -> dict:
        d = asdict(self)
        d["source"] = {"file": self.source.file, "line": self.source.line} if self.source else None
        return d


class ViolationsFound(KGError):
    """Raised by :meth:`ValidationReport.raise_for_results` when the data does not conform."""

    exit_code = 1


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: tuple[ValidationResult, ...]
    engine: str = "pyshacl"  # the engine that produced it

    def raise_for_results(self) -> None:
        if not self.conforms:
            raise ViolationsFound(f"{len(self.results)} SHACL result(s); the data does not conform")

    def to_json(self) -> str:
        """``{"conforms": bool, "results": [{focus, path, severity, message, shape, source}]}``."""
        return json.dumps({"conforms": self.conforms,
                           "results": [r.as_dict() for r in self.results]},
                          ensure_ascii=False, indent=2, sort_keys=True)

    def lines(self) -> list[str]:
        """A readable report, one line per result."""
        out = []
        for r in self.results:
            where = f"{r.source}: " if r.source else ""
            path = f" {_short(r.path)}" if r.path else ""
            value = f" (value {r.value})" if r.value else ""
            out.append(f"{where}{r.severity}: <{r.focus}>{path}: {r.message}{value} [{_short(r.shape)}]")
        return out


def _short(iri: str) -> str:
    for prefix, ns in (("bkg:", VOCABULARIES["bkg"]), ("shapes:", str(SHAPES))):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return f"<{iri}>"


@dataclass(frozen=True)
class Shapes:
    """The shapes of one run, parsed once and compiled once (:func:`read_shapes`).

    ``compiled`` is None when the shapes use something :mod:`kg.rdf.shacl` does
    not compile (``unsupported`` says what); then only pySHACL can run them.
    """

    graph: Graph
    compiled: CompiledShapes | None
    unsupported: str = ""

    @property
    def derived_predicates(self) -> list[str]:
        """Predicates whose integer types Oxigraph does not keep (see :class:`kg.rdf.shacl.integers.DerivedIntegers`)."""
        return self.compiled.derived_predicates if self.compiled is not None else []


def read_shapes(path: Path = SHAPES_FILE) -> Shapes:
    """Parse and compile the shapes; a broken file is the project's fault (:class:`OntologyError`)."""
    from kg.rdf.shacl.model import Unsupported

    g = Graph()
    check_project_file(path, "shapes")
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib's parsers raise several types
        raise OntologyError(str(path), f"shapes do not parse: {' '.join(str(exc).split())[:200]}") from None
    if not (any((None, RDF.type, t) in g for t in (SH.NodeShape, SH.PropertyShape))
            or any((None, p, None) in g for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
                                                  SH.targetObjectsOf, SH.path))):
        # an empty file would validate nothing, and every build would "conform"
        raise OntologyError(str(path), "no shapes: a shapes file needs at least one shape (a sh:NodeShape, "
                                       "a sh:PropertyShape, or a target)")
    try:
        compiled = CompiledShapes(g)
        compiled.queries()
    except Unsupported as exc:
        return Shapes(g, None, str(exc))
    return Shapes(g, compiled)


@contextmanager
def _parsed_once():
    """Parse each SPARQL text once while pySHACL runs.

    pySHACL runs a SHACL-SPARQL constraint as the same query text for every
    focus node, with ``$this`` given as an initial binding; rdflib parses and
    translates the text on every call, which took most of the validation time
    (about 40 ms a call). Within this context, rdflib's SPARQL processor keeps
    the translated query for a text and evaluates that, exactly as
    ``prepareQuery`` does; what is evaluated, and so every result, is unchanged.
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


def validate(data: Graph, shapes: Shapes | None = None, dataset: Dataset | None = None,
             locator: "Locator | None" = None) -> ValidationReport:
    """Validate ``data`` (the union of all graphs, ontology included) against ``shapes`` with pySHACL.

    Each result is traced to its curated record by ``locator`` (the build
    passes the one of its Oxigraph store); without one, a :class:`Locator` is
    made from ``dataset`` (which then lets a result be traced to the fact graph
    holding the offending triple) or else from ``data``.
    """
    from pyshacl import validate as shacl_validate

    shapes = shapes if shapes is not None else read_shapes()
    with _parsed_once():
        conforms, report_graph, _ = shacl_validate(
            data, shacl_graph=shapes.graph, inference="none", advanced=True, allow_warnings=True)
    locator = locator if locator is not None else Locator.of(dataset if dataset is not None else data)
    results = []
    for res in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(res, SH.focusNode)
        path = report_graph.value(res, SH.resultPath)
        value = report_graph.value(res, SH.value)
        message = report_graph.value(res, SH.resultMessage)
        results.append(ValidationResult(
            focus=str(focus),
            path=str(path) if isinstance(path, URIRef) else None,
            severity=SEVERITY.get(report_graph.value(res, SH.resultSeverity), "Violation"),
            message=str(message) if message is not None else "",
            shape=str(report_graph.value(res, SH.sourceShape)),
            value=_show(value),
            source=locator.rdflib(focus, path, value),
            component=str(report_graph.value(res, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
        ))
    return ValidationReport(bool(conforms), _sorted(results), "pyshacl")


def _sorted(results: list[ValidationResult]) -> tuple[ValidationResult, ...]:
    return tuple(sorted(results, key=lambda r: (
        r.source.file if r.source else "~", r.source.line or 0 if r.source else 0,
        r.focus, r.path or "", r.shape, r.component, r.message, r.value or "")))


def _show(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.n3()
    return str(value)


ENGINES = ("auto", "oxigraph", "pyshacl")

#: Messages of results whose shape gives none (pySHACL words them its own way).
_DEFAULT_MESSAGES = {
    "MinCountConstraintComponent": "too few values", "MaxCountConstraintComponent": "too many values",
    "QualifiedMinCountConstraintComponent": "too few values conform to the qualified value shape",
    "QualifiedMaxCountConstraintComponent": "too many values conform to the qualified value shape",
    "NodeKindConstraintComponent": "value is not of the required node kind",
    "DatatypeConstraintComponent": "value is not a literal of the required datatype",
    "ClassConstraintComponent": "value is not an instance of the required class",
    "InConstraintComponent": "value is not one of the allowed values",
    "LanguageInConstraintComponent": "value is not in an allowed language",
    "UniqueLangConstraintComponent": "more than one value in the same language",
    "OrConstraintComponent": "value conforms to none of the alternative shapes",
}


def validate_store(store, shapes: Shapes | None = None, *, nquads: bytes | None = None, engine: str = "auto",
                   union=None, only=None, stage=None, keep: dict | None = None,
                   integers=None) -> ValidationReport:
    """Validate the union of a pyoxigraph ``store``'s graphs.

    :param nquads: the N-Quads the store was loaded from: the oxigraph engine
        reads from it how integers were typed (Oxigraph stores every integer
        type as ``xsd:integer``, see :mod:`kg.rdf.shacl`), and pySHACL its union graph.
    :param engine: ``auto``, ``oxigraph`` or ``pyshacl``.
    :param union: a function returning the rdflib union graph for pySHACL
        (default: :func:`kg.rdf.datasets.union_graph` of ``nquads``).
    :param only: focus nodes to limit the oxigraph engine to.
    :param stage: a :class:`kg.core.progress.Stage` advanced once per query.
    :param integers: a :class:`kg.rdf.shacl.integers.DerivedIntegers` already read (instead of ``nquads``).
    :param keep: when given, the oxigraph engine leaves its raw findings, integer
        types and compiled shapes in it (the incremental cache keeps them).
    """
    from kg.rdf.shacl.integers import DerivedIntegers

    if engine not in ENGINES:
        raise ValueError(f"engine: one of {', '.join(ENGINES)}")
    shapes = shapes if shapes is not None else read_shapes()
    compiled = shapes.compiled if engine in ("auto", "oxigraph") else None
    if engine == "oxigraph" and compiled is None:
        raise OntologyError("shapes", f"the oxigraph engine cannot run these shapes: {shapes.unsupported}")
    if compiled is None:
        if union is None and nquads is None:
            raise ValueError("the pyshacl engine needs the union graph or the N-Quads")
        data = union() if union is not None else union_graph(nquads)
        return validate(data, shapes, locator=Locator(store))
    if integers is None:
        integers = DerivedIntegers.from_nquads(nquads or b"", compiled.derived_predicates)
    findings = compiled.run(store, only=only, integers=integers, stage=stage)
    if keep is not None:
        keep.update(findings=findings, integers=integers, compiled=compiled)
    return findings_to_report(findings, store)


def findings_to_report(findings, store) -> ValidationReport:
    """The :class:`ValidationReport` of :class:`kg.rdf.shacl.model.Finding` objects, each located in ``store``."""
    where = Locator(store)
    results = []
    for f in findings:
        path = str(f.path) if f.path is not None else None
        results.append(ValidationResult(
            focus=lexical(f.focus), path=path, severity=SEVERITY.get(f.severity, "Violation"),
            message=f.message if f.message is not None else _DEFAULT_MESSAGES.get(f.component, f.component),
            shape=str(f.shape), value=_show(to_rdflib(f.value)), source=where(f.focus, f.path, f.value),
            component=f.component))
    conforms = not any(r.severity == "Violation" for r in results)  # warnings allowed, as with pySHACL
    return ValidationReport(conforms, _sorted(results), "oxigraph")


class Locator:
    """The curated record (file and line) a result comes from, read from the provenance in a pyoxigraph store.

    In order: the fact graph holding the offending triple (focus, path, value),
    else the earliest fact whose ``bkg:primaryTopic`` is the focus, else the
    focus's own ``bkg:curatedIn`` / ``bkg:curatedAtLine``, else the same for the
    IRI before a ``#`` (a node minted inside a record). Called with Oxigraph
    terms; :meth:`rdflib` takes rdflib terms (pySHACL's results).
    """

    def __init__(self, store):
        import pyoxigraph as ox

        self.store, self.ox_mod = store, ox
        self.curated_in, self.curated_at = ox.NamedNode(str(BKG.curatedIn)), ox.NamedNode(str(BKG.curatedAtLine))
        self.topic = ox.NamedNode(str(BKG.primaryTopic))

    @classmethod
    def of(cls, data: Graph | Dataset) -> "Locator":
        """A locator over an rdflib graph or dataset (copied into an in-memory pyoxigraph store)."""
        import pyoxigraph as ox

        store = ox.Store()
        quads = data.quads((None, None, None, None)) if isinstance(data, Dataset) else \
            ((s, p, o, None) for s, p, o in data)
        store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), _graph_name(c)) for s, p, o, c in quads)
        return cls(store)

    def _origin(self, node) -> Location | None:
        files = [q.object.value for q in self.store.quads_for_pattern(node, self.curated_in, None)]
        if not files:
            return None
        lines = [q.object.value for q in self.store.quads_for_pattern(node, self.curated_at, None)]
        return Location(min(files), int(min(lines, key=int)) if lines else None)

    def rdflib(self, focus, path=None, value=None) -> Location | None:
        """The same for rdflib terms (pySHACL's results)."""
        return self(to_oxigraph(focus), to_oxigraph(path) if isinstance(path, URIRef) else None,
                    to_oxigraph(value))

    def __call__(self, focus, path=None, value=None) -> Location | None:
        ox = self.ox_mod
        if focus is None or isinstance(focus, ox.Literal):
            return None
        if path is not None:
            path = ox.NamedNode(str(path)) if not isinstance(path, ox.NamedNode) else path
            graphs = sorted({q.graph_name.value for q in self.store.quads_for_pattern(focus, path, value)
                             if isinstance(q.graph_name, ox.NamedNode)})
            for g in graphs:
                if (where := self._origin(ox.NamedNode(g))) is not None:
                    return where
        facts = sorted(filter(None, (self._origin(q.subject) for q in self.store.quads_for_pattern(
            None, self.topic, focus))), key=lambda loc: (loc.file, loc.line or 0))
        if facts:
            return facts[0]
        if (where := self._origin(focus)) is not None:
            return where
        if isinstance(focus, ox.NamedNode) and "#" in focus.value:
            return self(ox.NamedNode(focus.value.split("#", 1)[0]))
        return None


def _graph_name(context):
    """The Oxigraph graph name of a graph in rdflib's quads (the default graph for rdflib's own)."""
    import pyoxigraph as ox
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    name = getattr(context, "identifier", context)
    return ox.NamedNode(str(name)) if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID \
        else ox.DefaultGraph()


def read_store(path: Path):
    """Read any RDF file into a pyoxigraph store for ``kg validate``: (store, N-Quads of it).

    The ontology is added when the file does not hold it.
    """
    import pyoxigraph as ox

    from kg.pipeline.build import stamp_version
    from kg.core.config import ONTOLOGY_FILE, ONTOLOGY_IRI

    check_input(Path(path), str(path), max_bytes=None)
    raw = Path(path).read_bytes()
    fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".") or "ttl") or ox.RdfFormat.TURTLE
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(str(path), f"not UTF-8 at byte {exc.start}") from None
    try:
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
            nquads = raw
        else:
            nquads = ox.serialize(ox.parse(raw, format=fmt, base_iri=Path(path).resolve().as_uri()),
                                  format=ox.RdfFormat.N_QUADS)
        store = ox.Store()
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    except SyntaxError as exc:
        text = " ".join(str(exc.msg if exc.msg else exc).split())
        raise DataError(Location(str(path), exc.lineno), f"does not parse as {fmt.name.lower()}: {text[:200]}") from None
    if not any(True for _ in store.quads_for_pattern(ox.NamedNode(ONTOLOGY_IRI), None, None)):
        g = Graph()
        g.parse(ONTOLOGY_FILE, format="turtle")
        stamp_version(g)
        extra = g.serialize(format="nt", encoding="utf-8")
        store.bulk_load(extra, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(ONTOLOGY_IRI))
        nquads = nquads + b"\n" + extra
    return store, nquads
