"""Our YAML bank format (``schema: 1``): check the data with line numbers, build the questions.

The fields a question may have come from :mod:`kit.quiz.schema` (the same lists the JSON
Schema is built from); the values are checked here, kind by kind (:data:`CHECKS`), and a
question that passes is built by its constructor (:data:`BUILDERS`), whose own checks
become issues too. What a bank says about a question besides the question (its Bloom level,
the earlier banks it revisits, the misconception each wrong option stands for:
:data:`kit.quiz.schema.META_FIELDS`) is checked here too and kept in the bank
(:meth:`kit.quiz.checking.Bank.info`). The format is documented in ``data/quizzes/README.md``.
"""

from __future__ import annotations

import difflib
import numbers
import re
from collections.abc import Callable, Mapping
from typing import Any

from kit.quiz.base import ID_RE, Question
from kit.quiz.checking import Bank, Checker, ItemInfo
from kit.quiz.questions import (
    TYPES,
    FreeText,
    Matching,
    MultiSelect,
    Numeric,
    NumericAnswer,
    Option,
    Ordering,
    SingleChoice,
    TextAnswer,
)
from kit.quiz.schema import (
    BANK_FIELDS,
    BLOOM_LEVELS,
    COMMON_FIELDS,
    SCHEMA_VERSION,
    answer_fields,
    question_fields,
)

__all__ = ["check_kit", "build", "CHECKS", "BUILDERS"]

_COMMON = set(COMMON_FIELDS)


def _check_common(c: Checker, q: Mapping) -> None:
    c.text(q, "prompt", required=True, nonempty=True)
    c.text(q, "code")
    c.text(q, "explanation")
    c.text(q, "default_feedback")
    c.number(q, "points", above=0)
    c.number(q, "max_attempts", minimum=1, integer=True)
    c.boolean(q, "shuffle")
    c.text_list(q, "hints")


def _check_meta(c: Checker, q: Mapping, bank_id: str) -> None:
    """The fields that describe a question (bloom, revisits); not graded, still checked."""
    if "bloom" in q:
        level = q["bloom"]
        if level not in BLOOM_LEVELS:
            close = difflib.get_close_matches(str(level).lower(), BLOOM_LEVELS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            c.add(("bloom",), f"must be one of {', '.join(BLOOM_LEVELS)}, not {level!r}{hint}")
    if "revisits" in q:
        banks = c.text_list(q, "revisits", min_len=1)
        for i, earlier in enumerate(banks or ()):
            if earlier == bank_id:
                c.add(("revisits", i), f"names this bank ({earlier!r}); list earlier banks only")
            elif not ID_RE.match(earlier):
                c.add(("revisits", i), f"must be a bank id like '01', not {earlier!r}")


def _check_choice(c: Checker, q: Mapping, kind: str) -> None:
    answers = q.get("answers")
    if not isinstance(answers, list) or len(answers) < 2:
        if "answers" in q:
            c.add(("answers",), "must be a list of at least 2 options")
        else:
            c.add((), "needs an 'answers' list of at least 2 options")
        return
    labels, n_correct = [], 0
    for i, a in enumerate(answers):
        rel = ("answers", i)
        if isinstance(a, str):
            c.add(rel, f"must be a mapping like {{text: {a!r}, correct: false}}")
            continue
        if not isinstance(a, Mapping):
            c.add(rel, "must be a mapping with text, correct and feedback")
            continue
        c.known(a, answer_fields(kind), rel)
        text = c.text(a, "text", rel)
        code = c.text(a, "code", rel)
        if not text and not code:
            c.add(rel, "needs 'text' (or 'code' for a code-only option)")
        else:
            labels.append(text or code)
        c.text(a, "feedback", rel)
        c.boolean(a, "correct", rel)
        if "misconception" in a:
            c.text(a, "misconception", rel, nonempty=True)
            if a.get("correct") is True:
                c.add((*rel, "misconception"), "is for wrong options; a right one names none")
        n_correct += a.get("correct") is True
    if len(set(labels)) != len(labels):
        twice = next(v for v in labels if labels.count(v) > 1)
        c.add(("answers",), f"has the option {twice!r} twice; each option must be different")
    if kind == "single" and n_correct != 1:
        c.add(
            ("answers",),
            f"must mark exactly one option 'correct: true' (found {n_correct}); "
            "use type: multi for several right options",
        )
    if kind == "multi":
        c.boolean(q, "partial_credit")
        if n_correct == 0:
            c.add(("answers",), "must mark at least one option 'correct: true'")


def _check_numeric(c: Checker, q: Mapping) -> None:
    n_correct = 0
    if "answer" in q:
        n_correct += c.number(q, "answer") is not None
    elif "tolerance" in q or "rel_tolerance" in q:
        c.add(("tolerance",), "only applies with 'answer'; put tolerances inside 'answers' entries")
    c.number(q, "tolerance", minimum=0)
    c.number(q, "rel_tolerance", minimum=0)
    c.number(q, "sig_figs", minimum=1, integer=True)
    answers = q.get("answers", [])
    if not isinstance(answers, list):
        c.add(("answers",), "must be a list of {value: ...} or {range: [low, high]} entries")
        answers = []
    for i, a in enumerate(answers):
        rel = ("answers", i)
        if not isinstance(a, Mapping):
            c.add(rel, "must be a mapping like {value: 42, correct: true, feedback: ...}")
            continue
        c.known(a, answer_fields("numeric"), rel)
        c.text(a, "feedback", rel)
        c.boolean(a, "correct", rel)
        if ("value" in a) == ("range" in a):
            c.add(rel, "needs exactly one of 'value: <number>' or 'range: [low, high]'")
        elif "value" in a:
            c.number(a, "value", rel)
            c.number(a, "tolerance", rel, minimum=0)
            c.number(a, "rel_tolerance", rel, minimum=0)
        else:
            r = a["range"]
            if (
                not isinstance(r, list)
                or len(r) != 2
                or not all(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in r)
            ):
                c.add((*rel, "range"), f"must be [low, high], two numbers, not {r!r}")
            elif not r[0] < r[1]:
                c.add((*rel, "range"), f"must have low < high, not {r!r}")
        n_correct += a.get("correct", True) is True
    if n_correct == 0:
        c.add((), "needs a right answer: 'answer: <number>' or an answers entry with correct: true")


def _check_text(c: Checker, q: Mapping) -> None:
    c.boolean(q, "match_case")
    c.boolean(q, "normalize_whitespace")
    c.number(q, "fuzzy_threshold", minimum=0)
    if isinstance(q.get("fuzzy_threshold"), int | float) and q["fuzzy_threshold"] > 1:
        c.add(("fuzzy_threshold",), "must be between 0 and 1")
    answers = q.get("answers")
    if not isinstance(answers, list) or not answers:
        if "answers" in q:
            c.add(("answers",), "must be a non-empty list of accepted texts")
        else:
            c.add((), "needs an 'answers' list of accepted texts")
        return
    n_correct = 0
    for i, a in enumerate(answers):
        rel = ("answers", i)
        if isinstance(a, str):
            n_correct += 1
            continue
        if not isinstance(a, Mapping):
            c.add(rel, "must be text or a mapping like {text: ..., feedback: ...}")
            continue
        c.known(a, answer_fields("text"), rel)
        if ("text" in a) == ("regex" in a):
            c.add(rel, "needs exactly one of 'text' or 'regex'")
        elif "regex" in a and c.text(a, "regex", rel) is not None:
            try:
                re.compile(a["regex"])
            except re.error as exc:
                c.add((*rel, "regex"), f"is not a valid regular expression: {exc}")
        else:
            c.text(a, "text", rel)
        c.text(a, "feedback", rel)
        c.boolean(a, "correct", rel)
        c.boolean(a, "match_case", rel)
        threshold = c.number(a, "fuzzy_threshold", rel, minimum=0)
        if threshold is not None and threshold > 1:
            c.add((*rel, "fuzzy_threshold"), "must be between 0 and 1")
        n_correct += a.get("correct", True) is True
    if n_correct == 0:
        c.add(("answers",), "needs at least one accepted answer (correct: true)")


def _check_ordering(c: Checker, q: Mapping) -> None:
    items = c.text_list(q, "items", required=True, min_len=2)
    if q.get("scoring", "pairwise") not in ("pairwise", "position", "all_or_nothing"):
        c.add(("scoring",), f"must be pairwise, position or all_or_nothing, not {q['scoring']!r}")
    if q.get("shuffle") is False:
        c.add(("shuffle",), "cannot be false: ordering items are always shown shuffled; remove it")
    c.text_map(q, "feedback", items)


def _check_matching(c: Checker, q: Mapping) -> None:
    pairs = q.get("pairs")
    lefts = None
    if not isinstance(pairs, Mapping) or len(pairs) < 2:
        if "pairs" in q:
            c.add(("pairs",), "must be a mapping of at least 2 'left: right' pairs")
        else:
            c.add((), "needs 'pairs': a mapping of at least 2 'left: right' pairs")
    else:
        lefts = list(pairs)
        for left, right in pairs.items():
            if not isinstance(left, str) or not isinstance(right, str):
                c.add(
                    ("pairs", left),
                    f"must map text to text (quote numbers), not {left!r}: {right!r}",
                )
    distractors = c.text_list(q, "distractors")
    if distractors and isinstance(pairs, Mapping):
        for i, d in enumerate(distractors):
            if d in pairs.values():
                c.add(("distractors", i), f"{d!r} is also a right answer; remove it")
    c.boolean(q, "partial_credit")
    c.text_map(q, "feedback", lefts)


CHECKS: dict[str, Callable[[Checker, Mapping], None]] = {
    "single": lambda c, q: _check_choice(c, q, "single"),
    "multi": lambda c, q: _check_choice(c, q, "multi"),
    "numeric": _check_numeric,
    "text": _check_text,
    "ordering": _check_ordering,
    "matching": _check_matching,
}


def _options(q: Mapping) -> list[Option]:
    return [
        Option(a.get("text", ""), a.get("correct", False), a.get("feedback", ""), a.get("code", ""))
        for a in q["answers"]
    ]


def _build_single(prompt: str, q: Mapping, common: dict) -> Question:
    return SingleChoice(prompt, _options(q), **common)


def _build_multi(prompt: str, q: Mapping, common: dict) -> Question:
    return MultiSelect(prompt, _options(q), partial_credit=q.get("partial_credit", True), **common)


def _build_numeric(prompt: str, q: Mapping, common: dict) -> Question:
    answers = [
        NumericAnswer(
            "range" if "range" in a else "value",
            value=a.get("value"),
            range=tuple(a["range"]) if "range" in a else None,
            correct=a.get("correct", True),
            feedback=a.get("feedback", ""),
            tolerance=a.get("tolerance", 0.0),
            rel_tolerance=a.get("rel_tolerance", 0.0),
        )
        for a in q.get("answers", [])
    ]
    return Numeric(
        prompt,
        q.get("answer"),
        tolerance=q.get("tolerance", 0.0),
        rel_tolerance=q.get("rel_tolerance", 0.0),
        answers=answers,
        sig_figs=q.get("sig_figs"),
        **common,
    )


def _build_text(prompt: str, q: Mapping, common: dict) -> Question:
    answers = []
    for a in q["answers"]:
        if isinstance(a, str):
            answers.append(TextAnswer("text", a))
        else:
            answers.append(
                TextAnswer(
                    "regex" if "regex" in a else "text",
                    a.get("regex", a.get("text", "")),
                    correct=a.get("correct", True),
                    feedback=a.get("feedback", ""),
                    match_case=a.get("match_case"),
                    fuzzy_threshold=a.get("fuzzy_threshold"),
                )
            )
    return FreeText(
        prompt,
        answers,
        match_case=q.get("match_case", False),
        fuzzy_threshold=q.get("fuzzy_threshold"),
        normalize_whitespace=q.get("normalize_whitespace", True),
        **common,
    )


def _build_ordering(prompt: str, q: Mapping, common: dict) -> Question:
    return Ordering(
        prompt,
        q["items"],
        scoring=q.get("scoring", "pairwise"),
        feedback=q.get("feedback"),
        **common,
    )


def _build_matching(prompt: str, q: Mapping, common: dict) -> Question:
    return Matching(
        prompt,
        q["pairs"],
        distractors=q.get("distractors", ()),
        partial_credit=q.get("partial_credit", True),
        feedback=q.get("feedback"),
        **common,
    )


#: YAML ``type`` -> builder ``(prompt, checked mapping, common keyword arguments) -> Question``.
BUILDERS: dict[str, Callable[[str, Mapping, dict], Question]] = {
    "single": _build_single,
    "multi": _build_multi,
    "numeric": _build_numeric,
    "text": _build_text,
    "ordering": _build_ordering,
    "matching": _build_matching,
}


def build(q: Mapping) -> Question:
    """Make a Question from a checked YAML mapping (its constructor checks it once more)."""
    common = {k: q[k] for k in q if k in _COMMON - {"type", "prompt"}}
    return BUILDERS[q["type"]](q["prompt"], q, common)


def item_info(q: Mapping) -> ItemInfo:
    """What a checked YAML mapping says about its question besides the question itself."""
    misconceptions = {}
    if q["type"] in ("single", "multi"):
        misconceptions = {
            a.get("text") or a.get("code"): a["misconception"]
            for a in q["answers"]
            if "misconception" in a
        }
    return ItemInfo(q.get("bloom"), tuple(q.get("revisits", ())), misconceptions)


def _check_delayed(c: Checker, data: Mapping, ids: dict[str, int]) -> tuple[str, ...]:
    chosen = c.text_list(data, "delayed_check", min_len=1)
    for i, qid in enumerate(chosen or ()):
        if qid not in ids:
            close = difflib.get_close_matches(qid, list(ids), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            c.add(("delayed_check", i), f"names no question of this bank: {qid!r}{hint}")
    return tuple(chosen or ())


def check_kit(data: Any, c: Checker, stem: str) -> Bank | None:
    if not isinstance(data, Mapping):
        c.add(
            (),
            "must be a mapping with 'schema: 1' and a 'questions' list "
            "(see data/quizzes/README.md)",
        )
        return None
    c.known(data, set(BANK_FIELDS))
    if "schema" not in data:
        c.add((), "needs 'schema: 1' at the top (the format version)")
    elif data["schema"] != SCHEMA_VERSION:
        c.add(
            ("schema",),
            f"is {data['schema']!r}, but this kit reads schema {SCHEMA_VERSION}; "
            "upgrade the kit or convert the file",
        )
    bank_id = c.text(data, "id") or stem
    if not ID_RE.match(bank_id):
        c.add(("id",), f"{bank_id!r} must use only letters, digits, '-', '_' and '.'")
    title = c.text(data, "title") or ""
    c.text(data, "description")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        if "questions" in data:
            c.add(("questions",), "must be a non-empty list of questions")
        else:
            c.add((), "needs a non-empty 'questions' list")
        return None
    built: list[Question] = []
    infos: dict[str, ItemInfo] = {}
    seen: dict[str, int] = {}
    for i, q in enumerate(questions):
        c.qpath, c.qid = ("questions", i), f"#{i + 1}"
        if not isinstance(q, Mapping):
            c.add((), "must be a mapping with id, type and prompt")
            continue
        qid = q.get("id")
        if isinstance(qid, str) and ID_RE.match(qid):
            c.qid = qid
            if qid in seen:
                c.add(("id",), f"is also used by question #{seen[qid] + 1}; ids must be unique")
            seen.setdefault(qid, i)
        elif "id" not in q:
            c.add(
                (),
                "needs an 'id' (a stable name like 'trust-fastest'; progress is stored under it)",
            )
        else:
            c.add(
                ("id",), f"must be text of letters, digits, '-', '_', '.' (quote it), not {qid!r}"
            )
        kind = q.get("type")
        if not isinstance(kind, str) or kind not in TYPES:
            c.add(
                ("type",) if "type" in q else (), f"must be one of {', '.join(TYPES)}, not {kind!r}"
            )
            continue
        before = len(c.issues)
        c.known(q, question_fields(kind))
        _check_common(c, q)
        _check_meta(c, q, bank_id)
        CHECKS[kind](c, q)
        if len(c.issues) == before:
            try:
                built.append(build(q))
            except (ValueError, TypeError) as exc:
                c.add((), str(exc))
            else:
                infos[built[-1].id] = item_info(q)
    c.qpath, c.qid = (), None
    delayed = _check_delayed(c, data, seen)
    if c.issues:
        return None
    return Bank(
        bank_id,
        tuple(built),
        title,
        format="kit",
        extra={
            "description": data.get("description", ""),
            "items": infos,
            "delayed_check": delayed,
        },
    )
