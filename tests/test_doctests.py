"""The ``>>>`` examples in the docstrings of every module of ``kg`` run as tests (found, not listed)."""

import doctest
import importlib
import pkgutil

import pytest

import kg

MODULES = sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg."))


def test_modules_are_found():
    assert {"kg.cli", "kg.api", "kg.core.dates", "kg.pipeline.build"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed"


def test_examples_exist():
    """Some modules hold examples: a discovery that finds none is broken, not clean."""
    attempted = sum(doctest.testmod(importlib.import_module(n)).attempted for n in MODULES)
    assert attempted >= 15
