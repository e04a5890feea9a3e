"""Item analysis of a class: how hard each question is, whether it tells learners apart, and
which wrong options anyone believes (pure functions, any backend).

For every question a class tried, from each learner's *first try* (what they thought before
any feedback):

- **difficulty**: the share right at the first try (Moodle calls it the facility index);
- **discrimination**: the point-biserial correlation of first-try correctness with the rest
  of the learner's first-try score on the same bank (the other questions they got right at
  the first try; a question never tried counts as not right), so the question is not
  correlated with itself; and the upper-lower index: the share right among the 27% of
  learners with the highest rest score minus that among the 27% with the lowest;
- **the distractor table**: every option of a choice question as the bank lists it, those
  nobody picked too, with how many learners picked it at their first try and the named
  misconception it stands for (``misconception:`` in the bank); for other kinds, the most
  common first answers;
- **flags** for questions worth rereading (:data:`FLAG_WORDS`).

The rows of the capstone rubric (bank ``rubric``) are scores, not answers, and are left out.

Examples
--------
>>> rows = [{"learner": name, "bank": "b", "question": q, "response": '"x"',
...          "correct": right, "time": "2026-01-01T10:00:00+00:00"}
...         for name, marks in {"ada": (1, 1), "bo": (1, 0), "cy": (0, 0)}.items()
...         for q, right in zip(("q1", "q2"), marks)]
>>> report = item_report(rows)
>>> [(i["question"], round(i["difficulty"], 2), i["discrimination"]) for i in report["items"]]
[('q1', 0.67, 0.5), ('q2', 0.33, 0.5)]
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Iterable
from operator import itemgetter

from kit.classroom.formats import format_items  # noqa: F401 - the report's text, here too
from kit.classroom.rubric import RUBRIC_BANK
from kit.classroom.text import _plain, response_text
from kit.errors import KitError
from kit.limits import load_json

__all__ = [
    "first_tries",
    "item_report",
    "point_biserial",
    "upper_lower",
    "FLAG_WORDS",
    "ENOUGH",
    "ENOUGH_FOR_DISTRACTORS",
    "NEAR_ZERO",
]

#: Learners who must have answered before a question is flagged at all.
ENOUGH = 10
#: ... before a wrong option that nobody picked is flagged (a good distractor may still go
#: unpicked in a small class).
ENOUGH_FOR_DISTRACTORS = 20
#: A point-biserial below this (and not negative) is "near zero".
NEAR_ZERO = 0.1
#: The share of learners at each end for the upper-lower index.
UPPER_LOWER_SHARE = 0.27

#: Each flag in plain words, with what to do about it.
FLAG_WORDS = {
    "negative": "learners who did well on the rest got this one wrong more often than those "
    "who did not: reread the question and its key, it may reward the wrong reasoning",
    "near-zero": "right or wrong here says little about the rest: it may be ambiguous, or "
    "test something the other questions do not",
    "everyone-right": "everyone was right at the first try: it tells nobody anything new; make "
    "it harder or drop it",
    "nobody-right": "nobody was right at the first try: check the key and the wording",
    "unpicked": "a wrong option nobody picked: it does no work; replace it with a belief "
    "learners really hold",
}


def _truthy(value) -> bool:
    if value is True or value is False:
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def first_tries(
    rows: Iterable, *, skip_banks: Iterable[str] = (RUBRIC_BANK,), unique: bool = False
) -> dict:
    """Each learner's first attempt at each question: ``{(bank, question): {learner:
    (correct, response)}}``, questions in first-seen order.

    ``rows`` are attempt rows (store rows, export rows or :class:`kit.store.Attempt`); the
    first is the earliest by time, then by attempt number or database id. ``unique``: the
    rows are already one per learner and question (:meth:`kit.store.ProgressStore.
    first_attempts`), so they are taken as they are.
    """
    skip = set(skip_banks)
    if unique:
        out: dict[tuple, dict] = {}
        for row in rows:
            if row["bank"] in skip:
                continue
            key = (row["bank"], row["question"])
            mark = (_truthy(row["correct"]), row["response"])
            try:
                out[key][row["learner"]] = mark
            except KeyError:
                out[key] = {row["learner"]: mark}
        return out
    best: dict[tuple, tuple] = {}
    get = best.get
    for row in rows:
        if type(row) is dict:
            bank = row["bank"]
            if bank in skip:
                continue
            key = (bank, row["question"], row["learner"])
            when = row.get("time") or ""
            number = row.get("attempt") or row.get("id") or 0
        else:
            bank = row.bank
            if bank in skip:
                continue
            key = (bank, row.question, row.learner)
            when, number = row.time, row.attempt
        old = get(key)
        if old is None or when < old[0] or (when == old[0] and number < old[1]):
            best[key] = (when, number, row)
    out = {}
    for (bank, question, learner), (_, _, row) in best.items():
        if type(row) is dict:
            mark = (_truthy(row["correct"]), row.get("response"))
        else:
            mark = (_truthy(row.correct), row.response)
        try:
            out[(bank, question)][learner] = mark
        except KeyError:
            out[(bank, question)] = {learner: mark}
    return out


def point_biserial(x: list[int], y: list[float]) -> float | None:
    """The correlation of 0/1 marks ``x`` with scores ``y`` (None when either does not vary).

    Examples
    --------
    >>> round(point_biserial([1, 1, 0, 0], [3, 2, 1, 0]), 3)
    0.894
    >>> point_biserial([1, 1, 1], [3, 2, 1]) is None
    True
    """
    n = len(x)
    if n < 2:
        return None
    sx, sy = sum(x), sum(y)
    sxx = sx - sx * sx / n  # x is 0/1, so sum(x*x) == sum(x)
    syy = sum(v * v for v in y) - sy * sy / n
    sxy = sum(v for m, v in zip(x, y, strict=True) if m) - sx * sy / n
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def upper_lower(pairs: list[tuple[str, int, float]]) -> float | None:
    """Share right in the top 27% by rest score minus share right in the bottom 27%.

    ``pairs`` are ``(learner, mark, rest score)``; ties in the score are broken by the
    learner's name, so the result never depends on row order. None when the two groups
    would overlap (fewer than two learners) or when every rest score is the same.

    Examples
    --------
    >>> upper_lower([("a", 1, 9), ("b", 1, 8), ("c", 0, 5), ("d", 0, 1)])
    1.0
    """
    n = len(pairs)
    k = max(1, round(UPPER_LOWER_SHARE * n))
    if 2 * k > n or len({p[2] for p in pairs}) < 2:
        return None  # too few, or the rest tells nobody apart
    ranked = sorted(pairs, key=lambda p: (-p[2], p[0]))
    top = sum(p[1] for p in ranked[:k]) / k
    bottom = sum(p[1] for p in ranked[-k:]) / k
    return top - bottom


@functools.lru_cache(maxsize=64)
def _bank(bank_id: str):
    """The shipped bank a stored bank id comes from (phases included), or None."""
    from kit.quiz.bank import load_bank
    from kit.quiz.phases import split_phase

    phase = split_phase(bank_id)
    try:
        return load_bank(phase[0] if phase else bank_id)
    except (KitError, OSError, ValueError):
        return None


def _parse(response):
    if isinstance(response, str):
        try:
            return load_json(response, what="a response", max_bytes=20_000, max_depth=8)
        except ValueError:
            return response
    return response


def _tally(learners: dict, *, with_mark: bool = False) -> dict:
    """How many learners gave each stored response (``(mark, response)`` with ``with_mark``)
    at the first try."""
    marks = learners.values()
    try:
        return Counter(marks) if with_mark else Counter(map(itemgetter(1), marks))
    except TypeError:  # an Attempt's response is a list: count its JSON text instead
        out: Counter = Counter()
        for right, response in marks:
            text = json.dumps(response, sort_keys=True, default=str)
            out[(right, text) if with_mark else text] += 1
        return out


def _choices(bank, question_id: str):
    """``(type, [(label, correct, misconception)])`` of a choice question, else None."""
    if bank is None:
        return None
    try:
        q = bank[question_id]
    except (KeyError, KitError):
        return None
    if q.type not in ("single", "multi"):
        return None
    names = bank.info(question_id).misconceptions
    return q.type, [(o.label, o.correct, names.get(o.label, "")) for o in q.options]


def _label(bank, question_id: str) -> str:
    try:
        return response_text(_plain(bank[question_id].prompt), 70) if bank else question_id
    except (KeyError, KitError):
        return question_id


def item_report(
    rows: Iterable,
    *,
    questions: Iterable[tuple] | None = None,
    banks: Iterable | None = None,
    firsts: dict | None = None,
) -> dict:
    """Difficulty, discrimination, the distractor table and flags for every question.

    Parameters
    ----------
    rows
        Attempt rows of one class (any backend, or merged exports).
    questions
        ``(bank, question)`` pairs (or with a label) to report, in order, untried ones too;
        default every question in the rows, in first-seen order.
    banks
        Bank ids, paths or :class:`kit.quiz.bank.Bank` objects that give the options and
        their misconceptions; default the shipped bank of each stored bank id (a phase's
        attempts, ``inventory-pre``, use ``inventory``), when there is one.
    firsts
        :func:`first_tries` of the rows, when the caller has it already (``rows`` is then
        not read).

    Returns
    -------
    dict
        ``learners`` (who answered anything), ``flagged`` (questions with a flag) and
        ``items``: per question ``bank``, ``question``, ``label``, ``kind``, ``n`` (learners
        who answered), ``right`` (right at the first try), ``difficulty`` (their share; None
        when nobody answered), ``discrimination`` (point-biserial against the rest score of
        the same bank; None when it cannot be computed: fewer than two learners, or
        everybody alike), ``upper_lower`` (None likewise), ``options`` (choice questions:
        ``label``, ``correct``, ``misconception``, ``picked``: learners who chose it at the
        first try, ``share``), ``answers`` (other kinds: the five most common first answers,
        ``answer``, ``learners``, ``correct``) and ``flags`` (``[{"flag", "words"}]``).
    """
    if firsts is None:
        firsts = first_tries(rows)
    by_id = {}
    for source in banks or ():
        if isinstance(source, str) and not source.endswith((".yaml", ".yml", ".json")):
            bank = _bank(source)
        else:
            from kit.quiz.bank import load_bank

            bank = load_bank(source)
        if bank is not None:
            by_id[bank.id] = bank

    def bank_of(stored: str):
        if stored in by_id:
            return by_id[stored]
        from kit.quiz.phases import split_phase

        phase = split_phase(stored)
        if phase and phase[0] in by_id:
            return by_id[phase[0]]
        return _bank(stored)

    labels: dict[tuple, str] = {}
    if questions is None:
        # Bank by bank; in a bank the file's order when the bank is known, else by id (the
        # same order from every backend, whatever order the rows came in).
        from kit.quiz.phases import PHASES, split_phase

        def place(key: tuple) -> tuple:
            bank = bank_of(key[0])
            ids = bank.ids if bank is not None else []
            phase = split_phase(key[0])  # a phase's bank: pre, post, delayed in that order
            head = (phase[0], 1 + PHASES.index(phase[1])) if phase else (key[0], 0)
            return (*head, ids.index(key[1]) if key[1] in ids else len(ids), key[1])

        order = sorted(firsts, key=place)
    else:
        order = []
        for item in questions:
            key = (str(item[0]), str(item[1]))
            order.append(key)
            if len(item) > 2:
                labels[key] = str(item[2])

    # Each learner's first-try score per bank: the rest score of an item is this minus it.
    # Vectorised (numpy), since a large class has 1,000 learners x 80 questions.
    import numpy as np

    names = sorted({learner for learners in firsts.values() for learner in learners})
    rank = {name: i for i, name in enumerate(names)}
    columns: dict[tuple, tuple] = {}  # key -> (learner ranks, marks)
    totals: dict[str, np.ndarray] = {}
    for key, learners in firsts.items():
        n = len(learners)
        idx = np.fromiter((rank[name] for name in learners), np.int64, n)
        x = np.fromiter((mark[0] for mark in learners.values()), np.float64, n)
        columns[key] = (idx, x)
        if key[0] not in totals:
            totals[key[0]] = np.zeros(len(names))
        totals[key[0]][idx] += x  # one first try per learner and item: no repeats in idx

    items = []
    for key in order:
        bank_id, question = key
        bank = bank_of(bank_id)
        learners = firsts.get(key, {})
        idx, x = columns.get(key, (np.zeros(0, np.int64), np.zeros(0)))
        n = len(x)
        right = int(x.sum())
        rest = totals[bank_id][idx] - x if n else x
        r = _point_biserial_np(x, rest)
        item = {
            "bank": bank_id,
            "question": question,
            "label": labels.get(key) or _label(bank, question),
            "kind": "",
            "n": n,
            "right": right,
            "difficulty": right / n if n else None,
            "discrimination": round(r, 3) if r is not None else None,
            "upper_lower": _upper_lower_np(x, rest, idx),
            "options": [],
            "answers": [],
            "flags": [],
        }
        choices = _choices(bank, question)
        if choices is not None:
            item["kind"], options = choices
            picked = dict.fromkeys((label for label, _, _ in options), 0)
            # Responses repeat (there are a few options): parse each distinct one once.
            for raw, count in _tally(learners).items():
                value = _parse(raw)
                chosen = value if isinstance(value, list) else [value]
                for label in {c.strip() for c in chosen if isinstance(c, str)}:
                    if label in picked:
                        picked[label] += count
            item["options"] = [
                {
                    "label": label,
                    "correct": correct,
                    "misconception": name,
                    "picked": picked[label],
                    "share": picked[label] / n if n else 0.0,
                }
                for label, correct, name in options
            ]
        else:
            if bank is not None and question in bank.ids:
                item["kind"] = bank[question].type
            counts: dict[str, list] = {}
            for (right_, raw), count in _tally(learners, with_mark=True).items():
                entry = counts.setdefault(response_text(raw), [0, right_])
                entry[0] += count
            common = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))[:5]
            item["answers"] = [
                {"answer": text, "learners": c, "correct": ok} for text, (c, ok) in common
            ]
        item["flags"] = [{"flag": f, "words": FLAG_WORDS[f]} for f in _flags(item)]
        items.append(item)
    return {
        "learners": len(names),
        "flagged": sum(bool(i["flags"]) for i in items),
        "items": items,
    }


def _point_biserial_np(x, y) -> float | None:
    """:func:`point_biserial` on numpy arrays (the same sums)."""
    n = len(x)
    if n < 2:
        return None
    sx, sy = float(x.sum()), float(y.sum())
    sxx = sx - sx * sx / n
    syy = float(y @ y) - sy * sy / n
    sxy = float(x @ y) - sx * sy / n
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def _upper_lower_np(x, rest, idx) -> float | None:
    """:func:`upper_lower` on numpy arrays: ties in the rest score broken by the learner's
    name (``idx`` ranks the names)."""
    import numpy as np

    n = len(x)
    k = max(1, round(UPPER_LOWER_SHARE * n))
    if 2 * k > n or not n or rest.min() == rest.max():
        return None  # too few, or the rest tells nobody apart
    ranked = x[np.lexsort((idx, -rest))]
    return float(ranked[:k].mean() - ranked[-k:].mean())


def _flags(item: dict) -> list[str]:
    n, r = item["n"], item["discrimination"]
    flags = []
    if n >= ENOUGH:
        if item["right"] == n:
            flags.append("everyone-right")
        elif item["right"] == 0:
            flags.append("nobody-right")
        if r is not None and r < 0:
            flags.append("negative")
        elif r is not None and r < NEAR_ZERO:
            flags.append("near-zero")
    if n >= ENOUGH_FOR_DISTRACTORS and any(
        not o["correct"] and not o["picked"] for o in item["options"]
    ):
        flags.append("unpicked")
    return flags
