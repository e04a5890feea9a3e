"""Quiz state is one truth (issue 25, outcome 9): a question answered in a lesson counts in
"Check your understanding" in the same run, and the hint line agrees with the hint button."""

from __future__ import annotations

from kit import quiz
from kit.quiz.questions import Numeric
from kit.quiz.widgets import QuestionWidget


def test_an_answer_in_the_lesson_counts_in_the_section_built_before_it():
    section = quiz.ask_all("example")  # Run All builds it before the learner answers
    single = quiz.ask("example", "reach-share")  # a numeric question, answer 60
    assert "answered 0 of" in section.score_line.value
    (twin,) = [qw for qw in section.questions if qw.question.id == "reach-share"]
    assert single.submit("1,000").valid
    assert twin.attempts == single.attempts == 1
    assert twin.status == single.status
    assert "answered 1 of" in section.score_line.value
    assert "another copy of this question" in twin.feedback.note
    # and the other way round: the section's answer counts in the lesson's widget
    right = twin.submit("60")
    assert right.correct and single.status == "correct" and single.attempts == 2
    assert single.submit_button.disabled


def test_the_hint_line_follows_the_hints_shown_and_start_again_resets_them():
    q = Numeric("6 x 7?", answer=42, hints=["think of 7 x 6"], id="six-seven")
    widget = QuestionWidget(q, bank_id="inline-hints")
    widget.submit("41")
    assert "Stuck? Show a hint (1 left)." in widget.feedback.note
    widget.show_hint()
    assert widget.hint_button.description == "No more hints" and widget.hint_button.disabled
    assert "Show a hint" not in widget.feedback.note  # no "(1 left)" beside "No more hints"
    widget.start_again()
    assert widget.hints_shown == 0 and widget.hint_button.description == "Show a hint (1 left)"
    assert widget.hints.value == ""


def test_widgets_stored_nowhere_stay_on_their_own():
    a = quiz.ask("example", "reach-share", store=False)
    b = quiz.ask("example", "reach-share", store=False)
    a.submit("1")
    assert a.attempts == 1 and b.attempts == 0


def test_after_a_restart_the_hint_line_starts_fresh_with_the_right_count():
    """Issue 25 (outcome 9's last part): a restart forgets the hints shown, keeps the
    attempts; re-run, the question says 'Stuck? Show a hint (N left)' with all N hints
    left, beside a button saying the same, consistent with the restored attempts."""
    import kit.quiz.widgets as widgets
    from kit.store import ProgressStore

    q = Numeric("6 x 7?", answer=42, hints=["six sevens", "seven sixes"], id="restart-hints")
    store = ProgressStore()
    first = QuestionWidget(q, bank_id="inline-restart", store=store)
    first.submit("41")
    first.show_hint()
    assert "Stuck? Show a hint (1 left)." in first.feedback.note
    # the restart: a new kernel has none of the old widgets and links (and a fresh store)
    widgets._TWINS.clear()
    again = QuestionWidget(q, bank_id="inline-restart", store=ProgressStore())
    assert again.attempts == 1 and again.status == "incorrect"  # progress restored
    assert again.hints_shown == 0 and again.hints.value == ""
    assert again.hint_button.description == "Show a hint (2 left)"
    assert not again.hint_button.disabled
    assert "Restored from your earlier session." in again.feedback.note
    assert "Stuck? Show a hint (2 left)." in again.feedback.note
    again.show_hint()
    assert "Stuck? Show a hint (1 left)." in again.feedback.note
    assert again.hint_button.description == "Show a hint (1 left)"
    # the same question built again in the new kernel (Run All's section) agrees
    twin = QuestionWidget(q, bank_id="inline-restart", store=again.store)
    assert twin.hint_button.description == "Show a hint (2 left)"  # its own hints
    assert "Stuck? Show a hint (2 left)." in twin.feedback.note
