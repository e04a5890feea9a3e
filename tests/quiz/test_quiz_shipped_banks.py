"""The shipped banks test thinking, not recall or answer length (issue 22, outcomes 1 and 4)."""

from __future__ import annotations

import pytest

from kit.data import data_path
from kit.quiz import load_bank
from kit.quiz.profile import profile
from kit.quiz.schema import BLOOM_LEVELS

LESSONS = [f"{n:02d}" for n in range(7)]
SHIPPED = [*LESSONS, "inventory"]


def banks(ids=SHIPPED):
    return [load_bank(data_path("quizzes", f"{bank_id}.yaml")) for bank_id in ids]


@pytest.mark.parametrize("bank_id", SHIPPED)
def test_every_question_has_a_bloom_level(bank_id):
    [bank] = banks([bank_id])
    assert profile(bank).untagged == ()
    assert all(bank.info(q.id).bloom in BLOOM_LEVELS for q in bank)


@pytest.mark.parametrize("bank_id", LESSONS)
def test_at_least_half_of_each_lesson_bank_is_at_apply_or_above(bank_id):
    [bank] = banks([bank_id])
    p = profile(bank)
    assert 2 * p.higher_order >= p.n_questions, dict(p.bloom)


@pytest.mark.parametrize("bank_id", LESSONS[1:])
def test_each_lesson_bank_asks_two_earlier_ideas_again(bank_id):
    [bank] = banks([bank_id])
    revisiting = [q.id for q in bank if bank.info(q.id).revisits]
    assert len(revisiting) >= 2, revisiting
    for q in bank:
        for earlier in bank.info(q.id).revisits:
            assert earlier in LESSONS and earlier < bank_id, (q.id, earlier)


@pytest.mark.parametrize("bank_id", SHIPPED)
def test_every_distractor_of_a_choice_question_names_its_misconception(bank_id):
    [bank] = banks([bank_id])
    for q in bank:
        if q.type in ("single", "multi"):
            named = bank.info(q.id).misconceptions
            wrong = [o.label for o in q.options if not o.correct]
            assert set(wrong) == set(named), (q.id, set(wrong) - set(named))


def test_right_answers_are_not_given_away_by_their_length():
    profiles = [profile(bank) for bank in banks()]
    singles = sum(p.n_single for p in profiles)
    longest = sum(p.right_longest for p in profiles)
    shortest = sum(p.right_shortest for p in profiles)
    assert singles >= 40
    # at most a third strictly longest (in 29 of 35 before issue 22), nor the reverse cue
    assert 3 * longest <= singles, (longest, singles)
    assert 3 * shortest <= singles, (shortest, singles)
    assert [cue for p in profiles for cue in p.cues] == []


def test_items_that_asked_to_recall_model_output_are_gone():
    ids = {q.id for bank in banks(LESSONS) for q in bank}
    recalled = {"customers-order", "crossover-week", "blend-order", "first-sim-crossover"}
    assert ids & recalled == set()


def test_lesson_00_asks_more_about_ideas_than_about_the_tool():
    [bank] = banks(["00"])
    tool = {"where-graded", "after-restart", "same-seed", "predict-steps"}
    assert tool <= set(bank.ids)
    assert len(bank) - len(tool) > len(tool)


def test_the_concept_inventory():
    [bank] = banks(["inventory"])
    assert 8 <= len(bank) <= 12
    assert 4 <= len(bank.delayed_check) <= 5
    assert set(bank.delayed_check) <= set(bank.ids)
    named = {m for q in bank for m in bank.info(q.id).misconceptions.values()}
    targets = {
        "followers are customers",
        "more reach means more sales",
        "one run is the answer",
        "the model's answer is a fact about the world",
        "relationship always wins",
        "trust builds as fast as awareness",
    }
    assert targets <= named
    # the lessons use the same names, so pre/post and item analysis can join them
    lesson_names = {
        m for bank in banks(LESSONS) for q in bank for m in bank.info(q.id).misconceptions.values()
    }
    assert targets <= lesson_names
