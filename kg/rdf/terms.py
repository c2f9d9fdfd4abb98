"""The one term codec between rdflib and Oxigraph, and the N-Triples form of a term.

Everything in the package that turns an Oxigraph term into an rdflib term or
back (the SHACL engine, the stores, validation, the SPARQL endpoint) calls
these functions.

>>> import pyoxigraph as ox
>>> to_rdflib(ox.Literal("1994", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")))
rdflib.term.Literal('1994', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
>>> to_oxigraph(to_rdflib(ox.NamedNode("https://w3id.org/bilateral-kg/state/kuwait")))
<NamedNode value=https://w3id.org/bilateral-kg/state/kuwait>
>>> ntriples(URIRef("https://w3id.org/bilateral-kg/state/kuwait"))
'<https://w3id.org/bilateral-kg/state/kuwait>'
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

#: An Oxigraph term (what pyoxigraph's queries and quads hold).
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

_XSD_STRING = str(XSD.string)
_DATATYPES: dict[str, URIRef] = {}  # datatype IRI -> its URIRef, made once


def to_oxigraph(term: Node | None) -> OxTerm | None:
    """An rdflib term as an Oxigraph term (None stays None); :class:`TypeError` for anything else."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: OxTerm | None, *, plain_strings: bool = True) -> Node | None:
    """An Oxigraph term as an rdflib term (None stays None; anything else is returned as it is).

    ``plain_strings``: an ``xsd:string`` literal becomes a plain literal, as
    rdflib reads one (how pySHACL shows values and how the SPARQL endpoint
    writes them); the stores of :mod:`kg.rdf.stores` pass False and keep the
    type Oxigraph gives, as their results always have.
    """
    kind = type(term)
    if kind is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if plain_strings and datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=_DATATYPES.get(datatype) or _DATATYPES.setdefault(datatype, URIRef(datatype)))
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.BlankNode:
        return BNode(term.value)
    return term


def ntriples(term: ox.NamedNode | ox.Literal | URIRef) -> str:
    """An IRI or an Oxigraph literal in N-Triples syntax (a ``VALUES`` entry of a generated query).

    :class:`TypeError` for a blank node or an rdflib literal.
    """
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    if isinstance(term, URIRef):
        return f"<{term}>"
    raise TypeError(f"only IRIs can restrict a run, not {term!r}")


def lexical(term: OxTerm) -> str:
    """An IRI or blank node's own text (no brackets, no ``_:``); a literal in N-Triples syntax."""
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode)) else str(term)
