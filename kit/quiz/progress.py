"""Lasting quiz progress: every attempt in a SQLite database.

The database is ``$KIT_PROGRESS_DB`` if set, else ``progress.db`` in the user's data
folder (``~/.local/share/kit`` on Linux, ``~/Library/Application Support/kit`` on macOS,
``%LOCALAPPDATA%\\kit`` on Windows). The learner is ``$KIT_LEARNER`` if set, else the
login name.

Each attempt is one row written in its own transaction, in WAL mode with a busy timeout,
so several kernels can write at once without losing anything, and a process killed in the
middle of a write leaves every committed attempt readable (SQLite's journal rolls the
unfinished one back).

Examples
--------
>>> import tempfile, os
>>> from kit.quiz.questions import Feedback
>>> store = ProgressStore(os.path.join(tempfile.mkdtemp(), "p.db"))
>>> store.record("example", "q1", "60", Feedback(True, 1.0, "Correct!"), learner="ada").attempt
1
>>> [a.correct for a in store.attempts(learner="ada")]
[True]
"""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit.errors import KitError

__all__ = [
    "Attempt",
    "ProgressStore",
    "default_db_path",
    "default_learner",
    "merge_exports",
    "read_export",
    "EXPORT_COLUMNS",
]

ENV_DB = "KIT_PROGRESS_DB"
ENV_LEARNER = "KIT_LEARNER"

#: Columns of ``kit progress export`` and of merged class files, in order.
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
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    learner TEXT NOT NULL,
    bank TEXT NOT NULL,
    question TEXT NOT NULL,
    response TEXT NOT NULL,
    correct INTEGER NOT NULL,
    score REAL NOT NULL,
    points REAL NOT NULL DEFAULT 1,
    time TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_question ON attempts (learner, bank, question, id);
"""


def default_db_path() -> Path:
    """Return ``$KIT_PROGRESS_DB``, else ``progress.db`` in the user's data folder."""
    env = os.environ.get(ENV_DB, "").strip()
    if env:
        return Path(env).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "kit" / "progress.db"


def default_learner() -> str:
    """Return ``$KIT_LEARNER``, else the login name (``"anonymous"`` if there is none)."""
    env = os.environ.get(ENV_LEARNER, "").strip()
    if env:
        return env
    try:
        return getpass.getuser() or "anonymous"
    except (OSError, KeyError, ImportError):
        return "anonymous"


@dataclass(frozen=True)
class Attempt:
    """One stored attempt.

    ``response`` is the learner's response as given (JSON-compatible); ``attempt`` counts
    this learner's attempts at this question, from 1; ``time`` is UTC, ISO 8601.
    """

    learner: str
    bank: str
    question: str
    attempt: int
    response: Any
    correct: bool
    score: float
    points: float
    time: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class ProgressStore:
    """The attempts database.

    Parameters
    ----------
    path : str or Path, optional
        The database file; default :func:`default_db_path`. Created on first write.

    Raises
    ------
    kit.errors.KitError
        From any method, with one line saying what is wrong with the file and how to fix it.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path).expanduser() if path is not None else default_db_path()

    def __repr__(self) -> str:
        return f"ProgressStore({str(self.path)!r})"

    def _fail(self, exc: BaseException) -> KitError:
        text = str(exc)
        if isinstance(exc, sqlite3.DatabaseError) and "not a database" in text:
            why = "is not a SQLite database"
            fix = f"move it away or set {ENV_DB} to another file"
        else:
            why = f"cannot be used ({text})"
            fix = f"set {ENV_DB} to a writable file path, e.g. ~/kit-progress.db"
        return KitError(f"the progress database {self.path} {why}; {fix}")

    def _connect(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise KitError(
                f"the progress database {self.path} is a folder; set {ENV_DB} to a file path "
                "inside it, e.g. progress.db"
            )
        # Two kernels opening a new database at once can get "database is locked" while one
        # switches it to WAL or creates the table: SQLite does not wait on its busy timeout
        # there, so the set-up is retried, with growing pauses, for up to 30 s.
        deadline = time.monotonic() + 30
        pause = 0.01
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            except (OSError, sqlite3.Error) as exc:
                raise self._fail(exc) from None
            try:
                conn.execute("PRAGMA busy_timeout = 30000")
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                # FULL makes a commit durable before record() returns, not only on clean exit.
                conn.execute("PRAGMA synchronous = FULL")
                conn.executescript(_SCHEMA)
                return conn
            except sqlite3.Error as exc:
                conn.close()
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not (busy and time.monotonic() < deadline):
                    raise self._fail(exc) from None
            time.sleep(pause)
            pause = min(2 * pause, 0.5)

    def _run(self, fn):
        conn = self._connect()
        try:
            return fn(conn)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        finally:
            conn.close()

    def record(
        self,
        bank: str,
        question: str,
        response: Any,
        feedback,
        *,
        learner: str | None = None,
        points: float = 1.0,
    ) -> Attempt:
        """Store one graded attempt and return it (with its attempt number)."""
        learner = learner or default_learner()
        text = json.dumps(response, ensure_ascii=False, sort_keys=True, default=str)
        when = _now()

        def write(conn):
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(
                    "INSERT INTO attempts (learner, bank, question, response, correct, score, "
                    "points, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        learner,
                        bank,
                        question,
                        text,
                        int(bool(feedback.correct)),
                        float(feedback.score),
                        float(points),
                        when,
                    ),
                )
                (n,) = conn.execute(
                    "SELECT COUNT(*) FROM attempts WHERE learner = ? AND bank = ? AND question = ?",
                    (learner, bank, question),
                ).fetchone()
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return n

        n = self._run(write)
        return Attempt(
            learner,
            bank,
            question,
            n,
            json.loads(text),
            bool(feedback.correct),
            float(feedback.score),
            float(points),
            when,
        )

    def attempts(
        self, *, learner: str | None = None, bank: str | None = None, question: str | None = None
    ) -> list[Attempt]:
        """Return stored attempts, oldest first, optionally filtered."""
        if not self.path.exists():
            return []
        where, args = [], []
        for name, value in (("learner", learner), ("bank", bank), ("question", question)):
            if value is not None:
                where.append(f"{name} = ?")
                args.append(value)
        sql = (
            "SELECT learner, bank, question, response, correct, score, points, time "
            "FROM attempts" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        )
        rows = self._run(lambda conn: conn.execute(sql, args).fetchall())
        counts: dict[tuple, int] = {}
        out = []
        for learner_, bank_, question_, response, correct, score, points, when in rows:
            key = (learner_, bank_, question_)
            counts[key] = counts.get(key, 0) + 1
            try:
                value = json.loads(response)
            except ValueError:
                value = response
            out.append(
                Attempt(
                    learner_,
                    bank_,
                    question_,
                    counts[key],
                    value,
                    bool(correct),
                    float(score),
                    float(points),
                    when,
                )
            )
        return out

    def reset(self, *, bank: str | None = None, learner: str | None = None) -> int:
        """Delete attempts (all, or one bank's / one learner's); return how many."""
        if not self.path.exists():
            return 0
        where, args = [], []
        for name, value in (("bank", bank), ("learner", learner)):
            if value is not None:
                where.append(f"{name} = ?")
                args.append(value)
        sql = "DELETE FROM attempts" + (" WHERE " + " AND ".join(where) if where else "")
        return self._run(lambda conn: conn.execute(sql, args).rowcount)

    def summary(self, *, learner: str | None = None) -> list[dict]:
        """Per learner and bank: attempts, questions tried, questions right, points earned.

        A question's points earned are its best score times its points.
        """
        best: dict[tuple, dict] = {}
        for a in self.attempts(learner=learner):
            row = best.setdefault(
                (a.learner, a.bank),
                {"learner": a.learner, "bank": a.bank, "attempts": 0, "questions": {}},
            )
            row["attempts"] += 1
            prev = row["questions"].get(a.question, (False, 0.0))
            row["questions"][a.question] = (prev[0] or a.correct, max(prev[1], a.score * a.points))
        out = []
        for row in best.values():
            qs = row.pop("questions")
            row["tried"] = len(qs)
            row["right"] = sum(ok for ok, _ in qs.values())
            row["points"] = round(sum(p for _, p in qs.values()), 3)
            out.append(row)
        return out

    def export_rows(self, *, learner: str | None = None) -> list[dict]:
        """Attempts as flat rows with :data:`EXPORT_COLUMNS`."""
        return [_row(a) for a in self.attempts(learner=learner)]

    def export(
        self, fmt: str = "csv", out: str | os.PathLike | None = None, *, learner: str | None = None
    ) -> str:
        """Export attempts as CSV or JSON; write ``out`` atomically, or return the text.

        Returns
        -------
        str
            The exported text (also when written to ``out``).
        """
        rows = self.export_rows(learner=learner)
        text = format_rows(rows, fmt)
        if out is not None:
            from kit.quiz.bank import atomic_write_text

            atomic_write_text(Path(out), text)
        return text


def _row(a: Attempt) -> dict:
    row = asdict(a)
    row["response"] = json.dumps(a.response, ensure_ascii=False, sort_keys=True)
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
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith("["):
        try:
            rows = json.loads(text)
        except ValueError as exc:
            raise KitError(
                f"{path}: not valid JSON ({exc}); re-export it with 'kit progress export'"
            ) from None
        if not all(isinstance(r, dict) for r in rows):
            raise KitError(f"{path}: expected a list of attempt objects from 'kit progress export'")
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        return []
    missing = [c for c in EXPORT_COLUMNS if c not in rows[0]]
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
            out.append(
                {
                    **{k: row[k] for k in EXPORT_COLUMNS},
                    "attempt": int(row["attempt"]),
                    "correct": bool(correct),
                    "score": float(row["score"]),
                    "points": float(row["points"]),
                }
            )
        except (TypeError, ValueError) as exc:
            raise KitError(f"{path}: row {i} has a bad value ({exc}); re-export the file") from None
    return out


def merge_exports(files: Iterable[str | os.PathLike], out: str | os.PathLike) -> int:
    """Merge learners' exports into one class CSV (atomically); return the row count.

    Rows seen in several files (the same learner exporting twice) are kept once.
    """
    from kit.quiz.bank import atomic_write_text

    seen: set[tuple] = set()
    rows = []
    for file in files:
        for row in read_export(file):
            key = (row["learner"], row["bank"], row["question"], row["time"], row["response"])
            if key not in seen:
                seen.add(key)
                rows.append(row)
    rows.sort(key=lambda r: (r["learner"], r["bank"], r["question"], r["time"]))
    atomic_write_text(Path(out), format_rows(rows, "csv"))
    return len(rows)
