"""Where a learner stands on one question, and what the feedback box says: pure functions.

The widgets (:mod:`kit.quiz.widgets`) keep an :class:`AttemptState` and show
:func:`present`'s :class:`Shown`; everything that decides *what* happens lives here, without
widgets, so it can be tested and changed in one place:

- :meth:`AttemptState.after`: the state after a counted attempt (status, attempts, best
  score; hints are shown only when the learner asks, :meth:`AttemptState.with_hint`);
- :func:`restore`: the state from the attempts stored in an earlier session;
- :func:`present`: the feedback box's heading, mark, message, hints, explanation and note;
- :func:`save_attempt` / :func:`load_attempts`: a progress store's ``record`` (through the
  store's one policy, :func:`kit.store.record_attempt`) and ``attempts``, with their errors
  turned into a sentence, so a broken database never stops a lesson.

Statuses: ``unanswered`` -> ``incorrect`` (try again) -> ``correct`` or
``out_of_attempts`` (both *done*: no further attempt is counted or stored).

Examples
--------
>>> from kit.quiz.questions import Numeric
>>> q = Numeric("6 x 7?", answer=42, max_attempts=2, hints=["Six sevens."])
>>> state = AttemptState().after(q, q.grade("41"))
>>> state.status, state.hints_shown, state.attempts_left(q)
('incorrect', 0, 1)
>>> state.after(q, q.grade("40")).status
'out_of_attempts'
>>> present(q, state, q.grade("41")).title
'Not yet'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kit.errors import KitError
from kit.quiz.base import Question
from kit.quiz.grading import CORRECT, Feedback
from kit.store import record_attempt

__all__ = [
    "STATUSES",
    "DONE",
    "TITLES",
    "AttemptState",
    "Shown",
    "restore",
    "present",
    "save_attempt",
    "load_attempts",
]

STATUSES = ("unanswered", "incorrect", "correct", "out_of_attempts")
#: Statuses after which attempts are no longer counted.
DONE = ("correct", "out_of_attempts")
#: Default feedback headings; a widget may reword them (a prediction says "Close").
TITLES = {"correct": "Correct", "incorrect": "Not yet", "out_of_attempts": " (no attempts left)"}


@dataclass(frozen=True)
class AttemptState:
    """One learner's standing on one question.

    Attributes
    ----------
    attempts : int
        Counted (graded and readable) attempts so far.
    status : str
        One of :data:`STATUSES`.
    score : float
        The best score so far, in [0, 1].
    hints_shown : int
        How many of the question's hints are shown.
    """

    attempts: int = 0
    status: str = "unanswered"
    score: float = 0.0
    hints_shown: int = 0

    @property
    def done(self) -> bool:
        """True once answered right or out of attempts."""
        return self.status in DONE

    def attempts_left(self, question: Question) -> int | None:
        """Attempts still allowed (``None``: unlimited)."""
        if question.max_attempts is None:
            return None
        return max(0, question.max_attempts - self.attempts)

    def after(self, question: Question, feedback: Feedback) -> AttemptState:
        """The state after one more counted attempt graded ``feedback``.

        Only a readable response (``feedback.valid``) given before the question is done
        counts; the caller checks both.
        """
        attempts = self.attempts + 1
        if feedback.correct:
            status = "correct"
        elif question.max_attempts is not None and attempts >= question.max_attempts:
            status = "out_of_attempts"
        else:
            status = "incorrect"
        # Hints come only when asked for (Show a hint), each once, by the button.
        return AttemptState(attempts, status, max(self.score, feedback.score), self.hints_shown)

    def with_hint(self, question: Question) -> AttemptState:
        """The state with one more hint shown (unchanged when none is left)."""
        if self.hints_shown >= len(question.hints):
            return self
        return replace(self, hints_shown=self.hints_shown + 1)


def restore(question: Question, past: Sequence[Any]) -> AttemptState:
    """The state from stored attempts (oldest first; anything with ``correct`` and ``score``).

    Examples
    --------
    >>> from types import SimpleNamespace as A
    >>> from kit.quiz.questions import Numeric
    >>> q = Numeric("6 x 7?", answer=42, hints=["a", "b", "c"])
    >>> restore(q, [A(correct=False, score=0.0), A(correct=False, score=0.0)])
    AttemptState(attempts=2, status='incorrect', score=0.0, hints_shown=0)
    """
    if not past:
        return AttemptState()
    attempts = len(past)
    score = max(a.score for a in past)
    if any(a.correct for a in past):
        return AttemptState(attempts, "correct", score)
    if question.max_attempts is not None and attempts >= question.max_attempts:
        return AttemptState(attempts, "out_of_attempts", score)
    return AttemptState(attempts, "incorrect", score)


@dataclass(frozen=True)
class Shown:
    """What the feedback box shows (the fields of :class:`kit.quiz.controls.FeedbackBox`).

    ``kind`` is ``""`` (nothing yet), ``correct``, ``incorrect``, ``partial`` or ``info``;
    the mark and the words always say it too, never the colour alone.
    """

    kind: str = ""
    mark: str = ""
    title: str = ""
    message: str = ""
    hints: tuple[str, ...] = ()
    explanation: str = ""
    note: str = ""


def present(
    question: Question,
    state: AttemptState,
    feedback: Feedback,
    *,
    titles: Mapping[str, str] | None = None,
    counted: bool = True,
    note: str = "",
    store_error: str = "",
    answer: str = "",
) -> Shown:
    """The feedback box for ``feedback`` given in ``state`` (the state after it).

    ``counted`` is False for a response that was not counted (unreadable, or given after
    the question was done); ``note`` goes first in the small print. ``answer`` is the right
    answer in words: after the last attempt the explanation starts with it, so it says why.
    Hints are not part of the feedback: the widget shows each one once, by its button.
    """
    titles = {**TITLES, **(titles or {})}
    if not feedback.valid:
        kind, mark, title = "info", "ℹ", "Check your answer"
    elif feedback.correct:
        kind, mark, title = "correct", "✓", titles["correct"]
    elif feedback.score > 0:
        kind, mark, title = "partial", "◐", f"Partly right ({feedback.score:.0%})"
    else:
        kind, mark, title = "incorrect", "✗", titles["incorrect"]
    if state.status == "out_of_attempts" and not feedback.correct and counted:
        title += titles["out_of_attempts"]
    # The title already says "Correct"; a bare "Correct!" underneath adds nothing.
    message = "" if feedback.correct and feedback.message == CORRECT else feedback.message
    parts = [note] if note else []
    if state.attempts:
        limit = f" of {question.max_attempts}" if question.max_attempts else ""
        parts.append(f"Attempt {state.attempts}{limit}.")
        if not state.done:
            parts.append("Try again.")
            left = len(question.hints) - state.hints_shown
            if left and counted and not feedback.correct:
                parts.append(f"Stuck? Show a hint ({left} left).")
    if store_error:
        parts.append(store_error)
    explanation = question.explanation if state.done else ""
    if state.status == "out_of_attempts" and not feedback.correct and answer:
        explanation = f"The answer: {answer}." + (f" Why: {explanation}" if explanation else "")
    return Shown(kind, mark, title, message, (), explanation.strip(), " ".join(parts))


def save_attempt(
    store, bank_id: str, question: Question, response: Any, feedback, learner, *, on_sent=None
) -> tuple[str, bool]:
    """Record one attempt in ``store`` (None: nowhere) with :func:`kit.store.record_attempt`.

    Returns ``("", False)``, or what the feedback says about the failure and whether the
    store retries sending it in the background (calling ``on_sent(n)`` once it has: False
    when the store refused the attempt as such and set it aside).
    """
    saved = record_attempt(
        store,
        bank_id,
        question.id,
        response,
        feedback,
        learner=learner,
        points=question.points,
        on_sent=on_sent,
    )
    if saved.problem is None:
        return "", False
    if saved.retrying:
        return (
            f"Progress is not being saved: {saved.problem} Retrying every {saved.every:g} s.",
            True,
        )
    return f"This answer was not saved: {saved.problem}", False


def load_attempts(store, bank_id: str, question: Question, learner) -> tuple[list, str]:
    """The stored attempts (oldest first) and ``""``, or ``[]`` and why they could not be read."""
    if store is None:
        return [], ""
    try:
        return list(store.attempts(learner=learner, bank=bank_id, question=question.id)), ""
    except KitError as exc:
        return [], f"Progress is not being saved: {exc}"
