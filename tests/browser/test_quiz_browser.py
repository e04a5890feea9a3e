"""Quiz widgets in a real JupyterLab and Chromium, answered with the keyboard only.

The notebook (``labdriver.QUIZ_NOTEBOOK``) shows ``quiz.ask('example', 'trust-fastest')``
and then ``quiz.ask_all('example')``: the example bank has one question of every type.

- Before any submission the DOM holds no correct-answer marker (no answer feedback, no
  explanation, no correctness class or data attribute, feedback regions empty).
- Every control has an accessible name; the feedback region is ``role=status``,
  ``aria-live=polite``, ``aria-atomic=true``.
- One question of each type (single, multi, numeric, text, ordering, matching) is answered
  wrongly and then rightly by key presses only (Space, Enter, arrow keys, Tab, typing).
  Single choice is answered with the arrow keys in ``test_quiz_arrow_keys_choose_options``
  (the quiz keeps JupyterLab's ArrowUp/ArrowDown cell shortcuts from taking them). To
  *start* on a question the test focuses its first control with ``element.focus()``, where
  a learner would Tab from the cell above: tabbing through the whole JupyterLab page would
  only test JupyterLab's own focus order, and is slow and brittle. From there on, moving
  between controls is by Tab / Shift+Tab, and the test asserts where the focus is.
- The feedback text (mark and words) appears in the live region; math is typeset by
  JupyterLab's MathJax.
- The kernel is restarted and the notebook re-run: every answer comes back ("Restored"),
  the inputs show the answers given, the questions are locked, in the light and dark theme.
"""

from __future__ import annotations

import re

import labdriver
import yaml
from labdriver import OUT, SCREENSHOTS

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests (fails them under CI=true) with the reason
    expect = None
from test_lessons_browser import assert_no_answer_markers, bank_secrets

BANK = yaml.safe_load((labdriver.ROOT / "data" / "quizzes" / "example.yaml").read_text())
QUESTIONS = {q["id"]: q for q in BANK["questions"]}


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def key_to(page, target, max_presses: int = 30) -> None:
    """Move the focus to ``target`` with Tab or Shift+Tab (direction from document order)."""
    if is_focused(target):
        return
    after = target.evaluate(
        "el => Boolean(document.activeElement.compareDocumentPosition(el)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    key = "Tab" if after else "Shift+Tab"
    for _ in range(max_presses):
        page.keyboard.press(key)
        if is_focused(target):
            return
    raise AssertionError(f"{key} x{max_presses} never reached {target}")


def submit(page, question):
    button = question.get_by_role("button", name="Submit")
    key_to(page, button)
    page.keyboard.press("Enter")


def feedback_of(question):
    box = question.locator(".kit-feedback")
    assert box.get_attribute("role") == "status"
    assert box.get_attribute("aria-live") == "polite"
    assert box.get_attribute("aria-atomic") == "true"
    return box


def answer_single(page, q, label: str) -> None:
    radios = q.locator(".kit-choices input[type=radio]")
    labels = q.locator(".kit-choices label").all_inner_texts()
    want = labels.index(label)
    checked = [radios.nth(i).is_checked() for i in range(radios.count())]
    if True not in checked:
        radios.first.focus()  # the starting point (see module docstring)
        page.keyboard.press("Space")
        current = 0
    else:
        current = checked.index(True)
        key_to(page, radios.nth(current))  # a radio group is one Tab stop: the checked one
    for _ in range((want - current) % len(labels)):
        page.keyboard.press("ArrowDown")  # moves the focus and the choice
    expect(q.get_by_label(label)).to_be_checked()


def answer_multi(page, q, chosen: set[str]) -> None:
    boxes = q.locator(".kit-choices input[type=checkbox]")
    labels = q.locator(".kit-choices label").all_inner_texts()
    boxes.first.focus()  # the starting point
    for i, text in enumerate(labels):
        if i:
            page.keyboard.press("Tab")
        assert is_focused(boxes.nth(i))
        if boxes.nth(i).is_checked() != (text in chosen):
            page.keyboard.press("Space")
    for text in labels:
        expect(q.get_by_label(text)).to_be_checked(checked=text in chosen)


def type_answer(page, box, text: str, pause: bool = True, delay: int = 60) -> None:
    if not is_focused(box):
        box.focus()  # the starting point
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=delay)
    if pause:
        # A learner's pause before Enter: the typed value must reach the kernel first
        # (see test_quiz_fast_typing_then_enter for what happens without it).
        labdriver.wait_idle(page, labdriver.UI_TIMEOUT_MS)
        page.wait_for_timeout(300)
        labdriver.wait_idle(page, labdriver.UI_TIMEOUT_MS)
    page.keyboard.press("Enter")  # Enter in the answer box submits


def order_rows(q) -> list[str]:
    return [t.strip() for t in q.locator(".kit-order-row .widget-htmlmath").all_inner_texts()]


def press_move(page, q, row: int, direction: str) -> None:
    """Press the "move up"/"move down" button of ``row`` with the keyboard."""
    rows = q.locator(".kit-order-row")
    before = order_rows(q)
    button = rows.nth(row).locator("button").nth(0 if direction == "up" else 1)
    key_to(page, button)
    page.keyboard.press("Enter")
    other = row - 1 if direction == "up" else row + 1
    expected = list(before)
    expected[row], expected[other] = expected[other], expected[row]
    expect(rows.nth(other).locator(".widget-htmlmath")).to_have_text(expected[other])


def order_to(page, q, target: list[str]) -> None:
    for pos, item in enumerate(target):
        current = order_rows(q)
        for row in range(current.index(item), pos, -1):
            press_move(page, q, row, "up")
    assert order_rows(q) == target


def choose_matches(page, q, pairs: dict[str, str], popup: bool = True) -> None:
    selects = q.locator("select")
    selects.first.focus()  # the starting point
    for i, (left, right) in enumerate(pairs.items()):
        select = q.get_by_label(left, exact=True)
        key_to(page, select)
        options = select.evaluate(
            "el => [...el.options].map((o) => o.text.replace(/\\u00a0/g, ' '))"
        )
        now = select.evaluate("el => el.selectedIndex")
        assert right in options, (left, options)
        want = options.index(right)
        if popup:
            # Alt+ArrowDown opens the list; arrows move in it (keys go to the pop-up, not to
            # JupyterLab); Enter picks.
            page.keyboard.press("Alt+ArrowDown")
        for _ in range(abs(want - now)):
            page.keyboard.press("ArrowDown" if want > now else "ArrowUp")
        if popup:
            page.keyboard.press("Enter")
        expect(select).to_have_value(right)
        assert i == 0 or is_focused(select)


def screenshot_quiz(page, theme: str) -> None:
    if not SCREENSHOTS:
        return
    OUT.mkdir(parents=True, exist_ok=True)
    labdriver.scroll_pages(page, OUT / f"quiz-example-{theme}", labdriver.VIEWPORT["height"])


def test_quiz_keyboard_feedback_and_restore(page, lab):
    """Every type but single choice (see the next test), wrong then right, then restored."""
    labdriver.open_notebook(page, lab, labdriver.QUIZ_NOTEBOOK)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    labdriver.run_all(page)
    report = labdriver.output_report(page)
    assert not report["modelErrors"] and not report["problems"], report
    section = page.locator(".kit-quiz-section .kit-quiz")
    expect(section).to_have_count(len(QUESTIONS))
    single, multi, numeric, _, text, ordering, matching = (section.nth(i) for i in range(7))

    # Each question's radio buttons form a group of their own, and every id is unique (a
    # clash would join two questions' radio groups or point a label at another question).
    groups = page.evaluate(
        """() => [...document.querySelectorAll('.kit-quiz')].map((q) =>
              [...new Set([...q.querySelectorAll('input[type=radio]')].map((r) => r.name))])"""
    )
    names = [name for group in groups for name in group]
    assert all(len(group) <= 1 for group in groups) and len(names) == len(set(names)), groups
    ids = page.evaluate("() => [...document.querySelectorAll('.kit-quiz [id]')].map((el) => el.id)")
    assert len(ids) == len(set(ids)), sorted(ids)

    # Nothing in the page gives the answers away before a submission.
    assert_no_answer_markers(page, bank_secrets("example"))
    for box in page.locator(".kit-feedback").all():
        assert box.get_attribute("data-kind") in ("", None)
    # Every control has an accessible name (get_by_label finds it by that name).
    standalone = page.locator(".kit-quiz").first
    expect(standalone.get_by_label("Buying followers to look popular")).to_be_visible()
    expect(numeric.get_by_label("Your answer")).to_be_visible()
    for left in ("Follower", "Friend", "Influencer"):
        expect(matching.get_by_label(left)).to_be_visible()

    # choose all that apply: two wrong ones, then the three right ones.
    answers = QUESTIONS["networking-traits"]["answers"]
    right = {a["text"] for a in answers if a.get("correct")}
    answer_multi(page, multi, {a["text"] for a in answers if not a.get("correct")})
    submit(page, multi)
    fb = feedback_of(multi)
    expect(fb).to_contain_text("✗Not yet")
    expect(fb).to_contain_text("That is broadcasting")
    answer_multi(page, multi, right)
    submit(page, multi)
    expect(fb).to_contain_text("✓Correct")

    # number: Enter in the box submits.
    box = numeric.get_by_label("Your answer")
    type_answer(page, box, "600")
    fb = feedback_of(numeric)
    expect(fb).to_contain_text("✗Not yet")
    expect(fb).to_contain_text("That is 30%, not 3%")
    type_answer(page, box, "60")
    expect(fb).to_contain_text("✓Correct")
    assert numeric.locator("mjx-container").count() > 0  # typeset by JupyterLab's MathJax

    # short text.
    box = text.get_by_label("Your answer")
    type_answer(page, box, "social media")
    fb = feedback_of(text)
    expect(fb).to_contain_text("✗Not yet")
    expect(fb).to_contain_text("Social media is the one-to-many side")
    type_answer(page, box, "social networking")
    expect(fb).to_contain_text("✓Correct")

    # ordering: the move buttons, pressed with Enter.
    items = QUESTIONS["funnel-order"]["items"]
    ordering.locator(".kit-order-row button:not([disabled])").first.focus()  # the start
    if order_rows(ordering) == items:  # shown in the right order by chance: spoil it
        press_move(page, ordering, 0, "down")
    submit(page, ordering)
    fb = feedback_of(ordering)
    expect(fb).to_contain_text(re.compile(r"◐Partly right|✗Not yet"))
    order_to(page, ordering, items)
    submit(page, ordering)
    expect(fb).to_contain_text("✓Correct")

    # matching: drop-downs with the arrow keys.
    pairs = QUESTIONS["match-terms"]["pairs"]
    choose_matches(page, matching, {left: "Pays you for every post" for left in pairs})
    submit(page, matching)
    fb = feedback_of(matching)
    expect(fb).to_contain_text("✗Not yet")
    choose_matches(page, matching, pairs)
    submit(page, matching)
    expect(fb).to_contain_text("✓Correct")
    screenshot_quiz(page, "light")

    # Restart the kernel and run again: the answers come back from the progress database.
    labdriver.restart_kernel(page)
    labdriver.run_all(page)
    section = page.locator(".kit-quiz-section .kit-quiz")
    single, multi, numeric, unanswered, text, ordering, matching = (
        section.nth(i) for i in range(7)
    )
    for q in (multi, numeric, text, ordering, matching):
        expect(q.locator(".kit-feedback")).to_contain_text("Restored from your earlier session")
        expect(q.locator(".kit-feedback")).to_contain_text("✓Correct")
        expect(q.get_by_role("button", name="Submit")).to_be_disabled()
    for q in (unanswered, single):
        expect(q.locator(".kit-feedback")).not_to_contain_text("Restored")
        expect(q.get_by_role("button", name="Submit")).to_be_enabled()
    for a in answers:
        expect(multi.get_by_label(a["text"])).to_be_checked(checked=bool(a.get("correct")))
    expect(numeric.get_by_label("Your answer")).to_have_value("60")
    expect(text.get_by_label("Your answer")).to_have_value("social networking")
    assert order_rows(ordering) == items
    for left, right_text in pairs.items():
        expect(matching.get_by_label(left)).to_have_value(right_text)
    expect(page.locator(".kit-section-score")).to_contain_text("Score:")

    labdriver.set_theme_live(page, labdriver.DARK)
    expect(multi.locator(".kit-feedback")).to_contain_text("Restored")
    screenshot_quiz(page, "dark")
    assert not page.js_errors, page.js_errors


def test_quiz_arrow_keys_choose_options(page, lab):
    """Single choice and matching with the arrow keys, as the widgets' docs promise."""
    labdriver.open_notebook(page, lab, labdriver.QUIZ_NOTEBOOK)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    labdriver.run_all(page)
    section = page.locator(".kit-quiz-section .kit-quiz")
    single = section.nth(0)
    # single choice: wrong, then right.
    answer_single(page, single, "Buying followers to look popular")
    submit(page, single)
    fb = feedback_of(single)
    expect(fb).to_contain_text("✗Not yet")
    expect(fb).to_contain_text("A large audience that never talks to you builds no trust")
    answer_single(page, single, "Replying personally to people who comment on your posts")
    submit(page, single)
    expect(fb).to_contain_text("✓Correct")
    expect(fb).to_contain_text("Explanation:")
    expect(single.get_by_role("button", name="Submit")).to_be_disabled()
    labdriver.restart_kernel(page)
    labdriver.run_all(page)
    expect(
        page.locator(".kit-quiz").first.get_by_label(
            "Replying personally to people who comment on your posts"
        )
    ).to_be_checked()
    expect(single.locator(".kit-feedback")).to_contain_text("Restored")


def test_quiz_fast_typing_then_enter(page, lab):
    """Typing at full speed and pressing Enter grades all of what was typed."""
    labdriver.open_notebook(page, lab, labdriver.QUIZ_NOTEBOOK)
    labdriver.run_all(page)
    question = page.locator(".kit-quiz-section .kit-quiz").nth(3)  # ratio-approx, unlimited
    type_answer(page, question.get_by_label("Your answer"), "0.318", pause=False, delay=0)
    expect(feedback_of(question)).to_contain_text("contacts per message")
