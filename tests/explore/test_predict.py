"""Predict then reveal: graded through kit.quiz, stored in progress, answer shown."""

from __future__ import annotations

import pytest

from kit import sim
from kit.explore import predict_then_reveal
from kit.store import ProgressStore

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


def test_a_revealed_guess_is_drawn_measured_and_recorded(two):
    p = _crossover_question()
    week = sim.crossover(two, "customers")
    assert week is not None and p.answer == week
    assert p.result.children == ()  # nothing shown before the guess
    assert p.range == (1.0, 60.0) and p.box.range_text == "a week from 1 to 60"
    guess = week - 3
    feedback = p.commit(str(guess))  # within 4 weeks
    assert feedback.correct
    (attempt,) = ProgressStore().attempts(bank="predictions")
    assert (attempt.learner, attempt.question, attempt.response) == (
        "test-learner",
        "overtake-week",
        str(guess),
    )
    text = p.result.children[0].value
    assert "Your guess vs the simulation" in text
    assert f"week {guess}" in text and f"week {week}" in text and "3 weeks early" in text
    assert "What that tells you" in text
    # neutral: no marks, no points
    for word in ("✗", "✓", "point", "wrong", "Not close", "correct"):
        assert word not in text
    guess_line = [s for s in p.figure.layout.shapes if s.line.dash == "dash"]
    assert guess_line and guess_line[0].x0 == guess
    assert tuple(p.figure.layout.xaxis.range) == (1, 60)
    assert p.box.disabled and p.again.layout.display != "none"
    # revealed once: a later guess is neither shown nor stored
    p.commit(str(week))
    assert len(ProgressStore().attempts(bank="predictions")) == 1


def test_out_of_range_and_unreadable_guesses_are_refused_without_an_attempt():
    p = _crossover_question()
    for bad, words in (
        ("500", "beyond the run"),
        ("0", "before the run"),
        ("soon", "not a number"),
    ):
        feedback = p.commit(bad)
        assert not feedback.valid
        assert words in p.box.message and "from 1 to 60" in p.box.message
        assert p.result.children == () and not p.box.disabled
    assert ProgressStore().attempts() == []
    # the guess can be changed until Reveal: the next, valid one is the one revealed
    p.box.value = "20"
    p.box.value = "30"
    assert ProgressStore().attempts() == []
    p.commit(p.box.value)
    (attempt,) = ProgressStore().attempts()
    assert attempt.response == "30"


def test_a_wild_value_guess_keeps_the_axes_on_the_run():
    s = sim.Scenario.preset("relationship", **SMALL)
    p = predict_then_reveal("Customers after 60 weeks?", s, question_id="axes", store=False)
    assert p.range == (0.0, 2000.0)
    p.commit("1990")
    top = p.figure.layout.yaxis.range[1]
    assert top < 1990 or p.answer * 1.08 >= 1990
    assert "off this chart" in str(p.figure.layout.annotations) or top >= 1990
    assert "above" in p.result.children[0].value


def test_predict_again_on_a_new_run():
    p = _crossover_question()
    p.commit(str(p.answer))
    first_seed = p.seed
    p.new_run()
    assert p.seed != first_seed and p.result.children == () and not p.box.disabled
    assert p.box.value == "" and p.question_id.startswith("overtake-week.seed")
    p.commit(str(p.answer + 10))
    assert "10 weeks late" in p.result.children[0].value
    questions = [a.question for a in ProgressStore().attempts(bank="predictions")]
    assert questions == ["overtake-week", p.question_id]


def test_reopening_shows_the_earlier_prediction():
    _crossover_question().commit("50")
    again = _crossover_question()
    text = again.result.children[0].value
    assert "week 50" in text and "earlier session" in text and again.box.disabled


def test_the_lesson_can_say_what_a_guess_means():
    p = predict_then_reveal(
        PROMPT,
        sim.Scenario(**SMALL),
        strategies=["broadcast", "relationship"],
        answer="crossover",
        meaning={"low": "Trust takes time.", "high": "Ties paid off fast.", "close": "Yes."},
        store=False,
    )
    p.commit(str(p.answer - 20))
    assert "Trust takes time." in p.result.children[0].value


def test_final_value_question_uses_relative_tolerance():
    s = sim.Scenario.preset("relationship", **SMALL)
    p = predict_then_reveal("Customers after 60 weeks?", s, question_id="final", store=False)
    final = sim.simulate(s)["customers"].iloc[-1]
    assert p.answer == final
    assert p.commit(str(round(final * 1.08))).correct
    assert not predict_then_reveal("Again?", s, store=False).commit(str(final * 1.5)).correct
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


def _meaning(p) -> str:
    text = p.result.children[0].value
    return text.split("What that tells you:</b>", 1)[1]


def test_the_reveal_reads_the_direction_from_the_run():
    # Lesson 04's robot: every post an ad, so its followers fall. A guess below the result
    # means they fell less than the learner pictured, not that the run "went further".
    robot = sim.Scenario(strategy=(1, 0, 0), promo_share=1.0, **SMALL)
    frame = sim.simulate(robot)
    start, end = frame["followers"].iloc[0], frame["followers"].iloc[-1]
    assert end < start
    low = predict_then_reveal("Followers left?", robot, "followers", tolerance=1, store=False)
    low.commit("0" if end > 2 else str(end + 10))
    said = _meaning(low)
    if end > 2:
        assert "fell less than you expected" in said and "weaker" in said
    assert f"to {end:,.0f} in week 60" in said
    high = predict_then_reveal("Followers left?", robot, "followers", tolerance=1, store=False)
    high.commit(str(start))
    said = _meaning(high)
    assert "fell further than you expected" in said and "stronger" in said
    assert "went further" not in said and "rose" not in said
    # A metric that grows: a low guess means it rose further than pictured.
    grower = sim.Scenario.preset("relationship", **SMALL)
    up = predict_then_reveal("Customers?", grower, store=False)
    up.commit("0")
    said = _meaning(up)
    assert "rose further than you expected" in said and "stronger" in said
