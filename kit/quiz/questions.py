"""Question types and their grading, in plain Python (no widgets).

Every question has ``grade(response) -> Feedback``. A *response* is what a learner gives:

- :class:`SingleChoice`: the chosen option's displayed text;
- :class:`MultiSelect`: a list of the chosen options' displayed texts;
- :class:`Numeric`: a number, or the string typed (``"22/7"``, ``"3.1e0"``, ``" 42 "``);
- :class:`FreeText`: the string typed;
- :class:`Ordering`: the list of items in the learner's order;
- :class:`Matching`: a dict ``left -> right``.

Grading never raises: a response that cannot be read (an unknown option, ``"abc"`` for a
number) gets a :class:`Feedback` with ``valid=False`` that says what to enter, and the
widgets do not count it as an attempt.

Partial credit (``Feedback.score``; ``correct`` is only true for a full answer):

- multi-select: ``max(0, (right picks - wrong picks) / number of correct options)``;
  ``partial_credit=False`` gives 0 or 1.
- ordering: ``scoring="pairwise"`` (default) is the share of item pairs in the right
  relative order; ``"position"`` is the share of items in the right place;
  ``"all_or_nothing"`` gives 0 or 1.
- matching: the share of left-hand items matched to the right partner
  (``partial_credit=False`` gives 0 or 1).
- single choice, numeric and text: 0 or 1.

Examples
--------
>>> q = SingleChoice("Which activity builds trust fastest?",
...                  options=["Posting daily", "Replying to each comment"],
...                  answer="Replying to each comment")
>>> q.grade("Replying to each comment").correct
True
>>> Numeric("Half of 7?", answer=3.5).grade("7/2").score
1.0
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

__all__ = [
    "Feedback",
    "Option",
    "NumericAnswer",
    "TextAnswer",
    "Question",
    "SingleChoice",
    "MultiSelect",
    "Numeric",
    "FreeText",
    "Ordering",
    "Matching",
    "parse_number",
    "to_precision",
    "similarity",
    "permutation",
]

CORRECT = "Correct!"
INCORRECT = "Not quite."

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


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


def _invalid(message: str) -> Feedback:
    return Feedback(False, 0.0, message, valid=False)


# --------------------------------------------------------------------------- helpers


def parse_number(value: Any) -> float:
    """Read a number as a learner may type it.

    Accepts ints and floats, and strings with surrounding spaces, e-notation (``"3.1e0"``),
    a fraction (``"22/7"``), a leading ``+`` or a Unicode minus sign.

    Raises
    ------
    ValueError
        If ``value`` is not a finite number; the message says what to type instead.

    Examples
    --------
    >>> parse_number(" 42 "), parse_number("22/7") == 22 / 7, parse_number("3.1e0")
    (42.0, True, 3.1)
    """
    if isinstance(value, bool):
        raise ValueError("enter a number, not true/false")
    if isinstance(value, numbers.Real):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u2212", "-").replace(" ", "")
        if not text:
            raise ValueError("enter a number, e.g. 42, 3.1e0 or 22/7")
        try:
            if text.count("/") == 1:
                top, bottom = (float(part) for part in text.split("/"))
                if bottom == 0:
                    raise ValueError("a fraction cannot have 0 below the line")
                number = top / bottom
            else:
                number = float(text)
        except ValueError as exc:
            if "below the line" in str(exc):
                raise
            raise ValueError(
                f"{value.strip()!r} is not a number; enter e.g. 42, 3.1e0 or 22/7"
            ) from None
    else:
        raise ValueError("enter a number, e.g. 42, 3.1e0 or 22/7")
    if not math.isfinite(number):
        raise ValueError("enter a finite number, e.g. 42, 3.1e0 or 22/7")
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


# --------------------------------------------------------------------------- answers


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


@dataclass(frozen=True)
class TextAnswer:
    """One accepted (or specially answered) text; first match wins.

    ``kind`` is ``"text"`` (compare after normalisation, or by similarity when
    ``fuzzy_threshold`` is set), ``"regex"`` (``re.fullmatch`` on the normalised
    response) or ``"default"`` (matches anything). ``None`` for ``match_case`` /
    ``fuzzy_threshold`` means "use the question's setting".
    """

    kind: str = "text"
    text: str = ""
    correct: bool = True
    feedback: str = ""
    match_case: bool | None = None
    fuzzy_threshold: float | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in ("text", "regex", "default"):
            raise ValueError(f"text answer kind must be text, regex or default, not {self.kind!r}")
        if self.kind == "regex":
            try:
                re.compile(self.text)
            except re.error as exc:
                raise ValueError(f"regex {self.text!r} does not compile: {exc}") from None
        if self.fuzzy_threshold is not None and not 0 <= self.fuzzy_threshold <= 1:
            raise ValueError(f"fuzzy_threshold must be between 0 and 1, not {self.fuzzy_threshold}")


# --------------------------------------------------------------------------- questions


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
        if not isinstance(id, str) or not _ID_RE.match(id):
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
            return _invalid(f"Could not read that answer: {exc}")
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

    def _ipython_display_(self) -> None:  # pragma: no cover - needs a front end
        from IPython.display import display

        from kit.quiz.widgets import QuestionWidget

        display(QuestionWidget(self))


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

    def _option(self, label: Any) -> Option:
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
            return _jq().grade_choice(self, response)
        if isinstance(response, list | tuple):
            if len(response) != 1:
                return _invalid("Choose exactly one option.")
            response = response[0]
        if response is None or response == "":
            return _invalid("Choose one option.")
        option = self._option(response)
        if option.correct:
            return Feedback(True, 1.0, option.feedback or CORRECT)
        return self._wrong(option.feedback)


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
            return _jq().grade_choice(self, response)
        if isinstance(response, str):
            response = [response]
        if response is None or not isinstance(response, Iterable) or isinstance(response, Mapping):
            return _invalid("Give a list of the options you choose.")
        chosen = []
        for label in response:
            option = self._option(label)
            if option not in chosen:
                chosen.append(option)
        if not chosen:
            return _invalid("Choose at least one option.")
        n_correct = sum(o.correct for o in self.options)
        hits = sum(o.correct for o in chosen)
        wrong = [o for o in chosen if not o.correct]
        if hits == n_correct and not wrong:
            notes = [o.feedback for o in chosen if o.feedback]
            return Feedback(True, 1.0, " ".join(notes) if notes else CORRECT)
        score = max(0.0, (hits - len(wrong)) / n_correct) if self.partial_credit else 0.0
        notes = [o.feedback for o in wrong if o.feedback]
        summary = f"You chose {hits} of the {n_correct} right options" + (
            f" and {len(wrong)} that {'is' if len(wrong) == 1 else 'are'} not right."
            if wrong
            else "."
        )
        base = self.default_feedback or INCORRECT
        return Feedback(False, score, " ".join([base, *notes, summary]))


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
            return _jq().grade_numeric(self, response)
        try:
            r = parse_number(response)
        except ValueError as exc:
            return _invalid(str(exc)[:1].upper() + str(exc)[1:] + ".")
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


class FreeText(Question):
    """Type a short text.

    The response and the answers are compared after trimming, collapsing runs of
    whitespace (``normalize_whitespace``) and, unless ``match_case``, ignoring case.
    With ``fuzzy_threshold`` t an answer also matches when
    ``1 - levenshtein / longer length >= t`` (as jupyterquiz). Answers are tried in order;
    the first match gives the feedback.

    Parameters
    ----------
    prompt : str
    answers : str or list of (str or TextAnswer or dict)
        Accepted texts. Dicts take ``answer``/``text``, ``regex``, ``correct``,
        ``feedback``, ``match_case``, ``fuzzy_threshold`` or ``type: default``.
    regex : list of str, optional
        Accepted regular expressions (matched against the whole normalised response).

    Examples
    --------
    >>> q = FreeText("Name the two-way form of online presence.", answers=["social networking"],
    ...              fuzzy_threshold=0.8)
    >>> q.grade("  Social   Networking ").correct, q.grade("social netwrking").correct
    (True, True)
    """

    type = "text"

    def __init__(
        self,
        prompt,
        answers=(),
        *,
        regex=(),
        match_case=False,
        fuzzy_threshold=None,
        normalize_whitespace=True,
        feedback=None,
        **common,
    ):
        super().__init__(prompt, **common)
        feedback = dict(feedback or {})
        if isinstance(answers, str):
            answers = [answers]
        entries: list[TextAnswer] = []
        for entry in answers:
            if isinstance(entry, TextAnswer):
                entries.append(entry)
            elif isinstance(entry, str):
                entries.append(TextAnswer("text", entry, True, feedback.pop(entry, "")))
            elif isinstance(entry, Mapping):
                entries.append(_text_answer(entry, jupyterquiz=self.jupyterquiz))
            else:
                raise ValueError(
                    f"text answers must be strings, dicts or TextAnswer, not {entry!r}"
                )
        for pattern in [regex] if isinstance(regex, str) else regex:
            entries.append(TextAnswer("regex", pattern, True, feedback.pop(pattern, "")))
        if feedback:
            raise ValueError(f"feedback names {next(iter(feedback))!r}, which is not an answer")
        if not self.jupyterquiz and not any(e.correct and e.kind != "default" for e in entries):
            raise ValueError("a text question needs an accepted answer: give answers=[...]")
        if fuzzy_threshold is not None and not 0 <= fuzzy_threshold <= 1:
            raise ValueError(f"fuzzy_threshold must be between 0 and 1, not {fuzzy_threshold}")
        self.answers = tuple(entries)
        self.match_case = bool(match_case)
        self.fuzzy_threshold = fuzzy_threshold
        self.normalize_whitespace = bool(normalize_whitespace)

    def _norm(self, text: str, match_case: bool) -> str:
        text = text.strip()
        if self.normalize_whitespace:
            text = " ".join(text.split())
        return text if match_case else text.lower()

    def _matches(self, entry: TextAnswer, response: str) -> bool:
        if entry.kind == "default":
            return True
        match_case = self.match_case if entry.match_case is None else entry.match_case
        given = self._norm(response, match_case)
        if entry.kind == "regex":
            flags = 0 if match_case else re.IGNORECASE
            return re.fullmatch(entry.text, given, flags) is not None
        expected = self._norm(entry.text, match_case)
        if given == expected:
            return True
        threshold = self.fuzzy_threshold if entry.fuzzy_threshold is None else entry.fuzzy_threshold
        return threshold is not None and similarity(given, expected) >= threshold

    def _grade(self, response: Any) -> Feedback:
        if isinstance(response, numbers.Number) and not isinstance(response, bool):
            response = str(response)
        if not isinstance(response, str):
            return _invalid("Type your answer as text.")
        if self.jupyterquiz:
            return _jq().grade_string(self, response)
        if not response.strip():
            return _invalid("Type an answer first.")
        for entry in self.answers:
            if self._matches(entry, response):
                if entry.correct and entry.kind != "default":
                    return Feedback(True, 1.0, entry.feedback or CORRECT)
                return self._wrong(entry.feedback)
        return self._wrong()


def _text_answer(entry: Mapping[str, Any], *, jupyterquiz: bool = False) -> TextAnswer:
    entry = dict(entry)
    if jupyterquiz:
        # jupyterquiz: 'type: default' or else a plain text in 'answer' (never a regex);
        # a missing 'correct' is false.
        kind = "default" if entry.pop("type", None) == "default" else "text"
        threshold = entry.pop("fuzzy_threshold", None)
        return TextAnswer(
            kind,
            "" if kind == "default" else str(entry.pop("answer", "")),
            correct=kind != "default" and bool(entry.pop("correct", False)),
            feedback=str(entry.pop("feedback", "") or ""),
            match_case=entry.pop("match_case", None),
            fuzzy_threshold=None if threshold is None else float(threshold),
            extra=entry,
        )
    kind = entry.pop("type", None)
    if kind in (None, "string", "text"):
        if "regex" in entry:
            kind, text = "regex", entry.pop("regex")
        else:
            kind = "text"
            text = entry.pop("answer", None)
            if text is None:
                text = entry.pop("text", None)
            if not isinstance(text, str):
                raise ValueError(
                    f"text answer {dict(entry)!r} needs answer: <text> or regex: <pattern>"
                )
    elif kind == "default":
        text = ""
        entry.pop("correct", None)
    else:
        raise ValueError(f"text answer type must be string or default, not {kind!r}")
    threshold = entry.pop("fuzzy_threshold", None)
    return TextAnswer(
        kind,
        text,
        correct=bool(entry.pop("correct", kind != "default")),
        feedback=str(entry.pop("feedback", "") or ""),
        match_case=entry.pop("match_case", None),
        fuzzy_threshold=None if threshold is None else float(threshold),
        extra=entry,
    )


class Ordering(Question):
    """Put items in order.

    Parameters
    ----------
    prompt : str
    items : list of str
        The items in the right order; they are always shown shuffled (seeded, never
        already in order).
    scoring : {"pairwise", "position", "all_or_nothing"}
        Partial credit: the share of item pairs in the right relative order (default),
        the share of items in the right place, or 0/1.
    feedback : dict, optional
        Item -> message shown when that item is out of place.

    Examples
    --------
    >>> q = Ordering("Order the funnel.", items=["see", "follow", "trust", "buy"])
    >>> q.grade(["see", "follow", "buy", "trust"]).score  # 5 of 6 pairs in order
    0.8333333333333334
    """

    type = "ordering"

    def __init__(self, prompt, items, *, scoring="pairwise", feedback=None, **common):
        common.setdefault("shuffle", True)
        super().__init__(prompt, **common)
        self.items = _text_list(items, "items")
        if len(self.items) < 2:
            raise ValueError("an ordering question needs at least 2 items")
        _ensure_unique(self.items, "item")
        if scoring not in ("pairwise", "position", "all_or_nothing"):
            raise ValueError(
                f"scoring must be pairwise, position or all_or_nothing, not {scoring!r}"
            )
        self.scoring = scoring
        self.feedback = dict(feedback or {})
        for name in self.feedback:
            if name not in self.items:
                raise ValueError(f"feedback names {name!r}, which is not one of the items")

    def labels(self) -> list[str]:
        return list(self.items)

    def display_order(self, seed: str) -> list[int]:
        # Showing the items already in order would give the answer away.
        order = permutation(len(self.items), seed)
        if order == sorted(order):
            order = order[1:] + order[:1]
        return order

    def _grade(self, response: Any) -> Feedback:
        if isinstance(response, str) or not isinstance(response, Sequence):
            return _invalid("Give the items as a list in your order.")
        given = list(response)
        if sorted(map(str, given)) != sorted(self.items) or len(set(given)) != len(given):
            return _invalid("Put every item in order exactly once: " + "; ".join(self.items))
        n = len(self.items)
        if given == list(self.items):
            return Feedback(True, 1.0, CORRECT)
        rank = {item: i for i, item in enumerate(self.items)}
        placed = sum(a == b for a, b in zip(given, self.items, strict=True))
        if self.scoring == "position":
            score = placed / n
        elif self.scoring == "pairwise":
            pairs = n * (n - 1) // 2
            ordered = sum(
                rank[given[i]] < rank[given[j]] for i in range(n) for j in range(i + 1, n)
            )
            score = ordered / pairs
        else:
            score = 0.0
        notes = [
            self.feedback[g]
            for g, e in zip(given, self.items, strict=True)
            if g != e and g in self.feedback
        ]
        summary = f"Items in the right place: {placed} of {n}."
        if self.scoring == "pairwise":
            summary += f" Pairs in the right order: {ordered} of {pairs}."
        return self._wrong(" ".join([self.default_feedback or INCORRECT, *notes, summary]), score)


class Matching(Question):
    """Match each left-hand item to its partner.

    Parameters
    ----------
    prompt : str
    pairs : dict or list of (left, right)
        The right pairs, in the order to show the left-hand items.
    distractors : list of str, optional
        Extra right-hand choices that match nothing.
    partial_credit : bool
        Score the share of right pairs (default) or 0/1.
    feedback : dict, optional
        Left item -> message shown when it is matched wrongly.

    Examples
    --------
    >>> q = Matching("Match.", pairs={"follower": "one-way", "friend": "two-way"})
    >>> q.grade({"follower": "one-way", "friend": "one-way"}).score
    0.5
    """

    type = "matching"

    def __init__(
        self, prompt, pairs, *, distractors=(), partial_credit=True, feedback=None, **common
    ):
        super().__init__(prompt, **common)
        items = list(pairs.items()) if isinstance(pairs, Mapping) else [tuple(p) for p in pairs]
        for pair in items:
            if len(pair) != 2 or not all(isinstance(x, str) for x in pair):
                raise ValueError(f"each pair must be two strings (left, right), not {pair!r}")
        if len(items) < 2:
            raise ValueError("a matching question needs at least 2 pairs")
        self.pairs = tuple(items)
        _ensure_unique([left for left, _ in items], "left-hand item")
        self.distractors = _text_list(distractors, "distractors")
        rights = [r for _, r in items]
        for extra in self.distractors:
            if extra in rights:
                raise ValueError(f"distractor {extra!r} is also a right answer; remove it")
        self.partial_credit = bool(partial_credit)
        self.feedback = dict(feedback or {})
        for name in self.feedback:
            if name not in dict(items):
                raise ValueError(f"feedback names {name!r}, which is not a left-hand item")

    def lefts(self) -> list[str]:
        return [left for left, _ in self.pairs]

    def labels(self) -> list[str]:
        """The right-hand choices (each once), then the distractors."""
        seen = dict.fromkeys(r for _, r in self.pairs)
        return [*seen, *self.distractors]

    def _grade(self, response: Any) -> Feedback:
        if not isinstance(response, Mapping):
            return _invalid("Give a dict: left-hand item -> your match.")
        key = dict(self.pairs)
        for left in response:
            if left not in key:
                return _invalid(f"{left!r} is not a left-hand item; they are: " + "; ".join(key))
        right = [left for left in key if response.get(left) == key[left]]
        n = len(key)
        if len(right) == n:
            return Feedback(True, 1.0, CORRECT)
        score = len(right) / n if self.partial_credit else 0.0
        notes = [self.feedback[x] for x in key if x not in right and x in self.feedback]
        summary = f"Pairs matched right: {len(right)} of {n}."
        return self._wrong(" ".join([self.default_feedback or INCORRECT, *notes, summary]), score)


def _jq():
    from kit.quiz import jupyterquiz

    return jupyterquiz


#: YAML ``type`` -> class.
TYPES: dict[str, type[Question]] = {
    cls.type: cls for cls in (SingleChoice, MultiSelect, Numeric, FreeText, Ordering, Matching)
}
