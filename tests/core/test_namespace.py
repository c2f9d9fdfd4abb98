"""kg.core.namespace: the closed namespace matches the ontology, and refuses unknown terms."""

import pytest

from kg.core import namespace
from kg.core.config import ROOT


def test_generated_namespace_is_current():
    assert (ROOT / "kg" / "core" / "_bkg.py").read_text(encoding="utf-8") == namespace.generate(), \
        "ontology changed: run python -m kg.core.namespace > kg/core/_bkg.py"


def test_unknown_term_raises():
    assert str(namespace.BKG.Visit) == "https://w3id.org/bilateral-kg/ontology#Visit"
    with pytest.raises(AttributeError):
        namespace.BKG.Visti
