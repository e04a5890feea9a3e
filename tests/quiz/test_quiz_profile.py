"""Bloom levels, revisits, misconceptions and answer-length cues: checked, kept, reported."""

from __future__ import annotations

import doctest
import importlib

import pytest

from kit.cli import main
from kit.quiz import check_bank, load_bank
from kit.quiz.profile import LENGTH_CUE_MIN_CHARS, LENGTH_CUE_RATIO, length_cue, profile

HEAD = "schema: 1\nid: '03'\n"


def single(qid: str, right: str, *wrong: str, extra: str = "") -> str:
    lines = [f"  - id: {qid}", "    type: single", "    prompt: p", "    answers:"]
    lines += [f"      - text: '{right}'", "        correct: true"]
    lines += [f"      - text: '{w}'" for w in wrong]
    return "\n".join(lines) + "\n" + extra


def write(tmp_path, body: str, head: str = HEAD):
    path = tmp_path / "bank.yaml"
    path.write_text(head + "questions:\n" + body)
    return path


def test_meta_fields_are_kept_and_need_no_constructor(tmp_path):
    body = (
        "  - id: a\n    type: single\n    bloom: apply\n    revisits: ['01', '02']\n"
        "    prompt: p\n    answers:\n      - text: right\n        correct: true\n"
        "      - text: wrong\n        misconception: followers are customers\n"
        "      - text: other\n"
        "  - id: b\n    type: numeric\n    bloom: evaluate\n    prompt: p\n    answer: 1\n"
    )
    bank = load_bank(write(tmp_path, body, HEAD + "delayed_check: [b]\n"))
    a = bank.info("a")
    assert (a.bloom, a.revisits) == ("apply", ("01", "02"))
    assert a.misconceptions == {"wrong": "followers are customers"}
    assert bank.info("b").bloom == "evaluate" and bank.info("b").revisits == ()
    assert bank.delayed_check == ("b",)
    assert bank["a"].grade("right").correct  # grading is unchanged
    with pytest.raises(Exception, match="did you mean 'a'"):
        bank.info("aa")


def test_untagged_questions_have_empty_info():
    bank = load_bank("example")
    assert bank.info("two-way-term").misconceptions == {}
    assert bank.delayed_check == ()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("    bloom: analyse\n", "bloom must be one of remember, understand, apply, analyze, "),
        ("    bloom: analyse\n", "did you mean 'analyze'?"),
        ("    bloom: 3\n", "not 3"),
        ("    revisits: ['03']\n", "revisits[0] names this bank ('03'); list earlier banks only"),
        ("    revisits: [1]\n", "revisits[0] must be text (quote it), not 1"),
        ("    revisits: []\n", "revisits needs at least 1 entries"),
        ("    revisits: ['a b']\n", "must be a bank id like '01'"),
        ("    blom: apply\n", "blom is not a known field; did you mean 'bloom'?"),
    ],
)
def test_bad_meta_fields_are_one_clear_issue_with_a_line(tmp_path, field, message):
    path = write(tmp_path, single("q", "yes", "no", extra=field))
    issues = [str(i) for i in check_bank(path)]
    assert len(issues) == 1 and message in issues[0], issues
    assert issues[0].startswith(f"{path}:") and "question 'q'" in issues[0]


def test_misconception_belongs_on_a_wrong_option(tmp_path):
    body = (
        "  - id: q\n    type: multi\n    prompt: p\n    answers:\n"
        "      - text: yes\n        correct: true\n        misconception: x\n"
        "      - text: no\n        misconception: ''\n"
    )
    issues = [str(i) for i in check_bank(write(tmp_path, body))]
    assert any("answers[0].misconception is for wrong options" in i for i in issues)
    assert any("answers[1].misconception must be non-empty text" in i for i in issues)


def test_delayed_check_names_questions_of_the_bank(tmp_path):
    path = write(tmp_path, single("trust", "yes", "no"), HEAD + "delayed_check: [trusts]\n")
    [issue] = check_bank(path)
    assert "delayed_check[0] names no question of this bank: 'trusts'" in str(issue)
    assert "did you mean 'trust'?" in str(issue) and issue.line == 3


@pytest.mark.parametrize(
    ("labels", "cue"),
    [
        (["a" * 12, "b" * 10], (12, 10)),  # 20% and 2 characters: too few characters
        (["a" * 30, "b" * 25], (30, 25)),  # exactly 20% and 5 characters: a cue
        (["a" * 29, "b" * 25], None),  # 16%
        (["a" * 60, "b" * 50, "c" * 10], (60, 50)),  # measured against the longest other
        (["a" * 60, "b" * 51], None),
        (["a  b" * 10, "c" * 31], None),  # runs of spaces count once: 30 characters
        (["a" * 10, "b" * 40], None),  # the right answer is the shortest
    ],
)
def test_length_cue_margin(labels, cue):
    if cue == (12, 10):  # the ratio holds, the difference in characters does not
        assert 12 >= LENGTH_CUE_RATIO * 10 and 12 - 10 < LENGTH_CUE_MIN_CHARS
        cue = None
    assert length_cue(labels, 0) == cue


def test_profile_counts_levels_lengths_and_cues(tmp_path):
    body = (
        single("long", "the right answer, much longer than the rest", "short", "tiny")
        + "    bloom: remember\n"
        + single("even", "about as long", "also this long", "no")
        + "    bloom: apply\n    revisits: ['01']\n"
        + single("shortest", "yes", "not at all", "never ever")
        + "    bloom: evaluate\n    revisits: ['01', '02']\n"
        + "  - id: n\n    type: numeric\n    prompt: p\n    answer: 1\n"
    )
    p = profile(load_bank(write(tmp_path, body)))
    assert p.n_questions == 4 and p.n_single == 3
    assert dict(p.bloom) == {
        "remember": 1,
        "understand": 0,
        "apply": 1,
        "analyze": 0,
        "evaluate": 1,
        "create": 0,
    }
    assert p.higher_order == 2 and p.untagged == ("n",)
    assert p.revisits == {"01": 2, "02": 1}
    assert (p.right_longest, p.right_shortest) == (1, 1)
    assert p.cues == (("long", 43, 5),)
    assert p.mean_right == pytest.approx((43 + 13 + 3) / 3)
    assert p.mean_wrong == pytest.approx((5 + 4 + 14 + 2 + 10 + 10) / 6)
    assert (p.n_distractors, p.untagged_distractors) == (6, 6)
    lines = p.lines()
    assert lines[0].startswith("Bloom: remember 1, understand 0, apply 1, analyze 0, evaluate 1")
    assert lines[0].endswith("2 of 4 (50%) at apply or above")
    assert "revisits earlier banks: 01 (2), 02 (1)" in lines
    assert any("the right answer is the longest option in 1, the shortest in 1" in x for x in lines)
    assert "warning: 1 of 4 questions have no Bloom level (add 'bloom:'): n" in lines
    assert (
        "warning: question 'long': the right answer (43 characters) is 760% longer than any "
        "other option (5); learners can pick it by its length" in lines
    )


def test_check_prints_the_profile_and_strict_fails_on_warnings(tmp_path, capsys):
    path = write(tmp_path, single("long", "the right answer, much longer", "short", "tiny"))
    assert main(["quiz", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: ok\n")
    assert "  answer length, 1 single-choice: the right answer is the longest option in 1" in out
    assert "  warning: question 'long': the right answer (29 characters)" in out
    assert "  warning: 1 of 1 questions have no Bloom level" in out
    assert main(["quiz", "check", "--strict", str(path)]) == 1
    assert "2 problems found" in capsys.readouterr().err


def test_check_prints_bloom_for_jupyterquiz_files_without_failing(capsys, interop):
    assert main(["quiz", "check", str(interop / "questions.json")]) == 0
    assert "have no Bloom level" in capsys.readouterr().out


@pytest.mark.parametrize("module", ["checking", "yaml_format", "schema", "profile"])
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(f"kit.quiz.{module}"))
    assert result.failed == 0 and (module == "yaml_format" or result.attempted > 0)
