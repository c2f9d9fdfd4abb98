"""Writing RDF: every serialisation the project makes, deterministic by sorting.

Two engines sit behind one set of functions, each where its bytes are the
recorded ones:

* the build's files (``kg.trig``, ``kg.ttl``, ``kg.jsonld``) are written chunk
  by chunk from sorted N-Quads by pyoxigraph's streaming serialisers
  (:func:`chunk_rdf`, :func:`rdf_head`); ``kg.nq`` itself is the build's
  sorted chunks, and ``kg export`` copies it as it is;
* the exports and the web pages serialise rdflib graphs: :func:`trig`,
  :func:`ntriples`, :func:`turtle`, :func:`jsonld` and :func:`rdfxml`. Each
  sorts where its serializer does not (rdflib iterates in hash order); blank
  nodes are expected to carry stable labels already (kg.publish.web.model
  gives them content-derived ones).

RDF/XML is rdflib's own ``xml`` serializer over a graph view that lists
subjects and their statements in :func:`node_key` order, so no RDF/XML is
written by hand here.
"""

from __future__ import annotations

import json

from rdflib import RDF, BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from kg.core.config import ONTOLOGY_DIR
from kg.core.errors import DataError

#: The project's compact JSON-LD context.
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
#: The RDF files the build writes from the chunks of kg.nq (see :func:`chunk_rdf`).
RDF_FILES = ("kg.trig", "kg.ttl", "kg.jsonld")


def node_key(node: Node) -> tuple:
    """A total, stable order on RDF terms: IRIs, then blank nodes, then literals.

    >>> from rdflib import Literal
    >>> sorted([Literal("a"), URIRef("https://example.org/b")], key=node_key)[0]
    rdflib.term.URIRef('https://example.org/b')
    """
    rank = 0 if isinstance(node, URIRef) else 1 if isinstance(node, BNode) else 2
    return (rank, node.n3())


def sorted_lines(text: str) -> str:
    """The non-blank lines of ``text``, each once, sorted, each ending in a newline.

    >>> sorted_lines("b .\\na .\\n\\na .\\n")
    'a .\\nb .\\n'
    """
    return "".join(sorted({line + "\n" for line in text.splitlines() if line.strip()}))


# --- rdflib graphs (exports, web pages) --------------------------------------------------------------


def nquads(ds: Dataset) -> str:
    """N-Quads of an rdflib dataset, one line per quad, sorted (the build's own kg.nq is written by
    kg.pipeline.build, chunk by chunk)."""
    return sorted_lines(ds.serialize(format="nquads"))


def ntriples(g: Graph) -> str:
    """N-Triples, one line per triple, sorted (rdflib's order follows its hash tables)."""
    return sorted_lines(g.serialize(format="nt"))


def bind_used(g: Graph | Dataset, used) -> None:
    """Bind a prefix for each IRI of ``used`` in sorted order, so that no ``ns1`` drifts between runs."""
    nm = g.namespace_manager
    for iri in sorted(set(used)):
        try:
            nm.compute_qname(iri, generate=True)
        except ValueError:  # an IRI that cannot be split into namespace and local name: written in full
            pass


def turtle(g: Graph) -> str:
    """Turtle with every used namespace bound first, in sorted order, so no ``ns1`` drifts."""
    bind_used(g, {str(p) for p in g.predicates()}
              | {str(o) for o in g.objects(None, RDF.type) if isinstance(o, URIRef)})
    return g.serialize(format="turtle")


def trig(ds: Dataset) -> str:
    """TriG with the named graphs in IRI order, each body as rdflib's (sorted) Turtle."""
    # Bind a prefix for every predicate and class namespace up front, in sorted order, so that
    # the per-graph serialisations invent none of their own (and the names are stable).
    bind_used(ds, {str(p) for _, p, _, _ in ds.quads()}
              | {str(o) for _, _, o, _ in ds.quads((None, RDF.type, None, None)) if isinstance(o, URIRef)})
    prefixes = sorted((p, str(ns)) for p, ns in ds.namespaces() if p)
    parts = ["".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes)]
    for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if len(g) == 0:
            continue
        body = Graph(namespace_manager=ds.namespace_manager)
        for t in g:
            body.add(t)
        text = body.serialize(format="turtle")
        lines = [line for line in text.splitlines() if not line.startswith("@prefix")]
        inner = "\n".join(lines).strip("\n")  # not re-indented: a line may sit inside a multi-line literal
        parts.append(f"\n{g.identifier.n3(ds.namespace_manager)} {{\n{inner}\n}}\n")
    return "".join(parts)


class _SortedView(Graph):
    """A graph that lists subjects, and each subject's statements, in :func:`node_key` order.

    rdflib's RDF/XML serializer writes in the order these two methods give; the memory
    store gives hash order.
    """

    def subjects(self, predicate=None, object=None, unique=False):
        return iter(sorted(set(super().subjects(predicate, object)), key=node_key))

    def predicate_objects(self, subject=None, unique=False):
        return iter(sorted(set(super().predicate_objects(subject)),
                           key=lambda po: (node_key(po[0]), node_key(po[1]))))


def rdfxml(g: Graph) -> str:
    """RDF/XML by rdflib's ``xml`` serializer, subjects and statements sorted.

    One ``rdf:Description`` per subject (lossless, unlike ``pretty-xml``, which drops
    statements on list nodes); blank nodes are written with ``rdf:nodeID``.
    Raises :class:`DataError` for a property IRI that RDF/XML cannot write.
    """
    view = _SortedView(bind_namespaces="core")
    for prefix, ns in g.namespaces():
        view.bind(prefix, ns, override=True)
    for t in g:
        view.add(t)
    for p in sorted(set(view.predicates()), key=str):  # prefixes it must invent: numbered in IRI order
        try:
            view.namespace_manager.compute_qname_strict(p)
        except ValueError:
            raise DataError(str(p), "a property IRI that RDF/XML cannot write (no XML local name)") from None
    return view.serialize(format="xml")


def load_context() -> dict:
    """The project's compact JSON-LD context (``ontology/context.jsonld``), its ``@context`` value."""
    try:
        return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(str(CONTEXT_FILE), f"not a JSON-LD context ({exc})") from None


def context_file(context: dict) -> str:
    """The text of ``context.jsonld`` as the export writes it."""
    return json.dumps({"@context": context}, ensure_ascii=False, indent=2) + "\n"


def _canonical_json(value, list_keys: tuple[str, ...], ordered: bool = False):
    """``value`` with keys sorted and sets sorted; a list under one of ``list_keys`` keeps its order."""
    if isinstance(value, dict):
        return {k: _canonical_json(v, list_keys, ordered=(k in list_keys)) for k, v in sorted(value.items())}
    if isinstance(value, list) and ordered:  # an RDF list keeps its order
        return [_canonical_json(v, list_keys) for v in value]
    if isinstance(value, list):
        return sorted((_canonical_json(v, list_keys) for v in value),
                      key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld_nodes(g: Graph, ctx) -> list:
    """rdflib's JSON-LD nodes of ``g``, subjects in order, with every blank node kept.

    rdflib's converter drops a blank node that is only reached through a term coerced to
    ``@id`` (the ontology's ``range`` unions); those are added as top-level nodes.
    """
    from rdflib.plugins.serializers.jsonld import Converter

    class _Converter(Converter):
        def from_graph(self, graph: Graph):
            nodemap: dict = {}
            subjects = sorted(set(graph.subjects()), key=node_key)
            for s in subjects:
                if isinstance(s, URIRef) or not any(graph.subjects(None, s)):
                    self.process_subject(graph, s, nodemap)
            for s in subjects:
                if isinstance(s, BNode) and s.n3() not in nodemap and (s, RDF.first, None) not in graph:
                    self.process_subject(graph, s, nodemap)
            return list(nodemap.values())

    result = _Converter(ctx, True, False).convert(g)
    return result.get(ctx.graph_key, [result]) if isinstance(result, dict) else result


def jsonld(g: Graph, context: dict | None = None) -> str:
    """Compact JSON-LD of ``g`` with the project's context: nodes sorted by id, keys sorted."""
    from rdflib.plugins.shared.jsonld.context import Context

    context = load_context() if context is None else context
    ctx = Context(context)
    id_key = ctx.id_key
    graph = sorted((_canonical_json(n, ("@list", ctx.list_key)) for n in _jsonld_nodes(g, ctx)
                    if len(n) > 1 or id_key not in n), key=lambda n: str(n.get(id_key, "")))
    return json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# --- the build's files, from sorted N-Quads (pyoxigraph) ----------------------------------------------


def _graph_of(line: bytes) -> bytes:
    """The graph term of an N-Quads line written by the build (``s p o g .``)."""
    return line[line.rfind(b" <", 0, len(line) - 2) + 1:-2]


def _triple_of(line: bytes) -> bytes:
    return line[:line.rfind(b" <", 0, len(line) - 2)] + b" ."


def union_ntriples(nquads: bytes) -> bytes:
    """The union of the graphs of sorted N-Quads as N-Triples, each triple once, in order.

    The lines of one triple are adjacent in sorted N-Quads: they share the
    prefix ``s p o`` and a space, which no other triple's line starts with.

    >>> union_ntriples(b"<s> <p> <o> <g1> .\\n<s> <p> <o> <g2> .\\n")
    b'<s> <p> <o> .\\n'
    """
    out, last = [], None
    for line in nquads.splitlines():
        t = _triple_of(line)
        if t != last:
            out.append(t)
            last = t
    out.append(b"")
    return b"\n".join(out)


def triples_by_graph(nquads: bytes) -> dict[str, list[bytes]]:
    """The N-Triples lines of each graph (by IRI) of N-Quads the build wrote (``kg load`` sends them).

    >>> triples_by_graph(b"<s> <p> <o> <g1> .\\n<s> <p> <o> <g2> .\\n")
    {'g1': [b'<s> <p> <o> .'], 'g2': [b'<s> <p> <o> .']}
    """
    graphs: dict[str, list[bytes]] = {}
    for line in nquads.splitlines():
        if line.strip():
            graphs.setdefault(_graph_of(line)[1:-1].decode("utf-8"), []).append(_triple_of(line))
    return graphs


def by_graph(nquads: bytes) -> bytes:
    """Sorted N-Quads regrouped graph by graph (graphs in order, lines kept in order)."""
    groups: dict[bytes, list[bytes]] = {}
    for line in nquads.splitlines():
        groups.setdefault(_graph_of(line), []).append(line)
    return b"".join(b"\n".join(groups[g]) + b"\n" for g in sorted(groups))


def _oxigraph(data: bytes, in_format, out_format, prefixes: dict[str, str] | None) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(ox.parse(data, format=in_format), format=out_format, prefixes=prefixes)


def _without_prefixes(text: bytes) -> bytes:
    lines = text.split(b"\n")
    while lines and lines[0].startswith(b"@prefix "):
        lines.pop(0)
    return b"\n".join(lines)


def chunk_rdf(nquads: bytes, prefixes: dict[str, str]) -> dict[str, bytes]:
    """One chunk's pieces of kg.trig, kg.ttl and kg.jsonld (no header, no brackets).

    The files are the pieces of every chunk in order after :func:`rdf_head`; a
    graph (TriG) or a subject (Turtle, JSON-LD) may appear in several pieces,
    which each format allows. So a chunk that did not change is never
    serialised again (kg.pipeline.incremental keeps the pieces).
    """
    import pyoxigraph as ox

    union = union_ntriples(nquads)
    jsonld_text = _oxigraph(union, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD, None).strip()
    return {
        "kg.trig": _without_prefixes(_oxigraph(by_graph(nquads), ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, prefixes)),
        "kg.ttl": _without_prefixes(_oxigraph(union, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, prefixes)),
        "kg.jsonld": jsonld_text[1:-1].strip(),  # the nodes of the chunk, without the array's brackets
    }


def rdf_head(name: str, prefixes: dict[str, str]) -> bytes:
    """What the build's RDF file ``name`` starts with: its prefixes, or the JSON-LD array's bracket.

    >>> rdf_head("kg.ttl", {"ex": "https://example.org/"})
    b'@prefix ex: <https://example.org/> .\\n'
    """
    if name == "kg.jsonld":
        return b"["
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())).encode("utf-8")


__all__ = [
    "CONTEXT_FILE",
    "RDF_FILES",
    "bind_used",
    "by_graph",
    "chunk_rdf",
    "context_file",
    "jsonld",
    "load_context",
    "node_key",
    "nquads",
    "ntriples",
    "rdf_head",
    "rdfxml",
    "sorted_lines",
    "trig",
    "triples_by_graph",
    "turtle",
    "union_ntriples",
]
