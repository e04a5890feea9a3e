"""A class's numbers for the service's report route and class page.

The numbers per question are the dashboard's own (:func:`kit.quiz.classroom.class_stats`,
a pure function of the attempt rows), so the service, the notebook dashboard and
``kit progress report`` agree; the service adds one row per learner.
"""

from __future__ import annotations

from kit.quiz.classroom import class_stats

__all__ = ["class_report"]


def class_report(rows: list[dict], *, class_id: str | None = None, now=None) -> dict:
    """:func:`~kit.quiz.classroom.class_stats` of ``rows`` plus ``class_id`` and ``per_learner``
    (``learner``, ``attempts``, ``tried`` and ``right``: questions tried and right).

    Examples
    --------
    >>> rows = [{"learner": "ada", "bank": "00", "question": "q1", "response": '"a"',
    ...          "correct": False, "time": "2026-01-01T10:00:00+00:00"},
    ...         {"learner": "ada", "bank": "00", "question": "q1", "response": '"b"',
    ...          "correct": True, "time": "2026-01-01T10:01:00+00:00"}]
    >>> r = class_report(rows, class_id="ws1", now="2026-01-01T10:05:00+00:00")
    >>> r["learners"], r["questions"][0]["right"], r["per_learner"]
    (1, 1, [{'learner': 'ada', 'attempts': 2, 'tried': 1, 'right': 1}])
    """
    stats = class_stats(rows, now=now)
    tried: dict[str, set] = {}
    right: dict[str, set] = {}
    attempts: dict[str, int] = {}
    for row in rows:
        key = (row["bank"], row["question"])
        tried.setdefault(row["learner"], set()).add(key)
        attempts[row["learner"]] = attempts.get(row["learner"], 0) + 1
        if row["correct"]:
            right.setdefault(row["learner"], set()).add(key)
    stats["class_id"] = class_id
    stats["per_learner"] = [
        {
            "learner": learner,
            "attempts": attempts[learner],
            "tried": len(tried[learner]),
            "right": len(right.get(learner, ())),
        }
        for learner in sorted(tried)
    ]
    return stats
