"""The outbox: attempts a progress store could not take yet, kept on this computer.

When the class database is unreachable (a server restart, a wrong password, a laptop off the
network), :class:`kit.quiz.progress.ProgressStore` puts the attempt here and sends it later:
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

__all__ = ["Outbox", "default_outbox_path"]

ENV_OUTBOX = "KIT_OUTBOX"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "uid TEXT NOT NULL UNIQUE, target TEXT NOT NULL, row TEXT NOT NULL)"
)


def default_outbox_path() -> Path:
    """``$KIT_OUTBOX``, else ``outbox.db`` in the kit's data folder."""
    env = os.environ.get(ENV_OUTBOX, "").strip()
    if env:
        return Path(env).expanduser()
    from kit.quiz.progress import data_folder

    return data_folder() / "outbox.db"


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
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Outbox({str(self.path)!r})"

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(_SCHEMA)
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
                    sql = "SELECT row FROM outbox" + (" WHERE target = ?" if target else "")
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
            seen = {r["uid"] for r in rows}
            rows += [
                r
                for uid, (where, r) in self._memory.items()
                if uid not in seen and (target is None or where == target)
            ]
        return rows[:limit] if limit is not None else rows

    def remove(self, uids) -> None:
        """Forget rows that a backend has taken."""
        uids = list(uids)
        with self._lock:
            for uid in uids:
                self._memory.pop(uid, None)
        if not uids or not self.path.exists():
            return
        try:
            conn = self._connect()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("DELETE FROM outbox WHERE uid = ?", [(u,) for u in uids])
                conn.execute("COMMIT")
            finally:
                conn.close()
        except (OSError, sqlite3.Error):
            pass  # sent again next time: the backend skips uids it has

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
        stay for the next try.
        """
        sent: set[str] = set()
        while True:
            rows = [r for r in self.pending(target) if r["uid"] not in sent][:batch]
            if not rows:
                return len(sent)
            backend.add(rows)
            uids = [r["uid"] for r in rows]
            self.remove(uids)
            sent.update(uids)
