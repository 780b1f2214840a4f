"""The runnable examples in the docstrings of every module of geo hold (run from the project folder)."""

import doctest
import importlib
import pkgutil

import pytest

import geo
from geo.paths import PROJECT_ROOT

MODULES = sorted(m.name for m in pkgutil.walk_packages(geo.__path__, "geo.") if m.name != "geo.__main__")
EXAMPLES = [name for name in MODULES if doctest.DocTestFinder().find(importlib.import_module(name)) and any(
    test.examples for test in doctest.DocTestFinder().find(importlib.import_module(name)))]


def test_the_modules_with_examples_are_found() -> None:
    assert {"geo.dates", "geo.errors", "geo.presentation", "geo.coordinates", "geo.store.database", "geo.corpus", "geo.parallel", "geo.text", "geo.incidents"} <= set(EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(PROJECT_ROOT)
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
