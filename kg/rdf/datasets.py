"""The union graph of a dataset: what pySHACL validates and what the pages of ``kg serve`` read.

>>> from rdflib import Dataset, URIRef
>>> ds = Dataset()
>>> ds.graph(URIRef("https://example.org/g1")).add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))  # doctest: +ELLIPSIS
<Graph identifier=https://example.org/g1 ...>
>>> len(union_graph(ds))
1
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph


def union_graph(data: Dataset | Path | bytes) -> Graph:
    """The union of the graphs of ``data`` (a dataset, or N-Quads as a file or bytes), with its prefixes."""
    if isinstance(data, Dataset):
        ds = data
    else:
        ds = Dataset()
        if isinstance(data, Path):
            ds.parse(data, format="nquads")
        else:
            ds.parse(data=data.decode("utf-8"), format="nquads")
    union = Graph()
    for prefix, ns in ds.namespaces():
        union.bind(prefix, ns, override=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
