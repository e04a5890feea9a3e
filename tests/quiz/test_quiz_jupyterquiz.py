"""jupyterquiz interop: its real files graded as jupyterquiz grades them, and round trips."""

from __future__ import annotations

import json

import pytest

from kit.errors import KitError
from kit.quiz import (
    BankError,
    FreeText,
    Matching,
    MultiSelect,
    Numeric,
    SingleChoice,
    export_jupyterquiz,
    load_bank,
    to_jupyterquiz,
)

PI_AREA = "$\\pi$ is the AREA of a circle of radius 1. Try again."
PI_DEFAULT = "$\\pi$ is the area of a circle of radius 1. Try again."
PI_22_7 = "True to 2 decimal places, but you know $\\pi$ is not really 22/7, right?"
FOUR = [
    "Text and graphics output from Python",
    "Typeset mathematics",
    "Python executable code",
    "Formatted text",
]

#: (question id, response, correct, message) as jupyterquiz shows them.
EXPECTED = [
    ("q1", FOUR, True, "Correct. [4/4]"),  # many mode: last feedback + counter
    ("q1", FOUR[:3], False, None),
    ("q1", [*FOUR, "Live snakes via Python"], False, None),
    ("q2", FOUR, True, None),
    ("q3", "Markdown", True, "Correct."),
    ("q3", "SVG", False, "False."),
    ("q4", "3.14", True, "Correct."),
    ("q4", "22/7", True, PI_22_7),  # 3.142857142... falls in [3.142857, 3.142858)
    ("q4", "3.142858", False, PI_DEFAULT),  # ranges are half-open
    ("q4", "3.1416", False, PI_DEFAULT),
    ("q4", "-1", False, PI_AREA),
    ("q4", "0", False, PI_DEFAULT),
    ("q4", " 3.14 ", True, "Correct."),
    ("q5", "22/7", True, "Correct."),  # precision 3 rounds 3.142857 to 3.14 first
    ("q5", "3.1416", True, "Correct."),
    ("q5", "3.145", False, PI_DEFAULT),  # toPrecision(3) gives 3.15
    ("q5", "-5", False, PI_AREA),
    ("q6", "12", True, 'Yes. The + operator will concatenate the strings "1" and "2".'),
    ("q6", "3", False, "No. When strings are operated on by +, they are concatenated."),
    ("q7", "mylist+=[3]", True, "Correct!"),
    ("q7", "mylist+=3", False, "Incorrect -- try again."),
    ("q8", "$\\pi$", True, "Correct."),
    (
        "q8",
        "$\\tau$",
        False,
        "True for the ratio of the circle's circumference to its radius, not diameter.",
    ),
]


@pytest.fixture
def jq_bank(interop):
    return load_bank(interop / "questions.json")


def test_types_ids_and_fields(jq_bank, interop):
    raw = json.loads((interop / "questions.json").read_text())
    assert jq_bank.format == "jupyterquiz"
    assert jq_bank.ids == [f"q{i}" for i in range(1, len(raw) + 1)]
    kinds = {"multiple_choice": SingleChoice, "many_choice": MultiSelect, "numeric": Numeric}
    for q, item in zip(jq_bank.questions, raw, strict=True):
        assert isinstance(q, kinds[item["type"]])
        assert q.prompt == item["question"]
    assert jq_bank["q2"].extra["answer_cols"] == 4
    assert jq_bank["q5"].sig_figs == 3
    assert jq_bank["q6"].code == 'a="1"\nb="2"\nprint(a+b)'
    assert jq_bank["q7"].labels() == ["mylist+=3", "mylist+=[3]", "mylist+={3}"]


@pytest.mark.parametrize(("qid", "response", "correct", "message"), EXPECTED)
def test_graded_as_jupyterquiz(jq_bank, qid, response, correct, message):
    fb = jq_bank[qid].grade(response)
    assert fb.valid and fb.correct is correct
    if message is not None:
        assert fb.message == message


def test_single_choice_first_click_shows_that_answers_feedback(jq_bank, interop):
    raw = json.loads((interop / "questions.json").read_text())[2]
    for answer in raw["answers"]:
        fb = jq_bank["q3"].grade(answer["answer"])
        assert (fb.correct, fb.message) == (answer["correct"], answer["feedback"])


def test_round_trip_grades_identically(jq_bank, tmp_path):
    out = export_jupyterquiz(jq_bank, tmp_path / "out.json")
    again = load_bank(out)
    assert again.ids == jq_bank.ids
    for qid, response, *_ in EXPECTED:
        assert again[qid].grade(response) == jq_bank[qid].grade(response), (qid, response)
    for q in jq_bank:
        for label in q.labels():
            assert again[q.id].grade(label) == q.grade(label)
    # Export of the re-import is byte-for-byte stable.
    assert to_jupyterquiz(again) == to_jupyterquiz(jq_bank)
    exported = json.loads(out.read_text())
    assert exported[1]["answer_cols"] == 4
    assert exported[4]["precision"] == 3
    assert exported[6]["answers"][1] == {"code": "mylist+=[3]", "correct": True}
    assert [a["type"] for a in exported[3]["answers"]] == ["value", "range", "range", "default"]


def test_export_follows_jupyterquiz_schemas(jq_bank, interop):
    jsonschema = pytest.importorskip("jsonschema")
    schemas = {
        "multiple_choice": json.loads((interop / "mc_schema.json").read_text()),
        "many_choice": json.loads((interop / "mc_schema.json").read_text()),
        "numeric": json.loads((interop / "num_schema.json").read_text()),
        "string": json.loads((interop / "string_schema.json").read_text()),
    }
    raw = json.loads((interop / "questions.json").read_text())
    for original, exported in zip(raw, to_jupyterquiz(jq_bank), strict=True):
        schema = schemas[exported["type"]]
        if jsonschema.Draft202012Validator(schema).is_valid(original):
            jsonschema.validate(exported, schema)


STRING_QUIZ = [
    {
        "question": "Which platform type is about relationships?",
        "type": "string",
        "input_width": 20,
        "answers": [
            {
                "type": "string",
                "answer": "Networking",
                "correct": True,
                "feedback": "Yes",
                "match_case": True,
            },
            {
                "type": "string",
                "answer": "social networking",
                "correct": True,
                "feedback": "Yes!",
                "fuzzy_threshold": 0.8,
            },
            {"type": "string", "answer": "media", "correct": False, "feedback": "Other side"},
            {"type": "default", "feedback": "Think of relationships."},
        ],
    }
]


def test_string_questions_grade_as_jupyterquiz(tmp_path):
    path = tmp_path / "strings.json"
    path.write_text(json.dumps(STRING_QUIZ))
    q = load_bank(path)["q1"]
    assert isinstance(q, FreeText)
    cases = {
        "  Networking ": (True, "Yes"),  # input is trimmed
        "networking": (False, "Think of relationships."),  # match_case
        "SOCIAL NETWORKING": (True, "Yes!"),  # case-insensitive by default
        "social netwrking": (True, "(Fuzzy) Yes!"),  # similarity 16/17 >= 0.8
        "social  networking": (True, "(Fuzzy) Yes!"),  # no whitespace folding; fuzzy
        "social   nets": (False, "Think of relationships."),
        "MEDIA": (False, "Other side"),
    }
    for response, (correct, message) in cases.items():
        fb = q.grade(response)
        assert (fb.correct, fb.message) == (correct, message), response
    again = to_jupyterquiz(load_bank(path))
    assert again[0]["input_width"] == 20
    assert again == to_jupyterquiz([q])
    assert again[0]["answers"] == STRING_QUIZ[0]["answers"]


def test_export_refuses_what_jupyterquiz_cannot_show():
    match = Matching("m", pairs={"a": "x", "b": "y"})
    regex = FreeText("t", regex=["ab+"])
    with pytest.raises(KitError, match="matching question"):
        to_jupyterquiz([match])
    with pytest.raises(KitError, match="regex"):
        to_jupyterquiz([regex])
    assert (
        to_jupyterquiz([match, Numeric("n", answer=1)], skip_unsupported=True)[0]["type"]
        == "numeric"
    )


def test_tolerance_exports_as_a_range():
    [out] = to_jupyterquiz([Numeric("n", answer=10, tolerance=0.5, default_feedback="no")])
    assert out["answers"] == [
        {"type": "range", "range": [9.5, 10.5], "correct": True},
        {"type": "default", "feedback": "no"},
    ]


def test_broken_jupyterquiz_file_reports_question_ids(tmp_path):
    bad = [
        {"question": "ok?", "type": "multiple_choice", "answers": [{"answer": "a"}]},
        {"question": "n?", "type": "numeric", "answers": [{"type": "value", "value": "x"}]},
        {"question": "t?", "type": "essay", "answers": []},
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, indent=2))
    with pytest.raises(BankError) as info:
        load_bank(path)
    text = str(info.value)
    assert "question 'q1': answers[0] needs 'correct'" in text
    assert "question 'q2': answers[0].value must be a number" in text
    assert "question 'q3': type must be one of" in text
    assert all(issue.line for issue in info.value.issues)


# --------------------------------------------------------------------------- quirks
# Each case below comes from reading jupyterquiz's js/numeric.js (check_numeric, isValid),
# js/string.js (check_string) and js/multiple_choice.js (check_mc, make_mc).


def _one(tmp_path, question: dict):
    path = tmp_path / "one.json"
    path.write_text(json.dumps([{"question": "?", **question}]))
    return load_bank(path)["q1"]


def _num(tmp_path, answers, **more):
    return _one(tmp_path, {"type": "numeric", "answers": answers, **more})


def _str(tmp_path, answers):
    return _one(tmp_path, {"type": "string", "answers": answers})


def _mc(tmp_path, answers, kind="multiple_choice"):
    return _one(tmp_path, {"type": kind, "answers": answers})


def _graded(q, response):
    fb = q.grade(response)
    return fb.correct, fb.message


@pytest.mark.parametrize(
    ("digits", "value", "response", "correct"),
    [
        (3, 3.14, "3.14159", True),  # the response is rounded: 3.14159 -> 3.14
        (3, 3.14159, "3.14", True),  # the value is rounded too: 3.14159 -> "3.14"
        (3, 3.14, "3.145", False),  # 3.145 -> 3.15 (its binary value is just above)
        (1, 3, "2.5", True),  # half away from zero: 2.5 -> 3
        (1, -3, "-2.5", True),  # -2.5 -> -3
        (2, 12000, "12345", True),  # 12345 -> "1.2e+4"
    ],
)
def test_numeric_precision_rounds_response_and_value(tmp_path, digits, value, response, correct):
    answers = [{"type": "value", "value": value, "correct": True}]
    assert _num(tmp_path, answers, precision=digits).grade(response).correct is correct


def test_numeric_precision_does_not_round_range_bounds(tmp_path):
    answers = [{"type": "range", "range": [3.0, 3.1], "correct": True, "feedback": "in"}]
    assert _num(tmp_path, answers).grade("3.08").correct
    # With precision 2, 3.08 becomes 3.1, and the range [3.0, 3.1) excludes 3.1.
    assert not _num(tmp_path, answers, precision=2).grade("3.08").correct


def test_numeric_range_is_half_open(tmp_path):
    q = _num(tmp_path, [{"type": "range", "range": [0, 1], "correct": True, "feedback": "in"}])
    assert q.grade("0").correct  # low end included
    assert q.grade("0.999").correct
    assert not q.grade("1").correct  # high end excluded
    assert q.grade("1").message == "Incorrect. Try again."


def test_numeric_default_never_stops_the_search_and_last_default_wins(tmp_path):
    q = _num(
        tmp_path,
        [
            {"type": "default", "feedback": "first"},
            {"type": "value", "value": 3, "correct": True, "feedback": "yes"},
            {"type": "default", "feedback": "second"},
        ],
    )
    assert _graded(q, "3") == (True, "yes")  # a default before it does not catch 3
    assert _graded(q, "4") == (False, "second")


def test_numeric_default_messages(tmp_path):
    right = {"type": "value", "value": 1, "correct": True}
    assert _graded(_num(tmp_path, [right]), "2") == (False, "Incorrect. Try again.")
    empty = _num(tmp_path, [right, {"type": "default", "feedback": ""}])
    assert _graded(empty, "2") == (False, "Incorrect -- try again.")
    silent = _num(tmp_path, [right, {"type": "default"}])
    assert _graded(silent, "2") == (False, "Incorrect. Try again.")


def test_numeric_matched_answer_messages_and_missing_correct(tmp_path):
    q = _num(
        tmp_path,
        [
            {"type": "value", "value": 1, "correct": True},
            {"type": "value", "value": 2, "correct": False},  # no feedback
            {"type": "value", "value": 3},  # no 'correct': falsy in JavaScript
            {"type": "value", "value": 4, "correct": True, "feedback": ""},
        ],
    )
    assert _graded(q, "1") == (True, "Correct")  # not "Correct!"
    assert _graded(q, "2") == (False, "Correct")  # the text says Correct, but it is wrong
    assert _graded(q, "3") == (False, "Correct")
    assert _graded(q, "4") == (True, "")


def test_numeric_range_without_feedback_gives_no_verdict(tmp_path):
    # jaxify(undefined) throws in check_numeric: nothing is shown, nothing is marked.
    q = _num(tmp_path, [{"type": "range", "range": [0, 10], "correct": True}])
    fb = q.grade("5")
    assert (fb.correct, fb.valid, fb.message) == (False, False, "")
    assert q.grade("50").valid  # no match: the default message as usual


def test_numeric_value_key_wins_over_type_and_tolerance_is_ignored(tmp_path):
    q = _num(
        tmp_path,
        [
            {"type": "range", "value": 5, "range": [0, 1], "correct": True, "feedback": "v"},
            {"type": "value", "value": 10, "tolerance": 1, "correct": True, "feedback": "t"},
        ],
    )
    assert _graded(q, "5") == (True, "v")
    assert not q.grade("0.5").correct  # the range of the first answer is never looked at
    assert not q.grade("10.5").correct  # 'tolerance' is not a jupyterquiz field
    assert to_jupyterquiz([q])[0]["answers"][1]["tolerance"] == 1  # but it is kept


def test_numeric_reversed_range_loads_and_matches_nothing(tmp_path):
    q = _num(
        tmp_path,
        [
            {"type": "range", "range": [5, 1], "correct": True, "feedback": "never"},
            {"type": "value", "value": 3, "correct": True},
        ],
    )
    assert _graded(q, "3") == (True, "Correct")


@pytest.mark.parametrize(
    ("response", "correct", "valid"),
    [
        ("", True, True),  # an empty box reads as Number("") == 0
        (" 0 ", True, True),
        ("0/5", True, True),
        ("-0", True, True),
        ("1e", False, True),  # typeable, but NaN: matches nothing
        (".", False, True),
        ("-", False, True),
        ("1/0", False, True),  # Infinity, not an error
        ("0/0", False, True),  # NaN
        ("3/", False, True),  # 3 / Number("") = Infinity
        ("1.5/2..5", False, True),  # a second '.' is let through after '/' (NaN)
        ("1E5", False, False),  # 'E' cannot be typed
        ("+5", False, False),  # nor '+'
        ("1,5", False, False),
        ("1-2", False, False),  # '-' only first or right after 'e'
        ("1/2/3", False, False),  # one '/' only
        ("1.2.3", False, False),
        ("abc", False, False),
        ("\u22125", False, False),  # a Unicode minus cannot be typed
    ],
)
def test_numeric_input_as_typed_in_jupyterquiz(tmp_path, response, correct, valid):
    q = _num(tmp_path, [{"type": "value", "value": 0, "correct": True}])
    fb = q.grade(response)
    assert (fb.correct, fb.valid) == (correct, valid)
    if valid and not correct:
        assert fb.message == "Incorrect. Try again."


def test_numeric_fractions_and_e_notation(tmp_path):
    q = _num(tmp_path, [{"type": "value", "value": 50000, "correct": True}])
    assert q.grade("1e5/2").correct  # 'e' before the '/' is allowed
    assert q.grade("5e4").correct and q.grade("5.e4").correct
    assert not q.grade("1/2e5").valid  # 'e' after '/' cannot be typed
    neg = _num(tmp_path, [{"type": "value", "value": -0.5, "correct": True}])
    assert neg.grade("-1/2").correct and neg.grade("1/-2").valid is False


def test_string_defaults_are_set_aside_first(tmp_path):
    q = _str(
        tmp_path,
        [
            {"type": "default", "feedback": "first"},
            {"type": "string", "answer": "yes", "correct": True, "feedback": "ok"},
            {"type": "default", "feedback": "last"},
        ],
    )
    assert _graded(q, "yes") == (True, "ok")  # a default listed first does not catch it
    assert _graded(q, "no") == (False, "last")


def test_string_default_messages(tmp_path):
    right = {"type": "string", "answer": "a", "correct": True}
    assert _graded(_str(tmp_path, [right]), "b") == (False, "Incorrect. Try again.")
    empty = _str(tmp_path, [right, {"type": "default", "feedback": ""}])
    assert _graded(empty, "b") == (False, "Incorrect -- try again.")
    # A default without feedback makes jaxify(undefined) throw: no verdict at all.
    fb = _str(tmp_path, [right, {"type": "default"}]).grade("b")
    assert (fb.correct, fb.valid, fb.message) == (False, False, "")
    assert _graded(_str(tmp_path, [right]), "a") == (True, "Correct")  # no feedback


def test_string_trim_case_empty_and_no_folding(tmp_path):
    q = _str(
        tmp_path,
        [
            {"type": "string", "answer": "Big Data", "correct": True, "feedback": "ok"},
            {"type": "string", "answer": "", "correct": False, "feedback": "empty"},
        ],
    )
    assert _graded(q, "\t big data \u00a0") == (True, "ok")
    assert not q.grade("big  data").correct  # inner spaces are not folded
    assert _graded(q, "   ") == (False, "empty")  # empty input is graded, not refused
    cased = _str(tmp_path, [{"answer": "Big Data", "correct": True, "match_case": True}])
    assert not cased.grade("big data").correct and cased.grade("Big Data").correct


def test_string_missing_correct_and_regex_key(tmp_path):
    q = _str(
        tmp_path,
        [
            {"type": "string", "answer": "x"},  # no 'correct': falsy
            {"type": "string", "answer": "a+", "regex": "a+", "correct": True},
        ],
    )
    assert _graded(q, "x") == (False, "Correct")
    assert not q.grade("aaa").correct  # 'regex' means nothing to jupyterquiz
    assert q.grade("a+").correct


@pytest.mark.parametrize(
    ("threshold", "response", "message"),
    [
        (0.71, "netwrok", "(Fuzzy) near"),  # 1 - 2/7 = 0.714... >= 0.71
        (0.72, "netwrok", "Incorrect. Try again."),
        (0.71, "NETWROK", "(Fuzzy) near"),  # distance on lower-cased texts
        (0, "n", "Incorrect. Try again."),  # a threshold of 0 is falsy: fuzzy is off
        (0.5, "network", "near"),  # an exact match has no (Fuzzy) prefix
    ],
)
def test_string_fuzzy_threshold(tmp_path, threshold, response, message):
    answer = {"answer": "network", "correct": True, "feedback": "near"}
    q = _str(tmp_path, [{**answer, "fuzzy_threshold": threshold}])
    assert q.grade(response).message == message
    assert q.grade(response).correct is (message != "Incorrect. Try again.")


def test_string_fuzzy_quirks(tmp_path):
    # Without feedback a fuzzy match says just "Correct".
    plain = _str(tmp_path, [{"answer": "network", "correct": True, "fuzzy_threshold": 0.7}])
    assert _graded(plain, "netwrok") == (True, "Correct")
    # match_case also applies to the distance: 2 case changes + 2 swaps = 4 of 7.
    cased = {"answer": "network", "correct": True, "match_case": True, "fuzzy_threshold": 0.5}
    assert not _str(tmp_path, [cased]).grade("NEtwrok").correct
    # Lengths are those of the texts as typed: "\u0130" lower-cases to 2 characters,
    # so the distance to "i" is 1 but the longer length is 1: ratio 0.
    dotted = {"answer": "\u0130", "correct": True}
    assert not _str(tmp_path, [{**dotted, "fuzzy_threshold": 0.5}]).grade("i").correct
    # Lengths count UTF-16 units: an emoji is 2, so 1 - 2/4 = 0.5.
    emoji = {"answer": "ab\U0001f600", "correct": True}
    assert _str(tmp_path, [{**emoji, "fuzzy_threshold": 0.5}]).grade("ab").correct
    assert not _str(tmp_path, [{**emoji, "fuzzy_threshold": 0.51}]).grade("ab").correct


def test_mode_follows_number_of_correct_answers_not_type(tmp_path):
    a, b, c = (
        {"answer": "A", "correct": True},
        {"answer": "B", "correct": True},
        {"answer": "C", "correct": False},
    )
    # many_choice with one correct answer acts as multiple_choice: no counter.
    one = _mc(tmp_path, [a, {**b, "correct": False}, c], "many_choice")
    assert isinstance(one, MultiSelect)
    assert _graded(one, "A") == (True, "Correct!")
    assert _graded(one, "C") == (False, "Incorrect -- try again.")
    # multiple_choice with two correct answers counts, as many_choice does.
    two = _mc(tmp_path, [a, b, c])
    assert isinstance(two, SingleChoice)
    assert _graded(two, "A") == (False, "Correct! [1/2]")
    assert _graded(two, ["A", "B"]) == (True, "Correct! [2/2]")


def test_many_choice_counts_clicks_in_order(jq_bank):
    q = jq_bank["q1"]
    snake = "Live snakes via Python"
    assert q.grade(FOUR[:3]).message == "Correct. [3/4]"
    assert q.grade(FOUR[:3]).score == 0.75
    assert q.grade([*FOUR[:1], FOUR[0], FOUR[0]]).message == "Correct. [1/4]"  # counted once
    assert _graded(q, [*FOUR, snake]) == (False, "I hope not. [0/4]")
    # A wrong click resets the count; the next right one starts again at 1.
    assert _graded(q, [FOUR[0], snake, FOUR[1]]) == (False, "Correct. [1/4]")
    assert _graded(q, [snake, *FOUR]) == (True, "Correct. [4/4]")
    assert _graded(q, [snake, snake, FOUR[0]]) == (False, "Correct. [1/4]")


def test_single_choice_last_click_decides_and_zero_correct_loads(tmp_path, jq_bank):
    assert _graded(jq_bank["q3"], ["Markdown", "SVG"]) == (False, "False.")
    assert _graded(jq_bank["q3"], ["SVG", "Markdown"]) == (True, "Correct.")
    none = _mc(tmp_path, [{"answer": "only", "correct": False, "feedback": ""}])
    assert _graded(none, "only") == (False, "")  # feedback "" is shown as ""


def test_hidden_answers_are_not_graded(tmp_path):
    q = _mc(
        tmp_path,
        [
            {"answer": "A", "correct": True, "hide": True},
            {"answer": "B", "correct": False, "hide": True, "feedback": "noted"},
        ],
    )
    fb = q.grade("A")
    assert (fb.correct, fb.valid, fb.message) == (False, False, "Selected.")
    assert q.grade(["A", "A"]).message == "Deselected."
    assert q.grade("B").message == "noted"
    assert q.grade(["A", "B", "A"]).message == "Selected."  # B deselected A


def test_export_keeps_answers_as_read(tmp_path):
    answers = [
        {"type": "value", "value": 3, "feedback": ""},
        {"type": "default"},
        {"type": "range", "range": [5, 1], "correct": True},
    ]
    q = _num(tmp_path, answers, precision=2)
    [out] = to_jupyterquiz([q])
    assert out["answers"] == answers and out["precision"] == 2


def test_our_yaml_questions_keep_their_rules():
    q = Numeric("n?", answer=0)
    assert not q.grade("").valid and q.grade("1").message == "Not quite."
    assert not Numeric("n?", answer=0, sig_figs=2).grade("1E5").correct
    assert Numeric("n?", answer=100000).grade("1E5").correct  # 'E' is fine here
    t = FreeText("t?", answers=["a b"], fuzzy_threshold=0.5)
    assert not t.grade("  ").valid and t.grade("a   B").message == "Correct!"
    m = MultiSelect("m?", options=["x", "y", "z"], answers=["x", "y"])
    assert m.grade(["z", "x", "y"]).score == 0.5 and not m.grade(["z", "x", "y"]).correct
