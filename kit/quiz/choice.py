"""Choice questions: pick one option (:class:`SingleChoice`) or several (:class:`MultiSelect`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kit.quiz import jupyterquiz_grading as jq
from kit.quiz.base import Question, _ensure_unique
from kit.quiz.grading import CORRECT, INCORRECT, Feedback, invalid

__all__ = ["Option", "SingleChoice", "MultiSelect"]


@dataclass(frozen=True)
class Option:
    """One option of a choice question.

    ``text`` is what the learner sees; a *code-only* option (jupyterquiz's ``code`` with no
    ``answer``) shows ``code`` instead, and its displayed text is that code.
    """

    text: str = ""
    correct: bool = False
    feedback: str = ""
    code: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def label(self) -> str:
        """The displayed text, which is also what a response names."""
        return self.text if self.text else self.code


def _options_from(
    options: Sequence[Any], correct: set[str], feedback: Mapping[str, str] | None
) -> tuple[Option, ...]:
    feedback = dict(feedback or {})
    out = []
    for option in options:
        if isinstance(option, Option):
            out.append(option)
        elif isinstance(option, str):
            out.append(Option(option, option in correct, feedback.pop(option, "")))
        else:
            raise ValueError(f"options must be strings or Option objects, not {option!r}")
    _ensure_unique([o.label for o in out], "option")
    labels = {o.label for o in out}
    for name in feedback:
        if name not in labels:
            raise ValueError(f"feedback names {name!r}, which is not one of the options")
    return tuple(out)


class _Choice(Question):
    options: tuple[Option, ...]

    def labels(self) -> list[str]:
        return [o.label for o in self.options]

    def _set_options(self, options, answers, feedback, how: str) -> None:
        """Build the options, checking that every answer is one of them and one is right."""
        answers = {answers} if isinstance(answers, str) else set(answers or ())
        self.options = _options_from(options, answers, feedback)
        labels = set(self.labels())
        for name in answers:
            if name not in labels:
                raise ValueError(f"answer {name!r} is not one of the options {sorted(labels)}")
        if self.jupyterquiz:
            return  # jupyterquiz shows any number of options, even none marked correct
        if len(self.options) < 2:
            raise ValueError("a choice question needs at least 2 options")
        if not any(o.correct for o in self.options):
            raise ValueError(f"no option is marked correct; give {how}")

    def option(self, label: Any) -> Option:
        """The option a label names (surrounding spaces ignored); a ``ValueError`` if none."""
        if isinstance(label, str):
            for option in self.options:
                if option.label == label or option.label.strip() == label.strip():
                    return option
        choices = "; ".join(repr(x) for x in self.labels())
        raise ValueError(f"{label!r} is not one of the options ({choices})")


class SingleChoice(_Choice):
    """Pick one option (jupyterquiz's ``multiple_choice``).

    Parameters
    ----------
    prompt : str
    options : list of str or Option
    answer : str or list of str
        The right option's text. Several are allowed (any of them is right), as in
        jupyterquiz; banks in our YAML format ask for exactly one.
    feedback : dict, optional
        Option text -> message shown when that option is chosen.
    **common
        See :class:`Question`.

    Examples
    --------
    >>> q = SingleChoice("2 + 2?", options=["3", "4"], answer="4", feedback={"3": "Count again."})
    >>> q.grade("3")
    Feedback(correct=False, score=0.0, message='Count again.', valid=True)
    """

    type = "single"

    def __init__(self, prompt, options, answer=None, feedback=None, **common):
        super().__init__(prompt, **common)
        self._set_options(options, answer, feedback, "answer=<the right option>")

    def _grade(self, response: Any) -> Feedback:
        if self.jupyterquiz:
            return jq.grade_choice(self, response)
        if isinstance(response, list | tuple):
            if len(response) != 1:
                return invalid("Choose exactly one option.")
            response = response[0]
        if response is None or response == "":
            return invalid("Choose one option.")
        option = self.option(response)
        if option.correct:
            return Feedback(True, 1.0, option.feedback or CORRECT)
        return self._wrong(option.feedback)


def _count_summary(chosen: int, wrong: int, missing: int) -> str:
    """How many chosen options are wrong and how many right ones are missing, in words.

    >>> _count_summary(3, 1, 2)
    '1 of your 3 choices is not right, and 2 right options are still missing.'
    >>> _count_summary(1, 0, 1)
    'Your choice is right, but 1 right option is still missing.'
    """

    def n(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'} {'is' if k == 1 else 'are'}"

    still = f"{n(missing, 'right option')} still missing"
    if not wrong:
        yours = "Your choice is" if chosen == 1 else f"Your {chosen} choices are"
        return f"{yours} right, but {still}."
    bad = f"{wrong} of your {chosen} choices {'is' if wrong == 1 else 'are'} not right"
    if chosen == 1:
        bad = "Your choice is not right"
    if not missing:
        return f"You have every right option, but {bad[0].lower() + bad[1:]}."
    return f"{bad}, and {still}."


class MultiSelect(_Choice):
    """Pick every right option (checkboxes; jupyterquiz's ``many_choice``).

    Right only for exactly the set of correct options. Partial credit:
    ``max(0, (right picks - wrong picks) / number of correct options)``, or 0/1 with
    ``partial_credit=False``.

    Examples
    --------
    >>> q = MultiSelect("Networking is...", options=["two-way", "one-to-many", "personal"],
    ...                 answers=["two-way", "personal"])
    >>> q.grade(["two-way"]).score, q.grade(["two-way", "personal"]).correct
    (0.5, True)
    """

    type = "multi"

    def __init__(
        self, prompt, options, answers=(), feedback=None, *, partial_credit=True, **common
    ):
        super().__init__(prompt, **common)
        self._set_options(options, answers, feedback, "answers=[the right options]")
        self.partial_credit = bool(partial_credit)

    def _grade(self, response: Any) -> Feedback:
        if self.jupyterquiz:
            return jq.grade_choice(self, response)
        if isinstance(response, str):
            response = [response]
        if response is None or not isinstance(response, Iterable) or isinstance(response, Mapping):
            return invalid("Give a list of the options you choose.")
        chosen = []
        for label in response:
            option = self.option(label)
            if option not in chosen:
                chosen.append(option)
        if not chosen:
            return invalid("Choose at least one option.")
        n_correct = sum(o.correct for o in self.options)
        hits = sum(o.correct for o in chosen)
        wrong = [o for o in chosen if not o.correct]
        if hits == n_correct and not wrong:
            notes = [o.feedback for o in chosen if o.feedback]
            return Feedback(True, 1.0, " ".join(notes) if notes else CORRECT)
        score = max(0.0, (hits - len(wrong)) / n_correct) if self.partial_credit else 0.0
        notes = [o.feedback for o in wrong if o.feedback]
        summary = _count_summary(len(chosen), len(wrong), n_correct - hits)
        base = self.default_feedback or INCORRECT
        return Feedback(False, score, " ".join([base, *notes, summary]))
