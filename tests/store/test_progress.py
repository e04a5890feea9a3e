"""The SQLite progress store: defaults, concurrency, crashes, export, merge, report."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kit.classroom import item_analysis, item_stats
from kit.errors import KitError
from kit.quiz import Feedback
from kit.store import (
    ProgressStore,
    default_db_path,
    default_learner,
    merge_exports,
    read_export,
)

RIGHT = Feedback(True, 1.0, "Correct!")
WRONG = Feedback(False, 0.0, "Not quite.")
ROOT = Path(__file__).resolve().parents[2]


def test_defaults_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KIT_PROGRESS_DB", str(tmp_path / "x.db"))
    monkeypatch.setenv("KIT_LEARNER", "ada")
    assert default_db_path() == tmp_path / "x.db" and default_learner() == "ada"
    monkeypatch.delenv("KIT_PROGRESS_DB")
    monkeypatch.delenv("KIT_LEARNER")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert default_db_path() == tmp_path / "xdg" / "kit" / "progress.db"
    assert default_learner()  # the login name


def test_record_and_read_back(progress_db):
    store = ProgressStore()
    assert store.path == progress_db and store.attempts() == []
    a1 = store.record("01", "q1", ["a", "b"], WRONG, points=2)
    a2 = store.record("01", "q1", {"x": "y"}, RIGHT)
    assert (a1.attempt, a2.attempt, a1.learner) == (1, 2, "tester")
    got = store.attempts()
    assert [a.response for a in got] == [["a", "b"], {"x": "y"}]
    assert [a.correct for a in got] == [False, True] and got[0].points == 2.0
    assert got[0].time.endswith("+00:00")
    with sqlite3.connect(progress_db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.summary() == [
        {"learner": "tester", "bank": "01", "attempts": 2, "tried": 1, "right": 1, "points": 1.0}
    ]


@pytest.mark.parametrize("kind", ["folder", "not-sqlite", "unwritable"])
def test_bad_database_path_is_one_clear_line(tmp_path, kind):
    if kind == "folder":
        path = tmp_path
    elif kind == "not-sqlite":
        path = tmp_path / "junk.db"
        path.write_text("this is not a database " * 100)
    else:
        if os.geteuid() == 0:
            path = Path("/proc/kit-cannot-exist/progress.db")
        else:
            locked = tmp_path / "locked"
            locked.mkdir(mode=0o500)
            path = locked / "sub" / "progress.db"
    with pytest.raises(KitError) as info:
        ProgressStore(path).record("b", "q", "r", RIGHT)
    message = str(info.value)
    assert "\n" not in message and str(path) in message and "KIT_PROGRESS_DB" in message


WRITER = textwrap.dedent(
    """
    import sys
    from kit.quiz import Feedback, ProgressStore
    store = ProgressStore(sys.argv[1])
    n = int(sys.argv[3])
    for i in range(n if n > 0 else 10**9):
        store.record("bank", f"q{i % 5}", "x" * 2000, Feedback(i % 2 == 0, 1.0 * (i % 2 == 0), "m"),
                     learner=sys.argv[2])
        print(i + 1, flush=True)
    """
)


def _writer(db: Path, learner: str, n: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), learner, str(n)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def test_two_kernels_writing_at_once_lose_nothing(tmp_path):
    db = tmp_path / "shared.db"
    procs = [_writer(db, name, 120) for name in ("ada", "bo")]
    for proc in procs:
        proc.communicate(timeout=60)
        assert proc.returncode == 0
    store = ProgressStore(db)
    for name in ("ada", "bo"):
        mine = store.attempts(learner=name)
        assert len(mine) == 120
    assert len(store.attempts()) == 240


def test_killed_writer_leaves_every_committed_attempt(tmp_path):
    db = tmp_path / "crash.db"
    proc = _writer(db, "ada", 0)
    committed = 0
    for line in proc.stdout:
        committed = int(line)
        if committed >= 40:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(ProgressStore(db).attempts()) >= committed
    ProgressStore(db).record("bank", "after", "ok", RIGHT, learner="ada")  # still writable


def test_export_csv_json_filter_and_atomic(tmp_path, progress_db):
    store = ProgressStore()
    store.record("01", "q1", "a", WRONG, learner="ada")
    store.record("01", "q1", "b", RIGHT, learner="ada")
    store.record("01", "q1", "b", RIGHT, learner="bo")
    out = tmp_path / "all.csv"
    store.export("csv", out)
    rows = list(csv.DictReader(out.open()))
    assert [r["learner"] for r in rows] == ["ada", "ada", "bo"]
    assert rows[0]["response"] == '"a"' and rows[1]["correct"] == "1" and rows[1]["attempt"] == "2"
    data = json.loads(store.export("json", learner="bo"))
    assert len(data) == 1 and data[0]["correct"] is True
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind
    # A failed export leaves the old file untouched.
    before = out.read_text()
    with pytest.raises(KitError):
        store.export("xml", out)
    assert out.read_text() == before


def test_merge_class_exports_and_item_analysis(tmp_path):
    files = []
    for learner, answers in {"ada": [WRONG, RIGHT], "bo": [RIGHT], "cy": [WRONG, WRONG]}.items():
        store = ProgressStore(tmp_path / f"{learner}.db")
        for fb in answers:
            store.record("01", "q1", "r", fb, learner=learner)
        store.record("01", "q2", "r", RIGHT, learner=learner)
        path = tmp_path / f"{learner}.{'json' if learner == 'bo' else 'csv'}"
        store.export(path.suffix[1:], path)
        files.append(path)
    out = tmp_path / "class.csv"
    assert merge_exports([*files, files[0]], out) == 8  # a file given twice counts once
    rows = read_export(out)
    assert {r["learner"] for r in rows} == {"ada", "bo", "cy"}
    stats = {s["question"]: s for s in item_stats(out)}
    assert stats["q1"]["share_correct"] == pytest.approx(2 / 3)
    assert stats["q1"]["mean_attempts"] == pytest.approx((2 + 1 + 2) / 3)
    assert stats["q2"]["share_first_try"] == 1.0
    fig = item_analysis(out)
    assert [trace.type for trace in fig.data] == ["bar", "bar"]
    assert list(fig.data[0].y) == ["01/q1", "01/q2"]
    with pytest.raises(KitError, match="no attempts"):
        item_analysis([])


def test_merge_rejects_files_that_are_not_exports(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,score\nada,1\n")
    with pytest.raises(KitError, match="missing columns learner, bank"):
        merge_exports([bad], tmp_path / "class.csv")
    assert not (tmp_path / "class.csv").exists()


def test_reset(progress_db):
    store = ProgressStore()
    store.record("01", "q1", "a", RIGHT)
    store.record("02", "q1", "a", RIGHT)
    assert store.reset(bank="01") == 1
    assert [a.bank for a in store.attempts()] == ["02"]
    assert store.reset() == 1 and store.attempts() == []


def test_a_database_locked_while_opening_is_retried(tmp_path, monkeypatch):
    # SQLite can report "database is locked" during the WAL switch without waiting on the
    # busy timeout, when two kernels open a new database at once: the set-up is retried.
    import sqlite3

    real_connect = sqlite3.connect
    failures = [2]

    class Flaky:
        def __init__(self, conn):
            self._conn = conn

        def execute(self, sql, *args):
            if "journal_mode" in sql and failures[0]:
                failures[0] -= 1
                raise sqlite3.OperationalError("database is locked")
            return self._conn.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._conn, name)

    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: Flaky(real_connect(*a, **k)))
    store = ProgressStore(tmp_path / "p.db")
    store.record("b", "q", "r", RIGHT)
    assert failures[0] == 0 and len(store.attempts()) == 1
