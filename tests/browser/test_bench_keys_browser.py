"""The explorer's lab bench by keyboard alone, in a real JupyterLab under Chromium.

A learner who does not use a mouse must reach and use every lab-bench control: the history
table's pin boxes and #n buttons, the Bass yardstick box, the replay picker's button and the
replay's own controls, Copy, the paste box and Load code. As in the other keyboard tests, the
first control is focused with ``element.focus()`` where a learner would Tab from the cell
above; every move after that is a key press (Tab, Shift+Tab, arrows, Space, Enter, typing),
and each control shows a visible focus outline when reached.
"""

from __future__ import annotations

import labdriver
from test_bench_browser import CELLS, LINES, live
from test_quiz_browser import is_focused, key_to

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests (fails them under CI=true) with the reason
    expect = None

NOTEBOOK = "lab-bench-keys.ipynb"  # the same two explorers as test_bench_browser's notebook


def test_the_lab_bench_by_keyboard(page, lab):
    labdriver._notebook(lab.root / NOTEBOOK, CELLS)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=lab.base)
    labdriver.open_notebook(page, lab, NOTEBOOK)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    labdriver.run_all(page)
    explorers = page.locator(".kit-explorer")
    expect(explorers).to_have_count(2)
    ex, other = explorers.nth(0), explorers.nth(1)
    table = ex.locator(".kit-history")

    # a second run: the p_ad slider by arrow key
    handle = ex.locator(".widget-slider .noUi-handle").nth(1)
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(table.locator("tbody tr")).to_have_count(2)

    # pin run 1: Tab to its box, Space ticks it
    pin = table.locator("tr[data-run='1'] .kit-history-pin")
    key_to(page, pin)
    assert labdriver.focus_visible(pin)
    page.keyboard.press("Space")
    expect(table.locator("tr[data-run='1']")).to_have_class("kit-history-pinned")
    page.wait_for_function(
        f"(ex) => ({LINES})(ex).some((t) => t.overlay === 'pinned')", arg=ex.element_handle()
    )

    # bring run 1 back: its #1 button, Enter
    back = table.locator("tr[data-run='1'] button")
    key_to(page, back)
    assert labdriver.focus_visible(back)
    page.keyboard.press("Enter")
    expect(table.locator("tr.kit-history-live")).to_have_attribute("data-run", "1")

    # the Bass yardstick: Tab to its box, Space
    yard = ex.locator(".kit-labbench input[type='checkbox']").first
    key_to(page, yard)
    assert labdriver.focus_visible(yard)
    page.keyboard.press("Space")
    expect(ex.locator(".kit-labbench")).to_contain_text("Step by step from Bass to the run")

    # replay: the button by Enter, then play/pause by Space, a week by Enter, the slider by keys
    go = ex.get_by_role("button", name="Replay these two")
    key_to(page, go)
    assert labdriver.focus_visible(go)
    page.keyboard.press("Enter")
    replay = ex.locator(".kit-replay")
    expect(replay).to_be_visible()
    play = replay.locator(".kit-replay-play")
    key_to(page, play)
    assert labdriver.focus_visible(play)
    page.keyboard.press("Space")
    page.wait_for_function(
        "(r) => Number(r.dataset.week) >= 5", arg=replay.element_handle(), timeout=30_000
    )
    page.keyboard.press("Space")  # pause
    expect(replay).to_have_attribute("data-playing", "0")
    week = int(replay.get_attribute("data-week"))
    step = replay.locator(".kit-replay-step")
    key_to(page, step)
    assert labdriver.focus_visible(step)
    page.keyboard.press("Enter")
    expect(replay).to_have_attribute("data-week", str(week + 1))
    scrub = replay.locator(".kit-replay-scrub")
    key_to(page, scrub)
    assert labdriver.focus_visible(scrub)
    page.keyboard.press("End")
    expect(replay).to_have_attribute("data-week", "60")
    page.keyboard.press("ArrowLeft")
    expect(replay).to_have_attribute("data-week", "59")

    # Copy by Enter; in the other explorer, Tab to the paste box, Ctrl+V, Enter on Load code
    shown = ex.locator(".kit-code-text").input_value()
    copy = ex.locator(".kit-code-copy")
    key_to(page, copy)
    assert labdriver.focus_visible(copy)
    page.keyboard.press("Enter")
    expect(ex.locator(".kit-code-said")).to_have_text("copied")
    box = other.locator(".kit-labbench input[placeholder^='paste']")
    box.focus()
    assert is_focused(box)
    page.keyboard.press("Control+V")
    expect(box).to_have_value(shown)
    load = other.get_by_role("button", name="Load code")
    key_to(page, load)
    assert labdriver.focus_visible(load)
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"([a, b]) => JSON.stringify(({LINES})(a).filter((t) => !t.overlay)"
        f".map((t) => [t.name, t.y])) === JSON.stringify(({LINES})(b).filter((t) => !t.overlay)"
        ".map((t) => [t.name, t.y]))",
        arg=[ex.element_handle(), other.element_handle()],
    )
    assert live(other) == live(ex)
    assert not page.js_errors, page.js_errors
