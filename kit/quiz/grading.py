"""Grading's common parts: the :class:`Feedback` a grade gives and reading what learners type.

The bottom of :mod:`kit.quiz` (pure Python, no other kit.quiz import): every question type
grades to a :class:`Feedback`; numbers are read with :func:`parse_number`; texts compared
with :func:`similarity`; option orders fixed by :func:`permutation`.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

__all__ = [
    "CORRECT",
    "INCORRECT",
    "Feedback",
    "invalid",
    "parse_number",
    "to_precision",
    "levenshtein",
    "similarity",
    "permutation",
]

CORRECT = "Correct!"
INCORRECT = "Not quite."


@dataclass(frozen=True)
class Feedback:
    """The result of grading one response.

    Attributes
    ----------
    correct : bool
        True only for a fully right answer.
    score : float
        Credit in [0, 1] (see the module docstring for the partial-credit rules).
    message : str
        The feedback to show the learner.
    valid : bool
        False when the response could not be read (e.g. ``"abc"`` for a number); such a
        response is not counted as an attempt and ``message`` says what to enter.

    Examples
    --------
    >>> Feedback(True, 1.0, "Correct!")
    Feedback(correct=True, score=1.0, message='Correct!', valid=True)
    """

    correct: bool
    score: float
    message: str
    valid: bool = True

    def __str__(self) -> str:
        mark = "✓" if self.correct else ("✗" if self.valid else "?")
        return f"{mark} {self.message}"


def invalid(message: str) -> Feedback:
    """A :class:`Feedback` for a response that cannot be read (not counted as an attempt)."""
    return Feedback(False, 0.0, message, valid=False)


#: How to type a number, in the words of an error message.
TYPE_A_NUMBER = "type digits such as 42, 1,500 or 2.5"

#: Thousands written as people write them: 1,500 or 20 000 (groups of three digits, a comma,
#: a space, a no-break or thin space or an apostrophe between them), a decimal point after.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([,\u00a0\u202f\u2009' ])\d{3})(?:\1\d{3})*(?:\.\d*)?")


def parse_number(value: Any) -> float:
    """Read a number as a learner may type it.

    Accepts ints and floats, and strings with surrounding spaces, thousands separated as
    people write them (``"1,500"``, ``"20 000"``), a per cent sign (``"12%"`` reads 12, as
    ``"12"`` does: a question about per cents takes its answer in per cent), e-notation
    (``"3.1e0"``), a fraction (``"22/7"``), a leading ``+`` or a Unicode minus sign.

    Raises
    ------
    ValueError
        If ``value`` is not a finite number; the message says what to type instead.

    Examples
    --------
    >>> parse_number(" 42 "), parse_number("22/7") == 22 / 7, parse_number("3.1e0")
    (42.0, True, 3.1)
    >>> parse_number("1,500"), parse_number("20 000"), parse_number("12%")
    (1500.0, 20000.0, 12.0)
    """
    if isinstance(value, bool):
        raise ValueError("enter a number, not true/false")
    if isinstance(value, numbers.Real):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        if text.endswith("%"):
            text = text[:-1].rstrip()
        if _GROUPED.fullmatch(text):
            text = re.sub(r"[,\u00a0\u202f\u2009' ]", "", text)
        text = text.replace(" ", "")
        if not text:
            raise ValueError(f"enter a number: {TYPE_A_NUMBER}")
        try:
            if text.count("/") == 1:
                top, bottom = (float(part) for part in text.split("/"))
                if bottom == 0:
                    raise ValueError("a fraction cannot have 0 below the line")
                number = top / bottom
            elif "," in text or "_" in text:  # float() would take 1_500
                raise ValueError("not a number")
            else:
                number = float(text)
        except ValueError as exc:
            if "below the line" in str(exc):
                raise
            if "," in text:
                raise ValueError(
                    f"{value.strip()!r} is not a number; a comma separates thousands (1,500), "
                    "and a point the decimals (2.5)"
                ) from None
            raise ValueError(f"{value.strip()!r} is not a number; {TYPE_A_NUMBER}") from None
    else:
        raise ValueError(f"enter a number: {TYPE_A_NUMBER}")
    if not math.isfinite(number):
        raise ValueError(f"enter a finite number: {TYPE_A_NUMBER}")
    return number


def to_precision(x: float, digits: int) -> float:
    """Round ``x`` to ``digits`` significant digits as JavaScript's ``toPrecision`` does.

    JavaScript rounds the exact binary value half away from zero, so ``2.5`` becomes
    ``3`` (Python's ``format`` would give ``2``); jupyterquiz relies on it.

    Examples
    --------
    >>> to_precision(22 / 7, 3), to_precision(2.5, 1), to_precision(-0.012345, 2)
    (3.14, 3.0, -0.012)
    """
    if x == 0 or not math.isfinite(x):
        return x
    exact = Decimal(x)
    quantum = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    return float(exact.quantize(quantum, rounding=ROUND_HALF_UP))


def levenshtein(a: str, b: str) -> int:
    """Return the edit distance between two strings (insert, delete, substitute)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    """Return ``1 - levenshtein(a, b) / max(len(a), len(b))`` (1 for two empty strings).

    Examples
    --------
    >>> similarity("network", "netwrok")
    0.7142857142857143
    """
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1.0 - levenshtein(a, b) / longest


def permutation(n: int, seed: str) -> list[int]:
    """Return a permutation of ``range(n)`` fixed by ``seed`` (a string).

    The order comes from SHA-256 hashes, so it is the same on every machine and Python
    version, and needs no random-number generator.

    Examples
    --------
    >>> permutation(4, "example/q1") == permutation(4, "example/q1")
    True
    >>> sorted(permutation(4, "any seed"))
    [0, 1, 2, 3]
    """
    return sorted(range(n), key=lambda i: hashlib.sha256(f"{seed}\x1f{i}".encode()).digest())
