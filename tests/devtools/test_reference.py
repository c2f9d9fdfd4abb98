"""kg.devtools.reference: the kept table is what the pinned packages give, cell for cell."""

from __future__ import annotations

from kg.core.config import ROOT
from kg.devtools.reference import table


def test_kept_sources_table_is_what_the_packages_give():
    kept = (ROOT / "data" / "reference" / "states-sources.tsv").read_text(encoding="utf-8")
    assert table() == kept, "run python -m kg.devtools.reference data/reference/states-sources.tsv"
