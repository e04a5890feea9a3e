"""Question banks: loading, validation with line numbers, jupyterquiz import and export.

A bank is a YAML file in our format (``schema: 1``, see ``data/quizzes/README.md``) or a
jupyterquiz JSON file (a list of questions); :func:`load_bank` tells them apart by content.
Imported jupyterquiz questions keep their answers as read and grade as jupyterquiz's
JavaScript does (:mod:`kit.quiz.jupyterquiz`), not by our YAML rules.
Banks are data, never code: YAML is read with ``yaml.SafeLoader`` and nothing is evaluated.

Examples
--------
>>> bank = load_bank("example")
>>> bank.id, len(bank) > 5
('example', True)
>>> [issue for issue in check_bank(bank.path)]
[]
"""

from __future__ import annotations

import difflib
import json
import numbers
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kit.errors import KitError
from kit.quiz.questions import (
    TYPES,
    FreeText,
    Matching,
    MultiSelect,
    Numeric,
    NumericAnswer,
    Option,
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
)

__all__ = [
    "Bank",
    "BankError",
    "BankIssue",
    "load_bank",
    "check_bank",
    "bank_path",
    "to_jupyterquiz",
    "export_jupyterquiz",
    "SCHEMA_VERSION",
]

SCHEMA_VERSION = 1
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class BankIssue:
    """One problem in a bank file.

    ``str(issue)`` reads ``FILE:LINE question 'ID': FIELD MESSAGE``.
    """

    file: str
    line: int | None
    question: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" question '{self.question}'" if self.question else ""
        what = f"{self.field} {self.message}" if self.field else self.message
        return f"{where}{who}: {what}"


class BankError(KitError):
    """A bank file has problems; ``issues`` lists every one, ``str()`` one per line."""

    def __init__(self, issues: list[BankIssue]):
        self.issues = list(issues)
        super().__init__("\n".join(map(str, self.issues)))


@dataclass(frozen=True)
class Bank:
    """A loaded question bank.

    Iterating a bank gives its questions in file order; ``bank["q-id"]`` finds one.

    Attributes
    ----------
    id : str
        The bank's id (``id:`` in the file, else the file name without suffix).
    questions : tuple of Question
    title : str
    path : pathlib.Path or None
    format : {"kit", "jupyterquiz"}
    """

    id: str
    questions: tuple[Question, ...]
    title: str = ""
    path: Path | None = None
    format: str = "kit"
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    @property
    def ids(self) -> list[str]:
        """The question ids in file order."""
        return [q.id for q in self.questions]

    def __getitem__(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        close = difflib.get_close_matches(str(question_id), self.ids, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise KitError(
            f"bank {self.id!r} has no question {question_id!r}{hint} "
            f"(its questions: {', '.join(self.ids)})"
        )


# --------------------------------------------------------------------------- locating


def bank_path(source: str | os.PathLike) -> Path:
    """Return the file for a bank id (``"01"`` -> ``data/quizzes/01.yaml``) or a path.

    Raises
    ------
    kit.errors.KitError
        If there is no such bank; the message lists the banks there are.
    """
    text = os.fspath(source)
    looks_like_path = (
        isinstance(source, os.PathLike)
        or os.sep in text
        or "/" in text
        or text.endswith(_SUFFIXES)
        or Path(text).is_file()
    )
    if looks_like_path:
        path = Path(text).expanduser()
        if not path.is_file():
            raise KitError(f"no bank file {text!r}; check the path (or give a bank id like '01')")
        return path
    from kit.data import data_dir

    folder = data_dir() / "quizzes"
    for suffix in _SUFFIXES:
        path = folder / f"{text}{suffix}"
        if path.is_file():
            return path
    there = sorted(p.stem for p in folder.glob("*") if p.suffix in _SUFFIXES)
    raise KitError(
        f"no quiz bank {text!r} in {folder}; banks there: {', '.join(there) or 'none'} "
        "(or give the path of a .yaml/.json file)"
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- reading


class _Lines:
    """Line numbers (1-based) of every node, keyed by the path of keys/indices to it."""

    def __init__(self) -> None:
        self.at: dict[tuple, int] = {}

    def line(self, path: tuple) -> int | None:
        while path not in self.at and path:
            path = path[:-1]
        return self.at.get(path)


def _compose_lines(text: str, issues: list[tuple[tuple, int, str]]) -> _Lines:
    lines = _Lines()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines

    def walk(node, path):
        lines.at[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
                if name in seen:
                    issues.append((path, key.start_mark.line + 1, name))
                seen.add(name)
                walk(value, (*path, name))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                walk(value, (*path, i))

    if root is not None:
        walk(root, ())
    return lines


def _parse(path: Path, name: str) -> tuple[Any, _Lines, list[BankIssue]]:
    """Read a bank file; syntax errors become issues, unreadable files raise OSError."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return (
            None,
            _Lines(),
            [BankIssue(name, None, None, "", f"is not UTF-8 text ({exc.reason})")],
        )
    dup: list[tuple[tuple, int, str]] = []
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return (
                None,
                _Lines(),
                [BankIssue(name, exc.lineno, None, "", f"is not valid JSON: {exc.msg}")],
            )
    else:
        try:
            data = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader: data only
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            line = mark.line + 1 if mark else None
            return (
                None,
                _Lines(),
                [BankIssue(name, line, None, "", f"is not valid YAML: {problem}")],
            )
    lines = _compose_lines(text, dup)
    issues = [_duplicate_issue(name, data, path, line, key) for path, line, key in dup]
    return data, lines, issues


def _duplicate_issue(name: str, data: Any, path: tuple, line: int, key: str) -> BankIssue:
    """A key given twice in one mapping (YAML would silently keep the last one)."""
    qid = None
    questions = data.get("questions") if isinstance(data, Mapping) else data
    if isinstance(data, list) and path:
        index, rel = path[0], path[1:]
        qid = f"q{index + 1}" if isinstance(index, int) else None
    elif len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        index, rel = path[1], path[2:]
        q = questions[index] if isinstance(questions, list) and index < len(questions) else None
        qid = (
            q.get("id")
            if isinstance(q, Mapping) and isinstance(q.get("id"), str)
            else f"#{index + 1}"
        )
    else:
        rel = path
    return BankIssue(name, line, qid, _field((*rel, key)), "is given twice; keep only one")


def _field(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _is_jupyterquiz(data: Any) -> bool:
    return isinstance(data, list) and all(isinstance(q, Mapping) and "question" in q for q in data)


# --------------------------------------------------------------------------- checking


class _Checker:
    """Collects issues for one file; ``qpath`` is the path to the current question."""

    def __init__(self, name: str, lines: _Lines):
        self.name = name
        self.lines = lines
        self.issues: list[BankIssue] = []
        self.qid: str | None = None
        self.qpath: tuple = ()

    def add(self, rel: tuple, message: str) -> None:
        self.issues.append(
            BankIssue(self.name, self.lines.line(self.qpath + rel), self.qid, _field(rel), message)
        )

    def known(self, data: Mapping, allowed: set[str], rel: tuple = ()) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = (
                    f"; did you mean {close[0]!r}?"
                    if close
                    else f"; allowed: {', '.join(sorted(allowed))}"
                )
                self.add((*rel, key), f"is not a known field{hint}")

    def text(self, data: Mapping, key: str, rel: tuple = (), *, required=False, nonempty=False):
        if key not in data:
            if required:
                self.add(rel, f"needs a '{key}' field")
            return None
        value = data[key]
        if not isinstance(value, str) or (nonempty and not value.strip()):
            kind = "non-empty text" if nonempty else "text"
            self.add(
                (*rel, key),
                f"must be {kind} (put it in quotes if it looks like a number), not {value!r}",
            )
            return None
        return value

    def boolean(self, data: Mapping, key: str, rel: tuple = ()):
        if key in data and not isinstance(data[key], bool):
            self.add((*rel, key), f"must be true or false, not {data[key]!r}")

    def number(
        self,
        data: Mapping,
        key: str,
        rel: tuple = (),
        *,
        minimum=None,
        above=None,
        integer=False,
        required=False,
    ):
        if key not in data:
            if required:
                self.add(rel, f"needs a '{key}' field")
            return None
        value = data[key]
        ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if ok and integer:
            ok = isinstance(value, int)
        if ok and minimum is not None and value < minimum:
            ok = False
        if ok and above is not None and value <= above:
            ok = False
        if not ok:
            kind = "a whole number" if integer else "a number"
            if minimum is not None:
                kind += f" of at least {minimum}"
            if above is not None:
                kind += f" above {above}"
            self.add((*rel, key), f"must be {kind}, not {value!r}")
            return None
        return value

    def text_list(self, data: Mapping, key: str, rel: tuple = (), *, required=False, min_len=0):
        if key not in data:
            if required:
                self.add(rel, f"needs a '{key}' list")
            return None
        value = data[key]
        if not isinstance(value, list):
            self.add((*rel, key), f"must be a list of texts, not {value!r}")
            return None
        good = True
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.add((*rel, key, i), f"must be text (quote it), not {item!r}")
                good = False
        if len(value) < min_len:
            self.add((*rel, key), f"needs at least {min_len} entries, has {len(value)}")
            good = False
        if good and len(set(value)) != len(value):
            twice = next(v for v in value if value.count(v) > 1)
            self.add((*rel, key), f"lists {twice!r} twice; each entry must be different")
            good = False
        return value if good else None

    def text_map(self, data: Mapping, key: str, allowed: list[str] | None, rel: tuple = ()):
        if key not in data:
            return
        value = data[key]
        if not isinstance(value, Mapping):
            self.add((*rel, key), "must be a mapping of item: message")
            return
        for name, message in value.items():
            if allowed is not None and name not in allowed:
                self.add((*rel, key, name), "names an item that is not in the question")
            if not isinstance(message, str):
                self.add((*rel, key, name), f"must be text, not {message!r}")


_COMMON = {
    "id",
    "type",
    "prompt",
    "code",
    "points",
    "hints",
    "explanation",
    "max_attempts",
    "shuffle",
    "default_feedback",
}
_FIELDS = {
    "single": _COMMON | {"answers"},
    "multi": _COMMON | {"answers", "partial_credit"},
    "numeric": _COMMON | {"answer", "tolerance", "rel_tolerance", "answers", "sig_figs"},
    "text": _COMMON | {"answers", "match_case", "fuzzy_threshold", "normalize_whitespace"},
    "ordering": _COMMON | {"items", "scoring", "feedback"},
    "matching": _COMMON | {"pairs", "distractors", "partial_credit", "feedback"},
}


def _check_common(c: _Checker, q: Mapping) -> None:
    c.text(q, "prompt", required=True, nonempty=True)
    c.text(q, "code")
    c.text(q, "explanation")
    c.text(q, "default_feedback")
    c.number(q, "points", above=0)
    c.number(q, "max_attempts", minimum=1, integer=True)
    c.boolean(q, "shuffle")
    c.text_list(q, "hints")


def _check_choice(c: _Checker, q: Mapping, kind: str) -> None:
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
        c.known(a, {"text", "code", "correct", "feedback"}, rel)
        text = c.text(a, "text", rel)
        code = c.text(a, "code", rel)
        if not text and not code:
            c.add(rel, "needs 'text' (or 'code' for a code-only option)")
        else:
            labels.append(text or code)
        c.text(a, "feedback", rel)
        c.boolean(a, "correct", rel)
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


def _check_numeric(c: _Checker, q: Mapping) -> None:
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
        c.known(a, {"value", "range", "tolerance", "rel_tolerance", "correct", "feedback"}, rel)
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


def _check_text(c: _Checker, q: Mapping) -> None:
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
        c.known(a, {"text", "regex", "correct", "feedback", "match_case", "fuzzy_threshold"}, rel)
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


def _check_ordering(c: _Checker, q: Mapping) -> None:
    items = c.text_list(q, "items", required=True, min_len=2)
    if q.get("scoring", "pairwise") not in ("pairwise", "position", "all_or_nothing"):
        c.add(("scoring",), f"must be pairwise, position or all_or_nothing, not {q['scoring']!r}")
    if q.get("shuffle") is False:
        c.add(("shuffle",), "cannot be false: ordering items are always shown shuffled; remove it")
    c.text_map(q, "feedback", items)


def _check_matching(c: _Checker, q: Mapping) -> None:
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


_CHECKS = {
    "single": lambda c, q: _check_choice(c, q, "single"),
    "multi": lambda c, q: _check_choice(c, q, "multi"),
    "numeric": _check_numeric,
    "text": _check_text,
    "ordering": _check_ordering,
    "matching": _check_matching,
}


def _build(q: Mapping) -> Question:
    """Make a Question from a checked YAML mapping."""
    q = dict(q)
    kind = q.pop("type")
    common = {k: q.pop(k) for k in list(q) if k in _COMMON - {"type", "prompt"}}
    prompt = q.pop("prompt")
    if kind in ("single", "multi"):
        options = [
            Option(
                a.get("text", ""), a.get("correct", False), a.get("feedback", ""), a.get("code", "")
            )
            for a in q.pop("answers")
        ]
        if kind == "single":
            return SingleChoice(prompt, options, **common)
        return MultiSelect(prompt, options, partial_credit=q.get("partial_credit", True), **common)
    if kind == "numeric":
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
    if kind == "text":
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
    if kind == "ordering":
        return Ordering(
            prompt,
            q["items"],
            scoring=q.get("scoring", "pairwise"),
            feedback=q.get("feedback"),
            **common,
        )
    return Matching(
        prompt,
        q["pairs"],
        distractors=q.get("distractors", ()),
        partial_credit=q.get("partial_credit", True),
        feedback=q.get("feedback"),
        **common,
    )


def _check_kit(data: Any, c: _Checker, stem: str) -> Bank | None:
    if not isinstance(data, Mapping):
        c.add(
            (),
            "must be a mapping with 'schema: 1' and a 'questions' list "
            "(see data/quizzes/README.md)",
        )
        return None
    c.known(data, {"schema", "id", "title", "description", "questions"})
    if "schema" not in data:
        c.add((), "needs 'schema: 1' at the top (the format version)")
    elif data["schema"] != SCHEMA_VERSION:
        c.add(
            ("schema",),
            f"is {data['schema']!r}, but this kit reads schema {SCHEMA_VERSION}; "
            "upgrade the kit or convert the file",
        )
    bank_id = c.text(data, "id") or stem
    if not _ID_RE.match(bank_id):
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
    seen: dict[str, int] = {}
    for i, q in enumerate(questions):
        c.qpath, c.qid = ("questions", i), f"#{i + 1}"
        if not isinstance(q, Mapping):
            c.add((), "must be a mapping with id, type and prompt")
            continue
        qid = q.get("id")
        if isinstance(qid, str) and _ID_RE.match(qid):
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
        c.known(q, _FIELDS[kind])
        _check_common(c, q)
        _CHECKS[kind](c, q)
        if len(c.issues) == before:
            try:
                built.append(_build(q))
            except (ValueError, TypeError) as exc:
                c.add((), str(exc))
    c.qpath, c.qid = (), None
    if c.issues:
        return None
    return Bank(
        bank_id,
        tuple(built),
        title,
        format="kit",
        extra={"description": data.get("description", "")},
    )


# --------------------------------------------------------------------------- jupyterquiz

_JQ_TYPES = ("multiple_choice", "many_choice", "numeric", "string")


def _check_jupyterquiz(data: list, c: _Checker, stem: str) -> Bank | None:
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
    atomic_write_text(path, json.dumps(data, indent=4, ensure_ascii=False) + "\n")
    return path


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and ``os.replace``.

    Readers see the old file or the whole new one, never half of it.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------- public


def check_bank(source: str | os.PathLike) -> list[BankIssue]:
    """Return every problem in a bank file (empty when it is fine).

    Raises
    ------
    OSError
        If the file cannot be read at all.
    kit.errors.KitError
        If ``source`` names no bank.
    """
    path = bank_path(source)
    return _load(path, _name(source, path))[1]


def _name(source, path: Path) -> str:
    """The file name to show in messages: as the user typed it, else relative to cwd."""
    text = os.fspath(source)
    return text if Path(text).expanduser() == path else _display(path)


def _load(path: Path, name: str) -> tuple[Bank | None, list[BankIssue]]:
    data, lines, issues = _parse(path, name)
    if issues and data is None:
        return None, issues
    c = _Checker(name, lines)
    c.issues.extend(issues)
    if _is_jupyterquiz(data):
        bank = _check_jupyterquiz(data, c, path.stem)
    else:
        bank = _check_kit(data, c, path.stem)
    if c.issues or bank is None:
        return None, sorted(c.issues, key=lambda issue: issue.line or 0)
    return Bank(bank.id, bank.questions, bank.title, path, bank.format, bank.extra), []


def load_bank(source) -> Bank:
    """Load a bank from a bank id (``"01"``, a file in ``data/quizzes/``) or a path.

    Our YAML format and jupyterquiz JSON are both read; the format is told from the
    content. Imported jupyterquiz questions get the ids ``q1``, ``q2``, ... in file order.

    Raises
    ------
    BankError
        With every problem in the file (``str()`` gives one per line).
    kit.errors.KitError
        If there is no such bank.
    OSError
        If the file cannot be read.

    Examples
    --------
    >>> bank = load_bank("example")
    >>> bank["trust-fastest"].type
    'single'
    """
    if isinstance(source, Bank):
        return source
    path = bank_path(source)
    bank, issues = _load(path, _name(source, path))
    if issues:
        raise BankError(issues)
    return bank
