"""kit.learn: claim checks strict under tests and calm for a learner; solutions after trying."""

from __future__ import annotations

import pytest

from kit import learn
from kit.errors import KitError


def test_claims_are_strict_under_the_test_suite():
    assert learn.claims_are_strict()  # tests/conftest.py sets KIT_CLAIMS=strict
    with pytest.raises(AssertionError, match="broadcast had 3"):
        with learn.claim_check():
            assert 1 > 2, "broadcast had 3 customers"


def test_in_a_learner_s_kernel_a_claim_that_fails_is_one_calm_sentence(monkeypatch, capsys):
    monkeypatch.setenv("KIT_CLAIMS", "calm")
    assert not learn.claims_are_strict()
    shown = []
    monkeypatch.setattr(learn, "_show_text", shown.append)
    after = []
    with learn.claim_check("the default run") as note:
        assert 1 > 2, "Relationship reached 40 customers"
    after.append("the notebook goes on")
    assert after and not note.held
    (text,) = shown
    assert text.startswith("ⓘ The text above describes the default run; your run differs")
    assert text.endswith("In yours, relationship reached 40 customers.")
    assert "Traceback" not in text and "AssertionError" not in text


def test_any_error_in_a_learner_s_claim_check_is_calm_too(monkeypatch):
    monkeypatch.setenv("KIT_CLAIMS", "calm")
    shown = []
    monkeypatch.setattr(learn, "_show_text", shown.append)
    with learn.claim_check("the lesson's settings") as note:
        {"a": 1}["broadcast"]  # a KeyError after the learner renamed a strategy
    assert not note.held and shown == [
        "ⓘ The text above describes the lesson's settings; your run differs, so read the "
        "numbers above rather than the text."
    ]


def test_a_claim_that_holds_says_nothing(monkeypatch):
    monkeypatch.setenv("KIT_CLAIMS", "calm")
    shown = []
    monkeypatch.setattr(learn, "_show_text", shown.append)
    with learn.claim_check() as note:
        assert 2 > 1
    assert note.held and not shown


def test_ci_without_a_setting_is_strict(monkeypatch):
    monkeypatch.delenv("KIT_CLAIMS")
    monkeypatch.setenv("CI", "true")
    assert learn.claims_are_strict()
    monkeypatch.delenv("CI")
    assert not learn.claims_are_strict()


@pytest.fixture
def solutions_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "solutions"
    folder.mkdir(parents=True)
    (folder / "99.yaml").write_text(
        "lesson: '99'\n"
        "challenges:\n"
        "  1:\n"
        "    title: Double it\n"
        "    explain: Multiply the value by two.\n"
        "    code: |\n"
        "      doubled = value * 2\n"
        "      doubled + 1\n"
        "  2:\n"
        "    title: Broken on purpose\n"
        "    code: missing_name + 1\n"
    )
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path / "data"))
    return folder


def test_a_solution_is_hidden_until_asked_then_shown_and_runnable(solutions_dir):
    ns = {"value": 20}
    box = learn.solution("99", 1, namespace=ns)
    show, run = box.children[0].children
    assert show.description == "Show a solution" and run.layout.display == "none"
    box.show_solution()
    # the button stays where the focus is, and now hides the solution again
    assert show.layout.display is None and show.description == "Hide the solution"
    assert run.layout.display is None and not run.disabled
    box.run_solution()
    assert ns["doubled"] == 40
    box.show_solution()
    assert show.description == "Show a solution" and run.layout.display == "none"


def test_a_solution_that_cannot_run_says_so_in_a_sentence(solutions_dir, capsys):
    box = learn.solution("99", 2, namespace={})
    box.show_solution()
    box.run_solution()  # NameError inside: no traceback escapes
    assert not box.children[0].children[1].disabled


def test_unknown_solutions_are_a_kit_error(solutions_dir):
    with pytest.raises(KitError, match="no solution for challenge 7"):
        learn.solution("99", 7)
    with pytest.raises(KitError, match="no solutions for lesson 42"):
        learn.solutions("42")
