"""Coverage: is every sentence of a source cited by a fact, or listed as uncovered?

A sentence ends at ``.``, ``!``, ``?`` or ``؟`` (with any closing quotes) before
white space, or at a line break; headings are sentences of their own. A
sentence is *cited* when a fact's quote, or the source's own title or category
path, overlaps it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from kg.pipeline.records import Corpus

_END = re.compile(r'[.!?؟…]+["”»)\']*(?=\s|$)|\n+')


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with code-point offsets (white space trimmed).

    >>> [s.text for s in sentences("One. Two?\\nThree")]
    ['One.', 'Two?', 'Three']
    """
    out, pos = [], 0
    for m in _END.finditer(text):
        _add(out, text, pos, m.end())
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + chunk.index(stripped)
        out.append(Sentence(s, s + len(stripped), stripped))


@dataclass
class SourceCoverage:
    source: str
    cited: dict[int, list[str]] = field(default_factory=dict)  # sentence index -> citing ids
    uncovered: dict[int, str] = field(default_factory=dict)  # sentence index -> reason
    unaccounted: list[Sentence] = field(default_factory=list)  # neither cited nor listed
    stale: list[str] = field(default_factory=list)  # listed as uncovered but cited
    sentences: list[Sentence] = field(default_factory=list)


def coverage(corpus: Corpus) -> list[SourceCoverage]:
    """The coverage of every source, in the order of their ids; linear in the quotes and sentences."""
    out = []
    spans_of: dict[str, list[tuple[int, int, str]]] = {}
    for r in corpus.records:
        if r.quote is not None:
            spans_of.setdefault(r.source, []).append((r.quote.start, r.quote.end, r.id))
    for sid, src in sorted(corpus.sources.items()):
        cov = SourceCoverage(sid, sentences=sentences(src.text))
        spans = spans_of.get(sid, [])
        for key in ("title", "categoryPath"):
            node = src.meta.get(key)
            lang_node = node.get(src.meta.get("language").value) if node is not None else None
            if lang_node is not None and (at := src.text.find(lang_node.value)) >= 0:
                spans.append((at, at + len(lang_node.value), f"source:{key}"))
        ends = [sent.end for sent in cov.sentences]
        cited: dict[int, set[str]] = {}
        for s, e, rid in spans:  # the sentences a span overlaps: from the first ending after its start
            i = bisect_right(ends, s)
            while i < len(cov.sentences) and cov.sentences[i].start < e:
                cited.setdefault(i, set()).add(rid)
                i += 1
        cov.cited = {i: sorted(ids) for i, ids in sorted(cited.items())}
        listed = [u for u in corpus.uncovered if u.source == sid]
        for u in listed:
            hits = [i for i, sent in enumerate(cov.sentences) if u.text in sent.text or sent.text in u.text]
            for i in hits:
                if i in cov.cited:
                    cov.stale.append(u.text)
                else:
                    cov.uncovered[i] = u.reason
        cov.unaccounted = [s for i, s in enumerate(cov.sentences)
                           if i not in cov.cited and i not in cov.uncovered]
        out.append(cov)
    return out


def as_dict(covs: list[SourceCoverage]) -> list[dict]:
    return [{
        "source": c.source,
        "sentences": len(c.sentences),
        "cited": len(c.cited),
        "uncovered": [{"sentence": c.sentences[i].text, "reason": r} for i, r in sorted(c.uncovered.items())],
        "unaccounted": [{"sentence": s.text, "start": s.start, "end": s.end} for s in c.unaccounted],
        "stale_uncovered_entries": c.stale,
    } for c in covs]
