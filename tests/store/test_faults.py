"""Load and faults on both backends: nothing acknowledged is lost, nothing is stored twice.

- 40 learner processes submit at once (``slow``).
- A writer is killed with SIGKILL in the middle of its stream.
- The PostgreSQL server is restarted while a class is submitting (``slow``).

An attempt is *acknowledged* when ``record`` returned (saved) or raised
``ProgressNotSaved`` (kept in the outbox, to be sent later). Afterwards every acknowledged
attempt is in the database exactly once, and the dashboard's numbers
(:func:`kit.classroom.class_stats` over ``store.attempts``) equal counts made directly in SQL.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kit.classroom import class_stats
from kit.store import ProgressStore

WRITER = Path(__file__).with_name("writer.py")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'class.db'}"
    return request.getfixturevalue("pg_url")


def _sql(url: str, statement: str) -> list[tuple]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url[len("sqlite:///") :]) as conn:
            return conn.execute(statement).fetchall()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(statement).fetchall()


def _writer(url, class_id, learner, n, folder: Path, go="-", pause=0.0) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            str(WRITER),
            url,
            class_id,
            learner,
            str(n),
            str(folder / f"{learner}.log"),
            str(folder / f"{learner}.outbox"),
            str(go),
            str(pause),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )


def _acknowledged(folder: Path) -> dict[str, str]:
    acked = {}
    for log in folder.glob("*.log"):
        for line in log.read_text().splitlines():
            if line.endswith((" saved", " queued")):
                uid, how = line.split()
                assert uid not in acked
                acked[uid] = how
    return acked


def _check(url: str, class_id: str, acked: dict[str, str], *, exact: bool = True) -> None:
    rows = _sql(url, f"SELECT uid FROM attempts WHERE class_id = '{class_id}'")
    uids = [r[0] for r in rows]
    assert len(uids) == len(set(uids)), "an attempt was stored twice"
    missing = set(acked) - set(uids)
    assert not missing, f"{len(missing)} acknowledged attempts are missing"
    if exact:
        assert set(uids) == set(acked)
    # The dashboard counts what SQL counts.
    stats = class_stats(ProgressStore(url).attempts(class_id=class_id))
    (total,) = _sql(url, f"SELECT COUNT(*) FROM attempts WHERE class_id = '{class_id}'")[0]
    assert stats["attempts"] == total
    per_question = dict(
        _sql(
            url,
            "SELECT question, COUNT(DISTINCT learner) FROM attempts "
            f"WHERE class_id = '{class_id}' GROUP BY question",
        )
    )
    assert {q["question"]: q["tried"] for q in stats["questions"]} == per_question
    right = dict(
        _sql(
            url,
            "SELECT question, COUNT(DISTINCT learner) FROM attempts "
            f"WHERE class_id = '{class_id}' AND correct = {_true(url)} GROUP BY question",
        )
    )
    assert {q["question"]: q["right"] for q in stats["questions"] if q["right"]} == right


def _true(url: str) -> str:
    return "1" if url.startswith("sqlite") else "TRUE"


@pytest.mark.slow
def test_forty_learners_submitting_at_once(url, tmp_path):
    go = tmp_path / "go"
    procs = [_writer(url, "load", f"l{i:02d}", 12, tmp_path, go) for i in range(40)]
    time.sleep(1.0)
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    acked = _acknowledged(tmp_path)
    assert len(acked) == 40 * 12
    _check(url, "load", acked)


def test_a_writer_killed_mid_stream_loses_nothing_acknowledged(url, tmp_path):
    proc = _writer(url, "kill", "victim", 0, tmp_path)
    log = tmp_path / "victim.log"
    deadline = time.monotonic() + 120
    while not log.exists() or log.read_text().count("\n") < 25:
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    acked = _acknowledged(tmp_path)
    assert len(acked) >= 25 and all(how == "saved" for how in acked.values())
    # The attempt in flight when it died may or may not have been committed; nothing else.
    (stored,) = _sql(url, "SELECT COUNT(*) FROM attempts WHERE class_id = 'kill'")[0]
    assert stored in (len(acked), len(acked) + 1)
    _check(url, "kill", acked, exact=False)
    if url.startswith("sqlite"):
        assert _sql(url, "PRAGMA integrity_check") == [("ok",)]
    # The next kernel carries on where it stopped.
    more = _writer(url, "kill", "victim", 3, tmp_path)
    assert more.wait(timeout=120) == 0
    more.stderr.close()
    _check(url, "kill", _acknowledged(tmp_path), exact=False)


@pytest.mark.slow
def test_postgresql_restarted_mid_class(pg_server, pg_url, tmp_path):
    procs = [_writer(pg_url, "restart", f"r{i}", 40, tmp_path, pause=0.05) for i in range(8)]
    logs = [tmp_path / f"r{i}.log" for i in range(8)]
    deadline = time.monotonic() + 120
    while sum(log.read_text().count("\n") for log in logs if log.exists()) < 60:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    pg_server.restart()
    done_at_restart = sum(log.read_text().count("\n") for log in logs)
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    acked = _acknowledged(tmp_path)
    assert len(acked) == 8 * 40
    assert done_at_restart < len(acked)  # the class was still submitting
    print(
        f"restart after {done_at_restart} attempts; {list(acked.values()).count('queued')} "
        "were queued in outboxes and sent later"
    )
    _check(pg_url, "restart", acked)


@pytest.mark.slow
def test_the_refresh_benchmark_runs_on_both_backends(pg_server):
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "dashboard_refresh.py"
    url = pg_server.create_database("bench_smoke")
    try:
        done = subprocess.run(
            [sys.executable, str(script), "--reps", "1", "--learners", "3", "--questions", "4",
             "--pg", url],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    finally:
        pg_server.drop_database("bench_smoke")
    assert done.returncode == 0, done.stderr
    assert "| SQLite |" in done.stdout and "| PostgreSQL |" in done.stdout
    assert "PostgreSQL / SQLite" in done.stdout
