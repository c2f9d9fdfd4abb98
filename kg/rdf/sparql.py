"""Query files and their parameters: SPARQL read from files, values bound as RDF terms.

A query file in ``queries/`` opens with a comment::

    # Question: When were diplomatic relations between two given states established?
    # السؤال: متى أقيمت العلاقات الدبلوماسية بين دولتين؟
    # @param a = state:azerbaijan
    # @param b = state:kuwait
    # Row: one establishment of relations, with its date and precision.

Parameter values are written in Turtle term syntax (``<iri>``, ``prefix:name``,
``"text"@ar``, ``"1994-10-10"^^xsd:date``), parsed by rdflib's Turtle parser
into one RDF term, and reach the query as one ``VALUES`` block serialised by
rdflib and placed at the start of the ``WHERE`` clause: user text is never
formatted into the query. The same text runs on every store of :mod:`kg.rdf.stores`
(:func:`kg.rdf.stores.run`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from kg.core.config import QUERIES_DIR
from kg.core.errors import DataError, OntologyError, UsageError
from kg.core.inputs import check_input
from kg.core.namespace import prefixes

_PARAM = re.compile(r"^#\s*@param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass
class QueryFile:
    """A query read from a file, with its documented parameters."""

    name: str
    path: Path
    text: str
    params: dict[str, str] = field(default_factory=dict)  # name -> default, Turtle term syntax
    question: dict[str, str] = field(default_factory=dict)  # 'en'/'ar' -> the question
    row: str = ""


def find_query(name_or_path: str, queries_dir: Path = QUERIES_DIR) -> Path:
    """A query NAME (a file of ``queries/`` without ``.rq``) or a path to a ``.rq`` file."""
    path = Path(name_or_path)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise UsageError(f"{name_or_path}: query file not found")
        return path
    for candidate in (queries_dir / f"{name_or_path}.rq", queries_dir / "checks" / f"{name_or_path}.rq"):
        if candidate.is_file():
            return candidate
    known = ", ".join(sorted(p.stem for p in queries_dir.glob("*.rq")))
    raise UsageError(f"{name_or_path}: no such query in {queries_dir} (known: {known})")


def read_query(path: Path) -> QueryFile:
    """Read a query file and its header comment."""
    check_input(Path(path), str(path), max_bytes=None)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(str(path), f"not UTF-8 at byte {exc.start}") from None
    q = QueryFile(path.stem, path, text)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if m := _PARAM.match(line):
            q.params[m.group(1)] = m.group(2)
        elif m := re.match(r"^#\s*Question:\s*(.+)$", line):
            q.question["en"] = m.group(1).strip()
        elif m := re.match(r"^#\s*السؤال:\s*(.+)$", line):
            q.question["ar"] = m.group(1).strip()
        elif m := re.match(r"^#\s*Row:\s*(.+)$", line):
            q.row = m.group(1).strip()
    return q


def parse_term(value: str, base: str, where: str = "parameter") -> Node:
    """Parse one RDF term written in Turtle term syntax, with rdflib's Turtle parser.

    >>> parse_term('"Kuwait"@en', "https://w3id.org/bilateral-kg/")
    rdflib.term.Literal('Kuwait', lang='en')
    >>> parse_term("state:kuwait", "https://w3id.org/bilateral-kg/")
    rdflib.term.URIRef('https://w3id.org/bilateral-kg/state/kuwait')
    """
    subject, predicate = URIRef("urn:kg:s"), URIRef("urn:kg:p")
    doc = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in prefixes(base).items())
    doc += f"<urn:kg:s> <urn:kg:p>\n{value}\n."
    g = Graph()
    try:
        g.parse(data=doc, format="turtle")
    except Exception as exc:  # rdflib's Turtle parser raises BadSyntax and others
        raise UsageError(f"{where}: not one RDF term in Turtle syntax: {value!r}") from exc
    triples = list(g)
    if len(triples) != 1 or triples[0][0] != subject or triples[0][1] != predicate \
            or isinstance(triples[0][2], BNode):
        raise UsageError(f"{where}: not one RDF term in Turtle syntax: {value!r}")
    return triples[0][2]


def bind(text: str, bindings: dict[str, Node]) -> str:
    """Return ``text`` with one ``VALUES`` block, serialised by rdflib, opening its WHERE clause."""
    if not bindings:
        return text
    m = _WHERE.search(_strip_comments(text))
    if m is None:
        raise OntologyError("query", "a query with parameters needs a WHERE { ... } clause")
    names = sorted(bindings)
    block = ("\n  VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(bindings[n].n3() for n in names) + ") }\n")
    return text[: m.end()] + block + text[m.end():]


def _strip_comments(text: str) -> str:
    """Blank out comments (keeping offsets) so that WHERE is not found inside one."""
    return re.sub(r"(?m)#[^\n]*", lambda m: " " * len(m.group(0)), text)


def resolve_params(q: QueryFile, given: dict[str, str], base: str) -> dict[str, Node]:
    """Turn defaults and ``--param name=VALUE`` into RDF terms."""
    unknown = set(given) - set(q.params)
    if unknown:
        raise UsageError(f"{q.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                         f"it takes {', '.join(sorted(q.params)) or 'none'}")
    return {name: parse_term(given.get(name, default), base, f"--param {name}")
            for name, default in q.params.items()}


class QuerySyntaxError(Exception):
    """A store's parser refused the query; :func:`kg.rdf.stores.run` names the file, line and column."""

    def __init__(self, line: int | None, column: int | None, message: str, context: str | None = None):
        super().__init__(message)
        self.line, self.column, self.message, self.context = line, column, message, context


def check_syntax(text: str) -> None:
    """Parse with rdflib's SPARQL parser; raise :class:`QuerySyntaxError` with line and column."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as exc:
        raise QuerySyntaxError(exc.lineno, exc.col, exc.msg, exc.line.strip()) from None
