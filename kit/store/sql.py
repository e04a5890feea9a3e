"""The SQL backends: attempts in an embedded SQLite file or a PostgreSQL server.

- ``sqlite:///path/to/progress.db`` (or a plain file path): one file, as the kit always did.
- ``postgresql://user:password@host:port/dbname``: one database for a whole class (or many
  classes, told apart by ``class_id``). The driver is psycopg 3, imported only here and only
  when such a URL is used, so ``import kit.store`` stays light.

Both run the *same* SQL text (written with ``?`` placeholders, turned into ``%s`` for
psycopg) and the same migrations (:mod:`kit.store.migrations`); a small :class:`Dialect`
holds the few places where the two databases differ. Both have the methods of
:class:`kit.store.base.Backend`.

Examples
--------
>>> import os, tempfile
>>> backend = open_backend(os.path.join(tempfile.mkdtemp(), "p.db"))
>>> backend.select(learner="ada")  # reading never creates the file
[]
"""

from __future__ import annotations

import sqlite3
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Unpack

from kit.store.base import (
    DELETE_FILTERS,
    ENV_DB,
    ENV_URL,
    SELECT_FILTERS,
    Filters,
    StoreError,
    hide_password,
    only_filters,
    open_backend,
    register_scheme,
)
from kit.store.migrations import migrate

__all__ = ["Dialect", "PostgresDialect", "SQLiteBackend", "PostgresBackend", "open_backend"]


class Dialect:
    """The few SQL differences between SQLite and PostgreSQL."""

    name = "sqlite"
    #: The attempts table's key column.
    id_column = "id INTEGER PRIMARY KEY AUTOINCREMENT"
    real = "REAL"
    boolean = "INTEGER"

    @staticmethod
    def sql(text: str) -> str:
        return text

    @staticmethod
    def tables(conn) -> set[str]:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {r[0] for r in rows} - {"sqlite_sequence"}

    @staticmethod
    def columns(conn, table: str) -> set[str]:
        return {r[1] for r in conn.execute(f"PRAGMA table_info({table})").fetchall()}

    #: Each learner's first attempt (earliest time) at each question: in SQLite the other
    #: columns of a MIN() aggregate come from the row that has the minimum. Reading in the
    #: order of the (learner, bank, question) index needs no sort: measured 2-3 times
    #: faster than the class index and a sort (benchmarks/item_analysis.py).
    first_attempts = (
        "SELECT learner, bank, question, response, correct, MIN(time) FROM attempts "
        "INDEXED BY attempts_by_question{where} "
        "GROUP BY learner, bank, question"
    )


class PostgresDialect(Dialect):
    name = "postgresql"
    first_attempts = (
        "SELECT DISTINCT ON (learner, bank, question) learner, bank, question, response, "
        "correct, time FROM attempts{where} ORDER BY learner, bank, question, time, id"
    )
    id_column = "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    real = "DOUBLE PRECISION"
    boolean = "BOOLEAN"

    @staticmethod
    def sql(text: str) -> str:
        # Our SQL has no literal '%' and no '?' inside strings, so this is exact.
        return text.replace("?", "%s")

    @staticmethod
    def tables(conn) -> set[str]:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
        return {r[0] for r in rows}

    @staticmethod
    def columns(conn, table: str) -> set[str]:
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            (table,),
        ).fetchall()
        return {r[0] for r in rows}


def _where(filters: dict) -> tuple[str, list]:
    clauses, args = [], []
    for name, value in filters.items():
        if name == "after_id":
            clauses.append("id > ?")
        else:
            clauses.append(f"{name} = ?")
        args.append(value)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), args


_SELECT = (
    "SELECT id, uid, class_id, learner, bank, question, response, correct, score, points, time "
    "FROM attempts"
)
_INSERT = (
    "INSERT INTO attempts (uid, class_id, learner, bank, question, response, correct, score, "
    "points, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING"
)
_COUNT = (
    "SELECT COUNT(*) FROM attempts WHERE class_id = ? AND learner = ? AND bank = ? "
    "AND question = ? AND (time < ? OR (time = ? AND id <= (SELECT id FROM attempts "
    "WHERE uid = ?)))"
)


def _values(row: dict) -> tuple:
    return (
        row["uid"],
        row.get("class_id") or "",
        row["learner"],
        row["bank"],
        row["question"],
        row["response"],
        bool(row["correct"]),
        float(row["score"]),
        float(row["points"]),
        row["time"],
    )


def _out(rows) -> list[dict]:
    # A dict literal per row: about twice as fast as dict(zip(...)) on a class's 10k rows.
    return [
        {
            "id": r[0],
            "uid": r[1],
            "class_id": r[2],
            "learner": r[3],
            "bank": r[4],
            "question": r[5],
            "response": r[6],
            "correct": bool(r[7]),
            "score": r[8],
            "points": r[9],
            "time": r[10],
        }
        for r in rows
    ]


class _SQLBackend:
    """What the SQL backends share: the statements, run through :meth:`_run`."""

    dialect: type[Dialect] = Dialect

    def _run(self, fn, *, write: bool = False):  # pragma: no cover - overridden
        raise NotImplementedError

    def add(self, rows: list[dict]) -> list[int]:
        sql = self.dialect.sql

        def write(conn):
            numbers = []
            for row in rows:
                conn.execute(sql(_INSERT), _values(row))
            for row in rows:
                (n,) = conn.execute(
                    sql(_COUNT),
                    (
                        row.get("class_id") or "",
                        row["learner"],
                        row["bank"],
                        row["question"],
                        row["time"],
                        row["time"],
                        row["uid"],
                    ),
                ).fetchone()
                numbers.append(int(n))
            return numbers

        return self._run(write, write=True) if rows else []

    def select(self, **filters: Unpack[Filters]) -> list[dict]:
        where, args = _where(only_filters(filters, SELECT_FILTERS))
        text = self.dialect.sql(_SELECT + where + " ORDER BY time, id")
        return _out(self._run(lambda conn: conn.execute(text, args).fetchall()))

    def first_attempts(self, class_id: str | None = None) -> list[dict]:
        """Each learner's first attempt at each question (earliest by time), in a class or
        in all: ``learner``, ``bank``, ``question``, ``response``, ``correct``, ``time``.

        Not part of :class:`kit.store.base.Backend`: an optional shortcut that
        :meth:`kit.store.ProgressStore.first_attempts` uses when a backend has it (the item
        analysis of a large class reads a third of the rows, in the database).
        """
        where, args = _where({"class_id": class_id} if class_id is not None else {})
        text = self.dialect.sql(self.dialect.first_attempts.format(where=where))
        rows = self._run(lambda conn: conn.execute(text, args).fetchall())
        return [
            {
                "learner": r[0],
                "bank": r[1],
                "question": r[2],
                "response": r[3],
                "correct": bool(r[4]),
                "time": r[5],
            }
            for r in rows
        ]

    def delete(self, **filters: Unpack[Filters]) -> int:
        where, args = _where(only_filters(filters, DELETE_FILTERS))
        text = self.dialect.sql("DELETE FROM attempts" + where)
        return self._run(lambda conn: conn.execute(text, args).rowcount, write=True)


class SQLiteBackend(_SQLBackend):
    """Attempts in one SQLite file (WAL mode, a busy timeout, durable commits).

    A connection is opened per operation, so several kernels (and forked processes) share
    the file safely; a process killed mid-write leaves every committed attempt readable.
    """

    dialect = Dialect

    def __init__(self, path: Path):
        self.path = Path(path)
        self._ready = False

    def __repr__(self) -> str:
        return f"SQLiteBackend({str(self.path)!r})"

    def describe(self) -> str:
        return str(self.path)

    def close(self) -> None:
        pass

    def _fail(self, exc: BaseException) -> StoreError:
        text = str(exc)
        if isinstance(exc, sqlite3.DatabaseError) and "not a database" in text:
            why = "is not a SQLite database"
            fix = f"move it away or set {ENV_DB} to another file"
        else:
            why = f"cannot be used ({text})"
            fix = f"set {ENV_DB} to a writable file path, e.g. ~/kit-progress.db"
        return StoreError(f"the progress database {self.path} {why}; {fix}")

    def _connect(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise StoreError(
                f"the progress database {self.path} is a folder; set {ENV_DB} to a file path "
                "inside it, e.g. progress.db"
            )
        # Two kernels opening a new database at once can get "database is locked" while one
        # switches it to WAL or migrates it: SQLite does not wait on its busy timeout there,
        # so the set-up is retried, with growing pauses, for up to 30 s.
        if not self.path.exists():
            self._ready = False  # removed (or never made): set it up again
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
                if not self._ready:
                    # Refuse a foreign file before changing anything in it (even its mode).
                    migrate(conn, Dialect, where=str(self.path), env=ENV_DB)
                    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                        conn.execute("PRAGMA journal_mode = WAL")
                    self._ready = True
                # FULL makes a commit durable before add() returns, not only on clean exit.
                conn.execute("PRAGMA synchronous = FULL")
                return conn
            except sqlite3.Error as exc:
                conn.close()
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not (busy and time.monotonic() < deadline):
                    raise self._fail(exc) from None
            except BaseException:
                conn.close()
                raise
            time.sleep(pause)
            pause = min(2 * pause, 0.5)

    def select(self, **filters: Unpack[Filters]) -> list[dict]:
        # Reading never creates the file (the filters are checked all the same).
        only_filters(filters, SELECT_FILTERS)
        return super().select(**filters) if self.path.exists() else []

    def delete(self, **filters: Unpack[Filters]) -> int:
        only_filters(filters, DELETE_FILTERS)
        return super().delete(**filters) if self.path.exists() else 0

    def first_attempts(self, class_id: str | None = None) -> list[dict]:
        return super().first_attempts(class_id) if self.path.exists() else []

    def _run(self, fn, *, write: bool = False):
        conn = self._connect()
        try:
            if write:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                return result
            return fn(conn)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        finally:
            conn.close()


class PostgresBackend(_SQLBackend):
    """Attempts in a PostgreSQL database (15+), through psycopg 3.

    One connection per store, opened on first use and re-opened once when it breaks (a
    server restart): every write is idempotent by ``uid``, so repeating it is safe.
    """

    dialect = PostgresDialect

    def __init__(self, url: str):
        self.url = url
        self._conn = None
        self._lock = threading.Lock()
        parts = urllib.parse.urlsplit(url)
        self._host = parts.hostname or "the local socket"
        self._port = parts.port or 5432
        self._user = urllib.parse.unquote(parts.username or "") or None
        self._db = urllib.parse.unquote(parts.path.lstrip("/")) or None

    def __repr__(self) -> str:
        return f"PostgresBackend({hide_password(self.url)!r})"

    def describe(self) -> str:
        return hide_password(self.url)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                finally:
                    self._conn = None

    def _fail(self, exc: BaseException) -> StoreError:
        text = str(exc).strip()
        first = text.splitlines()[0] if text else type(exc).__name__
        low = text.lower()
        where = f"the PostgreSQL server at {self._host}:{self._port}"
        fix_url = f"fix {ENV_URL}"
        if "password authentication failed" in low or "no password supplied" in low:
            return StoreError(
                f"{where} refused the password for user {self._user or '(default)'}; "
                f"{fix_url} (postgresql://user:password@host/dbname) or ~/.pgpass"
            )
        if "does not exist" in low and "database" in low:
            return StoreError(
                f"{where} has no database {self._db!r}; create it (createdb {self._db}) "
                f"or {fix_url}"
            )
        if "role" in low and "does not exist" in low:
            return StoreError(f"{where} has no user {self._user!r}; {fix_url}")
        if "no pg_hba.conf entry" in low:
            return StoreError(f"{where} does not let this machine in (pg_hba.conf); {fix_url}")
        import psycopg

        if isinstance(exc, psycopg.OperationalError):
            if "refused" in low:
                why = "connection refused"
            elif "timeout" in low or "timed out" in low:
                why = "no answer in time"
            elif "could not translate host name" in low:
                why = "unknown host name"
            else:
                why = first
            return StoreError(
                f"cannot reach {where} ({why}); check that it is running and that "
                f"{ENV_URL} names it",
                transient=True,
            )
        return StoreError(f"{where} failed: {first}", transient=True)

    def _connection(self):
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "PostgreSQL progress needs the psycopg package; install it with "
                "pip install 'psycopg[binary]' (or reinstall the kit)"
            ) from None
        if self._conn is not None and not self._conn.closed:
            return self._conn
        try:
            conn = psycopg.connect(
                self.url, autocommit=True, connect_timeout=5, application_name="kit"
            )
        except psycopg.Error as exc:
            raise self._fail(exc) from None
        try:
            migrate(conn, PostgresDialect, where=hide_password(self.url), env=ENV_URL)
        except psycopg.Error as exc:
            conn.close()
            raise self._fail(exc) from None
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _run(self, fn, *, write: bool = False):
        import psycopg

        with self._lock:
            for attempt in (1, 2):
                conn = self._connection()
                try:
                    if write:
                        with conn.transaction():
                            return fn(conn)
                    return fn(conn)
                except psycopg.OperationalError as exc:
                    # The server went away (restart, network): drop the connection and try
                    # once more on a new one; every statement here is safe to repeat.
                    try:
                        conn.close()
                    finally:
                        self._conn = None
                    if attempt == 2:
                        raise self._fail(exc) from None
                except psycopg.Error as exc:
                    raise self._fail(exc) from None
        raise AssertionError("unreachable")  # pragma: no cover


def _sqlite_target(text: str) -> str:
    """The file path of a ``sqlite://`` URL (a plain path is taken as it is)."""
    if "://" not in text:
        return text
    # sqlite:///abs/path (three slashes) and sqlite:////abs/path both give /abs/path;
    # sqlite:///relative/path is taken as relative to the working folder when it does
    # not start with a slash after the third one.
    rest = text.split("://", 1)[1]
    if not rest.startswith("/"):
        raise StoreError(
            f"the progress URL {text!r} has no file path; write it as "
            "sqlite:///path/to/progress.db (three slashes)"
        )
    drive = rest[1:2].isalpha() and rest[2:4] in (":/", ":\\")
    path = rest[1:] if rest.startswith("//") or drive else rest
    return urllib.parse.unquote(path)


register_scheme(
    ["sqlite"],
    "sqlite",
    lambda target: SQLiteBackend(Path(target).expanduser()),
    target=_sqlite_target,
    example="sqlite:///path/to/progress.db",
)
register_scheme(
    ["postgresql", "postgres"],
    "postgresql",
    PostgresBackend,
    target=lambda text: "postgresql://" + text.split("://", 1)[1],
    drivers=True,
    example="postgresql://user@host/dbname",
)
