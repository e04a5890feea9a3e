"""The teacher's view of a class, on top of the store: numbers, a live dashboard, item analysis.

- :func:`class_stats`: a class's numbers from its attempt rows (pure; any backend, or merged
  export files); :func:`format_report` prints them; :func:`class_report` adds one row per
  learner for the hub's class page (:mod:`kit.classroom.stats`).
- :func:`dashboard`: the live view in a notebook (:mod:`kit.classroom.widget`).
- :func:`item_stats` / :func:`item_analysis`: per-question difficulty, as numbers or a chart
  (:mod:`kit.classroom.items`).
- :func:`class_gain` / :func:`learner_gain`: did the workshop work? The concept inventory's
  normalised gain (:mod:`kit.classroom.gain`); :func:`item_report`: difficulty,
  discrimination, distractor tables and flags (:mod:`kit.classroom.analysis`); the capstone
  rubric (:mod:`kit.classroom.rubric`, its form :mod:`kit.classroom.rubricform`) and the LMS
  gradebook (:mod:`kit.classroom.gradebook`).
- ``kit progress report`` prints the dashboard's numbers in a terminal (``--gain``,
  ``--items``); ``kit progress gradebook`` and ``kit progress rubric`` (:mod:`kit.classroom.cli`).

``import kit.classroom`` stays light: the widget loads on first use, plotly only inside
:func:`item_analysis`. ``kit.quiz`` re-exports ``dashboard``, ``class_stats``,
``item_stats`` and ``item_analysis`` for the lessons.

Examples
--------
>>> rows = [{"learner": "ada", "bank": "b", "question": "q1", "response": '"4"',
...          "correct": True, "time": "2026-01-01T09:01:00+00:00"}]
>>> class_stats(rows, now="2026-01-01T09:05:00+00:00")["finished"]
1
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kit.classroom.analysis import item_report
from kit.classroom.gain import class_gain, learner_gain
from kit.classroom.items import item_analysis, item_stats
from kit.classroom.stats import class_report, class_stats, format_report

if TYPE_CHECKING:  # pragma: no cover
    from kit.classroom.widget import Dashboard

__all__ = [
    "class_stats",
    "class_report",
    "format_report",
    "item_stats",
    "item_analysis",
    "item_report",
    "class_gain",
    "learner_gain",
    "dashboard",
    "Dashboard",
]


def dashboard(class_id=None, banks=None, **kwargs) -> Dashboard:
    """Return the instructor's live dashboard; see :class:`kit.classroom.widget.Dashboard`."""
    from kit.classroom.widget import Dashboard as _Dashboard

    return _Dashboard(class_id, banks, **kwargs)


def __getattr__(name: str):
    # The widget class pulls in anywidget; load it only when asked for.
    if name == "Dashboard":
        from kit.classroom.widget import Dashboard

        return Dashboard
    raise AttributeError(f"module 'kit.classroom' has no attribute {name!r}")
