"""Find entities by label, in English or Arabic, with Arabic normalised for matching.

Normalisation (for matching only; labels are shown as written): Arabic
diacritics and tatweel removed; hamza and madda forms of alef (أ إ آ ٱ) →
ا; ؤ → و; ئ → ي; alef maqsura ى → ي; taa marbuta ة → ه; a doubled letter
written once (علييف, عليف); the article ال (and لل) dropped at the start of
a word; Latin folded to lower case without accents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_TRANSLATE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه"})
_ARTICLE = re.compile(r"^(?:ال|لل)(?=\w{2,})")
_DOUBLE = re.compile(r"(\w)\1+")


def normalise(text: str) -> list[str]:
    """Tokens of ``text`` normalised for matching.

    >>> normalise("حيدر علييف") == normalise("حيدر عليف")
    True
    >>> normalise("الشيخ جابر الأحمد") == normalise("شيخ جابر احمد")
    True
    """
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).translate(_TRANSLATE)
    text = "".join(c for c in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(c) or "\u0600" <= c <= "\u06FF")
    tokens = []
    for token in re.findall(r"\w+", text):
        token = _ARTICLE.sub("", token)
        tokens.append(_DOUBLE.sub(r"\1", token))
    return tokens


@dataclass(frozen=True)
class Hit:
    iri: str
    types: tuple[str, ...]
    labels: dict[str, str]  # lang -> preferred label
    matched: str


_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#>
SELECT ?entity ?type ?label ?preferred WHERE {
  { ?entity rdfs:label ?label . BIND (true AS ?preferred) }
  UNION
  { ?entity skos:altLabel ?label . BIND (false AS ?preferred) }
  ?entity a ?type .
  FILTER (STRSTARTS(STR(?type), STR(bkg:)))
  FILTER (!STRSTARTS(STR(?entity), STR(bkg:)))
}
"""


def matches(query: list[str], label: list[str]) -> bool:
    """Every query token is a prefix of a label token, in order."""
    i = 0
    for token in label:
        if i < len(query) and token.startswith(query[i]):
            i += 1
    return i == len(query) and bool(query)


def search(store, text: str) -> list[Hit]:
    """Entities whose label or alternative label matches ``text``, best first."""
    query = normalise(text)
    found: dict[str, dict] = {}
    for entity, typ, label, preferred in store.select(_LABELS).rows:
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


__all__ = ["Hit", "matches", "normalise", "search", "URIRef"]
