"""jupyterquiz files: read them (checked, with line numbers) and write banks in their format.

jupyterquiz (a JavaScript quiz library for notebooks) keeps a bank as a JSON list of
questions. Imported questions keep their answers as read and grade as jupyterquiz's
JavaScript does (:mod:`kit.quiz.jupyterquiz_grading`), not by our YAML rules.
"""

from __future__ import annotations

import json
import numbers
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kit.errors import KitError
from kit.files import write_atomic
from kit.quiz.checking import Bank, Checker
from kit.quiz.jupyterquiz_grading import (  # the grading rules; importable from here as before
    grade_choice,
    grade_numeric,
    grade_string,
    js_number,
    js_trim,
    typeable_number,
)
from kit.quiz.questions import FreeText, MultiSelect, Numeric, Option, Question, SingleChoice

__all__ = [
    "is_jupyterquiz",
    "check_jupyterquiz",
    "to_jupyterquiz",
    "export_jupyterquiz",
    "js_number",
    "js_trim",
    "typeable_number",
    "grade_numeric",
    "grade_string",
    "grade_choice",
]


def is_jupyterquiz(data: Any) -> bool:
    return isinstance(data, list) and all(isinstance(q, Mapping) and "question" in q for q in data)


_JQ_TYPES = ("multiple_choice", "many_choice", "numeric", "string")


def check_jupyterquiz(data: list, c: Checker, stem: str) -> Bank | None:
    built: list[Question] = []
    for i, q in enumerate(data):
        c.qpath, c.qid = (i,), f"q{i + 1}"
        before = len(c.issues)
        c.text(q, "question", required=True)
        c.text(q, "code")
        kind = q.get("type")
        if kind not in _JQ_TYPES:
            c.add(("type",), f"must be one of {', '.join(_JQ_TYPES)}, not {kind!r}")
            continue
        answers = q.get("answers")
        if not isinstance(answers, list) or not answers:
            c.add(("answers",), "must be a non-empty list")
            continue
        for j, a in enumerate(answers):
            rel = ("answers", j)
            if not isinstance(a, Mapping):
                c.add(rel, "must be an object")
                continue
            c.text(a, "feedback", rel)
            atype = a.get("type")
            if kind in ("multiple_choice", "many_choice"):
                c.text(a, "answer", rel)
                c.text(a, "code", rel)
                if "answer" not in a and "code" not in a:
                    c.add(rel, "needs 'answer' (or 'code')")
                if "correct" not in a:
                    c.add(rel, "needs 'correct': true or false")
                c.boolean(a, "correct", rel)
            elif kind == "numeric":
                # As jupyterquiz: 'value' first, then 'range', whatever 'type' says.
                if "value" in a:
                    c.number(a, "value", rel)
                elif "range" in a:
                    r = a["range"]
                    if not (
                        isinstance(r, list)
                        and len(r) == 2
                        and all(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in r)
                    ):
                        c.add((*rel, "range"), f"must be [low, high], not {r!r}")
                elif atype == "default":
                    continue
                else:
                    c.number(a, "value", rel, required=True)
                c.boolean(a, "correct", rel)
            else:
                if atype == "default":
                    continue
                c.text(a, "answer", rel, required=True)
                c.boolean(a, "correct", rel)
                c.boolean(a, "match_case", rel)
                c.number(a, "fuzzy_threshold", rel, minimum=0)
        c.number(q, "precision", minimum=1, integer=True)
        if len(c.issues) == before:
            try:
                built.append(_from_jupyterquiz(q, f"q{i + 1}"))
            except (ValueError, TypeError) as exc:
                c.add((), str(exc))
    c.qpath, c.qid = (), None
    if c.issues:
        return None
    return Bank(stem, tuple(built), stem, format="jupyterquiz")


def _from_jupyterquiz(q: Mapping, qid: str) -> Question:
    q = dict(q)
    kind = q.pop("type")
    prompt = q.pop("question")
    answers = q.pop("answers")
    common: dict[str, Any] = {
        "id": qid,
        "code": q.pop("code", ""),
        # Grade from the answers as written, as jupyterquiz does (kit.quiz.jupyterquiz).
        "jupyterquiz_answers": answers,
    }
    points = q.get("points")
    if isinstance(points, int | float) and not isinstance(points, bool) and points > 0:
        common["points"] = q.pop("points")
    if kind in ("multiple_choice", "many_choice"):
        options = []
        for a in answers:
            a = dict(a)
            options.append(
                Option(
                    a.pop("answer", ""),
                    a.pop("correct"),
                    a.pop("feedback", ""),
                    a.pop("code", ""),
                    extra=a,
                )
            )
        cls = SingleChoice if kind == "multiple_choice" else MultiSelect
        return cls(prompt, options, extra=q, **common)
    if kind == "numeric":
        return Numeric(
            prompt, answers=answers, sig_figs=q.pop("precision", None), extra=q, **common
        )
    return FreeText(prompt, answers, normalize_whitespace=False, extra=q, **common)


def to_jupyterquiz(questions, *, skip_unsupported: bool = False) -> list[dict]:
    """Convert questions (or a Bank) to jupyterquiz's JSON structure.

    Ordering, matching and regex answers have no jupyterquiz equivalent: they raise
    :class:`kit.errors.KitError` unless ``skip_unsupported`` (then they are left out).
    An absolute/relative tolerance becomes a ``range`` around the value. Hints and
    explanations are dropped (jupyterquiz has no place for them).

    Examples
    --------
    >>> from kit.quiz.questions import Numeric
    >>> to_jupyterquiz([Numeric("6 x 7?", answer=42)])[0]["answers"][0]
    {'type': 'value', 'value': 42.0, 'correct': True}
    """
    out = []
    for q in questions:
        try:
            out.append(_question_to_jupyterquiz(q))
        except KitError:
            if not skip_unsupported:
                raise
    return out


def _with_feedback(entry: dict, feedback: str) -> dict:
    if feedback:
        entry["feedback"] = feedback
    return entry


_JQ_TYPE = {
    SingleChoice: "multiple_choice",
    MultiSelect: "many_choice",
    Numeric: "numeric",
    FreeText: "string",
}


def _question_to_jupyterquiz(q: Question) -> dict:
    extra = {k: v for k, v in q.extra.items() if k not in ("question", "type", "answers", "code")}
    out: dict[str, Any] = {"question": q.prompt}
    if q.jupyterquiz and isinstance(q, SingleChoice | MultiSelect | Numeric | FreeText):
        # An imported question goes back with its answers exactly as read, so that
        # jupyterquiz (and a re-import) grades it the same way.
        out["type"] = next(t for cls, t in _JQ_TYPE.items() if isinstance(q, cls))
        if isinstance(q, Numeric) and q.sig_figs is not None:
            out["precision"] = q.sig_figs
        answers = [dict(a) for a in q.jupyterquiz_answers]
    elif isinstance(q, SingleChoice | MultiSelect):
        out["type"] = "multiple_choice" if isinstance(q, SingleChoice) else "many_choice"
        answers = []
        for o in q.options:
            entry: dict[str, Any] = {}
            if o.text:
                entry["answer"] = o.text
            if o.code:
                entry["code"] = o.code
            entry["correct"] = o.correct
            answers.append({**_with_feedback(entry, o.feedback), **o.extra})
    elif isinstance(q, Numeric):
        out["type"] = "numeric"
        if q.sig_figs is not None:
            out["precision"] = q.sig_figs
        answers = []
        for a in q.answers:
            if a.kind == "default":
                answers.append(_with_feedback({"type": "default"}, a.feedback) | dict(a.extra))
                continue
            if a.kind == "range":
                entry = {"type": "range", "range": list(a.range), "correct": a.correct}
            else:
                allowed = max(a.tolerance, a.rel_tolerance * abs(a.value))
                if allowed:
                    entry = {
                        "type": "range",
                        "range": [a.value - allowed, a.value + allowed],
                        "correct": a.correct,
                    }
                else:
                    entry = {"type": "value", "value": a.value, "correct": a.correct}
            answers.append({**_with_feedback(entry, a.feedback), **a.extra})
        if q.default_feedback and not any(a.kind == "default" for a in q.answers):
            answers.append({"type": "default", "feedback": q.default_feedback})
    elif isinstance(q, FreeText):
        out["type"] = "string"
        answers = []
        for a in q.answers:
            if a.kind == "regex":
                raise KitError(
                    f"question {q.id!r} accepts a regex, which jupyterquiz cannot express; "
                    "list the accepted texts instead, or pass skip_unsupported=True"
                )
            if a.kind == "default":
                answers.append(_with_feedback({"type": "default"}, a.feedback) | dict(a.extra))
                continue
            entry = {"type": "string", "answer": a.text, "correct": a.correct}
            _with_feedback(entry, a.feedback)
            match_case = q.match_case if a.match_case is None else a.match_case
            threshold = q.fuzzy_threshold if a.fuzzy_threshold is None else a.fuzzy_threshold
            if match_case:
                entry["match_case"] = True
            if threshold is not None:
                entry["fuzzy_threshold"] = threshold
            answers.append({**entry, **a.extra})
        if q.default_feedback and not any(a.kind == "default" for a in q.answers):
            answers.append({"type": "default", "feedback": q.default_feedback})
    else:
        raise KitError(
            f"question {q.id!r} is a {q.type} question, which jupyterquiz cannot show; "
            "leave it out or pass skip_unsupported=True"
        )
    if q.code:
        out["code"] = q.code
    if q.points != 1.0:
        out["points"] = q.points
    out["answers"] = answers
    out.update(extra)
    return out


def export_jupyterquiz(bank, path: str | os.PathLike, *, skip_unsupported: bool = False) -> Path:
    """Write ``bank`` as a jupyterquiz JSON file (atomically) and return its path."""
    data = to_jupyterquiz(bank, skip_unsupported=skip_unsupported)
    path = Path(path)
    write_atomic(path, json.dumps(data, indent=4, ensure_ascii=False) + "\n")
    return path
