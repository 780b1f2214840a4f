"""Habits of the libraries Borderwatch learns from: each public module lists its names in a sorted ``__all__``
(shapely), no module imports another's private names (geopy), geo ships ``py.typed`` and ``mypy geo`` passes
(sqlite-utils), and every error derives from BorderwatchError and the builtin it resembles (geopy's exc.py)."""

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import geo
import geo.errors
from geo.paths import PROJECT_ROOT

MODULES = sorted(m.name for m in pkgutil.walk_packages(geo.__path__, "geo.") if m.name != "geo.__main__")
SOURCES = sorted([*(PROJECT_ROOT / "geo").rglob("*.py"), *(PROJECT_ROOT / "tests").glob("*.py"), *(PROJECT_ROOT / "bench").glob("*.py"), PROJECT_ROOT / "dashboard.py"])


def defines_public_names(module) -> bool:
    return any(not name.startswith("_") and getattr(value, "__module__", module.__name__) == module.__name__
               for name, value in vars(module).items() if inspect.isfunction(value) or inspect.isclass(value))


@pytest.mark.parametrize("name", MODULES)
def test_every_public_module_has_a_sorted_all_of_names_it_has(name: str) -> None:
    module = importlib.import_module(name)
    names = getattr(module, "__all__", None)
    if names is None:
        assert not defines_public_names(module), f"{name} defines public functions or classes but has no __all__"
        return
    assert list(names) == sorted(names), f"{name}.__all__ is not sorted"
    assert len(set(names)) == len(names), f"{name}.__all__ names something twice"
    assert not [n for n in names if not hasattr(module, n)], f"{name}.__all__ names what it does not have"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_private_name_is_imported_across_modules(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("geo"):
            private = [a.name for a in node.names if a.name.startswith("_") and a.name != "__version__"]
            assert not private, f"{path.name}:{node.lineno} imports {private} from {node.module}"


def test_geo_ships_py_typed() -> None:
    assert (PROJECT_ROOT / "geo" / "py.typed").is_file()
    pyproject = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'geo = ["py.typed"]' in pyproject


ERRORS = [value for name, value in vars(geo.errors).items() if inspect.isclass(value) and issubclass(value, Exception)]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.__name__)
def test_every_error_is_a_borderwatch_error_and_the_builtin_it_resembles(error: type) -> None:
    assert issubclass(error, geo.errors.BorderwatchError)
    if error is not geo.errors.BorderwatchError:
        assert issubclass(error, (ValueError, OSError)), f"{error.__name__} is neither a ValueError nor an OSError"


def test_every_error_class_of_geo_is_in_geo_errors() -> None:
    for name in MODULES:
        for value in vars(importlib.import_module(name)).values():
            if inspect.isclass(value) and issubclass(value, geo.errors.BorderwatchError):
                assert value.__module__ == "geo.errors", f"{value.__name__} is defined in {value.__module__}, not geo.errors"
