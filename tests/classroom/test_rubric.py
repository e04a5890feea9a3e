"""The capstone rubric: the data file, scores in the store, the sheet, the form, the dashboard."""

from __future__ import annotations

import csv
import io

import pytest

from kit.classroom import dashboard
from kit.classroom.rubric import (
    RUBRIC_BANK,
    RubricError,
    apply_sheet,
    load_rubric,
    read_sheet,
    record_score,
    scores,
    sheet,
)
from kit.classroom.rubricform import RubricForm
from kit.classroom.stats import class_report, class_stats
from kit.cli import main
from kit.quiz import Feedback
from kit.store import ProgressStore


def test_the_shipped_rubric_has_the_capstone_criteria():
    rubric = load_rubric()
    assert [c.id for c in rubric.criteria] == [
        "assumption",
        "flip",
        "uncertainty",
        "scenario-code",
        "recommendation",
    ]
    assert all(sorted(c.levels) == [0, 1, 2] for c in rubric.criteria)
    assert all(len(words) > 20 for c in rubric.criteria for words in c.levels.values())
    assert (rubric.top, rubric.total) == (2, 10)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("schema: 2\ncriteria: []\n", "schema: 1"),
        ("schema: 1\ncriteria: []\n", "non-empty list"),
        ("schema: 1\ncriteria: [{id: a, levels: {0: x, 2: y}}]\n", "numbered 0, 1, 2"),
        ("schema: 1\ncriteria: [{id: a, levels: {0: x}}]\n", "at least two levels"),
        (
            "schema: 1\ncriteria: [{id: a, levels: {0: x, 1: y}}, {id: a, levels: {0: x, 1: y}}]\n",
            "used twice",
        ),  # fmt: skip
        ("schema: 1\ncriteria: [\n", "not valid YAML"),
    ],
)
def test_a_bad_rubric_file_is_one_sentence(tmp_path, text, words):
    path = tmp_path / "r.yaml"
    path.write_text(text)
    with pytest.raises(RubricError, match=words):
        load_rubric(path)


def test_scores_round_trip_through_sqlite(tmp_path):
    rubric = load_rubric()
    store = ProgressStore(tmp_path / "p.db", class_id="ws1")
    store.record("00", "q1", "x", Feedback(False, 0.0, ""), learner="ada")
    record_score(store, rubric, "ada", "flip", 1, note="first look")
    record_score(store, rubric, "ada", "flip", 2, note="after the questions")  # latest wins
    record_score(store, rubric, "bo", "assumption", 0)
    with pytest.raises(RubricError, match="from 0 to 2"):
        record_score(store, rubric, "ada", "flip", 3)
    with pytest.raises(RubricError, match="no criterion 'charm'"):
        record_score(store, rubric, "ada", "charm", 1)
    rows = ProgressStore(tmp_path / "p.db").rows(class_id="ws1")
    got = scores(rows, rubric)
    assert got["ada"]["flip"]["level"] == 2 and got["ada"]["flip"]["note"] == "after the questions"
    assert got["bo"]["assumption"]["level"] == 0 and list(got["bo"]) == ["assumption"]
    stored = [r for r in rows if r["bank"] == RUBRIC_BANK]
    assert {(r["score"], r["points"], r["correct"]) for r in stored} >= {(1.0, 2.0, True)}
    # The class's numbers do not count scores as answers.
    assert [q["question"] for q in class_stats(rows)["questions"]] == ["q1"]
    assert class_report(rows)["per_learner"] == [
        {"learner": "ada", "attempts": 1, "tried": 1, "right": 0}
    ]


def test_the_sheet_is_written_filled_in_and_read_back(tmp_path, capsys):
    rubric = load_rubric()
    url = str(tmp_path / "p.db")
    store = ProgressStore(url, class_id="ws1")
    for name in ("ada", "bo"):
        store.record("00", "q1", "x", Feedback(True, 1.0, ""), learner=name)
    record_score(store, rubric, "ada", "uncertainty", 1)
    path = tmp_path / "sheet.csv"
    assert main(["progress", "rubric", "--url", url, "--class", "ws1", "--sheet", str(path)]) == 0
    table = list(csv.DictReader(path.open()))
    assert [r["learner"] for r in table] == ["ada", "bo"]
    assert table[0]["uncertainty"] == "1" and table[1]["uncertainty"] == ""
    table[1].update({"assumption": "2", "flip": "1", "note": "clear defence"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    path.write_text(out.getvalue())
    capsys.readouterr()
    assert main(["progress", "rubric", "--url", url, "--class", "ws1", "--load", str(path)]) == 0
    assert "stored 2 scores" in capsys.readouterr().out
    assert main(["progress", "rubric", "--url", url, "--class", "ws1", "--load", str(path)]) == 0
    assert "stored 0 scores" in capsys.readouterr().out  # nothing changed: nothing stored twice
    got = scores(ProgressStore(url).rows(class_id="ws1"), rubric)
    assert got["bo"]["assumption"]["level"] == 2 and got["bo"]["flip"]["note"] == "clear defence"
    book = main(["progress", "gradebook", "--url", url, "--class", "ws1"])
    assert book == 0
    lines = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert lines[1]["rubric total (of 10)"] == "3"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("name,flip\nada,1\n", "first column must be 'learner'"),
        ("learner,charm\nada,1\n", "column 'charm'"),
        ("learner,flip\nada,1\nbo,high\n", "line 3, column 'flip': 'high' is not a level"),
        ("learner,flip\nada,-1\n", "'-1' is not a level"),
    ],
)
def test_a_bad_sheet_names_the_cell_and_stores_nothing(tmp_path, text, words):
    store = ProgressStore(tmp_path / "p.db", class_id="ws1")
    with pytest.raises(RubricError, match=words):
        apply_sheet(store, load_rubric(), text)
    assert store.rows() == []
    assert read_sheet("learner,flip\n,\nada,\n", load_rubric()) == []


def test_sheet_lists_learners_given_and_scored():
    text = sheet([], load_rubric(), ["zed", "amy"])
    assert text.splitlines()[1:] == ["amy,,,,,,", "zed,,,,,,"]


def test_the_form_scores_a_learner_and_the_dashboard_shows_it(tmp_path):
    store = ProgressStore(tmp_path / "p.db", class_id="ws1")
    store.record("00", "q1", "x", Feedback(True, 1.0, ""), learner="ada")
    board = dashboard(store=store)
    assert board.rubric["scores"] == {} and len(board.rubric["criteria"]) == 5
    form = board.rubric_form()
    assert isinstance(form, RubricForm) and form.learner.value == "ada"
    form.levels["flip"].value = 2
    assert "Knows" not in form.words["flip"].value and "2:" in form.words["flip"].value
    form.levels["assumption"].value = 1
    form.note.value = "named the tie assumption"
    form.save_button.click()
    assert "Saved 2 scores for ada" in form.status.value
    assert board.rubric["scores"] == {"ada": {"assumption": 1, "flip": 2}}  # refreshed
    assert form.save() == 0  # nothing changed
    fresh = RubricForm(store, load_rubric(), ["ada"])
    assert fresh.levels["flip"].value == 2 and fresh.note.value == "named the tie assumption"


def test_a_data_folder_without_rubric_or_inventory_still_has_a_dashboard(tmp_path, monkeypatch):
    import shutil

    from kit.data import data_dir

    mine = tmp_path / "data"
    (mine / "quizzes").mkdir(parents=True)
    shutil.copy(data_dir() / "quizzes" / "example.yaml", mine / "quizzes")
    store = ProgressStore(tmp_path / "p.db", class_id="ws1")
    store.record("inventory-pre", "inv-reach", "x", Feedback(False, 0.0, ""), learner="ada")
    monkeypatch.setenv("KIT_DATA_DIR", str(mine))
    from kit.classroom.analysis import _bank

    _bank.cache_clear()
    board = dashboard(store=store)
    assert board.rubric == {} and board.gain == {}
    assert board.status.startswith("No learning gain:")
    assert board.items["items"][0]["question"] == "inv-reach"
    from kit.errors import KitError

    with pytest.raises(KitError, match="no rubric to score"):
        board.rubric_form()
    report = class_report(store.rows(class_id="ws1"))
    assert report["gain"] is None and report["items"]["learners"] == 1
    _bank.cache_clear()


def test_the_dashboard_recomputes_the_analysis_at_its_own_pace(tmp_path):
    store = ProgressStore(tmp_path / "p.db", class_id="ws1")
    store.record("00", "q1", "x", Feedback(False, 0.0, ""), learner="ada")
    board = dashboard(store=store, analysis_every=3600)
    assert [i["n"] for i in board.items["items"]] == [1]
    store.record("00", "q1", "x", Feedback(True, 1.0, ""), learner="bo")
    board.refresh()  # the class's numbers now, the analysis when due
    assert board.stats["questions"][0]["tried"] == 2
    assert [i["n"] for i in board.items["items"]] == [1]
    board.refresh(analyse=True)
    assert [i["n"] for i in board.items["items"]] == [2]
