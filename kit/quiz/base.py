"""The :class:`Question` every question type extends: common fields and checks.

A question is plain data plus ``grade(response) -> Feedback``; it knows nothing of banks,
storage or widgets. Showing a question in a notebook goes through the view layer: the
package (:mod:`kit.quiz`) registers the function that does it with :func:`set_renderer`.
"""

from __future__ import annotations

import hashlib
import numbers
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

from kit.quiz.grading import INCORRECT, Feedback, invalid, permutation

__all__ = ["Question", "set_renderer", "ID_RE"]

#: Ids of questions and banks: a letter or digit, then letters, digits, '-', '_', '.'.
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

_renderer: Callable[[Question], None] | None = None


def set_renderer(render: Callable[[Question], None] | None) -> None:
    """Set the function that shows a question in a notebook (``display(question)``).

    :mod:`kit.quiz` sets it to one that builds the question's widget (the view layer), so
    that this layer never imports widgets.
    """
    global _renderer
    _renderer = render


def _text_list(values: Any, what: str) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValueError(f"{what} must be a list of strings, got {values!r}")
    out = tuple(values)
    for value in out:
        if not isinstance(value, str):
            raise ValueError(f"{what} must be a list of strings; {value!r} is not a string")
    return out


def _ensure_unique(values: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!r} appears twice; each must be different")
        seen.add(value)


class Question:
    """Common fields of every question type.

    Parameters
    ----------
    prompt : str
        The question; TeX math between ``$...$`` renders in the widgets.
    id : str, optional
        A stable id (letters, digits, ``-``, ``_``, ``.``); progress is stored under it.
        Inline questions without one get ``"q-"`` and a hash of the prompt.
    points : float
        Weight in a section's score (default 1).
    hints : list of str
        Shown one more per failed attempt, or on request.
    explanation : str
        Shown once the answer is right or the attempts are used up.
    max_attempts : int, optional
        ``None`` (default) for unlimited attempts.
    shuffle : bool
        Show options in a seeded random order (default True).
    default_feedback : str, optional
        Shown for a wrong response that no specific feedback covers.
    code : str, optional
        A code block shown under the prompt.
    """

    type: ClassVar[str] = ""

    def __init__(
        self,
        prompt: str,
        *,
        id: str | None = None,
        points: float = 1.0,
        hints: Sequence[str] = (),
        explanation: str = "",
        max_attempts: int | None = None,
        shuffle: bool = True,
        default_feedback: str | None = None,
        code: str = "",
        extra: Mapping[str, Any] | None = None,
        jupyterquiz_answers: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValueError("prompt must be a non-empty string: the question to ask")
        if id is None:
            id = "q-" + hashlib.sha256(prompt.encode()).hexdigest()[:10]
        if not isinstance(id, str) or not ID_RE.match(id):
            raise ValueError(
                f"id {id!r} must start with a letter or digit and use only letters, "
                "digits, '-', '_' and '.'"
            )
        if isinstance(points, bool) or not isinstance(points, numbers.Real) or points <= 0:
            raise ValueError(f"points must be a number above 0, not {points!r}")
        if max_attempts is not None and (
            isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1
        ):
            raise ValueError(
                f"max_attempts must be a whole number of 1 or more, or None, not {max_attempts!r}"
            )
        self.prompt = prompt
        self.id = id
        self.points = float(points)
        self.hints = _text_list(hints, "hints")
        self.explanation = str(explanation or "")
        self.max_attempts = max_attempts
        self.shuffle = bool(shuffle)
        self.default_feedback = default_feedback
        self.code = str(code or "")
        self.extra = dict(extra or {})
        #: The answer objects of an imported jupyterquiz question, exactly as in its file
        #: (``None`` otherwise). When set, the question grades as jupyterquiz's JavaScript
        #: does (see :mod:`kit.quiz.jupyterquiz`), quirks included.
        self.jupyterquiz_answers = (
            None if jupyterquiz_answers is None else tuple(dict(a) for a in jupyterquiz_answers)
        )

    @property
    def jupyterquiz(self) -> bool:
        """True for a question imported from a jupyterquiz file (graded as jupyterquiz)."""
        return self.jupyterquiz_answers is not None

    # Subclasses implement _grade; grade() guarantees a Feedback whatever comes in.
    def grade(self, response: Any) -> Feedback:
        """Grade ``response``; never raises (see the module docstring)."""
        try:
            feedback = self._grade(response)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            return invalid(f"Could not read that answer: {exc}")
        return feedback

    def _grade(self, response: Any) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def _wrong(self, message: str = "", score: float = 0.0) -> Feedback:
        return Feedback(False, score, message or self.default_feedback or INCORRECT)

    def labels(self) -> list[str]:
        """The texts the learner chooses from, in bank order (empty for typed answers)."""
        return []

    def display_order(self, seed: str) -> list[int]:
        """Indices of :meth:`labels` in the order to show them, fixed by ``seed``."""
        n = len(self.labels())
        return permutation(n, seed) if self.shuffle else list(range(n))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, prompt={self.prompt!r})"

    def _ipython_display_(self) -> None:
        if _renderer is None:
            print(repr(self))
        else:
            _renderer(self)
