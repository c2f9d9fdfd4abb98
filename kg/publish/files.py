"""The files of ``kg export``: which format writes which files, and the media type of each.

Shared by the export (kg.publish.export), the dataset description (kg.publish.web.void)
and the web server, which serves the exported files (kg.publish.web.app).
"""

from __future__ import annotations

#: Format name -> the files it writes. ``None`` (all) writes every one of them.
FORMATS: dict[str, tuple[str, ...]] = {
    "nquads": ("kg.nq",),
    "trig": ("kg.trig",),
    "ntriples": ("kg.nt",),
    "turtle": ("kg.ttl",),
    "jsonld": ("kg.jsonld", "context.jsonld"),
    "rdfxml": ("kg.rdf",),
    "ontology": ("ontology.ttl", "ontology.rdf"),
    "shapes": ("shapes.ttl", "shapes.rdf"),
    "void": ("void.ttl",),
    "html": ("ontology.html",),
    "csv": ("events.csv", "persons.csv", "offices.csv"),
    "event-data": ("event-data.tsv",),
}

#: Media type and a short description of each file, for VoID/DCAT and the web server.
MEDIA_TYPES = {
    "kg.nq": ("application/n-quads", "N-Quads: every named graph"),
    "kg.trig": ("application/trig", "TriG: every named graph"),
    "kg.nt": ("application/n-triples", "N-Triples: the union of the graphs"),
    "kg.ttl": ("text/turtle", "Turtle: the union of the graphs"),
    "kg.jsonld": ("application/ld+json", "JSON-LD: the union of the graphs, compact"),
    "context.jsonld": ("application/ld+json", "The JSON-LD context of kg.jsonld"),
    "kg.rdf": ("application/rdf+xml", "RDF/XML: the union of the graphs"),
    "ontology.ttl": ("text/turtle", "The ontology in Turtle"),
    "ontology.rdf": ("application/rdf+xml", "The ontology in RDF/XML"),
    "shapes.ttl": ("text/turtle", "The SHACL shapes in Turtle"),
    "shapes.rdf": ("application/rdf+xml", "The SHACL shapes in RDF/XML"),
    "void.ttl": ("text/turtle", "VoID and DCAT description of the dataset"),
    "ontology.html": ("text/html", "The ontology's documentation"),
    "events.csv": ("text/csv", "Events: one row each"),
    "persons.csv": ("text/csv", "Persons: one row each"),
    "offices.csv": ("text/csv", "Office terms: one row each"),
    "event-data.tsv": ("text/tab-separated-values",
                       "Event data (ICEWS/Phoenix shape): one row per event and ordered dyad, CAMEO coded"),
}

#: The files that hold the dataset itself (VoID ``void:dataDump``).
DUMPS = ("kg.nq", "kg.trig", "kg.nt", "kg.ttl", "kg.jsonld", "kg.rdf")


def all_files() -> list[str]:
    """Every file a full export writes, in the order of :data:`FORMATS`.

    >>> all_files()[:3]
    ['kg.nq', 'kg.trig', 'kg.nt']
    """
    return [name for names in FORMATS.values() for name in names]


__all__ = ["DUMPS", "FORMATS", "MEDIA_TYPES", "all_files"]
