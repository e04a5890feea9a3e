"""Quizzes: question banks, grading in the kernel, widgets and lasting progress.

- Grading is plain Python: ``question.grade(response) -> Feedback`` (:mod:`kit.quiz.questions`).
- Banks are YAML files in ``data/quizzes/`` or jupyterquiz JSON (:mod:`kit.quiz.bank`).
- :func:`ask` / :func:`ask_all` show questions as widgets (:mod:`kit.quiz.widgets`).
- Every attempt is stored in a database chosen by ``$KIT_PROGRESS_URL``: a SQLite file by
  default, or one PostgreSQL database (or the JupyterHub service) for a whole class
  (:mod:`kit.store`; ``ProgressStore`` and friends are re-exported here).
- :func:`inventory` asks the concept inventory as a phase (``"pre"``, ``"post"``,
  ``"delayed"``; :mod:`kit.quiz.phase_widgets`); :func:`my_gain` shows a learner's own before
  and after.
- :func:`dashboard` is the instructor's live view of a class; :func:`class_stats` its
  numbers; :func:`item_analysis` charts a class's results. They live in :mod:`kit.classroom`
  and are re-exported here for the lessons (loaded on first use).

The package is built in layers, each importing only those below it (``CONTRIBUTING.md``
draws them; ``tests/test_import_layers.py`` enforces them): questions and grading ->
bank formats -> attempt state -> views, over the store (:mod:`kit.store`). This module sits
on top and wires them: displaying a question builds its widget through the view layer.

This is for self-checking, not for exams: the answer key stays in the kernel, but anyone
running the kernel can read the bank.

``import kit.quiz`` stays light: widgets and the teacher's view load on first use, plotly
and pandas only inside :func:`item_analysis`.

Examples
--------
>>> from kit import quiz
>>> q = quiz.SingleChoice("Which is two-way?", options=["a broadcast", "a conversation"],
...                       answer="a conversation")
>>> q.grade("a conversation").correct
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kit.quiz.bank import (
    Bank,
    BankError,
    BankIssue,
    check_bank,
    export_jupyterquiz,
    load_bank,
    to_jupyterquiz,
)
from kit.quiz.base import set_renderer
from kit.quiz.questions import (
    Feedback,
    FreeText,
    Matching,
    MultiSelect,
    Numeric,
    NumericAnswer,
    Option,
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
)
from kit.store import Attempt, ProgressStore, default_learner, merge_exports

if TYPE_CHECKING:  # pragma: no cover
    from kit.classroom import class_stats, item_analysis, item_stats
    from kit.classroom.widget import Dashboard
    from kit.quiz.phase_widgets import GainTable, InventorySection
    from kit.quiz.widgets import QuestionWidget, QuizSection

__all__ = [
    "Feedback",
    "Question",
    "SingleChoice",
    "MultiSelect",
    "Numeric",
    "FreeText",
    "Ordering",
    "Matching",
    "Option",
    "NumericAnswer",
    "TextAnswer",
    "Bank",
    "BankError",
    "BankIssue",
    "load_bank",
    "check_bank",
    "to_jupyterquiz",
    "export_jupyterquiz",
    "ProgressStore",
    "Attempt",
    "default_learner",
    "merge_exports",
    "item_analysis",
    "item_stats",
    "ask",
    "ask_all",
    "inventory",
    "my_gain",
    "dashboard",
    "class_stats",
    "QuestionWidget",
    "QuizSection",
]

_WIDGETS = ("QuestionWidget", "QuizSection")
#: The teacher's view, re-exported from kit.classroom (which sits above kit.quiz's formats).
_CLASSROOM = ("class_stats", "item_analysis", "item_stats")


def ask(bank, question_id: str, *, learner=None, store=None, seed=None) -> QuestionWidget:
    """Return the widget for one question; see :func:`kit.quiz.widgets.ask`."""
    from kit.quiz.widgets import ask as _ask

    return _ask(bank, question_id, learner=learner, store=store, seed=seed)


def ask_all(bank, *, learner=None, store=None, seed=None) -> QuizSection:
    """Return a section with every question of a bank; see :func:`kit.quiz.widgets.ask_all`."""
    from kit.quiz.widgets import ask_all as _ask_all

    return _ask_all(bank, learner=learner, store=store, seed=seed)


def inventory(phase: str, bank="inventory", *, learner=None, store=None) -> InventorySection:
    """Ask the concept inventory as a phase: ``"pre"`` (lesson 00: one answer per item, no
    feedback), ``"post"`` (after the capstone: feedback after each answer) or ``"delayed"``
    (a week later: the bank's ``delayed_check`` items); see :mod:`kit.quiz.phase_widgets`."""
    from kit.quiz.phase_widgets import InventorySection

    return InventorySection(phase, bank, learner=learner, store=store)


def my_gain(bank="inventory", *, learner=None, store=None) -> GainTable:
    """A learner's own answers to the concept inventory before, after and a week later, per
    item and in total, in plain words (from the progress store)."""
    from kit.classroom.gain import learner_gain
    from kit.quiz.bank import load_bank
    from kit.quiz.phase_widgets import GainTable
    from kit.store import resolve_store

    loaded = load_bank(bank)
    learner = learner or default_learner()
    where = resolve_store(store)
    rows = where.rows(learner=learner) if where is not None else []
    return GainTable(learner_gain(rows, learner, loaded))


def dashboard(class_id=None, banks=None, **kwargs) -> Dashboard:
    """Return the instructor's live dashboard; see :class:`kit.classroom.widget.Dashboard`."""
    from kit.classroom import dashboard as _dashboard

    return _dashboard(class_id, banks, **kwargs)


def _show_question(question: Question) -> None:
    """Display a bare question (``question`` as a cell's last line) as its widget."""
    from IPython.display import display

    from kit.quiz.widgets import QuestionWidget

    display(QuestionWidget(question))


set_renderer(_show_question)


def __getattr__(name: str):
    # The widget classes pull in ipywidgets; load them only when asked for.
    if name in _WIDGETS:
        from kit.quiz import widgets

        return getattr(widgets, name)
    if name in _CLASSROOM:
        import kit.classroom

        return getattr(kit.classroom, name)
    raise AttributeError(f"module 'kit.quiz' has no attribute {name!r}")
