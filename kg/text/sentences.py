"""Split a text into paragraphs and sentences, offsets into the original text.

* A paragraph ends at a blank line, or at a line break after a line that
  ends a sentence or is short (a heading), or after the first line when it is
  the source record's title (given as ``title``); another long line that does
  not end a sentence continues on the next line (hard-wrapped text).
* A sentence ends at ``.`` ``!`` ``?`` ``؟`` or ``…`` followed by a space,
  a line break, a closing quote or the end of the text — but never inside a
  quotation ("...", «...», “...”), nor after a one-letter abbreviation (``د.``),
  nor inside a number (``12.05.2015``).
* Quotations are recorded so that callers know which words are reported speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TERMINAL = ".!?؟…"
_OPEN = {"«": "»", "“": "”", "„": "”"}
_HEADING_MAX = 60


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int
    quotes: tuple[tuple[int, int], ...] = field(default=())  # quotation spans inside the sentence

    def text(self, original: str) -> str:
        return original[self.start:self.end]

    def in_quote(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.quotes)


def paragraphs(text: str, title: str | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of every paragraph, stripped of surrounding whitespace."""
    out = []
    lines = []
    pos = 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    start = None
    prev_end = None
    for a, b in lines:
        content = text[a:b].strip()
        if not content:
            if start is not None:
                out.append((start, prev_end))
                start = None
            continue
        if start is None:
            start = a
        elif prev_end is not None:
            prev = text[start:prev_end].rstrip()
            last_line = prev.rsplit("\n", 1)[-1]
            is_title = title is not None and not out and prev.strip() == title.strip()  # the record's title line
            if prev.endswith(tuple(_TERMINAL + ":\"»”")) or len(last_line.strip()) < _HEADING_MAX or is_title:
                out.append((start, prev_end))
                start = a
        prev_end = b
    if start is not None:
        out.append((start, prev_end))
    return [_strip(text, a, b) for a, b in out if text[a:b].strip()]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def split(text: str, title: str | None = None) -> list[Sentence]:
    """The sentences of ``text``, in order, each within one paragraph."""
    out: list[Sentence] = []
    for pi, (pa, pb) in enumerate(paragraphs(text, title)):
        start = pa
        quotes: list[tuple[int, int]] = []
        open_at: int | None = None
        closer: str | None = None
        i = pa
        while i < pb:
            c = text[i]
            if open_at is None:
                if c == '"':
                    open_at, closer = i, '"'
                elif c in _OPEN:
                    open_at, closer = i, _OPEN[c]
                elif c in _TERMINAL and _ends_sentence(text, i, pb):
                    j = _after_terminals(text, i, pb)
                    _add(out, text, start, j, pi, quotes)
                    quotes = []
                    start = i = j
                    continue
                elif c == "\n":
                    # a line break inside a paragraph: a sentence ends if the line is a heading
                    line = text[text.rfind("\n", pa, i) + 1:i]
                    if len(line.strip()) < _HEADING_MAX or line.rstrip().endswith(":"):
                        _add(out, text, start, i, pi, quotes)
                        quotes = []
                        start = i + 1
            else:
                if c == closer:
                    quotes.append((open_at, i + 1))
                    open_at = closer = None
                    # a terminal mark right after the closing quote ends the sentence
                    if i + 1 < pb and text[i + 1] in _TERMINAL and _ends_sentence(text, i + 1, pb):
                        j = _after_terminals(text, i + 1, pb)
                        _add(out, text, start, j, pi, quotes)
                        quotes = []
                        start = i = j
                        continue
                elif c == "\n" and text[i + 1:i + 2] == "\n":  # pragma: no cover (paragraphs end there)
                    open_at = closer = None
            i += 1
        if open_at is not None:  # an unclosed quotation runs to the end of the paragraph
            quotes.append((open_at, pb))
        _add(out, text, start, pb, pi, quotes)
    return [Sentence(s.start, s.end, s.paragraph, k, s.quotes) for k, s in enumerate(out)]


def _after_terminals(text: str, i: int, limit: int) -> int:
    """The offset after the run of terminal marks starting at ``i`` ("!؟", "...")."""
    j = i + 1
    while j < limit and text[j] in _TERMINAL:
        j += 1
    return j


def _ends_sentence(text: str, i: int, limit: int) -> bool:
    nxt = text[i + 1] if i + 1 < limit else ""
    if nxt and not (nxt.isspace() or nxt in '"»”)' or nxt in _TERMINAL):
        return False  # 12.05.2015, a.b
    if text[i] == ".":
        m = re.search(r"(\S+)$", text[max(0, i - 12):i])
        if m and len(m.group(1)) == 1 and m.group(1).isalpha():
            return False  # د. محمد
    return True


def _add(out: list[Sentence], text: str, a: int, b: int, paragraph: int, quotes) -> None:
    a, b = _strip(text, a, b)
    if a < b and re.search(r"\w", text[a:b]):
        out.append(Sentence(a, b, paragraph, len(out), tuple(q for q in quotes if q[0] < b and q[1] > a)))


__all__ = ["Sentence", "paragraphs", "split"]
