"""The progress schema, its versions, and the steps from each version to the next.

The version lives in a small ``kit_meta`` table (``app = kit-progress``,
``schema_version = N``). Databases written before versions existed have only the
``attempts`` table: they are version 1 and are migrated in place, in one transaction, so an
interrupted migration leaves the file as it was. The same steps run on SQLite and PostgreSQL
(:class:`kit.store.sql.Dialect` fills in the few type names that differ).

| version | what it added |
|---|---|
| 1 | ``attempts`` (learner, bank, question, response, correct, score, points, time) |
| 2 | ``kit_meta``; ``attempts.uid`` (unique: resends are idempotent) and ``attempts.class_id`` |

A database that has tables but none of ours, or a ``kit_meta`` naming another program, is
refused with one sentence; so is one written by a newer kit.

Examples
--------
>>> import sqlite3
>>> from kit.store.sql import Dialect
>>> conn = sqlite3.connect(":memory:", isolation_level=None)
>>> migrate(conn, Dialect, where=":memory:", env="KIT_PROGRESS_DB")  # the version it had
0
>>> schema_version(conn, Dialect, where=":memory:", env="KIT_PROGRESS_DB") == LATEST
True
"""

from __future__ import annotations

from kit.errors import KitError
from kit.store.base import StoreError

__all__ = ["LATEST", "APP", "migrate", "schema_version"]

APP = "kit-progress"
LATEST = 2

#: Columns that today's kit (version 1) always wrote.
_V1_COLUMNS = {"id", "learner", "bank", "question", "response", "correct", "score", "points"}
#: Any number; PostgreSQL sessions migrating at once queue on this advisory lock.
_LOCK_KEY = 7_104_512_012


def _v1(conn, d) -> None:
    conn.execute(
        f"""CREATE TABLE IF NOT EXISTS attempts (
            {d.id_column},
            learner TEXT NOT NULL,
            bank TEXT NOT NULL,
            question TEXT NOT NULL,
            response TEXT NOT NULL,
            correct {d.boolean} NOT NULL,
            score {d.real} NOT NULL,
            points {d.real} NOT NULL DEFAULT 1,
            time TEXT NOT NULL
        )"""
    )
    conn.execute(
        "CREATE INDEX IF NOT EXISTS attempts_by_question ON attempts (learner, bank, question, id)"
    )


def _v2(conn, d) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS kit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("ALTER TABLE attempts ADD COLUMN uid TEXT")
    conn.execute("ALTER TABLE attempts ADD COLUMN class_id TEXT NOT NULL DEFAULT ''")
    # Attempts stored before version 2 get a random uid each, so every row has one.
    random_uid = (
        "lower(hex(randomblob(16)))" if d.name == "sqlite" else "md5(random()::text || id::text)"
    )
    conn.execute(f"UPDATE attempts SET uid = {random_uid} WHERE uid IS NULL")
    conn.execute("CREATE UNIQUE INDEX attempts_by_uid ON attempts (uid)")
    conn.execute("CREATE INDEX attempts_by_class ON attempts (class_id, time, id)")
    conn.execute(
        d.sql("INSERT INTO kit_meta (key, value) VALUES (?, ?)"),
        ("app", APP),
    )


#: STEPS[n] takes a database from version n to n + 1.
STEPS = {0: _v1, 1: _v2}


def schema_version(conn, d, *, where: str, env: str) -> int:
    """Return the database's schema version (0: empty); refuse foreign or newer ones."""
    tables = d.tables(conn)
    if "kit_meta" in tables:
        meta = dict(conn.execute("SELECT key, value FROM kit_meta").fetchall())
        if meta.get("app") != APP:
            raise _foreign(where, env, f"its kit_meta table names {meta.get('app')!r}")
        try:
            version = int(meta.get("schema_version", ""))
        except ValueError:
            raise _foreign(where, env, "its kit_meta table has no schema version") from None
        if version > LATEST:
            raise StoreError(
                f"the progress database {where} was written by a newer kit (schema version "
                f"{version}, this kit knows up to {LATEST}); upgrade the kit (pip install -U kit)"
            )
        return version
    if "attempts" in tables:
        missing = _V1_COLUMNS - d.columns(conn, "attempts")
        if missing:
            raise _foreign(where, env, f"its attempts table lacks {', '.join(sorted(missing))}")
        return 1
    if tables:
        names = ", ".join(sorted(tables)[:4]) + (", ..." if len(tables) > 4 else "")
        raise _foreign(where, env, f"it has tables {names} and none of the kit's")
    return 0


def _foreign(where: str, env: str, why: str) -> KitError:
    return StoreError(
        f"the progress database {where} belongs to another program ({why}); give the kit a "
        f"database of its own and point {env} at it"
    )


def migrate(conn, d, *, where: str, env: str) -> int:
    """Bring the database to :data:`LATEST`; return the version it had.

    ``conn`` is a sqlite3 connection (autocommit mode) or a psycopg connection
    (autocommit); ``d`` the matching dialect. Steps run in one transaction, under a lock
    (SQLite's write lock, PostgreSQL's advisory lock), and the version is read again once
    the lock is held, so kernels opening a new database at once migrate it once.
    """
    found = schema_version(conn, d, where=where, env=env)
    if found == LATEST:
        return found
    if d.name == "sqlite":
        conn.execute("BEGIN IMMEDIATE")
        try:
            _steps(conn, d, where, env)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    else:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            _steps(conn, d, where, env)
    return found


def _steps(conn, d, where: str, env: str) -> None:
    version = schema_version(conn, d, where=where, env=env)
    while version < LATEST:
        STEPS[version](conn, d)
        version += 1
    conn.execute(d.sql("DELETE FROM kit_meta WHERE key = ?"), ("schema_version",))
    conn.execute(
        d.sql("INSERT INTO kit_meta (key, value) VALUES (?, ?)"), ("schema_version", str(version))
    )
