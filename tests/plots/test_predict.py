"""Predict then reveal: graded through kit.quiz, stored in progress, answer shown."""

from __future__ import annotations

import pytest

from kit import plots, sim
from kit.explore import predict_then_reveal
from kit.quiz.progress import ProgressStore

from .conftest import SMALL

PROMPT = "In which week does relationship overtake broadcast?"


def _crossover_question(**kwargs):
    return predict_then_reveal(
        PROMPT,
        sim.Scenario(**SMALL),
        "customers",
        strategies=["broadcast", "relationship"],
        answer="crossover",
        question_id="overtake-week",
        **kwargs,
    )


def test_prediction_is_graded_by_tolerance_and_recorded(two):
    p = _crossover_question()
    week = plots.crossover(two, "customers")
    assert week is not None and p.answer == week
    assert p.reveal.children == ()  # nothing shown before the guess
    guess = week - 3
    feedback = p.commit(str(guess))  # within 4 weeks
    assert feedback.correct and feedback.score == 1.0
    (attempt,) = ProgressStore().attempts(bank="predictions")
    assert (attempt.learner, attempt.question, attempt.response) == (
        "test-learner",
        "overtake-week",
        str(guess),
    )
    assert attempt.correct
    text = p.reveal.children[0].value
    assert f"week {guess}" in text and f"week {week}" in text
    guess_line = [s for s in p.figure.layout.shapes if s.line.dash == "dash"]
    assert guess_line and guess_line[0].x0 == guess
    # one commit only: a second try is neither counted nor stored
    p.commit(str(week))
    assert len(ProgressStore().attempts(bank="predictions")) == 1


def test_a_wrong_prediction_is_recorded_as_wrong():
    p = _crossover_question()
    assert not p.commit(str(p.answer - 15)).correct
    (attempt,) = ProgressStore().attempts(question="overtake-week")
    assert not attempt.correct and attempt.score == 0.0
    # worded as a prediction, not as a quiz the learner can retry
    assert (p.quiz.feedback.mark, p.quiz.feedback.title) == ("✗", "Not close")


def test_an_unreadable_guess_is_not_an_attempt():
    p = _crossover_question()
    assert not p.commit("soon").valid
    assert ProgressStore().attempts() == []
    assert p.reveal.children == ()


def test_reopening_shows_the_earlier_prediction():
    _crossover_question().commit("50")
    again = _crossover_question()
    assert again.reveal.children and "week 50" in again.reveal.children[0].value


def test_final_value_question_uses_relative_tolerance():
    s = sim.Scenario.preset("relationship", **SMALL)
    p = predict_then_reveal("Customers after 60 weeks?", s, question_id="final", store=False)
    final = sim.simulate(s)["customers"].iloc[-1]
    assert p.answer == final
    assert p.commit(str(round(final * 1.08))).correct
    assert not predict_then_reveal("Again?", s, store=False).commit(str(final * 2)).correct
    custom = predict_then_reveal(
        "Peak weekly sales?",
        s,
        "new_customers",
        answer=lambda df: df["new_customers"].max(),
        tolerance=1,
        store=False,
    )
    assert custom.answer == sim.simulate(s)["new_customers"].max()


def test_ill_posed_questions_fail_at_construction():
    with pytest.raises(ValueError, match="neither strategy overtakes"):
        predict_then_reveal(
            PROMPT,
            sim.Scenario(population=2_000, weeks=5, seed=0),
            "customers",
            strategies=["broadcast", "acquainting"],
            answer="crossover",
            store=False,
        )
    with pytest.raises(ValueError, match="'final' needs a single strategy"):
        predict_then_reveal(
            PROMPT, sim.Scenario(**SMALL), strategies=["broadcast", "balanced"], store=False
        )
    with pytest.raises(ValueError, match="answer: 'soon' is not known"):
        predict_then_reveal(PROMPT, sim.Scenario(**SMALL), answer="soon", store=False)
