"""Headless widget tests: set values, click, check feedback, stored progress and secrecy."""

from __future__ import annotations

import html
import json
import re

import pytest

from kit import quiz
from kit.quiz import ProgressStore, load_bank
from kit.quiz.widgets import (
    AnswerBox,
    ChoiceGroup,
    FeedbackBox,
    MatchSelect,
    QuestionWidget,
    QuizSection,
)

BANK = load_bank("example")
TRUST_RIGHT = "Replying personally to people who comment on your posts"


def shown(widget: QuestionWidget) -> list[str]:
    return [o["label"] for o in widget.input.options]


def test_single_choice_click_flow(progress_db):
    widget = quiz.ask("example", "trust-fastest")
    assert isinstance(widget.input, ChoiceGroup) and not widget.input.multiple
    wrong = shown(widget).index("Buying followers to look popular")
    widget.input.selected = [wrong]
    widget.submit_button.click()
    fb = widget.feedback
    assert (fb.kind, fb.mark, fb.title) == ("incorrect", "✗", "Not yet")
    assert fb.message.startswith("A large audience")
    assert widget.attempts == 1 and widget.status == "incorrect"
    assert fb.hints == [] and widget.hints.value == ""  # hints only when asked
    assert "Stuck? Show a hint (2 left)." in fb.note
    assert fb.explanation == ""  # not before it is right
    widget.input.selected = [shown(widget).index(TRUST_RIGHT)]
    widget.submit_button.click()
    assert (fb.kind, fb.mark, fb.title) == ("correct", "✓", "Correct")
    assert "Social media is a broadcast channel" in fb.explanation
    assert widget.submit_button.disabled and widget.input.disabled
    stored = ProgressStore(progress_db).attempts(learner="tester")
    assert [(a.bank, a.question, a.correct, a.attempt) for a in stored] == [
        ("example", "trust-fastest", False, 1),
        ("example", "trust-fastest", True, 2),
    ]
    assert stored[1].response == TRUST_RIGHT


def test_submit_equals_entering_and_clicking():
    a = quiz.ask("example", "networking-traits", store=False)
    b = quiz.ask("example", "networking-traits", store=False)
    response = ["Conversations go both ways", "Success is measured mainly by follower counts"]
    fb = a.submit(response)
    b.input.selected = sorted(shown(b).index(x) for x in response)
    b.submit_button.click()
    assert b.last_feedback == fb and b.feedback.message == a.feedback.message
    assert (a.feedback.kind, a.feedback.mark) == ("partial", "◐") or fb.score == 0
    assert a.response == b.response


def test_numeric_text_input_and_enter_key():
    widget = quiz.ask("example", "reach-share", store=False)
    assert widget.input.description == "Your answer"
    widget.input.value = "sixty"
    widget.submit_button.click()
    assert widget.feedback.kind == "info" and widget.attempts == 0  # unreadable: not counted
    widget.input.value = " 120/"  # the last keystrokes have not reached the kernel yet...
    widget.input._handle_custom_msg({"event": "submit", "value": " 120/2 "}, [])  # ...Enter
    assert widget.input.value == " 120/2 "  # grades what was typed, not the stale value
    assert widget.status == "correct" and widget.feedback.title == "Correct"


def test_max_attempts_then_locked():
    widget = quiz.ask("example", "reach-share", store=False)  # max_attempts: 3
    for guess in ("1", "2", "3"):
        widget.submit(guess)
    assert widget.status == "out_of_attempts" and widget.done
    assert "no attempts left" in widget.feedback.title and widget.feedback.explanation
    assert widget.submit_button.disabled and widget.input.disabled
    widget.submit("60")
    assert widget.attempts == 3 and widget.status == "out_of_attempts"


def test_hint_on_request():
    widget = quiz.ask("example", "trust-fastest", store=False)
    assert widget.hint_button.description == "Show a hint (2 left)"
    widget.hint_button.click()
    hints = BANK["trust-fastest"].hints
    assert "Hint 1 of 2:" in widget.hints.value and widget.hints.value.count("Hint ") == 1
    assert html.escape(hints[0]) in widget.hints.value
    assert widget.feedback.hints == [] and widget.feedback.kind == ""  # shown once, here
    widget.hint_button.click()
    assert "Hint 2 of 2 (more specific):" in widget.hints.value
    assert widget.hints.value.count("Hint ") == 2 and widget.hint_button.disabled
    widget.submit(["Buying followers to look popular"])
    assert widget.hints.value.count("Hint ") == 2 and widget.feedback.hints == []
    no_hints = quiz.ask("example", "ratio-approx", store=False)
    assert no_hints.hint_button.layout.display == "none"


def test_ordering_with_move_buttons():
    widget = quiz.ask("example", "funnel-order", store=False)
    items = BANK["funnel-order"].items
    assert widget.response != list(items)
    # Sort with the buttons only, as a keyboard user would.
    for target, item in enumerate(items):
        while (pos := widget.response.index(item)) != target:
            label, up, down = widget._rows[pos]
            assert up.tooltip == f"Move “{item}” up" and not up.disabled
            up.click()
    assert widget.response == list(items)
    widget.submit_button.click()
    assert widget.status == "correct"
    assert all(up.disabled and down.disabled for _, up, down in widget._rows)


def test_matching_with_dropdowns():
    widget = quiz.ask("example", "match-terms", store=False)
    pairs = dict(BANK["match-terms"].pairs)
    assert [dd.description for dd in widget._dropdowns.values()] == list(pairs)
    for left, dd in widget._dropdowns.items():
        assert dd.value == "" and "Pays you for every post" in [lbl for lbl, _ in dd.options]
        dd.value = pairs[left]
    widget._dropdowns["Friend"].value = "Pays you for every post"
    widget.submit_button.click()
    assert (
        widget.feedback.kind == "partial"
        and "Pairs matched right: 2 of 3" in widget.feedback.message
    )
    widget._dropdowns["Friend"].value = pairs["Friend"]
    widget.submit_button.click()
    assert widget.status == "correct"


def test_choice_messages_overtake_held_back_state():
    """The browser also sends each choice as a message; Submit grades the newest one.

    ipywidgets holds back a state update while an earlier one is in flight, so a Submit
    click can reach the kernel before the last choice's state does. The message cannot
    fall behind, and is checked before it is used.
    """
    widget = quiz.ask("example", "trust-fastest", store=False)
    right = shown(widget).index(TRUST_RIGHT)
    wrong = shown(widget).index("Buying followers to look popular")
    widget.input.selected = [wrong]  # the state update that did arrive
    widget.input._handle_custom_msg({"event": "choose", "value": [right]}, [])
    assert widget.input.selected == [right]
    for bad in ([99], [-1], ["0"], [True], "0", None):
        widget.input._handle_custom_msg({"event": "choose", "value": bad}, [])
        assert widget.input.selected == [right]
    widget.input._handle_custom_msg({"event": "other", "value": [wrong]}, [])
    widget.submit_button.click()
    assert widget.status == "correct"
    # a locked question ignores late choices
    widget.input._handle_custom_msg({"event": "choose", "value": [wrong]}, [])
    assert widget.input.selected == [right]

    multi = quiz.ask("example", "networking-traits", store=False)
    multi.input._handle_custom_msg({"event": "choose", "value": [2, 0, 2]}, [])
    assert multi.input.selected == [0, 2]


def test_match_select_messages_and_values():
    widget = quiz.ask("example", "match-terms", store=False)
    pairs = dict(BANK["match-terms"].pairs)
    friend = widget._dropdowns["Friend"]
    assert isinstance(friend, MatchSelect)
    friend._handle_custom_msg({"event": "choose", "value": pairs["Friend"]}, [])
    assert friend.value == pairs["Friend"]
    friend._handle_custom_msg({"event": "choose", "value": "not an option"}, [])
    assert friend.value == pairs["Friend"]
    with pytest.raises(Exception, match="not one of the options"):
        friend.value = "not an option"
    for left, dd in widget._dropdowns.items():
        dd._handle_custom_msg({"event": "choose", "value": pairs[left]}, [])
    widget.submit_button.click()
    assert widget.status == "correct" and all(dd.disabled for dd in widget._dropdowns.values())


def test_inline_questions_make_the_same_widgets():
    q = quiz.SingleChoice(
        "Which is two-way?", options=["a broadcast", "a conversation"], answer="a conversation"
    )
    widget = QuestionWidget(q)
    assert widget.bank_id == "inline"
    assert widget.submit("a conversation").correct
    assert ProgressStore().attempts()[0].question == q.id


def _walk_state(widget) -> list[dict]:
    states = [widget.get_state()]
    for child in getattr(widget, "children", ()):
        states += _walk_state(child)
    return states


KEY_WORDS = ("correct", "answer", "explanation", "feedback", "score")


def test_no_answer_key_reaches_the_browser_before_submission():
    section = quiz.ask_all("example", store=False)
    states = _walk_state(section)
    # Child references are random hex ids, which may contain any digits: drop them.
    text = re.sub(r"IPY_MODEL_[0-9a-f]+", "", json.dumps(states, default=str))
    bank = BANK
    secrets = [q.explanation for q in bank if q.explanation]
    for q in bank:
        secrets += [o.feedback for o in getattr(q, "options", ()) if o.feedback]
        secrets += [a.feedback for a in getattr(q, "answers", ()) if a.feedback]
        secrets += [
            a.text for a in getattr(q, "answers", ()) if getattr(a, "kind", "") in ("text", "regex")
        ]
        secrets += [str(a.value) for a in getattr(q, "answers", ()) if getattr(a, "value", None)]
        secrets += list(q.hints)
    # What the learner may see anyway (title, prompts, option texts) is no secret.
    visible = " ".join(
        [bank.title, *(q.prompt for q in bank), *(x for q in bank for x in q.labels())]
    )
    secrets = [s for s in secrets if s not in visible]
    assert len(secrets) > 20
    for secret in secrets:
        assert secret not in text, secret
    for state in states:
        for key, value in state.items():
            # Only the feedback box has such fields, and they stay empty until graded.
            if any(word in key.lower() for word in KEY_WORDS):
                assert not value, (key, value)
    # The choice widgets carry labels only, in a shuffled order.
    for qw in section.questions:
        if isinstance(qw.input, ChoiceGroup):
            assert all(set(o) == {"label", "code"} for o in qw.input.options)
    # The ordering is never shown already solved.
    ordering = section.questions[BANK.ids.index("funnel-order")]
    assert ordering.response != list(BANK["funnel-order"].items)


def test_restore_after_a_simulated_restart(progress_db):
    first = quiz.ask("example", "reach-share")
    first.submit("600")
    first.submit("59")
    del first  # the kernel restarts: only the database survives
    again = quiz.ask("example", "reach-share")
    assert again.attempts == 2 and again.status == "incorrect"
    assert again.input.value == "59"
    assert "Restored" in again.feedback.note and again.feedback.kind == "incorrect"
    assert again.restored_banner.layout.display != "none"
    assert "From an earlier session" in again.restored_note.value
    again.submit("60")
    third = quiz.ask("example", "reach-share")
    assert third.status == "correct" and third.submit_button.disabled
    assert third.feedback.explanation and third.score == 1.0
    choice = quiz.ask("example", "networking-traits")
    choice.submit(["Conversations go both ways"])
    restored = quiz.ask("example", "networking-traits")
    assert restored.response == ["Conversations go both ways"]
    other = quiz.ask("example", "reach-share", learner="someone-else")
    assert other.attempts == 0


def test_section_running_score_and_summary():
    section = quiz.ask_all("example")
    assert isinstance(section, QuizSection) and isinstance(section.summary, FeedbackBox)
    assert "Score: 0 of 7 points" in section.score_line.value
    right = {
        "trust-fastest": TRUST_RIGHT,
        "networking-traits": [
            "Conversations go both ways",
            "Relationships grow over time",
            "You learn what the other person needs",
        ],
        "reach-share": "60",
        "ratio-approx": "22/7",
        "two-way-term": "social networking",
        "funnel-order": list(BANK["funnel-order"].items),
    }
    for qw in section.questions:
        if qw.question.id in right:
            qw.submit(right[qw.question.id])
    assert "Score: 6 of 7 points" in section.score_line.value
    assert "1 to go" in section.summary.note and section.summary.kind == ""
    match = section.questions[-1]
    match.submit({"Follower": "Knows you; you talk both ways"})
    assert "answered 7 of 7" in section.score_line.value
    assert section.summary.kind == ""  # still unfinished: no attempt limit
    match.submit(dict(BANK["match-terms"].pairs))
    assert section.summary.kind == "correct" and section.summary.mark == "✓"
    assert "You answered 7 of 7 questions right" in section.summary.message


def test_static_output_is_deterministic_and_keyless(monkeypatch):
    a = quiz.ask_all("example", store=False)
    monkeypatch.setenv("KIT_LEARNER", "somebody-else")
    b = quiz.ask_all("example", store=False)
    b.questions[0].submit(TRUST_RIGHT)  # progress does not change the static output
    bundle_a, bundle_b = a._repr_mimebundle_(), b._repr_mimebundle_()
    assert bundle_a["text/plain"] == bundle_b["text/plain"]
    assert bundle_a["text/html"] == bundle_b["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle_a
    plain = bundle_a["text/plain"]
    assert plain.startswith("Quiz 'example':") and "( ) Buying followers to look popular" in plain
    assert "Social media is a broadcast channel" not in plain + bundle_a["text/html"]
    single = quiz.ask("example", "match-terms", store=False)._repr_mimebundle_()
    assert "Follower -> ?" in single["text/plain"] and "Choices:" in single["text/html"]


def test_broken_database_does_not_stop_the_lesson(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_PROGRESS_DB", str(tmp_path))  # a folder, not a file
    widget = quiz.ask("example", "reach-share")
    assert "Progress is not being saved" in widget.feedback.note
    assert widget.submit("60").correct
    assert "set KIT_PROGRESS_DB" in widget.feedback.note


@pytest.mark.parametrize("qid", BANK.ids)
def test_every_input_has_a_label(qid):
    widget = quiz.ask("example", qid, store=False)
    inp = widget.input
    if isinstance(inp, ChoiceGroup):
        assert inp.legend and all(o["label"] for o in inp.options)
    elif isinstance(inp, AnswerBox):
        assert inp.description  # rendered as a <label> around the <input>
    elif hasattr(widget, "_dropdowns"):
        assert all(dd.description for dd in widget._dropdowns.values())
    else:
        assert all(up.tooltip and down.tooltip for _, up, down in widget._rows)
    assert widget.submit_button.description == "Submit"


def test_multi_select_feedback_counts_and_changes_with_the_answer():
    widget = quiz.ask("example", "networking-traits", store=False)
    q = widget.question
    right = [o.label for o in q.options if o.correct]
    wrong = [o.label for o in q.options if not o.correct]
    first = widget.submit([right[0], wrong[0]]).message
    assert "1 of your 2 choices is not right" in first
    assert f"{len(right) - 1} right option" in first and "missing" in first
    second = widget.submit([right[0]]).message
    assert second != first and "Your choice is right, but" in second
    # the same answer twice is not counted again, and says so
    attempts = widget.attempts
    widget.submit([right[0]])
    assert widget.attempts == attempts and "not counted again" in widget.feedback.note


def test_out_of_attempts_explanation_gives_the_answer_and_why():
    widget = quiz.ask("example", "reach-share", store=False)  # max_attempts: 3
    for guess in ("1", "2", "3"):
        widget.submit(guess)
    explanation = widget.feedback.explanation
    assert explanation.startswith("The answer: ") and "Why: " in explanation


def test_start_again_keeps_the_attempts_but_opens_the_question(progress_db):
    first = quiz.ask("example", "reach-share")
    for guess in ("1", "2", "3"):
        first.submit(guess)
    again = quiz.ask("example", "reach-share")
    assert again.done and again.restored_banner.layout.display != "none"
    assert again.input.disabled and again.submit_button.disabled
    again.start_again_button.click()
    assert again.status == "unanswered" and again.attempts == 0 and not again.done
    assert again.input.value == "" and not again.input.disabled
    assert not again.submit_button.disabled and again.feedback.kind == ""
    assert again.restored_banner.layout.display == "none"
    assert "still saved" in again.feedback.note
    assert len(ProgressStore(progress_db).attempts(learner="tester")) == 3
    again.submit("60")
    assert again.status == "correct"
    assert len(ProgressStore(progress_db).attempts(learner="tester")) == 4
    ordering = quiz.ask("example", "funnel-order", store=False)
    start = ordering.response
    ordering.move(0, +1)
    assert ordering.response != start
    ordering.start_again()
    assert ordering.response == start
    matching = quiz.ask("example", "match-terms", store=False)
    left, dd = next(iter(matching._dropdowns.items()))
    dd.value = dd.options[1][1]
    assert matching.response
    matching.start_again()
    assert matching.response == {}


def test_a_bare_question_displays_as_its_widget(monkeypatch):
    # The model never imports widgets: kit.quiz registers the view layer's renderer.
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    question = quiz.Numeric("6 x 7?", answer=42, id="bare")
    question._ipython_display_()
    [widget] = shown
    assert isinstance(widget, QuestionWidget) and widget.question is question
