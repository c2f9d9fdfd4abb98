"""Find entities by label, in English or Arabic, with Arabic normalised for matching.

Matching uses the normaliser of :mod:`kg.text.normalise` (labels are shown
as written): Arabic diacritics and tatweel removed; hamza and madda forms of
alef (أ إ آ ٱ) → ا; ؤ → و; ئ → ي; alef maqsura ى → ي; taa marbuta ة → ه;
Arabic-Indic and Persian digits → 0-9; Latin folded to lower case without
accents; then, per word, the article ال (and لل) dropped and a doubled letter
written once (علييف, عليف).

The labels come from ``queries/analysis/search-labels.rq``, run on any store; the
matching happens in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.analysis.queries import analysis_query
from kg.text.normalise import fold, key

if TYPE_CHECKING:  # pragma: no cover
    from kg.rdf.stores import Store

_TOKEN = re.compile(r"[^\W_]+")


def normalise(text: str) -> list[str]:
    """Tokens of ``text`` normalised for matching.

    >>> normalise("حيدر علييف") == normalise("حيدر عليف")
    True
    >>> normalise("الشيخ جابر الأحمد") == normalise("شيخ جابر احمد")
    True
    """
    return [key(token) for token in _TOKEN.findall(fold(text))]


@dataclass(frozen=True)
class Hit:
    """An entity found: its IRI, its classes' local names, its preferred label per language
    and the label (or alternative label) that matched."""

    iri: str
    types: tuple[str, ...]
    labels: dict[str, str]  # lang -> preferred label
    matched: str


def matches(query: list[str], label: list[str]) -> bool:
    """Every query token is a prefix of a label token, in order."""
    i = 0
    for token in label:
        if i < len(query) and token.startswith(query[i]):
            i += 1
    return i == len(query) and bool(query)


def search(store: "Store", text: str) -> list[Hit]:
    """Entities whose label or alternative label matches ``text``, best first (fewest tokens
    in the matched label, then IRI)."""
    query = normalise(text)
    found: dict[str, dict] = {}
    for entity, typ, label, preferred in store.select(analysis_query("search-labels")).rows:
        key = str(entity)
        entry = found.setdefault(key, {"types": set(), "labels": {}, "matched": None})
        entry["types"].add(str(typ).rsplit("#", 1)[-1])
        if preferred is not None and preferred.toPython() is True and label.language:
            entry["labels"].setdefault(label.language, str(label))
        if entry["matched"] is None and matches(query, normalise(str(label))):
            entry["matched"] = str(label)
    hits = [Hit(iri, tuple(sorted(e["types"])), e["labels"], e["matched"])
            for iri, e in found.items() if e["matched"] is not None]
    return sorted(hits, key=lambda h: (len(normalise(h.matched)), h.iri))


__all__ = ["Hit", "matches", "normalise", "search"]
