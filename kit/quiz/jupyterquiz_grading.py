"""Grading of imported jupyterquiz questions, exactly as jupyterquiz's JavaScript does.

Part of the model layer: the question types call these functions for a question imported
from a jupyterquiz file; reading and writing those files is :mod:`kit.quiz.jupyterquiz`.

Written from a reading of jupyterquiz's ``js/numeric.js`` (``check_numeric``,
``isValid``), ``js/string.js`` (``check_string``, ``levenshteinDistance``) and
``js/multiple_choice.js`` (``check_mc``, ``make_mc``); no code is taken from it. The
questions keep their answer objects as in the file (``Question.jupyterquiz_answers``)
and these functions read those, so what jupyterquiz would do is decided by the same
fields it looks at. The rules, quirks included:

Numbers (``check_numeric``)
    - The input box only lets through what ``isValid`` allows: digits, one ``.`` (more
      after a ``/``), ``-`` first or right after ``e``, one lower-case ``e`` after a digit or
      ``.`` (not after ``/``), one ``/`` (not first). Anything else cannot be typed, so
      we call it invalid (not an attempt). Surrounding spaces are dropped (JavaScript's
      ``Number`` ignores them too).
    - With a ``/`` the two sides are read with ``Number`` and divided (``1/0`` is
      Infinity, ``0/0`` NaN); otherwise the text is read with ``Number``. An empty box
      reads as 0; text that is no number (``"1e"``, ``"."``, ``"-"``) reads as NaN and
      matches nothing (default feedback).
    - ``precision`` p rounds the response AND each ``value`` to p significant digits
      (``toPrecision``: half away from zero on the exact binary value); ``range``
      bounds are not rounded.
    - Answers are tried in file order, looking at keys, not ``type``: an answer with
      ``value`` matches ``response == value``; else one with ``range`` matches
      ``low <= response < high`` (half-open); else ``type: default`` only records its
      feedback and never stops the search (the last one wins). The first match decides;
      a missing ``correct`` counts as false.
    - Messages: the matched answer's ``feedback``, else ``"Correct"`` (also for a wrong
      ``value``!). A matched ``range`` without ``feedback`` makes jupyterquiz stop with
      an error and show nothing: no verdict (``valid=False``, empty message). No match:
      the default feedback, ``"Incorrect. Try again."`` without one, and
      ``"Incorrect -- try again."`` when the default feedback is ``""``.

Text (``check_string``)
    - The response is trimmed (JavaScript whitespace); nothing else is normalised. An
      empty response is graded like any other.
    - ``type: default`` answers are set aside first (the last one's ``feedback`` is the
      default feedback, wherever it stands); the others are tried in order.
    - Each answer matches exactly with ``match_case``, else ignoring case. Failing that,
      if its ``fuzzy_threshold`` is truthy (0 turns it off), it matches when
      ``1 - levenshtein / max(len(response), len(answer)) >= threshold``; the
      Levenshtein distance is taken on the lower-cased texts unless ``match_case``, but
      the lengths are those of the texts as typed, counted in UTF-16 units.
    - Messages: an exact match shows its ``feedback``; a fuzzy match shows
      ``"(Fuzzy) " + feedback``; without ``feedback`` both show ``"Correct"``. No
      match: the default feedback (``"Incorrect. Try again."`` if none, ``"Incorrect --
      try again."`` if ``""``); a default answer with no ``feedback`` at all makes
      jupyterquiz fail and show nothing: no verdict.

Choices (``check_mc``; ``multiple_choice`` and ``many_choice`` are the same code)
    - The behaviour depends on how many answers have a truthy ``correct``, not on the
      ``type``: 0 or 1 is *single* mode, 2 or more *many* mode.
    - A response is one option's text, or a list read as clicks in that order.
    - Single mode: each click stands alone; the last one decides. Its ``feedback``, else
      ``"Correct!"`` / ``"Incorrect -- try again."``.
    - Many mode keeps a count of correct clicks since the last wrong one: a correct
      option counts once; a wrong click sets the count below zero (shown as 0) and the
      next correct click restarts it at 1. The message is the click's feedback (defaults
      as above) followed by ``" [count/number correct]"``. The response is right when the
      count reaches the number of correct options; the score is the count shown over
      that number.
    - An answer with ``hide: true`` is not graded: clicking it shows its ``feedback`` or
      ``"Selected."`` (``"Deselected."`` on the next click): no verdict.

Messages are returned as in the file; jupyterquiz's ``$...$`` to ``\\(...\\)``
conversion is display work left to the widgets.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

from kit.quiz.base import Question
from kit.quiz.grading import Feedback, levenshtein, to_precision

__all__ = [
    "js_number",
    "js_trim",
    "typeable_number",
    "grade_numeric",
    "grade_string",
    "grade_choice",
]

NO_MATCH = "Incorrect. Try again."  # defaultFB in check_numeric / check_string
EMPTY_DEFAULT = "Incorrect -- try again."  # shown when the default feedback is ""
MATCHED = "Correct"  # a matched numeric/string answer without feedback
MC_RIGHT = "Correct!"
MC_WRONG = "Incorrect -- try again."

# ECMAScript WhiteSpace and LineTerminator code points (what String.prototype.trim drops).
_JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_RADIX = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")


def js_trim(text: str) -> str:
    """Strip what JavaScript's ``trim`` strips (not quite Python's ``strip``)."""
    return text.strip(_JS_SPACE)


def js_number(text: str) -> float:
    """Read ``text`` as JavaScript's ``Number(text)``: NaN when it is not a number.

    Examples
    --------
    >>> js_number(" 3.5 "), js_number(""), js_number("1e"), js_number("0x10")
    (3.5, 0.0, nan, 16.0)
    """
    text = js_trim(text)
    if not text:
        return 0.0
    if _DECIMAL.fullmatch(text):
        return float(text.replace("Infinity", "inf"))
    if _RADIX.fullmatch(text):
        try:
            return float(int(text[2:], {"x": 16, "o": 8, "b": 2}[text[1].lower()]))
        except OverflowError:
            return math.inf
    return math.nan


def _js_divide(top: float, bottom: float) -> float:
    """``top / bottom`` with IEEE results where Python would raise (``1/0`` is Infinity)."""
    if bottom != 0 or math.isnan(bottom):
        return top / bottom
    if top == 0 or math.isnan(top):
        return math.nan
    return math.copysign(math.inf, top) * math.copysign(1.0, bottom)


def _key_allowed(value: str, ch: str) -> bool:
    """Whether jupyterquiz's numeric box accepts ``ch`` typed after ``value``."""
    if ch == ".":
        # A second '.' is refused unless a '/' came before it (then always allowed).
        return "." not in value or "/" in value
    if ch == "/":
        return "/" not in value and value not in ("", ".")
    if ch == "-":
        e_at = value.find("e")
        if e_at == -1:
            e_at = value.find("E")
        return value == "" or e_at == len(value) - 1
    if ch == "e":
        if "e" in value or "E" in value or "/" in value:
            return False
        return value[-1:] in tuple("0123456789.") and value != ""
    code = ord(ch)
    return not (code > 31 and (code < 48 or code > 57))


def typeable_number(text: str) -> bool:
    """Whether ``text`` can be typed into jupyterquiz's numeric box, key by key.

    Examples
    --------
    >>> typeable_number("-2.5e-3"), typeable_number("22/7"), typeable_number("1E5")
    (True, True, False)
    """
    value = ""
    for ch in text:
        if not _key_allowed(value, ch):
            return False
        value += ch
    return True


def _verdict(answer: dict, message: str, score_if_right: float = 1.0) -> Feedback:
    if answer.get("correct"):
        return Feedback(True, score_if_right, message)
    return Feedback(False, 0.0, message)


def _no_verdict(message: str = "") -> Feedback:
    return Feedback(False, 0.0, message, valid=False)


def _read_number(response: Any) -> float | Feedback:
    if isinstance(response, bool):
        return _no_verdict("Type a number, not true/false.")
    if isinstance(response, numbers.Real):
        return float(response)
    if not isinstance(response, str):
        return _no_verdict("Type a number, e.g. 42, 3.1e0 or 22/7.")
    text = js_trim(response)
    if not typeable_number(text):
        return _no_verdict(
            f"{text!r} cannot be typed here: use digits, '.', '-', a lower-case 'e' and "
            "at most one '/', e.g. 42, -3.1e0 or 22/7."
        )
    if "/" in text:
        top, bottom = text.split("/")[:2]
        return _js_divide(js_number(top), js_number(bottom))
    return js_number(text)


def grade_numeric(question: Question, response: Any) -> Feedback:
    """Grade a numeric response as jupyterquiz's ``check_numeric`` does."""
    number = _read_number(response)
    if isinstance(number, Feedback):
        return number
    digits = question.sig_figs
    if digits is not None:
        number = to_precision(number, digits)
    default = NO_MATCH
    for answer in question.jupyterquiz_answers:
        if "value" in answer:
            value = float(answer["value"])
            if digits is not None:
                value = to_precision(value, digits)
            if number == value:
                return _verdict(answer, answer["feedback"] if "feedback" in answer else MATCHED)
        elif "range" in answer:
            low, high = answer["range"][:2]
            if low <= number < high:
                if "feedback" not in answer:
                    return _no_verdict()  # jupyterquiz fails on the missing feedback
                return _verdict(answer, answer["feedback"])
        elif answer.get("type") == "default" and "feedback" in answer:
            default = answer["feedback"]
    return Feedback(False, 0.0, default if default != "" else EMPTY_DEFAULT)


def _utf16(text: str) -> list[int]:
    data = text.encode("utf-16-le")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


def grade_string(question: Question, response: str) -> Feedback:
    """Grade a text response as jupyterquiz's ``check_string`` does."""
    given = js_trim(response)
    default: str | None = NO_MATCH
    tried = []
    for answer in question.jupyterquiz_answers:
        if answer.get("type") == "default":
            default = answer.get("feedback")
        else:
            tried.append(answer)
    for answer in tried:
        expected = str(answer["answer"])
        exact = bool(answer.get("match_case"))
        if given == expected if exact else given.lower() == expected.lower():
            return _verdict(answer, answer["feedback"] if "feedback" in answer else MATCHED)
        threshold = answer.get("fuzzy_threshold")
        if threshold:
            longest = max(len(_utf16(given)), len(_utf16(expected)))
            a, b = (given, expected) if exact else (given.lower(), expected.lower())
            ratio = 1 - levenshtein(_utf16(a), _utf16(b)) / longest
            if ratio >= threshold:
                message = "(Fuzzy) " + answer["feedback"] if "feedback" in answer else MATCHED
                return _verdict(answer, message)
    if default is None:
        return _no_verdict()  # jupyterquiz fails on a default answer with no feedback
    return Feedback(False, 0.0, default if default != "" else EMPTY_DEFAULT)


def grade_choice(question: Question, response: Any) -> Feedback:
    """Grade clicks on a multiple_choice / many_choice question as ``check_mc`` does."""
    clicks = [response] if isinstance(response, str) else response
    if isinstance(clicks, dict) or not isinstance(clicks, list | tuple) or not clicks:
        return _no_verdict("Choose an option.")
    raw = question.jupyterquiz_answers
    labels = question.labels()
    indices = [labels.index(question.option(label).label) for label in clicks]
    n_correct = sum(bool(a.get("correct")) for a in raw)
    selected: set[int] = set()  # hidden options currently selected
    count = 0  # answeredcorrect
    answered: set[int] = set()  # correct options already counted
    result = _no_verdict("Choose an option.")
    for i in indices:
        answer = raw[i]
        hidden = answer.get("hide") in (True, "true")
        if n_correct <= 1:
            selected &= {i}
        if hidden:
            if i in selected:
                selected.discard(i)
                message = "Deselected."
            else:
                selected.add(i)
                message = answer.get("feedback", "Selected.")
        elif answer.get("correct") is True:
            message = answer.get("feedback", MC_RIGHT)
            if n_correct > 1 and i not in answered:
                if count < 0:
                    count, answered = 1, set()
                else:
                    count += 1
                answered.add(i)
        else:
            message = answer.get("feedback", MC_WRONG)
            if n_correct > 1:
                if count > 0:
                    count, answered = -1, set()
                else:
                    count -= 1
        if n_correct <= 1:
            result = (
                _no_verdict(message)
                if hidden
                else Feedback(
                    answer.get("correct") is True, float(answer.get("correct") is True), message
                )
            )
            continue
        shown = max(count, 0)
        message = f"{message} [{shown}/{n_correct}]"
        if hidden:
            result = _no_verdict(message)
        elif shown == n_correct:
            result = Feedback(True, 1.0, message)
        else:
            result = Feedback(False, shown / n_correct, message)
    return result
