"""Writing a projection to a file for graph tools: GraphML, GEXF, node-link JSON or PNG.

:func:`export_projection` is what ``kg graph`` runs. GraphML and GEXF take only
str/int/float/bool attribute values, so lists are written space-separated and None as ``""``
(:func:`flat`); the JSON keeps them as they are.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kg.analysis.figures import draw
from kg.analysis.projections import PROJECTION_FUNCTIONS, PROJECTIONS
from kg.core.errors import UsageError
from kg.pipeline.write import write_all

if TYPE_CHECKING:  # pragma: no cover
    from kg.rdf.stores import Store

FORMATS = ("graphml", "gexf", "json", "png")


def flat(g: nx.Graph) -> nx.Graph:
    """A copy whose attribute values are all str/int/float/bool (GraphML and GEXF need it).

    >>> g = nx.Graph(); g.add_edge("a", "b", events=["y", "x"], via=None)
    >>> flat(g).edges["a", "b"]
    {'events': 'x y', 'via': ''}
    """
    h = g.copy()

    def fix(d: dict) -> None:
        for k, v in list(d.items()):
            if v is None:
                d[k] = ""
            elif isinstance(v, (list, tuple, set)):
                d[k] = " ".join(sorted(map(str, v)))

    for _, d in h.nodes(data=True):
        fix(d)
    for *_, d in h.edges(data=True):
        fix(d)
    return h


def _png(g: nx.Graph) -> bytes:
    """Draw ``g`` (:func:`kg.analysis.figures.draw`, Agg backend) as a PNG at 150 dpi."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = draw(g)
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=150, format="png")
    plt.close(fig)
    return buffer.getvalue()


def export_projection(store: "Store", projection: str, fmt: str, out: Path) -> Path:
    """Build ``projection`` (actors, events, states) and write it to ``out`` as ``fmt``:
    ``graphml``, ``gexf``, ``json`` (node-link JSON for d3: ``nodes``/``links``) or ``png``
    (a matplotlib drawing with Arabic labels), atomically. Creates ``out``'s folder; returns ``out``.

    An unknown projection or format raises :class:`kg.core.errors.UsageError`."""
    if projection not in PROJECTION_FUNCTIONS:
        raise UsageError(f"unknown projection {projection!r} (known: {', '.join(PROJECTIONS)})")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    g = PROJECTION_FUNCTIONS[projection](store)
    out = Path(out)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat(g), buffer, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(flat(g), buffer, encoding="utf-8")
    elif fmt == "json":
        data = nx.node_link_data(g, edges="links")
        buffer.write(json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8"))
    else:
        buffer.write(_png(g))
    write_all(out.parent, {out.name: buffer.getvalue()})  # all of it or nothing
    return out
