"""The runnable examples in the docstrings of the extraction modules hold (run from the project folder)."""

import doctest
import importlib

import pytest

from geo.paths import PROJECT_ROOT


@pytest.mark.parametrize("name", ["geo.corpus", "geo.dates", "geo.errors", "geo.evaluate", "geo.incidents", "geo.lexicon", "geo.parallel", "geo.text"])
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(PROJECT_ROOT)
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
