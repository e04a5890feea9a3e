"""Every Examples section in the kit's docstrings runs and gives what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kit

# kit.quiz's modules are checked in tests/quiz; __main__ runs the command line on import.
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(kit.__path__, "kit.")
    if not m.name.startswith("kit.quiz") and m.name != "kit.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_public_modules_have_examples():
    with_examples = [
        name for name in MODULES if doctest.DocTestFinder().find(importlib.import_module(name))
    ]
    assert {"kit.sim", "kit.sim.api", "kit.sim.scenario", "kit.data"} <= set(with_examples)
