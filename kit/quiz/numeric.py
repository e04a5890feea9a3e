"""Numeric questions: type a number (:class:`Numeric`), matched by value, tolerance or range."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kit.quiz import jupyterquiz_grading as jq
from kit.quiz.base import Question
from kit.quiz.grading import CORRECT, Feedback, invalid, parse_number, to_precision

__all__ = ["NumericAnswer", "Numeric"]


@dataclass(frozen=True)
class NumericAnswer:
    """One entry of a numeric question's answer list (first match wins).

    ``kind`` is ``"value"`` (matches ``|r - value| <= max(tolerance, rel_tolerance *
    |value|)``, i.e. equality by default), ``"range"`` (matches ``lo <= r < hi``, half-open
    like jupyterquiz) or ``"default"`` (matches anything).
    """

    kind: str = "value"
    value: float | None = None
    range: tuple[float, float] | None = None
    correct: bool = True
    feedback: str = ""
    tolerance: float = 0.0
    rel_tolerance: float = 0.0
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: False for jupyterquiz imports: a range need not have low < high (it then matches
    #: nothing, as in jupyterquiz).
    strict: bool = field(default=True, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in ("value", "range", "default"):
            raise ValueError(
                f"numeric answer kind must be value, range or default, not {self.kind!r}"
            )
        if self.kind == "value" and self.value is None:
            raise ValueError("a numeric 'value' answer needs a value")
        if self.kind == "range":
            if self.range is None or len(self.range) != 2:
                raise ValueError("a numeric 'range' answer needs range: [low, high]")
            if self.strict and not self.range[0] < self.range[1]:
                raise ValueError(f"range {list(self.range)} must have low < high")
        if self.tolerance < 0 or self.rel_tolerance < 0:
            raise ValueError("tolerance and rel_tolerance must be 0 or more")

    def matches(self, r: float) -> bool:
        if self.kind == "default":
            return True
        if self.kind == "range":
            lo, hi = self.range
            return lo <= r < hi
        allowed = max(self.tolerance, self.rel_tolerance * abs(self.value))
        return r == self.value if allowed == 0 else abs(r - self.value) <= allowed


class Numeric(Question):
    """Type a number.

    Parameters
    ----------
    prompt : str
    answer : float, optional
        Shorthand for one right value, with ``tolerance`` (absolute) or
        ``rel_tolerance`` (relative to the answer).
    answers : list of NumericAnswer or dict, optional
        Tried in order after ``answer``; the first that matches gives the feedback.
        Dicts take jupyterquiz's fields (``type``, ``value``, ``range``, ``correct``,
        ``feedback``) plus ``tolerance`` and ``rel_tolerance``.
    sig_figs : int, optional
        Round the response to this many significant digits before comparing
        (jupyterquiz's ``precision``, rounding as JavaScript does).

    Examples
    --------
    >>> q = Numeric("Reach of 3 shares of 12 people each?", answer=36)
    >>> q.grade(" 36 ").correct, q.grade("3.6e1").correct, q.grade("35").correct
    (True, True, False)
    >>> Numeric("pi?", answer=3.14, sig_figs=3).grade("22/7").correct
    True
    """

    type = "numeric"

    def __init__(
        self,
        prompt,
        answer=None,
        *,
        tolerance=0.0,
        rel_tolerance=0.0,
        answers=(),
        sig_figs=None,
        feedback="",
        **common,
    ):
        super().__init__(prompt, **common)
        entries = []
        if answer is not None:
            entries.append(
                NumericAnswer(
                    "value",
                    value=parse_number(answer),
                    tolerance=float(tolerance),
                    rel_tolerance=float(rel_tolerance),
                    feedback=feedback,
                )
            )
        for entry in answers:
            entries.append(
                entry
                if isinstance(entry, NumericAnswer)
                else _numeric_answer(entry, jupyterquiz=self.jupyterquiz)
            )
        if not self.jupyterquiz and not any(e.correct and e.kind != "default" for e in entries):
            raise ValueError("a numeric question needs a right answer: give answer=<number>")
        if sig_figs is not None and (
            isinstance(sig_figs, bool) or not isinstance(sig_figs, int) or not 1 <= sig_figs <= 100
        ):
            raise ValueError(f"sig_figs must be a whole number from 1 to 100, not {sig_figs!r}")
        self.answers = tuple(entries)
        self.sig_figs = sig_figs

    def _grade(self, response: Any) -> Feedback:
        if self.jupyterquiz:
            return jq.grade_numeric(self, response)
        try:
            r = parse_number(response)
        except ValueError as exc:
            return invalid(str(exc)[:1].upper() + str(exc)[1:] + ".")
        if self.sig_figs is not None:
            r = to_precision(r, self.sig_figs)
        for entry in self.answers:
            if entry.matches(r):
                if entry.kind == "default":
                    return self._wrong(entry.feedback)
                if entry.correct:
                    return Feedback(True, 1.0, entry.feedback or CORRECT)
                return self._wrong(entry.feedback)
        return self._wrong()


def _numeric_answer(entry: Mapping[str, Any], *, jupyterquiz: bool = False) -> NumericAnswer:
    if not isinstance(entry, Mapping):
        raise ValueError(f"numeric answers must be dicts or NumericAnswer, not {entry!r}")
    entry = dict(entry)
    if jupyterquiz:
        # jupyterquiz looks at the keys, not 'type': 'value' first, then 'range'; a
        # missing 'correct' is false; tolerances are not jupyterquiz fields (kept as-is).
        kind = "value" if "value" in entry else "range" if "range" in entry else "default"
        value, rng = entry.pop("value", None), entry.pop("range", None)
        return NumericAnswer(
            kind,
            value=None if value is None else float(value),
            range=None if rng is None else (float(rng[0]), float(rng[1])),
            correct=kind != "default" and bool(entry.pop("correct", False)),
            feedback=str(entry.pop("feedback", "") or ""),
            extra=entry,
            strict=False,
        )
    kind = entry.pop("type", None) or ("range" if "range" in entry else "value")
    if kind == "default":
        entry.pop("correct", None)
    value = entry.pop("value", None)
    rng = entry.pop("range", None)
    return NumericAnswer(
        kind,
        value=None if value is None else parse_number(value),
        range=None if rng is None else tuple(parse_number(x) for x in rng),
        correct=bool(entry.pop("correct", kind != "default")),
        feedback=str(entry.pop("feedback", "") or ""),
        tolerance=float(entry.pop("tolerance", 0.0)),
        rel_tolerance=float(entry.pop("rel_tolerance", 0.0)),
        extra=entry,
    )
