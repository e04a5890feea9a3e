"""A class's numbers from its attempts: pure functions, for the dashboard, the terminal, the hub.

:func:`class_stats` reads attempt rows (``store.attempts(class_id=...)``, the rows of a merged
``kit progress export`` file, or the hub service's rows) and returns plain numbers: no SQL,
no widgets, so the live dashboard (:mod:`kit.classroom.widget`), ``kit progress report``
and the hub's class page (:func:`class_report`) show the same figures from any backend.
:func:`format_report` prints them as a table, CSV or JSON.

Examples
--------
>>> rows = [
...     {"learner": "ada", "bank": "b", "question": "q1", "response": "3", "correct": False,
...      "time": "2026-01-01T09:00:00.000+00:00"},
...     {"learner": "ada", "bank": "b", "question": "q1", "response": "4", "correct": True,
...      "time": "2026-01-01T09:01:00.000+00:00"},
...     {"learner": "bo", "bank": "b", "question": "q1", "response": "3", "correct": False,
...      "time": "2026-01-01T09:02:00.000+00:00"},
... ]
>>> stats = class_stats(rows, now="2026-01-01T09:05:00+00:00")
>>> stats["learners"], stats["active"], stats["finished"]
(2, 2, 1)
>>> q = stats["questions"][0]
>>> [q[k] for k in ("tried", "share_first_try", "share_right", "common_wrong")]
[2, 0.0, 0.5, '3']
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from kit.classroom.rubric import RUBRIC_BANK
from kit.classroom.text import MAX_SHOWN_RESPONSE, _plain, response_text  # noqa: F401
from kit.errors import KitError

__all__ = [
    "class_stats",
    "class_report",
    "format_report",
    "response_text",
    "bank_questions",
    "REPORT_COLUMNS",
]

#: Attempts at a question, never right, that make a learner "stuck" on it.
STUCK_AFTER = 3
#: A learner is active when their last attempt is this recent.
ACTIVE_MINUTES = 10

#: Per-question columns of ``kit progress report --format csv``.
REPORT_COLUMNS = (
    "bank",
    "question",
    "tried",
    "attempts",
    "share_first_try",
    "share_right",
    "common_wrong",
    "common_wrong_learners",
    "stuck",
)


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def _when(text) -> datetime | None:
    if isinstance(text, datetime):
        return text if text.tzinfo else text.replace(tzinfo=UTC)
    try:
        when = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def class_stats(
    rows: Iterable,
    *,
    now: str | datetime | None = None,
    questions: Iterable[tuple[str, str] | tuple[str, str, str]] | None = None,
    stuck_after: int = STUCK_AFTER,
    active_minutes: float = ACTIVE_MINUTES,
) -> dict:
    """A class's summary and per-question numbers from its attempt rows.

    Parameters
    ----------
    rows
        Attempts (:class:`kit.store.Attempt` or dicts with ``learner``, ``bank``,
        ``question``, ``response``, ``correct``, ``time``; ``attempt`` breaks ties in time).
    now
        The time "active in the last 10 minutes" is measured from; default the clock.
    questions
        ``(bank, question)`` or ``(bank, question, label)`` in the order to show, including
        questions nobody tried yet; default every question in the rows, in first-seen order.
        Attempts at other questions are left out.
    stuck_after
        Attempts, none right, after which a learner counts as stuck on a question.

    Returns
    -------
    dict
        ``learners`` (who tried anything), ``active`` (of them, with an attempt in the last
        ``active_minutes``), ``attempts``, ``finished`` (learner-question pairs right in the
        end), ``possible`` (learners x questions), ``now``, and ``questions``: one dict per
        question with ``bank``, ``question``, ``label``, ``tried`` (learners), ``attempts``,
        ``right_first_try`` and ``right`` (learners), ``share_first_try`` and ``share_right``
        (of those who tried; 0 when nobody did), ``common_wrong`` (the wrong response most
        learners gave, or ''), ``common_wrong_learners``, ``stuck`` (learner names, sorted).
    """
    when_now = _when(now) if now is not None else datetime.now(UTC)
    if when_now is None:
        raise KitError(f"cannot read the time {now!r}; give an ISO 8601 time")
    wanted = None
    labels: dict[tuple[str, str], str] = {}
    if questions is not None:
        wanted = []
        for item in questions:
            key = (str(item[0]), str(item[1]))
            wanted.append(key)
            labels[key] = str(item[2]) if len(item) > 2 else key[1]
    wanted_set = set(wanted) if wanted is not None else None

    per: dict[tuple[str, str], dict[str, list]] = {}
    last_seen: dict[str, str] = {}
    total = 0
    for row in rows:
        if isinstance(row, dict):
            bank, question, learner = row["bank"], row["question"], row["learner"]
            when, number = row.get("time") or "", row.get("attempt") or 0
            correct, response = row["correct"], row.get("response")
        else:
            bank, question, learner = row.bank, row.question, row.learner
            when, number, correct, response = row.time, row.attempt, row.correct, row.response
        key = (bank, question)
        if wanted_set is not None and key not in wanted_set:
            continue
        if wanted_set is None and bank == RUBRIC_BANK:
            continue  # the capstone rubric's scores are not answers
        if correct is not True and correct is not False:
            correct = _truthy(correct)
        try:
            per[key][learner].append((when, number, correct, response))
        except KeyError:
            per.setdefault(key, {})[learner] = [(when, number, correct, response)]
        if when > last_seen.get(learner, ""):
            last_seen[learner] = when
        total += 1

    order = wanted if wanted is not None else list(per)
    since = when_now - timedelta(minutes=active_minutes)
    active = 0
    for when in last_seen.values():
        seen = _when(when)
        if seen is not None and since <= seen <= when_now + timedelta(minutes=1):
            active += 1

    texts: dict = {}

    def text_of(value) -> str:
        try:
            return texts[value]
        except KeyError:
            texts[value] = text = response_text(value)
            return text
        except TypeError:  # a list or dict (Attempt rows): not hashable
            return response_text(value)

    out_questions = []
    finished = 0
    for key in order:
        learners = per.get(key, {})
        first = right = attempts = 0
        stuck = []
        wrong: Counter[str] = Counter()
        for learner, tries in learners.items():
            if len(tries) > 1:
                tries.sort(key=lambda t: (t[0], t[1]))
            attempts += len(tries)
            if tries[0][2]:
                first += 1
            if any(t[2] for t in tries):
                right += 1
            elif len(tries) >= stuck_after:
                stuck.append(learner)
            # Count each wrong response once per learner, so one learner retrying the same
            # wrong answer does not make it "common".
            for text in {text_of(t[3]) for t in tries if not t[2]}:
                if text:
                    wrong[text] += 1
        finished += right
        tried = len(learners)
        common = min(wrong.items(), key=lambda kv: (-kv[1], kv[0])) if wrong else ("", 0)
        out_questions.append(
            {
                "bank": key[0],
                "question": key[1],
                "label": labels.get(key, key[1]),
                "tried": tried,
                "attempts": attempts,
                "right_first_try": first,
                "right": right,
                "share_first_try": first / tried if tried else 0.0,
                "share_right": right / tried if tried else 0.0,
                "common_wrong": common[0],
                "common_wrong_learners": common[1],
                "stuck": sorted(stuck),
            }
        )
    return {
        "learners": len(last_seen),
        "active": active,
        "active_minutes": active_minutes,
        "attempts": total,
        "finished": finished,
        "possible": len(last_seen) * len(order),
        "now": when_now.isoformat(timespec="seconds"),
        "questions": out_questions,
    }


def class_report(
    rows: list[dict], *, class_id: str | None = None, now=None, analysis: bool = True
) -> dict:
    """:func:`class_stats` of ``rows`` plus ``class_id`` and ``per_learner``
    (``learner``, ``attempts``, ``tried`` and ``right``: questions tried and right), and,
    with ``analysis``, ``gain`` (the concept inventory's learning gain,
    :func:`kit.classroom.gain.class_gain`) and ``items`` (the item analysis,
    :func:`kit.classroom.analysis.item_report`) from the same rows.

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
    if analysis:
        from kit.classroom.analysis import first_tries, item_report
        from kit.classroom.gain import class_gain

        firsts = first_tries(rows)
        try:
            stats["gain"] = class_gain(rows, firsts=firsts)
        except KitError:  # no inventory bank in this data folder: no gain to show
            stats["gain"] = None
        stats["items"] = item_report(rows, firsts=firsts)
    tried: dict[str, set] = {}
    right: dict[str, set] = {}
    attempts: dict[str, int] = {}
    for row in rows:
        if row["bank"] == RUBRIC_BANK:
            continue
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


def bank_questions(banks: Iterable) -> list[tuple[str, str, str]]:
    """``(bank, question, label)`` for every question of the banks, in bank order.

    ``banks`` are bank ids, paths or :class:`kit.quiz.bank.Bank` objects; the label is the
    question's prompt, shortened to one line.
    """
    from kit.quiz.bank import load_bank

    out = []
    for source in banks:
        bank = load_bank(source)
        for q in bank.questions:
            out.append((bank.id, q.id, response_text(_plain(q.prompt), 70)))
    return out


def format_report(stats: dict, fmt: str = "table", *, title: str = "") -> str:
    """Render :func:`class_stats` as ``table`` (for people), ``csv`` or ``json``."""
    if fmt == "json":
        return json.dumps(stats, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=REPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for q in stats["questions"]:
            row = {k: q[k] for k in REPORT_COLUMNS}
            row["share_first_try"] = f"{q['share_first_try']:.3f}"
            row["share_right"] = f"{q['share_right']:.3f}"
            row["stuck"] = " ".join(q["stuck"])
            writer.writerow(row)
        return buf.getvalue()
    if fmt != "table":
        raise KitError(f"unknown report format {fmt!r}; use table, csv or json")
    lines = []
    if title:
        lines.append(title)
    lines.append(
        f"{stats['learners']} learners, {stats['active']} active in the last "
        f"{stats['active_minutes']:g} minutes; {stats['finished']} of {stats['possible']} "
        f"questions finished; {stats['attempts']} attempts (at {stats['now']})"
    )
    header = ("question", "tried", "1st try", "right", "most common wrong answer", "stuck")
    table = [header]
    for q in stats["questions"]:
        wrong = f"{q['common_wrong']} ({q['common_wrong_learners']})" if q["common_wrong"] else ""
        table.append(
            (
                f"{q['bank']}/{q['question']}",
                str(q["tried"]),
                f"{q['share_first_try']:.0%}" if q["tried"] else "-",
                f"{q['share_right']:.0%}" if q["tried"] else "-",
                wrong,
                ", ".join(q["stuck"]),
            )
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for row in table:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"
