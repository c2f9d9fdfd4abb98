"""Stage 5, export: the built dataset in every format a user may want, byte-stable.

:func:`export` reads a build (``kg.nq`` and ``report.json``) and writes into
``build/export/`` by default:

==================  ======================================================================
file                what
==================  ======================================================================
``kg.nq``           N-Quads, every named graph (sorted lines)
``kg.trig``         TriG, every named graph
``kg.nt``           N-Triples, the union of the graphs (sorted lines)
``kg.ttl``          Turtle, the union
``kg.jsonld``       JSON-LD, the union, compacted with ``ontology/context.jsonld``
``context.jsonld``  that context, for clients that want to reuse it
``kg.rdf``          RDF/XML, the union
``ontology.ttl``    the ontology (as built: with its version stamp), Turtle and RDF/XML
``ontology.rdf``
``shapes.ttl``      the SHACL shapes, Turtle and RDF/XML
``shapes.rdf``
``void.ttl``        VoID and DCAT description (kg.publish.web.void): the dataset, dumps, endpoint
``ontology.html``   the ontology's documentation (one standalone page)
``events.csv``      one row per event; ``persons.csv``: one row per person;
``persons.csv``     ``offices.csv``: one row per office term (UTF-8 with a byte-order mark,
``offices.csv``     CRLF line ends, so that spreadsheets read the Arabic right: kg.publish.tables)
``event-data.tsv``  event data shaped like ICEWS/Phoenix: one row per event and ordered dyad,
                    CAMEO code and quad class, ISO alpha-3 countries (kg.publish.eventdata)
==================  ======================================================================

The dataset formats (N-Quads, TriG) keep the named graphs; the triple formats
(N-Triples, Turtle, JSON-LD, RDF/XML) hold their union. Each RDF file parses
back into a graph isomorphic to the build (tests/publish/test_export.py checks
every one). Output is deterministic: ``kg.nq`` is the build's own file, byte
for byte; blank nodes get content-derived labels, and every writer
(kg.rdf.serialise) sorts where its serializer does not, so the same build gives
byte-identical files. Files are written through a staging folder and moved
into place together (kg.pipeline.write.write_all).

The JSON-LD is meant to read like plain JSON: ``"label": {"en": ..., "ar": ...}``,
``"date": "1994-10-10"``, ``"type": "Visit"``, links as IRI strings. The
``date`` of an event keeps the precision the source gives, so a date known to
the month is ``"dateYearMonth": "2001-09"`` and one known to the year is
``"dateYear": "2004"`` (``termStart``, ``termEnd`` and ``attestedOn`` alike);
``earliestDate`` and ``latestDate`` are always full dates.

The ontology's documentation is made by a small Jinja2 generator
(kg/publish/web/render.py) rather than pyLODE: pyLODE 3.4.1, its last release for
Python 3.11, fails on import when installed from its wheel (its version module
reads a pyproject.toml the wheel does not ship), and once patched around it
titles this ontology's page after the CAMEO concept scheme, mixes the English
and Arabic texts without language or direction, and orders union members
differently from run to run.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from kg.core.config import SHAPES_FILE
from kg.core.errors import DataError, UsageError
from kg.pipeline.write import write_all
from kg.publish.files import FORMATS
from kg.publish.tables import csv_files
from kg.publish.web.void import void_graph
from kg.publish.web.model import KG, load_dataset, read_report
from kg.publish.web.render import ontology_html
from kg.rdf.serialise import (
    context_file,
    jsonld,
    load_context,
    ntriples,
    rdfxml,
    trig,
    turtle,
)


def export(build_dir: Path, out_dir: Path | None = None, formats: list[str] | None = None,
           base: str | None = None) -> list[Path]:
    """Write the exports of the build in ``build_dir`` into ``out_dir`` (default ``build_dir/export``).

    ``formats`` names keys of :data:`kg.publish.files.FORMATS` (``None``: all). ``base`` (else
    ``$KG_BASE_IRI``) must be the base IRI the build was made with; when neither is given, the
    build's own base (report.json) is used. Returns the files written, sorted.
    Raises :class:`UsageError` for an unknown format, a missing build or a base that is not the build's.
    """
    build_dir = Path(build_dir)
    out_dir = Path(out_dir) if out_dir is not None else build_dir / "export"
    chosen = list(FORMATS) if not formats else list(dict.fromkeys(formats))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown export format(s) {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    ds, base = load_dataset(build_dir, base)
    kg = KG(ds, base, report=read_report(build_dir))
    files: dict[str, bytes] = {}
    for fmt in chosen:
        files.update(FORMAT_WRITERS[fmt](kg, build_dir))
    write_all(out_dir, files)
    return sorted(out_dir / name for name in files)


# --- format writers: (kg, build folder) -> {file name: bytes} -------------------------------------------


def nquads_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    """``kg.nq``: the build's own N-Quads, byte for byte (the one serialisation of the dataset)."""
    return {"kg.nq": (Path(build_dir) / "kg.nq").read_bytes()}


def trig_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    return {"kg.trig": trig(kg.dataset).encode("utf-8")}


def ntriples_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    return {"kg.nt": ntriples(kg.union).encode("utf-8")}


def turtle_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    return {"kg.ttl": turtle(kg.union).encode("utf-8")}


def rdfxml_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    return {"kg.rdf": rdfxml(kg.union).encode("utf-8")}


def jsonld_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    context = load_context()
    return {"kg.jsonld": jsonld(kg.union, context).encode("utf-8"),
            "context.jsonld": context_file(context).encode("utf-8")}


def ontology_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    g = Graph()
    for prefix, ns in kg.ontology.namespace_manager.namespaces():
        g.bind(prefix, ns)
    copy_prefixes(kg.dataset, g)
    for t in kg.ontology:
        g.add(t)
    return {"ontology.ttl": turtle(g).encode("utf-8"), "ontology.rdf": rdfxml(g).encode("utf-8")}


def copy_prefixes(src, dst: Graph) -> None:
    """Bind in ``dst`` every named prefix of ``src`` (overriding)."""
    for prefix, ns in src.namespaces():
        if prefix:
            dst.bind(prefix, ns, override=True)


def shapes_graph() -> Graph:
    """The SHACL shapes (``ontology/shapes.ttl``) with content-derived blank-node labels."""
    src = Graph()
    try:
        src.parse(SHAPES_FILE, format="turtle")
    except Exception as exc:  # rdflib parser errors of several types
        raise DataError(str(SHAPES_FILE), f"does not parse ({' '.join(str(exc).split())[:200]})") from None
    g = Graph(bind_namespaces="core")
    copy_prefixes(src, g)
    for t in to_canonical_graph(src):
        g.add(t)
    return g


def shapes_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    g = shapes_graph()
    return {"shapes.ttl": turtle(g).encode("utf-8"), "shapes.rdf": rdfxml(g).encode("utf-8")}


def html_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    return {"ontology.html": ontology_html(kg, standalone=True).encode("utf-8")}


def void_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    return {"void.ttl": turtle(void_graph(kg)).encode("utf-8")}


def table_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    return csv_files(kg)


#: Format name (a key of FORMATS) -> its writer.
def event_data_files(kg: KG, build_dir: Path) -> dict[str, bytes]:
    """``event-data.tsv``: one row per event and ordered dyad (kg.publish.eventdata)."""
    from kg.publish.eventdata import event_data_tsv

    return {"event-data.tsv": event_data_tsv(kg)}


FORMAT_WRITERS = {
    "nquads": nquads_files,
    "trig": trig_files,
    "ntriples": ntriples_files,
    "turtle": turtle_files,
    "jsonld": jsonld_files,
    "rdfxml": rdfxml_files,
    "ontology": ontology_files,
    "shapes": shapes_files,
    "void": void_files,
    "html": html_files,
    "csv": table_files,
    "event-data": event_data_files,
}

__all__ = ["FORMAT_WRITERS", "export", "shapes_graph"]
