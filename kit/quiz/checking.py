"""What every bank format shares: the :class:`Bank`, its problems, reading a file with lines.

:class:`Checker` collects :class:`BankIssue` s (``FILE:LINE question 'ID': FIELD MESSAGE``)
for one file; the format modules (:mod:`kit.quiz.yaml_format`, :mod:`kit.quiz.jupyterquiz`)
use it, and :mod:`kit.quiz.bank` picks the format.
"""

from __future__ import annotations

import difflib
import json
import numbers
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kit.errors import KitError
from kit.limits import MAX_DEPTH, InputError, load_yaml, nesting_depth, safe_loader_class
from kit.quiz.base import Question

__all__ = [
    "Bank",
    "BankError",
    "BankIssue",
    "Checker",
    "ItemInfo",
    "Lines",
    "parse",
]


@dataclass(frozen=True)
class ItemInfo:
    """What a bank says about one question besides the question itself (not graded).

    Attributes
    ----------
    bloom : str or None
        Its level in the revised Bloom taxonomy (``remember`` ... ``create``), if tagged.
    revisits : tuple of str
        Ids of earlier banks whose ideas it asks again.
    misconceptions : dict
        Option label -> the named misconception that wrong option stands for.
    """

    bloom: str | None = None
    revisits: tuple[str, ...] = ()
    misconceptions: Mapping[str, str] = field(default_factory=dict)


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

    @property
    def delayed_check(self) -> tuple[str, ...]:
        """Ids of the questions to ask again about a week later (``delayed_check:``)."""
        return tuple(self.extra.get("delayed_check", ()))

    def info(self, question_id: str) -> ItemInfo:
        """The Bloom level, revisited banks and named misconceptions of one question.

        Examples
        --------
        >>> from kit.quiz import load_bank
        >>> info = load_bank("example").info("trust-fastest")
        >>> info.bloom, info.misconceptions["Buying followers to look popular"]
        ('understand', 'followers are customers')
        """
        self[question_id]  # a clear error for an unknown id
        return self.extra.get("items", {}).get(question_id, ItemInfo())

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


# --------------------------------------------------------------------------- reading


class Lines:
    """Line numbers (1-based) of every node, keyed by the path of keys/indices to it."""

    def __init__(self) -> None:
        self.at: dict[tuple, int] = {}

    def line(self, path: tuple) -> int | None:
        while path not in self.at and path:
            path = path[:-1]
        return self.at.get(path)


def compose_lines(text: str, issues: list[tuple[tuple, int, str]]) -> Lines:
    lines = Lines()
    try:
        root = yaml.compose(text, Loader=safe_loader_class())
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


#: The largest bank file read (the shipped banks are under 40 kB).
MAX_BANK_BYTES = 1_000_000
#: The most questions one bank may hold.
MAX_QUESTIONS = 500


def read_raw(path: Path) -> bytes:
    """A bank file's bytes, at most one past :data:`MAX_BANK_BYTES` (OSError if unreadable)."""
    with open(path, "rb") as f:
        return f.read(MAX_BANK_BYTES + 1)


def parse(path: Path, name: str, raw: bytes | None = None) -> tuple[Any, Lines, list[BankIssue]]:
    """Read a bank file; syntax errors become issues, unreadable files raise OSError.

    Banks come from other people (remixers share them), so the file is bounded before it is
    parsed (:mod:`kit.limits`): its size, its nesting, its YAML aliases and the size they
    expand to, and its number of questions. A bank past a bound is one issue, never a
    MemoryError. ``raw``: the file's bytes if the caller has read them (:func:`read_raw`).
    """
    if raw is None:
        raw = read_raw(path)
    if len(raw) > MAX_BANK_BYTES:
        return (
            None,
            Lines(),
            [BankIssue(name, None, None, "", f"is larger than {MAX_BANK_BYTES:,} bytes")],
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return (
            None,
            Lines(),
            [BankIssue(name, None, None, "", f"is not UTF-8 text ({exc.reason})")],
        )
    dup: list[tuple[tuple, int, str]] = []
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        depth = nesting_depth(text, stop=MAX_DEPTH)
        if depth > MAX_DEPTH:
            return (
                None,
                Lines(),
                [BankIssue(name, None, None, "", f"nests deeper than {MAX_DEPTH} levels")],
            )
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return (
                None,
                Lines(),
                [BankIssue(name, exc.lineno, None, "", f"is not valid JSON: {exc.msg}")],
            )
    else:
        try:
            data = load_yaml(text, what="the bank", max_bytes=MAX_BANK_BYTES)
        except InputError as exc:
            reason = str(exc).removeprefix("the bank ")
            return None, Lines(), [BankIssue(name, None, None, "", reason)]
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            line = mark.line + 1 if mark else None
            return (
                None,
                Lines(),
                [BankIssue(name, line, None, "", f"is not valid YAML: {problem}")],
            )
    questions = data.get("questions") if isinstance(data, Mapping) else data
    if isinstance(questions, list) and len(questions) > MAX_QUESTIONS:
        return (
            None,
            Lines(),
            [
                BankIssue(
                    name,
                    None,
                    None,
                    "",
                    f"has {len(questions):,} questions; split it into banks of at most "
                    f"{MAX_QUESTIONS}",
                )
            ],
        )
    lines = compose_lines(text, dup)
    issues = [duplicate_issue(name, data, path, line, key) for path, line, key in dup]
    return data, lines, issues


def duplicate_issue(name: str, data: Any, path: tuple, line: int, key: str) -> BankIssue:
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
    return BankIssue(name, line, qid, field_name((*rel, key)), "is given twice; keep only one")


def field_name(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Checker:
    """Collects issues for one file; ``qpath`` is the path to the current question."""

    def __init__(self, name: str, lines: Lines):
        self.name = name
        self.lines = lines
        self.issues: list[BankIssue] = []
        self.qid: str | None = None
        self.qpath: tuple = ()

    def add(self, rel: tuple, message: str) -> None:
        self.issues.append(
            BankIssue(
                self.name, self.lines.line(self.qpath + rel), self.qid, field_name(rel), message
            )
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
