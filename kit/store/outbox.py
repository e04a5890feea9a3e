"""The outbox: attempts a progress store could not take yet, kept on this computer.

When the class database is unreachable (a server restart, a wrong password, a laptop off the
network), :class:`kit.store.ProgressStore` puts the attempt here and sends it later:
before the next attempt, when attempts are read, or when a widget retries. Every attempt has
a client-made ``uid`` and every backend skips a ``uid`` it already has, so an attempt sent
twice (a reply lost after the database stored it, two kernels flushing one outbox) is stored
once. Nothing is lost: a row leaves the outbox only after a backend has taken it.

The outbox is a small SQLite file, ``$KIT_OUTBOX`` or ``outbox.db`` beside the default
progress database. If even that cannot be written, attempts are kept in memory until the
kernel stops, and the message says so.

Rows are kept with their *target* (where they were meant to go, without a password) and are
only ever sent there, so a test database or an old configuration never receives another's
attempts. Any backend with ``add(rows)`` can be sent to (the SQL backends, the hub's client).

A row the store turns down as such (``StoreError.refused``: say, another learner's attempt
sent with this learner's hub token) can never be sent; it is *set aside* with the reason, kept
in the file (:meth:`Outbox.set_aside_rows`) but no longer sent, so it cannot hold up every
later answer.

Examples
--------
>>> import os, tempfile
>>> box = Outbox(os.path.join(tempfile.mkdtemp(), "outbox.db"))
>>> box.put({"uid": "u1", "learner": "ada", "bank": "b", "question": "q"}, "sqlite:///x")
'on this computer'
>>> box.count("sqlite:///x"), [r["uid"] for r in box.pending()]
(1, ['u1'])
>>> box.remove(["u1"]); len(box)
0
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path

from kit.store.base import default_outbox_path

__all__ = ["Outbox", "default_outbox_path"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "uid TEXT NOT NULL UNIQUE, target TEXT NOT NULL, row TEXT NOT NULL, refused TEXT)"
)


class Outbox:
    """A durable queue of attempt rows, keyed by their ``uid``.

    Parameters
    ----------
    path : str or Path, optional
        The outbox file; default :func:`default_outbox_path`.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path).expanduser() if path is not None else default_outbox_path()
        self._memory: dict[str, dict] = {}
        self._set_aside: dict[str, str] = {}  # uid -> reason, where the file could not say so
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Outbox({str(self.path)!r})"

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(_SCHEMA)
        columns = {r[1] for r in conn.execute("PRAGMA table_info(outbox)")}
        if "refused" not in columns:  # an outbox file from before rows could be set aside
            try:
                conn.execute("ALTER TABLE outbox ADD COLUMN refused TEXT")
            except sqlite3.OperationalError as exc:  # another kernel added it first
                if "duplicate column" not in str(exc):
                    raise
        return conn

    def put(self, row: dict, target: str) -> str:
        """Keep ``row`` until it is sent; return where it is kept (for messages)."""
        text = json.dumps(row, ensure_ascii=False, sort_keys=True)
        try:
            conn = self._connect()
            try:
                conn.execute(
                    "INSERT INTO outbox (uid, target, row) VALUES (?, ?, ?) "
                    "ON CONFLICT (uid) DO NOTHING",
                    (row["uid"], target, text),
                )
            finally:
                conn.close()
            return "on this computer"
        except (OSError, sqlite3.Error):
            with self._lock:
                self._memory[row["uid"]] = (target, json.loads(text))
            return "in memory until the kernel stops"

    def pending(self, target: str | None = None, limit: int | None = None) -> list[dict]:
        """The rows waiting to be sent (to ``target``, or all), oldest first."""
        rows: list[dict] = []
        if self.path.exists():
            try:
                conn = self._connect()
                try:
                    sql = "SELECT row FROM outbox WHERE refused IS NULL" + (
                        " AND target = ?" if target else ""
                    )
                    args = (target,) if target else ()
                    rows = [
                        json.loads(r[0])
                        for r in conn.execute(sql + " ORDER BY seq", args).fetchall()
                    ]
                finally:
                    conn.close()
            except (OSError, sqlite3.Error):
                rows = []
        with self._lock:
            rows = [r for r in rows if r["uid"] not in self._set_aside]
            seen = {r["uid"] for r in rows}
            rows += [
                r
                for uid, (where, r) in self._memory.items()
                if uid not in seen
                and uid not in self._set_aside
                and (target is None or where == target)
            ]
        return rows[:limit] if limit is not None else rows

    def set_aside(self, uids, reason: str) -> None:
        """Stop sending rows the store turned down for good; keep them, with ``reason``."""
        uids = list(uids)
        with self._lock:
            for uid in uids:
                if uid in self._memory:
                    self._set_aside[uid] = reason
        marked = self._write_many(
            "UPDATE outbox SET refused = ? WHERE uid = ?", [(reason, u) for u in uids]
        )
        if not marked:
            with self._lock:  # not marked in the file: at least stop sending them this session
                self._set_aside.update(dict.fromkeys(uids, reason))

    def _write_many(self, sql: str, params: list[tuple]) -> bool:
        """Run ``sql`` for each of ``params`` in one transaction of the file; False if the
        file could not be written (nothing to do counts as written)."""
        if not params or not self.path.exists():
            return True
        try:
            conn = self._connect()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(sql, params)
                conn.execute("COMMIT")
            finally:
                conn.close()
        except (OSError, sqlite3.Error):
            return False
        return True

    def set_aside_rows(self) -> list[tuple[dict, str]]:
        """The rows set aside, oldest first, each with the store's reason."""
        out: list[tuple[dict, str]] = []
        if self.path.exists():
            try:
                conn = self._connect()
                try:
                    out = [
                        (json.loads(row), reason)
                        for row, reason in conn.execute(
                            "SELECT row, refused FROM outbox WHERE refused IS NOT NULL ORDER BY seq"
                        )
                    ]
                finally:
                    conn.close()
            except (OSError, sqlite3.Error):
                out = []
        with self._lock:
            seen = {r["uid"] for r, _ in out}
            out += [
                (self._memory[uid][1], reason)
                for uid, reason in self._set_aside.items()
                if uid in self._memory and uid not in seen
            ]
        return out

    def remove(self, uids) -> None:
        """Forget rows that a backend has taken."""
        uids = list(uids)
        with self._lock:
            for uid in uids:
                self._memory.pop(uid, None)
        # If the file cannot be written, they are sent again next time: backends skip uids
        # they have.
        self._write_many("DELETE FROM outbox WHERE uid = ?", [(u,) for u in uids])

    def __len__(self) -> int:
        return self.count()

    def count(self, target: str | None = None) -> int:
        """How many rows wait (for ``target``, or in all)."""
        if not self.path.exists() and not self._memory:
            return 0
        return len(self.pending(target))

    def send(self, backend, target: str, *, batch: int = 500) -> int:
        """Send the rows kept for ``target`` to ``backend`` (its ``add``); return how many.

        Raises whatever ``backend.add`` raises; rows sent before that are removed, the rest
        stay for the next try. Rows the store refuses as such (``StoreError.refused``) are
        found one by one and set aside (:meth:`set_aside`); the others are still sent.
        """
        sent: set[str] = set()
        while True:
            rows = [r for r in self.pending(target) if r["uid"] not in sent][:batch]
            if not rows:
                return len(sent)
            try:
                backend.add(rows)
            except Exception as exc:
                if not getattr(exc, "refused", False):
                    raise
                if len(rows) == 1:
                    self.set_aside([rows[0]["uid"]], str(exc))
                    continue
                batch = 1  # find the refused rows one at a time; the rest go as usual
                continue
            uids = [r["uid"] for r in rows]
            self.remove(uids)
            sent.update(uids)
