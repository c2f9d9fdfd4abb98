"""SELECT results and the one writer of SPARQL results: JSON, XML, CSV, TSV and the terminal table.

``kg query`` (through :data:`FORMATS` and :func:`to_table`) and the SPARQL
endpoint of ``kg serve`` (:mod:`kg.publish.web.sparql`) write with these
functions; the endpoint also caps the rows with :func:`take`. The formats are
the W3C's: https://www.w3.org/TR/sparql11-results-json/,
https://www.w3.org/TR/rdf-sparql-XMLres/ and
https://www.w3.org/TR/sparql11-results-csv-tsv/. In CSV an IRI or a literal
is its plain text and a blank node ``_:label``; in TSV every term is in
N-Triples syntax, as Oxigraph writes it (newlines and tabs escaped). A simple
literal is written without a datatype in every format, whether the store gave
it as ``xsd:string`` (Oxigraph) or untyped (rdflib): in RDF 1.1 they are the
same literal, so every store prints the same bytes.

Measured: the engines' own writers (pyoxigraph's ``QuerySolutions.serialize``,
rdflib's ``Result.serialize``) cannot give what ``kg query`` prints (JSON
indented by two spaces, rows from any of the three stores), hence one writer here.

>>> from rdflib import BNode, Literal, URIRef
>>> r = Result(["s", "label"], [(URIRef("https://w3id.org/bilateral-kg/state/kuwait"), Literal("الكويت", lang="ar")),
...                             (BNode("b0"), None)])
>>> to_csv(r).splitlines()
['s,label', 'https://w3id.org/bilateral-kg/state/kuwait,الكويت', '_:b0,']
>>> to_tsv(r).splitlines()[1:]
['<https://w3id.org/bilateral-kg/state/kuwait>\\t"الكويت"@ar', '_:b0\\t']
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar
from xml.sax.saxutils import escape, quoteattr

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from kg.core.namespace import prefixes
from kg.rdf.terms import to_oxigraph

T = TypeVar("T")


@dataclass
class Result:
    """A SELECT result: variable names and rows of rdflib terms (None where unbound)."""

    vars: list[str]
    rows: list[tuple[Node | None, ...]]

    def as_set(self) -> set[tuple]:
        return set(self.rows)


def take(items: Iterable[T], cap: int) -> tuple[list[T], bool]:
    """The first ``cap`` items, and whether there were more (the endpoint's row cap).

    >>> take(iter("abc"), 2)
    (['a', 'b'], True)
    """
    out: list[T] = []
    for item in items:
        if len(out) >= cap:
            return out, True
        out.append(item)
    return out, False


# --- reading ---------------------------------------------------------------------------------


def from_json_term(b: dict | None) -> Node | None:
    """One binding of SPARQL JSON results as an rdflib term (None when unbound)."""
    if b is None:
        return None
    kind = b.get("type")
    if kind == "uri":
        return URIRef(b["value"])
    if kind == "bnode":
        return BNode(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], lang=b["xml:lang"])
    if "datatype" in b:
        return Literal(b["value"], datatype=URIRef(b["datatype"]))
    return Literal(b["value"])


# --- writing -----------------------------------------------------------------------------------


def _json_term(t: Node) -> dict:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    d = {"type": "literal", "value": str(t)}
    if isinstance(t, Literal):
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype and t.datatype != XSD.string:
            d["datatype"] = str(t.datatype)
    return d


def to_json(result: Result, indent: int | None = 2) -> str:
    """W3C SPARQL 1.1 Query Results JSON Format (``indent=None``: on one line)."""
    bindings = [{v: _json_term(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=indent)


def _xml_term(t: Node) -> str:
    if isinstance(t, URIRef):
        return f"<uri>{escape(str(t))}</uri>"
    if isinstance(t, BNode):
        return f"<bnode>{escape(str(t))}</bnode>"
    if isinstance(t, Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(str(t))}</literal>"
        if t.datatype and t.datatype != XSD.string:
            return f"<literal datatype={quoteattr(str(t.datatype))}>{escape(str(t))}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def to_xml(result: Result) -> str:
    """W3C SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.vars]
    out += ["</head>", "<results>"]
    for row in result.rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(result.vars, row)
                if t is not None]
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def to_boolean(value: bool, fmt: str) -> str:
    """An ASK result: XML for ``fmt == "xml"``, else JSON."""
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n")
    return json.dumps({"head": {}, "boolean": value})


def _csv_cell(t: Node | None) -> str:
    if t is None:
        return ""
    return f"_:{t}" if isinstance(t, BNode) else str(t)


def to_csv(result: Result) -> str:
    """W3C SPARQL 1.1 CSV results: plain values, a blank node as ``_:label``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.vars)
    for row in result.rows:
        w.writerow([_csv_cell(t) for t in row])
    return buf.getvalue()


def _tsv_cell(t: Node | None) -> str:
    if t is None:
        return ""
    try:
        return str(to_oxigraph(t))  # N-Triples, as Oxigraph writes a term
    except TypeError:  # not an RDF term (an RDF-star triple from Oxigraph): its own text
        return str(t)
    except ValueError:  # a term Oxigraph refuses (an IRI with a space, from a remote endpoint)
        return t.n3()


def to_tsv(result: Result) -> str:
    """W3C SPARQL 1.1 TSV results: terms in N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join(_tsv_cell(t) for t in row))
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else (2 if unicodedata.east_asian_width(c) in "WF" else 1)
               for c in text)


def to_table(result: Result, base: str) -> str:
    """A table for the terminal: IRIs shortened with the prefixes, literals as text."""
    pfx = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))

    def show(t: Node | None) -> str:
        if t is None:
            return ""
        if isinstance(t, URIRef):
            for p, iri in pfx:
                if str(t).startswith(iri):
                    return f"{p}:{str(t)[len(iri):]}"
            return f"<{t}>"
        return " ".join(str(t).split())

    cells = [[show(t) for t in row] for row in result.rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(result.vars)]

    def line(values: list[str]) -> str:
        return " | ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()
    out = [line(result.vars), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


#: The writers of ``kg query --format`` (``table`` is :func:`to_table`, which needs the base IRI).
FORMATS = {"table": None, "csv": to_csv, "tsv": to_tsv, "json": to_json}

#: The writers of the SPARQL endpoint, by its short format names; JSON on one line.
WRITERS = {"json": lambda r: to_json(r, indent=None), "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
