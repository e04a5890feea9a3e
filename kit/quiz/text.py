"""Text questions: type a short text (:class:`FreeText`), matched exactly, fuzzily or by regex."""

from __future__ import annotations

import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kit.quiz import jupyterquiz_grading as jq
from kit.quiz.base import Question
from kit.quiz.grading import CORRECT, Feedback, invalid, similarity

__all__ = ["TextAnswer", "FreeText"]


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
            return invalid("Type your answer as text.")
        if self.jupyterquiz:
            return jq.grade_string(self, response)
        if not response.strip():
            return invalid("Type an answer first.")
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
