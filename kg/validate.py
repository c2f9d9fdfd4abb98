"""Stage 3, validate: SHACL shapes over the union of the dataset, with pySHACL.

pySHACL (https://github.com/RDFLib/pySHACL) is the reference validator. Its
result graph is read into a typed :class:`ValidationReport`, never parsed from
text; each result is traced back to the curated file and line it came from
through the provenance the build records (``bkg:curatedIn``,
``bkg:curatedAtLine``, ``bkg:primaryTopic``).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from kg.config import BKG, BKG_NS, SHAPES_FILE
from kg.errors import DataError, KGError, Location, OntologyError

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
    for prefix, ns in (("bkg:", BKG_NS), ("shapes:", "https://w3id.org/bilateral-kg/shapes#")):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return f"<{iri}>"


def load_shapes(path: Path = SHAPES_FILE) -> Graph:
    """Parse the shapes graph; a broken file is the project's fault (:class:`OntologyError`)."""
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except FileNotFoundError:
        raise OntologyError(str(path), "shapes file not found") from None
    except Exception as exc:  # rdflib's parsers raise several types
        raise OntologyError(str(path), f"shapes do not parse: {' '.join(str(exc).split())[:200]}") from None
    return g


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


def validate(data: Graph, shapes: Graph | None = None, dataset: Dataset | None = None) -> ValidationReport:
    """Validate ``data`` (the union of all graphs, ontology included) against ``shapes``.

    ``dataset``, when given, lets each result be traced to the fact graph that
    holds the offending triple.
    """
    from pyshacl import validate as shacl_validate

    shapes = shapes if shapes is not None else load_shapes()
    with _parsed_once():
        conforms, report_graph, _ = shacl_validate(
            data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
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
            source=locate(data, focus, path, value, dataset),
        ))
    results.sort(key=lambda r: (r.source.file if r.source else "~", r.source.line or 0 if r.source else 0,
                                r.focus, r.path or "", r.shape, r.message, r.value or ""))
    return ValidationReport(bool(conforms), tuple(results))


def _show(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.n3()
    return str(value)


def _origin(g: Graph, node) -> Location | None:
    file, line = g.value(node, BKG.curatedIn), g.value(node, BKG.curatedAtLine)
    if file is None:
        return None
    return Location(str(file), int(line) if line is not None else None)


def locate(g: Graph, focus, path=None, value=None, dataset: Dataset | None = None) -> Location | None:
    """The curated record (file and line) that a focus node, path and value come from."""
    if dataset is not None and path is not None and isinstance(path, URIRef):
        pattern = (focus, path, value if value is not None else None)
        for _, _, _, ctx in sorted(dataset.quads(pattern), key=lambda q: str(q[3])):
            if (where := _origin(g, ctx)) is not None:
                return where
    facts = sorted(filter(None, (_origin(g, f) for f in g.subjects(BKG.primaryTopic, focus))),
                   key=lambda loc: (loc.file, loc.line or 0))
    if facts:
        return facts[0]
    if (where := _origin(g, focus)) is not None:
        return where
    if isinstance(focus, URIRef) and "#" in focus:
        return locate(g, URIRef(focus.split("#", 1)[0]))
    return None


def read_rdf(path: Path) -> tuple[Graph, Dataset]:
    """Read any RDF file for ``kg validate``: the union graph and the dataset it came from."""
    from rdflib.util import guess_format

    fmt = guess_format(str(path)) or "turtle"
    ds = Dataset(default_union=True)
    try:
        ds.parse(path, format=fmt)
    except FileNotFoundError:
        raise DataError(str(path), "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataError(str(path), f"not UTF-8 at byte {exc.start}") from None
    except Exception as exc:  # rdflib parsers raise several exception types
        text = " ".join(str(exc).split())
        raise DataError(str(path), f"does not parse as {fmt}: {text[:200]}") from None
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union, ds
