"""Learning gain, item analysis and the gradebook against values worked out by hand.

The synthetic classes are small enough to check on paper; every expected number below has
its arithmetic in a comment.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random

import pytest

from kit.classroom.analysis import (
    ENOUGH_FOR_DISTRACTORS,
    first_tries,
    format_items,
    item_report,
    point_biserial,
    upper_lower,
)
from kit.classroom.gain import band, class_gain, format_gain, learner_gain
from kit.classroom.gradebook import gradebook
from kit.classroom.rubric import load_rubric, score_row
from kit.cli import main
from kit.quiz import load_bank
from kit.store import ProgressStore

ITEMS = ["a", "b", "c", "d"]
DELAYED = ["a", "b"]


def marks(learner, bank, answers, *, minute=0, items=ITEMS):
    """Rows for one learner: answers is a list of 0/1 (first tries), None to skip an item."""
    rows = []
    for i, (item, mark) in enumerate(zip(items, answers, strict=False)):
        if mark is None:
            continue
        rows.append(
            {
                "learner": learner,
                "bank": bank,
                "question": item,
                "response": json.dumps("right" if mark else "wrong"),
                "correct": bool(mark),
                "score": float(mark),
                "points": 1.0,
                "time": f"2026-03-01T10:{minute + i:02d}:00.000+00:00",
            }
        )
    return rows


def gain_class(seed: int = 0) -> list[dict]:
    """Six learners (see test_gain_from_matched_learners for the arithmetic), in a seeded
    random row order: the result must not depend on it."""
    rows = []
    rows += marks("l1", "inv-pre", [0, 0, 1, 0]) + marks("l1", "inv-post", [1, 1, 1, 0], minute=30)
    rows += marks("l2", "inv-pre", [1, 0, 0, 0]) + marks("l2", "inv-post", [1, 1, 1, 1], minute=30)
    rows += marks("l3", "inv-pre", [0, 0, 0, 0]) + marks("l3", "inv-post", [0, 1, 0, 0], minute=30)
    # l3 tries post item a again and gets it right: only the first try counts.
    rows += marks("l3", "inv-post", [1], minute=50)
    rows += marks("l1", "inv-delayed", [1, 0], minute=80, items=DELAYED)
    rows += marks("l2", "inv-delayed", [1, 1], minute=80, items=DELAYED)
    rows += marks("l4", "inv-pre", [1, 1, 0, 0])  # pre-test only
    rows += marks("l5", "inv-post", [1, 1, 1, 1], minute=30)  # post-test only
    rows += marks("l6", "inv-pre", [1, 0])  # started the pre-test, did not finish
    random.Random(seed).shuffle(rows)
    return rows


def gain_of(rows):
    return class_gain(rows, items=ITEMS, delayed_items=DELAYED, bank_id="inv")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gain_from_matched_learners(seed):
    g = gain_of(gain_class(seed))
    # Matched: l1, l2, l3. Pre: (25 + 25 + 0) / 3 = 16.67%; post: (75 + 100 + 25) / 3 = 66.67%.
    assert g["n_matched"] == 3
    assert g["pre"] == pytest.approx(16.67) and g["post"] == pytest.approx(66.67)
    # <g> = (66.67 - 16.67) / (100 - 16.67) = 50 / 83.33 = 0.6 (medium on Hake's bands).
    assert g["gain"] == pytest.approx(0.6) and g["band"] == "medium"
    assert (g["pre_only"], g["post_only"]) == (1, 1)  # l4, l5: counted apart
    assert g["started"] == {"pre": 1, "post": 0, "delayed": 0}  # l6
    per_item = {i["question"]: (i["pre"], i["post"], i["delayed"]) for i in g["items"]}
    # a: pre l2 only (1/3), post l1, l2 (l3's first try was wrong) = 2/3; delayed l1, l2: 1.
    assert per_item["a"] == pytest.approx((1 / 3, 2 / 3, 1.0))
    assert per_item["b"] == pytest.approx((0.0, 1.0, 0.5))
    assert per_item["c"][:2] == pytest.approx((1 / 3, 2 / 3)) and per_item["c"][2] is None
    assert per_item["d"][:2] == pytest.approx((0.0, 1 / 3))
    # Delayed, l1 and l2 on a, b: pre (0 + 50) / 2 = 25, post 100, a week later (50 + 100) / 2
    # = 75; <g> a week later = (75 - 25) / 75 = 0.667.
    d = g["delayed"]
    assert (d["n"], d["pre"], d["post"], d["delayed"]) == (2, 25.0, 100.0, 75.0)
    assert d["gain"] == pytest.approx(0.667)
    words = g["words"]
    assert "<g> = 0.60 (medium" in words and "3 learners who took both" in words
    assert "1 took only the pre-test" in words and "1 took only the post-test" in words
    assert "rough sign" in words  # fewer than 10


def test_gain_edge_cases():
    # Learners without a post-test: nothing matched, nothing averaged.
    only_pre = marks("a", "inv-pre", [1, 0, 0, 0]) + marks("b", "inv-pre", [0, 0, 0, 0])
    g = gain_of(only_pre)
    assert (g["n_matched"], g["pre_only"], g["gain"], g["pre"]) == (0, 2, None, None)
    assert g["words"].startswith("No learner has finished both")
    assert all(i["pre"] is None for i in g["items"])
    # Everyone right before: 100 - pre = 0, so no gain can be computed (not a division error).
    full = marks("a", "inv-pre", [1, 1, 1, 1]) + marks("a", "inv-post", [1, 1, 1, 1], minute=30)
    g = gain_of(full)
    assert (g["n_matched"], g["pre"], g["gain"], g["band"]) == (1, 100.0, None, None)
    assert "nothing left to gain" in g["words"]
    # One learner: 0% -> 50%: <g> = 50 / 100 = 0.5.
    one = marks("a", "inv-pre", [0, 0, 0, 0]) + marks("a", "inv-post", [1, 1, 0, 0], minute=30)
    g = gain_of(one)
    assert g["gain"] == 0.5 and "With 1 learner" in g["words"]
    # Worse after: a negative gain, said in words.
    worse = marks("a", "inv-pre", [1, 1, 0, 0]) + marks("a", "inv-post", [1, 0, 0, 0], minute=30)
    g = gain_of(worse)
    assert g["gain"] == pytest.approx(-25 / 50) and "Fewer items were right after" in g["words"]
    # No rows at all.
    assert gain_of([])["n_matched"] == 0


def test_band_follows_hake():
    assert [band(x) for x in (-0.1, 0.29, 0.3, 0.69, 0.7, 1.0)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
    ]


def test_gain_on_the_shipped_inventory_and_its_report():
    bank = load_bank("inventory")
    ids = bank.ids
    rows = marks("ada", "inventory-pre", [0] * 10, items=ids)
    rows += marks("ada", "inventory-post", [1] * 5 + [0] * 5, minute=20, items=ids)
    g = class_gain(rows)
    assert (g["n_matched"], g["pre"], g["post"], g["gain"]) == (1, 0.0, 50.0, 0.5)
    assert g["items"][0]["label"].startswith("Two caterers")
    table = format_gain(g, "table", title="Class x")
    assert "inv-followers" in table and "0%" in table and "100%" in table
    parsed = list(csv.DictReader(io.StringIO(format_gain(g, "csv"))))
    assert len(parsed) == 10 and parsed[0]["post"] == "1.000"
    assert json.loads(format_gain(g, "json"))["gain"] == 0.5


def test_a_learners_own_gain():
    bank = load_bank("inventory")
    ids = bank.ids
    rows = marks("ada", "inventory-pre", [0, 1] + [0] * 8, items=ids)
    rows += marks("ada", "inventory-post", [1, 0] + [1] * 8, minute=20, items=ids)
    rows += marks("bo", "inventory-post", [1] * 10, minute=20, items=ids)  # someone else
    mine = learner_gain(rows, "ada", bank)
    assert mine["totals"]["pre"] == {"right": 1, "answered": 10, "asked": 10}
    assert mine["totals"]["post"] == {"right": 9, "answered": 10, "asked": 10}
    assert mine["totals"]["delayed"] == {"right": 0, "answered": 0, "asked": 5}
    assert (mine["items"][0]["pre"], mine["items"][0]["post"]) == (False, True)
    assert mine["items"][0]["delayed"] is None
    assert "1 of 10 right" in mine["words"] and "After it, 9 of 10" in mine["words"]
    # learned: item 0 and items 2-9 (9); lost: item 1.
    assert "9 items right that you had wrong before, and 1 wrong" in mine["words"]


# --------------------------------------------------------------------------- item analysis

#: Five learners' first tries at q1, q2, q3 of bank b (rest scores worked out below).
FIVE = {"A": (1, 1, 1), "B": (1, 1, 0), "C": (1, 0, 0), "D": (0, 1, 0), "E": (0, 0, 0)}


def five_rows():
    rows = []
    for name, answers in FIVE.items():
        rows += marks(name, "b", answers, items=["q1", "q2", "q3"])
    # C retries q2 and gets it right: the item analysis reads first tries only.
    rows += marks("C", "b", [None, 1], minute=30, items=["q1", "q2"])
    return rows


def test_difficulty_and_discrimination_by_hand():
    report = item_report(five_rows())
    q1, q2, q3 = report["items"]
    assert report["learners"] == 5
    # q1: marks 1,1,1,0,0; rest (total minus q1): A 2, B 1, C 0, D 1, E 0.
    # sxx = 3 - 9/5 = 1.2; syy = 6 - 16/5 = 2.8; sxy = 3 - 3*4/5 = 0.6;
    # r = 0.6 / sqrt(1.2 * 2.8) = 0.327.
    assert q1["difficulty"] == 0.6 and q1["discrimination"] == pytest.approx(0.327, abs=1e-3)
    # Upper-lower: k = round(0.27 * 5) = 1; top by rest is A (right), bottom E (wrong): 1.0.
    assert q1["upper_lower"] == 1.0
    # q2: C's first try was wrong (marks 1,1,0,1,0); the same sums as q1: r = 0.327.
    assert q2["right"] == 3 and q2["discrimination"] == pytest.approx(0.327, abs=1e-3)
    # q3: marks 1,0,0,0,0; rest A 2, B 2, C 1, D 1, E 0: sxx 0.8, syy 10 - 36/5 = 2.8,
    # sxy 2 - 6/5 = 0.8: r = 0.8 / sqrt(2.24) = 0.535.
    assert q3["difficulty"] == 0.2 and q3["discrimination"] == pytest.approx(0.535, abs=1e-3)
    assert all(not i["flags"] for i in report["items"])  # 5 learners: too few to flag


def test_point_biserial_and_upper_lower_edges():
    assert point_biserial([1], [3]) is None  # one learner
    assert point_biserial([1, 1, 1], [0, 1, 2]) is None  # everyone right: x does not vary
    assert point_biserial([1, 0, 1], [2, 2, 2]) is None  # the rest does not vary
    assert point_biserial([1, 0], [1, 0]) == pytest.approx(1.0)
    assert upper_lower([("a", 1, 1)]) is None  # one learner: the groups would overlap
    assert upper_lower([("a", 1, 1), ("b", 0, 0)]) == 1.0
    assert upper_lower([("a", 1, 2), ("b", 0, 2)]) is None  # the rest tells nobody apart
    one = item_report(marks("solo", "b", [1, 0], items=["q1", "q2"]))
    assert [(i["n"], i["discrimination"], i["upper_lower"]) for i in one["items"]] == [
        (1, None, None),
        (1, None, None),
    ]


def ten_learners():
    """Ten learners; 'good' agrees with the rest, 'bad' against it, 'easy' everyone right."""
    rows = []
    for k in range(10):
        strong = k >= 5
        # rest items r1, r2: strong learners right on both, weak on neither (k = 0 also r1).
        rest = [int(strong), int(strong or k == 0)]
        good = int(strong or k == 1)
        bad = int(not strong)
        # Right for learners whose rest scores (3, 2, 4, 4) average about the class's (3.2).
        flat = int(k in (0, 2, 5, 6))
        answers = [*rest, good, bad, 1, flat]
        rows += marks(f"L{k}", "b", answers, items=["r1", "r2", "good", "bad", "easy", "flat"])
    return rows


def test_flags_for_dubious_items():
    report = item_report(ten_learners())
    by = {i["question"]: i for i in report["items"]}
    flags = {q: [f["flag"] for f in i["flags"]] for q, i in by.items()}
    assert by["good"]["discrimination"] > 0.2 and flags["good"] == []
    assert by["bad"]["discrimination"] < 0 and "negative" in flags["bad"]
    assert by["bad"]["upper_lower"] < 0
    assert flags["easy"] == ["everyone-right"] and by["easy"]["discrimination"] is None
    # flat: rests (r1 + r2 + good + bad + easy) are 3, 3, 2, 2, 2, 4, 4, 4, 4, 4 (sum 32);
    # sxy = (3 + 2 + 4 + 4) - 4 * 32 / 10 = 0.2, sxx = 4 - 1.6 = 2.4, syy = 110 - 102.4 = 7.6:
    # r = 0.2 / sqrt(2.4 * 7.6) = 0.047.
    assert by["flat"]["discrimination"] == pytest.approx(0.047, abs=1e-3)
    assert flags["flat"] == ["near-zero"]
    assert report["flagged"] == 3
    text = format_items(report, "table")
    assert "⚑ negative" in text and "reread the question" in text


def choice_rows(n: int, picks: list[str]):
    """n learners answering inventory-pre/inv-followers, learner k picking picks[k % len]."""
    bank = load_bank("inventory")
    q = bank["inv-followers"]
    rows = []
    for k in range(n):
        label = picks[k % len(picks)]
        rows.append(
            {
                "learner": f"p{k:02d}",
                "bank": "inventory-pre",
                "question": q.id,
                "response": json.dumps(label),
                "correct": q.grade(label).correct,
                "score": 1.0,
                "points": 1.0,
                "time": "2026-03-01T10:00:00+00:00",
            }
        )
    return q, rows


def test_the_distractor_table_lists_every_option_with_its_misconception():
    q = load_bank("inventory")["inv-followers"]
    right = next(o.label for o in q.options if o.correct)
    wrong = [o.label for o in q.options if not o.correct]
    _, rows = choice_rows(ENOUGH_FOR_DISTRACTORS, [right, right, right, wrong[0]])
    [item] = item_report(rows)["items"]
    table = {o["label"]: o for o in item["options"]}
    assert list(table) == [o.label for o in q.options]  # every option, in bank order
    assert table[right]["picked"] == 15 and table[right]["correct"]
    assert table[wrong[0]]["picked"] == 5
    assert table[wrong[0]]["misconception"] == "followers are customers"
    assert table[wrong[1]]["picked"] == 0 and table[wrong[1]]["share"] == 0.0
    assert table[wrong[1]]["misconception"] == "relationship always wins"
    assert "unpicked" in [f["flag"] for f in item["flags"]]
    # One learner fewer than needed: a distractor nobody picked is not flagged yet.
    _, few = choice_rows(ENOUGH_FOR_DISTRACTORS - 1, [right, wrong[0]])
    [item] = item_report(few)["items"]
    assert "unpicked" not in [f["flag"] for f in item["flags"]]
    rows_csv = list(csv.DictReader(io.StringIO(format_items(item_report(rows), "csv"))))
    assert len(rows_csv) == 4 and rows_csv[1]["misconception"] == "followers are customers"


def test_first_tries_orders_by_time_then_number():
    rows = [
        {"learner": "a", "bank": "b", "question": "q", "correct": True, "time": "t2", "id": 9},
        {"learner": "a", "bank": "b", "question": "q", "correct": "False", "time": "t1", "id": 5},
        {"learner": "a", "bank": "rubric", "question": "flip", "correct": True, "time": "t0"},
    ]
    assert first_tries(rows) == {("b", "q"): {"a": (False, None)}}


# --------------------------------------------------------------------------- gradebook


def test_gradebook_in_both_layouts():
    rubric = load_rubric()
    rows = marks("ada", "01", [1, 0], items=["q1", "q2"]) + marks("bo", "01", [1, 1])
    rows[0]["points"] = 2.0  # ada's q1 is worth 2
    rows += marks("ada", "inventory-pre", [1, 0], items=["inv-followers", "inv-reach"])
    rows.append(score_row(rubric, "ada", "flip", 2))
    rows.append(score_row(rubric, "ada", "assumption", 1))
    text = gradebook(rows, fmt="moodle", class_id="ws1", rubric=rubric)
    table = list(csv.reader(io.StringIO(text)))
    head = table[0]
    assert head[:3] == ["Username", "Class", "01 (points of 5)"]  # ada q1 2 + q2 1, bo a 1 + b 1
    assert "inventory before (right of 2)" in head and "rubric total (of 10)" in head
    ada = dict(zip(head, table[1], strict=True))
    assert ada["Username"] == "ada" and ada["01 (points of 5)"] == "2"
    assert ada["inventory before (right of 2)"] == "1"
    assert ada["rubric: Knows what would flip it (of 2)"] == "2"
    assert ada["rubric total (of 10)"] == "3"
    bo = dict(zip(head, table[2], strict=True))
    assert bo["01 (points of 5)"] == "2" and bo["rubric total (of 10)"] == ""
    canvas = list(csv.reader(io.StringIO(gradebook(rows, fmt="canvas", class_id="ws1"))))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[1][0] == "Points Possible" and canvas[1][5] == "5"
    assert canvas[2][:5] == ["ada", "", "", "ada", "ws1"]


# --------------------------------------------------------------------------- kit progress


def test_kit_progress_report_gain_items_and_gradebook(tmp_path, capsys):
    store = ProgressStore(tmp_path / "p.db", class_id="ws1")
    bank = load_bank("inventory")
    rows = []
    for k, (pre, post) in enumerate([(0, 6), (2, 8), (4, 10)]):
        rows += marks(f"l{k}", "inventory-pre", [1] * pre + [0] * (10 - pre), items=bank.ids)
        rows += marks(
            f"l{k}", "inventory-post", [1] * post + [0] * (10 - post), minute=20, items=bank.ids
        )
    for i, row in enumerate(rows):
        store.backend.add([{**row, "uid": f"u{i}", "class_id": "ws1"}])
    url = str(tmp_path / "p.db")
    assert main(["progress", "report", "--url", url, "--class", "ws1", "--gain"]) == 0
    out = capsys.readouterr().out
    # pre (0 + 20 + 40) / 3 = 20%, post (60 + 80 + 100) / 3 = 80%: <g> = 60 / 80 = 0.75.
    assert "<g> = 0.75 (high" in out and "20% right before, 80% after" in out
    assert main(["progress", "report", "--url", url, "--class", "ws1", "--gain", "--format",
                 "json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["gain"] == 0.75
    assert main(["progress", "report", "--url", url, "--class", "ws1", "--items", "--format",
                 "json"]) == 0  # fmt: skip
    items = json.loads(capsys.readouterr().out)["items"]
    assert len(items) == 20 and items[0]["bank"] == "inventory-pre"  # phases in order
    assert items[0]["question"] == "inv-followers"  # the bank file's order
    out_file = tmp_path / "book.csv"
    assert main(["progress", "gradebook", "--url", url, "--class", "ws1", "--format", "canvas",
                 "--out", str(out_file)]) == 0  # fmt: skip
    book = list(csv.reader(out_file.open()))
    assert book[0][5:7] == ["inventory before (right of 10)", "inventory after (right of 10)"]
    assert book[2][3:7] == ["l0", "ws1", "0", "6"]
    assert not math.isnan(float(book[4][6]))
