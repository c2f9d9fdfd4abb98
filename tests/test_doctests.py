"""The ``>>>`` examples in the docstrings run as tests."""

import doctest
import importlib

import pytest

MODULES = ["kg.config", "kg.dates", "kg.query", "kg.search", "kg.coverage", "kg.extract.normalise"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
