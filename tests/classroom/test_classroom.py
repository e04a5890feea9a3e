"""A class's numbers: the pure function, the dashboard widget and ``kit progress report``.

The same numbers must come out of SQLite, PostgreSQL and merged export files.
"""

from __future__ import annotations

import csv
import io
import json
import socket

import pytest

from kit.classroom import class_stats, dashboard, format_report
from kit.classroom.stats import response_text
from kit.cli import main
from kit.quiz import Feedback
from kit.store import ProgressStore, merge_exports

RIGHT = Feedback(True, 1.0, "Correct!")
WRONG = Feedback(False, 0.0, "Not quite.")


def _row(learner, question, response, correct, minute, bank="b"):
    return {
        "learner": learner,
        "bank": bank,
        "question": question,
        "response": json.dumps(response),
        "correct": correct,
        "time": f"2026-03-01T09:{minute:02d}:00.000+00:00",
    }


ROWS = [
    # q1: ada wrong then right; bo right at once; cy wrong three times (stuck); dee wrong once.
    _row("ada", "q1", "3", False, 1),
    _row("ada", "q1", "4", True, 2),
    _row("bo", "q1", "4", True, 3),
    _row("cy", "q1", "3", False, 4),
    _row("cy", "q1", "3", False, 5),
    _row("cy", "q1", "5", False, 6),
    _row("dee", "q1", "5", False, 40),
    # q2: only ada, right at once, long ago.
    _row("ada", "q2", ["x", "y"], True, 0),
]


def test_class_stats_counts_what_an_instructor_asks():
    stats = class_stats(ROWS, now="2026-03-01T09:45:00+00:00")
    assert (stats["learners"], stats["attempts"], stats["finished"]) == (4, 8, 3)
    assert stats["active"] == 1  # only dee acted in the last 10 minutes
    assert stats["possible"] == 4 * 2
    q1, q2 = stats["questions"]
    assert (q1["tried"], q1["attempts"], q1["right_first_try"], q1["right"]) == (4, 7, 1, 2)
    assert q1["share_first_try"] == 0.25 and q1["share_right"] == 0.5
    # "3" was given by ada and cy (cy three times: counted once); "5" by cy and dee: a tie,
    # broken by the text.
    assert (q1["common_wrong"], q1["common_wrong_learners"]) == ("3", 2)
    assert q1["stuck"] == ["cy"]
    assert (q2["tried"], q2["share_first_try"], q2["common_wrong"]) == (1, 1.0, "")


def test_questions_fix_the_order_and_show_untried_ones():
    stats = class_stats(ROWS, now="2026-03-01T10:00:00+00:00", questions=[("b", "q2"), ("b", "q9")])
    assert [q["question"] for q in stats["questions"]] == ["q2", "q9"]
    assert stats["questions"][1]["tried"] == 0 and stats["questions"][1]["share_right"] == 0.0
    assert stats["attempts"] == 1 and stats["active"] == 0


def test_responses_read_as_one_line():
    assert response_text('["a", "b"]') == "a, b"
    assert response_text({"x": 1, "y": 2}) == "x → 1; y → 2"
    assert response_text("x" * 200).endswith("…") and len(response_text("x" * 200)) == 80


@pytest.fixture(params=["sqlite", "postgresql"])
def class_store(request, tmp_path):
    url = (
        f"sqlite:///{tmp_path / 'c.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    store = ProgressStore(url, class_id="mon")
    for row in ROWS:
        store.record(
            row["bank"],
            row["question"],
            json.loads(row["response"]),
            RIGHT if row["correct"] else WRONG,
            learner=row["learner"],
        )
    ProgressStore(url, class_id="tue").record("b", "q1", "4", RIGHT, learner="zed")
    return store


def _same(stats):
    return {**stats, "now": None}


def test_same_numbers_from_the_store_and_from_merged_exports(class_store, tmp_path):
    now = "2026-03-01T09:45:00+00:00"
    from_store = class_stats(class_store.attempts(class_id="mon"), now=now)
    # Learners export their own attempts; the instructor merges the files.
    files = []
    for learner in ("ada", "bo", "cy", "dee"):
        path = tmp_path / f"{learner}.csv"
        class_store.export("csv", path, learner=learner, class_id="mon")
        files.append(path)
    merge_exports(files, tmp_path / "class.csv")
    from kit.store import read_export

    from_file = class_stats(read_export(tmp_path / "class.csv"), now=now)
    assert _same(from_store) == _same(from_file)
    assert from_store["learners"] == 4 and from_store["questions"][0]["stuck"] == ["cy"]


def test_report_command_prints_the_same_numbers(class_store, capsys, tmp_path):
    url = class_store.url
    assert main(["progress", "report", "--class", "mon", "--url", url, "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["learners"] == 4 and stats["attempts"] == 8
    assert main(["progress", "report", "--class", "mon", "--url", url, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["question"] for r in rows] == ["q1", "q2"] and rows[0]["stuck"] == "cy"
    assert main(["progress", "report", "--class", "mon", "--url", url]) == 0
    table = capsys.readouterr().out
    assert "4 learners" in table and "b/q1" in table and "3 (2)" in table
    # Without a class: every attempt (zed's too).
    assert main(["progress", "report", "--url", url, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["learners"] == 5


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "args, words",
    [
        (["--url", "mysql://x/y"], "unknown scheme"),
        (["--url", "postgresql://kit@127.0.0.1:{port}/kit"], "cannot reach"),
        (["--bank", "no-such-bank"], "no quiz bank 'no-such-bank'"),
        (["--from", "{tmp}/missing.csv"], "cannot read"),
        (["--from", "{tmp}/junk.csv"], "missing columns"),
    ],
)
def test_report_bad_input_is_one_line(args, words, capsys, tmp_path):
    (tmp_path / "junk.csv").write_text("a,b\n1,2\n")
    args = [a.format(port=_closed_port(), tmp=tmp_path) for a in args]
    assert main(["progress", "report", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and words in err and "Traceback" not in err


def test_table_says_when_nobody_tried():
    text = format_report(class_stats([], questions=[("b", "q1")]), "table")
    assert "0 learners" in text and "b/q1" in text


def test_dashboard_refreshes_from_the_store(tmp_path):
    store = ProgressStore(tmp_path / "p.db", class_id="mon")
    board = dashboard(store=store, banks=["example"], interval=2)
    assert board.stats["attempts"] == 0 and len(board.stats["questions"]) == 7
    store.record("example", "trust-fastest", "x", WRONG, learner="ada")
    store.record("other-bank", "q", "x", WRONG, learner="ada")  # not in the banks shown
    board._on_message(board, {"type": "refresh"}, [])  # too soon after the last: ignored
    assert board.stats["attempts"] == 0
    board._last -= 10
    board._on_message(board, {"type": "refresh"}, [])
    assert board.stats["attempts"] == 1 and board.stats["questions"][0]["tried"] == 1
    assert "trust-fastest" in board.text()
    board.close()


def test_dashboard_keeps_its_numbers_and_says_why_when_the_store_fails(tmp_path):
    path = tmp_path / "p.db"
    store = ProgressStore(path, class_id="mon")
    store.record("b", "q", "x", RIGHT, learner="ada")
    board = dashboard(store=store)
    path.unlink()
    path.mkdir()  # the file is replaced by a folder: unreadable
    board.refresh()
    assert board.stats["attempts"] == 1
    assert board.status.startswith("Cannot read the class's progress: ")
    assert "is a folder" in board.status and "trying again every 5 s" in board.status
    path.rmdir()
    board.refresh()
    assert board.status == "" and board.stats["attempts"] == 0
    board.close()


def test_dashboard_on_merged_exports(class_store, tmp_path):
    now_rows = class_store.attempts(class_id="mon")
    path = tmp_path / "class.csv"
    class_store.export("csv", path)  # both classes, as a collected file would have
    board = dashboard(class_id="mon", exports=[path])
    assert board.store is None and str(path) in board.where
    assert board.stats["attempts"] == len(now_rows) == 8
    assert board.stats["questions"][0]["stuck"] == ["cy"]
    path.write_text("not,an,export\n1,2,3\n")
    board.refresh()
    assert "missing columns" in board.status and board.stats["attempts"] == 8
    board.close()
