"""Quiz behaviour a learner meets, in JupyterLab and Chromium, by keyboard only.

The notebook is ``labdriver.QUIZ_NOTEBOOK`` (the example bank, one question of each type).
As in ``test_quiz_browser``, the first control of a question is focused with
``element.focus()`` where a learner would Tab from the cell above; every move after that is
a key press.

- Enter submits from a radio button, a checkbox and the last drop-down of a question (not
  from an earlier drop-down, which would submit half an answer); the focus is visible on
  every control it lands on.
- Choose-all-that-apply feedback counts the wrong choices and the missing right ones, and
  changes when the answer changes.
- A hint appears by the hint button when asked for, once; the next one says it is more
  specific.
- After a kernel restart a restored answer is marked at the top of its question as from an
  earlier session; "Start again" (Enter on it) opens the question afresh while the old
  attempts stay counted in the store.

Screenshots, light and dark: ``test-output/browser/quiz-keys-*.png``.
"""

from __future__ import annotations

import labdriver
import yaml

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests (fails them under CI=true) with the reason
    expect = None
from test_quiz_browser import answer_multi, choose_matches, feedback_of, is_focused

BANK = yaml.safe_load((labdriver.ROOT / "data" / "quizzes" / "example.yaml").read_text())
QUESTIONS = {q["id"]: q for q in BANK["questions"]}


def test_enter_hints_counts_and_start_again(page, lab):
    lab.forget_progress()  # fresh questions, even after other tests answered them
    labdriver.open_notebook(page, lab, labdriver.QUIZ_NOTEBOOK)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    labdriver.run_all(page)
    section = page.locator(".kit-quiz-section .kit-quiz")
    single, multi, matching = section.nth(0), section.nth(1), section.nth(6)

    # single choice: Space chooses, Enter on the radio submits.
    radio = single.locator(".kit-choices input[type=radio]").first
    radio.focus()
    assert labdriver.focus_visible(radio)
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(feedback_of(single)).to_contain_text("Attempt 1")

    # choose all that apply: the counts, and Enter on a checkbox submits.
    answers = QUESTIONS["networking-traits"]["answers"]
    right = [a["text"] for a in answers if a.get("correct")]
    wrong = [a["text"] for a in answers if not a.get("correct")]
    answer_multi(page, multi, {right[0], wrong[0]})
    page.keyboard.press("Enter")
    fb = feedback_of(multi)
    expect(fb).to_contain_text("1 of your 2 choices is not right")
    expect(fb).to_contain_text(f"{len(right) - 1} right options are still missing")
    first = fb.inner_text()
    answer_multi(page, multi, {right[0]})
    page.keyboard.press("Enter")
    expect(fb).to_contain_text("Your choice is right, but")
    assert fb.inner_text() != first
    # a hint, asked for with the keyboard, appears by the button, once
    numeric = section.nth(2)  # reach-share: two hints
    hint_button = numeric.get_by_role("button", name="Show a hint (2 left)")
    hint_button.focus()
    assert labdriver.focus_visible(hint_button)
    page.keyboard.press("Enter")
    hints = numeric.locator(".kit-hints")
    expect(hints).to_contain_text("Hint 1 of 2")
    assert "Hint" not in numeric.locator(".kit-feedback").inner_text()
    page.keyboard.press("Enter")  # the button keeps the focus: the next, more specific one
    expect(hints).to_contain_text("Hint 2 of 2 (more specific)")
    assert hints.inner_text().count("Hint 1 of 2") == 1
    labdriver.shoot_themes(page, multi, "quiz-keys-multi-counts")
    labdriver.shoot_themes(page, numeric, "quiz-keys-hints")

    # matching: Enter on the first drop-down does not submit; on the last one it does.
    pairs = QUESTIONS["match-terms"]["pairs"]
    selects = matching.locator("select")
    selects.first.focus()
    assert labdriver.focus_visible(selects.first)
    page.keyboard.press("Enter")
    expect(feedback_of(matching)).to_have_attribute("data-kind", "")
    choose_matches(page, matching, pairs)  # Alt+ArrowDown, arrows, Enter in the pop-up
    expect(feedback_of(matching)).to_have_attribute("data-kind", "")  # a pick is not a submit
    assert is_focused(selects.last)
    page.keyboard.press("Enter")
    expect(feedback_of(matching)).to_contain_text("✓Correct")

    # after a restart: marked as from an earlier session, and Start again by keyboard.
    labdriver.restart_kernel(page)
    labdriver.run_all(page)
    section = page.locator(".kit-quiz-section .kit-quiz")
    multi, matching = section.nth(1), section.nth(6)
    banner = matching.locator(".kit-restored")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("From an earlier session")
    box = banner.bounding_box()
    prompt = matching.locator(".kit-quiz-prompt").bounding_box()
    assert box["y"] < prompt["y"]  # at the top of the question
    expect(matching.get_by_role("button", name="Submit")).to_be_disabled()
    labdriver.shoot_themes(page, matching, "quiz-keys-restored")
    again = banner.get_by_role("button", name="Start again")
    again.focus()
    assert labdriver.focus_visible(again)
    page.keyboard.press("Enter")
    expect(banner).to_be_hidden()
    expect(matching.get_by_role("button", name="Submit")).to_be_enabled()
    expect(matching.locator("select").first).to_have_value("")
    expect(feedback_of(matching)).to_contain_text("still saved")
    labdriver.shoot_themes(page, matching, "quiz-keys-started-again")
    expect(multi.locator(".kit-restored")).to_be_visible()
    assert not page.js_errors, page.js_errors
