"""The package's own SPARQL queries, read by name from ``queries/analysis/``.

The files there are not competency questions: ``kg query`` and its listing look at
``queries/*.rq`` and ``queries/checks/`` only. Each opens with a comment saying what it
answers and what one row means, and takes no parameters.

>>> "SELECT ?node ?label" in analysis_query("labels")
True
"""

from __future__ import annotations

from functools import cache

from kg.core.config import QUERIES_DIR
from kg.rdf.sparql import read_query

ANALYSIS_QUERIES_DIR = QUERIES_DIR / "analysis"


@cache
def analysis_query(name: str) -> str:
    """The text of ``queries/analysis/NAME.rq`` (header comment included), read once.

    The names are fixed in the code, never taken from the user: an unknown one raises
    :class:`FileNotFoundError`."""
    return read_query(ANALYSIS_QUERIES_DIR / f"{name}.rq").text


__all__ = ["ANALYSIS_QUERIES_DIR", "analysis_query"]
