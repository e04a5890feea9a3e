"""The concept inventory as pre-test, post-test and delayed check (headless widgets)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kit import quiz
from kit.quiz import ProgressStore, load_bank
from kit.quiz.phase_widgets import BlindQuestion, GainTable, InventorySection
from kit.quiz.phases import PhaseError, phase_bank_id, split_phase
from kit.quiz.widgets import QuestionWidget

BANK = load_bank("inventory")


def right(q):
    return next(o.label for o in q.options if o.correct)


def wrong(q):
    return next(o.label for o in q.options if not o.correct)


def shown(widget) -> list[str]:
    return [o["label"] for o in widget.input.options]


def browser_state(widget) -> str:
    """Everything the feedback box sends to the browser."""
    fb = widget.feedback
    return " ".join([fb.kind, fb.mark, fb.title, fb.message, fb.explanation, fb.note, *fb.hints])


def test_the_pre_test_saves_one_answer_and_says_nothing_about_it(progress_db):
    section = quiz.inventory("pre")
    assert isinstance(section, InventorySection) and section.bank_id == "inventory-pre"
    assert all(isinstance(w, BlindQuestion) for w in section.questions)
    assert len(section.questions) == 10
    first = section.questions[0]
    q = first.question
    first.input.selected = [shown(first).index(wrong(q))]
    first.save_button.click()
    said = browser_state(first)
    assert first.feedback.title == "Saved" and first.locked and first.save_button.disabled
    assert "Correct" not in said and "Not yet" not in said
    assert right(q) not in said and q.explanation.strip()[:30] not in said
    for feedback in (o.feedback for o in q.options):
        assert feedback not in said
    buttons = [c for box in first.children for c in getattr(box, "children", ())]
    assert [b.description for b in buttons] == ["Save"]  # no hint button
    # A second answer is not stored, and still says nothing about the first.
    first.save(right(q))
    assert "only the first answer counts" in first.feedback.note
    stored = ProgressStore(progress_db).attempts(learner="tester")
    assert [(a.bank, a.question, a.correct, a.response) for a in stored] == [
        ("inventory-pre", q.id, False, wrong(q))
    ]
    assert section.count_line.value.endswith("Answered 1 of 10</span>")
    # Reopened later: the answer is there, locked, with no verdict either.
    again = quiz.inventory("pre").questions[0]
    assert again.locked and again.feedback.title == "Saved earlier"
    assert again.view.response() == wrong(q)
    assert "Correct" not in browser_state(again) and "Not yet" not in browser_state(again)


def test_a_second_copy_of_the_pre_test_cannot_save_a_second_answer(progress_db):
    one, two = quiz.inventory("pre").questions[0], quiz.inventory("pre").questions[0]
    q = one.question
    one.save(wrong(q))
    two.save(right(q))  # built before the first answer was saved
    assert two.locked and two.feedback.title == "Saved earlier"
    assert two.view.response() == wrong(q)
    stored = ProgressStore(progress_db).attempts(learner="tester")
    assert [a.response for a in stored] == [wrong(q)]


def test_finishing_the_pre_test(progress_db):
    section = quiz.inventory("pre")
    for widget in section.questions:
        widget.save(right(widget.question))
    assert section.answered == 10 and "All 10 answers are saved" in section.summary.message
    assert "right" not in section.summary.message.split("saved")[0]


def test_options_are_shuffled_per_learner_reproducibly(progress_db):
    def order(learner, phase="pre"):
        return [shown(w) for w in InventorySection(phase, learner=learner, store=False).questions]

    assert order("ada") == order("ada")  # the same on every run
    others = [order(name) for name in ("bo", "cy", "dee")]
    assert any(o != order("ada") for o in others)  # not everyone sees the same
    assert order("ada", "post") != order("ada")  # the post-test reorders them
    for mine, q in zip(order("ada"), BANK, strict=True):
        assert sorted(mine) == sorted(q.labels())


def test_the_post_test_gives_feedback_after_one_answer(progress_db):
    section = quiz.inventory("post")
    widget = section.questions[1]
    assert isinstance(widget, QuestionWidget) and widget.bank_id == "inventory-post"
    q = widget.question
    assert q.max_attempts == 1 and BANK[q.id].max_attempts is None  # the bank is untouched
    widget.submit(wrong(q))
    assert widget.status == "out_of_attempts" and widget.submit_button.disabled
    assert widget.feedback.title.startswith("Not yet")
    assert right(q) in widget.feedback.explanation  # the right answer and why
    stored = ProgressStore(progress_db).attempts(learner="tester", bank="inventory-post")
    assert [(a.question, a.correct) for a in stored] == [(q.id, False)]
    for w in section.questions:
        if not w.done:
            w.submit(right(w.question))
    assert "You answered 9 of 10 right" in section.summary.message


def test_the_delayed_check_asks_the_banks_delayed_items(progress_db):
    section = quiz.inventory("delayed")
    assert [w.question.id for w in section.questions] == list(BANK.delayed_check)
    assert section.bank_id == "inventory-delayed"


def test_an_unknown_phase_is_one_sentence():
    with pytest.raises(PhaseError, match="unknown phase 'mid'; use 'pre'"):
        quiz.inventory("mid")
    with pytest.raises(PhaseError, match="lists no delayed_check items"):
        quiz.inventory("delayed", "example")
    assert phase_bank_id("inventory", "post") == "inventory-post"
    assert split_phase("inventory-post") == ("inventory", "post")
    assert split_phase("ab-cd") is None


def test_my_gain_compares_before_and_after(progress_db):
    empty = quiz.my_gain()
    assert isinstance(empty, GainTable)
    assert "not taken the pre-test" in empty.text()
    for w in quiz.inventory("pre").questions:
        w.save(wrong(w.question))
    middle = quiz.my_gain()
    assert "0 of 10 right" in middle.text() and "after the capstone" in middle.text()
    post = quiz.inventory("post").questions
    for i, w in enumerate(post):
        w.submit(right(w.question) if i < 7 else wrong(w.question))
    mine = quiz.my_gain()
    text = mine.text()
    assert "After it, 7 of 10" in text and "7 items right that you had wrong before" in text
    rows = mine.rows()
    assert rows[0][1:3] == ("✗ not yet", "✓ right") and rows[-1] == (
        "Total right",
        "0 of 10",
        "7 of 10",
        "–",
    )
    page = mine._repr_html_()
    assert "<table" in page and "a week later" in page.lower()
    assert "<script" not in page


def test_importing_the_quiz_stays_light():
    code = (
        "import sys, kit.quiz; kit.quiz.inventory; kit.quiz.my_gain; "
        "print(sorted(m for m in ('numpy', 'pandas', 'ipywidgets', 'kit.classroom') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
