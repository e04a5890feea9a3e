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
    ("q1", FOUR, True, "Correct. Correct. Correct. Correct."),
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
    ("q7", "mylist+=3", False, "Not quite."),
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
        "social netwrking": (True, "Yes!"),  # similarity 16/17 >= 0.8
        "social  networking": (True, "Yes!"),  # no whitespace folding, but fuzzy matches
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
