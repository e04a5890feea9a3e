"""The store's modules: their docstring examples run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "module", ["backends", "migrations", "outbox", "progress", "classroom", "instructor"]
)
def test_docstring_examples_run(module):
    result = doctest.testmod(
        importlib.import_module(f"kit.quiz.{module}"), optionflags=doctest.ELLIPSIS
    )
    assert result.failed == 0
