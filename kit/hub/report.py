"""A class's numbers for the service's report route and page, from attempt rows alone.

A pure function of ``store.attempts(class_id=...)``, so it gives the same numbers on every
backend and through the service.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

__all__ = ["class_report"]

#: Tried at least this many times and never right: stuck.
STUCK_AFTER = 3


def _when(text: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def class_report(rows, *, class_id: str | None = None, now: datetime | None = None) -> dict:
    """Summary, per-question and per-learner numbers of a class's attempts.

    Parameters
    ----------
    rows : iterable of Attempt
        Attempts in store order (oldest first), e.g. ``store.attempts(class_id=...)``.
    now : datetime, optional
        For "active in the last 10 minutes"; default the current UTC time.

    Examples
    --------
    >>> from kit.quiz.progress import Attempt
    >>> rows = [Attempt("ada", "00", "q1", 1, "a", False, 0.0, 1.0, "2026-01-01T10:00:00+00:00"),
    ...         Attempt("ada", "00", "q1", 2, "b", True, 1.0, 1.0, "2026-01-01T10:01:00+00:00")]
    >>> r = class_report(rows, now=datetime(2026, 1, 1, 10, 5, tzinfo=UTC))
    >>> q = r["questions"][0]
    >>> r["summary"]["learners"], q["right_in_end"], q["common_wrong"]
    (1, 1, '"a"')
    """
    now = now or datetime.now(UTC)
    per_q: dict[tuple, dict] = defaultdict(dict)  # (bank, question) -> learner -> list
    per_l: dict[str, list] = defaultdict(list)
    active = set()
    for a in rows:
        per_q[(a.bank, a.question)].setdefault(a.learner, []).append(a)
        per_l[a.learner].append(a)
        when = _when(a.time)
        if when is not None and now - when <= timedelta(minutes=10):
            active.add(a.learner)
    questions = []
    for (bank, question), by_learner in sorted(per_q.items()):
        wrong = Counter(
            json.dumps(a.response, sort_keys=True, ensure_ascii=False)
            for tries in by_learner.values()
            for a in tries
            if not a.correct
        )
        questions.append(
            {
                "bank": bank,
                "question": question,
                "tried": len(by_learner),
                "first_try_right": sum(tries[0].correct for tries in by_learner.values()),
                "right_in_end": sum(any(a.correct for a in t) for t in by_learner.values()),
                "common_wrong": wrong.most_common(1)[0][0] if wrong else "",
                "stuck": ", ".join(
                    sorted(
                        learner
                        for learner, t in by_learner.items()
                        if len(t) >= STUCK_AFTER and not any(a.correct for a in t)
                    )
                ),
            }
        )
    learners = []
    for learner, tries in sorted(per_l.items()):
        qs = {(a.bank, a.question) for a in tries}
        right = {(a.bank, a.question) for a in tries if a.correct}
        learners.append(
            {"learner": learner, "attempts": len(tries), "tried": len(qs), "right": len(right)}
        )
    return {
        "class_id": class_id,
        "generated": now.isoformat(timespec="seconds"),
        "summary": {
            "learners": len(per_l),
            "attempts": sum(len(t) for t in per_l.values()),
            "active_10min": len(active),
            "questions_finished": sum(q["right_in_end"] for q in questions),
        },
        "questions": questions,
        "learners": learners,
    }
