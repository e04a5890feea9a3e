"""Grading of every question type, in plain Python."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.quiz import (
    Feedback,
    FreeText,
    Matching,
    MultiSelect,
    Numeric,
    NumericAnswer,
    Option,
    Ordering,
    SingleChoice,
)
from kit.quiz.questions import parse_number, permutation, similarity, to_precision

TRUST = SingleChoice(
    "Which activity builds trust fastest?",
    options=["Posting daily", "Replying to each comment", "Buying followers"],
    answer="Replying to each comment",
    feedback={"Buying followers": "Bought followers never talk to you."},
    default_feedback="Think about conversations.",
    id="trust",
)
TRAITS = MultiSelect(
    "Networking is...",
    options=["two-way", "one-to-many", "personal", "about reach"],
    answers=["two-way", "personal"],
    feedback={"about reach": "Reach is media."},
)
REACH = Numeric("3% of 2000?", answer=60)
TOL = Numeric("About 100?", answer=100, tolerance=0.5)
REL = Numeric("About 1000?", answer=1000, rel_tolerance=0.01)
PI = Numeric("pi?", answer=3.14, sig_figs=3)
TERM = FreeText(
    "Two-way online activity?",
    answers=["social networking", {"text": "social media", "correct": False, "feedback": "No."}],
    regex=[r"net-?working"],
    fuzzy_threshold=0.85,
)
FUNNEL = Ordering("Order", items=["see", "follow", "talk", "trust"])
FUNNEL_POS = Ordering("Order", items=["see", "follow", "talk", "trust"], scoring="position")
FUNNEL_ALL = Ordering("Order", items=["see", "follow", "talk", "trust"], scoring="all_or_nothing")
MATCH = Matching(
    "Match",
    pairs={"follower": "one-way", "friend": "two-way", "fan": "admires"},
    distractors=["pays"],
    feedback={"friend": "Friends talk both ways."},
)
ALL = [TRUST, TRAITS, REACH, TOL, REL, PI, TERM, FUNNEL, FUNNEL_POS, FUNNEL_ALL, MATCH]


def test_single_choice():
    assert TRUST.grade("Replying to each comment") == Feedback(True, 1.0, "Correct!")
    assert TRUST.grade("Buying followers").message == "Bought followers never talk to you."
    assert TRUST.grade("Posting daily").message == "Think about conversations."
    assert TRUST.grade(["Replying to each comment"]).correct
    unknown = TRUST.grade("Something else")
    assert not unknown.valid and "not one of the options" in unknown.message
    assert not TRUST.grade(None).valid


def test_single_choice_needs_a_right_option():
    with pytest.raises(ValueError, match="not one of the options"):
        SingleChoice("q", options=["a", "b"], answer="c")
    with pytest.raises(ValueError, match="no option is marked correct"):
        SingleChoice("q", options=["a", "b"])
    with pytest.raises(ValueError, match="appears twice"):
        SingleChoice("q", options=["a", "a"], answer="a")


def test_multi_select_partial_credit():
    assert TRAITS.grade(["two-way", "personal"]).correct
    assert TRAITS.grade(["personal", "two-way"]).score == 1.0
    half = TRAITS.grade(["two-way"])
    assert (half.correct, half.score) == (False, 0.5)
    # Right picks minus wrong picks, over the number of right options, floored at 0.
    assert TRAITS.grade(["two-way", "personal", "about reach"]).score == 0.5
    assert TRAITS.grade(["two-way", "one-to-many"]).score == 0.0
    assert TRAITS.grade(["one-to-many", "about reach"]).score == 0.0
    assert "Reach is media." in TRAITS.grade(["about reach"]).message
    assert not TRAITS.grade([]).valid
    strict = MultiSelect("q", options=["a", "b", "c"], answers=["a", "b"], partial_credit=False)
    assert strict.grade(["a"]).score == 0.0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (" 42 ", 42.0),
        ("22/7", 22 / 7),
        ("3.1e0", 3.1),
        ("-1.5", -1.5),
        ("\u22122", -2.0),
        ("+7", 7.0),
        (5, 5.0),
        ("1 000", 1000.0),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1/0", "nan", "inf", "1/2/3", True, None, [1]])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError, match="number|fraction"):
        parse_number(text)


def test_numeric_exact_tolerance_and_relative():
    assert (
        REACH.grade("60").correct and REACH.grade(" 6e1 ").correct and REACH.grade("120/2").correct
    )
    assert not REACH.grade("61").correct
    assert (
        TOL.grade("100.5").correct and TOL.grade("99.5").correct and not TOL.grade("100.6").correct
    )
    assert REL.grade("1010").correct and not REL.grade("1011").correct
    bad = REACH.grade("sixty")
    assert not bad.valid and "not a number" in bad.message


def test_numeric_sig_figs_round_like_javascript():
    assert PI.grade("3.14159").correct
    assert PI.grade("22/7").correct
    assert not PI.grade("3.15").correct
    assert to_precision(2.5, 1) == 3.0  # JavaScript rounds half away from zero
    assert to_precision(-2.5, 1) == -3.0
    assert to_precision(0.000123456, 3) == 0.000123
    assert to_precision(9.995, 3) == 9.99  # 9.995 is stored as 9.99499999...
    assert to_precision(99999, 2) == 100000


def test_numeric_ranges_are_half_open_and_first_match_wins():
    q = Numeric(
        "x",
        answers=[
            NumericAnswer("range", range=(0, 10), correct=False, feedback="too small"),
            NumericAnswer("range", range=(10, 20), feedback="ok"),
            NumericAnswer("value", value=15, correct=False, feedback="never reached"),
            NumericAnswer("default", feedback="way off"),
        ],
    )
    assert q.grade("10").message == "ok"
    assert q.grade("9.999").message == "too small"
    assert q.grade("15").message == "ok"
    assert q.grade("20").message == "way off"
    assert not q.grade("20").correct


def test_text_normalisation_regex_and_fuzzy():
    assert TERM.grade("  Social   NETWORKING ").correct
    assert TERM.grade("social netwrking").correct  # similarity 16/17 >= 0.85
    assert not TERM.grade("social notwerks").correct
    assert TERM.grade("social media").message == "No."
    assert TERM.grade("Net-working").correct
    assert not TERM.grade("   ").valid
    case = FreeText("q", answers=["SoMe"], match_case=True)
    assert case.grade("SoMe").correct and not case.grade("some").correct


def test_similarity_is_jupyterquiz_definition():
    assert similarity("abc", "abc") == 1.0
    assert similarity("", "") == 1.0
    assert similarity("kitten", "sitting") == pytest.approx(1 - 3 / 7)


def test_ordering_scoring_rules():
    right = ["see", "follow", "talk", "trust"]
    assert FUNNEL.grade(right).correct
    swapped = ["see", "follow", "trust", "talk"]
    assert FUNNEL.grade(swapped).score == pytest.approx(5 / 6)  # 5 of 6 pairs in order
    assert FUNNEL_POS.grade(swapped).score == 0.5  # 2 of 4 in place
    assert FUNNEL_ALL.grade(swapped).score == 0.0
    assert FUNNEL.grade(list(reversed(right))).score == 0.0
    assert not FUNNEL.grade(["see", "see", "talk", "trust"]).valid
    assert not FUNNEL.grade("see").valid


def test_ordering_is_never_shown_in_order():
    for seed in map(str, range(200)):
        order = FUNNEL.display_order(seed)
        assert sorted(order) == [0, 1, 2, 3] and order != [0, 1, 2, 3]
    two = Ordering("o", items=["a", "b"])
    assert all(two.display_order(str(s)) == [1, 0] for s in range(20))


def test_matching():
    right = {"follower": "one-way", "friend": "two-way", "fan": "admires"}
    assert MATCH.grade(right).correct
    one_wrong = {**right, "friend": "pays"}
    fb = MATCH.grade(one_wrong)
    assert fb.score == pytest.approx(2 / 3) and "Friends talk both ways." in fb.message
    assert MATCH.grade({}).score == 0.0 and MATCH.grade({}).valid
    assert not MATCH.grade({"stranger": "one-way"}).valid
    assert MATCH.labels() == ["one-way", "two-way", "admires", "pays"]
    with pytest.raises(ValueError, match="distractor"):
        Matching("m", pairs={"a": "x", "b": "y"}, distractors=["x"])


def test_code_only_options_are_named_by_their_code():
    q = SingleChoice(
        "Append 3?",
        options=[Option(code="mylist+=3"), Option(code="mylist+=[3]", correct=True)],
    )
    assert q.labels() == ["mylist+=3", "mylist+=[3]"]
    assert q.grade("mylist+=[3]").correct


def test_shuffling_is_seeded_and_can_be_switched_off():
    assert TRUST.display_order("a") == TRUST.display_order("a")
    orders = {tuple(permutation(5, f"seed{i}")) for i in range(30)}
    assert len(orders) > 5
    fixed = SingleChoice("q", options=["a", "b", "c"], answer="a", shuffle=False)
    assert fixed.display_order("anything") == [0, 1, 2]


def test_inline_ids_are_stable_and_validated():
    assert (
        SingleChoice("Same prompt", ["a", "b"], "a").id
        == SingleChoice("Same prompt", ["a", "b"], "b").id
    )
    with pytest.raises(ValueError, match="id"):
        SingleChoice("q", ["a", "b"], "a", id="has space")
    with pytest.raises(ValueError, match="points"):
        SingleChoice("q", ["a", "b"], "a", points=0)
    with pytest.raises(ValueError, match="max_attempts"):
        SingleChoice("q", ["a", "b"], "a", max_attempts=0)


responses = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["see", "two-way", "60", "22/7", "1e400", "-0", "social networking"]),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(response=responses)
def test_any_response_gets_feedback(response):
    for question in ALL:
        fb = question.grade(response)
        assert isinstance(fb, Feedback)
        assert 0.0 <= fb.score <= 1.0
        assert isinstance(fb.message, str) and fb.message
        assert fb.correct == (fb.score == 1.0) or not fb.valid


@settings(max_examples=100, deadline=None)
@given(picks=st.lists(st.sampled_from(["two-way", "one-to-many", "personal", "about reach"])))
def test_multi_select_score_bounds(picks):
    fb = TRAITS.grade(picks)
    if picks:
        assert 0.0 <= fb.score <= 1.0 and fb.correct == (set(picks) == {"two-way", "personal"})


@settings(max_examples=100, deadline=None)
@given(order=st.permutations(["see", "follow", "talk", "trust"]))
def test_ordering_scores_are_consistent(order):
    pair, pos = FUNNEL.grade(order), FUNNEL_POS.grade(order)
    assert pair.correct == pos.correct == (order == ["see", "follow", "talk", "trust"])
    assert 0 <= pair.score <= 1 and 0 <= pos.score <= 1
