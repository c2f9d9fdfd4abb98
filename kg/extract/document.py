"""One document as the extractor reads it: folded text, tokens, sentences, mentions, dates, with lookups."""

from __future__ import annotations

import bisect

from kg.extract.dates import DateMention
from kg.extract.mentions import Mention
from kg.text.normalise import Normalised, Token
from kg.text.sentences import Sentence


class Document:
    """The parts of one text, indexed by token and offset (dates kept only when complete)."""

    def __init__(self, norm: Normalised, toks: list[Token], sentences: list[Sentence], mentions: list[Mention],
                 dates: list[DateMention]):
        self.norm = norm
        self.toks = toks
        self.sentences = sentences
        self.mentions = mentions
        self.dates = [d for d in dates if not d.partial]
        self.tok_starts = [norm.start(t.i) for t in toks]
        self._mention_t0 = [m.t0 for m in mentions]
        self._date_starts = [d.start for d in self.dates]

    def token_range(self, sent: Sentence) -> tuple[int, int]:
        """The tokens ``[lo, hi)`` of a sentence."""
        lo = bisect.bisect_left(self.tok_starts, sent.start)
        hi = bisect.bisect_left(self.tok_starts, sent.end)
        return lo, hi

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        """The mentions that start among tokens ``[lo, hi)``."""
        a, b = bisect.bisect_left(self._mention_t0, lo), bisect.bisect_left(self._mention_t0, hi)
        return self.mentions[a:b]

    def dates_in(self, sent: Sentence) -> list[DateMention]:
        """The dates of a sentence, outside its quotations."""
        a, b = bisect.bisect_left(self._date_starts, sent.start), bisect.bisect_left(self._date_starts, sent.end)
        return [d for d in self.dates[a:b] if not sent.in_quote(d.start)]

    def date_tokens(self, dates: list[DateMention]) -> set[int]:
        """The tokens that the given dates cover."""
        out = set()
        for d in dates:
            i = bisect.bisect_left(self.tok_starts, d.start)
            while i < len(self.tok_starts) and self.tok_starts[i] < d.end:
                out.add(i)
                i += 1
        return out

    def text(self, t0: int, t1: int) -> tuple[int, int, str]:
        """Original offsets and text of tokens ``[t0, t1)``."""
        s, e = self.norm.span(self.toks[t0].i, self.toks[t1 - 1].j)
        return s, e, self.norm.original[s:e]

    def bare(self, i: int) -> str:
        """Token ``i``'s folded text without a leading و/ف."""
        t = self.toks[i].text
        return t[1:] if t[:1] in "وف" and len(t) > 2 else t

    def start(self, i: int) -> int:
        """Original offset where token ``i`` starts."""
        return self.norm.start(self.toks[i].i)

    def only_space_between(self, a: int, b: int) -> bool:
        """True when original offsets ``a`` to ``b`` hold nothing but white space."""
        return a <= b and not self.norm.original[a:b].strip()
