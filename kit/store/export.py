"""Attempts as files: ``kit progress export``'s CSV and JSON, read back and merged.

A class without a shared database collects its learners' exports and merges them
(:func:`merge_exports`); the teacher's view (:mod:`kit.classroom`) reads a merged file as it
reads a store.

Examples
--------
>>> print(format_rows([], "csv"), end="")
learner,bank,question,attempt,response,correct,score,points,time,class_id,uid
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from kit.errors import KitError
from kit.files import write_atomic
from kit.limits import InputError, check_int, check_number, check_text, load_json

__all__ = ["EXPORT_COLUMNS", "export_row", "format_rows", "read_export", "merge_exports"]

#: Columns of ``kit progress export`` and of merged class files, in order. Files from older
#: kits lack ``class_id`` and ``uid``; they are read as having no class and no uid.
EXPORT_COLUMNS = (
    "learner",
    "bank",
    "question",
    "attempt",
    "response",
    "correct",
    "score",
    "points",
    "time",
    "class_id",
    "uid",
)
_OPTIONAL_COLUMNS = ("class_id", "uid")
#: Bounds for files from other people: a class of 40 x 100 questions x 3 tries is ~2 MB.
MAX_EXPORT_BYTES = 100_000_000
MAX_EXPORT_ROWS = 1_000_000
MAX_RESPONSE = 20_000


def export_row(a) -> dict:
    """One :class:`kit.store.Attempt` as a flat row with :data:`EXPORT_COLUMNS`."""
    row = asdict(a)
    row["response"] = json.dumps(a.response, ensure_ascii=False, sort_keys=True)
    row["class_id"] = a.class_id or ""
    row["uid"] = a.uid or ""
    return {k: row[k] for k in EXPORT_COLUMNS}


def format_rows(rows: list[dict], fmt: str) -> str:
    """Render export rows as ``"csv"`` or ``"json"`` text."""
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt != "csv":
        raise KitError(f"unknown export format {fmt!r}; use csv or json")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "correct": int(bool(row["correct"]))})
    return buf.getvalue()


def read_export(path: str | os.PathLike) -> list[dict]:
    """Read a ``kit progress export`` file (CSV or JSON) back into rows.

    Raises
    ------
    kit.errors.KitError
        If the file is not an export (the message names the missing columns).
    """
    path = Path(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_EXPORT_BYTES + 1)
        if len(raw) > MAX_EXPORT_BYTES:
            raise KitError(
                f"{path} is larger than {MAX_EXPORT_BYTES // 1_000_000} MB, far more than a "
                "class's export; give files written by 'kit progress export'"
            )
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or "not a text file"
        raise KitError(
            f"cannot read {path} ({why}); give a file written by 'kit progress export' or "
            "'kit progress merge'"
        ) from None
    if text.lstrip().startswith("["):
        try:
            rows = load_json(text, what=str(path), max_bytes=MAX_EXPORT_BYTES, max_depth=4)
        except InputError as exc:
            raise KitError(f"{exc}; re-export it with 'kit progress export'") from None
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise KitError(f"{path}: expected a list of attempt objects from 'kit progress export'")
    else:
        try:
            rows = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as exc:
            raise KitError(f"{path}: not a CSV export ({exc})") from None
    if not rows:
        return []
    if len(rows) > MAX_EXPORT_ROWS:
        raise KitError(f"{path}: {len(rows):,} rows; at most {MAX_EXPORT_ROWS:,} are read")
    missing = [c for c in EXPORT_COLUMNS if c not in rows[0] and c not in _OPTIONAL_COLUMNS]
    if missing:
        raise KitError(
            f"{path}: missing columns {', '.join(missing)}; is it a file from "
            "'kit progress export'?"
        )
    out = []
    for i, row in enumerate(rows, 2):
        try:
            correct = row["correct"]
            if isinstance(correct, str):
                correct = correct.strip().lower() in ("1", "true", "yes")
            texts = {
                k: check_text(
                    str(row.get(k) or ""),
                    name=k,
                    limit=MAX_RESPONSE if k == "response" else 200,
                    empty=True,
                )
                for k in EXPORT_COLUMNS
            }
            out.append(
                {
                    **texts,
                    "attempt": check_int(int(str(row["attempt"])[:20]), name="attempt"),
                    "correct": bool(correct),
                    "score": check_number(float(row["score"]), name="score", lo=0, hi=1),
                    "points": check_number(float(row["points"]), name="points", lo=0, hi=1e6),
                }
            )
        except (TypeError, ValueError, KeyError) as exc:
            raise KitError(f"{path}: row {i} has a bad value ({exc}); re-export the file") from None
    return out


def merge_exports(files: Iterable[str | os.PathLike], out: str | os.PathLike) -> int:
    """Merge learners' exports into one class CSV (atomically); return the row count.

    Rows seen in several files (the same learner exporting twice) are kept once.
    """
    seen: set[tuple] = set()
    rows = []
    for file in files:
        for row in read_export(file):
            key = (
                ("uid", row["uid"])
                if row["uid"]
                else (row["learner"], row["bank"], row["question"], row["time"], row["response"])
            )
            if key not in seen:
                seen.add(key)
                rows.append(row)
    rows.sort(key=lambda r: (r["learner"], r["bank"], r["question"], r["time"]))
    write_atomic(Path(out), format_rows(rows, "csv"))
    return len(rows)
