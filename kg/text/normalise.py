"""Arabic normalised for matching, every offset still pointing into the original.

:func:`normalise` folds a text character by character and keeps, for every
character of the folded text, the offset of the original character it came
from. A span found in the folded text is turned back into original offsets
with :meth:`Normalised.span`, so a match is always quoted verbatim.

Folding (for matching only; the original text is never changed):

* Unicode compatibility forms (NFKC): Arabic presentation forms, ligatures;
* diacritics (harakat, shadda, sukun, superscript alef, Quranic marks),
  tatweel, bidi controls and zero-width characters removed;
* hamza and madda forms of alef (أ إ آ ٱ) → ا; ؤ → و; ئ → ي; alef maqsura
  ى and Persian ی → ي; taa marbuta ة → ه; Persian ک → ك, ە/ۀ → ه;
* Arabic-Indic (٠-٩) and Persian (۰-۹) digits → 0-9;
* Latin letters folded to lower case without accents.

Each original character folds to zero, one or (rarely, e.g. the ligature ﻻ)
several characters, independently of its neighbours: the fold of a
concatenation is the concatenation of the folds.

Token keys (:func:`key`) go further, as :func:`kg.analysis.search.normalise` does: the
article ال (and لل) is dropped at the start of a word and a doubled letter is
written once (علييف = عليف), so ``الأحمد`` and ``احمد`` match.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ې": "ي", "ێ": "ي",
    "ة": "ه", "ە": "ه", "ۀ": "ه", "ہ": "ه", "ھ": "ه",
    "ک": "ك", "ڪ": "ك",
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_REMOVED = re.compile(
    "[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640"  # marks, tatweel
    "\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF\u00AD]"  # zero-width, bidi, BOM, soft hyphen
)


@lru_cache(maxsize=None)
def fold_char(c: str) -> str:
    """The fold of one character (possibly empty, rarely several characters)."""
    if c in _LETTERS:
        return _LETTERS[c]
    if c in _DIGITS:
        return _DIGITS[c]
    if ("\u0621" <= c <= "\u063A" or "\u0641" <= c <= "\u064A") or c in " \n\t.,/-:()":  # common case
        return c
    out = []
    for d in unicodedata.normalize("NFKC", c):
        if _REMOVED.match(d):
            continue
        if d in _LETTERS:
            out.append(_LETTERS[d])
        elif d in _DIGITS:
            out.append(_DIGITS[d])
        elif d.isascii():
            out.append(d.lower())
        elif "\u0600" <= d <= "\u06FF":
            out.append(d)
        else:
            for e in unicodedata.normalize("NFKD", d.casefold()):
                if not unicodedata.combining(e):
                    out.append(e)
    return "".join(out)


@dataclass(frozen=True)
class Normalised:
    """A folded text and, for each of its characters, the original offset it came from."""

    original: str
    text: str
    to_orig: array  # len(text) + 1 entries; the last is len(original)

    def start(self, i: int) -> int:
        """Original offset of folded offset ``i`` (a span start)."""
        return self.to_orig[i]

    def end(self, j: int) -> int:
        """Original offset just after folded offset ``j - 1`` (a span end, exclusive).

        Marks that fold to nothing (harakat, tatweel) right after the last character
        belong to it and are included.
        """
        if j <= 0:
            return self.to_orig[0]
        return max(self.to_orig[j - 1] + 1, self.to_orig[j])

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the folded span ``[i, j)``."""
        if j <= i:
            s = self.start(i)
            return s, s
        return self.start(i), self.end(j)


_TABLE: dict[str, str] = {}


def normalise(text: str) -> Normalised:
    """Fold ``text`` for matching and keep the offset map back to it.

    >>> n = normalise("أمير دولة الكويت ١٩٩٤")
    >>> n.text
    'امير دوله الكويت 1994'
    >>> s, e = n.span(n.text.index("1994"), len(n.text)); text = "أمير دولة الكويت ١٩٩٤"; text[s:e]
    '١٩٩٤'
    """
    parts = [fold_char(c) for c in text]
    folded = "".join(parts)
    if len(folded) == len(text) and all(len(p) == 1 for p in parts):
        to_orig = array("l", range(len(text) + 1))
    else:
        to_orig = array("l")
        for i, p in enumerate(parts):
            if len(p) == 1:
                to_orig.append(i)
            elif p:
                to_orig.extend([i] * len(p))
        to_orig.append(len(text))
    return Normalised(text, folded, to_orig)


def fold(text: str) -> str:
    """The folded text alone."""
    return "".join(fold_char(c) for c in text)


_ARTICLE = re.compile(r"^(?:ال|لل)(?=\w{2,})")
_DOUBLE = re.compile(r"([^\W\d_])\1+")


@lru_cache(maxsize=200_000)
def key(token: str) -> str:
    """Matching key of one folded token: article dropped, doubled letters once.

    >>> key(fold("الأحمد")) == key(fold("احمد")), key(fold("علييف")) == key(fold("عليف"))
    (True, True)
    """
    return _DOUBLE.sub(r"\1", _ARTICLE.sub("", token))


#: Proclitics, in folded form: conjunction, then preposition, then the article.
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ك", "ل")


@lru_cache(maxsize=200_000)
def stems(token: str) -> tuple[str, ...]:
    """Keys of a folded token with and without its proclitics (و ف ب ك ل ال لل).

    >>> [w in stems(fold(t)) for t, w in [("وللكويت", "كويت"), ("بالكويت", "كويت"), ("لاذربيجان", "اذربيجان")]]
    [True, True, True]
    """
    out = [key(token)]
    for c in _CONJ:
        if c and not token.startswith(c):
            continue
        rest = token[len(c):]
        for p in _PREP:
            if p and not rest.startswith(p):
                continue
            r2 = rest[len(p):]
            if p == "ل" and r2.startswith("ل") and len(r2) > 3:  # لل = ل + ال (alef dropped)
                cand = r2[1:]
                if cand not in out:
                    out.append(cand)
            if (c or p) and len(r2) >= 2:
                k = key(r2)
                if len(k) >= 2 and k not in out:
                    out.append(k)
    return tuple(out)


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """A word of the folded text: folded offsets ``[i, j)``, folded text and matching key."""

    i: int
    j: int
    text: str

    @property
    def key(self) -> str:
        return key(self.text)

    @property
    def stems(self) -> tuple[str, ...]:
        return stems(self.text)


def tokens(norm: Normalised, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``norm.text[start:end]`` (letters and digits; punctuation separates)."""
    end = len(norm.text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(norm.text, start, end)]


__all__ = ["Normalised", "Token", "fold", "fold_char", "key", "normalise", "stems", "tokens"]
