"""The documentation and the code agree: every command is in the README with the one library call it makes, the
README's tree of modules is the package's, and every public module says what it holds and what it exports."""

import argparse
import ast
import importlib
import inspect
import pkgutil
import re

import pytest

import geo
from geo.cli import LIBRARY_CALLS, build_parser
from geo.paths import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
MODULES = sorted(m.name for m in pkgutil.walk_packages(geo.__path__, "geo.") if m.name != "geo.__main__")
"""Every module of geo (not geo.__main__, which runs the command line when imported)."""
COMMAND_ROW = re.compile(r"^\|[^|]*\| `python -m geo ([a-z-]+)[^|]*\| `([^`]+)`", re.M)


def commands() -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def called_names(function) -> set[str]:
    """The names a function calls (``f(...)`` and ``x.f(...)`` give "f")."""
    tree = ast.parse(inspect.getsource(function))
    calls = (node.func for node in ast.walk(tree) if isinstance(node, ast.Call))
    return {f.id if isinstance(f, ast.Name) else f.attr for f in calls if isinstance(f, (ast.Name, ast.Attribute))}


def resolve(dotted: str):
    """The object a dotted name such as "geo.store.Store.events" names."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise LookupError(dotted)


def test_every_command_is_in_the_readme_with_its_one_library_call() -> None:
    rows = {command: re.sub(r"\([^()]*\)", "", call) for command, call in COMMAND_ROW.findall(README)}
    assert set(rows) == set(commands()) == set(LIBRARY_CALLS), "the README's command table, the parser and LIBRARY_CALLS differ"
    for command, call in LIBRARY_CALLS.items():
        assert rows[command] == call, f"README: `{command}` calls {rows[command]}, the command line {call}"


@pytest.mark.parametrize("command", sorted(LIBRARY_CALLS))
def test_every_command_makes_its_library_call(command: str) -> None:
    call = LIBRARY_CALLS[command]
    assert callable(resolve(call)), call
    handler = commands()[command].get_default("handler")
    assert call.rsplit(".", 1)[1] in called_names(handler), f"{handler.__name__} does not call {call}"


@pytest.mark.parametrize("name", MODULES)
def test_every_module_opens_with_a_one_line_summary(name: str) -> None:
    doc = importlib.import_module(name).__doc__
    assert doc and doc.strip(), f"{name} has no docstring"
    assert doc.strip().splitlines()[0].endswith("."), f"{name}: the first line of its docstring is not a sentence"


def readme_modules() -> set[str]:
    """The modules README's "How it works" names: dotted (geo.text), as a path (geo/cli.py), or as a file of a
    folder in its tree ("geo/store/" then "database.py")."""
    how = README[README.index("## How it works"):README.index("## Security")]
    named = set(re.findall(r"\bgeo(?:\.\w+)+", how))
    named |= {"geo." + path.replace("/", ".") for path in re.findall(r"\bgeo/((?:\w+/)*\w+)\.py\b", how)}
    folder = None
    for line in how.split("```")[1].splitlines():
        header = re.match(r"geo/(\w+)/\s", line)
        if header:
            folder = header.group(1)
            named.add(f"geo.{folder}")
        elif not line.startswith(" "):
            folder = None
        if folder:
            named |= {f"geo.{folder}.{stem}" for stem in re.findall(r"\b(\w+)\.py\b", line)}
    return named


def test_the_readme_tree_and_the_package_agree() -> None:
    named = readme_modules()
    assert not [m for m in MODULES if m not in named], "README's How it works leaves out these modules"
    unknown = sorted(n for n in named if not any(n == m or n.startswith(m + ".") for m in MODULES))
    assert not unknown, f"README's How it works names what is no module of geo: {unknown}"
