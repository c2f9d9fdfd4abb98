"""Writing a projection to a file for graph tools: GraphML, GEXF, node-link JSON or PNG.

:func:`export_projection` is what ``kg graph`` runs. GraphML and GEXF take only
str/int/float/bool attribute values, so lists are written space-separated and None as ``""``
(:func:`flat`); the JSON keeps them as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kg.analysis.figures import draw
from kg.analysis.projections import PROJECTION_FUNCTIONS, PROJECTIONS
from kg.core.errors import UsageError

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


def _write_png(g: nx.Graph, out: Path) -> None:
    """Draw ``g`` (:func:`kg.analysis.figures.draw`, Agg backend) and save it at 150 dpi."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = draw(g)
    fig.savefig(out, dpi=150)
    plt.close(fig)


def export_projection(store: "Store", projection: str, fmt: str, out: Path) -> Path:
    """Build ``projection`` (actors, events, states) and write it to ``out`` as ``fmt``:
    ``graphml``, ``gexf``, ``json`` (node-link JSON for d3: ``nodes``/``links``) or ``png``
    (a matplotlib drawing with Arabic labels). Creates ``out``'s folder; returns ``out``.

    An unknown projection or format raises :class:`kg.core.errors.UsageError`."""
    if projection not in PROJECTION_FUNCTIONS:
        raise UsageError(f"unknown projection {projection!r} (known: {', '.join(PROJECTIONS)})")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    g = PROJECTION_FUNCTIONS[projection](store)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(flat(g), out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(flat(g), out, encoding="utf-8")
    elif fmt == "json":
        data = nx.node_link_data(g, edges="links")
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    else:
        _write_png(g, out)
    return out
