"""The attempt state and the feedback box's words, without widgets (kit.quiz.state)."""

from __future__ import annotations

from types import SimpleNamespace

from kit.quiz.grading import Feedback
from kit.quiz.questions import MultiSelect, Numeric
from kit.quiz.state import AttemptState, present, restore

Q = Numeric("6 x 7?", answer=42, max_attempts=3, hints=["h1", "h2"], explanation="Six sevens.")


def attempt(correct: bool, score: float = 0.0):
    return SimpleNamespace(correct=correct, score=1.0 if correct else score)


def test_hints_only_when_asked_and_out_of_attempts():
    state = AttemptState()
    for n, status in [(1, "incorrect"), (2, "incorrect"), (3, "out_of_attempts")]:
        state = state.after(Q, Q.grade("41"))
        assert (state.attempts, state.status) == (n, status)
    assert state.hints_shown == 0 and state.done and state.attempts_left(Q) == 0
    asked = AttemptState().with_hint(Q).after(Q, Q.grade("41"))
    assert asked.hints_shown == 1  # a hint asked for stays shown


def test_right_answer_keeps_the_best_score_and_is_done():
    q = MultiSelect("Pick", options=["a", "b", "c"], answers=["a", "b"])
    state = AttemptState().after(q, q.grade(["a"]))
    assert state.score == 0.5 and state.status == "incorrect"
    state = state.after(q, q.grade(["a", "b"]))
    assert state.score == 1.0 and state.status == "correct" and state.done
    assert AttemptState().attempts_left(q) is None


def test_with_hint_stops_at_the_last_hint():
    state = AttemptState().with_hint(Q).with_hint(Q)
    assert state.hints_shown == 2 and state.with_hint(Q) == state


def test_restore_matches_what_the_attempts_would_have_given():
    past = [attempt(False), attempt(False)]
    live = AttemptState().after(Q, Q.grade("1")).after(Q, Q.grade("2"))
    assert restore(Q, past) == live
    assert restore(Q, [attempt(False), attempt(True)]).status == "correct"
    assert restore(Q, [attempt(False)] * 3).status == "out_of_attempts"
    assert restore(Q, []) == AttemptState()


def test_present_says_it_in_marks_and_words():
    wrong = present(Q, AttemptState(1, "incorrect", 0.0, 1), Q.grade("41"))
    assert (wrong.kind, wrong.mark, wrong.title) == ("incorrect", "✗", "Not yet")
    assert wrong.hints == () and wrong.explanation == ""  # hints sit by their button
    assert wrong.note == "Attempt 1 of 3. Try again. Stuck? Show a hint (1 left)."
    right = present(Q, AttemptState(2, "correct", 1.0, 1), Q.grade("42"))
    assert (right.kind, right.mark, right.message) == ("correct", "✓", "")
    assert right.explanation == "Six sevens." and right.note == "Attempt 2 of 3."
    partial = present(Q, AttemptState(1, "incorrect", 0.5), Feedback(False, 0.5, "Half."))
    assert (partial.mark, partial.title) == ("◐", "Partly right (50%)")
    last = present(Q, AttemptState(3, "out_of_attempts"), Q.grade("1"), store_error="No db.")
    assert last.title == "Not yet (no attempts left)" and last.note.endswith("No db.")
    # after the last attempt the explanation says why, starting with the answer
    why = present(Q, AttemptState(3, "out_of_attempts"), Q.grade("1"), answer="42")
    assert why.explanation == "The answer: 42. Why: Six sevens."
    unreadable = present(Q, AttemptState(), Q.grade("abc"), counted=False)
    assert (unreadable.kind, unreadable.title, unreadable.note) == ("info", "Check your answer", "")
    reworded = present(
        Q, AttemptState(1, "correct", 1.0), Q.grade("42"), titles={"correct": "Close"}
    )
    assert reworded.title == "Close"
