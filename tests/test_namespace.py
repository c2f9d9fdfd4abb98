"""kg.namespace: the closed namespace matches the ontology, and refuses unknown terms."""

import pytest

from kg import namespace
from kg.config import ROOT


def test_generated_namespace_is_current():
    assert (ROOT / "kg" / "_bkg.py").read_text(encoding="utf-8") == namespace.generate(), \
        "ontology changed: run python -m kg.namespace > kg/_bkg.py"


def test_unknown_term_raises():
    assert str(namespace.BKG.Visit) == "https://w3id.org/bilateral-kg/ontology#Visit"
    with pytest.raises(AttributeError):
        namespace.BKG.Visti
