"""The progress store on both backends: URLs, class ids, migrations, bad configuration, outbox.

Every test marked with the ``store_url`` fixture runs on SQLite and on a real PostgreSQL
server (tests/pgserver.py; skipped without PostgreSQL, failed under CI=true).
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
from pathlib import Path

import pytest

from kit.errors import KitError
from kit.quiz import Feedback
from kit.store import (
    EXPORT_COLUMNS,
    Outbox,
    ProgressNotSaved,
    ProgressStore,
    StoreError,
    default_class,
    default_learner,
    hide_password,
    parse_url,
)
from kit.store.migrations import LATEST

RIGHT = Feedback(True, 1.0, "Correct!")
WRONG = Feedback(False, 0.0, "Not quite.")
FIXTURES = Path(__file__).resolve().parents[1] / "quiz" / "fixtures"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'class.db'}"
    return request.getfixturevalue("pg_url")


def test_learner_and_class_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("KIT_LEARNER", "ada")
    assert default_learner() == "ada"
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-ada")
    assert default_learner() == "hub-ada"
    assert default_class() is None
    monkeypatch.setenv("KIT_CLASS", "tue-am")
    assert default_class() == "tue-am" and ProgressStore().class_id == "tue-am"
    assert ProgressStore(class_id="wed").class_id == "wed"


def test_urls_choose_the_backend(tmp_path, monkeypatch):
    assert parse_url(f"sqlite:///{tmp_path}/a.db") == ("sqlite", f"{tmp_path}/a.db")
    assert parse_url(str(tmp_path / "b.db")) == ("sqlite", str(tmp_path / "b.db"))
    assert parse_url("postgresql://u:p@h:5/d") == ("postgresql", "postgresql://u:p@h:5/d")
    assert parse_url("hub") == ("hub", "hub")
    assert parse_url("https://hub.example.org/services/kit")[0] == "hub"
    assert hide_password("postgresql://ada:s3cret@h/d") == "postgresql://ada:***@h/d"
    monkeypatch.setenv("KIT_PROGRESS_URL", f"sqlite:///{tmp_path}/c.db")
    assert ProgressStore().path == tmp_path / "c.db"
    monkeypatch.delenv("KIT_PROGRESS_URL")
    monkeypatch.setenv("KIT_PROGRESS_DB", str(tmp_path / "d.db"))
    assert ProgressStore().path == tmp_path / "d.db"


def test_record_read_and_reset_by_class(store_url):
    tue = ProgressStore(store_url, class_id="tue")
    wed = ProgressStore(store_url, class_id="wed")
    a1 = tue.record("b1", "q1", ["x", "ÿ"], WRONG, learner="ada", points=2)
    a2 = tue.record("b1", "q1", {"k": 1}, RIGHT, learner="ada")
    w1 = wed.record("b1", "q1", "x", WRONG, learner="ada")
    assert (a1.attempt, a2.attempt, w1.attempt) == (1, 2, 1)
    assert a1.class_id == "tue" and len(a1.uid) == 32
    got = tue.attempts(class_id="tue")
    assert [(a.response, a.correct, a.points, a.attempt) for a in got] == [
        (["x", "ÿ"], False, 2.0, 1),
        ({"k": 1}, True, 1.0, 2),
    ]
    assert len(tue.attempts()) == 3 and [a.class_id for a in wed.attempts(class_id="wed")] == [
        "wed"
    ]
    assert tue.summary(learner="ada")[0]["attempts"] == 3
    rows = tue.export_rows(class_id="tue")
    assert list(rows[0]) == list(EXPORT_COLUMNS) and rows[0]["class_id"] == "tue"
    assert tue.reset(class_id="wed") == 1 and len(tue.attempts()) == 2


def test_resending_an_attempt_stores_it_once(store_url):
    store = ProgressStore(store_url)
    first = store.record("b", "q", "r", RIGHT, learner="ada", uid="fixed-uid-1")
    again = store.record("b", "q", "r", RIGHT, learner="ada", uid="fixed-uid-1")
    assert first.attempt == again.attempt == 1
    assert [a.uid for a in store.attempts()] == ["fixed-uid-1"]


def test_todays_sqlite_file_is_migrated_in_place_without_losing_an_attempt(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "legacy-progress.db", path)
    expected = json.loads((FIXTURES / "legacy-progress.expected.json").read_text())
    with sqlite3.connect(path) as conn:
        assert "kit_meta" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    store = ProgressStore(path)
    rows = store.export_rows()
    old_columns = list(expected[0])
    assert [{k: r[k] for k in old_columns} for r in rows] == expected
    assert all(r["uid"] and r["class_id"] == "" for r in rows)
    assert len({r["uid"] for r in rows}) == len(rows)
    with sqlite3.connect(path) as conn:
        meta = dict(conn.execute("SELECT key, value FROM kit_meta"))
    assert meta == {"app": "kit-progress", "schema_version": str(LATEST)}
    # The numbering goes on from the old attempts.
    last = [r for r in expected if (r["learner"], r["question"]) == ("ada", "q1")]
    new = store.record("01", "q1", "again", RIGHT, learner="ada")
    assert new.attempt == len(last) + 1
    # Opening it again changes nothing.
    assert ProgressStore(path).export_rows()[: len(rows)] == rows


def _foreign_sqlite(path: Path, kind: str) -> None:
    with sqlite3.connect(path) as conn:
        if kind == "other-tables":
            conn.execute("CREATE TABLE invoices (id INTEGER, total REAL)")
        elif kind == "other-attempts":
            conn.execute("CREATE TABLE attempts (id INTEGER, player TEXT, level INTEGER)")
        elif kind == "other-meta":
            conn.execute("CREATE TABLE kit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute("INSERT INTO kit_meta VALUES ('app', 'somebody-else')")
        else:
            conn.execute("CREATE TABLE kit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute("INSERT INTO kit_meta VALUES ('app', 'kit-progress')")
            conn.execute("INSERT INTO kit_meta VALUES ('schema_version', '99')")


@pytest.mark.parametrize("kind", ["other-tables", "other-attempts", "other-meta", "newer"])
def test_a_database_of_another_program_is_refused_in_one_sentence(tmp_path, kind):
    path = tmp_path / "foreign.db"
    _foreign_sqlite(path, kind)
    before = path.read_bytes()
    with pytest.raises(KitError) as info:
        ProgressStore(path).attempts()
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert ("newer kit" if kind == "newer" else "belongs to another program") in message
    assert path.read_bytes() == before  # untouched


def test_a_postgresql_database_of_another_program_is_refused(pg_server, pg_url):
    pg_server.sql("CREATE TABLE orders (id int, total numeric)", pg_url.rsplit("/", 1)[1])
    with pytest.raises(KitError, match="belongs to another program .*orders"):
        ProgressStore(pg_url).check()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bad_configuration_is_one_sentence_and_nothing_is_lost(pg_server, pg_url, tmp_path):
    dbname = pg_url.rsplit("/", 1)[1]
    cases = {
        "unknown scheme": ("mysql://u@h/d", "unknown scheme 'mysql'"),
        "unreachable": (
            f"postgresql://kit@127.0.0.1:{_closed_port()}/kit",
            "cannot reach the PostgreSQL server at 127.0.0.1",
        ),
        "wrong password": (pg_server.url(dbname, password="wrong"), "refused the password"),
        "no database": (pg_server.url("no_such_db"), "has no database 'no_such_db'"),
    }
    for name, (url, words) in cases.items():
        outbox = Outbox(tmp_path / f"{name}.outbox")
        store = ProgressStore(url, outbox=outbox)
        with pytest.raises(ProgressNotSaved) as info:
            store.record("b", "q", "r", RIGHT, learner="ada")
        message = str(info.value)
        assert words in message, name
        assert "\n" not in message and "wrong" not in message.replace("wrong password", "")
        assert "kept on this computer" in message
        assert store.pending() == 1 and info.value.attempt.uid
    # The password is fixed: the same target (passwords are not part of it) gets the attempt.
    outbox = Outbox(tmp_path / "wrong password.outbox")
    fixed = ProgressStore(pg_server.url(dbname), outbox=outbox)
    assert fixed.flush() == 1 and fixed.pending() == 0
    assert [a.learner for a in fixed.attempts()] == ["ada"]


def test_unreachable_store_still_lets_the_quiz_grade(tmp_path, monkeypatch):
    from kit.quiz.questions import Numeric
    from kit.quiz.widgets import QuestionWidget

    monkeypatch.setenv("KIT_PROGRESS_URL", f"postgresql://kit@127.0.0.1:{_closed_port()}/kit")
    widget = QuestionWidget(Numeric("6 x 7?", answer=42), bank_id="b")
    feedback = widget.submit(42)
    assert feedback.correct
    assert "Progress is not being saved" in widget.feedback.note
    assert "cannot reach" in widget.feedback.note
    assert ProgressStore().pending() == 1


def test_the_outbox_is_sent_before_the_next_attempt(tmp_path):
    path = tmp_path / "p.db"
    store = ProgressStore(path, outbox=Outbox(tmp_path / "o.db"))
    path.mkdir()  # the file cannot be created: a folder is in the way
    with pytest.raises(ProgressNotSaved, match="is a folder"):
        store.record("b", "q", "first", WRONG, learner="ada")
    path.rmdir()
    second = store.record("b", "q", "second", RIGHT, learner="ada")
    assert second.attempt == 2 and store.pending() == 0
    assert [a.response for a in store.attempts()] == ["first", "second"]


def test_a_server_restart_is_survived(pg_server, pg_url):
    store = ProgressStore(pg_url, class_id="c")
    store.record("b", "q", 1, WRONG, learner="ada")
    pg_server.restart()
    store.record("b", "q", 2, RIGHT, learner="ada")  # reconnects by itself
    assert [a.response for a in store.attempts()] == [1, 2] and store.pending() == 0


def test_store_errors_say_if_retrying_may_help():
    with pytest.raises(StoreError) as info:
        parse_url("ftp://x/y")
    assert not info.value.transient


def test_import_does_not_load_the_driver():
    import subprocess
    import sys

    code = "import sys, kit.quiz, kit.store; print('psycopg' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_outbox_is_sent_in_the_background_when_the_database_is_back(tmp_path):
    import threading

    path = tmp_path / "p.db"
    store = ProgressStore(path, outbox=Outbox(tmp_path / "o.db"))
    path.mkdir()
    with pytest.raises(ProgressNotSaved):
        store.record("b", "q", "kept", RIGHT, learner="ada")
    done = threading.Event()
    got = []
    store.retry_in_background(lambda n: (got.append(n), done.set()), every=0.1)
    store.retry_in_background(lambda n: got.append(-n), every=0.1)  # one thread, two callbacks
    assert not done.wait(0.5)  # still failing: keeps trying, calls nobody
    path.rmdir()
    assert done.wait(10)
    assert sorted(got) == [-1, 1] and store.pending() == 0
    assert [a.response for a in store.attempts()] == ["kept"]
    store.close()


def test_the_quiz_says_it_retries_and_then_that_progress_is_saved_again(tmp_path, monkeypatch):
    import time

    import kit.quiz.widgets as widgets
    import kit.store.recording as recording
    from kit.quiz.questions import Numeric

    path = tmp_path / "later.db"
    path.mkdir()  # unusable until the folder goes
    monkeypatch.setenv("KIT_PROGRESS_DB", str(path))
    monkeypatch.setattr(recording, "RETRY_SECONDS", 0.1)
    widget = widgets.QuestionWidget(Numeric("6 x 7?", answer=42), bank_id="b")
    assert widget.submit(41).correct is False
    note = widget.feedback.note
    assert "Progress is not being saved: the progress database" in note
    assert "kept on this computer" in note and "Retrying every 0.1 s." in note
    path.rmdir()
    deadline = time.monotonic() + 10
    while "saved again" not in widget.feedback.note:
        assert time.monotonic() < deadline, widget.feedback.note
        time.sleep(0.05)
    assert "not being saved" not in widget.feedback.note
    assert [str(a.response) for a in ProgressStore(path).attempts()] == ["41"]
    widget.submit(42)  # saved directly now
    assert "not being saved" not in widget.feedback.note
    assert [str(a.response) for a in ProgressStore(path).attempts()] == ["41", "42"]
    widget.store.close()


def test_kernels_opening_an_old_file_at_once_migrate_it_once(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "legacy-progress.db", path)
    go = tmp_path / "go"
    code = (
        "import sys, time, pathlib\n"
        "from kit.quiz import Feedback, ProgressStore\n"
        "go = pathlib.Path(sys.argv[2])\n"
        "while not go.exists(): time.sleep(0.005)\n"
        "ProgressStore(sys.argv[1]).record('b', 'q', sys.argv[3], Feedback(True, 1.0, ''),"
        " learner=sys.argv[3])\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path), str(go), f"k{i}"],
                         stderr=subprocess.PIPE, text=True)
        for i in range(8)
    ]  # fmt: skip
    import time

    time.sleep(1.0)
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    expected = json.loads((FIXTURES / "legacy-progress.expected.json").read_text())
    rows = ProgressStore(path).export_rows()
    assert len(rows) == len(expected) + 8
    with sqlite3.connect(path) as conn:
        assert conn.execute(
            "SELECT value FROM kit_meta WHERE key = 'schema_version'"
        ).fetchall() == [(str(LATEST),)]


def test_an_outbox_that_cannot_be_written_keeps_attempts_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = ProgressStore("mysql://nowhere/x", outbox=Outbox(blocker / "outbox.db"))
    with pytest.raises(ProgressNotSaved, match="kept in memory until the kernel stops"):
        store.record("b", "q", "r", RIGHT, learner="ada")
    assert store.pending() == 1


def test_after_an_unreachable_server_answers_are_queued_without_waiting_again(tmp_path):
    store = ProgressStore(
        f"postgresql://kit@127.0.0.1:{_closed_port()}/kit", outbox=Outbox(tmp_path / "o.db")
    )
    with pytest.raises(ProgressNotSaved, match="cannot reach"):
        store.record("b", "q", 1, WRONG, learner="ada")

    class Untouchable:
        def add(self, rows):
            raise AssertionError("the store was tried again during the hold-off")

    store._backend = Untouchable()
    with pytest.raises(ProgressNotSaved, match="cannot reach"):
        store.record("b", "q", 2, RIGHT, learner="ada")
    assert store.pending() == 2


class _OnlyAda:
    """A store that takes ada's rows and turns down anyone else's as such (as the hub's
    service answers 403 to another learner's name)."""

    def __init__(self):
        self.rows: list[dict] = []

    def add(self, rows):
        if any(r["learner"] != "ada" for r in rows):
            raise StoreError("the class progress service refused this: not yours", refused=True)
        self.rows += rows
        return list(range(1, len(rows) + 1))


def test_a_row_refused_for_good_is_set_aside_and_does_not_hold_up_later_answers(tmp_path):
    box = Outbox(tmp_path / "o.db")
    for uid, learner in (("u1", "ada"), ("u2", "bob"), ("u3", "ada")):
        box.put({"uid": uid, "learner": learner, "bank": "b", "question": "q"}, "there")
    backend = _OnlyAda()
    assert box.send(backend, "there") == 2
    assert [r["uid"] for r in backend.rows] == ["u1", "u3"]
    assert box.count("there") == 0  # nothing left to send
    [(row, reason)] = box.set_aside_rows()  # but nothing lost either
    assert row["uid"] == "u2" and "not yours" in reason


def test_an_answer_refused_as_such_is_kept_aside_and_the_next_one_is_saved(tmp_path):
    store = ProgressStore(f"sqlite:///{tmp_path / 'c.db'}", outbox=Outbox(tmp_path / "o.db"))
    store._backend = _OnlyAda()
    with pytest.raises(ProgressNotSaved, match="set aside: it will not be sent") as caught:
        store.record("b", "q", 1, WRONG, learner="bob")
    assert caught.value.retrying is False
    assert store.record("b", "q", 2, RIGHT, learner="ada").attempt == 1  # not queued behind
    assert store.pending() == 0
    assert [r["learner"] for r, _ in store.outbox.set_aside_rows()] == ["bob"]


def test_an_outbox_file_from_before_set_aside_rows_is_upgraded(tmp_path):
    path = tmp_path / "o.db"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
        "uid TEXT NOT NULL UNIQUE, target TEXT NOT NULL, row TEXT NOT NULL)"
    )
    row = {"uid": "u1", "learner": "ada", "bank": "b", "question": "q"}
    conn.execute(
        "INSERT INTO outbox (uid, target, row) VALUES ('u1', 'there', ?)", [json.dumps(row)]
    )
    conn.commit()
    conn.close()
    box = Outbox(path)
    assert [r["uid"] for r in box.pending("there")] == ["u1"]
    box.set_aside(["u1"], "refused")
    assert box.pending("there") == [] and len(box.set_aside_rows()) == 1
