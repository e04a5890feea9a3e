"""Numbers as people write them (issue 25, outcome 5): "1,500", "20 000", "12%"."""

from __future__ import annotations

import pytest

from kit import sim
from kit.explore import predict_then_reveal
from kit.quiz.grading import parse_number
from kit.quiz.questions import Numeric


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1,500", 1500.0),
        ("20,000", 20000.0),
        ("20 000", 20000.0),
        ("20\u202f000", 20000.0),  # a narrow no-break space, as some keyboards type it
        ("1'000", 1000.0),
        ("-3,000.5", -3000.5),
        ("1,234,567", 1234567.0),
        ("12%", 12.0),
        ("12 %", 12.0),
        ("2.5", 2.5),
        ("3.1e0", 3.1),
    ],
)
def test_thousands_and_per_cents_read_as_written(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["1,5", "1,50,0", "12,34", "1_500", "lots", "%"])
def test_ambiguous_or_unreadable_numbers_are_refused_in_one_sentence(typed):
    with pytest.raises(ValueError) as info:
        parse_number(typed)
    message = str(info.value)
    assert "\n" not in message and "22/7" not in message
    assert "1,500" in message  # says how to write one


def test_a_numeric_question_takes_thousands_and_per_cents():
    q = Numeric("How many followers?", answer=1500)
    assert q.grade("1,500").correct and q.grade("1 500").correct
    share = Numeric("What share of posts are ads, in per cent?", answer=20)
    assert share.grade("20%").correct and share.grade("20").correct


def test_a_prediction_takes_a_guess_written_with_a_comma():
    p = predict_then_reveal(
        "How many customers after 30 weeks?",
        sim.Scenario.preset("relationship", population=20_000, weeks=30, seed=1),
        "customers",
        question_id="numbers-as-written",
    )
    assert "20,000" in p.box.range_text
    feedback = p.commit("1,500")
    assert feedback.valid and p.guess == 1500.0
    assert p.box.message == "" and p.box.disabled
