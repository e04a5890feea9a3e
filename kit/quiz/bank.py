"""Question banks: find a bank, load it, or list every problem in it with line numbers.

A bank is a YAML file in our format (``schema: 1``, see ``data/quizzes/README.md``;
:mod:`kit.quiz.yaml_format`) or a jupyterquiz JSON file (a list of questions;
:mod:`kit.quiz.jupyterquiz`); :func:`load_bank` tells them apart by content. Imported
jupyterquiz questions keep their answers as read and grade as jupyterquiz's JavaScript does
(:mod:`kit.quiz.jupyterquiz_grading`), not by our YAML rules.
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

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path

from kit.errors import KitError
from kit.files import write_atomic
from kit.quiz.checking import Bank, BankError, BankIssue, Checker, parse, read_raw
from kit.quiz.jupyterquiz import (
    check_jupyterquiz,
    export_jupyterquiz,
    is_jupyterquiz,
    to_jupyterquiz,
)
from kit.quiz.schema import SCHEMA_VERSION
from kit.quiz.yaml_format import check_kit

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

_SUFFIXES = (".yaml", ".yml", ".json")

#: Before kit.files held the one atomic writer, this module had its own; the name stays.
atomic_write_text = write_atomic

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


#: Banks already read in this process, by path, name and the SHA-256 of the file's bytes: a
#: lesson asks several questions of one bank, and each ``ask`` would read and check it again.
#: A changed file has another digest, so an edit is always seen.
_loaded: OrderedDict[tuple[str, str, str], tuple[Bank | None, list[BankIssue]]] = OrderedDict()
_loaded_lock = threading.Lock()
_LOADED_MAX = 32


def _load(path: Path, name: str) -> tuple[Bank | None, list[BankIssue]]:
    try:
        raw = read_raw(path)
    except OSError:
        return _check(path, name)  # parse raises the same error, worded by the caller
    key = (os.fspath(path), name, hashlib.sha256(raw).hexdigest())
    with _loaded_lock:
        if key in _loaded:
            _loaded.move_to_end(key)
            return _loaded[key]
    result = _check(path, name, raw)
    with _loaded_lock:
        _loaded[key] = result
        while len(_loaded) > _LOADED_MAX:
            _loaded.popitem(last=False)
    return result


def _check(path: Path, name: str, raw: bytes | None = None) -> tuple[Bank | None, list[BankIssue]]:
    data, lines, issues = parse(path, name, raw)
    if issues and data is None:
        return None, issues
    c = Checker(name, lines)
    c.issues.extend(issues)
    if is_jupyterquiz(data):
        bank = check_jupyterquiz(data, c, path.stem)
    else:
        bank = check_kit(data, c, path.stem)
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
