"""The capstone rubric: criteria with levels in plain words, scored by the instructor and kept
with the class in the progress store.

The rubric is a data file (``data/rubric.yaml``): a few criteria, each with levels 0, 1, 2,
... described in words. A score is stored as an attempt row of the bank ``rubric``: the
learner scored, the criterion as the question, ``{"level": 2, "note": "..."}`` as the
response, ``score`` = level / top level and ``points`` = the top level. So every backend
keeps it (SQLite, PostgreSQL, the hub's service, exports and merges) with nothing new to
store; scoring again adds a row and the latest one counts.

Instructors score in the dashboard's form (:class:`kit.classroom.rubricform.RubricForm`) or
in a spreadsheet: :func:`sheet` writes a CSV with one row per learner and one column per
criterion, :func:`read_sheet` reads it back (every bad cell named with its line).

Examples
--------
>>> rubric = load_rubric()
>>> [c.id for c in rubric.criteria][:2], rubric.top
(['assumption', 'flip'], 2)
>>> rows = [score_row(rubric, "ada", "flip", 2, class_id="ws1")]
>>> scores(rows, rubric)["ada"]["flip"]["level"]
2
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kit.errors import KitError
from kit.limits import InputError, load_json, load_yaml

__all__ = [
    "RUBRIC_BANK",
    "Criterion",
    "Rubric",
    "RubricError",
    "load_rubric",
    "score_row",
    "record_score",
    "scores",
    "sheet",
    "read_sheet",
    "apply_sheet",
]

#: The bank id rubric scores are stored under.
RUBRIC_BANK = "rubric"
#: The column of a sheet for the instructor's note.
NOTE = "note"


class RubricError(KitError):
    """A rubric file, a score or a sheet that cannot be used; one sentence with the fix."""


@dataclass(frozen=True)
class Criterion:
    """One criterion: ``id`` (stored as the question), ``name`` and ``levels`` (level ->
    what a defence at that level does, in plain words; levels run from 0)."""

    id: str
    name: str
    levels: Mapping[int, str]

    @property
    def top(self) -> int:
        return max(self.levels)


@dataclass(frozen=True)
class Rubric:
    """A rubric: ``id``, ``title`` and its criteria, in order."""

    id: str
    title: str
    criteria: tuple[Criterion, ...]

    @property
    def top(self) -> int:
        """The highest level of any criterion."""
        return max(c.top for c in self.criteria)

    @property
    def total(self) -> int:
        """The most points a defence can score."""
        return sum(c.top for c in self.criteria)

    def __getitem__(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise RubricError(
            f"the rubric has no criterion {criterion_id!r}; its criteria are "
            f"{', '.join(c.id for c in self.criteria)}"
        )


def load_rubric(path: str | os.PathLike | None = None) -> Rubric:
    """Read a rubric file (default the kit's ``data/rubric.yaml``).

    Raises
    ------
    RubricError
        With the file and what to fix.
    """
    if path is None:
        from kit.data import data_path

        path = data_path("rubric.yaml")
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), what=f"the rubric {path}")
    except (OSError, UnicodeDecodeError, InputError) as exc:
        raise RubricError(f"cannot read the rubric {path}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - a YAML syntax error, in its own words
        raise RubricError(f"the rubric {path} is not valid YAML: {exc}") from None
    where = f"the rubric {path}"
    if not isinstance(data, dict) or data.get("schema") != 1:
        raise RubricError(f"{where} must be a mapping with 'schema: 1' and 'criteria:'")
    items = data.get("criteria")
    if not isinstance(items, list) or not items:
        raise RubricError(f"{where} needs a non-empty list 'criteria:'")
    criteria, seen = [], set()
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise RubricError(f"{where}: criterion {i} needs an 'id' (text)")
        cid = item["id"]
        levels = item.get("levels")
        if cid in seen or cid == NOTE:
            raise RubricError(f"{where}: criterion id {cid!r} is used twice or reserved")
        seen.add(cid)
        if not isinstance(levels, dict) or sorted(levels) != list(range(len(levels))):
            raise RubricError(
                f"{where}: criterion {cid!r} needs 'levels:' numbered 0, 1, 2, ... each with "
                "its description"
            )
        if len(levels) < 2 or not all(isinstance(v, str) and v.strip() for v in levels.values()):
            raise RubricError(
                f"{where}: criterion {cid!r} needs at least two levels, each described in words"
            )
        criteria.append(Criterion(cid, str(item.get("name") or cid), dict(levels)))
    return Rubric(str(data.get("id") or path.stem), str(data.get("title") or ""), tuple(criteria))


def _level(rubric: Rubric, criterion: str, level) -> tuple[Criterion, int]:
    c = rubric[criterion]
    if isinstance(level, bool) or not isinstance(level, int) or level not in c.levels:
        raise RubricError(
            f"{level!r} is not a level of {criterion!r}; give a whole number from 0 to {c.top}"
        )
    return c, level


def score_row(
    rubric: Rubric,
    learner: str,
    criterion: str,
    level: int,
    *,
    note: str = "",
    class_id: str | None = None,
    time: str | None = None,
) -> dict:
    """One score as an attempt row (the store's :data:`kit.store.ROW_KEYS`, without ``uid``)."""
    c, level = _level(rubric, criterion, level)
    return {
        "class_id": class_id or "",
        "learner": learner,
        "bank": RUBRIC_BANK,
        "question": c.id,
        "response": json.dumps({"level": level, "note": note}, ensure_ascii=False),
        "correct": level == c.top,
        "score": level / c.top,
        "points": float(c.top),
        "time": time or datetime.now(UTC).isoformat(timespec="milliseconds"),
    }


class _Graded:
    def __init__(self, correct: bool, score: float):
        self.correct, self.score = correct, score


def record_score(
    store, rubric: Rubric, learner: str, criterion: str, level: int, *, note: str = ""
) -> None:
    """Store one score in ``store`` (a :class:`kit.store.ProgressStore`, in its class).

    Raises :class:`RubricError` for a bad criterion or level, and the store's one-sentence
    error when it cannot take it (the score then waits in the outbox).
    """
    c, level = _level(rubric, criterion, level)
    store.record(
        RUBRIC_BANK,
        c.id,
        {"level": level, "note": note},
        _Graded(level == c.top, level / c.top),
        learner=learner,
        points=float(c.top),
    )


def _field(row, name):
    return row[name] if isinstance(row, dict) else getattr(row, name)


def scores(rows: Iterable, rubric: Rubric) -> dict[str, dict[str, dict]]:
    """The latest score per learner and criterion: ``{learner: {criterion: {"level",
    "note", "time"}}}`` (rows of other banks and unknown criteria are left out)."""
    ids = {c.id for c in rubric.criteria}
    latest: dict[tuple, tuple] = {}
    for row in rows:
        if _field(row, "bank") != RUBRIC_BANK or _field(row, "question") not in ids:
            continue
        value = _field(row, "response")
        if isinstance(value, str):
            try:
                value = load_json(value, what="a rubric score", max_bytes=20_000, max_depth=4)
            except ValueError:
                continue
        if not isinstance(value, dict) or not isinstance(value.get("level"), int):
            continue
        key = (_field(row, "learner"), _field(row, "question"))
        when = (str(_field(row, "time")), (row.get("id") if isinstance(row, dict) else 0) or 0)
        if key not in latest or when >= latest[key][0]:
            latest[key] = (when, value)
    out: dict[str, dict[str, dict]] = {}
    for (learner, criterion), (when, value) in sorted(latest.items()):
        out.setdefault(learner, {})[criterion] = {
            "level": value["level"],
            "note": str(value.get("note") or ""),
            "time": when[0],
        }
    return out


def sheet(rows: Iterable, rubric: Rubric, learners: Iterable[str] = ()) -> str:
    """A CSV to score in a spreadsheet: ``learner``, one column per criterion (the current
    level, blank when not scored) and ``note``; one row per learner (those given, and
    those already scored)."""
    rows = list(rows)
    current = scores(rows, rubric)
    names = sorted(set(learners) | set(current))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["learner", *(c.id for c in rubric.criteria), NOTE])
    for name in names:
        mine = current.get(name, {})
        notes = [mine[c.id]["note"] for c in rubric.criteria if mine.get(c.id, {}).get("note")]
        writer.writerow(
            [
                name,
                *(mine[c.id]["level"] if c.id in mine else "" for c in rubric.criteria),
                notes[-1] if notes else "",
            ]
        )
    return buf.getvalue()


def read_sheet(text: str, rubric: Rubric) -> list[tuple[str, str, int, str]]:
    """The scores in a filled-in sheet: ``(learner, criterion, level, note)``, blank cells
    left out.

    Raises
    ------
    RubricError
        Naming the line and column of the first cell that is not a level, or a column
        that is not a criterion.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if not header or header[0].strip().lower() != "learner":
        raise RubricError("the sheet's first column must be 'learner' (write one with --sheet)")
    header = [h.strip() for h in header]
    ids = {c.id for c in rubric.criteria}
    for name in header[1:]:
        if name and name not in ids and name != NOTE:
            raise RubricError(
                f"the sheet has a column {name!r} that is not a criterion of the rubric; "
                f"use {', '.join(sorted(ids))} and {NOTE}"
            )
    out = []
    for line, cells in enumerate(reader, 2):
        if not cells or not cells[0].strip():
            continue
        learner = cells[0].strip()
        values = dict(zip(header, (c.strip() for c in cells), strict=False))
        note = values.get(NOTE, "")
        for cid in (c.id for c in rubric.criteria):
            cell = values.get(cid, "")
            if not cell:
                continue
            top = rubric[cid].top
            if not cell.isdigit() or int(cell) > top:
                raise RubricError(
                    f"line {line}, column {cid!r}: {cell!r} is not a level; give a whole "
                    f"number from 0 to {top}, or leave it blank"
                )
            out.append((learner, cid, int(cell), note))
    return out


def apply_sheet(store, rubric: Rubric, text: str) -> int:
    """Store the scores of a filled-in sheet that differ from those stored; return how many."""
    entries = read_sheet(text, rubric)  # every cell checked before anything is stored
    current = scores(store.rows(class_id=store.class_id, bank=RUBRIC_BANK), rubric)
    n = 0
    for learner, cid, level, note in entries:
        now = current.get(learner, {}).get(cid)
        if now is not None and now["level"] == level and now["note"] == note:
            continue
        record_score(store, rubric, learner, cid, level, note=note)
        n += 1
    return n
