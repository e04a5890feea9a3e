"""The format documentation stays true, and ``import kit.quiz`` stays light."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kit.data import data_path
from kit.quiz import check_bank, load_bank

ROOT = Path(__file__).resolve().parents[2]
README = data_path("quizzes", "README.md").read_text()
SNIPPETS = [
    block
    for block in re.findall(r"```yaml\n(.*?)```", README, re.S)
    if block.lstrip().startswith("- id:")
]


def test_readme_has_an_example_of_every_type():
    types = {re.search(r"type: (\w+)", block).group(1) for block in SNIPPETS}
    assert types == {"single", "multi", "numeric", "text", "ordering", "matching"}


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda s: s.split("\n")[0].split(": ")[1])
def test_readme_examples_are_valid_banks(tmp_path, snippet):
    path = tmp_path / "snippet.yaml"
    path.write_text("schema: 1\nquestions:\n" + snippet)
    assert [str(i) for i in check_bank(path)] == []
    [question] = load_bank(path).questions
    assert question.grade("anything").message


def test_import_is_light():
    code = (
        "import sys, kit.quiz\n"
        "heavy = [m for m in ('numpy', 'pandas', 'plotly', 'ipywidgets', 'anywidget') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == ""


def test_widget_classes_load_on_demand():
    import kit.quiz

    assert kit.quiz.QuestionWidget.__name__ == "QuestionWidget"
    with pytest.raises(AttributeError):
        kit.quiz.NoSuchThing  # noqa: B018


@pytest.mark.parametrize(
    "module",
    [
        "grading",
        "questions",
        "jupyterquiz_grading",
        "schema",
        "jupyterquiz",
        "bank",
        "state",
        "widgets",
        "__init__",
    ],
)
def test_docstring_examples_run(module):
    import doctest
    import importlib

    name = "kit.quiz" if module == "__init__" else f"kit.quiz.{module}"
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
