"""Where each fact comes from: its fact graph's quote, offsets and source, and the passage around it.

A fact graph names its main node (``bkg:primaryTopic``) and its source
(``bkg:source``); a Web Annotation (``oa:hasBody`` the fact graph) selects the
quote in the source by text (``oa:exact``, ``oa:prefix``, ``oa:suffix``) and by
position (``oa:start``, ``oa:end``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg.core.config import OA, ROOT
from kg.core.namespace import BKG


@dataclass(frozen=True)
class Provenance:
    """Where a fact graph comes from: its source, the quote and its offsets."""

    graph: URIRef
    topic: URIRef
    source: URIRef | None
    exact: str
    start: int | None
    end: int | None
    prefix: str | None
    suffix: str | None


@dataclass(frozen=True)
class Passage:
    """A stretch of the source around a quote: before + quote + after (all plain text)."""

    before: str
    quote: str
    after: str
    source: URIRef | None
    start: int | None
    end: int | None
    fact_graph: URIRef
    full: bool  # True when cut from the source text itself, False when only the quote is known


def provenance_index(kg) -> dict[URIRef, Provenance]:
    """Fact graph -> its provenance, in the order of the quotes' offsets (``kg``: a kg.publish.web.model.KG)."""
    out = {}
    for fg, topic in kg.union.subject_objects(BKG.primaryTopic):
        anno = next(iter(kg.subjects(OA.hasBody, fg)), None)
        out[fg] = _selected(kg, fg, topic, anno)
    return dict(sorted(out.items(), key=lambda kv: (kv[1].start if kv[1].start is not None else -1, str(kv[0]))))


def _selected(kg, fg: URIRef, topic: URIRef, anno) -> Provenance:
    """The provenance of fact graph ``fg`` from the selectors of its annotation ``anno`` (or None)."""
    exact = prefix = suffix = None
    start = end = None
    for target in kg.objects(anno, OA.hasTarget) if anno is not None else ():
        for sel in kg.objects(target, OA.hasSelector):
            if (v := kg.value(sel, OA.exact)) is not None:
                exact = str(v)
                p, s = kg.value(sel, OA.prefix), kg.value(sel, OA.suffix)
                prefix = str(p) if p is not None else None
                suffix = str(s) if s is not None else None
            if (v := kg.value(sel, OA.start)) is not None:
                start = int(v)
            if (v := kg.value(sel, OA.end)) is not None:
                end = int(v)
    return Provenance(fg, topic, kg.value(fg, BKG.source), exact or "", start, end, prefix, suffix)


def read_sources(sources_dir: Path | None, report: dict, base: str) -> dict[URIRef, str]:
    """Source texts by source IRI, from report.json's list, checked against their SHA-256.

    ``sources_dir`` defaults to the project's ``data/sources``; a file outside it, missing, or not
    the text the build read is left out.
    """
    folder = Path(sources_dir) if sources_dir is not None else ROOT / "data" / "sources"
    out = {}
    for sid, info in sorted((report.get("sources") or {}).items()):
        path = folder / str(info.get("file", ""))
        if not path.is_file() or path.parent.resolve() != folder.resolve():
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != info.get("sha256"):
            continue  # not the text the build read: show the quote alone rather than a wrong passage
        out[URIRef(f"{base}source/{sid}")] = data.decode("utf-8")
    return out


def cut_passage(text: str | None, prov: Provenance, context: int = 240) -> Passage:
    """The sentence(s) around the quote, cut from the source ``text`` when it is at hand.

    >>> p = Provenance(URIRef("f"), URIRef("t"), None, "b c", 3, 6, None, None)
    >>> cut_passage("A. b c d. E", p).after
    ' d.'
    """
    if text is not None and prov.start is not None and prov.end is not None \
            and text[prov.start:prov.end] == prov.exact:
        lo = max(0, prov.start - context)
        cut = max(text.rfind(ch, lo, prov.start) for ch in ".!?؟\n")
        lo = cut + 1 if cut >= 0 else lo
        hi = min(len(text), prov.end + context)
        ends = [i for i in (text.find(ch, prov.end, hi) for ch in ".!?؟\n") if i >= 0]
        hi = min(ends) + 1 if ends else hi
        if prov.exact.rstrip()[-1:] in (".", "!", "?", "؟"):  # the quote ends its sentence
            hi = prov.end
        return Passage(text[lo:prov.start].lstrip(), prov.exact, text[prov.end:hi].rstrip(), prov.source,
                       prov.start, prov.end, prov.graph, True)
    return Passage(prov.prefix or "", prov.exact, prov.suffix or "", prov.source, prov.start, prov.end,
                   prov.graph, False)


__all__ = ["Passage", "Provenance", "cut_passage", "provenance_index", "read_sources"]
