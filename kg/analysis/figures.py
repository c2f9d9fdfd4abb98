"""Drawing the projections with matplotlib, Arabic labels included.

Matplotlib up to 3.10 neither shapes Arabic letters nor orders them right to left:
:func:`arabic_label` does both, and :func:`arabic_font` finds a font with Arabic glyphs
(Amiri, else Noto Naskh/Sans Arabic), never falling back silently to one without.

* :func:`arabic_label`, :func:`arabic_font_file`, :func:`arabic_font`: Arabic text for matplotlib.
* :func:`node_label`: the label drawn for a node, in English, Arabic or both.
* :func:`draw`: a projection as a matplotlib figure.

>>> arabic_label("Kuwait")
'Kuwait'
>>> node_label({"label_en": "Kuwait", "label_ar": ""})
'Kuwait'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kg.core.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

#: Font files tried in order (Debian packages fonts-hosny-amiri and fonts-noto-core).
ARABIC_FONT_FILES = ("Amiri-Regular.ttf", "NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf")

#: Node colours by ``type``; an event node (``bipartite=0``) is drawn in :data:`EVENT_COLOUR`.
COLOURS = {"person": "#4c72b0", "state": "#dd8452", "organisation": "#55a868", "actor": "#8172b3"}
EVENT_COLOUR = "#c44e52"
OTHER_COLOUR = "#999999"


def arabic_label(text: str) -> str:
    """Arabic text as matplotlib must be given it.

    Up to matplotlib 3.10 (the version this project pins) matplotlib neither
    shapes nor reorders: letters are joined into their contextual forms
    (arabic-reshaper) and put in visual, left-to-right order (python-bidi).
    Matplotlib 3.11 lays out text itself (libraqm, HarfBuzz, SheenBidi); doing
    both would reverse the text, so from 3.11 on the text is returned as it is.
    Text with no Arabic is returned unchanged."""
    import matplotlib

    if not text or not any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in text):
        return text
    if tuple(int(p) for p in matplotlib.__version__.split(".")[:2]) >= (3, 11):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text))


def arabic_font_file() -> Path:
    """The installed Arabic font file (Amiri, else Noto Naskh/Sans Arabic).

    Raises :class:`kg.core.errors.UsageError` naming ``scripts/install-fonts.sh`` when none is
    installed: there is no silent fallback to a font without Arabic glyphs."""
    from matplotlib import font_manager

    found = {Path(p).name: Path(p) for p in font_manager.findSystemFonts()}
    for name in ARABIC_FONT_FILES:
        if name in found:
            return found[name]
    raise UsageError("no Arabic font found (looked for " + ", ".join(ARABIC_FONT_FILES)
                     + "); install one with scripts/install-fonts.sh "
                     "(apt-get install fonts-hosny-amiri)")


def arabic_font(size: float | None = None) -> "FontProperties":
    """matplotlib font properties for the Arabic font file of :func:`arabic_font_file`
    (registered with matplotlib's font manager); raises when none is installed."""
    from matplotlib import font_manager

    path = arabic_font_file()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path), size=size)


def node_label(attrs: dict, lang: str = "both") -> str:
    """The label drawn for a node: English (``en``), Arabic (``ar``; shaped, visual order;
    the English one when there is none) or both, one per line."""
    en, ar = attrs.get("label_en", ""), arabic_label(attrs.get("label_ar", ""))
    if lang == "en":
        return en
    if lang == "ar":
        return ar or en
    return "\n".join(x for x in (en, ar) if x)


def draw(g: nx.Graph, ax: "Axes | None" = None, lang: str = "both", seed: int = 1,
         max_labels: int = 200) -> "Figure":
    """Draw a projection with matplotlib: a spring layout (``seed``), nodes coloured by type,
    edges as wide as their ``weight`` or ``count``, labels (:func:`node_label` in ``lang``, in
    the Arabic font) when there are at most ``max_labels`` nodes. Draws on ``ax``, else on a
    new figure; returns the figure."""
    import matplotlib.pyplot as plt

    font = arabic_font(8)
    if ax is None:
        size = 10 if g.number_of_nodes() < 60 else 16
        fig, ax = plt.subplots(figsize=(size, size * 0.75))
    else:
        fig = ax.figure
    simple = nx.Graph(g) if g.is_multigraph() else g
    pos = nx.spring_layout(simple, seed=seed, k=1.5 / max(1, len(simple)) ** 0.5)
    colours = [COLOURS.get(d.get("type"), OTHER_COLOUR) if d.get("bipartite") != 0 else EVENT_COLOUR
               for _, d in simple.nodes(data=True)]
    widths = [0.5 + min(4.0, float(d.get("weight", d.get("count", 1)))) * 0.5
              for _, _, d in simple.edges(data=True)]
    nx.draw_networkx_edges(simple, pos, ax=ax, width=widths, alpha=0.4)
    nx.draw_networkx_nodes(simple, pos, ax=ax, node_color=colours, node_size=120)
    if simple.number_of_nodes() <= max_labels:
        for n, d in simple.nodes(data=True):
            x, y = pos[n]
            ax.text(x, y + 0.03, node_label(d, lang), fontproperties=font, ha="center", va="bottom")
    ax.set_axis_off()
    fig.tight_layout()
    return fig
