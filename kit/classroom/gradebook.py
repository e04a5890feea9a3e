"""A class's gradebook as a CSV an LMS imports: one row per learner, one column per graded item.

The graded items: each lesson bank (points earned: a question's best score times its
points, summed over the bank), the concept inventory's phases (items right at the first
try; they measure the course, so an instructor may leave them out of a grade), and the
capstone rubric (each criterion's level and the total).

Two layouts, chosen with ``fmt``:

- ``moodle``: ``Username``, ``Class``, then one column per item. In Moodle (Grades >
  Import > CSV file) map ``Username`` to *username* and each item column to a grade item
  or "new grade item".
- ``canvas``: Canvas's gradebook import layout: ``Student``, ``ID``, ``SIS User ID``,
  ``SIS Login ID``, ``Section``, then the items, with a ``Points Possible`` row first. The
  hub's login name goes in ``SIS Login ID`` (Canvas matches students by it when ``ID`` is
  blank); new item columns become new assignments.

Both follow the layouts the two systems document for their CSV import; neither has been
imported into a live Moodle or Canvas by the kit's tests.

Examples
--------
>>> rows = [{"learner": "ada", "bank": "01", "question": "q1", "correct": True,
...          "score": 1.0, "points": 2.0, "time": "t", "response": '"x"'}]
>>> print(gradebook(rows, fmt="moodle", rubric=None, inventory=None).strip())
Username,Class,01 (points of 2)
ada,,2
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from kit.classroom.analysis import first_tries
from kit.classroom.rubric import RUBRIC_BANK, Rubric, scores
from kit.errors import KitError

__all__ = ["gradebook", "FORMATS"]

FORMATS = ("moodle", "canvas")


def _get(row, name):
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


def _num(x: float) -> str:
    return f"{x:.10g}"


def gradebook(
    rows: Iterable,
    *,
    fmt: str = "moodle",
    class_id: str | None = None,
    rubric: Rubric | None = None,
    inventory: str | None = "inventory",
) -> str:
    """The CSV text of a class's gradebook (see the module doc for the columns).

    ``rubric``: the rubric whose scores to add (None: leave it out); ``inventory``: the
    concept inventory's bank id, whose phases get a column each (None: leave them out).
    """
    if fmt not in FORMATS:
        raise KitError(f"unknown gradebook format {fmt!r}; use moodle or canvas")
    rows = list(rows)
    from kit.quiz.phases import PHASE_WORDS, split_phase

    # Lesson banks: the best score per question, times its points.
    best: dict[tuple, float] = {}
    points: dict[tuple, float] = {}
    learners: set[str] = set()
    banks: list[str] = []
    phases: dict[str, set] = {}
    for row in rows:
        bank, learner = str(_get(row, "bank")), str(_get(row, "learner"))
        learners.add(learner)
        if bank == RUBRIC_BANK:
            continue
        phase = split_phase(bank)
        if phase:
            if inventory and phase[0] == inventory:
                phases.setdefault(phase[1], set()).add(_get(row, "question"))
            continue
        if bank not in banks:
            banks.append(bank)
        key = (learner, bank, _get(row, "question"))
        score = float(_get(row, "score") or 0.0) * float(_get(row, "points") or 1.0)
        best[key] = max(best.get(key, 0.0), score)
        points[(bank, _get(row, "question"))] = float(_get(row, "points") or 1.0)
    banks.sort()
    columns: list[tuple[str, float, dict]] = []  # (header, points possible, learner -> value)
    for bank in banks:
        total = sum(p for (b, _), p in points.items() if b == bank)
        earned: dict[str, float] = {}
        for (learner, b, _), score in best.items():
            if b == bank:
                earned[learner] = earned.get(learner, 0.0) + score
        columns.append((f"{bank} (points of {_num(total)})", total, earned))
    if phases:
        firsts = first_tries(r for r in rows if split_phase(str(_get(r, "bank"))))
        for phase in ("pre", "post", "delayed"):
            if phase not in phases:
                continue
            stored = f"{inventory}-{phase}"
            right: dict[str, float] = {}
            for (bank, _), marks in firsts.items():
                if bank == stored:
                    for learner, (ok, _) in marks.items():
                        right[learner] = right.get(learner, 0.0) + ok
            n = len(phases[phase])
            columns.append((f"inventory {PHASE_WORDS[phase]} (right of {n})", float(n), right))
    if rubric is not None:
        got = scores(rows, rubric)
        for c in rubric.criteria:
            values = {name: float(s[c.id]["level"]) for name, s in got.items() if c.id in s}
            columns.append((f"rubric: {c.name} (of {c.top})", float(c.top), values))
        totals = {name: float(sum(v["level"] for v in s.values())) for name, s in got.items() if s}
        columns.append((f"rubric total (of {rubric.total})", float(rubric.total), totals))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names = sorted(learners)
    if fmt == "moodle":
        writer.writerow(["Username", "Class", *(c[0] for c in columns)])
        for name in names:
            writer.writerow([name, class_id or "", *(_cell(c[2], name) for c in columns)])
    else:
        writer.writerow(
            ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *(c[0] for c in columns)]
        )
        writer.writerow(["Points Possible", "", "", "", "", *(_num(c[1]) for c in columns)])
        for name in names:
            writer.writerow(
                [name, "", "", name, class_id or "", *(_cell(c[2], name) for c in columns)]
            )
    return buf.getvalue()


def _cell(values: dict, name: str) -> str:
    return _num(values[name]) if name in values else ""
