"""What a resource's document says: the triples about it, its links' labels, its facts' provenance."""

from __future__ import annotations

from rdflib import RDFS, BNode, Graph, Literal, URIRef


def describe(kg, doc: URIRef) -> Graph:
    """The description of a document's resource in ``kg`` (a kg.publish.web.model.KG).

    All triples whose subject is the resource or one of its hash IRIs (``fact/x#quote``),
    with the blank nodes they reach; the labels of the resources they link to; and for a
    fact's main node, the provenance of each fact graph about it (source, quote, offsets).
    The ontology's document is the whole ontology graph.
    """
    g = Graph()
    for prefix, ns in kg.union.namespaces():
        g.bind(prefix, ns, override=True)
    if doc == kg.ontology_iri:
        for t in kg.ontology:
            g.add(t)
        return g
    subjects = sorted({s for s in kg.out if isinstance(s, URIRef)
                       and (s == doc or str(s).startswith(str(doc) + "#"))}, key=str)
    for prov in kg.facts_about(doc):
        subjects += sorted({s for s in kg.out if isinstance(s, URIRef)
                            and (s == prov.graph or str(s).startswith(str(prov.graph) + "#"))}, key=str)
    todo = list(subjects)
    seen = set(todo)
    while todo:
        s = todo.pop()
        for p, o in kg.out.get(s, ()):
            g.add((s, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    linked = {o for o in g.objects() if isinstance(o, URIRef)} - set(subjects)
    for o in linked:
        for p, v in kg.out.get(o, ()):
            if p in (RDFS.label,) and isinstance(v, Literal):
                g.add((o, p, v))
    return g


__all__ = ["describe"]
